//! Share links (`engine::share`): every real fixture encodes under the 8 KB
//! target and decodes back to exactly what the link keeps; random reports
//! round-trip; hostile fragments give the expected error and never panic.
//!
//! `cargo test --test share -- --nocapture` prints the measured link sizes.
//!
//! `expected` below is an independent statement of what a link keeps (the
//! drop order of the module documentation), not a call into the module.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ocilens::engine::finding::{Check, Code, Finding, Location, Severity};
use ocilens::engine::model::config::History;
use ocilens::engine::model::descriptor::Platform;
use ocilens::engine::report::{
    Compression, ConfigInfo, Content, DiffIdInfo, Document, Format, Image, ImageKind, ImageSource,
    IndexNode, IndexNodeKind, Input, LayerInfo, ManifestInfo, RefSource, ReferenceRecord, Report,
    Status, Summary, Tool, Tree, TreeLayer, TreeMerged, SCHEMA,
};
use ocilens::engine::share::{
    decode, encode, Dropped, Focus, LinkError, MAX_DECODED, MAX_FRAGMENT, TARGET,
};
use ocilens::engine::tree::entry::{Change, Kind, LayerEntry};
use ocilens::engine::tree::merge::Changes;
use ocilens::engine::{inspect, NullSink, Options};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

// ---------------------------------------------------------------------------
// What a link keeps, stated independently of the module

const MAX_STRING: usize = 4096;
const MAX_ITEMS: usize = 10_000;
const DOC_DEPTH: usize = 24;
const INDEX_DEPTH: usize = 32;

fn clip_string(s: &str) -> String {
    if s.len() <= MAX_STRING {
        return s.to_string();
    }
    let mut end = MAX_STRING - '…'.len_utf8();
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

fn clip_200(s: &str) -> String {
    if s.chars().count() <= 200 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(199).collect::<String>())
    }
}

fn clip_all(v: &mut Value) {
    match v {
        Value::String(s) => *s = clip_string(s),
        Value::Array(a) => {
            a.truncate(MAX_ITEMS);
            a.iter_mut().for_each(clip_all);
        }
        Value::Object(m) => {
            let old = std::mem::take(m);
            for (k, mut x) in old.into_iter().take(MAX_ITEMS) {
                clip_all(&mut x);
                m.insert(clip_string(&k), x);
            }
        }
        _ => {}
    }
}

fn cut_deep(v: &mut Value, depth: usize) {
    if matches!(v, Value::Array(_) | Value::Object(_)) && depth >= DOC_DEPTH {
        *v = Value::String("…".into());
        return;
    }
    match v {
        Value::Array(a) => a.iter_mut().for_each(|x| cut_deep(x, depth + 1)),
        Value::Object(m) => m.values_mut().for_each(|x| cut_deep(x, depth + 1)),
        _ => {}
    }
}

fn strip_members(v: &mut Value) {
    match v {
        Value::Array(a) => a.iter_mut().for_each(strip_members),
        Value::Object(m) => {
            m.remove("annotations");
            m.remove("Labels");
            m.remove("Env");
            m.values_mut().for_each(strip_members);
        }
        _ => {}
    }
}

fn prune(n: &IndexNode, depth: usize, budget: &mut usize) -> IndexNode {
    let mut out = n.clone();
    out.children.clear();
    *budget -= 1;
    if depth < INDEX_DEPTH {
        for c in &n.children {
            if *budget == 0 {
                break;
            }
            out.children.push(prune(c, depth + 1, budget));
        }
    }
    out
}

fn each_node(n: &mut IndexNode, f: &mut dyn FnMut(&mut IndexNode)) {
    f(n);
    for c in &mut n.children {
        each_node(c, f);
    }
}

