//! The entries of the explorer's tree and their marks: the merge up to a
//! layer (the engine's own merge over the report's per-layer entries, so
//! the page and the report can never disagree), and which entries are the
//! selected layer's changes or wasted copies.

use crate::engine::finding::Location;
use crate::engine::report::{Report, TreeLayer, WasteItem};
use crate::engine::tree::entry::{Change, Kind, LayerEntry};
use crate::engine::tree::merge::{merge, LayerInput};
use std::collections::HashSet;

/// Mark: a change of the selected layer (added, modified or removed by it).
pub const CHANGED: u8 = 1;
/// Mark: a wasted copy (a later layer hides it), or a whiteout or opaque
/// marker of the selected layer that hides one.
pub const WASTED: u8 = 2;

fn is_marker(e: &LayerEntry) -> bool {
    matches!(e.kind, Kind::Whiteout | Kind::Opaque)
}

/// The report's per-layer entries of `image`, by layer index.
pub fn image_layers(report: &Report, image: usize) -> Vec<&TreeLayer> {
    let Some(tree) = &report.tree else {
        return Vec::new();
    };
    let mut layers: Vec<&TreeLayer> = tree
        .layers
        .iter()
        .filter(|l| usize::try_from(l.image).is_ok_and(|i| i == image))
        .collect();
    layers.sort_by_key(|l| l.layer);
    layers
}

/// `layers` as the engine's merge takes them (their hard links already
/// checked when the report was made).
pub fn merge_inputs<'a>(layers: &[&'a TreeLayer]) -> Vec<LayerInput<'a>> {
    layers
        .iter()
        .map(|l| LayerInput {
            entries: &l.entries,
            lower_links: &[],
            location: Location::default(),
            index: l.layer,
        })
        .collect()
}

/// The file system after layer `upto` (the layers of `layers` up to and
/// including the one whose index is `upto`), sorted by path, each entry's
/// `layer` the index of the layer it comes from and `change` what that
/// layer did; then `upto`'s own whiteouts and opaque markers (`Removed`,
/// `layer` = `upto`), so the tree shows what it removed.
pub fn merge_to(layers: &[&TreeLayer], upto: u32) -> Vec<LayerEntry> {
    let below: Vec<&TreeLayer> = layers.iter().copied().filter(|l| l.layer <= upto).collect();
    let mut out = merge(&merge_inputs(&below), true).merged;
    // the merge numbers layers by position; the page by manifest index
    for e in &mut out {
        e.layer = e.layer.and_then(|p| below.get(p as usize)).map(|l| l.layer);
    }
    if let Some(top) = below.last().filter(|l| l.layer == upto) {
        out.extend(markers_of(top));
    }
    out
}

/// The whiteouts and opaque markers of `layer`, as the explorer lists them
/// after a merge: `Removed`, from that layer.
pub fn markers_of(layer: &TreeLayer) -> impl Iterator<Item = LayerEntry> + '_ {
    layer.entries.iter().filter(|e| is_marker(e)).map(|e| {
        let mut m = e.clone();
        m.change = Some(Change::Removed);
        m.layer = Some(layer.layer);
        m
    })
}

/// The marks ([`CHANGED`], [`WASTED`]) of each of `entries`: a tree shown
/// for layer `layer`, its changes only (`changes_view`) or the merge up to
/// it, against the waste items of the image (`efficiency.items`).
pub fn marks(
    entries: &[LayerEntry],
    layer: u32,
    changes_view: bool,
    items: &[WasteItem],
) -> Vec<u8> {
    let wasted: HashSet<(&str, u32)> = items.iter().map(|i| (i.path.as_str(), i.layer)).collect();
    // the paths (and their ancestors) this layer's markers hid copies at
    let mut hid: HashSet<&str> = HashSet::new();
    for i in items.iter().filter(|i| i.by_layer == layer) {
        hid.insert(i.path.as_str());
        hid.extend(
            i.path
                .match_indices('/')
                .filter_map(|(k, _)| i.path.get(..k)),
        );
        hid.insert("");
    }
    entries
        .iter()
        .map(|e| {
            let changed = if changes_view {
                e.change.is_some()
            } else {
                e.layer == Some(layer)
            };
            let own = if changes_view { Some(layer) } else { e.layer };
            let waste = if is_marker(e) {
                (changes_view || e.layer == Some(layer)) && hid.contains(e.path.as_str())
            } else {
                own.is_some_and(|l| wasted.contains(&(e.path.as_str(), l)))
            };
            (if changed { CHANGED } else { 0 }) | (if waste { WASTED } else { 0 })
        })
        .collect()
}
