//! The address bar: the URL fragment read (a share link to open, a route to
//! show) and written back as the view changes.

use super::{now, App};
use crate::engine::share;
use crate::view_model::route::Fragment;
use crate::view_model::state::{Msg, SessionMsg};
use crate::web::nav;

impl App {
    /// The URL fragment: a share link to open (unless it is open), and the
    /// route to show (now, or when the report arrives).
    pub(super) fn open_hash(&mut self) {
        let hash = nav::current_hash();
        if share::diff_link::is_diff_link(&hash) {
            self.open_diff_link(&hash);
            return;
        }
        let fragment = Fragment::parse(&hash);
        self.shown = Some(hash);
        if let Some(value) = fragment.share {
            let open =
                self.shared.as_ref() == Some(&value) && self.state.session.link_dropped.is_some();
            if !open {
                self.open_link(value);
            }
        }
        if let Some(route) = fragment.route {
            self.apply(Msg::Route(route));
        }
    }

    /// Opens the share link whose `r=` value is `value`.
    fn open_link(&mut self, value: String) {
        if let Some(p) = self.pool.take() {
            p.terminate();
        }
        match share::decode(&format!("r={value}")) {
            Ok(shared) => {
                self.shared = Some(value);
                self.apply(SessionMsg::OpenShared {
                    report: Box::new(shared.report),
                    focus: shared.focus,
                    dropped: shared.dropped,
                    now: now(),
                });
            }
            Err(e) => {
                self.shared = None;
                self.apply(SessionMsg::LinkError(format!(
                    "this share link cannot be opened: {e}"
                )));
            }
        }
    }

    /// Writes the current view into the URL (a new entry for the user's
    /// choices), once there is a session to show and no route waits.
    pub(super) fn sync_url(&mut self, push: bool) {
        let s = &self.state;
        let showing = s.session.phase.is_running() || s.session.report.is_some();
        if !showing || s.shell.pending().is_some() {
            return;
        }
        let fragment = Fragment {
            route: Some(s.view.route(&s.session)),
            share: self
                .shared
                .clone()
                .filter(|_| s.session.link_dropped.is_some()),
        }
        .to_string();
        if self.shown.as_deref() != Some(fragment.as_str()) {
            nav::write_hash(&fragment, push);
            self.shown = Some(fragment);
        }
    }
}
