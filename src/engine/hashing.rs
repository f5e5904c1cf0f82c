//! Readers that hash and count what passes through them.

use sha2::{Digest as _, Sha256, Sha512};
use std::io::{self, Read};

/// Hashes (sha256, optionally sha512) and counts every byte read through it.
pub struct HashingReader<R> {
    inner: R,
    /// `None` for a reader that only counts.
    sha256: Option<Sha256>,
    sha512: Option<Sha512>,
    count: u64,
}

impl<R: Read> HashingReader<R> {
    /// Wraps `inner`; `sha512` adds a SHA-512 alongside SHA-256.
    pub fn new(inner: R, sha512: bool) -> Self {
        HashingReader {
            inner,
            sha256: Some(Sha256::new()),
            sha512: sha512.then(Sha512::new),
            count: 0,
        }
    }
    /// Wraps `inner`, counting only: [`HashingReader::sha256_if_hashed`] is
    /// `None` (for bytes another reader hashes already).
    pub fn counting(inner: R) -> Self {
        HashingReader {
            inner,
            sha256: None,
            sha512: None,
            count: 0,
        }
    }
    /// Bytes read so far.
    pub fn count(&self) -> u64 {
        self.count
    }
    /// `sha256:<hex>` of what was read so far (empty for a counting reader).
    pub fn sha256(&self) -> String {
        self.sha256_if_hashed().unwrap_or_default()
    }
    /// `sha256:<hex>` of what was read so far; `None` for a counting reader.
    pub fn sha256_if_hashed(&self) -> Option<String> {
        self.sha256
            .as_ref()
            .map(|h| format!("sha256:{}", hex::encode(h.clone().finalize())))
    }
    /// `sha512:<hex>` of what was read so far, when requested.
    pub fn sha512(&self) -> Option<String> {
        self.sha512
            .as_ref()
            .map(|h| format!("sha512:{}", hex::encode(h.clone().finalize())))
    }
    /// Reads and hashes everything left.
    pub fn drain(&mut self) -> io::Result<u64> {
        let mut buf = vec![0u8; 256 * 1024];
        let mut total = 0u64;
        loop {
            let n = self.read(&mut buf)?;
            if n == 0 {
                return Ok(total);
            }
            total += n as u64;
        }
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(done) = buf.get(..n) {
            if let Some(h) = self.sha256.as_mut() {
                h.update(done);
            }
            if let Some(h) = self.sha512.as_mut() {
                h.update(done);
            }
        }
        self.count += n as u64;
        Ok(n)
    }
}

/// `sha256:<hex>` of a byte slice.
pub fn sha256_of(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

/// `sha512:<hex>` of a byte slice.
pub fn sha512_of(bytes: &[u8]) -> String {
    format!("sha512:{}", hex::encode(Sha512::digest(bytes)))
}

/// Stops with an error after `cap` bytes (decompression bombs).
pub struct CappedReader<R> {
    inner: R,
    left: u64,
    /// Set when the cap fired.
    pub fired: bool,
}

impl<R: Read> CappedReader<R> {
    /// Wraps `inner`, allowing `cap` bytes.
    pub fn new(inner: R, cap: u64) -> Self {
        CappedReader {
            inner,
            left: cap,
            fired: false,
        }
    }
}

/// The message of the error a [`CappedReader`] returns.
pub const CAP_MESSAGE: &str = "ocilens: decompressed-bytes cap reached";

impl<R: Read> Read for CappedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? == 0 {
                return Ok(0);
            }
            self.fired = true;
            return Err(io::Error::other(CAP_MESSAGE));
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(buf.get_mut(..want).unwrap_or_default())?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// The xxh3-128 of everything `r` yields (big-endian) and its length, read in
/// chunks of `buf`. The content hash of a regular file: fast, 128 bits, for
/// telling identical bytes apart (waste and duplicates), not for trust.
/// Each chunk goes to `tap` as well, while it is in cache.
pub fn xxh3_128_tapped<R: Read>(
    r: &mut R,
    buf: &mut [u8],
    mut tap: impl FnMut(&[u8]),
) -> io::Result<([u8; 16], u64)> {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut count = 0u64;
    loop {
        let n = match r.read(buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if let Some(done) = buf.get(..n) {
            h.update(done);
            tap(done);
        }
        count += n as u64;
    }
    Ok((h.digest128().to_be_bytes(), count))
}
