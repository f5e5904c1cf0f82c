//! `Read + Seek` over a `File` (a `Blob`), for the engine in a worker:
//! slices of at most 16 MiB read with `FileReaderSync`, never the whole file. The slice grows from
//! 256 KiB while the reads follow on from each other (`engine::readahead`). Each read copies
//! from the slice's `ArrayBuffer` straight into the caller's buffer (one copy into wasm memory,
//! not two through a buffer of our own). Under JSPI (`web::jspi`), once the reads have run on
//! for a few slices, the rest of the file is streamed instead (`Blob.stream()`, about twice as
//! fast and without a garbage `ArrayBuffer` per slice) until the reader seeks elsewhere.

use std::io::{self, Read, Seek, SeekFrom};
use wasm_bindgen::JsValue;
use web_sys::{Blob, FileReaderSync};

use super::jspi::{self, Stream};
use crate::engine::readahead::Readahead;

/// Bytes read by the first `Blob.slice` after a seek.
pub const FIRST_SLICE: u64 = 256 * 1024;
/// Most bytes read per `Blob.slice` (the architecture allows up to 16 MiB).
pub const SLICE: u64 = 16 * 1024 * 1024;
/// Under JSPI, a read-ahead window of this many bytes (the reads ran on for three slices)
/// switches to a stream over the rest of the file.
pub const STREAM_AFTER: u64 = 1024 * 1024;

/// Reads a `Blob` in slices.
pub struct BlobReader {
    blob: Blob,
    reader: FileReaderSync,
    len: u64,
    pos: u64,
    /// The last slice read, and where in the blob it starts.
    slice: js_sys::Uint8Array,
    slice_start: u64,
    ahead: Readahead,
    /// The stream over the rest of the file, while the reads follow it (JSPI only).
    stream: Option<Stream>,
}

fn js_err(e: JsValue) -> io::Error {
    io::Error::other(format!("FileReaderSync failed: {e:?}"))
}

impl BlobReader {
    /// A reader over `blob` (only available inside a worker).
    pub fn new(blob: Blob) -> io::Result<Self> {
        let reader = FileReaderSync::new().map_err(js_err)?;
        let len = blob.size() as u64;
        Ok(BlobReader {
            blob,
            reader,
            len,
            pos: 0,
            slice: js_sys::Uint8Array::new_with_length(0),
            slice_start: 0,
            ahead: Readahead::new(FIRST_SLICE, SLICE),
            stream: None,
        })
    }

    /// Total length.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the blob is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn fill(&mut self) -> io::Result<()> {
        let want = self.ahead.next(self.pos, self.len);
        if want >= STREAM_AFTER && jspi::active() {
            self.stream = Some(Stream::open(&self.blob, self.pos, self.len));
            return Ok(());
        }
        let end = self.pos + want;
        let slice = self
            .blob
            .slice_with_f64_and_f64(self.pos as f64, end as f64)
            .map_err(js_err)?;
        let ab = self.reader.read_as_array_buffer(&slice).map_err(js_err)?;
        nudge_young_gc(end - self.pos);
        self.slice = js_sys::Uint8Array::new(&ab);
        self.slice_start = self.pos;
        Ok(())
    }
}

/// Allocates young JS garbage in proportion to a slice read (an eighth of its bytes: a holey array
/// of `len / 64` slots). The slices' `ArrayBuffer`s live outside the JS heap and die at once, but
/// while a job runs the worker never returns to its event loop, so the collector's tasks wait and
/// dead slices piled up: Chromium grew by 1.9–2.5 GiB on a 4.5 GB image. Filling the young
/// generation makes V8 scavenge on the worker's own thread, which frees them: 1.1–1.2 GiB, the
/// same as calling `gc()` after every read (docs/performance.md, `scripts/bench-memory`).
fn nudge_young_gc(len: u64) {
    let slots = u32::try_from(len / 64).unwrap_or(u32::MAX);
    let _garbage = js_sys::Array::new_with_length(slots);
}

impl Read for BlobReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.len || out.is_empty() {
            return Ok(0);
        }
        let slice_end = self.slice_start + u64::from(self.slice.length());
        if self.pos < self.slice_start || self.pos >= slice_end {
            if self.stream.as_ref().is_none_or(|s| s.pos != self.pos) {
                self.stream = None;
                self.fill()?;
            }
            if let Some(stream) = self.stream.as_mut() {
                let n = stream.read(out)?;
                self.pos += n as u64;
                return Ok(n);
            }
        }
        let at = self.pos - self.slice_start;
        let avail = u64::from(self.slice.length()).saturating_sub(at);
        let n = usize::try_from(avail).unwrap_or(usize::MAX).min(out.len());
        let Some(dst) = out.get_mut(..n) else {
            return Ok(0);
        };
        // both ends fit in u32: a slice is at most 16 MiB
        let (from, to) = (at as u32, (at + n as u64) as u32);
        self.slice.subarray(from, to).copy_to(dst);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for BlobReader {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let next = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        match next {
            Some(n) => {
                self.pos = n;
                Ok(n)
            }
            None => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start",
            )),
        }
    }
}
