//! Share links: a [`Report`] as a compact URL fragment, and back.
//!
//! # Format
//!
//! `#r=1.<payload>`, where `1` is [`VERSION`] (mandatory) and `<payload>` is
//! base64url without padding of a zlib stream (deflate level 9 with the
//! 2-byte header and the Adler-32 trailer, so a link damaged in copying is
//! caught by the checksum instead of showing altered digests) of a compact
//! JSON form of the report. The compact form uses short keys and leaves out
//! what the catalogue already knows: a finding carries its code, location,
//! message and expected/found values; severity, check, explanation and spec
//! are stored only where they differ from [`crate::engine::finding::by_str`]'s.
//! The index tree is stored flat, in preorder with each node's depth, so the
//! JSON stays shallow. Digests are kept in full. The link never carries the
//! image or file contents: only report fields.
//!
//! # What goes in, and the drop order
//!
//! The findings, the input, the references, the index tree, the images
//! (manifest, config and layer table), the JSON documents and the focus.
//! Detail is dropped in this order until the fragment is at most [`TARGET`]
//! bytes (and its JSON at most [`MAX_DECODED`]); the page says what was
//! dropped from [`Shared::dropped`]:
//!
//! 1. tree entries not named by a (kept) finding or by the focus: always
//!    dropped ([`Dropped::tree`]);
//! 2. config `history`, from the image table and the config bodies
//!    ([`Dropped::history`]);
//! 3. annotations, `Labels` and `Env`: from the index, manifests, layers and
//!    configs, and every `annotations`, `Labels` and `Env` member of the
//!    document bodies ([`Dropped::annotations`]);
//! 4. document bodies: each keeps only its top-level scalar members
//!    (`schemaVersion`, `mediaType`, `architecture`, …); a body that is not an
//!    object becomes `null`. The views' fields are in the image table
//!    ([`Dropped::documents`]);
//! 5. finding texts: explanation and spec are reset to the catalogue's (the
//!    engine never writes anything else, so this is free for its reports),
//!    and message, expected and found are cut to 200 characters, the last
//!    being `…` ([`Dropped::messages_truncated`]);
//! 6. the tail of the findings: errors are kept first, then warnings, then
//!    infos, each in report order; a focused finding is always kept
//!    ([`Dropped::findings`] counts what was left out).
//!
//! If the fragment is still over [`TARGET`] then, it is returned anyway: a
//! link over [`MAX_FRAGMENT`] cannot be opened, and the page should not offer
//! one. Whatever the level, the limits of the format itself always apply:
//! a string longer than [`MAX_STRING`] bytes is cut to fit, ending in `…`;
//! arrays and objects keep their first [`MAX_ITEMS`] items (findings by the
//! rule of step 6, counted in [`Dropped::findings`]); document bodies are cut
//! at [`DOC_DEPTH`] nested arrays or objects (a deeper value becomes `"…"`);
//! the index tree keeps [`INDEX_DEPTH`] levels below the root and
//! [`MAX_ITEMS`] nodes in preorder.
//!
//! # Decoding is hostile input
//!
//! [`decode`] rejects a fragment over [`MAX_FRAGMENT`] before decoding,
//! inflates at most [`MAX_DECODED`] bytes, then checks the JSON in one pass
//! that builds nothing (depth at most [`MAX_DEPTH`], strings at most
//! [`MAX_STRING`] bytes, arrays and objects at most [`MAX_ITEMS`] items)
//! before reading it into typed structures. The decoded report is a claim
//! made by whoever wrote the link: nothing in it was verified by the reader.

use super::finding::{by_str, Check, Finding, Location, Severity};
use super::model::config::History;
use super::model::descriptor::Platform;
use super::report::{
    ConfigInfo, DiffIdInfo, Document, Image, IndexNode, Input, LayerInfo, ManifestInfo,
    ReferenceRecord, Report, Status, Summary, Tool, Tree, TreeLayer, TreeMerged, SCHEMA,
};
use super::tree::entry::{Change, Kind, LayerEntry};
use super::tree::merge::Changes;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// The link format version, written as `r=1.`.
pub const VERSION: u32 = 1;
/// Longest fragment [`decode`] reads (without `#`), checked before decoding.
pub const MAX_FRAGMENT: usize = 64 * 1024;
/// Most bytes the payload may inflate to.
pub const MAX_DECODED: usize = 1024 * 1024;
/// [`encode`] drops detail until the fragment is at most this long.
pub const TARGET: usize = 8000;
/// Longest string in a link, in bytes.
pub const MAX_STRING: usize = 4096;
/// Most items in an array or members in an object of a link.
pub const MAX_ITEMS: usize = 10_000;
/// Deepest nesting of arrays and objects in a link's JSON.
pub const MAX_DEPTH: usize = 32;
/// Nesting of arrays and objects kept in a document body.
pub const DOC_DEPTH: usize = 24;
/// Levels of the index tree kept below its root.
pub const INDEX_DEPTH: usize = 32;
/// Characters kept of a finding's message, expected and found values when
/// finding texts are shortened (the last one being `…`).
pub const MESSAGE_CHARS: usize = 200;

