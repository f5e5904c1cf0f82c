//! Unit tests of the tar reader.

use super::*;
use std::io::Cursor;

/// Tiny ustar header writer.
struct Hdr([u8; 512]);

impl Hdr {
    fn new(name: &[u8], flag: u8, size: u64) -> Self {
        let mut h = Hdr([0; 512]);
        h.put(0, name)
            .oct(100, 8, 0o644)
            .oct(108, 8, 1000)
            .oct(116, 8, 1001);
        h.oct(124, 12, size)
            .oct(136, 12, 1_600_000_000)
            .put(257, b"ustar\x0000");
        h.0[156] = flag;
        h
    }
    fn put(&mut self, off: usize, v: &[u8]) -> &mut Self {
        self.0[off..off + v.len()].copy_from_slice(v);
        self
    }
    fn oct(&mut self, off: usize, len: usize, v: u64) -> &mut Self {
        self.put(off, format!("{v:0w$o}\0", w = len - 1).as_bytes())
    }
    fn bytes(&self) -> Vec<u8> {
        let mut b = self.0;
        b[148..156].fill(b' ');
        let sum: u32 = b.iter().map(|&c| u32::from(c)).sum();
        b[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        b.to_vec()
    }
}

fn add(ar: &mut Vec<u8>, h: &Hdr, body: &[u8]) {
    ar.extend(h.bytes());
    ar.extend(body);
    ar.resize(ar.len().next_multiple_of(512), 0);
}

fn ext(ar: &mut Vec<u8>, flag: u8, payload: &[u8]) {
    add(
        ar,
        &Hdr::new(b"././@LongLink", flag, payload.len() as u64),
        payload,
    );
}

fn pax(recs: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (k, v) in recs {
        let base = k.len() + v.len() + 3;
        let mut len = base + 1;
        while len != base + len.to_string().len() {
            len = base + len.to_string().len();
        }
        out.extend(format!("{len} {k}=").as_bytes());
        out.extend(*v);
        out.push(b'\n');
    }
    out
}

fn end(ar: &mut Vec<u8>) {
    ar.extend([0u8; 1024]);
}

#[derive(Debug)]
struct Walk {
    entries: Vec<(TarEntry, Vec<u8>)>,
    issues: Vec<TarIssue>,
    trailing: bool,
    total: u64,
}

fn walk_src<S: ByteSource>(src: S, limits: TarLimits) -> Walk {
    let mut r = TarReader::new(src, limits);
    let mut entries = Vec::new();
    while let Some(e) = r.next_entry().unwrap() {
        let mut body = Vec::new();
        if e.size < 1 << 16 {
            let mut buf = [0u8; 333];
            loop {
                let n = r.read_body(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                body.extend(&buf[..n]);
            }
        }
        entries.push((e, body));
    }
    let issues = r.take_issues();
    let (trailing, total) = r.finish().unwrap();
    Walk {
        entries,
        issues,
        trailing,
        total,
    }
}

/// Walk with both sources; they must agree.
fn walk_with(bytes: &[u8], limits: TarLimits) -> Walk {
    let a = walk_src(Streamed(bytes), limits);
    let b = walk_src(Seekable::new(Cursor::new(bytes)).unwrap(), limits);
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    a
}

fn walk(bytes: &[u8]) -> Walk {
    walk_with(bytes, TarLimits::default())
}

fn paths(w: &Walk) -> Vec<&str> {
    w.entries.iter().map(|(e, _)| e.path.as_str()).collect()
}

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
    assert!(!w.trailing);
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

#[test]
fn base256_and_bad_numbers() {
    let mut ar = Vec::new();
    let mut big = Hdr::new(b"huge", b'0', 0);
    let mut field = [0u8; 12];
    field[0] = 0x80;
    field[4..].copy_from_slice(&(9u64 << 30).to_be_bytes());
    big.put(124, &field);
    let mut neg = Hdr::new(b"neg", b'0', 0);
    neg.put(108, &[0xff; 8]).put(136, &[0xff; 12]);
    let mut junk = Hdr::new(b"junk", b'0', 0);
    junk.put(100, b"0000x44\0");
    // Negative uid and non-octal mode are reported; the walk continues.
    add(&mut ar, &neg, b"");
    add(&mut ar, &junk, b"");
    add(&mut ar, &big, b"");
    let w = walk(&ar);
    assert_eq!(w.entries[0].0.mtime, -1);
    assert_eq!(w.entries[2].0.size, 9 << 30);
    let path = Some("huge".to_string());
    assert_eq!(
        w.issues,
        [
            TarIssue::BadNumber {
                offset: 0,
                field: "uid"
            },
            TarIssue::BadNumber {
                offset: 512,
                field: "mode"
            },
            TarIssue::Truncated {
                offset: 1536,
                path,
                needed: 9 << 30,
                got: 0
            },
        ]
    );
    // A bad size is fatal: the cursor cannot be placed.
    let mut ar = Hdr::new(b"badsize", b'0', 0)
        .put(124, b"12345678z\0")
        .bytes();
    ar.extend(Hdr::new(b"never", b'0', 0).bytes());
    let w = walk(&ar);
    assert!(w.entries.is_empty());
    assert_eq!(
        w.issues,
        [TarIssue::BadNumber {
            offset: 0,
            field: "size"
        }]
    );
    assert!(w.trailing);
}

#[test]
fn bad_checksum_stops() {
    let mut ar = Vec::new();
    add(&mut ar, &Hdr::new(b"ok", b'0', 0), b"");
    let mut bad = Hdr::new(b"bad", b'0', 0).bytes();
    bad[0] = b'B';
    ar.extend(bad);
    add(&mut ar, &Hdr::new(b"later", b'0', 0), b"");
    let mut r = TarReader::new(Streamed(&ar[..]), TarLimits::default());
    assert!(r.next_entry().unwrap().is_some());
    assert!(r.next_entry().unwrap().is_none());
    assert!(r.next_entry().unwrap().is_none());
    assert_eq!(r.take_issues(), [TarIssue::BadChecksum { offset: 512 }]);
    assert_eq!(r.finish().unwrap(), (true, 1536));
}

#[test]
fn signed_checksum_accepted() {
    let mut h = Hdr::new(b"\xe9t\xe9", b'0', 0).bytes();
    h[148..156].fill(b' ');
    let signed: i64 = h.iter().map(|&c| i64::from(c as i8)).sum();
    h[148..156].copy_from_slice(format!("{signed:06o}\0 ").as_bytes());
    let w = walk(&h);
    assert_eq!(w.entries.len(), 1);
    assert_eq!(w.issues, [TarIssue::NoEndMarker { offset: 512 }]);
}

#[test]
fn truncation() {
    let mut ar = Vec::new();
    add(&mut ar, &Hdr::new(b"a", b'0', 1), b"1");
    let mut inside_header = ar.clone();
    inside_header.extend(&Hdr::new(b"b", b'0', 0).bytes()[..100]);
    let w = walk(&inside_header);
    let t = TarIssue::Truncated {
        offset: 1024,
        path: None,
        needed: 512,
        got: 100,
    };
    assert_eq!((paths(&w), &w.issues), (vec!["a"], &vec![t]));

    let mut inside_body = ar.clone();
    inside_body.extend(Hdr::new(b"b", b'0', 1000).bytes());
    inside_body.extend([7u8; 300]);
    let w = walk(&inside_body);
    assert_eq!(w.entries[1].1, [7u8; 300]);
    let path = Some("b".to_string());
    let t = TarIssue::Truncated {
        offset: 1536,
        path,
        needed: 1024,
        got: 300,
    };
    assert_eq!(w.issues, std::slice::from_ref(&t));
    assert_eq!(w.total, inside_body.len() as u64);
    // Skipped rather than read: same report.
    let mut r = TarReader::new(Streamed(&inside_body[..]), TarLimits::default());
    while r.next_entry().unwrap().is_some() {}
    assert_eq!(r.take_issues(), [t]);

    // Missing padding after a complete body counts as truncated.
    let mut no_pad = ar.clone();
    no_pad.extend(Hdr::new(b"c", b'0', 10).bytes());
    no_pad.extend(b"0123456789");
    let w = walk(&no_pad);
    assert_eq!(w.entries[1].1, b"0123456789");
    let path = Some("c".to_string());
    let t = TarIssue::Truncated {
        offset: 1536,
        path,
        needed: 512,
        got: 10,
    };
    assert_eq!(w.issues, [t]);

    // Truncated extension payload.
    let mut ext_cut = Hdr::new(b"././@LongLink", b'L', 2000).bytes();
    ext_cut.extend([b'n'; 700]);
    let w = walk(&ext_cut);
    let t = TarIssue::Truncated {
        offset: 512,
        path: None,
        needed: 2048,
        got: 700,
    };
    assert_eq!(w.issues, [t]);
}

#[test]
fn body_reader_over_large_body() {
    let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let mut ar = Vec::new();
    add(&mut ar, &Hdr::new(b"big", b'0', data.len() as u64), &data);
    add(&mut ar, &Hdr::new(b"next", b'0', 0), b"");
    end(&mut ar);
    let src = Seekable::new(Cursor::new(&ar)).unwrap();
    let mut r = TarReader::new(src, TarLimits::default());
    r.next_entry().unwrap().unwrap();
    let mut got = Vec::new();
    r.body().read_to_end(&mut got).unwrap();
    assert_eq!(got, data);
    assert_eq!(r.next_entry().unwrap().unwrap().path, "next");
    assert!(r.next_entry().unwrap().is_none());
    assert_eq!(r.take_issues(), []);
    assert_eq!(r.finish().unwrap(), (false, ar.len() as u64));
}

#[test]
fn seekable_skip_beyond_end() {
    let mut ar = Hdr::new(b"f", b'0', 1 << 20).bytes();
    ar.extend([1u8; 4096]);
    let src = Seekable::new(Cursor::new(&ar)).unwrap();
    assert_eq!(src.len(), 4608);
    let mut r = TarReader::new(src, TarLimits::default());
    assert_eq!(r.next_entry().unwrap().unwrap().size, 1 << 20);
    assert!(r.next_entry().unwrap().is_none());
    let path = Some("f".to_string());
    let t = TarIssue::Truncated {
        offset: 512,
        path,
        needed: 1 << 20,
        got: 4096,
    };
    assert_eq!(r.take_issues(), [t]);
    assert_eq!(r.position(), 4608);
    let mut src = r.into_inner();
    assert_eq!(src.skip_bytes(10).unwrap(), 0);
}

#[test]
fn end_markers_and_trailing() {
    let mut ar = Vec::new();
    add(&mut ar, &Hdr::new(b"a", b'0', 0), b"");
    let w = walk(&ar);
    assert_eq!(w.issues, [TarIssue::NoEndMarker { offset: 512 }]);
    let mut one_zero = ar.clone();
    one_zero.extend([0u8; 512]);
    let w = walk(&one_zero);
    assert_eq!((w.issues.len(), w.trailing, w.total), (0, false, 1024));
    let mut trailing = ar.clone();
    end(&mut trailing);
    trailing.extend([0u8; 70_000]);
    trailing.extend(b"garbage");
    trailing.extend([0u8; 100]);
    let w = walk(&trailing);
    assert_eq!((w.issues.len(), w.trailing), (0, true));
    assert_eq!(w.total, trailing.len() as u64);
    // An entry after a single zero block is trailing data, as in GNU tar.
    let mut after = ar.clone();
    after.extend([0u8; 512]);
    add(&mut after, &Hdr::new(b"hidden", b'0', 0), b"");
    let w = walk(&after);
    assert_eq!((paths(&w), w.trailing), (vec!["a"], true));
}

#[test]
fn unknown_global_sparse_and_header_only_sizes() {
    let mut ar = Vec::new();
    add(&mut ar, &Hdr::new(b"odd", b'Z', 3), b"zzz");
    ext(&mut ar, b'g', &pax(&[("path", b"ignored")]));
    let mut s = Hdr::new(b"sparse", b'S', 4);
    s.put(257, b"ustar  \0").put(482, &[1]);
    ar.extend(s.bytes());
    let mut ext_block = [0u8; 512];
    ext_block[504] = 1;
    ar.extend(ext_block);
    ar.extend([0u8; 512]); // last extension block, isextended = 0
    ar.extend(b"data");
    ar.resize(ar.len().next_multiple_of(512), 0);
    ext(
        &mut ar,
        b'x',
        &pax(&[
            ("GNU.sparse.name", b"real/name"),
            ("GNU.sparse.major", b"1"),
        ]),
    );
    add(&mut ar, &Hdr::new(b"GNUSparseFile.1/name", b'0', 0), b"");
    add(&mut ar, Hdr::new(b"sym", b'2', 512).put(157, b"t"), b"");
    add(&mut ar, &Hdr::new(b"after", b'0', 0), b"");
    end(&mut ar);
    let w = walk(&ar);
    assert_eq!(paths(&w), ["odd", "sparse", "real/name", "sym", "after"]);
    assert_eq!(
        (w.entries[0].0.kind, &w.entries[0].1[..]),
        (EntryKind::Other(b'Z'), &b"zzz"[..])
    );
    let sp = &w.entries[1].0;
    assert_eq!(
        (sp.kind, sp.sparse, sp.data_offset),
        (EntryKind::File, true, 7 * 512)
    );
    assert_eq!(w.entries[1].1, b"data");
    assert!(w.entries[2].0.sparse);
    assert_eq!(w.entries[3].0.size, 0);
    assert_eq!(
        w.issues,
        [
            TarIssue::UnknownType {
                offset: 0,
                flag: b'Z'
            },
            TarIssue::GlobalHeader { offset: 1024 },
            TarIssue::IgnoredSize {
                offset: 11 * 512,
                flag: b'2',
                size: 512
            },
        ]
    );
}

#[test]
fn bad_pax_records() {
    for payload in [
        &b"5 a=b"[..],
        b"99 path=x\n",
        b"x path=y\n",
        b"6 nokv\n",
        b"11 size=1a\n",
    ] {
        let mut ar = Vec::new();
        ext(&mut ar, b'x', payload);
        add(&mut ar, &Hdr::new(b"f", b'0', 0), b"");
        let w = walk(&ar);
        assert_eq!(paths(&w), ["f"], "{payload:?}");
        assert_eq!(w.issues[0], TarIssue::BadPax { offset: 0 }, "{payload:?}");
    }
    // Trailing NUL padding inside the payload is tolerated.
    let mut ar = Vec::new();
    ext(
        &mut ar,
        b'x',
        &[pax(&[("path", b"p")]), vec![0; 20]].concat(),
    );
    add(&mut ar, &Hdr::new(b"f", b'0', 0), b"");
    end(&mut ar);
    let w = walk(&ar);
    assert_eq!((paths(&w), &w.issues), (vec!["p"], &vec![]));
}

#[test]
fn io_errors_propagate() {
    struct Failing(usize);
    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match self.0 {
                0 => Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "corrupt deflate",
                )),
                n => {
                    let k = n.min(buf.len()).min(100);
                    self.0 -= k;
                    buf[..k].fill(0x41);
                    Ok(k)
                }
            }
        }
    }
    let mut r = TarReader::new(Streamed(Failing(300)), TarLimits::default());
    let err = r.next_entry().unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidData);
}

