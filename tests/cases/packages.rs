//! Package databases (issue 12, docs/packages.md): an apk database in its
//! documented format (<https://wiki.alpinelinux.org/wiki/Apk_spec>) over two
//! layers, a dpkg database replaced by a symlink and one over its size cap, an
//! rpm database that is not SQLite and one whose b-tree loops. The real
//! dpkg and rpm databases are in `tests/packages.rs`.

use super::common::*;
use crate::support::layer::*;
use ocilens::engine::finding::Code;
use ocilens::engine::report::{Package, Report};

const APK_V1: &str = "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\nS:383152\nF:lib\nR:ld-musl-x86_64.so.1\nR:libc.musl-x86_64.so.1\n\nP:busybox\nV:1.36.1-r5\nA:x86_64\nF:bin\nR:busybox\nF:etc\nR:securetty\nR:gone.conf\n\nP:alpine-baselayout-data\nV:3.4.3-r1\nA:x86_64\n\nP:zlib\nV:1.3-r0\nA:x86_64\nF:lib\nR:libz.so.1\n";

/// Layer 0: musl, busybox, zlib and a package without files; layer 1: zlib
/// removed (db rewritten, its file whited out) and busybox upgraded.
fn packages_apk() -> Vec<u8> {
    let mut l0 = writer();
    l0.dir("lib")
        .dir("lib/apk")
        .dir("lib/apk/db")
        .file("lib/apk/db/installed", APK_V1.as_bytes())
        .file("lib/ld-musl-x86_64.so.1", &[1; 600])
        .symlink("lib/libc.musl-x86_64.so.1", "ld-musl-x86_64.so.1")
        .dir("bin")
        .file("bin/busybox", &[2; 800])
        .file("etc/securetty", &[3; 30])
        .file("lib/libz.so.1", &[4; 100]);
    let v2 = APK_V1
        .replace("V:1.36.1-r5", "V:1.36.1-r6")
        .split("\n\nP:zlib")
        .next()
        .unwrap()
        .to_string()
        + "\n";
    let mut l1 = writer();
    l1.file("lib/apk/db/installed", v2.as_bytes())
        .file("bin/busybox", &[5; 900])
        .whiteout("lib/libz.so.1");
    layout(vec![
        Layer::tar_gzip(l0.finish()),
        Layer::tar_gzip(l1.finish()),
    ])
}

fn row(p: &Package) -> (String, String, String, u32, Option<u32>, Option<u64>) {
    (
        p.name.clone(),
        p.version.clone(),
        p.arch.clone(),
        p.layer,
        p.removed_in,
        p.size,
    )
}

fn check_apk(r: &Report) {
    let got: Vec<_> = r.images[0].packages.iter().map(row).collect();
    let s = |x: &str| x.to_string();
    assert_eq!(
        got,
        vec![
            (
                s("alpine-baselayout-data"),
                s("3.4.3-r1"),
                s("x86_64"),
                0,
                None,
                None
            ),
            // busybox 1.36.1-r6 from layer 1's database; bin/busybox is layer 1's 900 bytes,
            // etc/securetty 30, gone.conf is in no layer
            (
                s("busybox"),
                s("1.36.1-r6"),
                s("x86_64"),
                0,
                None,
                Some(930)
            ),
            // the symlink is not a regular file
            (s("musl"), s("1.2.4-r2"), s("x86_64"), 0, None, Some(600)),
            (s("zlib"), s("1.3-r0"), s("x86_64"), 0, Some(1), Some(0)),
        ]
    );
    assert!(r.images[0]
        .packages
        .iter()
        .all(|p| p.manager.as_str() == "apk"));
}

const STATUS: &str = "Package: base-files\nStatus: install ok installed\nVersion: 12.4\nArchitecture: amd64\nDescription: x\n multi-line\n\nPackage: gone\nStatus: deinstall ok config-files\nVersion: 1\nArchitecture: amd64\n";

