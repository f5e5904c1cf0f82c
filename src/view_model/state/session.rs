//! One inspection, from the file (or share link) to the report: the phase,
//! the index pass's structure with marks filled in as blobs finish, the
//! progress, the timing and the report. A new file starts a new session.

use super::{Effect, State, Target, View};
use crate::engine::finding::{Code, Finding};
use crate::engine::plan::{BlobResult, Structure};
use crate::engine::report::{secret, Document, Image, IndexNode, Input, ReferenceRecord, Report};
use crate::engine::share::{self, Dropped};
use crate::protocol::{FromWorker, ProgressUpdate};
use crate::view_model::marks;
use crate::view_model::schedule::Scheduler;
use std::collections::BTreeMap;
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

    /// The workers are busy with this session.
    pub fn is_running(self) -> bool {
        matches!(self, Phase::Reading | Phase::Verifying)
    }
}

/// A message about the session.
#[derive(Debug, Clone)]
pub enum SessionMsg {
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
    /// Worker `worker` of the inspection's pool died (a wasm trap, out of
    /// memory): while blobs are verified, the blob it read gets a finding
    /// and a fresh worker takes its place; otherwise as [`SessionMsg::WorkerError`].
    WorkerCrashed {
        /// Which worker.
        worker: usize,
        /// The error event's message.
        message: String,
    },
    /// Stop everything.
    Cancel,
    /// A report opened from a share link (a claim, not verified here).
    OpenShared {
        /// The report.
        report: Box<Report>,
        /// Where the link points.
        focus: Option<share::Focus>,
        /// What the link left out.
        dropped: Dropped,
        /// `performance.now()` in ms.
        now: f64,
    },
    /// A share link could not be opened.
    LinkError(String),
    /// When the report arrives, open the first finding with this code
    /// (gallery samples; sent just before `Start`, which keeps it).
    OpenCode(Code),
    /// Back to the start.
    Reset,
}

/// One inspection.
#[derive(Debug, Clone)]
pub struct Session {
    /// Phase.
    pub phase: Phase,
    /// File name.
    pub name: String,
    /// File size.
    pub size: u64,
    /// Input description (after the index pass).
    pub input: Option<Input>,
    /// The structure from the index pass; its images get their marks as
    /// blobs finish.
    pub structure: Option<Structure>,
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
    /// Set when the report came from a share link: what that link left out.
    pub link_dropped: Option<Dropped>,
    /// Open the first finding with this code when the report arrives.
    pub open_code: Option<Code>,
    /// The documents as the page shows them: secret-looking `Env` values
    /// masked once, when the documents arrive ([`masked`]); the report
    /// keeps them whole, so the download equals the CLI's JSON.
    shown_documents: Vec<Document>,
    scheduler: Scheduler,
}

/// `documents` with every secret-looking `Env` value masked
/// ([`secret::mask_json_env`]), so a full value never reaches the DOM.
pub fn masked(documents: &[Document]) -> Vec<Document> {
    documents
        .iter()
        .map(|d| {
            let mut d = d.clone();
            secret::mask_json_env(&mut d.content);
            d
        })
        .collect()
}

impl Default for Session {
    fn default() -> Self {
        Session {
            phase: Phase::Idle,
            name: String::new(),
            size: 0,
            input: None,
            structure: None,
            report: None,
            progress: BTreeMap::new(),
            started: 0.0,
            now: 0.0,
            finished: None,
            error: None,
            link_dropped: None,
            open_code: None,
            shown_documents: Vec::new(),
            scheduler: Scheduler::default(),
        }
    }
}

impl Session {
    /// The images: the report's, else the index pass's with the marks so far.
    pub fn images(&self) -> &[Image] {
        match (&self.report, &self.structure) {
            (Some(r), _) => &r.images,
            (None, Some(s)) => &s.images,
            (None, None) => &[],
        }
    }

