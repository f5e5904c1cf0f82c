//! Random reports for the round trips: every field a link carries, with
//! long, deep and odd values (configs in `random/config.rs`).

use ocilens::engine::finding::{Check, Code, Finding, Location, Severity};
use ocilens::engine::model::descriptor::Platform;
use ocilens::engine::report::{
    BlobCheck, Compression, Content, DiffIdInfo, Document, DocumentRole, Format, Image, ImageKind,
    ImageSource, IndexNode, IndexNodeKind, Input, LayerInfo, ManifestInfo, RefSource,
    ReferenceRecord, Report, Status, Summary, Tool, Tree, TreeLayer, TreeMerged, SCHEMA,
};
use ocilens::engine::share::Focus;
use ocilens::engine::tree::entry::{Change, Kind, LayerEntry};
use ocilens::engine::tree::merge::Changes;
use serde_json::{json, Value};
use std::collections::BTreeMap;

mod config;

pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    pub(crate) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub(crate) fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())].clone()
    }
    pub(crate) fn string(&mut self) -> String {
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
            "DB_PASSWORD=hunter2hunter2",
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
    pub(crate) fn opt(&mut self) -> Option<String> {
        self.chance(60).then(|| self.string())
    }
    pub(crate) fn status(&mut self) -> Option<Status> {
        self.pick(&[
            None,
            Some(Status::Verified),
            Some(Status::Mismatch),
            Some(Status::Missing),
            Some(Status::Unverifiable),
        ])
    }
    pub(crate) fn map(&mut self) -> BTreeMap<String, String> {
        (0..self.pick(&[0usize, 0, 1, 3]))
            .map(|_| (self.string(), self.string()))
            .collect()
    }
    pub(crate) fn platform(&mut self) -> Option<Platform> {
        self.chance(30).then(|| Platform {
            architecture: self.string(),
            os: self.string(),
            variant: self.opt(),
            os_version: self.opt(),
        })
    }
    pub(crate) fn value(&mut self, depth: usize) -> Value {
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
    pub(crate) fn deep(&mut self, levels: usize) -> Value {
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
    pub(crate) fn index(&mut self, depth: usize) -> IndexNode {
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
            check: BlobCheck {
                digest_status: self.status(),
                size_status: self.status(),
            },
            image: self.chance(50).then(|| self.below(3) as u32),
            children,
        }
    }
    pub(crate) fn entry(&mut self, paths: &[String]) -> LayerEntry {
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
            hash: self.chance(50).then(|| (self.next() as u128).to_be_bytes()),
        }
    }
    pub(crate) fn finding(&mut self, paths: &[String]) -> Finding {
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
    /// A whole report: the paths, images, documents, tree and findings are
    /// drawn first, then the other fields in order (the order is what makes
    /// a seed give the same report).
    pub(crate) fn report(&mut self) -> Report {
        let paths: Vec<String> = (0..6).map(|_| self.string()).collect();
        let images: Vec<Image> = (0..self.below(3)).map(|_| self.image()).collect();
        let documents = (0..self.below(4)).map(|_| self.document()).collect();
        let tree = self.chance(70).then(|| self.tree(&paths));
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
            input: self.input(),
            references: (0..self.below(4)).map(|_| self.reference()).collect(),
            index: self.chance(60).then(|| self.index(0)),
            images,
            documents,
            tree,
            summary: Summary::of(&findings),
            findings,
            compatibility: Vec::new(),
        }
    }
    fn image(&mut self) -> Image {
        Image {
            kind: self.pick(&[
                ImageKind::Image,
                ImageKind::Artifact,
                ImageKind::Attestation,
            ]),
            source: self.pick(&[ImageSource::Oci, ImageSource::DockerManifest]),
            manifest: self.manifest(),
            config: self.config(),
            layers: (0..self.below(5)).map(|i| self.layer(i as u32)).collect(),
            efficiency: self.chance(50).then(|| self.efficiency()),
            // a share link does not carry the packages (share/compact/image.rs)
            packages: Vec::new(),
        }
    }
    fn manifest(&mut self) -> ManifestInfo {
        ManifestInfo {
            digest: self.opt(),
            media_type: self.opt(),
            document_media_type: self.opt(),
            size: self.chance(50).then(|| self.next() >> 20),
            platform: self.platform(),
            annotations: self.map(),
            artifact_type: self.opt(),
            subject: self.opt(),
            entry: self.opt(),
            check: BlobCheck {
                digest_status: self.status(),
                size_status: self.status(),
            },
        }
    }
    fn layer(&mut self, index: u32) -> LayerInfo {
        LayerInfo {
            index,
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
            check: BlobCheck {
                digest_status: self.status(),
                size_status: self.status(),
            },
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
            wasted_bytes: self.chance(50).then(|| self.next() >> 30),
            // not shared (the comparison reads both files)
            tar: None,
            urls: (0..self.pick(&[0usize, 0, 2]))
                .map(|_| self.string())
                .collect(),
            annotations: self.map(),
        }
    }
    fn document(&mut self) -> Document {
        Document {
            entry: self.string(),
            role: self.pick(&[
                DocumentRole::Index,
                DocumentRole::Manifest,
                DocumentRole::Config,
                DocumentRole::ManifestJson,
            ]),
            digest: self.string(),
            content: if self.chance(10) {
                let levels = self.pick(&[23usize, 24, 25, 40]);
                self.deep(levels)
            } else {
                self.value(0)
            },
        }
    }
    fn tree(&mut self, paths: &[String]) -> Tree {
        Tree {
            layers: (0..self.below(4))
                .map(|l| TreeLayer {
                    image: self.below(2) as u32,
                    layer: l as u32,
                    entries: (0..self.below(8)).map(|_| self.entry(paths)).collect(),
                })
                .collect(),
            merged: (0..self.below(2))
                .map(|i| TreeMerged {
                    image: i as u32,
                    entries: (0..self.below(8)).map(|_| self.entry(paths)).collect(),
                })
                .collect(),
        }
    }
    fn input(&mut self) -> Input {
        Input {
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
        }
    }
    fn reference(&mut self) -> ReferenceRecord {
        ReferenceRecord {
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
        }
    }
    pub(crate) fn focus(&mut self, r: &Report) -> Option<Focus> {
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
