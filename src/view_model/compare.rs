//! The Compare view, without the browser: the comparison's state (none,
//! running in a worker, done, failed), its path filter, and the rows it
//! shows (identity side by side, config as two columns, layers, files).
//! Every string here comes from the images: the page renders it as text.

use crate::engine::diff::schema::{ChangedFile, Side};
use crate::engine::diff::Diff;
use crate::engine::report::TreeLayer;
use crate::engine::share::diff_link::{DiffDropped, SharedDiff};
use crate::protocol::CompareChoices;
use std::collections::BTreeSet;
use std::rc::Rc;

pub mod tree;

/// Where the comparison is.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum ComparePhase {
    /// Nothing to compare yet.
    #[default]
    None,
    /// The second file is being inspected and compared in a worker.
    Running {
        /// The second file's name.
        name: String,
    },
    /// The second file is being read: bytes of its blobs read so far, of
    /// the file's size.
    Reading {
        /// The second file's name.
        name: String,
        /// Bytes read, over every blob.
        done: u64,
        /// The file's size.
        size: u64,
        /// Bytes read of each blob so far.
        blobs: std::collections::BTreeMap<String, u64>,
    },
    /// The comparison.
    Done(Rc<Diff>),
    /// It could not be made.
    Failed(String),
}

impl ComparePhase {
    /// The worker is reading or comparing.
    pub fn is_running(&self) -> bool {
        matches!(
            self,
            ComparePhase::Running { .. } | ComparePhase::Reading { .. }
        )
    }
}

/// The comparison and what the Compare view shows of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Compare {
    /// Where it is.
    pub phase: ComparePhase,
    /// The Compare view is shown (instead of the current tab).
    pub shown: bool,
    /// The path filter of the files list.
    pub filter: String,
    /// The images either side can be (a chooser shows where there are several).
    pub choices: CompareChoices,
    /// The compared paths in tree order, once done.
    pub order: Rc<Vec<tree::PathRef>>,
    /// Directories of the files tree that are closed.
    pub closed: BTreeSet<String>,
    /// The selected path and, once the worker sent them, the layers of
    /// each image that touch it (its history on both sides).
    pub selected: Option<Selected>,
    /// The comparison came from a link (nothing verified here): what the
    /// link left out.
    pub shared: Option<DiffDropped>,
    /// The comparison link just made: its URL, fragment bytes and what it left out.
    pub link: Option<(String, usize, DiffDropped)>,
    /// Milliseconds the last comparison took in the worker.
    pub compare_ms: Option<f64>,
}

/// A path selected in the files tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selected {
    /// The path.
    pub path: String,
    /// Image A's and B's layers touching it, once known.
    pub layers: Option<Rc<(Vec<TreeLayer>, Vec<TreeLayer>)>>,
}

/// A message about the comparison.
#[derive(Debug, Clone)]
pub enum CompareMsg {
    /// A second file goes to a worker.
    Start {
        /// Its name.
        name: String,
        /// Its size in bytes.
        size: u64,
    },
    /// The worker read more of the second file's blobs.
    Progress(Vec<crate::protocol::ProgressUpdate>),
    /// The worker's comparison, the images either side can be, and how
    /// long the comparison took in the worker (ms).
    Done(Box<Diff>, CompareChoices, Option<f64>),
    /// Other images were chosen: the worker compares them.
    Choose {
        /// Index into A's `images[]`.
        a: u32,
        /// Index into B's.
        b: u32,
    },
    /// The worker failed.
    Failed(String),
    /// Show the Compare view.
    Show,
    /// Show the tabs again.
    Hide,
    /// The files filter text.
    Filter(String),
    /// Open or close a directory of the files tree.
    Toggle(String),
    /// Select a path of the files tree (its history is asked of the worker), or none.
    Select(Option<String>),
    /// The worker's layers touching a path, for each image.
    PathLayers {
        /// The path.
        path: String,
        /// Image A's.
        a: Vec<TreeLayer>,
        /// Image B's.
        b: Vec<TreeLayer>,
    },
    /// A comparison link was made (and copied).
    LinkMade {
        /// The whole URL.
        url: String,
        /// Bytes of the fragment.
        bytes: usize,
        /// What it left out.
        dropped: DiffDropped,
    },
    /// Close the link panel.
    LinkClose,
    /// A comparison link was opened.
    OpenShared(Box<SharedDiff>),
    /// Forget the comparison (a new session).
    Reset,
}