    /// The findings: the report's, else the index pass's.
    pub fn findings(&self) -> &[Finding] {
        match (&self.report, &self.structure) {
            (Some(r), _) => &r.findings,
            (None, Some(s)) => &s.findings,
            (None, None) => &[],
        }
    }

    /// The references: the report's, else the index pass's.
    pub fn references(&self) -> &[ReferenceRecord] {
        match (&self.report, &self.structure) {
            (Some(r), _) => &r.references,
            (None, Some(s)) => &s.references,
            (None, None) => &[],
        }
    }

    /// The index tree and the documents, secrets masked: the report's,
    /// else the index pass's.
    pub fn documents(&self) -> (Option<&IndexNode>, &[Document]) {
        let index = match (&self.report, &self.structure) {
            (Some(r), _) => r.index.as_ref(),
            (None, Some(s)) => s.index.as_ref(),
            (None, None) => None,
        };
        (index, &self.shown_documents)
    }

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

    /// What a worker said, while this session runs.
    fn worker(&mut self, worker: usize, msg: FromWorker) -> Vec<Effect> {
        match msg {
            FromWorker::Ready => Vec::new(),
            // the fresh worker 0 read the index again after its predecessor died
            FromWorker::Structure { .. } if worker == 0 && self.scheduler.reindexing() => self
                .scheduler
                .reindexed()
                .into_iter()
                .map(Effect::Worker)
                .collect(),
            FromWorker::Structure { structure, input } => {
                self.input = Some(input);
                for job in &structure.jobs {
                    self.progress.insert(job.entry.clone(), (0, job.size));
                }
                self.scheduler = Scheduler::new(structure.jobs.clone(), self.scheduler.workers());
                self.shown_documents = masked(&structure.documents);
                self.structure = Some(*structure);
                self.phase = Phase::Verifying;
                self.dispatch()
            }
            FromWorker::Progress { updates } => {
                for ProgressUpdate { blob, done, total } in updates {
                    self.progress.insert(blob, (done, total));
                }
                Vec::new()
            }
            FromWorker::BlobDone { result } => {
                let r: BlobResult = *result;
                let (progress, structure) = (&mut self.progress, &mut self.structure);
                // a halved blob is marked when both halves are in
                self.scheduler
                    .done_with(worker, r, |whole| {
                        if let Some(p) = progress.get_mut(&whole.entry) {
                            p.0 = p.1;
                        }
                        if let Some(s) = structure {
                            marks::apply(&mut s.images, whole);
                        }
                    })
                    .into_iter()
                    .map(Effect::Worker)
                    .collect()
            }
            FromWorker::Report { .. } | FromWorker::Failed { .. } => Vec::new(),
            // a file read belongs to the preview, not to the inspection
            FromWorker::FileProgress { .. }
            | FromWorker::FileChunk { .. }
            | FromWorker::FileDone { .. }
            | FromWorker::Compared { .. }
            | FromWorker::PathLayers { .. } => Vec::new(),
        }
    }

    fn dispatch(&mut self) -> Vec<Effect> {
        self.scheduler
            .dispatch()
            .into_iter()
            .map(Effect::Worker)
            .collect()
    }

    /// Takes the report: the phase is done.
    fn load(&mut self, report: Report, now: f64) {
        self.input = Some(report.input.clone());
        if self.name.is_empty() {
            self.name = report.input.name.clone();
        }
        self.shown_documents = masked(&report.documents);
        self.report = Some(Rc::new(report));
        self.phase = Phase::Done;
        self.finished = Some(now);
    }
}

impl State {
    /// A new session, and a fresh view of it; preferences stay.
    fn reset(&mut self, session: Session) {
        self.session = session;
        self.view = View::default();
    }

