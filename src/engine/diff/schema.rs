//! The comparison of two images: `ocilens.diff/v1`. Field names are a
//! contract (issue 10, docs/diff.md): adding a field is fine in v1, renaming
//! or removing one is v2. The closed sets ([`MatchKind`], [`Cause`], [`What`],
//! [`SideName`]) serialise to their kebab-case names.

use crate::engine::finding::Severity;
use crate::engine::report::Input;
use serde::{Deserialize, Serialize};

/// The schema identifier.
pub const SCHEMA: &str = "ocilens.diff/v1";

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The first image.
    pub a: Side,
    /// The second image.
    pub b: Side,
    /// What is identical.
    pub same: Same,
    /// Changed config fields.
    pub config: Vec<ConfigChange>,
    /// The layers, matched.
    pub layers: Vec<LayerPair>,
    /// The merged file trees, compared.
    pub files: Files,
    /// The packages installed in each (issue 12's `images[].packages[]`), compared.
    #[serde(default)]
    pub packages: Packages,
    /// Why the two differ, from the fixed list, in its order.
    pub causes: Vec<CauseItem>,
    /// What makes the comparison less than complete, and each input's errors.
    pub findings: Vec<DiffFinding>,
    /// Counts and a verdict.
    pub summary: Summary,
}

/// `a` or `b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SideName {
    /// The first image.
    A,
    /// The second image.
    B,
}

/// One image's identity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Side {
    /// The input file, as its report summarises it.
    pub input: Input,
    /// Index into the report's `images[]`.
    pub image: u32,
    /// `os/architecture[/variant]`.
    pub platform: Option<String>,
    /// The config digest: the image ID.
    pub config_digest: Option<String>,
    /// The manifest digest; `null` for a docker-archive, which carries no manifest.
    pub manifest_digest: Option<String>,
    /// The manifest's media type.
    pub manifest_media_type: Option<String>,
    /// The archive holds the manifest a registry would serve, so its digest
    /// can be the registry's (an OCI layout); false for a docker-archive.
    pub manifest_preserved: bool,
    /// What this archive format does and does not preserve, in a sentence.
    pub preserves: String,
    /// Each layer's digest, in manifest order.
    pub layer_digests: Vec<Option<String>>,
    /// Each layer's DiffID (computed, else declared), in order.
    pub diff_ids: Vec<Option<String>>,
}

/// What the two images have in common (each true only when both sides have
/// the value and it is equal).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Same {
    /// Same config digest (image ID).
    pub config_digest: bool,
    /// Same manifest digest.
    pub manifest_digest: bool,
    /// Same DiffIDs, in order.
    pub diff_ids: bool,
    /// Same layer digests, in order.
    pub layer_digests: bool,
    /// The merged file trees hold the same paths with the same type, bytes,
    /// size, mode, owner and link target (mtimes are listed in
    /// `files.changed` but do not count here).
    pub files: bool,
}

/// One changed config field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfigChange {
    /// `Env`, `Cmd`, `Entrypoint`, `User`, `WorkingDir`, `ExposedPorts`,
    /// `Volumes`, `Labels`, `created`, `history`, or the JSON path of another
    /// field of the config document (`config.StopSignal`, `docker_version`).
    pub field: String,
    /// The value in `a` (`null`: absent).
    pub a: serde_json::Value,
    /// The value in `b`.
    pub b: serde_json::Value,
}

/// How a layer was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKind {
    /// The same blob.
    SameDigest,
    /// The same uncompressed tar, stored differently.
    SameDiffId,
    /// Other tars listing the same entries.
    SameFiles,
    /// A layer of each side, paired, with other entries.
    Changed,
    /// Only in `a`.
    OnlyA,
    /// Only in `b`.
    OnlyB,
}

impl MatchKind {
    /// The name in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::SameDigest => "same-digest",
            MatchKind::SameDiffId => "same-diff-id",
            MatchKind::SameFiles => "same-files",
            MatchKind::Changed => "changed",
            MatchKind::OnlyA => "only-a",
            MatchKind::OnlyB => "only-b",
        }
    }
}

/// One row of the layer table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerPair {
    /// Layer index in `a`, or null.
    pub a: Option<u32>,
    /// Layer index in `b`, or null.
    pub b: Option<u32>,
    /// How they match.
    #[serde(rename = "match")]
    pub kind: MatchKind,
    /// The causes that apply to this pair.
    pub causes: Vec<Cause>,
}

