//! What a link keeps, stated independently of the module: the drop order of
//! `engine::share`'s documentation, written again from the outside.

use ocilens::engine::finding::Finding;
use ocilens::engine::report::{
    secret, Document, Image, IndexNode, Report, Summary, Tree, TreeLayer, TreeMerged,
};
use ocilens::engine::share::{Dropped, Focus};
use serde_json::Value;

const MAX_STRING: usize = 4096;
const MAX_ITEMS: usize = 10_000;
const DOC_DEPTH: usize = 24;
const INDEX_DEPTH: usize = 32;

fn clip_string(s: &str) -> String {
    if s.len() <= MAX_STRING {
        return s.to_string();
    }
    let mut end = MAX_STRING - '…'.len_utf8();
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

fn clip_200(s: &str) -> String {
    if s.chars().count() <= 200 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(199).collect::<String>())
    }
}

fn clip_all(v: &mut Value) {
    match v {
        Value::String(s) => *s = clip_string(s),
        Value::Array(a) => {
            a.truncate(MAX_ITEMS);
            a.iter_mut().for_each(clip_all);
        }
        Value::Object(m) => {
            let old = std::mem::take(m);
            for (k, mut x) in old.into_iter().take(MAX_ITEMS) {
                clip_all(&mut x);
                m.insert(clip_string(&k), x);
            }
        }
        _ => {}
    }
}

fn cut_deep(v: &mut Value, depth: usize) {
    if matches!(v, Value::Array(_) | Value::Object(_)) && depth >= DOC_DEPTH {
        *v = Value::String("…".into());
        return;
    }
    match v {
        Value::Array(a) => a.iter_mut().for_each(|x| cut_deep(x, depth + 1)),
        Value::Object(m) => m.values_mut().for_each(|x| cut_deep(x, depth + 1)),
        _ => {}
    }
}

fn strip_members(v: &mut Value) {
    match v {
        Value::Array(a) => a.iter_mut().for_each(strip_members),
        Value::Object(m) => {
            m.remove("annotations");
            m.remove("Labels");
            m.remove("Env");
            m.values_mut().for_each(strip_members);
        }
        _ => {}
    }
}

/// Always: the strings of every `Env` array, at any depth, with a
/// secret-looking value masked (the rules of `engine::report::secret`,
/// tested there; where they apply is stated here).
fn mask_env_members(v: &mut Value) {
    match v {
        Value::Array(a) => a.iter_mut().for_each(mask_env_members),
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if k == "Env" {
                    for e in x.as_array_mut().into_iter().flatten() {
                        if let Some(masked) = e.as_str().and_then(secret::mask_env) {
                            *e = Value::String(masked);
                        }
                    }
                }
                mask_env_members(x);
            }
        }
        _ => {}
    }
}

fn prune(n: &IndexNode, depth: usize, budget: &mut usize) -> IndexNode {
    let mut out = n.clone();
    out.children.clear();
    *budget -= 1;
    if depth < INDEX_DEPTH {
        for c in &n.children {
            if *budget == 0 {
                break;
            }
            out.children.push(prune(c, depth + 1, budget));
        }
    }
    out
}

fn each_node(n: &mut IndexNode, f: &mut dyn FnMut(&mut IndexNode)) {
    f(n);
    for c in &mut n.children {
        each_node(c, f);
    }
}

/// The report and focus a link with `d` dropped must decode to.
pub(crate) fn expected(r: &Report, focus: Option<&Focus>, d: &Dropped) -> (Report, Option<Focus>) {
    let (mut findings, out_focus) = keep_findings(r, focus, d);
    let mut tree = r
        .tree
        .as_ref()
        .map(|t| keep_named_entries(t, &named_paths(&findings, focus)));
    // tree entries never carry their content hash
    for t in tree.iter_mut() {
        let layers = t.layers.iter_mut().flat_map(|l| l.entries.iter_mut());
        let merged = t.merged.iter_mut().flat_map(|m| m.entries.iter_mut());
        layers.chain(merged).for_each(|e| e.hash = None);
    }
    assert_eq!(
        d.tree,
        tree_dropped(r.tree.as_ref(), tree.as_ref()),
        "dropped.tree"
    );
    let mut index = r
        .index
        .as_ref()
        .map(|n| prune(n, 0, &mut MAX_ITEMS.clone()));
    let mut images = r.images.clone();
    // layers never carry their tar facts (only a comparison of two read files uses them)
    for l in images.iter_mut().flat_map(|i| i.layers.iter_mut()) {
        l.tar = None;
    }
    // efficiency: totals and counts only, never the items or the groups
    for e in images.iter_mut().filter_map(|i| i.efficiency.as_mut()) {
        e.items.clear();
        e.duplicates.clear();
    }
    let mut documents = r.documents.clone();
    for doc in &mut documents {
        cut_deep(&mut doc.content, 0);
        mask_env_members(&mut doc.content);
    }
    for i in &mut images {
        for e in &mut i.config.env {
            if let Some(m) = secret::mask_env(e) {
                *e = m;
            }
        }
    }
    if d.history {
        drop_history(&mut images, &mut documents);
    }
    if d.annotations {
        drop_annotations(index.as_mut(), &mut images, &mut documents);
    }
    if d.documents {
        drop_document_bodies(&mut documents);
    }
    if d.messages_truncated {
        truncate_messages(&mut findings);
    }
    let out = Report {
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
        compatibility: Vec::new(),
    };
    let mut v = serde_json::to_value(&out).unwrap();
    clip_all(&mut v);
    // not stored in a link: the verdicts and fixes are evaluated again on decode
    let mut view: Report = serde_json::from_value(v).unwrap();
    ocilens::engine::compat::apply(&mut view);
    (view, out_focus)
}

