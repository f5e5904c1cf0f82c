//! Progress and cancel while a file is streamed out: the [`Watch`] the
//! caller gives (the CLI prints, the worker posts, tests count), and the
//! reader that reports the stored bytes consumed while the layer is decoded
//! up to the entry.

use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::fmt;
use std::io::{self, Read};

/// What the bytes of a progress report count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Stored (compressed) bytes of the blob read so far, while decoding up
    /// to the entry (of the whole input when the outer stream is decoded).
    Seeking,
    /// Bytes of the file written so far.
    Copying,
}

/// Receives progress and may cancel.
pub trait Watch {
    /// `done` of `total` bytes in `phase` (at most every MiB, and at the end).
    fn progress(&mut self, phase: Phase, done: u64, total: u64);
    /// Asked at each progress step and each chunk: true stops the read.
    fn cancelled(&mut self) -> bool;
}

/// A watch that shows nothing and never cancels.
#[derive(Debug, Default, Clone, Copy)]
pub struct Unwatched;

impl Watch for Unwatched {
    fn progress(&mut self, _: Phase, _: u64, _: u64) {}
    fn cancelled(&mut self) -> bool {
        false
    }
}

/// The error a [`Watched`] reader returns once the watch has cancelled.
#[derive(Debug)]
struct Cancel;

impl fmt::Display for Cancel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cancelled")
    }
}

impl std::error::Error for Cancel {}

/// Whether `e` is the cancel of a [`Watched`] reader.
pub fn is_cancel(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<Cancel>())
}

/// Counts the bytes read through it and reports them every MiB, checking
/// for a cancel each time.
pub struct Watched<'w, 'a, R> {
    inner: R,
    watch: &'w RefCell<&'a mut dyn Watch>,
    phase: Phase,
    done: u64,
    shown: u64,
    total: u64,
}

impl<'w, 'a, R: Read> Watched<'w, 'a, R> {
    /// Wraps `inner`, whose length is `total`.
    pub fn new(inner: R, watch: &'w RefCell<&'a mut dyn Watch>, phase: Phase, total: u64) -> Self {
        Watched {
            inner,
            watch,
            phase,
            done: 0,
            shown: 0,
            total,
        }
    }
}

impl<R: Read> Read for Watched<'_, '_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.done = self.done.saturating_add(n as u64);
        if self.done - self.shown >= 1 << 20 || (n == 0 && self.done != self.shown) {
            self.shown = self.done;
            let mut w = self.watch.borrow_mut();
            w.progress(self.phase, self.done, self.total);
            if w.cancelled() {
                return Err(io::Error::other(Cancel));
            }
        }
        Ok(n)
    }
}
