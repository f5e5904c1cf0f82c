//! The page's state and its transitions (`update`), independent of Yew.

use super::marks;
use super::schedule::{Command, Scheduler};
use crate::engine::finding::{Check, Code, Finding, Severity};
use crate::engine::plan::{BlobResult, Structure};
use crate::engine::report::{Image, Input, Report};
use crate::engine::share::{Dropped, Focus as LinkFocus};
use crate::protocol::{FromWorker, ProgressUpdate};
use crate::view_model::explain::StepId;
use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;

/// What the page is doing (`data-state` on the root element).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Nothing dropped yet.
    Idle,
    /// The index pass (or the one pass) is running.
    Reading,
    /// Blobs are being verified.
    Verifying,
    /// The report is here.
    Done,
    /// The file could not be read.
    Error,
    /// The user cancelled.
    Cancelled,
}

impl Phase {
    /// The `data-state` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Reading => "reading",
            Phase::Verifying => "verifying",
            Phase::Done => "done",
            Phase::Error => "error",
            Phase::Cancelled => "cancelled",
        }
    }
}

/// The views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    /// Format, references, platforms, verdict.
    Overview,
    /// Findings by severity and check.
    Findings,
    /// Index, manifest and config documents.
    Structure,
    /// `history` with layers matched.
    History,
    /// The layer table.
    Layers,
    /// The file tree.
    Files,
    /// The guided walk through this image.
    Explain,
}

impl Tab {
    /// Every tab, in order.
    pub const ALL: [Tab; 7] = [
        Tab::Overview,
        Tab::Findings,
        Tab::Structure,
        Tab::History,
        Tab::Layers,
        Tab::Files,
        Tab::Explain,
    ];
    /// Its label.
    pub fn label(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Findings => "Findings",
            Tab::Structure => "Structure",
            Tab::History => "History",
            Tab::Layers => "Layers",
            Tab::Files => "Files",
            Tab::Explain => "Explain",
        }
    }
}

/// Which tree the Files view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TreeMode {
    /// The merged file system of the image.
    Merged,
    /// One layer's changes.
    Layer(u32),
}

/// What a click on a finding focuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Focus {
    /// A blob (descriptor) in the Structure view.
    Blob(String),
    /// A layer in the Layers view.
    Layer(u32),
    /// A path in the Files view (of a layer, or merged).
    Path(Option<u32>, String),
    /// A finding in the Findings view.
    Finding(usize),
}

/// A share link made on this page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareLink {
    /// The URL.
    pub url: String,
    /// Bytes of the fragment.
    pub bytes: usize,
    /// What had to be left out.
    pub dropped: Dropped,
}

/// An input to `update`.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A file was chosen.
    Start {
        /// File name.
        name: String,
        /// Bytes.
        size: u64,
        /// Workers in the pool.
        workers: usize,
        /// `performance.now()` in ms.
        now: f64,
    },
    /// A worker spoke.
    Worker {
        /// Which worker.
        worker: usize,
        /// What it said.
        msg: FromWorker,
        /// `performance.now()` in ms.
        now: f64,
    },
    /// A worker died (a wasm trap).
    WorkerError(String),
    /// Stop everything.
    Cancel,
    /// Show a view.
    Tab(Tab),
    /// Choose an image.
    Image(usize),
    /// Tree filter text.
    Filter(String),
    /// Merged tree or one layer.
    TreeMode(TreeMode),
    /// Expand or collapse a directory.
    Toggle(String),
    /// Go to what a finding concerns.
    Focus(Focus),
    /// Light or dark.
    ToggleTheme,
    /// A report opened from a share link (a claim, not verified here).
    OpenShared {
        /// The report.
        report: Box<Report>,
        /// Where the link points.
        focus: Option<LinkFocus>,
        /// What the link left out.
        dropped: Dropped,
        /// `performance.now()` in ms.
        now: f64,
    },
    /// A share link could not be opened.
    LinkError(String),
    /// A share link was made.
    Shared(ShareLink),
    /// Hide the share panel.
    CloseShare,
    /// Show a step of the explain mode.
    Step(StepId),
    /// When the report arrives, open the first finding with this code (gallery samples).
    OpenCode(Code),
    /// Back to the start.
    Reset,
}

