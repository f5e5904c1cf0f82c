//! The file tree flattened into rows for a virtualised list (dive's file
//! tree): build a [`Tree`] once per entries slice, then ask for the visible
//! [`Row`]s for the current expansion and filter, and render only the
//! [`window`] of them that the viewport shows.
//!
//! The tree keeps nodes in depth-first order in one vector, each with the
//! index one past its subtree, so listing the visible rows is a single
//! forward scan that skips collapsed subtrees. Paths live in one shared
//! string buffer; a node stores offsets into it, never a cloned entry.

use std::collections::HashSet;

use crate::engine::tree::entry::{Kind, LayerEntry};

mod query;
pub use query::{Query, SortBy};

/// The name under which an opaque marker ([`Kind::Opaque`], whose path is
/// its directory) is listed: as a child of that directory, as in the tar.
pub const OPAQUE_NAME: &str = ".wh..wh..opq";

/// "No index" in [`Node`] fields.
const NONE: u32 = u32::MAX;

/// One visible row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Full path, `/`-separated, without a leading `/` (for an opaque marker:
    /// its directory's path followed by `/.wh..wh..opq`).
    pub path: String,
    /// Last component of `path`.
    pub name: String,
    /// Nesting level: 0 for top-level entries.
    pub depth: u32,
    /// A directory (an explicit one, an implicit one, or any entry that has
    /// children).
    pub is_dir: bool,
    /// The node has children in the full tree (whether or not shown).
    pub has_children: bool,
    /// Its children are shown right below it.
    pub expanded: bool,
    /// Index into the entries slice; `None` for an implicit directory (one
    /// with no tar entry of its own).
    pub entry: Option<usize>,
    /// Matches the filter itself (not just an ancestor of a match); always
    /// `false` without a filter.
    pub matched: bool,
    /// Bytes: a regular file's size; a directory's aggregated size, the sum
    /// of the regular files below it (hard links, whiteouts and the rest
    /// weigh 0, as in the waste model).
    pub size: u64,
}

/// One node, in depth-first order: 32 bytes, offsets into [`Tree::paths`].
#[derive(Debug, Clone)]
struct Node {
    /// Byte offset of the path in [`Tree::paths`].
    start: u32,
    /// Byte length of the path.
    len: u32,
    /// Byte offset of the name (last component) in [`Tree::paths`].
    name: u32,
    /// Index of the parent node, or [`NONE`] at the top level.
    parent: u32,
    /// Index one past the last node of this node's subtree.
    end: u32,
    /// Index into the entries slice, or [`NONE`] for an implicit directory.
    entry: u32,
    /// Nesting level.
    depth: u32,
    /// Shown as a directory.
    is_dir: bool,
}

/// A prepared tree over entries: build once per entries slice
/// (O(n log n)); [`Tree::rows`] is then O(n) at worst and O(visible rows)
/// without a filter.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    /// All normalised entry paths, back to back; implicit directories point
    /// to a prefix of a descendant's path. At most [`MAX_PATH_BYTES`].
    paths: String,
    /// Nodes in depth-first order, children sorted by name.
    nodes: Vec<Node>,
    /// Each node's [`Row::size`], by node index.
    sizes: Vec<u64>,
}

/// Bound on the path bytes a [`Tree`] holds, so that offsets and indices
/// fit in `u32` (wasm32's whole address space is 4 GiB anyway).
const MAX_PATH_BYTES: usize = (u32::MAX - 1) as usize;

/// `x` as `u32`; only called on values bounded by [`MAX_PATH_BYTES`].
fn to_u32(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(NONE)
}

/// `x` as `usize` (lossless on 32- and 64-bit targets).
fn ix(x: u32) -> usize {
    x as usize
}

/// Maps a path byte to its sort key: `/` first, then every other byte in
/// order. A bijection on bytes, so comparing mapped paths with plain slice
/// order compares them component by component, names byte-wise
/// (`a` < `a/b` < `a-c`).
fn sort_key(c: u8) -> u8 {
    match c {
        b'/' => 0,
        0..=0x2e => c + 1,
        _ => c,
    }
}

