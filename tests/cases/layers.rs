//! Good images of several layers (whiteouts, opaque directories, hard links, `./` names, a
//! shared empty blob) and decoder traps (gzip members, zstd frames, a layer starting with `{`,
//! docker-archive layers).

use super::common::*;
use crate::support::compress::*;
use crate::support::docker_archive::*;
use crate::support::layer::*;
use crate::support::media_types;
use crate::support::tar_writer::*;
use ocilens::engine::finding::Code;
use ocilens::engine::report::{Content, Format, Report, Status};
use ocilens::engine::tree::entry::{Change, Kind, LayerEntry};
use ocilens::engine::tree::merge::Changes;

/// Three layers: a base, then whiteouts, an opaque directory, a hard link to
/// a lower file, and a whiteout of a whole directory.
fn good_layers() -> Vec<Vec<u8>> {
    let base = rootfs_tar(&[
        ("etc/hostname", b"base\n"),
        ("etc/motd", b"welcome\n"),
        ("usr/bin/tool", b"#!/bin/sh\n"),
        ("var/cache/a", b"a"),
        ("var/cache/b", b"b"),
    ]);
    let mut t = TarWriter::new();
    t.dir("etc")
        .file("etc/hostname", b"second\n")
        .whiteout("etc/motd")
        .dir("var/cache")
        .opaque("var/cache")
        .file("var/cache/c", b"c")
        .hardlink("usr/bin/tool2", "usr/bin/tool")
        .symlink("usr/bin/sh", "tool");
    let second = t.finish();
    let mut t = TarWriter::new();
    t.dir("etc")
        .file("etc/app.conf", b"k=v\n")
        .dir("usr")
        .whiteout("usr/bin");
    let third = t.finish();
    vec![base, second, third]
}
fn good_multi_layer() -> Vec<u8> {
    let l = good_layers();
    layout(vec![
        Layer::tar_gzip(&l[0]),
        Layer::tar_gzip(&l[1]),
        Layer::tar(&l[2]),
    ])
}
fn check_good_multi_layer(r: &Report) {
    let l = good_layers();
    for (i, tar) in l.iter().enumerate() {
        assert_diff_id_verified(r, i, tar);
    }
    let changes: Vec<Changes> = (0..3).map(|i| layer(r, i).changes.unwrap()).collect();
    let c = |added, modified, removed| Changes {
        added,
        modified,
        removed,
    };
    // base: 5 directories, 5 files
    // second: etc, etc/hostname, var/cache modified; motd + a + b removed;
    //         var/cache/c, tool2, sh added
    // third: etc, usr modified; etc/app.conf added; usr/bin and its 3 entries removed
    assert_eq!(changes, [c(10, 0, 0), c(3, 3, 3), c(1, 2, 4)]);
    let tree = r.tree.as_ref().unwrap();
    let second: Vec<(&str, Kind, Option<Change>)> = tree.layers[1]
        .entries
        .iter()
        .map(|e| (e.path.as_str(), e.kind, e.change))
        .collect();
    assert!(second.contains(&("etc/motd", Kind::Whiteout, Some(Change::Removed))));
    assert!(second.contains(&("var/cache", Kind::Opaque, Some(Change::Removed))));
    assert!(second.contains(&("usr/bin/tool2", Kind::Hardlink, Some(Change::Added))));
    assert!(second.contains(&("etc/hostname", Kind::File, Some(Change::Modified))));
    let merged: Vec<(&str, Kind, Option<u32>)> = tree.merged[0]
        .entries
        .iter()
        .map(|e: &LayerEntry| (e.path.as_str(), e.kind, e.layer))
        .collect();
    assert_eq!(
        merged,
        [
            ("etc", Kind::Dir, Some(2)),
            ("etc/app.conf", Kind::File, Some(2)),
            ("etc/hostname", Kind::File, Some(1)),
            ("usr", Kind::Dir, Some(2)),
            ("var", Kind::Dir, Some(0)),
            ("var/cache", Kind::Dir, Some(1)),
            ("var/cache/c", Kind::File, Some(1)),
        ]
    );
    let hostname = tree.merged[0]
        .entries
        .iter()
        .find(|e| e.path == "etc/hostname")
        .unwrap();
    assert_eq!(hostname.size, 7);
    // valid, but `usr/bin/tool2` hard-links a file of a lower layer, which
    // containerd's overlayfs apply cannot make (seen with ctr 1.6.20)
    assert_eq!(r.summary.warnings, 0);
    let errors: Vec<Code> = r
        .findings
        .iter()
        .filter(|f| f.severity == ocilens::engine::finding::Severity::Error)
        .map(|f| f.code)
        .collect();
    // and the generated config runs `/bin/sh`, which the image lacks
    assert_eq!(
        errors,
        [
            Code::PathSafetyHardlinkLowerLayer,
            Code::RuntimeEntrypointMissing
        ]
    );
}
/// Decoder trap: a gzip of two members (as pigz/estargz write) must be read
/// to the end; stopping after the first member gives a wrong DiffID.
fn gzip_two_members() -> Vec<u8> {
    let tar = base_tar();
    let (a, b) = tar.split_at(tar.len() / 2 + 7);
    layout(vec![Layer::new(
        media_types::OCI_LAYER_GZIP,
        gzip_members(&[a, b]),
        &digest(&tar),
    )])
}
fn check_gzip_two_members(r: &Report) {
    assert_diff_id_verified(r, 0, &base_tar());
    assert_eq!(layer(r, 0).uncompressed_size, Some(base_tar().len() as u64));
}
/// Decoder trap: several zstd frames with skippable frames between and after.
fn zstd_frames_and_skippable() -> Vec<u8> {
    let l = Layer::new(
        media_types::OCI_LAYER_ZSTD,
        chunked_blob(),
        &digest(&chunked_tar()),
    );
    layout(vec![l])
}
fn check_zstd_frames(r: &Report) {
    assert_diff_id_verified(r, 0, &chunked_tar());
    assert_eq!(
        layer(r, 0).uncompressed_size,
        Some(chunked_tar().len() as u64)
    );
}
/// The same checks apply to the layers of a legacy docker-archive.
fn docker_archive_dotdot() -> Vec<u8> {
    let mut t = writer();
    t.file("../../root/.ssh/authorized_keys", b"ssh-ed25519 AAAA\n");
    DockerArchiveBuilder::new()
        .image(DockerImage::new(vec![base_tar(), t.finish()]).with_repo_tag(NAME))
        .build()
}
fn check_docker_archive_dotdot(r: &Report) {
    assert_eq!(r.input.format, Format::DockerArchive);
    let f = r
        .findings
        .iter()
        .find(|f| f.code == Code::PathSafetyDotdot)
        .unwrap();
    assert_eq!(f.r#where.layer, Some(1));
    assert_eq!(f.r#where.path.as_deref(), Some("root/.ssh/authorized_keys"));
}
/// An uncompressed layer whose bytes start with `{` (its first entry's name):
/// the one-pass reader keeps it as a possible document, and must still
/// verify it as a layer.
fn layer_starting_with_brace() -> Vec<u8> {
    let mut t = TarWriter::new();
    t.file("{braces}.json", b"{}").file(".wh.gone", b"");
    layout(vec![Layer::tar(t.finish())])
}
fn check_brace(r: &Report) {
    assert_eq!(layer(r, 0).diff_id.status, Some(Status::Verified));
    assert_eq!(layer(r, 0).files, Some(2));
}
/// The shared empty layer (`sha256:4f4fb700…`) twice in one image, as
/// BuildKit writes for `WORKDIR`/`ENV`-only steps: one blob, two layers.
fn same_blob_twice() -> Vec<u8> {
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::shared_empty(),
        Layer::tar_gzip(writer().finish()),
        Layer::shared_empty(),
    ])
}
fn check_same_blob_twice(r: &Report) {
    for i in 0..4 {
        assert_eq!(layer(r, i).diff_id.status, Some(Status::Verified), "{i}");
    }
    assert_eq!(
        layer(r, 3).diff_id.computed.as_deref(),
        Some(EMPTY_TAR_DIFF_ID)
    );
    assert_eq!(layer(r, 3).changes, Some(Changes::default()));
}
/// `tar -C rootfs -cf layer.tar .`: every name starts with `./`, the root is
/// an entry, hard links name their target with `./` too.
fn dot_slash_layers() -> Vec<Vec<u8>> {
    let mut t = TarWriter::new();
    t.dir("./")
        .dir("./bin")
        .file_with_mode("./bin/busybox", b"\x7fELF", 0o755)
        .hardlink("./bin/sh", "./bin/busybox")
        .dir("./etc")
        .file("./etc/motd", b"hi\n");
    // GNU tar pads the archive to a 10 KiB record with zeros: not trailing data
    let blocks = t.len() / BLOCK;
    let lower = t.finish_with_zero_blocks(2 + (20 - (blocks + 2) % 20) % 20);
    assert_eq!(lower.len() % 10240, 0);
    let mut t = TarWriter::new();
    t.dir("./").dir("./etc").whiteout("./etc/motd");
    t.hardlink("./bin/ash", "./bin/busybox");
    vec![lower, t.finish()]
}
fn dot_slash() -> Vec<u8> {
    let l = dot_slash_layers();
    layout(vec![Layer::tar_gzip(&l[0]), Layer::tar_gzip(&l[1])])
}
fn check_dot_slash(r: &Report) {
    let tree = r.tree.as_ref().unwrap();
    let merged: Vec<&str> = tree.merged[0]
        .entries
        .iter()
        .map(|e| e.path.as_str())
        .collect();
    assert_eq!(merged, ["bin", "bin/ash", "bin/busybox", "bin/sh", "etc"]);
    let sh = tree.merged[0]
        .entries
        .iter()
        .find(|e| e.path == "bin/sh")
        .unwrap();
    assert_eq!(sh.link.as_deref(), Some("bin/busybox"));
    assert_eq!(
        layer(r, 1).changes,
        Some(Changes {
            added: 1,
            modified: 1,
            removed: 1
        })
    );
}
/// A docker-archive whose `layer.tar` is gzip-compressed (`docker load`
/// detects the compression); the config's DiffID is the uncompressed tar's.
fn docker_archive_gzip_layer() -> Vec<u8> {
    let mut i = DockerImage::new(vec![gzip(&base_tar())]).with_repo_tag(NAME);
    i.diff_ids_override = Some(vec![digest(&base_tar())]);
    DockerArchiveBuilder::new().image(i).build()
}
fn check_docker_archive_gzip(r: &Report) {
    assert_eq!(layer(r, 0).compression, Some(Content::Gzip));
    assert_eq!(layer(r, 0).diff_id.status, Some(Status::Verified));
}

crafted! {
    good_multi_layer: B "good: three layers, whiteouts, opaque dir",
        [OCI, Code::PathSafetyHardlinkLowerLayer],
        check = check_good_multi_layer;
    gzip_two_members: E "good: gzip of two members", [OCI], check = check_gzip_two_members;
    zstd_frames_and_skippable: E "good: zstd frames and skippable frames",
        [Code::CompatibilityZstd, OCI],
        check = check_zstd_frames;
    docker_archive_dotdot: A "docker-archive layer with ..",
        [Code::PathSafetyDotdot],
        check = check_docker_archive_dotdot;
    layer_starting_with_brace: E "layer starting with {",
        [Code::WhiteoutTargetMissing, OCI],
        check = check_brace;
    same_blob_twice: B "good: one empty blob, two layers", [OCI], check = check_same_blob_twice;
    dot_slash: A "good: ./-prefixed layers", [OCI, Code::PathSafetyHardlinkLowerLayer], check = check_dot_slash;
    docker_archive_gzip_layer: E "docker-archive with a gzip layer.tar",
        [],
        check = check_docker_archive_gzip;
}