const PREFIX: &str = "r=";
const ELLIPSIS: char = '…';

/// What the page should open on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Focus {
    /// A finding: index into `report.findings`.
    Finding(u32),
    /// A layer of an image.
    Layer {
        /// Index into `report.images` (`0` for a rootfs tarball's tree).
        image: u32,
        /// Index of the layer within the image.
        layer: u32,
    },
    /// A path in the file tree.
    Path {
        /// Index into `report.images`.
        image: u32,
        /// The layer, or `None` for the image's merged file system.
        layer: Option<u32>,
        /// The entry's path.
        path: String,
    },
}

/// What was left out of a link to fit, in the order it is dropped (see the
/// module documentation for each step).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dropped {
    /// 1. Tree entries not named by a finding or the focus were left out.
    pub tree: bool,
    /// 2. Config history was left out.
    pub history: bool,
    /// 3. Annotations, labels and environment variables were left out.
    pub annotations: bool,
    /// 4. Document bodies were reduced to their top-level scalar fields.
    pub documents: bool,
    /// 5. Finding messages (and expected/found values) were cut to
    ///    [`MESSAGE_CHARS`] characters, explanations reset to the catalogue's.
    pub messages_truncated: bool,
    /// 6. How many findings were left out (the least severe, last first).
    pub findings: u32,
}

/// A decoded link.
#[derive(Debug, Clone, PartialEq)]
pub struct Shared {
    /// The report as the link claims it: nothing in it was verified here.
    pub report: Report,
    /// What the page should open on.
    pub focus: Option<Focus>,
    /// What the link left out.
    pub dropped: Dropped,
}

/// Why a link cannot be opened. `Display` gives a sentence for the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// The fragment is not `r=<version>.<payload>`.
    NotALink,
    /// The fragment is longer than [`MAX_FRAGMENT`].
    TooLong {
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A version other than [`VERSION`] (at most 16 characters of it).
    UnknownVersion(String),
    /// The payload is not base64url.
    BadBase64,
    /// The payload does not inflate (damaged, cut, or checksum mismatch).
    BadDeflate,
    /// The payload inflates to more than [`MAX_DECODED`] bytes.
    TooLarge {
        /// The limit.
        max: usize,
    },
    /// The payload is not JSON, or breaks the depth, string or array limits.
    BadJson(String),
    /// The JSON is not a report of this version.
    WrongSchema(String),
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::NotALink => f.write_str(
                "This address does not hold a shared report: a share link ends in #r=1. followed by the report.",
            ),
            LinkError::TooLong { len, max } => write!(
                f,
                "This share link is {len} characters long; links longer than {max} characters are not opened."
            ),
            LinkError::UnknownVersion(v) => write!(
                f,
                "This share link is in format version \"{v}\", which this page cannot read (it reads version {VERSION}). Open it with the ocilens version that made it."
            ),
            LinkError::BadBase64 => f.write_str(
                "This share link is damaged: its data is not valid base64url. Was it cut short or changed when it was copied?",
            ),
            LinkError::BadDeflate => f.write_str(
                "This share link is damaged: its data does not decompress or fails its checksum. Was it cut short or changed when it was copied?",
            ),
            LinkError::TooLarge { max } => write!(
                f,
                "This share link expands to more than {max} bytes; it is not opened."
            ),
            LinkError::BadJson(d) => write!(
                f,
                "This share link is damaged: its data is not a report within the limits of a share link ({d})."
            ),
            LinkError::WrongSchema(d) => write!(
                f,
                "This share link does not hold a report this page can read ({d})."
            ),
        }
    }
}

impl std::error::Error for LinkError {}

// ---------------------------------------------------------------------------
// Text limits

/// `s` cut to at most [`MAX_STRING`] bytes at a character boundary, ending in `…` when cut.
fn clip_string(s: &mut String) {
    if s.len() <= MAX_STRING {
        return;
    }
    let mut end = MAX_STRING - ELLIPSIS.len_utf8();
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s.push(ELLIPSIS);
}

/// `s` cut to at most `n` characters, the last being `…` when cut.
fn clip_chars(s: &mut String, n: usize) {
    if n == 0 || s.chars().count() <= n {
        return;
    }
    let end = s.char_indices().nth(n - 1).map_or(s.len(), |(i, _)| i);
    s.truncate(end);
    s.push(ELLIPSIS);
}

