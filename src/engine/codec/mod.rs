//! Compression codecs: recognising a blob by its first bytes, and streaming decoders.
//!
//! A layer blob is identified by its magic bytes ([`sniff`], formats.md section 3), then
//! decoded through [`decoder`], which returns a pull [`Read`] over the **whole** input:
//!
//! | Codec | Decoded | Caps and checks |
//! |---|---|---|
//! | gzip | every member (estargz writes one per file) | CRC-32 and ISIZE of each member |
//! | zstd | every frame; skippable frames (zstd:chunked) are skipped | window ≤ [`CodecLimits::zstd_window_max`]; content checksum and content size when present |
//! | xz | every stream, with stream padding | decoder memory ≤ [`CodecLimits::xz_memory_max`]; block checks, index |
//! | bzip2 | every stream | block and stream CRCs |
//!
//! Everything streams: memory is bounded by the codec's window or dictionary, never by the
//! input, and nothing is allocated from a size the input declares.
//!
//! # Errors
//!
//! A defect in the compressed data comes back as an [`io::Error`] of kind
//! [`io::ErrorKind::InvalidData`] wrapping a [`CodecError`]; [`codec_error`] recovers it.
//! An error of the underlying reader is passed through unchanged, so the two never mix.
//! After an error the decoder is finished: every later read returns an error again.
//!
//! [`CodecErrorKind::TrailingData`] (bytes after the last member, frame or stream that do
//! not start another one) is raised only after all the data decoded before it has been
//! returned: a caller hashing the decoded stream (DiffID) has the complete digest when it
//! sees the error, and may report the trailing bytes as a finding rather than a failure.
//!
//! # Performance
//!
//! The decoders read through [`BufRead::fill_buf`] without copying the input; give them a
//! reader with a large buffer (64 KiB or more) and read with large buffers too.

mod bzip2;
mod content;
mod error;
mod gzip;
mod input;
mod sniff;
mod xz;
mod zstd;

pub use crate::engine::limits::{DEFAULT_XZ_MEMORY_MAX, DEFAULT_ZSTD_WINDOW_MAX};
pub use content::Content;
pub use error::*;
pub use sniff::*;

use crate::engine::limits::Limits;
use std::fmt;
use std::io::{self, BufRead, Read};

/// A compression format of a blob.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    /// Not compressed.
    #[default]
    None,
    /// gzip (RFC 1952), possibly of many members.
    Gzip,
    /// Zstandard (RFC 8878), possibly of many frames and skippable frames.
    Zstd,
    /// xz (the `.xz` file format), possibly of many streams.
    Xz,
    /// bzip2, possibly of many streams.
    Bzip2,
}

impl Compression {
    /// The lowercase name: `none`, `gzip`, `zstd`, `xz` or `bzip2` (as serialised).
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
            Compression::Xz => "xz",
            Compression::Bzip2 => "bzip2",
        }
    }
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Memory caps applied while decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodecLimits {
    /// The largest zstd window (bytes) a frame may request; a larger one fails with
    /// [`CodecErrorKind::WindowTooLarge`] before anything is allocated.
    pub zstd_window_max: u64,
    /// The most memory (bytes) an xz block may need (dictionary plus about 40 KiB of
    /// decoder state); more fails with [`CodecErrorKind::DictionaryTooLarge`] before
    /// the dictionary is allocated. Applied in whole KiB.
    pub xz_memory_max: u64,
}

impl From<&Limits> for CodecLimits {
    fn from(l: &Limits) -> Self {
        CodecLimits {
            zstd_window_max: l.zstd_window,
            xz_memory_max: l.xz_memory,
        }
    }
}

impl Default for CodecLimits {
    /// The caps of [`Limits::default`]: [`DEFAULT_ZSTD_WINDOW_MAX`] and
    /// [`DEFAULT_XZ_MEMORY_MAX`].
    fn default() -> Self {
        Self::from(&Limits::default())
    }
}

/// A streaming decoder of the whole input `r` compressed with `c`.
///
/// Decodes all gzip members, all zstd frames (skippable frames skipped), all xz streams
/// (with stream padding) and all bzip2 streams. [`Compression::None`] returns `r`
/// unchanged. Errors: see the [module documentation](self).
pub fn decoder<'a, R: BufRead + 'a>(
    c: Compression,
    r: R,
    limits: &CodecLimits,
) -> Box<dyn Read + 'a> {
    match c {
        Compression::None => Box::new(r),
        Compression::Gzip => Box::new(gzip::decoder(r)),
        Compression::Zstd => Box::new(zstd::decoder(r, limits.zstd_window_max)),
        Compression::Xz => Box::new(xz::decoder(r, limits.xz_memory_max)),
        Compression::Bzip2 => Box::new(self::bzip2::decoder(r)),
    }
}

/// One step of a codec's decoding, before errors are made sticky (see [`Sticky`]).
trait Decode {
    /// Fills `buf` (never empty) with decoded bytes; `Ok(0)` only at the clean end.
    fn decode(&mut self, buf: &mut [u8]) -> Result<usize, Fault>;
}

/// Turns a [`Decode`] into a [`Read`] that stays failed after its first error.
struct Sticky<D> {
    inner: D,
    failed: Option<Option<CodecError>>,
}

impl<D> Sticky<D> {
    fn new(inner: D) -> Self {
        Sticky {
            inner,
            failed: None,
        }
    }
}

