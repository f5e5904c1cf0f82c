//! Builders for whole image archives (as tar bytes), flexible enough to craft
//! defects: OCI layouts (oci-archive, Docker 25+ save, containerd export) and
//! legacy `docker save` / podman / skopeo docker-archives.
//!
//! Everything is computed from the parts at build time, so a test can change
//! any public field (a media type, a DiffID, a blob) after construction and
//! the rest stays consistent unless it overrides that too.

use serde_json::{json, Map, Value};

use super::compress::{digest, digest_hex, gzip, sha256_hex, xz, zstd};
use super::tar_writer::TarWriter;

/// Media types used by the builders.
pub mod media_types {
    /// OCI image index.
    pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
    /// OCI image manifest.
    pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
    /// OCI image config.
    pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
    /// OCI uncompressed layer.
    pub const OCI_LAYER_TAR: &str = "application/vnd.oci.image.layer.v1.tar";
    /// OCI gzip layer.
    pub const OCI_LAYER_GZIP: &str = "application/vnd.oci.image.layer.v1.tar+gzip";
    /// OCI zstd layer.
    pub const OCI_LAYER_ZSTD: &str = "application/vnd.oci.image.layer.v1.tar+zstd";
    /// OCI empty descriptor (artifacts).
    pub const OCI_EMPTY: &str = "application/vnd.oci.empty.v1+json";
    /// Docker schema2 manifest list.
    pub const DOCKER_MANIFEST_LIST: &str =
        "application/vnd.docker.distribution.manifest.list.v2+json";
    /// Docker schema2 manifest.
    pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
    /// Docker image config.
    pub const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";
    /// Docker gzip layer.
    pub const DOCKER_LAYER_GZIP: &str = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    /// Docker uncompressed layer.
    pub const DOCKER_LAYER_TAR: &str = "application/vnd.docker.image.rootfs.diff.tar";
    /// Docker-typed zstd layer (non-standard, BuildKit).
    pub const DOCKER_LAYER_ZSTD: &str = "application/vnd.docker.image.rootfs.diff.tar.zstd";
}

use media_types as mt;

/// `created` timestamp used in generated configs (the tar writer's mtime).
pub const CREATED: &str = "2023-11-14T22:13:20Z";

/// A simple layer tar: each `(path, bytes)` is a file (mode 0644, 0755 under
/// a `bin/` or `sbin/` directory), a path ending in `/` is a directory.
/// Missing parent directories are added first. Ends with the end marker.
pub fn rootfs_tar(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut t = TarWriter::new();
    let mut dirs: Vec<String> = Vec::new();
    for (path, data) in files {
        let is_dir = path.ends_with('/');
        let trimmed = path.trim_end_matches('/');
        let mut parent = String::new();
        let parts: Vec<&str> = trimmed.split('/').collect();
        for part in &parts[..parts.len().saturating_sub(1)] {
            parent.push_str(part);
            parent.push('/');
            if !dirs.contains(&parent) {
                dirs.push(parent.clone());
                t.dir(&parent);
            }
        }
        if is_dir {
            let dir = format!("{trimmed}/");
            if !dirs.contains(&dir) {
                dirs.push(dir.clone());
                t.dir(&dir);
            }
        } else {
            let executable = trimmed.contains("bin/");
            t.file_with_mode(trimmed, data, if executable { 0o755 } else { 0o644 });
        }
    }
    t.finish()
}

/// The empty layer tar: just the end marker (1024 zero bytes). Its DiffID is
/// `sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef`.
pub fn empty_tar() -> Vec<u8> {
    vec![0u8; 1024]
}

/// DiffID of [`empty_tar`] (sha256 of 1024 zero bytes).
pub const EMPTY_TAR_DIFF_ID: &str =
    "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

/// The 32-byte gzip of [`empty_tar`] that BuildKit and others push as the
/// shared empty layer, byte for byte (digest [`SHARED_EMPTY_LAYER_DIGEST`]).
pub const SHARED_EMPTY_LAYER_GZIP: [u8; 32] = [
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x62, 0x18, 0x05, 0xa3, 0x60, 0x14,
    0x8c, 0x58, 0x00, 0x08, 0x00, 0x00, 0xff, 0xff, 0x2e, 0xaf, 0xb5, 0xef, 0x00, 0x04, 0x00, 0x00,
];

/// Digest of [`SHARED_EMPTY_LAYER_GZIP`].
pub const SHARED_EMPTY_LAYER_DIGEST: &str =
    "sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1";

/// `blobs/<alg>/<hex>` for a digest (`blobs/sha256/<digest>` if it has no `:`).
pub fn blob_path(digest: &str) -> String {
    match digest.split_once(':') {
        Some((alg, hex)) => format!("blobs/{alg}/{hex}"),
        None => format!("blobs/sha256/{digest}"),
    }
}

/// One layer: the stored blob, its media type and the DiffID the config declares.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// Descriptor media type.
    pub media_type: String,
    /// Stored bytes (compressed or not).
    pub blob: Vec<u8>,
    /// DiffID written into the config (`sha256:<hex>` of the uncompressed tar
    /// when built by a constructor).
    pub diff_id: String,
    /// Descriptor digest to declare instead of the blob's real one. The blob
    /// is then stored under the declared digest (a digest mismatch).
    pub digest_override: Option<String>,
    /// Descriptor size to declare instead of the blob's length.
    pub size_override: Option<u64>,
    /// Extra descriptor fields (`annotations`, `urls`, …), merged last.
    pub descriptor_extra: Map<String, Value>,
}

