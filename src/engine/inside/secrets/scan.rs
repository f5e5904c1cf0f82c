//! The content patterns: a few literal anchors found in one pass
//! (aho-corasick), each validated by the shape of what surrounds it. High
//! precision over recall: a hit is a value with the exact shape of a real
//! key or token, never a word that only looks like one.
//!
//! | anchor | kind | shape |
//! |---|---|---|
//! | `-----BEGIN ` | private key | label ending `PRIVATE KEY` (or `PRIVATE KEY BLOCK`) then `-----`, a base64 body of ≥ 64 characters |
//! | `AKIA`, `ASIA` | AWS key | 16 of `[0-9A-Z]`, and a 40-character `[A-Za-z0-9/+]` secret within 256 bytes |
//! | `AIza` | Google API key | 35 of `[0-9A-Za-z_-]` |
//! | `ghp_` `gho_` `ghu_` `ghs_` `ghr_` | GitHub token | 36 of `[0-9A-Za-z]` |
//! | `github_pat_` | GitHub token | ≥ 70 of `[0-9A-Za-z_]` |
//! | `glpat-` | GitLab token | ≥ 20 of `[0-9A-Za-z_.-]` |
//! | `xoxa-` `xoxb-` `xoxp-` `xoxo-` `xoxs-` `xoxr-` | Slack token | ≥ 2 dash-separated groups, ≥ 20 characters, digits in them |
//! | `npm_` | npm token | 36 of `[0-9A-Za-z]` |
//! | `_authToken` | npm token | `=` or `:` then a literal value (not `${VAR}`) |
//! | `"auth"` | registry auth | `: "base64"` decoding to `user:password` |

use super::prefilter::Prefilter;
use super::SecretKind;
use aho_corasick::{packed, AhoCorasick, Span};
use base64::Engine;
use std::sync::OnceLock;

/// Bytes a pattern may need after its start (and the AWS secret before
/// it): the window a chunk boundary keeps.
pub const LOOK: usize = 320;

const ANCHORS: &[(&str, Anchor)] = &[
    ("-----BEGIN ", Anchor::Pem),
    ("AKIA", Anchor::Aws),
    ("ASIA", Anchor::Aws),
    ("AIza", Anchor::Google),
    ("ghp_", Anchor::Github),
    ("gho_", Anchor::Github),
    ("ghu_", Anchor::Github),
    ("ghs_", Anchor::Github),
    ("ghr_", Anchor::Github),
    ("github_pat_", Anchor::GithubPat),
    ("glpat-", Anchor::Gitlab),
    ("xoxa-", Anchor::Slack),
    ("xoxb-", Anchor::Slack),
    ("xoxp-", Anchor::Slack),
    ("xoxo-", Anchor::Slack),
    ("xoxs-", Anchor::Slack),
    ("xoxr-", Anchor::Slack),
    ("npm_", Anchor::Npm),
    ("_authToken", Anchor::NpmAuth),
    ("\"auth\"", Anchor::DockerAuth),
];

#[derive(Debug, Clone, Copy)]
enum Anchor {
    Pem,
    Aws,
    Google,
    Github,
    GithubPat,
    Gitlab,
    Slack,
    Npm,
    NpmAuth,
    DockerAuth,
}

/// The anchors' searcher: Teddy (SIMD, `aho_corasick::packed`) where the CPU
/// has it (x86-64, aarch64), else the same idea on wasm32's simd128
/// ([`Prefilter`]). An Aho-Corasick automaton alone is several times slower
/// on binary files, whose bytes keep it off its own prefilter.
struct Matcher {
    packed: Option<packed::Searcher>,
    prefilter: Option<Prefilter>,
}

fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| {
        let packed = packed::Config::new()
            .builder()
            .extend(anchor_bytes())
            .build();
        let prefilter = match packed {
            Some(_) => None,
            None => Prefilter::new(anchor_bytes()),
        };
        Matcher { packed, prefilter }
    })
}

/// The anchors' literals, in pattern-id order.
pub fn anchor_bytes() -> impl Iterator<Item = &'static [u8]> {
    ANCHORS.iter().map(|(a, _)| a.as_bytes())
}

/// Which searcher finds the anchors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Searcher {
    /// The fastest this target has (what [`scan`] uses).
    Best,
    /// [`Prefilter`] (simd128 on wasm32, scalar elsewhere).
    Prefilter,
    /// An Aho-Corasick automaton (the reference the others are tested against).
    Automaton,
}

/// Every anchor in `buf` as `(start, end, pattern)`, found by `searcher`
/// (the tests check that all of them agree).
pub fn anchor_matches(buf: &[u8], searcher: Searcher) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut each = |s, e, p| {
        out.push((s, e, p));
        true
    };
    match searcher {
        Searcher::Best => anchors(buf, 0, buf.len(), each),
        Searcher::Prefilter => {
            if let Some(p) = Prefilter::new(anchor_bytes()) {
                p.find(buf, 0, each);
            }
        }
        Searcher::Automaton => {
            if let Ok(ac) = AhoCorasick::new(anchor_bytes()) {
                for m in ac.find_iter(buf) {
                    each(m.start(), m.end(), m.pattern().as_usize());
                }
            }
        }
    }
    out
}

