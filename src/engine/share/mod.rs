//! Share links: a [`Report`] as a compact URL fragment, and back.
//!
//! # Format
//!
//! `#r=1.<payload>`, where `1` is [`VERSION`] (mandatory) and `<payload>` is
//! base64url without padding of a zlib stream (deflate level 9 with the
//! 2-byte header and the Adler-32 trailer, so a link damaged in copying is
//! caught by the checksum instead of showing altered digests) of a compact
//! JSON form of the report. The compact form uses short keys and leaves out
//! what the catalogue already knows: a finding carries its code, location,
//! message and expected/found values; severity, check, explanation and spec
//! are stored only where they differ from [`crate::engine::finding::by_str`]'s.
//! The index tree is stored flat, in preorder with each node's depth, so the
//! JSON stays shallow. Digests are kept in full. The link never carries the
//! image or file contents: only report fields.
//!
//! # What goes in, and the drop order
//!
//! The findings, the input, the references, the index tree, the images
//! (manifest, config, layer table and the efficiency's totals and counts,
//! never its items or duplicate groups), the JSON documents and the focus.
//! Tree entries never carry their content hash.
//! Detail is dropped in this order until the fragment is at most [`TARGET`]
//! bytes (and its JSON at most [`MAX_DECODED`]); the page says what was
//! dropped from [`Shared::dropped`]:
//!
//! 1. tree entries not named by a (kept) finding or by the focus: always
//!    dropped ([`Dropped::tree`]);
//! 2. config `history`, from the image table and the config bodies
//!    ([`Dropped::history`]);
//! 3. annotations, `Labels` and `Env`: from the index, manifests, layers and
//!    configs, and every `annotations`, `Labels` and `Env` member of the
//!    document bodies ([`Dropped::annotations`]);
//! 4. document bodies: each keeps only its top-level scalar members
//!    (`schemaVersion`, `mediaType`, `architecture`, …); a body that is not an
//!    object becomes `null`. The views' fields are in the image table
//!    ([`Dropped::documents`]);
//! 5. finding texts: explanation and spec are reset to the catalogue's (the
//!    engine never writes anything else, so this is free for its reports),
//!    and message, expected and found are cut to 200 characters, the last
//!    being `…` ([`Dropped::messages_truncated`]);
//! 6. the tail of the findings: errors are kept first, then warnings, then
//!    infos, each in report order; a focused finding is always kept
//!    ([`Dropped::findings`] counts what was left out).
//!
//! At every level, an `Env` entry whose value looks like a secret (see
//! [`crate::engine::report::secret`]) is masked, in the image table and in
//! the document bodies: a link never carries such a value in full.
//!
//! If the fragment is still over [`TARGET`] then, it is returned anyway: a
//! link over [`MAX_FRAGMENT`] cannot be opened, and the page should not offer
//! one. Whatever the level, the limits of the format itself always apply:
//! a string longer than [`MAX_STRING`] bytes is cut to fit, ending in `…`;
//! arrays and objects keep their first [`MAX_ITEMS`] items (findings by the
//! rule of step 6, counted in [`Dropped::findings`]); document bodies are cut
//! at [`DOC_DEPTH`] nested arrays or objects (a deeper value becomes `"…"`);
//! the index tree keeps [`INDEX_DEPTH`] levels below the root and
//! [`MAX_ITEMS`] nodes in preorder.
//!
//! # Decoding is hostile input
//!
//! [`decode`] rejects a fragment over [`MAX_FRAGMENT`] before decoding,
//! inflates at most [`MAX_DECODED`] bytes, then checks the JSON in one pass
//! that builds nothing (depth at most [`MAX_DEPTH`], strings at most
//! [`MAX_STRING`] bytes, arrays and objects at most [`MAX_ITEMS`] items)
//! before reading it into typed structures. The decoded report is a claim
//! made by whoever wrote the link: nothing in it was verified by the reader.
//!
//! # Layout
//!
//! This file holds the public surface: the limits, [`Focus`], [`Dropped`],
//! [`Shared`], [`LinkError`], [`encode`] and [`decode`]. The work is done in
//! private submodules, one concern each: `clip` (the limits of the format,
//! always applied), `shrink` (the drop steps: the report a link of a given
//! level carries), `compact` (the compact form, generated: serde `remote`
//! mirrors of the report types that give each field its short key, one file
//! per part of the report) and `validate` (the hostile-JSON pre-pass of
//! [`decode`]).
//! `docs/share-links.md` measures the compact form against plain JSON of the
//! report.

