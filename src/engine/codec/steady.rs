//! A decoder read in steps of one size, whatever its reader asks for.
//!
//! A decoder that meets damaged input returns the error and drops what it
//! decoded in that same call: how many bytes come out before a corrupt
//! point depends on the sizes of the reads. Read through [`Steady`], a
//! decoder always sees reads of [`STEP`] bytes, so a layer decoded for the
//! tar walk on one thread, or ahead of it on a second one
//! (`verify::beside`), yields the same bytes before the same error.

use std::io::{self, Read};

/// Bytes asked of the decoder per read.
pub const STEP: usize = 32 << 10;

/// Reads `inner` in steps of 32 KiB (`STEP`).
pub struct Steady<R> {
    inner: R,
    buf: Vec<u8>,
    at: usize,
    len: usize,
}

impl<R: Read> Steady<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Self {
        Steady {
            inner,
            buf: vec![0u8; STEP],
            at: 0,
            len: 0,
        }
    }
}

impl<R: Read> Read for Steady<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        if self.at >= self.len {
            self.at = 0;
            self.len = 0;
            loop {
                match self.inner.read(&mut self.buf) {
                    Ok(n) => self.len = n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
                break;
            }
            if self.len == 0 {
                return Ok(0);
            }
        }
        let avail = self.buf.get(self.at..self.len).unwrap_or(&[]);
        let n = avail.len().min(out.len());
        if let (Some(dst), Some(src)) = (out.get_mut(..n), avail.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Gives `good` bytes, then fails; a read of more than `step` bytes
    /// fails at once if it would cross `good` (as a decoder drops what it
    /// decoded in a failing call).
    struct Lossy {
        pos: usize,
        good: usize,
    }

    impl Read for Lossy {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            if self.pos + out.len() > self.good {
                return Err(io::Error::other("corrupt"));
            }
            self.pos += out.len();
            Ok(out.len())
        }
    }

    fn bytes_before_error(sizes: &[usize]) -> usize {
        let mut r = Steady::new(Lossy {
            pos: 0,
            good: STEP * 3 + 100,
        });
        let mut total = 0;
        for s in sizes.iter().cycle() {
            let mut buf = vec![0u8; *s];
            match r.read(&mut buf) {
                Ok(n) => total += n,
                Err(_) => return total,
            }
        }
        unreachable!()
    }

    #[test]
    fn the_bytes_before_an_error_do_not_depend_on_the_reads() {
        let want = STEP * 3;
        for sizes in [&[512][..], &[7000, 1], &[STEP * 4], &[128 << 10, 3]] {
            assert_eq!(bytes_before_error(sizes), want, "{sizes:?}");
        }
    }
}
