//! Tar headers (category F): GNU long names and links and PAX records far
//! over the cap (declared, not written), PAX before `L`, two `L`, a global
//! header, base-256 numbers (valid, negative, overflowing), a size over
//! 8 GiB, non-octal fields, old-GNU and PAX sparse files, names of exactly
//! 100 bytes and of 64 KiB, NFC/NFD twins, and a tar inside a tar inside a layer.

use super::common::*;
use crate::support::tar_writer::*;
use ocilens::engine::finding::Code;
use ocilens::engine::report::Report;

/// A header for `path` (a regular file, `size` in its size field), patched by `f`.
fn patched(path: &str, size: u64, f: impl Fn(&mut [u8; BLOCK])) -> [u8; BLOCK] {
    let spec = EntrySpec {
        path: path.as_bytes().to_vec(),
        ..Default::default()
    };
    let mut h = header_block(&spec, size);
    f(&mut h);
    set_checksum(&mut h);
    h
}
/// [`writer`], then `h` with `body`, then one more file.
fn with_header(h: &[u8; BLOCK], body: &[u8]) -> Vec<u8> {
    let mut t = writer();
    t.raw_header(h).raw_padded(body);
    t.file("etc/motd", b"hello\n");
    one_gzip(t.finish())
}
/// A meta header (`L`, `K`, `x`) that declares `size` bytes, of which 1 KiB is
/// written before the archive ends.
fn declared_meta(kind: u8, size: u64) -> Vec<u8> {
    let mut t = writer();
    let spec = EntrySpec {
        path: b"././@LongLink".to_vec(),
        kind,
        ..Default::default()
    };
    t.raw_header(&header_block(&spec, size)).raw(&[b'a'; 1024]);
    one_gzip(t.finish_without_end_marker())
}
fn gnu_longname_512mib() -> Vec<u8> {
    declared_meta(kind::GNU_LONGNAME, 512 << 20)
}
fn gnu_longlink_512mib() -> Vec<u8> {
    declared_meta(kind::GNU_LONGLINK, 512 << 20)
}
fn pax_header_512mib() -> Vec<u8> {
    declared_meta(kind::PAX, 512 << 20)
}
/// A PAX header of 2 MiB, all written (one `comment` record).
fn pax_2mib() -> Vec<u8> {
    let mut t = writer();
    t.pax(&[("comment", &vec![b'c'; 2 << 20])]);
    t.file("etc/motd", b"hello\n");
    one_gzip(t.finish())
}
fn pax_linkpath_2mib() -> Vec<u8> {
    let mut t = writer();
    t.pax(&[("linkpath", &vec![b'l'; 2 << 20])]);
    t.symlink("etc/link", "x");
    one_gzip(t.finish())
}
fn gnu_longlink_2mib() -> Vec<u8> {
    let mut t = writer();
    t.symlink("etc/link", &"k".repeat(2 << 20));
    one_gzip(t.finish())
}
/// A PAX `path`, then a GNU long name, then the entry: PAX wins (as in Go's
/// archive/tar, which applies the PAX records last), so no reader differs.
fn pax_before_longname() -> Vec<u8> {
    let mut t = writer();
    let long = format!("etc/{}", "l".repeat(120));
    t.pax(&[("path", b"etc/from-pax")]);
    t.raw_header(&header_block(
        &EntrySpec {
            path: b"././@LongLink".to_vec(),
            kind: kind::GNU_LONGNAME,
            ..Default::default()
        },
        long.len() as u64 + 1,
    ));
    let mut body = long.into_bytes();
    body.push(0);
    t.raw_padded(&body);
    t.auto_long_names(false);
    t.file("etc/short", b"x\n");
    one_gzip(t.finish())
}
fn check_pax_wins(r: &Report) {
    let t = r.tree.as_ref().unwrap();
    assert_eq!(t.layers[0].entries.last().unwrap().path, "etc/from-pax");
}
fn longname_meta(t: &mut TarWriter, name: &str) {
    t.raw_header(&header_block(
        &EntrySpec {
            path: b"././@LongLink".to_vec(),
            kind: kind::GNU_LONGNAME,
            ..Default::default()
        },
        name.len() as u64 + 1,
    ));
    let mut body = name.as_bytes().to_vec();
    body.push(0);
    t.raw_padded(&body);
}
/// Two GNU long names before one entry.
fn two_longnames() -> Vec<u8> {
    let mut t = writer();
    longname_meta(&mut t, &format!("etc/{}", "a".repeat(110)));
    longname_meta(&mut t, &format!("etc/{}", "b".repeat(110)));
    t.auto_long_names(false);
    t.file("etc/short", b"x\n");
    one_gzip(t.finish())
}
fn global_pax_path() -> Vec<u8> {
    let mut t = writer();
    t.global_pax(&[("path", b"etc/global"), ("comment", b"git archive")]);
    t.file("etc/motd", b"hello\n");
    one_gzip(t.finish())
}
/// A size in GNU base-256 (valid: 1 KiB).
fn base256_size() -> Vec<u8> {
    let h = patched("etc/b256", 0, |h| {
        h[124..136].fill(0);
        h[124] = 0x80;
        h[134] = 0x04;
    });
    with_header(&h, &[b'b'; 1024])
}
fn base256_negative_size() -> Vec<u8> {
    let h = patched("etc/neg", 0, |h| {
        h[124..136].fill(0xff);
    });
    with_header(&h, b"")
}
fn base256_negative_uid() -> Vec<u8> {
    let h = patched("etc/neguid", 3, |h| h[108..116].fill(0xff));
    with_header(&h, b"abc")
}
fn base256_negative_mtime() -> Vec<u8> {
    let h = patched("etc/negtime", 3, |h| {
        h[136..148].fill(0xff);
        h[147] = 0xfe;
    });
    with_header(&h, b"abc")
}
/// A base-256 size of 11 bytes of 0xff: over 2^64.
fn base256_overflow() -> Vec<u8> {
    let h = patched("etc/huge", 0, |h| {
        h[124] = 0x80;
        h[125..136].fill(0xff);
    });
    with_header(&h, b"")
}
/// A uid of 2^56 - 1 (7 bytes of 0xff): large, but a u64 holds it.
fn base256_uid_overflow() -> Vec<u8> {
    let h = patched("etc/biguid", 3, |h| {
        h[108] = 0x80;
        h[109..116].fill(0xff);
    });
    with_header(&h, b"abc")
}
/// A 9 GiB file (base-256 size) of which 1 KiB is there.
fn size_over_8gib() -> Vec<u8> {
    let mut t = writer();
    t.raw_header(&patched("var/disk.img", 9 << 30, |_| {}))
        .raw(&[0u8; 1024]);
    one_gzip(t.finish_without_end_marker())
}
fn non_octal_size() -> Vec<u8> {
    let h = patched("etc/nonoctal", 0, |h| {
        h[124..136].copy_from_slice(b"00000000009\0")
    });
    with_header(&h, b"")
}
fn size_with_spaces() -> Vec<u8> {
    // leading spaces and a trailing space are valid octal padding (old tars)
    let h = patched("etc/spaced", 0, |h| {
        h[124..136].copy_from_slice(b"        003 ")
    });
    with_header(&h, b"abc")
}
/// An old-GNU sparse file (type `S`, the map in the header).
fn old_gnu_sparse() -> Vec<u8> {
    let h = patched("var/sparse.img", 512, |h| {
        h[156] = b'S';
        h[257..265].copy_from_slice(b"ustar  \0");
        // one extent: offset 0, 512 bytes; real size 1 MiB
        h[386..398].copy_from_slice(b"00000000000\0");
        h[398..410].copy_from_slice(b"00000001000\0");
        h[483..495].copy_from_slice(b"00004000000\0");
    });
    with_header(&h, &[b's'; 512])
}
/// GNU sparse 0.1 (PAX `GNU.sparse.map`).
fn pax_sparse_0_1() -> Vec<u8> {
    let mut t = writer();
    t.pax(&[
        ("GNU.sparse.offset", b"0"),
        ("GNU.sparse.numbytes", b"512"),
        ("GNU.sparse.map", b"0,512"),
        ("GNU.sparse.size", b"1048576"),
    ]);
    t.file("var/sparse01.img", &[b's'; 512]);
    one_gzip(t.finish())
}
/// A name of exactly 100 bytes: no NUL in the name field.
fn name_100_bytes() -> Vec<u8> {
    let mut t = writer();
    t.file(&format!("etc/{}", "n".repeat(96)), b"x\n");
    one_gzip(t.finish())
}
fn check_name_100(r: &Report) {
    let t = r.tree.as_ref().unwrap();
    assert!(t.layers[0].entries.iter().any(|e| e.path.len() == 100));
}
/// A path of 64 KiB + 1 (GNU long name): over the path cap.
fn path_64kib() -> Vec<u8> {
    let mut t = writer();
    t.file(&format!("opt/{}", "p/".repeat(32 * 1024 - 1)), b"x\n");
    one_gzip(t.finish())
}
/// `café` in NFC and in NFD: two entries, two names.
fn nfc_nfd_twins() -> Vec<u8> {
    let mut t = writer();
    t.file("etc/caf\u{e9}", b"nfc\n")
        .file("etc/cafe\u{301}", b"nfd\n");
    one_gzip(t.finish())
}
fn check_twins(r: &Report) {
    let t = r.tree.as_ref().unwrap();
    assert_eq!(t.layers[0].entries.len(), 4);
}
fn pax_record_length_overflow() -> Vec<u8> {
    let mut t = writer();
    t.entry(EntrySpec {
        path: b"PaxHeaders.0/x".to_vec(),
        kind: kind::PAX,
        body: b"99999999999999999999999 path=etc/x\n".to_vec(),
        ..Default::default()
    });
    t.file("etc/x", b"x\n");
    one_gzip(t.finish())
}
fn pax_path_with_nul() -> Vec<u8> {
    let mut t = writer();
    t.pax(&[("path", b"etc/a\0b")]);
    t.file("etc/placeholder", b"x\n");
    one_gzip(t.finish())
}
fn contiguous_file() -> Vec<u8> {
    let mut t = writer();
    t.entry(EntrySpec {
        path: b"etc/contig".to_vec(),
        kind: kind::CONTIGUOUS,
        body: b"contiguous\n".to_vec(),
        ..Default::default()
    });
    one_gzip(t.finish())
}
/// A layer holding a tar that holds a tar: file data, never entries.
fn tar_in_tar_in_layer() -> Vec<u8> {
    let mut inner = TarWriter::new();
    inner.file_with_mode("usr/bin/evil", b"#!/bin/sh\n", 0o4755);
    let mut middle = TarWriter::new();
    middle.file("inner.tar", &inner.finish());
    let mut t = writer();
    t.file("opt/middle.tar", &middle.finish());
    one_gzip(t.finish())
}
fn check_tar_in_tar(r: &Report) {
    let t = r.tree.as_ref().unwrap();
    let paths: Vec<&str> = t.layers[0]
        .entries
        .iter()
        .map(|e| e.path.as_str())
        .collect();
    assert_eq!(paths, ["etc", "etc/hostname", "opt/middle.tar"]);
}

