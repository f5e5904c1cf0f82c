//! Walks one layer's tar entries: canonical paths, whiteouts, and the checks
//! that need only this layer. Checks that need lower layers (dangling
//! hardlinks, whiteouts of nothing) are done when layers are merged.
//!
//! > Whiteout files MUST only apply to resources in lower/parent layers. …
//! > A whiteout file is an empty file with a special filename that signifies
//! > a path should be deleted. … `.wh..wh..opq` … indicates that all siblings
//! > are hidden in the lower layer. (image-spec `layer.md#whiteouts`)

use super::checks::{self, Found};
use super::entry::{ContentHash, Kind, LayerEntry};
use super::tar_facts::{TarFacts, TarFactsBuilder};
use super::whiteout::{self, Whiteout};
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::path::clean;
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
    /// The layer's symlinks so far: canonical path → target.
    symlinks: HashMap<String, String>,
    max_entries: u64,
    /// More entries than `max_entries`.
    pub listing_truncated: bool,
    total: u64,
    location: Location,
    /// Entry order and header encoding, over every entry (listed or not).
    facts: TarFactsBuilder,
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

/// The entry as listed, before whiteouts and links are resolved.
fn layer_entry(e: &TarEntry, path: String, kind: Kind) -> LayerEntry {
    LayerEntry {
        path,
        kind,
        mode: e.mode,
        uid: e.uid,
        gid: e.gid,
        size: e.size,
        mtime: e.mtime,
        link: e.link.clone(),
        change: None,
        layer: None,
        hash: None,
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
            symlinks: HashMap::new(),
            max_entries,
            listing_truncated: false,
            total: 0,
            location,
            facts: TarFactsBuilder::default(),
        }
    }

    fn add(&mut self, code: Code, path: &str, message: String) {
        self.add_found(code, path, message, None);
    }

    /// [`Self::add`] with the finding's `found` value.
    fn add_found(&mut self, code: Code, path: &str, message: String, found: Option<String>) {
        // stream-level issues (bad header, truncation, …) have no path
        let location = match path {
            "" => self.location.clone(),
            p => self.location.clone().with_path(p),
        };
        let mut f = Finding::new(code, location, message);
        f.found = found;
        self.findings.push(code, f);
    }

    /// Records one tar entry: the checks of its name and node, whiteouts,
    /// links, then the entry itself.
    pub fn entry(&mut self, e: &TarEntry) {
        self.entry_hashed(e, None);
    }

    /// [`LayerWalker::entry`] for a regular file whose body was read whole:
    /// `hash` is its content hash (kept only if it stays a regular file).
    pub fn entry_hashed(&mut self, e: &TarEntry, hash: Option<ContentHash>) {
        self.facts.entry(e);
        if !self.count(e) {
            return;
        }
        let c = clean(&e.path);
        let shown = if c.path.is_empty() {
            e.path.clone()
        } else {
            c.path.clone()
        };
        self.add_all(checks::path_findings(e, &c, &shown), &shown);
        let kind = kind_of(e);
        if c.path.is_empty() {
            if let Some((at, (code, message))) = checks::empty_name(&e.path, kind) {
                self.add(code, at, message);
            }
            return;
        }
        for (code, m) in checks::type_findings(e, &shown) {
            let found = (code == Code::TarSparse).then(|| checks::sparse_form(e).to_string());
            self.add_found(code, &shown, m, found);
        }
        let whiteout = whiteout::classify(&c.path);
        if whiteout::in_whiteout_dir(&c.path) {
            let m = format!("a directory in `{shown}` is named like a whiteout");
            self.add(Code::WhiteoutInDirName, &shown, m);
        }
        let mut entry = layer_entry(e, c.path.clone(), kind);
        if whiteout != Whiteout::None {
            self.whiteout(whiteout, entry, &shown);
            return;
        }
        self.add_all(checks::node_findings(e, kind, &shown), &shown);
        self.through_symlinks(&c.path, kind, e.link.as_deref(), &shown);
        entry.hash = hash.filter(|_| kind == Kind::File);
        match (kind, &e.link) {
            (Kind::Symlink, Some(target)) => {
                if let Some((code, m)) = checks::symlink_escape(&c.path, target, &shown) {
                    self.add(code, &shown, m);
                }
            }
            (Kind::Hardlink, _) => entry.link = self.hardlink(e.link.as_deref(), &shown),
            _ => {}
        }
        self.push(entry);
    }

    /// Records a symlink of the layer, and finds an entry whose directory,
    /// resolved inside the root through the layer's symlinks, never resolves.
    fn through_symlinks(&mut self, path: &str, kind: Kind, link: Option<&str>, shown: &str) {
        if !self.symlinks.is_empty() {
            let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
            if checks::symlink_loop(dir, &self.symlinks) {
                let m = format!(
                    "`{shown}` is below a symlink that resolves to itself inside the root (a loop)"
                );
                self.add(Code::PathSafetySymlinkLoop, shown, m);
            }
        }
        match (kind, link) {
            (Kind::Symlink, Some(target)) => {
                self.symlinks.insert(path.to_string(), target.to_string());
            }
            _ if !self.symlinks.is_empty() => {
                self.symlinks.remove(path);
            }
            _ => {}
        }
    }

    /// Counts the entry; false past the listing cap (noted once).
    fn count(&mut self, e: &TarEntry) -> bool {
        self.total += 1;
        if self.total <= self.max_entries {
            return true;
        }
        if !self.listing_truncated {
            self.listing_truncated = true;
            let m = format!(
                "more than {} entries: the rest are hashed but not listed",
                self.max_entries
            );
            self.add(Code::LimitsEntriesPerLayer, &e.path, m);
        }
        false
    }

    fn add_all(&mut self, found: Vec<Found>, path: &str) {
        for (code, message) in found {
            self.add(code, path, message);
        }
    }

    /// Records a whiteout or an opaque marker (AUFS bookkeeping and
    /// nameless whiteouts are only reported; an ordinary entry is recorded
    /// as it is).
    fn whiteout(&mut self, whiteout: Whiteout<'_>, mut entry: LayerEntry, shown: &str) {
        match whiteout {
            Whiteout::None => return self.push(entry),
            Whiteout::AufsInternal => {
                let m = format!("AUFS bookkeeping entry `{shown}`");
                return self.add(Code::WhiteoutAufsInternal, shown, m);
            }
            Whiteout::Invalid => {
                let m = format!("whiteout `{shown}` has no basename to delete");
                return self.add(Code::WhiteoutInvalidName, shown, m);
            }
            Whiteout::Opaque(dir) => {
                if entry.kind != Kind::File {
                    let m = format!(
                        "opaque marker `{shown}` is a {:?}, not an empty file",
                        entry.kind
                    );
                    self.add(Code::WhiteoutOpaqueNotFile, shown, m);
                }
                entry.kind = Kind::Opaque;
                entry.path = dir.to_string();
            }
            Whiteout::File(deletes) => {
                entry.kind = Kind::Whiteout;
                entry.path = deletes;
            }
        }
        entry.link = None;
        self.push(entry);
    }

    /// Checks a hard link against the root and the entries seen so far (a
    /// target not seen yet is resolved in [`LayerWalker::finish`]); returns
    /// the link to record, canonical when it has a target.
    fn hardlink(&mut self, link: Option<&str>, shown: &str) -> Option<String> {
        let target = link.unwrap_or_default();
        let t = clean(target);
        if t.escapes {
            let m = format!("hard link `{shown}` → `{target}` leaves the root");
            self.add(Code::PathSafetyHardlinkEscape, shown, m);
        } else if let Some(&i) = self.seen.get(&t.path) {
            if self.entries.get(i).is_some_and(|x| x.kind == Kind::Dir) {
                let m = format!("hard link `{shown}` → `{target}`, a directory");
                self.add(Code::PathSafetyHardlinkToDir, shown, m);
            }
        } else {
            self.pending_links
                .push((self.entries.len(), t.path.clone()));
        }
        Some(t.path)
            .filter(|_| !target.is_empty())
            .or(link.map(str::to_string))
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

    /// How the entries so far were written: their order and header encoding.
    pub fn tar_facts(&self) -> TarFacts {
        self.facts.facts()
    }

    /// Records the tar reader's issues.
    pub fn issues(&mut self, issues: Vec<TarIssue>) {
        for i in &issues {
            if let TarIssue::GlobalHeader { offset } = i {
                let m = format!("a PAX global header at offset {offset}");
                self.add(Code::TarGlobalHeader, "", m);
            }
        }
        for d in issues.iter().filter_map(|i| i.describe(Context::Layer)) {
            let found = d.found.map(str::to_string);
            self.add_found(d.code, d.path.as_deref().unwrap_or(""), d.message, found);
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
