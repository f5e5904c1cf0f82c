//! The rule table: what each tool does with an image that has a given
//! finding. One [`Rule`] per (tool, action, variant, version range, codes);
//! each quotes the tool's message from its source, an issue or a recorded
//! run, and links it. [`super::COLUMNS`] lists the tools and commands the
//! verdicts are given for, in the order of `compatibility[]` and
//! `docs/compatibility.md`. The rows are kept one file per tool (`docker`,
//! `containerd`, `containers` for podman and skopeo, both c/image, `umoci`,
//! `others` for crane, k3s, trivy and dive); [`all`] walks them in that
//! order.
//!
//! A row applies when the report has a finding with one of its `codes`; a
//! column's verdict over a version range is the worst applying row's
//! (`fails` over `warns`), else `ok` ([`super::evaluate`]). Fix templates
//! are rendered by [`super::fixes::render`].
//!
//! Checked against the real tools of Debian 12 (docker.io 20.10.24,
//! containerd 1.6.20, podman 4.3.1, skopeo 1.9.3, umoci 0.4.7) on every
//! fixture and crafted case (`tests/oracle/load/results.json`): a message
//! marked "seen with" is theirs. A row whose behaviour was only seen at one
//! version ends at the next one (`below`) unless a source shows that later
//! versions behave the same.

use super::columns::{ALL_PLATFORMS, TO_DOCKER_ARCHIVE};
use crate::engine::finding::Code;
use crate::engine::report::{Action, Compression, Format, ToolName, Verdict};

/// A further condition of a row, beyond one of its codes being present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Also {
    /// The archive is compressed as a whole with one of these.
    Outer(&'static [Compression]),
    /// The input is of one of these formats.
    Format(&'static [Format]),
    /// The report has a finding with this code too (it joins `because`).
    Code(Code),
    /// An opaque whiteout hides files of a lower layer (efficiency
    /// `opaque-hidden` bytes).
    OpaqueHidden,
    /// An image index of the archive lists more than one manifest (a
    /// multi-platform image, not an index that wraps one manifest).
    SeveralPlatforms,
    /// `manifest.json` gives no name (no `RepoTags`), whatever `index.json`
    /// says: what a loader that reads names from `manifest.json` only sees.
    NoRepoTags,
    /// A `json.bad-number` that Go's `encoding/json` cannot decode into an
    /// `int64` (a fraction, an exponent, beyond 2^63): a negative size
    /// decodes, and the Go tools do not check sizes against the blob.
    NotAnInteger,
    /// One of the row's findings is about what a reader that prefers
    /// `index.json` sees: an image read from `index.json`, any image of a
    /// docker-archive, or no image in particular. containerd's importer
    /// "prefers OCI v1 when provided" and umoci reads `index.json` only, so
    /// the DiffIDs of a disagreeing `manifest.json` are not theirs.
    SeenByIndexReader,
    /// A `layer-compression.mismatch` of compressed bytes typed as a plain
    /// tar (containerd#9981): a reader that trusts the type reads them as a
    /// tar; one typed gzip or zstd is decompressed by what its bytes are.
    TypedPlain,
    /// An image index below `index.json` lists another image index (a
    /// reader that picks one platform of the first gets an index again).
    NestedIndex,
    /// `index.json` points to an image index and none of its own
    /// descriptors has a `ref.name` (names further down are not read by a
    /// reader of `index.json`'s names).
    NoTopRefName,
    /// One `ref.name` is on more than one descriptor of `index.json`, even
    /// of the same manifest (a reader that resolves a name to exactly one
    /// descriptor finds several).
    RefNameRepeated,
    /// One of the row's findings has this [`Mark`] (that finding decides).
    Only(Mark),
    /// One of the row's findings does not have this [`Mark`].
    Except(Mark),
}

/// What one finding says beyond its code (its `found`, or where it is),
/// when that changes what a tool does: a row with [`Also::Only`] or
/// [`Also::Except`] applies only through a finding that has, or has not,
/// the mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A `json.not-utf8` of a document that is JSON once its invalid UTF-8
    /// and lone surrogate escapes read as U+FFFD, as Go's `encoding/json`
    /// reads them (no byte-order mark).
    Utf8Replaced,
    /// A `json.invalid` of one JSON value followed by more bytes: a
    /// `json.Decoder` reads the first value and stops.
    TrailingValue,
    /// The finding is about an image's config blob.
    InConfig,
    /// A `blob-digest.embedded-data` whose `data` is not base64 at all (Go
    /// decodes `data` into a `[]byte`: "illegal base64 data").
    NotBase64,
    /// A `whiteout.invalid-name` that deletes the root of the file system:
    /// `.wh.` or `.wh..` at the top (`.`), `DIR/.wh...` one level down
    /// (`DIR/..`).
    WhiteoutOfRoot,
    /// A `tar.sparse` of a form Go's `archive/tar` hands on as a type the
    /// Go extractors do not handle (old-GNU `S`) or refuses (PAX 0.x whose
    /// `numblocks` does not count its map).
    SparseGoRefuses,
    /// A `tar.bad-header` that is a negative base-256 `uid` or `gid`, which
    /// Go's `archive/tar` reads.
    NegativeId,
    /// A `reference.invalid` of an `org.opencontainers.image.ref.name`.
    FromRefName,
    /// A `reference.invalid` of a `ref.name` with none of `/`, `:`, `@`:
    /// what containerd's importer takes for a bare tag.
    BareRefName,
    /// A `reference.invalid` of a `ref.name` outside image-spec's grammar
    /// of `ref.name` (components of alphanumerics joined by `-._:@+` or
    /// `--`, separated by `/`), which umoci checks.
    NotOciRefName,
}