/// The fixed list of reasons two images differ (analysis.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    /// Bytes differ, or files are added or removed.
    Content,
    /// Only modification times differ.
    Mtime,
    /// Other uid/gid.
    Ownership,
    /// Other permission bits.
    Mode,
    /// The same entries in another order.
    EntryOrder,
    /// The same entries with other header encoding.
    TarHeaders,
    /// The same uncompressed layer, compressed differently.
    Compression,
    /// Another archive format or manifest media type.
    Format,
    /// Config fields differ.
    Config,
    /// Only the manifest differs.
    Manifest,
}

impl Cause {
    /// Every cause, in the fixed order.
    pub const ALL: [Cause; 10] = [
        Cause::Content,
        Cause::Mtime,
        Cause::Ownership,
        Cause::Mode,
        Cause::EntryOrder,
        Cause::TarHeaders,
        Cause::Compression,
        Cause::Format,
        Cause::Config,
        Cause::Manifest,
    ];

    /// The name in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Content => "content",
            Cause::Mtime => "mtime",
            Cause::Ownership => "ownership",
            Cause::Mode => "mode",
            Cause::EntryOrder => "entry-order",
            Cause::TarHeaders => "tar-headers",
            Cause::Compression => "compression",
            Cause::Format => "format",
            Cause::Config => "config",
            Cause::Manifest => "manifest",
        }
    }
}

/// What differs at one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum What {
    /// The bytes (content hash, or a size change of a regular file).
    Content,
    /// The size.
    Size,
    /// Permission bits (setuid, setgid, sticky included).
    Mode,
    /// uid or gid.
    Owner,
    /// The entry type (file, directory, symlink, …).
    Type,
    /// The symlink or hard link target.
    Link,
    /// The modification time.
    Mtime,
}

impl What {
    /// The name in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            What::Content => "content",
            What::Size => "size",
            What::Mode => "mode",
            What::Owner => "owner",
            What::Type => "type",
            What::Link => "link",
            What::Mtime => "mtime",
        }
    }
}

/// The merged trees compared, by path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Files {
    /// Paths only in `b`.
    pub added: Vec<String>,
    /// Paths only in `a`.
    pub removed: Vec<String>,
    /// Paths in both that differ.
    pub changed: Vec<ChangedFile>,
}

/// One path in both trees that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedFile {
    /// Canonical path.
    pub path: String,
    /// What differs, in the order of [`What`].
    pub what: Vec<What>,
    /// Size in `a`.
    pub a_size: u64,
    /// Size in `b`.
    pub b_size: u64,
}

/// One cause, with what shows it and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CauseItem {
    /// The cause.
    pub cause: Cause,
    /// What in these two images shows it.
    pub evidence: String,
    /// Why it happens, in plain words.
    pub explanation: String,
    /// How to avoid it (a reproducible build) or what to do.
    pub fix: String,
}

/// Something that limits the comparison, or an error an input has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffFinding {
    /// The input it concerns, if one.
    pub side: Option<SideName>,
    /// How much it matters.
    pub severity: Severity,
    /// `diff.…` for the comparison's own, else the input's finding code.
    pub code: String,
    /// One line.
    pub message: String,
}

/// Counts and a verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Paths added.
    pub files_added: u64,
    /// Paths removed.
    pub files_removed: u64,
    /// Paths changed.
    pub files_changed: u64,
    /// Layer pairs with the same digest.
    pub layers_same: u64,
    /// Layer rows of any other kind.
    pub layers_differ: u64,
    /// One line.
    pub verdict: String,
}

/// The packages of the two images compared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Packages {
    /// Installed in `b`, not in `a`.
    pub added: Vec<PackageRef>,
    /// Installed in `a`, not in `b`.
    pub removed: Vec<PackageRef>,
    /// In both, with another version.
    pub upgraded: Vec<PackageChange>,
}

/// A package of one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageRef {
    /// `dpkg`, `apk` or `rpm`.
    pub manager: String,
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// Its architecture.
    pub arch: String,
}

/// A package in both images with another version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageChange {
    /// `dpkg`, `apk` or `rpm`.
    pub manager: String,
    /// Its name.
    pub name: String,
    /// Its architecture.
    pub arch: String,
    /// The version in `a`.
    pub a_version: String,
    /// The version in `b`.
    pub b_version: String,
}
