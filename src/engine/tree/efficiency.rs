//! The waste model (`docs/efficiency.md`): which bytes of the layers are not
//! visible in the image's final file system, and why.
//!
//! > Changesets … are applied in order … whiteouts remove the named path of
//! > lower layers; an opaque whiteout hides every sibling in lower layers.
//! > (image-spec `layer.md`)
//!
//! A regular file's copy in layer *i* is wasted when a later entry hides it:
//! the same path written again with other bytes (`overwritten`; also a
//! non-directory replacing a directory, for everything below it), with the
//! same bytes (`metadata-only`: only mode, owner or mtime changed), removed by
//! a whiteout of it or of a parent (`deleted`), or hidden by an opaque marker
//! (`opaque-hidden`). The merge ([`super::merge`]) reports each hidden copy to
//! a [`Tally`]; hard links, directories, symlinks, devices and empty files
//! weigh 0. Totals cover every copy; the lists are capped ([`MAX_ITEMS`],
//! [`super::duplicates::MAX_GROUPS`]) and their full lengths counted.

use super::duplicates;
use super::entry::{Kind, LayerEntry};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// At most this many items are listed (the largest); `items_total` counts all.
pub const MAX_ITEMS: usize = 1000;

/// Why a copy is wasted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WasteKind {
    /// A later layer writes the path with other bytes (or replaces a parent directory).
    Overwritten,
    /// A later layer writes the path with the same bytes: only metadata changed.
    MetadataOnly,
    /// A later whiteout removes the path or a parent.
    Deleted,
    /// A later opaque marker hides its directory's lower contents.
    OpaqueHidden,
}

impl WasteKind {
    /// Every kind, in the order of the docs.
    pub const ALL: [WasteKind; 4] = [
        WasteKind::Overwritten,
        WasteKind::MetadataOnly,
        WasteKind::Deleted,
        WasteKind::OpaqueHidden,
    ];

    /// The kebab-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            WasteKind::Overwritten => "overwritten",
            WasteKind::MetadataOnly => "metadata-only",
            WasteKind::Deleted => "deleted",
            WasteKind::OpaqueHidden => "opaque-hidden",
        }
    }
}

/// One wasted copy of a regular file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WasteItem {
    /// Its path.
    pub path: String,
    /// The layer holding the wasted copy.
    pub layer: u32,
    /// Its size (the tar entry's).
    pub bytes: u64,
    /// Why it is wasted.
    pub kind: WasteKind,
    /// The layer whose entry hid it.
    pub by_layer: u32,
}

/// Identical bytes at two or more paths of the final file system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicate {
    /// The size of one copy.
    pub bytes: u64,
    /// The paths, sorted (at most [`super::duplicates::MAX_PATHS`]).
    pub paths: Vec<String>,
    /// How many paths hold these bytes.
    pub paths_total: u64,
}

/// Wasted bytes by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct KindBytes {
    /// `overwritten`
    pub overwritten: u64,
    /// `metadata-only`
    pub metadata_only: u64,
    /// `deleted`
    pub deleted: u64,
    /// `opaque-hidden`
    pub opaque_hidden: u64,
}

impl KindBytes {
    fn slot(&mut self, kind: WasteKind) -> &mut u64 {
        match kind {
            WasteKind::Overwritten => &mut self.overwritten,
            WasteKind::MetadataOnly => &mut self.metadata_only,
            WasteKind::Deleted => &mut self.deleted,
            WasteKind::OpaqueHidden => &mut self.opaque_hidden,
        }
    }

    /// The bytes of `kind`.
    pub fn get(&self, kind: WasteKind) -> u64 {
        match kind {
            WasteKind::Overwritten => self.overwritten,
            WasteKind::MetadataOnly => self.metadata_only,
            WasteKind::Deleted => self.deleted,
            WasteKind::OpaqueHidden => self.opaque_hidden,
        }
    }
}

/// Where an image's bytes go (`images[].efficiency`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Efficiency {
    /// Regular-file bytes over all layers.
    pub total_bytes: u64,
    /// Regular-file bytes in the final file system.
    pub final_bytes: u64,
    /// Bytes of the wasted copies (`total_bytes - final_bytes`).
    pub wasted_bytes: u64,
    /// `final_bytes / total_bytes`; 1.0 when there are no bytes.
    pub score: f64,
    /// Wasted bytes by kind.
    pub by_kind: KindBytes,
    /// The largest wasted copies, largest first.
    pub items: Vec<WasteItem>,
    /// How many wasted copies there are (`items` keeps at most [`MAX_ITEMS`]).
    pub items_total: u64,
    /// Groups of identical files, most bytes to gain first.
    pub duplicates: Vec<Duplicate>,
    /// How many groups there are.
    pub duplicates_total: u64,
    /// Bytes a single copy per group would save: the sum of
    /// `bytes × (paths_total − 1)` over every group.
    pub duplicate_bytes: u64,
}

