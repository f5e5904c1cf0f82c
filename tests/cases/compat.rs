//! What other tools may not read: Docker manifests in a layout, referrers, zstd, bzip2,
//! zstd:chunked, non-distributable layers.

use super::common::*;
use crate::support::compress::*;
use crate::support::layer::*;
use crate::support::media_types;
use crate::support::oci_image::*;
use crate::support::oci_layout::*;
use ocilens::engine::finding::Code;
use ocilens::engine::report::{Content, Report};
use serde_json::json;

fn docker_in_layout() -> Vec<u8> {
    layout_as_is(OciImage::docker(vec![Layer::docker_gzip(base_tar())]))
}
fn subject() -> Vec<u8> {
    let base = img();
    let d = base.manifest_digest();
    let mut sig = img();
    sig.ref_name = None;
    let sig = sig.with_manifest_field("subject", json!({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": d, "size": base.manifest_blob().len()}));
    OciLayoutBuilder::new().image(base).image(sig).build()
}
fn compat_zstd() -> Vec<u8> {
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::tar_zstd(writer().finish()),
    ])
}
fn check_compat_zstd(r: &Report) {
    assert_eq!(layer(r, 1).compression, Some(Content::Zstd));
    assert_diff_id_verified(r, 1, &writer().finish());
}
/// BuildKit `compression=zstd` without `oci-mediatypes=true` (anchore/stereoscope#486).
fn compat_docker_zstd() -> Vec<u8> {
    layout_of(OciImage::docker(vec![Layer::docker_zstd(base_tar())]))
}
fn compat_bzip2() -> Vec<u8> {
    let tar = base_tar();
    layout(vec![Layer::new(
        media_types::OCI_LAYER_TAR,
        bzip2(&tar),
        &digest(&tar),
    )])
}
fn check_bzip2(r: &Report) {
    assert_eq!(layer(r, 0).compression, Some(Content::Bzip2));
    assert_diff_id_verified(r, 0, &base_tar());
}
fn chunked(key: &str) -> Vec<u8> {
    let l = Layer::new(
        media_types::OCI_LAYER_ZSTD,
        chunked_blob(),
        &digest(&chunked_tar()),
    )
    .with_annotation(key, &digest(b"toc"))
    .with_annotation(
        &key.replace("manifest-checksum", "manifest-position"),
        "80000:200:300:1",
    );
    layout(vec![l])
}
fn compat_zstd_chunked() -> Vec<u8> {
    chunked("io.github.containers.zstd-chunked.manifest-checksum")
}
/// skopeo 1.9.3 (c/storage before the io.github rename) writes this key.
fn compat_zstd_chunked_old_key() -> Vec<u8> {
    chunked("io.containers.zstd-chunked.manifest-checksum")
}
fn check_chunked(r: &Report) {
    assert_eq!(layer(r, 0).compression, Some(Content::Zstd));
    assert_diff_id_verified(r, 0, &chunked_tar());
}
fn compat_nondistributable() -> Vec<u8> {
    layout(vec![Layer::tar_gzip(base_tar()).with_media_type(
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
    )])
}

crafted! {
    docker_in_layout: B "Docker manifest inside a layout",
        [Code::CompatibilityDockerManifestInLayout, Code::MediaTypeMixIndexFamily,
         Code::ReferenceNone];
    subject: B "referrer with subject", [Code::CompatibilitySubject, OCI];
    compat_zstd: E "compat: zstd layer", [Code::CompatibilityZstd, OCI], check = check_compat_zstd;
    /// anchore/stereoscope#486
    compat_docker_zstd: E "compat: Docker-typed zstd (BuildKit)",
        [Code::CompatibilityDockerZstd, Code::CompatibilityZstd,
         Code::CompatibilityDockerManifestInLayout, Code::MediaTypeMixIndexFamily];
    compat_bzip2: E "compat: bzip2 layer",
        [Code::CompatibilityBzip2, Code::LayerCompressionMismatch, OCI],
        check = check_bzip2;
    /// containers/podman#24885
    compat_zstd_chunked: E "compat: zstd:chunked",
        [Code::CompatibilityZstdChunked, Code::CompatibilityZstd, OCI],
        check = check_chunked;
    compat_zstd_chunked_old_key: E "compat: zstd:chunked, skopeo 1.9.3 annotation",
        [Code::CompatibilityZstdChunked, Code::CompatibilityZstd, OCI],
        check = check_chunked;
    compat_nondistributable: B "compat: non-distributable layer present",
        [Code::CompatibilityNondistributable, OCI];
}