/// The report and focus a link with `d` dropped must decode to.
fn expected(r: &Report, focus: Option<&Focus>, d: &Dropped) -> (Report, Option<Focus>) {
    let n = r.findings.len();
    let fk = match focus {
        Some(Focus::Finding(k)) if (*k as usize) < n => Some(*k as usize),
        _ => None,
    };
    let keep = n - d.findings as usize;
    let mut rank: Vec<usize> = (0..n).collect();
    rank.sort_by_key(|&i| (Some(i) != fk, r.findings[i].severity, i));
    let mut kept: Vec<usize> = rank[..keep].to_vec();
    kept.sort();
    let mut findings: Vec<Finding> = kept.iter().map(|&i| r.findings[i].clone()).collect();
    let out_focus = match focus {
        Some(Focus::Finding(_)) => {
            fk.map(|k| Focus::Finding(kept.iter().position(|&i| i == k).unwrap() as u32))
        }
        Some(Focus::Path { image, layer, path }) => Some(Focus::Path {
            image: *image,
            layer: *layer,
            path: clip_string(path),
        }),
        other => other.cloned(),
    };
    // paths named by the kept findings and the focus
    let mut named: Vec<(Option<u32>, Option<u32>, String)> = findings
        .iter()
        .filter_map(|f| {
            f.r#where
                .path
                .clone()
                .map(|p| (f.r#where.image, f.r#where.layer, p))
        })
        .collect();
    if let Some(Focus::Path { image, layer, path }) = focus {
        named.push((Some(*image), *layer, path.clone()));
    }
    let hit = |path: &str, image: u32, layer: Option<u32>| {
        named.iter().any(|(i, l, p)| {
            p == path
                && i.is_none_or(|i| i == image)
                && (l.is_none() || layer.is_none() || *l == layer)
        })
    };
    let tree = r.tree.as_ref().map(|t| Tree {
        layers: t
            .layers
            .iter()
            .map(|tl| TreeLayer {
                image: tl.image,
                layer: tl.layer,
                entries: tl
                    .entries
                    .iter()
                    .filter(|e| hit(&e.path, tl.image, Some(tl.layer)))
                    .cloned()
                    .collect(),
            })
            .filter(|tl| !tl.entries.is_empty())
            .collect(),
        merged: t
            .merged
            .iter()
            .map(|tm| TreeMerged {
                image: tm.image,
                entries: tm
                    .entries
                    .iter()
                    .filter(|e| hit(&e.path, tm.image, None))
                    .cloned()
                    .collect(),
            })
            .filter(|tm| !tm.entries.is_empty())
            .collect(),
    });
    let count = |t: &Tree| -> usize {
        t.layers.iter().map(|l| l.entries.len()).sum::<usize>()
            + t.merged.iter().map(|m| m.entries.len()).sum::<usize>()
    };
    let tree_dropped = match (&r.tree, &tree) {
        (Some(a), Some(b)) => count(a) > count(b),
        _ => false,
    };
    assert_eq!(d.tree, tree_dropped, "dropped.tree");
    let mut index = r
        .index
        .as_ref()
        .map(|n| prune(n, 0, &mut MAX_ITEMS.clone()));
    let mut images = r.images.clone();
    let mut documents = r.documents.clone();
    for doc in &mut documents {
        cut_deep(&mut doc.content, 0);
    }
    if d.history {
        for i in &mut images {
            i.config.history.clear();
        }
        for doc in &mut documents {
            if let Some(m) = doc.content.as_object_mut() {
                m.remove("history");
            }
        }
    }
    if d.annotations {
        if let Some(n) = &mut index {
            each_node(n, &mut |n| n.annotations.clear());
        }
        for i in &mut images {
            i.manifest.annotations.clear();
            i.config.env.clear();
            i.config.labels.clear();
            for l in &mut i.layers {
                l.annotations.clear();
            }
        }
        for doc in &mut documents {
            strip_members(&mut doc.content);
        }
    }
    if d.documents {
        for doc in &mut documents {
            doc.content = match &doc.content {
                Value::Object(m) => Value::Object(
                    m.iter()
                        .filter(|(_, v)| !v.is_array() && !v.is_object())
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                ),
                _ => Value::Null,
            };
        }
    }
    if d.messages_truncated {
        for f in &mut findings {
            f.explanation = f.code.explanation().to_string();
            f.spec = f.code.spec();
            f.message = clip_200(&f.message);
            f.expected = f.expected.as_deref().map(clip_200);
            f.found = f.found.as_deref().map(clip_200);
        }
    }
    let out = Report {
        schema: r.schema.clone(),
        tool: r.tool.clone(),
        input: r.input.clone(),
        references: r.references.clone(),
        index,
        images,
        documents,
        tree,
        summary: Summary::of(&findings),
        findings,
    };
    let mut v = serde_json::to_value(&out).unwrap();
    clip_all(&mut v);
    (serde_json::from_value(v).unwrap(), out_focus)
}

/// Encodes, checks the size, decodes and compares with [`expected`].
fn round_trip(r: &Report, focus: Option<&Focus>, ctx: &str) -> (String, Dropped) {
    let (fragment, dropped) = encode(r, focus);
    assert!(fragment.starts_with("r=1."), "{ctx}");
    if fragment.len() > MAX_FRAGMENT {
        assert!(matches!(decode(&fragment), Err(LinkError::TooLong { .. })));
        return (fragment, dropped);
    }
    let shared = decode(&fragment).unwrap_or_else(|e| panic!("{ctx}: {e}"));
    assert_eq!(shared.dropped, dropped, "{ctx}");
    let with_hash = decode(&format!("#{fragment}")).expect("with #");
    assert_eq!(with_hash, shared, "{ctx}: # is optional");
    let (want, want_focus) = expected(r, focus, &dropped);
    if shared.report != want {
        let a = serde_json::to_string_pretty(&shared.report).unwrap();
        let b = serde_json::to_string_pretty(&want).unwrap();
        let line = a
            .lines()
            .zip(b.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        panic!(
            "{ctx}: decoded report differs from the expected view near line {line}:\n got: {:?}\nwant: {:?}",
            a.lines().nth(line),
            b.lines().nth(line)
        );
    }
    assert_eq!(shared.focus, want_focus, "{ctx}");
    (fragment, dropped)
}

fn describe(d: &Dropped) -> String {
    let mut parts = Vec::new();
    for (on, name) in [
        (d.tree, "tree"),
        (d.history, "history"),
        (d.annotations, "annotations"),
        (d.documents, "documents"),
        (d.messages_truncated, "messages"),
    ] {
        if on {
            parts.push(name.to_string());
        }
    }
    if d.findings > 0 {
        parts.push(format!("{} findings", d.findings));
    }
    if parts.is_empty() {
        "-".into()
    } else {
        parts.join(", ")
    }
}

// ---------------------------------------------------------------------------
// 1. Real fixtures

macro_rules! fixtures {
    ($($file:literal),* $(,)?) => {
        vec![$(($file, include_bytes!(concat!("fixtures/", $file)) as &[u8])),*]
    };
}

fn fixtures() -> Vec<(&'static str, &'static [u8])> {
    fixtures![
        "docker-save.tar",
        "docker-save.tar.zst",
        "docker-save.tar.bz2",
        "docker-save-multi.tar",
        "docker-save-untagged.tar",
        "podman-docker-archive.tar",
        "podman-docker-archive-multi.tar",
        "skopeo-docker-archive.tar",
        "podman-oci-archive.tar",
        "podman-oci-archive.tar.xz",
        "skopeo-oci-gzip.tar",
        "skopeo-oci-gzip.tar.gz",
        "skopeo-oci-zstd.tar",
        "skopeo-oci-zstd-chunked.tar",
        "skopeo-oci-uncompressed.tar",
        "buildah-oci.tar",
        "buildah-docker.tar",
        "multi-platform.tar",
        "umoci-layout.tar",
        "rootfs.tar",
        "rootfs.tar.xz",
        "kimai-notag.tar",
        "skopeo-oci-uncompressed-mislabeled.tar",
        "podman-import-xz.tar",
        "skopeo-tarball-xz.tar",
        "trillian-mixed-media-types.tar",
        "zstd-typed-gzip.tar",
        "path-traversal.tar",
        "umoci-layout-multiref.tar",
    ]
}

#[test]
fn fixture_links_fit_and_round_trip() {
    println!(
        "{:<40} {:>12} {:>9} {:>9} {:>9} {:>9}  dropped (no focus)",
        "fixture", "report JSON", "no focus", "finding", "layer", "path"
    );
    let mut largest = 0;
    for (name, bytes) in fixtures() {
        let o = Options {
            tree: true,
            name: name.into(),
            ..Options::default()
        };
        let r = inspect(Cursor::new(bytes), &o, &mut NullSink).expect("readable");
        let full = serde_json::to_vec(&r).unwrap().len();
        let first_path = r.tree.as_ref().and_then(|t| {
            t.layers.first().and_then(|l| {
                l.entries.first().map(|e| Focus::Path {
                    image: l.image,
                    layer: Some(l.layer),
                    path: e.path.clone(),
                })
            })
        });
        let focuses = [
            None,
            (!r.findings.is_empty()).then_some(Focus::Finding(0)),
            (!r.images.is_empty()).then_some(Focus::Layer { image: 0, layer: 0 }),
            first_path,
        ];
        let mut sizes = Vec::new();
        let mut dropped_none = String::new();
        for (k, focus) in focuses.iter().enumerate() {
            if k > 0 && focus.is_none() {
                sizes.push("-".to_string());
                continue;
            }
            let ctx = format!("{name} focus {focus:?}");
            let (fragment, dropped) = round_trip(&r, focus.as_ref(), &ctx);
            assert!(fragment.len() <= TARGET, "{ctx}: {} bytes", fragment.len());
            largest = largest.max(fragment.len());
            if let Some(Focus::Path { path, .. }) = focus {
                let shared = decode(&fragment).unwrap();
                let t = shared.report.tree.expect("tree");
                assert!(
                    t.layers
                        .iter()
                        .any(|l| l.entries.iter().any(|e| &e.path == path)),
                    "{ctx}: the focused path is in the link"
                );
            }
            if k == 0 {
                dropped_none = describe(&dropped);
            }
            sizes.push(fragment.len().to_string());
        }
        println!(
            "{:<40} {:>12} {:>9} {:>9} {:>9} {:>9}  {}",
            name, full, sizes[0], sizes[1], sizes[2], sizes[3], dropped_none
        );
    }
    println!("largest fragment: {largest} bytes (target {TARGET})");
}

// ---------------------------------------------------------------------------
// 2. Random reports

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())].clone()
    }
    fn string(&mut self) -> String {
        const NASTY: &[&str] = &[
            "",
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "<script>window.__pwned=1</script>",
            "\"><img src=x onerror=alert(1)>",
            "javascript:alert(1)",
            "'quoted' \"double\" \\back\\slash",
            "usr/bin/é漢字🙂",
            "\u{202e}txt.exe",
            "nul\0inside",
            "line\nbreak\ttab",
            "\u{200d}\u{200b}",
            "docker.io/library/alpine:3.19",
            "etc/passwd",
            "$.history[3].created",
        ];
        match self.below(40) {
            0..=23 => self.pick(NASTY).to_string(),
            24..=35 => (0..self.below(40))
                .map(|_| char::from(b'a' + self.below(26) as u8))
                .collect(),
            36 => {
                // long, multi-byte: crosses the 200-character and 4 KiB cuts
                let len = self.pick(&[150usize, 199, 200, 201, 1500, 4095, 4096, 5000]);
                let alphabet = ['a', 'é', '漢', '🙂', '<', '"'];
                (0..len).map(|_| self.pick(&alphabet)).collect()
            }
            _ => format!("{:016x}{:016x}", self.next(), self.next()),
        }
    }
    fn opt(&mut self) -> Option<String> {
        self.chance(60).then(|| self.string())
    }
    fn status(&mut self) -> Option<Status> {
        self.pick(&[
            None,
            Some(Status::Verified),
            Some(Status::Mismatch),
            Some(Status::Missing),
            Some(Status::Unverifiable),
        ])
    }
    fn map(&mut self) -> BTreeMap<String, String> {
        (0..self.pick(&[0usize, 0, 1, 3]))
            .map(|_| (self.string(), self.string()))
            .collect()
    }
    fn platform(&mut self) -> Option<Platform> {
        self.chance(30).then(|| Platform {
            architecture: self.string(),
            os: self.string(),
            variant: self.opt(),
            os_version: self.opt(),
        })
    }
    fn value(&mut self, depth: usize) -> Value {
        match self.below(if depth > 5 { 4 } else { 7 }) {
            0 => Value::Null,
            1 => Value::Bool(self.chance(50)),
            2 => json!(self.next() as i64),
            3 => Value::String(self.string()),
            4 | 5 => Value::Array((0..self.below(4)).map(|_| self.value(depth + 1)).collect()),
            _ => {
                let keys = [
                    "history",
                    "annotations",
                    "Env",
                    "Labels",
                    "mediaType",
                    "config",
                    "x",
                ];
                Value::Object(
                    (0..self.below(5))
                        .map(|_| {
                            let k = if self.chance(70) {
                                self.pick(&keys).to_string()
                            } else {
                                self.string()
                            };
                            (k, self.value(depth + 1))
                        })
                        .collect(),
                )
            }
        }
    }
    fn deep(&mut self, levels: usize) -> Value {
        let mut v = json!("bottom");
        for i in 0..levels {
            v = if i % 2 == 0 {
                json!([v, 1])
            } else {
                json!({ "annotations": {}, "k": v })
            };
        }
        v
    }
    fn index(&mut self, depth: usize) -> IndexNode {
        let children = if depth < 3 && self.chance(50) {
            (0..self.below(3)).map(|_| self.index(depth + 1)).collect()
        } else {
            Vec::new()
        };
        IndexNode {
            kind: self.pick(&[
                IndexNodeKind::Index,
                IndexNodeKind::Manifest,
                IndexNodeKind::Attestation,
                IndexNodeKind::Other,
            ]),
            media_type: self.opt(),
            digest: self.opt(),
            size: self.chance(50).then(|| self.next() >> 20),
            platform: self.platform(),
            annotations: self.map(),
            artifact_type: self.opt(),
            entry: self.opt(),
            digest_status: self.status(),
            size_status: self.status(),
            image: self.chance(50).then(|| self.below(3) as u32),
            children,
        }
    }
    fn entry(&mut self, paths: &[String]) -> LayerEntry {
        LayerEntry {
            path: self.pick(paths),
            kind: self.pick(&[
                Kind::File,
                Kind::Dir,
                Kind::Symlink,
                Kind::Whiteout,
                Kind::Other,
            ]),
            mode: self.below(0o7777) as u32,
            uid: self.next() >> 40,
            gid: self.below(1000) as u64,
            size: self.next() >> 30,
            mtime: self.next() as i64,
            link: self.opt(),
            change: self.pick(&[
                None,
                Some(Change::Added),
                Some(Change::Modified),
                Some(Change::Removed),
            ]),
            layer: self.chance(30).then(|| self.below(4) as u32),
        }
    }
    fn finding(&mut self, paths: &[String]) -> Finding {
        let code = self.pick(Code::ALL);
        let mut loc = Location::default();
        if self.chance(50) {
            loc.entry = Some(self.string());
        }
        if self.chance(30) {
            loc.blob = Some(self.string());
        }
        if self.chance(60) {
            loc.image = Some(self.below(3) as u32);
        }
        if self.chance(50) {
            loc.layer = Some(self.below(4) as u32);
        }
        if self.chance(60) {
            loc.path = Some(if self.chance(70) {
                self.pick(paths)
            } else {
                self.string()
            });
        }
        let mut f = Finding::new(code, loc, self.string());
        if self.chance(30) {
            f = f.expected_found(self.string(), self.string());
        }
        if self.chance(10) {
            f = f.explain_more(self.string());
        }
        if self.chance(5) {
            f.explanation = self.string();
        }
        if self.chance(5) {
            f.spec = self.string();
        }
        if self.chance(5) {
            f.severity = self.pick(&[Severity::Error, Severity::Warning, Severity::Info]);
        }
        if self.chance(5) {
            f.check = self.pick(&Check::ALL);
        }
        if self.chance(5) {
            f.code = self.pick(Code::ALL);
        }
        f
    }
    fn report(&mut self) -> Report {
        let paths: Vec<String> = (0..6).map(|_| self.string()).collect();
        let images: Vec<Image> = (0..self.below(3))
            .map(|_| Image {
                kind: self.pick(&[
                    ImageKind::Image,
                    ImageKind::Artifact,
                    ImageKind::Attestation,
                ]),
                source: self.pick(&[ImageSource::Oci, ImageSource::DockerManifest]),
                manifest: ManifestInfo {
                    digest: self.opt(),
                    media_type: self.opt(),
                    document_media_type: self.opt(),
                    size: self.chance(50).then(|| self.next() >> 20),
                    platform: self.platform(),
                    annotations: self.map(),
                    artifact_type: self.opt(),
                    subject: self.opt(),
                    entry: self.opt(),
                    digest_status: self.status(),
                    size_status: self.status(),
                },
                config: ConfigInfo {
                    digest: self.opt(),
                    media_type: self.opt(),
                    entry: self.opt(),
                    os: self.opt(),
                    architecture: self.opt(),
                    variant: self.opt(),
                    created: self.opt(),
                    diff_ids: (0..self.below(3)).map(|_| self.string()).collect(),
                    history: (0..self.below(4))
                        .map(|_| History {
                            created: self.opt(),
                            created_by: self.opt(),
                            comment: self.opt(),
                            empty_layer: self.chance(30),
                            layer: self.chance(50).then(|| self.below(4) as u32),
                        })
                        .collect(),
                    env: (0..self.below(3)).map(|_| self.string()).collect(),
                    labels: self.map(),
                    digest_status: self.status(),
                    size_status: self.status(),
                },
                layers: (0..self.below(5))
                    .map(|i| LayerInfo {
                        index: i as u32,
                        media_type: self.opt(),
                        digest: self.opt(),
                        size: self.chance(50).then(|| self.next() >> 20),
                        entry: self.opt(),
                        compression: self.pick(&[
                            None,
                            Some(Content::Tar),
                            Some(Content::Gzip),
                            Some(Content::Zstd),
                            Some(Content::Xz),
                            Some(Content::Bzip2),
                            Some(Content::Empty),
                            Some(Content::Unknown),
                        ]),
                        uncompressed_size: self.chance(50).then(|| self.next() >> 20),
                        digest_status: self.status(),
                        size_status: self.status(),
                        diff_id: DiffIdInfo {
                            declared: self.opt(),
                            computed: self.opt(),
                            status: self.status(),
                        },
                        changes: self.chance(50).then(|| Changes {
                            added: self.below(100) as u64,
                            modified: self.below(100) as u64,
                            removed: self.below(100) as u64,
                        }),
                        files: self.chance(50).then(|| self.below(1000) as u64),
                        urls: (0..self.pick(&[0usize, 0, 2]))
                            .map(|_| self.string())
                            .collect(),
                        annotations: self.map(),
                    })
                    .collect(),
            })
            .collect();
        let documents = (0..self.below(4))
            .map(|_| Document {
                entry: self.string(),
                role: self
                    .pick(&["index", "manifest", "config", "manifest.json"])
                    .into(),
                digest: self.string(),
                content: if self.chance(10) {
                    let levels = self.pick(&[23usize, 24, 25, 40]);
                    self.deep(levels)
                } else {
                    self.value(0)
                },
            })
            .collect();
        let tree = self.chance(70).then(|| Tree {
            layers: (0..self.below(4))
                .map(|l| TreeLayer {
                    image: self.below(2) as u32,
                    layer: l as u32,
                    entries: (0..self.below(8)).map(|_| self.entry(&paths)).collect(),
                })
                .collect(),
            merged: (0..self.below(2))
                .map(|i| TreeMerged {
                    image: i as u32,
                    entries: (0..self.below(8)).map(|_| self.entry(&paths)).collect(),
                })
                .collect(),
        });
        let n = self.pick(&[0usize, 1, 3, 10, 30, 200]);
        let findings: Vec<Finding> = (0..n).map(|_| self.finding(&paths)).collect();
        Report {
            schema: if self.chance(95) {
                SCHEMA.into()
            } else {
                self.string()
            },
            tool: Tool {
                name: "ocilens".into(),
                version: self.string(),
            },
            input: Input {
                name: self.string(),
                size: self.next(),
                sha256: self.opt(),
                format: self.pick(&[
                    Format::DockerArchive,
                    Format::OciLayout,
                    Format::OciLayoutDockerManifest,
                    Format::RootfsTar,
                    Format::Unknown,
                ]),
                outer_compression: self.pick(&[
                    Compression::None,
                    Compression::Gzip,
                    Compression::Zstd,
                    Compression::Xz,
                    Compression::Bzip2,
                ]),
                rootfs_diff_id: self.opt(),
            },
            references: (0..self.below(4))
                .map(|_| ReferenceRecord {
                    as_written: self.string(),
                    normalized: self.opt(),
                    source: self.pick(&[
                        RefSource::RepoTags,
                        RefSource::Repositories,
                        RefSource::RefName,
                        RefSource::ContainerdName,
                    ]),
                    target: self.opt(),
                    image: self.chance(50).then(|| self.below(3) as u32),
                })
                .collect(),
            index: self.chance(60).then(|| self.index(0)),
            images,
            documents,
            tree,
            summary: Summary::of(&findings),
            findings,
        }
    }
    fn focus(&mut self, r: &Report) -> Option<Focus> {
        match self.below(5) {
            0 => None,
            1 => Some(Focus::Finding(self.below(r.findings.len() + 2) as u32)),
            2 => Some(Focus::Layer {
                image: self.below(3) as u32,
                layer: self.below(4) as u32,
            }),
            _ => {
                let path = r
                    .tree
                    .as_ref()
                    .and_then(|t| t.layers.first())
                    .and_then(|l| l.entries.first())
                    .map(|e| e.path.clone())
                    .unwrap_or_else(|| self.string());
                Some(Focus::Path {
                    image: self.below(2) as u32,
                    layer: self.chance(50).then(|| self.below(4) as u32),
                    path,
                })
            }
        }
    }
}