impl Mark {
    /// The code of the findings the mark is about; `None`: any finding.
    pub fn code(&self) -> Option<Code> {
        Some(match self {
            Mark::Utf8Replaced => JsonNotUtf8,
            Mark::TrailingValue => JsonInvalid,
            Mark::InConfig => return None,
            Mark::NotBase64 => BlobDigestEmbeddedData,
            Mark::WhiteoutOfRoot => WhiteoutInvalidName,
            Mark::SparseGoRefuses => TarSparse,
            Mark::NegativeId => TarBadHeader,
            Mark::FromRefName | Mark::BareRefName | Mark::NotOciRefName => ReferenceInvalid,
        })
    }

    /// The mark in words, for `docs/compatibility.md`.
    pub fn describe(&self) -> &'static str {
        match self {
            Mark::Utf8Replaced => "the bytes read as U+FFFD",
            Mark::TrailingValue => "one JSON value and more bytes",
            Mark::InConfig => "in a config",
            Mark::NotBase64 => "`data` is not base64",
            Mark::WhiteoutOfRoot => "it deletes the root",
            Mark::SparseGoRefuses => "old-GNU sparse, or a PAX 0.x map Go refuses",
            Mark::NegativeId => "a negative base-256 uid or gid",
            Mark::FromRefName => "a ref.name",
            Mark::BareRefName => "a ref.name without `/`, `:` or `@`",
            Mark::NotOciRefName => "a ref.name outside image-spec's grammar",
        }
    }
}

impl Also {
    /// The condition in words, for `docs/compatibility.md`.
    pub fn describe(&self) -> String {
        let list = |v: Vec<String>| v.join(" or ");
        match self {
            Also::Outer(o) => format!(
                "the archive is {}-compressed",
                list(o.iter().map(|c| c.to_string()).collect())
            ),
            Also::Format(f) => format!(
                "the input is {}",
                list(f.iter().map(|x| x.as_str().to_string()).collect())
            ),
            Also::Code(c) => format!("with `{c}`"),
            Also::OpaqueHidden => "an opaque whiteout hides lower files".into(),
            Also::SeveralPlatforms => "an index lists several platforms".into(),
            Also::NoRepoTags => "manifest.json has no RepoTags".into(),
            Also::NotAnInteger => "the number is not an integer".into(),
            Also::SeenByIndexReader => "it is about what index.json describes".into(),
            Also::TypedPlain => "compressed bytes typed as a plain tar".into(),
            Also::NestedIndex => "an index below index.json lists an index".into(),
            Also::NoTopRefName => "index.json's descriptors have no ref.name".into(),
            Also::RefNameRepeated => "a ref.name is on several descriptors of index.json".into(),
            Also::Only(m) => format!("{} (that finding)", m.describe()),
            Also::Except(m) => format!("not: {}", m.describe()),
        }
    }
}

