//! Blobs: missing ones, digests (algorithms, form, safety, embedded data) and sizes.

use super::common::*;
use crate::support::layer::*;
use crate::support::oci_image::*;
use crate::support::oci_layout::*;
use ocilens::engine::finding::Code;
use ocilens::engine::report::{Report, Status};
use serde_json::json;

fn missing_config_blob() -> Vec<u8> {
    let i = img();
    OciLayoutBuilder::new()
        .image(i.clone())
        .omit_blob(&i.config_digest())
        .build()
}
fn missing_layer_blob() -> Vec<u8> {
    let i = img();
    OciLayoutBuilder::new()
        .image(i.clone())
        .omit_blob(&layer_digest(&i))
        .build()
}
fn missing_manifest_blob() -> Vec<u8> {
    let i = img();
    OciLayoutBuilder::new()
        .image(i.clone())
        .omit_blob(&i.manifest_digest())
        .build()
}
fn platform_not_saved() -> Vec<u8> {
    let amd = img().with_platform("amd64", "linux");
    let mut arm = OciImage::new(vec![Layer::tar_gzip(rootfs_tar(&[("etc/arch", b"arm64")]))])
        .with_platform("arm64", "linux");
    arm.architecture = "arm64".into();
    OciLayoutBuilder::new().image(amd).absent_image(arm).build()
}
fn foreign_layer() -> Vec<u8> {
    let i = OciImage::new(vec![
        Layer::tar_gzip(base_tar()),
        Layer::docker_gzip(rootfs_tar(&[("Files/base.dll", b"MZ")]))
            .with_media_type("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"),
    ]);
    let mut i = i;
    i.layers[1]
        .descriptor_extra
        .insert("urls".into(), json!(["https://example.com/base.tar.gz"]));
    let d = i.layers[1].digest();
    OciLayoutBuilder::new().image(i).omit_blob(&d).build()
}
fn flipped_byte() -> Vec<u8> {
    let i = img();
    let mut blob = i.layers[0].blob.clone();
    let mid = blob.len() / 2;
    blob[mid] ^= 0xff;
    OciLayoutBuilder::new()
        .image(i.clone())
        .replace_blob(&layer_digest(&i), blob)
        .build()
}
fn flipped_config() -> Vec<u8> {
    let i = img();
    let c = String::from_utf8(i.config_blob())
        .unwrap()
        .replace("linux", "linuy")
        .into_bytes();
    OciLayoutBuilder::new()
        .image(i.clone())
        .replace_blob(&i.config_digest(), c)
        .build()
}
fn sha512_digest() -> Vec<u8> {
    use sha2::Digest as _;
    let mut i = img();
    let blob = i.layers[0].blob.clone();
    let d = format!("sha512:{}", hex::encode(sha2::Sha512::digest(&blob)));
    i.layers[0] = i.layers[0].clone().with_digest(&d);
    layout_as_is(i)
}
fn check_sha512(r: &Report) {
    let l = &r.images[0].layers[0];
    assert!(l.digest.as_deref().unwrap().starts_with("sha512:"));
    assert_eq!(l.check.digest_status, Some(Status::Verified));
    assert_eq!(
        l.entry.as_deref().map(|e| e.starts_with("blobs/sha512/")),
        Some(true)
    );
}
fn sha512_wrong() -> Vec<u8> {
    let mut i = img();
    let d = format!("sha512:{}", "ab".repeat(64));
    let blob = i.layers[0].blob.clone();
    i.layers[0] = i.layers[0].clone().with_digest(&d).with_blob(blob);
    layout_as_is(i)
}
fn malformed_digest() -> Vec<u8> {
    let mut i = img();
    let d = layer_digest(&i).to_uppercase().replace("SHA256", "sha256");
    i.layers[0] = i.layers[0].clone().with_digest(&d);
    layout_as_is(i)
}
fn unsupported_digest() -> Vec<u8> {
    let mut i = img();
    i.layers[0] = i.layers[0]
        .clone()
        .with_digest("sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564");
    layout_as_is(i)
}
fn unsafe_digest() -> Vec<u8> {
    layout_as_is(with_manifest(|m| {
        m["layers"][0]["digest"] = json!("sha256:../../../etc/passwd")
    }))
}
fn embedded_data() -> Vec<u8> {
    layout_as_is(with_manifest(|m| m["config"]["data"] = json!("e30=")))
}
fn size_short() -> Vec<u8> {
    let mut i = img();
    let s = i.layers[0].size();
    i.layers[0] = i.layers[0].clone().with_size(s + 10);
    layout_as_is(i)
}
fn size_long() -> Vec<u8> {
    let mut i = img();
    let s = i.layers[0].size();
    i.layers[0] = i.layers[0].clone().with_size(s - 10);
    layout_as_is(i)
}

crafted! {
    missing_config_blob: B "config blob missing", [Code::BlobMissingConfig, OCI];
    missing_layer_blob: B "layer blob missing", [Code::BlobMissingLayer, OCI];
    missing_manifest_blob: B "manifest blob missing",
        [Code::BlobMissingManifest, Code::ArchiveUnreferencedBlob];
    platform_not_saved: B "platform not saved (moby#49473)", [Code::BlobMissingPlatformNotSaved, OCI];
    foreign_layer: B "foreign layer",
        [Code::BlobMissingForeign, Code::CompatibilityNondistributable, OCI, Code::ReferenceNone];
    flipped_byte: D "flipped byte in a layer",
        [Code::BlobDigestMismatch, Code::LayerCompressionCorrupt, Code::DiffidUnverifiable, OCI];
    flipped_config: D "flipped byte in the config", [Code::BlobDigestMismatch, OCI];
    sha512_digest: D "sha512 digest verifies",
        [OCI, Code::CompatibilitySha512, Code::CompatibilityNoDockerManifest], check = check_sha512;
    sha512_wrong: D "sha512 digest that does not match", [Code::BlobDigestMismatch, OCI];
    malformed_digest: D "upper-case digest",
        [Code::BlobDigestMalformed, Code::ArchiveBadBlobName, OCI];
    unsupported_digest: D "unsupported digest algorithm", [Code::BlobDigestUnsupportedAlgorithm, OCI];
    unsafe_digest: D "digest escaping blobs/ (CVE-2024-3727)",
        [Code::BlobDigestUnsafePath, Code::ArchiveUnreferencedBlob, OCI];
    embedded_data: D "embedded data differs", [Code::BlobDigestEmbeddedData, OCI];
    size_short: D "size too large (short blob)", [Code::BlobSizeShort, OCI];
    size_long: D "size too small (long blob)", [Code::BlobSizeLong, OCI];
}