impl Layer {
    /// A layer from its parts.
    pub fn new(media_type: &str, blob: Vec<u8>, diff_id: &str) -> Self {
        Layer {
            media_type: media_type.to_string(),
            blob,
            diff_id: diff_id.to_string(),
            digest_override: None,
            size_override: None,
            descriptor_extra: Map::new(),
        }
    }

    /// Uncompressed, `application/vnd.oci.image.layer.v1.tar`.
    pub fn tar(tar: impl AsRef<[u8]>) -> Self {
        let tar = tar.as_ref();
        Self::new(mt::OCI_LAYER_TAR, tar.to_vec(), &digest(tar))
    }

    /// gzip, `application/vnd.oci.image.layer.v1.tar+gzip`.
    pub fn tar_gzip(tar: impl AsRef<[u8]>) -> Self {
        let tar = tar.as_ref();
        Self::new(mt::OCI_LAYER_GZIP, gzip(tar), &digest(tar))
    }

    /// zstd, `application/vnd.oci.image.layer.v1.tar+zstd`.
    pub fn tar_zstd(tar: impl AsRef<[u8]>) -> Self {
        let tar = tar.as_ref();
        Self::new(mt::OCI_LAYER_ZSTD, zstd(tar), &digest(tar))
    }

    /// xz bytes typed as the uncompressed OCI layer, DiffID of the tar
    /// (xz has no OCI media type; change `media_type` as needed).
    pub fn tar_xz(tar: impl AsRef<[u8]>) -> Self {
        let tar = tar.as_ref();
        Self::new(mt::OCI_LAYER_TAR, xz(tar), &digest(tar))
    }

    /// gzip, `application/vnd.docker.image.rootfs.diff.tar.gzip`.
    pub fn docker_gzip(tar: impl AsRef<[u8]>) -> Self {
        let tar = tar.as_ref();
        Self::new(mt::DOCKER_LAYER_GZIP, gzip(tar), &digest(tar))
    }

    /// Uncompressed, `application/vnd.docker.image.rootfs.diff.tar`.
    pub fn docker_tar(tar: impl AsRef<[u8]>) -> Self {
        let tar = tar.as_ref();
        Self::new(mt::DOCKER_LAYER_TAR, tar.to_vec(), &digest(tar))
    }

    /// zstd, the non-standard `application/vnd.docker.image.rootfs.diff.tar.zstd`.
    pub fn docker_zstd(tar: impl AsRef<[u8]>) -> Self {
        let tar = tar.as_ref();
        Self::new(mt::DOCKER_LAYER_ZSTD, zstd(tar), &digest(tar))
    }

    /// The shared empty layer (`sha256:4f4fb700…`, 32 bytes), OCI gzip type.
    pub fn shared_empty() -> Self {
        Self::new(
            mt::OCI_LAYER_GZIP,
            SHARED_EMPTY_LAYER_GZIP.to_vec(),
            EMPTY_TAR_DIFF_ID,
        )
    }

    /// Replaces the media type.
    pub fn with_media_type(mut self, media_type: &str) -> Self {
        self.media_type = media_type.to_string();
        self
    }

    /// Replaces the declared DiffID.
    pub fn with_diff_id(mut self, diff_id: &str) -> Self {
        self.diff_id = diff_id.to_string();
        self
    }

    /// Replaces the stored bytes (the descriptor digest follows them unless overridden).
    pub fn with_blob(mut self, blob: Vec<u8>) -> Self {
        self.blob = blob;
        self
    }

    /// Declares another digest (the blob is stored under it).
    pub fn with_digest(mut self, digest: &str) -> Self {
        self.digest_override = Some(digest.to_string());
        self
    }

    /// Declares another size.
    pub fn with_size(mut self, size: u64) -> Self {
        self.size_override = Some(size);
        self
    }

    /// Adds a descriptor annotation.
    pub fn with_annotation(mut self, key: &str, value: &str) -> Self {
        let annotations = self
            .descriptor_extra
            .entry("annotations")
            .or_insert_with(|| json!({}));
        annotations[key] = json!(value);
        self
    }

    /// The digest the descriptor declares.
    pub fn digest(&self) -> String {
        self.digest_override
            .clone()
            .unwrap_or_else(|| digest(&self.blob))
    }

    /// The real digest of the stored bytes.
    pub fn real_digest(&self) -> String {
        digest(&self.blob)
    }

    /// The size the descriptor declares.
    pub fn size(&self) -> u64 {
        self.size_override.unwrap_or(self.blob.len() as u64)
    }

    /// The manifest descriptor.
    pub fn descriptor(&self) -> Value {
        let mut d = json!({
            "mediaType": self.media_type,
            "digest": self.digest(),
            "size": self.size(),
        });
        merge(&mut d, &self.descriptor_extra);
        d
    }
}

