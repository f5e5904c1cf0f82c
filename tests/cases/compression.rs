//! Layer compression: the bytes against the media type, unknown, corrupt, not a tar, trailing
//! data, encrypted.

use super::common::*;
use crate::support::compress::*;
use crate::support::layer::*;
use crate::support::media_types;
use ocilens::engine::finding::Code;
use ocilens::engine::report::{Content, Report, Status};

/// zstd bytes typed `+gzip`.
fn compression_zstd_as_gzip() -> Vec<u8> {
    layout(vec![
        Layer::tar_zstd(base_tar()).with_media_type(media_types::OCI_LAYER_GZIP)
    ])
}
fn check_zstd_as_gzip(r: &Report) {
    assert_eq!(layer(r, 0).compression, Some(Content::Zstd));
    assert_diff_id_verified(r, 0, &base_tar());
}
/// containerd/containerd#9981: gzip bytes typed as an uncompressed tar.
fn compression_gzip_as_tar() -> Vec<u8> {
    layout(vec![
        Layer::tar_gzip(base_tar()).with_media_type(media_types::OCI_LAYER_TAR)
    ])
}
fn compression_unknown() -> Vec<u8> {
    layout(vec![Layer::new(
        media_types::OCI_LAYER_GZIP,
        b"PK\x03\x04 this is a zip, not a layer".to_vec(),
        &digest(&base_tar()),
    )])
}
/// A flipped byte in the gzip trailer's CRC-32: every byte decodes, the check fails.
fn compression_corrupt() -> Vec<u8> {
    let tar = base_tar();
    let mut blob = gzip(&tar);
    let at = blob.len() - 8;
    blob[at] ^= 0x01;
    layout(vec![Layer::new(
        media_types::OCI_LAYER_GZIP,
        blob,
        &digest(&tar),
    )])
}
fn compression_not_tar() -> Vec<u8> {
    let text = b"#!/bin/sh\n# an install script, gzipped, pushed as a layer\n".repeat(20);
    layout(vec![Layer::new(
        media_types::OCI_LAYER_GZIP,
        gzip(&text),
        &digest(&text),
    )])
}
fn compression_trailing() -> Vec<u8> {
    let tar = base_tar();
    let mut blob = gzip(&tar);
    blob.extend_from_slice(b"\nsignature: not a gzip member\n");
    layout(vec![Layer::new(
        media_types::OCI_LAYER_GZIP,
        blob,
        &digest(&tar),
    )])
}
fn check_compression_trailing(r: &Report) {
    // all the data was decoded: the DiffID is still checked
    assert_diff_id_verified(r, 0, &base_tar());
}
/// ocicrypt (containers/ocicrypt): AES-CTR output looks like noise.
fn compression_encrypted() -> Vec<u8> {
    let l = Layer::new(
        "application/vnd.oci.image.layer.v1.tar+gzip+encrypted",
        noise(2048),
        &digest(&base_tar()),
    )
    .with_annotation(
        "org.opencontainers.image.enc.keys.jwe",
        "eyJwcm90ZWN0ZWQiOiJleUpoYkdjaU9pSlNVMEV0VDBGRlVDSjkifQ",
    )
    .with_annotation(
        "org.opencontainers.image.enc.pubopts",
        "eyJjaXBoZXIiOiJBRVNfMjU2X0NUUl9ITUFDX1NIQTI1NiJ9",
    );
    layout(vec![l])
}
fn check_encrypted(r: &Report) {
    assert_unverifiable(r);
    assert_eq!(layer(r, 0).check.digest_status, Some(Status::Verified));
}

crafted! {
    compression_zstd_as_gzip: E "compression: zstd typed gzip",
        [Code::LayerCompressionMismatch, Code::CompatibilityZstd, OCI],
        check = check_zstd_as_gzip;
    /// containerd/containerd#9981
    compression_gzip_as_tar: E "compression: gzip typed tar (containerd#9981)",
        [Code::LayerCompressionMismatch, OCI];
    compression_unknown: E "compression: not a known format", [Code::LayerCompressionUnknown, OCI];
    compression_corrupt: E "compression: gzip CRC wrong",
        [Code::LayerCompressionCorrupt, Code::DiffidUnverifiable, OCI],
        check = assert_unverifiable;
    compression_not_tar: E "compression: gzip of a script", [Code::LayerCompressionNotTar, OCI];
    compression_trailing: E "compression: bytes after the gzip member",
        [Code::LayerCompressionTrailingData, OCI],
        check = check_compression_trailing;
    compression_encrypted: E "compression: ocicrypt layer",
        [Code::LayerCompressionEncrypted, OCI],
        check = check_encrypted;
}
