//! What the page shows of the session: the tab, the image, the focused
//! item, the explain step, the Files viewport and the share panel. A new
//! session starts with a fresh view.

use super::files::{ExploreMsg, Files, TreeMode};
use super::preview::PreviewState;
use super::session::Session;
use super::share::ShareLink;
use crate::engine::share;
use crate::view_model::explain::StepId;
use crate::view_model::findings_groups::{FindingsFilter, FindingsMsg};
use crate::view_model::packages::{PackagesFilter, PackagesMsg};

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
    /// The packages the image's databases list.
    Packages,
}

impl Tab {
    /// Every tab, in order.
    pub const ALL: [Tab; 8] = [
        Tab::Overview,
        Tab::Findings,
        Tab::Structure,
        Tab::History,
        Tab::Layers,
        Tab::Files,
        Tab::Explain,
        Tab::Packages,
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
            Tab::Packages => "Packages",
        }
    }
}

/// What a click on a finding (or a share link) brings into view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A blob (descriptor) in the Structure view.
    Blob(String),
    /// A layer in the Layers view.
    Layer(u32),
    /// A path in the Files view (of a layer, or merged).
    Path(Option<u32>, String),
    /// A finding in the Findings view.
    Finding(usize),
    /// A package of the current image (index into its `packages[]`).
    Package(usize),
}

/// A message about the view.
#[derive(Debug, Clone)]
pub enum ViewMsg {
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
    /// The file tree was scrolled to this offset, px.
    Scroll(f64),
    /// Go to what a finding concerns.
    Focus(Target),
    /// Show a step of the explain mode.
    Step(StepId),
    /// Select the item this many places away in the current view's list.
    Move(isize),
    /// The Findings view's filters and open groups.
    Findings(FindingsMsg),
    /// The layer explorer (the Files view): layer, view, filters, sort,
    /// the selected path.
    Explore(ExploreMsg),
    /// The Packages view's filter and order.
    Packages(PackagesMsg),
}

impl ViewMsg {
    /// Whether it moves to another view or selection (a new history entry).
    pub fn is_navigation(&self) -> bool {
        matches!(
            self,
            ViewMsg::Tab(_)
                | ViewMsg::Image(_)
                | ViewMsg::TreeMode(_)
                | ViewMsg::Focus(_)
                | ViewMsg::Step(_)
        )
    }
}

/// The view of the session.
#[derive(Debug, Clone)]
pub struct View {
    /// Current view.
    pub tab: Tab,
    /// Selected image.
    pub image: usize,
    /// The focused item.
    pub focus: Option<Target>,
    /// The explain step in view.
    pub step: Option<StepId>,
    /// The Files viewport.
    pub files: Files,
    /// The share link made last on this page (the share panel).
    pub made_link: Option<ShareLink>,
    /// The Findings view's filters and open groups.
    pub findings: FindingsFilter,
    /// The file-contents panel.
    pub preview: PreviewState,
    /// The Packages view's filter and order.
    pub packages: PackagesFilter,
}

impl Default for View {
    fn default() -> Self {
        View {
            tab: Tab::Overview,
            image: 0,
            focus: None,
            step: None,
            files: Files::default(),
            made_link: None,
            findings: FindingsFilter::default(),
            preview: PreviewState::default(),
            packages: PackagesFilter::default(),
        }
    }
}

impl View {
    /// Applies a view message.
    pub(super) fn update(&mut self, msg: ViewMsg, session: &Session) {
        match msg {
            ViewMsg::Tab(t) => self.tab = t,
            ViewMsg::Image(i) => {
                self.files.scroll_to_top();
                if i < session.images().len() {
                    self.image = i;
                    self.files.set_mode(TreeMode::Merged);
                }
            }
            ViewMsg::Filter(f) => self.files.set_filter(f),
            ViewMsg::TreeMode(m) => self.files.set_mode(m),
            ViewMsg::Toggle(path) => self.files.toggle(path),
            ViewMsg::Scroll(px) => {
                self.files.scroll(px);
            }
            ViewMsg::Focus(f) => self.focus_on(f, session),
            ViewMsg::Step(step) => {
                self.tab = Tab::Explain;
                self.step = Some(step);
            }
            // needs the whole state: `State::move_in_list`
            ViewMsg::Move(_) => {}
            ViewMsg::Findings(m) => self.findings.update(m),
            // a selected path is not the focus: a click must not scroll the tree
            ViewMsg::Explore(m) => self.files.explore(m),
            ViewMsg::Packages(m) => self.packages.update(m),
        }
    }

    /// `i` as an image index, kept in range.
    fn clamp_image(i: usize, session: &Session) -> usize {
        i.min(session.images().len().saturating_sub(1))
    }

    /// Opens the view `f` is in and focuses it.
    pub(super) fn focus_on(&mut self, f: Target, session: &Session) {
        match &f {
            Target::Blob(_) => self.tab = Tab::Structure,
            Target::Layer(_) => self.tab = Tab::Layers,
            Target::Package(_) => self.tab = Tab::Packages,
            Target::Finding(i) => {
                self.tab = Tab::Findings;
                // its card opens, even if it was closed by hand
                if let Some(f) = session.findings().get(*i) {
                    self.findings.open.remove(&f.code);
                }
                if let Some(img) = session.findings().get(*i).and_then(|x| x.r#where.image) {
                    self.image = Self::clamp_image(img as usize, session);
                }
            }
            Target::Path(layer, path) => {
                self.tab = Tab::Files;
                let mode = layer.map_or(TreeMode::Merged, TreeMode::Layer);
                self.files.reveal(mode, path.clone());
            }
        }
        self.focus = Some(f);
    }

    /// Opens what a share link points at.
    pub(super) fn open_link_focus(&mut self, focus: Option<share::Focus>, session: &Session) {
        match focus {
            Some(share::Focus::Finding(i)) => self.focus_on(Target::Finding(i as usize), session),
            Some(share::Focus::Layer { image, layer }) => {
                self.image = Self::clamp_image(image as usize, session);
                self.focus_on(Target::Layer(layer), session);
            }
            Some(share::Focus::Path { image, layer, path }) => {
                self.image = Self::clamp_image(image as usize, session);
                self.focus_on(Target::Path(layer, path), session);
            }
            None => {}
        }
    }
}
