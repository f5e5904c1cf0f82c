//! Streaming tar header reader, used for the outer image archive and for layer tars.
//!
//! Formats: POSIX ustar and pax (IEEE Std 1003.1-2017, `pax`, "ustar Interchange Format" and
//! "pax Interchange Format"), the GNU extensions (`L`/`K` long names, old `S` sparse headers,
//! base-256 numbers) and v7 headers (no magic, valid checksum).
//!
//! Rules (reliability plan §3): never panic, every loop iteration consumes at least one
//! 512-byte block or ends, no allocation sized by the input beyond [`TarLimits`], and every
//! anomaly becomes a [`TarIssue`]. Where parsers disagree, the reader follows Go's
//! `archive/tar` (what container runtimes use) and records an issue.
//!
//! Files: [`source`] (where bytes come from), `header` (the field offsets of one block),
//! `numbers` (octal, base-256, decimal), `pax` (PAX records), `entry` (an entry from its
//! header and extensions), `style` (how its header was encoded), [`issue`] (what went
//! wrong, how the walk ended), [`describe`]
//! (an issue as a finding), [`reader`] (the block loop, extension payloads and caps).
//!
//! # Why not the `tar` crate
//!
//! Checked against tar 0.4.46 (docs/tar.md has the details and the tests). Its `Archive`:
//!
//! 1. reads every `L`, `K` and `x` payload whole (`EntryFields::read_all`), with no cap to
//!    set: a tiny archive can declare a 1 GB long name;
//! 2. in raw mode (`Entries::raw(true)`, the way to assemble extensions under one's own caps)
//!    never applies a PAX `size`: the cursor follows the header's `size`, 0 for bodies over
//!    8 GiB as Go writes them, and lands inside the body;
//! 3. fails the whole archive on a duplicate extension header, where Go (and so Docker)
//!    keeps the later one;
//! 4. over a seekable input, skips bodies with `seek(SeekFrom::Current(n))`, which succeeds
//!    past the end of the file, so a truncated archive ends as if it were whole.
//!
//! It also knows only the unsigned checksum, drops the sign and overflow of base-256 numbers,
//! and reports every problem as an untyped `io::Error` without an offset. So the crate is a
//! dev-dependency only: `tests/tar_oracle.rs` requires both readers to list the same paths,
//! links, kinds, sizes and offsets on every fixture, every layer in them and 1 200 random
//! archives written by `tar::Builder`, and `tests/oracle/claims.rs` shows the four points on
//! the crate itself.

pub mod describe;
mod entry;
mod header;
pub mod issue;
mod numbers;
mod pax;
pub mod reader;
pub mod source;
mod style;

pub use describe::{Context, Described, IssueKind};
pub use issue::{End, TarIssue};
pub use reader::{Body, TarReader};
pub use source::{ByteSource, Seekable, Streamed};
pub use style::{HeaderFormat, HeaderStyle};

use crate::engine::limits::Limits;

/// Caps on what the reader stores from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TarLimits {
    /// Cap for each `L`/`K`/`x`/`g` payload (default 1 MiB, as Go after CVE-2022-2879).
    pub extension_max: u64,
    /// Cap for a path or link target (default 64 KiB); longer ones are cut for display.
    pub path_max: u64,
}

impl From<&Limits> for TarLimits {
    fn from(l: &Limits) -> Self {
        Self {
            extension_max: l.tar_extension,
            path_max: l.path_length,
        }
    }
}

impl Default for TarLimits {
    /// The caps of [`Limits::default`].
    fn default() -> Self {
        Self::from(&Limits::default())
    }
}

/// Entry type from the `typeflag` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// `'0'`, `'\0'` ("AREGTYPE", a directory when the name ends in `/`), `'7'` (contiguous:
    /// "implementations may treat it as a regular file") and GNU `'S'` (sparse).
    File,
    /// `'1'` LNKTYPE: the body is the link target's (`link`).
    HardLink,
    /// `'2'` SYMTYPE.
    Symlink,
    /// `'3'` CHRTYPE.
    CharDevice,
    /// `'4'` BLKTYPE.
    BlockDevice,
    /// `'5'` DIRTYPE.
    Directory,
    /// `'6'` FIFOTYPE.
    Fifo,
    /// Any other flag; its body is `size` bytes.
    Other(u8),
}

impl EntryKind {
    /// The kind of a non-extension header with `flag`, whose path is `path`.
    pub fn from_flag(flag: u8, path: &[u8]) -> Self {
        match flag {
            b'0' | b'7' | b'S' => EntryKind::File,
            // "AREGTYPE": a trailing slash marked directories before typeflag '5'.
            0 if path.last() == Some(&b'/') => EntryKind::Directory,
            0 => EntryKind::File,
            b'1' => EntryKind::HardLink,
            b'2' => EntryKind::Symlink,
            b'3' => EntryKind::CharDevice,
            b'4' => EntryKind::BlockDevice,
            b'5' => EntryKind::Directory,
            b'6' => EntryKind::Fifo,
            f => EntryKind::Other(f),
        }
    }

    /// Whether the entry has a body of `size` bytes (files and unknown types); the others
    /// are header-only.
    pub fn has_body(self) -> bool {
        matches!(self, EntryKind::File | EntryKind::Other(_))
    }
}

/// One member of the archive, with every extension header applied.
#[derive(Debug, Clone)]
pub struct TarEntry {
    /// PAX `GNU.sparse.name` > PAX `path` > GNU `L` > ustar `prefix` + "/" + `name`; lossy.
    pub path: String,
    /// False if the raw name bytes were not valid UTF-8.
    pub path_is_utf8: bool,
    /// PAX `linkpath` > GNU `K` > ustar `linkname`; None when empty.
    pub link: Option<String>,
    /// Interpreted `typeflag`.
    pub kind: EntryKind,
    /// Raw `typeflag` byte.
    pub type_flag: u8,
    /// `mode` field (permission and setuid/setgid/sticky bits).
    pub mode: u32,
    /// PAX `uid` wins over the header's.
    pub uid: u64,
    /// PAX `gid` wins over the header's.
    pub gid: u64,
    /// Body length in the archive: PAX `size` wins over the header's; 0 for header-only types.
    pub size: u64,
    /// PAX `mtime` (integer part) wins; base-256 may be negative (before 1970).
    pub mtime: i64,
    /// `devmajor` (ustar and GNU headers only).
    pub dev_major: u32,
    /// `devminor` (ustar and GNU headers only).
    pub dev_minor: u32,
    /// Offset of this entry's first header (including `L`/`K`/`x`) from the start.
    pub header_offset: u64,
    /// Offset of the body.
    pub data_offset: u64,
    /// GNU sparse (`'S'`) or PAX `GNU.sparse.*` keys.
    pub sparse: bool,
    /// PAX `GNU.sparse` 0.0/0.1 records whose `numblocks` does not count the
    /// pairs of `map` (or is missing), as Go's `archive/tar` checks them.
    pub sparse_map_incomplete: bool,
    /// PAX `SCHILY.xattr.*` records, at most 1024.
    pub xattrs: Vec<(String, Vec<u8>)>,
    /// How the header was encoded (format, extensions, owner names).
    pub style: HeaderStyle,
}

#[cfg(test)]
mod tests;
