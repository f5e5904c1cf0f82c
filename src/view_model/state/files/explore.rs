//! The layer explorer's part of the Files viewport: the selected layer and
//! whether the tree is the merge up to it or only its changes, the filters
//! beside the path, the sort, and the selected path with its history.
//!
//! Work per message: a new layer or view rebuilds the tree (the merge up to
//! the layer, O(n log n)); a new sort builds the order once (O(n log n)); a
//! keystroke in a filter lists the rows again (one linear pass, no sort).

use super::{tree_entries, Files, TreeMode};
use crate::engine::report::Report;
use crate::engine::tree::entry::LayerEntry;
use crate::view_model::explorer::{self, Filters};
use crate::view_model::path_history::{path_history, Step};
use crate::view_model::state::step;
use crate::view_model::tree_rows::{Query, Row, SortBy, Tree};
use std::rc::Rc;

/// A message about the explorer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExploreMsg {
    /// Select this layer (the view, merge or changes, stays).
    Layer(u32),
    /// Select the layer this many places away.
    LayerStep(isize),
    /// Only the selected layer's changes (`true`) or the merge up to it.
    ChangesView(bool),
    /// The minimum size, as typed.
    MinSize(String),
    /// Only the selected layer's changes.
    OnlyChanges(bool),
    /// Only wasted copies.
    OnlyWasted(bool),
    /// Siblings by name or by size.
    Sort(SortBy),
    /// Show the history of this path (`None`: close it).
    Select(Option<String>),
}

impl Files {
    /// Applies an explorer message.
    pub fn explore(&mut self, msg: ExploreMsg) {
        match msg {
            ExploreMsg::Layer(l) => self.set_layer(l),
            ExploreMsg::LayerStep(delta) => {
                let last = self.last_layer.map_or(0, |l| l as usize + 1);
                let at = self.selected_layer().map(|l| l as usize);
                if let Some(l) = step(at, delta, last).and_then(|l| u32::try_from(l).ok()) {
                    self.set_layer(l);
                }
            }
            ExploreMsg::ChangesView(on) => {
                if let Some(l) = self.selected_layer() {
                    self.mode = if on {
                        TreeMode::Layer(l)
                    } else {
                        TreeMode::Upto(l)
                    };
                    self.rows = None;
                }
            }
            ExploreMsg::MinSize(text) => self.filter_by(|f| f.min_size_text = text),
            ExploreMsg::OnlyChanges(on) => self.filter_by(|f| f.only_changes = on),
            ExploreMsg::OnlyWasted(on) => self.filter_by(|f| f.only_wasted = on),
            ExploreMsg::Sort(sort) => {
                self.filters.sort = sort;
                self.order = None;
                self.rows = None;
            }
            ExploreMsg::Select(path) => {
                self.selected = path.map(|p| (p, Rc::default()));
                self.history_for = None;
            }
        }
    }

    /// Changes a filter: the rows are listed again, from the top.
    fn filter_by(&mut self, f: impl FnOnce(&mut Filters)) {
        f(&mut self.filters);
        self.scroll_px = 0.0;
        self.rows = None;
    }

    /// Shows layer `l` in the current view (its changes, or the merge up to
    /// it); the expansion stays, so the same directories stay open.
    fn set_layer(&mut self, l: u32) {
        self.mode = match self.mode {
            TreeMode::Layer(_) => TreeMode::Layer(l),
            TreeMode::Merged | TreeMode::Upto(_) => TreeMode::Upto(l),
        };
        self.rows = None;
    }

    /// The selected layer: the one whose changes or merge are shown (the
    /// last one for the merged tree); `None` without layers.
    pub fn selected_layer(&self) -> Option<u32> {
        match self.mode {
            TreeMode::Layer(l) | TreeMode::Upto(l) => Some(l),
            TreeMode::Merged => self.last_layer,
        }
    }

    /// Whether the tree is only the selected layer's changes.
    pub fn changes_view(&self) -> bool {
        matches!(self.mode, TreeMode::Layer(_))
    }

    /// The filters and the sort.
    pub fn filters(&self) -> &Filters {
        &self.filters
    }

    /// The explorer marks of entry `i` (`explorer::CHANGED`, `WASTED`).
    pub fn mark(&self, i: usize) -> u8 {
        self.marks.get(i).copied().unwrap_or(0)
    }