impl Compare {
    /// Applies `msg`.
    pub fn update(&mut self, msg: CompareMsg) {
        match msg {
            CompareMsg::Start { name, size } => {
                self.phase = ComparePhase::Reading {
                    name,
                    done: 0,
                    size,
                    blobs: Default::default(),
                };
                self.filter.clear();
                self.closed.clear();
                self.selected = None;
                self.shown = true;
            }
            CompareMsg::Progress(updates) => {
                if let ComparePhase::Reading { done, blobs, .. } = &mut self.phase {
                    for u in updates {
                        blobs.insert(u.blob, u.done);
                    }
                    *done = blobs.values().sum();
                }
            }
            CompareMsg::Done(diff, choices, ms) => {
                if self.phase.is_running() {
                    self.compare_ms = ms;
                    self.order = Rc::new(tree::sorted(&diff));
                    self.phase = ComparePhase::Done(Rc::new(*diff));
                    self.choices = choices;
                    self.selected = None;
                }
            }
            CompareMsg::Choose { .. } => {
                let name = match &self.phase {
                    ComparePhase::Done(d) => d.b.input.name.clone(),
                    _ => return,
                };
                self.phase = ComparePhase::Running { name };
            }
            CompareMsg::Failed(e) => {
                if self.phase.is_running() {
                    self.phase = ComparePhase::Failed(e);
                }
            }
            CompareMsg::Show => self.shown = self.phase != ComparePhase::None,
            CompareMsg::Hide => self.shown = false,
            CompareMsg::Filter(f) => self.filter = f,
            CompareMsg::LinkMade {
                url,
                bytes,
                dropped,
            } => self.link = Some((url, bytes, dropped)),
            CompareMsg::LinkClose => self.link = None,
            CompareMsg::OpenShared(s) => {
                *self = Compare::default();
                self.order = Rc::new(tree::sorted(&s.diff));
                self.phase = ComparePhase::Done(Rc::new(s.diff));
                self.shared = Some(s.dropped);
                self.shown = true;
            }
            CompareMsg::Toggle(dir) => {
                if !self.closed.remove(&dir) {
                    self.closed.insert(dir);
                }
            }
            CompareMsg::Select(path) => {
                self.selected = path.map(|path| Selected { path, layers: None });
            }
            CompareMsg::PathLayers { path, a, b } => {
                if let Some(s) = self.selected.as_mut().filter(|s| s.path == path) {
                    s.layers = Some(Rc::new((a, b)));
                }
            }
            CompareMsg::Reset => *self = Compare::default(),
        }
    }

    /// The comparison, once done.
    pub fn diff(&self) -> Option<&Diff> {
        match &self.phase {
            ComparePhase::Done(d) => Some(d),
            _ => None,
        }
    }
}

/// The browser's platform as an image platform, from `navigator.platform`
/// (`Linux x86_64`, `MacIntel`, `Win32`, `Linux aarch64`): containers run
/// Linux, so the OS is always `linux`; the architecture is `arm64` when the
/// string names ARM, else `amd64`.
pub fn host_platform(navigator_platform: &str) -> String {
    let p = navigator_platform.to_ascii_lowercase();
    let arm = ["arm", "aarch64"].iter().any(|w| p.contains(w));
    format!("linux/{}", if arm { "arm64" } else { "amd64" })
}

/// One line of the identity table: a label and each side's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityRow {
    /// What.
    pub label: String,
    /// Image A's value (`—` when absent).
    pub a: String,
    /// Image B's value.
    pub b: String,
    /// Both sides have it and it is equal.
    pub same: bool,
}

fn or_dash(v: Option<&String>) -> String {
    v.cloned().unwrap_or_else(|| "—".into())
}

fn row(label: String, a: Option<&String>, b: Option<&String>) -> IdentityRow {
    IdentityRow {
        same: a.is_some() && a == b,
        label,
        a: or_dash(a),
        b: or_dash(b),
    }
}

