//! The layer explorer (dive's two panes, better): on the left the layers,
//! each with bars for its compressed and uncompressed size and its waste,
//! the `created_by` that made it and its added / modified / removed counts
//! ([`layer_rows`]); on the right the file tree, either as the image looks
//! after the selected layer (the merge up to it, [`merge_to`]) or only that
//! layer's changes, with changes and wasted copies marked per entry
//! ([`marks`]) for the "only changes" and "only wasted" filters. The tree
//! itself, its aggregated sizes, sort and filter are
//! [`crate::view_model::tree_rows`]; the viewport is
//! [`crate::view_model::state::Files`].

mod entries;
mod layers;

pub use entries::{image_layers, markers_of, marks, merge_inputs, merge_to, CHANGED, WASTED};
pub use layers::{layer_rows, Bars, LayerRow};

use super::format::parse_size;
use super::tree_rows::SortBy;

/// The explorer's filters and order, beside the path filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// The minimum size as typed (`10M`, `512k`, `1.5MiB`, `20MB`, bytes).
    pub min_size_text: String,
    /// Only the selected layer's changes (added, modified, removed).
    pub only_changes: bool,
    /// Only wasted copies (`images[].efficiency.items` of this layer).
    pub only_wasted: bool,
    /// Siblings by name or by size.
    pub sort: SortBy,
}

impl Filters {
    /// The minimum size in bytes: 0 for an empty text, `None` when the
    /// text is not a size (the filter is then off, and the page says so).
    pub fn min_size(&self) -> Option<u64> {
        if self.min_size_text.trim().is_empty() {
            Some(0)
        } else {
            parse_size(&self.min_size_text)
        }
    }

    /// The entry-mark mask the "only" filters ask for (0: none).
    pub fn mask(&self) -> u8 {
        (if self.only_changes { CHANGED } else { 0 }) | (if self.only_wasted { WASTED } else { 0 })
    }
}

#[cfg(test)]
mod tests;