    /// Applies a session message.
    pub(super) fn update_session(&mut self, msg: SessionMsg) -> Vec<Effect> {
        match msg {
            SessionMsg::Start {
                name,
                size,
                workers,
                now,
            } => {
                let open_code = self.session.open_code.take();
                self.reset(Session {
                    open_code,
                    phase: Phase::Reading,
                    name,
                    size,
                    started: now,
                    now,
                    scheduler: Scheduler::new(Vec::new(), workers),
                    ..Session::default()
                });
                Vec::new()
            }
            SessionMsg::Worker { worker, msg, now } => self.worker(worker, msg, now),
            SessionMsg::WorkerError(message) => {
                if !self.session.phase.is_running() {
                    return Vec::new();
                }
                self.session.phase = Phase::Error;
                self.session.error = Some(format!("internal error in a worker: {message}"));
                vec![Effect::TerminateAll]
            }
            SessionMsg::WorkerCrashed { worker, message } => {
                // before the jobs (the index pass) or after them (worker 0
                // building the report) nothing can take the dead worker's place
                if self.session.phase != Phase::Verifying
                    || worker >= self.session.scheduler.workers()
                    || self.session.scheduler.finished()
                {
                    return self.update_session(SessionMsg::WorkerError(message));
                }
                let failed = self.session.scheduler.crashed(worker, &message);
                if let Some(entry) = &failed {
                    if let Some(p) = self.session.progress.get_mut(entry) {
                        p.0 = p.1;
                    }
                }
                let mut fx = vec![Effect::RestartWorker {
                    worker,
                    reopen: self.session.scheduler.reindexing() && worker == 0,
                }];
                fx.extend(self.session.dispatch());
                fx
            }
            SessionMsg::Cancel => {
                if !self.session.phase.is_running() {
                    return Vec::new();
                }
                self.session.phase = Phase::Cancelled;
                self.session.finished = Some(self.session.now);
                vec![Effect::TerminateAll]
            }
            SessionMsg::OpenShared {
                report,
                focus,
                dropped,
                now,
            } => {
                self.reset(Session {
                    started: now,
                    now,
                    ..Session::default()
                });
                self.load_report(*report, now);
                self.session.link_dropped = Some(dropped);
                self.view.open_link_focus(focus, &self.session);
                Vec::new()
            }
            SessionMsg::LinkError(message) => {
                self.reset(Session {
                    phase: Phase::Error,
                    error: Some(message),
                    ..Session::default()
                });
                Vec::new()
            }
            SessionMsg::OpenCode(code) => {
                self.forget_pending_route();
                self.session.open_code = Some(code);
                Vec::new()
            }
            SessionMsg::Reset => {
                self.reset(Session::default());
                vec![Effect::TerminateAll]
            }
        }
    }

    /// A worker message, unless the session is over (late messages after a
    /// cancel or an error are dropped).
    fn worker(&mut self, worker: usize, msg: FromWorker, now: f64) -> Vec<Effect> {
        self.session.now = now;
        if matches!(
            self.session.phase,
            Phase::Cancelled | Phase::Error | Phase::Idle
        ) {
            return Vec::new();
        }
        match msg {
            FromWorker::Report { report } => {
                for p in self.session.progress.values_mut() {
                    p.0 = p.1;
                }
                self.load_report(*report, now);
                vec![Effect::TerminateAll]
            }
            FromWorker::Failed { message } => {
                self.session.phase = Phase::Error;
                self.session.error = Some(message);
                self.session.finished = Some(now);
                vec![Effect::TerminateAll]
            }
            msg => self.session.worker(worker, msg),
        }
    }

    /// Takes the report, keeps the chosen image in range, and opens the
    /// finding a gallery sample asked for.
    fn load_report(&mut self, report: Report, now: f64) {
        self.session.load(report, now);
        let images = self.session.images().len();
        self.view.image = self.view.image.min(images.saturating_sub(1));
        if let Some(code) = self.session.open_code.take() {
            if let Some(i) = self.session.findings().iter().position(|f| f.code == code) {
                self.view.focus_on(Target::Finding(i), &self.session);
            }
        }
        self.apply_pending_route();
    }
}