/// Drop step 6: the `d.findings` least severe findings go, last first, never
/// the focused one; the focus follows its finding to its new place.
fn keep_findings(r: &Report, focus: Option<&Focus>, d: &Dropped) -> (Vec<Finding>, Option<Focus>) {
    let n = r.findings.len();
    let fk = match focus {
        Some(Focus::Finding(k)) if (*k as usize) < n => Some(*k as usize),
        _ => None,
    };
    let keep = n - d.findings as usize;
    let mut rank: Vec<usize> = (0..n).collect();
    rank.sort_by_key(|&i| (Some(i) != fk, r.findings[i].severity, i));
    let mut kept: Vec<usize> = rank[..keep].to_vec();
    kept.sort();
    let findings: Vec<Finding> = kept.iter().map(|&i| r.findings[i].clone()).collect();
    let out_focus = match focus {
        Some(Focus::Finding(_)) => {
            fk.map(|k| Focus::Finding(kept.iter().position(|&i| i == k).unwrap() as u32))
        }
        Some(Focus::Path { image, layer, path }) => Some(Focus::Path {
            image: *image,
            layer: *layer,
            path: clip_string(path),
        }),
        other => other.cloned(),
    };
    (findings, out_focus)
}

/// A path named by a kept finding or the focus: image, layer, path.
type Named = (Option<u32>, Option<u32>, String);

/// The paths named by the kept findings and the focus.
fn named_paths(findings: &[Finding], focus: Option<&Focus>) -> Vec<Named> {
    let mut named: Vec<Named> = findings
        .iter()
        .filter_map(|f| {
            f.r#where
                .path
                .clone()
                .map(|p| (f.r#where.image, f.r#where.layer, p))
        })
        .collect();
    if let Some(Focus::Path { image, layer, path }) = focus {
        named.push((Some(*image), *layer, path.clone()));
    }
    named
}

/// Drop step 1: only the tree entries `named` names stay, and layers or
/// merged views left empty go.
fn keep_named_entries(t: &Tree, named: &[Named]) -> Tree {
    let hit = |path: &str, image: u32, layer: Option<u32>| {
        named.iter().any(|(i, l, p)| {
            p == path
                && i.is_none_or(|i| i == image)
                && (l.is_none() || layer.is_none() || *l == layer)
        })
    };
    Tree {
        layers: t
            .layers
            .iter()
            .map(|tl| TreeLayer {
                image: tl.image,
                layer: tl.layer,
                entries: tl
                    .entries
                    .iter()
                    .filter(|e| hit(&e.path, tl.image, Some(tl.layer)))
                    .cloned()
                    .collect(),
            })
            .filter(|tl| !tl.entries.is_empty())
            .collect(),
        merged: t
            .merged
            .iter()
            .map(|tm| TreeMerged {
                image: tm.image,
                entries: tm
                    .entries
                    .iter()
                    .filter(|e| hit(&e.path, tm.image, None))
                    .cloned()
                    .collect(),
            })
            .filter(|tm| !tm.entries.is_empty())
            .collect(),
    }
}

/// Whether keeping only the named entries left any entry out.
fn tree_dropped(before: Option<&Tree>, after: Option<&Tree>) -> bool {
    let count = |t: &Tree| -> usize {
        t.layers.iter().map(|l| l.entries.len()).sum::<usize>()
            + t.merged.iter().map(|m| m.entries.len()).sum::<usize>()
    };
    match (before, after) {
        (Some(a), Some(b)) => count(a) > count(b),
        _ => false,
    }
}

/// Drop step 2: config history, in the images and the documents.
fn drop_history(images: &mut [Image], documents: &mut [Document]) {
    for i in images {
        i.config.history.clear();
    }
    for doc in documents {
        if let Some(m) = doc.content.as_object_mut() {
            m.remove("history");
        }
    }
}

/// Drop step 3: annotations, labels and environment variables, everywhere.
fn drop_annotations(
    index: Option<&mut IndexNode>,
    images: &mut [Image],
    documents: &mut [Document],
) {
    if let Some(n) = index {
        each_node(n, &mut |n| n.annotations.clear());
    }
    for i in images {
        i.manifest.annotations.clear();
        i.config.env.clear();
        i.config.labels.clear();
        for l in &mut i.layers {
            l.annotations.clear();
        }
    }
    for doc in documents {
        strip_members(&mut doc.content);
    }
}

/// Drop step 4: document bodies keep only their top-level scalar members.
fn drop_document_bodies(documents: &mut [Document]) {
    for doc in documents {
        doc.content = match &doc.content {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter(|(_, v)| !v.is_array() && !v.is_object())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            _ => Value::Null,
        };
    }
}

/// Drop step 5: messages and expected/found values cut to 200 characters,
/// explanations and spec links reset to the catalogue's.
fn truncate_messages(findings: &mut [Finding]) {
    for f in findings {
        f.explanation = f.code.explanation().to_string();
        f.spec = f.code.spec();
        f.message = clip_200(&f.message);
        f.expected = f.expected.as_deref().map(clip_200);
        f.found = f.found.as_deref().map(clip_200);
    }
}
