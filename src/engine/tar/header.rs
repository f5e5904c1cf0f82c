//! One 512-byte header block and its fields, at the offsets POSIX gives them ("ustar
//! Interchange Format", Table: ustar Header Block) plus the GNU bytes the reader uses. Every
//! offset of the format is written here, once.

use super::numbers::{parse_numeric, parse_octal, to_u64};

/// The tar block size.
pub(super) const BLOCK: u64 = 512;

/// The `magic` and `version` fields, as far as the reader cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Magic {
    /// POSIX `"ustar\0"` (any version): the `prefix` field holds the path's start.
    Ustar,
    /// GNU `"ustar  \0"`: no `prefix` (GNU keeps other fields there).
    Gnu,
    /// Anything else, as in v7 headers: no `prefix`, no device numbers.
    V7,
}

/// A borrowed header block with a reader for each field.
#[derive(Clone, Copy)]
pub(super) struct RawHeader<'a>(pub(super) &'a [u8; 512]);

impl<'a> RawHeader<'a> {
    fn field(self, off: usize, len: usize) -> &'a [u8] {
        self.0.get(off..off.saturating_add(len)).unwrap_or(&[])
    }

    /// An all-zero block: the end-of-archive marker.
    pub(super) fn is_zero(self) -> bool {
        self.0.iter().all(|&b| b == 0)
    }

    /// The chksum field "shall be the ASCII representation of the octal value of the simple
    /// sum of all octets in the header logical record ... the chksum field is treated as if it
    /// were all <space> characters". Signed sums (old Sun tar) are accepted too.
    pub(super) fn checksum_ok(self) -> bool {
        let chk = self.field(148, 8);
        let Some(stored) = parse_octal(chk) else {
            return false;
        };
        let unsigned: u64 = self.0.iter().map(|&c| u64::from(c)).sum::<u64>()
            - chk.iter().map(|&c| u64::from(c)).sum::<u64>()
            + 8 * u64::from(b' ');
        let signed: i64 = self.0.iter().map(|&c| i64::from(c as i8)).sum::<i64>()
            - chk.iter().map(|&c| i64::from(c as i8)).sum::<i64>()
            + 8 * i64::from(b' ');
        stored == unsigned || i64::try_from(stored) == Ok(signed)
    }

    /// `typeflag`.
    pub(super) fn type_flag(self) -> u8 {
        self.0.get(156).copied().unwrap_or(0)
    }

    /// `magic` and `version`.
    pub(super) fn magic(self) -> Magic {
        let magic = self.field(257, 8);
        if magic.get(..6) == Some(b"ustar\0".as_slice()) {
            Magic::Ustar
        } else if magic == b"ustar  \0" {
            Magic::Gnu
        } else {
            Magic::V7
        }
    }

    /// `size`; None when not a number or negative.
    pub(super) fn size(self) -> Option<u64> {
        parse_numeric(self.field(124, 12)).and_then(to_u64)
    }

    /// `mode`; None when not a number or over 32 bits.
    pub(super) fn mode(self) -> Option<u32> {
        self.small(100)
    }

    /// Whether the numeric field at `at` (`len` bytes) is a negative base-256 number.
    pub(super) fn negative(self, at: usize, len: usize) -> bool {
        parse_numeric(self.field(at, len)).is_some_and(|v| v < 0)
    }

    /// `uid`.
    pub(super) fn uid(self) -> Option<u64> {
        parse_numeric(self.field(108, 8)).and_then(to_u64)
    }

    /// `gid`.
    pub(super) fn gid(self) -> Option<u64> {
        parse_numeric(self.field(116, 8)).and_then(to_u64)
    }

    /// `mtime`; base-256 may be negative (before 1970).
    pub(super) fn mtime(self) -> Option<i64> {
        parse_numeric(self.field(136, 12)).and_then(|t| i64::try_from(t).ok())
    }

    /// `devmajor` (meaningful in ustar and GNU headers only).
    pub(super) fn dev_major(self) -> Option<u32> {
        self.small(329)
    }

    /// `devminor` (meaningful in ustar and GNU headers only).
    pub(super) fn dev_minor(self) -> Option<u32> {
        self.small(337)
    }

    /// An 8-byte numeric field that must fit 32 bits.
    fn small(self, off: usize) -> Option<u32> {
        parse_numeric(self.field(off, 8))
            .and_then(to_u64)
            .and_then(|v| u32::try_from(v).ok())
    }

    /// `name`, up to its NUL.
    pub(super) fn name(self) -> &'a [u8] {
        cstr(self.field(0, 100))
    }

    /// `linkname`, up to its NUL.
    pub(super) fn link_name(self) -> &'a [u8] {
        cstr(self.field(157, 100))
    }

    /// `uname` (32 bytes; meaningful in ustar and GNU headers only).
    pub(super) fn uname(self) -> &'a [u8] {
        self.field(265, 32)
    }

    /// `gname` (32 bytes; meaningful in ustar and GNU headers only).
    pub(super) fn gname(self) -> &'a [u8] {
        self.field(297, 32)
    }

    /// `prefix` + "/" + `name` for POSIX ustar headers, else `name`.
    pub(super) fn path(self) -> Vec<u8> {
        let name = self.name();
        let prefix = match self.magic() {
            Magic::Ustar => cstr(self.field(345, 155)),
            Magic::Gnu | Magic::V7 => &[],
        };
        if prefix.is_empty() {
            name.to_vec()
        } else {
            [prefix, b"/", name].concat()
        }
    }

    /// Old GNU sparse (`S`) header: "isextended" (byte 482) says 512-byte blocks of 21 more
    /// sparse entries follow the header.
    pub(super) fn gnu_sparse_extended(self) -> bool {
        self.0.get(482).is_some_and(|&e| e != 0)
    }

    /// In one of those extension blocks: its own "isextended" flag (byte 504), set when
    /// another block follows.
    pub(super) fn sparse_block_extended(self) -> bool {
        self.0.get(504).is_some_and(|&e| e != 0)
    }
}

/// Bytes up to the first NUL ("a null-terminated character string" unless the field is full).
pub(super) fn cstr(b: &[u8]) -> &[u8] {
    b.split(|&c| c == 0).next().unwrap_or(&[])
}

/// The zero bytes that pad a body or payload of `size` bytes to a whole block.
pub(super) fn padding(size: u64) -> u64 {
    (BLOCK - size % BLOCK) % BLOCK
}
