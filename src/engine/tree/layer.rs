//! Walks one layer's tar entries: canonical paths, whiteouts, and the checks
//! that need only this layer. Checks that need lower layers (dangling
//! hardlinks, whiteouts of nothing) are done when layers are merged.
//!
//! > Whiteout files MUST only apply to resources in lower/parent layers. …
//! > A whiteout file is an empty file with a special filename that signifies
//! > a path should be deleted. … `.wh..wh..opq` … indicates that all siblings
//! > are hidden in the lower layer. (image-spec `layer.md#whiteouts`)

use super::entry::{Kind, LayerEntry};
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::path::{base_name, clean, clean_from, is_confusable};
use crate::engine::tar::{Context, EntryKind, TarEntry, TarIssue};
use std::collections::{BTreeMap, HashMap};

/// At most this many findings of one code per layer; the rest are counted.
pub const PER_CODE_CAP: u32 = 20;

/// Collects findings with a per-code cap.
#[derive(Debug, Default)]
pub struct CappedFindings {
    /// Findings kept.
    pub findings: Vec<Finding>,
    counts: BTreeMap<Code, u32>,
}

impl CappedFindings {
    /// Adds a finding unless its code already reached the cap.
    pub fn push(&mut self, code: Code, finding: Finding) {
        let n = self.counts.entry(code).or_insert(0);
        *n += 1;
        if *n <= PER_CODE_CAP {
            self.findings.push(finding);
        }
    }
    /// Appends one "… and N more" finding per capped code.
    pub fn close(mut self, location: &Location) -> Vec<Finding> {
        for (code, n) in self.counts {
            if n > PER_CODE_CAP {
                self.findings.push(Finding::new(
                    code,
                    location.clone(),
                    format!(
                        "… and {} more entries with `{}` in this layer",
                        n - PER_CODE_CAP,
                        code.as_str()
                    ),
                ));
            }
        }
        self.findings
    }
}

/// Builds the entry list of one layer.
pub struct LayerWalker {
    /// Entries in tar order.
    pub entries: Vec<LayerEntry>,
    /// Local findings.
    pub findings: CappedFindings,
    /// Canonical path → index of its last entry.
    seen: HashMap<String, usize>,
    /// Hardlinks whose target was not seen before them: (entry index, target).
    pending_links: Vec<(usize, String)>,
    max_entries: u64,
    /// More entries than `max_entries`.
    pub listing_truncated: bool,
    total: u64,
    location: Location,
}

fn kind_of(e: &TarEntry) -> Kind {
    match e.kind {
        EntryKind::File => Kind::File,
        EntryKind::Directory => Kind::Dir,
        EntryKind::Symlink => Kind::Symlink,
        EntryKind::HardLink => Kind::Hardlink,
        EntryKind::CharDevice => Kind::CharDevice,
        EntryKind::BlockDevice => Kind::BlockDevice,
        EntryKind::Fifo => Kind::Fifo,
        EntryKind::Other(_) => Kind::Other,
    }
}

impl LayerWalker {
    /// A walker; `location` is the blob/entry the findings point at.
    pub fn new(location: Location, max_entries: u64) -> Self {
        LayerWalker {
            entries: Vec::new(),
            findings: CappedFindings::default(),
            seen: HashMap::new(),
            pending_links: Vec::new(),
            max_entries,
            listing_truncated: false,
            total: 0,
            location,
        }
    }

    fn add(&mut self, code: Code, path: &str, message: String) {
        // stream-level issues (bad header, truncation, …) have no path
        let location = match path {
            "" => self.location.clone(),
            p => self.location.clone().with_path(p),
        };
        let f = Finding::new(code, location, message);
        self.findings.push(code, f);
    }

