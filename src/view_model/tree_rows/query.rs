//! Which rows the tree shows, and in what order: a [`Query`] (path, minimum
//! size, an entry predicate such as "only changes" or "only wasted") and a
//! sibling order ([`SortBy`]: name, or aggregated size).
//!
//! The order is a permutation of the nodes that keeps every subtree
//! contiguous (a depth-first order with siblings sorted), built once per
//! tree and sort ([`Tree::order`]); listing rows is then one forward scan
//! that skips collapsed or filtered-out subtrees by their length, so a
//! query costs one linear pass over the nodes and no sort.

use super::{ix, lower_into, Row, Tree, NONE};
use std::collections::HashSet;

/// How siblings are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// By name, byte-wise (component-wise over paths).
    #[default]
    Name,
    /// By aggregated size, largest first; equal sizes by name.
    Size,
}

/// What the rows must match. The default matches everything, and then the
/// rows follow the expansion.
#[derive(Clone, Copy, Default)]
pub struct Query<'a> {
    /// Part of the path, case-insensitive; empty: any.
    pub path: &'a str,
    /// Fewest bytes (a directory's aggregated size); 0: any.
    pub min_size: u64,
    /// Only the nodes whose entry (its index in the entries slice) passes;
    /// implicit directories never do.
    pub keep: Option<&'a dyn Fn(usize) -> bool>,
}

impl std::fmt::Debug for Query<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Query")
            .field("path", &self.path)
            .field("min_size", &self.min_size)
            .field("keep", &self.keep.is_some())
            .finish()
    }
}

impl Query<'_> {
    /// Whether it filters at all (else the expansion decides).
    pub fn is_active(&self) -> bool {
        !self.path.is_empty() || self.min_size > 0 || self.keep.is_some()
    }
}

impl Tree {
    /// The children of node `parent` (the top level for [`NONE`]), in the
    /// built (name) order.
    fn children(&self, parent: u32) -> Vec<u32> {
        let (mut c, end) = match self.nodes.get(ix(parent)) {
            Some(p) => (ix(parent) + 1, ix(p.end)),
            None => (0, self.nodes.len()),
        };
        let mut out = Vec::new();
        while let Some(node) = self.nodes.get(c).filter(|_| c < end) {
            out.push(super::to_u32(c));
            c = ix(node.end).max(c + 1);
        }
        out
    }

    /// The aggregated size of node `i` ([`Row::size`]).
    fn size_at(&self, i: u32) -> u64 {
        self.sizes.get(ix(i)).copied().unwrap_or(0)
    }

    /// The node order for `sort`: `None` for [`SortBy::Name`] (the built
    /// order). O(n log n); build it once per tree and sort.
    pub fn order(&self, sort: SortBy) -> Option<Vec<u32>> {
        if sort == SortBy::Name {
            return None;
        }
        let sorted = |parent: u32| {
            let mut c = self.children(parent);
            // stable: equal sizes keep the name order
            c.sort_by_key(|&i| std::cmp::Reverse(self.size_at(i)));
            c.into_iter()
        };
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut stack = vec![sorted(NONE)];
        while let Some(level) = stack.last_mut() {
            match level.next() {
                Some(i) => {
                    out.push(i);
                    if self.nodes.get(ix(i)).is_some_and(|n| ix(n.end) > ix(i) + 1) {
                        stack.push(sorted(i));
                    }
                }
                None => {
                    stack.pop();
                }
            }
        }
        Some(out)
    }

    /// The visible rows for `query`, in `order` (from [`Tree::order`];
    /// `None`: by name).
    ///
    /// An inactive query lists the nodes whose ancestors are all in
    /// `expanded`. An active one ignores `expanded`: the rows are the nodes
    /// that match every part of it (`matched`) plus their ancestors, each
    /// shown expanded when one of its children is shown. Cost: one pass
    /// over the nodes (the path test lower-cases each path once).
    pub fn query_rows(
        &self,
        expanded: &HashSet<String>,
        query: &Query<'_>,
        order: Option<&[u32]>,
    ) -> Vec<Row> {
        const MATCHED: u8 = 1;
        const SHOWN: u8 = 2;
        const CHILD_SHOWN: u8 = 4;
        let flags = query.is_active().then(|| {
            let mut flags = self.match_flags(query, MATCHED | SHOWN);
            // children come after their parent: propagate upwards in reverse
            for (i, node) in self.nodes.iter().enumerate().rev() {
                if flags.get(i).is_some_and(|f| f & SHOWN != 0) {
                    if let Some(f) = flags.get_mut(ix(node.parent)) {
                        *f |= SHOWN | CHILD_SHOWN;
                    }
                }
            }
            flags
        });
        let at = |k: usize| order.map_or(Some(k), |o| o.get(k).map(|&i| ix(i)));
        let mut rows = Vec::new();
        let mut k = 0;
        while let Some(i) = at(k) {
            let Some(node) = self.nodes.get(i) else { break };
            // the subtree's length: the same in every order built by `order`
            let skip = ix(node.end).saturating_sub(i).max(1);
            let has_children = skip > 1;
            match &flags {
                None => {
                    let open = has_children && expanded.contains(self.path(node));
                    rows.push(self.row(i, node, open, false));
                    k += if open { 1 } else { skip };
                }
                Some(flags) => {
                    let f = flags.get(i).copied().unwrap_or(0);
                    if f & SHOWN == 0 {
                        k += skip;
                        continue;
                    }
                    rows.push(self.row(i, node, f & CHILD_SHOWN != 0, f & MATCHED != 0));
                    k += 1;
                }
            }
        }
        rows
    }

    /// `yes` for each node matching `query`, else 0.
    fn match_flags(&self, query: &Query<'_>, yes: u8) -> Vec<u8> {
        let mut needle = String::new();
        lower_into(&mut needle, query.path);
        let mut buf = String::new();
        self.nodes
            .iter()
            .enumerate()
            .map(|(i, node)| {
                let big = self.sizes.get(i).copied().unwrap_or(0) >= query.min_size;
                let kept = query
                    .keep
                    .is_none_or(|keep| node.entry != NONE && keep(ix(node.entry)));
                let named = needle.is_empty() || {
                    lower_into(&mut buf, self.path(node));
                    buf.contains(needle.as_str())
                };
                if big && kept && named {
                    yes
                } else {
                    0
                }
            })
            .collect()
    }
}
