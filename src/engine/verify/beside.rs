//! A layer's decoded stream walked on a second thread, beside the one that
//! reads, hashes and decodes the stored bytes: the two halves of one blob
//! on two cores (the CLI's [`crate::engine::inspect_parallel`]). Chunks go
//! from the decoding thread to the walking one through a bounded channel and
//! come back to be filled again, so at most [`CHUNKS`] × [`CHUNK`] bytes are
//! in flight. The walk sees the same bytes and the same read errors, in the
//! same order, as it would on one thread: the result is the same.
//!
//! Native only: wasm32 has no threads (the page splits its work across
//! workers instead).

use std::io::{self, Read};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

/// Bytes per chunk (chunks are reused, not allocated per read).
pub const CHUNK: usize = 128 << 10;
/// Chunks in flight.
pub const CHUNKS: usize = 8;

/// A chunk of the decoded stream, or the error that ended it.
type Piece = io::Result<Vec<u8>>;

/// `Read` over the chunks sent by [`run`]'s producer. After an error it
/// reads as the end: the walk stops at the first error, as on one thread.
struct ChannelReader {
    rx: Receiver<Piece>,
    back: SyncSender<Vec<u8>>,
    chunk: Vec<u8>,
    at: usize,
    ended: bool,
}

impl Read for ChannelReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        while self.at >= self.chunk.len() {
            if self.ended {
                return Ok(0);
            }
            match self.rx.recv() {
                Ok(Ok(next)) => {
                    let used = std::mem::replace(&mut self.chunk, next);
                    // the producer may have stopped: then the chunk is dropped
                    let _ = self.back.try_send(used);
                    self.at = 0;
                }
                Ok(Err(e)) => {
                    self.ended = true;
                    return Err(e);
                }
                Err(_) => {
                    self.ended = true;
                    return Ok(0);
                }
            }
        }
        let avail = self.chunk.get(self.at..).unwrap_or(&[]);
        let n = avail.len().min(out.len());
        if let (Some(dst), Some(src)) = (out.get_mut(..n), avail.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.at += n;
        Ok(n)
    }
}

/// Reads `source` to its end (or first error) on this thread and gives its
/// bytes to `walk` on a second one; returns what `walk` returns. `walk`
/// may stop reading early: `source` is then read no further. A panic in
/// `walk` is resumed here.
pub fn run<S, W, T>(mut source: S, walk: W) -> T
where
    S: Read,
    W: FnOnce(&mut dyn Read) -> T + Send,
    T: Send,
{
    let (tx, rx) = sync_channel::<Piece>(CHUNKS);
    let (back_tx, back_rx) = sync_channel::<Vec<u8>>(CHUNKS + 2);
    std::thread::scope(|s| {
        let walker = s.spawn(move || {
            let mut reader = ChannelReader {
                rx,
                back: back_tx,
                chunk: Vec::new(),
                at: 0,
                ended: false,
            };
            walk(&mut reader)
        });
        let mut made = 0;
        loop {
            let mut buf = match back_rx.try_recv() {
                Ok(b) => b,
                Err(_) if made < CHUNKS + 2 => {
                    made += 1;
                    Vec::with_capacity(CHUNK)
                }
                // every chunk is out: wait for the walk to hand one back
                Err(_) => match back_rx.recv() {
                    Ok(b) => b,
                    Err(_) => break,
                },
            };
            buf.resize(CHUNK, 0);
            let (n, error) = fill(&mut source, &mut buf);
            buf.truncate(n);
            // the walk stopped reading: so does the source
            if n > 0 && tx.send(Ok(buf)).is_err() {
                break;
            }
            if let Some(e) = error {
                let _ = tx.send(Err(e));
                break;
            }
            if n == 0 {
                break;
            }
        }
        drop(tx);
        match walker.join() {
            Ok(t) => t,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// Fills `buf` as far as `source` goes: the bytes read, and the error
/// that stopped it (after those bytes) if one did.
fn fill<S: Read>(source: &mut S, buf: &mut [u8]) -> (usize, Option<io::Error>) {
    let mut n = 0;
    while n < buf.len() {
        let Some(rest) = buf.get_mut(n..) else { break };
        match source.read(rest) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return (n, Some(e)),
        }
    }
    (n, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// `len` bytes of a pattern, then (if `fail`) an error on every read.
    struct Source {
        left: usize,
        fail: bool,
        step: usize,
        pos: usize,
    }

    impl Read for Source {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            if self.left == 0 {
                return match self.fail {
                    true => Err(io::Error::other("broken stream")),
                    false => Ok(0),
                };
            }
            let n = out.len().min(self.left).min(self.step);
            for (i, b) in out.iter_mut().take(n).enumerate() {
                *b = ((self.pos + i) % 251) as u8;
            }
            self.left -= n;
            self.pos += n;
            Ok(n)
        }
    }

    /// Everything the walk read, and the error it ended on.
    fn read_all(r: &mut dyn Read) -> (Vec<u8>, Option<String>) {
        let mut got = Vec::new();
        let mut buf = [0u8; 7000];
        loop {
            match r.read(&mut buf) {
                Ok(0) => return (got, None),
                Ok(n) => got.extend_from_slice(buf.get(..n).unwrap_or(&[])),
                Err(e) => return (got, Some(e.to_string())),
            }
        }
    }

    #[test]
    fn the_walk_reads_what_one_thread_reads() {
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK * (CHUNKS + 5) + 17] {
            for fail in [false, true] {
                for step in [1000, CHUNK * 3] {
                    let here = read_all(&mut Source {
                        left: len,
                        fail,
                        step,
                        pos: 0,
                    });
                    let beside = run(
                        Source {
                            left: len,
                            fail,
                            step,
                            pos: 0,
                        },
                        read_all,
                    );
                    assert_eq!(here, beside, "len {len} fail {fail} step {step}");
                }
            }
        }
    }

    #[test]
    fn a_walk_that_stops_early_stops_the_source() {
        let total = CHUNK * 100;
        let mut src = Cursor::new(vec![1u8; total]);
        let first = run(&mut src, |r| {
            let mut b = [0u8; 10];
            r.read(&mut b).ok()
        });
        assert_eq!(first, Some(10));
        // at most the chunks in flight (and the ones being filled) were read
        let read = usize::try_from(src.position()).unwrap_or(usize::MAX);
        assert!(read <= CHUNK * (CHUNKS + 4), "read {read} of {total}");
    }

    #[test]
    #[should_panic(expected = "walk panicked")]
    fn a_panic_in_the_walk_is_resumed() {
        run(Cursor::new(vec![0u8; 10]), |_| -> () {
            panic!("walk panicked")
        });
    }
}
