//! Where a path of the image is, over the layers' listings (no bytes read):
//! the merged view (the top-most layer that holds the path after whiteouts
//! and opaque directories, merged exactly as the report's tree is by
//! `tree::merge`) or the copy in one layer.
//!
//! Symlinks are followed within the image as Linux's `path_resolution(7)`
//! does inside a `chroot`: an absolute target starts again at the image root,
//! `..` at the root stays at the root, and more than [`Limits::symlink_hops`]
//! (40, `MAXSYMLINKS`) links end in [`Resolved::SymlinkLoop`]. A hard link
//! has the bytes of its target as they were when its layer was applied: the
//! latest entry of that path earlier in the same layer, else the file the
//! lower layers left there.
//!
//! > Hardlinks … MUST be resolved within the image's filesystem; whiteout
//! > files … remove the named path of lower layers. (image-spec `layer.md`)
//!
//! [`Limits::symlink_hops`]: crate::engine::limits::Limits::symlink_hops

use crate::engine::finding::Location;
use crate::engine::path::is_under;
use crate::engine::tree::entry::{Kind, LayerEntry};
use crate::engine::tree::merge::{merge, LayerInput};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};

/// Which copy of a path: the image as it runs, or one layer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "view", content = "layer")]
pub enum Selector {
    /// The merged file system (top-most layer, after whiteouts).
    Merged,
    /// The entry of layer N itself (its parents resolved in layers 0..=N).
    Layer(u32),
}

/// One regular file's bytes: an entry of one layer's tar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    /// Layer index (in the image's manifest order).
    pub layer: u32,
    /// Canonical path of the entry in that layer.
    pub path: String,
    /// Which of the layer's entries with that path (0 = the first in tar
    /// order); a layer may list a path twice, and the last one wins.
    pub occurrence: u32,
    /// Size the listing declares.
    pub size: u64,
}

/// What a path is, once resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Resolved {
    /// A regular file (after following symlinks and hard links).
    File {
        /// Where its bytes are.
        file: FileRef,
        /// The links followed on the way, each as `path → target`.
        links: Vec<String>,
    },
    /// A directory, device, FIFO or other node: no bytes to show.
    NotRegular {
        /// Canonical path.
        path: String,
        /// What it is.
        node: Kind,
        /// The layer of the entry (`None` for the root or a directory no
        /// layer lists but its contents imply).
        layer: Option<u32>,
    },
    /// Layer N removes the path (a whiteout): it holds no copy of it.
    Whiteout {
        /// Canonical path.
        path: String,
        /// The layer whose whiteout it is.
        layer: u32,
    },
    /// No such path in the merged view.
    NotFound {
        /// Canonical path looked up.
        path: String,
        /// The layer whose whiteout or opaque directory hides a lower copy.
        removed_by: Option<u32>,
        /// The symlinks followed to get there (a dangling link's target is
        /// what was not found).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        links: Vec<String>,
    },
    /// Layer N has no entry at the path.
    NotInLayer {
        /// Canonical path.
        path: String,
        /// The layer asked for.
        layer: u32,
        /// The layers that do list it.
        present_in: Vec<u32>,
    },
    /// A component of the path is a file, not a directory (`ENOTDIR`).
    NotADirectory {
        /// The component's canonical path.
        path: String,
    },
    /// More symlinks than the hop limit (`ELOOP`).
    SymlinkLoop {
        /// Where the walk was when it gave up.
        path: String,
        /// Hops taken.
        hops: u32,
    },
    /// A hard link whose target is in neither its layer nor a lower one.
    DanglingHardlink {
        /// The link.
        path: String,
        /// Its target.
        target: String,
    },
    /// The image has no layer N.
    NoSuchLayer {
        /// The layer asked for.
        layer: u32,
        /// How many layers the image has.
        layers: u32,
    },
}

/// The file system after some layers: path → the entry that won (its
/// `layer` set), sorted so that a directory's contents follow it.
type Fs = BTreeMap<String, LayerEntry>;

fn is_marker(e: &LayerEntry) -> bool {
    matches!(e.kind, Kind::Whiteout | Kind::Opaque)
}

fn layer_no(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The merge of `layers[..=top]`, as `tree::merge` builds the report's view.
fn view(layers: &[&[LayerEntry]], top: usize) -> Fs {
    let inputs: Vec<LayerInput<'_>> = layers
        .iter()
        .take(top.saturating_add(1))
        .enumerate()
        .map(|(i, entries)| LayerInput {
            entries,
            lower_links: &[],
            location: Location::default(),
            index: layer_no(i),
        })
        .collect();
    merge(&inputs, true)
        .merged
        .into_iter()
        .map(|e| (e.path.clone(), e))
        .collect()
}

/// Whether `fs` has entries under `dir` (a directory no entry lists itself).
fn has_children(fs: &Fs, dir: &str) -> bool {
    let start = format!("{dir}/");
    fs.range(start..)
        .next()
        .is_some_and(|(k, _)| is_under(k, dir))
}

fn components(raw: &str) -> impl Iterator<Item = String> + '_ {
    raw.split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .map(str::to_string)
}

