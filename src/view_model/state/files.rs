//! The Files view's viewport (dive's file-tree view model): which tree
//! (merged or one layer's changes), the filter, the expanded directories,
//! the scroll offset, and the tree and its rows built once and kept until
//! one of those changes. Scrolling only moves the window over the rows.
//! The layer explorer's part (the selected layer, the merge up to it, the
//! filters, the sort, the selected path's history) is in `files/explore.rs`.

use crate::engine::report::Report;
use crate::engine::tree::entry::LayerEntry;
use crate::view_model::explorer::Filters;
use crate::view_model::path_history::Step;
use crate::view_model::tree_rows::{window, Row, Tree};
use std::collections::HashSet;
use std::rc::Rc;

mod explore;
pub use explore::ExploreMsg;

/// Row height in px (must match `.tree-row` in style.css).
pub const ROW_PX: f64 = 24.0;
/// Viewport height in px (must match `.tree-viewport`).
pub const VIEWPORT_PX: f64 = 600.0;
/// Rows rendered above and below the viewport.
const OVERSCAN: usize = 10;
/// A revealed path is scrolled to this far below the top, px.
const REVEAL_MARGIN_PX: f64 = 200.0;

/// Which tree the Files view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TreeMode {
    /// The merged file system of the image (after its last layer).
    Merged,
    /// One layer's changes.
    Layer(u32),
    /// The file system as it is after this layer (the merge up to it).
    Upto(u32),
}

impl TreeMode {
    /// The layer a path in this tree belongs to, as a [`super::Target::Path`]
    /// or a share link names it: the layer's for its changes, `None` for a
    /// merged file system.
    pub fn path_layer(self) -> Option<u32> {
        match self {
            TreeMode::Layer(l) => Some(l),
            TreeMode::Merged | TreeMode::Upto(_) => None,
        }
    }
}

/// What the built tree was built from: the report (by address: a new
/// session resets the viewport anyway), the image and the mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TreeKey {
    report: *const Report,
    image: usize,
    mode: TreeMode,
}

/// The entries the Files view shows: the image's merged file system (a
/// rootfs tarball's only layer), or one layer's changes.
pub fn tree_entries(report: &Report, image: usize, mode: TreeMode) -> Option<&[LayerEntry]> {
    let tree = report.tree.as_ref()?;
    let image = u32::try_from(image).unwrap_or(0);
    match mode {
        TreeMode::Merged => tree
            .merged
            .iter()
            .find(|m| m.image == image)
            .map(|m| m.entries.as_slice())
            .or_else(|| {
                tree.layers
                    .first()
                    .filter(|_| report.images.is_empty())
                    .map(|l| l.entries.as_slice())
            }),
        // built by the explorer (`merge_to`); not in the report
        TreeMode::Upto(_) => None,
        TreeMode::Layer(l) => tree
            .layers
            .iter()
            .find(|t| t.image == image && t.layer == l)
            .map(|t| t.entries.as_slice()),
    }
}

/// The Files viewport.
#[derive(Debug, Clone)]
pub struct Files {
    mode: TreeMode,
    filter: String,
    expanded: HashSet<String>,
    scroll_px: f64,
    /// A path to scroll into view once the rows are known.
    reveal: Option<String>,
    /// A scroll offset the page must apply to the DOM (after a reveal).
    scroll_to: Option<f64>,
    tree: Option<(TreeKey, Rc<Tree>)>,
    /// `None` when the rows must be listed again.
    rows: Option<Vec<Row>>,
    /// The entries of a tree the report does not hold as such (a merge up
    /// to a layer, or the merged tree with its last layer's markers).
    built: Option<Rc<Vec<LayerEntry>>>,
    /// Each entry's explorer marks (`explorer::CHANGED`, `WASTED`).
    marks: Rc<Vec<u8>>,
    /// The last layer of the image (the merged tree is the merge up to it).
    last_layer: Option<u32>,
    /// The minimum size, the "only" filters and the sort.
    filters: Filters,
    /// The node order for the sort, built with the tree (`None`: by name).
    order: Option<Rc<Vec<u32>>>,
    /// The path whose history is shown, and that history.
    selected: Option<(String, Rc<Vec<Step>>)>,
    /// The report (by address) and image the history was worked out for.
    history_for: Option<(*const Report, usize)>,
}

impl Default for Files {
    fn default() -> Self {
        Files {
            mode: TreeMode::Merged,
            filter: String::new(),
            expanded: HashSet::new(),
            scroll_px: 0.0,
            reveal: None,
            scroll_to: None,
            tree: None,
            rows: None,
            built: None,
            marks: Rc::default(),
            last_layer: None,
            filters: Filters::default(),
            order: None,
            selected: None,
            history_for: None,
        }
    }
}

impl Files {
    /// The tree shown.
    pub fn mode(&self) -> TreeMode {
        self.mode
    }

