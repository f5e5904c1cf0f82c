//! The sample gallery: small archives made by the real tools of
//! `scripts/make-fixtures`, shipped inside the app (no request needed).

use crate::engine::finding::Code;
use wasm_bindgen::JsValue;
use web_sys::File;

/// One sample.
pub struct Sample {
    /// File name.
    pub file: &'static str,
    /// Short title.
    pub title: &'static str,
    /// What it shows.
    pub blurb: &'static str,
    /// The archive.
    pub bytes: &'static [u8],
    /// For an explained problem: the finding code to open on.
    pub opens: Option<Code>,
}

macro_rules! sample {
    ($file:literal, $title:literal, $blurb:literal) => {
        sample!($file, $title, $blurb, None)
    };
    ($file:literal, $title:literal, $blurb:literal, $opens:expr) => {
        Sample {
            file: $file,
            title: $title,
            blurb: $blurb,
            bytes: include_bytes!(concat!("../../tests/fixtures/", $file)),
            opens: $opens,
        }
    };
}

/// Samples of each kind of archive, sound and broken.
pub const SAMPLES: &[Sample] = &[
    sample!(
        "skopeo-oci-gzip.tar",
        "OCI archive (skopeo)",
        "A sound two-layer image: gzip layers, every digest and DiffID verifies."
    ),
    sample!(
        "docker-save.tar",
        "docker save (Docker 20.10)",
        "The legacy docker-archive layout: manifest.json, repositories, <id>/layer.tar."
    ),
    sample!(
        "multi-platform.tar",
        "Multi-platform index (buildah)",
        "An index → nested index → linux/amd64 and linux/arm64/v8 manifests."
    ),
    sample!(
        "skopeo-oci-uncompressed-mislabeled.tar",
        "Plain tar typed as gzip",
        "skopeo labels uncompressed layers +gzip (containers/image#1270)."
    ),
    sample!(
        "umoci-layout-multiref.tar",
        "umoci 0.4.7 truncated layers",
        "umoci insert writes layer tars without padding or end marker."
    ),
    sample!(
        "rootfs.tar.xz",
        "A rootfs tarball",
        "The input of podman import: what DiffID an import should record."
    ),
];

/// The gallery of explained problems: each reproduces a real incident and
/// opens straight on its finding.
pub const INCIDENTS: &[Sample] = &[
    sample!(
        "skopeo-oci-zstd.tar",
        "Incus: zstd layers refused",
        "umoci < 0.5.0: \"blob is not correct mediatype: …tar+zstd\" (lxc/incus#1838).",
        Some(Code::CompatibilityZstd)
    ),
    sample!(
        "skopeo-tarball-xz.tar",
        "podman import of an xz rootfs",
        "The DiffID was taken over the compressed bytes (containers/podman#25593).",
        Some(Code::DiffidCompressedDigest)
    ),
    sample!(
        "trillian-mixed-media-types.tar",
        "Trillian: Docker and OCI types mixed",
        "skopeo: \"Unknown media type during manifest conversion\" (google/trillian#3338).",
        Some(Code::MediaTypeMixOciManifestDockerLayer)
    ),
    sample!(
        "buildah-oci.tar",
        "OCI manifest where Docker was expected",
        "What registries and engines do with OCI manifests (distribution/distribution#4366).",
        Some(Code::CompatibilityOciManifest)
    ),
    sample!(
        "kimai-notag.tar",
        "Incus: a reference that lost its tag",
        "docker.io/kimai/kimai2 names a repository: a rebuild pulls :latest (lxc/incus#1273).",
        Some(Code::ReferenceMissingTag)
    ),
    sample!(
        "zstd-typed-gzip.tar",
        "zstd bytes typed as gzip",
        "The media type says gzip, the bytes are zstd: tools that trust the type fail.",
        Some(Code::LayerCompressionMismatch)
    ),
    sample!(
        "path-traversal.tar",
        "A path-traversal entry",
        "A layer entry ../../etc/passwd (CVE-2014-9356).",
        Some(Code::PathSafetyDotdot)
    ),
];

/// The sample as a `File`, as if it had been dropped.
pub fn to_file(s: &Sample) -> Result<File, JsValue> {
    let array = js_sys::Uint8Array::from(s.bytes);
    let parts = js_sys::Array::new();
    parts.push(&array.buffer());
    File::new_with_buffer_source_sequence(&parts, s.file)
}
