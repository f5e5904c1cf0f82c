//! The table of real fixtures: for each tarball of `tests/fixtures/`, the
//! format, outer compression, image count, exact codes and references its
//! report must have (`tests/fixtures.rs` checks them).

use ocilens::engine::finding::Code;
use ocilens::engine::report::{Compression, Format};
use Code::CompatibilityOciManifest as OCI;
// the compatibility facts (engine::compat::facts): which tools suit the file
use Code::{
    CompatibilityCompressedArchive as COMPRESSED, CompatibilityDotSlashNames as DOT_SLASH,
    CompatibilityNoDockerManifest as NO_DOCKER, CompatibilityNoOciLayout as NO_OCI,
    CompatibilitySeveralImages as SEVERAL,
};
// the runtime lint (engine/inside/runtime.rs): these fixtures are built FROM scratch
// without `USER`, and some name a program they do not hold (text stubs only)
use Code::{
    RuntimeEntrypointMissing as NO_ENTRY, RuntimeSecretEnv as SECRET_ENV, RuntimeUserRoot as ROOT,
};
use Compression::{Bzip2 as BZ2, Gzip as GZ, None as PLAIN, Xz as XZ, Zstd as ZST};
use Format::{DockerArchive as DOCKER, OciLayout as LAYOUT, RootfsTar as ROOTFS};

/// One real fixture and what its report must say.
pub struct Fixture {
    /// The file name in `tests/fixtures/` (its snapshots are named after it).
    pub name: &'static str,
    /// The file.
    pub bytes: &'static [u8],
    /// The detected format.
    pub format: Format,
    /// The outer compression.
    pub outer: Compression,
    /// How many images the report lists.
    pub images: usize,
    /// Exactly these codes (each at least once), no others.
    pub codes: &'static [Code],
    /// The normalized references the report must list.
    pub references: &'static [&'static str],
}

/// A [`Fixture`] of `tests/fixtures/$file`, in the table's column order.
macro_rules! fixture {
    ($file:literal, $format:expr, $outer:expr, $images:expr, [$($code:expr),*], [$($r:literal),*]) => {
        Fixture {
            name: $file,
            bytes: include_bytes!(concat!("../fixtures/", $file)),
            format: $format,
            outer: $outer,
            images: $images,
            codes: &[$($code),*],
            references: &[$($r),*],
        }
    };
}