/// One image for an OCI layout: manifest, config and layers, plus how the
/// layout's `index.json` (and Docker's `manifest.json`) names it.
#[derive(Clone, Debug, PartialEq)]
pub struct OciImage {
    /// The layers, bottom first.
    pub layers: Vec<Layer>,
    /// `architecture` of the generated config.
    pub architecture: String,
    /// `os` of the generated config.
    pub os: String,
    /// Replaces the generated config (see [`OciImage::generated_config`]).
    pub config: Option<Value>,
    /// Exact config bytes (beats `config`; may be invalid JSON).
    pub config_bytes: Option<Vec<u8>>,
    /// The config descriptor's media type.
    pub config_media_type: String,
    /// The manifest's `mediaType` field; `None` leaves it out.
    pub manifest_media_type: Option<String>,
    /// Extra top-level manifest fields (`annotations`, `artifactType`,
    /// `subject`, …), merged last.
    pub manifest_extra: Map<String, Value>,
    /// Replaces the generated manifest (see [`OciImage::generated_manifest`]).
    pub manifest: Option<Value>,
    /// Exact manifest bytes (beats `manifest`; may be invalid JSON).
    pub manifest_bytes: Option<Vec<u8>>,
    /// The index descriptor's media type; `None` → `manifest_media_type`,
    /// else the OCI manifest type.
    pub descriptor_media_type: Option<String>,
    /// `platform` of the index descriptor.
    pub platform: Option<Value>,
    /// `org.opencontainers.image.ref.name` annotation of the index descriptor.
    pub ref_name: Option<String>,
    /// `io.containerd.image.name` annotation of the index descriptor.
    pub image_name: Option<String>,
    /// Extra index-descriptor fields, merged last.
    pub descriptor_extra: Map<String, Value>,
    /// `RepoTags` in a Docker `manifest.json` written beside the layout.
    pub repo_tags: Vec<String>,
}

impl OciImage {
    /// An OCI image (OCI manifest and config types), amd64/linux.
    pub fn new(layers: Vec<Layer>) -> Self {
        OciImage {
            layers,
            architecture: "amd64".to_string(),
            os: "linux".to_string(),
            config: None,
            config_bytes: None,
            config_media_type: mt::OCI_CONFIG.to_string(),
            manifest_media_type: Some(mt::OCI_MANIFEST.to_string()),
            manifest_extra: Map::new(),
            manifest: None,
            manifest_bytes: None,
            descriptor_media_type: None,
            platform: None,
            ref_name: None,
            image_name: None,
            descriptor_extra: Map::new(),
            repo_tags: Vec::new(),
        }
    }

    /// A Docker schema2 image (Docker manifest and config types).
    pub fn docker(layers: Vec<Layer>) -> Self {
        let mut image = Self::new(layers);
        image.config_media_type = mt::DOCKER_CONFIG.to_string();
        image.manifest_media_type = Some(mt::DOCKER_MANIFEST.to_string());
        image
    }

    /// Sets the `org.opencontainers.image.ref.name` annotation.
    pub fn with_ref_name(mut self, name: &str) -> Self {
        self.ref_name = Some(name.to_string());
        self
    }

    /// Sets the `io.containerd.image.name` annotation.
    pub fn with_image_name(mut self, name: &str) -> Self {
        self.image_name = Some(name.to_string());
        self
    }

    /// Adds a `RepoTags` entry (Docker `manifest.json`).
    pub fn with_repo_tag(mut self, tag: &str) -> Self {
        self.repo_tags.push(tag.to_string());
        self
    }

    /// Sets the config's architecture/os and the descriptor's `platform`.
    pub fn with_platform(mut self, architecture: &str, os: &str) -> Self {
        self.architecture = architecture.to_string();
        self.os = os.to_string();
        self.platform = Some(json!({"architecture": architecture, "os": os}));
        self
    }

    /// Adds a top-level manifest field.
    pub fn with_manifest_field(mut self, key: &str, value: Value) -> Self {
        self.manifest_extra.insert(key.to_string(), value);
        self
    }

    /// The config built from the layers: architecture, os, `config`,
    /// `rootfs` (`layers`, the layers' DiffIDs) and one history entry per layer.
    pub fn generated_config(&self) -> Value {
        generated_config(
            &self.architecture,
            &self.os,
            self.layers.iter().map(|l| l.diff_id.clone()).collect(),
        )
    }

    /// The config in use (`config` or generated).
    pub fn config_value(&self) -> Value {
        self.config
            .clone()
            .unwrap_or_else(|| self.generated_config())
    }

    /// The config bytes as stored.
    pub fn config_blob(&self) -> Vec<u8> {
        self.config_bytes
            .clone()
            .unwrap_or_else(|| to_json(&self.config_value()))
    }

    /// The config's digest.
    pub fn config_digest(&self) -> String {
        digest(&self.config_blob())
    }

    /// The manifest's config descriptor.
    pub fn config_descriptor(&self) -> Value {
        let blob = self.config_blob();
        json!({
            "mediaType": self.config_media_type,
            "digest": digest(&blob),
            "size": blob.len(),
        })
    }

    /// The manifest built from the parts.
    pub fn generated_manifest(&self) -> Value {
        let mut m = json!({ "schemaVersion": 2 });
        if let Some(media_type) = &self.manifest_media_type {
            m["mediaType"] = json!(media_type);
        }
        m["config"] = self.config_descriptor();
        m["layers"] = Value::Array(self.layers.iter().map(Layer::descriptor).collect());
        merge(&mut m, &self.manifest_extra);
        m
    }

    /// The manifest in use (`manifest` or generated).
    pub fn manifest_value(&self) -> Value {
        self.manifest
            .clone()
            .unwrap_or_else(|| self.generated_manifest())
    }

    /// The manifest bytes as stored.
    pub fn manifest_blob(&self) -> Vec<u8> {
        self.manifest_bytes
            .clone()
            .unwrap_or_else(|| to_json(&self.manifest_value()))
    }

