//! The Overview's efficiency summary: where the bytes of the layers go,
//! from the report's `images[].efficiency` (docs/efficiency.md): total,
//! final and wasted bytes, the score, the wasted bytes by kind, the largest
//! wasted copies and the duplicates. Every waste number links to the model
//! ([`EFFICIENCY_DOC`]).

use crate::engine::report::{Duplicate, Efficiency, Image, WasteItem, WasteKind};
use crate::view_model::format::share;
use crate::view_model::links::{doc_href, Doc};

/// How many wasted copies the Overview lists.
pub const TOP_ITEMS: usize = 5;
/// How many duplicate groups the Overview lists.
pub const TOP_DUPLICATES: usize = 3;

/// Where the model is explained.
pub const EFFICIENCY_DOC: Doc = Doc::Efficiency;

/// The efficiency summary of one image.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Regular-file bytes over all layers.
    pub total_bytes: u64,
    /// Regular-file bytes in the final file system.
    pub final_bytes: u64,
    /// Bytes of the wasted copies.
    pub wasted_bytes: u64,
    /// `final / total` (1.0 for an empty image).
    pub score: f64,
    /// The score as a percentage with one decimal, e.g. `"82.4 %"`.
    pub score_text: String,
    /// Wasted bytes by kind, in the order of the docs, kinds with bytes only.
    pub by_kind: Vec<(WasteKind, u64)>,
    /// The largest wasted copies (at most [`TOP_ITEMS`]).
    pub items: Vec<WasteItem>,
    /// How many wasted copies there are.
    pub items_total: u64,
    /// The report lists the copies (a share link leaves them out).
    pub items_listed: bool,
    /// The duplicate groups with most to gain (at most [`TOP_DUPLICATES`]).
    pub duplicates: Vec<Duplicate>,
    /// How many groups there are.
    pub duplicates_total: u64,
    /// What one copy per group would save.
    pub duplicate_bytes: u64,
    /// The link to docs/efficiency.md.
    pub doc: String,
}

impl Summary {
    /// The summary of `img`; `None` when it has no efficiency (an artifact,
    /// an attestation, a layer not read, or a report from before it).
    pub fn of(img: &Image) -> Option<Self> {
        img.efficiency.as_ref().map(Summary::from)
    }
}

impl From<&Efficiency> for Summary {
    fn from(e: &Efficiency) -> Self {
        let by_kind = WasteKind::ALL
            .iter()
            .map(|k| (*k, e.by_kind.get(*k)))
            .filter(|(_, b)| *b > 0)
            .collect();
        Summary {
            total_bytes: e.total_bytes,
            final_bytes: e.final_bytes,
            wasted_bytes: e.wasted_bytes,
            score: e.score,
            score_text: share(e.score),
            by_kind,
            items: e.items.iter().take(TOP_ITEMS).cloned().collect(),
            items_total: e.items_total,
            items_listed: !e.items.is_empty() || e.items_total == 0,
            duplicates: e.duplicates.iter().take(TOP_DUPLICATES).cloned().collect(),
            duplicates_total: e.duplicates_total,
            duplicate_bytes: e.duplicate_bytes,
            doc: doc_href(EFFICIENCY_DOC, None),
        }
    }
}

/// What usually causes waste of `kind`, and the fix (docs/efficiency.md).
pub fn fix(kind: WasteKind) -> &'static str {
    match kind {
        WasteKind::Overwritten => "a later step rewrote the file: write it once, in the layer that owns it",
        WasteKind::MetadataOnly => {
            "only mode, owner or mtime changed (RUN chown -R / chmod -R): use COPY --chown= / --chmod=, or change them in the same RUN"
        }
        WasteKind::Deleted => "removed in a later step: delete in the same RUN that created it, or use a multi-stage build",
        WasteKind::OpaqueHidden => {
            "hidden by rm -rf dir && mkdir dir: clean up in the same RUN, or use a multi-stage build"
        }
    }
}