fn short(s: &str, n: usize) -> String {
    let mut s = s.to_string();
    clip_chars(&mut s, n);
    s
}

/// Strings, arrays and objects of `v` cut to the link limits.
fn clip_value(v: &mut Value) {
    match v {
        Value::String(s) => clip_string(s),
        Value::Array(a) => {
            a.truncate(MAX_ITEMS);
            a.iter_mut().for_each(clip_value);
        }
        Value::Object(m) => {
            if m.len() > MAX_ITEMS || m.keys().any(|k| k.len() > MAX_STRING) {
                let old = std::mem::take(m);
                for (mut k, x) in old.into_iter().take(MAX_ITEMS) {
                    clip_string(&mut k);
                    m.insert(k, x);
                }
            }
            m.values_mut().for_each(clip_value);
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Arrays and objects deeper than [`DOC_DEPTH`] replaced by `"…"`.
fn clip_depth(v: &mut Value, depth: usize) {
    let container = matches!(v, Value::Array(_) | Value::Object(_));
    if container && depth >= DOC_DEPTH {
        *v = Value::String(ELLIPSIS.to_string());
        return;
    }
    match v {
        Value::Array(a) => a.iter_mut().for_each(|x| clip_depth(x, depth + 1)),
        Value::Object(m) => m.values_mut().for_each(|x| clip_depth(x, depth + 1)),
        _ => {}
    }
}

/// Members named `annotations`, `Labels` or `Env` removed at any depth.
fn strip_annotations(v: &mut Value) {
    match v {
        Value::Array(a) => a.iter_mut().for_each(strip_annotations),
        Value::Object(m) => {
            for k in ["annotations", "Labels", "Env"] {
                m.remove(k);
            }
            m.values_mut().for_each(strip_annotations);
        }
        _ => {}
    }
}

/// A body reduced to its top-level scalar members.
fn reduce_body(v: &mut Value) {
    match v {
        Value::Object(m) => m.retain(|_, x| !matches!(x, Value::Array(_) | Value::Object(_))),
        _ => *v = Value::Null,
    }
}

fn node_alone(n: &IndexNode) -> IndexNode {
    IndexNode {
        kind: n.kind.clone(),
        media_type: n.media_type.clone(),
        digest: n.digest.clone(),
        size: n.size,
        platform: n.platform.clone(),
        annotations: n.annotations.clone(),
        artifact_type: n.artifact_type.clone(),
        entry: n.entry.clone(),
        digest_status: n.digest_status,
        size_status: n.size_status,
        image: n.image,
        children: Vec::new(),
    }
}

/// The index tree cut to [`INDEX_DEPTH`] levels and [`MAX_ITEMS`] nodes in preorder.
fn prune_index(n: &IndexNode, depth: usize, budget: &mut usize) -> IndexNode {
    let mut out = node_alone(n);
    *budget = budget.saturating_sub(1);
    if depth < INDEX_DEPTH {
        for c in &n.children {
            if *budget == 0 {
                break;
            }
            out.children.push(prune_index(c, depth + 1, budget));
        }
    }
    out
}

fn strip_node_annotations(n: &mut IndexNode) {
    // without recursion, whatever the depth
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        n.annotations.clear();
        stack.extend(n.children.iter_mut());
    }
}

// ---------------------------------------------------------------------------
// The view: the report as a link at a given level carries it

const LEVEL_HISTORY: u8 = 1;
const LEVEL_ANNOTATIONS: u8 = 2;
const LEVEL_DOCUMENTS: u8 = 3;
const LEVEL_TEXTS: u8 = 4;

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
fn focused_finding(r: &Report, focus: Option<&Focus>) -> Option<usize> {
    match focus {
        Some(Focus::Finding(k)) => usize::try_from(*k).ok().filter(|k| *k < r.findings.len()),
        _ => None,
    }
}

/// The report, focus and drops a link of `level` keeping `keep` findings carries.
fn view(
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
            let code = by_str(&f.code);
            f.explanation = code
                .map(|c| c.explanation().to_string())
                .unwrap_or_default();
            f.spec = code.map(|c| c.spec()).unwrap_or_default();
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

// ---------------------------------------------------------------------------
// The compact form: short keys, absent when empty or when the catalogue knows

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Serialize, Deserialize)]
struct Compact {
    /// `schema`, when not [`SCHEMA`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    s: Option<String>,
    /// `tool`: name, version.
    t: (String, String),
    i: CInput,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    r: Vec<CRef>,
    /// The index tree in preorder.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    x: Vec<CNode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    m: Vec<CImage>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    d: Vec<CDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tr: Option<CTree>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    f: Vec<CFinding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    o: Option<Focus>,
    #[serde(default, skip_serializing_if = "CDropped::is_none")]
    dr: CDropped,
}

#[derive(Serialize, Deserialize, Default, PartialEq)]
struct CDropped {
    #[serde(default, skip_serializing_if = "is_false")]
    t: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    h: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    a: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    d: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    m: bool,
    #[serde(default, skip_serializing_if = "is_zero")]
    f: u32,
}

impl CDropped {
    fn is_none(&self) -> bool {
        *self == CDropped::default()
    }
}

#[derive(Serialize, Deserialize)]
struct CInput {
    n: String,
    z: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    h: Option<String>,
    f: String,
    o: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    r: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct CRef {
    w: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    n: Option<String>,
    s: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    t: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    i: Option<u32>,
}

#[derive(Serialize, Deserialize)]
struct CNode {
    /// Depth: 0 for the root.
    #[serde(default, skip_serializing_if = "is_zero")]
    p: u32,
    k: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    t: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    d: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    z: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pl: Option<Platform>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    a: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    e: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ds: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ss: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    i: Option<u32>,
}

#[derive(Serialize, Deserialize)]
struct CImage {
    k: String,
    s: String,
    m: CManifest,
    c: CConfig,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    l: Vec<CLayer>,
}

#[derive(Serialize, Deserialize)]
struct CManifest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    d: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    t: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    z: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pl: Option<Platform>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    a: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sj: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    e: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ds: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ss: Option<Status>,
}

#[derive(Serialize, Deserialize)]
struct CConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    d: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    t: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    e: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    os: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    v: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cr: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    di: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    h: Vec<CHistory>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    en: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    lb: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ds: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ss: Option<Status>,
}