/// One row: `tool` at `from ≤ v < below` does `verdict` to an image with a
/// finding of one of `codes` (and, where `also` says so, more).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The tool.
    pub tool: ToolName,
    /// What it is asked to do.
    pub action: Action,
    /// The invocation ([`super::Column::variant`]).
    pub variant: Option<&'static str>,
    /// First version the row holds for; `None`: every earlier one.
    pub from: Option<&'static str>,
    /// First version it no longer holds for; `None`: still holds.
    pub below: Option<&'static str>,
    /// The findings that trigger it.
    pub codes: &'static [Code],
    /// Conditions that must hold as well (all of them).
    pub also: &'static [Also],
    /// `fails` or `warns`.
    pub verdict: Verdict,
    /// What the tool prints, quoted; or, for `warns`, what it does.
    pub message: &'static str,
    /// The command that makes the file load ([`super::fixes::render`]);
    /// `None`: the fix of the finding that caused it, if it has one.
    pub fix: Option<&'static str>,
    /// Where the behaviour is documented.
    pub source: &'static str,
}

use Action::{Copy as CopyTo, Import, Load, Pull, Scan, Unpack};
use Code::*;
use ToolName::{Containerd, Crane, Dive, Docker, K3s, Podman, Skopeo, Trivy, Umoci};
use Verdict::{Fails, Warns};

/// The archive or a blob is cut, missing or not what its digest says:
/// every tool that reads the blob refuses it.
const UNREADABLE: &[Code] = &[
    ArchiveTruncated,
    ArchiveBadHeader,
    ArchiveCorruptCompression,
    FormatIndexMissing,
    JsonInvalid,
    BlobMissingConfig,
    BlobMissingLayer,
    BlobMissingManifest,
    BlobDigestMismatch,
];
/// [`UNREADABLE`], and blobs whose size is not their descriptor's or whose
/// compressed stream is corrupt: what a tool that checks sizes and
/// decompresses every layer refuses (umoci's verified reader; the claim for
/// Docker and k3s is older than the recordings). containerd, podman and
/// skopeo 1.9.3 compare no blob with its descriptor's size (seen with all
/// three), and skopeo to `dir:` never decompresses.
const BROKEN: &[Code] = &[
    ArchiveTruncated,
    ArchiveBadHeader,
    ArchiveCorruptCompression,
    FormatIndexMissing,
    JsonInvalid,
    BlobMissingConfig,
    BlobMissingLayer,
    BlobMissingManifest,
    BlobDigestMismatch,
    BlobSizeShort,
    BlobSizeLong,
    LayerCompressionCorrupt,
];
/// Documents Go's `encoding/json` cannot decode into image-spec's types,
/// and names that resolve to nothing (a malformed digest, a layer symlink
/// to a missing entry): every reader stops there (seen with all five
/// tools).
const UNDECODABLE: &[Code] = &[
    JsonNotUtf8,
    JsonWrongType,
    LimitsJsonDepth,
    DescriptorMediaTypeShapeMismatch,
    BlobDigestMalformed,
    ArchiveBadSymlink,
];
/// Not an image archive: a file system tarball (the input of an import), or
/// not even that.
const NOT_AN_IMAGE: &[Code] = &[FormatRootfsTar, FormatNotAnImage];
/// Layer tars that Go's `archive/tar` stops reading in the middle of: what
/// unpackers built on it (Docker, k3s) refuse.
const TAR_BROKEN: &[Code] = &[TarTruncated, TarBadHeader];
/// Layer contents an extractor stops at: an entry Go's `archive/tar`
/// cannot read, a layer that is not a tar once decompressed, a hard link it
/// cannot make. Every tool that unpacks refuses them (seen with ctr 1.6,
/// podman 4.3.1 and umoci 0.4.7); skopeo to `dir:` copies the blob as it is
/// and passes.
const UNPACK_BROKEN: &[Code] = &[
    TarTruncated,
    TarBadHeader,
    LimitsTarExtension,
    LayerCompressionNotTar,
    LayerCompressionUnknown,
    PathSafetyHardlinkForward,
    PathSafetyHardlinkDangling,
    PathSafetyHardlinkEscape,
    PathSafetyHardlinkToDir,
    // a path over 64 KiB or a name over 255 bytes: over Linux's PATH_MAX and
    // NAME_MAX, so no extractor can create it ("file name too long"; seen
    // with all three)
    LimitsPathLength,
    // an entry below a symlink loop: "too many links" (seen with all three)
    PathSafetySymlinkLoop,
];
/// The findings a tool that checks DiffIDs while unpacking refuses.
const DIFFID: &[Code] = &[DiffidMismatch, DiffidCompressedDigest, DiffidCount];
/// The DiffID findings umoci refuses: it ignores a DiffID beyond the last
/// layer (seen with umoci 0.4.7, `diffid: one too many`).
const DIFFID_PER_LAYER: &[Code] = &[DiffidMismatch, DiffidCompressedDigest];

