//! The tap over crafted bodies, the dpkg and apk parsers, the rpm header
//! parser on hostile blobs, and the image-level layering rules.

use super::image::{image_packages, LayerView};
use super::*;
use crate::engine::finding::Location;
use crate::engine::tree::entry::{Kind, LayerEntry};

fn feed(tap: &mut PackageTap, path: &str, body: &[u8], complete: bool) -> bool {
    let wants = tap.start(FileStart {
        path,
        size: body.len() as u64,
        mode: 0o644,
    });
    if wants {
        for c in body.chunks(8192) {
            tap.chunk(c);
        }
        tap.end(complete);
    }
    wants
}

#[test]
fn the_tap_wants_only_database_files() {
    let mut t = PackageTap::default();
    for p in [
        "var/lib/dpkg/status",
        "var/lib/dpkg/status.d/base",
        "var/lib/dpkg/info/libc6:amd64.list",
        "lib/apk/db/installed",
        "var/lib/rpm/rpmdb.sqlite",
        "usr/lib/sysimage/rpm/rpmdb.sqlite",
    ] {
        assert!(feed(&mut t, p, b"", true), "{p}");
    }
    for p in [
        "var/lib/dpkg/status-old",
        "var/lib/dpkg/status.d/base.md5sums",
        "var/lib/dpkg/info/libc6.md5sums",
        "var/lib/dpkg/info/x/y.list",
        "etc/status",
        "var/lib/rpm/Packages",
    ] {
        assert!(!feed(&mut t, p, b"", true), "{p}");
    }
}

#[test]
fn status_stanzas_and_their_states() {
    let s = b"Package: a\nStatus: install ok installed\nVersion: 1:2.0-1\nArchitecture: amd64\nDescription: d\n long\n .\n\nPackage: b\nStatus: deinstall ok config-files\nVersion: 1\n\n\npackage: c\nstatus: install ok half-configured\nversion: 3\narchitecture: all\n\nPackage: d\nStatus: purge ok not-installed\n\nPackage: e\nVersion: 5\n";
    let got = dpkg::parse_status(s).unwrap();
    let names: Vec<(&str, &str, &str)> = got
        .iter()
        .map(|p| (p.name.as_str(), p.version.as_str(), p.arch.as_str()))
        .collect();
    // b (config files only) and d are not installed; e (no Status: distroless) is
    assert_eq!(
        names,
        vec![("a", "1:2.0-1", "amd64"), ("c", "3", "all"), ("e", "5", "")]
    );
}

#[test]
fn hostile_status_files() {
    // a huge field is cut, not kept whole
    let mut s = b"Package: ".to_vec();
    s.extend(vec![b'x'; 1 << 20]);
    s.extend(b"\nVersion: 1\n");
    let got = dpkg::parse_status(&s).unwrap();
    assert_eq!(got[0].name.len(), 4096);
    // binary garbage is not a status file
    assert!(dpkg::parse_status(&[0u8, 1, 2, 0xff, 0]).is_err());
    // a status file cut short in the layer, and one over the cap
    let mut t = PackageTap::default();
    feed(&mut t, "var/lib/dpkg/status", b"Package: a\n", false);
    let too_big = t.start(FileStart {
        path: "lib/apk/db/installed",
        size: MAX_TEXT_DB + 1,
        mode: 0o644,
    });
    assert!(!too_big);
    let out = t.finish();
    assert!(out.databases.is_empty());
    let p: Vec<(&str, bool)> = out
        .problems
        .iter()
        .map(|p| (p.path.as_str(), p.too_large))
        .collect();
    assert_eq!(
        p,
        // sorted by path
        vec![
            ("lib/apk/db/installed", true),
            ("var/lib/dpkg/status", false)
        ]
    );
}

#[test]
fn a_body_longer_than_its_header_said_is_capped() {
    let mut t = PackageTap::default();
    assert!(t.start(FileStart {
        path: "var/lib/dpkg/status",
        size: 10,
        mode: 0o644,
    }));
    let chunk = vec![b'\n'; 8192];
    for _ in 0..(MAX_TEXT_DB / 8192 + 2) {
        t.chunk(&chunk);
    }
    t.end(true);
    assert!(t.finish().problems[0].too_large);
}

#[test]
fn the_last_copy_of_a_path_in_a_layer_wins() {
    let mut t = PackageTap::default();
    feed(
        &mut t,
        "var/lib/dpkg/status",
        b"Package: a\nVersion: 1\n",
        true,
    );
    feed(
        &mut t,
        "var/lib/dpkg/status",
        b"Package: b\nVersion: 2\n",
        true,
    );
    let out = t.finish();
    assert_eq!(out.databases.len(), 1);
    assert_eq!(out.databases[0].packages[0].name, "b");
}

#[test]
fn many_copies_and_many_lists_stay_linear() {
    let mut t = PackageTap::default();
    for i in 0..40_000 {
        feed(&mut t, "var/lib/dpkg/info/same.list", b"/a\n", true);
        let other = format!("var/lib/dpkg/info/p{i}.list");
        feed(&mut t, &other, b"/b\n", true);
    }
    let out = t.finish();
    assert_eq!(out.lists.len(), 40_001);
    assert!(out.problems.is_empty());
}

#[test]
fn list_files() {
    assert_eq!(
        dpkg::parse_list(b"/.\n/usr\n/usr/bin/x\n\n"),
        vec!["usr".to_string(), "usr/bin/x".to_string()]
    );
    assert_eq!(dpkg::list_owner("libc6:amd64.list"), Some("libc6:amd64"));
    assert_eq!(dpkg::list_owner(".list"), None);
}

