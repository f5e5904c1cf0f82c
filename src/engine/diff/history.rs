//! The layers of one image that touch a path, with only the entries that
//! do: the path itself, its parents, and the whiteouts and opaque markers of
//! either (a marker's entry carries the path it removes or hides). That is
//! all a path's history needs, so the page can show it for the side whose
//! report stays in the comparison's worker.

use crate::engine::path::is_under;
use crate::engine::report::{Report, TreeLayer};

/// Most layers returned (an image has at most a few hundred).
const MAX_LAYERS: usize = 1024;

/// Each layer of image `image` of `r` with its entries at `path` or at a
/// parent of it, in layer order; layers without such entries are left out.
pub fn layers_touching(r: &Report, image: u32, path: &str) -> Vec<TreeLayer> {
    let path = path.trim_matches('/');
    let Some(tree) = &r.tree else {
        return Vec::new();
    };
    tree.layers
        .iter()
        .filter(|l| l.image == image)
        .filter_map(|l| {
            let entries: Vec<_> = l
                .entries
                .iter()
                .filter(|e| e.path == path || is_under(path, &e.path))
                .cloned()
                .collect();
            (!entries.is_empty()).then_some(TreeLayer {
                image: l.image,
                layer: l.layer,
                entries,
            })
        })
        .take(MAX_LAYERS)
        .collect()
}
