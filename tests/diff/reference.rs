//! An independent reference for the comparison: layer tars walked with the
//! `tar` crate (not the engine's reader), applied in order into a map, and
//! the expected files, `same` flags and causes computed from those walks and
//! from the archives' parts as the test built them. Nothing here calls the
//! engine.

use crate::support::compress::{digest, sha256_hex};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

/// The `uname` and `gname` bytes of a header.
pub type Names = (Vec<u8>, Vec<u8>);

/// One entry as the `tar` crate reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Entry type byte (`0` file, `5` directory, …).
    pub kind: u8,
    /// Permission bits.
    pub mode: u32,
    /// Owner.
    pub uid: u64,
    /// Group.
    pub gid: u64,
    /// Body size.
    pub size: u64,
    /// sha256 of the body.
    pub sha: String,
    /// Link target.
    pub link: Option<String>,
    /// mtime.
    pub mtime: u64,
    /// `uname` and `gname` bytes.
    pub names: Names,
}

/// A tar path as a canonical path: no `./`, no trailing `/`.
fn canonical(p: &str) -> String {
    p.trim_start_matches("./").trim_end_matches('/').to_string()
}

/// The entries of a layer tar in tar order.
pub fn walk(tar_bytes: &[u8]) -> Vec<(String, Entry)> {
    let mut ar = tar::Archive::new(tar_bytes);
    let mut out = Vec::new();
    for e in ar.entries().unwrap() {
        let mut e = e.unwrap();
        let h = e.header().clone();
        let path = canonical(&e.path().unwrap().to_string_lossy());
        if path.is_empty() {
            continue;
        }
        let mut body = Vec::new();
        e.read_to_end(&mut body).unwrap();
        out.push((
            path,
            Entry {
                kind: h.entry_type().as_byte(),
                mode: h.mode().unwrap() & 0o7777,
                uid: h.uid().unwrap(),
                gid: h.gid().unwrap(),
                size: body.len() as u64,
                sha: sha256_hex(&body),
                link: e
                    .link_name()
                    .unwrap()
                    .map(|l| l.to_string_lossy().into_owned()),
                mtime: h.mtime().unwrap(),
                names: (
                    h.username_bytes().unwrap_or_default().to_vec(),
                    h.groupname_bytes().unwrap_or_default().to_vec(),
                ),
            },
        ));
    }
    out
}

/// The layers applied in order (no whiteouts in these cases: the last entry wins).
pub fn merged(tars: &[Vec<u8>]) -> BTreeMap<String, Entry> {
    tars.iter().flat_map(|t| walk(t)).collect()
}

/// What differs between two entries, by the names of docs/diff.md.
pub fn what(a: &Entry, b: &Entry) -> BTreeSet<&'static str> {
    let mut w = BTreeSet::new();
    let file = |e: &Entry| e.kind == b'0';
    if file(a) && file(b) && a.sha != b.sha {
        w.insert("content");
    }
    if a.size != b.size {
        w.insert("size");
    }
    if a.mode != b.mode {
        w.insert("mode");
    }
    if (a.uid, a.gid) != (b.uid, b.gid) {
        w.insert("owner");
    }
    if a.kind != b.kind {
        w.insert("type");
    }
    if a.link != b.link {
        w.insert("link");
    }
    if a.mtime != b.mtime {
        w.insert("mtime");
    }
    w
}

/// The merged trees compared.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FilesExpected {
    /// Only in b.
    pub added: Vec<String>,
    /// Only in a.
    pub removed: Vec<String>,
    /// In both, with what differs.
    pub changed: BTreeMap<String, BTreeSet<&'static str>>,
}

/// Compares the merged trees.
pub fn files(a: &BTreeMap<String, Entry>, b: &BTreeMap<String, Entry>) -> FilesExpected {
    let mut f = FilesExpected {
        added: b.keys().filter(|k| !a.contains_key(*k)).cloned().collect(),
        removed: a.keys().filter(|k| !b.contains_key(*k)).cloned().collect(),
        ..FilesExpected::default()
    };
    for (k, ea) in a {
        if let Some(eb) = b.get(k) {
            let w = what(ea, eb);
            if !w.is_empty() {
                f.changed.insert(k.clone(), w);
            }
        }
    }
    f
}