/// The page.
#[derive(Debug, Clone)]
pub struct State {
    /// Phase.
    pub phase: Phase,
    /// File name.
    pub name: String,
    /// File size.
    pub size: u64,
    /// Input description (after the index pass).
    pub input: Option<Input>,
    /// Images from the index pass, with marks filled in as blobs finish.
    pub images: Vec<Image>,
    /// Findings known so far (index pass), then the report's.
    pub findings: Vec<Finding>,
    /// The structure from the index pass.
    pub structure: Option<Rc<Structure>>,
    /// The report.
    pub report: Option<Rc<Report>>,
    /// Progress per blob: (done, total).
    pub progress: BTreeMap<String, (u64, u64)>,
    /// Start time (ms).
    pub started: f64,
    /// Last update time (ms).
    pub now: f64,
    /// Finish time (ms).
    pub finished: Option<f64>,
    /// Error message.
    pub error: Option<String>,
    /// Current view.
    pub tab: Tab,
    /// Selected image.
    pub image: usize,
    /// Tree filter.
    pub filter: String,
    /// Tree mode.
    pub tree_mode: TreeMode,
    /// Expanded directories (per tree mode the same set).
    pub expanded: HashSet<String>,
    /// The focused item.
    pub focus: Option<Focus>,
    /// Dark theme.
    pub dark: bool,
    /// Set when the report came from a share link: what the link left out.
    pub shared: Option<Dropped>,
    /// The last share link made.
    pub share: Option<ShareLink>,
    /// The explain step in view.
    pub step: Option<StepId>,
    /// Open the first finding with this code when the report arrives.
    pub open_code: Option<Code>,
    scheduler: Scheduler,
}

impl Default for State {
    fn default() -> Self {
        State {
            phase: Phase::Idle,
            name: String::new(),
            size: 0,
            input: None,
            images: Vec::new(),
            findings: Vec::new(),
            structure: None,
            report: None,
            progress: BTreeMap::new(),
            started: 0.0,
            now: 0.0,
            finished: None,
            error: None,
            tab: Tab::Overview,
            image: 0,
            filter: String::new(),
            tree_mode: TreeMode::Merged,
            expanded: HashSet::new(),
            focus: None,
            dark: false,
            shared: None,
            share: None,
            step: None,
            open_code: None,
            scheduler: Scheduler::default(),
        }
    }
}

/// Findings of one severity and check, with their indexes.
pub type FindingGroup<'a> = (Severity, Check, Vec<(usize, &'a Finding)>);

/// What the page must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Send a job or the finish message.
    Worker(Command),
    /// Terminate every worker.
    TerminateAll,
}

impl State {
    /// Bytes done and total over all blobs.
    pub fn bytes(&self) -> (u64, u64) {
        self.progress
            .values()
            .fold((0, 0), |(d, t), (done, total)| (d + done, t + total))
    }

    /// Blobs verified so far, and in total.
    pub fn blobs(&self) -> (usize, usize) {
        (self.scheduler.completed(), self.scheduler.total())
    }

    /// Seconds since the start.
    pub fn elapsed(&self) -> f64 {
        (self.finished.unwrap_or(self.now) - self.started).max(0.0) / 1000.0
    }

