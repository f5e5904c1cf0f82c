//! The checks of one tar entry that need nothing but the entry: its name
//! (path safety), its type and mode (tar oddities, device nodes, overlayfs
//! whiteouts) and where a symlink points. Each returns the findings as
//! `(code, message)`; [`super::layer::LayerWalker`] files them at the
//! entry's path.

use super::entry::Kind;
use crate::engine::finding::Code;
use crate::engine::path::{clean_from, is_confusable, parent, CleanPath};
use crate::engine::tar::{EntryKind, TarEntry};
use std::collections::{HashMap, VecDeque};

/// A finding of an entry, before its location is known.
pub type Found = (Code, String);

/// The entry's name: not UTF-8, confusable, `..`, absolute. `shown` is
/// the name as reported (canonical when it has one).
pub fn path_findings(e: &TarEntry, c: &CleanPath, shown: &str) -> Vec<Found> {
    let raw = e.path.as_str();
    let mut out = Vec::new();
    if !e.path_is_utf8 {
        out.push((Code::TarNameNotUtf8, format!("`{shown}` is not UTF-8")));
    }
    if is_confusable(raw) || e.link.as_deref().is_some_and(is_confusable) {
        out.push((
            Code::PathSafetyConfusableName,
            format!(
                "`{}` contains bidi-control or zero-width characters",
                raw.escape_default()
            ),
        ));
    }
    if c.dotdot {
        out.push((
            Code::PathSafetyDotdot,
            format!("entry name `{raw}` has a `..` component"),
        ));
    }
    if c.absolute {
        out.push((
            Code::PathSafetyAbsolute,
            format!("entry name `{raw}` is absolute"),
        ));
    }
    if let Some(long) = raw.split('/').find(|n| n.len() > NAME_MAX) {
        out.push((
            Code::LimitsPathLength,
            format!(
                "`{shown}` has a name of {} bytes, over the {NAME_MAX} a Linux file system takes (NAME_MAX)",
                long.len()
            ),
        ));
    }
    out
}

/// The most symlinks a resolver follows for one path before it gives up:
/// containerd's `fs.RootPath` and `filepath-securejoin` (containers/storage,
/// umoci) stop at 255 ("too many links").
const MAX_SYMLINKS: usize = 255;

/// Whether directory `dir` (canonical, relative to the root), resolved
/// inside the root through `symlinks` (canonical path → target) as the Go
/// extractors resolve it (`..` stops at the root, an absolute target starts
/// from it), follows more than [`MAX_SYMLINKS`] links: a loop.
pub fn symlink_loop(dir: &str, symlinks: &HashMap<String, String>) -> bool {
    let mut todo: VecDeque<String> = dir.split('/').map(str::to_string).collect();
    let mut at: Vec<String> = Vec::new();
    let mut hops = 0;
    while let Some(part) = todo.pop_front() {
        match part.as_str() {
            "" | "." => continue,
            ".." => {
                at.pop();
                continue;
            }
            _ => at.push(part),
        }
        let Some(target) = symlinks.get(&at.join("/")) else {
            continue;
        };
        hops += 1;
        if hops > MAX_SYMLINKS {
            return true;
        }
        at.pop();
        if target.starts_with('/') {
            at.clear();
        }
        for p in target.split('/').rev() {
            todo.push_front(p.to_string());
        }
    }
    false
}

/// The longest file name Linux file systems take (`NAME_MAX`): an extractor
/// cannot create a longer one ("file name too long").
const NAME_MAX: usize = 255;

/// An entry whose name cleans to nothing: the root (which must be a
/// directory) or an unusable name. Returns the path to file it at.
pub fn empty_name(raw: &str, kind: Kind) -> Option<(&str, Found)> {
    let root =
        raw.trim_matches(|ch| ch == '/' || ch == '.').is_empty() && !raw.is_empty() || raw == ".";
    if root {
        (kind != Kind::Dir).then(|| {
            let m = format!("entry `{raw}` names the root but is a {kind:?}, not a directory");
            ("/", (Code::PathSafetyRootNotDir, m))
        })
    } else {
        (kind != Kind::Dir || raw.is_empty()).then(|| {
            let m = format!("entry with an unusable name `{}`", raw.escape_default());
            (raw, (Code::PathSafetyEmptyName, m))
        })
    }
}