/// Whether `raw` is already canonical: no empty or `.` component.
fn is_canonical(raw: &str) -> bool {
    !(raw.starts_with('/')
        || raw.ends_with('/')
        || raw.contains("//")
        || raw == "."
        || raw.starts_with("./")
        || raw.ends_with("/.")
        || raw.contains("/./"))
}

/// Appends the canonical form of `raw` (no empty or `.` components, no
/// leading or trailing `/`) to `out`.
fn push_normalised(out: &mut String, raw: &str) {
    if is_canonical(raw) {
        out.push_str(raw);
        return;
    }
    let start = out.len();
    for c in raw.split('/').filter(|c| !c.is_empty() && *c != ".") {
        if out.len() > start {
            out.push('/');
        }
        out.push_str(c);
    }
}

/// Lower-cases `s` into `buf` (cleared first) for case-insensitive matching.
fn lower_into(buf: &mut String, s: &str) {
    buf.clear();
    if s.is_ascii() {
        buf.push_str(s);
        buf.make_ascii_lowercase();
    } else {
        buf.extend(s.chars().flat_map(char::to_lowercase));
    }
}

/// A normalised entry path: (byte offset in the paths buffer, byte length,
/// entry index).
type PathRec = (u32, u32, u32);

/// The normalised paths of `entries`, back to back, and one record per
/// kept entry, sorted component-wise (stable: equal paths stay in entry
/// order, so the last of them is the last).
fn sorted_paths(entries: &[LayerEntry]) -> (String, Vec<PathRec>) {
    let total: usize = entries.iter().map(|e| e.path.len() + 1).sum();
    let mut paths = String::with_capacity(total.min(MAX_PATH_BYTES));
    let mut recs: Vec<PathRec> = Vec::with_capacity(entries.len());
    // `paths` mapped by `sort_key`, at the same offsets
    let mut keys: Vec<u8> = Vec::with_capacity(paths.capacity());
    for (i, e) in entries.iter().enumerate() {
        let start = paths.len();
        push_normalised(&mut paths, &e.path);
        if e.kind == Kind::Opaque {
            if paths.len() > start {
                paths.push('/');
            }
            paths.push_str(OPAQUE_NAME);
        }
        if paths.len() > MAX_PATH_BYTES || i >= MAX_PATH_BYTES {
            // beyond what u32 offsets can address: leave the rest out
            paths.truncate(start);
            break;
        }
        if let Some(added) = paths.as_bytes().get(start..).filter(|p| !p.is_empty()) {
            keys.extend(added.iter().map(|&c| sort_key(c)));
            recs.push((to_u32(start), to_u32(added.len()), to_u32(i)));
        }
    }
    let key_of =
        |start: u32, len: u32| keys.get(ix(start)..ix(start) + ix(len)).unwrap_or_default();
    recs.sort_by(|a, b| key_of(a.0, a.1).cmp(key_of(b.0, b.1)));
    (paths, recs)
}

/// The nodes, in depth-first order, of the sorted `recs`: implicit
/// directories added, later duplicates winning, every subtree's end set,
/// and anything with children shown as a directory.
fn build_nodes(paths: &str, recs: &[PathRec], entries: &[LayerEntry]) -> Vec<Node> {
    let bytes = paths.as_bytes();
    let path_of = |start: u32, len: u32| {
        bytes
            .get(ix(start)..ix(start) + ix(len))
            .unwrap_or_default()
    };
    let mut nodes: Vec<Node> = Vec::with_capacity(recs.len() + recs.len() / 8);
    let mut stack: Vec<u32> = Vec::new();
    let mut recs = recs.iter().peekable();
    while let Some(&(start, len, entry)) = recs.next() {
        let p = path_of(start, len);
        if recs.peek().is_some_and(|next| path_of(next.0, next.1) == p) {
            continue; // a later duplicate wins
        }
        close_subtrees(&mut nodes, &mut stack, p, path_of);
        let pos = push_implicit_dirs(&mut nodes, &mut stack, p, start);
        nodes.push(Node {
            start,
            len,
            name: start + to_u32(pos),
            parent: stack.last().copied().unwrap_or(NONE),
            end: NONE,
            entry,
            depth: to_u32(stack.len()),
            is_dir: entries.get(ix(entry)).is_some_and(|e| e.kind == Kind::Dir),
        });
        stack.push(to_u32(nodes.len() - 1));
    }
    let n = to_u32(nodes.len());
    for top in stack {
        if let Some(t) = nodes.get_mut(ix(top)) {
            t.end = n;
        }
    }
    for (i, node) in nodes.iter_mut().enumerate() {
        // anything with children is shown as a directory
        node.is_dir |= ix(node.end) > i + 1;
    }
    nodes
}