macro_rules! rule {
    ($tool:ident $action:ident $variant:expr, $from:expr => $below:expr, $codes:expr, also [$($also:expr),*], $verdict:ident, $msg:expr, $fix:expr, $src:expr) => {
        Rule {
            tool: $tool,
            action: $action,
            variant: $variant,
            from: $from,
            below: $below,
            codes: $codes,
            also: &[$($also),*],
            verdict: $verdict,
            message: $msg,
            fix: $fix,
            source: $src,
        }
    };
    ($tool:ident $action:ident $variant:expr, $from:expr => $below:expr, $codes:expr, $verdict:ident, $msg:expr, $fix:expr, $src:expr) => {
        rule!($tool $action $variant, $from => $below, $codes, also [], $verdict, $msg, $fix, $src)
    };
}

mod containerd;
mod containers;
mod docker;
mod others;
mod umoci;

/// The rules, one table per tool, in column order.
pub const RULES: &[&[Rule]] = &[
    docker::RULES,
    containerd::PLAIN,
    containerd::ALL,
    containerd::ONE,
    containers::RULES,
    umoci::RULES,
    others::RULES,
];

/// Every row of [`RULES`], in order.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    RULES.iter().flat_map(|t| t.iter())
}

/// Whole-archive compressions containerd cannot read.
const XZ_BZIP2: &[Compression] = &[Compression::Xz, Compression::Bzip2];

/// Decompress the archive first.
pub const FIX_DECOMPRESS: &str = "{decompress} {file} > {plain_tar}";
/// Copy one image out of several.
pub const FIX_ONE_IMAGE: &str = "skopeo copy {src}:{ref} {dst_named}";
/// Republish with gzip layers.
pub const FIX_GZIP: &str = "skopeo copy --dest-compress-format gzip {src} {dst_gzip}";
/// Recompress (the bytes decide the compression, the type follows).
pub const FIX_RECOMPRESS: &str = "skopeo copy --dest-compress-format gzip {src} {dst_gzip}";
/// An OCI layout as a docker-archive, with a name.
pub const FIX_TO_DOCKER_ARCHIVE: &str = "skopeo copy {src} docker-archive:{stem}-docker.tar:{ref}";
/// A docker-archive as an OCI layout, with a name.
pub const FIX_TO_OCI_ARCHIVE: &str = "skopeo copy {src} oci-archive:{stem}-oci.tar:{ref}";
/// Rewrite every media type to OCI.
pub const FIX_TO_OCI: &str = "regctl image import ocidir://{stem}:fix {file} && regctl image mod ocidir://{stem}:fix --to-oci --replace && regctl image export ocidir://{stem}:fix {stem}-oci.tar";
/// Give the archive a name.
pub const FIX_NAME: &str = "skopeo copy {src} {dst_named}";
/// Import with digest names.
pub const FIX_CTR_DIGESTS: &str = "ctr images import --digests {file}";
/// Import under a repository.
pub const FIX_CTR_BASE_NAME: &str = "ctr images import --base-name {repo} {file}";
/// Import every platform of the index.
pub const FIX_CTR_ALL_PLATFORMS: &str = "ctr images import --all-platforms {file}";
/// Keep the platform present.
pub const FIX_ONE_PLATFORM: &str = "skopeo copy {src} oci-archive:{stem}-one-platform.tar:{ref}";
