//! The rule table: what each tool does with an image that has a given
//! finding. One [`Rule`] per (tool, action, variant, version range, codes);
//! each quotes the tool's message from its source or an issue and links it.
//! [`COLUMNS`] lists the tools and commands the verdicts are given for, in
//! the order of `compatibility[]` and `docs/compatibility.md`.
//!
//! A row applies when the report has a finding with one of its `codes`; a
//! column's verdict over a version range is the worst applying row's
//! (`fails` over `warns`), else `ok` ([`super::evaluate`]). Fix templates
//! are rendered by [`super::fixes::render`].
//!
//! Checked against the real tools of Debian 12 where they run here (skopeo
//! 1.9.3, podman 4.3.1, umoci 0.4.7): the messages of the skopeo and umoci
//! rows are theirs, verbatim.

use crate::engine::finding::Code;
use crate::engine::report::{Action, Compression, Format, ToolName, Verdict};

/// A tool and command the verdicts are given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The tool.
    pub tool: ToolName,
    /// What it is asked to do.
    pub action: Action,
    /// The invocation, when it is not the plain command (`--all-platforms`).
    pub variant: Option<&'static str>,
    /// The command, with `FILE` for the input.
    pub command: &'static str,
    /// Version boundaries to report even where no row cuts (the ranges the
    /// issue names: Docker 23, 25).
    pub cuts: &'static [&'static str],
    /// A current, mainstream way to use the file: an image that this column
    /// refuses at its newest versions is an error (`tests` check the
    /// catalogue's severities against it).
    pub mainstream: bool,
    /// The tool's documentation, the `source` of an `ok` verdict.
    pub source: &'static str,
}

