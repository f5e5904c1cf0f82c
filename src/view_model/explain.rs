//! Explain mode: a guided walk through the dropped image, told with its own
//! values (entry names, digests, sizes, `rootfs.diff_ids`, media types), and
//! the image's graph for the SVG diagram (index → manifests → config and
//! layers, coloured by verification state).
//!
//! Pure: built from a [`Report`], rendered by the Yew components. Every
//! string is text for the page (never HTML).

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

use super::format::{bytes, short_digest};
use super::links::truncate;
use crate::engine::finding::{Check, Finding};
use crate::engine::model::media_type::{family, layer_type, Family, DOCKER_MANIFEST};
use crate::engine::report::{Image, IndexNode, LayerInfo, Report, Status};
use crate::engine::tree::entry::Kind;
use std::collections::{HashMap, HashSet};

/// A step of the walk, in teaching order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepId {
    /// The files of the archive.
    Archive,
    /// The index: descriptors pointing to manifests by digest.
    Index,
    /// A manifest: config and layers, in order.
    Manifest,
    /// The config: `rootfs.diff_ids` and history.
    Config,
    /// One layer, from both sides: digest and DiffID.
    Layer,
    /// The layer stack: whiteouts, opaque directories, the merged tree.
    Stack,
    /// Media types: the claim vs the bytes.
    MediaTypes,
}

impl StepId {
    /// Every step, in walk order.
    pub const ALL: [StepId; 7] = [
        StepId::Archive,
        StepId::Index,
        StepId::Manifest,
        StepId::Config,
        StepId::Layer,
        StepId::Stack,
        StepId::MediaTypes,
    ];

    /// The anchor name (`#explain-<slug>`).
    pub fn slug(self) -> &'static str {
        match self {
            StepId::Archive => "archive",
            StepId::Index => "index",
            StepId::Manifest => "manifest",
            StepId::Config => "config",
            StepId::Layer => "layer",
            StepId::Stack => "stack",
            StepId::MediaTypes => "media-types",
        }
    }

    /// The heading.
    pub fn title(self) -> &'static str {
        match self {
            StepId::Archive => "The files of the archive",
            StepId::Index => "The index",
            StepId::Manifest => "A manifest",
            StepId::Config => "The config",
            StepId::Layer => "One layer, from both sides",
            StepId::Stack => "The layer stack",
            StepId::MediaTypes => "Media types",
        }
    }

    /// The step of a slug.
    pub fn from_slug(s: &str) -> Option<StepId> {
        StepId::ALL.into_iter().find(|id| id.slug() == s)
    }
}

/// The step that teaches the idea behind a finding, from the finding alone
/// (findings-catalogue.md, last section). `json`, `descriptor-media-type` and
/// `blob-missing` findings go to the index step when they are about
/// `index.json` or a manifest list, else to the manifest step; use
/// [`step_for_in`] to also recognise nested indexes by their blob.
pub fn step_for(f: &Finding) -> StepId {
    step_with(f, &HashSet::new())
}

/// [`step_for`], also recognising the blobs of nested indexes of `report`.
pub fn step_for_in(report: &Report, f: &Finding) -> StepId {
    step_with(f, &index_names(report))
}

/// Digests and entries of every index node (nested ones included).
fn index_names(report: &Report) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut stack: Vec<&IndexNode> = report.index.iter().collect();
    while let Some(n) = stack.pop() {
        if n.kind == "index" {
            out.extend(n.digest.iter().cloned());
            out.extend(n.entry.iter().cloned());
        }
        stack.extend(n.children.iter());
    }
    out
}

fn step_with(f: &Finding, indexes: &HashSet<String>) -> StepId {
    let name = f.code.split_once('.').map_or(f.code.as_str(), |(_, n)| n);
    match f.check {
        Check::Archive | Check::Format | Check::Reference => StepId::Archive,
        Check::Json | Check::DescriptorMediaType | Check::BlobMissing => {
            if about_index(f, indexes) {
                StepId::Index
            } else {
                StepId::Manifest
            }
        }
        Check::Config => StepId::Config,
        Check::Diffid if matches!(name, "count" | "history-count") => StepId::Config,
        Check::Diffid | Check::BlobDigest | Check::BlobSize => StepId::Layer,
        Check::Tar | Check::Whiteout | Check::PathSafety => StepId::Stack,
        Check::LayerCompression | Check::MediaTypeMix | Check::Compatibility => StepId::MediaTypes,
        Check::Limits => match name {
            "tar-extension" | "entries-per-layer" | "path-length" => StepId::Stack,
            "json-document" | "json-depth" | "index-depth" => StepId::Index,
            _ => StepId::Layer,
        },
    }
}

/// Whether a finding is about `index.json` or a manifest list.
fn about_index(f: &Finding, indexes: &HashSet<String>) -> bool {
    let w = &f.r#where;
    let index_type = |s: &String| s.contains("image.index.v1+json") || s.contains("manifest.list");
    w.entry
        .as_deref()
        .is_some_and(|e| e == "index.json" || e.ends_with("/index.json") || indexes.contains(e))
        || w.blob.as_ref().is_some_and(|b| indexes.contains(b))
        || w.path
            .as_deref()
            .is_some_and(|p| p.starts_with("$.manifests"))
        || matches!(
            f.code.as_str(),
            "blob-missing.manifest" | "blob-missing.platform-not-saved"
        )
        || [Some(&f.message), f.expected.as_ref(), f.found.as_ref()]
            .into_iter()
            .flatten()
            .any(index_type)
}

/// One piece of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Plain words.
    Text(String),
    /// A value from the image (rendered as `<code>`).
    Value(String),
    /// A blob digest (a clickable `<code>`).
    Digest(String),
    /// A verification mark (✓, ✗; `None`: not checked yet).
    Mark(Option<Status>),
}

/// One step of the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Which step.
    pub id: StepId,
    /// Its heading.
    pub title: String,
    /// Paragraphs, each a list of parts.
    pub paragraphs: Vec<Vec<Part>>,
    /// Findings (indexes into `report.findings`) whose step this is.
    pub findings: Vec<usize>,
    /// Key values, for tests: e.g. (`layer-digest`, `sha256:…`).
    pub facts: Vec<(String, String)>,
}

/// A paragraph being written.
#[derive(Default)]
struct Para(Vec<Part>);

impl Para {
    /// Words; a span between backticks becomes a [`Part::Value`].
    fn t(mut self, s: impl Into<String>) -> Self {
        let s = s.into();
        for (n, piece) in s.split('`').enumerate() {
            if n % 2 == 1 {
                self.0.push(Part::Value(piece.to_string()));
            } else if !piece.is_empty() {
                if let Some(Part::Text(last)) = self.0.last_mut() {
                    last.push_str(piece);
                } else {
                    self.0.push(Part::Text(piece.to_string()));
                }
            }
        }
        self
    }
    fn v(mut self, s: impl Into<String>) -> Self {
        self.0.push(Part::Value(s.into()));
        self
    }
    fn d(mut self, s: impl Into<String>) -> Self {
        self.0.push(Part::Digest(s.into()));
        self
    }
    fn m(mut self, s: Option<Status>) -> Self {
        self.0.push(Part::Mark(s));
        self
    }
    /// A digest that names a blob, or "(none)".
    fn od(self, s: Option<&String>) -> Self {
        match s {
            Some(d) => self.d(d.clone()),
            None => self.t("(no digest)"),
        }
    }
    /// A status in words, then its mark.
    fn st(self, s: Option<Status>) -> Self {
        self.t(status_words(s)).t(" ").m(s)
    }
}

fn p() -> Para {
    Para::default()
}

/// Paragraphs and facts of one step.
#[derive(Default)]
struct Out {
    paragraphs: Vec<Vec<Part>>,
    facts: Vec<(String, String)>,
}

impl Out {
    fn push(&mut self, para: Para) {
        self.paragraphs.push(para.0);
    }
    fn fact(&mut self, k: &str, v: impl ToString) {
        self.facts.push((k.to_string(), v.to_string()));
    }
}

fn status_words(s: Option<Status>) -> &'static str {
    match s {
        Some(Status::Verified) => "verified here",
        Some(Status::Mismatch) => "does NOT match",
        Some(Status::Missing) => "missing from the archive",
        Some(Status::Unverifiable) => "could not be checked",
        None => "not checked yet",
    }
}

/// The worst of some statuses (`None` when none is known).
fn worst(statuses: &[Option<Status>]) -> Option<Status> {
    let rank = |s: &Status| match s {
        Status::Verified => 0,
        Status::Unverifiable => 1,
        Status::Missing => 2,
        Status::Mismatch => 3,
    };
    statuses.iter().flatten().copied().max_by_key(rank)
}

/// `"266 bytes"`, `"9728 bytes (9.73 kB)"`.
fn nbytes(n: u64) -> String {
    nbytes_of(n, "")
}

/// `"266 compressed bytes"`, `"4096 bytes (4.10 kB)"`: `adj` before "bytes".
fn nbytes_of(n: u64, adj: &str) -> String {
    if n < 1000 {
        format!("{n} {adj}bytes")
    } else {
        format!("{n} {adj}bytes ({})", bytes(n))
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Longest lists spelled out in a paragraph run.
const LIST_MAX: usize = 12;

/// What the walk is about.
struct Ctx<'a> {
    r: &'a Report,
    i: usize,
    img: Option<&'a Image>,
    layer: Option<&'a LayerInfo>,
}

impl Ctx<'_> {
    fn docker_archive(&self) -> bool {
        self.r.input.format == "docker-archive"
    }
    fn rootfs(&self) -> bool {
        self.r.input.format == "rootfs-tar"
    }
    /// Tree entries of layer `k` of this image, when the tree was kept.
    fn tree_layer(&self, k: u32) -> Option<&[crate::engine::tree::entry::LayerEntry]> {
        self.r.tree.as_ref().and_then(|t| {
            t.layers
                .iter()
                .find(|l| l.image as usize == self.i && l.layer == k)
                .map(|l| l.entries.as_slice())
        })
    }
    /// `os/arch[/variant]` of the image.
    fn platform(&self) -> Option<String> {
        self.img.and_then(image_platform)
    }
}

