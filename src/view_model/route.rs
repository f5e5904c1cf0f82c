//! Routes: every view and selection as a URL fragment, next to the share
//! link's `r=` (docs/routes.md). Only syntax lives here: [`Fragment::parse`]
//! and its `Display` are inverse for every route; what a route means for the
//! view is `state::View::route` and `state::View::apply_route`.
//!
//! ```text
//! fragment = route [ "?" params ]  |  params          (a share link as handed out: "r=1.…")
//! route    = "/overview" | "/findings" [ "/" code [ "/" n ] ] | "/structure" [ "/" digest ]
//!          | "/history" | "/layers" [ "/" n ] | "/files" [ "/" path ] | "/explain" [ "/" step ]
//!          | "/packages" [ "/" name ]
//! params   = param *( "&" param );  param = "image=" n | "layer=" n | "r=" share
//! ```
//!
//! Segments are percent-encoded (UTF-8; everything but unreserved characters
//! and `:@!$'()*,;`); a path keeps its `/` between segments, so
//! `#/files/etc/ssl%20certs`. Anything that does not parse is the Overview.

use crate::view_model::explain::StepId;
use std::fmt::{self, Write as _};

/// A finding named in a route: its code, and which of the findings with
/// that code (0 for the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingRef {
    /// The finding's code, as written (checked against the report when applied).
    pub code: String,
    /// Its rank among the findings with that code.
    pub nth: usize,
}

/// A view and what is selected in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The Overview.
    Overview,
    /// Findings, maybe one of them.
    Findings(Option<FindingRef>),
    /// Structure, maybe one blob (by digest).
    Structure(Option<String>),
    /// History.
    History,
    /// Layers, maybe one layer.
    Layers(Option<u32>),
    /// Files: the merged tree or one layer's, maybe one path.
    Files {
        /// `None` for the merged file system.
        layer: Option<u32>,
        /// The selected path.
        path: Option<String>,
    },
    /// Explain, maybe one step.
    Explain(Option<StepId>),
    /// Packages, maybe one (by name).
    Packages(Option<String>),
}

/// A place in one image of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The view and its selection.
    pub place: Place,
    /// Index into the report's images.
    pub image: usize,
}

impl Default for Route {
    fn default() -> Self {
        Route {
            place: Place::Overview,
            image: 0,
        }
    }
}

/// A whole URL fragment: a route, a share link, or both.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fragment {
    /// Where the page is; `None` when the fragment names no route.
    pub route: Option<Route>,
    /// The share link's value after `r=` (`1.<payload>`).
    pub share: Option<String>,
}

/// The longest fragment read as a route (a share link has its own cap).
const MAX_ROUTE: usize = 64 * 1024;

impl Fragment {
    /// Reads `location.hash` (with or without the `#`). Never fails: a route
    /// that does not parse is the Overview.
    pub fn parse(hash: &str) -> Fragment {
        let text = hash.strip_prefix('#').unwrap_or(hash);
        if text.is_empty() {
            return Fragment::default();
        }
        let (path, params) = match text.strip_prefix('/') {
            Some(rest) => match rest.split_once('?') {
                Some((p, q)) => (Some(p), q),
                None => (Some(rest), ""),
            },
            None => (None, text),
        };
        let mut image = None;
        let mut layer = None;
        let mut share = None;
        let mut garbage = text.len() > MAX_ROUTE;
        for param in params.split('&').filter(|p| !p.is_empty()) {
            match param.split_once('=') {
                Some(("r", v)) => share = Some(v.to_string()),
                Some(("image", v)) => image = v.parse::<usize>().ok().or_else(|| bad(&mut garbage)),
                Some(("layer", v)) => layer = v.parse::<u32>().ok().or_else(|| bad(&mut garbage)),
                _ => garbage = true,
            }
        }
        let route = match path {
            None if garbage || image.is_some() || layer.is_some() => Some(Route::default()),
            None => None,
            Some(_) if garbage => Some(Route::default()),
            Some(p) => Some(
                parse_place(p, layer).map_or_else(Route::default, |place| Route {
                    place,
                    image: image.unwrap_or(0),
                }),
            ),
        };
        Fragment { route, share }
    }
}