#[derive(Serialize, Deserialize)]
struct CHistory {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    c: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    b: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    m: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    e: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    l: Option<u32>,
}

#[derive(Serialize, Deserialize)]
struct CLayer {
    n: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    t: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    d: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    z: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    e: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    c: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    u: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ds: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ss: Option<Status>,
    /// DiffID declared, computed, status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dd: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dst: Option<Status>,
    /// Changes: added, modified, removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ch: Option<(u64, u64, u64)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fl: Option<u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    ur: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    a: BTreeMap<String, String>,
}

#[derive(Serialize, Deserialize)]
struct CDoc {
    e: String,
    r: String,
    d: String,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    c: Value,
}

#[derive(Serialize, Deserialize)]
struct CTree {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    l: Vec<CTreeLayer>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    m: Vec<CTreeMerged>,
}

#[derive(Serialize, Deserialize)]
struct CTreeLayer {
    i: u32,
    l: u32,
    e: Vec<CEntry>,
}

#[derive(Serialize, Deserialize)]
struct CTreeMerged {
    i: u32,
    e: Vec<CEntry>,
}

#[derive(Serialize, Deserialize)]
struct CEntry {
    p: String,
    k: Kind,
    m: u32,
    u: u64,
    g: u64,
    z: u64,
    t: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    l: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    c: Option<Change>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    y: Option<u32>,
}

#[derive(Serialize, Deserialize)]
struct CFinding {
    c: String,
    #[serde(default, skip_serializing_if = "CWhere::is_none")]
    w: CWhere,
    m: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    x: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    y: Option<String>,
    /// Severity, when not the catalogue's for the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    s: Option<Severity>,
    /// Check, when not the catalogue's for the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    k: Option<Check>,
    /// Explanation, when not the catalogue's (nor the catalogue's plus a sentence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    e: Option<String>,
    /// A sentence appended to the catalogue's explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ea: Option<String>,
    /// Spec URL, when not the catalogue's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    p: Option<String>,
}

#[derive(Serialize, Deserialize, Default, PartialEq)]
struct CWhere {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    e: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    b: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    i: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    l: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    p: Option<String>,
}

impl CWhere {
    fn is_none(&self) -> bool {
        *self == CWhere::default()
    }
}

fn c_entry(e: &LayerEntry) -> CEntry {
    CEntry {
        p: e.path.clone(),
        k: e.kind,
        m: e.mode,
        u: e.uid,
        g: e.gid,
        z: e.size,
        t: e.mtime,
        l: e.link.clone(),
        c: e.change,
        y: e.layer,
    }
}

fn entry(c: CEntry) -> LayerEntry {
    LayerEntry {
        path: c.p,
        kind: c.k,
        mode: c.m,
        uid: c.u,
        gid: c.g,
        size: c.z,
        mtime: c.t,
        link: c.l,
        change: c.c,
        layer: c.y,
    }
}

