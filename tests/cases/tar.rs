//! Layer tar headers: checksums, numbers, truncation, end marker, PAX, duplicates, types,
//! sparse files, devices, setuid, names.

use super::common::*;
use crate::support::tar_writer::*;
use ocilens::engine::finding::Code;
use ocilens::engine::report::{Report, Status};

/// A header with a wrong checksum after two good entries: the walk stops there.
fn tar_bad_header() -> Vec<u8> {
    let mut t = writer();
    t.corrupt_next_checksum()
        .file("etc/passwd", b"root:x:0:0::/root:/bin/sh\n");
    t.file("etc/group", b"root:x:0:\n");
    one_gzip(t.finish())
}
fn check_tar_bad_header(r: &Report) {
    // the entries before the bad header are listed; the DiffID still covers every byte
    assert_eq!(layer(r, 0).files, Some(2));
    assert_eq!(layer(r, 0).diff_id.status, Some(Status::Verified));
}
/// A non-octal `uid` and a malformed PAX record: reported, the walk goes on.
fn tar_bad_numbers() -> Vec<u8> {
    let mut t = writer();
    let spec = EntrySpec {
        path: b"etc/passwd".to_vec(),
        body: b"root:x:0:0::/root:/bin/sh\n".to_vec(),
        ..Default::default()
    };
    let mut h = header_block(&spec, spec.body.len() as u64);
    h[108..116].copy_from_slice(b"0o12z4\0\0");
    set_checksum(&mut h);
    t.raw_header(&h).raw_padded(&spec.body);
    t.pax(&[("mtime", b"yesterday")])
        .file("etc/group", b"root:x:0:\n");
    t.file("etc/shadow", b"");
    one_gzip(t.finish())
}
fn check_tar_bad_numbers(r: &Report) {
    assert_eq!(paths_of(r, Code::TarBadHeader).len(), 2);
    assert_eq!(layer(r, 0).files, Some(5));
}
/// A body cut short: the header says 4096 bytes, 100 are there, then EOF.
fn tar_truncated() -> Vec<u8> {
    let mut t = writer();
    t.entry(EntrySpec {
        path: b"usr/lib/libc.so".to_vec(),
        size_override: Some(4096),
        ..Default::default()
    });
    t.raw(&[0x7f; 100]);
    let tar = t.finish_without_end_marker();
    one_gzip(tar)
}
fn check_tar_truncated(r: &Report) {
    assert_eq!(paths_of(r, Code::TarTruncated), ["usr/lib/libc.so"]);
    // a DiffID covers the bytes as they are, so this one still verifies
    assert_eq!(layer(r, 0).diff_id.status, Some(Status::Verified));
}
fn tar_no_end_marker() -> Vec<u8> {
    one_gzip(writer().finish_without_end_marker())
}
/// Non-zero bytes after the end-of-archive blocks.
fn tar_trailing_data() -> Vec<u8> {
    let mut tar = writer().finish();
    tar.extend_from_slice(b"hidden payload after the end marker\n");
    tar.resize(tar.len().next_multiple_of(BLOCK), 0);
    one_gzip(tar)
}
fn check_tar_trailing_data(r: &Report) {
    // the trailing bytes are part of the DiffID
    let l = layer(r, 0);
    assert_eq!(l.diff_id.status, Some(Status::Verified));
    assert_eq!(
        l.uncompressed_size,
        Some(writer().finish().len() as u64 + 512)
    );
}
/// TARmageddon (CVE-2025-62518, GHSA-3cv2-h65g-fgmm): the ustar header says
/// size 0, the PAX header says the real size; a reader that ignores PAX `size`
/// unpacks the nested tar inside the body as real entries.
fn tar_pax_conflict() -> Vec<u8> {
    let mut inner = TarWriter::new();
    inner.file_with_mode("usr/bin/evil", b"#!/bin/sh\nrm -rf /\n", 0o755);
    let inner = inner.finish_without_end_marker();
    let mut t = writer();
    t.pax(&[("size", inner.len().to_string().as_bytes())]);
    t.entry(EntrySpec {
        path: b"data.bin".to_vec(),
        size_override: Some(0),
        body: inner,
        ..Default::default()
    });
    t.file("etc/motd", b"hello\n");
    one_gzip(t.finish())
}
fn check_tar_pax_conflict(r: &Report) {
    // PAX size wins: the nested header is body, not an entry
    let t = r.tree.as_ref().unwrap();
    let paths: Vec<&str> = t.layers[0]
        .entries
        .iter()
        .map(|e| e.path.as_str())
        .collect();
    assert_eq!(paths, ["etc", "etc/hostname", "data.bin", "etc/motd"]);
}
/// The same path twice in one layer.
fn tar_duplicate_path() -> Vec<u8> {
    let mut t = writer();
    t.file("etc/hostname", b"other\n");
    one_gzip(t.finish())
}
/// Two PAX headers before one entry: which `path` applies depends on the reader.
fn tar_two_pax_headers() -> Vec<u8> {
    let mut t = writer();
    t.pax(&[("path", b"etc/shadow")]);
    t.entry(EntrySpec {
        path: b"PaxHeaders.0/second".to_vec(),
        kind: kind::PAX,
        body: pax_records(&[("path", b"etc/motd")]),
        ..Default::default()
    });
    t.file("placeholder", b"which name?\n");
    one_gzip(t.finish())
}
fn check_tar_two_pax_headers(r: &Report) {
    // the later header wins here (as in Go's archive/tar, which replaces them)
    let t = r.tree.as_ref().unwrap();
    let last = t.layers[0].entries.last().unwrap();
    assert_eq!(last.path, "etc/motd");
}
/// A file, then a directory of the same name, in one layer (RUSTSEC-2026-0067).
fn tar_type_change() -> Vec<u8> {
    let mut t = writer();
    t.file("opt/app", b"binary\n").dir("opt/app");
    t.file("opt/app/config", b"x=1\n");
    one_gzip(t.finish())
}
fn tar_unknown_type() -> Vec<u8> {
    let mut t = writer();
    t.entry(EntrySpec {
        path: b"var/weird".to_vec(),
        kind: b'Z',
        body: b"what am I?".to_vec(),
        ..Default::default()
    });
    one_gzip(t.finish())
}
/// GNU tar `--sparse --format=pax` (sparse format 1.0): the map is the start
/// of the body, the real name is in `GNU.sparse.name`.
fn tar_sparse() -> Vec<u8> {
    let mut t = writer();
    let mut body = b"1\n1044480\n4096\n".to_vec();
    body.resize(BLOCK, 0);
    body.extend(noise(4096));
    t.pax(&[
        ("GNU.sparse.major", b"1"),
        ("GNU.sparse.minor", b"0"),
        ("GNU.sparse.name", b"var/lib/disk.img"),
        ("GNU.sparse.realsize", b"1048576"),
    ]);
    t.entry(EntrySpec {
        path: b"var/lib/GNUSparseFile.0/disk.img".to_vec(),
        body,
        ..Default::default()
    });
    one_gzip(t.finish())
}
fn check_tar_sparse(r: &Report) {
    assert_eq!(paths_of(r, Code::TarSparse), ["var/lib/disk.img"]);
}
fn tar_device_node() -> Vec<u8> {
    let mut t = writer();
    t.dir("dev")
        .char_device("dev/null", 1, 3)
        .block_device("dev/sda", 8, 0)
        .fifo("dev/initctl");
    one_gzip(t.finish())
}
fn check_tar_device_node(r: &Report) {
    assert_eq!(
        paths_of(r, Code::TarDeviceNode),
        ["dev/null", "dev/sda", "dev/initctl"]
    );
}
fn tar_setuid() -> Vec<u8> {
    let mut t = writer();
    t.dir("usr/bin")
        .file_with_mode("usr/bin/su", b"\x7fELF", 0o4755)
        .file_with_mode("usr/bin/wall", b"\x7fELF", 0o2755)
        .file_with_mode("usr/bin/ls", b"\x7fELF", 0o755)
        // a setuid directory bit is not a setuid program
        .entry(EntrySpec {
            path: b"usr/share/".to_vec(),
            kind: kind::DIR,
            mode: 0o2775,
            ..Default::default()
        });
    one_gzip(t.finish())
}
fn check_tar_setuid(r: &Report) {
    assert_eq!(
        paths_of(r, Code::TarSetuidSetgid),
        ["usr/bin/su", "usr/bin/wall"]
    );
}
/// A Latin-1 name (`café`), as old tars from non-UTF-8 systems have.
fn tar_name_not_utf8() -> Vec<u8> {
    let mut t = writer();
    t.entry(EntrySpec {
        path: b"etc/caf\xe9".to_vec(),
        body: b"latin-1\n".to_vec(),
        ..Default::default()
    });
    one_gzip(t.finish())
}
/// Thirty device nodes: twenty findings, then one "… and 10 more".
fn tar_many_devices() -> Vec<u8> {
    let mut t = writer();
    t.dir("dev");
    for i in 0..30 {
        t.char_device(&format!("dev/tty{i}"), 4, i);
    }
    one_gzip(t.finish())
}
fn check_many_devices(r: &Report) {
    let found: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.code == Code::TarDeviceNode)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(found.len(), 21);
    assert!(found[20].contains("10 more"), "{}", found[20]);
}

