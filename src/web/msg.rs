//! The root component's messages, and the small context the components
//! render from: the view model and a callback that takes an [`AppMsg`].
//! Components depend on this module and the view model only.

use super::bridge::Incoming;
use super::worker_code::WorkerCode;
use crate::engine::share;
use crate::protocol::FromWorker;
use crate::view_model::compare::CompareMsg;
use crate::view_model::keys::Action;
use crate::view_model::state::{Msg, PreviewMsg, SessionMsg, ShareMsg, ShellMsg, State, ViewMsg};
use std::rc::Rc;
use web_sys::File;
use yew::Callback;

/// Messages of the root component.
pub enum AppMsg {
    /// A file was picked or dropped.
    Open(File),
    /// Two files were dropped at once: open the first, compare with the second.
    OpenPair(File, File),
    /// Compare the report with this second file.
    CompareWith(File),
    /// The comparison worker spoke.
    CompareWorker(FromWorker),
    /// The comparison worker crashed.
    CompareWorkerError(String),
    /// A sample was chosen.
    Sample(usize),
    /// An explained problem was chosen.
    Incident(usize),
    /// The URL fragment changed (or the page opened with one).
    Hash,
    /// Make a link of the comparison.
    ShareComparison,
    /// Make a share link (of the report, or focused on one thing).
    Share(Option<share::Focus>),
    /// A view-model message.
    Ui(Msg),
    /// A worker spoke.
    Worker(usize, FromWorker),
    /// Worker `.0` of the inspection's pool crashed (message `.1`).
    WorkerCrashed(usize, String),
    /// The worker reading one file spoke.
    FileWorker(Incoming),
    /// The worker reading one file crashed.
    FileWorkerError(String),
    /// Save the report.
    Download,
    /// The worker code is ready (or could not be loaded).
    Code(Result<Rc<WorkerCode>, String>),
    /// A keyboard shortcut.
    Key(Action),
    /// Nothing to do.
    Noop,
}

impl From<Msg> for AppMsg {
    fn from(m: Msg) -> Self {
        AppMsg::Ui(m)
    }
}

impl From<CompareMsg> for AppMsg {
    fn from(m: CompareMsg) -> Self {
        AppMsg::Ui(Msg::Compare(m))
    }
}

impl From<ViewMsg> for AppMsg {
    fn from(m: ViewMsg) -> Self {
        AppMsg::Ui(Msg::View(m))
    }
}

impl From<SessionMsg> for AppMsg {
    fn from(m: SessionMsg) -> Self {
        AppMsg::Ui(Msg::Session(m))
    }
}

impl From<ShellMsg> for AppMsg {
    fn from(m: ShellMsg) -> Self {
        AppMsg::Ui(Msg::Shell(m))
    }
}

impl From<PreviewMsg> for AppMsg {
    fn from(m: PreviewMsg) -> Self {
        AppMsg::Ui(Msg::Preview(m))
    }
}

impl From<ShareMsg> for AppMsg {
    fn from(m: ShareMsg) -> Self {
        AppMsg::Ui(Msg::Share(m))
    }
}

/// What a component renders from, built once per render.
pub struct ViewCtx<'a> {
    /// The view model.
    pub state: &'a State,
    /// Sends a message to the root component.
    pub send: Callback<AppMsg>,
}

impl ViewCtx<'_> {
    /// A callback that sends what `f` makes of its event.
    pub fn on<E: 'static>(&self, f: impl Fn(E) -> AppMsg + 'static) -> Callback<E> {
        self.send.reform(f)
    }

    /// A callback that sends every message `f` makes of its event, in order.
    pub fn on_each<E: 'static>(&self, f: impl Fn(E) -> Vec<AppMsg> + 'static) -> Callback<E> {
        let send = self.send.clone();
        Callback::from(move |e| {
            for m in f(e) {
                send.emit(m);
            }
        })
    }
}
