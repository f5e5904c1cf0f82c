//! Streamed `File` reads for a worker's jobs, through JavaScript Promise Integration (JSPI).
//!
//! The engine pulls bytes with `Read`, and the only synchronous way to read a `File` in a
//! worker is `FileReaderSync`, which costs a round trip to the browser process per slice and
//! leaves a fresh `ArrayBuffer` of garbage per slice. `Blob.stream()` is about twice as fast
//! (a BYOB reader refills one buffer; docs/performance.md, "the page's `File` reads") but only
//! asynchronous. With JSPI a job runs as `WebAssembly.promising(ocilens_run_job)`, and
//! [`read`] is imported as a `WebAssembly.Suspending` function: when its stream has no bytes
//! at hand, the job's wasm stack is suspended until the stream's promise settles, while the
//! worker's event loop runs (so the collector runs too).
//!
//! The JavaScript half is [`BOOT`], appended to the worker's glue (`worker_code`). It swaps
//! the glue's `read` import for the suspending one while the module is instantiated, keeps
//! the streams, and runs one job at a time (a suspended job still owns the shadow stack and
//! the handler). Where `WebAssembly.Suspending` is missing, or the page asks for slices
//! (`?reader=slices`), nothing is swapped, [`active`] is false, and `BlobReader` reads with
//! `FileReaderSync` as before.

use wasm_bindgen::prelude::*;
use web_sys::Blob;

#[wasm_bindgen(js_namespace = ocilens_jspi)]
extern "C" {
    /// Opens a stream over `blob[start..end]`; returns its handle.
    #[wasm_bindgen(js_name = open)]
    fn js_open(blob: &Blob, start: f64, end: f64) -> u32;
    /// Copies up to `len` bytes of stream `handle` to wasm memory at `ptr`; returns how many
    /// (0 at its end, -1 on an error, see `take_error`). Suspends while the stream has none.
    #[wasm_bindgen(js_name = read)]
    fn js_read(handle: u32, ptr: u32, len: u32) -> i32;
    /// Cancels stream `handle`.
    #[wasm_bindgen(js_name = close)]
    fn js_close(handle: u32);
    /// The message of the last failed read.
    #[wasm_bindgen(js_name = take_error)]
    fn js_take_error() -> String;
    /// The data of the message the job loop is running.
    #[wasm_bindgen(js_name = take_message)]
    pub fn take_message() -> JsValue;
}

/// The JavaScript half, appended to the glue before the boot line.
pub const BOOT: &str = r#"
const ocilens_jspi = self.ocilens_jspi = (() => {
  const J = { streams: new Map(), next: 1, memory: null, run: null, started: false, error: '', message: null };
  J.open = (blob, start, end) => {
    const stream = blob.slice(start, end).stream();
    let reader, buf = null;
    try { reader = stream.getReader({ mode: 'byob' }); buf = new ArrayBuffer(1 << 20); }
    catch (_) { reader = stream.getReader(); }
    const h = J.next++;
    J.streams.set(h, { reader, buf, pending: null });
    return h;
  };
  J.close = (h) => {
    const s = J.streams.get(h);
    if (s) { J.streams.delete(h); s.reader.cancel().catch(() => {}); }
  };
  const copy = (s, ptr, len) => {
    const p = s.pending, n = Math.min(len, p.byteLength);
    new Uint8Array(J.memory.buffer, ptr, n).set(n < p.byteLength ? p.subarray(0, n) : p);
    s.pending = n < p.byteLength ? p.subarray(n) : null;
    return n;
  };
  J.read = (h, ptr, len) => {
    const s = J.streams.get(h);
    if (!s) { J.error = 'no such stream'; return -1; }
    if (len === 0) return 0;
    if (s.pending) return copy(s, ptr, len);
    const next = s.buf ? s.reader.read(new Uint8Array(s.buf)) : s.reader.read();
    return next.then(({ value, done }) => {
      if (s.buf && value) s.buf = value.buffer;
      if (done || !value || value.byteLength === 0) return 0;
      s.pending = value;
      return copy(s, ptr, len);
    }, (e) => { J.error = String(e); return -1; });
  };
  J.take_error = () => { const e = J.error; J.error = ''; return e; };
  J.take_message = () => { const m = J.message; J.message = null; return m; };
  const queue = [];
  let busy = false;
  J.pump = async () => {
    if (busy || !J.started) return;
    busy = true;
    while (queue.length) {
      J.message = queue.shift();
      try { await J.run(); } catch (err) { setTimeout(() => { throw err; }); }
    }
    busy = false;
  };
  J.enqueue = (e) => { queue.push(e.data); J.pump(); };
  // Swaps the glue's `read` import for a suspending one, once, while the module is instantiated.
  J.install = () => {
    const instantiate = WebAssembly.instantiate;
    WebAssembly.instantiate = async (module, imports) => {
      WebAssembly.instantiate = instantiate;
      for (const ns of Object.values(imports)) {
        for (const k of Object.keys(ns)) {
          if (k.startsWith('__wbg_read_') && ns[k].toString().includes('ocilens_jspi.read')) {
            ns[k] = new WebAssembly.Suspending(J.read);
          }
        }
      }
      const made = await instantiate(module, imports);
      const instance = made instanceof WebAssembly.Instance ? made : made.instance;
      J.memory = instance.exports.memory;
      J.run = WebAssembly.promising(instance.exports.ocilens_run_job);
      return made;
    };
  };
  J.supported = typeof WebAssembly.Suspending === 'function' && typeof WebAssembly.promising === 'function';
  return J;
})();
"#;

/// Whether this worker's jobs run under JSPI (the boot script installed it).
pub fn active() -> bool {
    thread_local! {
        static ACTIVE: bool = js_sys::Reflect::get(&js_sys::global(), &"ocilens_jspi".into())
            .ok()
            .filter(|j| !j.is_undefined())
            .and_then(|j| js_sys::Reflect::get(&j, &"run".into()).ok())
            .is_some_and(|run| run.is_function());
    }
    ACTIVE.with(|a| *a)
}

/// A stream over part of a `Blob`, read with suspending calls (only inside a JSPI job).
pub struct Stream {
    handle: u32,
    /// Where in the blob the next byte comes from.
    pub pos: u64,
}

impl Stream {
    /// A stream over `blob[start..end]`.
    pub fn open(blob: &Blob, start: u64, end: u64) -> Self {
        Stream {
            handle: js_open(blob, start as f64, end as f64),
            pos: start,
        }
    }

    /// Reads into `out` (suspending the job while the stream has nothing at hand).
    pub fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let len = u32::try_from(out.len()).unwrap_or(u32::MAX);
        // wasm32: a pointer is 32 bits
        let n = js_read(self.handle, out.as_mut_ptr() as u32, len);
        let n = usize::try_from(n).map_err(|_| {
            std::io::Error::other(format!("reading the file failed: {}", js_take_error()))
        })?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        js_close(self.handle);
    }
}