#[test]
fn random_reports_round_trip() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut levels: HashMap<String, usize> = HashMap::new();
    let mut over_target = 0;
    for n in 0..300 {
        let r = rng.report();
        let focus = rng.focus(&r);
        let (fragment, dropped) = round_trip(&r, focus.as_ref(), &format!("random report {n}"));
        if fragment.len() > TARGET {
            over_target += 1;
            // nothing more could be dropped
            assert!(dropped.messages_truncated, "report {n}");
        }
        let mut key = describe(&Dropped {
            findings: 0,
            ..dropped.clone()
        });
        if dropped.findings > 0 {
            key.push_str(", some findings");
        }
        *levels.entry(key).or_default() += 1;
    }
    let mut levels: Vec<_> = levels.into_iter().collect();
    levels.sort();
    println!("300 random reports; over {TARGET} bytes after every drop: {over_target}");
    for (what, count) in levels {
        println!("  {count:>4}  dropped: {what}");
    }
}

#[test]
fn many_findings_drop_the_tail_keeping_errors_and_the_focus() {
    let mut findings = Vec::new();
    for i in 0..3000 {
        let code = [
            Code::ArchiveUnreferencedBlob,
            Code::ArchiveTrailingData,
            Code::ArchiveTruncated,
        ][i % 3];
        findings.push(Finding::new(
            code,
            Location::entry(format!("blobs/sha256/{i:064x}")),
            format!(
                "finding {i} {:x}",
                (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ),
        ));
    }
    let mut rng = Rng(7);
    let mut r = rng.report();
    r.summary = Summary::of(&findings);
    r.findings = findings;
    let focus = Focus::Finding(2998); // an info, which would otherwise go first
    let (fragment, dropped) = round_trip(&r, Some(&focus), "3000 findings");
    assert!(fragment.len() <= TARGET);
    assert!(dropped.findings > 0 && dropped.messages_truncated);
    let shared = decode(&fragment).unwrap();
    let Some(Focus::Finding(k)) = shared.focus else {
        panic!("focus")
    };
    assert!(shared.report.findings[k as usize]
        .message
        .starts_with("finding 2998 "));
    let errors = shared
        .report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    assert!(
        errors + 1 >= shared.report.findings.len().min(1000),
        "errors are kept first"
    );
    println!(
        "3000 findings: {} bytes, {} findings kept, {} dropped",
        fragment.len(),
        shared.report.findings.len(),
        dropped.findings
    );
}

// ---------------------------------------------------------------------------
// 3. Hostile fragments

fn link(json: &[u8]) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(json, 6);
    format!("r=1.{}", URL_SAFE_NO_PAD.encode(packed))
}

