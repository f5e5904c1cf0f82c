//! The compared paths as a tree, like the Files view: directories in path
//! order with the number of added, removed and changed paths below them,
//! each one open unless closed, and the changed paths as leaves. The order
//! is by path components (`a/b` before `a-c`), computed once per comparison
//! ([`sorted`]); [`rows`] walks it with the filter and the closed set.

use super::{changed_row, FileChange, FileRow};
use crate::engine::diff::Diff;
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

/// A compared path: its change and its index in that list of the diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathRef {
    /// Added, removed or changed.
    pub change: FileChange,
    /// Index into `files.added`, `files.removed` or `files.changed`.
    pub index: u32,
}

fn path_of(d: &Diff, r: PathRef) -> &str {
    let i = r.index as usize;
    let p = match r.change {
        FileChange::Added => d.files.added.get(i),
        FileChange::Removed => d.files.removed.get(i),
        FileChange::Changed => d.files.changed.get(i).map(|c| &c.path),
    };
    p.map_or("", |p| p.as_str())
}

/// Orders paths component by component: `a/b` < `a/b/c` < `a-c`.
fn by_components(x: &str, y: &str) -> Ordering {
    x.split('/').cmp(y.split('/'))
}

/// Every compared path of `d`, in tree order.
pub fn sorted(d: &Diff) -> Vec<PathRef> {
    let refs = |change, n: usize| {
        (0..n).filter_map(move |i| {
            Some(PathRef {
                change,
                index: u32::try_from(i).ok()?,
            })
        })
    };
    let mut all: Vec<PathRef> = refs(FileChange::Added, d.files.added.len())
        .chain(refs(FileChange::Removed, d.files.removed.len()))
        .chain(refs(FileChange::Changed, d.files.changed.len()))
        .collect();
    all.sort_by(|x, y| by_components(path_of(d, *x), path_of(d, *y)));
    all
}

/// How many paths below a directory were added, removed and changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Added below.
    pub added: u32,
    /// Removed below.
    pub removed: u32,
    /// Changed below.
    pub changed: u32,
}

impl Counts {
    fn add(&mut self, c: FileChange) {
        let n = match c {
            FileChange::Added => &mut self.added,
            FileChange::Removed => &mut self.removed,
            FileChange::Changed => &mut self.changed,
        };
        *n = n.saturating_add(1);
    }
}

/// One row of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreeRow<'a> {
    /// A directory above compared paths.
    Dir {
        /// Its path.
        path: &'a str,
        /// Its last component.
        name: &'a str,
        /// Components above it.
        depth: usize,
        /// Its paths are listed.
        open: bool,
        /// What is below it (matching the filter).
        counts: Counts,
    },
    /// A compared path.
    Path {
        /// The change.
        row: FileRow<'a>,
        /// Its last component.
        name: &'a str,
        /// Components above it.
        depth: usize,
    },
}

fn parent(p: &str) -> Option<&str> {
    p.rsplit_once('/').map(|(d, _)| d)
}

fn name(p: &str) -> &str {
    p.rsplit_once('/').map_or(p, |(_, n)| n)
}

fn row_of<'a>(d: &'a Diff, r: PathRef) -> FileRow<'a> {
    match r.change {
        FileChange::Changed => match d.files.changed.get(r.index as usize) {
            Some(c) => changed_row(c),
            None => plain("", r.change),
        },
        c => plain(path_of(d, r), c),
    }
}

fn plain(path: &str, change: FileChange) -> FileRow<'_> {
    FileRow {
        path,
        change,
        what: Vec::new(),
        delta: None,
    }
}