/// Identity side by side: file, format, config and manifest digests,
/// whether the manifest is preserved, then each layer's digest and DiffID.
pub fn identity_rows(d: &Diff) -> Vec<IdentityRow> {
    let (a, b) = (&d.a, &d.b);
    let text = |s: &Side, f: fn(&Side) -> String| f(s);
    let mut rows = vec![
        IdentityRow {
            label: "file".into(),
            a: a.input.name.clone(),
            b: b.input.name.clone(),
            same: false,
        },
        IdentityRow {
            label: "format".into(),
            a: text(a, |s| format!("{:?}", s.input.format)),
            b: text(b, |s| format!("{:?}", s.input.format)),
            same: a.input.format == b.input.format,
        },
        row(
            "config digest".into(),
            a.config_digest.as_ref(),
            b.config_digest.as_ref(),
        ),
        row(
            "manifest digest".into(),
            a.manifest_digest.as_ref(),
            b.manifest_digest.as_ref(),
        ),
        IdentityRow {
            label: "manifest preserved".into(),
            a: format!("{}: {}", yes_no(a.manifest_preserved), a.preserves),
            b: format!("{}: {}", yes_no(b.manifest_preserved), b.preserves),
            same: a.manifest_preserved == b.manifest_preserved,
        },
    ];
    let n = a.layer_digests.len().max(b.layer_digests.len());
    for i in 0..n {
        let get = |v: &[Option<String>]| v.get(i).cloned().flatten();
        let (da, db) = (get(&a.layer_digests), get(&b.layer_digests));
        rows.push(row(format!("layer {i} digest"), da.as_ref(), db.as_ref()));
        let (ia, ib) = (get(&a.diff_ids), get(&b.diff_ids));
        rows.push(row(format!("layer {i} DiffID"), ia.as_ref(), ib.as_ref()));
    }
    rows
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// A config field, each side as compact JSON (`—` when absent).
pub fn config_rows(d: &Diff) -> Vec<(String, String, String)> {
    let show = |v: &serde_json::Value| match v {
        serde_json::Value::Null => "—".to_string(),
        v => v.to_string(),
    };
    d.config
        .iter()
        .map(|c| (c.field.clone(), show(&c.a), show(&c.b)))
        .collect()
}

/// How a path differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileChange {
    /// Only in B.
    Added,
    /// Only in A.
    Removed,
    /// In both, different.
    Changed,
}

impl FileChange {
    /// Its name (a CSS class and the label).
    pub fn as_str(self) -> &'static str {
        match self {
            FileChange::Added => "added",
            FileChange::Removed => "removed",
            FileChange::Changed => "changed",
        }
    }
}

/// One path of the files list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRow<'a> {
    /// The path.
    pub path: &'a str,
    /// Added, removed or changed.
    pub change: FileChange,
    /// What changed (`content`, `mtime`, …), for a changed path.
    pub what: Vec<&'static str>,
    /// B's size minus A's, for a changed path.
    pub delta: Option<i64>,
}

pub(crate) fn changed_row(c: &ChangedFile) -> FileRow<'_> {
    FileRow {
        path: &c.path,
        change: FileChange::Changed,
        what: c.what.iter().map(|w| w.as_str()).collect(),
        delta: Some(c.b_size as i64 - c.a_size as i64),
    }
}

/// The paths whose name contains `filter` (case-insensitive; every path
/// when empty), sorted by path, with their change.
pub fn file_rows<'a>(d: &'a Diff, filter: &str) -> Vec<FileRow<'a>> {
    let needle = filter.trim().to_lowercase();
    let keep = |p: &str| needle.is_empty() || p.to_lowercase().contains(&needle);
    let plain = |p: &'a String, change| FileRow {
        path: p,
        change,
        what: Vec::new(),
        delta: None,
    };
    let mut rows: Vec<FileRow<'a>> = d
        .files
        .added
        .iter()
        .filter(|p| keep(p))
        .map(|p| plain(p, FileChange::Added))
        .chain(
            d.files
                .removed
                .iter()
                .filter(|p| keep(p))
                .map(|p| plain(p, FileChange::Removed)),
        )
        .chain(
            d.files
                .changed
                .iter()
                .filter(|c| keep(&c.path))
                .map(changed_row),
        )
        .collect();
    rows.sort_by(|x, y| x.path.cmp(y.path));
    rows
}

/// A signed byte delta: `+12 B`, `-3.0 KiB`, `0 B`.
pub fn delta_text(delta: i64) -> String {
    let sign = if delta > 0 {
        "+"
    } else if delta < 0 {
        "-"
    } else {
        ""
    };
    format!("{sign}{}", super::format::bytes(delta.unsigned_abs()))
}

/// A layer's index on one side, or `—`.
pub fn layer_index(i: Option<u32>) -> String {
    i.map(|i| i.to_string()).unwrap_or_else(|| "—".into())
}

#[cfg(test)]
mod tests;
