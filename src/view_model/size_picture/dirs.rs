//! The largest directories of an image's final file system, as `du -d 2`
//! sorts them: the top-level directories by the bytes of the regular files
//! below them (hard links weigh 0, as in the waste model), each with its
//! largest subdirectories. Computed from the merged tree.

use crate::engine::tree::entry::{Kind, LayerEntry};
use std::collections::HashMap;

/// Top-level rows at most (the rest are folded into one row).
pub const TOP_DIRS: usize = 6;
/// Subdirectories shown under each top-level row at most.
pub const SUB_DIRS: usize = 3;

/// What a row stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirKind {
    /// A directory (its path, from the root, with a leading `/`).
    Dir,
    /// The regular files directly in `/`.
    RootFiles,
    /// The top-level directories past [`TOP_DIRS`], this many.
    Others(usize),
}

/// One row of the picture.
#[derive(Debug, Clone, PartialEq)]
pub struct DirRow {
    /// `/usr`, `/usr/lib`; `/ (files)`; `3 more`.
    pub label: String,
    /// What it is.
    pub kind: DirKind,
    /// 0 for a top-level row, 1 for a subdirectory.
    pub depth: u8,
    /// Bytes of the regular files below it.
    pub bytes: u64,
    /// `bytes` over the whole final file system.
    pub share: f64,
}

/// Bytes below one top-level directory, and below each of its children.
#[derive(Default)]
struct Top {
    bytes: u64,
    children: HashMap<String, u64>,
}

/// The rows for the final file system `entries`, and the bytes of all its
/// regular files.
pub fn largest<'a>(entries: impl IntoIterator<Item = &'a LayerEntry>) -> (Vec<DirRow>, u64) {
    let (ranked, total) = tally(entries);
    let share = |b: u64| {
        if total == 0 {
            0.0
        } else {
            b as f64 / total as f64
        }
    };
    let row = |label: String, kind: DirKind, depth: u8, bytes: u64| DirRow {
        label,
        kind,
        depth,
        bytes,
        share: share(bytes),
    };
    let mut ranked = ranked;
    let rest: Vec<(String, Top)> = ranked.split_off(ranked.len().min(TOP_DIRS));
    let mut rows = Vec::new();
    for (name, top) in ranked {
        if name.is_empty() {
            rows.push(row("/ (files)".into(), DirKind::RootFiles, 0, top.bytes));
            continue;
        }
        rows.push(row(format!("/{name}"), DirKind::Dir, 0, top.bytes));
        let mut children: Vec<(String, u64)> =
            top.children.into_iter().filter(|c| c.1 > 0).collect();
        children.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        for (child, bytes) in children.into_iter().take(SUB_DIRS) {
            rows.push(row(format!("/{name}/{child}"), DirKind::Dir, 1, bytes));
        }
    }
    if !rest.is_empty() {
        let bytes = rest
            .iter()
            .fold(0u64, |a, (_, t)| a.saturating_add(t.bytes));
        let n = rest.len();
        rows.push(row(format!("{n} more"), DirKind::Others(n), 0, bytes));
    }
    (rows, total)
}

/// The top-level directories with bytes, largest first (ties by name), the
/// files directly in `/` as the one named `""`; and the bytes of all files.
fn tally<'a>(entries: impl IntoIterator<Item = &'a LayerEntry>) -> (Vec<(String, Top)>, u64) {
    let mut tops: HashMap<String, Top> = HashMap::new();
    let mut root_files = 0u64;
    let mut total = 0u64;
    for e in entries.into_iter().filter(|e| e.kind == Kind::File) {
        total = total.saturating_add(e.size);
        let path = e.path.trim_start_matches("./").trim_start_matches('/');
        let mut parts = path.split('/').filter(|p| !p.is_empty());
        let (Some(first), Some(second)) = (parts.next(), parts.next()) else {
            root_files = root_files.saturating_add(e.size);
            continue;
        };
        // look up before inserting: a key is allocated once per directory, not per file
        if !tops.contains_key(first) {
            tops.insert(first.to_string(), Top::default());
        }
        let Some(top) = tops.get_mut(first) else {
            continue;
        };
        top.bytes = top.bytes.saturating_add(e.size);
        // a file directly in the top-level directory belongs to no child
        if parts.next().is_some() {
            match top.children.get_mut(second) {
                Some(c) => *c = c.saturating_add(e.size),
                None => {
                    top.children.insert(second.to_string(), e.size);
                }
            }
        }
    }
    let mut ranked: Vec<(String, Top)> = tops.into_iter().filter(|(_, t)| t.bytes > 0).collect();
    if root_files > 0 {
        let files = Top {
            bytes: root_files,
            children: HashMap::new(),
        };
        ranked.push((String::new(), files));
    }
    ranked.sort_by(|a, b| b.1.bytes.cmp(&a.1.bytes).then_with(|| a.0.cmp(&b.0)));
    (ranked, total)
}
