//! Secrets in file bodies (high-precision patterns, values masked): issue 12,
//! `docs/secrets.md`.
//!
//! Every regular file up to [`MAX_FILE`] is scanned for the content patterns
//! of [`scan`] as its body streams, keeping a small window across chunk
//! boundaries. Files chosen by name ([`named`]: `.env`, `.netrc`,
//! `.git-credentials`, `.aws/credentials`, kubeconfigs, …) are also read
//! whole (up to [`named::MAX_NAMED`]) for their `name = value` lines. A hit
//! keeps only the path, the kind and the masked value
//! ([`crate::engine::report::secret::mask`]): never the value itself.

pub mod named;
pub mod prefilter;
pub mod scan;

use super::FileStart;
use crate::engine::report::secret::mask;
use serde::{Deserialize, Serialize};

/// Files larger than this are not scanned (1 MiB).
pub const MAX_FILE: u64 = 1 << 20;

/// Hits kept per layer; past it the layer says `capped`.
pub const MAX_HITS: usize = 200;

/// What kind of secret a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecretKind {
    /// A PEM or OpenSSH private key (or a kubeconfig's `client-key-data`).
    PrivateKey,
    /// An AWS access key id with its secret access key.
    AwsKey,
    /// A Google API key.
    GoogleApiKey,
    /// A GitHub token.
    GithubToken,
    /// A GitLab personal access token.
    GitlabToken,
    /// A Slack token.
    SlackToken,
    /// An npm token (`npm_…`, `_authToken`, `_auth`).
    NpmToken,
    /// A registry credential (`auths.*.auth` of a Docker or Podman auth file).
    RegistryAuth,
    /// A kubeconfig user token.
    KubeToken,
    /// A password or secret assigned by name in a credentials file.
    Password,
}

impl SecretKind {
    /// In words, for messages.
    pub fn label(self) -> &'static str {
        match self {
            SecretKind::PrivateKey => "a private key",
            SecretKind::AwsKey => "an AWS access key",
            SecretKind::GoogleApiKey => "a Google API key",
            SecretKind::GithubToken => "a GitHub token",
            SecretKind::GitlabToken => "a GitLab token",
            SecretKind::SlackToken => "a Slack token",
            SecretKind::NpmToken => "an npm token",
            SecretKind::RegistryAuth => "a registry credential",
            SecretKind::KubeToken => "a Kubernetes token",
            SecretKind::Password => "a password",
        }
    }
}

/// One file holding one kind of secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretHit {
    /// Canonical path of the file.
    pub path: String,
    /// What it holds.
    pub kind: SecretKind,
    /// The first value found, masked.
    pub masked: String,
    /// How many values of this kind the file holds.
    pub count: u32,
}

/// What this layer held.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerSecrets {
    /// Files with secrets, in tar order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hits: Vec<SecretHit>,
    /// More than [`MAX_HITS`] were found; the rest are not listed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub capped: bool,
}

/// The window kept across chunks: the body's bytes not yet dropped.
const KEEP: usize = 2 * scan::LOOK;
/// Dropped from the window once it is this large.
const COMPACT_AT: usize = 16 << 10;

/// Watches file bodies of one layer.
#[derive(Debug, Default)]
pub struct SecretTap {
    out: LayerSecrets,
    path: String,
    /// How the current file is read by name, if it is.
    named: Option<named::Named>,
    /// The current file's tail (and, for named files, the whole body).
    buf: Vec<u8>,
    /// The first start in `buf` not scanned yet.
    from: usize,
    /// Hits of the current file, merged by kind.
    file: Vec<SecretHit>,
}

impl SecretTap {
    /// Whether it wants this file's body.
    pub fn start(&mut self, f: FileStart<'_>) -> bool {
        if f.size == 0 || f.size > MAX_FILE || self.out.capped {
            return false;
        }
        self.path.clear();
        self.path.push_str(f.path);
        self.named = named::classify(f.path).filter(|_| f.size <= named::MAX_NAMED);
        self.file.clear();
        self.buf.clear();
        self.from = 0;
        true
    }

