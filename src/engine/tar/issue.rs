//! What the reader found wrong: [`TarIssue`], one per anomaly, with the offset of the block
//! concerned, the bounded list the reader keeps them in, and how the walk ended ([`End`]).

#[cfg(doc)]
use super::TarLimits;

/// Issues kept between two [`super::TarReader::take_issues`] calls; more are only counted.
const MAX_ISSUES: usize = 65_536;

/// Anomalies. `offset` is that of the header block concerned unless said otherwise.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TarIssue {
    /// Header checksum wrong (not an all-zero block). Fatal: the walk stops.
    BadChecksum {
        /// Header offset.
        offset: u64,
    },
    /// Non-octal digits, overflow, or negative base-256 in a numeric field. Fatal for `size`
    /// unless a PAX `size` is present; other fields read as 0.
    BadNumber {
        /// Header offset.
        offset: u64,
        /// Field name as in POSIX (`mode`, `uid`, `gid`, `size`, `mtime`, `devmajor`, ...).
        field: &'static str,
        /// A well-formed negative base-256 number (in a field that cannot be negative).
        negative: bool,
    },
    /// Input ended inside a header, a body or an extension payload (padding to 512 included).
    Truncated {
        /// The header's offset, or where the body or payload starts.
        offset: u64,
        /// The entry's path when the body was cut.
        path: Option<String>,
        /// 512 for a header, else the padded body or payload length.
        needed: u64,
        /// Bytes present.
        got: u64,
    },
    /// Input ended at an entry boundary without an end marker (one zero block suffices).
    NoEndMarker {
        /// Where the end marker should have been.
        offset: u64,
    },
    /// An `L`/`K`/`x`/`g` payload over the cap: skipped, not stored.
    ExtensionTooLarge {
        /// Header offset.
        offset: u64,
        /// The type flag.
        kind: char,
        /// Declared payload size.
        size: u64,
        /// [`TarLimits::extension_max`].
        cap: u64,
    },
    /// Two `L`, two `K` or two `x` before one entry (the later wins), or header and PAX sizes
    /// disagree (PAX wins; a 0 header size is expected only when the size needs > 11 digits).
    PaxConflict {
        /// Offset of the second extension header, or of the entry's header.
        offset: u64,
        /// What conflicts.
        detail: String,
    },
    /// Path or link target longer than `path_max`: cut to the cap.
    PathTooLong {
        /// Offset of the entry's first header.
        offset: u64,
        /// Length in bytes.
        len: u64,
        /// [`TarLimits::path_max`].
        cap: u64,
    },
    /// A type flag outside POSIX's `0`-`7` and GNU's `S`, `L`, `K`; its body is skipped.
    UnknownType {
        /// Header offset.
        offset: u64,
        /// The type flag.
        flag: u8,
    },
    /// A `g` header: recorded, nothing applied.
    GlobalHeader {
        /// Header offset.
        offset: u64,
    },
    /// Malformed PAX record ("%d %s=%s\n"); the rest of that payload is ignored.
    BadPax {
        /// Offset of the `x` header.
        offset: u64,
    },
    /// A header-only type (link, device, directory, FIFO) declares a non-zero size. POSIX:
    /// "If the typeflag field is set to specify a file to be of type LNKTYPE or SYMTYPE, the
    /// size field shall be specified as zero". No body is read (as Go and Python);
    /// GNU tar skips `size` bytes after links and devices, so the two listings differ.
    IgnoredSize {
        /// Header offset.
        offset: u64,
        /// The type flag.
        flag: u8,
        /// Declared size.
        size: u64,
    },
}

/// How a walk ended ([`super::TarReader::finish`]). Each end but `Marker` comes with the
/// issue that says where (`NoEndMarker`, `BadChecksum` or `BadNumber`, `Truncated`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// At an end-of-archive block (one zero block suffices, as for GNU tar).
    Marker {
        /// A non-zero byte follows the marker.
        trailing: bool,
    },
    /// The input ended at an entry boundary, without an end marker.
    Eof,
    /// A header could not be read (wrong checksum, a bad `size` with no PAX `size`): the
    /// rest of the input is unread, neither entries nor trailing data.
    Corrupt,
    /// The input ended inside a header, a body or an extension payload.
    Truncated,
}

/// The issues recorded and not yet taken: at most [`MAX_ISSUES`], the rest only counted.
#[derive(Debug, Default)]
pub(super) struct Issues {
    /// The issues kept, in the order they were found.
    list: Vec<TarIssue>,
    /// How many were not kept because `list` was full.
    dropped: u64,
}

impl Issues {
    /// Records an issue.
    pub(super) fn push(&mut self, issue: TarIssue) {
        if self.list.len() < MAX_ISSUES {
            self.list.push(issue);
        } else {
            self.dropped = self.dropped.saturating_add(1);
        }
    }

    /// Records `BadNumber` for `field` and returns the value it reads as: 0.
    pub(super) fn bad<T: Default>(&mut self, offset: u64, field: &'static str) -> T {
        self.bad_number(offset, field, false)
    }

    /// [`Self::bad`], saying whether the field holds a negative base-256 number.
    pub(super) fn bad_number<T: Default>(
        &mut self,
        offset: u64,
        field: &'static str,
        negative: bool,
    ) -> T {
        self.push(TarIssue::BadNumber {
            offset,
            field,
            negative,
        });
        T::default()
    }

    /// The issues kept so far, leaving none.
    pub(super) fn take(&mut self) -> Vec<TarIssue> {
        std::mem::take(&mut self.list)
    }

    /// How many were not kept.
    pub(super) fn dropped(&self) -> u64 {
        self.dropped
    }
}
