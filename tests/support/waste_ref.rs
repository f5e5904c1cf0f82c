//! A reference for the waste model of docs/efficiency.md, written apart from
//! the engine: each layer tar is read with the `tar` crate, the layers are
//! applied in order with a plain map, and every hidden regular-file copy is
//! recorded. Bytes are compared whole (not by hash). The crafted efficiency
//! cases check the engine's `images[].efficiency` against it.

use ocilens::engine::report::{Image, WasteKind};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

/// What a path holds in the reference file system.
#[derive(Clone, Debug)]
struct Node {
    dir: bool,
    /// Regular files: their bytes (hard links and the rest: `None`, weight 0).
    bytes: Option<Vec<u8>>,
    /// Hard links: the target's path (the link holds the target's bytes).
    link: Option<String>,
    layer: u32,
}

/// One wasted copy: (path, layer, bytes, kind, by_layer).
pub type Item = (String, u32, u64, WasteKind, u32);

/// The reference's numbers for one image.
#[derive(Debug, Default)]
pub struct Reference {
    pub total: u64,
    pub final_bytes: u64,
    pub items: Vec<Item>,
    pub per_layer: Vec<u64>,
    /// (bytes of one copy, sorted paths)
    pub duplicates: BTreeSet<(u64, Vec<String>)>,
}

fn clean(p: &str) -> String {
    p.trim_start_matches("./")
        .trim_start_matches('/')
        .trim_end_matches('/')
        .to_string()
}

fn below(fs: &BTreeMap<String, Node>, dir: &str) -> Vec<String> {
    let prefix = format!("{dir}/");
    fs.keys()
        .filter(|k| dir.is_empty() || k.starts_with(&prefix))
        .cloned()
        .collect()
}

/// Removes `keys` from `fs`, recording the regular files as `kind` by `by`.
fn hide(
    fs: &mut BTreeMap<String, Node>,
    keys: Vec<String>,
    kind: WasteKind,
    by: u32,
    r: &mut Reference,
) {
    for k in keys {
        if let Some(n) = fs.remove(&k) {
            wasted(&k, &n, kind, by, r);
        }
    }
}

fn wasted(path: &str, n: &Node, kind: WasteKind, by: u32, r: &mut Reference) {
    if let Some(b) = n.bytes.as_ref().filter(|b| !b.is_empty()) {
        r.items
            .push((path.to_string(), n.layer, b.len() as u64, kind, by));
        r.per_layer[n.layer as usize] += b.len() as u64;
    }
}

/// A whiteout's target (`Some(())`) or an opaque marker's directory (`None`).
type Marker = (String, Option<()>);

/// A hard link's target path.
fn hard_link_target<R: Read>(e: &tar::Entry<'_, R>) -> Option<String> {
    let link = e.link_name().ok().flatten()?;
    e.header()
        .entry_type()
        .is_hard_link()
        .then(|| clean(&link.to_string_lossy()))
}

/// The bytes `node` holds: a hard link holds its target's.
fn content(fs: &BTreeMap<String, Node>, node: &Node) -> Option<Vec<u8>> {
    match &node.link {
        Some(target) => fs.get(target).and_then(|n| n.bytes.clone()),
        None => node.bytes.clone(),
    }
}

/// One layer tar read with the `tar` crate: its markers and its writes.
fn read_layer(tar: &[u8], layer: u32) -> (Vec<Marker>, Vec<(String, Node)>) {
    let mut markers = Vec::new();
    let mut writes = Vec::new();
    let mut archive = tar::Archive::new(tar);
    for e in archive.entries().unwrap() {
        let mut e = e.unwrap();
        let path = clean(&String::from_utf8_lossy(&e.path_bytes()));
        let kind = e.header().entry_type();
        let mut body = Vec::new();
        e.read_to_end(&mut body).unwrap();
        let base = path.rsplit('/').next().unwrap_or("").to_string();
        let parent = path
            .rsplit_once('/')
            .map_or(String::new(), |(p, _)| p.to_string());
        if base == ".wh..wh..opq" {
            markers.push((parent, None));
        } else if let Some(name) = base.strip_prefix(".wh.") {
            let target = if parent.is_empty() {
                name.to_string()
            } else {
                format!("{parent}/{name}")
            };
            markers.push((target, Some(())));
        } else {
            let node = Node {
                dir: kind.is_dir(),
                bytes: kind.is_file().then_some(body),
                link: hard_link_target(&e),
                layer,
            };
            writes.push((path, node));
        }
    }
    (markers, writes)
}

