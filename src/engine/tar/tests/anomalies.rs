//! Tar reader tests: anomalies (bad numbers, checksums, truncation, trailing data, I/O
//! errors), mutations and a real GNU tar archive.

use super::*;

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
                field: "uid",
                negative: true,
            },
            TarIssue::BadNumber {
                offset: 512,
                field: "mode",
                negative: false,
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
            field: "size",
            negative: false,
        }]
    );
    // the rest is unread, not trailing data
    assert_eq!(w.end, End::Corrupt);
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
    assert_eq!(r.finish().unwrap(), End::Corrupt);
    assert_eq!(r.position(), 1536);
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
    assert_eq!(w.end, End::Eof);
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
    assert_eq!(w.end, End::Truncated);
    assert_eq!(w.total, inside_body.len() as u64);
    // Skipped rather than read: same report.
    let mut r = TarReader::new(Streamed(&inside_body[..]), TarLimits::default());
    while r.next_entry().unwrap().is_some() {}
    assert_eq!(r.take_issues(), [t]);

    // An input that ends right after a complete body, before any padding, lost only the
    // end: Go's archive/tar stops there cleanly (ctr and umoci unpack such a layer).
    let mut no_pad = ar.clone();
    no_pad.extend(Hdr::new(b"c", b'0', 10).bytes());
    no_pad.extend(b"0123456789");
    let w = walk(&no_pad);
    assert_eq!(w.entries[1].1, b"0123456789");
    assert_eq!(w.issues, [TarIssue::NoEndMarker { offset: 1546 }]);
    assert_eq!(w.end, End::Eof);
    // Skipped rather than read: same report.
    let mut r = TarReader::new(Streamed(&no_pad[..]), TarLimits::default());
    while r.next_entry().unwrap().is_some() {}
    assert_eq!(r.take_issues(), [TarIssue::NoEndMarker { offset: 1546 }]);

    // Part of the padding is still a truncation (Go: "unexpected EOF").
    let mut part_pad = no_pad.clone();
    part_pad.extend([0u8; 5]);
    let w = walk(&part_pad);
    let path = Some("c".to_string());
    let t = TarIssue::Truncated {
        offset: 1536,
        path,
        needed: 512,
        got: 15,
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
    assert_eq!(r.finish().unwrap(), End::Marker { trailing: false });
    assert_eq!(r.position(), ar.len() as u64);
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
    let clean = End::Marker { trailing: false };
    assert_eq!((w.issues.len(), w.end, w.total), (0, clean, 1024));
    let mut trailing = ar.clone();
    end(&mut trailing);
    trailing.extend([0u8; 70_000]);
    trailing.extend(b"garbage");
    trailing.extend([0u8; 100]);
    let w = walk(&trailing);
    let trailed = End::Marker { trailing: true };
    assert_eq!((w.issues.len(), w.end), (0, trailed));
    assert_eq!(w.total, trailing.len() as u64);
    // An entry after a single zero block is trailing data, as in GNU tar.
    let mut after = ar.clone();
    after.extend([0u8; 512]);
    add(&mut after, &Hdr::new(b"hidden", b'0', 0), b"");
    let w = walk(&after);
    assert_eq!((paths(&w), w.end), (vec!["a"], trailed));
    // A non-fatal issue (a bad `mtime`) does not hide trailing data.
    let mut odd = Vec::new();
    add(&mut odd, Hdr::new(b"a", b'0', 0).put(136, b"9x9\0"), b"");
    end(&mut odd);
    odd.extend(b"garbage");
    let w = walk(&odd);
    let bad = TarIssue::BadNumber {
        offset: 0,
        field: "mtime",
        negative: false,
    };
    assert_eq!((w.issues, w.end), (vec![bad], trailed));
}

#[test]
fn finish_walks_unread_entries() {
    // Called in the middle of a body, finish skips the rest of the walk: no trailing data.
    let mut ar = Vec::new();
    add(&mut ar, &Hdr::new(b"a", b'0', 3), b"abc");
    add(&mut ar, &Hdr::new(b"b", b'0', 2), b"de");
    end(&mut ar);
    let mut r = TarReader::new(Streamed(&ar[..]), TarLimits::default());
    assert_eq!(r.next_entry().unwrap().unwrap().path, "a");
    assert_eq!(r.finish().unwrap(), End::Marker { trailing: false });
    assert_eq!(r.position(), ar.len() as u64);
    assert!(r.next_entry().unwrap().is_none());
    assert_eq!(r.finish().unwrap(), End::Marker { trailing: false });
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
        assert_eq!(w.end, End::Marker { trailing: false });
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