/// Every fixture of `tests/fixtures/` that the tests check, one row each:
/// file, format, outer compression, images, exact codes, references.
/// `OCI` is `compatibility.oci-manifest`, which every OCI-typed manifest has;
/// `NO_DOCKER`, `NO_OCI`, `COMPRESSED`, `SEVERAL`, `DOT_SLASH` are the
/// compatibility facts (no `manifest.json`, no OCI layout, compressed as a
/// whole, several images, `./` names).
#[rustfmt::skip]
pub static FIXTURES: &[Fixture] = &[
    // docker save, podman save and skopeo copy to docker-archive:
    fixture!("docker-save.tar",                 DOCKER, PLAIN, 1, [NO_OCI, ROOT], ["docker.io/ocilens/fixture:docker"]),
    fixture!("docker-save.tar.zst",             DOCKER, ZST,   1, [COMPRESSED, NO_OCI, ROOT], ["docker.io/ocilens/fixture:docker"]),
    fixture!("docker-save.tar.bz2",             DOCKER, BZ2,   1, [COMPRESSED, NO_OCI, ROOT], ["docker.io/ocilens/fixture:docker"]),
    fixture!("docker-save-multi.tar",           DOCKER, PLAIN, 2, [NO_OCI, SEVERAL, ROOT],
             ["docker.io/ocilens/fixture:docker", "docker.io/ocilens/fixture:latest", "docker.io/ocilens/other:docker"]),
    fixture!("docker-save-untagged.tar",        DOCKER, PLAIN, 1, [Code::ReferenceNone, NO_OCI, ROOT], []),
    fixture!("podman-docker-archive.tar",       DOCKER, PLAIN, 1, [NO_OCI, ROOT], ["localhost/ocilens/fixture:podman"]),
    fixture!("podman-docker-archive-multi.tar", DOCKER, PLAIN, 2, [NO_OCI, SEVERAL, ROOT],
             ["localhost/ocilens/fixture:podman", "localhost/ocilens/fixture:alias", "localhost/ocilens/other:podman"]),
    fixture!("skopeo-docker-archive.tar",       DOCKER, PLAIN, 1, [NO_OCI, ROOT], ["docker.io/ocilens/fixture:skopeo-docker"]),
    // OCI layouts from podman, skopeo, buildah and umoci:
    fixture!("podman-oci-archive.tar",          LAYOUT, PLAIN, 1, [OCI, NO_DOCKER, ROOT], ["localhost/ocilens/fixture:podman"]),
    fixture!("podman-oci-archive.tar.xz",       LAYOUT, XZ,    1, [OCI, COMPRESSED, NO_DOCKER, ROOT], ["localhost/ocilens/fixture:podman"]),
    fixture!("skopeo-oci-gzip.tar",             LAYOUT, PLAIN, 1, [OCI, NO_DOCKER, ROOT], ["docker.io/ocilens/fixture:skopeo-gzip"]),
    fixture!("skopeo-oci-gzip.tar.gz",          LAYOUT, GZ,    1, [OCI, COMPRESSED, NO_DOCKER, ROOT], ["docker.io/ocilens/fixture:skopeo-gzip"]),
    fixture!("skopeo-oci-zstd.tar",             LAYOUT, PLAIN, 1, [OCI, Code::CompatibilityZstd, NO_DOCKER, ROOT],
             ["docker.io/ocilens/fixture:skopeo-zstd"]),
    fixture!("skopeo-oci-zstd-chunked.tar",     LAYOUT, PLAIN, 1, [OCI, Code::CompatibilityZstd, Code::CompatibilityZstdChunked, NO_DOCKER, ROOT],
             ["docker.io/ocilens/fixture:skopeo-zstd-chunked"]),
    fixture!("skopeo-oci-uncompressed.tar",     LAYOUT, PLAIN, 1, [OCI, NO_DOCKER, ROOT], ["docker.io/ocilens/fixture:skopeo-uncompressed"]),
    fixture!("buildah-oci.tar",                 LAYOUT, PLAIN, 1, [OCI, NO_DOCKER, ROOT], ["docker.io/ocilens/fixture:buildah-oci"]),
    fixture!("buildah-docker.tar",              LAYOUT, PLAIN, 1, [Code::CompatibilityDockerManifestInLayout, NO_DOCKER, ROOT],
             ["docker.io/ocilens/fixture:buildah-docker"]),
    fixture!("multi-platform.tar",              LAYOUT, PLAIN, 2, [OCI, NO_DOCKER, Code::CompatibilityPlatformIndex, ROOT], ["docker.io/ocilens/multi:latest"]),
    fixture!("umoci-layout.tar",                LAYOUT, PLAIN, 1, [OCI, Code::DescriptorMediaTypeDocumentMissing, Code::ReferenceTagOnly, DOT_SLASH, NO_DOCKER, ROOT], []),
    // rootfs tarballs (what `podman import` takes):
    fixture!("rootfs.tar",                      ROOTFS, PLAIN, 0, [Code::FormatRootfsTar], []),
    fixture!("rootfs.tar.xz",                   ROOTFS, XZ,    0, [Code::FormatRootfsTar], []),
    // The Incus incident: a name without a tag.
    fixture!("kimai-notag.tar",                 LAYOUT, PLAIN, 1, [OCI, Code::ReferenceMissingTag, NO_DOCKER, ROOT], ["docker.io/kimai/kimai2"]),
    // Real defects made by real tools:
    // skopeo --dest-oci-accept-uncompressed-layers from docker-archive types plain tar as +gzip (containers/image#1270).
    fixture!("skopeo-oci-uncompressed-mislabeled.tar", LAYOUT, PLAIN, 1, [OCI, Code::LayerCompressionMismatch, NO_DOCKER, ROOT],
             ["docker.io/ocilens/fixture:skopeo-uncompressed-mislabeled"]),
    // podman import of an xz rootfs (containers/podman#25593), saved: only the DiffID shows it.
    fixture!("podman-import-xz.tar",            LAYOUT, PLAIN, 1, [OCI, Code::DescriptorMediaTypeDocumentMissing, Code::DiffidMismatch, NO_DOCKER, ROOT],
             ["localhost/ocilens/imported:xz"]),
    // the same bug through c/image's tarball: transport, unaltered.
    fixture!("skopeo-tarball-xz.tar",           LAYOUT, PLAIN, 1,
             [OCI, Code::CompatibilityXz, Code::DescriptorMediaTypeDocumentMissing, Code::DiffidCompressedDigest, Code::LayerCompressionMismatch, NO_DOCKER, ROOT],
             ["docker.io/ocilens/imported:xz-tarball"]),
    // Crafted incident samples (examples/make_samples.rs, run by scripts/make-fixtures):
    // google/trillian#3338: old Kaniko appended a Docker-typed layer to an OCI manifest.
    fixture!("trillian-mixed-media-types.tar",  LAYOUT, PLAIN, 1, [OCI, Code::MediaTypeMixOciManifestDockerLayer, NO_DOCKER, NO_ENTRY, ROOT],
             ["gcr.io/trillian-opensource-ci/db_server:v1.6.0"]),
    fixture!("zstd-typed-gzip.tar",             LAYOUT, PLAIN, 1, [OCI, Code::CompatibilityZstd, Code::LayerCompressionMismatch, NO_DOCKER, NO_ENTRY, ROOT],
             ["example.com/zstd-typed-gzip:1.0"]),
    fixture!("path-traversal.tar",              LAYOUT, PLAIN, 1, [OCI, Code::PathSafetyDotdot, NO_DOCKER, NO_ENTRY, ROOT], ["example.com/path-traversal:1.0"]),
    // a Debian 12 minbase root's special files: 8 devices, 8 setuid + 3 setgid programs (stubs)
    fixture!("debian-shaped.tar",               LAYOUT, PLAIN, 1, [OCI, Code::TarDeviceNode, Code::TarSetuidSetgid, NO_DOCKER, NO_ENTRY, SECRET_ENV, ROOT],
             ["example.com/debian-shaped:12"]),
    // umoci 0.4.7 `insert` writes layer tars without padding and end marker (opencontainers/umoci#436):
    // the data is whole, and Go's archive/tar (ctr, umoci) reads the missing padding as the end.
    fixture!("umoci-layout-multiref.tar",       LAYOUT, PLAIN, 2,
             [OCI, Code::DescriptorMediaTypeDocumentMissing, Code::ReferenceTagOnly, Code::TarNoEndMarker, NO_DOCKER, SEVERAL, DOT_SLASH, NO_ENTRY, ROOT], []),
    // scripts/make-waste-fixtures: images with known waste from buildah and dockerd (tests/oracle/README.md)
    fixture!("waste-buildah-oci.tar",           LAYOUT, PLAIN, 6, [OCI, Code::EfficiencyDeletedLater, Code::EfficiencyDuplicates, Code::EfficiencyMetadataOnly, NO_DOCKER, SEVERAL, ROOT],
             ["docker.io/ocilens/waste:chown", "docker.io/ocilens/waste:delete", "docker.io/ocilens/waste:dups", "docker.io/ocilens/waste:links", "docker.io/ocilens/waste:opaque", "docker.io/ocilens/waste:overwrite"]),
    fixture!("waste-buildah-docker.tar.gz",     DOCKER, GZ,    6, [Code::EfficiencyDeletedLater, Code::EfficiencyDuplicates, Code::EfficiencyMetadataOnly, COMPRESSED, NO_OCI, SEVERAL, ROOT],
             ["localhost/ocilens/waste:chown", "localhost/ocilens/waste:delete", "localhost/ocilens/waste:dups", "localhost/ocilens/waste:links", "localhost/ocilens/waste:opaque", "localhost/ocilens/waste:overwrite"]),
    fixture!("waste-docker.tar.gz",             DOCKER, GZ,    6, [Code::EfficiencyDeletedLater, Code::EfficiencyDuplicates, Code::EfficiencyMetadataOnly, COMPRESSED, NO_OCI, SEVERAL, ROOT],
             ["docker.io/ocilens/waste:chown", "docker.io/ocilens/waste:delete", "docker.io/ocilens/waste:dups", "docker.io/ocilens/waste:links", "docker.io/ocilens/waste:opaque", "docker.io/ocilens/waste:overwrite"]),
    fixture!("waste-docker-oci.tar",            LAYOUT, PLAIN, 6, [OCI, Code::EfficiencyDeletedLater, Code::EfficiencyDuplicates, Code::EfficiencyMetadataOnly, NO_DOCKER, SEVERAL, ROOT],
             ["docker.io/ocilens/waste:chown", "docker.io/ocilens/waste:delete", "docker.io/ocilens/waste:dups", "docker.io/ocilens/waste:links", "docker.io/ocilens/waste:opaque", "docker.io/ocilens/waste:overwrite"]),
    fixture!("waste-vfs.tar.gz",                DOCKER, GZ,    1, [Code::EfficiencyDeletedLater, COMPRESSED, NO_OCI, ROOT], ["docker.io/ocilens/waste:opaque-vfs"]),
    fixture!("waste-vfs-buildah-oci.tar",       LAYOUT, PLAIN, 1, [OCI, Code::EfficiencyDeletedLater, NO_DOCKER, ROOT], ["docker.io/ocilens/waste:opaque-vfs"]),
];