fn c_node(n: &IndexNode, depth: u32) -> CNode {
    CNode {
        p: depth,
        k: n.kind.clone(),
        t: n.media_type.clone(),
        d: n.digest.clone(),
        z: n.size,
        pl: n.platform.clone(),
        a: n.annotations.clone(),
        at: n.artifact_type.clone(),
        e: n.entry.clone(),
        ds: n.digest_status,
        ss: n.size_status,
        i: n.image,
    }
}

fn c_finding(f: &Finding) -> CFinding {
    let code = by_str(&f.code);
    let base = code.map(|c| c.explanation()).unwrap_or_default();
    let (e, ea) = if f.explanation == base {
        (None, None)
    } else {
        match f
            .explanation
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix(' '))
        {
            Some(more) if code.is_some() => (None, Some(more.to_string())),
            _ => (Some(f.explanation.clone()), None),
        }
    };
    let spec = code.map(|c| c.spec()).unwrap_or_default();
    let w = &f.r#where;
    CFinding {
        c: f.code.clone(),
        w: CWhere {
            e: w.entry.clone(),
            b: w.blob.clone(),
            i: w.image,
            l: w.layer,
            p: w.path.clone(),
        },
        m: f.message.clone(),
        x: f.expected.clone(),
        y: f.found.clone(),
        s: (code.map(|c| c.severity()) != Some(f.severity)).then_some(f.severity),
        k: (code.map(|c| c.check()) != Some(f.check)).then_some(f.check),
        e,
        ea,
        p: (f.spec != spec).then(|| f.spec.clone()),
    }
}

fn finding(n: usize, c: CFinding) -> Result<Finding, LinkError> {
    let code = by_str(&c.c);
    let severity =
        c.s.or(code.map(|x| x.severity()))
            .ok_or_else(|| LinkError::WrongSchema(format!("finding {n} has no severity")))?;
    let check =
        c.k.or(code.map(|x| x.check()))
            .ok_or_else(|| LinkError::WrongSchema(format!("finding {n} has no check")))?;
    let base = code.map(|x| x.explanation()).unwrap_or_default();
    let explanation = match (c.e, c.ea) {
        (Some(e), _) => e,
        (None, Some(more)) => format!("{base} {more}"),
        (None, None) => base.to_string(),
    };
    Ok(Finding {
        code: c.c,
        severity,
        check,
        r#where: Location {
            entry: c.w.e,
            blob: c.w.b,
            image: c.w.i,
            layer: c.w.l,
            path: c.w.p,
        },
        message: c.m,
        explanation,
        spec: c
            .p
            .unwrap_or_else(|| code.map(|x| x.spec()).unwrap_or_default()),
        expected: c.x,
        found: c.y,
    })
}

fn c_image(i: &Image) -> CImage {
    let (m, c) = (&i.manifest, &i.config);
    CImage {
        k: i.kind.clone(),
        s: i.source.clone(),
        m: CManifest {
            d: m.digest.clone(),
            t: m.media_type.clone(),
            dt: m.document_media_type.clone(),
            z: m.size,
            pl: m.platform.clone(),
            a: m.annotations.clone(),
            at: m.artifact_type.clone(),
            sj: m.subject.clone(),
            e: m.entry.clone(),
            ds: m.digest_status,
            ss: m.size_status,
        },
        c: CConfig {
            d: c.digest.clone(),
            t: c.media_type.clone(),
            e: c.entry.clone(),
            os: c.os.clone(),
            ar: c.architecture.clone(),
            v: c.variant.clone(),
            cr: c.created.clone(),
            di: c.diff_ids.clone(),
            h: c.history
                .iter()
                .map(|h| CHistory {
                    c: h.created.clone(),
                    b: h.created_by.clone(),
                    m: h.comment.clone(),
                    e: h.empty_layer,
                    l: h.layer,
                })
                .collect(),
            en: c.env.clone(),
            lb: c.labels.clone(),
            ds: c.digest_status,
            ss: c.size_status,
        },
        l: i.layers
            .iter()
            .map(|l| CLayer {
                n: l.index,
                t: l.media_type.clone(),
                d: l.digest.clone(),
                z: l.size,
                e: l.entry.clone(),
                c: l.compression.clone(),
                u: l.uncompressed_size,
                ds: l.digest_status,
                ss: l.size_status,
                dd: l.diff_id.declared.clone(),
                dc: l.diff_id.computed.clone(),
                dst: l.diff_id.status,
                ch: l.changes.map(|c| (c.added, c.modified, c.removed)),
                fl: l.files,
                ur: l.urls.clone(),
                a: l.annotations.clone(),
            })
            .collect(),
    }
}

