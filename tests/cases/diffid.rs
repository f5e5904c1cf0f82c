//! DiffIDs: wrong, the compressed digest (podman#25593), counts against layers and history.

use super::common::*;
use crate::support::compress::*;
use crate::support::layer::*;
use crate::support::media_types;
use crate::support::oci_image::*;
use ocilens::engine::finding::Code;
use ocilens::engine::report::{Content, Report, Status};
use serde_json::json;

fn diffid_mismatch() -> Vec<u8> {
    let other = rootfs_tar(&[("etc/hostname", b"something else\n")]);
    layout(vec![
        Layer::tar_gzip(base_tar()).with_diff_id(&digest(&other))
    ])
}
fn check_diffid_mismatch(r: &Report) {
    let l = layer(r, 0);
    assert_eq!(l.diff_id.computed, Some(digest(&base_tar())));
    assert_eq!(l.diff_id.status, Some(Status::Mismatch));
}
/// containers/podman#25593: `podman import rootfs.tar.xz` before Podman 5.4.2
/// stored the xz bytes as an "uncompressed" layer whose DiffID is the digest
/// of the compressed bytes.
fn diffid_compressed_digest() -> Vec<u8> {
    let blob = xz(&base_tar());
    let d = digest(&blob);
    layout(vec![Layer::new(media_types::OCI_LAYER_TAR, blob, &d)])
}
fn check_diffid_compressed(r: &Report) {
    let l = layer(r, 0);
    assert_eq!(l.compression, Some(Content::Xz));
    assert_eq!(l.diff_id.computed, Some(digest(&base_tar())));
    assert_eq!(l.diff_id.declared, l.digest);
    assert_eq!(l.diff_id.status, Some(Status::Mismatch));
}
fn diffid_count() -> Vec<u8> {
    let mut i = OciImage::new(vec![Layer::tar_gzip(base_tar())]);
    let mut c = i.config_value();
    c["rootfs"]["diff_ids"]
        .as_array_mut()
        .unwrap()
        .push(json!(EMPTY_TAR_DIFF_ID));
    i.config.value = Some(c);
    layout_of(i)
}
fn diffid_history_count() -> Vec<u8> {
    let mut i = OciImage::new(vec![Layer::tar_gzip(base_tar())]);
    let mut c = i.config_value();
    let h = c["history"].as_array_mut().unwrap();
    h.push(json!({"created": CREATED, "created_by": "RUN make"}));
    // an empty_layer entry does not count
    h.push(json!({"created": CREATED, "created_by": "ENV A=1", "empty_layer": true}));
    i.config.value = Some(c);
    layout_of(i)
}

crafted! {
    diffid_mismatch: D "diffid: wrong", [Code::DiffidMismatch, OCI], check = check_diffid_mismatch;
    /// containers/podman#25593
    diffid_compressed_digest: D "diffid: podman import of xz (podman#25593)",
        [Code::LayerCompressionMismatch, Code::DiffidCompressedDigest, Code::CompatibilityXz, OCI],
        check = check_diffid_compressed;
    diffid_count: B "diffid: one too many", [Code::DiffidCount, OCI];
    diffid_history_count: B "diffid: history entries vs layers", [Code::DiffidHistoryCount, OCI];
}
