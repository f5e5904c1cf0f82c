//! Tar reader tests: the formats and extensions it reads, entry by entry.

use super::*;

#[test]
fn all_kinds() {
    let mut ar = Vec::new();
    add(&mut ar, &Hdr::new(b"f0", b'0', 5), b"hello");
    add(&mut ar, &Hdr::new(b"fnul", 0, 3), b"abc");
    add(&mut ar, &Hdr::new(b"olddir/", 0, 0), b"");
    add(&mut ar, &Hdr::new(b"f7", b'7', 0), b"");
    add(&mut ar, Hdr::new(b"hl", b'1', 0).put(157, b"f0"), b"");
    add(&mut ar, Hdr::new(b"sl", b'2', 0).put(157, b"../t"), b"");
    add(
        &mut ar,
        Hdr::new(b"chr", b'3', 0).oct(329, 8, 1).oct(337, 8, 3),
        b"",
    );
    add(
        &mut ar,
        Hdr::new(b"blk", b'4', 0).oct(329, 8, 8).oct(337, 8, 1),
        b"",
    );
    add(&mut ar, Hdr::new(b"d/", b'5', 0).oct(100, 8, 0o4755), b"");
    add(&mut ar, &Hdr::new(b"fifo", b'6', 0), b"");
    end(&mut ar);
    let w = walk(&ar);
    assert_eq!(w.issues, vec![]);
    assert_eq!(w.end, End::Marker { trailing: false });
    assert_eq!(w.total, ar.len() as u64);
    let kinds: Vec<_> = w.entries.iter().map(|(e, _)| e.kind).collect();
    use EntryKind::*;
    let want = [
        File,
        File,
        Directory,
        File,
        HardLink,
        Symlink,
        CharDevice,
        BlockDevice,
    ];
    assert_eq!(kinds, [&want[..], &[Directory, Fifo]].concat());
    let (f0, body) = &w.entries[0];
    assert_eq!(
        (f0.mode, f0.uid, f0.gid, f0.mtime),
        (0o644, 1000, 1001, 1_600_000_000)
    );
    assert_eq!((f0.header_offset, f0.data_offset, f0.size), (0, 512, 5));
    assert_eq!(body, b"hello");
    assert_eq!(w.entries[1].1, b"abc");
    assert_eq!(w.entries[1].0.header_offset, 1024);
    assert_eq!(w.entries[4].0.link.as_deref(), Some("f0"));
    assert_eq!(w.entries[5].0.link.as_deref(), Some("../t"));
    assert_eq!(w.entries[0].0.link, None);
    assert_eq!((w.entries[6].0.dev_major, w.entries[6].0.dev_minor), (1, 3));
    assert_eq!(w.entries[8].0.mode, 0o4755);
}

#[test]
fn ustar_prefix_gnu_magic_and_v7() {
    let mut ar = Vec::new();
    add(
        &mut ar,
        Hdr::new(b"name", b'0', 0).put(345, b"some/prefix"),
        b"",
    );
    // GNU magic: the prefix area holds atime/ctime, not a prefix.
    add(
        &mut ar,
        Hdr::new(b"gnu", b'0', 0)
            .put(257, b"ustar  \0")
            .put(345, b"x"),
        b"",
    );
    let mut v7 = Hdr::new(b"v7", b'0', 2);
    v7.put(257, &[0; 8]);
    add(&mut ar, &v7, b"hi");
    end(&mut ar);
    let w = walk(&ar);
    assert_eq!(paths(&w), ["some/prefix/name", "gnu", "v7"]);
    assert_eq!(w.entries[2].1, b"hi");
    assert_eq!(w.issues, vec![]);
}

#[test]
fn gnu_long_name_and_link() {
    let long = "a/".repeat(100) + "file";
    let target = "t/".repeat(80);
    let mut ar = Vec::new();
    ext(&mut ar, b'L', format!("{long}\0").as_bytes());
    ext(&mut ar, b'K', format!("{target}\0").as_bytes());
    add(
        &mut ar,
        Hdr::new(b"short", b'2', 0).put(157, b"shortlink"),
        b"",
    );
    add(&mut ar, &Hdr::new(b"next", b'0', 1), b"x");
    end(&mut ar);
    let w = walk(&ar);
    assert_eq!(w.issues, vec![]);
    let e = &w.entries[0].0;
    assert_eq!(
        (e.path.as_str(), e.link.as_deref()),
        (long.as_str(), Some(target.as_str()))
    );
    assert_eq!((e.header_offset, e.data_offset), (0, 5 * 512));
    assert_eq!(paths(&w)[1], "next");
}

#[test]
fn pax_overrides() {
    let mut ar = Vec::new();
    let recs = pax(&[
        ("path", "pax/ünïcode".as_bytes()),
        ("linkpath", b"pax-target"),
        ("mtime", b"1700000000.123456789"),
        ("uid", b"4294967296"),
        ("gid", b"7"),
        ("atime", b"1.5"),
        ("SCHILY.xattr.trusted.overlay.opaque", b"y"),
        ("SCHILY.xattr.user.bin", b"\x00\xff"),
    ]);
    ext(&mut ar, b'x', &recs);
    add(&mut ar, &Hdr::new(b"ustar-name", b'1', 0), b"");
    // Empty value deletes: falls back to the header name.
    ext(&mut ar, b'x', &pax(&[("path", b""), ("mtime", b"-5.5")]));
    add(&mut ar, &Hdr::new(b"kept", b'0', 0), b"");
    end(&mut ar);
    let w = walk(&ar);
    assert_eq!(w.issues, vec![]);
    let e = &w.entries[0].0;
    assert_eq!(e.path, "pax/ünïcode");
    assert_eq!(e.link.as_deref(), Some("pax-target"));
    assert_eq!((e.mtime, e.uid, e.gid), (1_700_000_000, 1 << 32, 7));
    assert_eq!(
        e.xattrs[0],
        ("trusted.overlay.opaque".to_string(), b"y".to_vec())
    );
    assert_eq!(e.xattrs[1].1, b"\x00\xff");
    assert_eq!(w.entries[1].0.path, "kept");
    assert_eq!(w.entries[1].0.mtime, -5);
    assert_eq!(w.entries[1].0.header_offset, 3 * 512);
}

