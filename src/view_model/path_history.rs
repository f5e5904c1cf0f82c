//! A path's history: every layer that touched it, in order — which layer
//! put this file here, which ones changed it, and what removed it.
//!
//! > Changesets … are applied in order: added and modified files are
//! > written; whiteouts remove the named path of lower layers; an opaque
//! > whiteout hides every sibling in lower layers. (image-spec `layer.md`)
//!
//! Built from the report's per-layer entries with the merge's rules: in each
//! layer its whiteouts and opaque markers apply first (to lower layers only),
//! then its entries; a non-directory written over a parent directory removes
//! everything below it; of two entries at one path in a layer, the last wins.

use crate::engine::path::is_under;
use crate::engine::report::TreeLayer;
use crate::engine::tree::entry::{ContentHash, Kind, LayerEntry};

/// What a layer did to the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Written where nothing was.
    Added,
    /// Written over what a lower layer had.
    Modified,
    /// Removed by a whiteout (`.wh.NAME`) of the path or of a parent: `by` is
    /// the path the whiteout names.
    Removed {
        /// The path the whiteout removes.
        by: String,
    },
    /// Hidden by an opaque marker (`.wh..wh..opq`) of a parent directory.
    Hidden {
        /// The opaque directory.
        dir: String,
    },
    /// A parent directory was replaced by a non-directory.
    Replaced {
        /// The parent replaced.
        parent: String,
    },
    /// The path, a directory, was made opaque: the lower layers' contents
    /// below it are hidden (the directory itself stays).
    Opaqued,
}

/// An entry as a step shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Its type.
    pub kind: Kind,
    /// Bytes (regular files).
    pub size: u64,
    /// Permission bits.
    pub mode: u32,
    /// Owner.
    pub uid: u64,
    /// Group.
    pub gid: u64,
    /// Symlink or hard-link target.
    pub link: Option<String>,
    /// Content hash (xxh3-128), when the body was read.
    pub hash: Option<ContentHash>,
}

impl From<&LayerEntry> for Node {
    fn from(e: &LayerEntry) -> Self {
        Node {
            kind: e.kind,
            size: e.size,
            mode: e.mode,
            uid: e.uid,
            gid: e.gid,
            link: e.link.clone(),
            hash: e.hash,
        }
    }
}

/// What differs between two versions of the path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Diff {
    /// The type.
    pub kind: bool,
    /// The bytes: another content hash, or another size.
    pub content: bool,
    /// Permission bits.
    pub mode: bool,
    /// Owner or group.
    pub owner: bool,
    /// Link target.
    pub link: bool,
}

impl Diff {
    fn between(old: &Node, new: &Node) -> Diff {
        let content = match (old.hash, new.hash) {
            (Some(a), Some(b)) => a != b || old.size != new.size,
            _ => old.size != new.size,
        };
        Diff {
            kind: old.kind != new.kind,
            content: content && old.kind == Kind::File && new.kind == Kind::File,
            mode: old.mode & 0o7777 != new.mode & 0o7777,
            owner: old.uid != new.uid || old.gid != new.gid,
            link: old.link != new.link,
        }
    }

    /// Nothing differs but the mtime (or what the report does not carry).
    pub fn is_empty(&self) -> bool {
        *self == Diff::default()
    }
}

/// One layer's effect on the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The layer's index.
    pub layer: u32,
    /// What it did.
    pub event: Event,
    /// The entry after the step (added, modified), or the one removed.
    pub node: Node,
    /// For [`Event::Modified`]: what changed from the version below.
    pub diff: Diff,
}

fn is_marker(e: &LayerEntry) -> bool {
    matches!(e.kind, Kind::Whiteout | Kind::Opaque)
}

/// `path` without leading, trailing or doubled `/` and `.` components.
fn canonical(path: &str) -> String {
    path.split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// What the whiteouts and opaque markers of one layer (`entries`) do to
/// `path`, if it is there: a removal (the first marker that applies), or
/// the path itself made opaque.
fn marker_event(entries: &[LayerEntry], path: &str) -> Option<Event> {
    let mut opaqued = false;
    for m in entries.iter().filter(|e| is_marker(e)) {
        match m.kind {
            Kind::Whiteout if m.path == path || is_under(path, &m.path) => {
                return Some(Event::Removed { by: m.path.clone() })
            }
            Kind::Opaque if is_under(path, &m.path) => {
                return Some(Event::Hidden {
                    dir: m.path.clone(),
                })
            }
            Kind::Opaque if m.path == path => opaqued = true,
            _ => {}
        }
    }
    opaqued.then_some(Event::Opaqued)
}

/// Every layer of `layers` (in order) that touched `path`, with the entry at
/// each step. Empty when no layer has an entry at `path` or above it.
pub fn path_history(layers: &[&TreeLayer], path: &str) -> Vec<Step> {
    let path = canonical(path);
    let mut steps = Vec::new();
    let mut present: Option<Node> = None;
    for layer in layers {
        let at = |event: Event, node: Node| Step {
            layer: layer.layer,
            event,
            node,
            diff: Diff::default(),
        };
        match (marker_event(&layer.entries, &path), &present) {
            (Some(Event::Opaqued), Some(p)) => steps.push(at(Event::Opaqued, p.clone())),
            (Some(Event::Opaqued), None) | (None, _) => {}
            (Some(ev), Some(_)) => {
                if let Some(p) = present.take() {
                    steps.push(at(ev, p));
                }
            }
            (Some(_), None) => {}
        }
        let mut own: Option<&LayerEntry> = None;
        for e in layer.entries.iter().filter(|e| !is_marker(e)) {
            if e.path == path {
                own = Some(e);
            } else if e.kind != Kind::Dir && is_under(&path, &e.path) {
                if let Some(p) = present.take() {
                    let parent = e.path.clone();
                    steps.push(at(Event::Replaced { parent }, p));
                }
                own = None;
            }
        }
        if let Some(e) = own {
            let node = Node::from(e);
            let step = match present.take() {
                Some(old) => Step {
                    diff: Diff::between(&old, &node),
                    ..at(Event::Modified, node.clone())
                },
                None => at(Event::Added, node.clone()),
            };
            steps.push(step);
            present = Some(node);
        }
    }
    steps
}

#[cfg(test)]
pub(crate) mod tests;