/// A dpkg database in layer 0; layer 1 replaces `var/lib/dpkg` by a symlink:
/// no database is left, so base-files is removed in layer 1.
fn packages_dpkg_replaced() -> Vec<u8> {
    let mut l0 = writer();
    l0.dir("var")
        .dir("var/lib")
        .dir("var/lib/dpkg")
        .file("var/lib/dpkg/status", STATUS.as_bytes())
        .dir("var/lib/dpkg/info")
        .file(
            "var/lib/dpkg/info/base-files.list",
            b"/.\n/etc\n/etc/hostname\n",
        );
    let mut l1 = writer();
    l1.symlink("var/lib/dpkg", "/nowhere");
    layout(vec![
        Layer::tar_gzip(l0.finish()),
        Layer::tar_gzip(l1.finish()),
    ])
}

fn check_dpkg_replaced(r: &Report) {
    let got: Vec<_> = r.images[0].packages.iter().map(row).collect();
    // etc/hostname is the 8 bytes every crafted layer writes (layer 1's copy)
    let want = (
        "base-files".into(),
        "12.4".into(),
        "amd64".into(),
        0,
        Some(1),
        Some(8),
    );
    assert_eq!(got, vec![want]);
}

/// A status file one byte over the 16 MiB cap; the packages of the lower
/// copy (layer 0) stay in force.
fn packages_too_large() -> Vec<u8> {
    let mut l0 = writer();
    l0.file("var/lib/dpkg/status", STATUS.as_bytes());
    let mut big = STATUS.as_bytes().to_vec();
    big.resize((16 << 20) + 1, b'\n');
    let mut l1 = writer();
    l1.file("var/lib/dpkg/status", &big);
    layout(vec![
        Layer::tar_gzip(l0.finish()),
        Layer::tar_gzip(l1.finish()),
    ])
}

fn check_too_large(r: &Report) {
    let f = r
        .findings
        .iter()
        .find(|f| f.code == Code::PackagesDatabaseTooLarge)
        .unwrap();
    assert_eq!(f.r#where.layer, Some(1));
    assert_eq!(f.r#where.path.as_deref(), Some("var/lib/dpkg/status"));
    let names: Vec<_> = r.images[0].packages.iter().map(row).collect();
    assert_eq!(
        names,
        vec![(
            "base-files".into(),
            "12.4".into(),
            "amd64".into(),
            0,
            None,
            None
        )]
    );
}

/// `rpmdb.sqlite` that is not SQLite, and a Fedora-located one whose only
/// table page is its own child (a cycle).
fn packages_rpm_unreadable() -> Vec<u8> {
    let mut cyclic = vec![0u8; 1024];
    cyclic[..16].copy_from_slice(b"SQLite format 3\0");
    cyclic[16..18].copy_from_slice(&512u16.to_be_bytes());
    cyclic[56..60].copy_from_slice(&1u32.to_be_bytes());
    // page 1: an interior table page whose right-most child is page 1
    cyclic[100] = 5;
    cyclic[108..112].copy_from_slice(&1u32.to_be_bytes());
    let mut l0 = writer();
    l0.file("var/lib/rpm/rpmdb.sqlite", b"Berkeley DB? no: garbage")
        .file("usr/lib/sysimage/rpm/rpmdb.sqlite", &cyclic);
    layout(vec![Layer::tar_gzip(l0.finish())])
}

fn check_rpm_unreadable(r: &Report) {
    let mut got: Vec<(&str, &str)> = r
        .findings
        .iter()
        .filter(|f| f.code == Code::PackagesDatabaseUnreadable)
        .map(|f| (f.r#where.path.as_deref().unwrap(), f.message.as_str()))
        .collect();
    got.sort();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].1.contains("cycle"), "{got:?}");
    assert!(got[1].1.contains("not an SQLite 3 database"), "{got:?}");
    assert!(r.images[0].packages.is_empty());
}

crafted! {
    packages_apk: B "packages: an apk database over two layers", [OCI], check = check_apk;
    packages_dpkg_replaced: B "packages: the dpkg database replaced by a symlink", [OCI],
        check = check_dpkg_replaced;
    packages_too_large: B "packages: a status file over the cap",
        [Code::PackagesDatabaseTooLarge, OCI], check = check_too_large;
    packages_rpm_unreadable: B "packages: rpm databases that are garbage or loop",
        [Code::PackagesDatabaseUnreadable, OCI], check = check_rpm_unreadable;
}