    /// Records one tar entry.
    pub fn entry(&mut self, e: &TarEntry) {
        self.total += 1;
        if self.total > self.max_entries {
            if !self.listing_truncated {
                self.listing_truncated = true;
                self.add(
                    Code::LimitsEntriesPerLayer,
                    &e.path,
                    format!(
                        "more than {} entries: the rest are hashed but not listed",
                        self.max_entries
                    ),
                );
            }
            return;
        }
        let raw = e.path.as_str();
        let c = clean(raw);
        let shown = if c.path.is_empty() {
            raw.to_string()
        } else {
            c.path.clone()
        };
        if !e.path_is_utf8 {
            self.add(
                Code::TarNameNotUtf8,
                &shown,
                format!("`{shown}` is not UTF-8"),
            );
        }
        if is_confusable(raw) || e.link.as_deref().is_some_and(is_confusable) {
            self.add(
                Code::PathSafetyConfusableName,
                &shown,
                format!(
                    "`{}` contains bidi-control or zero-width characters",
                    raw.escape_default()
                ),
            );
        }
        if c.dotdot {
            self.add(
                Code::PathSafetyDotdot,
                &shown,
                format!("entry name `{raw}` has a `..` component"),
            );
        }
        if c.absolute {
            self.add(
                Code::PathSafetyAbsolute,
                &shown,
                format!("entry name `{raw}` is absolute"),
            );
        }
        let kind = kind_of(e);
        if c.path.is_empty() {
            if raw.trim_matches(|ch| ch == '/' || ch == '.').is_empty() && !raw.is_empty()
                || raw == "."
            {
                if kind != Kind::Dir {
                    self.add(
                        Code::PathSafetyRootNotDir,
                        "/",
                        format!("entry `{raw}` names the root but is a {kind:?}, not a directory"),
                    );
                }
            } else if kind != Kind::Dir || raw.is_empty() {
                self.add(
                    Code::PathSafetyEmptyName,
                    raw,
                    format!("entry with an unusable name `{}`", raw.escape_default()),
                );
            }
            return;
        }
        if let EntryKind::Other(flag) = e.kind {
            self.add(
                Code::TarUnknownType,
                &shown,
                format!("`{shown}` has unknown type flag `{}`", flag.escape_ascii()),
            );
        }
        if e.sparse {
            self.add(
                Code::TarSparse,
                &shown,
                format!("`{shown}` is a sparse file"),
            );
        }
        // whiteouts and directories named like whiteouts
        let base = base_name(&c.path);
        let mut dir_components = c.path.split('/').rev().skip(1);
        // AUFS bookkeeping directories (`.wh..wh.plnk/`, `.wh..wh.orph/`) hold
        // bookkeeping too: moby skips them ("Skip AUFS metadata dirs").
        if dir_components
            .clone()
            .any(|d| d.starts_with(".wh..wh.") && d != ".wh..wh..opq")
        {
            self.add(
                Code::WhiteoutAufsInternal,
                &shown,
                format!("AUFS bookkeeping entry `{shown}`"),
            );
            return;
        }
        if dir_components.any(|d| d.starts_with(".wh.")) {
            self.add(
                Code::WhiteoutInDirName,
                &shown,
                format!("a directory in `{shown}` is named like a whiteout"),
            );
        }
        let mut entry = LayerEntry {
            path: c.path.clone(),
            kind,
            mode: e.mode,
            uid: e.uid,
            gid: e.gid,
            size: e.size,
            mtime: e.mtime,
            link: e.link.clone(),
            change: None,
            layer: None,
        };
        if let Some(target) = base.strip_prefix(".wh.") {
            let parent = crate::engine::path::parent(&c.path);
            if base == ".wh..wh..opq" {
                if kind != Kind::File {
                    self.add(
                        Code::WhiteoutOpaqueNotFile,
                        &shown,
                        format!("opaque marker `{shown}` is a {kind:?}, not an empty file"),
                    );
                }
                entry.kind = Kind::Opaque;
                entry.path = parent.to_string();
            } else if target.starts_with(".wh.") {
                self.add(
                    Code::WhiteoutAufsInternal,
                    &shown,
                    format!("AUFS bookkeeping entry `{shown}`"),
                );
                return;
            } else if target.is_empty()
                || target == "."
                || target == ".."
                || target.chars().all(|ch| ch == '.')
            {
                self.add(
                    Code::WhiteoutInvalidName,
                    &shown,
                    format!("whiteout `{shown}` has no basename to delete"),
                );
                return;
            } else {
                entry.kind = Kind::Whiteout;
                entry.path = if parent.is_empty() {
                    target.to_string()
                } else {
                    format!("{parent}/{target}")
                };
            }
            entry.link = None;
            self.push(entry);
            return;
        }
        if kind == Kind::CharDevice && e.dev_major == 0 && e.dev_minor == 0 {
            self.add(
                Code::WhiteoutOverlayFormat,
                &shown,
                format!("`{shown}` is an overlayfs whiteout (character device 0/0)"),
            );
        } else if matches!(kind, Kind::CharDevice | Kind::BlockDevice | Kind::Fifo) {
            self.add(
                Code::TarDeviceNode,
                &shown,
                format!("`{shown}` is a {kind:?} ({}, {})", e.dev_major, e.dev_minor),
            );
        }
        if e.xattrs.iter().any(|(k, _)| k == "trusted.overlay.opaque") {
            self.add(
                Code::WhiteoutOverlayFormat,
                &shown,
                format!("`{shown}` carries the overlayfs attribute trusted.overlay.opaque"),
            );
        }
        if kind == Kind::File && e.mode & 0o6000 != 0 {
            let which = if e.mode & 0o4000 != 0 {
                "setuid"
            } else {
                "setgid"
            };
            self.add(
                Code::TarSetuidSetgid,
                &shown,
                format!("`{shown}` is {which} (mode {:o})", e.mode),
            );
        }
        match kind {
            Kind::Symlink => {
                if let Some(target) = &e.link {
                    if !target.starts_with('/') {
                        let parent: Vec<&str> = crate::engine::path::parent(&c.path)
                            .split('/')
                            .filter(|s| !s.is_empty())
                            .collect();
                        if clean_from(&parent, target).escapes {
                            self.add(
                                Code::PathSafetySymlinkEscape,
                                &shown,
                                format!("symlink `{shown}` → `{target}` climbs above the root"),
                            );
                        }
                    }
                }
            }
            Kind::Hardlink => {
                let target = e.link.clone().unwrap_or_default();
                let t = clean(&target);
                if t.escapes {
                    self.add(
                        Code::PathSafetyHardlinkEscape,
                        &shown,
                        format!("hard link `{shown}` → `{target}` leaves the root"),
                    );
                } else if let Some(&i) = self.seen.get(&t.path) {
                    if self.entries.get(i).is_some_and(|x| x.kind == Kind::Dir) {
                        self.add(
                            Code::PathSafetyHardlinkToDir,
                            &shown,
                            format!("hard link `{shown}` → `{target}`, a directory"),
                        );
                    }
                } else {
                    self.pending_links
                        .push((self.entries.len(), t.path.clone()));
                }
                entry.link = Some(t.path.clone())
                    .filter(|_| !target.is_empty())
                    .or(e.link.clone());
            }
            _ => {}
        }
        self.push(entry);
    }

