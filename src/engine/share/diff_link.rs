//! Comparison links: an `ocilens.diff/v1` comparison as a URL fragment,
//! `#d=1.<payload>`, in the same container as report links (`r=`):
//! base64url of a zlib stream (level 9, Adler-32 checked) of JSON, with the
//! same hostile-input caps on decoding ([`super::MAX_FRAGMENT`],
//! [`super::MAX_DECODED`], and the JSON pre-pass). The JSON is the
//! comparison as the CLI writes it (its field names are short enough and
//! repeat, so deflate takes them), inside `{"diff": …, "dropped": …}`.
//!
//! A comparison is small but for its file lists, so detail is dropped in
//! this order until the fragment is at most [`super::TARGET`] bytes:
//!
//! 1. the file lists keep their first paths, the same number from each of
//!    `changed`, `added` and `removed` (the largest number that fits);
//!    `summary` keeps the full counts ([`DiffDropped::files`]);
//! 2. config values longer than [`VALUE_CHARS`] characters of JSON
//!    (`history`, long `Labels`) become that much of their JSON text,
//!    ending in `…` ([`DiffDropped::values_cut`]);
//! 3. the findings keep their first [`FINDINGS_KEPT`]
//!    ([`DiffDropped::findings`]).
//!
//! `Env` values that look secret are masked by the comparison itself
//! ([`crate::engine::diff::config`]), so a link never carries one.

use super::clip::{clip_value, short};
use super::{pack, unpack, LinkError, MAX_DECODED, TARGET};
use crate::engine::diff::{Diff, SCHEMA};
use serde::{Deserialize, Serialize};
use serde_json::Value;

const PREFIX: &str = "d=";
/// Characters of JSON a config value keeps at step 2.
pub const VALUE_CHARS: usize = 300;
/// Findings kept at step 3.
pub const FINDINGS_KEPT: usize = 10;

/// What a comparison link left out to fit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffDropped {
    /// Paths left out of the file lists.
    pub files: u64,
    /// Long config values were cut.
    pub values_cut: bool,
    /// Findings left out.
    pub findings: u64,
}

/// A decoded comparison link: a claim by whoever made it, nothing verified here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedDiff {
    /// The comparison as the link claims it.
    pub diff: Diff,
    /// What the link left out.
    pub dropped: DiffDropped,
}

/// `d` with at most `keep` paths of each file list, its long config values
/// cut when `cut`, and its findings cut when `few`.
fn shrink(d: &Diff, keep: usize, cut: bool, few: bool) -> SharedDiff {
    let mut diff = d.clone();
    let mut dropped = DiffDropped::default();
    let mut left = 0usize;
    let f = &mut diff.files;
    left += f.added.len().saturating_sub(keep);
    f.added.truncate(keep);
    left += f.removed.len().saturating_sub(keep);
    f.removed.truncate(keep);
    left += f.changed.len().saturating_sub(keep);
    f.changed.truncate(keep);
    dropped.files = left as u64;
    if cut {
        for c in &mut diff.config {
            for v in [&mut c.a, &mut c.b] {
                let text = v.to_string();
                if text.chars().count() > VALUE_CHARS {
                    let mut s: String = text.chars().take(VALUE_CHARS - 1).collect();
                    s.push('…');
                    *v = Value::String(s);
                    dropped.values_cut = true;
                }
            }
        }
    }
    if few && diff.findings.len() > FINDINGS_KEPT {
        dropped.findings = (diff.findings.len() - FINDINGS_KEPT) as u64;
        diff.findings.truncate(FINDINGS_KEPT);
    }
    SharedDiff { diff, dropped }
}

fn fragment_of(s: &SharedDiff) -> Option<String> {
    // the format's own limits (strings of MAX_STRING bytes, MAX_ITEMS items),
    // which decode checks: a 64 KiB label or Cmd is cut, ending in `…`
    let mut v = serde_json::to_value(s).ok()?;
    clip_value(&mut v);
    let json = serde_json::to_vec(&v).ok()?;
    (json.len() <= MAX_DECODED).then(|| pack(&json, PREFIX))
}

/// Encodes `d` as a fragment without `#`: `d=1.<payload>`, dropping detail
/// in the order of the module documentation until it is at most
/// [`TARGET`] bytes (or nothing more can go); the second value says what went.
pub fn encode(d: &Diff) -> (String, DiffDropped) {
    let most = d
        .files
        .added
        .len()
        .max(d.files.removed.len())
        .max(d.files.changed.len());
    let fits = |s: &SharedDiff| fragment_of(s).filter(|f| f.len() <= TARGET);
    let full = shrink(d, most, false, false);
    if let Some(f) = fits(&full) {
        return (f, full.dropped);
    }
    for (cut, few) in [(false, false), (true, false), (true, true)] {
        // the most paths per list that fit, by bisection
        let none = shrink(d, 0, cut, few);
        if fits(&none).is_none() {
            continue;
        }
        let (mut lo, mut hi) = (0usize, most);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if fits(&shrink(d, mid, cut, few)).is_some() {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let s = shrink(d, lo, cut, few);
        if let Some(f) = fragment_of(&s) {
            return (f, s.dropped);
        }
    }
    let least = shrink(d, 0, true, true);
    (fragment_of(&least).unwrap_or_default(), least.dropped)
}

/// Decodes a comparison fragment (with or without `#`). Hostile input: the
/// caps of report links apply before anything is built. Never panics.
pub fn decode(fragment: &str) -> Result<SharedDiff, LinkError> {
    let json = unpack(fragment, PREFIX)?;
    let shared: SharedDiff = serde_json::from_slice(&json)
        .map_err(|e| LinkError::WrongSchema(short(&e.to_string(), 200)))?;
    if shared.diff.schema != SCHEMA {
        return Err(LinkError::WrongSchema(format!(
            "schema {:?}, not {SCHEMA}",
            short(&shared.diff.schema, 40)
        )));
    }
    Ok(shared)
}

/// Whether a fragment (with or without `#`) is a comparison link.
pub fn is_diff_link(fragment: &str) -> bool {
    fragment
        .strip_prefix('#')
        .unwrap_or(fragment)
        .starts_with(PREFIX)
}