/// The walk for image `image` of the report; `layer` picks the layer of the
/// "one layer, from both sides" step (default: the first layer with both a
/// digest and a computed DiffID). Always the seven steps of [`StepId::ALL`];
/// a step that does not apply says so.
///
/// Facts, by step (present when known): archive `format`,
/// `outer-compression`, `blobs`, `references`, `rootfs-diffid`; index
/// `index` (`none`), `index-descriptors`, `index-nested`; manifest
/// `layer-count`, `manifest-digest`, `manifest-media-type`; config
/// `diff-ids`, `history`, `empty-layers`, `config-digest`; layer
/// `layer-index`, `layer-compression`, `layer-digest`, `layer-size`,
/// `layer-diffid`, `layer-tar-bytes`, `layer-diffid-declared`; stack
/// `whiteouts`, `opaque-dirs`, `merged-entries`; media types
/// `layer-<i>-media-type`, `layer-<i>-compression`, `mismatches`.
pub fn walk(report: &Report, image: usize, layer: Option<u32>) -> Vec<Step> {
    let img = report.images.get(image);
    let chosen = img.and_then(|im| match layer {
        Some(n) => im.layers.iter().find(|l| l.index == n),
        None => im
            .layers
            .iter()
            .find(|l| l.digest.is_some() && l.diff_id.computed.is_some())
            .or_else(|| im.layers.first()),
    });
    let c = Ctx {
        r: report,
        i: image,
        img,
        layer: chosen,
    };
    let indexes = index_names(report);
    StepId::ALL
        .into_iter()
        .map(|id| {
            let mut o = Out::default();
            match id {
                StepId::Archive => archive_step(&c, &mut o),
                StepId::Index => index_step(&c, &mut o),
                StepId::Manifest => manifest_step(&c, &mut o),
                StepId::Config => config_step(&c, &mut o),
                StepId::Layer => layer_step(&c, &mut o),
                StepId::Stack => stack_step(&c, &mut o),
                StepId::MediaTypes => media_types_step(&c, &mut o),
            }
            let findings = report
                .findings
                .iter()
                .enumerate()
                .filter(|(_, f)| f.r#where.image.is_none_or(|n| n as usize == image))
                .filter(|(_, f)| step_with(f, &indexes) == id)
                .map(|(n, _)| n)
                .collect();
            Step {
                id,
                title: id.title().to_string(),
                paragraphs: o.paragraphs,
                findings,
                facts: o.facts,
            }
        })
        .collect()
}

fn has_doc(r: &Report, role: &str) -> bool {
    r.documents.iter().any(|d| d.role == role)
}

fn archive_step(c: &Ctx, o: &mut Out) {
    let inp = &c.r.input;
    o.fact("format", &inp.format);
    o.fact("outer-compression", &inp.outer_compression);
    let mut first = p()
        .t("You dropped ")
        .v(&inp.name)
        .t(format!(", {}", nbytes(inp.size)));
    if inp.outer_compression != "none" {
        first = first
            .t(", compressed as a whole with ")
            .v(&inp.outer_compression)
            .t(": ocilens reads the tar inside as it decompresses it");
    }
    o.push(first.t(". It is a tar archive; here is what its files are."));
    match inp.format.as_str() {
        "oci-layout" | "oci-layout+docker-manifest" => oci_files(c, o),
        "docker-archive" => docker_files(c, o),
        "rootfs-tar" => {
            let entries = c.tree_layer(0).map_or(0, <[_]>::len);
            o.push(
                p().t("This file is not an image: it is a bare file-system tarball of ")
                    .t(plural(entries, "entry", "entries"))
                    .t(", the kind of file `podman import` and `docker import` take."),
            );
            if let Some(d) = &inp.rootfs_diff_id {
                o.fact("rootfs-diffid", d);
                o.push(
                    p().t("An import wraps it into a one-layer image: it writes a config whose ")
                        .t("`rootfs.diff_ids` records the sha256 of the uncompressed tar, here ")
                        .v(d)
                        .t(", and a manifest naming that config and the layer."),
                );
            }
        }
        _ => o.push(p().t(
            "ocilens could not read this file as an image: it has no `oci-layout` or \
             `index.json` (an OCI layout), no `manifest.json` (a docker-archive), and it \
             does not look like a file system.",
        )),
    }
    references(c, o);
}

fn oci_files(c: &Ctx, o: &mut Out) {
    let r = c.r;
    match r.documents.iter().find(|d| d.role == "oci-layout") {
        Some(doc) => {
            let version = doc
                .content
                .get("imageLayoutVersion")
                .and_then(|v| v.as_str())
                .unwrap_or("(none)");
            o.push(
                p().v(&doc.entry)
                    .t(" marks the archive as an OCI image layout (image-spec image-layout.md); it says ")
                    .v(format!("imageLayoutVersion: {version}"))
                    .t("."),
            );
        }
        None => o.push(p().t(
            "There is no `oci-layout` file, although an OCI image layout should start with one.",
        )),
    }
    if has_doc(r, "index") {
        o.push(
            p().v("index.json")
                .t(" is the entry point: it lists the images of the layout by digest (next step)."),
        );
    }
    let mut blobs: HashSet<&str> = r
        .documents
        .iter()
        .map(|d| d.entry.as_str())
        .filter(|e| e.starts_with("blobs/"))
        .collect();
    for img in &r.images {
        blobs.extend(img.layers.iter().filter_map(|l| l.entry.as_deref()));
    }
    blobs.retain(|e| e.starts_with("blobs/"));
    o.fact("blobs", blobs.len());
    o.push(
        p().v("blobs/")
            .t(format!(
                " holds everything else, {} here, each named after the sha256 of its own bytes \
                 (",
                plural(blobs.len(), "file", "files")
            ))
            .v("blobs/sha256/<hex>")
            .t("). Manifests, configs and layers all live there; only the documents that point to them say which is which."),
    );
    if r.input.format == "oci-layout+docker-manifest" || has_doc(r, "manifest.json") {
        o.push(
            p().t("This archive also has a Docker ")
                .v("manifest.json")
                .t(", so it describes its images twice: `docker load` reads `manifest.json`, OCI tools read `index.json`. ocilens checks that both descriptions agree."),
        );
    }
}

fn docker_files(c: &Ctx, o: &mut Out) {
    let r = c.r;
    o.push(p().t(
        "This is a docker-archive, the format of `docker save`: there is no `oci-layout` and no `index.json`.",
    ));
    o.push(
        p().v("manifest.json")
            .t(format!(
                " lists the images ({} here): for each, its `Config` file, its `RepoTags` and its `Layers`, as file paths in order.",
                r.images.len()
            )),
    );
    if has_doc(r, "repositories") {
        o.push(p().v("repositories").t(
            " is the older map from names to layer IDs (`{\"repo\": {\"tag\": \"<id>\"}}`), kept for old readers.",
        ));
    } else {
        o.push(
            p().t("There is no `repositories` file (an untagged save, or a tool that skips it)."),
        );
    }
    if let Some(img) = c.img {
        if let Some(e) = &img.config.entry {
            o.push(
                p().v(e)
                    .t(" is the image config; its file name is its own sha256, which Docker calls the image ID."),
            );
        }
        if let Some(e) = img.layers.iter().find_map(|l| l.entry.as_ref()) {
            o.push(
                p().t(
                    "Each layer is a plain, uncompressed tar at the path `Layers` gives, such as ",
                )
                .v(e)
                .t("."),
            );
        }
    }
}

fn references(c: &Ctx, o: &mut Out) {
    let refs: Vec<_> =
        c.r.references
            .iter()
            .filter(|x| x.image.is_none_or(|n| n as usize == c.i))
            .collect();
    o.fact("references", refs.len());
    if refs.is_empty() {
        if c.img.is_some() {
            o.push(p().t("The archive carries no name for this image."));
        }
        return;
    }
    let mut para = p().t("It names the image: ");
    for (n, x) in refs.iter().take(LIST_MAX).enumerate() {
        if n > 0 {
            para = para.t(", ");
        }
        para = para.v(&x.as_written).t(" (from ").v(&x.source).t(")");
    }
    if refs.len() > LIST_MAX {
        para = para.t(format!(" and {} more", refs.len() - LIST_MAX));
    }
    o.push(para.t("."));
}

fn index_step(c: &Ctx, o: &mut Out) {
    let Some(root) = &c.r.index else {
        o.fact("index", "none");
        o.push(p().t(if c.docker_archive() {
            "This archive has no index: a docker-archive lists its images in `manifest.json` \
             instead, by file path rather than by digest, so ocilens computes the digests itself."
        } else if c.rootfs() {
            "There is no index: a file-system tarball is not an image and names none."
        } else {
            "No index was found in this archive."
        }));
        return;
    };
    o.fact("index-descriptors", root.children.len());
    o.push(
        p().v(root.entry.as_deref().unwrap_or("index.json"))
            .t(" is an image index: a list of descriptors. A descriptor points to a blob by three values, its ")
            .v("mediaType")
            .t(", its ")
            .v("digest")
            .t(" and its ")
            .v("size")
            .t("; a reader opens ")
            .v("blobs/<algorithm>/<hex>")
            .t(" and checks that the bytes hash to the digest (descriptor.md: “the digest of the targeted content”). Change one byte and the name no longer fits, so an index pins exactly one manifest."),
    );
    let mut nested = 0usize;
    list_descriptors(root, 0, o, &mut nested);
    o.fact("index-nested", nested);
    if let Some(img) = c.img {
        let mut para = p().t("This walk follows ");
        if let Some(pl) = c.platform() {
            para = para.v(pl).t(", ");
        }
        o.push(para.t("manifest ").od(img.manifest.digest.as_ref()).t("."));
    }
}

/// One paragraph per descriptor of `node`, nested indexes followed.
fn list_descriptors(node: &IndexNode, depth: usize, o: &mut Out, nested: &mut usize) {
    if depth > 16 {
        return;
    }
    let indent = "\u{2003}".repeat(depth);
    for child in node.children.iter().take(LIST_MAX) {
        let mut para = p()
            .t(format!("{indent}↳ "))
            .v(child.media_type.as_deref().unwrap_or("(no mediaType)"))
            .t(" ")
            .od(child.digest.as_ref());
        if let Some(s) = child.size {
            para = para.t(format!(", {}", nbytes(s)));
        }
        if let Some(pl) = &child.platform {
            para = para.t(", platform ").v(pl.display());
        }
        if let Some(n) = child.annotations.get("org.opencontainers.image.ref.name") {
            para = para.t(", ref.name ").v(n);
        }
        o.push(
            para.t(": ")
                .st(worst(&[child.digest_status, child.size_status])),
        );
        if child.kind == "index" {
            *nested += 1;
            o.push(p().t(format!(
                "{indent}\u{2003}It is itself an index (a multi-platform list) of {}:",
                plural(child.children.len(), "manifest", "manifests")
            )));
            list_descriptors(child, depth + 1, o, nested);
        }
    }
    if node.children.len() > LIST_MAX {
        o.push(p().t(format!(
            "{indent}… and {} more.",
            node.children.len() - LIST_MAX
        )));
    }
}

fn manifest_step(c: &Ctx, o: &mut Out) {
    let Some(img) = c.img else {
        o.push(p().t(if c.rootfs() {
            "There is no manifest yet. An import writes one naming a config and the single layer, each by media type, digest and size."
        } else {
            "There is no image here, so no manifest."
        }));
        return;
    };
    let m = &img.manifest;
    o.fact("layer-count", img.layers.len());
    let legacy = m.digest.is_none() && img.source == "docker-manifest";
    if legacy {
        let mut para = p()
            .t("In a docker-archive, the manifest of this image is its entry in ")
            .v("manifest.json")
            .t(": ")
            .v("Config")
            .t(" ")
            .v(img.config.entry.as_deref().unwrap_or("(none)"))
            .t(" and ")
            .v("Layers");
        for l in img.layers.iter().take(LIST_MAX) {
            para = para.t(" ").v(l.entry.as_deref().unwrap_or("(missing)"));
        }
        if img.layers.len() > LIST_MAX {
            para = para.t(format!(" and {} more", img.layers.len() - LIST_MAX));
        }
        o.push(para.t(
            ". There is no manifest blob and no digest for it: `docker push` writes a real manifest, and computes its digest, on upload.",
        ));
    } else {
        if let Some(d) = &m.digest {
            o.fact("manifest-digest", d);
        }
        let mt = m.media_type.as_deref().or(m.document_media_type.as_deref());
        if let Some(t) = mt {
            o.fact("manifest-media-type", t);
        }
        let mut para = p().t("The manifest ").od(m.digest.as_ref());
        if let Some(s) = m.size {
            para = para.t(format!(" ({})", nbytes(s)));
        }
        o.push(
            para.t(" is a JSON document of type ")
                .v(mt.unwrap_or("(none)"))
                .t(": ")
                .st(worst(&[m.digest_status, m.size_status]))
                .t("."),
        );
        if mt == Some(DOCKER_MANIFEST) {
            o.push(p().t("It is a Docker schema2 manifest; an OCI image manifest has the same shape (a config and layers) under `application/vnd.oci.*` types."));
        }
        match (&m.media_type, &m.document_media_type) {
            (Some(_), None) => o.push(p().t("The document has no `mediaType` field of its own (OCI says it SHOULD); its type comes from the descriptor that points to it.")),
            (Some(a), Some(b)) if a != b => o.push(
                p().t("The descriptor says ").v(a).t(", the document says ").v(b).t("."),
            ),
            _ => {}
        }
    }
    if let Some(pl) = c.platform() {
        o.push(p().t("It is for platform ").v(pl).t("."));
    }
    if let Some(at) = &m.artifact_type {
        o.push(
            p().t("It is an artifact: `artifactType` ")
                .v(at)
                .t(". Its layers are files of any kind, not file-system tars."),
        );
    }
    if let Some(s) = &m.subject {
        o.push(
            p().t("It points at another manifest with `subject`: ")
                .d(s)
                .t("."),
        );
    }
    if !legacy {
        list_blobs(img, o);
    }
    o.push(p().t("Order matters: the first layer is the base and each next one is unpacked over the ones before (manifest.md: “The array MUST have the base layer at index 0”)."));
    if !m.annotations.is_empty() {
        let mut para = p().t("Annotations: ");
        for (n, (k, v)) in m.annotations.iter().take(4).enumerate() {
            if n > 0 {
                para = para.t(", ");
            }
            let v = if v.is_empty() {
                "\"\"".to_string()
            } else {
                truncate(v, 120).0
            };
            para = para.v(k).t(" = ").v(v);
        }
        o.push(para.t("."));
    }
}

/// The config and layers a manifest names, one paragraph each.
fn list_blobs(img: &Image, o: &mut Out) {
    let cf = &img.config;
    o.push(p().t(format!(
        "It names one config and {}, each by media type, digest and size:",
        plural(img.layers.len(), "layer", "layers")
    )));
    o.push(
        p().t("config: ")
            .v(cf.media_type.as_deref().unwrap_or("(no media type)"))
            .t(" ")
            .od(cf.digest.as_ref())
            .t(" ")
            .m(worst(&[cf.digest_status, cf.size_status])),
    );
    for l in img.layers.iter().take(LIST_MAX) {
        let mut para = p()
            .t(format!("layer {}: ", l.index))
            .v(l.media_type.as_deref().unwrap_or("(no media type)"))
            .t(" ")
            .od(l.digest.as_ref());
        if let Some(s) = l.size {
            para = para.t(format!(", {} ", nbytes(s)));
        }
        o.push(para.m(worst(&[l.digest_status, l.size_status])));
    }
    if img.layers.len() > LIST_MAX {
        o.push(p().t(format!(
            "… and {} more layers.",
            img.layers.len() - LIST_MAX
        )));
    }
}

fn config_step(c: &Ctx, o: &mut Out) {
    let Some(img) = c.img else {
        if let (true, Some(d)) = (c.rootfs(), &c.r.input.rootfs_diff_id) {
            o.push(
                p().t("There is no config yet. An import writes one with `rootfs.diff_ids` = [")
                    .v(d)
                    .t("] and one `history` entry."),
            );
        } else {
            o.push(p().t("There is no image here, so no config."));
        }
        return;
    };
    let cf = &img.config;
    o.fact("diff-ids", cf.diff_ids.len());
    o.fact("history", cf.history.len());
    if let Some(d) = &cf.digest {
        o.fact("config-digest", d);
    }
    let mut para = p().t("The config ").od(cf.digest.as_ref());
    if let Some(t) = &cf.media_type {
        para = para.t(" (").v(t).t(")");
    }
    para = para
        .t(", ")
        .st(worst(&[cf.digest_status, cf.size_status]))
        .t(", holds how to run the image and how it was built");
    if let Some(pl) = c.platform() {
        para = para.t(": ").v(pl);
    }
    if let Some(t) = &cf.created {
        para = para.t(", created ").v(t);
    }
    if !cf.env.is_empty() {
        para = para.t(format!(
            ", {}",
            plural(cf.env.len(), "`Env` entry", "`Env` entries")
        ));
    }
    if !cf.labels.is_empty() {
        para = para.t(format!(", {}", plural(cf.labels.len(), "label", "labels")));
    }
    o.push(para.t("."));
    if c.docker_archive() {
        if let Some(e) = &cf.entry {
            o.push(
                p().t("Its file name ")
                    .v(e)
                    .t(" is its own sha256: Docker calls it the image ID."),
            );
        }
    }
    if cf.diff_ids.is_empty() {
        o.push(p().t(if img.kind == "artifact" {
            "It has no `rootfs.diff_ids`: an artifact's config needs none."
        } else {
            "It has no `rootfs.diff_ids`, so nothing says what the layers should unpack to."
        }));
    } else {
        o.push(p().t(format!(
            "`rootfs.diff_ids` lists {}, one per layer, in the order of the manifest's layers. image-spec config.md: “A layer DiffID is the digest over the layer's uncompressed tar archive.”",
            plural(cf.diff_ids.len(), "DiffID", "DiffIDs")
        )));
        for (k, d) in cf.diff_ids.iter().enumerate().take(LIST_MAX) {
            let status = img.layers.get(k).and_then(|l| l.diff_id.status);
            o.push(p().t(format!("[{k}] ")).v(d).t(" ").m(status));
        }
        if cf.diff_ids.len() > LIST_MAX {
            o.push(p().t(format!("… and {} more.", cf.diff_ids.len() - LIST_MAX)));
        }
        if cf.diff_ids.len() != img.layers.len() {
            o.push(p().t(format!(
                "But the manifest has {}: the two lists must be the same length.",
                plural(img.layers.len(), "layer", "layers")
            )));
        }
    }
    history(c, img, o);
}

fn history(c: &Ctx, img: &Image, o: &mut Out) {
    let h = &img.config.history;
    let empty = h.iter().filter(|x| x.empty_layer).count();
    o.fact("empty-layers", empty);
    if h.is_empty() {
        o.push(p().t(
            "`history` is empty (it is optional), so nothing records how the layers were made.",
        ));
        return;
    }
    let made = h.len() - empty;
    let n = img.config.diff_ids.len();
    o.push(p().t(format!(
        "`history` has {}, one per build step; {} `empty_layer` (a setting such as `CMD` or `LABEL`, no files), leaving {}{}",
        plural(h.len(), "entry", "entries"),
        plural(empty, "is", "are"),
        plural(made, "step that made a layer", "steps that made layers"),
        if made == n {
            format!(", matching the {}.", plural(n, "DiffID", "DiffIDs"))
        } else {
            format!(", but there are {}: tools that pair them up get confused.", plural(n, "DiffID", "DiffIDs"))
        }
    )));
    let Some(l) = c.layer else { return };
    if let Some(by) = h
        .iter()
        .find(|x| x.layer == Some(l.index))
        .and_then(|x| x.created_by.as_deref().or(x.comment.as_deref()))
    {
        o.push(
            p().t(format!("Layer {} was made by ", l.index))
                .v(truncate(by, 160).0)
                .t("."),
        );
    }
}

fn layer_step(c: &Ctx, o: &mut Out) {
    let Some(img) = c.img else {
        rootfs_layer(c, o);
        return;
    };
    let Some(l) = c.layer else {
        o.push(p().t("This image has no layers, so there is nothing to look at from both sides."));
        return;
    };
    let k = l.index;
    o.fact("layer-index", k);
    let comp = l.compression.as_deref().unwrap_or("unknown");
    o.fact("layer-compression", comp);
    let mut intro = p().t(format!("Layer {k} of {} is ", img.layers.len()));
    intro = intro.v(l.entry.as_deref().unwrap_or("(not in the archive)"));
    if let Some(t) = &l.media_type {
        intro = intro.t(", declared as ").v(t);
    }
    o.push(intro.t(". Two hashes name it: the digest of the bytes as stored, and the DiffID of the tar inside."));
    let plain = comp == "none" || c.docker_archive();
    if let Some(d) = &l.digest {
        o.fact("layer-digest", d);
        let adj = if plain { "" } else { "compressed " };
        let mut para = p().t("Its digest ").d(d).t(" is the sha256 of these ");
        para = match l.size {
            Some(s) => {
                o.fact("layer-size", s);
                para.t(nbytes_of(s, adj))
            }
            None => para.t(format!("{adj}bytes")),
        };
        para = if c.docker_archive() {
            para.t(" of plain tar (a docker-archive stores layers uncompressed, so this is also its DiffID)")
        } else if plain {
            para.t(", stored uncompressed")
        } else {
            para.t(" (").v(comp).t(")")
        };
        para = if l.digest_status.is_some() || !c.docker_archive() {
            para.t(": ").st(l.digest_status)
        } else {
            para.t(": computed here")
        };
        o.push(para.t("."));
        if let Some(s @ (Status::Mismatch | Status::Unverifiable)) = l.size_status {
            o.push(p().t("Its declared size: ").st(Some(s)).t("."));
        }
    }
    match &l.diff_id.computed {
        Some(dd) => {
            o.fact("layer-diffid", dd);
            let mut para = p().t("Its DiffID ").v(dd).t(" is the sha256 of the ");
            para = match l.uncompressed_size {
                Some(m) => {
                    o.fact("layer-tar-bytes", m);
                    para.t(nbytes(m))
                }
                None => para.t("bytes"),
            };
            para = para.t(" of tar inside, computed here");
            if l.diff_id.declared.is_some() {
                para = para
                    .t(format!("; compared with `rootfs.diff_ids[{k}]`: "))
                    .st(l.diff_id.status);
            }
            o.push(para.t("."));
        }
        None => o.push(
            p().t("Its DiffID could not be computed here (the bytes did not decode to a tar).")
                .t(" ")
                .m(l.diff_id.status),
        ),
    }
    if let Some(decl) = &l.diff_id.declared {
        o.fact("layer-diffid-declared", decl);
        if l.diff_id.computed.as_ref().is_some_and(|x| x != decl) {
            let mut para = p().t("The config declares ").v(decl).t(" instead.");
            if l.digest.as_ref() == Some(decl) && !plain {
                para = para.t(" That is the digest of the compressed blob, not of the tar inside: the mistake of podman#25593.");
            }
            o.push(para);
        }
    }
    if plain && l.digest.is_some() && l.digest == l.diff_id.computed {
        o.push(
            p().t(
                "The layer is not compressed, so both hashes cover the same bytes and are equal.",
            ),
        );
    }
    o.push(p().t("Why two? The digest names the bytes as stored and sent, so a download can be checked; the DiffID names the content whatever the compression, so a runtime can check what it unpacked. Recompress a layer and its digest changes; its DiffID does not."));
}

fn rootfs_layer(c: &Ctx, o: &mut Out) {
    let inp = &c.r.input;
    let (true, Some(d)) = (c.rootfs(), &inp.rootfs_diff_id) else {
        o.push(p().t("There is no image here, so no layer."));
        return;
    };
    o.fact("layer-diffid", d);
    o.push(p().t("There is no layer yet. Imported, this tar would be the single layer."));
    let mut para = p()
        .t("Its DiffID would be ")
        .v(d)
        .t(", computed here as the sha256 of the ");
    if inp.outer_compression == "none" {
        o.fact("layer-tar-bytes", inp.size);
        para = para.t(nbytes(inp.size)).t(" of tar.");
    } else {
        para = para
            .t("tar inside these ")
            .t(nbytes_of(inp.size, "compressed "))
            .t(" (")
            .v(&inp.outer_compression)
            .t("), not of the compressed file itself, which is what podman#25593 recorded.");
    }
    o.push(para);
}

fn stack_step(c: &Ctx, o: &mut Out) {
    let Some(img) = c.img else {
        if c.rootfs() {
            let n = c.tree_layer(0).map_or(0, <[_]>::len);
            o.push(p().t(format!(
                "A single tar, so nothing to stack: its {} would be the whole file system.",
                plural(n, "entry", "entries")
            )));
        } else {
            o.push(p().t("There is no image here, so no layers to stack."));
        }
        return;
    };
    o.push(p().t("The container's file system is the layers stacked in order: each layer's tar is unpacked over the ones below, adding and replacing files. A tar cannot hold an absence, so deleting needs a marker. layer.md: “A whiteout file is an empty file with a special filename that signifies a path should be deleted”: ")
        .v(".wh.<name>")
        .t(" deletes ")
        .v("<name>")
        .t(", and ")
        .v(".wh..wh..opq")
        .t(" makes its directory opaque, hiding everything lower layers put there."));
    let (mut whiteouts, mut opaques, mut listed) = (0usize, 0usize, true);
    for l in img.layers.iter().take(LIST_MAX * 2) {
        let mut para = p().t(format!("layer {}: ", l.index));
        para = match &l.changes {
            Some(ch) => para.t(format!(
                "{} added, {} modified, {} removed",
                ch.added, ch.modified, ch.removed
            )),
            None => para.t("not read yet"),
        };
        match c.tree_layer(l.index) {
            Some(entries) => {
                let wh: Vec<&str> = entries
                    .iter()
                    .filter(|e| e.kind == Kind::Whiteout)
                    .map(|e| e.path.as_str())
                    .collect();
                let op = entries.iter().filter(|e| e.kind == Kind::Opaque).count();
                whiteouts += wh.len();
                opaques += op;
                para = para.t(format!("; {}", plural(wh.len(), "whiteout", "whiteouts")));
                for (n, w) in wh.iter().take(3).enumerate() {
                    para = para.t(if n == 0 { " (" } else { ", " }).v(*w);
                }
                if wh.len() > 3 {
                    para = para.t(", …");
                }
                if !wh.is_empty() {
                    para = para.t(")");
                }
                para = para.t(format!(
                    ", {}",
                    plural(op, "opaque directory", "opaque directories")
                ));
            }
            None => listed = false,
        }
        o.push(para.t("."));
    }
    if img.layers.len() > LIST_MAX * 2 {
        o.push(p().t(format!(
            "… and {} more layers.",
            img.layers.len() - LIST_MAX * 2
        )));
    }
    if listed && img.layers.len() <= LIST_MAX * 2 {
        o.fact("whiteouts", whiteouts);
        o.fact("opaque-dirs", opaques);
        if whiteouts == 0 && opaques == 0 {
            o.push(p().t(
                "No layer of this image deletes anything: no whiteouts, no opaque directories.",
            ));
        }
    } else if !listed {
        o.push(p().t("The file lists were not kept, so whiteouts and opaque directories are not counted here."));
    }
    let merged = c.r.tree.as_ref().and_then(|t| {
        t.merged
            .iter()
            .find(|m| m.image as usize == c.i)
            .map(|m| m.entries.len())
    });
    if let Some(n) = merged {
        o.fact("merged-entries", n);
        o.push(p().t(format!(
            "Merged, bottom to top, they give a file tree of {}: what the container sees.",
            plural(n, "entry", "entries")
        )));
    }
}

/// What a compression name means for a layer.
fn compression_words(c: &str) -> &str {
    if c == "none" {
        "plain tar"
    } else {
        c
    }
}

fn media_types_step(c: &Ctx, o: &mut Out) {
    let Some(img) = c.img else {
        let inp = &c.r.input;
        if c.rootfs() {
            o.push(
                p().t("A file-system tarball has no media types. This one is ")
                    .v(compression_words(&inp.outer_compression))
                    .t(". Whatever the compression of the file, an import must record the DiffID of the tar inside."),
            );
        } else {
            o.push(p().t("There is no image here, so no media types to check."));
        }
        return;
    };
    o.push(p().t("A media type is a claim written next to a digest; the bytes may say otherwise. ocilens reads the first bytes of each layer (gzip starts with ")
        .v("1f 8b")
        .t(", zstd with ")
        .v("28 b5 2f fd")
        .t(", xz with ")
        .v("fd 37 7a 58 5a 00")
        .t("; a tar has ")
        .v("ustar")
        .t(" at offset 257) and compares them with the claim."));
    if c.docker_archive() {
        let mut kinds: Vec<&str> = img
            .layers
            .iter()
            .filter_map(|l| l.compression.as_deref())
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        let mut para = p().t("A docker-archive has no media types: `manifest.json` gives only paths, and its layers must be plain tar. Here they are");
        for (n, k) in kinds.iter().enumerate() {
            para = para
                .t(if n == 0 { " " } else { ", " })
                .v(compression_words(k));
        }
        let ok = kinds.iter().all(|k| *k == "none");
        o.push(para.t(". ").m(Some(if ok {
            Status::Verified
        } else {
            Status::Mismatch
        })));
        return;
    }
    let m = &img.manifest;
    let mt = m.media_type.as_deref().or(m.document_media_type.as_deref());
    let mut fams: Vec<Family> = mt.into_iter().map(family).collect();
    let mut para = p().t("The manifest is ").v(mt.unwrap_or("(no media type)"));
    if let Some(t) = &img.config.media_type {
        fams.push(family(t));
        para = para.t(" and its config ").v(t);
    }
    fams.extend(
        img.layers
            .iter()
            .filter_map(|l| l.media_type.as_deref())
            .map(family),
    );
    let oci = fams.contains(&Family::Oci);
    let docker = fams.contains(&Family::Docker);
    para = para.t(match (oci, docker) {
        (true, true) => ". The image mixes Docker and OCI types, which some tools reject.",
        (false, true) => ": Docker types throughout.",
        (true, false) => ": OCI types throughout.",
        (false, false) => ".",
    });
    o.push(para);
    let mut mismatches = 0usize;
    for l in img.layers.iter().take(LIST_MAX * 2) {
        let declared = l.media_type.as_deref().map(layer_type);
        let expected = declared.and_then(|t| t.compression).map(|c| c.as_str());
        let sniffed = l.compression.as_deref();
        let mark = match (expected, sniffed) {
            (Some(e), Some(s)) if s != "unknown" => Some(if e == s {
                Status::Verified
            } else {
                mismatches += 1;
                Status::Mismatch
            }),
            _ => None,
        };
        o.fact(
            &format!("layer-{}-media-type", l.index),
            l.media_type.as_deref().unwrap_or(""),
        );
        o.fact(
            &format!("layer-{}-compression", l.index),
            sniffed.unwrap_or(""),
        );
        o.push(
            p().t(format!("layer {}: declared ", l.index))
                .v(l.media_type.as_deref().unwrap_or("(none)"))
                .t(" (")
                .t(expected.map_or("a type ocilens does not know", compression_words))
                .t("); the bytes are ")
                .v(sniffed.map_or("not read yet", compression_words))
                .t(" ")
                .m(mark),
        );
    }
    o.fact("mismatches", mismatches);
    if mismatches > 0 {
        o.push(p().t("Where claim and bytes disagree, a tool that trusts the media type fails to read the layer (umoci: “unexpected EOF”), while one that sniffs the bytes copes. The DiffID, too, must be the sha256 of the tar after decompressing, whatever the label says."));
    }
}

// ---------------------------------------------------------------------------
// The graph

/// Kind of a diagram node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// `index.json` or a nested index.
    Index,
    /// An image manifest.
    Manifest,
    /// An image config.
    Config,
    /// A layer.
    Layer,
    /// Anything else (`manifest.json`, "… N more", a rootfs tarball).
    Other,
}