/// A walk through the directories of one view, following symlinks.
struct Walk<'a> {
    fs: &'a Fs,
    hops: u32,
    max_hops: u32,
    links: Vec<String>,
}

impl Walk<'_> {
    /// Resolves `raw` from the directory `base` (components); `follow_last`
    /// follows a symlink in the last component too. Returns the canonical
    /// components of what it names (which may not exist).
    fn walk(
        &mut self,
        base: &[String],
        raw: &str,
        follow_last: bool,
    ) -> Result<Vec<String>, Resolved> {
        let mut done: Vec<String> = if raw.starts_with('/') {
            Vec::new()
        } else {
            base.to_vec()
        };
        let mut todo: VecDeque<String> = components(raw).collect();
        while let Some(c) = todo.pop_front() {
            if c == ".." {
                done.pop();
                continue;
            }
            done.push(c);
            let here = done.join("/");
            let last = todo.is_empty();
            match self.fs.get(&here) {
                Some(e) if e.kind == Kind::Symlink && (follow_last || !last) => {
                    self.hops = self.hops.saturating_add(1);
                    if self.hops > self.max_hops {
                        let hops = self.hops;
                        return Err(Resolved::SymlinkLoop { path: here, hops });
                    }
                    let target = e.link.clone().unwrap_or_default();
                    self.links.push(format!("{here} → {target}"));
                    done.pop();
                    if target.starts_with('/') {
                        done.clear();
                    }
                    let mut next: VecDeque<String> = components(&target).collect();
                    next.extend(todo);
                    todo = next;
                }
                Some(e) if !last && e.kind != Kind::Dir => {
                    return Err(Resolved::NotADirectory { path: here });
                }
                _ => {}
            }
        }
        Ok(done)
    }
}

/// The entries of one layer with `path` that are not whiteout markers, with
/// their positions in the listing.
fn copies<'a>(
    entries: &'a [LayerEntry],
    path: &'a str,
) -> impl Iterator<Item = (usize, &'a LayerEntry)> {
    entries
        .iter()
        .enumerate()
        .filter(move |(_, e)| !is_marker(e) && e.path == path)
}

/// The last copy of `path` in `entries` before position `before`, with its occurrence number.
fn last_copy<'a>(
    entries: &'a [LayerEntry],
    path: &'a str,
    before: usize,
) -> Option<(usize, u32, &'a LayerEntry)> {
    copies(entries, path)
        .take_while(|(i, _)| *i < before)
        .enumerate()
        .last()
        .map(|(n, (i, e))| (i, layer_no(n), e))
}

/// Resolves `raw` (absolute or not, always from the image root) in `layers`
/// (the image's listings, bottom first) as `selector` asks.
pub fn resolve(layers: &[&[LayerEntry]], selector: Selector, raw: &str, max_hops: u32) -> Resolved {
    let count = layer_no(layers.len());
    let top = match selector {
        Selector::Merged => count.checked_sub(1),
        Selector::Layer(n) => Some(n).filter(|&n| n < count),
    };
    let Some(top) = top.map(|t| t as usize) else {
        let layer = match selector {
            Selector::Layer(n) => n,
            Selector::Merged => 0,
        };
        return Resolved::NoSuchLayer {
            layer,
            layers: count,
        };
    };
    let fs = view(layers, top);
    let mut walk = Walk {
        fs: &fs,
        hops: 0,
        max_hops,
        links: Vec::new(),
    };
    let merged = selector == Selector::Merged;
    let path = match walk.walk(&[], raw, merged) {
        Ok(parts) => parts.join("/"),
        Err(stop) => return stop,
    };
    let found = if merged {
        merged_entry(layers, &fs, &path, top)
    } else {
        layer_entry(layers, &mut walk, &path, top)
    };
    match found {
        Found::Entry(e, layer) => entry_result(layers, e, layer, walk.links, max_hops),
        Found::Done(Resolved::NotFound {
            path, removed_by, ..
        }) => Resolved::NotFound {
            path,
            removed_by,
            links: walk.links,
        },
        Found::Done(r) => r,
    }
}

/// What a lookup found: an entry of a layer to classify, or the answer.
enum Found {
    Entry(LayerEntry, usize),
    Done(Resolved),
}

fn implicit_dir(path: &str) -> Resolved {
    Resolved::NotRegular {
        path: path.to_string(),
        node: Kind::Dir,
        layer: None,
    }
}

/// The merged view's entry at `path` (already resolved).
fn merged_entry(layers: &[&[LayerEntry]], fs: &Fs, path: &str, top: usize) -> Found {
    match fs.get(path) {
        Some(e) => Found::Entry(e.clone(), e.layer.map_or(top, |l| l as usize)),
        None if path.is_empty() || has_children(fs, path) => Found::Done(implicit_dir(path)),
        None => Found::Done(Resolved::NotFound {
            path: path.to_string(),
            removed_by: removed_by(layers, path, top),
            links: Vec::new(),
        }),
    }
}

