//! The report: `ocilens.report/v1`. Field names are stable; adding a field
//! is fine in v1, renaming or removing one is v2. The closed sets of values
//! are enums ([`Format`], [`Compression`], [`Content`], [`ImageKind`],
//! [`ImageSource`], [`IndexNodeKind`], [`RefSource`]) that serialise to
//! the strings v1 has always used; `tests/golden.rs` pins the whole JSON of
//! three fixtures.

pub mod compat;
mod kinds;
pub mod secret;

pub use crate::engine::codec::{Compression, Content};
pub use compat::{Action, Compatibility, ToolName, Verdict, Versions};
pub use kinds::{DocumentRole, Format, ImageKind, ImageSource, IndexNodeKind, RefSource};

use super::finding::{Finding, Severity};
pub use super::inside::packages::image::Package;
use super::model::config::{Healthcheck, History};
use super::model::descriptor::Platform;
pub use super::tree::efficiency::{Duplicate, Efficiency, KindBytes, WasteItem, WasteKind};
use super::tree::entry::LayerEntry;
use super::tree::merge::Changes;
pub use super::tree::tar_facts::TarFacts;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The schema identifier.
pub const SCHEMA: &str = "ocilens.report/v1";

/// Outcome of one verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Computed and equal.
    Verified,
    /// Computed and different.
    Mismatch,
    /// The blob is absent.
    Missing,
    /// Could not be computed (unknown algorithm, undecodable, cap fired, nothing declared).
    Unverifiable,
}

/// A blob checked against its descriptor: the two statuses that
/// `index` nodes, manifests, configs and layers all carry, flattened into
/// each (`"digest_status": …, "size_status": …`, in that order).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobCheck {
    /// Digest check: the bytes hash to the declared digest.
    pub digest_status: Option<Status>,
    /// Size check: the byte count is the declared size.
    pub size_status: Option<Status>,
}

impl BlobCheck {
    /// Both checks with the same outcome (e.g. the blob is missing).
    pub fn both(status: Status) -> BlobCheck {
        BlobCheck {
            digest_status: Some(status),
            size_status: Some(status),
        }
    }
}

/// The tool that wrote the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    /// `ocilens`
    pub name: String,
    /// Crate version.
    pub version: String,
}

/// The input file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// File name as given.
    pub name: String,
    /// Bytes.
    pub size: u64,
    /// sha256 of the (decompressed) archive, computed in one-pass mode and for rootfs tarballs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// `docker-archive`, `oci-layout`, `oci-layout+docker-manifest`, `rootfs-tar`, `unknown`.
    pub format: Format,
    /// `none`, `gzip`, `zstd`, `xz`, `bzip2`.
    pub outer_compression: Compression,
    /// For a rootfs tarball: the DiffID an import should record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rootfs_diff_id: Option<String>,
}

/// A name the archive carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceRecord {
    /// Exactly as written.
    pub as_written: String,
    /// `registry/repository[:tag][@digest]`, when valid.
    pub normalized: Option<String>,
    /// `RepoTags`, `repositories`, `org.opencontainers.image.ref.name`, `io.containerd.image.name`.
    pub source: RefSource,
    /// Manifest digest or image ID it labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Index into `images[]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<u32>,
}

/// One descriptor of the index tree, with its verification.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexNode {
    /// `index`, `manifest`, `attestation`, `schema1`, `other`.
    pub kind: IndexNodeKind,
    /// Declared media type.
    pub media_type: Option<String>,
    /// Declared digest.
    pub digest: Option<String>,
    /// Declared size.
    pub size: Option<u64>,
    /// Platform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
    /// Annotations.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// `artifactType`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_type: Option<String>,
    /// Archive entry holding it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// `digest_status`, `size_status`.
    #[serde(flatten)]
    pub check: BlobCheck,
    /// The image it became.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<u32>,
    /// Nested descriptors (for indexes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<IndexNode>,
}

/// The manifest of one image.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestInfo {
    /// Digest (declared, or computed for docker-archive).
    pub digest: Option<String>,
    /// Media type from the descriptor.
    pub media_type: Option<String>,
    /// `mediaType` inside the document.
    pub document_media_type: Option<String>,
    /// Size.
    pub size: Option<u64>,
    /// Platform from the index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
    /// Annotations of the manifest.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// `artifactType`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_type: Option<String>,
    /// `subject.digest`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Archive entry.
    pub entry: Option<String>,
    /// `digest_status`, `size_status`.
    #[serde(flatten)]
    pub check: BlobCheck,
}

/// The config of one image.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigInfo {
    /// Digest.
    pub digest: Option<String>,
    /// Media type from the descriptor.
    pub media_type: Option<String>,
    /// Archive entry.
    pub entry: Option<String>,
    /// `os`
    pub os: Option<String>,
    /// `architecture`
    pub architecture: Option<String>,
    /// `variant`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// `created`
    pub created: Option<String>,
    /// `rootfs.diff_ids`
    pub diff_ids: Vec<String>,
    /// `history`, each matched to the layer it created.
    pub history: Vec<History>,
    /// `config.Env`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<String>,
    /// `config.Labels`
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// `config.Entrypoint`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entrypoint: Vec<String>,
    /// `config.Cmd`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cmd: Vec<String>,
    /// `config.User` (absent or empty: root)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// `config.WorkingDir`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_dir: Option<String>,
    /// The keys of `config.ExposedPorts`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exposed_ports: Vec<String>,
    /// The keys of `config.Volumes`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<String>,
    /// `config.StopSignal`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_signal: Option<String>,
    /// `config.Healthcheck`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthcheck: Option<Healthcheck>,
    /// `digest_status`, `size_status`.
    #[serde(flatten)]
    pub check: BlobCheck,
}