    /// The manifest's digest.
    pub fn manifest_digest(&self) -> String {
        digest(&self.manifest_blob())
    }

    /// The descriptor `index.json` lists for this image.
    pub fn descriptor(&self) -> Value {
        let blob = self.manifest_blob();
        let media_type = self
            .descriptor_media_type
            .clone()
            .or_else(|| self.manifest_media_type.clone())
            .unwrap_or_else(|| mt::OCI_MANIFEST.to_string());
        let mut d = json!({
            "mediaType": media_type,
            "digest": digest(&blob),
            "size": blob.len(),
        });
        let mut annotations = Map::new();
        if let Some(name) = &self.image_name {
            annotations.insert("io.containerd.image.name".into(), json!(name));
        }
        if let Some(name) = &self.ref_name {
            annotations.insert("org.opencontainers.image.ref.name".into(), json!(name));
        }
        if !annotations.is_empty() {
            d["annotations"] = Value::Object(annotations);
        }
        if let Some(platform) = &self.platform {
            d["platform"] = platform.clone();
        }
        merge(&mut d, &self.descriptor_extra);
        d
    }

    /// `(declared digest, bytes)` of every blob: manifest, config, layers.
    pub fn blobs(&self) -> Vec<(String, Vec<u8>)> {
        let mut blobs = vec![
            (self.manifest_digest(), self.manifest_blob()),
            (self.config_digest(), self.config_blob()),
        ];
        blobs.extend(self.layers.iter().map(|l| (l.digest(), l.blob.clone())));
        blobs
    }
}

/// One tar entry of a built archive, before it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A regular file (mode 0644).
    File(String, Vec<u8>),
    /// A directory (path ends with `/`).
    Dir(String),
    /// A symbolic link: path, target.
    Symlink(String, String),
}

impl Entry {
    /// The entry's path.
    pub fn path(&self) -> &str {
        match self {
            Entry::File(p, _) | Entry::Dir(p) | Entry::Symlink(p, _) => p,
        }
    }

    fn with_path(&self, path: String) -> Entry {
        match self {
            Entry::File(_, b) => Entry::File(path, b.clone()),
            Entry::Dir(_) => Entry::Dir(path),
            Entry::Symlink(_, t) => Entry::Symlink(path, t.clone()),
        }
    }
}

/// Writes entries as a tar (with the end marker).
pub fn write_entries(entries: &[Entry]) -> Vec<u8> {
    let mut t = TarWriter::new();
    for e in entries {
        match e {
            Entry::File(p, b) => t.file(p, b),
            Entry::Dir(p) => t.dir(p),
            Entry::Symlink(p, target) => t.symlink(p, target),
        };
    }
    t.finish()
}

/// Path edits shared by both archive builders.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Edits {
    /// Paths (without `./`) not written.
    pub omitted: Vec<String>,
    /// Paths (without `./`) whose content is replaced.
    pub replaced: Vec<(String, Vec<u8>)>,
    /// Entries appended verbatim at the end (no `./` added).
    pub extra_entries: Vec<(String, Vec<u8>)>,
    /// Prefix every generated path with `./` (and add a `./` directory entry
    /// when directories are written).
    pub dot_slash_prefix: bool,
}

impl Edits {
    fn apply(&self, entries: Vec<Entry>, directories: bool) -> Vec<Entry> {
        let mut out: Vec<Entry> = Vec::new();
        if self.dot_slash_prefix && directories {
            out.push(Entry::Dir("./".to_string()));
        }
        for e in entries {
            let path = e.path().to_string();
            if self.omitted.contains(&path) || out.iter().any(|o| o.path() == prefixed(self, &path))
            {
                continue;
            }
            let e = match self.replaced.iter().find(|(p, _)| *p == path) {
                Some((_, bytes)) => Entry::File(path.clone(), bytes.clone()),
                None => e,
            };
            out.push(e.with_path(prefixed(self, &path)));
        }
        out.extend(
            self.extra_entries
                .iter()
                .map(|(p, b)| Entry::File(p.clone(), b.clone())),
        );
        out
    }
}

fn prefixed(edits: &Edits, path: &str) -> String {
    if edits.dot_slash_prefix {
        format!("./{path}")
    } else {
        path.to_string()
    }
}

/// An OCI image layout in a tar (oci-archive, Docker 25+ `docker save`,
/// containerd export), with knobs for the quirks and defects seen in the wild.
#[derive(Clone, Debug, PartialEq)]
pub struct OciLayoutBuilder {
    /// Images listed in `index.json`, blobs written.
    pub images: Vec<OciImage>,
    /// Images listed in `index.json` whose blobs are not written (one
    /// platform pulled of a multi-platform image, moby/moby#49473).
    pub absent_images: Vec<OciImage>,
    /// Raw descriptors appended to the index that lists the images.
    pub extra_index_entries: Vec<Value>,
    /// More blobs stored under their digest (unreferenced unless an extra
    /// index entry points at them).
    pub extra_blobs: Vec<Vec<u8>>,
    /// containerd style: `index.json` → one nested image index blob → the
    /// manifests; the first image's names go on the outer descriptor.
    pub nested_index: bool,
    /// Write `oci-layout`, `index.json` (and `manifest.json`) after the blobs.
    pub metadata_last: bool,
    /// Write `blobs/` and `blobs/<alg>/` directory entries (default true).
    pub write_directories: bool,
    /// Replaces the generated `index.json`.
    pub index_override: Option<Value>,
    /// Exact `index.json` bytes (beats `index_override`).
    pub index_bytes: Option<Vec<u8>>,
    /// Exact `oci-layout` bytes (default `{"imageLayoutVersion":"1.0.0"}`).
    pub oci_layout_bytes: Option<Vec<u8>>,
    /// Also write Docker's `manifest.json` pointing at `blobs/sha256/…`, as
    /// Docker 25+ does (`Config`, `RepoTags`, `Layers`, `LayerSources`).
    pub docker_manifest_json: bool,
    /// Also write Docker's `repositories` (`{repo: {tag: config hex}}`).
    pub docker_repositories: bool,
    /// Path edits: omit, replace, extra entries, `./` prefix.
    pub edits: Edits,
}