fn image(c: CImage) -> Image {
    let (m, g) = (c.m, c.c);
    Image {
        kind: c.k,
        source: c.s,
        manifest: ManifestInfo {
            digest: m.d,
            media_type: m.t,
            document_media_type: m.dt,
            size: m.z,
            platform: m.pl,
            annotations: m.a,
            artifact_type: m.at,
            subject: m.sj,
            entry: m.e,
            digest_status: m.ds,
            size_status: m.ss,
        },
        config: ConfigInfo {
            digest: g.d,
            media_type: g.t,
            entry: g.e,
            os: g.os,
            architecture: g.ar,
            variant: g.v,
            created: g.cr,
            diff_ids: g.di,
            history: g
                .h
                .into_iter()
                .map(|h| History {
                    created: h.c,
                    created_by: h.b,
                    comment: h.m,
                    empty_layer: h.e,
                    layer: h.l,
                })
                .collect(),
            env: g.en,
            labels: g.lb,
            digest_status: g.ds,
            size_status: g.ss,
        },
        layers: c
            .l
            .into_iter()
            .map(|l| LayerInfo {
                index: l.n,
                media_type: l.t,
                digest: l.d,
                size: l.z,
                entry: l.e,
                compression: l.c,
                uncompressed_size: l.u,
                digest_status: l.ds,
                size_status: l.ss,
                diff_id: DiffIdInfo {
                    declared: l.dd,
                    computed: l.dc,
                    status: l.dst,
                },
                changes: l.ch.map(|(added, modified, removed)| Changes {
                    added,
                    modified,
                    removed,
                }),
                files: l.fl,
                urls: l.ur,
                annotations: l.a,
            })
            .collect(),
    }
}

fn to_compact(r: &Report, focus: Option<&Focus>, dropped: &Dropped) -> Compact {
    let mut x = Vec::new();
    if let Some(root) = &r.index {
        // preorder with an explicit stack
        let mut stack = vec![(root, 0u32)];
        while let Some((n, depth)) = stack.pop() {
            x.push(c_node(n, depth));
            stack.extend(
                n.children
                    .iter()
                    .rev()
                    .map(|c| (c, depth.saturating_add(1))),
            );
        }
    }
    let i = &r.input;
    Compact {
        s: (r.schema != SCHEMA).then(|| r.schema.clone()),
        t: (r.tool.name.clone(), r.tool.version.clone()),
        i: CInput {
            n: i.name.clone(),
            z: i.size,
            h: i.sha256.clone(),
            f: i.format.clone(),
            o: i.outer_compression.clone(),
            r: i.rootfs_diff_id.clone(),
        },
        r: r.references
            .iter()
            .map(|x| CRef {
                w: x.as_written.clone(),
                n: x.normalized.clone(),
                s: x.source.clone(),
                t: x.target.clone(),
                i: x.image,
            })
            .collect(),
        x,
        m: r.images.iter().map(c_image).collect(),
        d: r.documents
            .iter()
            .map(|d| CDoc {
                e: d.entry.clone(),
                r: d.role.clone(),
                d: d.digest.clone(),
                c: d.content.clone(),
            })
            .collect(),
        tr: r.tree.as_ref().map(|t| CTree {
            l: t.layers
                .iter()
                .map(|l| CTreeLayer {
                    i: l.image,
                    l: l.layer,
                    e: l.entries.iter().map(c_entry).collect(),
                })
                .collect(),
            m: t.merged
                .iter()
                .map(|m| CTreeMerged {
                    i: m.image,
                    e: m.entries.iter().map(c_entry).collect(),
                })
                .collect(),
        }),
        f: r.findings.iter().map(c_finding).collect(),
        o: focus.cloned(),
        dr: CDropped {
            t: dropped.tree,
            h: dropped.history,
            a: dropped.annotations,
            d: dropped.documents,
            m: dropped.messages_truncated,
            f: dropped.findings,
        },
    }
}

