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
//! xz and bzip2 run one loop (`streams.rs`): the codec starts each stream and makes one
//! decoder call at a time; the loop returns what it produced and fails a decoder that
//! stops moving.
//!
//! The decoders read through [`BufRead::fill_buf`] without copying the input; give them a
//! reader with a large buffer (64 KiB or more) and read with large buffers too.

mod bzip2;
mod content;
#[cfg(test)]
mod contract_tests;
mod error;
mod gzip;
mod input;
mod sniff;
mod steady;
mod streams;
#[cfg(test)]
mod tests;
mod xz;
mod zstd;

pub use crate::engine::limits::{DEFAULT_XZ_MEMORY_MAX, DEFAULT_ZSTD_WINDOW_MAX};
pub use content::Content;
pub use error::*;
pub use sniff::*;
pub use steady::Steady;

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