/// Calls `each(start, end, pattern)` for the anchors found in `buf[from..end]`.
fn anchors(buf: &[u8], from: usize, end: usize, mut each: impl FnMut(usize, usize, usize) -> bool) {
    let m = matcher();
    let Some(hay) = buf.get(..end) else { return };
    if let Some(p) = &m.packed {
        let mut at = from;
        while at < end {
            let Some(found) = p.find_in(hay, Span::from(at..end)) else {
                return;
            };
            if !each(found.start(), found.end(), found.pattern().as_usize()) {
                return;
            }
            at = found.end().max(at + 1);
        }
    } else if let Some(p) = &m.prefilter {
        p.find(hay, from, each);
    }
}

/// One validated hit: its kind and the byte range of the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// What it is.
    pub kind: SecretKind,
    /// Where the value starts in the buffer scanned.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
}

/// Scans `buf` for hits that start in `from..limit` (anchors may end past
/// `limit`; validation may read the whole buffer), calling `hit` for each.
pub fn scan(buf: &[u8], from: usize, limit: usize, mut hit: impl FnMut(Hit)) {
    let limit = limit.min(buf.len());
    if from >= limit {
        return;
    }
    let end = (limit + 16).min(buf.len());
    anchors(buf, from, end, |start, anchor_end, pattern| {
        if start >= limit {
            return false;
        }
        if let Some((_, anchor)) = ANCHORS.get(pattern) {
            if let Some(h) = validate(buf, start, anchor_end, *anchor) {
                hit(h);
            }
        }
        true
    });
}

/// Every hit in a whole text (a history entry, an `Env` value).
pub fn scan_all(text: &[u8]) -> Vec<Hit> {
    let mut out = Vec::new();
    scan(text, 0, text.len(), |h| out.push(h));
    out
}

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// The run of bytes satisfying `ok` starting at `at`, at most `max` long.
fn run(buf: &[u8], at: usize, max: usize, ok: impl Fn(u8) -> bool) -> usize {
    buf.get(at..)
        .unwrap_or_default()
        .iter()
        .take(max)
        .take_while(|&&b| ok(b))
        .count()
}

fn byte(buf: &[u8], at: usize) -> Option<u8> {
    buf.get(at).copied()
}

/// The byte before `at` is not part of a word (or there is none).
fn bounded_before(buf: &[u8], at: usize, word: impl Fn(u8) -> bool) -> bool {
    at == 0 || byte(buf, at - 1).is_none_or(|b| !word(b))
}

fn hit(kind: SecretKind, start: usize, end: usize) -> Option<Hit> {
    Some(Hit { kind, start, end })
}

fn validate(buf: &[u8], start: usize, anchor_end: usize, anchor: Anchor) -> Option<Hit> {
    match anchor {
        Anchor::Pem => pem(buf, anchor_end),
        Anchor::Aws => aws(buf, start),
        Anchor::Google => exact(buf, start, anchor_end, 35, |b| {
            alnum(b) || b == b'_' || b == b'-'
        })
        .and_then(|e| hit(SecretKind::GoogleApiKey, start, e)),
        Anchor::Github | Anchor::Npm => {
            let kind = match anchor {
                Anchor::Npm => SecretKind::NpmToken,
                _ => SecretKind::GithubToken,
            };
            exact(buf, start, anchor_end, 36, alnum).and_then(|e| hit(kind, start, e))
        }
        Anchor::GithubPat => {
            let n = run(buf, anchor_end, 120, |b| alnum(b) || b == b'_');
            (n >= 70 && bounded_before(buf, start, alnum))
                .then_some(())
                .and_then(|()| hit(SecretKind::GithubToken, start, anchor_end + n))
        }
        Anchor::Gitlab => {
            let n = run(buf, anchor_end, 80, |b| {
                alnum(b) || matches!(b, b'_' | b'-' | b'.')
            });
            let body = buf.get(anchor_end..anchor_end + n).unwrap_or_default();
            (n >= 20 && body.iter().any(u8::is_ascii_digit) && bounded_before(buf, start, alnum))
                .then_some(())
                .and_then(|()| hit(SecretKind::GitlabToken, start, anchor_end + n))
        }
        Anchor::Slack => slack(buf, start, anchor_end),
        Anchor::NpmAuth => npm_auth(buf, anchor_end),
        Anchor::DockerAuth => docker_auth(buf, anchor_end),
    }
}

/// Exactly `n` bytes satisfying `ok` after `anchor_end`, with word
/// boundaries on both sides; returns the end.
fn exact(
    buf: &[u8],
    start: usize,
    anchor_end: usize,
    n: usize,
    ok: impl Fn(u8) -> bool + Copy,
) -> Option<usize> {
    let got = run(buf, anchor_end, n + 1, ok);
    (got == n && bounded_before(buf, start, ok)).then_some(anchor_end + n)
}