crafted! {
    gnu_longname_512mib: F "tar: GNU long name declaring 512 MiB", [Code::LimitsTarExtension, Code::TarTruncated, OCI];
    gnu_longlink_512mib: F "tar: GNU long link declaring 512 MiB", [Code::LimitsTarExtension, Code::TarTruncated, OCI];
    pax_header_512mib: F "tar: PAX header declaring 512 MiB", [Code::LimitsTarExtension, Code::TarTruncated, OCI];
    pax_2mib: F "tar: PAX header of 2 MiB", [Code::LimitsTarExtension, OCI];
    pax_linkpath_2mib: F "tar: PAX linkpath of 2 MiB", [Code::LimitsTarExtension, OCI];
    gnu_longlink_2mib: F "tar: GNU long link of 2 MiB", [Code::LimitsTarExtension, OCI];
    pax_before_longname: F "tar: PAX path before a GNU long name", [OCI],
        check = check_pax_wins;
    two_longnames: F "tar: two GNU long names for one entry", [Code::TarPaxConflict, OCI];
    global_pax_path: F "tar: global PAX header with a path", [Code::TarGlobalHeader, OCI];
    base256_size: F "tar: base-256 size", [OCI];
    base256_negative_size: F "tar: negative base-256 size", [Code::TarBadHeader, OCI];
    base256_negative_uid: F "tar: negative base-256 uid", [Code::TarBadHeader, OCI];
    base256_negative_mtime: F "tar: negative base-256 mtime", [OCI];
    base256_overflow: F "tar: base-256 size over 2^64", [Code::TarBadHeader, OCI];
    base256_uid_overflow: F "tar: base-256 uid of 2^56 - 1 (valid)", [OCI];
    size_over_8gib: F "tar: 9 GiB entry, 1 KiB there", [Code::TarTruncated, OCI];
    non_octal_size: F "tar: non-octal size", [Code::TarBadHeader, OCI];
    size_with_spaces: F "tar: size padded with spaces", [OCI];
    old_gnu_sparse: F "tar: old-GNU sparse file", [Code::TarSparse, OCI];
    pax_sparse_0_1: F "tar: GNU sparse 0.1 in PAX", [Code::TarSparse, OCI];
    name_100_bytes: F "tar: name of exactly 100 bytes", [OCI], check = check_name_100;
    path_64kib: F "tar: path of 64 KiB", [Code::LimitsPathLength, OCI];
    nfc_nfd_twins: F "tar: NFC and NFD twins", [OCI], check = check_twins;
    pax_record_length_overflow: F "tar: PAX record length of 23 digits", [Code::TarBadHeader, OCI];
    pax_path_with_nul: F "tar: NUL in a PAX path", [Code::TarBadHeader, OCI];
    contiguous_file: F "tar: contiguous file (type 7)", [Code::TarUnknownType, OCI];
    tar_in_tar_in_layer: F "tar: a tar inside a tar inside a layer", [OCI], check = check_tar_in_tar;
}
