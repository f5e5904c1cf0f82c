//! Breakouts (category G): the families of containerd's `TestBreakouts`
//! (archive/tar_test.go) and moby's "victim" patterns: writes through
//! symlinks that leave the root, hard links through or to such symlinks, a
//! directory over a symlink, link chains and loops, and whiteouts of the
//! root, of a parent, and through a symlink.

use super::common::*;
use crate::support::layer::*;
use crate::support::tar_writer::*;
use ocilens::engine::finding::Code;

/// containerd "SymlinkUpAndOut": a symlink above the root, then a file through it.
fn bo_symlink_up_and_out() -> Vec<u8> {
    let mut t = writer();
    t.symlink("etc/localetc", "../../etc")
        .file("etc/localetc/emptied", b"");
    one_gzip(t.finish())
}
/// "SymlinkMultipleUpAndOut".
fn bo_symlink_multiple_up() -> Vec<u8> {
    let mut t = writer();
    t.dir("a").dir("a/b");
    t.symlink("a/b/c", "../../../../../../../../etc")
        .file("a/b/c/passwd", b"root::0:0::/:/bin/sh\n");
    one_gzip(t.finish())
}
/// "SymlinkAbsolute": an absolute target resolves inside the root.
fn bo_symlink_absolute() -> Vec<u8> {
    let mut t = writer();
    t.symlink("localetc", "/etc")
        .file("localetc/passwd", b"x\n");
    one_gzip(t.finish())
}
/// Two links, the second leaving the root.
fn bo_symlink_chain_escape() -> Vec<u8> {
    let mut t = writer();
    t.symlink("etc/l1", "l2").symlink("etc/l2", "../../..");
    t.file("etc/l1/host-file", b"x\n");
    one_gzip(t.finish())
}
fn bo_symlink_loop() -> Vec<u8> {
    let mut t = writer();
    t.symlink("etc/a", "b")
        .symlink("etc/b", "a")
        .file("etc/a/x", b"x\n");
    one_gzip(t.finish())
}
/// 41 hops, one over the resolver's 40.
fn bo_symlink_41_hops() -> Vec<u8> {
    let mut t = writer();
    for i in 0..41 {
        t.symlink(&format!("etc/s{i}"), &format!("s{}", i + 1));
    }
    t.file("etc/s41", b"end\n");
    one_gzip(t.finish())
}
/// "HardlinkSymlinkUpAndOut": a hard link through an escaping symlink.
fn bo_hardlink_through_symlink() -> Vec<u8> {
    let mut t = writer();
    t.symlink("etc/localetc", "../../etc")
        .hardlink("etc/passwd", "etc/localetc/passwd");
    one_gzip(t.finish())
}
/// A hard link to a symlink that leaves the root.
fn bo_hardlink_to_escaping_symlink() -> Vec<u8> {
    let mut t = writer();
    t.symlink("etc/s", "../../../etc/shadow")
        .hardlink("etc/h", "etc/s");
    one_gzip(t.finish())
}
fn bo_hardlink_to_self() -> Vec<u8> {
    let mut t = writer();
    t.hardlink("etc/self", "etc/self");
    one_gzip(t.finish())
}
fn bo_hardlink_absolute() -> Vec<u8> {
    let mut t = writer();
    t.hardlink("etc/abs", "/etc/hostname");
    one_gzip(t.finish())
}
/// "DirectoryOverSymlink": a symlink above the root, a directory of its name, a file in it.
fn bo_dir_over_symlink() -> Vec<u8> {
    let mut t = writer();
    t.symlink("opt", "../../etc")
        .dir("opt")
        .file("opt/x", b"x\n");
    one_gzip(t.finish())
}
/// moby's victim: a lower layer's symlink to `/`, a file through it above.
fn bo_victim_two_layers() -> Vec<u8> {
    let mut lower = TarWriter::new();
    lower.symlink("victim", "../../../..");
    let mut upper = TarWriter::new();
    upper.file("victim/etc/cron.d/x", b"* * * * * root sh\n");
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::tar_gzip(lower.finish()),
        Layer::tar_gzip(upper.finish()),
    ])
}
/// "WhiteoutRoot": `.wh..` deletes `.`.
fn bo_whiteout_root() -> Vec<u8> {
    let mut t = TarWriter::new();
    t.file(".wh..", b"");
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::tar_gzip(t.finish()),
    ])
}
/// "WhiteoutParentRemoval": `.wh...` deletes `..`.
fn bo_whiteout_parent() -> Vec<u8> {
    let mut t = TarWriter::new();
    t.dir("etc").file("etc/.wh...", b"");
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::tar_gzip(t.finish()),
    ])
}
/// "WhiteoutSymlink": a whiteout through a symlink above the root.
fn bo_whiteout_through_symlink() -> Vec<u8> {
    let mut lower = writer();
    lower.symlink("etc/localetc", "../../etc");
    let mut t = TarWriter::new();
    t.file("etc/localetc/.wh.passwd", b"");
    layout(vec![
        Layer::tar_gzip(lower.finish()),
        Layer::tar_gzip(t.finish()),
    ])
}
/// An opaque marker at the root: hides every lower file.
fn bo_opaque_root() -> Vec<u8> {
    let mut t = TarWriter::new();
    t.file(".wh..wh..opq", b"").file("etc/hostname", b"new\n");
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::tar_gzip(t.finish()),
    ])
}
/// A lower directory whited out and replaced by a symlink above the root.
fn bo_whiteout_then_symlink() -> Vec<u8> {
    let mut t = TarWriter::new();
    t.file(".wh.etc", b"").symlink("etc", "../../../etc");
    t.file("etc/shadow", b"x\n");
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::tar_gzip(t.finish()),
    ])
}

