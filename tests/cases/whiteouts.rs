//! Whiteouts: invalid names, same-layer and missing targets, opaque markers, AUFS and overlayfs
//! forms.

use super::common::*;
use crate::support::layer::*;
use crate::support::tar_writer::*;
use ocilens::engine::finding::Code;
use ocilens::engine::report::Report;

/// `.wh.` with no name, and `.wh..` (image-spec: "invalid").
fn whiteout_invalid() -> Vec<u8> {
    let mut t = writer();
    t.file("etc/.wh.", b"").file("etc/.wh..", b"");
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::tar_gzip(t.finish()),
    ])
}
fn check_whiteout_invalid(r: &Report) {
    assert_eq!(
        paths_of(r, Code::WhiteoutInvalidName),
        ["etc/.wh.", "etc/.wh.."]
    );
    // nothing was removed
    assert_eq!(layer(r, 1).changes.unwrap().removed, 0);
}
/// The whiteout removes a file the same layer adds.
fn whiteout_same_layer() -> Vec<u8> {
    let mut t = writer();
    t.file("tmp/build.log", b"log\n").whiteout("tmp/build.log");
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::tar_gzip(t.finish()),
    ])
}
fn whiteout_target_missing() -> Vec<u8> {
    let mut t = TarWriter::new();
    t.whiteout("etc/nothing-here");
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::tar_gzip(t.finish()),
    ])
}
/// The opaque marker as a directory.
fn whiteout_opaque_not_file() -> Vec<u8> {
    let mut t = TarWriter::new();
    t.dir("etc").dir("etc/.wh..wh..opq");
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::tar_gzip(t.finish()),
    ])
}
/// AUFS bookkeeping left in a layer by Docker's aufs driver.
fn whiteout_aufs() -> Vec<u8> {
    let mut t = writer();
    t.file(".wh..wh.aufs", b"")
        .dir(".wh..wh.orph")
        .dir(".wh..wh.plnk")
        .file(".wh..wh.plnk/262.1234", b"pseudo-link target\n");
    one_gzip(t.finish())
}
fn check_whiteout_aufs(r: &Report) {
    assert!(r.findings.iter().all(|f| f.code != Code::WhiteoutInDirName));
    // AUFS bookkeeping is not part of the file system
    let t = r.tree.as_ref().unwrap();
    let paths: Vec<&str> = t.merged[0]
        .entries
        .iter()
        .map(|e| e.path.as_str())
        .collect();
    assert_eq!(paths, ["etc", "etc/hostname"]);
}
/// overlayfs whiteouts stored as they are on disk: a 0/0 character device and
/// the `trusted.overlay.opaque` attribute.
fn whiteout_overlay() -> Vec<u8> {
    let mut t = TarWriter::new();
    t.char_device("etc/hostname", 0, 0);
    t.pax(&[("SCHILY.xattr.trusted.overlay.opaque", b"y")]);
    t.dir("usr");
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::tar_gzip(t.finish()),
    ])
}
fn check_whiteout_overlay(r: &Report) {
    assert_eq!(
        paths_of(r, Code::WhiteoutOverlayFormat),
        ["etc/hostname", "usr"]
    );
}
/// A directory named like a whiteout, holding a file.
fn whiteout_in_dir_name() -> Vec<u8> {
    let mut t = writer();
    t.dir("opt")
        .file("opt/.wh.cache/data", b"kept by containerd\n");
    one_gzip(t.finish())
}

crafted! {
    whiteout_invalid: G "whiteout: no name",
        [Code::WhiteoutInvalidName, OCI],
        check = check_whiteout_invalid;
    whiteout_same_layer: G "whiteout: of a path added in the same layer",
        [Code::WhiteoutSameLayer, OCI];
    whiteout_target_missing: G "whiteout: of nothing", [Code::WhiteoutTargetMissing, OCI];
    whiteout_opaque_not_file: G "whiteout: opaque marker is a directory",
        [Code::WhiteoutOpaqueNotFile, OCI];
    whiteout_aufs: G "whiteout: AUFS bookkeeping",
        [Code::WhiteoutAufsInternal, OCI],
        check = check_whiteout_aufs;
    whiteout_overlay: G "whiteout: overlayfs format",
        [Code::WhiteoutOverlayFormat, OCI],
        check = check_whiteout_overlay;
    whiteout_in_dir_name: G "whiteout: directory named .wh.", [Code::WhiteoutInDirName, OCI];
}