/// Closes the open subtrees (on `stack`) that do not contain path `p`.
fn close_subtrees<'p>(
    nodes: &mut [Node],
    stack: &mut Vec<u32>,
    p: &[u8],
    path_of: impl Fn(u32, u32) -> &'p [u8],
) {
    while let Some(&top) = stack.last() {
        let contains = nodes.get(ix(top)).is_some_and(|t| {
            p.get(ix(t.len)) == Some(&b'/') && p.get(..ix(t.len)) == Some(path_of(t.start, t.len))
        });
        if contains {
            break;
        }
        let end = to_u32(nodes.len());
        if let Some(t) = nodes.get_mut(ix(top)) {
            t.end = end;
        }
        stack.pop();
    }
}

/// Opens an implicit directory for each component of `p` (at `start` in
/// the paths buffer) between the innermost open node and `p` itself;
/// returns the byte offset of `p`'s last component.
fn push_implicit_dirs(nodes: &mut Vec<Node>, stack: &mut Vec<u32>, p: &[u8], start: u32) -> usize {
    let mut pos = stack
        .last()
        .and_then(|&top| nodes.get(ix(top)))
        .map_or(0, |t| ix(t.len) + 1);
    while let Some(k) = p
        .get(pos..)
        .and_then(|rest| rest.iter().position(|&c| c == b'/'))
    {
        nodes.push(Node {
            start,
            len: to_u32(pos + k),
            name: start + to_u32(pos),
            parent: stack.last().copied().unwrap_or(NONE),
            end: NONE,
            entry: NONE,
            depth: to_u32(stack.len()),
            is_dir: true,
        });
        stack.push(to_u32(nodes.len() - 1));
        pos += k + 1;
    }
    pos
}

/// Each node's own regular-file bytes, plus its descendants' (children
/// come after their parent, so one reverse pass adds each into its parent).
fn aggregate_sizes(nodes: &[Node], entries: &[LayerEntry]) -> Vec<u64> {
    let mut sizes: Vec<u64> = nodes
        .iter()
        .map(|n| {
            entries
                .get(ix(n.entry))
                .filter(|e| n.entry != NONE && e.kind == Kind::File)
                .map_or(0, |e| e.size)
        })
        .collect();
    for (i, node) in nodes.iter().enumerate().rev() {
        let own = sizes.get(i).copied().unwrap_or(0);
        if let Some(p) = sizes.get_mut(ix(node.parent)) {
            *p = p.saturating_add(own);
        }
    }
    sizes
}

impl Tree {
    /// Builds the tree of `entries`.
    ///
    /// `entries` may be in tar order and may lack parent directories: the
    /// missing ones are synthesised as implicit directories (`entry: None`).
    /// Paths are normalised (empty and `.` components dropped); entries whose
    /// path is the root (`""`, `"."`, `"/"`) are left out. Whiteouts
    /// ([`Kind::Whiteout`], at the path they remove) are rows like any other;
    /// an opaque marker ([`Kind::Opaque`], whose path is its directory) is a
    /// row named [`OPAQUE_NAME`] inside that directory. Order: depth-first,
    /// children sorted by name byte-wise (component-wise, so `a`, `a/b`,
    /// `a-c`). Duplicated paths: the last entry wins.
    pub fn new(entries: &[LayerEntry]) -> Tree {
        let (paths, recs) = sorted_paths(entries);
        let nodes = build_nodes(&paths, &recs, entries);
        let sizes = aggregate_sizes(&nodes, entries);
        Tree {
            paths,
            nodes,
            sizes,
        }
    }