/// Colour of a diagram node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeState {
    /// Everything checked matched.
    Verified,
    /// A hash or size differs.
    Mismatch,
    /// The blob is absent.
    Missing,
    /// Nothing declared, or could not be computed.
    Unverifiable,
    /// Not checked yet.
    Pending,
}

/// What clicking a node opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeTarget {
    /// A blob by digest.
    Blob(String),
    /// A layer of an image.
    Layer {
        /// Image index.
        image: u32,
        /// Layer index.
        layer: u32,
    },
    /// An image.
    Image(u32),
    /// Nothing.
    None,
}

/// A box of the diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Digest, or a synthetic id (`index.json`, `image-0`, `more`).
    pub id: String,
    /// First line.
    pub label: String,
    /// Second line.
    pub sublabel: String,
    /// What it is.
    pub kind: NodeKind,
    /// Its colour.
    pub state: NodeState,
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
    /// What clicking it opens.
    pub target: NodeTarget,
}

/// A line from `nodes[from]` to `nodes[to]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Parent.
    pub from: usize,
    /// Child.
    pub to: usize,
}

/// The diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    /// Boxes.
    pub nodes: Vec<Node>,
    /// Lines.
    pub edges: Vec<Edge>,
    /// Total width.
    pub width: f64,
    /// Total height.
    pub height: f64,
}

