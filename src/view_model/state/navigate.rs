//! What a route means: the route of the current view
//! ([`View::route`]), showing a route ([`View::apply_route`]), and moving
//! through the current view's list with the keyboard
//! ([`State::move_in_list`]).

use super::files::TreeMode;
use super::session::Session;
use super::view::{Tab, Target, View};
use super::State;
use crate::view_model::route::{FindingRef, Place, Route};

impl View {
    /// Where the page is: the tab, the image, and the selection that
    /// belongs to the tab.
    pub fn route(&self, session: &Session) -> Route {
        let focus = self.focus.as_ref();
        let place = match self.tab {
            Tab::Overview => Place::Overview,
            Tab::History => Place::History,
            Tab::Findings => Place::Findings(match focus {
                Some(Target::Finding(i)) => finding_ref(session, *i),
                _ => None,
            }),
            Tab::Structure => Place::Structure(match focus {
                Some(Target::Blob(d)) => Some(d.clone()),
                _ => None,
            }),
            Tab::Layers => Place::Layers(match focus {
                Some(Target::Layer(l)) => Some(*l),
                _ => None,
            }),
            Tab::Files => Place::Files {
                layer: self.files.mode().path_layer(),
                path: match focus {
                    Some(Target::Path(_, p)) => Some(p.clone()),
                    _ => None,
                },
            },
            Tab::Explain => Place::Explain(self.step),
            Tab::Packages => Place::Packages(match focus {
                Some(Target::Package(i)) => session
                    .images()
                    .get(self.image)
                    .and_then(|img| img.packages.get(*i))
                    .map(|p| p.name.clone()),
                _ => None,
            }),
        };
        Route {
            place,
            image: self.image,
        }
    }

    /// Shows `route`: a selection the report does not have (an unknown
    /// code, a layer past the end, an image past the end) is left out, so
    /// the route read back is what is shown.
    pub fn apply_route(&mut self, route: &Route, session: &Session) {
        if route.image < session.images().len() && route.image != self.image {
            self.image = route.image;
            self.files.scroll_to_top();
            self.files.set_mode(TreeMode::Merged);
        }
        self.focus = None;
        match &route.place {
            Place::Overview => self.tab = Tab::Overview,
            Place::History => self.tab = Tab::History,
            Place::Findings(r) => {
                self.tab = Tab::Findings;
                if let Some(i) = r.as_ref().and_then(|r| finding_index(session, r)) {
                    self.focus_on(Target::Finding(i), session);
                }
            }
            Place::Structure(d) => {
                self.tab = Tab::Structure;
                if let Some(d) = d {
                    self.focus_on(Target::Blob(d.clone()), session);
                }
            }
            Place::Layers(l) => {
                self.tab = Tab::Layers;
                if let Some(l) = l.filter(|l| (*l as usize) < self.layer_count(session)) {
                    self.focus_on(Target::Layer(l), session);
                }
            }
            Place::Files { layer, path } => {
                self.tab = Tab::Files;
                let layer = layer.filter(|l| (*l as usize) < self.layer_count(session));
                let mode = layer.map_or(TreeMode::Merged, TreeMode::Layer);
                match path {
                    Some(p) => self.focus_on(Target::Path(layer, p.clone()), session),
                    None if self.files.mode() != mode => self.files.set_mode(mode),
                    None => {}
                }
            }
            Place::Explain(step) => {
                self.tab = Tab::Explain;
                self.step = *step;
            }
            Place::Packages(name) => {
                self.tab = Tab::Packages;
                let packages = session.images().get(self.image).map(|i| &i.packages[..]);
                let found = name
                    .as_deref()
                    .zip(packages)
                    .and_then(|(n, p)| crate::view_model::packages::find(p, n));
                if let Some(i) = found {
                    self.focus_on(Target::Package(i), session);
                }
            }
        }
    }

    fn layer_count(&self, session: &Session) -> usize {
        session
            .images()
            .get(self.image)
            .map_or(0, |i| i.layers.len())
    }
}

/// The finding at `i` as a route names it.
fn finding_ref(session: &Session, i: usize) -> Option<FindingRef> {
    let findings = session.findings();
    let code = findings.get(i)?.code;
    let nth = findings.iter().take(i).filter(|f| f.code == code).count();
    Some(FindingRef {
        code: code.as_str().to_string(),
        nth,
    })
}

/// The finding a route names, if the report has it.
fn finding_index(session: &Session, r: &FindingRef) -> Option<usize> {
    session
        .findings()
        .iter()
        .enumerate()
        .filter(|(_, f)| f.code.as_str() == r.code)
        .nth(r.nth)
        .map(|(i, _)| i)
}

/// The position `delta` away from `current` in a list of `len` (the first
/// or last when nothing is selected), kept inside the list.
pub fn step(current: Option<usize>, delta: isize, len: usize) -> Option<usize> {
    let last = len.checked_sub(1)?;
    Some(match current {
        None if delta >= 0 => 0,
        None => last,
        Some(c) => c.saturating_add_signed(delta).min(last),
    })
}

impl State {
    /// Whether the current view has a list the keyboard moves in.
    pub fn has_list(&self) -> bool {
        matches!(self.view.tab, Tab::Findings | Tab::Layers | Tab::Files)
    }

    /// Selects the item `delta` away in the current view's list: findings
    /// in the order shown, the layers, the file rows (scrolled into view).
    pub fn move_in_list(&mut self, delta: isize) {
        let focus = self.view.focus.clone();
        let target = match self.view.tab {
            Tab::Findings => {
                let order = self.shown_findings();
                let at = order
                    .iter()
                    .position(|i| focus == Some(Target::Finding(*i)));
                step(at, delta, order.len())
                    .and_then(|k| order.get(k))
                    .map(|i| Target::Finding(*i))
            }
            Tab::Layers => {
                let n = self.view.layer_count(&self.session);
                let at = match focus {
                    Some(Target::Layer(l)) => Some(l as usize),
                    _ => None,
                };
                step(at, delta, n)
                    .and_then(|l| u32::try_from(l).ok())
                    .map(Target::Layer)
            }
            Tab::Files => {
                let files = &mut self.view.files;
                let rows = files.rows();
                let at = rows
                    .iter()
                    .position(|r| matches!(&focus, Some(Target::Path(_, p)) if *p == r.path));
                let next = step(at, delta, rows.len());
                let path = next.and_then(|k| rows.get(k)).map(|r| r.path.clone());
                let layer = files.mode().path_layer();
                if let Some(k) = next {
                    files.keep_in_view(k);
                }
                path.map(|p| Target::Path(layer, p))
            }
            _ => None,
        };
        if target.is_some() {
            self.view.focus = target;
        }
    }
}

#[cfg(test)]
mod tests;