crafted! {
    bo_symlink_up_and_out: G "breakout: symlink up and out, file through it",
        [Code::PathSafetySymlinkEscape, OCI];
    bo_symlink_multiple_up: G "breakout: symlink several levels up", [Code::PathSafetySymlinkEscape, OCI];
    bo_symlink_absolute: G "breakout: absolute symlink stays in the root", [OCI];
    bo_symlink_chain_escape: G "breakout: chain of two symlinks out", [Code::PathSafetySymlinkEscape, OCI];
    bo_symlink_loop: G "breakout: symlink loop", [Code::PathSafetySymlinkLoop, OCI];
    bo_symlink_41_hops: G "breakout: chain of 41 symlinks", [OCI];
    bo_hardlink_through_symlink: G "breakout: hard link through an escaping symlink",
        [Code::PathSafetySymlinkEscape, Code::PathSafetyHardlinkDangling, OCI];
    bo_hardlink_to_escaping_symlink: G "breakout: hard link to an escaping symlink",
        [Code::PathSafetySymlinkEscape, OCI];
    bo_hardlink_to_self: G "breakout: hard link to itself", [Code::PathSafetyHardlinkDangling, OCI];
    bo_hardlink_absolute: G "breakout: absolute hard link", [OCI];
    bo_dir_over_symlink: G "breakout: directory over an escaping symlink",
        [Code::PathSafetySymlinkEscape, Code::TarTypeChange, OCI];
    bo_victim_two_layers: G "breakout: moby victim, symlink below, file above",
        [Code::PathSafetySymlinkEscape, OCI];
    bo_whiteout_root: G "breakout: whiteout of the root (.wh..)", [Code::WhiteoutInvalidName, OCI];
    bo_whiteout_parent: G "breakout: whiteout of the parent (.wh...)", [Code::WhiteoutInvalidName, OCI];
    bo_whiteout_through_symlink: G "breakout: whiteout through an escaping symlink",
        [Code::PathSafetySymlinkEscape, Code::WhiteoutTargetMissing, OCI];
    bo_opaque_root: G "breakout: opaque marker at the root", [OCI];
    bo_whiteout_then_symlink: G "breakout: directory whited out, replaced by an escaping symlink",
        [Code::PathSafetySymlinkEscape, Code::PathSafetySymlinkLoop, OCI];
}