/// Most nodes drawn; the rest become one "… N more" node.
pub const MAX_NODES: usize = 200;
const NODE_W: f64 = 190.0;
const NODE_H: f64 = 40.0;
const COL_GAP: f64 = 50.0;
const ROW_GAP: f64 = 10.0;
const MARGIN: f64 = 8.0;

/// Which column a node goes in.
#[derive(Clone, Copy)]
enum Col {
    Index(usize),
    Manifest,
    Blob,
}

struct Proto {
    node: Node,
    col: Col,
    parent: Option<usize>,
}

#[derive(Default)]
struct Build {
    protos: Vec<Proto>,
    edges: Vec<Edge>,
    ids: HashMap<String, usize>,
    reached: HashSet<usize>,
}

fn node_state(statuses: &[Option<Status>], declared: bool) -> NodeState {
    match worst(statuses) {
        Some(Status::Verified) => NodeState::Verified,
        Some(Status::Mismatch) => NodeState::Mismatch,
        Some(Status::Missing) => NodeState::Missing,
        Some(Status::Unverifiable) => NodeState::Unverifiable,
        None if declared => NodeState::Pending,
        None => NodeState::Unverifiable,
    }
}

fn state_rank(s: NodeState) -> u8 {
    match s {
        NodeState::Verified => 0,
        NodeState::Pending => 1,
        NodeState::Unverifiable => 2,
        NodeState::Missing => 3,
        NodeState::Mismatch => 4,
    }
}

