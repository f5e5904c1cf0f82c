//! The compressed input as the decoders see it: counted, peekable, and keeping the
//! underlying reader's own errors apart from the codec's.

use super::error::Fault;
use std::io::{self, BufRead, Read};

/// The most bytes [`Input::peek`] can look ahead.
pub(super) const PEEK_MAX: usize = 16;

/// A [`BufRead`] over the compressed input that counts the bytes consumed, can peek a
/// few bytes ahead across the inner reader's buffer edges, and sets aside any error of
/// the inner reader (decoders only see a stand-in, so it cannot be mistaken for a codec
/// error). `Interrupted` is retried here and never reaches a decoder.
pub(super) struct Input<R> {
    inner: R,
    consumed: u64,
    /// Bytes taken out of `inner` by [`Input::peek`] but not yet consumed.
    look: [u8; PEEK_MAX],
    look_start: usize,
    look_end: usize,
    failure: Option<io::Error>,
}

impl<R: BufRead> Input<R> {
    pub(super) fn new(inner: R) -> Self {
        Input {
            inner,
            consumed: 0,
            look: [0; PEEK_MAX],
            look_start: 0,
            look_end: 0,
            failure: None,
        }
    }

    /// Bytes consumed so far: the offset of the next byte in the compressed input.
    pub(super) fn offset(&self) -> u64 {
        self.consumed
    }

    /// The inner reader's error that caused the last failure, if it was one.
    pub(super) fn take_failure(&mut self) -> Option<io::Error> {
        self.failure.take()
    }

    /// Turns an error met while using this input into a [`Fault`]: the inner reader's
    /// own error if it caused `e`, else `codec(e)`.
    pub(super) fn fault(&mut self, e: io::Error, codec: impl FnOnce(io::Error) -> Fault) -> Fault {
        match self.take_failure() {
            Some(original) => Fault::Input(original),
            None => codec(e),
        }
    }

    /// [`BufRead::fill_buf`] for a decoder: an error of the inner reader is
    /// [`Fault::Input`], passed through unchanged.
    pub(super) fn buffered(&mut self) -> Result<&[u8], Fault> {
        if let Err(e) = self.fill_buf() {
            return Err(self.fault(e, Fault::Input));
        }
        // The buffer is filled now; asking again does no I/O and ends the borrow puzzle.
        self.fill_buf().map_err(Fault::Input)
    }

    fn pending(&self) -> &[u8] {
        self.look.get(self.look_start..self.look_end).unwrap_or(&[])
    }

    /// Fills the inner buffer, retrying `Interrupted` and setting aside other errors.
    fn fill_inner(&mut self) -> io::Result<&[u8]> {
        loop {
            match self.inner.fill_buf() {
                Ok(_) => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(set_aside(&mut self.failure, e)),
            }
        }
        // The buffer is filled now; asking again does no I/O and ends the borrow puzzle.
        match self.inner.fill_buf() {
            Ok(b) => Ok(b),
            Err(e) => Err(set_aside(&mut self.failure, e)),
        }
    }

    /// The next `n` bytes (at most [`PEEK_MAX`]) without consuming them; fewer only at
    /// the end of the input.
    pub(super) fn peek(&mut self, n: usize) -> io::Result<&[u8]> {
        let n = n.min(PEEK_MAX);
        if self.look_start == self.look_end {
            self.look_start = 0;
            self.look_end = 0;
            if self.fill_inner()?.len() >= n {
                return Ok(self.fill_inner()?.get(..n).unwrap_or(&[]));
            }
        } else if self.look_start > 0 {
            self.look.copy_within(self.look_start..self.look_end, 0);
            self.look_end -= self.look_start;
            self.look_start = 0;
        }
        while self.look_end < n {
            let want = n - self.look_end;
            let end = self.look_end;
            let buf = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(set_aside(&mut self.failure, e)),
            };
            let k = want.min(buf.len());
            if k == 0 {
                break;
            }
            if let (Some(dst), Some(src)) = (self.look.get_mut(end..end + k), buf.get(..k)) {
                dst.copy_from_slice(src);
            }
            self.inner.consume(k);
            self.look_end += k;
        }
        Ok(self.pending().get(..n).unwrap_or(self.pending()))
    }

    /// Copies peeked bytes (or the inner buffer's) into `buf`.
    fn read_pending(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let src = self.fill_buf()?;
        let k = src.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..k), src.get(..k)) {
            dst.copy_from_slice(src);
        }
        self.consume(k);
        Ok(k)
    }

    /// Consumes up to `n` bytes; returns how many were there.
    pub(super) fn skip(&mut self, n: u64) -> io::Result<u64> {
        let mut left = n;
        while left > 0 {
            let available = self.fill_buf()?.len();
            if available == 0 {
                break;
            }
            let k = usize::try_from(left).unwrap_or(usize::MAX).min(available);
            self.consume(k);
            left -= k as u64;
        }
        Ok(n - left)
    }
}

