//! The catalogue of finding codes: severity, check, subject, explanation and
//! spec link of each. `docs/findings.md` is generated from this table
//! (`ocilens catalogue`) and a test keeps the two in step.
//!
//! A [`Code`] serialises as its `<check>.<name>` string. Deserialising an
//! unknown string is an error (`unknown finding code "…"`): a dropped report
//! or a share link that names a code this build does not know is refused
//! whole rather than shown with a finding whose meaning is unknown.

use super::{Check, Severity, Subject};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

const IS: &str = "https://github.com/opencontainers/image-spec/blob/main/";
const DIS: &str = "https://github.com/moby/docker-image-spec/blob/main/v1.2.md";
const D2: &str =
    "https://github.com/distribution/distribution/blob/main/docs/content/spec/manifest-v2-2.md";
const REF: &str = "https://github.com/distribution/reference/blob/main/reference.go";
const SECRETS: &str = "https://docs.docker.com/build/building/secrets/";
const USTAR: &str =
    "https://pubs.opengroup.org/onlinepubs/9799919799/utilities/pax.html#tag_20_94_13_06";

macro_rules! catalogue {
    ($( $variant:ident = $code:literal, $sev:ident, $check:ident, $subject:ident, $spec:expr, $expl:literal; )*) => {
        /// A stable finding code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code { $(
            #[doc = $code]
            $variant,
        )* }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable `<check>.<name>` string.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }
            /// Its severity.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }
            /// The check it belongs to.
            pub fn check(self) -> Check {
                match self { $(Code::$variant => Check::$check,)* }
            }
            /// The part of the image it is about.
            pub fn subject(self) -> Subject {
                match self { $(Code::$variant => Subject::$subject,)* }
            }
            /// The plain-words explanation.
            pub fn explanation(self) -> &'static str {
                match self { $(Code::$variant => $expl,)* }
            }
            /// The spec clause, as a URL.
            pub fn spec(self) -> String {
                match self { $(Code::$variant => $spec,)* }
            }
        }
    };
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;
        impl Visitor<'_> for CodeVisitor {
            type Value = Code;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a finding code of the catalogue")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Code, E> {
                by_str(v).ok_or_else(|| E::custom(format!("unknown finding code {v:?}")))
            }
        }
        deserializer.deserialize_str(CodeVisitor)
    }
}

fn is(path: &str) -> String {
    format!("{IS}{path}")
}