impl Build {
    /// Adds a node (or finds it by id) and the edge from `parent`.
    fn add(&mut self, node: Node, col: Col, parent: Option<usize>) -> (usize, bool) {
        if let Some(&n) = self.ids.get(&node.id) {
            if let Some(from) = parent {
                self.edges.push(Edge { from, to: n });
            }
            return (n, false);
        }
        let n = self.protos.len();
        self.ids.insert(node.id.clone(), n);
        if let Some(from) = parent {
            self.edges.push(Edge { from, to: n });
        }
        self.protos.push(Proto { node, col, parent });
        (n, true)
    }

    fn index(&mut self, r: &Report, node: &IndexNode, depth: usize, parent: Option<usize>) {
        if depth > 32 {
            return;
        }
        let id = node
            .digest
            .clone()
            .or_else(|| node.entry.clone())
            .unwrap_or_else(|| format!("index-{}", self.protos.len()));
        let is_root = parent.is_none();
        let (label, sublabel) = if is_root {
            (
                node.entry.clone().unwrap_or_else(|| "index.json".into()),
                format!(
                    "entry point · {}",
                    plural(node.children.len(), "descriptor", "descriptors")
                ),
            )
        } else {
            (
                node.annotations
                    .get("org.opencontainers.image.ref.name")
                    .cloned()
                    .unwrap_or_else(|| "index".into()),
                format!(
                    "{} · {}",
                    short(node.digest.as_deref()),
                    plural(node.children.len(), "manifest", "manifests")
                ),
            )
        };
        let (n, new) = self.add(
            Node {
                id,
                label,
                sublabel,
                kind: NodeKind::Index,
                state: node_state(
                    &[node.digest_status, node.size_status],
                    node.digest.is_some(),
                ),
                target: node
                    .digest
                    .clone()
                    .map_or(NodeTarget::None, NodeTarget::Blob),
                ..blank()
            },
            Col::Index(depth),
            parent,
        );
        if !new {
            return;
        }
        for child in &node.children {
            if child.kind == "index" {
                self.index(r, child, depth + 1, Some(n));
            } else {
                self.descriptor(r, child, n);
            }
        }
    }