#[test]
fn mutations_never_panic_or_hang() {
    let mut ar = Vec::new();
    ext(
        &mut ar,
        b'x',
        &pax(&[("path", b"p/q"), ("size", b"3"), ("mtime", b"1.5")]),
    );
    add(&mut ar, &Hdr::new(b"f", b'0', 3), b"abc");
    ext(&mut ar, b'L', b"long/name\0");
    add(&mut ar, Hdr::new(b"s", b'2', 0).put(157, b"t"), b"");
    add(
        &mut ar,
        Hdr::new(b"sp", b'S', 1).put(257, b"ustar  \0"),
        b"d",
    );
    end(&mut ar);
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let mut m = ar.clone();
        for _ in 0..=rnd() % 4 {
            let i = (rnd() % m.len() as u64) as usize;
            m[i] = rnd() as u8;
        }
        if rnd() % 4 == 0 {
            m.truncate((rnd() % m.len() as u64) as usize);
        }
        let w = walk(&m);
        assert!(w.entries.len() <= 8);
    }
}

#[cfg(unix)]
#[test]
fn real_gnu_tar() {
    use std::process::Command;
    for format in ["gnu", "posix"] {
        let dir = std::env::temp_dir().join(format!("ocilens-tar-{}-{format}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let long_dir = dir.join("src").join("d".repeat(60));
        std::fs::create_dir_all(&long_dir).unwrap();
        let long_file = format!("{}.txt", "f".repeat(120));
        std::fs::write(long_dir.join(&long_file), b"hello").unwrap();
        let target = format!("../{}", "t".repeat(130));
        std::os::unix::fs::symlink(&target, dir.join("src").join("link")).unwrap();
        let out = dir.join("out.tar");
        let st = Command::new("tar")
            .args([&format!("--format={format}"), "--sort=name", "-cf"])
            .arg(&out)
            .arg("-C")
            .arg(dir.join("src"))
            .arg(".")
            .status()
            .unwrap();
        assert!(st.success());
        let bytes = std::fs::read(&out).unwrap();
        let listed = Command::new("tar").arg("-tf").arg(&out).output().unwrap();
        let listed = String::from_utf8(listed.stdout).unwrap();
        let w = walk(&bytes);
        assert_eq!(w.issues, vec![], "{format}");
        assert!(!w.trailing);
        assert_eq!(w.total, bytes.len() as u64);
        let mine: Vec<String> = w.entries.iter().map(|(e, _)| e.path.clone()).collect();
        assert_eq!(mine, listed.lines().collect::<Vec<_>>(), "{format}");
        let file = w
            .entries
            .iter()
            .find(|(e, _)| e.path.ends_with(&long_file))
            .unwrap();
        assert_eq!(
            (file.0.kind, file.0.size, &file.1[..]),
            (EntryKind::File, 5, &b"hello"[..])
        );
        let link = w.entries.iter().find(|(e, _)| e.path == "./link").unwrap();
        assert_eq!(
            (link.0.kind, link.0.link.as_deref()),
            (EntryKind::Symlink, Some(target.as_str()))
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
