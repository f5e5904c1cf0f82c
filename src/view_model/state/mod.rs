//! The page's state and its transitions (`update`), independent of Yew:
//! preferences, the session (one inspection) and the view of it, each with
//! its own messages.

mod files;
mod navigate;
mod preview;
mod session;
mod share;
mod shell;
mod view;

pub use files::{tree_entries, ExploreMsg, Files, TreeMode, ROW_PX, VIEWPORT_PX};
pub use navigate::step;
pub use preview::{
    archive_at_hand, Opened, PreviewMsg, PreviewState, Purpose, ReadRequest, Reading,
};
pub use session::{Phase, Session, SessionMsg};
pub use share::{ShareLink, ShareMsg};
pub use shell::{Shell, ShellMsg};
pub use view::{Tab, Target, View, ViewMsg};

use super::compare::{Compare, CompareMsg};
use super::route::Route;
use super::schedule::Command;
use crate::engine::report::Image;
use crate::engine::tree::entry::LayerEntry;

/// What outlives a session.
#[derive(Debug, Clone, Default)]
pub struct Prefs {
    /// Dark theme.
    pub dark: bool,
}

/// An input to `update`.
#[derive(Debug, Clone)]
pub enum Msg {
    /// About the session.
    Session(SessionMsg),
    /// About the view.
    View(ViewMsg),
    /// About the share panel.
    Share(ShareMsg),
    /// Light or dark.
    ToggleTheme,
    /// About the shell: menus, dialog, drag overlay.
    Shell(ShellMsg),
    /// Show a route (from the URL): now, or when the report arrives.
    Route(Route),
    /// About the file-contents panel.
    Preview(PreviewMsg),
    /// About the comparison with a second image.
    Compare(CompareMsg),
}

impl From<CompareMsg> for Msg {
    fn from(m: CompareMsg) -> Self {
        Msg::Compare(m)
    }
}

impl From<PreviewMsg> for Msg {
    fn from(m: PreviewMsg) -> Self {
        Msg::Preview(m)
    }
}

impl From<SessionMsg> for Msg {
    fn from(m: SessionMsg) -> Self {
        Msg::Session(m)
    }
}

impl From<ViewMsg> for Msg {
    fn from(m: ViewMsg) -> Self {
        Msg::View(m)
    }
}

impl From<ShareMsg> for Msg {
    fn from(m: ShareMsg) -> Self {
        Msg::Share(m)
    }
}

impl From<ShellMsg> for Msg {
    fn from(m: ShellMsg) -> Self {
        Msg::Shell(m)
    }
}

/// The page.
#[derive(Debug, Clone, Default)]
pub struct State {
    /// Preferences.
    pub prefs: Prefs,
    /// The inspection.
    pub session: Session,
    /// What is shown of it.
    pub view: View,
    /// The shell around the views.
    pub shell: Shell,
    /// The comparison with a second image.
    pub compare: Compare,
}

/// What the page must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Send a job or the finish message.
    Worker(Command),
    /// Terminate every worker.
    TerminateAll,
    /// Replace worker `worker` of the inspection's pool (it died) by a
    /// fresh one; `reopen`: send it `Open` first (it is worker 0, which
    /// holds the index).
    RestartWorker {
        /// Which worker.
        worker: usize,
        /// Read the index again.
        reopen: bool,
    },
    /// Start reading one file in a worker of its own (stopping any other read).
    ReadFile(Box<ReadRequest>),
    /// Stop the file read (terminate its worker); what is shown stays.
    StopRead,
    /// Stop the file read and drop its bytes and its image URL.
    CloseFile,
    /// Show the bytes of read `id` as an image of this MIME type (a `blob:` URL).
    ShowImage {
        /// The read.
        id: u64,
        /// Its MIME type.
        mime: &'static str,
    },
    /// Save the bytes of read `id` under this name.
    SaveFile {
        /// The read.
        id: u64,
        /// The file name.
        name: String,
    },
}

impl State {
    /// Applies `msg`; returns what the page must do.
    pub fn update(&mut self, msg: impl Into<Msg>) -> Vec<Effect> {
        let msg = msg.into();
        match &msg {
            Msg::Session(SessionMsg::Start { .. } | SessionMsg::OpenShared { .. }) => {
                self.compare.update(CompareMsg::Reset);
            }
            Msg::View(ViewMsg::Tab(_)) => self.compare.update(CompareMsg::Hide),
            _ => {}
        }
        let fx = match msg {
            Msg::Session(m) => self.update_session(m),
            Msg::View(ViewMsg::Move(delta)) => {
                self.move_in_list(delta);
                Vec::new()
            }
            Msg::View(m) => {
                if m.is_navigation() {
                    self.forget_pending_route();
                }
                self.view.update(m, &self.session);
                Vec::new()
            }
            Msg::Share(m) => {
                self.view.update_share(m);
                Vec::new()
            }
            Msg::ToggleTheme => {
                self.prefs.dark = !self.prefs.dark;
                Vec::new()
            }
            Msg::Shell(m) => {
                self.update_shell(m);
                Vec::new()
            }
            Msg::Route(r) => {
                self.route_to(r);
                Vec::new()
            }
            Msg::Preview(m) => self.update_preview(m),
            Msg::Compare(m) => {
                self.compare.update(m);
                Vec::new()
            }
        };
        if self.view.tab == Tab::Files {
            let report = self.session.report.as_ref();
            self.view.files.sync(report, self.view.image);
        }
        fx
    }

    /// The findings' indexes in the order the Findings view shows them: its
    /// groups (see [`crate::view_model::findings_groups`]), filters applied.
    pub fn shown_findings(&self) -> Vec<usize> {
        crate::view_model::findings_groups::groups(self.session.findings(), &self.view.findings)
            .iter()
            .flat_map(|g| g.members.iter().map(|m| m.index))
            .collect()
    }

    /// The entries the Files view shows (see [`Files::entries`]).
    pub fn tree_entries(&self) -> Option<&[LayerEntry]> {
        let report = self.session.report.as_ref()?;
        self.view.files.entries(report, self.view.image)
    }

    /// The selected image, if any.
    pub fn current_image(&self) -> Option<&Image> {
        self.session.images().get(self.view.image)
    }
}

#[cfg(test)]
mod tests;