/// Tar oddities of the header: an unknown type flag, a sparse file.
pub fn type_findings(e: &TarEntry, shown: &str) -> Vec<Found> {
    let mut out = Vec::new();
    if let EntryKind::Other(flag) = e.kind {
        out.push((
            Code::TarUnknownType,
            format!("`{shown}` has unknown type flag `{}`", flag.escape_ascii()),
        ));
    }
    if e.type_flag == b'7' {
        out.push((
            Code::TarUnknownType,
            format!(
                "`{shown}` has type flag `7` (contiguous file): POSIX lets a reader take it for a regular file, the Go extractors refuse it"
            ),
        ));
    }
    if e.sparse {
        out.push((Code::TarSparse, format!("`{shown}` is a sparse file")));
    }
    out
}

/// The `found` of a `tar.sparse` finding of an old-GNU sparse file (type
/// `S`): Go's `archive/tar` reads it but keeps the type, which the Go
/// extractors (containerd, containers/storage, umoci) do not handle
/// ("unhandled tar header type 83", "unknown typeflag '\x53'").
pub const SPARSE_OLD_GNU: &str = "old-GNU sparse (type S)";
/// The `found` of a `tar.sparse` finding of PAX `GNU.sparse` 0.0/0.1
/// records without a `GNU.sparse.numblocks` that counts the pairs of
/// `GNU.sparse.map`: Go's `archive/tar` refuses the header
/// ("archive/tar: invalid tar header").
pub const SPARSE_PAX_0_INCOMPLETE: &str = "PAX GNU.sparse 0.x, map and numblocks disagree";
/// The `found` of any other `tar.sparse` finding (PAX 1.0, a complete 0.x map).
pub const SPARSE_PAX: &str = "PAX GNU.sparse";

/// Which form of sparse file `e` is (a `tar.sparse` finding's `found`).
pub fn sparse_form(e: &TarEntry) -> &'static str {
    if e.type_flag == b'S' {
        SPARSE_OLD_GNU
    } else if e.sparse_map_incomplete {
        SPARSE_PAX_0_INCOMPLETE
    } else {
        SPARSE_PAX
    }
}

/// What the node is: an overlayfs whiteout (device 0/0, or the opaque
/// xattr), a device node or FIFO, a setuid or setgid file.
pub fn node_findings(e: &TarEntry, kind: Kind, shown: &str) -> Vec<Found> {
    let mut out = Vec::new();
    if kind == Kind::CharDevice && e.dev_major == 0 && e.dev_minor == 0 {
        out.push((
            Code::WhiteoutOverlayFormat,
            format!("`{shown}` is an overlayfs whiteout (character device 0/0)"),
        ));
    } else if matches!(kind, Kind::CharDevice | Kind::BlockDevice | Kind::Fifo) {
        out.push((
            Code::TarDeviceNode,
            format!("`{shown}` is a {kind:?} ({}, {})", e.dev_major, e.dev_minor),
        ));
    }
    if e.xattrs.iter().any(|(k, _)| k == "trusted.overlay.opaque") {
        out.push((
            Code::WhiteoutOverlayFormat,
            format!("`{shown}` carries the overlayfs attribute trusted.overlay.opaque"),
        ));
    }
    if kind == Kind::File && e.mode & 0o6000 != 0 {
        let which = if e.mode & 0o4000 != 0 {
            "setuid"
        } else {
            "setgid"
        };
        out.push((
            Code::TarSetuidSetgid,
            format!("`{shown}` is {which} (mode {:o})", e.mode),
        ));
    }
    out
}

/// A relative symlink at `path` whose target climbs above the root.
pub fn symlink_escape(path: &str, target: &str, shown: &str) -> Option<Found> {
    if target.starts_with('/') {
        return None;
    }
    let dir: Vec<&str> = parent(path).split('/').filter(|s| !s.is_empty()).collect();
    clean_from(&dir, target).escapes.then(|| {
        (
            Code::PathSafetySymlinkEscape,
            format!("symlink `{shown}` → `{target}` climbs above the root"),
        )
    })
}
