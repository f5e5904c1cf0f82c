//! Applies layers in order into one file system, as a runtime unpacks them,
//! and classifies each entry as added, modified or removed.
//!
//! > Changesets … are applied in order: added and modified files are
//! > written; whiteouts remove the named path of lower layers; an opaque
//! > whiteout hides every sibling in lower layers. (image-spec `layer.md`)

use super::efficiency::{Efficiency, Tally, WasteKind};
use super::entry::{Change, Kind, LayerEntry};
use super::waste_findings;
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::path::is_under;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Counts of changes made by one layer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    /// Paths not in lower layers.
    pub added: u64,
    /// Paths replacing lower ones.
    pub modified: u64,
    /// Paths removed by whiteouts and opaque markers.
    pub removed: u64,
}

/// One layer to merge.
pub struct LayerInput<'a> {
    /// Entries in tar order.
    pub entries: &'a [LayerEntry],
    /// Paths of hardlinks whose target must come from a lower layer.
    pub lower_links: &'a [String],
    /// Location (blob, image, layer) for findings.
    pub location: Location,
    /// Its index in the image's manifest.
    pub index: u32,
}

/// The result of merging an image's layers.
#[derive(Debug, Default)]
pub struct Merged {
    /// The merged file system, sorted by path (whether or not the entries
    /// are kept for the report: the image-level checks read it).
    pub merged: Vec<LayerEntry>,
    /// Each layer's entries with their change.
    pub layers: Vec<Vec<LayerEntry>>,
    /// Change counts per layer.
    pub changes: Vec<Changes>,
    /// Cross-layer findings.
    pub findings: Vec<Finding>,
    /// Bytes of each layer's regular files that the final file system does not show.
    pub wasted: Vec<u64>,
    /// Where the bytes go: the waste model and the duplicates.
    pub efficiency: Efficiency,
}

/// Removes what is below `dir` (and `dir` itself with `include_self`) from
/// `fs`; returns the entries removed.
fn remove_subtree(fs: &mut Fs, dir: &str, include_self: bool) -> Vec<LayerEntry> {
    let start = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let doomed: Vec<String> = fs
        .range(start.clone()..)
        .take_while(|(k, _)| dir.is_empty() || k.starts_with(&start))
        .map(|(k, _)| k.clone())
        .filter(|k| is_under(k, dir))
        .collect();
    let mut removed: Vec<LayerEntry> = doomed.iter().filter_map(|k| fs.remove(k)).collect();
    if include_self {
        removed.extend(fs.remove(dir));
    }
    removed
}

/// The file system being built: path → the entry that won.
type Fs = BTreeMap<String, LayerEntry>;

fn is_marker(e: &LayerEntry) -> bool {
    matches!(e.kind, Kind::Whiteout | Kind::Opaque)
}