mod clip;
mod compact;
pub mod diff_link;
mod shrink;
mod validate;

use super::report::{Report, Summary};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use clip::short;
use compact::SharedDef;
use serde::{Deserialize, Serialize};
use shrink::{focused_finding, shrink, LEVEL_TEXTS};
use validate::check_json;

/// The link format version, written as `r=1.`.
pub const VERSION: u32 = 1;
/// Longest fragment [`decode`] reads (without `#`), checked before decoding.
pub const MAX_FRAGMENT: usize = 64 * 1024;
/// Most bytes the payload may inflate to.
pub const MAX_DECODED: usize = 1024 * 1024;
/// [`encode`] drops detail until the fragment is at most this long.
pub const TARGET: usize = 8000;
/// Longest string in a link, in bytes.
pub const MAX_STRING: usize = 4096;
/// Most items in an array or members in an object of a link.
pub const MAX_ITEMS: usize = 10_000;
/// Deepest nesting of arrays and objects in a link's JSON.
pub const MAX_DEPTH: usize = 32;
/// Nesting of arrays and objects kept in a document body.
pub const DOC_DEPTH: usize = 24;
/// Levels of the index tree kept below its root.
pub const INDEX_DEPTH: usize = 32;
/// Characters kept of a finding's message, expected and found values when
/// finding texts are shortened (the last one being `…`).
pub const MESSAGE_CHARS: usize = 200;

const PREFIX: &str = "r=";
const ELLIPSIS: char = '…';

/// What the page should open on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Focus {
    /// A finding: index into `report.findings`.
    Finding(u32),
    /// A layer of an image.
    Layer {
        /// Index into `report.images` (`0` for a rootfs tarball's tree).
        image: u32,
        /// Index of the layer within the image.
        layer: u32,
    },
    /// A path in the file tree.
    Path {
        /// Index into `report.images`.
        image: u32,
        /// The layer, or `None` for the image's merged file system.
        layer: Option<u32>,
        /// The entry's path.
        path: String,
    },
}

/// What was left out of a link to fit, in the order it is dropped (see the
/// module documentation for each step).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dropped {
    /// 1. Tree entries not named by a finding or the focus were left out.
    pub tree: bool,
    /// 2. Config history was left out.
    pub history: bool,
    /// 3. Annotations, labels and environment variables were left out.
    pub annotations: bool,
    /// 4. Document bodies were reduced to their top-level scalar fields.
    pub documents: bool,
    /// 5. Finding messages (and expected/found values) were cut to
    ///    [`MESSAGE_CHARS`] characters, explanations reset to the catalogue's.
    pub messages_truncated: bool,
    /// 6. How many findings were left out (the least severe, last first).
    pub findings: u32,
}

/// A decoded link.
#[derive(Debug, Clone, PartialEq)]
pub struct Shared {
    /// The report as the link claims it: nothing in it was verified here.
    pub report: Report,
    /// What the page should open on.
    pub focus: Option<Focus>,
    /// What the link left out.
    pub dropped: Dropped,
}

