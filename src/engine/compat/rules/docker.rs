//! The rows of `docker load` and `docker pull`.

use super::*;

/// The rows of `docker load` and `docker pull`.
pub(super) const RULES: &[Rule] = &[
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
    rule!(Docker Load None, None => None, TAR_BROKEN, also [Also::Except(Mark::NegativeId)], Fails,
        "Error processing tar file(exit status 1): unexpected EOF", None,
        "https://github.com/moby/moby/blob/master/pkg/archive/archive.go"),
    rule!(Docker Load None, None => None, &[ArchiveBadSymlink], Fails,
        "open /var/lib/docker/tmp/docker-import-…/LAYER.tar: no such file or directory (seen with docker 20.10.24: a layer symlink to a missing entry)",
        None, "https://github.com/moby/moby/blob/master/image/tarexport/load.go"),
    rule!(Docker Load None, None => Some("23.0"), &[ReferenceInvalid], also [Also::Format(&[Format::DockerArchive])], Fails,
        "invalid reference format: repository name must be lowercase (seen with docker 20.10.24: RepoTags are parsed before anything loads)",
        Some(FIX_NAME), "https://github.com/moby/moby/blob/master/image/tarexport/load.go"),
    rule!(Docker Load None, None => Some("29.0"), &[CompatibilityDockerOciSave], also [Also::NoRepoTags], Warns,
        "Loaded image ID: sha256:… (seen with docker 20.10.24: names come from manifest.json's RepoTags only, and this one has none although index.json names the image)",
        Some(FIX_TO_DOCKER_ARCHIVE), "https://github.com/moby/moby/blob/master/image/tarexport/load.go"),
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
];