crafted! {
    tar_bad_header: F "tar: bad header checksum",
        [Code::TarBadHeader, OCI],
        check = check_tar_bad_header;
    tar_bad_numbers: F "tar: non-octal uid, malformed PAX record",
        [Code::TarBadHeader, OCI],
        check = check_tar_bad_numbers;
    tar_truncated: F "tar: body cut short", [Code::TarTruncated, OCI], check = check_tar_truncated;
    tar_no_end_marker: F "tar: no end marker", [Code::TarNoEndMarker, OCI];
    tar_trailing_data: F "tar: data after the end marker",
        [Code::TarTrailingData, OCI],
        check = check_tar_trailing_data;
    /// CVE-2025-62518 (TARmageddon)
    tar_pax_conflict: F "tar: PAX size vs header size (CVE-2025-62518)",
        [Code::TarPaxConflict, OCI],
        check = check_tar_pax_conflict;
    tar_two_pax_headers: F "tar: two PAX headers for one entry",
        [Code::TarPaxConflict, OCI],
        check = check_tar_two_pax_headers;
    tar_duplicate_path: G "tar: duplicate path", [Code::TarDuplicatePath, OCI];
    /// RUSTSEC-2026-0067
    tar_type_change: G "tar: file then directory", [Code::TarTypeChange, OCI];
    tar_unknown_type: F "tar: unknown type flag", [Code::TarUnknownType, OCI];
    tar_sparse: F "tar: PAX sparse file", [Code::TarSparse, OCI], check = check_tar_sparse;
    tar_device_node: F "tar: devices and FIFO",
        [Code::TarDeviceNode, OCI],
        check = check_tar_device_node;
    tar_setuid: F "tar: setuid and setgid", [Code::TarSetuidSetgid, OCI], check = check_tar_setuid;
    tar_name_not_utf8: F "tar: Latin-1 name", [Code::TarNameNotUtf8, OCI];
    tar_many_devices: F "tar: thirty device nodes, capped",
        [Code::TarDeviceNode, OCI],
        check = check_many_devices;
}
