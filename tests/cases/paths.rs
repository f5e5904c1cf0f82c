//! Path safety: `..`, absolute and empty names, the root, symlink and hard-link targets,
//! confusable names.

use super::common::*;
use crate::support::layer::*;
use crate::support::tar_writer::*;
use ocilens::engine::finding::Code;
use ocilens::engine::report::Report;

/// CVE-2014-9356 / CVE-2014-6407: `..` in an entry name.
fn path_dotdot() -> Vec<u8> {
    let mut t = writer();
    t.file("../../etc/cron.d/evil", b"* * * * * root sh\n");
    one_gzip(t.finish())
}
fn path_absolute() -> Vec<u8> {
    let mut t = writer();
    t.file("/etc/profile.d/x.sh", b"export X=1\n");
    one_gzip(t.finish())
}
fn path_empty() -> Vec<u8> {
    let mut t = writer();
    t.file("", b"nameless\n");
    one_gzip(t.finish())
}
/// umoci CVE-2021-29136: the root itself as a symlink.
fn path_root_not_dir() -> Vec<u8> {
    let mut t = TarWriter::new();
    t.symlink(".", "/host").file("etc/hostname", b"x\n");
    one_gzip(t.finish())
}
fn path_symlink_escape() -> Vec<u8> {
    let mut t = writer();
    t.symlink("etc/evil", "../../../../etc/shadow")
        // stays inside: fine
        .symlink("etc/ok", "../usr/bin/tool")
        // absolute targets resolve against the image root: fine
        .symlink("etc/abs", "/etc/hostname");
    one_gzip(t.finish())
}
fn check_symlink_escape(r: &Report) {
    assert_eq!(paths_of(r, Code::PathSafetySymlinkEscape), ["etc/evil"]);
}
fn path_hardlink_dangling() -> Vec<u8> {
    let mut t = writer();
    t.dir("bin").hardlink("bin/sh", "bin/busybox");
    one_gzip(t.finish())
}
fn path_hardlink_to_dir() -> Vec<u8> {
    let mut t = writer();
    t.hardlink("etc2", "etc");
    one_gzip(t.finish())
}
/// A hard link to a directory of a lower layer.
fn path_hardlink_to_lower_dir() -> Vec<u8> {
    let mut t = TarWriter::new();
    t.hardlink("usr/bin2", "usr/bin");
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::tar_gzip(t.finish()),
    ])
}
fn path_hardlink_escape() -> Vec<u8> {
    let mut t = writer();
    t.hardlink("etc/shadow", "../../../etc/shadow");
    one_gzip(t.finish())
}
/// Trojan Source (CVE-2021-42574): a right-to-left override hides `.sh`.
fn path_confusable() -> Vec<u8> {
    let mut t = writer();
    t.file_with_mode("usr/local/bin/report\u{202E}fdp.sh", b"#!/bin/sh\n", 0o755)
        .file("etc/zero\u{200B}width", b"")
        .file("etc/caf\u{e9}", b"plain accented names are fine\n");
    one_gzip(t.finish())
}
fn check_confusable(r: &Report) {
    assert_eq!(paths_of(r, Code::PathSafetyConfusableName).len(), 2);
}

crafted! {
    /// CVE-2014-9356, CVE-2014-6407
    path_dotdot: G "path: .. component", [Code::PathSafetyDotdot, OCI];
    path_absolute: G "path: absolute", [Code::PathSafetyAbsolute, OCI];
    path_empty: G "path: empty name", [Code::PathSafetyEmptyName, OCI];
    /// umoci CVE-2021-29136
    path_root_not_dir: G "path: root is a symlink (CVE-2021-29136)",
        [Code::PathSafetyRootNotDir, OCI];
    path_symlink_escape: G "path: symlink above the root",
        [Code::PathSafetySymlinkEscape, OCI],
        check = check_symlink_escape;
    path_hardlink_dangling: G "path: dangling hard link", [Code::PathSafetyHardlinkDangling, OCI];
    path_hardlink_forward: G "path: forward hard link", [Code::PathSafetyHardlinkForward, OCI];
    path_hardlink_to_dir: G "path: hard link to a directory", [Code::PathSafetyHardlinkToDir, OCI];
    path_hardlink_to_lower_dir: G "path: hard link to a lower layer's directory",
        [Code::PathSafetyHardlinkToDir, OCI];
    path_hardlink_escape: G "path: hard link above the root", [Code::PathSafetyHardlinkEscape, OCI];
    /// CVE-2021-42574 (Trojan Source)
    path_confusable: J "path: bidi override in a name (CVE-2021-42574)",
        [Code::PathSafetyConfusableName, OCI],
        check = check_confusable;
}
