//! The share panel: the link just made on this page, until it is closed.
//! (A report opened *from* a link is the session's
//! [`Session::link_dropped`](super::Session::link_dropped).)

use super::View;
use crate::engine::share::Dropped;

/// A share link made on this page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareLink {
    /// The URL; empty when the report is too large for a link that opens
    /// (`share::openable`): the panel says so instead.
    pub url: String,
    /// Bytes of the fragment.
    pub bytes: usize,
    /// What had to be left out.
    pub dropped: Dropped,
}

/// A message about the share panel.
#[derive(Debug, Clone)]
pub enum ShareMsg {
    /// A share link was made.
    Made(ShareLink),
    /// Hide the share panel.
    Close,
}

impl View {
    /// Applies a share message.
    pub(super) fn update_share(&mut self, msg: ShareMsg) {
        self.made_link = match msg {
            ShareMsg::Made(link) => Some(link),
            ShareMsg::Close => None,
        };
    }
}