    /// The filter text.
    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// Whether the directory at `path` is expanded.
    pub fn is_expanded(&self, path: &str) -> bool {
        self.expanded.contains(path)
    }

    /// The scroll offset, px.
    pub fn scroll_px(&self) -> f64 {
        self.scroll_px
    }

    /// The tree, once built (see [`Files::sync`]).
    pub fn tree(&self) -> Option<&Tree> {
        self.tree.as_ref().map(|(_, t)| t.as_ref())
    }

    /// Every row for the current expansion and filter.
    pub fn rows(&self) -> &[Row] {
        self.rows.as_deref().unwrap_or_default()
    }

    /// The rows to render: `(first row index, rows)`.
    pub fn visible(&self) -> (usize, &[Row]) {
        let rows = self.rows();
        let (first, count) = window(rows.len(), self.scroll_px, ROW_PX, VIEWPORT_PX, OVERSCAN);
        (first, rows.get(first..first + count).unwrap_or_default())
    }

    /// Space above and below the rendered rows, px.
    pub fn pads(&self) -> (f64, f64) {
        let (first, shown) = self.visible();
        let below = self.rows().len().saturating_sub(first + shown.len());
        (first as f64 * ROW_PX, below as f64 * ROW_PX)
    }

    /// Shows another tree: nothing expanded, back to the top.
    pub fn set_mode(&mut self, mode: TreeMode) {
        self.mode = mode;
        self.expanded.clear();
        self.scroll_px = 0.0;
        self.rows = None;
    }

    /// Filters by path: back to the top.
    pub fn set_filter(&mut self, filter: String) {
        self.filter = filter;
        self.scroll_px = 0.0;
        self.rows = None;
    }

    /// Back to the top (another image is coming).
    pub fn scroll_to_top(&mut self) {
        self.scroll_px = 0.0;
    }

    /// Expands or collapses the directory at `path`.
    pub fn toggle(&mut self, path: String) {
        if !self.expanded.remove(&path) {
            self.expanded.insert(path);
        }
        self.rows = None;
    }

    /// Shows `path` in `mode`: no filter, its ancestors expanded, and
    /// scrolled into view at the next [`Files::sync`].
    pub fn reveal(&mut self, mode: TreeMode, path: String) {
        self.mode = mode;
        self.filter.clear();
        self.expanded.extend(Tree::ancestors(&path));
        self.reveal = Some(path);
        self.rows = None;
    }

    /// Whether scrolling to `px` moves the view (by a pixel or more).
    pub fn moves(&self, px: f64) -> bool {
        (px - self.scroll_px).abs() >= 1.0
    }

    /// The view was scrolled to `px`; `false` when it moved less than a
    /// pixel (nothing to redraw).
    pub fn scroll(&mut self, px: f64) -> bool {
        if !self.moves(px) {
            return false;
        }
        self.scroll_px = px;
        true
    }

    /// Scrolls just enough for row `i` to be whole in the viewport (the
    /// keyboard's cursor); the page applies the offset, as after a reveal.
    pub fn keep_in_view(&mut self, i: usize) {
        let top = i as f64 * ROW_PX;
        let px = if top < self.scroll_px {
            top
        } else if top + ROW_PX > self.scroll_px + VIEWPORT_PX {
            top + ROW_PX - VIEWPORT_PX
        } else {
            return;
        };
        self.scroll_px = px;
        self.scroll_to = Some(px);
    }

    /// A scroll offset the page must apply to its viewport, once.
    pub fn take_scroll_to(&mut self) -> Option<f64> {
        self.scroll_to.take()
    }

    /// Builds the tree of `report`'s `image` if it is not built yet (the
    /// top-level directories start expanded when nothing else is), lists
    /// the rows if something changed, scrolls to a revealed path and works
    /// out the selected path's history.
    pub fn sync(&mut self, report: Option<&Rc<Report>>, image: usize) {
        let Some(report) = report else {
            self.tree = None;
            self.rows = None;
            self.reveal = None;
            self.built = None;
            self.history_for = None;
            return;
        };
        self.normalise_mode(report, image);
        let key = TreeKey {
            report: Rc::as_ptr(report),
            image,
            mode: self.mode,
        };
        if self.tree.as_ref().is_none_or(|(k, _)| *k != key) {
            let tree = self.build(report, image).map(|t| (key, Rc::new(t)));
            self.tree = tree;
            self.rows = None;
            if let Some((_, tree)) = &self.tree {
                if self.expanded.is_empty() {
                    self.expanded.extend(tree.dirs_to_depth(1));
                }
            }
        }
        if self.rows.is_none() {
            self.rows = self.list_rows();
        }
        if let Some(path) = self.reveal.take() {
            if let Some(i) = self.rows().iter().position(|r| r.path == path) {
                self.scroll_px = (i as f64 * ROW_PX - REVEAL_MARGIN_PX).max(0.0);
                self.scroll_to = Some(self.scroll_px);
            }
        }
        self.sync_history(report, image);
    }
}

#[cfg(test)]
mod tests;