/// DiffID of a layer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffIdInfo {
    /// `rootfs.diff_ids[i]`
    pub declared: Option<String>,
    /// sha256 of the decoded stream.
    pub computed: Option<String>,
    /// Comparison.
    pub status: Option<Status>,
}

/// One layer of an image.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerInfo {
    /// Position in the manifest.
    pub index: u32,
    /// Declared media type.
    pub media_type: Option<String>,
    /// Declared digest (docker-archive: computed).
    pub digest: Option<String>,
    /// Declared size (docker-archive: stored size).
    pub size: Option<u64>,
    /// Archive entry holding it.
    pub entry: Option<String>,
    /// Compression as sniffed from the bytes: `none`, `gzip`, `zstd`, `xz`, `bzip2`, `empty`, `unknown`.
    pub compression: Option<Content>,
    /// Bytes after decoding.
    pub uncompressed_size: Option<u64>,
    /// `digest_status`, `size_status`.
    #[serde(flatten)]
    pub check: BlobCheck,
    /// DiffID.
    pub diff_id: DiffIdInfo,
    /// Entries added, modified and removed.
    pub changes: Option<Changes>,
    /// Entries listed.
    pub files: Option<u64>,
    /// Bytes of this layer's regular files that the final file system does
    /// not show (docs/efficiency.md); `null` when the layer was not read.
    #[serde(default)]
    pub wasted_bytes: Option<u64>,
    /// How the layer tar was written: a fingerprint of its entry order and of
    /// its header encoding, and header counts (docs/diff.md); absent when the
    /// layer was not walked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tar: Option<TarFacts>,
    /// `urls` (foreign layers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub urls: Vec<String>,
    /// Annotations.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
}

/// One image (a manifest with its config and layers).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// `image`, `artifact` or `attestation`.
    pub kind: ImageKind,
    /// Which description it comes from: `oci` or `docker-manifest`.
    pub source: ImageSource,
    /// The manifest.
    pub manifest: ManifestInfo,
    /// The config.
    pub config: ConfigInfo,
    /// The layers, in order.
    pub layers: Vec<LayerInfo>,
    /// Where the bytes go: total, final and wasted bytes, the score, the
    /// largest wasted copies and the duplicates (docs/efficiency.md). Images
    /// only, not artifacts or attestations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub efficiency: Option<Efficiency>,
    /// The packages its dpkg, apk and rpm databases list, sorted by manager
    /// and name (docs/packages.md). Images only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<Package>,
}

/// A JSON document of the archive, as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Archive entry.
    pub entry: String,
    /// `oci-layout`, `index`, `manifest`, `config`, `manifest.json`, `repositories`.
    pub role: DocumentRole,
    /// sha256 of its bytes.
    pub digest: String,
    /// The parsed document.
    pub content: serde_json::Value,
}

/// File trees.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tree {
    /// Each layer's entries with their change.
    pub layers: Vec<TreeLayer>,
    /// Each image's merged file system.
    pub merged: Vec<TreeMerged>,
}

/// One layer's entries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeLayer {
    /// Image index.
    pub image: u32,
    /// Layer index.
    pub layer: u32,
    /// Entries.
    pub entries: Vec<LayerEntry>,
}

/// One image's merged file system.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeMerged {
    /// Image index.
    pub image: u32,
    /// Entries sorted by path.
    pub entries: Vec<LayerEntry>,
}

/// Counts and a verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Error findings.
    pub errors: u64,
    /// Warning findings.
    pub warnings: u64,
    /// Info findings.
    pub infos: u64,
    /// One line.
    pub verdict: String,
}

impl Summary {
    /// Counts `findings` and writes the verdict.
    pub fn of(findings: &[Finding]) -> Summary {
        let count = |s| findings.iter().filter(|f| f.severity == s).count() as u64;
        let (errors, warnings, infos) = (
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
        );
        let verdict = if errors > 0 {
            format!("broken: {errors} error(s), {warnings} warning(s), {infos} info")
        } else if warnings > 0 {
            format!("sound, with {warnings} warning(s) and {infos} info")
        } else {
            format!("sound: everything checked verified ({infos} info)")
        };
        Summary {
            errors,
            warnings,
            infos,
            verdict,
        }
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The tool.
    pub tool: Tool,
    /// The input.
    pub input: Input,
    /// Every name the archive carries.
    pub references: Vec<ReferenceRecord>,
    /// `index.json` and nested indexes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<IndexNode>,
    /// Images.
    pub images: Vec<Image>,
    /// JSON documents read.
    #[serde(default)]
    pub documents: Vec<Document>,
    /// File trees (CLI: `--tree`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tree: Option<Tree>,
    /// Findings, most severe first.
    pub findings: Vec<Finding>,
    /// What each tool, per version range, does with this file
    /// (`engine::compat` evaluates its rule table over the findings).
    #[serde(default)]
    pub compatibility: Vec<Compatibility>,
    /// Counts.
    pub summary: Summary,
}