/// One side as the test built it.
pub struct Built {
    /// The archive.
    pub archive: Vec<u8>,
    /// `oci` or `docker-archive`.
    pub format: &'static str,
    /// The uncompressed layer tars, bottom first.
    pub tars: Vec<Vec<u8>>,
    /// The stored layer blobs.
    pub blobs: Vec<Vec<u8>>,
    /// The config document.
    pub config: Value,
    /// sha256 of the config as stored.
    pub config_digest: String,
    /// The manifest bytes (None for a docker-archive).
    pub manifest: Option<Vec<u8>>,
}

/// The `same` flags and causes the reference expects.
#[derive(Debug)]
pub struct Expected {
    /// The files.
    pub files: FilesExpected,
    /// `same.config_digest`, `manifest_digest`, `diff_ids`, `layer_digests`, `files`.
    pub same: [bool; 5],
    /// Cause names.
    pub causes: BTreeSet<&'static str>,
}

/// The causes of one pair of layers at the same position.
fn layer_causes(ta: &[u8], ba: &[u8], tb: &[u8], bb: &[u8], causes: &mut BTreeSet<&'static str>) {
    if ba == bb {
        return;
    }
    if ta == tb {
        causes.insert("compression");
        return;
    }
    let (wa, wb) = (walk(ta), walk(tb));
    let set = |w: &[(String, Entry)]| {
        let mut v: Vec<String> = w
            .iter()
            .map(|(p, e)| {
                format!(
                    "{p}{:?}",
                    (e.kind, e.mode, e.uid, e.gid, &e.sha, &e.link, e.mtime)
                )
            })
            .collect();
        v.sort();
        v
    };
    let names = |w: &[(String, Entry)]| w.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    let mut paths_a = names(&wa);
    let mut paths_b = names(&wb);
    if names(&wa) != names(&wb) {
        paths_a.sort();
        paths_b.sort();
        if paths_a == paths_b {
            causes.insert("entry-order");
        }
    }
    if set(&wa) == set(&wb) {
        let heads = |w: &[(String, Entry)]| {
            let mut v: Vec<(String, Names)> = w
                .iter()
                .map(|(p, e)| (p.clone(), e.names.clone()))
                .collect();
            v.sort();
            v
        };
        if heads(&wa) != heads(&wb) {
            causes.insert("tar-headers");
        }
    }
}

/// Everything the comparison of `a` with `b` should say.
pub fn expect(a: &Built, b: &Built) -> Expected {
    let files = files(&merged(&a.tars), &merged(&b.tars));
    let mut causes = BTreeSet::new();
    if !files.added.is_empty() || !files.removed.is_empty() {
        causes.insert("content");
    }
    for w in files.changed.values() {
        for (what, cause) in [
            ("content", "content"),
            ("size", "content"),
            ("type", "content"),
            ("link", "content"),
            ("mtime", "mtime"),
            ("owner", "ownership"),
            ("mode", "mode"),
        ] {
            if w.contains(what) {
                causes.insert(cause);
            }
        }
    }
    for (i, ta) in a.tars.iter().enumerate() {
        if let (Some(tb), Some(ba), Some(bb)) = (b.tars.get(i), a.blobs.get(i), b.blobs.get(i)) {
            layer_causes(ta, ba, tb, bb, &mut causes);
        }
    }
    let strip = |c: &Value| {
        let mut c = c.clone();
        c.as_object_mut().unwrap().remove("rootfs");
        c
    };
    if strip(&a.config) != strip(&b.config) {
        causes.insert("config");
    }
    let digests = |x: &Built| x.blobs.iter().map(|b| digest(b)).collect::<Vec<_>>();
    let diff_ids = |x: &Built| x.tars.iter().map(|t| digest(t)).collect::<Vec<_>>();
    let same_config = a.config_digest == b.config_digest;
    let same_manifest = a.manifest.is_some() && a.manifest == b.manifest;
    if a.format != b.format {
        causes.insert("format");
    } else if same_config && digests(a) == digests(b) && !same_manifest {
        causes.insert("manifest");
    }
    let same_files = files.added.is_empty()
        && files.removed.is_empty()
        && files
            .changed
            .values()
            .all(|w| w.iter().all(|x| *x == "mtime"));
    Expected {
        same: [
            same_config,
            same_manifest,
            diff_ids(a) == diff_ids(b),
            digests(a) == digests(b),
            same_files,
        ],
        files,
        causes,
    }
}