    /// A manifest (or other) descriptor of an index.
    fn descriptor(&mut self, r: &Report, d: &IndexNode, parent: usize) {
        let img = d
            .image
            .and_then(|i| r.images.get(i as usize).map(|im| (i, im)));
        let label = d
            .platform
            .as_ref()
            .map(|p| p.display())
            .or_else(|| img.and_then(|(_, im)| image_platform(im)))
            .unwrap_or_else(|| match d.kind.as_str() {
                "manifest" => "manifest".to_string(),
                k => k.to_string(),
            });
        let kind = match d.kind.as_str() {
            "manifest" | "attestation" | "schema1" => NodeKind::Manifest,
            _ => NodeKind::Other,
        };
        let id = d
            .digest
            .clone()
            .unwrap_or_else(|| format!("descriptor-{}", self.protos.len()));
        let target = match (img, &d.digest) {
            (Some((i, _)), _) => NodeTarget::Image(i),
            (None, Some(dg)) => NodeTarget::Blob(dg.clone()),
            (None, None) => NodeTarget::None,
        };
        let (n, new) = self.add(
            Node {
                id,
                label,
                sublabel: short(d.digest.as_deref()),
                kind,
                state: node_state(&[d.digest_status, d.size_status], d.digest.is_some()),
                target,
                ..blank()
            },
            Col::Manifest,
            Some(parent),
        );
        if let (true, Some((i, im))) = (new, img) {
            self.reached.insert(i as usize);
            self.blobs(i, im, n);
        }
    }

    /// An image without an index node.
    fn image(&mut self, r: &Report, i: u32, im: &Image, parent: Option<usize>) {
        let name = r
            .references
            .iter()
            .find(|x| x.image == Some(i))
            .map(|x| x.as_written.clone());
        let id = im
            .manifest
            .digest
            .clone()
            .unwrap_or_else(|| format!("image-{i}"));
        let m = &im.manifest;
        let (n, new) = self.add(
            Node {
                id,
                label: image_platform(im).unwrap_or_else(|| format!("image {i}")),
                sublabel: m
                    .digest
                    .as_deref()
                    .map(short_digest)
                    .or(name)
                    .unwrap_or_else(|| format!("image {i}")),
                kind: NodeKind::Manifest,
                state: node_state(&[m.digest_status, m.size_status], m.digest.is_some()),
                target: NodeTarget::Image(i),
                ..blank()
            },
            Col::Manifest,
            parent,
        );
        if new {
            self.blobs(i, im, n);
        }
    }

    /// The config and layers of image `i` under node `parent`.
    fn blobs(&mut self, i: u32, im: &Image, parent: usize) {
        let cf = &im.config;
        self.add(
            Node {
                id: cf
                    .digest
                    .clone()
                    .unwrap_or_else(|| format!("image-{i}-config")),
                label: "config".into(),
                sublabel: short(cf.digest.as_deref()),
                kind: NodeKind::Config,
                state: node_state(&[cf.digest_status, cf.size_status], cf.digest.is_some()),
                target: cf.digest.clone().map_or(NodeTarget::None, NodeTarget::Blob),
                ..blank()
            },
            Col::Blob,
            Some(parent),
        );
        for l in &im.layers {
            let size = l
                .size
                .map(|s| format!(" · {}", bytes(s)))
                .unwrap_or_default();
            self.add(
                Node {
                    id: l
                        .digest
                        .clone()
                        .unwrap_or_else(|| format!("image-{i}-layer-{}", l.index)),
                    label: format!("layer {}", l.index),
                    sublabel: format!("{}{size}", short(l.digest.as_deref())),
                    kind: NodeKind::Layer,
                    state: node_state(
                        &[l.digest_status, l.size_status, l.diff_id.status],
                        l.digest.is_some() || l.diff_id.declared.is_some(),
                    ),
                    target: NodeTarget::Layer {
                        image: i,
                        layer: l.index,
                    },
                    ..blank()
                },
                Col::Blob,
                Some(parent),
            );
        }
    }
}

fn blank() -> Node {
    Node {
        id: String::new(),
        label: String::new(),
        sublabel: String::new(),
        kind: NodeKind::Other,
        state: NodeState::Pending,
        x: 0.0,
        y: 0.0,
        w: NODE_W,
        h: NODE_H,
        target: NodeTarget::None,
    }
}

fn short(d: Option<&str>) -> String {
    d.map_or_else(|| "no digest".to_string(), short_digest)
}

fn image_platform(im: &Image) -> Option<String> {
    if let Some(p) = &im.manifest.platform {
        return Some(p.display());
    }
    let c = &im.config;
    let (os, arch) = (c.os.as_ref()?, c.architecture.as_ref()?);
    Some(match &c.variant {
        Some(v) => format!("{os}/{arch}/{v}"),
        None => format!("{os}/{arch}"),
    })
}

/// The graph for the SVG diagram: columns index(es) → manifests → config and
/// layers, each node coloured by the worst of its statuses. A docker-archive
/// gets a synthetic `manifest.json` root; a rootfs tarball one node. At most
/// [`MAX_NODES`] nodes, then one "… N more" node.
pub fn graph(report: &Report) -> Graph {
    let mut b = Build::default();
    if let Some(root) = &report.index {
        b.index(report, root, 0, None);
    }
    let docker_json = has_doc(report, "manifest.json") || report.input.format == "docker-archive";
    let unreached: Vec<u32> = (0..report.images.len())
        .filter(|i| !b.reached.contains(i))
        .filter_map(|i| u32::try_from(i).ok())
        .collect();
    if docker_json || !unreached.is_empty() {
        let root = docker_json.then(|| {
            b.add(
                Node {
                    id: "manifest.json".into(),
                    label: "manifest.json".into(),
                    sublabel: format!(
                        "Docker's list · {}",
                        plural(report.images.len(), "image", "images")
                    ),
                    kind: NodeKind::Other,
                    state: NodeState::Unverifiable,
                    ..blank()
                },
                Col::Index(0),
                None,
            )
            .0
        });
        for (i, im) in report.images.iter().enumerate() {
            let Ok(i) = u32::try_from(i) else { break };
            let tagged = report
                .references
                .iter()
                .any(|x| x.image == Some(i) && x.source == "RepoTags");
            if unreached.contains(&i) || (root.is_some() && tagged) {
                b.image(report, i, im, root);
            }
        }
    }
    if report.input.format == "rootfs-tar" {
        b.add(
            Node {
                id: "rootfs".into(),
                label: report.input.name.clone(),
                sublabel: format!(
                    "not an image · DiffID {}",
                    short(report.input.rootfs_diff_id.as_deref())
                ),
                state: NodeState::Unverifiable,
                ..blank()
            },
            Col::Manifest,
            None,
        );
    }
    layout(b)
}

