//! What dive's and LayerX's rules give on the same layers, re-implemented from their
//! stated rules (analysis.md §1) and their source, for the side-by-side in
//! `tests/oracle/README.md`. Not ocilens's model: these are the numbers users of those
//! tools would see.
//!
//! - dive 0.13 (`dive/filetree/efficiency.go`, `image/docker/image_archive.go`): every
//!   leaf of every layer's own tree is a visit of its path, weighing its tar size; a
//!   whiteout weighs the lower stacked subtree if that was a directory, else 0. Opaque
//!   markers are dropped (`AddPath` skips `.wh..wh..` names) and never applied. Wasted
//!   bytes = the sum over paths visited in ≥ 2 layers of ALL their visits, the surviving
//!   copy included; score = Σ min visit / Σ visits. (A whiteout of a path dive's stacked
//!   tree lacks makes dive stop visiting that layer; that never happens here.)
//! - LayerX (`image/efficiency.go`): for each non-directory, non-hard-link path, the
//!   layers that write it form runs, broken where a snapshot lacks it (deleted or hidden);
//!   every copy in a run but the last is wasted, so a copy deleted later is never counted.
//!   Score = 1 − wasted / (live + wasted).

use super::reference::{Kind, Layer};
use std::collections::{BTreeMap, BTreeSet};

/// A tool's verdict on one image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    pub wasted: u64,
    pub score: f64,
}

fn parents(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

/// One layer's own tree as dive builds it: path → (is a whiteout, is a directory, size).
fn dive_tree(layer: &Layer) -> BTreeMap<String, (bool, bool, u64)> {
    let mut t = BTreeMap::new();
    let mut add = |path: &str, v: (bool, bool, u64)| {
        for p in parents(path) {
            t.entry(p.to_string()).or_insert((false, false, 0));
        }
        t.insert(path.to_string(), v);
    };
    for e in &layer.entries {
        add(
            &e.path,
            (
                false,
                e.kind == Kind::Dir,
                if e.kind == Kind::Hardlink { 0 } else { e.size },
            ),
        );
    }
    for w in &layer.whiteouts {
        add(w, (true, false, 0));
    }
    for d in layer.opaque.iter().filter(|d| !d.is_empty()) {
        t.entry(d.clone()).or_insert((false, false, 0));
        for p in parents(d) {
            t.entry(p.to_string()).or_insert((false, false, 0));
        }
    }
    t
}

/// dive's wasted bytes and efficiency score.
pub fn dive(layers: &[Layer]) -> Verdict {
    let trees: Vec<_> = layers.iter().map(dive_tree).collect();
    // path → (cumulative, min, visits)
    let mut visits: BTreeMap<String, (u64, u64, u32)> = BTreeMap::new();
    let mut stacked: BTreeMap<String, (bool, u64)> = BTreeMap::new();
    for tree in &trees {
        let leaves = tree.keys().filter(|p| {
            let prefix = format!("{p}/");
            tree.range::<String, _>(prefix.clone()..)
                .next()
                .is_none_or(|(k, _)| !k.starts_with(&prefix))
        });
        for p in leaves {
            let (whiteout, _, size) = tree[p];
            let size = if whiteout {
                dive_whiteout_size(&stacked, p)
            } else {
                size
            };
            let v = visits.entry(p.clone()).or_insert((0, u64::MAX, 0));
            *v = (v.0 + size, v.1.min(size), v.2 + 1);
        }
        // stack this layer for the next ones: whiteouts remove, every other node replaces
        for (p, &(whiteout, dir, size)) in tree {
            if whiteout {
                let prefix = format!("{p}/");
                stacked.retain(|k, _| k != p && !k.starts_with(&prefix));
            } else {
                stacked.insert(p.clone(), (dir, size));
            }
        }
    }
    let wasted = visits.values().filter(|v| v.2 >= 2).map(|v| v.0).sum();
    let (min, cum) = visits
        .values()
        .fold((0u64, 0u64), |(m, c), v| (m + v.1, c + v.0));
    Verdict {
        wasted,
        score: if cum == 0 {
            1.0
        } else {
            min as f64 / cum as f64
        },
    }
}

fn dive_whiteout_size(stacked: &BTreeMap<String, (bool, u64)>, p: &str) -> u64 {
    match stacked.get(p) {
        Some((true, size)) => {
            let prefix = format!("{p}/");
            size + stacked
                .iter()
                .filter(|(k, _)| k.starts_with(&prefix))
                .map(|(_, v)| v.1)
                .sum::<u64>()
        }
        _ => 0,
    }
}

/// LayerX's wasted bytes and efficiency score.
pub fn layerx(layers: &[Layer]) -> Verdict {
    let paths: BTreeSet<&str> = layers
        .iter()
        .flat_map(|l| &l.entries)
        .filter(|e| e.kind != Kind::Dir && e.kind != Kind::Hardlink)
        .map(|e| e.path.as_str())
        .collect();
    // the snapshot after each layer: path → size (hard links weigh 0)
    let mut snap: BTreeMap<String, (Kind, u64)> = BTreeMap::new();
    let mut runs: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    let mut wasted = 0u64;
    for layer in layers {
        for w in &layer.whiteouts {
            let prefix = format!("{w}/");
            snap.retain(|k, _| k != w && !k.starts_with(&prefix));
        }
        for d in &layer.opaque {
            let prefix = if d.is_empty() {
                String::new()
            } else {
                format!("{d}/")
            };
            snap.retain(|k, _| !k.starts_with(&prefix));
        }
        let mut written = BTreeMap::new();
        for e in &layer.entries {
            let size = if e.kind == Kind::Hardlink { 0 } else { e.size };
            snap.insert(e.path.clone(), (e.kind, size));
            written.insert(e.path.as_str(), size);
        }
        for p in &paths {
            match (snap.contains_key(*p), written.get(p)) {
                (false, _) => wasted += close_run(runs.remove(p)),
                (true, Some(&size)) => runs.entry(p).or_default().push(size),
                (true, None) => {}
            }
        }
    }
    for (_, run) in std::mem::take(&mut runs) {
        wasted += close_run(Some(run));
    }
    let live: u64 = snap
        .values()
        .filter(|(k, _)| *k != Kind::Dir && *k != Kind::Hardlink)
        .map(|(_, s)| s)
        .sum();
    let total = live + wasted;
    Verdict {
        wasted,
        score: if total == 0 {
            1.0
        } else {
            1.0 - wasted as f64 / total as f64
        },
    }
}

/// A run's waste: every copy but the last.
fn close_run(run: Option<Vec<u64>>) -> u64 {
    run.map(|r| r[..r.len().saturating_sub(1)].iter().sum())
        .unwrap_or(0)
}
