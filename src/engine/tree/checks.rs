//! The checks of one tar entry that need nothing but the entry: its name
//! (path safety), its type and mode (tar oddities, device nodes, overlayfs
//! whiteouts) and where a symlink points. Each returns the findings as
//! `(code, message)`; [`super::layer::LayerWalker`] files them at the
//! entry's path.

use super::entry::Kind;
use crate::engine::finding::Code;
use crate::engine::path::{clean_from, is_confusable, parent, CleanPath};
use crate::engine::tar::{EntryKind, TarEntry};

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
    out
}

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
    if e.sparse {
        out.push((Code::TarSparse, format!("`{shown}` is a sparse file")));
    }
    out
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
