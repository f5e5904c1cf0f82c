//! Classified decoder errors, carried inside [`std::io::Error`].

use super::Compression;
use std::error::Error;
use std::fmt;
use std::io;

/// A defect found while decoding compressed data.
///
/// Decoders return it inside an [`io::Error`] of kind [`io::ErrorKind::InvalidData`];
/// get it back with [`codec_error`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CodecError {
    /// The codec that failed.
    pub compression: Compression,
    /// What went wrong.
    pub kind: CodecErrorKind,
    /// The decoder's own message (or ours, where we detected the defect).
    pub detail: String,
    /// How far into the compressed input the decoder had read when it failed (for
    /// [`CodecErrorKind::TrailingData`]: where the trailing bytes start), if known.
    pub offset: Option<u64>,
}

/// The class of a [`CodecError`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CodecErrorKind {
    /// The compressed data is invalid: bad magic, bad header, an invalid code, or a
    /// checksum (gzip CRC-32/ISIZE, zstd content checksum, xz check, bzip2 CRC) or
    /// declared size that does not match. Also data that needs a feature the decoder
    /// lacks (a zstd frame needing an external dictionary, an xz filter chain or check
    /// lzma-rust2 does not implement); `detail` says which.
    Corrupt,
    /// The input ends inside a member, frame, stream or header.
    Truncated,
    /// Bytes follow the last complete member, frame or stream and do not start another
    /// one. Raised only after everything before them was decoded and returned.
    TrailingData,
    /// A zstd frame requests a window larger than the cap (bytes).
    WindowTooLarge {
        /// The window the frame header declares.
        requested: u64,
        /// [`super::CodecLimits::zstd_window_max`].
        max: u64,
    },
    /// An xz block needs more decoder memory (≈ its LZMA2 dictionary) than the cap (bytes).
    DictionaryTooLarge {
        /// The memory the block needs: dictionary plus decoder state, in bytes.
        requested: u64,
        /// [`super::CodecLimits::xz_memory_max`].
        max: u64,
    },
}