    fn push(&mut self, entry: LayerEntry) {
        let key = match entry.kind {
            Kind::Whiteout => format!(".wh.{}", entry.path),
            Kind::Opaque => format!(".wh..wh..opq:{}", entry.path),
            _ => entry.path.clone(),
        };
        if let Some(&prev) = self.seen.get(&key) {
            let prev_kind = self.entries.get(prev).map(|p| p.kind);
            let shown = entry.path.clone();
            if prev_kind == Some(entry.kind) || prev_kind.is_none() {
                self.add(
                    Code::TarDuplicatePath,
                    &shown,
                    format!("`{shown}` appears twice in this layer; the last one wins"),
                );
            } else if let Some(pk) = prev_kind {
                self.add(
                    Code::TarTypeChange,
                    &shown,
                    format!(
                        "`{shown}` is a {pk:?} and then a {:?} in the same layer",
                        entry.kind
                    ),
                );
            }
        }
        self.seen.insert(key, self.entries.len());
        self.entries.push(entry);
    }

    /// Records the tar reader's issues.
    pub fn issues(&mut self, issues: Vec<TarIssue>) {
        for d in issues.iter().filter_map(|i| i.describe(Context::Layer)) {
            self.add(d.code, d.path.as_deref().unwrap_or(""), d.message);
        }
    }

    /// Finishes the layer: forward hardlinks are resolved. Returns the
    /// entries, the hardlinks to check against lower layers, and findings.
    pub fn finish(mut self) -> (Vec<LayerEntry>, Vec<String>, Vec<Finding>) {
        let mut lower_links = Vec::new();
        for (i, target) in std::mem::take(&mut self.pending_links) {
            let later = self.seen.get(&target).copied().filter(|&j| j > i);
            let path = self
                .entries
                .get(i)
                .map(|e| e.path.clone())
                .unwrap_or_default();
            if later.is_some() {
                self.add(
                    Code::PathSafetyHardlinkForward,
                    &path,
                    format!("hard link `{path}` → `{target}`, which comes later in the layer"),
                );
            } else {
                lower_links.push(path);
            }
        }
        let location = self.location.clone();
        (self.entries, lower_links, self.findings.close(&location))
    }
}