/// Merges `layers` in order.
pub fn merge(layers: &[LayerInput<'_>], keep_entries: bool) -> Merged {
    let mut fs = Fs::new();
    let mut out = Merged::default();
    let mut tally = Tally::new(layers.iter().map(|l| l.index).collect());
    for (index, layer) in layers.iter().enumerate() {
        let layer_no = u32::try_from(index).unwrap_or(u32::MAX);
        let mut changes = Changes::default();
        let mut listed = Vec::new();
        let added_here: HashSet<&str> = layer
            .entries
            .iter()
            .filter(|e| !is_marker(e))
            .map(|e| e.path.as_str())
            .collect();
        // whiteouts and opaque markers apply to lower layers only, so first
        for e in layer.entries.iter().filter(|e| is_marker(e)) {
            let loc = || layer.location.clone().with_path(e.path.clone());
            let removed = remove(&mut fs, e, &added_here, loc, &mut out.findings);
            changes.removed += removed.len() as u64;
            let kind = match e.kind {
                Kind::Opaque => WasteKind::OpaqueHidden,
                _ => WasteKind::Deleted,
            };
            for lower in &removed {
                tally.hidden(lower, kind, index);
            }
            if keep_entries {
                let mut e2 = e.clone();
                e2.change = Some(Change::Removed);
                listed.push(e2);
            }
        }
        // before this layer's entries are added: a link to itself is no
        // link to a lower layer's file
        check_lower_links(&fs, layer, &mut out.findings);
        for e in layer.entries.iter().filter(|e| !is_marker(e)) {
            let e2 = add(&mut fs, e, (layer_no, index), &mut changes, &mut tally);
            if keep_entries {
                listed.push(e2);
            }
        }
        out.changes.push(changes);
        out.layers.push(listed);
    }
    let (efficiency, wasted, hiders) = tally.finish(fs.values());
    let location = |index: u32| {
        layers
            .iter()
            .find(|l| l.index == index)
            .map(|l| l.location.clone())
            .unwrap_or_default()
    };
    let image = Location {
        image: layers.first().and_then(|l| l.location.image),
        ..Location::default()
    };
    out.findings.extend(waste_findings::findings(
        &efficiency,
        &hiders,
        location,
        image,
    ));
    out.efficiency = efficiency;
    out.wasted = wasted;
    // always: the image-level checks (secrets deleted later, the runtime lint) read it
    out.merged = fs.into_values().collect();
    out
}

/// Applies a whiteout or opaque marker `e`; returns the entries it removed. A whiteout that removes nothing is a finding (at `loc`), worded
/// by whether the same layer adds the path (`added_here`).
fn remove(
    fs: &mut Fs,
    e: &LayerEntry,
    added_here: &HashSet<&str>,
    loc: impl Fn() -> Location,
    findings: &mut Vec<Finding>,
) -> Vec<LayerEntry> {
    if e.kind == Kind::Opaque {
        return remove_subtree(fs, &e.path, false);
    }
    let n = remove_subtree(fs, &e.path, true);
    if n.is_empty() {
        findings.push(if added_here.contains(e.path.as_str()) {
            Finding::new(
                Code::WhiteoutSameLayer,
                loc(),
                format!("whiteout of `{}`, which this same layer adds", e.path),
            )
        } else {
            Finding::new(
                Code::WhiteoutTargetMissing,
                loc(),
                format!("whiteout of `{}`, which no lower layer has", e.path),
            )
        });
    }
    n
}

/// Writes entry `e` of merge input `input` (numbered `layer_no`) into `fs`,
/// counting it as added or modified and what it hides as waste; returns it
/// with its change.
fn add(
    fs: &mut Fs,
    e: &LayerEntry,
    (layer_no, input): (u32, usize),
    changes: &mut Changes,
    tally: &mut Tally,
) -> LayerEntry {
    tally.written(e);
    let change = if fs.contains_key(&e.path) {
        changes.modified += 1;
        Change::Modified
    } else {
        changes.added += 1;
        Change::Added
    };
    // a non-directory replacing a directory hides what was under it
    if e.kind != Kind::Dir && fs.get(&e.path).is_some_and(|p| p.kind == Kind::Dir) {
        for lower in remove_subtree(fs, &e.path, false) {
            tally.hidden(&lower, WasteKind::Overwritten, input);
        }
    }
    // a hard link holds its target's bytes: replacing a file by a link to the same bytes
    // (what `ln` of a lower file does on overlay, by copying it up) is metadata-only
    let content = match (e.kind, e.link.as_deref()) {
        (Kind::Hardlink, Some(target)) => fs.get(target).cloned(),
        _ => None,
    };
    let mut e2 = e.clone();
    e2.change = Some(change);
    e2.layer = Some(layer_no);
    if let Some(lower) = fs.insert(e.path.clone(), e2.clone()) {
        tally.replaced(&lower, content.as_ref().unwrap_or(e), input);
    }
    e2
}

/// Hard links of `layer` whose target must come from a lower layer: it must
/// exist in `fs` and not be a directory, and even then containerd's
/// overlayfs snapshotter cannot make the link (`hardlink-lower-layer`).
fn check_lower_links(fs: &Fs, layer: &LayerInput<'_>, findings: &mut Vec<Finding>) {
    for path in layer.lower_links {
        let Some(link) = layer.entries.iter().find(|e| &e.path == path) else {
            continue;
        };
        let target = link.link.clone().unwrap_or_default();
        let loc = layer.location.clone().with_path(path.clone());
        match fs.get(&target) {
            None => findings.push(Finding::new(
                Code::PathSafetyHardlinkDangling,
                loc,
                format!("hard link `{path}` → `{target}`: the target is in neither this layer nor a lower one"),
            )),
            Some(t) if t.kind == Kind::Dir => findings.push(Finding::new(
                Code::PathSafetyHardlinkToDir,
                loc,
                format!("hard link `{path}` → `{target}`, a directory"),
            )),
            Some(_) => findings.push(Finding::new(
                Code::PathSafetyHardlinkLowerLayer,
                loc,
                format!("hard link `{path}` → `{target}`, a file of a lower layer"),
            )),
        }
    }
}