catalogue! {
    // archive
    ArchiveTruncated = "archive.truncated", Error, Archive, Archive, USTAR.to_string(),
        "The archive ends before its contents do: an interrupted copy or download. Everything that could be read is shown; blobs past the cut are missing. Copy or save the image again.";
    ArchiveBadHeader = "archive.bad-header", Error, Archive, Archive, USTAR.to_string(),
        "A tar header of the archive is corrupt (bad checksum or numeric field). tar readers, `docker load` and `skopeo` stop at this point; nothing after it can be read. Re-create the archive.";
    ArchiveCorruptCompression = "archive.corrupt-compression", Error, Archive, Archive, "https://www.rfc-editor.org/rfc/rfc1952".to_string(),
        "The archive is compressed as a whole and its compressed stream is damaged or cut short. Everything before the damage is shown; nothing after it can be read. `docker load` and `podman load` fail on it. Copy or compress the archive again.";
    ArchiveNoEndMarker = "archive.no-end-marker", Warning, Archive, Archive, USTAR.to_string(),
        "The archive has no end-of-archive marker (two zero blocks). It may have been cut exactly at an entry boundary (or right after the last entry's data, before its padding), so entries could be missing without any other sign. Go's `archive/tar` reads it as the end; GNU tar reports \"Unexpected EOF in archive\".";
    ArchiveTrailingData = "archive.trailing-data", Warning, Archive, Archive, USTAR.to_string(),
        "Non-zero bytes follow the end-of-archive marker. tar ignores them, but they could hide content another reader sees.";
    ArchiveDuplicateEntry = "archive.duplicate-entry", Error, Archive, Archive, is("image-layout.md#content"),
        "Two entries of the archive have the same name. Readers disagree on which one wins (extraction keeps the last, some readers the first), so two tools can load two different images. ocilens uses the last, as extraction does.";
    ArchiveBadSymlink = "archive.bad-symlink", Error, Archive, Archive, DIS.to_string(),
        "A layer file of the docker-archive is a symbolic link that does not lead to a regular file inside the archive (dangling, looping, chained or leaving it). containerd fails with \"no target for symlink layer\"; `docker load` fails too.";
    ArchiveBadBlobName = "archive.bad-blob-name", Warning, Archive, Archive, is("image-layout.md#blobs"),
        "A file under `blobs/` is not named `<algorithm>/<encoded digest>`, so no descriptor can reference it. Layout readers ignore or reject it.";
    ArchiveUnreferencedBlob = "archive.unreferenced-blob", Info, Archive, Archive, is("image-layout.md#blobs"),
        "A blob that no document references. This is allowed (a layout \"MAY contain blobs which are not referenced\"); such blobs are often left over from other platforms or earlier saves and only take space.";
    // format
    FormatNotAnImage = "format.not-an-image", Error, Format, Archive, is("image-layout.md"),
        "This file is not an image archive: it has neither an OCI layout (`oci-layout`, `index.json`, `blobs/`) nor a Docker `manifest.json`, nor the shape of a filesystem tarball. `docker load`, `podman load` and `skopeo` will refuse it.";
    FormatRootfsTar = "format.rootfs-tar", Info, Format, Archive, "https://github.com/containers/podman/issues/25593".to_string(),
        "A bare filesystem tarball, the input of `podman import` / `docker import`, not an image. An import turns it into a one-layer image whose DiffID must be the sha256 of the uncompressed tar, shown here. `podman import` before Podman 5.4.2 (c/image 5.34.3) recorded the digest of the compressed bytes for non-gzip input, which Podman ≥ 5.4 and Docker then reject; decompress first (`xz -d`) when in doubt.";
    FormatOciLayoutMissing = "format.oci-layout-missing", Warning, Format, Archive, is("image-layout.md#oci-layout-file"),
        "The archive has `index.json` and `blobs/` but no `oci-layout` file. An OCI layout must have one; strict layout readers (umoci, skopeo's `oci:` transport) may refuse it. Add `{\"imageLayoutVersion\": \"1.0.0\"}` as `oci-layout`.";
    FormatOciLayoutVersion = "format.oci-layout-version", Warning, Format, Archive, is("image-layout.md#oci-layout-file"),
        "The `oci-layout` file does not say `imageLayoutVersion: 1.0.0`. Readers that check the version may refuse the layout.";
    FormatIndexMissing = "format.index-missing", Error, Format, Archive, is("image-layout.md#indexjson-file"),
        "The layout has an `oci-layout` file but no `index.json`, its entry point: nothing says which images it holds, and every OCI tool refuses it.";
    FormatDescriptionsDisagree = "format.descriptions-disagree", Error, Format, Archive, "https://github.com/moby/moby/issues/47065".to_string(),
        "The archive describes its image twice, as a Docker `manifest.json` and as an OCI `index.json`, and the two disagree on the config or the layers. `docker load` reads one description and OCI tools the other, so they load different images.";
    FormatSchema1 = "format.schema1", Warning, Format, Archive, D2.to_string(),
        "A Docker schema 1 manifest. Schema 1 is obsolete and removed from Docker 20.10+ pulls; go-containerregistry will not read it and c/image cannot convert it to OCI (containers/skopeo#240). Re-push the image with a current tool.";
    FormatArtifact = "format.artifact", Info, Format, Archive, is("manifest.md#guidelines-for-artifact-usage"),
        "An OCI artifact (a signature, SBOM, Helm chart, …), not a runnable image. `skopeo inspect` (containers/skopeo#1933) and dive (wagoodman/dive#583) fail on artifacts; regctl and the registry explorer show them.";
    FormatAttestation = "format.attestation", Info, Format, Archive, "https://docs.docker.com/build/metadata/attestations/attestation-storage/".to_string(),
        "Build attestations (SBOM, provenance) stored by BuildKit as a manifest with platform `unknown/unknown` next to the image they describe. Not an image to run; runtimes skip it.";
    // json
    JsonInvalid = "json.invalid", Error, Json, Document, "https://www.rfc-editor.org/rfc/rfc8259".to_string(),
        "The document is not valid JSON. Every tool rejects it; the parts of the image it describes cannot be read.";
    JsonNotUtf8 = "json.not-utf8", Error, Json, Document, is("considerations.md#json"),
        "JSON documents must be UTF-8 without a byte-order mark. Strict parsers (Go's, serde's) reject this document.";
    JsonDuplicateKey = "json.duplicate-key", Warning, Json, Document, is("considerations.md#json"),
        "A key appears twice in one object. JSON parsers keep either the first or the last value, so two tools can see two different images from the same bytes. Remove the duplicate.";
    JsonMissingField = "json.missing-field", Error, Json, Document, is("descriptor.md#properties"),
        "A REQUIRED field is absent. Conforming tools reject the document.";
    JsonWrongType = "json.wrong-type", Error, Json, Document, is("image-index.md#image-index-property-descriptions"),
        "A field has the wrong JSON type (for instance `\"manifests\": null`, which Docker once wrote, moby/moby#47210). Strict tools reject the document; lenient ones treat it as absent.";
    JsonBadNumber = "json.bad-number", Error, Json, Document, is("descriptor.md#properties"),
        "A size must be a non-negative integer no larger than 2^53−1 (\"The size MUST NOT be negative\"); fractions, exponents and negative numbers are rejected by Go and Rust tools.";
    JsonSchemaVersion = "json.schema-version", Error, Json, Document, is("manifest.md#image-manifest-property-descriptions"),
        "This version of the image spec requires `schemaVersion: 2`; tools refuse other values.";
    JsonNoLayers = "json.no-layers", Warning, Json, Manifest, is("manifest.md#image-manifest-property-descriptions"),
        "An image manifest with no layers. \"For portability, layers SHOULD have at least one entry\"; Docker 25 produced such manifests (moby/moby#47065) and some runtimes cannot start them.";
    JsonBadAnnotation = "json.bad-annotation", Warning, Json, Document, is("annotations.md#rules"),
        "Annotations must be a map of strings to strings. Tools that read them strictly reject the document.";
    JsonBadUrl = "json.bad-url", Error, Json, Document, is("descriptor.md#properties"),
        "A descriptor's `urls` entry is not a URI. \"Each entry MUST conform to RFC 3986\" (an absolute `scheme:…` of URI characters, `%` followed by two hex digits); image-spec's schema rejects the document, and a foreign layer cannot be fetched from it. Loaders that never fetch it do not mind (ctr 1.6, podman 4.3.1, skopeo 1.9.3 and umoci 0.4.7 load a layout whose index entry has one); ocilens never fetches `urls`.";
    // blob-missing
    BlobMissingConfig = "blob-missing.config", Error, BlobMissing, Manifest, is("image-layout.md#blobs"),
        "The image's config (DiffIDs, history, platform) is not in the archive. No tool can load or run the image.";
    BlobMissingLayer = "blob-missing.layer", Error, BlobMissing, Manifest, is("image-layout.md#blobs"),
        "A layer is not in the archive. Loading fails (\"blob unknown\", \"no such file\"); its contents cannot be checked.";
    BlobMissingManifest = "blob-missing.manifest", Error, BlobMissing, Index, is("image-layout.md#blobs"),
        "The index names a manifest whose blob is not in the archive. That image cannot be loaded.";
    BlobMissingPlatformNotSaved = "blob-missing.platform-not-saved", Info, BlobMissing, Index, is("image-layout.md#blobs"),
        "A multi-platform index lists platforms whose manifests were not saved (the index \"MAY\" name missing blobs; `docker save` with the containerd store does this, moby/moby#49473). Importers that walk every platform fail: `ctr images import --all-platforms` (\"content digest sha256:…: not found\") and k3s/rke2 air-gap import before v1.30.1 (rancher/rke2#5944). Docker, podman, skopeo and plain `ctr images import` skip the absent platforms and load the saved one; pushing this index elsewhere fails for the missing ones. Re-save with every platform (`docker save --platform` per platform on Docker ≥ 28, or `skopeo copy --all docker://REF oci-archive:out.tar:REF` from the registry), or with one (`skopeo copy oci-archive:FILE oci-archive:out.tar:REF` keeps the host platform).";
    BlobMissingForeign = "blob-missing.foreign", Info, BlobMissing, Manifest, is("layer.md#non-distributable-layers"),
        "A foreign (non-distributable) layer, meant to be fetched from its `urls`. ocilens never fetches anything, so it stays unverified.";
    // blob-digest
    BlobDigestMismatch = "blob-digest.mismatch", Error, BlobDigest, Layer, is("descriptor.md#verification"),
        "The bytes stored do not hash to the digest that names them: they changed after the descriptor was written (corruption, an edit, a bad copy). Every consumer rejects the blob (\"Digest did not match\", \"content digest … not found\").";
    BlobDigestMalformed = "blob-digest.malformed", Error, BlobDigest, Layer, is("descriptor.md#digests"),
        "The digest does not follow the grammar `algorithm:encoded` (sha256 needs exactly 64 lower-case hex characters; upper case MUST NOT be used). Tools reject the descriptor and nothing can be verified against it.";
    BlobDigestUnsupportedAlgorithm = "blob-digest.unsupported-algorithm", Warning, BlobDigest, Layer, is("descriptor.md#digests"),
        "A well-formed digest with an algorithm other than sha256 or sha512. ocilens cannot compute it, so the blob is unverified (never shown as verified), and most tools refuse it.";
    BlobDigestUnsafePath = "blob-digest.unsafe-path", Error, BlobDigest, Layer, "https://github.com/containers/image/pull/2403".to_string(),
        "A digest that, used as a path under `blobs/`, would leave the layout (`sha256:../../x`). c/image had this bug (CVE-2024-3727). The blob is not looked up.";
    BlobDigestEmbeddedData = "blob-digest.embedded-data", Error, BlobDigest, Layer, is("descriptor.md#embedded-content"),
        "The descriptor's embedded `data` is not valid base64, or does not match the descriptor's digest or size: the embedded copy differs from the content it claims to be.";
    // blob-size
    BlobSizeShort = "blob-size.short", Error, BlobSize, Layer, is("descriptor.md#properties"),
        "The blob has fewer bytes than its descriptor's `size`: it is truncated (crane: \"undersized layer content\"). Consumers reject it.";
    BlobSizeLong = "blob-size.long", Error, BlobSize, Layer, is("descriptor.md#properties"),
        "The blob has more bytes than its descriptor's `size`. Consumers read exactly `size` bytes and reject content whose length differs (umoci's verified reader, c/image).";
    // diffid
    DiffidMismatch = "diffid.mismatch", Error, Diffid, Layer, is("config.md#layer-diffid"),
        "The config says this layer unpacks to one DiffID, and it unpacks to another. `docker pull`/`load` fail with \"layers from manifest don't match image configuration\", Podman ≥ 5.4 with \"does not match config's DiffID\", umoci with \"diffid mismatch\". A known cause is `podman import` of an xz file before Podman 5.4.2. Rebuild or re-import the image.";
    DiffidCompressedDigest = "diffid.compressed-digest", Error, Diffid, Layer, "https://github.com/containers/podman/issues/25593".to_string(),
        "The DiffID was taken over the compressed bytes. A DiffID is the sha256 of the uncompressed tar. This is the signature of `podman import` of a non-gzip (xz, zstd, bzip2) file before Podman 5.4.2 / c/image 5.34.3: Podman ≥ 5.4 refuses to store it and Docker refuses to pull it. Decompress the rootfs first (`xz -d`) and import again, or upgrade Podman.";
    DiffidCount = "diffid.count", Error, Diffid, Config, is("config.md#properties"),
        "The config lists a different number of DiffIDs than the manifest lists layers. Loaders pair them by position and fail.";
    DiffidHistoryCount = "diffid.history-count", Warning, Diffid, Config, is("config.md#properties"),
        "The number of `history` entries that create a layer (not `empty_layer`) differs from the number of layers, so history may be matched to the wrong layers by tools such as dive.";
    DiffidUnverifiable = "diffid.unverifiable", Warning, Diffid, Layer, is("config.md#layer-diffid"),
        "This layer's DiffID could not be checked (the blob is missing, encrypted or undecodable, or a cap fired). Nothing is claimed about it.";
    // layer-compression
    LayerCompressionMismatch = "layer-compression.mismatch", Error, LayerCompression, MediaTypes, is("media-types.md#media-type-conflicts"),
        "The media type names one compression and the bytes are another. Tools that trust the type fail: umoci and containerd pick the decoder by media type (containerd fed gzip typed `tar` to tar, containerd/containerd#9981). ocilens decodes by content. Fix the media type or recompress the layer.";
    LayerCompressionUnknown = "layer-compression.unknown", Error, LayerCompression, MediaTypes, is("layer.md"),
        "The layer is neither a tar nor a known compression (gzip, zstd, xz, bzip2). No runtime can unpack it.";
    LayerCompressionCorrupt = "layer-compression.corrupt", Error, LayerCompression, MediaTypes, "https://www.rfc-editor.org/rfc/rfc1952".to_string(),
        "The compressed stream of the layer is damaged (bad checksum, bad block or cut short). Pulls and unpacks fail; the DiffID cannot be checked.";
    LayerCompressionNotTar = "layer-compression.not-tar", Error, LayerCompression, MediaTypes, is("layer.md#distributable-format"),
        "The layer decompresses, but the result is not a tar archive. Layer changesets MUST be tar archives; runtimes fail to unpack it.";
    LayerCompressionTrailingData = "layer-compression.trailing-data", Warning, LayerCompression, MediaTypes, "https://www.rfc-editor.org/rfc/rfc1952".to_string(),
        "Bytes follow the last gzip member or zstd frame that are neither. Some readers ignore them, others fail.";
    LayerCompressionEncrypted = "layer-compression.encrypted", Info, LayerCompression, MediaTypes, "https://github.com/containers/ocicrypt".to_string(),
        "An encrypted layer (ocicrypt): its contents and DiffID cannot be checked without the key.";
    // media-type-mix
    MediaTypeMixOciManifestDockerLayer = "media-type-mix.oci-manifest-docker-layer", Error, MediaTypeMix, MediaTypes, "https://github.com/google/trillian/issues/3338".to_string(),
        "An OCI manifest lists a Docker-typed layer (the Trillian db_server:v1.6.0 case). Docker, containerd and `podman load` accept it, but every c/image conversion to Docker schema2 refuses it: `skopeo copy … docker-archive:`, `podman save --format docker-archive` and pushes to registries without OCI fail with \"Unknown media type during manifest conversion\" (current skopeo included, so this is an error); Quay 3.8 refused the push, umoci ≤ 0.4.7 refuses the layer. The usual producer is Kaniko < 1.15.0. Rebuild with a current builder, or rewrite the layer type (`regctl image mod --to-oci`).";
    MediaTypeMixDockerManifestOciLayer = "media-type-mix.docker-manifest-oci-layer", Error, MediaTypeMix, MediaTypes, D2.to_string(),
        "A Docker schema2 manifest lists an OCI-typed layer. Schema2 allows only Docker layer types: c/image, skopeo and podman (every version) fail to even parse it with `unsupported docker v2s2 media type` (imjasonh/kontain.me#222). Rebuild, or convert the whole manifest to OCI.";
    MediaTypeMixConfigFamily = "media-type-mix.config-family", Warning, MediaTypeMix, MediaTypes, "https://github.com/opencontainers/umoci/blob/v0.4.7/oci/layer/unpack.go".to_string(),
        "The manifest and its config come from different families (an OCI manifest with a Docker config, or the reverse). umoci ≤ 0.4.7 fails with \"config blob is not correct mediatype\"; c/image conversions may fail.";
    MediaTypeMixIndexFamily = "media-type-mix.index-family", Info, MediaTypeMix, MediaTypes, is("image-index.md"),
        "An OCI index lists Docker manifests, or a Docker list lists OCI manifests. Allowed, but older tools expecting one family may skip entries.";
    // descriptor-media-type
    DescriptorMediaTypeMismatch = "descriptor-media-type.mismatch", Error, DescriptorMediaType, Document, "https://github.com/opencontainers/image-spec/security/advisories/GHSA-77vh-xpmg-72qh".to_string(),
        "The descriptor says one media type and the document it points to says another. Since CVE-2021-41190, umoci and c/image reject this; other tools may read the document as the wrong kind.";
    DescriptorMediaTypeAmbiguousDocument = "descriptor-media-type.ambiguous-document", Error, DescriptorMediaType, Document, "https://github.com/opencontainers/image-spec/security/advisories/GHSA-77vh-xpmg-72qh".to_string(),
        "One document has both `manifests` and `config`/`layers`: it reads as an index and as a manifest, the attack of CVE-2021-41190. Patched tools reject it.";
    DescriptorMediaTypeShapeMismatch = "descriptor-media-type.shape-mismatch", Error, DescriptorMediaType, Document, is("descriptor.md#properties"),
        "The media type calls the document one kind (manifest or index) but its fields are those of the other. Tools will misread it.";
    DescriptorMediaTypeDocumentMissing = "descriptor-media-type.document-missing", Warning, DescriptorMediaType, Document, "https://github.com/moby/moby/issues/39727".to_string(),
        "The manifest or index has no `mediaType`. OCI says it SHOULD be there; Docker 19.03 fails with \"mediaType in manifest should be 'application/vnd.docker.distribution.manifest.v2+json' not ''\" and registries may store it with the wrong type.";
    DescriptorMediaTypeInvalid = "descriptor-media-type.invalid", Error, DescriptorMediaType, Document, is("descriptor.md#properties"),
        "Not a valid RFC 6838 media type (`type/subtype`, each part 1 to 127 restricted-name characters starting with a letter or digit). `mediaType` and `artifactType` values \"MUST comply with RFC 6838\"; image-spec's own schema rejects the document, and so do tools that validate media types.";
    DescriptorMediaTypeUnknownLayerType = "descriptor-media-type.unknown-layer-type", Warning, DescriptorMediaType, Manifest, is("manifest.md#image-manifest-property-descriptions"),
        "A layer media type that no runtime knows. Copying the image works (\"MUST NOT error\" on unknown types when storing), but runtimes cannot unpack it.";
    // reference
    ReferenceMissingTag = "reference.missing-tag", Warning, Reference, Archive, REF.to_string(),
        "The name has no tag and no digest: it names a repository, not an image. A pull or rebuild would fetch `:latest`, which may be a different image (Incus 6.5 stored `docker.io/kimai/kimai2` for `kimai/kimai2:apache` and rebuilt the wrong image, lxc/incus#1273). Keep the tag, or pin the digest (`name@sha256:…`).";
    ReferenceInvalid = "reference.invalid", Warning, Reference, Archive, REF.to_string(),
        "The name is not a valid image reference (upper-case repository, bad characters, a tag over 128 characters, …). `docker tag`, `docker load` and `podman` refuse to use it.";
    ReferenceTagOnly = "reference.tag-only", Info, Reference, Archive, is("annotations.md#pre-defined-annotation-keys"),
        "`org.opencontainers.image.ref.name` holds only a tag, and nothing else in the archive names the repository. Loading tools will ask for a name or invent one.";
    ReferenceAmbiguous = "reference.ambiguous", Warning, Reference, Archive, is("image-layout.md#indexjson-file"),
        "One name points to several different manifests. Tools pick differently (umoci refuses ambiguous refs; skopeo takes the first).";
    ReferenceDisagree = "reference.disagree", Warning, Reference, Archive, DIS.to_string(),
        "The archive names this image differently in different places (`RepoTags`, `repositories`, annotations), so tools that read different places will tag it differently.";
    ReferenceNone = "reference.none", Info, Reference, Archive, DIS.to_string(),
        "No name anywhere in the archive (`RepoTags` empty or null, no `repositories`, no `org.opencontainers.image.ref.name`). `docker load` and `podman load` give an untagged `<none>` image (refer to it by its ID); `ctr images import` and k3s/rke2 import nothing visible (containerd/containerd#6309: no image is created for an unnamed entry; `--digests` names it by digest); apple `container image load` fails; umoci has no reference to unpack. Name it when saving (`docker save -o out.tar NAME:TAG`, not the image ID), or rewrite it with one: `skopeo copy docker-archive:FILE docker-archive:out.tar:NAME:TAG` (`oci-archive:` likewise).";
    ReferenceDigestMismatch = "reference.digest-mismatch", Error, Reference, Archive, REF.to_string(),
        "The name pins a digest (`name@sha256:…`) that is not the digest of the manifest it labels.";
    // config
    ConfigRootfsType = "config.rootfs-type", Error, Config, Config, is("config.md#properties"),
        "`rootfs.type` MUST be `layers`, and implementations MUST error on other values.";
    ConfigPlatformMissing = "config.platform-missing", Error, Config, Config, is("config.md#properties"),
        "`os` or `architecture` is missing from the config. Both are REQUIRED; runtimes cannot tell where this image runs and may refuse it.";
    ConfigPlatformMismatch = "config.platform-mismatch", Warning, Config, Config, "https://github.com/google/go-containerregistry/blob/main/pkg/v1/validate/index.go".to_string(),
        "The index advertises one platform for this manifest and the config says another. A runtime picking by platform may run the wrong image (crane validate reports this).";
    ConfigEnvInvalid = "config.env-invalid", Warning, Config, Config, is("config.md#properties"),
        "An `Env` entry is not of the form `VAR=value`. Runtimes may drop it or fail.";
    ConfigCreatedInvalid = "config.created-invalid", Info, Config, Config, is("config.md#properties"),
        "`created` is not an RFC 3339 date-time; dates display and sort wrongly.";
    // tar
    TarBadHeader = "tar.bad-header", Error, Tar, Stack, USTAR.to_string(),
        "A tar header inside the layer is corrupt (bad checksum, non-octal or negative number, malformed PAX record). Unpackers stop here; the rest of the layer is lost.";
    TarTruncated = "tar.truncated", Error, Tar, Stack, USTAR.to_string(),
        "The layer's tar ends inside an entry. Unpacking fails or leaves a partial file.";
    TarNoEndMarker = "tar.no-end-marker", Warning, Tar, Stack, USTAR.to_string(),
        "The layer's tar has no end-of-archive blocks. It may have been cut short exactly at an entry boundary, or right after the last entry's data, before its padding (umoci 0.4.7 writes such layers). Go's `archive/tar` reads either as the end, so Docker, containerd and umoci unpack the layer; GNU tar reports \"Unexpected EOF in archive\".";
    TarTrailingData = "tar.trailing-data", Warning, Tar, Stack, USTAR.to_string(),
        "Non-zero bytes follow the layer's end-of-archive marker. tar ignores them, but they are part of the DiffID and could hide content.";
    TarPaxConflict = "tar.pax-conflict", Error, Tar, Stack, "https://github.com/advisories/GHSA-3cv2-h65g-fgmm".to_string(),
        "Extension headers conflict (two long names or two PAX headers for one entry, or a PAX size that differs from the header's). Tar readers disagree on where entries start, the basis of CVE-2025-62518 and RUSTSEC-2026-0068; two tools can unpack different files. PAX `size` wins here.";
    TarDuplicatePath = "tar.duplicate-path", Warning, Tar, Stack, is("layer.md#distributable-format"),
        "The same path appears twice in one layer. Layers \"MUST NOT include duplicate entries\"; on extraction the last one wins, and go-containerregistry's validate rejects it.";
    TarTypeChange = "tar.type-change", Warning, Tar, Stack, is("layer.md#changeset-over-existing-files"),
        "A path changes type within one layer (file then directory, link then directory). Extractors differ in what they do (RUSTSEC-2026-0067).";
    TarGlobalHeader = "tar.global-header", Info, Tar, Stack, USTAR.to_string(),
        "A PAX global header (type `g`, as `git archive` writes). Its records are not applied to the entries here; Go's archive/tar hands it to the extractor as an entry, which umoci refuses (\"unknown typeflag 'g'\") and containerd and containers/storage skip.";
    TarUnknownType = "tar.unknown-type", Warning, Tar, Stack, USTAR.to_string(),
        "An entry with an unknown type flag, or the contiguous-file type `7` that few unpackers handle. Unpackers skip or reject it.";
    TarSparse = "tar.sparse", Info, Tar, Stack, is("layer.md#file-attributes"),
        "A sparse file. \"Sparse files SHOULD NOT be used because they lack consistent support across tar implementations.\"";
    TarDeviceNode = "tar.device-node", Info, Tar, Stack, is("layer.md#file-types"),
        "A device node or FIFO. Only privileged unpackers create device nodes; rootless ones skip them.";
    TarSetuidSetgid = "tar.setuid-setgid", Info, Tar, Stack, is("layer.md#file-attributes"),
        "A file with the setuid or setgid bit: it runs with its owner's or group's rights. Normal for `su`, `passwd`, `ping`; worth a look elsewhere.";
    TarNameNotUtf8 = "tar.name-not-utf8", Info, Tar, Stack, is("layer.md"),
        "A name that is not UTF-8. It is kept as bytes and shown with replacement characters; tools that need UTF-8 names may mangle it.";
    // whiteout
    WhiteoutInvalidName = "whiteout.invalid-name", Error, Whiteout, Stack, is("layer.md#whiteouts"),
        "\"A `.wh.` file, without a basename to delete, is invalid\" (also `.wh..` and `.wh...`). containerd and umoci refuse the layer.";
    WhiteoutSameLayer = "whiteout.same-layer", Warning, Whiteout, Stack, is("layer.md#whiteouts"),
        "A whiteout removes a path added in the same layer. \"Whiteout files MUST only apply to resources in lower/parent layers\"; the result depends on entry order.";
    WhiteoutTargetMissing = "whiteout.target-missing", Info, Whiteout, Stack, is("layer.md#whiteouts"),
        "A whiteout of a path that no lower layer has: it removes nothing.";
    WhiteoutOpaqueNotFile = "whiteout.opaque-not-file", Warning, Whiteout, Stack, is("layer.md#opaque-whiteout"),
        "The opaque-directory marker `.wh..wh..opq` is not a regular file. Tools expect an empty file.";
    WhiteoutAufsInternal = "whiteout.aufs-internal", Warning, Whiteout, Stack, is("layer.md#whiteouts"),
        "AUFS bookkeeping (`.wh..wh.plnk`, `.wh..wh.aufs`, `.wh..wh.orph`) leaked into the layer. It should have been removed when the layer was made.";
    WhiteoutOverlayFormat = "whiteout.overlay-format", Warning, Whiteout, Stack, is("layer.md#whiteouts"),
        "An overlayfs whiteout (a 0/0 character device, or the `trusted.overlay.opaque` attribute) stored in the tar. OCI tools expect `.wh.` files; this deletion is invisible to them.";
    WhiteoutInDirName = "whiteout.in-dir-name", Warning, Whiteout, Stack, "https://github.com/containerd/containerd/blob/main/pkg/archive/tar_test.go".to_string(),
        "A directory name starts with `.wh.`. containerd keeps it as a normal path; other tools may treat it as a whiteout.";
    // path-safety
    PathSafetyDotdot = "path-safety.dotdot", Error, PathSafety, Stack, "https://nvd.nist.gov/vuln/detail/CVE-2014-9356".to_string(),
        "The entry name has a `..` component. A careless extractor writes outside the target directory (CVE-2014-6407, CVE-2014-9356). Careful runtimes refuse or clamp it.";
    PathSafetyAbsolute = "path-safety.absolute", Info, PathSafety, Stack, "https://github.com/moby/go-archive".to_string(),
        "The entry name starts with `/`. Runtimes treat it as relative to the root, but naive extraction with GNU tar -P writes to the host.";
    PathSafetyEmptyName = "path-safety.empty-name", Error, PathSafety, Stack, "https://github.com/moby/go-archive".to_string(),
        "An entry with an empty name (or only `/` and `.`): there is nothing to create.";
    PathSafetyRootNotDir = "path-safety.root-not-dir", Error, PathSafety, Stack, "https://github.com/opencontainers/umoci/blob/main/CHANGELOG.md".to_string(),
        "An entry that names the root is not a directory: it would replace the root with a file or link (umoci CVE-2021-29136).";
    PathSafetySymlinkEscape = "path-safety.symlink-escape", Warning, PathSafety, Stack, "https://github.com/containerd/containerd/blob/main/pkg/archive/tar_test.go".to_string(),
        "A relative symlink climbs above the image root. Harmless inside a container (it stops at `/`), dangerous for tools that extract naively and then follow links.";
    PathSafetySymlinkLoop = "path-safety.symlink-loop", Error, PathSafety, Stack, "https://github.com/containerd/continuity/blob/main/fs/path.go".to_string(),
        "An entry is written below a symbolic link of its layer that, resolved inside the root as extractors resolve it, never ends (a loop, or more than 255 links). The extractors give up: containerd \"too many links\", containers/storage and umoci \"too many levels of symbolic links\".";
    PathSafetyHardlinkDangling = "path-safety.hardlink-dangling", Error, PathSafety, Stack, "https://github.com/moby/moby/blob/master/pkg/archive/archive_test.go".to_string(),
        "A hard link whose target is neither earlier in this layer nor in a lower layer. Extraction fails (\"extracting a layer with hardlink references to files outside of the layer may fail\").";
    PathSafetyHardlinkForward = "path-safety.hardlink-forward", Error, PathSafety, Stack, "https://github.com/containerd/containerd/blob/main/pkg/archive/tar_test.go".to_string(),
        "A hard link whose target appears later in the layer. Extractors create links in order, so the target does not exist yet and extraction fails.";
    PathSafetyHardlinkToDir = "path-safety.hardlink-to-dir", Error, PathSafety, Stack, is("layer.md#hardlinks"),
        "A hard link to a directory. \"Hardlinks are possible with all file types except directories\"; extraction fails.";
    PathSafetyHardlinkEscape = "path-safety.hardlink-escape", Error, PathSafety, Stack, "https://github.com/moby/moby/blob/master/pkg/archive/archive_test.go".to_string(),
        "A hard link whose target climbs above the root: it points outside the image.";
    PathSafetyHardlinkLowerLayer = "path-safety.hardlink-lower-layer", Error, PathSafety, Stack, "https://github.com/containerd/containerd/blob/main/core/diff/apply/apply_linux.go".to_string(),
        "A hard link to a file that only a lower layer has. The merged file system has the target, but containerd's overlayfs snapshotter applies each layer on its own upper directory, where the target is not, so `ctr images import` (and other containerd clients on that snapshotter) fails: \"link …/snapshots/N/fs/bin/busybox …/snapshots/N/fs/bin/ls: no such file or directory\" (seen with containerd 1.6.20; podman and umoci unpack it). Write the file itself, or link it to a copy in the same layer.";
    PathSafetyConfusableName = "path-safety.confusable-name", Warning, PathSafety, Stack, "https://www.unicode.org/reports/tr36/".to_string(),
        "A name with bidirectional control or zero-width characters: it displays differently from what it is, a way to hide a file in plain sight.";
    // compatibility
    CompatibilityZstd = "compatibility.zstd", Warning, Compatibility, MediaTypes, "https://github.com/lxc/incus/issues/1838".to_string(),
        "zstd layers are valid since image-spec v1.1 (2024) and current tools read them, but umoci ≤ 0.4.7 (Debian 12) refuses them (Incus: \"blob is not correct mediatype: application/vnd.oci.image.layer.v1.tar+zstd\"), as do Docker ≤ 20.10 (`docker load`/`pull`: \"archive/tar: invalid tar header\"), containerd < 1.5, crane < 0.13, oci-image-tool, and skopeo < 1.14 when writing docker-archive (\"zstd compression is not supported for docker images\"). Upgrade the consumer (umoci ≥ 0.5.0) or republish with gzip (`skopeo copy --dest-compress-format gzip`).";
    CompatibilityDockerZstd = "compatibility.docker-zstd", Warning, Compatibility, MediaTypes, "https://github.com/anchore/stereoscope/issues/486".to_string(),
        "`application/vnd.docker.image.rootfs.diff.tar.zstd` is not in any spec (BuildKit writes it without `oci-mediatypes=true`). c/image (skopeo, podman) before container-libs PR #293 and syft 1.38.0 refuse it. Build with OCI media types.";
    CompatibilityXz = "compatibility.xz", Error, Compatibility, MediaTypes, "https://github.com/regclient/regclient/issues/719".to_string(),
        "xz is not an OCI layer compression. containerd (every version, so `ctr images import`, k3s and Docker with the containerd store), crane, umoci, dive and the registry explorer cannot decode it; only c/image (podman, skopeo), regctl and classic Docker do. Recompress with gzip or zstd.";
    CompatibilityBzip2 = "compatibility.bzip2", Error, Compatibility, MediaTypes, is("media-types.md"),
        "bzip2 is not an OCI layer compression; containerd (every version) and most OCI tools cannot decode it. Recompress with gzip or zstd.";
    CompatibilityOciManifest = "compatibility.oci-manifest", Info, Compatibility, MediaTypes, "https://github.com/distribution/distribution/issues/4366".to_string(),
        "An OCI image manifest. Registries store OCI manifests (distribution PR #2076, 2018); Docker ≥ 18.06, containerd and podman pull them. Pushers try OCI first, then Docker schema2; `--format docker` converts before upload (impossible with zstd layers). A \"blob upload unknown\" error on push comes from the registry's storage, not from the manifest type.";
    CompatibilityDockerManifestInLayout = "compatibility.docker-manifest-in-layout", Info, Compatibility, MediaTypes, "https://github.com/containers/skopeo/issues/2577".to_string(),
        "A Docker schema2 manifest stored inside an OCI layout. Allowed, but umoci ≤ 0.4.7 refuses Docker types and some tools cannot copy it back out.";
    CompatibilityNondistributable = "compatibility.nondistributable", Warning, Compatibility, MediaTypes, is("layer.md#non-distributable-layers"),
        "A non-distributable (foreign) layer type. Deprecated: distribution 2.7.0 rejects it by default (\"invalid URL on layer\"), `oras.Copy` fails, Docker needs `--allow-nondistributable-artifacts`.";
    CompatibilityZstdChunked = "compatibility.zstd-chunked", Info, Compatibility, MediaTypes, "https://github.com/containers/podman/issues/24885".to_string(),
        "A zstd:chunked layer (many zstd frames plus a table of contents). It is an ordinary zstd layer to most tools; podman partial pulls have known failures (GHCR range requests, \"manifest too big\").";
    CompatibilityResynthesizedManifest = "compatibility.resynthesized-manifest", Info, Compatibility, MediaTypes, "https://github.com/docker/cli/issues/5515".to_string(),
        "A Docker 25+ save from the graphdriver store: Docker re-created this manifest with uncompressed layers, so its digest differs from the registry's and between saves.";
    CompatibilityNoDockerManifest = "compatibility.no-docker-manifest", Info, Compatibility, Archive, "https://github.com/docker/for-mac/issues/5973".to_string(),
        "An OCI layout without a Docker `manifest.json` (skopeo, podman, buildah `oci-archive:`). Valid, and read by podman, skopeo, containerd and Docker with the containerd image store, but `docker load` before 29 (and later with the classic store) fails with \"open /var/lib/docker/tmp/docker-import-…/repositories: no such file or directory\", and `trivy image --input` and dive read only docker-archives. Convert it: `skopeo copy oci-archive:FILE docker-archive:out.tar:NAME:TAG`.";
    CompatibilityNoOciLayout = "compatibility.no-oci-layout", Info, Compatibility, Archive, DIS.to_string(),
        "A docker-archive (`manifest.json`, no OCI layout), as `docker save` before Docker 25 writes. Docker, podman, skopeo (`docker-archive:`), containerd, trivy and dive read it; OCI-layout tools (umoci, `skopeo copy oci-archive:`) do not. Convert it: `skopeo copy docker-archive:FILE oci-archive:out.tar:NAME:TAG`.";
    CompatibilityDockerOciSave = "compatibility.docker-oci-save", Info, Compatibility, Archive, "https://github.com/wagoodman/dive/issues/718".to_string(),
        "An OCI layout that also carries a Docker `manifest.json` whose layers are `blobs/sha256/…` (Docker 25+ `docker save`, `ctr images export`, nerdctl). Docker, podman, skopeo and containerd read both halves; dive 0.13 (wagoodman/dive#718), JFrog CLI (jfrog/jfrog-cli#2601) and NeuVector (neuvector/neuvector#2508) reject it. For them, rewrite it as a classic docker-archive: `skopeo copy oci-archive:FILE docker-archive:out.tar:NAME:TAG`.";
    CompatibilitySeveralImages = "compatibility.several-images", Info, Compatibility, Archive, is("image-layout.md#indexjson-file"),
        "The archive holds more than one image. Tools that copy one image need to be told which: `podman load` of an OCI archive fails with \"loading index: more than one image in oci, choose an image\" (podman 4), and `skopeo copy` needs `oci-archive:FILE:REF` or `docker-archive:FILE:REF` (or `:@N`).";
    CompatibilityDotSlashNames = "compatibility.dot-slash-names", Info, Compatibility, Archive, "https://github.com/aquasecurity/trivy/issues/3080".to_string(),
        "The archive's entries are named with a leading `./` (`tar -C dir -cf x.tar .`). Allowed, and most tools strip it, but trivy looks up `manifest.json` by its exact name and fails (aquasecurity/trivy#3080). Re-create the tar from inside the directory without `./` (`tar -cf x.tar -C dir $(ls dir)`) or rewrite it with skopeo.";
    CompatibilityCompressedArchive = "compatibility.compressed-archive", Info, Compatibility, Archive, "https://github.com/moby/moby/pull/41759".to_string(),
        "The archive is compressed as a whole (`docker save | gzip`, `.tar.zst`, `.tar.xz`). `docker load` decompresses gzip, bzip2 and xz (zstd from Docker 23), `podman load` and skopeo all four; `ctr images import` from 2.0 and k3s/rke2 only gzip and zstd, ctr 1.x none (seen with 1.6.20: \"ctr: archive/tar: invalid tar header\"); podman 4.3.1 and skopeo 1.9.3 fail on a gzip-compressed docker-archive (they read xz, bzip2 and zstd ones). Decompress it first when a tool refuses it (`xz -dc FILE > out.tar`).";
    CompatibilityPlatformIndex = "compatibility.platform-index", Info, Compatibility, Index, is("image-index.md"),
        "`index.json` points to an image index with one manifest per platform (`buildah manifest push --all`, `docker save` of a multi-platform image). Tools pick the host's platform (`ctr images import` without `--all-platforms` leaves the others out); umoci 0.4.7 refuses the name as ambiguous (\"tag is ambiguous\") when the index lists several platforms. To hand one platform to such a tool: `skopeo copy oci-archive:FILE oci-archive:out.tar:REF` (the host's) or `--override-arch`.";
    CompatibilitySha512 = "compatibility.sha512", Info, Compatibility, Index, is("descriptor.md#sha-512"),
        "Blobs are addressed by sha512 digests. Registered in image-spec and verified here, but containerd 1.6 (\"content digest sha512:…: not found\"), skopeo 1.9.3 (\"Internal error writing blob sha512:…\") and umoci 0.4.7 (\"compute blob path: unsupported algorithm\") refuse it; podman 4.3.1 loads it. For those tools, re-create the archive with sha256 digests.";
    CompatibilitySubject = "compatibility.subject", Info, Compatibility, MediaTypes, is("manifest.md#image-manifest-property-descriptions"),
        "A referrer (signature, SBOM, attestation) that points to another manifest with `subject`. Registries without the referrers API use a fallback tag (GHCR).";
    // limits
    LimitsJsonDocument = "limits.json-document", Error, Limits, Index, "https://github.com/advisories/GHSA-259w-8hf6-59c2".to_string(),
        "A JSON document is larger than the cap (containerd itself refuses documents over 20 MiB, CVE-2023-25153). It was not read, so what it describes is not verified.";
    LimitsJsonDepth = "limits.json-depth", Error, Limits, Index, "https://github.com/serde-rs/json".to_string(),
        "A JSON document nests deeper than 128 levels. It was not read.";
    LimitsTarExtension = "limits.tar-extension", Error, Limits, Stack, "https://go.dev/issue/54853".to_string(),
        "A tar extension header (long name, PAX record) is larger than 1 MiB (Go's cap since CVE-2022-2879). It was skipped, so this entry's name or attributes may be wrong.";
    LimitsZstdWindow = "limits.zstd-window", Error, Limits, Layer, "https://www.rfc-editor.org/rfc/rfc8878".to_string(),
        "The zstd stream asks for a window larger than 128 MiB (libzstd's default maximum). It was not decoded, so its contents and DiffID are unverified. Recompress without `--long`.";
    LimitsXzDictionary = "limits.xz-dictionary", Error, Limits, Layer, "https://tukaani.org/xz/xz-file-format.txt".to_string(),
        "The xz stream needs more than 128 MiB of decoder memory (`xz -9` needs 64 MiB). It was not decoded, so its contents and DiffID are unverified.";
    LimitsIndexDepth = "limits.index-depth", Error, Limits, Index, is("image-index.md"),
        "Image indexes nest deeper than 16 levels. Deeper ones were not followed.";
    LimitsEntriesPerLayer = "limits.entries-per-layer", Warning, Limits, Stack, is("layer.md"),
        "The layer has more entries than the listing cap; later entries are hashed but not listed or checked.";
    LimitsPathLength = "limits.path-length", Error, Limits, Stack, is("layer.md"),
        "A path is longer than 64 KiB, or a name in it longer than 255 bytes (Linux allows 4096 bytes a path, 255 a name): no extractor can create it. A path over 64 KiB is truncated for display.";
    LimitsDecompressedBytes = "limits.decompressed-bytes", Warning, Limits, Layer, is("layer.md"),
        "The layer, or the archive compressed as a whole, decompresses to more than the cap (a possible decompression bomb). Reading stopped there; the layer's DiffID, or what the archive holds after that point, is unverified.";
    LimitsWorkerFailed = "limits.worker-failed", Error, Limits, Layer, "https://developer.mozilla.org/en-US/docs/Web/API/Worker/error_event".to_string(),
        "The page's worker stopped while it read this blob (a WebAssembly trap: it ran out of memory, or hit a bug). The blob is unverified: its digest, size and DiffID were not checked and its files are not listed; the other blobs were read by fresh workers. Inspect the image with the CLI (`ocilens inspect`), and report it to ocilens: a cap that should have stopped this read is missing.";
    // efficiency (docs/efficiency.md)
    EfficiencyMetadataOnly = "efficiency.metadata-only", Warning, Efficiency, Stack, "https://github.com/wagoodman/dive/issues/684".to_string(),
        "A later layer stores files again with exactly the bytes a lower layer has; only their mode, owner or modification time changed. A layer holds whole files, so a `RUN chown -R`, `chmod -R` or `touch` after a `COPY` ships every byte twice (dive#684: a 900 MB pnpm tree copied again by `chown`). Set owner and mode as the files are written: `COPY --chown=user:group` and `COPY --chmod=`, or change them in the same `RUN` that creates them.";
    EfficiencyDeletedLater = "efficiency.deleted-later", Warning, Efficiency, Stack, "https://docs.docker.com/build/building/multi-stage/".to_string(),
        "Files added by one layer are removed by a later one (a whiteout, or an opaque directory after `rm -rf dir && mkdir dir`). Removing them later does not make the image smaller: the lower layer still ships the bytes, and anyone can read them from it (a deleted secret is still in the image). Delete in the same `RUN` that creates the files (`curl … && tar x … && rm …`), or use a multi-stage build and copy only the result into the final stage.";
    EfficiencyDuplicates = "efficiency.duplicates", Info, Efficiency, Stack, "https://github.com/wagoodman/dive/issues/238".to_string(),
        "The final file system holds the same bytes (same size and xxh3-128 content hash) at two or more paths: a vendored copy, the same binary or library installed twice. Every copy is visible, so this is not waste between layers, but one copy would do: install once, or make the others symbolic or hard links in the layer that writes them.";
    // packages (docs/packages.md)
    PackagesDatabaseTooLarge = "packages.database-too-large", Warning, Packages, Stack, "https://manpages.debian.org/bookworm/dpkg/dpkg-query.1.en.html".to_string(),
        "A package database file (dpkg `status` or `.list`, apk `installed`, rpm `rpmdb.sqlite`) is larger than ocilens reads (16 MiB for text databases, 64 MiB for sqlite, 2 million listed paths per layer). It was not read: the packages it lists are missing from the report, or come from a lower layer's copy of the database.";
    PackagesDatabaseUnreadable = "packages.database-unreadable", Warning, Packages, Stack, "https://www.sqlite.org/fileformat2.html".to_string(),
        "A package database file could not be parsed (not the format its path promises, corrupt pages or records, a cycle in the sqlite b-tree, or cut short in the layer). Its packages are missing from the report, or come from a lower layer's copy of the database. The package manager in the image may fail the same way.";
    // secret (docs/secrets.md)
    SecretPrivateKey = "secret.private-key", Error, Secret, Stack, SECRETS.to_string(),
        "A file of the final file system holds a private key (PEM `-----BEGIN … PRIVATE KEY-----`, an OpenSSH key, or a kubeconfig's `client-key-data`). Anyone who can pull the image can read it: treat the key as leaked. Rotate it (a new key, the old one revoked), and pass keys at build time with `RUN --mount=type=secret` or at run time with a mounted secret, never with `COPY`. ocilens shows at most the first 4 characters of the value.";
    SecretCloudKey = "secret.cloud-key", Error, Secret, Stack, SECRETS.to_string(),
        "A file of the final file system holds a cloud credential: an AWS access key id (`AKIA…`/`ASIA…`) with its 40-character secret next to it, or a Google API key (`AIza…`). Anyone who pulls the image can use it. Revoke and rotate the key now, then give the container its credentials at run time (an instance or workload role, a mounted secret) and build with `RUN --mount=type=secret` instead of `COPY`.";
    SecretToken = "secret.token", Error, Secret, Stack, SECRETS.to_string(),
        "A file of the final file system holds an access token: GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`), GitLab (`glpat-`), Slack (`xox?-`), npm (`npm_`, `_authToken`, `_auth`) or a kubeconfig user token. Anyone who pulls the image can use it. Revoke it, and pass tokens to the build with `RUN --mount=type=secret,id=…` (they are then never written to a layer).";
    SecretRegistryAuth = "secret.registry-auth", Error, Secret, Stack, SECRETS.to_string(),
        "A registry auth file (`.docker/config.json`, `auth.json`) with an `auths` entry whose `auth` is a base64 `user:password`: a `docker login` or `podman login` made during the build, or a copied home directory. Anyone who pulls the image can log in as that user. Change the password or revoke the token, and log in outside the build (`RUN --mount=type=secret,id=docker,target=/root/.docker/config.json`).";
    SecretPassword = "secret.password", Error, Secret, Stack, SECRETS.to_string(),
        "A credentials file chosen by name (`.env`, `.netrc`, `.git-credentials`, `.aws/credentials`, `.pypirc`, a kubeconfig) assigns a literal value to a password, secret or token name. Anyone who pulls the image can read it. Change the password, keep such files out of the build context (`.dockerignore`) and provide them at run time (environment from the orchestrator, a mounted secret).";
    SecretDeletedButShipped = "secret.deleted-but-shipped", Error, Secret, Stack, SECRETS.to_string(),
        "A file with a secret is deleted (or replaced) by a later layer, so the final file system does not show it, but the layer that added it is still part of the image: `docker save`, `skopeo copy` or a registry pull ship every layer, and the file is one `tar -x` of that layer away. Deleting in a later `RUN` never removes anything. Rotate the secret, then remove it for real: use a multi-stage build that copies only the result into the final stage, or `RUN --mount=type=secret` so the secret never enters a layer.";
    SecretInHistory = "secret.in-history", Error, Secret, Config, SECRETS.to_string(),
        "A `history[].created_by` entry of the config holds a secret: a build argument with a secret-looking name (`RUN |1 TOKEN=… /bin/sh -c …`, how Docker and Buildah record `ARG` values used by a `RUN`), or a value with the shape of a key or token. The config is public to everyone who can pull the image, and `docker history --no-trunc` shows it. Rotate the secret; pass it with `RUN --mount=type=secret` (BuildKit, Buildah, Podman), never with `--build-arg`.";
    // runtime
    RuntimeUserRoot = "runtime.user-root", Info, Runtime, Config, is("config.md#properties"),
        "The container runs as root: `config.User` is unset, `0`, `root`, or `0:…`/`root:…`. A process that breaks out of its container, or a mounted host path, then has root's rights; Kubernetes `runAsNonRoot: true` refuses such an image, and OpenShift runs it under a random uid anyway. Add a user and switch to it: `RUN useradd -r -u 10001 app` then `USER 10001` (a numeric uid, so `runAsNonRoot` can verify it).";
    RuntimeEntrypointMissing = "runtime.entrypoint-missing", Error, Runtime, Config, is("config.md#properties"),
        "The program the container starts (the first element of `Entrypoint`, else of `Cmd`; `/bin/sh` for a shell-form command) is not in the merged file system: not at its path after following symbolic links inside the image, or, for a bare name, in no directory of the `PATH` of `Env` (default `/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`). `docker run` and `podman run` fail with \"executable file not found\" or \"no such file or directory\". Copy the program into the final stage, or fix `ENTRYPOINT`/`CMD` (the exec form needs no shell).";
    RuntimeArchMismatch = "runtime.arch-mismatch", Error, Runtime, Config, is("config.md#properties"),
        "The ELF machine of the program the container starts differs from `config.architecture`: a binary built for another CPU, or an image relabelled without rebuilding. Runtimes pick the image by its declared platform and then fail with \"exec format error\" (unless qemu-user binfmt emulation happens to be installed). Build for the declared platform (`docker buildx build --platform …`, `GOARCH=…`), or declare the platform the binaries are for.";
    RuntimeSecretEnv = "runtime.secret-env", Warning, Runtime, Config, SECRETS.to_string(),
        "An `Env` entry of the config holds a secret: a value with the shape of a key or token, or a literal value for a password, secret or token name. `ENV` values are part of the config: every container and everyone who pulls the image sees them (`docker inspect`). ocilens masks the value. Rotate it, and give the container its secrets at run time (`docker run -e`, a Kubernetes Secret, a mounted file such as `*_FILE=/run/secrets/…`).";
    RuntimePrivilegedPort = "runtime.privileged-port", Info, Runtime, Config, is("config.md#properties"),
        "`ExposedPorts` lists a port below 1024 while the image runs as a non-root user. Binding such a port needs `CAP_NET_BIND_SERVICE` or `net.ipv4.ip_unprivileged_port_start` lowered: Docker 20.10+ sets it to 0 in a container's network namespace, but rootless Podman with host networking, Kubernetes without that sysctl and older runtimes refuse the bind with \"permission denied\". Listen on a port ≥ 1024 (for example 8080) and map it, or grant the capability with `setcap cap_net_bind_service=+ep`.";
}