impl<D: Decode> Read for Sticky<D> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &self.failed {
            Some(Some(e)) => return Err(e.clone().into()),
            Some(None) => {
                return Err(io::Error::other(
                    "the decoder stopped after the underlying reader failed",
                ))
            }
            None => {}
        }
        if buf.is_empty() {
            return Ok(0);
        }
        match self.inner.decode(buf) {
            Ok(n) => Ok(n),
            Err(Fault::Codec(e)) => {
                self.failed = Some(Some(e.clone()));
                Err(e.into())
            }
            Err(Fault::Input(e)) => {
                self.failed = Some(None);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pseudo-random but compressible text: words from a small vocabulary (LCG-driven).
    pub(crate) fn sample(len: usize, seed: u64) -> Vec<u8> {
        const WORDS: [&str; 16] = [
            "layer",
            "blob",
            "sha256",
            "manifest",
            "config",
            "diff",
            "tar",
            "gzip",
            "zstd",
            "index",
            "image",
            "/usr/lib/",
            "etc",
            "0755",
            "\n",
            "whiteout",
        ];
        let mut out = Vec::with_capacity(len + 16);
        let mut x = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        while out.len() < len {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let r = (x >> 33) as usize;
            out.extend_from_slice(WORDS[r % WORDS.len()].as_bytes());
            if r.is_multiple_of(7) {
                out.push((r >> 8) as u8);
            }
            out.push(b' ');
        }
        out.truncate(len);
        out
    }

    /// Reads `r` to its end; returns the bytes read and the error that stopped it, if any.
    pub(crate) fn drain(mut r: impl Read) -> (Vec<u8>, Option<io::Error>) {
        let mut out = Vec::new();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match r.read(&mut buf) {
                Ok(0) => return (out, None),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => return (out, Some(e)),
            }
        }
    }

    /// Decodes `data` with `c` through a small-buffered reader (to cross buffer edges).
    pub(crate) fn decode_all(
        c: Compression,
        data: &[u8],
        limits: &CodecLimits,
    ) -> (Vec<u8>, Option<io::Error>) {
        let r = io::BufReader::with_capacity(1000, data);
        drain(decoder(c, r, limits))
    }

    /// Every proper prefix of the valid stream `z` (cut at each `step`-th byte, and near
    /// the end at every byte) fails as [`CodecErrorKind::Truncated`], through a reader
    /// that hands out one byte at a time and through a large buffer; the whole of `z`
    /// decodes through the one-byte reader.
    pub(crate) fn assert_every_cut_truncated(c: Compression, z: &[u8], step: usize) {
        let limits = CodecLimits::default();
        let whole = drain(decoder(c, io::BufReader::with_capacity(1, z), &limits));
        assert!(whole.1.is_none(), "{c}: {:?}", whole.1);
        let cuts = (0..z.len())
            .step_by(step)
            .chain(z.len().saturating_sub(40)..z.len());
        for cut in cuts {
            let cap = if cut % 2 == 0 { 1 } else { 64 * 1024 };
            let r = io::BufReader::with_capacity(cap, &z[..cut]);
            let (_, err) = drain(decoder(c, r, &limits));
            assert_eq!(kind_of(&err), CodecErrorKind::Truncated, "{c} cut at {cut}");
        }
    }

    /// The codec error in `e`, panicking if there is none.
    pub(crate) fn kind_of(e: &Option<io::Error>) -> CodecErrorKind {
        let e = e.as_ref().unwrap();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData, "{e}");
        codec_error(e).unwrap().kind.clone()
    }

    #[test]
    fn none_passes_through() {
        let data = sample(10_000, 1);
        let (out, err) = decode_all(Compression::None, &data, &CodecLimits::default());
        assert!(err.is_none());
        assert_eq!(out, data);
    }

    #[test]
    fn names_and_serde() {
        for (c, s) in [
            (Compression::None, "none"),
            (Compression::Gzip, "gzip"),
            (Compression::Zstd, "zstd"),
            (Compression::Xz, "xz"),
            (Compression::Bzip2, "bzip2"),
        ] {
            assert_eq!(c.as_str(), s);
            assert_eq!(c.to_string(), s);
        }
        let limits = CodecLimits::default();
        assert_eq!(limits.zstd_window_max, 134_217_728);
        assert_eq!(limits.xz_memory_max, 134_217_728);
    }

    /// An error of the underlying reader is passed through unchanged, not as a codec error.
    #[test]
    fn reader_errors_pass_through() {
        struct Failing;
        impl Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::PermissionDenied, "nope"))
            }
        }
        for c in [
            Compression::Gzip,
            Compression::Zstd,
            Compression::Xz,
            Compression::Bzip2,
        ] {
            let mut d = decoder(c, io::BufReader::new(Failing), &CodecLimits::default());
            let mut buf = [0u8; 100];
            let e = d.read(&mut buf).unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::PermissionDenied, "{c}");
            assert!(codec_error(&e).is_none(), "{c}");
            assert!(d.read(&mut buf).is_err(), "{c}: stays failed");
        }
    }

    /// Empty input is a truncated stream for every codec.
    #[test]
    fn empty_input_is_truncated() {
        for c in [
            Compression::Gzip,
            Compression::Zstd,
            Compression::Xz,
            Compression::Bzip2,
        ] {
            let (out, err) = decode_all(c, &[], &CodecLimits::default());
            assert!(out.is_empty());
            assert_eq!(kind_of(&err), CodecErrorKind::Truncated, "{c}");
            assert_eq!(codec_error(err.as_ref().unwrap()).unwrap().compression, c);
        }
    }
}
