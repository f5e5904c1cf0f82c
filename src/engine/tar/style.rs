//! How one entry's header was encoded: the block's format (POSIX ustar, GNU or v7), the
//! extension headers applied to it, and the owner names. Two tar writers that store the same
//! entries differ here ("tar-headers" in docs/diff.md): Go's `archive/tar` writes ustar and
//! switches to PAX for long names or big numbers, GNU tar writes GNU headers with `L`/`K`
//! long names and fills `uname`/`gname`.
//!
//! > The `magic` field "shall contain the string `ustar` followed by a NUL"; the
//! > `uname` and `gname` fields hold the owner's user and group names.
//! > (IEEE Std 1003.1-2017, `pax`, "ustar Interchange Format")

use super::header::{cstr, Magic, RawHeader};
use xxhash_rust::xxh3::Xxh3;

/// The `magic` of a header block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum HeaderFormat {
    /// POSIX `"ustar\0"` (what Go's `archive/tar` writes).
    #[default]
    Ustar,
    /// GNU `"ustar  \0"` (GNU tar's default).
    Gnu,
    /// No magic: a v7 header.
    V7,
}

/// How an entry's header was encoded; a few bytes per entry, nothing sized by the input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct HeaderStyle {
    /// The header block's format.
    pub format: HeaderFormat,
    /// A PAX `x` header applied to the entry.
    pub pax: bool,
    /// A GNU `L` (long name) or `K` (long link) header applied to the entry.
    pub gnu_long: bool,
    /// xxh3-64 of the `uname` field, a NUL and the `gname` field (both empty in v7 headers).
    pub names: u64,
    /// `uname` or `gname` is not empty.
    pub named: bool,
}

impl HeaderStyle {
    /// The style of header `h`, with which extensions came before it.
    pub(super) fn of(h: RawHeader<'_>, pax: bool, gnu_long: bool) -> HeaderStyle {
        let format = match h.magic() {
            Magic::Ustar => HeaderFormat::Ustar,
            Magic::Gnu => HeaderFormat::Gnu,
            Magic::V7 => HeaderFormat::V7,
        };
        let mut names = Xxh3::new();
        let mut named = false;
        if format != HeaderFormat::V7 {
            let (u, g) = (cstr(h.uname()), cstr(h.gname()));
            names.update(u);
            names.update(&[0]);
            names.update(g);
            named = !u.is_empty() || !g.is_empty();
        }
        HeaderStyle {
            format,
            pax,
            gnu_long,
            names: names.digest(),
            named,
        }
    }
}
