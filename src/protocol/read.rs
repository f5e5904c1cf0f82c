//! A worker streaming one file out of the dropped archive for the preview
//! and "Download this file": `ToWorker::ReadFile` → `FileProgress`s and
//! `FileChunk`s (each chunk's bytes travel beside its message, as a
//! transferred `ArrayBuffer`) → `FileDone` with how the read ended.
//! The work is `engine::extract::read_file`; this is the seam the worker and
//! the native tests (`tests/worker_handler.rs`) share.

use super::{FromWorker, Handler};
use crate::engine::extract::{read_file, FileTarget, Phase, ReadOptions, Watch};
use std::cell::RefCell;
use std::io::{self, BufReader, Read, Seek, Write};

/// Where a worker sends a file's bytes and progress, and asks for a cancel.
pub trait FileSink {
    /// `bytes` of the file, starting at `offset` (chunks come in order).
    fn chunk(&mut self, offset: u64, bytes: &[u8]);
    /// `done` of `total` in `phase`.
    fn progress(&mut self, phase: Phase, done: u64, total: u64);
    /// True stops the read (the page's Cancel, where the worker can see it).
    fn cancelled(&mut self) -> bool;
}

/// The sink as the engine's `Write` and `Watch` at once: the engine asks
/// for progress only between writes, so the two borrows never overlap.
struct Relay<'s> {
    sink: &'s mut dyn FileSink,
    offset: u64,
}

/// One handle on the shared relay (the engine takes the `Write` and the
/// `Watch` as two arguments).
struct Shared<'r, 's>(&'r RefCell<Relay<'s>>);

impl Write for Shared<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut r = self.0.borrow_mut();
        let offset = r.offset;
        r.sink.chunk(offset, buf);
        r.offset += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Watch for Shared<'_, '_> {
    fn progress(&mut self, phase: Phase, done: u64, total: u64) {
        self.0.borrow_mut().sink.progress(phase, done, total);
    }
    fn cancelled(&mut self) -> bool {
        self.0.borrow_mut().sink.cancelled()
    }
}

impl Handler {
    /// Streams the file `target` of `file` to `sink`; returns the
    /// [`FromWorker::FileDone`] to post (or `Failed` when the archive
    /// cannot be read).
    pub fn read<F: Read + Seek>(
        &self,
        target: &FileTarget,
        options: ReadOptions,
        file: F,
        sink: &mut dyn FileSink,
    ) -> FromWorker {
        let relay = RefCell::new(Relay { sink, offset: 0 });
        let (mut out, mut watch) = (Shared(&relay), Shared(&relay));
        let file = BufReader::with_capacity(1 << 20, file);
        let limits = self.limits();
        match read_file(file, target, limits, options, &mut out, &mut watch) {
            Ok(outcome) => FromWorker::FileDone { outcome },
            Err(e) => FromWorker::Failed {
                message: e.to_string(),
            },
        }
    }
}