impl CodecError {
    /// A new error.
    pub fn new(
        compression: Compression,
        kind: CodecErrorKind,
        detail: impl Into<String>,
        offset: Option<u64>,
    ) -> Self {
        CodecError {
            compression,
            kind,
            detail: detail.into(),
            offset,
        }
    }
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.compression;
        match &self.kind {
            CodecErrorKind::Corrupt => write!(f, "corrupt {c} data")?,
            CodecErrorKind::Truncated => write!(f, "truncated {c} data")?,
            CodecErrorKind::TrailingData => write!(f, "unexpected bytes after the {c} data")?,
            CodecErrorKind::WindowTooLarge { requested, max } => write!(
                f,
                "{c} frame needs a window of {requested} bytes, above the limit of {max} bytes"
            )?,
            CodecErrorKind::DictionaryTooLarge { requested, max } => write!(
                f,
                "{c} block needs {requested} bytes of decoder memory, above the limit of {max} bytes"
            )?,
        }
        if let Some(offset) = self.offset {
            write!(f, " at compressed byte {offset}")?;
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

impl Error for CodecError {}

impl From<CodecError> for io::Error {
    fn from(e: CodecError) -> Self {
        io::Error::new(io::ErrorKind::InvalidData, e)
    }
}

/// The [`CodecError`] inside `e`, if a decoder produced it.
pub fn codec_error(e: &io::Error) -> Option<&CodecError> {
    e.get_ref()?.downcast_ref::<CodecError>()
}

/// Why a decoding step stopped: a defect in the data, or the underlying reader's own error.
#[derive(Debug)]
pub(super) enum Fault {
    /// The compressed data is at fault.
    Codec(CodecError),
    /// The underlying reader failed; passed through unchanged.
    Input(io::Error),
}

impl From<CodecError> for Fault {
    fn from(e: CodecError) -> Self {
        Fault::Codec(e)
    }
}

/// What a decoder calls one complete unit of its format, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    /// A gzip member (RFC 1952 section 2.2).
    Member,
    /// An xz or bzip2 stream.
    Stream,
    /// A zstd frame (RFC 8878 section 3.1).
    Frame,
}

/// Between two units, `head` starts neither another unit nor (clean end) nothing: after
/// `complete` units, this is [`CodecErrorKind::TrailingData`] at `offset`; before the first
/// one, the input is not `c` data at all ([`CodecErrorKind::Corrupt`]).
pub(super) fn not_a_stream(
    c: Compression,
    unit: Unit,
    complete: u64,
    head: &[u8],
    offset: u64,
) -> Fault {
    let head = hex(head);
    let (kind, detail) = if complete == 0 {
        (
            CodecErrorKind::Corrupt,
            format!("not {c} data: starts with {head}"),
        )
    } else {
        let detail = match unit {
            Unit::Member => {
                format!("after member {complete} the data continues with {head}, not a {c} member")
            }
            Unit::Stream => {
                format!("after {complete} streams the data continues with {head}, not a stream")
            }
            Unit::Frame => {
                format!("after {complete} frames the data continues with {head}, not a frame")
            }
        };
        (CodecErrorKind::TrailingData, detail)
    };
    Fault::Codec(CodecError::new(c, kind, detail, Some(offset)))
}

/// `bytes` as spaced upper-case hex (`1F 8B`), for messages.
pub(super) fn hex(bytes: &[u8]) -> String {
    let parts: Vec<String> = bytes.iter().map(|b| format!("{b:02X}")).collect();
    parts.join(" ")
}

/// Whether `e` or any error in its `source()` chain is an [`io::Error`] of kind
/// [`io::ErrorKind::UnexpectedEof`]: how the decoders report input that ends too soon.
pub(super) fn ends_early(e: &(dyn Error + 'static)) -> bool {
    let mut next = Some(e);
    // Bounded walk: a cyclic `source()` chain must not hang us.
    for _ in 0..32 {
        let Some(e) = next else { return false };
        if let Some(io) = e.downcast_ref::<io::Error>() {
            if io.kind() == io::ErrorKind::UnexpectedEof {
                return true;
            }
            // An io::Error's source() skips its own payload; look at the payload too.
            if let Some(inner) = io.get_ref() {
                if ends_early_shallow(inner) {
                    return true;
                }
            }
        }
        next = e.source();
    }
    false
}

fn ends_early_shallow(e: &(dyn Error + Send + Sync + 'static)) -> bool {
    e.downcast_ref::<io::Error>()
        .is_some_and(|io| io.kind() == io::ErrorKind::UnexpectedEof)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_io_error() {
        let e = CodecError::new(
            Compression::Zstd,
            CodecErrorKind::WindowTooLarge {
                requested: 1 << 31,
                max: 1 << 27,
            },
            "",
            Some(4),
        );
        let io: io::Error = e.clone().into();
        assert_eq!(io.kind(), io::ErrorKind::InvalidData);
        assert_eq!(codec_error(&io), Some(&e));
        assert_eq!(
            io.to_string(),
            "zstd frame needs a window of 2147483648 bytes, above the limit of 134217728 bytes at compressed byte 4"
        );
        assert!(codec_error(&io::Error::other("x")).is_none());
        assert!(codec_error(&io::ErrorKind::InvalidData.into()).is_none());
    }

    #[test]
    fn display_names_kind_offset_and_detail() {
        let e = CodecError::new(
            Compression::Gzip,
            CodecErrorKind::TrailingData,
            "starts with 00 00",
            Some(12),
        );
        assert_eq!(
            e.to_string(),
            "unexpected bytes after the gzip data at compressed byte 12: starts with 00 00"
        );
        let e = CodecError::new(Compression::Xz, CodecErrorKind::Truncated, "eof", None);
        assert_eq!(e.to_string(), "truncated xz data: eof");
    }

    #[test]
    fn finds_eof_in_a_chain() {
        #[derive(Debug)]
        struct Outer(io::Error);
        impl fmt::Display for Outer {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("outer")
            }
        }
        impl Error for Outer {
            fn source(&self) -> Option<&(dyn Error + 'static)> {
                Some(&self.0)
            }
        }
        let eof = Outer(io::ErrorKind::UnexpectedEof.into());
        assert!(ends_early(&eof));
        let other = Outer(io::Error::other("x"));
        assert!(!ends_early(&other));
        let wrapped = io::Error::other(Outer(io::ErrorKind::UnexpectedEof.into()));
        assert!(ends_early(&wrapped));
    }

    fn detail(f: Fault) -> (CodecErrorKind, String, Option<u64>) {
        match f {
            Fault::Codec(e) => (e.kind, e.detail, e.offset),
            Fault::Input(e) => panic!("not a codec fault: {e}"),
        }
    }

    /// The messages each decoder gave before they shared `not_a_stream` (the report
    /// snapshots hold them byte for byte).
    #[test]
    fn not_a_stream_messages() {
        let head = [0x68, 0x0A, 0xFF];
        assert_eq!(hex(&head), "68 0A FF");
        assert_eq!(hex(&[]), "");
        for (c, unit) in [
            (Compression::Gzip, Unit::Member),
            (Compression::Bzip2, Unit::Stream),
            (Compression::Xz, Unit::Stream),
            (Compression::Zstd, Unit::Frame),
        ] {
            assert_eq!(
                detail(not_a_stream(c, unit, 0, &head, 7)),
                (
                    CodecErrorKind::Corrupt,
                    format!("not {c} data: starts with 68 0A FF"),
                    Some(7)
                )
            );
        }
        let trailing = |c, unit| detail(not_a_stream(c, unit, 2, &head, 9));
        assert_eq!(
            trailing(Compression::Gzip, Unit::Member),
            (
                CodecErrorKind::TrailingData,
                "after member 2 the data continues with 68 0A FF, not a gzip member".into(),
                Some(9)
            )
        );
        assert_eq!(
            trailing(Compression::Xz, Unit::Stream).1,
            "after 2 streams the data continues with 68 0A FF, not a stream"
        );
        assert_eq!(
            trailing(Compression::Zstd, Unit::Frame).1,
            "after 2 frames the data continues with 68 0A FF, not a frame"
        );
    }
}