    /// Findings grouped by severity, then check, in catalogue order.
    pub fn grouped_findings(&self) -> Vec<FindingGroup<'_>> {
        let mut out: Vec<FindingGroup<'_>> = Vec::new();
        for sev in [Severity::Error, Severity::Warning, Severity::Info] {
            for check in Check::ALL {
                let items: Vec<(usize, &Finding)> = self
                    .findings
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.severity == sev && f.check == check)
                    .collect();
                if !items.is_empty() {
                    out.push((sev, check, items));
                }
            }
        }
        out
    }

    /// The entries the Files view shows: the selected image's merged file
    /// system (a rootfs tarball's only layer), or one layer's changes.
    pub fn tree_entries(&self) -> Option<&[crate::engine::tree::entry::LayerEntry]> {
        let report = self.report.as_ref()?;
        let tree = report.tree.as_ref()?;
        let image = u32::try_from(self.image).unwrap_or(0);
        match self.tree_mode {
            TreeMode::Merged => tree
                .merged
                .iter()
                .find(|m| m.image == image)
                .map(|m| m.entries.as_slice())
                .or_else(|| {
                    tree.layers
                        .first()
                        .filter(|_| report.images.is_empty())
                        .map(|l| l.entries.as_slice())
                }),
            TreeMode::Layer(l) => tree
                .layers
                .iter()
                .find(|t| t.image == image && t.layer == l)
                .map(|t| t.entries.as_slice()),
        }
    }

    /// The selected image, if any.
    pub fn current_image(&self) -> Option<&Image> {
        self.images.get(self.image)
    }

    fn load_report(&mut self, report: Report, now: f64) {
        self.images = report.images.clone();
        self.findings = report.findings.clone();
        self.input = Some(report.input.clone());
        if self.name.is_empty() {
            self.name = report.input.name.clone();
        }
        self.report = Some(Rc::new(report));
        self.phase = Phase::Done;
        self.finished = Some(now);
        self.image = self.image.min(self.images.len().saturating_sub(1));
        if let Some(code) = self.open_code.take() {
            if let Some(i) = self.findings.iter().position(|f| f.code == code) {
                self.focus_on(Focus::Finding(i));
            }
        }
    }

    fn focus_on(&mut self, f: Focus) {
        match &f {
            Focus::Blob(_) => self.tab = Tab::Structure,
            Focus::Layer(_) => self.tab = Tab::Layers,
            Focus::Finding(i) => {
                self.tab = Tab::Findings;
                if let Some(img) = self.findings.get(*i).and_then(|x| x.r#where.image) {
                    self.image = (img as usize).min(self.images.len().saturating_sub(1));
                }
            }
            Focus::Path(layer, path) => {
                self.tab = Tab::Files;
                self.tree_mode = layer.map_or(TreeMode::Merged, TreeMode::Layer);
                self.filter.clear();
                for a in super::tree_rows::Tree::ancestors(path) {
                    self.expanded.insert(a);
                }
            }
        }
        self.focus = Some(f);
    }

    /// Applies `msg`; returns what the page must do.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Start {
                name,
                size,
                workers,
                now,
            } => {
                let dark = self.dark;
                let open_code = self.open_code.take();
                *self = State {
                    open_code,
                    phase: Phase::Reading,
                    name,
                    size,
                    started: now,
                    now,
                    dark,
                    scheduler: Scheduler::new(Vec::new(), workers),
                    ..State::default()
                };
                Vec::new()
            }
            Msg::Worker { worker, msg, now } => {
                self.now = now;
                if matches!(self.phase, Phase::Cancelled | Phase::Error | Phase::Idle) {
                    return Vec::new();
                }
                self.worker(worker, msg, now)
            }
            Msg::WorkerError(message) => {
                if matches!(self.phase, Phase::Reading | Phase::Verifying) {
                    self.phase = Phase::Error;
                    self.error = Some(format!("internal error in a worker: {message}"));
                    return vec![Effect::TerminateAll];
                }
                Vec::new()
            }
            Msg::Cancel => {
                if matches!(self.phase, Phase::Reading | Phase::Verifying) {
                    self.phase = Phase::Cancelled;
                    self.finished = Some(self.now);
                    return vec![Effect::TerminateAll];
                }
                Vec::new()
            }
            Msg::Tab(t) => {
                self.tab = t;
                Vec::new()
            }
            Msg::Image(i) => {
                if i < self.images.len() {
                    self.image = i;
                    self.tree_mode = TreeMode::Merged;
                    self.expanded.clear();
                }
                Vec::new()
            }
            Msg::Filter(f) => {
                self.filter = f;
                Vec::new()
            }
            Msg::TreeMode(m) => {
                self.tree_mode = m;
                self.expanded.clear();
                Vec::new()
            }
            Msg::Toggle(path) => {
                if !self.expanded.remove(&path) {
                    self.expanded.insert(path);
                }
                Vec::new()
            }
            Msg::Focus(f) => {
                self.focus_on(f);
                Vec::new()
            }
            Msg::ToggleTheme => {
                self.dark = !self.dark;
                Vec::new()
            }
            Msg::OpenShared {
                report,
                focus,
                dropped,
                now,
            } => {
                let dark = self.dark;
                *self = State {
                    dark,
                    started: now,
                    now,
                    ..State::default()
                };
                self.load_report(*report, now);
                self.shared = Some(dropped);
                match focus {
                    Some(LinkFocus::Finding(i)) => self.focus_on(Focus::Finding(i as usize)),
                    Some(LinkFocus::Layer { image, layer }) => {
                        self.image = (image as usize).min(self.images.len().saturating_sub(1));
                        self.focus_on(Focus::Layer(layer));
                    }
                    Some(LinkFocus::Path { image, layer, path }) => {
                        self.image = (image as usize).min(self.images.len().saturating_sub(1));
                        self.focus_on(Focus::Path(layer, path));
                    }
                    None => {}
                }
                Vec::new()
            }
            Msg::LinkError(message) => {
                let dark = self.dark;
                *self = State {
                    dark,
                    ..State::default()
                };
                self.phase = Phase::Error;
                self.error = Some(message);
                Vec::new()
            }
            Msg::Shared(link) => {
                self.share = Some(link);
                Vec::new()
            }
            Msg::CloseShare => {
                self.share = None;
                Vec::new()
            }
            Msg::Step(step) => {
                self.tab = Tab::Explain;
                self.step = Some(step);
                Vec::new()
            }
            Msg::OpenCode(code) => {
                self.open_code = Some(code);
                Vec::new()
            }
            Msg::Reset => {
                let dark = self.dark;
                *self = State {
                    dark,
                    ..State::default()
                };
                vec![Effect::TerminateAll]
            }
        }
    }

    fn worker(&mut self, worker: usize, msg: FromWorker, now: f64) -> Vec<Effect> {
        match msg {
            FromWorker::Ready => Vec::new(),
            FromWorker::Structure { structure, input } => {
                self.input = Some(input);
                self.images = structure.images.clone();
                self.findings = structure.findings.clone();
                for job in &structure.jobs {
                    self.progress.insert(job.entry.clone(), (0, job.size));
                }
                self.scheduler = Scheduler::new(structure.jobs.clone(), self.scheduler.workers());
                self.structure = Some(Rc::new(*structure));
                self.phase = Phase::Verifying;
                self.scheduler
                    .dispatch()
                    .into_iter()
                    .map(Effect::Worker)
                    .collect()
            }
            FromWorker::Progress { updates } => {
                for ProgressUpdate { blob, done, total } in updates {
                    self.progress.insert(blob, (done, total));
                }
                Vec::new()
            }
            FromWorker::BlobDone { result } => {
                let r: BlobResult = *result;
                if let Some(p) = self.progress.get_mut(&r.entry) {
                    p.0 = p.1;
                }
                marks::apply(&mut self.images, &r);
                self.scheduler
                    .done(worker, r)
                    .into_iter()
                    .map(Effect::Worker)
                    .collect()
            }
            FromWorker::Report { report } => {
                for p in self.progress.values_mut() {
                    p.0 = p.1;
                }
                self.load_report(*report, now);
                vec![Effect::TerminateAll]
            }
            FromWorker::Failed { message } => {
                self.phase = Phase::Error;
                self.error = Some(message);
                self.finished = Some(now);
                vec![Effect::TerminateAll]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::codec::Content;
    use crate::engine::plan::BlobJob;
    use crate::engine::report::Format;

    fn job(entry: &str, size: u64) -> BlobJob {
        BlobJob {
            entry: entry.into(),
            offset: 512,
            size,
            sha512: false,
            decode: true,
        }
    }

    #[test]
    fn structure_then_blobs_then_report() {
        let mut s = State::default();
        s.update(Msg::Start {
            name: "a.tar".into(),
            size: 10,
            workers: 2,
            now: 0.0,
        });
        assert_eq!(s.phase, Phase::Reading);
        let structure = Structure {
            format: Format::OciLayout,
            jobs: vec![job("blobs/sha256/a", 5), job("blobs/sha256/b", 7)],
            ..Structure::default()
        };
        let fx = s.update(Msg::Worker {
            worker: 0,
            msg: FromWorker::Structure {
                structure: Box::new(structure),
                input: Input::default(),
            },
            now: 1.0,
        });
        assert_eq!(s.phase, Phase::Verifying);
        assert_eq!(fx.len(), 2);
        assert_eq!(s.bytes(), (0, 12));
        let done = |e: &str| FromWorker::BlobDone {
            result: Box::new(BlobResult {
                entry: e.into(),
                size: 5,
                sha256: "sha256:x".into(),
                sha512: None,
                head: String::new(),
                content: Content::Gzip,
                layer: None,
            }),
        };
        assert!(s
            .update(Msg::Worker {
                worker: 1,
                msg: done("blobs/sha256/a"),
                now: 2.0
            })
            .is_empty());
        let fx = s.update(Msg::Worker {
            worker: 0,
            msg: done("blobs/sha256/b"),
            now: 3.0,
        });
        assert!(
            matches!(fx.as_slice(), [Effect::Worker(Command::Finish { results })] if results.len() == 2)
        );
        assert_eq!(s.bytes(), (12, 12));
    }

    #[test]
    fn cancel_terminates_and_ignores_late_messages() {
        let mut s = State::default();
        s.update(Msg::Start {
            name: "a".into(),
            size: 1,
            workers: 1,
            now: 0.0,
        });
        assert_eq!(s.update(Msg::Cancel), vec![Effect::TerminateAll]);
        assert_eq!(s.phase, Phase::Cancelled);
        s.update(Msg::Worker {
            worker: 0,
            msg: FromWorker::Failed {
                message: "late".into(),
            },
            now: 1.0,
        });
        assert_eq!(s.phase, Phase::Cancelled);
    }

    #[test]
    fn focus_on_a_path_opens_the_files_view_with_ancestors_expanded() {
        let mut s = State::default();
        s.update(Msg::Focus(Focus::Path(Some(1), "etc/ssl/cert.pem".into())));
        assert_eq!(s.tab, Tab::Files);
        assert_eq!(s.tree_mode, TreeMode::Layer(1));
        assert!(s.expanded.contains("etc") && s.expanded.contains("etc/ssl"));
    }
}