impl Default for OciLayoutBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl OciLayoutBuilder {
    /// An empty layout builder (directories on, metadata first).
    pub fn new() -> Self {
        OciLayoutBuilder {
            images: Vec::new(),
            absent_images: Vec::new(),
            extra_index_entries: Vec::new(),
            extra_blobs: Vec::new(),
            nested_index: false,
            metadata_last: false,
            write_directories: true,
            index_override: None,
            index_bytes: None,
            oci_layout_bytes: None,
            docker_manifest_json: false,
            docker_repositories: false,
            edits: Edits::default(),
        }
    }

    /// Adds an image.
    pub fn image(mut self, image: OciImage) -> Self {
        self.images.push(image);
        self
    }

    /// Lists an image in the index without writing its blobs.
    pub fn absent_image(mut self, image: OciImage) -> Self {
        self.absent_images.push(image);
        self
    }

    /// Appends a raw descriptor to the index.
    pub fn extra_index_entry(mut self, descriptor: Value) -> Self {
        self.extra_index_entries.push(descriptor);
        self
    }

    /// Stores one more blob under its digest.
    pub fn extra_blob(mut self, bytes: Vec<u8>) -> Self {
        self.extra_blobs.push(bytes);
        self
    }

    /// See [`OciLayoutBuilder::nested_index`].
    pub fn nested_index(mut self, on: bool) -> Self {
        self.nested_index = on;
        self
    }

    /// Entry names start with `./`.
    pub fn dot_slash_prefix(mut self, on: bool) -> Self {
        self.edits.dot_slash_prefix = on;
        self
    }

    /// Metadata files after the blobs.
    pub fn metadata_last(mut self, on: bool) -> Self {
        self.metadata_last = on;
        self
    }

    /// Directory entries on or off.
    pub fn write_directories(mut self, on: bool) -> Self {
        self.write_directories = on;
        self
    }

    /// Does not write the blob of `digest`.
    pub fn omit_blob(mut self, digest: &str) -> Self {
        self.edits.omitted.push(blob_path(digest));
        self
    }

    /// Does not write `path` (e.g. `oci-layout`, `index.json`).
    pub fn omit_path(mut self, path: &str) -> Self {
        self.edits.omitted.push(path.to_string());
        self
    }

    /// Stores other bytes under `digest`'s path (descriptors unchanged).
    pub fn replace_blob(mut self, digest: &str, bytes: Vec<u8>) -> Self {
        self.edits.replaced.push((blob_path(digest), bytes));
        self
    }

    /// Writes other bytes at `path`.
    pub fn replace_path(mut self, path: &str, bytes: Vec<u8>) -> Self {
        self.edits.replaced.push((path.to_string(), bytes));
        self
    }

    /// Appends an entry verbatim.
    pub fn extra_entry(mut self, path: &str, bytes: Vec<u8>) -> Self {
        self.edits.extra_entries.push((path.to_string(), bytes));
        self
    }

    /// Replaces `index.json`.
    pub fn index_override(mut self, index: Value) -> Self {
        self.index_override = Some(index);
        self
    }

    /// Writes a Docker `manifest.json` too.
    pub fn docker_manifest_json(mut self, on: bool) -> Self {
        self.docker_manifest_json = on;
        self
    }

    /// Writes a Docker `repositories` too.
    pub fn docker_repositories(mut self, on: bool) -> Self {
        self.docker_repositories = on;
        self
    }

    fn image_descriptors(&self) -> Vec<Value> {
        let mut list: Vec<Value> = self
            .images
            .iter()
            .chain(&self.absent_images)
            .map(OciImage::descriptor)
            .collect();
        list.extend(self.extra_index_entries.iter().cloned());
        list
    }

    /// The nested image index (when `nested_index`): the manifests, without
    /// the name annotations (those go on the outer descriptor).
    pub fn nested_index_value(&self) -> Value {
        let manifests: Vec<Value> = self
            .image_descriptors()
            .into_iter()
            .map(|mut d| {
                if let Some(a) = d.get_mut("annotations").and_then(Value::as_object_mut) {
                    a.remove("io.containerd.image.name");
                    a.remove("org.opencontainers.image.ref.name");
                    if a.is_empty() {
                        d.as_object_mut().unwrap().remove("annotations");
                    }
                }
                d
            })
            .collect();
        json!({ "schemaVersion": 2, "mediaType": mt::OCI_INDEX, "manifests": manifests })
    }