fn pem(buf: &[u8], anchor_end: usize) -> Option<Hit> {
    let label_len = run(buf, anchor_end, 48, |b| b.is_ascii_uppercase() || b == b' ');
    let label = buf.get(anchor_end..anchor_end + label_len)?;
    let label = std::str::from_utf8(label).ok()?;
    if !(label.ends_with("PRIVATE KEY") || label.ends_with("PRIVATE KEY BLOCK")) {
        return None;
    }
    let after = anchor_end + label_len;
    if buf.get(after..after + 5)? != b"-----" {
        return None;
    }
    // the body: after the header line (and any `Proc-Type:` headers of old
    // encrypted keys), a run of base64
    let mut at = after + 5;
    let mut b64 = 0usize;
    let mut body_start = None;
    while at < buf.len() && b64 < 64 && at < after + 5 + 256 {
        let b = byte(buf, at)?;
        if b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=') {
            body_start.get_or_insert(at);
            b64 += 1;
        } else if !matches!(b, b'\n' | b'\r' | b' ' | b':' | b',' | b'-' | b'\\') {
            return None;
        }
        at += 1;
    }
    let s = body_start?;
    (b64 >= 64).then_some(Hit {
        kind: SecretKind::PrivateKey,
        start: s,
        end: at,
    })
}

fn aws(buf: &[u8], start: usize) -> Option<Hit> {
    let up = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    let end = exact(buf, start, start + 4, 16, up)?;
    let id = buf.get(start..end)?;
    if id.windows(7).any(|w| w == b"EXAMPLE") {
        return None;
    }
    // the 40-character secret access key, near the id (either side)
    let lo = start.saturating_sub(LOOK - 64);
    let hi = (end + LOOK - 64).min(buf.len());
    let near = buf.get(lo..hi)?;
    let key = |b: u8| alnum(b) || b == b'/' || b == b'+';
    let mut i = 0;
    while i < near.len() {
        let n = run(near, i, 41, key);
        if n == 40 && bounded_before(near, i, key) {
            let v = near.get(i..i + 40).unwrap_or_default();
            let lower = v.iter().any(u8::is_ascii_lowercase);
            let digit = v.iter().any(u8::is_ascii_digit);
            if lower && digit && !v.windows(7).any(|w| w == b"EXAMPLE") {
                return hit(SecretKind::AwsKey, start, end);
            }
        }
        i += n.max(1);
    }
    None
}

fn slack(buf: &[u8], start: usize, anchor_end: usize) -> Option<Hit> {
    let n = run(buf, anchor_end, 200, |b| alnum(b) || b == b'-');
    let body = buf.get(anchor_end..anchor_end + n)?;
    let groups = body.split(|&b| b == b'-').filter(|g| !g.is_empty()).count();
    let digits = body.iter().filter(|b| b.is_ascii_digit()).count();
    (n >= 20 && groups >= 2 && digits >= 8 && bounded_before(buf, start, alnum)).then(|| Hit {
        kind: SecretKind::SlackToken,
        start,
        end: anchor_end + n,
    })
}

/// The start of a value after `sep` (one of `=`/`:`), skipping blanks and
/// one opening quote.
fn value_after(buf: &[u8], at: usize, seps: &[u8]) -> Option<usize> {
    let mut i = at + run(buf, at, 8, |b| b == b' ' || b == b'\t');
    if !seps.contains(&byte(buf, i)?) {
        return None;
    }
    i += 1;
    i += run(buf, i, 8, |b| b == b' ' || b == b'\t');
    if matches!(byte(buf, i)?, b'"' | b'\'') {
        i += 1;
    }
    Some(i)
}

fn npm_auth(buf: &[u8], anchor_end: usize) -> Option<Hit> {
    let s = value_after(buf, anchor_end, b"=:")?;
    let n = run(buf, s, 200, |b| {
        alnum(b) || matches!(b, b'-' | b'_' | b'.' | b'+' | b'/' | b'=')
    });
    let v = buf.get(s..s + n)?;
    // `npm_…` values are the `npm_` anchor's; `${NPM_TOKEN}` is a reference
    (n >= 16 && !v.starts_with(b"npm_")).then(|| Hit {
        kind: SecretKind::NpmToken,
        start: s,
        end: s + n,
    })
}

fn docker_auth(buf: &[u8], anchor_end: usize) -> Option<Hit> {
    let s = value_after(buf, anchor_end, b":")?;
    if byte(buf, s.checked_sub(1)?)? != b'"' {
        return None;
    }
    let n = run(buf, s, 300, |b| alnum(b) || matches!(b, b'+' | b'/' | b'='));
    let v = buf.get(s..s + n)?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(v).ok()?;
    let (user, pass) = std::str::from_utf8(&decoded).ok()?.split_once(':')?;
    (byte(buf, s + n)? == b'"' && !user.is_empty() && !pass.is_empty()).then(|| Hit {
        kind: SecretKind::RegistryAuth,
        start: s,
        end: s + n,
    })
}

#[cfg(test)]
mod tests;
