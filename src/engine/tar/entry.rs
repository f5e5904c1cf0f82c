//! Building a [`TarEntry`] from its header block and the extension headers before it
//! ([`Pending`]): precedence (PAX over GNU over the header), numeric fields, the kind, the
//! body size and the path caps. No I/O: the reader positions the cursor afterwards.

use super::header::{cstr, Magic, RawHeader};
use super::issue::{Issues, TarIssue};
use super::pax::Pax;
use super::style::HeaderStyle;
use super::{EntryKind, TarEntry, TarLimits};

/// Largest value an 11-digit octal `size` field can hold (8 GiB − 1).
const OCTAL_SIZE_MAX: u64 = 0o777_7777_7777;

/// An extension header that applies to the next entry; each kind may come once per entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ext {
    /// GNU `L`: the next entry's path.
    LongName,
    /// GNU `K`: the next entry's link target.
    LongLink,
    /// PAX `x` (or Solaris `X`): records for the next entry.
    Pax,
}

impl Ext {
    /// The per-entry extension a type flag names (`g` applies to no one entry: None).
    pub(super) fn of(flag: u8) -> Option<Ext> {
        match flag {
            b'L' => Some(Ext::LongName),
            b'K' => Some(Ext::LongLink),
            b'x' | b'X' => Some(Ext::Pax),
            _ => None,
        }
    }
}

/// Extension headers seen before the entry they apply to.
#[derive(Default)]
pub(super) struct Pending {
    /// Offset of the first of them: the entry's `header_offset`.
    pub(super) start: Option<u64>,
    /// The last `L` payload (None when absent, empty or over the cap).
    long_name: Option<Vec<u8>>,
    /// The last `K` payload (None when absent, empty or over the cap).
    long_link: Option<Vec<u8>>,
    /// An `L` came already.
    long_name_seen: bool,
    /// A `K` came already.
    long_link_seen: bool,
    /// An `x` came already.
    pax_seen: bool,
    /// The PAX records gathered so far.
    pax: Pax,
}

impl Pending {
    /// Records that `ext` came; true if it had come before (the later one wins).
    pub(super) fn see(&mut self, ext: Ext) -> bool {
        let seen = match ext {
            Ext::LongName => &mut self.long_name_seen,
            Ext::LongLink => &mut self.long_link_seen,
            Ext::Pax => &mut self.pax_seen,
        };
        std::mem::replace(seen, true)
    }

    /// An `L` or `K` payload over the cap: forget the earlier one too, so the header's
    /// own field applies.
    pub(super) fn drop_long(&mut self, ext: Ext) {
        match ext {
            Ext::LongName => self.long_name = None,
            Ext::LongLink => self.long_link = None,
            Ext::Pax => {}
        }
    }

    /// Applies the payload of an extension header.
    pub(super) fn apply(&mut self, ext: Ext, data: &[u8], offset: u64, issues: &mut Issues) {
        match ext {
            // Go ignores an empty long name, as an empty PAX value deletes.
            Ext::LongName => self.long_name = non_empty(data),
            Ext::LongLink => self.long_link = non_empty(data),
            Ext::Pax => self.pax.parse(data, offset, issues),
        }
    }
}

/// A long name or link payload up to its NUL; None when empty.
fn non_empty(data: &[u8]) -> Option<Vec<u8>> {
    Some(cstr(data).to_vec()).filter(|v| !v.is_empty())
}

/// The numeric attributes of an entry: the header's fields, with PAX values applied.
struct Numbers {
    /// `mode`.
    mode: u32,
    /// PAX `uid`, else the header's.
    uid: u64,
    /// PAX `gid`, else the header's.
    gid: u64,
    /// PAX `mtime`, else the header's.
    mtime: i64,
    /// `devmajor` (0 in v7 headers).
    dev_major: u32,
    /// `devminor` (0 in v7 headers).
    dev_minor: u32,
}