    /// The `index.json` built from the images.
    pub fn generated_index(&self) -> Value {
        let manifests = if self.nested_index {
            let blob = to_json(&self.nested_index_value());
            let mut d = json!({
                "mediaType": mt::OCI_INDEX,
                "digest": digest(&blob),
                "size": blob.len(),
            });
            if let Some(first) = self.images.first().or(self.absent_images.first()) {
                let mut annotations = Map::new();
                if let Some(name) = &first.image_name {
                    annotations.insert("io.containerd.image.name".into(), json!(name));
                }
                if let Some(name) = &first.ref_name {
                    annotations.insert("org.opencontainers.image.ref.name".into(), json!(name));
                }
                if !annotations.is_empty() {
                    d["annotations"] = Value::Object(annotations);
                }
            }
            vec![d]
        } else {
            self.image_descriptors()
        };
        json!({ "schemaVersion": 2, "mediaType": mt::OCI_INDEX, "manifests": manifests })
    }

    /// The `index.json` bytes as written.
    pub fn index_blob(&self) -> Vec<u8> {
        if let Some(bytes) = &self.index_bytes {
            return bytes.clone();
        }
        to_json(
            &self
                .index_override
                .clone()
                .unwrap_or_else(|| self.generated_index()),
        )
    }

    /// Docker's `manifest.json` for the present images.
    pub fn generated_docker_manifest(&self) -> Value {
        Value::Array(
            self.images
                .iter()
                .map(|image| {
                    let mut sources = Map::new();
                    for l in &image.layers {
                        sources.insert(l.digest(), l.descriptor());
                    }
                    json!({
                        "Config": blob_path(&image.config_digest()),
                        "RepoTags": image.repo_tags,
                        "Layers": image.layers.iter().map(|l| blob_path(&l.digest())).collect::<Vec<_>>(),
                        "LayerSources": sources,
                    })
                })
                .collect(),
        )
    }

    /// The entries in write order, after the edits.
    pub fn entries(&self) -> Vec<Entry> {
        let mut meta = vec![
            Entry::File(
                "oci-layout".into(),
                self.oci_layout_bytes
                    .clone()
                    .unwrap_or_else(|| br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec()),
            ),
            Entry::File("index.json".into(), self.index_blob()),
        ];
        if self.docker_manifest_json {
            meta.push(Entry::File(
                "manifest.json".into(),
                to_json(&self.generated_docker_manifest()),
            ));
        }
        if self.docker_repositories {
            let top: Vec<(String, String)> = self
                .images
                .iter()
                .flat_map(|i| {
                    let id = digest_hex(&i.config_digest()).to_string();
                    i.repo_tags.iter().map(move |t| (t.clone(), id.clone()))
                })
                .collect();
            meta.push(Entry::File(
                "repositories".into(),
                to_json(&repositories(&top)),
            ));
        }

        let mut blobs: Vec<(String, Vec<u8>)> = Vec::new();
        for image in &self.images {
            blobs.extend(image.blobs());
        }
        if self.nested_index {
            let blob = to_json(&self.nested_index_value());
            blobs.insert(0, (digest(&blob), blob));
        }
        blobs.extend(self.extra_blobs.iter().map(|b| (digest(b), b.clone())));
        let mut blob_entries = Vec::new();
        if self.write_directories {
            blob_entries.push(Entry::Dir("blobs/".into()));
            let mut algs: Vec<String> = Vec::new();
            for (d, _) in &blobs {
                let dir = format!("{}/", parent(&blob_path(d)));
                if !algs.contains(&dir) {
                    algs.push(dir.clone());
                    blob_entries.push(Entry::Dir(dir));
                }
            }
        }
        blob_entries.extend(
            blobs
                .into_iter()
                .map(|(d, b)| Entry::File(blob_path(&d), b)),
        );

        let all = if self.metadata_last {
            blob_entries.into_iter().chain(meta).collect()
        } else {
            meta.into_iter().chain(blob_entries).collect()
        };
        self.edits.apply(all, self.write_directories)
    }

    /// The archive as tar bytes.
    pub fn build(&self) -> Vec<u8> {
        write_entries(&self.entries())
    }
}

/// One image of a legacy docker-archive: uncompressed layer tars.
#[derive(Clone, Debug, PartialEq)]
pub struct DockerImage {
    /// Uncompressed layer tars, bottom first (stored as is).
    pub layers: Vec<Vec<u8>>,
    /// `RepoTags` (and `repositories`) names, e.g. `kimai/kimai2:apache`.
    pub repo_tags: Vec<String>,
    /// `architecture` of the generated config.
    pub architecture: String,
    /// `os` of the generated config.
    pub os: String,
    /// Declared DiffIDs instead of the layers' real ones.
    pub diff_ids_override: Option<Vec<String>>,
    /// Replaces the generated config.
    pub config: Option<Value>,
    /// Exact config bytes (beats `config`).
    pub config_bytes: Option<Vec<u8>>,
    /// Replaces this image's generated `manifest.json` item.
    pub manifest_entry: Option<Value>,
}

impl DockerImage {
    /// An image from layer tars, amd64/linux, no tags.
    pub fn new(layers: Vec<Vec<u8>>) -> Self {
        DockerImage {
            layers,
            repo_tags: Vec::new(),
            architecture: "amd64".to_string(),
            os: "linux".to_string(),
            diff_ids_override: None,
            config: None,
            config_bytes: None,
            manifest_entry: None,
        }
    }

    /// Adds a `RepoTags` name.
    pub fn with_repo_tag(mut self, tag: &str) -> Self {
        self.repo_tags.push(tag.to_string());
        self
    }

    /// The real DiffIDs: sha256 of each layer file.
    pub fn real_diff_ids(&self) -> Vec<String> {
        self.layers.iter().map(|l| digest(l)).collect()
    }

