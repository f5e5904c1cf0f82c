//! The rows of `ctr images import`, with and without `--all-platforms`:
//! the rows both invocations share ([`shared`], one table per variant),
//! then those of one of them. Seen with ctr 1.6.20 on every fixture and
//! crafted case; a row that only that version shows ends at 1.7.

use super::*;

/// ctr 1.6 reads layers it unpacks only: what it saw at 1.6.20 and no
/// source carries further.
const V1_6: Option<&str> = Some("1.7");

/// The containerd sources the rows cite.
const IMPORTER: &str =
    "https://github.com/containerd/containerd/blob/release/1.7/images/archive/importer.go";
const TAR: &str = "https://github.com/containerd/containerd/blob/main/pkg/archive/tar.go";
const APPLY: &str =
    "https://github.com/containerd/containerd/blob/main/core/diff/apply/apply_linux.go";
const REFERENCE: &str =
    "https://github.com/containerd/containerd/blob/release/1.6/images/archive/reference.go";
const DESCRIPTOR_GO: &str =
    "https://github.com/opencontainers/image-spec/blob/main/specs-go/v1/descriptor.go";
const RECORDED: &str =
    "https://github.com/containerd/containerd/blob/release/1.6/cmd/ctr/commands/images/import.go";

/// The rows of both invocations, for variant `$v`.
macro_rules! shared {
    ($v:expr) => {
        [
            rule!(Containerd Import $v, None => None, NOT_AN_IMAGE, Fails,
                "ctr refuses it: no index.json or manifest.json, so not an image archive", None,
                "https://github.com/containerd/containerd/blob/main/core/images/archive/importer.go"),
            rule!(Containerd Import $v, None => None, &[ReferenceNone], Warns,
                "imports nothing visible: `ctr images ls` lists no image for an archive without names", Some(FIX_CTR_DIGESTS),
                "https://github.com/containerd/containerd/issues/6309"),
            rule!(Containerd Import $v, None => None, &[ReferenceTagOnly], Warns,
                "names the image after the bare tag unless --base-name gives the repository", Some(FIX_CTR_BASE_NAME),
                "https://github.com/containerd/containerd/issues/1624"),
            rule!(Containerd Import $v, None => None, &[CompatibilityXz, CompatibilityBzip2], Fails,
                "failed to extract layer sha256:…: archive/tar: invalid tar header", Some(FIX_GZIP),
                "https://github.com/containerd/nerdctl/pull/587"),
            rule!(Containerd Import $v, None => Some("2.0"), &[CompatibilityCompressedArchive], Fails,
                "ctr: archive/tar: invalid tar header (seen with ctr 1.6.20 on .tar.gz, .tar.bz2, .tar.xz and .tar.zst: before 2.0, ctr hands the file to a tar reader as it is)",
                Some(FIX_DECOMPRESS), IMPORTER),
            rule!(Containerd Import $v, None => None, &[CompatibilityCompressedArchive], also [Also::Outer(XZ_BZIP2)], Fails,
                "ctr: archive/tar: invalid tar header (ctr decompresses gzip and zstd archives only)", Some(FIX_DECOMPRESS),
                "https://github.com/containerd/containerd/blob/main/pkg/archive/compression/compression.go"),
            rule!(Containerd Import $v, None => None, DIFFID, also [Also::SeenByIndexReader], Fails,
                "failed to extract layer sha256:…: wrong diff id calculated on extraction \"sha256:…\"", None,
                "https://github.com/containerd/containerd/blob/main/core/unpack/unpacker.go"),
            rule!(Containerd Import $v, None => None, UNPACK_BROKEN, also [Also::Except(Mark::NegativeId)], Fails,
                "failed to extract layer sha256:…: mount callback failed on …: archive/tar: invalid tar header (seen with ctr 1.6.20; or unexpected EOF, header field too long, link …: no such file or directory)",
                None, TAR),
            rule!(Containerd Import $v, None => None, &[WhiteoutInvalidName], Fails,
                "failed to extract layer sha256:…: invalid whiteout name: .wh.: invalid archive (seen with ctr 1.6.20)", None, TAR),
            rule!(Containerd Import $v, None => None, &[PathSafetyHardlinkLowerLayer], Fails,
                "failed to extract layer sha256:…: link …/snapshots/N/fs/bin/busybox …/snapshots/N/fs/bin/ls: no such file or directory (seen with ctr 1.6.20: the overlayfs snapshotter applies a layer on its upper directory, where the lower layer's file is not)",
                None, APPLY),
            rule!(Containerd Import $v, None => None, UNDECODABLE, also [Also::Except(Mark::Utf8Replaced)], Fails,
                "ctr: invalid character 'ï' looking for beginning of value (seen with ctr 1.6.20; or json: cannot unmarshal …, content digest …: not found, no target for symlink layer …)",
                None, IMPORTER),
            rule!(Containerd Import $v, None => None, &[JsonMissingField, DescriptorMediaTypeAmbiguousDocument, BlobDigestUnsafePath], Fails,
                "ctr: children: invalid desc sha256:…: media-type: expected manifest but found index (seen with ctr 1.6.20; or failed to resolve rootfs: \"\" failed validation, content digest sha256:../../../etc/passwd: not found)",
                None, IMPORTER),
            rule!(Containerd Import $v, None => None, &[JsonBadNumber], also [Also::NotAnInteger], Fails,
                "ctr: json: cannot unmarshal number 1000.0 into Go struct field Descriptor.layers.size of type int64 (seen with ctr 1.6.20)",
                None, "https://github.com/opencontainers/image-spec/blob/main/specs-go/v1/descriptor.go"),
            rule!(Containerd Import $v, None => None, UNREADABLE, Fails,
                "ctr: content digest sha256:…: not found", None, "https://github.com/containerd/containerd/issues/4634"),
            rule!(Containerd Import $v, None => None, &[LayerCompressionCorrupt], Fails,
                "failed to extract layer sha256:…: exit status 1: unpigz: skipping: <stdin>: corrupted -- crc32 mismatch (seen with ctr 1.6.20)",
                None, TAR),
            rule!(Containerd Import $v, None => V1_6, &[CompatibilityDockerZstd], Fails,
                "failed to extract layer sha256:…: failed to get stream processor for application/vnd.docker.image.rootfs.diff.tar.zstd: no processor for media-type (seen with ctr 1.6.20)",
                Some(FIX_TO_OCI), RECORDED),
            rule!(Containerd Import $v, None => V1_6, &[DescriptorMediaTypeUnknownLayerType, LayerCompressionEncrypted], Fails,
                "failed to extract layer sha256:…: failed to get stream processor for gzip layer: no processor for media-type (seen with ctr 1.6.20; an encrypted layer needs a decryption key)",
                None, RECORDED),
            rule!(Containerd Import $v, None => V1_6, &[LayerCompressionMismatch], also [Also::TypedPlain], Fails,
                "failed to extract layer sha256:…: mount callback failed on …: unexpected EOF (seen with ctr 1.6.20: compressed bytes typed as a plain tar are read as a tar; a wrong compression type is not trusted)", Some(FIX_RECOMPRESS), RECORDED),
            rule!(Containerd Import $v, None => V1_6, &[WhiteoutSameLayer], Fails,
                "failed to extract layer sha256:…: failed to convert whiteout file \"tmp/.wh.build.log\": file exists (seen with ctr 1.6.20)",
                None, RECORDED),
            rule!(Containerd Import $v, None => V1_6, &[TarUnknownType], Fails,
                "failed to extract layer sha256:…: mount callback failed on …: unhandled tar header type 90 (seen with ctr 1.6.20; main still refuses: pkg/archive/tar.go)",
                None, TAR),
            rule!(Containerd Import $v, None => V1_6, &[LimitsZstdWindow], Fails,
                "failed to extract layer sha256:…: mount callback failed on …: window size exceeded (seen with ctr 1.6.20)", None, RECORDED),
            rule!(Containerd Import $v, None => V1_6, &[BlobDigestUnsupportedAlgorithm, CompatibilitySha512], Fails,
                "failed to extract layer sha256:…: failed to get reader from content store: content digest sha512:…: not found (seen with ctr 1.6.20: its content store holds every blob under its sha256)",
                None, RECORDED),
            rule!(Containerd Import $v, None => V1_6, &[JsonBadAnnotation], Fails,
                "ctr: json: cannot unmarshal number into Go struct field Manifest.annotations of type string (seen with ctr 1.6.20)", None, RECORDED),
            rule!(Containerd Import $v, None => V1_6, &[FormatSchema1], Fails,
                "ctr: children: invalid desc sha256:…: media-type: schema 1 not supported (seen with ctr 1.6.20)", None, RECORDED),
            rule!(Containerd Import $v, None => V1_6, &[FormatOciLayoutMissing], Fails,
                "ctr: unrecognized image format (seen with ctr 1.6.20: without oci-layout the tar is read as a docker-archive)", None, IMPORTER),
            rule!(Containerd Import $v, None => V1_6, &[FormatOciLayoutVersion], Fails,
                "ctr: unsupported OCI version 2.0.0 (seen with ctr 1.6.20)", None, IMPORTER),
            rule!(Containerd Import $v, None => V1_6, &[ConfigCreatedInvalid], Fails,
                "ctr: failed to resolve rootfs: parsing time \"\\\"yesterday\\\"\" as \"\\\"2006-01-02T15:04:05Z07:00\\\"\" (seen with ctr 1.6.20)", None, RECORDED),
            rule!(Containerd Import $v, None => V1_6, &[ReferenceInvalid], also [Also::Format(&[Format::DockerArchive])], Fails,
                "ctr: normalize image ref \"…\": invalid reference format: repository name must be lowercase (seen with ctr 1.6.20)", Some(FIX_NAME), IMPORTER),
            rule!(Containerd Import $v, None => None, &[BlobDigestEmbeddedData], also [Also::Only(Mark::NotBase64)], Fails,
                "ctr: illegal base64 data at input byte 0 (seen with ctr 1.6.20: image-spec's Descriptor.Data is a []byte, decoded as base64 with the document)",
                None, DESCRIPTOR_GO),
            rule!(Containerd Import $v, None => V1_6, &[TarSparse], also [Also::Only(Mark::SparseGoRefuses)], Fails,
                "failed to extract layer sha256:…: mount callback failed on …: unhandled tar header type 83 (seen with ctr 1.6.20: an old-GNU sparse file; PAX 0.x records Go refuses: archive/tar: invalid tar header)",
                None, TAR),
            rule!(Containerd Import $v, None => None, &[ReferenceInvalid], also [Also::Only(Mark::BareRefName)], Warns,
                "names the image import-YYYY-MM-DD:NAME (seen with ctr 1.6.20: a ref.name without `/`, `:` or `@` is taken for a tag and put under the date, however odd it is)",
                Some(FIX_NAME), REFERENCE),
            rule!(Containerd Import $v, None => V1_6, &[ReferenceAmbiguous], Fails,
                "ctr: content digest sha256:…: not found (seen with ctr 1.6.20: with one name on two images the import fails or not from run to run)",
                Some(FIX_ONE_IMAGE), RECORDED),
        ]
    };
}

