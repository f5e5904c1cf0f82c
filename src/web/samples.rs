//! The sample gallery: small archives made by the real tools of
//! `scripts/make-fixtures`, shipped inside the app (no request needed).

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
}

macro_rules! sample {
    ($file:literal, $title:literal, $blurb:literal) => {
        Sample {
            file: $file,
            title: $title,
            blurb: $blurb,
            bytes: include_bytes!(concat!("../../tests/fixtures/", $file)),
        }
    };
}

/// Every sample, sound ones first.
pub const SAMPLES: &[Sample] = &[
    sample!("skopeo-oci-gzip.tar", "OCI archive (skopeo)", "A sound two-layer image: gzip layers, every digest and DiffID verifies."),
    sample!("docker-save.tar", "docker save (Docker 20.10)", "The legacy docker-archive layout: manifest.json, repositories, <id>/layer.tar."),
    sample!("multi-platform.tar", "Multi-platform index (buildah)", "An index → nested index → linux/amd64 and linux/arm64/v8 manifests."),
    sample!("skopeo-oci-zstd.tar", "zstd layers (the Incus case)", "Valid since image-spec 1.1, but umoci 0.4.7 refuses it: \"blob is not correct mediatype\"."),
    sample!("kimai-notag.tar", "A name without a tag (Incus kimai)", "docker.io/kimai/kimai2 names a repository, not an image: a pull gets :latest."),
    sample!("skopeo-tarball-xz.tar", "podman import of an xz rootfs", "The DiffID was taken over the compressed bytes (containers/podman#25593)."),
    sample!("skopeo-oci-uncompressed-mislabeled.tar", "Plain tar typed as gzip", "skopeo labels uncompressed layers +gzip (containers/image#1270)."),
    sample!("umoci-layout-multiref.tar", "umoci 0.4.7 truncated layers", "umoci insert writes layer tars without padding or end marker."),
    sample!("rootfs.tar.xz", "A rootfs tarball", "The input of podman import: what DiffID an import should record."),
];

/// The sample as a `File`, as if it had been dropped.
pub fn to_file(s: &Sample) -> Result<File, JsValue> {
    let array = js_sys::Uint8Array::from(s.bytes);
    let parts = js_sys::Array::new();
    parts.push(&array.buffer());
    File::new_with_buffer_source_sequence(&parts, s.file)
}
