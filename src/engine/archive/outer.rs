//! The outer tar as a table of entries: names (after stripping `./` and a
//! leading `/`), types, sizes and offsets, with the archive-level findings
//! (truncation, corrupt headers, duplicates, trailing data).

use crate::engine::finding::{Code, Finding, Location};
use crate::engine::tar::{Context, EntryKind, TarEntry, TarIssue};
use std::collections::HashMap;

/// One entry of the outer archive.
#[derive(Debug, Clone)]
pub struct OuterEntry {
    /// Normalised name (`./a//b` → `a/b`).
    pub name: String,
    /// The tar entry.
    pub tar: TarEntry,
}

/// All entries; duplicates keep the last (as extraction does).
#[derive(Debug, Clone, Default)]
pub struct Entries {
    /// In archive order.
    pub list: Vec<OuterEntry>,
    /// Name → index of the last entry with that name.
    pub by_name: HashMap<String, usize>,
    /// Total input length, when known.
    pub input_len: Option<u64>,
}

/// Normalises an outer entry name.
pub fn normalize_name(raw: &str) -> String {
    raw.split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect::<Vec<_>>()
        .join("/")
}

impl Entries {
    /// Adds an entry, reporting a duplicate name.
    pub fn push(&mut self, tar: TarEntry, findings: &mut Vec<Finding>) {
        let name = normalize_name(&tar.path);
        if let Some(&prev) = self.by_name.get(&name) {
            let prev_dir = self
                .list
                .get(prev)
                .is_some_and(|p| p.tar.kind == EntryKind::Directory);
            if !(name.is_empty() || prev_dir && tar.kind == EntryKind::Directory) {
                findings.push(Finding::new(
                    Code::ArchiveDuplicateEntry,
                    Location::entry(name.clone()),
                    format!("two entries named `{name}`; the last one is used"),
                ));
            }
        }
        self.by_name.insert(name.clone(), self.list.len());
        self.list.push(OuterEntry { name, tar });
    }

    /// The entry named `name`.
    pub fn get(&self, name: &str) -> Option<&OuterEntry> {
        self.by_name.get(name).and_then(|&i| self.list.get(i))
    }
}

/// Turns the outer tar reader's issues into `archive` findings.
pub fn issues_to_findings(issues: Vec<TarIssue>, findings: &mut Vec<Finding>) {
    for d in issues.iter().filter_map(|i| i.describe(Context::Outer)) {
        let location = d.path.map(Location::entry).unwrap_or_default();
        let f = Finding::new(d.code, location, d.message);
        findings.push(match d.needed_got {
            Some((needed, got)) => f.expected_found(needed.to_string(), got.to_string()),
            None => f,
        });
    }
}