/// The rows of `ctr images import FILE`.
pub(super) const PLAIN: &[Rule] = &shared!(None);
/// The rows of `ctr images import --all-platforms FILE`.
pub(super) const ALL: &[Rule] = &shared!(ALL_PLATFORMS);

/// The rows of one invocation only.
pub(super) const ONE: &[Rule] = &[
    rule!(Containerd Import None, None => None, &[BlobMissingPlatformNotSaved], Warns,
        "imports the host's platform only; platforms whose blobs are absent are skipped", Some(FIX_ONE_PLATFORM),
        "https://github.com/rancher/rke2/issues/5944"),
    rule!(Containerd Import None, None => None, &[CompatibilityPlatformIndex], also [Also::SeveralPlatforms], Warns,
        "imports the host's platform only: the index's other platforms are left out (seen with ctr 1.6.20: fewer blobs than with --all-platforms)",
        Some(FIX_CTR_ALL_PLATFORMS), RECORDED),
    rule!(Containerd Import None, None => V1_6, &[ConfigPlatformMismatch], Fails,
        "ctr: image might be filtered out (seen with ctr 1.6.20: the index gives the image another platform than the host's)", None, RECORDED),
    rule!(Containerd Import ALL_PLATFORMS, None => None, &[BlobMissingPlatformNotSaved], Fails,
        "ctr: content digest sha256:…: not found", Some(FIX_ONE_PLATFORM),
        "https://github.com/containerd/containerd/issues/7543"),
];