/// Looks a code up by its string.
pub fn by_str(code: &str) -> Option<Code> {
    Code::ALL.iter().copied().find(|c| c.as_str() == code)
}

/// The catalogue as Markdown (`docs/findings.md`).
pub fn markdown() -> String {
    let mut out = String::from(
        "# Finding codes\n\nGenerated by `ocilens catalogue` from `src/engine/finding/catalogue.rs`; \
         a test fails when the two disagree. Severity: **E** error, **W** warning, **I** info. \
         Subject: the part of the image a finding is about (explain mode files it under that step; \
         `document` is an index or a manifest, told apart by where the finding is).\n",
    );
    for check in super::Check::ALL {
        out.push_str(&format!(
            "\n## {}\n\n| Code | Sev | Subject | Explanation | Spec |\n|---|---|---|---|---|\n",
            check.as_str()
        ));
        for code in Code::ALL.iter().filter(|c| c.check() == check) {
            let sev = match code.severity() {
                Severity::Error => "E",
                Severity::Warning => "W",
                Severity::Info => "I",
            };
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {} |\n",
                code.as_str(),
                sev,
                code.subject().as_str(),
                code.explanation().replace('|', "\\|"),
                code.spec()
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_their_strings_and_unknown_ones_are_refused() {
        for code in Code::ALL {
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), *code);
        }
        let err = serde_json::from_str::<Code>("\"no.such-code\"").unwrap_err();
        assert!(
            err.to_string()
                .contains("unknown finding code \"no.such-code\""),
            "{err}"
        );
        assert!(serde_json::from_str::<Code>("3").is_err());
    }
}
