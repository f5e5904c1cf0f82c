//! The drop steps: the report, focus and drops a link carries at a given
//! level, in the order of the module documentation of [`super`].

use super::clip::{
    clip_chars, clip_depth, clip_string, clip_value, prune_index, reduce_body, strip_annotations,
    strip_node_annotations,
};
use super::{Dropped, Focus, Shared, MAX_ITEMS, MESSAGE_CHARS};
use crate::engine::finding::Finding;
use crate::engine::report::secret::{mask_env_list, mask_json_env, mask_text};
use crate::engine::report::{
    Document, Image, IndexNode, Report, Summary, Tree, TreeLayer, TreeMerged,
};
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

/// The findings a link keeping `keep` of them carries (see [`select`]), and
/// the focus renumbered to them (a path focus cut to the string limit).
fn keep_findings(r: &Report, focus: Option<&Focus>, keep: usize) -> (Vec<Finding>, Option<Focus>) {
    let focused = focused_finding(r, focus);
    let kept = select(&r.findings, focused, keep);
    let findings = kept
        .iter()
        .filter_map(|i| r.findings.get(*i).cloned())
        .collect();
    let focus = match focus {
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
    (findings, focus)
}

/// Step 2: config history, from the image table and the config bodies.
fn drop_history(images: &mut [Image], documents: &mut [Document]) {
    for i in images {
        i.config.history.clear();
    }
    for d in documents {
        if let Value::Object(m) = &mut d.content {
            m.remove("history");
        }
    }
}

/// Step 3: annotations, `Labels` and `Env`, everywhere.
fn drop_annotations(
    index: Option<&mut IndexNode>,
    images: &mut [Image],
    documents: &mut [Document],
) {
    if let Some(n) = index {
        strip_node_annotations(n);
    }
    for i in images {
        i.manifest.annotations.clear();
        i.config.env.clear();
        i.config.labels.clear();
        for l in &mut i.layers {
            l.annotations.clear();
        }
    }
    for d in documents {
        strip_annotations(&mut d.content);
    }
}

/// Step 5: explanation and spec reset to the catalogue's, message, expected
/// and found cut to [`MESSAGE_CHARS`].
fn shorten_texts(findings: &mut [Finding]) {
    for f in findings {
        f.explanation = f.code.explanation().to_string();
        f.spec = f.code.spec();
        clip_chars(&mut f.message, MESSAGE_CHARS);
        for x in [&mut f.expected, &mut f.found].into_iter().flatten() {
            clip_chars(x, MESSAGE_CHARS);
        }
    }
}

/// The report with every string, array and object cut to the format's limits.
fn clip_report(report: Report) -> Report {
    let Ok(mut v) = serde_json::to_value(&report) else {
        return report;
    };
    clip_value(&mut v);
    serde_json::from_value::<Report>(v).unwrap_or(report)
}

/// What a link of drop `level` keeping `keep` findings carries: the report,
/// the focus (renumbered to the findings kept) and what was dropped.
pub(super) fn shrink(r: &Report, focus: Option<&Focus>, level: u8, keep: usize) -> Shared {
    let (mut findings, new_focus) = keep_findings(r, focus, keep);
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
    let mut index = r.index.clone();
    if let Some(n) = &mut index {
        prune_index(n, 0, &mut budget);
    }
    let mut images = r.images.clone();
    let mut documents = r.documents.clone();
    for d in &mut documents {
        clip_depth(&mut d.content, 0);
        // a link never carries a secret-looking Env value in full
        mask_json_env(&mut d.content);
    }
    for i in &mut images {
        mask_env_list(&mut i.config.env);
        // and the build arguments and tokens of history (a dropped report of an
        // older build may hold them in full)
        for h in &mut i.config.history {
            if let Some(masked) = h.created_by.as_deref().and_then(mask_text) {
                h.created_by = Some(masked);
            }
        }
    }
    dropped.history = level >= LEVEL_HISTORY;
    if dropped.history {
        drop_history(&mut images, &mut documents);
    }
    dropped.annotations = level >= LEVEL_ANNOTATIONS;
    if dropped.annotations {
        drop_annotations(index.as_mut(), &mut images, &mut documents);
    }
    dropped.documents = level >= LEVEL_DOCUMENTS;
    if dropped.documents {
        documents
            .iter_mut()
            .for_each(|d| reduce_body(&mut d.content));
    }
    dropped.messages_truncated = level >= LEVEL_TEXTS;
    if dropped.messages_truncated {
        shorten_texts(&mut findings);
    }
    let report = Report {
        schema: r.schema.clone(),
        tool: r.tool.clone(),
        input: r.input.clone(),
        references: r.references.clone(),
        index,
        images,
        documents,
        tree,
        summary: Summary::of(&findings),
        findings,
        compatibility: r.compatibility.clone(),
    };
    Shared {
        report: clip_report(report),
        focus: new_focus,
        dropped,
    }
}