#[test]
fn apk_stanzas() {
    let s = b"P:a\nV:1\nA:x86_64\nF:usr/bin\nR:a\nR:b\nF:etc\nR:a.conf\n\nP:b\nV:2\nA:noarch\n";
    let got = apk::parse(s).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[0].files.as_deref(),
        Some(
            &[
                "usr/bin/a".to_string(),
                "usr/bin/b".into(),
                "etc/a.conf".into()
            ][..]
        )
    );
    assert_eq!(got[1].files, None);
    assert!(apk::parse(b"\0\0garbage").is_err());
}

#[test]
fn rpm_headers_that_lie_are_errors() {
    assert!(rpm::header(&[]).is_err());
    // 1 entry claiming a string at an offset beyond the store
    let mut h = Vec::new();
    h.extend(1u32.to_be_bytes());
    h.extend(4u32.to_be_bytes());
    h.extend(1000u32.to_be_bytes()); // NAME
    h.extend(6u32.to_be_bytes()); // STRING
    h.extend(99u32.to_be_bytes());
    h.extend(1u32.to_be_bytes());
    h.extend(b"abc\0");
    assert!(rpm::header(&h).is_err());
    // the same at offset 0 is read
    h[16..20].copy_from_slice(&0u32.to_be_bytes());
    let p = rpm::header(&h).unwrap();
    assert_eq!((p.name.as_str(), p.version.as_str()), ("abc", "-"));
    // a string without its terminator inside the store
    let n = h.len();
    h[n - 1] = b'd';
    assert!(rpm::header(&h).is_err());
    // a huge index count
    let mut big = vec![0u8; 8];
    big[..4].copy_from_slice(&u32::MAX.to_be_bytes());
    assert!(rpm::header(&big).is_err());
}

fn entry(path: &str, kind: Kind, size: u64, link: Option<&str>) -> LayerEntry {
    LayerEntry {
        path: path.into(),
        kind,
        mode: 0o644,
        uid: 0,
        gid: 0,
        size,
        mtime: 0,
        link: link.map(str::to_string),
        change: None,
        layer: None,
        hash: None,
    }
}

fn db(path: &str, manager: Manager, pkgs: &[(&str, &str, Option<&[&str]>)]) -> Database {
    Database {
        path: path.into(),
        manager,
        packages: pkgs
            .iter()
            .map(|(n, v, f)| Pkg {
                name: n.to_string(),
                version: v.to_string(),
                arch: "x".into(),
                files: f.map(|f| f.iter().map(|s| s.to_string()).collect()),
            })
            .collect(),
    }
}

#[test]
fn layering_whiteouts_opaque_dirs_and_reinstalls() {
    const DB: &str = "lib/apk/db/installed";
    let loc = Location::default();
    let files: &[&str] = &[
        "usr/bin/a",
        "bin/b",
        "usr/bin/link",
        "usr/bin/hard",
        "usr/bin/a",
    ];
    let l0 = LayerPackages {
        databases: vec![db(
            DB,
            Manager::Apk,
            &[("a", "1", Some(files)), ("b", "1", None)],
        )],
        ..Default::default()
    };
    // layer 1 whites the database out; layer 2 writes a new one without b
    let l2 = LayerPackages {
        databases: vec![db(DB, Manager::Apk, &[("a", "2", Some(files))])],
        ..Default::default()
    };
    let none = LayerPackages::default();
    let e0 = [entry(DB, Kind::File, 10, None)];
    let e1 = [entry("lib/apk/db", Kind::Opaque, 0, None)];
    let e2 = [entry(DB, Kind::File, 10, None)];
    let views = [
        LayerView {
            index: 0,
            packages: &l0,
            entries: &e0,
            location: &loc,
        },
        LayerView {
            index: 1,
            packages: &none,
            entries: &e1,
            location: &loc,
        },
        LayerView {
            index: 2,
            packages: &l2,
            entries: &e2,
            location: &loc,
        },
    ];
    // bin -> usr/bin; a listed twice counts once; a symlink counts 0, a hard link its target
    let merged = vec![
        entry("bin", Kind::Symlink, 0, Some("usr/bin")),
        entry("usr", Kind::Dir, 0, None),
        entry("usr/bin", Kind::Dir, 0, None),
        entry("usr/bin/a", Kind::File, 100, None),
        entry("usr/bin/b", Kind::File, 20, None),
        entry("usr/bin/hard", Kind::Hardlink, 0, Some("usr/bin/a")),
        entry("usr/bin/link", Kind::Symlink, 0, Some("a")),
    ];
    let (pkgs, findings) = image_packages(&views, &merged);
    assert!(findings.is_empty());
    let got: Vec<_> = pkgs
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.version.as_str(),
                p.layer,
                p.removed_in,
                p.size,
            )
        })
        .collect();
    // a: installed in 0, gone in 1 (opaque dir), back in 2: not removed, version 2
    assert_eq!(
        got,
        vec![("a", "2", 0, None, Some(220)), ("b", "1", 0, Some(1), None)]
    );
}

#[test]
fn a_symlink_loop_in_a_parent_counts_nothing() {
    let loc = Location::default();
    let l0 = LayerPackages {
        databases: vec![db(
            "lib/apk/db/installed",
            Manager::Apk,
            &[("a", "1", Some(&["x/f"]))],
        )],
        ..Default::default()
    };
    let views = [LayerView {
        index: 0,
        packages: &l0,
        entries: &[],
        location: &loc,
    }];
    let merged = vec![
        entry("x", Kind::Symlink, 0, Some("y")),
        entry("y", Kind::Symlink, 0, Some("x")),
    ];
    let (pkgs, _) = image_packages(&views, &merged);
    assert_eq!(pkgs[0].size, Some(0));
}
