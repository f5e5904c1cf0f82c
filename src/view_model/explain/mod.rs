//! Explain mode: a guided walk through the dropped image, told with its own
//! values (entry names, digests, sizes, `rootfs.diff_ids`, media types), and
//! the image's graph for the SVG diagram (index → manifests → config and
//! layers, coloured by verification state).
//!
//! Pure: built from a [`Report`], rendered by the Yew components. Every
//! string is text for the page (never HTML).

mod archive;
mod documents;
mod graph;
mod graph_build;
mod layer;
mod media_types;
mod util;

pub use graph::{graph, Edge, Graph, Node, NodeKind, NodeState, NodeTarget, MAX_NODES};

use crate::engine::finding::{Finding, Location, Subject};
use crate::engine::report::{IndexNode, IndexNodeKind, Report, Status};
use std::collections::HashSet;
use util::{Ctx, Out};

/// A step of the walk, in teaching order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepId {
    /// The files of the archive.
    Archive,
    /// The index: descriptors pointing to manifests by digest.
    Index,
    /// A manifest: config and layers, in order.
    Manifest,
    /// The config: `rootfs.diff_ids` and history.
    Config,
    /// One layer, from both sides: digest and DiffID.
    Layer,
    /// The layer stack: whiteouts, opaque directories, the merged tree.
    Stack,
    /// Media types: the claim vs the bytes.
    MediaTypes,
}

impl StepId {
    /// Every step, in walk order.
    pub const ALL: [StepId; 7] = [
        StepId::Archive,
        StepId::Index,
        StepId::Manifest,
        StepId::Config,
        StepId::Layer,
        StepId::Stack,
        StepId::MediaTypes,
    ];

    /// The anchor name (`#explain-<slug>`).
    pub fn slug(self) -> &'static str {
        match self {
            StepId::Archive => "archive",
            StepId::Index => "index",
            StepId::Manifest => "manifest",
            StepId::Config => "config",
            StepId::Layer => "layer",
            StepId::Stack => "stack",
            StepId::MediaTypes => "media-types",
        }
    }

    /// The heading.
    pub fn title(self) -> &'static str {
        match self {
            StepId::Archive => "The files of the archive",
            StepId::Index => "The index",
            StepId::Manifest => "A manifest",
            StepId::Config => "The config",
            StepId::Layer => "One layer, from both sides",
            StepId::Stack => "The layer stack",
            StepId::MediaTypes => "Media types",
        }
    }

    /// The step of a slug.
    pub fn from_slug(s: &str) -> Option<StepId> {
        StepId::ALL.into_iter().find(|id| id.slug() == s)
    }
}

/// The step that teaches the idea behind a finding: the catalogue's subject
/// column ([`Code::subject`](crate::engine::finding::Code::subject)). A
/// [`Subject::Document`] finding goes to the index step when its location
/// names an index (the layout's `index.json`, or a JSON path into a
/// `manifests` array), else to the manifest step; use [`step_for_in`] to
/// also recognise nested indexes by their entry or blob.
pub fn step_for(f: &Finding) -> StepId {
    step_with(f, &HashSet::new())
}

/// [`step_for`], also recognising the blobs of nested indexes of `report`.
pub fn step_for_in(report: &Report, f: &Finding) -> StepId {
    step_with(f, &index_names(report.index.as_ref()))
}

/// [`step_for_in`] for many findings: the index tree (of the report, or of
/// the structure while blobs are still being read) is walked once.
pub fn step_finder(index: Option<&IndexNode>) -> impl Fn(&Finding) -> StepId {
    let names = index_names(index);
    move |f| step_with(f, &names)
}

/// Digests and entries of every index node (nested ones included).
fn index_names(index: Option<&IndexNode>) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut stack: Vec<&IndexNode> = index.into_iter().collect();
    while let Some(n) = stack.pop() {
        if n.kind == IndexNodeKind::Index {
            out.extend(n.digest.iter().cloned());
            out.extend(n.entry.iter().cloned());
        }
        stack.extend(n.children.iter());
    }
    out
}