impl Default for Efficiency {
    fn default() -> Self {
        Efficiency {
            total_bytes: 0,
            final_bytes: 0,
            wasted_bytes: 0,
            score: 1.0,
            by_kind: KindBytes::default(),
            items: Vec::new(),
            items_total: 0,
            duplicates: Vec::new(),
            duplicates_total: 0,
            duplicate_bytes: 0,
        }
    }
}

/// `final / total`, 1.0 when `total` is 0.
pub fn score(final_bytes: u64, total_bytes: u64) -> f64 {
    if total_bytes == 0 {
        1.0
    } else {
        final_bytes as f64 / total_bytes as f64
    }
}

/// Wasted `(bytes, copies)` by kind and by the index of the layer that hid them.
pub type Hiders = BTreeMap<(WasteKind, u32), (u64, u64)>;

/// Counts the bytes as the merge applies the layers.
#[derive(Debug)]
pub struct Tally {
    /// Each merge input's layer index.
    indices: Vec<u32>,
    total: u64,
    wasted: u64,
    by_kind: KindBytes,
    /// Wasted bytes by merge input (the layer holding the copy).
    per_input: Vec<u64>,
    /// Wasted bytes and copies by kind and hiding layer index.
    hiders: Hiders,
    items: Vec<WasteItem>,
    items_total: u64,
}

impl Tally {
    /// A tally for merge inputs whose layer indices are `indices`.
    pub fn new(indices: Vec<u32>) -> Self {
        Tally {
            per_input: vec![0; indices.len()],
            indices,
            total: 0,
            wasted: 0,
            by_kind: KindBytes::default(),
            hiders: BTreeMap::new(),
            items: Vec::new(),
            items_total: 0,
        }
    }

    fn index(&self, input: usize) -> u32 {
        self.indices.get(input).copied().unwrap_or(u32::MAX)
    }

    /// An entry written by a layer: regular files count in `total_bytes`.
    pub fn written(&mut self, e: &LayerEntry) {
        if e.kind == Kind::File {
            self.total = self.total.saturating_add(e.size);
        }
    }

    /// `lower` (an entry of the file system so far, `layer` = its merge
    /// input) was hidden by an entry of merge input `by`.
    pub fn hidden(&mut self, lower: &LayerEntry, kind: WasteKind, by: usize) {
        if lower.kind != Kind::File || lower.size == 0 {
            return;
        }
        let input = lower.layer.map_or(usize::MAX, |l| l as usize);
        let bytes = lower.size;
        self.wasted = self.wasted.saturating_add(bytes);
        let slot = self.by_kind.slot(kind);
        *slot = slot.saturating_add(bytes);
        if let Some(w) = self.per_input.get_mut(input) {
            *w = w.saturating_add(bytes);
        }
        let by_layer = self.index(by);
        let h = self.hiders.entry((kind, by_layer)).or_insert((0, 0));
        h.0 = h.0.saturating_add(bytes);
        h.1 += 1;
        self.items_total += 1;
        self.items.push(WasteItem {
            path: lower.path.clone(),
            layer: self.index(input),
            bytes,
            kind,
            by_layer,
        });
        if self.items.len() >= 2 * MAX_ITEMS {
            sort_items(&mut self.items);
            self.items.truncate(MAX_ITEMS);
        }
    }

    /// `lower` replaced at its path by `upper` of merge input `by` (for a hard
    /// link, its target): the same bytes (size and content hash) make it
    /// metadata-only.
    pub fn replaced(&mut self, lower: &LayerEntry, upper: &LayerEntry, by: usize) {
        let same = upper.kind == Kind::File
            && lower.size == upper.size
            && lower.hash.is_some()
            && lower.hash == upper.hash;
        let kind = if same {
            WasteKind::MetadataOnly
        } else {
            WasteKind::Overwritten
        };
        self.hidden(lower, kind, by);
    }

    /// The efficiency of the final file system `fs`, the wasted bytes per
    /// merge input, and the wasted bytes by kind and hiding layer.
    pub fn finish<'a>(
        mut self,
        fs: impl Iterator<Item = &'a LayerEntry> + Clone,
    ) -> (Efficiency, Vec<u64>, Hiders) {
        let final_bytes = fs
            .clone()
            .filter(|e| e.kind == Kind::File)
            .fold(0u64, |a, e| a.saturating_add(e.size));
        sort_items(&mut self.items);
        self.items.truncate(MAX_ITEMS);
        let d = duplicates::find(fs);
        let eff = Efficiency {
            total_bytes: self.total,
            final_bytes,
            wasted_bytes: self.wasted,
            score: score(final_bytes, self.total),
            by_kind: self.by_kind,
            items: self.items,
            items_total: self.items_total,
            duplicates: d.groups,
            duplicates_total: d.total,
            duplicate_bytes: d.bytes,
        };
        (eff, self.per_input, self.hiders)
    }
}

/// Largest first; then by layer and path, so the order is total.
fn sort_items(items: &mut [WasteItem]) {
    items.sort_by(|a, b| {
        b.bytes
            .cmp(&a.bytes)
            .then(a.layer.cmp(&b.layer))
            .then_with(|| a.path.cmp(&b.path))
            .then(a.by_layer.cmp(&b.by_layer))
    });
}
