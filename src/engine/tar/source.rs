//! Where the tar reader pulls its bytes from: [`ByteSource`], a `Read` that can also skip,
//! cheaply by seeking ([`Seekable`]) or by reading and discarding ([`Streamed`]).

use std::io::{self, Read, Seek, SeekFrom};

/// A byte source the reader pulls from; skipping may be cheap (seek) or a read-and-discard.
pub trait ByteSource: Read {
    /// Skip `n` bytes. Returns how many were actually skipped (less = end of input reached).
    fn skip_bytes(&mut self, n: u64) -> io::Result<u64>;
}

impl<B: ByteSource + ?Sized> ByteSource for &mut B {
    fn skip_bytes(&mut self, n: u64) -> io::Result<u64> {
        (**self).skip_bytes(n)
    }
}

impl<B: ByteSource + ?Sized> ByteSource for Box<B> {
    fn skip_bytes(&mut self, n: u64) -> io::Result<u64> {
        (**self).skip_bytes(n)
    }
}

/// Wraps any Read; skip = read and discard.
pub struct Streamed<R>(pub R);

impl<R: Read> Read for Streamed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl<R: Read> ByteSource for Streamed<R> {
    fn skip_bytes(&mut self, n: u64) -> io::Result<u64> {
        io::copy(&mut (&mut self.0).take(n), &mut io::sink())
    }
}

/// Wraps Read+Seek with a known total length; skip = seek, clamped at `len` (returning fewer
/// bytes when it would pass the end). Skips under 16 KiB read through instead, so that a
/// buffered `inner` (`BufReader` discards its buffer on every seek) keeps its buffer.
pub struct Seekable<R> {
    /// The wrapped stream.
    inner: R,
    /// Position in `inner`, counted from its start.
    pos: u64,
    /// Total length of `inner`, measured once by [`Seekable::new`].
    len: u64,
}

impl<R: Read + Seek> Seekable<R> {
    /// Finds the total length by seeking to the end, then returns to the current position.
    pub fn new(mut inner: R) -> io::Result<Self> {
        let pos = inner.stream_position()?;
        let len = inner.seek(SeekFrom::End(0))?;
        inner.seek(SeekFrom::Start(pos))?;
        Ok(Self { inner, pos, len })
    }
    /// Total length of the underlying stream.
    pub fn len(&self) -> u64 {
        self.len
    }
    /// Whether the underlying stream is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// The wrapped stream.
    pub fn into_inner(self) -> R {
        self.inner
    }
}

impl<R: Read> Read for Seekable<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos = self.pos.saturating_add(n as u64);
        Ok(n)
    }
}

impl<R: Read + Seek> ByteSource for Seekable<R> {
    fn skip_bytes(&mut self, n: u64) -> io::Result<u64> {
        let target = self.pos.saturating_add(n).min(self.len).max(self.pos);
        let skipped = target.saturating_sub(self.pos);
        if skipped < 16 << 10 {
            return io::copy(&mut self.take(skipped), &mut io::sink());
        }
        self.inner.seek(SeekFrom::Start(target))?;
        self.pos = target;
        Ok(skipped)
    }
}
