//! The rows of crane, k3s / rke2, trivy and dive.

use super::*;

/// The rows of crane, k3s / rke2, trivy and dive.
pub(super) const RULES: &[Rule] = &[
    // crane export
    rule!(Crane Unpack None, None => Some("0.21.8"), &[EfficiencyDeletedLater], also [Also::OpaqueHidden], Warns,
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
    rule!(K3s Import None, None => None, TAR_BROKEN, Fails,
        "failed to import images from …: failed to extract layer sha256:…: unexpected EOF", None,
        "https://github.com/containerd/containerd/blob/main/pkg/archive/tar.go"),
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