/// Why a link cannot be opened. `Display` gives a sentence for the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// The fragment is not `r=<version>.<payload>`.
    NotALink,
    /// The fragment is longer than [`MAX_FRAGMENT`].
    TooLong {
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A version other than [`VERSION`] (at most 16 characters of it).
    UnknownVersion(String),
    /// The payload is not base64url.
    BadBase64,
    /// The payload does not inflate (damaged, cut, or checksum mismatch).
    BadDeflate,
    /// The payload inflates to more than [`MAX_DECODED`] bytes.
    TooLarge {
        /// The limit.
        max: usize,
    },
    /// The payload is not JSON, or breaks the depth, string or array limits.
    BadJson(String),
    /// The JSON is not a report of this version.
    WrongSchema(String),
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::NotALink => f.write_str(
                "This address does not hold a shared report: a share link ends in #r=1. followed by the report.",
            ),
            LinkError::TooLong { len, max } => write!(
                f,
                "This share link is {len} characters long; links longer than {max} characters are not opened."
            ),
            LinkError::UnknownVersion(v) => write!(
                f,
                "This share link is in format version \"{v}\", which this page cannot read (it reads version {VERSION}). Open it with the ocilens version that made it."
            ),
            LinkError::BadBase64 => f.write_str(
                "This share link is damaged: its data is not valid base64url. Was it cut short or changed when it was copied?",
            ),
            LinkError::BadDeflate => f.write_str(
                "This share link is damaged: its data does not decompress or fails its checksum. Was it cut short or changed when it was copied?",
            ),
            LinkError::TooLarge { max } => write!(
                f,
                "This share link expands to more than {max} bytes; it is not opened."
            ),
            LinkError::BadJson(d) => write!(
                f,
                "This share link is damaged: its data is not a report within the limits of a share link ({d})."
            ),
            LinkError::WrongSchema(d) => write!(
                f,
                "This share link does not hold a report this page can read ({d})."
            ),
        }
    }
}

impl std::error::Error for LinkError {}

// ---------------------------------------------------------------------------
// Encoding

/// One try: the compact JSON of a shrunk report, and its fragment once computed.
struct Attempt {
    json: Vec<u8>,
    dropped: Dropped,
    fragment: Option<String>,
}

impl Attempt {
    fn new(r: &Report, focus: Option<&Focus>, level: u8, keep: usize) -> Attempt {
        let shared = shrink(r, focus, level, keep);
        let mut json = Vec::new();
        if SharedDef::serialize(&shared, &mut serde_json::Serializer::new(&mut json)).is_err() {
            json.clear();
        }
        let dropped = shared.dropped;
        Attempt {
            json,
            dropped,
            fragment: None,
        }
    }

    fn fragment(&mut self) -> &str {
        let json = &self.json;
        self.fragment.get_or_insert_with(|| pack(json, PREFIX))
    }

    /// Within [`TARGET`] and openable.
    fn fits(&mut self) -> bool {
        self.json.len() <= MAX_DECODED && self.fragment().len() <= TARGET
    }

    fn done(mut self) -> (String, Dropped) {
        self.fragment();
        (self.fragment.unwrap_or_default(), self.dropped)
    }
}

/// Whether a fragment from [`encode`] can be opened: at most
/// [`MAX_FRAGMENT`] bytes, as [`decode`] checks (the page offers no link
/// otherwise).
pub fn openable(fragment: &str) -> bool {
    fragment.strip_prefix('#').unwrap_or(fragment).len() <= MAX_FRAGMENT
}

