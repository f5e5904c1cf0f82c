//! Reading "up to n bytes": the one helper the engine uses wherever a short read is not an
//! error (a file's first bytes, a capped document, a tar block that may be cut).

use std::io::{self, Read};

/// Reads until `buf` is full or the input ends, retrying [`io::ErrorKind::Interrupted`];
/// returns how many bytes were read (less than `buf.len()` only at the end of input).
pub fn read_full<R: Read + ?Sized>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while let Some(rest) = buf.get_mut(filled..).filter(|rest| !rest.is_empty()) {
        match r.read(rest) {
            Ok(0) => break,
            Ok(n) => filled = filled.saturating_add(n.min(rest.len())),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Reads up to `n` bytes into a new buffer (fewer only at the end of input). The buffer
/// grows as bytes arrive: at most 1 MiB is reserved ahead, whatever `n` says.
pub fn read_up_to<R: Read + ?Sized>(r: &mut R, n: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(n.min(1 << 20));
    r.take(n as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out one byte per call, with an `Interrupted` before each.
    struct Dribble<'a>(&'a [u8], bool);

    impl Read for Dribble<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.1 = !self.1;
            if self.1 {
                return Err(io::ErrorKind::Interrupted.into());
            }
            let Some((&first, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            buf[0] = first;
            self.0 = rest;
            Ok(1)
        }
    }

    #[test]
    fn short_reads_and_interrupts() {
        let mut buf = [0u8; 4];
        assert_eq!(
            read_full(&mut Dribble(b"abcdef", false), &mut buf).unwrap(),
            4
        );
        assert_eq!(&buf, b"abcd");
        assert_eq!(read_full(&mut Dribble(b"ab", false), &mut buf).unwrap(), 2);
        assert_eq!(
            read_up_to(&mut Dribble(b"abcdef", false), 3).unwrap(),
            b"abc"
        );
        assert_eq!(read_up_to(&mut Dribble(b"ab", false), 3).unwrap(), b"ab");
    }
}
