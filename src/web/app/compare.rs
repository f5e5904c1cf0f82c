//! The comparison's side of the app: the second file goes to a worker of
//! its own, which inspects it and compares the first report with it.

use super::App;
use crate::engine::report::Report;
use crate::engine::share::diff_link;
use crate::protocol::{FromWorker, ToWorker};
use crate::view_model::compare::{host_platform, CompareMsg};
use crate::view_model::state::SessionMsg;
use crate::web::bridge::{Incoming, Pool};
use crate::web::msg::AppMsg;
use web_sys::File;

impl App {
    /// Inspects `file` in a worker of its own and compares the report with it.
    pub(super) fn compare_with(&mut self, file: File) {
        if let Some(p) = self.compare_pool.take() {
            p.terminate();
        }
        let Some(report) = self.state.session.report.clone() else {
            return;
        };
        let name = file.name();
        self.apply(CompareMsg::Start {
            name: name.clone(),
            size: file.size() as u64,
        });
        let Some(code) = self.code.clone() else {
            self.apply(CompareMsg::Failed("the worker code is not loaded".into()));
            return;
        };
        let on_msg = self
            .link
            .callback(|m: Incoming| AppMsg::CompareWorker(m.msg));
        let on_err = self
            .link
            .callback(|(_, e): (usize, String)| AppMsg::CompareWorkerError(e));
        match Pool::new(1, &code, on_msg, on_err) {
            Ok(pool) => {
                let platform = web_sys::window().and_then(|w| w.navigator().platform().ok());
                let msg = ToWorker::Compare {
                    name,
                    a: Box::new(Report::clone(&report)),
                    host: platform.map(|p| host_platform(&p)),
                };
                pool.send(0, msg, Some(&file));
                self.compare_pool = Some(pool);
            }
            Err(e) => self.apply(CompareMsg::Failed(format!("cannot start a worker: {e:?}"))),
        }
    }

    /// What the comparison worker said.
    pub(super) fn compare_reply(&mut self, msg: FromWorker) {
        // the worker stays, holding both reports, for other images and path histories
        let m = match msg {
            FromWorker::Compared {
                diff,
                choices,
                compare_ms,
            } => CompareMsg::Done(diff, choices, compare_ms),
            FromWorker::PathLayers { path, a, b } => CompareMsg::PathLayers { path, a, b },
            FromWorker::Progress { updates } => CompareMsg::Progress(updates),
            FromWorker::Failed { message } => {
                if let Some(p) = self.compare_pool.take() {
                    p.terminate();
                }
                CompareMsg::Failed(message)
            }
            _ => return,
        };
        self.apply(m);
    }

    /// Opens a comparison link (`#d=1.…`): the Compare view alone, read-only.
    pub(super) fn open_diff_link(&mut self, hash: &str) {
        if self.shown.as_deref() == Some(hash) {
            return;
        }
        self.shown = Some(hash.to_string());
        if let Some(p) = self.compare_pool.take() {
            p.terminate();
        }
        match diff_link::decode(hash) {
            Ok(shared) => self.apply(CompareMsg::OpenShared(Box::new(shared))),
            Err(e) => self.apply(SessionMsg::LinkError(format!(
                "this comparison link cannot be opened: {e}"
            ))),
        }
    }

    /// Makes a link of the comparison, copies it and shows it.
    pub(super) fn share_comparison(&mut self) {
        let Some(d) = self.state.compare.diff() else {
            return;
        };
        let (fragment, dropped) = diff_link::encode(d);
        let url = crate::web::nav::copy_link(&fragment);
        self.apply(CompareMsg::LinkMade {
            url,
            bytes: fragment.len(),
            dropped,
        });
    }

    /// A Compare view message; choosing images or a path asks the worker
    /// that holds both reports.
    pub(super) fn compare_msg(&mut self, m: CompareMsg) {
        let ask = match &m {
            CompareMsg::Choose { a, b } => Some(ToWorker::Recompare { a: *a, b: *b }),
            CompareMsg::Select(Some(path)) => Some(ToWorker::PathLayers { path: path.clone() }),
            _ => None,
        };
        if let Some(msg) = ask {
            let Some(pool) = &self.compare_pool else {
                return;
            };
            pool.send(0, msg, None);
        }
        self.apply(m);
    }
}