/// Encodes `report` (and what to open on) as a fragment, without `#`:
/// `r=1.<base64url(zlib(json))>`. Detail is dropped in the order of the
/// module documentation until the fragment is at most [`TARGET`] bytes, or
/// nothing more can be dropped; the second value says what was dropped.
/// A focus on a finding that does not exist is left out; a focused finding is
/// never dropped and its index is renumbered to the findings kept.
pub fn encode(report: &Report, focus: Option<&Focus>) -> (String, Dropped) {
    let focus = match focus {
        Some(Focus::Finding(_)) if focused_finding(report, focus).is_none() => None,
        other => other,
    };
    let all = report.findings.len().min(MAX_ITEMS);
    let mut last = None;
    for level in 0..=LEVEL_TEXTS {
        let mut a = Attempt::new(report, focus, level, all);
        if a.fits() {
            return a.done();
        }
        last = Some(a);
    }
    // the tail of the findings: the largest count that fits
    let least = usize::from(focused_finding(report, focus).is_some()).min(all);
    if all > least {
        let mut lo = Attempt::new(report, focus, LEVEL_TEXTS, least);
        if !lo.fits() {
            return lo.done();
        }
        let (mut lo_n, mut hi_n) = (least, all);
        while hi_n - lo_n > 1 {
            let mid = lo_n + (hi_n - lo_n) / 2;
            let mut a = Attempt::new(report, focus, LEVEL_TEXTS, mid);
            if a.fits() {
                lo = a;
                lo_n = mid;
            } else {
                hi_n = mid;
            }
        }
        return lo.done();
    }
    match last {
        Some(a) => a.done(),
        None => Attempt::new(report, focus, LEVEL_TEXTS, all).done(),
    }
}

// ---------------------------------------------------------------------------
// Decoding

/// The checked JSON of `fragment` (`[#]<prefix><version>.<payload>`): at
/// most [`MAX_FRAGMENT`] long, the version, base64url, zlib inflated to at
/// most [`MAX_DECODED`] bytes, and the JSON within [`MAX_DEPTH`],
/// [`MAX_STRING`] and [`MAX_ITEMS`].
fn unpack(fragment: &str, prefix: &str) -> Result<Vec<u8>, LinkError> {
    let text = fragment.strip_prefix('#').unwrap_or(fragment);
    if text.len() > MAX_FRAGMENT {
        return Err(LinkError::TooLong {
            len: text.len(),
            max: MAX_FRAGMENT,
        });
    }
    let rest = text.strip_prefix(prefix).ok_or(LinkError::NotALink)?;
    let (version, payload) = rest.split_once('.').ok_or(LinkError::NotALink)?;
    if version != VERSION.to_string() {
        return Err(LinkError::UnknownVersion(short(version, 16)));
    }
    let packed = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| LinkError::BadBase64)?;
    let too_large = LinkError::TooLarge { max: MAX_DECODED };
    let json =
        match miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&packed, MAX_DECODED + 1) {
            Ok(json) if json.len() > MAX_DECODED => return Err(too_large),
            Ok(json) => json,
            Err(e) if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                return Err(too_large)
            }
            Err(_) => return Err(LinkError::BadDeflate),
        };
    check_json(&json)?;
    Ok(json)
}

/// `<prefix><version>.<base64url(zlib level 9 (json))>`.
fn pack(json: &[u8], prefix: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(json, 9);
    format!("{prefix}{VERSION}.{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Decodes a fragment, with or without its leading `#`. Hostile input: the
/// fragment is capped at [`MAX_FRAGMENT`], the inflated JSON at
/// [`MAX_DECODED`], and the JSON is checked against [`MAX_DEPTH`],
/// [`MAX_STRING`] and [`MAX_ITEMS`] before it is read. Never panics.
pub fn decode(fragment: &str) -> Result<Shared, LinkError> {
    let json = unpack(fragment, PREFIX)?;
    let wrong = |e: serde_json::Error| LinkError::WrongSchema(short(&e.to_string(), 200));
    let mut de = serde_json::Deserializer::from_slice(&json);
    let mut shared = SharedDef::deserialize(&mut de).map_err(wrong)?;
    de.end().map_err(wrong)?;
    let findings = &shared.report.findings;
    if let Some(Focus::Finding(k)) = &shared.focus {
        if usize::try_from(*k).map_or(true, |k| k >= findings.len()) {
            return Err(LinkError::WrongSchema(format!(
                "the focus names finding {k} of {}",
                findings.len()
            )));
        }
    }
    shared.report.summary = Summary::of(findings);
    crate::engine::compat::apply(&mut shared.report);
    Ok(shared)
}

#[cfg(test)]
mod tests;