const MINIMAL: &str = r#"{"t":["ocilens","0"],"i":{"n":"x","z":1,"f":"unknown","o":"none"}}"#;

#[test]
fn hostile_fragments_get_the_expected_error() {
    let e = |s: &str| decode(s).err();
    assert!(decode(&link(MINIMAL.as_bytes())).is_ok());
    assert_eq!(e(""), Some(LinkError::NotALink));
    assert_eq!(e("#"), Some(LinkError::NotALink));
    assert_eq!(e("#section-2"), Some(LinkError::NotALink));
    assert_eq!(e("r=1"), Some(LinkError::NotALink));
    assert_eq!(e("R=1.eNo"), Some(LinkError::NotALink));
    assert_eq!(e("r=2.eNo"), Some(LinkError::UnknownVersion("2".into())));
    assert_eq!(e("#r=x.abc"), Some(LinkError::UnknownVersion("x".into())));
    assert_eq!(e("r=.abc"), Some(LinkError::UnknownVersion("".into())));
    assert!(
        matches!(e(&format!("r={}.a", "9".repeat(100))), Some(LinkError::UnknownVersion(v)) if v.chars().count() <= 16)
    );
    assert_eq!(e("r=1.!!!!"), Some(LinkError::BadBase64));
    assert_eq!(e("r=1.eNo="), Some(LinkError::BadBase64));
    assert_eq!(e("r=1.a b"), Some(LinkError::BadBase64));
    assert_eq!(e("r=1."), Some(LinkError::BadDeflate));
    assert_eq!(e("r=1.AAAA"), Some(LinkError::BadDeflate));
    // a 65 KiB fragment is refused before anything is decoded
    let long = format!("r=1.{}", "A".repeat(65 * 1024));
    assert_eq!(
        e(&long),
        Some(LinkError::TooLong {
            len: long.len(),
            max: MAX_FRAGMENT
        })
    );
    assert!(matches!(
        e(&format!("#{long}")),
        Some(LinkError::TooLong { .. })
    ));
    // deflate bombs
    assert_eq!(
        e(&link(&vec![b' '; 2 * MAX_DECODED])),
        Some(LinkError::TooLarge { max: MAX_DECODED })
    );
    let mut just_over = vec![b' '; MAX_DECODED + 1 - MINIMAL.len()];
    just_over.extend_from_slice(MINIMAL.as_bytes());
    assert_eq!(
        e(&link(&just_over)),
        Some(LinkError::TooLarge { max: MAX_DECODED })
    );
    let at_cap = &just_over[1..];
    assert_eq!(at_cap.len(), MAX_DECODED);
    assert!(
        decode(&link(at_cap)).is_ok(),
        "exactly {MAX_DECODED} bytes are read"
    );
    // the checksum catches a changed byte
    let mut packed = miniz_oxide::deflate::compress_to_vec_zlib(MINIMAL.as_bytes(), 9);
    let last = packed.len() - 1;
    packed[last] ^= 1;
    assert_eq!(
        e(&format!("r=1.{}", URL_SAFE_NO_PAD.encode(&packed))),
        Some(LinkError::BadDeflate)
    );
    // not JSON, or over the limits
    let bad_json = |s: &[u8]| matches!(decode(&link(s)), Err(LinkError::BadJson(_)));
    assert!(bad_json(b"not json"));
    assert!(bad_json(b""));
    assert!(bad_json(format!("{MINIMAL} trailing").as_bytes()));
    assert!(bad_json(br#"{"t":["a","\ud800"]}"#));
    assert!(bad_json(b"{\"t\":\"\xff\"}"));
    assert!(bad_json(
        format!("{}{}", "[".repeat(33), "]".repeat(33)).as_bytes()
    ));
    assert!(!bad_json(
        format!("{}{}", "[".repeat(32), "]".repeat(32)).as_bytes()
    ));
    assert!(bad_json(
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).as_bytes()
    ));
    assert!(bad_json("{\"a\":".repeat(5000).as_bytes()));
    assert!(bad_json(format!("[\"{}\"]", "x".repeat(4097)).as_bytes()));
    assert!(!bad_json(format!("[\"{}\"]", "x".repeat(4096)).as_bytes()));
    assert!(bad_json(
        format!("{{\"{}\":1}}", "k".repeat(4097)).as_bytes()
    ));
    assert!(bad_json(format!("[{}0]", "0,".repeat(10_000)).as_bytes()));
    assert!(!bad_json(format!("[{}0]", "0,".repeat(9_999)).as_bytes()));
    let members: Vec<String> = (0..10_001).map(|i| format!("\"{i}\":0")).collect();
    assert!(bad_json(format!("{{{}}}", members.join(",")).as_bytes()));
    // JSON of the wrong shape
    let wrong = |s: &str| matches!(decode(&link(s.as_bytes())), Err(LinkError::WrongSchema(_)));
    assert!(wrong("{}"));
    assert!(wrong("[1,2]"));
    assert!(wrong("null"));
    assert!(wrong(
        r#"{"t":["a"],"i":{"n":"x","z":1,"f":"unknown","o":"none"}}"#
    ));
    assert!(wrong(
        r#"{"t":["a","b"],"i":{"n":"x","z":-1,"f":"unknown","o":"none"}}"#
    ));
    assert!(wrong(
        r#"{"t":["a","b"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"f":[{"c":"no.such-code","m":""}]}"#
    ));
    assert!(wrong(
        r#"{"t":["a","b"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"o":{"Finding":0}}"#
    ));
    assert!(wrong(
        r#"{"t":["a","b"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"x":[{"k":"index"},{"p":2,"k":"manifest"}]}"#
    ));
    assert!(wrong(
        r#"{"t":["a","b"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"x":[{"p":1,"k":"index"}]}"#
    ));
    assert!(wrong(
        r#"{"t":["a","b"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"x":[{"k":"index"},{"k":"index"}]}"#
    ));
    assert!(wrong(
        r#"{"t":["a","b"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"f":[{"c":"tar.truncated","m":"","s":"fatal"}]}"#
    ));
    // an index nested as deep as allowed is fine, one more level is not
    let chain = |n: usize| {
        let nodes: Vec<String> = (0..=n)
            .map(|p| format!(r#"{{"p":{p},"k":"index"}}"#))
            .collect();
        format!(
            r#"{{"t":["a","b"],"i":{{"n":"x","z":1,"f":"unknown","o":"none"}},"x":[{}]}}"#,
            nodes.join(",")
        )
    };
    assert!(decode(&link(chain(32).as_bytes())).is_ok());
    assert!(wrong(&chain(33)));
    // a valid focused link decodes; strings come back as text, unchanged
    let ok = decode(&link(
        br#"{"t":["a","b"],"i":{"n":"<script>alert(1)</script>","z":1,"f":"unknown","o":"none"},"f":[{"c":"tar.truncated","m":"\"><img src=x onerror=alert(1)>"}],"o":{"Finding":0}}"#,
    ))
    .expect("valid");
    assert_eq!(ok.report.input.name, "<script>alert(1)</script>");
    assert_eq!(ok.focus, Some(Focus::Finding(0)));
    assert_eq!(ok.report.findings[0].severity, Severity::Error);
    assert!(
        !ok.report.findings[0].explanation.is_empty(),
        "restored from the catalogue"
    );
    // every error reads as a sentence
    for err in [
        LinkError::NotALink,
        LinkError::TooLong {
            len: 70_000,
            max: MAX_FRAGMENT,
        },
        LinkError::UnknownVersion("2".into()),
        LinkError::BadBase64,
        LinkError::BadDeflate,
        LinkError::TooLarge { max: MAX_DECODED },
        LinkError::BadJson("x".into()),
        LinkError::WrongSchema("x".into()),
    ] {
        let text = err.to_string();
        assert!(
            text.starts_with("This ") && (text.ends_with('.') || text.ends_with('?')),
            "{text}"
        );
    }
}

#[test]
fn fuzzed_fragments_never_panic() {
    let mut rng = Rng(0xDEAD_BEEF_CAFE_F00D);
    let seeds: Vec<String> = (0..8)
        .map(|_| {
            let r = rng.report();
            let focus = rng.focus(&r);
            encode(&r, focus.as_ref()).0
        })
        .filter(|f| f.len() <= MAX_FRAGMENT)
        .collect();
    let alphabet: Vec<char> =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=.#%+/ é"
            .chars()
            .collect();
    let (mut ok, mut err) = (0, 0);
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for n in 0..20_000 {
        let fragment = match n % 5 {
            0 => {
                let bytes: Vec<u8> = (0..rng.below(600)).map(|_| rng.next() as u8).collect();
                format!("r=1.{}", URL_SAFE_NO_PAD.encode(bytes))
            }
            1 => {
                // a valid deflate stream of random bytes
                let bytes: Vec<u8> = (0..rng.below(600)).map(|_| rng.next() as u8).collect();
                link(&bytes)
            }
            2 => {
                let mut chars: Vec<char> = rng.pick(&seeds).chars().collect();
                for _ in 0..=rng.below(3) {
                    let i = rng.below(chars.len());
                    chars[i] = rng.pick(&alphabet);
                }
                chars.into_iter().collect()
            }
            3 => {
                let s = rng.pick(&seeds);
                let cut = rng.below(s.len());
                s[..cut].to_string()
            }
            _ => {
                let mut s = rng.pick(&seeds);
                for _ in 0..=rng.below(8) {
                    s.push(rng.pick(&alphabet));
                }
                s
            }
        };
        match decode(&fragment) {
            Ok(_) => ok += 1,
            Err(e) => {
                err += 1;
                let kind = format!("{e:?}");
                let kind = kind.split(['(', ' ']).next().unwrap_or("").to_string();
                *kinds.entry(kind).or_default() += 1;
            }
        }
    }
    assert_eq!(ok + err, 20_000);
    println!("20000 fuzzed fragments: {ok} decoded, {err} refused: {kinds:?}");
}

// ---------------------------------------------------------------------------
// 4. Decoding time

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn decoding_a_64_kib_fragment_is_fast() {
    // the largest link a page reads: findings with incompressible messages, up to 64 KiB
    let mut rng = Rng(42);
    let mut findings = Vec::new();
    let mut fragment = String::new();
    for step in 0.. {
        let batch: Vec<String> = (0..50)
            .map(|_| {
                format!(
                    r#"{{"c":"tar.truncated","m":"{:016x}{:016x}","w":{{"p":"usr/lib/{:x}"}}}}"#,
                    rng.next(),
                    rng.next(),
                    rng.next()
                )
            })
            .collect();
        let mut next = findings.clone();
        next.extend(batch);
        let json = format!(
            r#"{{"t":["ocilens","0"],"i":{{"n":"x","z":1,"f":"oci-layout","o":"none"}},"f":[{}]}}"#,
            next.join(",")
        );
        let candidate = link(json.as_bytes());
        if candidate.len() > MAX_FRAGMENT || step > 1000 {
            break;
        }
        findings = next;
        fragment = candidate;
    }
    // and one that inflates to nearly 1 MiB of compressible JSON
    let many: Vec<String> = (0..9_000)
        .map(|i| format!(r#"{{"c":"archive.unreferenced-blob","m":"blob {i} is not referenced by any manifest of the layout"}}"#))
        .collect();
    let big = link(
        format!(
            r#"{{"t":["ocilens","0"],"i":{{"n":"x","z":1,"f":"oci-layout","o":"none"}},"f":[{}]}}"#,
            many.join(",")
        )
        .as_bytes(),
    );
    let random = format!(
        "r=1.{}",
        URL_SAFE_NO_PAD.encode(
            (0..(MAX_FRAGMENT - 4) * 3 / 4)
                .map(|_| rng.next() as u8)
                .collect::<Vec<u8>>()
        )
    );
    for (what, f) in [
        ("incompressible findings", &fragment),
        ("compressible findings", &big),
        ("random bytes", &random),
    ] {
        assert!(f.len() <= MAX_FRAGMENT, "{what}: {}", f.len());
        let start = std::time::Instant::now();
        let mut result = None;
        for _ in 0..10 {
            result = Some(decode(f));
        }
        let each = start.elapsed() / 10;
        let outcome = match result.unwrap() {
            Ok(s) => format!("{} findings", s.report.findings.len()),
            Err(e) => format!("{e:?}"),
        };
        println!("decode {what}: {} bytes in {each:?} ({outcome})", f.len());
    }
    assert_eq!(
        decode(&fragment).unwrap().report.findings.len(),
        findings.len()
    );
    assert_eq!(decode(&big).unwrap().report.findings.len(), 9_000);
}

#[test]
fn a_report_that_cannot_shrink_is_returned_whole() {
    // references are never dropped: incompressible names keep the link large
    let mut rng = Rng(99);
    let name = |rng: &mut Rng| -> String {
        let alphabet: Vec<char> =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
                .chars()
                .collect();
        (0..4000).map(|_| rng.pick(&alphabet)).collect()
    };
    let mut r = rng.report();
    r.references = (0..5)
        .map(|_| ReferenceRecord {
            as_written: name(&mut rng),
            normalized: None,
            source: RefSource::RepoTags,
            target: None,
            image: None,
        })
        .collect();
    let (fragment, dropped) = round_trip(&r, None, "5 long references");
    assert!(fragment.len() > TARGET && fragment.len() <= MAX_FRAGMENT);
    assert!(
        dropped.history && dropped.annotations && dropped.documents && dropped.messages_truncated
    );
    assert_eq!(dropped.findings as usize, r.findings.len());
    r.references.extend((0..15).map(|_| ReferenceRecord {
        as_written: name(&mut rng),
        normalized: None,
        source: RefSource::RepoTags,
        target: None,
        image: None,
    }));
    let (fragment, _) = encode(&r, None);
    assert!(fragment.len() > MAX_FRAGMENT);
    assert!(matches!(decode(&fragment), Err(LinkError::TooLong { .. })));
}