/// Layer `top`'s own entry at `path` (its parents resolved); a symlink there
/// is followed in the view of layers 0..=top.
fn layer_entry(layers: &[&[LayerEntry]], walk: &mut Walk<'_>, path: &str, top: usize) -> Found {
    let entries = layers.get(top).copied().unwrap_or_default();
    let layer = layer_no(top);
    let Some((_, _, e)) = last_copy(entries, path, usize::MAX) else {
        let whiteout = entries
            .iter()
            .any(|e| e.kind == Kind::Whiteout && e.path == path);
        return Found::Done(if whiteout {
            Resolved::Whiteout {
                path: path.to_string(),
                layer,
            }
        } else if entries
            .iter()
            .any(|e| !is_marker(e) && is_under(&e.path, path))
        {
            implicit_dir(path)
        } else {
            Resolved::NotInLayer {
                path: path.to_string(),
                layer,
                present_in: (0..layers.len())
                    .filter(|&i| {
                        layers
                            .get(i)
                            .is_some_and(|l| copies(l, path).next().is_some())
                    })
                    .map(layer_no)
                    .collect(),
            }
        });
    };
    if e.kind != Kind::Symlink {
        return Found::Entry(e.clone(), top);
    }
    let parent: Vec<String> = components(path).collect();
    let parent = parent
        .get(..parent.len().saturating_sub(1))
        .unwrap_or_default();
    walk.hops = walk.hops.saturating_add(1);
    walk.links
        .push(format!("{path} → {}", e.link.clone().unwrap_or_default()));
    match walk.walk(parent, e.link.as_deref().unwrap_or_default(), true) {
        Ok(parts) => merged_entry(layers, walk.fs, &parts.join("/"), top),
        Err(stop) => Found::Done(stop),
    }
}

/// The layer at or below `top` whose whiteout or opaque marker hides a copy
/// of `path` that a lower layer has.
fn removed_by(layers: &[&[LayerEntry]], path: &str, top: usize) -> Option<u32> {
    (0..=top).rev().find_map(|l| {
        let entries = layers.get(l)?;
        let hides = entries.iter().any(|e| match e.kind {
            Kind::Whiteout => e.path == path || is_under(path, &e.path),
            Kind::Opaque => is_under(path, &e.path),
            _ => false,
        });
        let lower = layers.iter().take(l).any(|below| {
            copies(below, path).next().is_some()
                || below.iter().any(|e| is_under(e.path.as_str(), path))
        });
        (hides && lower).then(|| layer_no(l))
    })
}

/// Classifies entry `e` of layer `layer`: a file, a hard link to follow, or a node.
fn entry_result(
    layers: &[&[LayerEntry]],
    e: LayerEntry,
    layer: usize,
    mut links: Vec<String>,
    max_hops: u32,
) -> Resolved {
    let entries = layers.get(layer).copied().unwrap_or_default();
    let (mut e, mut layer, mut at) = match last_copy(entries, &e.path, usize::MAX) {
        Some((i, _, found)) => (found.clone(), layer, i),
        None => (e, layer, usize::MAX),
    };
    let mut occurrence = copies(entries, &e.path)
        .take_while(|(i, _)| *i < at)
        .count();
    for _ in 0..=max_hops {
        match e.kind {
            Kind::File => {
                let file = FileRef {
                    layer: layer_no(layer),
                    path: e.path.clone(),
                    occurrence: layer_no(occurrence),
                    size: e.size,
                };
                return Resolved::File { file, links };
            }
            Kind::Hardlink => {
                let target = e.link.clone().unwrap_or_default();
                links.push(format!("{} ⇒ {target}", e.path));
                match hardlink_target(layers, layer, at, &target) {
                    Some((l, i, n, t)) => (e, layer, at, occurrence) = (t, l, i, n),
                    None => {
                        return Resolved::DanglingHardlink {
                            path: e.path.clone(),
                            target,
                        }
                    }
                }
            }
            node => {
                return Resolved::NotRegular {
                    path: e.path.clone(),
                    node,
                    layer: Some(layer_no(layer)),
                }
            }
        }
    }
    Resolved::SymlinkLoop {
        path: e.path.clone(),
        hops: max_hops,
    }
}

/// The entry a hard link at position `at` of layer `layer` points at:
/// (layer, position, occurrence, entry).
fn hardlink_target(
    layers: &[&[LayerEntry]],
    layer: usize,
    at: usize,
    target: &str,
) -> Option<(usize, usize, usize, LayerEntry)> {
    let entries = layers.get(layer).copied().unwrap_or_default();
    if let Some((i, n, e)) = last_copy(entries, target, at) {
        return Some((layer, i, n as usize, e.clone()));
    }
    let below = layer.checked_sub(1)?;
    let fs = view(layers, below);
    let e = fs.get(target)?;
    let l = e.layer.map_or(below, |l| l as usize);
    let lower = layers.get(l).copied().unwrap_or_default();
    let (i, n, found) = last_copy(lower, target, usize::MAX)?;
    Some((l, i, n as usize, found.clone()))
}