/// The rows of the tree: the paths of `order` whose path contains `filter`
/// (case-insensitive), each under its directories, a directory's paths
/// left out when it is in `closed`. A compared path that is itself a
/// directory is a leaf row followed by what is below it.
pub fn rows<'a>(
    d: &'a Diff,
    order: &[PathRef],
    filter: &str,
    closed: &BTreeSet<String>,
) -> Vec<TreeRow<'a>> {
    let needle = filter.trim().to_lowercase();
    let kept: Vec<(PathRef, &'a str)> = order
        .iter()
        .map(|r| (*r, path_of(d, *r)))
        .filter(|(_, p)| needle.is_empty() || p.to_lowercase().contains(&needle))
        .collect();
    let mut counts: HashMap<&'a str, Counts> = HashMap::new();
    for (r, p) in &kept {
        let mut at = parent(p);
        while let Some(dir) = at {
            counts.entry(dir).or_default().add(r.change);
            at = parent(dir);
        }
    }
    let mut out = Vec::new();
    // the directories of the previous path, outermost first
    let mut open_dirs: Vec<&'a str> = Vec::new();
    for (r, p) in kept {
        let mut dirs = Vec::new();
        let mut at = parent(p);
        while let Some(dir) = at {
            dirs.push(dir);
            at = parent(dir);
        }
        dirs.reverse();
        let common = open_dirs
            .iter()
            .zip(&dirs)
            .take_while(|(x, y)| x == y)
            .count();
        for (depth, dir) in dirs.iter().enumerate().skip(common) {
            if dirs.iter().take(depth).any(|up| closed.contains(*up)) {
                break;
            }
            out.push(TreeRow::Dir {
                path: dir,
                name: name(dir),
                depth,
                open: !closed.contains(*dir),
                counts: counts.get(dir).copied().unwrap_or_default(),
            });
        }
        open_dirs = dirs;
        if open_dirs.iter().any(|dir| closed.contains(*dir)) {
            continue;
        }
        out.push(TreeRow::Path {
            row: row_of(d, r),
            name: name(p),
            depth: open_dirs.len(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::diff::schema::{ChangedFile, Files};

    fn diff(added: &[&str], removed: &[&str], changed: &[&str]) -> Diff {
        let s = |v: &[&str]| v.iter().map(|p| p.to_string()).collect();
        let json = serde_json::json!({
            "schema": "ocilens.diff/v1", "a": {"input": {"name": "a", "size": 0, "format": "oci-layout", "outer_compression": "none"}, "image": 0, "platform": null, "config_digest": null, "manifest_digest": null, "manifest_media_type": null, "manifest_preserved": false, "preserves": "", "layer_digests": [], "diff_ids": []},
        });
        let side: crate::engine::diff::schema::Side =
            serde_json::from_value(json["a"].clone()).unwrap();
        Diff {
            schema: "ocilens.diff/v1".into(),
            a: side.clone(),
            b: side,
            same: Default::default(),
            config: Vec::new(),
            layers: Vec::new(),
            packages: Default::default(),
            files: Files {
                added: s(added),
                removed: s(removed),
                changed: changed
                    .iter()
                    .map(|p| ChangedFile {
                        path: p.to_string(),
                        what: Vec::new(),
                        a_size: 1,
                        b_size: 3,
                    })
                    .collect(),
            },
            causes: Vec::new(),
            findings: Vec::new(),
            summary: Default::default(),
        }
    }

    fn names(rows: &[TreeRow<'_>]) -> Vec<String> {
        rows.iter()
            .map(|r| match r {
                TreeRow::Dir {
                    path, depth, open, ..
                } => format!(
                    "{}{path}/{}",
                    "  ".repeat(*depth),
                    if *open { "" } else { "+" }
                ),
                TreeRow::Path { row, depth, .. } => {
                    format!(
                        "{}{} {}",
                        "  ".repeat(*depth),
                        row.path,
                        row.change.as_str()
                    )
                }
            })
            .collect()
    }

    #[test]
    fn paths_sit_under_their_directories_in_component_order_with_counts() {
        let d = diff(&["a/b/new", "a-c/x"], &["a/old"], &["a/b/conf", "top"]);
        let order = sorted(&d);
        let rows = rows(&d, &order, "", &BTreeSet::new());
        assert_eq!(
            names(&rows),
            [
                "a/",
                "  a/b/",
                "    a/b/conf changed",
                "    a/b/new added",
                "  a/old removed",
                "a-c/",
                "  a-c/x added",
                "top changed",
            ]
        );
        let TreeRow::Dir { counts, .. } = &rows[0] else {
            panic!()
        };
        assert_eq!(
            *counts,
            Counts {
                added: 1,
                removed: 1,
                changed: 1
            }
        );
        let TreeRow::Path { row, .. } = &rows[2] else {
            panic!()
        };
        assert_eq!(row.delta, Some(2));
    }

    #[test]
    fn a_closed_directory_hides_what_is_below_it_and_the_filter_narrows() {
        let d = diff(&["a/b/new", "a/b/c/deep", "z"], &[], &["a/top"]);
        let order = sorted(&d);
        let closed: BTreeSet<String> = ["a/b".to_string()].into();
        assert_eq!(
            names(&rows(&d, &order, "", &closed)),
            ["a/", "  a/b/+", "  a/top changed", "z added"]
        );
        assert_eq!(
            names(&rows(&d, &order, "DEEP", &BTreeSet::new())),
            ["a/", "  a/b/", "    a/b/c/", "      a/b/c/deep added"]
        );
    }
}
