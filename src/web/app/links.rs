//! What the app hands out of a report: a share link (copied and shown) and
//! the report's JSON as a download.

use super::App;
use crate::engine::share;
use crate::view_model::state::{ShareLink, ShareMsg};
use crate::web::{components, nav};

impl App {
    /// Makes a share link, copies it and shows it; `false` without a report.
    pub(super) fn share(&mut self, focus: Option<share::Focus>) -> bool {
        let Some(report) = self.state.session.report.clone() else {
            return false;
        };
        let (fragment, dropped) = share::encode(&report, focus.as_ref());
        // a link over the cap could not be opened: none is copied or shown
        let url = match share::openable(&fragment) {
            true => nav::copy_link(&fragment),
            false => String::new(),
        };
        self.apply(ShareMsg::Made(ShareLink {
            bytes: fragment.len(),
            url,
            dropped,
        }));
        true
    }

    /// Saves the report as `<name>.ocilens.json`.
    pub(super) fn download(&self) {
        let Some(report) = &self.state.session.report else {
            return;
        };
        let Ok(json) = serde_json::to_string_pretty(report.as_ref()) else {
            return;
        };
        let name = format!("{}.ocilens.json", self.state.session.name);
        let _ = components::save_text(&name, &json);
    }
}