    /// The DiffIDs the config declares.
    pub fn diff_ids(&self) -> Vec<String> {
        self.diff_ids_override
            .clone()
            .unwrap_or_else(|| self.real_diff_ids())
    }

    /// The config built from the layers.
    pub fn generated_config(&self) -> Value {
        generated_config(&self.architecture, &self.os, self.diff_ids())
    }

    /// The config in use.
    pub fn config_value(&self) -> Value {
        self.config
            .clone()
            .unwrap_or_else(|| self.generated_config())
    }

    /// The config bytes as stored.
    pub fn config_blob(&self) -> Vec<u8> {
        self.config_bytes
            .clone()
            .unwrap_or_else(|| to_json(&self.config_value()))
    }

    /// The config's hex digest (the image ID; file `<hex>.json`).
    pub fn config_hex(&self) -> String {
        sha256_hex(&self.config_blob())
    }

    /// Legacy v1 layer IDs (64 hex), one per layer, chained like c/image does.
    pub fn layer_ids(&self) -> Vec<String> {
        let mut ids = Vec::new();
        let mut chain = String::new();
        let mut parent = String::new();
        for diff_id in self.real_diff_ids() {
            chain = if chain.is_empty() {
                diff_id
            } else {
                digest(format!("{chain} {diff_id}").as_bytes())
            };
            let id = sha256_hex(to_json(&json!({"layer_id": chain, "parent": parent})).as_slice());
            parent = id.clone();
            ids.push(id);
        }
        ids
    }

    /// The paths `manifest.json` lists for the layers.
    pub fn layer_paths(&self, symlinked: bool) -> Vec<String> {
        if symlinked {
            self.real_diff_ids()
                .iter()
                .map(|d| format!("{}.tar", digest_hex(d)))
                .collect()
        } else {
            self.layer_ids()
                .iter()
                .map(|id| format!("{id}/layer.tar"))
                .collect()
        }
    }

    /// This image's `manifest.json` item.
    pub fn generated_manifest_entry(&self, symlinked: bool) -> Value {
        json!({
            "Config": format!("{}.json", self.config_hex()),
            "RepoTags": self.repo_tags,
            "Layers": self.layer_paths(symlinked),
        })
    }

    fn layer_json(&self, index: usize, id: &str, parent: Option<&str>) -> Value {
        let mut j = json!({
            "id": id,
            "created": CREATED,
            "container_config": {"Cmd": null},
            "os": self.os,
        });
        if let Some(parent) = parent {
            j["parent"] = json!(parent);
        }
        if index + 1 == self.layers.len() {
            j["architecture"] = json!(self.architecture);
            j["config"] = self
                .config_value()
                .get("config")
                .cloned()
                .unwrap_or(Value::Null);
        }
        j
    }
}

/// A legacy docker-archive (`docker save` ≤ 24 layout, or the podman/skopeo
/// c/image layout with symlinked layers).
#[derive(Clone, Debug, PartialEq)]
pub struct DockerArchiveBuilder {
    /// The images (`podman save -m` writes several).
    pub images: Vec<DockerImage>,
    /// c/image style: `<diffid-hex>.tar` files, `manifest.json` pointing at
    /// them, and `<id>/layer.tar` symlinks to `../<diffid-hex>.tar`; no
    /// directory entries.
    pub symlinked_layers: bool,
    /// `<id>/` directory entries, docker-save style only (default true).
    pub write_directories: bool,
    /// Write `repositories` (default true).
    pub write_repositories: bool,
    /// DiffIDs whose layer files (`<id>/layer.tar`, `<hex>.tar`) are not written.
    pub omitted_layers: Vec<String>,
    /// Replaces the generated `manifest.json`.
    pub manifest_override: Option<Value>,
    /// Exact `manifest.json` bytes (beats `manifest_override`).
    pub manifest_bytes: Option<Vec<u8>>,
    /// Path edits: omit, replace, extra entries, `./` prefix.
    pub edits: Edits,
}

impl Default for DockerArchiveBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl DockerArchiveBuilder {
    /// An empty builder (docker-save style, directories and `repositories` on).
    pub fn new() -> Self {
        DockerArchiveBuilder {
            images: Vec::new(),
            symlinked_layers: false,
            write_directories: true,
            write_repositories: true,
            omitted_layers: Vec::new(),
            manifest_override: None,
            manifest_bytes: None,
            edits: Edits::default(),
        }
    }

    /// Adds an image.
    pub fn image(mut self, image: DockerImage) -> Self {
        self.images.push(image);
        self
    }

    /// c/image style symlinked layers.
    pub fn symlinked_layers(mut self, on: bool) -> Self {
        self.symlinked_layers = on;
        self
    }

    /// `<id>/` directory entries on or off.
    pub fn write_directories(mut self, on: bool) -> Self {
        self.write_directories = on;
        self
    }

    /// `repositories` on or off.
    pub fn write_repositories(mut self, on: bool) -> Self {
        self.write_repositories = on;
        self
    }

    /// Does not write the layer file(s) of `diff_id`.
    pub fn omit_layer(mut self, diff_id: &str) -> Self {
        self.omitted_layers.push(diff_id.to_string());
        self
    }

    /// Does not write `path`.
    pub fn omit_path(mut self, path: &str) -> Self {
        self.edits.omitted.push(path.to_string());
        self
    }

