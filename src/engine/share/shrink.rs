//! The drop steps: the report, focus and drops a link carries at a given
//! level, in the order of the module documentation of [`super`].

use super::clip::{
    clip_chars, clip_depth, clip_string, clip_value, prune_index, reduce_body, strip_annotations,
    strip_node_annotations,
};
use super::{Dropped, Focus, MAX_ITEMS, MESSAGE_CHARS};
use crate::engine::finding::Finding;
use crate::engine::report::{Report, Summary, Tree, TreeLayer, TreeMerged};
use crate::engine::tree::entry::LayerEntry;
use serde_json::Value;
use std::collections::HashMap;

const LEVEL_HISTORY: u8 = 1;
const LEVEL_ANNOTATIONS: u8 = 2;
const LEVEL_DOCUMENTS: u8 = 3;
pub(super) const LEVEL_TEXTS: u8 = 4;

/// Indices of the findings kept, in report order: the focused one, then the
/// most severe first, each severity in report order.
fn select(findings: &[Finding], focused: Option<usize>, keep: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..findings.len())
        .filter(|i| Some(*i) != focused)
        .collect();
    order.sort_by_key(|i| (findings.get(*i).map(|f| f.severity), *i));
    let mut kept: Vec<usize> = focused.into_iter().collect();
    let room = keep.saturating_sub(kept.len());
    kept.extend(order.into_iter().take(room));
    kept.sort_unstable();
    kept
}

fn filter_tree(t: &Tree, findings: &[Finding], focus: Option<&Focus>) -> Tree {
    type Named = Vec<(Option<u32>, Option<u32>)>;
    let mut named: HashMap<&str, Named> = HashMap::new();
    for f in findings {
        if let Some(p) = &f.r#where.path {
            named
                .entry(p.as_str())
                .or_default()
                .push((f.r#where.image, f.r#where.layer));
        }
    }
    if let Some(Focus::Path { image, layer, path }) = focus {
        named
            .entry(path.as_str())
            .or_default()
            .push((Some(*image), *layer));
    }
    let wanted = |path: &str, image: u32, layer: Option<u32>| {
        named.get(path).is_some_and(|v| {
            v.iter().any(|(i, l)| {
                i.is_none_or(|i| i == image)
                    && match (l, layer) {
                        (Some(l), Some(layer)) => *l == layer,
                        _ => true,
                    }
            })
        })
    };
    Tree {
        layers: t
            .layers
            .iter()
            .filter_map(|tl| {
                let entries: Vec<LayerEntry> = tl
                    .entries
                    .iter()
                    .filter(|e| wanted(&e.path, tl.image, Some(tl.layer)))
                    .cloned()
                    .collect();
                (!entries.is_empty()).then_some(TreeLayer {
                    image: tl.image,
                    layer: tl.layer,
                    entries,
                })
            })
            .collect(),
        merged: t
            .merged
            .iter()
            .filter_map(|tm| {
                let entries: Vec<LayerEntry> = tm
                    .entries
                    .iter()
                    .filter(|e| wanted(&e.path, tm.image, None))
                    .cloned()
                    .collect();
                (!entries.is_empty()).then_some(TreeMerged {
                    image: tm.image,
                    entries,
                })
            })
            .collect(),
    }
}

fn tree_len(t: &Tree) -> usize {
    t.layers.iter().map(|l| l.entries.len()).sum::<usize>()
        + t.merged.iter().map(|m| m.entries.len()).sum::<usize>()
}

/// The focused finding's index, when the focus is a finding of `r`.
pub(super) fn focused_finding(r: &Report, focus: Option<&Focus>) -> Option<usize> {
    match focus {
        Some(Focus::Finding(k)) => usize::try_from(*k).ok().filter(|k| *k < r.findings.len()),
        _ => None,
    }
}

/// The report, focus and drops a link of `level` keeping `keep` findings carries.
pub(super) fn view(
    r: &Report,
    focus: Option<&Focus>,
    level: u8,
    keep: usize,
) -> (Report, Option<Focus>, Dropped) {
    let focused = focused_finding(r, focus);
    let kept = select(&r.findings, focused, keep);
    let mut findings: Vec<Finding> = kept
        .iter()
        .filter_map(|i| r.findings.get(*i).cloned())
        .collect();
    let new_focus = match focus {
        Some(Focus::Finding(_)) => focused
            .and_then(|k| kept.iter().position(|i| *i == k))
            .and_then(|p| u32::try_from(p).ok())
            .map(Focus::Finding),
        Some(Focus::Path { image, layer, path }) => {
            let mut path = path.clone();
            clip_string(&mut path);
            Some(Focus::Path {
                image: *image,
                layer: *layer,
                path,
            })
        }
        other => other.cloned(),
    };
    let mut dropped = Dropped {
        findings: u32::try_from(r.findings.len().saturating_sub(findings.len()))
            .unwrap_or(u32::MAX),
        ..Dropped::default()
    };
    let tree = r.tree.as_ref().map(|t| {
        let kept_tree = filter_tree(t, &findings, focus);
        dropped.tree = tree_len(&kept_tree) < tree_len(t);
        kept_tree
    });
    let mut budget = MAX_ITEMS;
    let mut index = r.index.as_ref().map(|n| prune_index(n, 0, &mut budget));
    let mut images = r.images.clone();
    let mut documents = r.documents.clone();
    for d in &mut documents {
        clip_depth(&mut d.content, 0);
    }
    if level >= LEVEL_HISTORY {
        dropped.history = true;
        for i in &mut images {
            i.config.history.clear();
        }
        for d in &mut documents {
            if let Value::Object(m) = &mut d.content {
                m.remove("history");
            }
        }
    }
    if level >= LEVEL_ANNOTATIONS {
        dropped.annotations = true;
        if let Some(n) = &mut index {
            strip_node_annotations(n);
        }
        for i in &mut images {
            i.manifest.annotations.clear();
            i.config.env.clear();
            i.config.labels.clear();
            for l in &mut i.layers {
                l.annotations.clear();
            }
        }
        for d in &mut documents {
            strip_annotations(&mut d.content);
        }
    }
    if level >= LEVEL_DOCUMENTS {
        dropped.documents = true;
        for d in &mut documents {
            reduce_body(&mut d.content);
        }
    }
    if level >= LEVEL_TEXTS {
        dropped.messages_truncated = true;
        for f in &mut findings {
            f.explanation = f.code.explanation().to_string();
            f.spec = f.code.spec();
            clip_chars(&mut f.message, MESSAGE_CHARS);
            if let Some(x) = &mut f.expected {
                clip_chars(x, MESSAGE_CHARS);
            }
            if let Some(x) = &mut f.found {
                clip_chars(x, MESSAGE_CHARS);
            }
        }
    }
    let summary = Summary::of(&findings);
    let mut out = Report {
        schema: r.schema.clone(),
        tool: r.tool.clone(),
        input: r.input.clone(),
        references: r.references.clone(),
        index,
        images,
        documents,
        tree,
        findings,
        summary,
    };
    if let Ok(mut v) = serde_json::to_value(&out) {
        clip_value(&mut v);
        if let Ok(clipped) = serde_json::from_value::<Report>(v) {
            out = clipped;
        }
    }
    (out, new_focus, dropped)
}