/// The entry a non-extension header at `offset` describes, with `p` applied; None when the
/// walk must stop (a bad `size` field and no PAX `size`). `data_offset` is left 0.
pub(super) fn build(
    h: RawHeader<'_>,
    offset: u64,
    p: Pending,
    limits: &TarLimits,
    issues: &mut Issues,
) -> Option<TarEntry> {
    let flag = h.type_flag();
    let header_offset = p.start.unwrap_or(offset);
    let style = HeaderStyle::of(h, p.pax_seen, p.long_name_seen || p.long_link_seen);
    let pax = p.pax;
    let sparse_map_incomplete = pax.sparse_map_incomplete();
    let declared = declared_size(h, pax.size, offset, issues)?;
    let n = numbers(h, &pax, offset, issues);
    let raw_path = pax.sparse_name.or(pax.path).or(p.long_name);
    let raw_path = raw_path.unwrap_or_else(|| h.path());
    let raw_link = pax.linkpath.or(p.long_link);
    let raw_link = raw_link.unwrap_or_else(|| h.link_name().to_vec());
    let kind = EntryKind::from_flag(flag, &raw_path);
    if let EntryKind::Other(flag) = kind {
        issues.push(TarIssue::UnknownType { offset, flag });
    }
    let size = body_size(kind, flag, declared, offset, issues);
    let (path, path_is_utf8) = decode(raw_path, header_offset, limits, issues);
    let link = match raw_link.is_empty() {
        true => None,
        false => Some(decode(raw_link, header_offset, limits, issues).0),
    };
    Some(TarEntry {
        path,
        path_is_utf8,
        link,
        kind,
        type_flag: flag,
        mode: n.mode,
        uid: n.uid,
        gid: n.gid,
        size,
        mtime: n.mtime,
        dev_major: n.dev_major,
        dev_minor: n.dev_minor,
        header_offset,
        data_offset: 0,
        sparse: flag == b'S' || pax.sparse,
        sparse_map_incomplete,
        xattrs: pax.xattrs,
        style,
    })
}

/// The body size the header and PAX declare (PAX wins); None to stop the walk (a bad
/// header `size` and no PAX `size`).
fn declared_size(
    h: RawHeader<'_>,
    pax: Option<u64>,
    offset: u64,
    issues: &mut Issues,
) -> Option<u64> {
    match (pax, h.size()) {
        (_, None) => {
            issues.push(TarIssue::BadNumber {
                offset,
                field: "size",
                negative: false,
            });
            pax
        }
        (Some(ps), Some(hs)) => {
            if hs != ps && (hs != 0 || ps <= OCTAL_SIZE_MAX) {
                let detail = format!("header size {hs} but PAX size {ps}");
                issues.push(TarIssue::PaxConflict { offset, detail });
            }
            Some(ps)
        }
        (None, Some(hs)) => Some(hs),
    }
}

/// The numeric fields, PAX values first; a bad field reads as 0 with `BadNumber`.
fn numbers(h: RawHeader<'_>, pax: &Pax, offset: u64, issues: &mut Issues) -> Numbers {
    let mode = h.mode().unwrap_or_else(|| issues.bad(offset, "mode"));
    let uid = pax.uid.or_else(|| h.uid());
    let uid = uid.unwrap_or_else(|| issues.bad_number(offset, "uid", h.negative(108, 8)));
    let gid = pax.gid.or_else(|| h.gid());
    let gid = gid.unwrap_or_else(|| issues.bad_number(offset, "gid", h.negative(116, 8)));
    let mtime = pax.mtime.or_else(|| h.mtime());
    let mtime = mtime.unwrap_or_else(|| issues.bad(offset, "mtime"));
    let (mut dev_major, mut dev_minor) = (0, 0);
    if h.magic() != Magic::V7 {
        dev_major = h
            .dev_major()
            .unwrap_or_else(|| issues.bad(offset, "devmajor"));
        dev_minor = h
            .dev_minor()
            .unwrap_or_else(|| issues.bad(offset, "devminor"));
    }
    Numbers {
        mode,
        uid,
        gid,
        mtime,
        dev_major,
        dev_minor,
    }
}

/// The body length: `declared` for files and unknown types; 0 for header-only types (with
/// `IgnoredSize` when they declare more).
fn body_size(kind: EntryKind, flag: u8, declared: u64, offset: u64, issues: &mut Issues) -> u64 {
    if kind.has_body() {
        return declared;
    }
    if declared != 0 {
        issues.push(TarIssue::IgnoredSize {
            offset,
            flag,
            size: declared,
        });
    }
    0
}

/// Lossy UTF-8, cut to `path_max` bytes (at a character boundary when valid).
fn decode(
    mut raw: Vec<u8>,
    offset: u64,
    limits: &TarLimits,
    issues: &mut Issues,
) -> (String, bool) {
    let cap = limits.path_max;
    let len = raw.len() as u64;
    if len <= cap {
        return match String::from_utf8(raw) {
            Ok(s) => (s, true),
            Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), false),
        };
    }
    issues.push(TarIssue::PathTooLong { offset, len, cap });
    let mut keep = usize::try_from(cap).unwrap_or(usize::MAX);
    let valid = std::str::from_utf8(&raw).is_ok();
    if valid {
        while keep > 0 && raw.get(keep).is_some_and(|&c| c & 0xC0 == 0x80) {
            keep -= 1;
        }
    }
    raw.truncate(keep);
    (String::from_utf8_lossy(&raw).into_owned(), valid)
}
