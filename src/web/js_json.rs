//! JSON written straight into a JS string, 1 MiB at a time, for `postMessage`. Serialising a
//! message into one Rust `String` first made the worker's wasm memory (which never shrinks) hold the
//! whole JSON of a report with its tree, plus the copy its doubling `Vec` makes when it grows: the
//! largest worker reached 381 MiB on a 200 000-file image (docs/performance.md). Here wasm holds one
//! chunk; the chunks are joined in JS.

use serde::Serialize;
use std::io::{self, Write};
use wasm_bindgen::JsValue;

/// Bytes of JSON kept in wasm memory before they move to a JS string.
const CHUNK: usize = 1 << 20;

struct Chunks {
    buf: Vec<u8>,
    parts: js_sys::Array,
}

impl Chunks {
    /// Moves the whole characters of `buf` to a JS string (a multi-byte character cut by the end of
    /// a write stays for the next).
    fn move_out(&mut self) {
        let whole = match std::str::from_utf8(&self.buf) {
            Ok(s) => {
                self.parts.push(&JsValue::from_str(s));
                s.len()
            }
            Err(e) => {
                let (valid, _) = self.buf.split_at(e.valid_up_to());
                if let Ok(s) = std::str::from_utf8(valid) {
                    self.parts.push(&JsValue::from_str(s));
                }
                valid.len()
            }
        };
        self.buf.drain(..whole);
    }
}

impl Write for Chunks {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CHUNK {
            self.move_out();
        }
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// `value` as a JSON JS string.
pub fn to_js_json<T: Serialize>(value: &T) -> serde_json::Result<JsValue> {
    let mut w = Chunks {
        buf: Vec::with_capacity(CHUNK + 4096),
        parts: js_sys::Array::new(),
    };
    serde_json::to_writer(&mut w, value)?;
    w.move_out();
    Ok(w.parts.join("").into())
}
