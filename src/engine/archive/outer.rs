//! The outer tar as a table of entries: names (after stripping `./` and a
//! leading `/`), types, sizes and offsets, with the archive-level findings
//! (truncation, corrupt headers, duplicates, trailing data).

use crate::engine::finding::{Code, Finding, Location};
use crate::engine::tar::{EntryKind, TarEntry, TarIssue};
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
    for issue in issues {
        let f = match issue {
            TarIssue::BadChecksum { offset } => Finding::new(
                Code::ArchiveBadHeader,
                Location::default(),
                format!("tar header at offset {offset} has a wrong checksum; nothing after it can be read"),
            ),
            TarIssue::BadNumber { offset, field } => Finding::new(
                Code::ArchiveBadHeader,
                Location::default(),
                format!("tar header at offset {offset} has an invalid `{field}` field"),
            ),
            TarIssue::BadPax { offset } => Finding::new(
                Code::ArchiveBadHeader,
                Location::default(),
                format!("malformed PAX record at offset {offset}"),
            ),
            TarIssue::Truncated { offset, path, needed, got } => Finding::new(
                Code::ArchiveTruncated,
                path.clone().map(Location::entry).unwrap_or_default(),
                match path {
                    Some(p) => format!("the archive ends inside `{p}`: {got} of {needed} bytes (at offset {offset})"),
                    None => format!("the archive ends inside a header at offset {offset}"),
                },
            )
            .expected_found(needed.to_string(), got.to_string()),
            TarIssue::NoEndMarker { offset } => Finding::new(
                Code::ArchiveNoEndMarker,
                Location::default(),
                format!("no end-of-archive marker after offset {offset}"),
            ),
            TarIssue::ExtensionTooLarge { offset, kind, size, cap } => Finding::new(
                Code::LimitsTarExtension,
                Location::default(),
                format!("`{kind}` extension header of {size} bytes at offset {offset} exceeds the {cap}-byte cap; skipped"),
            ),
            TarIssue::PaxConflict { offset, detail } => Finding::new(
                Code::ArchiveBadHeader,
                Location::default(),
                format!("conflicting extension headers at offset {offset}: {detail}"),
            ),
            TarIssue::PathTooLong { offset, len, cap } => Finding::new(
                Code::LimitsPathLength,
                Location::default(),
                format!("an entry name of {len} bytes at offset {offset} exceeds the {cap}-byte cap"),
            ),
            TarIssue::UnknownType { .. } | TarIssue::GlobalHeader { .. } | TarIssue::IgnoredSize { .. } => continue,
        };
        findings.push(f);
    }
}
