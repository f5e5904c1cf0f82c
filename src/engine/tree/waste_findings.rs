//! The findings of the `efficiency` check, from an image's [`Efficiency`]:
//! metadata-only rewrites and files deleted in a later layer (warnings, from
//! 1 MiB in total), and duplicates (info, from 1 MiB that one copy per group
//! would save). Each points at the layer that hid the most bytes of its kind.

use super::efficiency::{Efficiency, Hiders, WasteKind};
use crate::engine::finding::{Code, Finding, Location};

/// The threshold of each finding: 1 MiB.
pub const THRESHOLD: u64 = 1 << 20;

/// `n` bytes in MiB with one decimal, and exactly.
fn mib(n: u64) -> String {
    format!("{:.1} MiB ({n} bytes)", n as f64 / (1u64 << 20) as f64)
}

/// The hiding layer with the most bytes of `kinds` (the lowest index on a
/// tie), with its bytes; and the copies of `kinds` over all layers.
fn top_hider(hiders: &Hiders, kinds: &[WasteKind]) -> (Option<(u32, u64)>, u64) {
    let mut per_layer: std::collections::BTreeMap<u32, u64> = Default::default();
    let mut copies = 0;
    for ((_, layer), (bytes, n)) in hiders.iter().filter(|((k, _), _)| kinds.contains(k)) {
        *per_layer.entry(*layer).or_insert(0) += bytes;
        copies += n;
    }
    let top = per_layer
        .into_iter()
        .fold(None, |best: Option<(u32, u64)>, (l, b)| match best {
            Some((_, bb)) if bb >= b => best,
            _ => Some((l, b)),
        });
    (top, copies)
}

/// The efficiency findings of one image; `location(i)` is where layer `i`'s
/// findings point, `image` the image's own location.
pub fn findings(
    eff: &Efficiency,
    hiders: &Hiders,
    location: impl Fn(u32) -> Location,
    image: Location,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let rewritten = eff.by_kind.metadata_only;
    if rewritten >= THRESHOLD {
        let (top, copies) = top_hider(hiders, &[WasteKind::MetadataOnly]);
        let (layer, most) = top.unwrap_or((0, 0));
        out.push(Finding::new(
            Code::EfficiencyMetadataOnly,
            location(layer),
            format!(
                "{copies} file(s), {}, are stored again with the same bytes by a later layer (layer {layer}: {}); only mode, owner or mtime changed",
                mib(rewritten),
                mib(most)
            ),
        ));
    }
    let hidden_kinds = [WasteKind::Deleted, WasteKind::OpaqueHidden];
    let deleted = eff
        .by_kind
        .deleted
        .saturating_add(eff.by_kind.opaque_hidden);
    if deleted >= THRESHOLD {
        let (top, copies) = top_hider(hiders, &hidden_kinds);
        let (layer, most) = top.unwrap_or((0, 0));
        out.push(Finding::new(
            Code::EfficiencyDeletedLater,
            location(layer),
            format!(
                "{copies} file(s), {}, are added by one layer and removed by a later one ({} by whiteouts, {} hidden by opaque directories; layer {layer} removes {})",
                mib(deleted),
                mib(eff.by_kind.deleted),
                mib(eff.by_kind.opaque_hidden),
                mib(most)
            ),
        ));
    }
    if eff.duplicate_bytes >= THRESHOLD {
        let first = eff.duplicates.first();
        let mut at = image;
        if let Some(p) = first.and_then(|g| g.paths.first()) {
            at = at.with_path(p.clone());
        }
        let largest = first.map_or(String::new(), |g| {
            let shown: Vec<&str> = g.paths.iter().take(3).map(String::as_str).collect();
            let more = if g.paths_total > 3 { ", …" } else { "" };
            format!(
                "; the most: {} copies of {} at {}{more}",
                g.paths_total,
                mib(g.bytes),
                shown.join(", ")
            )
        });
        out.push(Finding::new(
            Code::EfficiencyDuplicates,
            at,
            format!(
                "{} group(s) of identical files in the final file system; one copy of each would save {}{largest}",
                eff.duplicates_total,
                mib(eff.duplicate_bytes)
            ),
        ));
    }
    out
}
