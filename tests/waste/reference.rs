//! The reference: a plain walk over each layer with the `tar` crate, applying the layers
//! as the image-spec says and the waste model of analysis.md §1, with its own simple code
//! (nothing from the engine). Regular files carry the sha256 of their bytes, so the merged
//! tree can be checked against the real tools' rootfs byte for byte, and "same bytes"
//! (metadata-only vs overwritten, duplicates) is decided on content.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    Symlink,
    Hardlink,
    Other,
}

/// One entry of a layer (whiteouts and opaque markers are kept apart, see [`Layer`]).
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: String,
    pub kind: Kind,
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    /// The tar header's size (0 for hard links).
    pub size: u64,
    /// Symlink or hard-link target.
    pub link: Option<String>,
    /// sha256 of a regular file's bytes.
    pub sha: Option<String>,
}

/// A layer as the walk read it.
#[derive(Debug, Default)]
pub struct Layer {
    /// Paths removed by `.wh.NAME` (NAME's path).
    pub whiteouts: Vec<String>,
    /// Directories marked `.wh..wh..opq` ("" for the root).
    pub opaque: Vec<String>,
    /// Every other entry, in tar order.
    pub entries: Vec<Entry>,
}

/// `./a/b/` → `a/b`.
pub fn clean(p: &str) -> String {
    p.trim_start_matches("./")
        .trim_start_matches('/')
        .trim_end_matches('/')
        .to_string()
}

fn split(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Reads one layer tar.
pub fn read_layer(bytes: &[u8]) -> Layer {
    let mut layer = Layer::default();
    for e in tar::Archive::new(bytes).entries().unwrap() {
        let mut e = e.unwrap();
        let path = clean(&e.path().unwrap().to_string_lossy());
        if path.is_empty() || path == "." {
            continue;
        }
        let (dir, name) = split(&path);
        if name == ".wh..wh..opq" {
            layer.opaque.push(dir.to_string());
            continue;
        }
        if let Some(hidden) = name.strip_prefix(".wh.") {
            layer.whiteouts.push(join(dir, hidden));
            continue;
        }
        let h = e.header().clone();
        let kind = match h.entry_type() {
            tar::EntryType::Regular | tar::EntryType::Continuous => Kind::File,
            tar::EntryType::Directory => Kind::Dir,
            tar::EntryType::Symlink => Kind::Symlink,
            tar::EntryType::Link => Kind::Hardlink,
            _ => Kind::Other,
        };
        let link = e
            .link_name()
            .unwrap()
            .map(|l| l.to_string_lossy().into_owned());
        let sha = (kind == Kind::File).then(|| {
            let mut body = Vec::new();
            e.read_to_end(&mut body).unwrap();
            hex::encode(Sha256::digest(&body))
        });
        layer.entries.push(Entry {
            path,
            kind,
            mode: h.mode().unwrap() & 0o7777,
            uid: h.uid().unwrap(),
            gid: h.gid().unwrap(),
            size: e.size(),
            link: if kind == Kind::Hardlink {
                link.map(|l| clean(&l))
            } else {
                link
            },
            sha,
        });
    }
    layer
}

/// Why a copy is wasted (analysis.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WasteKind {
    Overwritten,
    MetadataOnly,
    Deleted,
    OpaqueHidden,
}

impl WasteKind {
    /// The report's name.
    pub fn name(self) -> &'static str {
        match self {
            WasteKind::Overwritten => "overwritten",
            WasteKind::MetadataOnly => "metadata-only",
            WasteKind::Deleted => "deleted",
            WasteKind::OpaqueHidden => "opaque-hidden",
        }
    }
}

/// One wasted copy of a regular file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Item {
    pub path: String,
    pub layer: u32,
    pub bytes: u64,
    pub kind: WasteKind,
    pub by_layer: u32,
}

/// An entry of the merged tree and the layer it comes from.
#[derive(Debug, Clone)]
pub struct Node {
    pub entry: Entry,
    pub layer: u32,
}

/// The merge of an image's layers and where its bytes went.
#[derive(Debug, Default)]
pub struct Merged {
    /// The final file system.
    pub tree: BTreeMap<String, Node>,
    /// Every wasted copy.
    pub items: Vec<Item>,
    /// Regular-file bytes over all layers (hard links weigh 0).
    pub total_bytes: u64,
    /// The layers as read.
    pub layers: Vec<Layer>,
}

