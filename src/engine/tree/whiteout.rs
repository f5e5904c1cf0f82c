//! Telling whiteouts apart by name, before the entry is recorded.
//!
//! > A whiteout file is an empty file with a special filename that signifies
//! > a path should be deleted. … `.wh..wh..opq` … indicates that all siblings
//! > are hidden in the lower layer. (image-spec `layer.md#whiteouts`)
//!
//! AUFS bookkeeping (`.wh..wh.plnk/`, `.wh..wh.orph/`, other `.wh..wh.*`
//! names) is skipped, as moby does ("Skip AUFS metadata dirs").

use crate::engine::path::{base_name, parent};

/// The opaque marker's base name.
pub const OPAQUE: &str = ".wh..wh..opq";

/// What a canonical entry path says about whiteouts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Whiteout<'a> {
    /// An ordinary entry.
    None,
    /// `dir/.wh.name`: deletes `dir/name` (the path given) of lower layers.
    File(String),
    /// `dir/.wh..wh..opq`: hides what lower layers have in `dir` (given).
    Opaque(&'a str),
    /// AUFS bookkeeping, in a `.wh..wh.*` directory or itself so named.
    AufsInternal,
    /// A whiteout with no base name to delete (`.wh.`, `.wh..`, `.wh....`).
    Invalid,
}

/// Classifies the canonical (non-empty) `path` of an entry.
pub fn classify(path: &str) -> Whiteout<'_> {
    if dirs(path).any(is_aufs_dir) {
        return Whiteout::AufsInternal;
    }
    let base = base_name(path);
    let Some(target) = base.strip_prefix(".wh.") else {
        return Whiteout::None;
    };
    let dir = parent(path);
    if base == OPAQUE {
        Whiteout::Opaque(dir)
    } else if target.starts_with(".wh.") {
        Whiteout::AufsInternal
    } else if target.chars().all(|ch| ch == '.') {
        // also the empty name, `.` and `..`
        Whiteout::Invalid
    } else if dir.is_empty() {
        Whiteout::File(target.to_string())
    } else {
        Whiteout::File(format!("{dir}/{target}"))
    }
}

/// Whether a directory of `path` is named like a whiteout (`a/.wh.b/c`),
/// AUFS bookkeeping directories aside (those are [`Whiteout::AufsInternal`]).
pub fn in_whiteout_dir(path: &str) -> bool {
    !dirs(path).any(is_aufs_dir) && dirs(path).any(|d| d.starts_with(".wh."))
}

/// The directory components of `path`, innermost first.
fn dirs(path: &str) -> impl Iterator<Item = &str> + Clone {
    path.split('/').rev().skip(1)
}

fn is_aufs_dir(d: &str) -> bool {
    d.starts_with(".wh..wh.") && d != OPAQUE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_name() {
        assert_eq!(classify("etc/passwd"), Whiteout::None);
        assert_eq!(
            classify("etc/.wh.passwd"),
            Whiteout::File("etc/passwd".into())
        );
        assert_eq!(classify(".wh.top"), Whiteout::File("top".into()));
        assert_eq!(classify("var/.wh..wh..opq"), Whiteout::Opaque("var"));
        assert_eq!(classify(".wh..wh..opq"), Whiteout::Opaque(""));
        assert_eq!(classify(".wh..wh.plnk/123"), Whiteout::AufsInternal);
        assert_eq!(classify("a/.wh..wh.aufs"), Whiteout::AufsInternal);
        for invalid in ["a/.wh.", "a/.wh..", "a/.wh...", ".wh.."] {
            assert_eq!(classify(invalid), Whiteout::Invalid, "{invalid}");
        }
    }

    #[test]
    fn whiteout_named_directories() {
        assert!(in_whiteout_dir("a/.wh.b/c"));
        assert!(!in_whiteout_dir("a/b/.wh.c"));
        assert!(!in_whiteout_dir(".wh..wh.orph/.wh.x/y"));
        // the opaque marker's name as a directory is named like a whiteout
        assert!(in_whiteout_dir("a/.wh..wh..opq/c"));
    }
}
