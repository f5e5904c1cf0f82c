//! The layers matched: by digest, then by DiffID, then by identical file
//! lists; what is left is paired by shared paths (a layer edited between
//! builds), then by position, and the rest is only in one image. Each pair
//! gets its [`MatchKind`]; [`super::layer_causes`] finds its causes.

use super::files::PERMISSIONS;
use super::schema::MatchKind;
use crate::engine::report::{LayerInfo, Report};
use crate::engine::tree::entry::{Kind, LayerEntry};
use std::collections::HashSet;
use xxhash_rust::xxh3::xxh3_64;

/// One layer of one side: its report row and its entries (when it was read).
pub struct LayerView<'r> {
    /// The layer's row in `images[].layers[]`.
    pub info: &'r LayerInfo,
    /// Its entries (tar order, markers first), from the report's tree.
    pub entries: Option<&'r [LayerEntry]>,
}

impl LayerView<'_> {
    /// The DiffID: computed, else declared.
    pub fn diff_id(&self) -> Option<&str> {
        let d = &self.info.diff_id;
        d.computed.as_deref().or(d.declared.as_deref())
    }
}

/// The layers of image `image` of `r`, with their entries.
pub fn views(r: &Report, image: u32) -> Vec<LayerView<'_>> {
    let img = r.images.get(image as usize);
    let tree = r.tree.as_ref();
    img.map(|img| {
        img.layers
            .iter()
            .map(|info| LayerView {
                info,
                entries: tree.and_then(|t| {
                    t.layers
                        .iter()
                        .find(|l| l.image == image && l.layer == info.index)
                        .map(|l| l.entries.as_slice())
                }),
            })
            .collect()
    })
    .unwrap_or_default()
}

/// An order-independent fingerprint of a layer's entry list: the count and
/// the sum of each entry's xxh3-64 over path, type, permissions, owner,
/// size, content hash, link and mtime.
fn fingerprint(entries: &[LayerEntry]) -> (usize, u64) {
    let mut b = Vec::with_capacity(256);
    let sum = entries.iter().fold(0u64, |acc, e| {
        b.clear();
        b.extend_from_slice(e.path.as_bytes());
        b.push(0);
        b.push(e.kind as u8);
        b.extend_from_slice(&(e.mode & PERMISSIONS).to_le_bytes());
        b.extend_from_slice(&e.uid.to_le_bytes());
        b.extend_from_slice(&e.gid.to_le_bytes());
        b.extend_from_slice(&e.size.to_le_bytes());
        b.extend_from_slice(&e.hash.unwrap_or_default());
        b.extend_from_slice(e.link.as_deref().unwrap_or("\0").as_bytes());
        b.extend_from_slice(&e.mtime.to_le_bytes());
        acc.wrapping_add(xxh3_64(&b))
    });
    (entries.len(), sum)
}

/// The paths a layer writes that are not directories.
fn file_paths(entries: &[LayerEntry]) -> impl Iterator<Item = &str> {
    entries
        .iter()
        .filter(|e| e.kind != Kind::Dir)
        .map(|e| e.path.as_str())
}

/// A layer's non-directory paths, for membership tests (std's keyed
/// hasher: paths are hostile, a fixed hash could be flooded).
type PathSet<'e> = HashSet<&'e str>;

/// One row of the matching: index in `a`, index in `b`, how they match.
pub type Pairing = (Option<usize>, Option<usize>, MatchKind);

/// A key a layer may be matched by.
type Key<'k> = &'k dyn Fn(&LayerView<'_>) -> Option<String>;

/// Pairs the layers still free that have the same `key`, in `a`'s order
/// (each key computed once per layer).
fn by_key(
    a: &[LayerView<'_>],
    b: &[LayerView<'_>],
    used: &mut (HashSet<usize>, HashSet<usize>),
    key: Key<'_>,
    kind: MatchKind,
    out: &mut Vec<Pairing>,
) {
    let free =
        |n: usize, used: &HashSet<usize>| (0..n).filter(|i| !used.contains(i)).collect::<Vec<_>>();
    let keys_b: Vec<(usize, Option<String>)> = free(b.len(), &used.1)
        .into_iter()
        .map(|j| (j, b.get(j).and_then(key)))
        .collect();
    for i in free(a.len(), &used.0) {
        let Some(k) = a.get(i).and_then(key) else {
            continue;
        };
        let found = keys_b
            .iter()
            .find(|(j, kb)| !used.1.contains(j) && kb.as_deref() == Some(&k))
            .map(|(j, _)| *j);
        if let Some(j) = found {
            used.0.insert(i);
            used.1.insert(j);
            out.push((Some(i), Some(j), kind));
        }
    }
}

/// Pairs `a` with `b`, unsorted.
pub fn pair(a: &[LayerView<'_>], b: &[LayerView<'_>]) -> Vec<Pairing> {
    let mut out = Vec::new();
    let mut used = (HashSet::new(), HashSet::new());
    let digest = |l: &LayerView<'_>| l.info.digest.clone();
    by_key(a, b, &mut used, &digest, MatchKind::SameDigest, &mut out);
    let diff_id = |l: &LayerView<'_>| l.diff_id().map(str::to_string);
    by_key(a, b, &mut used, &diff_id, MatchKind::SameDiffId, &mut out);
    let files = |l: &LayerView<'_>| {
        l.entries
            .filter(|e| !e.is_empty())
            .map(|e| format!("{:?}", fingerprint(e)))
    };
    by_key(a, b, &mut used, &files, MatchKind::SameFiles, &mut out);
    // what is left: a shared non-directory path (each set of `b` built
    // once, when first asked; `a`'s paths stop at the first shared one),
    // then the same position
    let mut sets_b: Vec<Option<PathSet<'_>>> = b.iter().map(|_| None).collect();
    for (i, la) in a.iter().enumerate() {
        let Some(ea) = la.entries.filter(|_| !used.0.contains(&i)) else {
            continue;
        };
        let mut found = None;
        for (j, lb) in b.iter().enumerate() {
            let (Some(eb), Some(slot)) = (lb.entries, sets_b.get_mut(j)) else {
                continue;
            };
            if used.1.contains(&j) {
                continue;
            }
            let set = slot.get_or_insert_with(|| file_paths(eb).collect());
            if file_paths(ea).any(|p| set.contains(p)) {
                found = Some(j);
                break;
            }
        }
        if let Some(j) = found {
            used.0.insert(i);
            used.1.insert(j);
            out.push((Some(i), Some(j), MatchKind::Changed));
        }
    }
    for i in 0..a.len().min(b.len()) {
        if !used.0.contains(&i) && !used.1.contains(&i) {
            used.0.insert(i);
            used.1.insert(i);
            out.push((Some(i), Some(i), MatchKind::Changed));
        }
    }
    out.extend(
        (0..a.len())
            .filter(|i| !used.0.contains(i))
            .map(|i| (Some(i), None, MatchKind::OnlyA)),
    );
    out.extend(
        (0..b.len())
            .filter(|j| !used.1.contains(j))
            .map(|j| (None, Some(j), MatchKind::OnlyB)),
    );
    out
}