/// A further condition of a row, beyond one of its codes being present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Also {
    /// The archive is compressed as a whole with one of these.
    Outer(&'static [Compression]),
    /// The input is of one of these formats.
    Format(&'static [Format]),
    /// The report has a finding with this code too (it joins `because`).
    Code(Code),
}

/// One row: `tool` at `from ≤ v < below` does `verdict` to an image with a
/// finding of one of `codes` (and, where `also` says so, more).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The tool.
    pub tool: ToolName,
    /// What it is asked to do.
    pub action: Action,
    /// The invocation ([`Column::variant`]).
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

const ALL_PLATFORMS: Option<&str> = Some("--all-platforms");
const TO_DOCKER_ARCHIVE: Option<&str> = Some("to docker-archive:");

/// The tools and commands, in report order.
pub const COLUMNS: &[Column] = &[
    Column {
        tool: Docker,
        action: Load,
        variant: None,
        command: "docker load -i FILE",
        cuts: &["23.0", "25.0"],
        mainstream: true,
        source: "https://docs.docker.com/reference/cli/docker/image/load/",
    },
    Column {
        tool: Docker,
        action: Pull,
        variant: None,
        command: "docker pull (after pushing the image)",
        cuts: &["23.0"],
        mainstream: true,
        source: "https://docs.docker.com/reference/cli/docker/image/pull/",
    },
    Column {
        tool: Containerd,
        action: Import,
        variant: None,
        command: "ctr images import FILE",
        cuts: &["1.7", "2.0"],
        mainstream: true,
        source:
            "https://github.com/containerd/containerd/blob/main/cmd/ctr/commands/images/import.go",
    },
    Column {
        tool: Containerd,
        action: Import,
        variant: ALL_PLATFORMS,
        command: "ctr images import --all-platforms FILE",
        cuts: &["1.7", "2.0"],
        mainstream: false,
        source:
            "https://github.com/containerd/containerd/blob/main/cmd/ctr/commands/images/import.go",
    },
    Column {
        tool: Podman,
        action: Load,
        variant: None,
        command: "podman load -i FILE",
        cuts: &["5.0"],
        mainstream: true,
        source: "https://docs.podman.io/en/latest/markdown/podman-load.1.html",
    },
    Column {
        tool: Skopeo,
        action: CopyTo,
        variant: None,
        command: "skopeo copy docker-archive:FILE (or oci-archive:FILE) dir:DIR",
        cuts: &[],
        mainstream: true,
        source: "https://github.com/containers/skopeo/blob/main/docs/skopeo-copy.1.md",
    },
    Column {
        tool: Skopeo,
        action: CopyTo,
        variant: TO_DOCKER_ARCHIVE,
        command: "skopeo copy oci-archive:FILE docker-archive:OUT.tar:NAME:TAG",
        cuts: &[],
        mainstream: true,
        source: "https://github.com/containers/skopeo/blob/main/docs/skopeo-copy.1.md",
    },
    Column {
        tool: Umoci,
        action: Unpack,
        variant: None,
        command: "umoci unpack --image DIR:REF BUNDLE (after extracting FILE to DIR)",
        cuts: &["0.5"],
        mainstream: false,
        source: "https://github.com/opencontainers/umoci/blob/main/doc/man/umoci-unpack.1.md",
    },
    Column {
        tool: Crane,
        action: Unpack,
        variant: None,
        command: "crane export (of the image loaded from FILE)",
        cuts: &["0.21.8"],
        mainstream: false,
        source:
            "https://github.com/google/go-containerregistry/blob/main/cmd/crane/doc/crane_export.md",
    },
    Column {
        tool: K3s,
        action: Import,
        variant: None,
        command: "k3s / rke2 air-gap import (FILE in agent/images/)",
        cuts: &[],
        mainstream: false,
        source: "https://docs.k3s.io/installation/airgap",
    },
    Column {
        tool: Trivy,
        action: Scan,
        variant: None,
        command: "trivy image --input FILE",
        cuts: &[],
        mainstream: false,
        source: "https://trivy.dev/latest/docs/target/container_image/",
    },
    Column {
        tool: Dive,
        action: Scan,
        variant: None,
        command: "dive --source docker-archive FILE",
        cuts: &["0.13"],
        mainstream: false,
        source: "https://github.com/wagoodman/dive",
    },
];

/// The findings every tool refuses: the image is not what it claims.
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
/// Not an image archive: a file system tarball (the input of an import), or
/// not even that.
const NOT_AN_IMAGE: &[Code] = &[FormatRootfsTar, FormatNotAnImage];
/// The findings a tool that checks DiffIDs while unpacking refuses.
const DIFFID: &[Code] = &[DiffidMismatch, DiffidCompressedDigest, DiffidCount];

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

/// The rules, grouped by column.
pub const RULES: &[Rule] = &[
    // docker load
    rule!(Docker Load None, None => None, NOT_AN_IMAGE, Fails,
        "open /var/lib/docker/tmp/docker-import-…/repositories: no such file or directory (a file system tarball is for docker import)",
        None, "https://github.com/moby/moby/issues/10429"),
    rule!(Docker Load None, None => Some("29.0"), &[CompatibilityNoDockerManifest], Fails,
        "open /var/lib/docker/tmp/docker-import-…/repositories: no such file or directory",
        Some(FIX_TO_DOCKER_ARCHIVE), "https://github.com/docker/for-mac/issues/5973"),
    rule!(Docker Load None, None => Some("23.0"), &[CompatibilityZstd], Fails,
        "archive/tar: invalid tar header", Some(FIX_GZIP), "https://github.com/moby/moby/pull/41759"),
    rule!(Docker Load None, None => Some("23.0"), &[CompatibilityCompressedArchive], also [Also::Outer(&[Compression::Zstd])], Fails,
        "archive/tar: invalid tar header", Some(FIX_DECOMPRESS), "https://github.com/moby/moby/pull/41759"),
    rule!(Docker Load None, None => None, DIFFID, Fails,
        "invalid diffID for layer N: expected \"sha256:…\", got \"sha256:…\"", None,
        "https://github.com/moby/moby/blob/master/image/tarexport/load.go"),
    rule!(Docker Load None, None => None, BROKEN, Fails,
        "unexpected EOF", None, "https://github.com/moby/moby/blob/master/image/tarexport/load.go"),
    rule!(Docker Load None, None => None, &[ReferenceNone], Warns,
        "Loaded image ID: sha256:… (no name: `docker images` shows <none>)", Some(FIX_NAME),
        "https://github.com/moby/moby/blob/master/image/tarexport/load.go"),
    rule!(Docker Load None, Some("25.0") => None, &[BlobMissingPlatformNotSaved], Warns,
        "loads the saved platform only; the others listed in the index are not in the file", Some(FIX_ONE_PLATFORM),
        "https://github.com/moby/moby/issues/49473"),
    // docker pull
    rule!(Docker Pull None, None => Some("23.0"), &[CompatibilityZstd], Fails,
        "failed to register layer: archive/tar: invalid tar header", Some(FIX_GZIP),
        "https://github.com/actions/runner-images/issues/7765"),
    rule!(Docker Pull None, None => None, DIFFID, Fails,
        "layers from manifest don't match image configuration", None,
        "https://github.com/containers/podman/issues/18716"),
    // ctr images import
    rule!(Containerd Import None, None => None, NOT_AN_IMAGE, Fails,
        "ctr refuses it: no index.json or manifest.json, so not an image archive", None,
        "https://github.com/containerd/containerd/blob/main/core/images/archive/importer.go"),
    rule!(Containerd Import None, None => None, &[ReferenceNone], Warns,
        "imports nothing visible: `ctr images ls` lists no image for an archive without names", Some(FIX_CTR_DIGESTS),
        "https://github.com/containerd/containerd/issues/6309"),
    rule!(Containerd Import None, None => None, &[ReferenceTagOnly], Warns,
        "names the image after the bare tag unless --base-name gives the repository", Some(FIX_CTR_BASE_NAME),
        "https://github.com/containerd/containerd/issues/1624"),
    rule!(Containerd Import None, None => None, &[CompatibilityXz, CompatibilityBzip2], Fails,
        "failed to extract layer sha256:…: archive/tar: invalid tar header", Some(FIX_GZIP),
        "https://github.com/containerd/nerdctl/pull/587"),
    rule!(Containerd Import None, None => None, &[CompatibilityCompressedArchive], also [Also::Outer(XZ_BZIP2)], Fails,
        "ctr: archive/tar: invalid tar header (ctr decompresses gzip and zstd archives only)", Some(FIX_DECOMPRESS),
        "https://github.com/containerd/containerd/blob/main/pkg/archive/compression/compression.go"),
    rule!(Containerd Import None, None => None, DIFFID, Fails,
        "failed to extract layer sha256:…: wrong diff id calculated on extraction \"sha256:…\"", None,
        "https://github.com/containerd/containerd/blob/main/core/unpack/unpacker.go"),
    rule!(Containerd Import None, None => None, BROKEN, Fails,
        "ctr: content digest sha256:…: not found", None, "https://github.com/containerd/containerd/issues/4634"),
    rule!(Containerd Import None, None => None, &[BlobMissingPlatformNotSaved], Warns,
        "imports the host's platform only; platforms whose blobs are absent are skipped", Some(FIX_ONE_PLATFORM),
        "https://github.com/rancher/rke2/issues/5944"),
    rule!(Containerd Import ALL_PLATFORMS, None => None, NOT_AN_IMAGE, Fails,
        "ctr refuses it: no index.json or manifest.json, so not an image archive", None,
        "https://github.com/containerd/containerd/blob/main/core/images/archive/importer.go"),
    rule!(Containerd Import ALL_PLATFORMS, None => None, &[ReferenceNone], Warns,
        "imports nothing visible: `ctr images ls` lists no image for an archive without names", Some(FIX_CTR_DIGESTS),
        "https://github.com/containerd/containerd/issues/6309"),
    rule!(Containerd Import ALL_PLATFORMS, None => None, &[ReferenceTagOnly], Warns,
        "names the image after the bare tag unless --base-name gives the repository", Some(FIX_CTR_BASE_NAME),
        "https://github.com/containerd/containerd/issues/1624"),
    rule!(Containerd Import ALL_PLATFORMS, None => None, &[CompatibilityXz, CompatibilityBzip2], Fails,
        "failed to extract layer sha256:…: archive/tar: invalid tar header", Some(FIX_GZIP),
        "https://github.com/containerd/nerdctl/pull/587"),
    rule!(Containerd Import ALL_PLATFORMS, None => None, &[BlobMissingPlatformNotSaved], Fails,
        "ctr: content digest sha256:…: not found", Some(FIX_ONE_PLATFORM),
        "https://github.com/containerd/containerd/issues/7543"),
    rule!(Containerd Import ALL_PLATFORMS, None => None, &[CompatibilityCompressedArchive], also [Also::Outer(XZ_BZIP2)], Fails,
        "ctr: archive/tar: invalid tar header (ctr decompresses gzip and zstd archives only)", Some(FIX_DECOMPRESS),
        "https://github.com/containerd/containerd/blob/main/pkg/archive/compression/compression.go"),
    rule!(Containerd Import ALL_PLATFORMS, None => None, DIFFID, Fails,
        "failed to extract layer sha256:…: wrong diff id calculated on extraction \"sha256:…\"", None,
        "https://github.com/containerd/containerd/blob/main/core/unpack/unpacker.go"),
    rule!(Containerd Import ALL_PLATFORMS, None => None, BROKEN, Fails,
        "ctr: content digest sha256:…: not found", None, "https://github.com/containerd/containerd/issues/4634"),
    // podman load
    rule!(Podman Load None, None => None, NOT_AN_IMAGE, Fails,
        "payload does not match any of the supported image formats: … docker-archive: loading tar component manifest.json: file does not exist",
        None, "https://github.com/containers/podman/blob/main/docs/source/markdown/podman-load.1.md"),
    rule!(Podman Load None, None => None, &[MediaTypeMixDockerManifestOciLayer], Fails,
        "unsupported docker v2s2 media type: \"application/vnd.oci.image.layer.v1.tar+gzip\"", Some(FIX_TO_OCI),
        "https://github.com/imjasonh/kontain.me/issues/222"),
    rule!(Podman Load None, Some("5.4") => None, DIFFID, Fails,
        "writing blob: layer 0 (blob \"sha256:…\"/\"\"/\"sha256:…\") does not match config's DiffID \"sha256:…\"", None,
        "https://github.com/containers/podman/issues/25593"),
    rule!(Podman Load None, None => Some("5.0"), &[CompatibilitySeveralImages], also [Also::Format(&[Format::OciLayout])], Fails,
        "payload does not match any of the supported image formats: … oci-archive: loading index: more than one image in oci, choose an image",
        Some(FIX_ONE_IMAGE), "https://github.com/containers/podman/blob/v4.3.1/docs/source/markdown/podman-load.1.md"),
    rule!(Podman Load None, None => Some("5.0"), &[CompatibilityCompressedArchive], also [Also::Format(&[Format::DockerArchive]), Also::Outer(&[Compression::Gzip])], Fails,
        "payload does not match any of the supported image formats: … docker-archive: loading tar component manifest.json: archive/tar: invalid tar header (seen with podman 4.3.1, which reads xz, bzip2 and zstd docker-archives)",
        Some(FIX_DECOMPRESS), "https://github.com/containers/image/blob/v5.23.1/docker/internal/tarfile/reader.go"),
    rule!(Podman Load None, None => None, &[ReferenceTagOnly], Warns,
        "Loaded image: localhost/TAG:latest (the bare tag becomes the repository)", Some(FIX_NAME),
        "https://github.com/containers/image/blob/main/oci/archive/oci_src.go"),
    rule!(Podman Load None, None => None, BROKEN, Fails,
        "Digest did not match, expected sha256:…, got sha256:…", None, "https://github.com/containers/podman/issues/18193"),
    rule!(Podman Load None, None => None, &[ReferenceNone], Warns,
        "Loaded image: sha256:… (no name: `podman images` shows <none>)", Some(FIX_NAME),
        "https://github.com/containers/podman/blob/main/docs/source/markdown/podman-load.1.md"),
    // skopeo copy (keeping the manifest type)
    rule!(Skopeo CopyTo None, None => None, NOT_AN_IMAGE, Fails,
        "initializing source oci-archive:FILE: loading index: open …/index.json: no such file or directory", None,
        "https://github.com/containers/image/blob/main/oci/archive/oci_src.go"),
    rule!(Skopeo CopyTo None, None => None, &[MediaTypeMixDockerManifestOciLayer], Fails,
        "unsupported docker v2s2 media type: \"application/vnd.oci.image.layer.v1.tar+gzip\"", Some(FIX_TO_OCI),
        "https://github.com/imjasonh/kontain.me/issues/222"),
    rule!(Skopeo CopyTo None, None => Some("1.21"), &[CompatibilityDockerZstd], Fails,
        "Error parsing manifest for image: unsupported docker v2s2 media type: \"application/vnd.docker.image.rootfs.diff.tar.zstd\" (accepted from c/image 5.37)",
        Some(FIX_TO_OCI), "https://github.com/containers/container-libs/pull/293"),
    rule!(Podman Load None, None => Some("5.7"), &[CompatibilityDockerZstd], Fails,
        "Error parsing manifest for image: unsupported docker v2s2 media type: \"application/vnd.docker.image.rootfs.diff.tar.zstd\" (accepted from c/image 5.37)",
        Some(FIX_TO_OCI), "https://github.com/containers/container-libs/pull/293"),
    rule!(Skopeo CopyTo None, None => None, &[CompatibilitySeveralImages], also [Also::Format(&[Format::OciLayout, Format::OciLayoutDockerManifest])], Fails,
        "initializing source oci-archive:FILE:: more than one image in oci, choose an image", Some(FIX_ONE_IMAGE),
        "https://github.com/containers/image/blob/main/oci/layout/oci_src.go"),
    rule!(Skopeo CopyTo None, None => None, &[CompatibilitySeveralImages], also [Also::Format(&[Format::DockerArchive])], Fails,
        "determining manifest MIME type for docker-archive:FILE: Unexpected tar manifest.json: expected 1 item, got N", Some(FIX_ONE_IMAGE),
        "https://github.com/containers/image/blob/main/docker/internal/tarfile/reader.go"),
    rule!(Skopeo CopyTo None, None => Some("1.10"), &[CompatibilityCompressedArchive], also [Also::Format(&[Format::DockerArchive]), Also::Outer(&[Compression::Gzip])], Fails,
        "initializing source docker-archive:FILE: loading tar component manifest.json: unexpected EOF (seen with skopeo 1.9.3, which reads xz, bzip2 and zstd docker-archives)",
        Some(FIX_DECOMPRESS), "https://github.com/containers/image/blob/v5.23.1/docker/internal/tarfile/reader.go"),
    rule!(Skopeo CopyTo None, None => None, BROKEN, Fails,
        "Digest did not match, expected sha256:…, got sha256:…", None, "https://github.com/containers/podman/issues/18193"),
    // skopeo copy to docker-archive:
    rule!(Skopeo CopyTo TO_DOCKER_ARCHIVE, None => None, NOT_AN_IMAGE, Fails,
        "initializing source oci-archive:FILE: loading index: open …/index.json: no such file or directory", None,
        "https://github.com/containers/image/blob/main/oci/archive/oci_src.go"),
    rule!(Skopeo CopyTo TO_DOCKER_ARCHIVE, None => None, &[MediaTypeMixOciManifestDockerLayer], Fails,
        "creating an updated image manifest: Unknown media type during manifest conversion: \"application/vnd.docker.image.rootfs.diff.tar.gzip\"",
        Some(FIX_TO_OCI), "https://github.com/containers/skopeo/issues/2216"),
    rule!(Skopeo CopyTo TO_DOCKER_ARCHIVE, None => None, &[MediaTypeMixDockerManifestOciLayer], Fails,
        "unsupported docker v2s2 media type: \"application/vnd.oci.image.layer.v1.tar+gzip\"", Some(FIX_TO_OCI),
        "https://github.com/imjasonh/kontain.me/issues/222"),
    rule!(Skopeo CopyTo TO_DOCKER_ARCHIVE, None => Some("1.14"), &[CompatibilityZstd], Fails,
        "creating an updated image manifest: Error during manifest conversion: \"application/vnd.oci.image.layer.v1.tar+zstd\": zstd compression is not supported for docker images",
        Some(FIX_GZIP), "https://github.com/containers/skopeo/issues/1286"),
    rule!(Skopeo CopyTo TO_DOCKER_ARCHIVE, None => None, &[BlobMissingPlatformNotSaved], Warns,
        "copies one platform: a docker-archive holds no index", None, "https://github.com/containers/image/blob/main/docker/archive/dest.go"),
    rule!(Skopeo CopyTo TO_DOCKER_ARCHIVE, None => None, BROKEN, Fails,
        "Digest did not match, expected sha256:…, got sha256:…", None, "https://github.com/containers/podman/issues/18193"),
    // umoci unpack
    rule!(Umoci Unpack None, None => None, NOT_AN_IMAGE, Fails,
        "open DIR/index.json: no such file or directory (umoci reads OCI layouts only)", None,
        "https://github.com/opencontainers/umoci/blob/main/doc/man/umoci-unpack.1.md"),
    rule!(Umoci Unpack None, None => None, &[CompatibilityNoOciLayout], Fails,
        "open DIR/index.json: no such file or directory (umoci reads OCI layouts only)", Some(FIX_TO_OCI_ARCHIVE),
        "https://github.com/opencontainers/umoci/blob/main/doc/man/umoci-unpack.1.md"),
    rule!(Umoci Unpack None, None => Some("0.5"), &[CompatibilityZstd], Fails,
        "create runtime bundle: unpack rootfs: unpack rootfs: layer sha256:…: blob is not correct mediatype: application/vnd.oci.image.layer.v1.tar+zstd",
        Some(FIX_GZIP), "https://github.com/lxc/incus/issues/1838"),
    rule!(Umoci Unpack None, None => Some("0.5"), &[CompatibilityDockerManifestInLayout], Fails,
        "invalid --image tag: descriptor does not point to ispec.MediaTypeImageManifest: not implemented: application/vnd.docker.distribution.manifest.v2+json",
        Some(FIX_TO_OCI), "https://github.com/opencontainers/umoci/blob/v0.4.7/oci/casext/walk.go"),
    rule!(Umoci Unpack None, None => Some("0.5"), &[MediaTypeMixOciManifestDockerLayer], Fails,
        "create runtime bundle: unpack rootfs: unpack rootfs: layer sha256:…: blob is not correct mediatype: application/vnd.docker.image.rootfs.diff.tar.gzip",
        Some(FIX_TO_OCI), "https://github.com/opencontainers/umoci/blob/v0.4.7/oci/layer/unpack.go"),
    rule!(Umoci Unpack None, None => Some("0.5"), &[MediaTypeMixConfigFamily], Fails,
        "unpack rootfs: config blob is not correct mediatype application/vnd.oci.image.config.v1+json: application/vnd.docker.container.image.v1+json",
        Some(FIX_TO_OCI), "https://github.com/opencontainers/umoci/blob/v0.4.7/oci/layer/unpack.go"),
    rule!(Umoci Unpack None, None => None, &[LayerCompressionMismatch], Fails,
        "create runtime bundle: unpack rootfs: create gzip reader: gzip: invalid header (compressed bytes typed as plain tar: unpack layer: read next entry: unexpected EOF)",
        Some(FIX_RECOMPRESS),
        "https://github.com/opencontainers/umoci/blob/v0.4.7/oci/layer/unpack.go"),
    rule!(Umoci Unpack None, None => Some("0.5"), &[CompatibilityPlatformIndex], Fails,
        "tag is ambiguous: REF (the name points to an index of several platforms)", Some(FIX_ONE_PLATFORM),
        "https://github.com/opencontainers/umoci/blob/v0.4.7/oci/casext/refname.go"),
    rule!(Umoci Unpack None, None => None, &[ReferenceNone], Fails,
        "invalid --image tag: umoci unpacks a named reference (DIR:REF) and the layout names none", Some(FIX_NAME),
        "https://github.com/opencontainers/umoci/blob/main/doc/man/umoci-unpack.1.md"),
    rule!(Umoci Unpack None, None => None, DIFFID, Fails,
        "create runtime bundle: unpack rootfs: unpack manifest: layer sha256:…: diffid mismatch: got sha256:… expected sha256:…", None,
        "https://github.com/opencontainers/umoci/blob/main/oci/layer/unpack.go"),
    rule!(Umoci Unpack None, None => None, BROKEN, Fails,
        "verified reader: digest mismatch", None, "https://github.com/opencontainers/umoci/blob/main/pkg/hardening/verified_reader.go"),
    // crane export
    rule!(Crane Unpack None, None => Some("0.21.8"), &[EfficiencyDeletedLater], Warns,
        "the exported file system keeps files that an opaque whiteout removed", None,
        "https://github.com/google/go-containerregistry/pull/2372"),
    rule!(Crane Unpack None, None => None, &[CompatibilityXz, CompatibilityBzip2], Fails,
        "archive/tar: invalid tar header", Some(FIX_GZIP), "https://github.com/regclient/regclient/issues/719"),
    rule!(Crane Unpack None, None => Some("0.13"), &[CompatibilityZstd], Fails,
        "archive/tar: invalid tar header", Some(FIX_GZIP), "https://github.com/google/go-containerregistry/releases/tag/v0.13.0"),
    // k3s / rke2 air-gap import
    rule!(K3s Import None, None => None, NOT_AN_IMAGE, Fails,
        "failed to import images from …: not an image archive", None, "https://docs.k3s.io/installation/airgap"),
    rule!(K3s Import None, None => Some("1.30.1"), &[BlobMissingPlatformNotSaved], Fails,
        "failed to import images from …: content digest sha256:…: not found (fixed in v1.30.1, v1.29.5, v1.28.10, v1.27.14)",
        Some(FIX_ONE_PLATFORM), "https://github.com/rancher/rke2/issues/5944"),
    rule!(K3s Import None, None => None, &[ReferenceNone], Warns,
        "imports nothing visible: the images get no name", Some(FIX_NAME), "https://github.com/containerd/containerd/issues/6309"),
    rule!(K3s Import None, None => None, &[CompatibilityXz, CompatibilityBzip2], Fails,
        "failed to extract layer sha256:…: archive/tar: invalid tar header", Some(FIX_GZIP),
        "https://github.com/containerd/nerdctl/pull/587"),
    rule!(K3s Import None, None => None, &[CompatibilityCompressedArchive], also [Also::Outer(XZ_BZIP2)], Fails,
        "failed to import images from …: archive/tar: invalid tar header (k3s decompresses .tar.gz and .tar.zst only)", Some(FIX_DECOMPRESS),
        "https://docs.k3s.io/installation/airgap"),
    rule!(K3s Import None, None => None, BROKEN, Fails,
        "content digest sha256:…: not found", None, "https://github.com/rancher/rke2/issues/3153"),
    // trivy image --input
    rule!(Trivy Scan None, None => None, NOT_AN_IMAGE, Fails,
        "unable to open FILE as a Docker image: file manifest.json not found in tar", None,
        "https://github.com/aquasecurity/trivy/issues/5775"),
    rule!(Trivy Scan None, None => None, &[CompatibilityNoDockerManifest], Fails,
        "unable to open FILE as an OCI Image: stat FILE/index.json: not a directory", Some(FIX_TO_DOCKER_ARCHIVE),
        "https://github.com/aquasecurity/trivy/issues/5775"),
    rule!(Trivy Scan None, None => None, &[CompatibilityDotSlashNames], Fails,
        "unable to open FILE as a Docker image: file manifest.json not found in tar", Some(FIX_TO_DOCKER_ARCHIVE),
        "https://github.com/aquasecurity/trivy/issues/3080"),
    // dive
    rule!(Dive Scan None, None => None, NOT_AN_IMAGE, Fails,
        "cannot fetch image: could not find manifest.json", None, "https://github.com/wagoodman/dive/issues/423"),
    rule!(Dive Scan None, None => None, &[CompatibilityNoDockerManifest], Fails,
        "cannot fetch image: could not find manifest.json", Some(FIX_TO_DOCKER_ARCHIVE), "https://github.com/wagoodman/dive/issues/423"),
    rule!(Dive Scan None, None => None, &[CompatibilityDockerOciSave], Fails,
        "cannot analyze image: layer blobs/sha256/… is not a tar layer (Docker 25+ save)", Some(FIX_TO_DOCKER_ARCHIVE),
        "https://github.com/wagoodman/dive/issues/718"),
    rule!(Dive Scan None, None => None, &[CompatibilityXz, CompatibilityBzip2], Fails,
        "archive/tar: invalid tar header", Some(FIX_GZIP), "https://github.com/regclient/regclient/issues/719"),
];

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
/// Keep the platform present.
pub const FIX_ONE_PLATFORM: &str = "skopeo copy {src} oci-archive:{stem}-one-platform.tar:{ref}";