/// Applies `layers` (uncompressed tars) in order.
pub fn reference(layers: &[Vec<u8>]) -> Reference {
    let mut r = Reference {
        per_layer: vec![0; layers.len()],
        ..Reference::default()
    };
    let mut fs: BTreeMap<String, Node> = BTreeMap::new();
    for (i, tar) in layers.iter().enumerate() {
        let layer = i as u32;
        let (markers, writes) = read_layer(tar, layer);
        // whiteouts and opaque markers first: they never apply to their own layer
        for (target, whiteout) in markers {
            match whiteout {
                None => {
                    let keys = below(&fs, &target);
                    hide(&mut fs, keys, WasteKind::OpaqueHidden, layer, &mut r);
                }
                Some(()) => {
                    let mut keys = below(&fs, &target);
                    keys.push(target.clone());
                    hide(&mut fs, keys, WasteKind::Deleted, layer, &mut r);
                }
            }
        }
        for (path, node) in writes {
            r.total += node.bytes.as_ref().map_or(0, |b| b.len() as u64);
            if !node.dir && fs.get(&path).is_some_and(|n| n.dir) {
                let keys = below(&fs, &path);
                hide(&mut fs, keys, WasteKind::Overwritten, layer, &mut r);
            }
            let content = content(&fs, &node);
            if let Some(lower) = fs.remove(&path) {
                let same = lower.bytes.is_some() && lower.bytes == content;
                let kind = if same {
                    WasteKind::MetadataOnly
                } else {
                    WasteKind::Overwritten
                };
                wasted(&path, &lower, kind, layer, &mut r);
            }
            fs.insert(path, node);
        }
    }
    let mut groups: BTreeMap<Vec<u8>, Vec<String>> = BTreeMap::new();
    for (path, n) in &fs {
        if let Some(b) = &n.bytes {
            r.final_bytes += b.len() as u64;
            if !b.is_empty() {
                groups.entry(b.clone()).or_default().push(path.clone());
            }
        }
    }
    r.duplicates = groups
        .into_iter()
        .filter(|(_, p)| p.len() > 1)
        .map(|(b, p)| (b.len() as u64, p))
        .collect();
    r
}

/// The engine's efficiency of `img` equals the reference of its layers.
pub fn assert_matches(img: &Image, layers: &[Vec<u8>]) {
    let want = reference(layers);
    let e = img.efficiency.as_ref().expect("an image has an efficiency");
    let wasted: u64 = want.items.iter().map(|i| i.2).sum();
    assert_eq!(e.total_bytes, want.total, "total_bytes");
    assert_eq!(e.final_bytes, want.final_bytes, "final_bytes");
    assert_eq!(e.wasted_bytes, wasted, "wasted_bytes");
    assert_eq!(
        want.total,
        want.final_bytes + wasted,
        "the reference adds up"
    );
    let score = if want.total == 0 {
        1.0
    } else {
        want.final_bytes as f64 / want.total as f64
    };
    assert_eq!(e.score, score, "score");
    for k in WasteKind::ALL {
        let of_kind: u64 = want.items.iter().filter(|i| i.3 == k).map(|i| i.2).sum();
        assert_eq!(e.by_kind.get(k), of_kind, "by_kind {}", k.as_str());
    }
    let mut got: Vec<Item> = e
        .items
        .iter()
        .map(|i| (i.path.clone(), i.layer, i.bytes, i.kind, i.by_layer))
        .collect();
    let mut expected = want.items.clone();
    got.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    expected.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    assert_eq!(got, expected, "items");
    assert_eq!(e.items_total, want.items.len() as u64, "items_total");
    let per_layer: Vec<u64> = img.layers.iter().map(|l| l.wasted_bytes.unwrap()).collect();
    assert_eq!(per_layer, want.per_layer, "layers[].wasted_bytes");
    let dups: BTreeSet<(u64, Vec<String>)> = e
        .duplicates
        .iter()
        .map(|d| (d.bytes, d.paths.clone()))
        .collect();
    assert_eq!(dups, want.duplicates, "duplicates");
    let gain: u64 = want
        .duplicates
        .iter()
        .map(|(b, p)| b * (p.len() as u64 - 1))
        .sum();
    assert_eq!(e.duplicate_bytes, gain, "duplicate_bytes");
    assert_eq!(
        e.duplicates_total,
        want.duplicates.len() as u64,
        "duplicates_total"
    );
}