/// Keeps the inner reader's error and gives the decoder a stand-in.
fn set_aside(slot: &mut Option<io::Error>, e: io::Error) -> io::Error {
    *slot = Some(e);
    io::Error::other("the underlying reader failed")
}

impl<R: BufRead> Read for Input<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.look_start == self.look_end {
            // Nothing peeked: let the inner reader copy (it may bypass its buffer).
            loop {
                match self.inner.read(buf) {
                    Ok(n) => {
                        self.consumed = self.consumed.saturating_add(n as u64);
                        return Ok(n);
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(set_aside(&mut self.failure, e)),
                }
            }
        }
        self.read_pending(buf)
    }

    fn read_exact(&mut self, mut buf: &mut [u8]) -> io::Result<()> {
        // The fast path: a BufRead that already holds `buf.len()` bytes.
        if self.look_start == self.look_end {
            let k = buf.len();
            if let Some(src) = self.fill_inner()?.get(..k) {
                buf.copy_from_slice(src);
                self.consume(k);
                return Ok(());
            }
        }
        while !buf.is_empty() {
            let n = self.read(buf)?;
            if n == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            buf = buf.get_mut(n..).unwrap_or_default();
        }
        Ok(())
    }
}

impl<R: BufRead> BufRead for Input<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.look_start < self.look_end {
            return Ok(self.pending());
        }
        self.fill_inner()
    }

    fn consume(&mut self, amt: usize) {
        self.consumed = self.consumed.saturating_add(amt as u64);
        if self.look_start < self.look_end {
            self.look_start = (self.look_start + amt).min(self.look_end);
        } else {
            self.inner.consume(amt);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader handing out one byte per read, so every peek crosses buffer edges.
    fn trickle(data: &[u8]) -> io::BufReader<io::Cursor<Vec<u8>>> {
        io::BufReader::with_capacity(1, io::Cursor::new(data.to_vec()))
    }

    #[test]
    fn peek_across_buffer_edges_then_read_everything() {
        let data: Vec<u8> = (0u8..50).collect();
        let mut input = Input::new(trickle(&data));
        assert_eq!(input.peek(4).unwrap(), &[0, 1, 2, 3]);
        assert_eq!(input.peek(2).unwrap(), &[0, 1]);
        assert_eq!(input.offset(), 0);
        input.consume(1);
        assert_eq!(input.peek(6).unwrap(), &[1, 2, 3, 4, 5, 6]);
        assert_eq!(input.skip(10).unwrap(), 10);
        assert_eq!(input.offset(), 11);
        let mut rest = Vec::new();
        input.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, data[11..]);
        assert_eq!(input.offset(), 50);
        assert_eq!(input.peek(4).unwrap(), &[] as &[u8]);
        assert_eq!(input.skip(5).unwrap(), 0);
    }

    #[test]
    fn peek_short_at_end() {
        let mut input = Input::new(trickle(&[7, 8]));
        assert_eq!(input.peek(4).unwrap(), &[7, 8]);
        input.consume(2);
        assert_eq!(input.peek(4).unwrap(), &[] as &[u8]);
        assert_eq!(input.offset(), 2);
    }

    #[test]
    fn inner_errors_are_set_aside() {
        struct Failing;
        impl Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::PermissionDenied, "nope"))
            }
        }
        let mut input = Input::new(io::BufReader::new(Failing));
        let stand_in = input.fill_buf().unwrap_err();
        assert_eq!(stand_in.kind(), io::ErrorKind::Other);
        let fault = input.fault(stand_in, |_| unreachable!());
        assert!(matches!(fault, Fault::Input(e) if e.kind() == io::ErrorKind::PermissionDenied));
        assert!(input.take_failure().is_none());
    }
}
