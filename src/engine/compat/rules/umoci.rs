//! The rows of `umoci unpack`. Seen with umoci 0.4.7 (after `tar -xf`,
//! one `umoci unpack` per `ref.name`) on every OCI layout of the fixtures
//! and crafted cases; a row that only that version shows ends at 0.5.

use super::*;

/// What umoci 0.4.7 showed and no source carries further.
const V0_4: Option<&str> = Some("0.5");
/// The umoci sources the rows cite.
const UNPACK: &str = "https://github.com/opencontainers/umoci/blob/v0.4.7/oci/layer/tar_extract.go";
const CONFIG: &str =
    "https://github.com/opencontainers/umoci/blob/v0.4.7/oci/config/convert/runtime.go";
const CAS: &str = "https://github.com/opencontainers/umoci/blob/v0.4.7/oci/cas/dir/dir.go";

/// The rows of `umoci unpack`.
pub(super) const RULES: &[Rule] = &[
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
        Some(FIX_TO_OCI), "https://github.com/opencontainers/umoci/blob/main/doc/man/umoci-unpack.1.md"),
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
    rule!(Umoci Unpack None, None => Some("0.5"), &[CompatibilityPlatformIndex], also [Also::SeveralPlatforms], Fails,
        "tag is ambiguous: REF (seen with umoci 0.4.7: the name points to an index of several platforms; one that wraps one manifest unpacks)", Some(FIX_ONE_PLATFORM),
        "https://github.com/opencontainers/umoci/blob/main/doc/man/umoci-unpack.1.md"),
    rule!(Umoci Unpack None, None => None, &[ReferenceNone], Fails,
        "invalid --image tag: umoci unpacks a named reference (DIR:REF) and the layout names none", Some(FIX_NAME),
        "https://github.com/opencontainers/umoci/blob/main/doc/man/umoci-unpack.1.md"),
    rule!(Umoci Unpack None, None => None, DIFFID_PER_LAYER, also [Also::SeenByIndexReader], Fails,
        "create runtime bundle: unpack rootfs: unpack manifest: layer sha256:…: diffid mismatch: got sha256:… expected sha256:…", None,
        "https://github.com/opencontainers/umoci/blob/main/oci/layer/unpack.go"),
    rule!(Umoci Unpack None, None => None, BROKEN, Fails,
        "verified reader: digest mismatch", None, "https://github.com/opencontainers/umoci/blob/main/pkg/hardening/verified_reader.go"),
    rule!(Umoci Unpack None, None => None, UNPACK_BROKEN, Fails,
        "create runtime bundle: unpack rootfs: unpack layer: read next entry: archive/tar: invalid tar header (seen with umoci 0.4.7; or header field too long, short write: unexpected EOF, link: no such file or directory)",
        None, UNPACK),
    rule!(Umoci Unpack None, Some("0.4.7") => None, &[PathSafetyEmptyName, PathSafetyRootNotDir], Fails,
        "create runtime bundle: unpack rootfs: unpack layer: unpack entry: .: malicious tar entry -- refusing to change type of root directory (seen with umoci 0.4.7, which fixed CVE-2021-29136)",
        None, "https://github.com/opencontainers/umoci/blob/main/CHANGELOG.md"),
    rule!(Umoci Unpack None, None => None, UNDECODABLE, Fails,
        "get descriptor: get top-level index: parse index: invalid character 'ï' looking for beginning of value (seen with umoci 0.4.7; or json: cannot unmarshal …, compute blob path: invalid digest …)",
        None, CAS),
    rule!(Umoci Unpack None, None => None, &[JsonMissingField, BlobDigestUnsafePath], Fails,
        "create runtime bundle: unpack rootfs: get config blob: get blob: compute blob path: invalid digest: \"\": invalid checksum digest format (seen with umoci 0.4.7)",
        None, CAS),
    rule!(Umoci Unpack None, None => None, &[JsonBadNumber], also [Also::NotAnInteger], Fails,
        "get manifest: parse application/vnd.oci.image.manifest.v1+json: json: cannot unmarshal number 1000.0 into Go struct field Descriptor.layers.size of type int64 (seen with umoci 0.4.7)",
        None, "https://github.com/opencontainers/image-spec/blob/main/specs-go/v1/descriptor.go"),
    rule!(Umoci Unpack None, None => None, &[JsonBadAnnotation], Fails,
        "get manifest: parse application/vnd.oci.image.manifest.v1+json: json: cannot unmarshal number into Go struct field Manifest.annotations of type string (seen with umoci 0.4.7)",
        None, "https://github.com/opencontainers/image-spec/blob/main/specs-go/v1/manifest.go"),
    rule!(Umoci Unpack None, None => V0_4, &[FormatOciLayoutMissing, FormatOciLayoutVersion], Fails,
        "open CAS: validate: read oci-layout: invalid image detected (seen with umoci 0.4.7; a version other than 1.0.0: layout version is not supported)",
        None, CAS),
    rule!(Umoci Unpack None, None => V0_4, &[FormatSchema1, BlobDigestUnsupportedAlgorithm, CompatibilitySha512], Fails,
        "create runtime bundle: unpack rootfs: get layer blob: get blob: compute blob path: unsupported algorithm: \"sha512\" (seen with umoci 0.4.7; schema 1: invalid digest \"\")",
        None, CAS),
    rule!(Umoci Unpack None, None => V0_4, &[TarUnknownType, LayerCompressionTrailingData, LayerCompressionEncrypted, DescriptorMediaTypeUnknownLayerType, DescriptorMediaTypeInvalid], Fails,
        "create runtime bundle: unpack rootfs: unpack layer: unpack entry: var/weird: unknown typeflag '\\x5a' (seen with umoci 0.4.7; or discard trailing archive bits: gzip: invalid header, blob is not correct mediatype: …)",
        None, UNPACK),
    rule!(Umoci Unpack None, None => V0_4, &[ConfigCreatedInvalid, ConfigEnvInvalid, ConfigPlatformMissing, ConfigRootfsType], Fails,
        "create runtime bundle: unpack config.json: generate config.json: parsing image.Config.Env: environment variable must contain '=': NOEQUALS (seen with umoci 0.4.7; or unsupported OS:, unsupported rootfs.type: layer, parsing time …)",
        None, CONFIG),
    rule!(Umoci Unpack None, None => V0_4, &[ReferenceAmbiguous], Fails,
        "tag is ambiguous: example.com/app:1 (seen with umoci 0.4.7: one name on two images)", Some(FIX_ONE_IMAGE),
        "https://github.com/opencontainers/umoci/blob/main/doc/man/umoci-unpack.1.md"),
];