    /// Number of nodes (entries kept plus implicit directories).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree has no node.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The full path of `node`.
    fn path(&self, node: &Node) -> &str {
        let start = ix(node.start);
        self.paths
            .get(start..start + ix(node.len))
            .unwrap_or_default()
    }

    /// The row for node `i`.
    fn row(&self, i: usize, node: &Node, expanded: bool, matched: bool) -> Row {
        Row {
            path: self.path(node).to_string(),
            name: self
                .paths
                .get(ix(node.name)..ix(node.start) + ix(node.len))
                .unwrap_or_default()
                .to_string(),
            depth: node.depth,
            is_dir: node.is_dir,
            has_children: ix(node.end) > i + 1,
            expanded,
            entry: (node.entry != NONE).then_some(ix(node.entry)),
            matched,
            size: self.sizes.get(i).copied().unwrap_or(0),
        }
    }

    /// The visible rows, in depth-first order, children by name: the
    /// path-filter-only case of [`Tree::query_rows`].
    ///
    /// Without a filter (`filter` empty), a node is visible when all its
    /// ancestors' paths are in `expanded`; a row is `expanded` when it has
    /// children and its path is in `expanded`.
    ///
    /// With a filter, `expanded` is ignored: the rows are the nodes whose
    /// full path contains `filter` case-insensitively (`matched`), plus all
    /// their ancestors; a row is `expanded` when one of its children is shown.
    pub fn rows(&self, expanded: &HashSet<String>, filter: &str) -> Vec<Row> {
        let q = Query {
            path: filter,
            ..Query::default()
        };
        self.query_rows(expanded, &q, None)
    }

    /// Paths of the directories at most `depth` levels deep, in tree order
    /// (for the initial expansion: depth 1 = the top-level directories,
    /// 0 = none).
    pub fn dirs_to_depth(&self, depth: u32) -> Vec<String> {
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(node) = self.nodes.get(i) {
            if node.depth >= depth {
                i = ix(node.end);
                continue;
            }
            if node.is_dir {
                out.push(self.path(node).to_string());
            }
            i += 1;
        }
        out
    }

    /// All ancestor directory paths of `path`, outermost first, to reveal a
    /// focused file: `"a/b/c"` → `["a", "a/b"]`. The path is normalised
    /// first (empty and `.` components dropped).
    pub fn ancestors(path: &str) -> Vec<String> {
        let mut norm = String::new();
        push_normalised(&mut norm, path);
        norm.match_indices('/')
            .filter_map(|(i, _)| norm.get(..i).map(str::to_string))
            .collect()
    }
}

/// The slice of rows to render for a viewport: `(first row index, count)`,
/// given the scroll offset, the row height and the viewport height in
/// pixels, and `overscan` extra rows above and below.
///
/// Clamps safely: the result always lies within `0..total`; NaN or negative
/// offsets and heights count as 0; a row height that is not a positive
/// finite number shows at most `overscan + 1` rows from the top.
pub fn window(
    total: usize,
    scroll_px: f64,
    row_px: f64,
    viewport_px: f64,
    overscan: usize,
) -> (usize, usize) {
    let clean = |x: f64| if x.is_nan() || x < 0.0 { 0.0 } else { x };
    if !(row_px.is_finite() && row_px > 0.0) {
        return (0, total.min(overscan.saturating_add(1)));
    }
    let (scroll, viewport) = (clean(scroll_px), clean(viewport_px));
    // float-to-int casts saturate
    let first_visible = ((scroll / row_px).floor() as usize).min(total);
    let end_visible = ((scroll + viewport) / row_px).ceil() as usize;
    let first = first_visible.saturating_sub(overscan);
    let end = end_visible.saturating_add(overscan).min(total).max(first);
    (first, end - first)
}

#[cfg(test)]
pub(crate) mod tests;