/// Rebuilds the index tree from its preorder list, without recursion.
fn index_tree(nodes: Vec<CNode>) -> Result<Option<IndexNode>, LinkError> {
    let bad = |m: String| LinkError::WrongSchema(m);
    let mut stack: Vec<IndexNode> = Vec::new();
    let fold = |stack: &mut Vec<IndexNode>| {
        if let Some(top) = stack.pop() {
            if let Some(parent) = stack.last_mut() {
                parent.children.push(top);
            }
        }
    };
    for (n, c) in nodes.into_iter().enumerate() {
        let depth = usize::try_from(c.p).unwrap_or(usize::MAX);
        if depth > INDEX_DEPTH {
            return Err(bad(format!("index node {n} is nested too deep")));
        }
        let ok = if n == 0 {
            depth == 0
        } else {
            depth >= 1 && depth <= stack.len()
        };
        if !ok {
            return Err(bad(format!("index node {n} is out of place")));
        }
        while stack.len() > depth {
            fold(&mut stack);
        }
        stack.push(IndexNode {
            kind: c.k,
            media_type: c.t,
            digest: c.d,
            size: c.z,
            platform: c.pl,
            annotations: c.a,
            artifact_type: c.at,
            entry: c.e,
            digest_status: c.ds,
            size_status: c.ss,
            image: c.i,
            children: Vec::new(),
        });
    }
    while stack.len() > 1 {
        fold(&mut stack);
    }
    Ok(stack.pop())
}

fn from_compact(c: Compact) -> Result<Shared, LinkError> {
    let findings =
        c.f.into_iter()
            .enumerate()
            .map(|(n, f)| finding(n, f))
            .collect::<Result<Vec<_>, _>>()?;
    if let Some(Focus::Finding(k)) = &c.o {
        if usize::try_from(*k).map_or(true, |k| k >= findings.len()) {
            return Err(LinkError::WrongSchema(format!(
                "the focus names finding {k} of {}",
                findings.len()
            )));
        }
    }
    let report = Report {
        schema: c.s.unwrap_or_else(|| SCHEMA.to_string()),
        tool: Tool {
            name: c.t.0,
            version: c.t.1,
        },
        input: Input {
            name: c.i.n,
            size: c.i.z,
            sha256: c.i.h,
            format: c.i.f,
            outer_compression: c.i.o,
            rootfs_diff_id: c.i.r,
        },
        references: c
            .r
            .into_iter()
            .map(|x| ReferenceRecord {
                as_written: x.w,
                normalized: x.n,
                source: x.s,
                target: x.t,
                image: x.i,
            })
            .collect(),
        index: index_tree(c.x)?,
        images: c.m.into_iter().map(image).collect(),
        documents: c
            .d
            .into_iter()
            .map(|d| Document {
                entry: d.e,
                role: d.r,
                digest: d.d,
                content: d.c,
            })
            .collect(),
        tree: c.tr.map(|t| Tree {
            layers: t
                .l
                .into_iter()
                .map(|l| TreeLayer {
                    image: l.i,
                    layer: l.l,
                    entries: l.e.into_iter().map(entry).collect(),
                })
                .collect(),
            merged: t
                .m
                .into_iter()
                .map(|m| TreeMerged {
                    image: m.i,
                    entries: m.e.into_iter().map(entry).collect(),
                })
                .collect(),
        }),
        summary: Summary::of(&findings),
        findings,
    };
    Ok(Shared {
        report,
        focus: c.o,
        dropped: Dropped {
            tree: c.dr.t,
            history: c.dr.h,
            annotations: c.dr.a,
            documents: c.dr.d,
            messages_truncated: c.dr.m,
            findings: c.dr.f,
        },
    })
}

// ---------------------------------------------------------------------------
// Encoding

/// One try: the compact JSON of a view, and its fragment once computed.
struct Attempt {
    json: Vec<u8>,
    dropped: Dropped,
    fragment: Option<String>,
}

impl Attempt {
    fn new(r: &Report, focus: Option<&Focus>, level: u8, keep: usize) -> Attempt {
        let (v, focus, dropped) = view(r, focus, level, keep);
        let json =
            serde_json::to_vec(&to_compact(&v, focus.as_ref(), &dropped)).unwrap_or_default();
        Attempt {
            json,
            dropped,
            fragment: None,
        }
    }

    fn fragment(&mut self) -> &str {
        let json = &self.json;
        self.fragment.get_or_insert_with(|| {
            let packed = miniz_oxide::deflate::compress_to_vec_zlib(json, 9);
            format!("{PREFIX}{VERSION}.{}", URL_SAFE_NO_PAD.encode(packed))
        })
    }

    /// Within [`TARGET`] and openable.
    fn fits(&mut self) -> bool {
        self.json.len() <= MAX_DECODED && self.fragment().len() <= TARGET
    }

    fn done(mut self) -> (String, Dropped) {
        self.fragment();
        (self.fragment.unwrap_or_default(), self.dropped)
    }
}