    /// The selected path and its history (empty until synced).
    pub fn selected(&self) -> Option<(&str, &[Step])> {
        self.selected
            .as_ref()
            .map(|(p, h)| (p.as_str(), h.as_slice()))
    }

    /// The entries the tree was built from.
    pub fn entries<'a>(&'a self, report: &'a Report, image: usize) -> Option<&'a [LayerEntry]> {
        match &self.built {
            Some(b) => Some(b.as_slice()),
            None => tree_entries(report, image, self.mode),
        }
    }

    /// The merge up to the last layer is the merged tree: one name for it.
    pub(super) fn normalise_mode(&mut self, report: &Report, image: usize) {
        self.last_layer = explorer::image_layers(report, image)
            .last()
            .map(|l| l.layer)
            .or_else(|| {
                let n = report.images.get(image).map_or(0, |i| i.layers.len());
                n.checked_sub(1).and_then(|l| u32::try_from(l).ok())
            });
        if matches!(self.mode, TreeMode::Upto(l) if Some(l) >= self.last_layer) {
            self.mode = TreeMode::Merged;
        }
    }

    /// The tree of the current mode, with its entries (when built here),
    /// marks and order.
    pub(super) fn build(&mut self, report: &Report, image: usize) -> Option<Tree> {
        let layers = explorer::image_layers(report, image);
        let sel = self.selected_layer();
        self.built = match self.mode {
            TreeMode::Layer(_) => None,
            TreeMode::Upto(l) => Some(explorer::merge_to(&layers, l)),
            TreeMode::Merged => tree_entries(report, image, TreeMode::Merged)
                .filter(|_| !layers.is_empty())
                .map(|merged| with_last_markers(merged, &layers)),
        }
        .map(Rc::new);
        let entries = self.entries(report, image)?;
        let items = report
            .images
            .get(image)
            .and_then(|i| i.efficiency.as_ref())
            .map(|e| e.items.as_slice())
            .unwrap_or_default();
        let marks = sel.map_or_else(Vec::new, |l| {
            explorer::marks(entries, l, self.changes_view(), items)
        });
        let tree = Tree::new(entries);
        self.marks = Rc::new(marks);
        self.order = None;
        Some(tree)
    }

    /// The rows for the expansion, the filters and the sort.
    pub(super) fn list_rows(&mut self) -> Option<Vec<Row>> {
        let (_, tree) = self.tree.as_ref()?;
        if self.order.is_none() && self.filters.sort != SortBy::Name {
            self.order = tree.order(self.filters.sort).map(Rc::new);
        }
        let mask = self.filters.mask();
        let marks = Rc::clone(&self.marks);
        let keep = move |i: usize| marks.get(i).is_some_and(|m| m & mask == mask);
        let query = Query {
            path: &self.filter,
            min_size: self.filters.min_size().unwrap_or(0),
            keep: (mask != 0).then_some(&keep as &dyn Fn(usize) -> bool),
        };
        let order = self.order.as_deref().map(Vec::as_slice);
        Some(tree.query_rows(&self.expanded, &query, order))
    }

    /// Works out the selected path's history once per path and image.
    pub(super) fn sync_history(&mut self, report: &Rc<Report>, image: usize) {
        let key = (Rc::as_ptr(report), image);
        if self.history_for == Some(key) {
            return;
        }
        if let Some((path, history)) = &mut self.selected {
            let layers = explorer::image_layers(report, image);
            *history = Rc::new(path_history(&layers, path));
            self.history_for = Some(key);
        }
    }
}

/// The merged tree (`merged`, the engine's) with each entry's `layer` as the
/// manifest index (the engine numbers decoded layers by position) and the
/// last layer's whiteouts and opaque markers after it, as `merge_to` gives.
fn with_last_markers(
    merged: &[LayerEntry],
    layers: &[&crate::engine::report::TreeLayer],
) -> Vec<LayerEntry> {
    let mut out: Vec<LayerEntry> = merged.to_vec();
    for e in &mut out {
        e.layer = e
            .layer
            .and_then(|p| layers.get(p as usize))
            .map(|l| l.layer);
    }
    if let Some(top) = layers.last() {
        out.extend(explorer::markers_of(top));
    }
    out
}

#[cfg(test)]
mod tests;
