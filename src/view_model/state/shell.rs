//! The page's shell around the views: the Samples menu, the shortcuts
//! dialog, the drag overlay, and a route waiting for its report (a reload
//! keeps the URL; the route applies once the file is dropped again).

use super::State;
use crate::view_model::route::Route;

/// The shell's state; it outlives sessions.
#[derive(Debug, Clone, Default)]
pub struct Shell {
    /// The Samples menu is open.
    pub samples_open: bool,
    /// The shortcuts dialog is open.
    pub help_open: bool,
    /// `dragenter` minus `dragleave` events of a file drag over the page.
    drag_depth: u32,
    /// A route to apply when the next report arrives.
    pending: Option<Route>,
    /// Text in the "Paste your error" box: page memory only, never in the
    /// URL or a share link (`view_model::paste`).
    pub pasted: String,
}

/// A message about the shell.
#[derive(Debug, Clone)]
pub enum ShellMsg {
    /// Open or close the Samples menu.
    ToggleSamples,
    /// Open or close the shortcuts dialog.
    ToggleHelp,
    /// Close the topmost open thing: the dialog, the menu, else the share panel.
    Close,
    /// A file drag entered the page or one of its elements.
    DragEnter,
    /// The drag left the page or one of its elements.
    DragLeave,
    /// The file was dropped (or the drag ended).
    DragEnd,
    /// The "Paste your error" box changed.
    Paste(String),
}

impl Shell {
    /// A file is being dragged over the page.
    pub fn dragging(&self) -> bool {
        self.drag_depth > 0
    }

    /// The route waiting for a report.
    pub fn pending(&self) -> Option<&Route> {
        self.pending.as_ref()
    }
}

impl State {
    /// Applies a shell message.
    pub(super) fn update_shell(&mut self, msg: ShellMsg) {
        let sh = &mut self.shell;
        match msg {
            ShellMsg::ToggleSamples => sh.samples_open = !sh.samples_open,
            ShellMsg::ToggleHelp => sh.help_open = !sh.help_open,
            ShellMsg::Close if sh.help_open => sh.help_open = false,
            ShellMsg::Close if sh.samples_open => sh.samples_open = false,
            ShellMsg::Close => self.view.made_link = None,
            ShellMsg::DragEnter => sh.drag_depth = sh.drag_depth.saturating_add(1),
            ShellMsg::DragLeave => sh.drag_depth = sh.drag_depth.saturating_sub(1),
            ShellMsg::DragEnd => sh.drag_depth = 0,
            ShellMsg::Paste(text) => sh.pasted = text,
        }
    }

    /// Shows `route` now if there is a report, else when it arrives.
    pub(super) fn route_to(&mut self, route: Route) {
        if self.session.report.is_some() {
            self.shell.pending = None;
            self.view.apply_route(&route, &self.session);
        } else {
            self.shell.pending = Some(route);
        }
    }

    /// The report arrived: the waiting route, if any, is shown.
    pub(super) fn apply_pending_route(&mut self) {
        if let Some(route) = self.shell.pending.take() {
            self.view.apply_route(&route, &self.session);
        }
    }

    /// The user chose where to go: a waiting route is forgotten.
    pub(super) fn forget_pending_route(&mut self) {
        self.shell.pending = None;
    }
}