impl Merged {
    /// Applies `layers` (decompressed tars, bottom first).
    pub fn new(layer_tars: &[Vec<u8>]) -> Merged {
        let mut m = Merged::default();
        for (i, bytes) in layer_tars.iter().enumerate() {
            let layer = read_layer(bytes);
            m.apply(&layer, u32::try_from(i).unwrap());
            m.layers.push(layer);
        }
        m
    }

    fn apply(&mut self, layer: &Layer, i: u32) {
        // whiteouts and opaque markers act on the lower layers only: before this layer's entries
        for w in &layer.whiteouts {
            self.remove(w, true, WasteKind::Deleted, i);
        }
        for d in &layer.opaque {
            self.remove(d, false, WasteKind::OpaqueHidden, i);
        }
        for e in &layer.entries {
            if e.kind == Kind::File {
                self.total_bytes += e.size;
            }
            let content = self.content(e);
            if let Some(old) = self.tree.get(&e.path) {
                if old.entry.kind == Kind::File {
                    let kind = if content.is_some() && content == old.entry.sha {
                        WasteKind::MetadataOnly
                    } else {
                        WasteKind::Overwritten
                    };
                    self.items.push(item(old, kind, i));
                }
                if old.entry.kind == Kind::Dir && e.kind != Kind::Dir {
                    self.remove(&e.path, false, WasteKind::Overwritten, i);
                }
            }
            self.tree.insert(
                e.path.clone(),
                Node {
                    entry: e.clone(),
                    layer: i,
                },
            );
        }
    }

    /// The bytes' sha256 of a file, or of a hard link's target.
    fn content(&self, e: &Entry) -> Option<String> {
        match e.kind {
            Kind::File => e.sha.clone(),
            Kind::Hardlink => self.tree.get(e.link.as_deref()?)?.entry.sha.clone(),
            _ => None,
        }
    }

    /// Removes everything below `path` ("" = the root), and `path` itself if `itself`.
    fn remove(&mut self, path: &str, itself: bool, kind: WasteKind, by: u32) {
        let prefix = if path.is_empty() {
            String::new()
        } else {
            format!("{path}/")
        };
        let doomed: Vec<String> = self
            .tree
            .keys()
            .filter(|k| k.starts_with(&prefix) || (itself && k.as_str() == path))
            .cloned()
            .collect();
        for k in doomed {
            let node = self.tree.remove(&k).unwrap();
            if node.entry.kind == Kind::File {
                self.items.push(item(&node, kind, by));
            }
        }
    }

    /// Regular-file bytes in the final tree.
    pub fn final_bytes(&self) -> u64 {
        self.tree
            .values()
            .filter(|n| n.entry.kind == Kind::File)
            .map(|n| n.entry.size)
            .sum()
    }

    /// The sum of the wasted copies.
    pub fn wasted_bytes(&self) -> u64 {
        self.items.iter().map(|i| i.bytes).sum()
    }

    /// final / total, 1.0 for an empty image.
    pub fn score(&self) -> f64 {
        if self.total_bytes == 0 {
            1.0
        } else {
            self.final_bytes() as f64 / self.total_bytes as f64
        }
    }

    /// The wasted bytes held by each layer.
    pub fn layer_wasted(&self) -> Vec<u64> {
        let mut out = vec![0; self.layers.len()];
        for it in &self.items {
            out[it.layer as usize] += it.bytes;
        }
        out
    }

    /// Identical non-empty regular files at ≥ 2 paths of the final tree (hard links are
    /// their target, not a copy): (size of one copy, sorted paths), sorted.
    pub fn duplicates(&self) -> Vec<(u64, Vec<String>)> {
        let mut by: BTreeMap<(u64, String), Vec<String>> = BTreeMap::new();
        for (p, n) in &self.tree {
            if let (Kind::File, Some(sha)) = (n.entry.kind, &n.entry.sha) {
                if n.entry.size > 0 {
                    by.entry((n.entry.size, sha.clone()))
                        .or_default()
                        .push(p.clone());
                }
            }
        }
        let mut out: Vec<_> = by
            .into_iter()
            .filter(|(_, p)| p.len() > 1)
            .map(|((size, _), paths)| (size, paths))
            .collect();
        out.sort();
        out
    }
}

fn item(n: &Node, kind: WasteKind, by_layer: u32) -> Item {
    Item {
        path: n.entry.path.clone(),
        layer: n.layer,
        bytes: n.entry.size,
        kind,
        by_layer,
    }
}