    /// Writes other bytes at `path`.
    pub fn replace_path(mut self, path: &str, bytes: Vec<u8>) -> Self {
        self.edits.replaced.push((path.to_string(), bytes));
        self
    }

    /// Appends an entry verbatim.
    pub fn extra_entry(mut self, path: &str, bytes: Vec<u8>) -> Self {
        self.edits.extra_entries.push((path.to_string(), bytes));
        self
    }

    /// Replaces `manifest.json`.
    pub fn manifest_override(mut self, manifest: Value) -> Self {
        self.manifest_override = Some(manifest);
        self
    }

    /// Entry names start with `./`.
    pub fn dot_slash_prefix(mut self, on: bool) -> Self {
        self.edits.dot_slash_prefix = on;
        self
    }

    /// The generated `manifest.json`.
    pub fn generated_manifest(&self) -> Value {
        Value::Array(
            self.images
                .iter()
                .map(|i| {
                    i.manifest_entry
                        .clone()
                        .unwrap_or_else(|| i.generated_manifest_entry(self.symlinked_layers))
                })
                .collect(),
        )
    }

    /// The `manifest.json` bytes as written.
    pub fn manifest_blob(&self) -> Vec<u8> {
        if let Some(bytes) = &self.manifest_bytes {
            return bytes.clone();
        }
        to_json(
            &self
                .manifest_override
                .clone()
                .unwrap_or_else(|| self.generated_manifest()),
        )
    }

    /// The entries in write order, after the edits.
    pub fn entries(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        let mut tops: Vec<(String, String)> = Vec::new();
        for image in &self.images {
            let ids = image.layer_ids();
            let diff_ids = image.real_diff_ids();
            let config = image.config_blob();
            let config_name = format!("{}.json", image.config_hex());
            let mut physical_entries = Vec::new();
            let mut layer_entries = Vec::new();
            for (i, (id, layer)) in ids.iter().zip(&image.layers).enumerate() {
                let omitted = self.omitted_layers.contains(&diff_ids[i]);
                let parent = i.checked_sub(1).map(|p| ids[p].as_str());
                let json = to_json(&image.layer_json(i, id, parent));
                if self.symlinked_layers {
                    let physical = format!("{}.tar", digest_hex(&diff_ids[i]));
                    if !omitted {
                        physical_entries.push(Entry::File(physical.clone(), layer.clone()));
                        layer_entries.push(Entry::Symlink(
                            format!("{id}/layer.tar"),
                            format!("../{physical}"),
                        ));
                    }
                    layer_entries.push(Entry::File(format!("{id}/VERSION"), b"1.0".to_vec()));
                    layer_entries.push(Entry::File(format!("{id}/json"), json));
                } else {
                    if self.write_directories {
                        layer_entries.push(Entry::Dir(format!("{id}/")));
                    }
                    layer_entries.push(Entry::File(format!("{id}/VERSION"), b"1.0".to_vec()));
                    layer_entries.push(Entry::File(format!("{id}/json"), json));
                    if !omitted {
                        layer_entries.push(Entry::File(format!("{id}/layer.tar"), layer.clone()));
                    }
                }
            }
            // c/image: config, layer files, legacy metadata; docker save:
            // legacy layer directories, then the config.
            if self.symlinked_layers {
                out.push(Entry::File(config_name, config));
                out.extend(physical_entries);
                out.extend(layer_entries);
            } else {
                out.extend(layer_entries);
                out.push(Entry::File(config_name, config));
            }
            if let Some(top) = ids.last() {
                tops.extend(image.repo_tags.iter().map(|t| (t.clone(), top.clone())));
            }
        }
        out.push(Entry::File("manifest.json".into(), self.manifest_blob()));
        if self.write_repositories {
            out.push(Entry::File(
                "repositories".into(),
                to_json(&repositories(&tops)),
            ));
        }
        let directories = self.write_directories && !self.symlinked_layers;
        self.edits.apply(out, directories)
    }

    /// The archive as tar bytes.
    pub fn build(&self) -> Vec<u8> {
        write_entries(&self.entries())
    }
}

/// A config built from DiffIDs: architecture, os, `config` (Env, Cmd),
/// `rootfs` and one `history` entry per layer.
pub fn generated_config(architecture: &str, os: &str, diff_ids: Vec<String>) -> Value {
    let history: Vec<Value> = (0..diff_ids.len())
        .map(|i| json!({"created": CREATED, "created_by": format!("/bin/sh -c #(nop) ADD file:layer{i} in / ")}))
        .collect();
    json!({
        "architecture": architecture,
        "os": os,
        "created": CREATED,
        "config": {
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
            "Cmd": ["/bin/sh"],
        },
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": history,
    })
}

/// `repositories` content from `(repo:tag, id)` pairs (names without a tag are skipped).
pub fn repositories(tags: &[(String, String)]) -> Value {
    let mut repos = Map::new();
    for (name, id) in tags {
        let Some((repo, tag)) = name.rsplit_once(':').filter(|(_, t)| !t.contains('/')) else {
            continue;
        };
        let entry = repos.entry(repo.to_string()).or_insert_with(|| json!({}));
        entry[tag] = json!(id);
    }
    Value::Object(repos)
}

/// Compact JSON bytes.
pub fn to_json(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap()
}

fn merge(target: &mut Value, extra: &Map<String, Value>) {
    if let Some(obj) = target.as_object_mut() {
        for (k, v) in extra {
            obj.insert(k.clone(), v.clone());
        }
    }
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(p, _)| p)
}
