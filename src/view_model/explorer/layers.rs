//! The explorer's layer list: one row per layer of the image, with what
//! made it (`history[].created_by`), its sizes and waste, and bars on one
//! scale (the largest size of any layer), so the layers compare at a glance.

use crate::engine::report::Image;
use crate::engine::tree::merge::Changes;

/// Bar lengths, percent of the largest size of any layer (0–100).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Bars {
    /// The stored (compressed) blob.
    pub compressed: f64,
    /// The decoded layer tar.
    pub uncompressed: f64,
    /// Its wasted bytes (`layers[].wasted_bytes`).
    pub wasted: f64,
}

/// One layer in the list.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerRow {
    /// Its index in the manifest.
    pub index: u32,
    /// `size` of the blob.
    pub compressed: Option<u64>,
    /// Bytes after decoding.
    pub uncompressed: Option<u64>,
    /// `layers[].wasted_bytes`: bytes of this layer a later one hides.
    pub wasted: Option<u64>,
    /// `created_by` of the history entry that made it, as written.
    pub created_by: Option<String>,
    /// Entries added, modified and removed.
    pub changes: Option<Changes>,
    /// The bars.
    pub bars: Bars,
}

/// `part` as a percentage of `whole` (0 when `whole` is 0), at most 100.
fn pct(part: Option<u64>, whole: u64) -> f64 {
    match (part, whole) {
        (Some(p), w) if w > 0 => (p as f64 / w as f64 * 100.0).min(100.0),
        _ => 0.0,
    }
}

/// The rows of `image`'s layers, in order.
pub fn layer_rows(image: &Image) -> Vec<LayerRow> {
    let scale = image
        .layers
        .iter()
        .flat_map(|l| [l.size, l.uncompressed_size])
        .flatten()
        .max()
        .unwrap_or(0);
    image
        .layers
        .iter()
        .map(|l| LayerRow {
            index: l.index,
            compressed: l.size,
            uncompressed: l.uncompressed_size,
            wasted: l.wasted_bytes,
            created_by: image
                .config
                .history
                .iter()
                .find(|h| h.layer == Some(l.index))
                .and_then(|h| h.created_by.clone()),
            changes: l.changes,
            bars: Bars {
                compressed: pct(l.size, scale),
                uncompressed: pct(l.uncompressed_size, scale),
                wasted: pct(l.wasted_bytes, scale),
            },
        })
        .collect()
}