#[test]
fn pax_size_wins_and_conflicts() {
    let mut ar = Vec::new();
    ext(&mut ar, b'x', &pax(&[("size", b"10")]));
    add(&mut ar, &Hdr::new(b"f", b'0', 0), b"0123456789");
    // > 8 GiB sizes need PAX: a 0 header size is then expected, not a conflict.
    ext(&mut ar, b'x', &pax(&[("size", b"9663676416")]));
    add(&mut ar, &Hdr::new(b"big", b'0', 0), b"");
    let w = walk(&ar);
    assert_eq!(w.entries[0].1, b"0123456789");
    assert_eq!(w.entries[1].0.size, 9 << 30);
    let detail = "header size 0 but PAX size 10".to_string();
    assert_eq!(
        w.issues[0],
        TarIssue::PaxConflict {
            offset: 1024,
            detail
        }
    );
    let path = Some("big".to_string());
    let t = TarIssue::Truncated {
        offset: 7 * 512,
        path,
        needed: 9 << 30,
        got: 0,
    };
    assert_eq!(w.issues[1..], [t]);
}

#[test]
fn pax_before_long_name_ghsa_3cv2() {
    // The PAX size belongs to the next file entry, not to the `L` header.
    let long = "l".repeat(150);
    let mut ar = Vec::new();
    ext(&mut ar, b'x', &pax(&[("size", b"2048")]));
    ext(&mut ar, b'L', format!("{long}\0").as_bytes());
    let body: Vec<u8> = Hdr::new(b"smuggled", b'0', 0).bytes().repeat(4);
    add(&mut ar, &Hdr::new(b"short", b'0', 2048), &body);
    add(&mut ar, &Hdr::new(b"after", b'0', 2), b"ok");
    end(&mut ar);
    let w = walk(&ar);
    assert_eq!(w.issues, vec![]);
    assert_eq!(paths(&w), [long.as_str(), "after"]);
    assert_eq!(w.entries[0].0.size, 2048);
    assert_eq!(w.entries[0].0.data_offset, 5 * 512);
    assert_eq!(w.entries[1].1, b"ok");
}

#[test]
fn duplicate_extensions() {
    let mut ar = Vec::new();
    ext(&mut ar, b'L', b"first\0");
    ext(&mut ar, b'L', b"second\0");
    ext(&mut ar, b'x', &pax(&[("uid", b"1")]));
    ext(&mut ar, b'x', &pax(&[("gid", b"2")]));
    add(&mut ar, &Hdr::new(b"x", b'0', 0), b"");
    end(&mut ar);
    let w = walk(&ar);
    let e = &w.entries[0].0;
    assert_eq!(
        (e.path.as_str(), e.uid, e.gid, e.header_offset),
        ("second", 1, 2, 0)
    );
    let conflict = |offset, k| TarIssue::PaxConflict {
        offset,
        detail: format!("two '{k}' headers before one entry"),
    };
    assert_eq!(w.issues, [conflict(1024, 'L'), conflict(3072, 'x')]);
}

#[test]
fn extension_too_large() {
    let mut ar = Vec::new();
    let big = vec![b'a'; 2 << 20];
    ext(&mut ar, b'L', &big);
    add(&mut ar, &Hdr::new(b"short", b'0', 1), b"z");
    ext(&mut ar, b'x', &pax(&[("comment", &vec![b'c'; 600])]));
    add(&mut ar, &Hdr::new(b"second", b'0', 0), b"");
    end(&mut ar);
    let limits = TarLimits {
        extension_max: 1 << 20,
        path_max: 64 << 10,
    };
    let w = walk_with(&ar, limits);
    assert_eq!(paths(&w), ["short", "second"]);
    assert_eq!(w.entries[0].1, b"z");
    let (kind, size, cap) = ('L', 2 << 20, 1 << 20);
    assert_eq!(
        w.issues,
        [TarIssue::ExtensionTooLarge {
            offset: 0,
            kind,
            size,
            cap
        }]
    );
    let w = walk_with(
        &ar,
        TarLimits {
            extension_max: 512,
            ..limits
        },
    );
    assert_eq!(w.issues.len(), 2);
    assert!(matches!(
        w.issues[1],
        TarIssue::ExtensionTooLarge { kind: 'x', .. }
    ));
}

#[test]
fn path_too_long_and_non_utf8() {
    let mut ar = Vec::new();
    ext(&mut ar, b'L', "é".repeat(60).as_bytes());
    add(&mut ar, &Hdr::new(b"s", b'0', 0), b"");
    add(&mut ar, &Hdr::new(b"bad-\xff\xfe", b'0', 0), b"");
    end(&mut ar);
    let w = walk_with(
        &ar,
        TarLimits {
            path_max: 51,
            ..TarLimits::default()
        },
    );
    assert_eq!(w.entries[0].0.path, "é".repeat(25));
    assert!(w.entries[0].0.path_is_utf8);
    assert_eq!(
        w.issues,
        [TarIssue::PathTooLong {
            offset: 0,
            len: 120,
            cap: 51
        }]
    );
    assert_eq!(w.entries[1].0.path, "bad-\u{fffd}\u{fffd}");
    assert!(!w.entries[1].0.path_is_utf8);
}
