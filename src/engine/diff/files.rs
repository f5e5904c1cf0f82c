//! The merged file trees compared path by path: added, removed, and for a
//! path in both, what differs ([`What`]). Both trees are sorted by path
//! (`tree::merge` builds them from a sorted map), so one merge-join pass does
//! it: O(n) time, and memory only for what differs.

use super::schema::{ChangedFile, Files, What};
use crate::engine::tree::entry::{Kind, LayerEntry};
use std::cmp::Ordering;

/// The permission bits of a tar `mode` (with setuid, setgid and sticky); the
/// bits above are file-type bits some writers add (a header matter, not a mode).
pub const PERMISSIONS: u32 = 0o7777;

/// What differs between two entries at the same path, in the order of [`What`].
/// Regular files of the same size whose content hash is missing on a side are
/// not called `content` (see [`Compared::unhashed`]).
pub fn what(a: &LayerEntry, b: &LayerEntry) -> Vec<What> {
    let mut w = Vec::new();
    let files = a.kind == Kind::File && b.kind == Kind::File;
    let bytes_differ =
        files && (a.size != b.size || matches!((a.hash, b.hash), (Some(x), Some(y)) if x != y));
    for (differs, x) in [
        (bytes_differ, What::Content),
        (a.size != b.size, What::Size),
        (a.mode & PERMISSIONS != b.mode & PERMISSIONS, What::Mode),
        (a.uid != b.uid || a.gid != b.gid, What::Owner),
        (a.kind != b.kind, What::Type),
        (a.link != b.link, What::Link),
        (a.mtime != b.mtime, What::Mtime),
    ] {
        if differs {
            w.push(x);
        }
    }
    w
}

/// Two regular files of the same size, one without a content hash: their
/// bytes could not be compared.
pub fn unhashed(a: &LayerEntry, b: &LayerEntry) -> bool {
    a.kind == Kind::File
        && b.kind == Kind::File
        && a.size == b.size
        && (a.hash.is_none() || b.hash.is_none())
}

/// The trees compared, with how many file pairs could not be compared by bytes.
#[derive(Debug, Default)]
pub struct Compared {
    /// Added, removed, changed.
    pub files: Files,
    /// Regular files of equal size compared without a content hash.
    pub unhashed: u64,
}

/// Compares two trees sorted by path (an unsorted input is sorted first, by index).
pub fn compare(a: &[LayerEntry], b: &[LayerEntry]) -> Compared {
    let sorted = |t: &[LayerEntry]| t.is_sorted_by(|x, y| x.path <= y.path);
    if !sorted(a) || !sorted(b) {
        let mut ia: Vec<&LayerEntry> = a.iter().collect();
        let mut ib: Vec<&LayerEntry> = b.iter().collect();
        ia.sort_by(|x, y| x.path.cmp(&y.path));
        ib.sort_by(|x, y| x.path.cmp(&y.path));
        return join(ia.into_iter(), ib.into_iter());
    }
    join(a.iter(), b.iter())
}

fn join<'a>(
    mut a: impl Iterator<Item = &'a LayerEntry>,
    mut b: impl Iterator<Item = &'a LayerEntry>,
) -> Compared {
    let mut out = Compared::default();
    let (mut x, mut y) = (a.next(), b.next());
    loop {
        match (x, y) {
            (None, None) => break,
            (Some(ea), None) => {
                out.files.removed.push(ea.path.clone());
                x = a.next();
            }
            (None, Some(eb)) => {
                out.files.added.push(eb.path.clone());
                y = b.next();
            }
            (Some(ea), Some(eb)) => match ea.path.cmp(&eb.path) {
                Ordering::Less => {
                    out.files.removed.push(ea.path.clone());
                    x = a.next();
                }
                Ordering::Greater => {
                    out.files.added.push(eb.path.clone());
                    y = b.next();
                }
                Ordering::Equal => {
                    let w = what(ea, eb);
                    out.unhashed += u64::from(unhashed(ea, eb));
                    if !w.is_empty() {
                        out.files.changed.push(ChangedFile {
                            path: ea.path.clone(),
                            what: w,
                            a_size: ea.size,
                            b_size: eb.size,
                        });
                    }
                    x = a.next();
                    y = b.next();
                }
            },
        }
    }
    out
}

/// The trees are the same but for mtimes: nothing added or removed, and no
/// changed path differs in anything but its mtime.
pub fn same_but_mtimes(f: &Files) -> bool {
    f.added.is_empty()
        && f.removed.is_empty()
        && f.changed
            .iter()
            .all(|c| c.what.iter().all(|w| *w == What::Mtime))
}