fn bad<T>(garbage: &mut bool) -> Option<T> {
    *garbage = true;
    None
}

/// The place of a route's path (after its leading `/`).
fn parse_place(path: &str, layer: Option<u32>) -> Option<Place> {
    let (view, rest) = match path.split_once('/') {
        Some((v, r)) => (v, Some(r)),
        None => (path, None),
    };
    if layer.is_some() && view != "files" {
        return None;
    }
    let one = |rest: Option<&str>| -> Option<Option<String>> {
        match rest {
            None => Some(None),
            Some(r) if r.contains('/') => None,
            Some(r) => decode(r).map(Some),
        }
    };
    Some(match view {
        "overview" if rest.is_none() => Place::Overview,
        "history" if rest.is_none() => Place::History,
        "findings" => Place::Findings(match rest {
            None => None,
            Some(r) => {
                let (code, nth) = match r.split_once('/') {
                    Some((c, n)) => (c, number(n)?),
                    None => (r, 0),
                };
                Some(FindingRef {
                    code: decode(code)?,
                    nth,
                })
            }
        }),
        "structure" => Place::Structure(one(rest)?),
        "layers" => Place::Layers(match rest {
            None => None,
            Some(n) => Some(u32::try_from(number(n)?).ok()?),
        }),
        "files" => Place::Files {
            layer,
            path: match rest {
                None => None,
                Some(r) => Some(
                    r.split('/')
                        .map(decode)
                        .collect::<Option<Vec<_>>>()?
                        .join("/"),
                ),
            },
        },
        "explain" => Place::Explain(match one(rest)? {
            None => None,
            Some(slug) => Some(StepId::ALL.into_iter().find(|s| s.slug() == slug)?),
        }),
        "packages" => Place::Packages(one(rest)?),
        _ => return None,
    })
}

/// A decimal number as printed (no sign, no leading zero).
fn number(s: &str) -> Option<usize> {
    if s.is_empty() || (s.len() > 1 && s.starts_with('0')) || !s.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    s.parse().ok()
}

/// Characters a segment keeps as they are.
fn plain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~:@!$'()*,;".contains(&b)
}

/// Percent-encodes one segment.
pub fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if plain(b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Decodes one percent-encoded segment; `None` for a bad escape or bytes
/// that are not UTF-8.
pub fn decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = segment.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Overview => f.write_str("/overview"),
            Place::History => f.write_str("/history"),
            Place::Findings(None) => f.write_str("/findings"),
            Place::Findings(Some(r)) if r.nth == 0 => write!(f, "/findings/{}", encode(&r.code)),
            Place::Findings(Some(r)) => write!(f, "/findings/{}/{}", encode(&r.code), r.nth),
            Place::Structure(None) => f.write_str("/structure"),
            Place::Structure(Some(d)) => write!(f, "/structure/{}", encode(d)),
            Place::Layers(None) => f.write_str("/layers"),
            Place::Layers(Some(l)) => write!(f, "/layers/{l}"),
            Place::Files { path: None, .. } => f.write_str("/files"),
            Place::Files { path: Some(p), .. } => {
                let segments: Vec<String> = p.split('/').map(encode).collect();
                write!(f, "/files/{}", segments.join("/"))
            }
            Place::Explain(None) => f.write_str("/explain"),
            Place::Explain(Some(s)) => write!(f, "/explain/{}", s.slug()),
            Place::Packages(None) => f.write_str("/packages"),
            Place::Packages(Some(n)) => write!(f, "/packages/{}", encode(n)),
        }
    }
}

impl fmt::Display for Fragment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut params = Vec::new();
        if let Some(r) = &self.route {
            write!(f, "{}", r.place)?;
            if r.image != 0 {
                params.push(format!("image={}", r.image));
            }
            if let Place::Files { layer: Some(l), .. } = r.place {
                params.push(format!("layer={l}"));
            }
        }
        if let Some(s) = &self.share {
            params.push(format!("r={s}"));
        }
        if !params.is_empty() {
            if self.route.is_some() {
                f.write_str("?")?;
            }
            f.write_str(&params.join("&"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
