//! umoci, and the tools built on containers/image: podman, skopeo, buildah.

use super::super::{Entry, Fact};
use crate::engine::finding::Code as C;
use crate::engine::report::Format as F;

const UMOCI_UNPACK: &str =
    "https://github.com/opencontainers/umoci/blob/v0.4.7/oci/layer/unpack.go";

/// The entries of this family.
pub const ENTRIES: &[Entry] = &[
    // umoci
    Entry {
        id: "umoci-layer-mediatype",
        tool: "umoci",
        message: "unpack rootfs: layer sha256:…: blob is not correct mediatype: application/vnd.oci.image.layer.v1.tar+zstd",
        pattern: &[": blob is not correct mediatype"],
        codes: &[C::CompatibilityZstd, C::CompatibilityDockerZstd, C::CompatibilityXz, C::CompatibilityBzip2, C::MediaTypeMixOciManifestDockerLayer, C::DescriptorMediaTypeUnknownLayerType],
        facts: &[],
        explanation: "umoci ≤ 0.4.7 unpacks only the four OCI layer types of image-spec 1.0 (`…layer.v1.tar`, `…tar+gzip` and their nondistributable twins). A zstd layer (image-spec 1.1), a Docker-typed layer or any other type stops it. The image may be sound: umoci 0.5.0 (2025-05-21) reads zstd; or republish with gzip: `skopeo copy --dest-compress-format gzip oci:in oci:out`.",
        other_causes: "A layer type umoci never supports (xz, bzip2, an artifact's blob); a Docker `rootfs.diff` type inside an OCI manifest (Kaniko < 1.15).",
        source: "https://github.com/lxc/incus/issues/1838",
        #[cfg(test)]
        example: "Error: Failed instance rebuild: Failed to run: umoci unpack --keep-dirlinks --image /var/lib/incus/images/tmp/oci /var/lib/incus/images/tmp/image: exit status 1 (⨯ create runtime bundle: unpack rootfs: unpack rootfs: layer sha256:80f8e010dc162a271de4e2887b4d760d2dce1b6c533a72760f18f59d5ae7dcc5: blob is not correct mediatype: application/vnd.oci.image.layer.v1.tar+zstd)",
    },
    Entry {
        id: "umoci-config-mediatype",
        tool: "umoci",
        message: "unpack rootfs: config blob is not correct mediatype application/vnd.oci.image.config.v1+json: application/vnd.docker.container.image.v1+json",
        pattern: &["config blob is not correct mediatype"],
        codes: &[C::MediaTypeMixConfigFamily, C::FormatArtifact],
        facts: &[],
        explanation: "umoci unpacks only manifests whose config is typed `application/vnd.oci.image.config.v1+json`. An OCI manifest pointing at a Docker-typed config (or an artifact's or a BuildKit cache's config) stops it.",
        other_causes: "A BuildKit cache export (`application/vnd.buildkit.cacheconfig.v0`) or an artifact (Helm chart, signature) unpacked as if it were an image.",
        source: UMOCI_UNPACK,
        #[cfg(test)]
        example: "   ⨯ create runtime bundle: unpack rootfs: config blob is not correct mediatype application/vnd.oci.image.config.v1+json: application/vnd.docker.container.image.v1+json",
    },
    Entry {
        id: "umoci-not-a-manifest",
        tool: "umoci",
        message: "invalid --image tag: descriptor does not point to ispec.MediaTypeImageManifest: not implemented: application/vnd.docker.distribution.manifest.v2+json",
        pattern: &["descriptor does not point to ispec.mediatypeimagemanifest"],
        codes: &[C::CompatibilityDockerManifestInLayout, C::MediaTypeMixIndexFamily],
        facts: &[],
        explanation: "The tag in the OCI layout points at something that is not an OCI image manifest: a Docker schema2 manifest (buildah `--format docker` into an `oci:` layout) or an index. umoci ≤ 0.4.7 reads only OCI manifests under a tag.",
        other_causes: "A tag that names an image index (a multi-platform image): pick one platform's manifest first (`skopeo copy --override-arch …`).",
        source: "https://github.com/opencontainers/umoci/blob/v0.4.7/unpack.go",
        #[cfg(test)]
        example: "   ⨯ invalid --image tag: descriptor does not point to ispec.MediaTypeImageManifest: not implemented: application/vnd.docker.distribution.manifest.v2+json",
    },
    Entry {
        id: "umoci-read-next-entry",
        tool: "umoci",
        message: "unpack layer: read next entry: unexpected EOF",
        pattern: &["unpack layer", "read next entry"],
        codes: &[C::LayerCompressionMismatch, C::CompatibilityXz, C::LayerCompressionCorrupt, C::TarTruncated, C::BlobSizeShort],
        facts: &[],
        explanation: "umoci read the layer as a tar and the stream ended mid-header: the bytes are not the tar (or gzip) their media type says. Typical: an xz-compressed layer typed `application/vnd.oci.image.layer.v1.tar`, which `skopeo copy tarball:` and `podman import` of an `.xz` rootfs wrote before c/image 5.34.3.",
        other_causes: "A layer cut short by an interrupted copy; a corrupt compressed stream.",
        source: UMOCI_UNPACK,
        #[cfg(test)]
        example: "   ⨯ create runtime bundle: unpack rootfs: unpack layer: read next entry: unexpected EOF",
    },
    // podman, skopeo, buildah (containers/image)
    Entry {
        id: "podman-diffid-mismatch",
        tool: "podman",
        message: "writing blob: layer 0 (blob \"sha256:…\"/\"\"/\"sha256:…\") does not match config's DiffID \"sha256:…\"",
        pattern: &["does not match configs diffid"],
        codes: &[C::DiffidCompressedDigest, C::DiffidMismatch, C::LayerCompressionMismatch, C::FormatRootfsTar],
        facts: &[Fact::Format(F::RootfsTar)],
        explanation: "c/image 5.34 (Podman 5.4) checks each layer's uncompressed digest against the config's `rootfs.diff_ids`. `podman import` of a non-gzip file (xz, bzip2) before Podman 5.4.2 / c/image 5.34.3 recorded the digest of the compressed bytes as the DiffID, so the image it builds fails this check. Decompress first (`xz -d rootfs.tar.xz`), then import, or use Podman ≥ 5.4.2.",
        other_causes: "An image written by any tool that put a compressed digest (or a wrong one) in `rootfs.diff_ids`.",
        source: "https://github.com/containers/podman/issues/25593",
        #[cfg(test)]
        example: "$ podman import stage3-amd64-musl-hardened-20250309T170330Z.tar.xz gentoo-musl:latest\nError: writing blob: layer 0 (blob \"sha256:57eca825bd922bd6aa59c30ac95be594144816b3951caefa2cf0be2d86db12d2\"/\"\"/\"sha256:ebccf21abea5bba2d53df5158901c325b33a5cb1a17c44ddd6cc97c6036a9dcc\") does not match config's DiffID \"sha256:57eca825bd922bd6aa59c30ac95be594144816b3951caefa2cf0be2d86db12d2\"",
    },
    Entry {
        id: "cimage-unknown-media-type-conversion",
        tool: "skopeo",
        message: "creating an updated image manifest: Unknown media type during manifest conversion: \"application/vnd.docker.image.rootfs.diff.tar.gzip\"",
        pattern: &["unknown media type during manifest conversion"],
        codes: &[C::MediaTypeMixOciManifestDockerLayer],
        facts: &[],
        explanation: "The OCI manifest lists a layer with a Docker media type (old Kaniko, ko < 0.12). c/image parses it, but converting it to Docker schema2 (what `docker-archive:` and `--format v2s2` need) has no mapping for a Docker type inside OCI, so skopeo, podman and CRI-O stop. Docker and containerd accept it. Copy to `oci-archive:` instead, or rebuild (Kaniko ≥ 1.15.0).",
        other_causes: "Any layer type c/image cannot convert (an artifact blob inside an image manifest).",
        source: "https://github.com/containers/skopeo/issues/2216",
        #[cfg(test)]
        example: "$ skopeo copy docker://gcr.io/trillian-opensource-ci/db_server:v1.6.0 docker-archive:./db_server_v1.6.0.tar\nFATA[0007] creating an updated image manifest: Unknown media type during manifest conversion: \"application/vnd.docker.image.rootfs.diff.tar.gzip\"",
    },
    Entry {
        id: "cimage-unsupported-v2s2-media-type",
        tool: "skopeo",
        message: "unsupported docker v2s2 media type: \"application/vnd.oci.image.layer.v1.tar+gzip\"",
        pattern: &["unsupported docker v2s2 media type"],
        codes: &[C::MediaTypeMixDockerManifestOciLayer, C::CompatibilityDockerZstd],
        facts: &[],
        explanation: "A Docker schema2 manifest lists a layer type that is not in the schema2 spec: an OCI layer type (ko < 0.12, some Kaniko builds) or BuildKit's non-standard `…rootfs.diff.tar.zstd`. c/image (skopeo, podman, CRI-O) refuses it; Docker and containerd accept it. c/image accepts the Docker zstd type since containers/container-libs PR #293 (2025-08).",
        other_causes: "A registry that serves a custom manifest media type (Nexus 3.23, KubeClipper packages) as if it were schema2.",
        source: "https://github.com/imjasonh/kontain.me/issues/222",
        #[cfg(test)]
        example: "time=\"2023-02-01T10:00:00Z\" level=fatal msg=\"Error parsing manifest for image: unsupported docker v2s2 media type: \\\"application/vnd.oci.image.layer.v1.tar+gzip\\\"\"",
    },
    Entry {
        id: "cimage-mixed-config",
        tool: "skopeo",
        message: "invalid mixed OCI image with Docker v2s2 config (\"application/vnd.docker.container.image.v1+json\")",
        pattern: &["invalid mixed oci image with docker v2s2 config"],
        codes: &[C::MediaTypeMixConfigFamily],
        facts: &[],
        explanation: "An OCI manifest whose config is typed as a Docker config. c/image treats it as neither an image nor an artifact and refuses image operations on it.",
        other_causes: "A hand-assembled manifest (scripts that copy a Docker config into an OCI layout).",
        source: "https://github.com/containers/image/blob/main/internal/manifest/errors.go",
        #[cfg(test)]
        example: "Error: parsing image configuration: invalid mixed OCI image with Docker v2s2 config (\"application/vnd.docker.container.image.v1+json\")",
    },
    Entry {
        id: "cimage-artifact",
        tool: "skopeo",
        message: "unsupported image-specific operation on artifact with type \"application/vnd.oci.empty.v1+json\"",
        pattern: &["unsupported image-specific operation on artifact"],
        codes: &[C::FormatArtifact],
        facts: &[],
        explanation: "The manifest is an OCI artifact (a signature, SBOM, model, Helm chart, …), not a runnable image: its config is not an image config. `skopeo inspect` and `podman pull` refuse image operations on it; `skopeo inspect --raw` shows it.",
        other_causes: "A registry answering with an attestation or signature manifest for the tag; an image built with a non-image config type.",
        source: "https://github.com/containers/skopeo/issues/1933",
        #[cfg(test)]
        example: "$ podman pull docker.io/ai/gemma4:E2B\nTrying to pull docker.io/ai/gemma4:E2B...\nError: parsing image configuration: unsupported image-specific operation on artifact with type \"application/vnd.cncf.model.manifest.v1+json\"",
    },
    Entry {
        id: "cimage-zstd-docker",
        tool: "skopeo",
        message: "Error during manifest conversion: \"application/vnd.oci.image.layer.v1.tar+zstd\": zstd compression is not supported for docker images",
        pattern: &["zstd compression is not supported for"],
        codes: &[C::CompatibilityZstd, C::CompatibilityZstdChunked],
        facts: &[],
        explanation: "Docker schema2 has no zstd layer type, so skopeo < 1.14 could not convert an image with zstd layers to `docker-archive:` or `docker-daemon:` (it converted the manifest before decompressing). Fixed in skopeo 1.14.0; or recompress first: `skopeo copy --dest-compress-format gzip …` to an OCI destination.",
        other_causes: "`--dest-compress-format zstd` with a Docker destination or `--format v2s2`.",
        source: "https://github.com/containers/skopeo/issues/1286",
        #[cfg(test)]
        example: "FATA[0003] Error creating an updated image manifest: Error during manifest conversion: \"application/vnd.oci.image.layer.v1.tar+zstd\": zstd compression is not supported for docker images",
    },
    Entry {
        id: "cimage-digest-did-not-match",
        tool: "podman",
        message: "happened during read: Digest did not match, expected sha256:…, got sha256:…",
        pattern: &["digest did not match, expected"],
        codes: &[C::BlobDigestMismatch, C::DiffidCompressedDigest, C::DiffidMismatch, C::ArchiveTruncated],
        facts: &[],
        explanation: "c/image hashes every blob as it copies it and the bytes do not have the digest the manifest (or, for a docker-archive, the config's DiffID) names. After `podman import` of an xz rootfs, `podman save` writes the decompressed layer under the compressed digest, so `podman load` fails here.",
        other_causes: "A corrupted or truncated download; a proxy or mirror serving the wrong blob; the file changed after it was written.",
        source: "https://github.com/containers/podman/issues/18193",
        #[cfg(test)]
        example: "Error: payload does not match any of the supported image formats:\n * docker-archive: writing blob: storing blob to file \"/var/tmp/storage3899402231/1\": happened during read: Digest did not match, expected sha256:b4bff416429f4b429432f77a9d2395e9cf89f3aa38a5ebe37b7097bfecd3e7b3, got sha256:ce8792ade25e61d4677b53f88bda40ef24473c1c8e3f2420b0906471d017d8e7",
    },
    Entry {
        id: "cimage-payload-formats",
        tool: "podman",
        message: "Error: payload does not match any of the supported image formats:",
        pattern: &["payload does not match any of the supported image formats"],
        codes: &[C::FormatNotAnImage, C::FormatRootfsTar, C::ArchiveTruncated, C::ArchiveCorruptCompression],
        facts: &[],
        explanation: "`podman load` tried every archive format it knows (oci, oci-archive, docker-archive, dir) and each failed; the lines under this one say why for each. A bare filesystem tarball is not an image: `podman import` it instead.",
        other_causes: "One of the formats' own errors (listed below the message) is the real cause, for example a digest mismatch in the docker-archive attempt.",
        source: "https://github.com/containers/podman/issues/18193",
        #[cfg(test)]
        example: "[root@localhost]# podman load -i test.tar\nError: payload does not match any of the supported image formats:\n * oci: initializing source oci:test.tar:: open test.tar/index.json: not a directory\n * oci-archive: loading index: open /var/tmp/oci3545856028/index.json: no such file or directory\n * dir: open test.tar/manifest.json: not a directory",
    },
    Entry {
        id: "cimage-more-than-one-image",
        tool: "skopeo",
        message: "more than one image in oci, choose an image",
        pattern: &["more than one image in oci, choose an image"],
        codes: &[C::ReferenceAmbiguous, C::ReferenceNone, C::ReferenceTagOnly],
        facts: &[],
        explanation: "The OCI layout's `index.json` lists several manifests and the command named none of them. Name one: `oci-archive:file.tar:NAME` where NAME is an `org.opencontainers.image.ref.name` of the index (ocilens lists them under references).",
        other_causes: "A multi-platform export written as several top-level manifests instead of one nested index (BuildKit and buildx exports).",
        source: "https://github.com/containers/image/blob/main/oci/layout/oci_transport.go",
        #[cfg(test)]
        example: "time=\"2026-04-27T17:56:19Z\" level=fatal msg=\"initializing source oci-archive:/tmp/opentk-api.oci.tar:: more than one image in oci, choose an image\"",
    },
    Entry {
        id: "cimage-no-manifest-json",
        tool: "skopeo",
        message: "initializing source docker-archive:abc.tar: loading tar component manifest.json: file does not exist",
        pattern: &["loading tar component manifest.json"],
        codes: &[C::FormatRootfsTar, C::FormatNotAnImage],
        facts: &[Fact::Format(F::OciLayout)],
        explanation: "`docker-archive:` needs a Docker `manifest.json` at the top of the tar. An OCI layout archive has `index.json` instead: use `oci-archive:FILE`. A filesystem tarball has neither.",
        other_causes: "A docker-archive re-packed with a leading directory (`tar -cf x.tar dir/`), so `manifest.json` is at `dir/manifest.json`.",
        source: "https://github.com/containers/skopeo/issues/2782",
        #[cfg(test)]
        example: "skopeo copy docker-archive:abc.tar docker://localhost:5000/abc:1.0.0\nFATA[0000] initializing source docker-archive:abc.tar: loading tar component manifest.json: file does not exist",
    },
    Entry {
        id: "buildah-preferred-manifest-type",
        tool: "buildah",
        message: "Writing manifest using preferred type application/vnd.oci.image.manifest.v1+json failed",
        pattern: &["writing manifest using preferred type", "failed"],
        codes: &[C::CompatibilityOciManifest],
        facts: &[],
        explanation: "A debug line, not the failure: c/image tries manifest types in preference order (OCI first, then Docker schema2) and logs each one the registry refuses. The real error is the last attempt's, or an earlier blob upload (`blob upload unknown` is the registry's storage, not the manifest type).",
        other_causes: "A registry that does not accept OCI manifests; `--format docker` avoids the first attempt.",
        source: "https://github.com/containers/buildah/issues/3550",
        #[cfg(test)]
        example: "DEBU[0012] Writing manifest using preferred type application/vnd.oci.image.manifest.v1+json failed: writing manifest \"{...}\": manifest invalid",
    },
];