/// Encodes `report` (and what to open on) as a fragment, without `#`:
/// `r=1.<base64url(zlib(json))>`. Detail is dropped in the order of the
/// module documentation until the fragment is at most [`TARGET`] bytes, or
/// nothing more can be dropped; the second value says what was dropped.
/// A focus on a finding that does not exist is left out; a focused finding is
/// never dropped and its index is renumbered to the findings kept.
pub fn encode(report: &Report, focus: Option<&Focus>) -> (String, Dropped) {
    let focus = match focus {
        Some(Focus::Finding(_)) if focused_finding(report, focus).is_none() => None,
        other => other,
    };
    let all = report.findings.len().min(MAX_ITEMS);
    let mut last = None;
    for level in 0..=LEVEL_TEXTS {
        let mut a = Attempt::new(report, focus, level, all);
        if a.fits() {
            return a.done();
        }
        last = Some(a);
    }
    // the tail of the findings: the largest count that fits
    let least = usize::from(focused_finding(report, focus).is_some()).min(all);
    if all > least {
        let mut lo = Attempt::new(report, focus, LEVEL_TEXTS, least);
        if !lo.fits() {
            return lo.done();
        }
        let (mut lo_n, mut hi_n) = (least, all);
        while hi_n - lo_n > 1 {
            let mid = lo_n + (hi_n - lo_n) / 2;
            let mut a = Attempt::new(report, focus, LEVEL_TEXTS, mid);
            if a.fits() {
                lo = a;
                lo_n = mid;
            } else {
                hi_n = mid;
            }
        }
        return lo.done();
    }
    match last {
        Some(a) => a.done(),
        None => Attempt::new(report, focus, LEVEL_TEXTS, all).done(),
    }
}

// ---------------------------------------------------------------------------
// Decoding

/// Walks JSON checking depth, string length and item counts; builds nothing.
#[derive(Clone, Copy)]
struct Checker {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Checker {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Checker {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JSON")
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<(), E> {
        if s.len() > MAX_STRING {
            return Err(E::custom(format!(
                "a string of {} bytes, over {MAX_STRING}",
                s.len()
            )));
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let inner = self.deeper::<A::Error>()?;
        let mut n = 0usize;
        while seq.next_element_seed(inner)?.is_some() {
            n += 1;
            if n > MAX_ITEMS {
                return Err(serde::de::Error::custom(format!(
                    "an array of over {MAX_ITEMS} items"
                )));
            }
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let inner = self.deeper::<A::Error>()?;
        let mut n = 0usize;
        while map.next_key_seed(inner)?.is_some() {
            map.next_value_seed(inner)?;
            n += 1;
            if n > MAX_ITEMS {
                return Err(serde::de::Error::custom(format!(
                    "an object of over {MAX_ITEMS} members"
                )));
            }
        }
        Ok(())
    }
}

impl Checker {
    fn deeper<E: serde::de::Error>(self) -> Result<Checker, E> {
        let depth = self.depth + 1;
        if depth > MAX_DEPTH {
            return Err(E::custom(format!("nested deeper than {MAX_DEPTH}")));
        }
        Ok(Checker { depth })
    }
}

fn check_json(json: &[u8]) -> Result<(), LinkError> {
    let bad = |e: serde_json::Error| LinkError::BadJson(short(&e.to_string(), 200));
    let mut de = serde_json::Deserializer::from_slice(json);
    Checker { depth: 0 }.deserialize(&mut de).map_err(bad)?;
    de.end().map_err(bad)
}

/// Decodes a fragment, with or without its leading `#`. Hostile input: the
/// fragment is capped at [`MAX_FRAGMENT`], the inflated JSON at
/// [`MAX_DECODED`], and the JSON is checked against [`MAX_DEPTH`],
/// [`MAX_STRING`] and [`MAX_ITEMS`] before it is read. Never panics.
pub fn decode(fragment: &str) -> Result<Shared, LinkError> {
    let text = fragment.strip_prefix('#').unwrap_or(fragment);
    if text.len() > MAX_FRAGMENT {
        return Err(LinkError::TooLong {
            len: text.len(),
            max: MAX_FRAGMENT,
        });
    }
    let rest = text.strip_prefix(PREFIX).ok_or(LinkError::NotALink)?;
    let (version, payload) = rest.split_once('.').ok_or(LinkError::NotALink)?;
    if version != VERSION.to_string() {
        return Err(LinkError::UnknownVersion(short(version, 16)));
    }
    let packed = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| LinkError::BadBase64)?;
    let too_large = LinkError::TooLarge { max: MAX_DECODED };
    let json =
        match miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&packed, MAX_DECODED + 1) {
            Ok(json) if json.len() > MAX_DECODED => return Err(too_large),
            Ok(json) => json,
            Err(e) if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                return Err(too_large)
            }
            Err(_) => return Err(LinkError::BadDeflate),
        };
    check_json(&json)?;
    let compact: Compact = serde_json::from_slice(&json)
        .map_err(|e| LinkError::WrongSchema(short(&e.to_string(), 200)))?;
    from_compact(compact)
}
