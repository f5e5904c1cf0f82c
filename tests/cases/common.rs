//! Builders and checks shared by the crafted cases of several themes.

use crate::support::compress::*;
use crate::support::docker_archive::*;
use crate::support::layer::*;
use crate::support::oci_image::*;
use crate::support::oci_layout::*;
use crate::support::tar_writer::*;
use ocilens::engine::finding::Code;
use ocilens::engine::report::{LayerInfo, Report, Status};
use serde_json::Value;

/// The info every OCI-manifest image gets.
pub const OCI: Code = Code::CompatibilityOciManifest;
/// The name of the images of most cases (so no `reference.*` finding).
pub const NAME: &str = "example.com/app:1.0";

/// The image of most cases: one gzip layer of [`base_tar`], named [`NAME`].
pub fn img() -> OciImage {
    OciImage::new(vec![Layer::tar_gzip(base_tar())]).with_ref_name("example.com/app:1.0")
}
/// An OCI layout holding `i` as it is (no name added).
pub fn layout_as_is(i: OciImage) -> Vec<u8> {
    OciLayoutBuilder::new().image(i).build()
}
/// [`img`] with its manifest changed by `f`.
pub fn with_manifest(f: impl Fn(&mut Value)) -> OciImage {
    let mut i = img();
    let mut m = i.manifest_value();
    f(&mut m);
    i.manifest.value = Some(m);
    i
}
/// [`img`] with its config changed by `f`.
pub fn with_config(f: impl Fn(&mut Value)) -> OciImage {
    let mut i = img();
    let mut c = i.config_value();
    f(&mut c);
    i.config.value = Some(c);
    i
}
/// The declared digest of the first layer of `i`.
pub fn layer_digest(i: &OciImage) -> String {
    i.layers[0].digest()
}
/// A docker-archive of one image of [`base_tar`] tagged `tags`.
pub fn docker_archive(tags: &[&str]) -> DockerArchiveBuilder {
    let mut i = DockerImage::new(vec![base_tar()]);
    for t in tags {
        i = i.with_repo_tag(t);
    }
    DockerArchiveBuilder::new().image(i)
}
/// A good OCI layout of [`img`].
pub fn good_oci() -> Vec<u8> {
    layout_as_is(img().with_ref_name("example.com/app:1.0"))
}
/// An OCI layout of [`img`] whose `index.json` is exactly `b`.
pub fn index_bytes(b: &[u8]) -> Vec<u8> {
    let mut l = OciLayoutBuilder::new().image(img());
    l.index_bytes = Some(b.to_vec());
    l.build()
}
/// An OCI layout with one named image made of `layers`.
pub fn layout(layers: Vec<Layer>) -> Vec<u8> {
    layout_of(OciImage::new(layers))
}
/// An OCI layout holding `image` named [`NAME`].
pub fn layout_of(image: OciImage) -> Vec<u8> {
    OciLayoutBuilder::new()
        .image(image.with_ref_name(NAME))
        .build()
}
/// One gzip layer holding `tar` (DiffID = sha256 of `tar`).
pub fn one_gzip(tar: Vec<u8>) -> Vec<u8> {
    layout(vec![Layer::tar_gzip(tar)])
}
/// Two files: `etc/hostname` and `usr/bin/tool`.
pub fn base_tar() -> Vec<u8> {
    rootfs_tar(&[
        ("etc/hostname", b"ocilens\n"),
        ("usr/bin/tool", b"#!/bin/sh\necho hi\n"),
    ])
}
/// A tar writer with `etc/` and `etc/hostname` already written.
pub fn writer() -> TarWriter {
    let mut t = TarWriter::new();
    t.dir("etc").file("etc/hostname", b"ocilens\n");
    t
}
/// Deterministic incompressible bytes (an sha256 chain).
pub fn noise(n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(n + 32);
    let mut block = b"ocilens noise".to_vec();
    while out.len() < n {
        block = hex::decode(sha256_hex(&block)).unwrap();
        out.extend_from_slice(&block);
    }
    out.truncate(n);
    out
}
/// Layer `i` of the first image.
pub fn layer(r: &Report, i: usize) -> &LayerInfo {
    &r.images[0].layers[i]
}
/// The DiffID was computed, equals the sha256 of `tar`, and matches the config.
pub fn assert_diff_id_verified(r: &Report, i: usize, tar: &[u8]) {
    let l = layer(r, i);
    assert_eq!(l.diff_id.computed.as_deref(), Some(digest(tar).as_str()));
    assert_eq!(l.diff_id.status, Some(Status::Verified), "layer {i}");
    assert_eq!(l.check.digest_status, Some(Status::Verified), "layer {i}");
}
/// The first layer's DiffID could not be computed.
pub fn assert_unverifiable(r: &Report) {
    let l = layer(r, 0);
    assert_eq!(l.diff_id.computed, None);
    assert_eq!(l.diff_id.status, Some(Status::Unverifiable));
}
/// The paths (as shown) of the findings with `code`.
pub fn paths_of(r: &Report, code: Code) -> Vec<String> {
    r.findings
        .iter()
        .filter(|f| f.code == code)
        .map(|f| f.r#where.path.clone().unwrap_or_default())
        .collect()
}
/// A hard link to a file that comes later in the layer.
pub fn path_hardlink_forward() -> Vec<u8> {
    let mut t = writer();
    t.dir("bin")
        .hardlink("bin/sh", "bin/busybox")
        .file("bin/busybox", b"\x7fELF");
    one_gzip(t.finish())
}
/// The tar of the zstd:chunked cases, and its frames: one per file as
/// c/storage writes them, then the table of contents in a skippable frame.
pub fn chunked_tar() -> Vec<u8> {
    let mut t = writer();
    t.dir("usr/lib").file("usr/lib/libfoo.so", &noise(70_000));
    t.file("usr/lib/libbar.so", &b"bar".repeat(30_000));
    t.finish()
}
/// The zstd:chunked blob of [`chunked_tar`].
pub fn chunked_blob() -> Vec<u8> {
    let tar = chunked_tar();
    let cuts = [0, 1536, 73_216, tar.len()];
    let chunks: Vec<&[u8]> = cuts.windows(2).map(|w| &tar[w[0]..w[1]]).collect();
    let mut blob = zstd_frames(&chunks[..1]);
    blob.extend(zstd_skippable(0, b"between frames"));
    blob.extend(zstd_frames(&chunks[1..]));
    blob.extend(zstd_skippable(
        0,
        br#"{"version":1,"entries":[{"type":"reg","name":"usr/lib/libfoo.so"}]}"#,
    ));
    blob
}