fn step_with(f: &Finding, indexes: &HashSet<String>) -> StepId {
    match f.code.subject() {
        Subject::Archive => StepId::Archive,
        Subject::Index => StepId::Index,
        Subject::Manifest => StepId::Manifest,
        Subject::Document if names_index(&f.r#where, indexes) => StepId::Index,
        Subject::Document => StepId::Manifest,
        Subject::Config => StepId::Config,
        Subject::Layer => StepId::Layer,
        Subject::Stack => StepId::Stack,
        Subject::MediaTypes => StepId::MediaTypes,
    }
}

/// Whether a finding's location names an index: the layout's `index.json`
/// (its fixed name, image-layout.md), the entry or blob of an index node in
/// `indexes`, or a JSON path into a `manifests` array (only an index has one).
fn names_index(w: &Location, indexes: &HashSet<String>) -> bool {
    w.entry
        .as_deref()
        .is_some_and(|e| e == "index.json" || e.ends_with("/index.json") || indexes.contains(e))
        || w.blob.as_ref().is_some_and(|b| indexes.contains(b))
        || w.path
            .as_deref()
            .is_some_and(|p| p.starts_with("$.manifests"))
}

/// One piece of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Plain words.
    Text(String),
    /// A value from the image (rendered as `<code>`).
    Value(String),
    /// A blob digest (a clickable `<code>`).
    Digest(String),
    /// A verification mark (✓, ✗; `None`: not checked yet).
    Mark(Option<Status>),
}

/// One step of the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Which step.
    pub id: StepId,
    /// Its heading.
    pub title: String,
    /// Paragraphs, each a list of parts.
    pub paragraphs: Vec<Vec<Part>>,
    /// Findings (indexes into `report.findings`) whose step this is.
    pub findings: Vec<usize>,
    /// Key values, for tests: e.g. (`layer-digest`, `sha256:…`).
    pub facts: Vec<(String, String)>,
}

/// The walk for image `image` of the report; `layer` picks the layer of the
/// "one layer, from both sides" step (default: the first layer with both a
/// digest and a computed DiffID). Always the seven steps of [`StepId::ALL`];
/// a step that does not apply says so.
///
/// Facts, by step (present when known): archive `format`,
/// `outer-compression`, `blobs`, `references`, `rootfs-diffid`; index
/// `index` (`none`), `index-descriptors`, `index-nested`; manifest
/// `layer-count`, `manifest-digest`, `manifest-media-type`; config
/// `diff-ids`, `history`, `empty-layers`, `config-digest`; layer
/// `layer-index`, `layer-compression`, `layer-digest`, `layer-size`,
/// `layer-diffid`, `layer-tar-bytes`, `layer-diffid-declared`; stack
/// `whiteouts`, `opaque-dirs`, `merged-entries`; media types
/// `layer-<i>-media-type`, `layer-<i>-compression`, `mismatches`.
pub fn walk(report: &Report, image: usize, layer: Option<u32>) -> Vec<Step> {
    let img = report.images.get(image);
    let chosen = img.and_then(|im| match layer {
        Some(n) => im.layers.iter().find(|l| l.index == n),
        None => im
            .layers
            .iter()
            .find(|l| l.digest.is_some() && l.diff_id.computed.is_some())
            .or_else(|| im.layers.first()),
    });
    let c = Ctx {
        r: report,
        i: image,
        img,
        layer: chosen,
    };
    let indexes = index_names(report.index.as_ref());
    StepId::ALL
        .into_iter()
        .map(|id| {
            let mut o = Out::default();
            match id {
                StepId::Archive => archive::archive_step(&c, &mut o),
                StepId::Index => documents::index_step(&c, &mut o),
                StepId::Manifest => documents::manifest_step(&c, &mut o),
                StepId::Config => documents::config_step(&c, &mut o),
                StepId::Layer => layer::layer_step(&c, &mut o),
                StepId::Stack => layer::stack_step(&c, &mut o),
                StepId::MediaTypes => media_types::media_types_step(&c, &mut o),
            }
            let findings = report
                .findings
                .iter()
                .enumerate()
                .filter(|(_, f)| f.r#where.image.is_none_or(|n| n as usize == image))
                .filter(|(_, f)| step_with(f, &indexes) == id)
                .map(|(n, _)| n)
                .collect();
            Step {
                id,
                title: id.title().to_string(),
                paragraphs: o.paragraphs,
                findings,
                facts: o.facts,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