    /// The next chunk of the body. A named file's body is kept whole; any
    /// other is scanned where it lies, and only a window of `KEEP` bytes
    /// is copied to join it to the next chunk.
    pub fn chunk(&mut self, bytes: &[u8]) {
        if self.named.is_some() || bytes.len() <= 2 * scan::LOOK {
            self.buf.extend_from_slice(bytes);
            let limit = self.buf.len().saturating_sub(scan::LOOK);
            self.scan_to(limit);
            if self.named.is_none() && self.buf.len() > COMPACT_AT {
                let drop = self.buf.len() - KEEP;
                self.buf.drain(..drop);
                self.from = self.from.saturating_sub(drop);
            }
            return;
        }
        // the join: the window and the chunk's first 2 × LOOK bytes, for the
        // starts up to the chunk's LOOK-th byte
        let joined = self.buf.len() + scan::LOOK;
        self.buf
            .extend_from_slice(bytes.get(..2 * scan::LOOK).unwrap_or_default());
        self.scan_to(joined);
        // the chunk itself, in place: starts from LOOK to len - LOOK
        let (file, path) = (&mut self.file, &self.path);
        scan::scan(bytes, scan::LOOK, bytes.len() - scan::LOOK, |h| {
            add(
                file,
                path,
                h.kind,
                bytes.get(h.start..h.end).unwrap_or_default(),
            );
        });
        // the window: the last KEEP bytes, the last LOOK of them not scanned
        self.buf.clear();
        let keep = bytes.len().min(KEEP);
        self.buf
            .extend_from_slice(bytes.get(bytes.len() - keep..).unwrap_or_default());
        self.from = keep - scan::LOOK;
    }

    fn scan_to(&mut self, limit: usize) {
        if limit <= self.from {
            return;
        }
        let (buf, file, path) = (&self.buf, &mut self.file, &self.path);
        scan::scan(buf, self.from, limit, |h| {
            let value = buf.get(h.start..h.end).unwrap_or_default();
            add(file, path, h.kind, value);
        });
        self.from = limit;
    }

    /// The body ended (cut short when `complete` is false).
    pub fn end(&mut self, _complete: bool) {
        self.scan_to(self.buf.len());
        if let Some(n) = self.named.take() {
            let (buf, file, path) = (&self.buf, &mut self.file, &self.path);
            named::lines(n, buf, |kind, value| add(file, path, kind, value));
        }
        // sample keys of tests, examples and documentation, shipped on purpose
        if named::ignored(&self.path) {
            self.file.clear();
        }
        for h in self.file.drain(..) {
            if self.out.hits.len() >= MAX_HITS {
                self.out.capped = true;
                break;
            }
            self.out.hits.push(h);
        }
        self.buf.clear();
        if self.buf.capacity() > 4 * COMPACT_AT {
            self.buf.shrink_to(COMPACT_AT);
        }
    }

    /// What the layer held.
    pub fn finish(self) -> LayerSecrets {
        self.out
    }
}

/// Adds a value of `kind` to the file's hits (one per kind, counted).
fn add(file: &mut Vec<SecretHit>, path: &str, kind: SecretKind, value: &[u8]) {
    if let Some(h) = file.iter_mut().find(|h| h.kind == kind) {
        h.count = h.count.saturating_add(1);
        return;
    }
    file.push(SecretHit {
        path: path.to_string(),
        kind,
        masked: mask(&String::from_utf8_lossy(value)),
        count: 1,
    });
}

#[cfg(test)]
mod tests;

/// `text` (the body of the file at `path`) with every secret this scanner
/// finds masked as [`crate::engine::report::secret::mask`] does, and how many
/// were: what a page may show of a file. The same patterns as the layer
/// scan (values by pattern anywhere, `name = value` lines of files chosen by
/// name); the masked values show at most their first 4 characters.
pub fn mask_text(path: &str, text: &str) -> (String, usize) {
    let mut ranges: Vec<(usize, usize)> = scan::scan_all(text.as_bytes())
        .into_iter()
        .map(|h| (h.start, h.end))
        .collect();
    if let Some(n) = named::classify(path) {
        let mut values: Vec<String> = Vec::new();
        named::lines(n, text.as_bytes(), |_, v| {
            values.push(String::from_utf8_lossy(v).into_owned())
        });
        for v in values.iter().filter(|v| !v.is_empty()) {
            ranges.extend(
                text.match_indices(v.as_str())
                    .map(|(i, m)| (i, i + m.len())),
            );
        }
    }
    // whole characters, merged where they overlap
    let widen = |mut s: usize, mut e: usize| {
        e = e.min(text.len());
        while s > 0 && !text.is_char_boundary(s) {
            s -= 1;
        }
        while e < text.len() && !text.is_char_boundary(e) {
            e += 1;
        }
        (s, e)
    };
    let mut ranges: Vec<(usize, usize)> = ranges
        .into_iter()
        .map(|(s, e)| widen(s, e))
        .filter(|(s, e)| s < e)
        .collect();
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for &(s, e) in &merged {
        out.push_str(text.get(at..s).unwrap_or_default());
        out.push_str(&crate::engine::report::secret::mask(
            text.get(s..e).unwrap_or_default(),
        ));
        at = e;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    (out, merged.len())
}
