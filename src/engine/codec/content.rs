//! [`Content`]: what the first bytes of a blob are, as the report and the
//! worker messages carry it.

use super::{Compression, Sniffed};
use serde::{Deserialize, Serialize};

/// What the first bytes of a blob are.
///
/// It is `layers[].compression` of the report, and serialises as there:
/// `none` (a plain tar), `gzip`, `zstd`, `xz`, `bzip2`, `empty`, `unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Content {
    /// An uncompressed tar.
    #[serde(rename = "none")]
    Tar,
    /// gzip
    Gzip,
    /// zstd
    Zstd,
    /// xz
    Xz,
    /// bzip2
    Bzip2,
    /// No bytes.
    Empty,
    /// Something else.
    Unknown,
}

impl Content {
    /// As reported in `layers[].compression`.
    pub fn as_str(self) -> &'static str {
        match self {
            Content::Tar => "none",
            Content::Gzip => "gzip",
            Content::Zstd => "zstd",
            Content::Xz => "xz",
            Content::Bzip2 => "bzip2",
            Content::Empty => "empty",
            Content::Unknown => "unknown",
        }
    }
    /// The compression, when it is a tar or a known compression.
    pub fn compression(self) -> Option<Compression> {
        match self {
            Content::Tar => Some(Compression::None),
            Content::Gzip => Some(Compression::Gzip),
            Content::Zstd => Some(Compression::Zstd),
            Content::Xz => Some(Compression::Xz),
            Content::Bzip2 => Some(Compression::Bzip2),
            Content::Empty | Content::Unknown => None,
        }
    }
    /// What a compressed (or plain tar) stream is.
    pub fn from_compression(c: Compression) -> Content {
        match c {
            Compression::None => Content::Tar,
            Compression::Gzip => Content::Gzip,
            Compression::Zstd => Content::Zstd,
            Compression::Xz => Content::Xz,
            Compression::Bzip2 => Content::Bzip2,
        }
    }
    /// What [`super::sniff`] found, flattened.
    pub fn from_sniffed(s: Sniffed) -> Content {
        match s {
            Sniffed::Tar => Content::Tar,
            Sniffed::Compressed(c) => Content::from_compression(c),
            Sniffed::Empty => Content::Empty,
            Sniffed::Unknown => Content::Unknown,
        }
    }
}

impl std::fmt::Display for Content {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