/// Caps the nodes, then places them: leaves on successive rows in build
/// order, each parent centred on its children.
fn layout(b: Build) -> Graph {
    let Build {
        mut protos,
        mut edges,
        ..
    } = b;
    if protos.len() > MAX_NODES {
        let dropped = protos.split_off(MAX_NODES);
        let state = dropped
            .iter()
            .map(|p| p.node.state)
            .max_by_key(|s| state_rank(*s))
            .unwrap_or(NodeState::Pending);
        let col = dropped.first().map_or(Col::Blob, |p| p.col);
        edges.retain(|e| e.from < MAX_NODES && e.to < MAX_NODES);
        protos.push(Proto {
            node: Node {
                id: "more".into(),
                label: format!("… {} more", dropped.len()),
                sublabel: "not drawn".into(),
                state,
                ..blank()
            },
            col,
            parent: None,
        });
    }
    let max_index = protos
        .iter()
        .filter_map(|p| match p.col {
            Col::Index(d) => Some(d),
            _ => None,
        })
        .max();
    let manifest_col = max_index.map_or(0, |d| d + 1);
    let col_of = |c: Col| match c {
        Col::Index(d) => d,
        Col::Manifest => manifest_col,
        Col::Blob => manifest_col + 1,
    };
    let mut has_child = vec![false; protos.len()];
    for p in &protos {
        if let Some(slot) = p.parent.and_then(|q| has_child.get_mut(q)) {
            *slot = true;
        }
    }
    let mut rows = vec![0.0f64; protos.len()];
    let mut next = 0.0f64;
    for (row, leaf) in rows.iter_mut().zip(&has_child) {
        if !leaf {
            *row = next;
            next += 1.0;
        }
    }
    // children come after their parent: walk backwards to centre parents
    let mut span: Vec<Option<(f64, f64)>> = vec![None; protos.len()];
    for n in (0..protos.len()).rev() {
        if let (Some(&true), Some(Some((lo, hi)))) = (has_child.get(n), span.get(n)) {
            let mid = (lo + hi) / 2.0;
            if let Some(r) = rows.get_mut(n) {
                *r = mid;
            }
        }
        let row = rows.get(n).copied().unwrap_or(0.0);
        if let Some(parent) = protos.get(n).and_then(|p| p.parent) {
            if let Some(s) = span.get_mut(parent) {
                *s = Some(s.map_or((row, row), |(lo, hi)| (lo.min(row), hi.max(row))));
            }
        }
    }
    let mut width: f64 = 0.0;
    let nodes: Vec<Node> = protos
        .into_iter()
        .zip(rows)
        .map(|(p, row)| {
            let col = col_of(p.col) as f64;
            let mut node = p.node;
            node.x = MARGIN + col * (NODE_W + COL_GAP);
            node.y = MARGIN + row * (NODE_H + ROW_GAP);
            width = width.max(node.x + node.w + MARGIN);
            node
        })
        .collect();
    let height = if nodes.is_empty() {
        0.0
    } else {
        2.0 * MARGIN + next * NODE_H + (next - 1.0).max(0.0) * ROW_GAP
    };
    Graph {
        nodes,
        edges,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::finding::{Code, Location};
    use crate::engine::{inspect, NullSink, Options};

    fn report(bytes: &[u8]) -> Report {
        let o = Options {
            tree: true,
            name: "fixture.tar".into(),
            ..Options::default()
        };
        inspect(std::io::Cursor::new(bytes), &o, &mut NullSink).unwrap()
    }

    fn skopeo() -> Report {
        report(include_bytes!("../../tests/fixtures/skopeo-oci-gzip.tar"))
    }

    fn step(steps: &[Step], id: StepId) -> &Step {
        steps.iter().find(|s| s.id == id).unwrap()
    }

    fn fact<'a>(s: &'a Step, k: &str) -> Option<&'a str> {
        s.facts
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    }

    /// The step as plain text, values in backticks and marks as ✓/✗/….
    fn text(s: &Step) -> String {
        s.paragraphs
            .iter()
            .map(|para| {
                para.iter()
                    .map(|part| match part {
                        Part::Text(t) => t.clone(),
                        Part::Value(v) | Part::Digest(v) => format!("`{v}`"),
                        Part::Mark(Some(Status::Verified)) => "✓".into(),
                        Part::Mark(Some(_)) => "✗".into(),
                        Part::Mark(None) => "…".into(),
                    })
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn slugs_round_trip() {
        for id in StepId::ALL {
            assert_eq!(StepId::from_slug(id.slug()), Some(id));
            assert!(!id.title().is_empty());
        }
        assert_eq!(StepId::MediaTypes.slug(), "media-types");
        assert_eq!(StepId::from_slug("nope"), None);
    }

    #[test]
    fn skopeo_gzip_layer_from_both_sides() {
        let r = skopeo();
        let steps = walk(&r, 0, None);
        assert_eq!(
            steps.iter().map(|s| s.id).collect::<Vec<_>>(),
            StepId::ALL.to_vec()
        );
        let l = &r.images[0].layers[0];
        let s = step(&steps, StepId::Layer);
        assert_eq!(fact(s, "layer-digest"), l.digest.as_deref());
        assert_eq!(fact(s, "layer-size"), Some("266"));
        assert_eq!(
            fact(s, "layer-size"),
            l.size.map(|n| n.to_string()).as_deref()
        );
        assert_eq!(fact(s, "layer-diffid"), l.diff_id.computed.as_deref());
        assert_eq!(
            fact(s, "layer-tar-bytes"),
            l.uncompressed_size.map(|n| n.to_string()).as_deref()
        );
        assert_eq!(l.digest_status, Some(Status::Verified));
        let t = text(s);
        let digest = l.digest.clone().unwrap();
        assert!(
            t.contains(&format!(
                "Its digest `{digest}` is the sha256 of these 266 compressed bytes (`gzip`): verified here ✓"
            )),
            "{t}"
        );
        assert!(t.contains("verified here ✓"), "{t}");
        assert!(t.contains("of tar inside"), "{t}");
        // the second layer can be picked
        let s1 = walk(&r, 0, Some(1));
        assert_eq!(
            fact(step(&s1, StepId::Layer), "layer-digest"),
            r.images[0].layers[1].digest.as_deref()
        );
        // facts elsewhere
        assert_eq!(fact(step(&steps, StepId::Config), "diff-ids"), Some("2"));
        assert_eq!(fact(step(&steps, StepId::Config), "history"), Some("4"));
        assert_eq!(
            fact(step(&steps, StepId::Config), "empty-layers"),
            Some("2")
        );
        assert_eq!(
            fact(step(&steps, StepId::Manifest), "manifest-digest"),
            r.images[0].manifest.digest.as_deref()
        );
        let archive = text(step(&steps, StepId::Archive));
        assert!(archive.contains("`oci-layout`"), "{archive}");
        assert!(archive.contains("`index.json`"), "{archive}");
        assert!(archive.contains("ocilens/fixture:skopeo-gzip"), "{archive}");
        assert_eq!(fact(step(&steps, StepId::Archive), "blobs"), Some("4"));
        let index = text(step(&steps, StepId::Index));
        assert!(index.contains(&r.images[0].manifest.digest.clone().unwrap()));
        // the compatibility.oci-manifest finding belongs to the media-types step
        let mt = step(&steps, StepId::MediaTypes);
        assert!(mt
            .findings
            .iter()
            .any(|&n| r.findings[n].code == "compatibility.oci-manifest"));
        assert_eq!(fact(mt, "mismatches"), Some("0"));
    }

    #[test]
    fn docker_save_has_no_index_and_explains_manifest_json() {
        let r = report(include_bytes!("../../tests/fixtures/docker-save.tar"));
        let steps = walk(&r, 0, None);
        let index = text(step(&steps, StepId::Index));
        assert!(index.contains("has no index"), "{index}");
        assert_eq!(fact(step(&steps, StepId::Index), "index"), Some("none"));
        let archive = text(step(&steps, StepId::Archive));
        assert!(
            archive.contains("`manifest.json` lists the images"),
            "{archive}"
        );
        assert!(archive.contains("`repositories`"), "{archive}");
        assert!(archive.contains("/layer.tar`"), "{archive}");
        let manifest = text(step(&steps, StepId::Manifest));
        assert!(
            manifest.contains("its entry in `manifest.json`"),
            "{manifest}"
        );
        let l = &r.images[0].layers[0];
        let layer = step(&steps, StepId::Layer);
        assert_eq!(fact(layer, "layer-digest"), l.diff_id.computed.as_deref());
        assert_eq!(fact(layer, "layer-diffid"), l.diff_id.computed.as_deref());
        assert!(text(layer).contains("also its DiffID"));
        let g = graph(&r);
        assert_eq!(g.nodes[0].label, "manifest.json");
        assert_eq!(
            g.nodes.iter().filter(|n| n.kind == NodeKind::Layer).count(),
            2
        );
        assert!(g
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Layer)
            .all(|n| n.state == NodeState::Verified));
    }

    #[test]
    fn multi_platform_graph() {
        let r = report(include_bytes!("../../tests/fixtures/multi-platform.tar"));
        let g = graph(&r);
        let count = |k| g.nodes.iter().filter(|n| n.kind == k).count();
        assert_eq!(count(NodeKind::Index), 2);
        assert_eq!(count(NodeKind::Manifest), 2);
        assert_eq!(count(NodeKind::Config), 2);
        assert_eq!(count(NodeKind::Layer), 2);
        let labels: Vec<&str> = g
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Manifest)
            .map(|n| n.label.as_str())
            .collect();
        assert_eq!(labels, ["linux/amd64", "linux/arm64/v8"]);
        assert_eq!(g.edges.len(), 1 + 2 + 2 * 2);
        // columns: index.json → nested index → manifests → blobs
        let x = |k| g.nodes.iter().find(|n| n.kind == k).map(|n| n.x).unwrap();
        assert!(x(NodeKind::Manifest) > g.nodes[1].x && g.nodes[1].x > g.nodes[0].x);
        assert!(x(NodeKind::Layer) > x(NodeKind::Manifest));
        for n in &g.nodes {
            assert!(n.x + n.w <= g.width && n.y + n.h <= g.height, "{n:?}");
        }
        assert!(g
            .nodes
            .iter()
            .skip(1)
            .all(|n| n.state == NodeState::Verified));
        assert_eq!(
            g.nodes
                .iter()
                .find(|n| n.kind == NodeKind::Layer)
                .unwrap()
                .target,
            NodeTarget::Layer { image: 0, layer: 0 }
        );
        // the walk of the second image lists the nested index
        let steps = walk(&r, 1, None);
        let index = text(step(&steps, StepId::Index));
        assert!(index.contains("itself an index"), "{index}");
        assert!(index.contains("`linux/arm64/v8`"), "{index}");
        assert_eq!(fact(step(&steps, StepId::Index), "index-nested"), Some("1"));
    }

    #[test]
    fn xz_tarball_media_types_and_compressed_digest() {
        let r = report(include_bytes!("../../tests/fixtures/skopeo-tarball-xz.tar"));
        let steps = walk(&r, 0, None);
        let mt = step(&steps, StepId::MediaTypes);
        let t = text(mt);
        assert!(t.contains("xz"), "{t}");
        assert!(
            t.contains("`application/vnd.oci.image.layer.v1.tar`"),
            "{t}"
        );
        assert!(t.contains("✗"), "{t}");
        assert_eq!(fact(mt, "mismatches"), Some("1"));
        let n = r
            .findings
            .iter()
            .position(|f| f.code == "diffid.compressed-digest")
            .unwrap();
        assert_eq!(step_for(&r.findings[n]), StepId::Layer);
        let layer = step(&steps, StepId::Layer);
        assert!(layer.findings.contains(&n));
        let lt = text(layer);
        assert!(lt.contains("podman#25593"), "{lt}");
        assert!(
            lt.contains("sha256:ff2ce75ed238b0ab390b6fb321068085a62364f68a3ee04debc67cf89cfafab7")
        );
        let m = r
            .findings
            .iter()
            .position(|f| f.code == "layer-compression.mismatch")
            .unwrap();
        assert!(mt.findings.contains(&m));
        let g = graph(&r);
        let layer = g.nodes.iter().find(|n| n.kind == NodeKind::Layer).unwrap();
        assert_eq!(layer.state, NodeState::Mismatch);
    }

    #[test]
    fn rootfs_is_explained_with_its_diffid() {
        let r = report(include_bytes!("../../tests/fixtures/rootfs.tar"));
        let d = "sha256:ff2ce75ed238b0ab390b6fb321068085a62364f68a3ee04debc67cf89cfafab7";
        let steps = walk(&r, 0, None);
        assert_eq!(steps.len(), 7);
        let archive = text(step(&steps, StepId::Archive));
        assert!(archive.contains("not an image"), "{archive}");
        assert!(archive.contains(d), "{archive}");
        assert_eq!(fact(step(&steps, StepId::Layer), "layer-diffid"), Some(d));
        assert_eq!(
            fact(step(&steps, StepId::Layer), "layer-tar-bytes"),
            Some("10240")
        );
        for s in &steps {
            assert!(!s.paragraphs.is_empty(), "{:?}", s.id);
        }
        assert!(step(&steps, StepId::Archive).findings.len() == 1);
        let g = graph(&r);
        assert_eq!(g.nodes.len(), 1);
        assert!(g.nodes[0].sublabel.contains("not an image"));
    }

    #[test]
    fn umoci_stack_counts_the_whiteout() {
        let r = report(include_bytes!(
            "../../tests/fixtures/umoci-layout-multiref.tar"
        ));
        let steps = walk(&r, 1, None);
        let s = step(&steps, StepId::Stack);
        assert_eq!(fact(s, "whiteouts"), Some("1"));
        assert_eq!(fact(s, "opaque-dirs"), Some("0"));
        let t = text(s);
        assert!(
            t.contains("layer 3: 0 added, 0 modified, 1 removed; 1 whiteout (`hello.txt`)"),
            "{t}"
        );
        assert!(s
            .findings
            .iter()
            .any(|&n| r.findings[n].code == "tar.truncated"));
        // image 0 has none, and its findings exclude image 1's
        let s0 = walk(&r, 0, None);
        assert_eq!(fact(step(&s0, StepId::Stack), "whiteouts"), Some("0"));
        assert!(step(&s0, StepId::Stack).findings.is_empty());
        // shared layers are drawn once
        let g = graph(&r);
        assert_eq!(
            g.nodes.iter().filter(|n| n.kind == NodeKind::Layer).count(),
            4
        );
        assert_eq!(
            g.nodes
                .iter()
                .filter(|n| n.kind == NodeKind::Manifest)
                .count(),
            2
        );
    }

    #[test]
    fn step_for_every_check() {
        let f = |code: Code, loc: Location| Finding::new(code, loc, "m");
        let layer = Location::entry("blobs/sha256/ab")
            .with_image(0)
            .with_layer(0);
        let cases = [
            (
                f(Code::ArchiveTruncated, Location::default()),
                StepId::Archive,
            ),
            (
                f(Code::FormatRootfsTar, Location::default()),
                StepId::Archive,
            ),
            (
                f(Code::JsonMissingField, Location::entry("index.json")),
                StepId::Index,
            ),
            (
                f(Code::JsonMissingField, Location::entry("blobs/sha256/ab")),
                StepId::Manifest,
            ),
            (
                f(
                    Code::BlobMissingManifest,
                    Location::default().with_blob("sha256:ab"),
                ),
                StepId::Index,
            ),
            (f(Code::BlobMissingLayer, layer.clone()), StepId::Manifest),
            (f(Code::BlobDigestMismatch, layer.clone()), StepId::Layer),
            (f(Code::BlobSizeShort, layer.clone()), StepId::Layer),
            (f(Code::DiffidMismatch, layer.clone()), StepId::Layer),
            (f(Code::DiffidCount, Location::default()), StepId::Config),
            (
                f(Code::DiffidHistoryCount, Location::default()),
                StepId::Config,
            ),
            (
                f(Code::LayerCompressionMismatch, layer.clone()),
                StepId::MediaTypes,
            ),
            (
                f(Code::MediaTypeMixConfigFamily, Location::default()),
                StepId::MediaTypes,
            ),
            (
                f(
                    Code::DescriptorMediaTypeDocumentMissing,
                    Location::entry("blobs/sha256/ab"),
                ),
                StepId::Manifest,
            ),
            (
                f(
                    Code::DescriptorMediaTypeMismatch,
                    Location::entry("index.json").with_path("$.manifests[0]"),
                ),
                StepId::Index,
            ),
            (
                f(Code::ReferenceTagOnly, Location::default()),
                StepId::Archive,
            ),
            (
                f(Code::ConfigEnvInvalid, Location::default()),
                StepId::Config,
            ),
            (f(Code::TarTruncated, layer.clone()), StepId::Stack),
            (f(Code::WhiteoutInvalidName, layer.clone()), StepId::Stack),
            (f(Code::PathSafetyDotdot, layer.clone()), StepId::Stack),
            (f(Code::CompatibilityXz, layer.clone()), StepId::MediaTypes),
            (f(Code::LimitsTarExtension, layer.clone()), StepId::Stack),
            (f(Code::LimitsEntriesPerLayer, layer.clone()), StepId::Stack),
            (f(Code::LimitsPathLength, layer.clone()), StepId::Stack),
            (f(Code::LimitsZstdWindow, layer.clone()), StepId::Layer),
            (f(Code::LimitsXzDictionary, layer.clone()), StepId::Layer),
            (
                f(Code::LimitsDecompressedBytes, layer.clone()),
                StepId::Layer,
            ),
            (
                f(Code::LimitsJsonDocument, Location::entry("index.json")),
                StepId::Index,
            ),
            (
                f(Code::LimitsIndexDepth, Location::default()),
                StepId::Index,
            ),
        ];
        let mut seen = HashSet::new();
        for (finding, want) in &cases {
            assert_eq!(step_for(finding), *want, "{}", finding.code);
            seen.insert(finding.check);
        }
        for check in Check::ALL {
            assert!(seen.contains(&check), "no case for {check:?}");
        }
        // every catalogued code maps somewhere without panicking
        for code in Code::ALL {
            let _ = step_for(&f(*code, Location::default()));
        }
        // a nested index is recognised by its blob when the report is known
        let r = report(include_bytes!("../../tests/fixtures/multi-platform.tar"));
        let nested = "sha256:565d145f0a81b314a5edea3856e9d42e215ea3f59c6be96bacf4168e999a9add";
        let g = f(
            Code::JsonDuplicateKey,
            Location::default().with_blob(nested),
        );
        assert_eq!(step_for(&g), StepId::Manifest);
        assert_eq!(step_for_in(&r, &g), StepId::Index);
    }

    #[test]
    fn graph_is_capped() {
        let mut r = skopeo();
        let template = r.images[0].layers[0].clone();
        r.images[0].layers = (0..300u32)
            .map(|k| LayerInfo {
                index: k,
                digest: Some(format!("sha256:{k:064x}")),
                ..template.clone()
            })
            .collect();
        r.images[0].layers[250].digest_status = Some(Status::Mismatch);
        let g = graph(&r);
        assert_eq!(g.nodes.len(), MAX_NODES + 1);
        let more = g.nodes.last().unwrap();
        // index.json + manifest + config + 300 layers = 303 nodes
        assert_eq!(more.label, format!("… {} more", 303 - MAX_NODES));
        assert_eq!(more.state, NodeState::Mismatch);
        assert!(g
            .edges
            .iter()
            .all(|e| e.from < MAX_NODES && e.to < MAX_NODES));
        for n in &g.nodes {
            assert!(n.y + n.h <= g.height + 1e-9);
        }
        // the walk stays bounded too
        let steps = walk(&r, 0, Some(299));
        assert_eq!(
            fact(step(&steps, StepId::Layer), "layer-digest"),
            Some(format!("sha256:{:064x}", 299).as_str())
        );
        assert!(step(&steps, StepId::Manifest).paragraphs.len() < 40);
    }

    #[test]
    fn out_of_range_image_and_empty_report_do_not_panic() {
        let r = skopeo();
        let steps = walk(&r, 7, Some(9));
        assert_eq!(steps.len(), 7);
        let mut empty = r.clone();
        empty.index = None;
        empty.images.clear();
        empty.documents.clear();
        empty.input.format = "unknown".into();
        assert!(walk(&empty, 0, None)
            .iter()
            .all(|s| !s.paragraphs.is_empty()));
        let g = graph(&empty);
        assert!(g.nodes.is_empty());
        assert_eq!((g.width, g.height), (0.0, 0.0));
    }

    #[test]
    fn both_descriptions_are_mentioned() {
        let mut r = skopeo();
        r.input.format = "oci-layout+docker-manifest".into();
        let steps = walk(&r, 0, None);
        let t = text(step(&steps, StepId::Archive));
        assert!(t.contains("describes its images twice"), "{t}");
    }

    #[test]
    #[ignore = "prints the walk; run with --ignored --nocapture"]
    fn print_walk() {
        let fixtures: [(&str, &[u8]); 5] = [
            (
                "skopeo-oci-gzip",
                include_bytes!("../../tests/fixtures/skopeo-oci-gzip.tar"),
            ),
            (
                "docker-save",
                include_bytes!("../../tests/fixtures/docker-save.tar"),
            ),
            (
                "skopeo-tarball-xz",
                include_bytes!("../../tests/fixtures/skopeo-tarball-xz.tar"),
            ),
            (
                "rootfs.tar.xz",
                include_bytes!("../../tests/fixtures/rootfs.tar.xz"),
            ),
            (
                "multi-platform",
                include_bytes!("../../tests/fixtures/multi-platform.tar"),
            ),
        ];
        for (name, bytes) in fixtures {
            println!("# {name}\n");
            for s in walk(&report(bytes), 0, None) {
                println!("## {}\n{}\n", s.title, text(&s));
            }
        }
    }
}
