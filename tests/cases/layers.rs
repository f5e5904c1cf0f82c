//! Layer contents: tar headers, paths, links, whiteouts, compression, DiffIDs.
//!
//! Every case is an OCI layout holding one image named `example.com/app:1.0`
//! (so no `reference.*` finding), whose manifest is an OCI manifest: the info
//! `compatibility.oci-manifest` is in every expected set of such images.
use crate::support::compress::*;
use crate::support::image::*;
use crate::support::tar_writer::*;
use crate::{case, Case};
use ocilens::engine::finding::Code;
use ocilens::engine::report::{Content, Format, LayerInfo, Report, Status};
use ocilens::engine::tree::entry::{Change, Kind, LayerEntry};
use ocilens::engine::tree::merge::Changes;
use serde_json::json;

const OCI: &str = "compatibility.oci-manifest";
const NAME: &str = "example.com/app:1.0";

// ---------------------------------------------------------------- helpers

/// An OCI layout with one named image made of `layers`.
fn layout(layers: Vec<Layer>) -> Vec<u8> {
    layout_of(OciImage::new(layers))
}
fn layout_of(image: OciImage) -> Vec<u8> {
    OciLayoutBuilder::new()
        .image(image.with_ref_name(NAME))
        .build()
}
/// One gzip layer holding `tar` (DiffID = sha256 of `tar`).
fn one_gzip(tar: Vec<u8>) -> Vec<u8> {
    layout(vec![Layer::tar_gzip(tar)])
}
fn base_tar() -> Vec<u8> {
    rootfs_tar(&[
        ("etc/hostname", b"ocilens\n"),
        ("usr/bin/tool", b"#!/bin/sh\necho hi\n"),
    ])
}
/// A tar writer with `etc/` and `etc/hostname` already written.
fn writer() -> TarWriter {
    let mut t = TarWriter::new();
    t.dir("etc").file("etc/hostname", b"ocilens\n");
    t
}
/// Deterministic incompressible bytes (an sha256 chain).
fn noise(n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(n + 32);
    let mut block = b"ocilens noise".to_vec();
    while out.len() < n {
        block = hex::decode(sha256_hex(&block)).unwrap();
        out.extend_from_slice(&block);
    }
    out.truncate(n);
    out
}
fn layer(r: &Report, i: usize) -> &LayerInfo {
    &r.images[0].layers[i]
}
/// The DiffID was computed, equals the sha256 of `tar`, and matches the config.
fn assert_diff_id_verified(r: &Report, i: usize, tar: &[u8]) {
    let l = layer(r, i);
    assert_eq!(l.diff_id.computed.as_deref(), Some(digest(tar).as_str()));
    assert_eq!(l.diff_id.status, Some(Status::Verified), "layer {i}");
    assert_eq!(l.check.digest_status, Some(Status::Verified), "layer {i}");
}
fn assert_unverifiable(r: &Report) {
    let l = layer(r, 0);
    assert_eq!(l.diff_id.computed, None);
    assert_eq!(l.diff_id.status, Some(Status::Unverifiable));
}
/// The paths (as shown) of the findings with `code`.
fn paths_of(r: &Report, code: &str) -> Vec<String> {
    r.findings
        .iter()
        .filter(|f| f.code.as_str() == code)
        .map(|f| f.r#where.path.clone().unwrap_or_default())
        .collect()
}

// ---------------------------------------------------------------- tar

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
    assert_eq!(paths_of(r, "tar.bad-header").len(), 2);
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
    assert_eq!(paths_of(r, "tar.truncated"), ["usr/lib/libc.so"]);
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
    assert_eq!(paths_of(r, "tar.sparse"), ["var/lib/disk.img"]);
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
        paths_of(r, "tar.device-node"),
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
        paths_of(r, "tar.setuid-setgid"),
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

// ---------------------------------------------------------------- whiteouts

/// `.wh.` with no name, and `.wh..` (image-spec: "invalid").
fn whiteout_invalid() -> Vec<u8> {
    let mut t = writer();
    t.file("etc/.wh.", b"").file("etc/.wh..", b"");
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::tar_gzip(t.finish()),
    ])
}
fn check_whiteout_invalid(r: &Report) {
    assert_eq!(
        paths_of(r, "whiteout.invalid-name"),
        ["etc/.wh.", "etc/.wh.."]
    );
    // nothing was removed
    assert_eq!(layer(r, 1).changes.unwrap().removed, 0);
}
/// The whiteout removes a file the same layer adds.
fn whiteout_same_layer() -> Vec<u8> {
    let mut t = writer();
    t.file("tmp/build.log", b"log\n").whiteout("tmp/build.log");
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::tar_gzip(t.finish()),
    ])
}
fn whiteout_target_missing() -> Vec<u8> {
    let mut t = TarWriter::new();
    t.whiteout("etc/nothing-here");
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::tar_gzip(t.finish()),
    ])
}
/// The opaque marker as a directory.
fn whiteout_opaque_not_file() -> Vec<u8> {
    let mut t = TarWriter::new();
    t.dir("etc").dir("etc/.wh..wh..opq");
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::tar_gzip(t.finish()),
    ])
}
/// AUFS bookkeeping left in a layer by Docker's aufs driver.
fn whiteout_aufs() -> Vec<u8> {
    let mut t = writer();
    t.file(".wh..wh.aufs", b"")
        .dir(".wh..wh.orph")
        .dir(".wh..wh.plnk")
        .file(".wh..wh.plnk/262.1234", b"pseudo-link target\n");
    one_gzip(t.finish())
}
fn check_whiteout_aufs(r: &Report) {
    assert!(r.findings.iter().all(|f| f.code != Code::WhiteoutInDirName));
    // AUFS bookkeeping is not part of the file system
    let t = r.tree.as_ref().unwrap();
    let paths: Vec<&str> = t.merged[0]
        .entries
        .iter()
        .map(|e| e.path.as_str())
        .collect();
    assert_eq!(paths, ["etc", "etc/hostname"]);
}
/// overlayfs whiteouts stored as they are on disk: a 0/0 character device and
/// the `trusted.overlay.opaque` attribute.
fn whiteout_overlay() -> Vec<u8> {
    let mut t = TarWriter::new();
    t.char_device("etc/hostname", 0, 0);
    t.pax(&[("SCHILY.xattr.trusted.overlay.opaque", b"y")]);
    t.dir("usr");
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::tar_gzip(t.finish()),
    ])
}
fn check_whiteout_overlay(r: &Report) {
    assert_eq!(
        paths_of(r, "whiteout.overlay-format"),
        ["etc/hostname", "usr"]
    );
}
/// A directory named like a whiteout, holding a file.
fn whiteout_in_dir_name() -> Vec<u8> {
    let mut t = writer();
    t.dir("opt")
        .file("opt/.wh.cache/data", b"kept by containerd\n");
    one_gzip(t.finish())
}

// ---------------------------------------------------------------- path safety

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
    assert_eq!(paths_of(r, "path-safety.symlink-escape"), ["etc/evil"]);
}
fn path_hardlink_dangling() -> Vec<u8> {
    let mut t = writer();
    t.dir("bin").hardlink("bin/sh", "bin/busybox");
    one_gzip(t.finish())
}
fn path_hardlink_forward() -> Vec<u8> {
    let mut t = writer();
    t.dir("bin")
        .hardlink("bin/sh", "bin/busybox")
        .file("bin/busybox", b"\x7fELF");
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
    assert_eq!(paths_of(r, "path-safety.confusable-name").len(), 2);
}

// ---------------------------------------------------------------- compression

/// zstd bytes typed `+gzip`.
fn compression_zstd_as_gzip() -> Vec<u8> {
    layout(vec![
        Layer::tar_zstd(base_tar()).with_media_type(media_types::OCI_LAYER_GZIP)
    ])
}
fn check_zstd_as_gzip(r: &Report) {
    assert_eq!(layer(r, 0).compression, Some(Content::Zstd));
    assert_diff_id_verified(r, 0, &base_tar());
}
/// containerd/containerd#9981: gzip bytes typed as an uncompressed tar.
fn compression_gzip_as_tar() -> Vec<u8> {
    layout(vec![
        Layer::tar_gzip(base_tar()).with_media_type(media_types::OCI_LAYER_TAR)
    ])
}
fn compression_unknown() -> Vec<u8> {
    layout(vec![Layer::new(
        media_types::OCI_LAYER_GZIP,
        b"PK\x03\x04 this is a zip, not a layer".to_vec(),
        &digest(&base_tar()),
    )])
}
/// A flipped byte in the gzip trailer's CRC-32: every byte decodes, the check fails.
fn compression_corrupt() -> Vec<u8> {
    let tar = base_tar();
    let mut blob = gzip(&tar);
    let at = blob.len() - 8;
    blob[at] ^= 0x01;
    layout(vec![Layer::new(
        media_types::OCI_LAYER_GZIP,
        blob,
        &digest(&tar),
    )])
}
fn compression_not_tar() -> Vec<u8> {
    let text = b"#!/bin/sh\n# an install script, gzipped, pushed as a layer\n".repeat(20);
    layout(vec![Layer::new(
        media_types::OCI_LAYER_GZIP,
        gzip(&text),
        &digest(&text),
    )])
}
fn compression_trailing() -> Vec<u8> {
    let tar = base_tar();
    let mut blob = gzip(&tar);
    blob.extend_from_slice(b"\nsignature: not a gzip member\n");
    layout(vec![Layer::new(
        media_types::OCI_LAYER_GZIP,
        blob,
        &digest(&tar),
    )])
}
fn check_compression_trailing(r: &Report) {
    // all the data was decoded: the DiffID is still checked
    assert_diff_id_verified(r, 0, &base_tar());
}
/// ocicrypt (containers/ocicrypt): AES-CTR output looks like noise.
fn compression_encrypted() -> Vec<u8> {
    let l = Layer::new(
        "application/vnd.oci.image.layer.v1.tar+gzip+encrypted",
        noise(2048),
        &digest(&base_tar()),
    )
    .with_annotation(
        "org.opencontainers.image.enc.keys.jwe",
        "eyJwcm90ZWN0ZWQiOiJleUpoYkdjaU9pSlNVMEV0VDBGRlVDSjkifQ",
    )
    .with_annotation(
        "org.opencontainers.image.enc.pubopts",
        "eyJjaXBoZXIiOiJBRVNfMjU2X0NUUl9ITUFDX1NIQTI1NiJ9",
    );
    layout(vec![l])
}
fn check_encrypted(r: &Report) {
    assert_unverifiable(r);
    assert_eq!(layer(r, 0).check.digest_status, Some(Status::Verified));
}

// ---------------------------------------------------------------- DiffIDs

fn diffid_mismatch() -> Vec<u8> {
    let other = rootfs_tar(&[("etc/hostname", b"something else\n")]);
    layout(vec![
        Layer::tar_gzip(base_tar()).with_diff_id(&digest(&other))
    ])
}
fn check_diffid_mismatch(r: &Report) {
    let l = layer(r, 0);
    assert_eq!(l.diff_id.computed, Some(digest(&base_tar())));
    assert_eq!(l.diff_id.status, Some(Status::Mismatch));
}
/// containers/podman#25593: `podman import rootfs.tar.xz` before Podman 5.4.2
/// stored the xz bytes as an "uncompressed" layer whose DiffID is the digest
/// of the compressed bytes.
fn diffid_compressed_digest() -> Vec<u8> {
    let blob = xz(&base_tar());
    let d = digest(&blob);
    layout(vec![Layer::new(media_types::OCI_LAYER_TAR, blob, &d)])
}
fn check_diffid_compressed(r: &Report) {
    let l = layer(r, 0);
    assert_eq!(l.compression, Some(Content::Xz));
    assert_eq!(l.diff_id.computed, Some(digest(&base_tar())));
    assert_eq!(l.diff_id.declared, l.digest);
    assert_eq!(l.diff_id.status, Some(Status::Mismatch));
}
fn diffid_count() -> Vec<u8> {
    let mut i = OciImage::new(vec![Layer::tar_gzip(base_tar())]);
    let mut c = i.config_value();
    c["rootfs"]["diff_ids"]
        .as_array_mut()
        .unwrap()
        .push(json!(EMPTY_TAR_DIFF_ID));
    i.config = Some(c);
    layout_of(i)
}
fn diffid_history_count() -> Vec<u8> {
    let mut i = OciImage::new(vec![Layer::tar_gzip(base_tar())]);
    let mut c = i.config_value();
    let h = c["history"].as_array_mut().unwrap();
    h.push(json!({"created": CREATED, "created_by": "RUN make"}));
    // an empty_layer entry does not count
    h.push(json!({"created": CREATED, "created_by": "ENV A=1", "empty_layer": true}));
    i.config = Some(c);
    layout_of(i)
}

// ---------------------------------------------------------------- limits

/// A 2 MiB GNU long name (Go's cap since CVE-2022-2879 is 1 MiB).
fn limits_tar_extension() -> Vec<u8> {
    let mut t = writer();
    let long = format!("opt/{}", "a".repeat(2 << 20));
    t.file(&long, b"x");
    one_gzip(t.finish())
}
/// A zstd frame header asking for a 2 GiB window (`zstd --long=31`).
fn limits_zstd_window() -> Vec<u8> {
    let mut frame = vec![0x28, 0xB5, 0x2F, 0xFD];
    frame.extend([0x00, (31 - 10) << 3, 0x01, 0x00, 0x00]);
    layout(vec![Layer::new(
        media_types::OCI_LAYER_ZSTD,
        frame,
        EMPTY_TAR_DIFF_ID,
    )])
}
/// An xz block header whose LZMA2 dictionary is 1.5 GiB (header CRC fixed).
fn limits_xz_dictionary() -> Vec<u8> {
    let tar = base_tar();
    let mut z = xz(&tar);
    let start = 12; // after the stream header
    let size = (usize::from(z[start]) + 1) * 4;
    let header = &mut z[start..start + size];
    let at = header
        .windows(2)
        .position(|w| w == [0x21, 0x01])
        .expect("LZMA2 filter flags");
    header[at + 2] = 37; // (2 | 1) << (18 + 11) = 1.5 GiB
    let mut crc = flate2::Crc::new();
    crc.update(&header[..size - 4]);
    header[size - 4..].copy_from_slice(&crc.sum().to_le_bytes());
    layout(vec![Layer::new(
        media_types::OCI_LAYER_TAR,
        z,
        &digest(&tar),
    )])
}
/// Eight entries; the last one, past a cap of 3, would be `path-safety.dotdot`.
fn entries_tar() -> Vec<u8> {
    let mut t = writer();
    for i in 0..5 {
        t.file(&format!("etc/f{i}"), b"x\n");
    }
    t.file("../escape", b"");
    t.finish()
}
fn entries_layer() -> Vec<u8> {
    one_gzip(entries_tar())
}
fn check_entries(r: &Report) {
    // listed up to the cap, hashed to the end
    assert_eq!(layer(r, 0).files, Some(3));
    assert_diff_id_verified(r, 0, &entries_tar());
}
fn big_layer() -> Vec<u8> {
    one_gzip(rootfs_tar(&[("usr/share/doc/README", &[b'r'; 5000])]))
}
fn long_path() -> Vec<u8> {
    let mut t = writer();
    t.file(
        &format!("usr/share/{}", "d/".repeat(70) + "file"),
        b"deep\n",
    );
    one_gzip(t.finish())
}

// ---------------------------------------------------------------- compatibility

fn compat_zstd() -> Vec<u8> {
    layout(vec![
        Layer::tar_gzip(base_tar()),
        Layer::tar_zstd(writer().finish()),
    ])
}
fn check_compat_zstd(r: &Report) {
    assert_eq!(layer(r, 1).compression, Some(Content::Zstd));
    assert_diff_id_verified(r, 1, &writer().finish());
}
/// BuildKit `compression=zstd` without `oci-mediatypes=true` (anchore/stereoscope#486).
fn compat_docker_zstd() -> Vec<u8> {
    layout_of(OciImage::docker(vec![Layer::docker_zstd(base_tar())]))
}
fn compat_bzip2() -> Vec<u8> {
    let tar = base_tar();
    layout(vec![Layer::new(
        media_types::OCI_LAYER_TAR,
        bzip2(&tar),
        &digest(&tar),
    )])
}
fn check_bzip2(r: &Report) {
    assert_eq!(layer(r, 0).compression, Some(Content::Bzip2));
    assert_diff_id_verified(r, 0, &base_tar());
}
/// The tar of the zstd:chunked cases, and its frames: one per file as
/// c/storage writes them, then the table of contents in a skippable frame.
fn chunked_tar() -> Vec<u8> {
    let mut t = writer();
    t.dir("usr/lib").file("usr/lib/libfoo.so", &noise(70_000));
    t.file("usr/lib/libbar.so", &b"bar".repeat(30_000));
    t.finish()
}
fn chunked_blob() -> Vec<u8> {
    let tar = chunked_tar();
    let cuts = [0, 1536, 73_216, tar.len()];
    let chunks: Vec<&[u8]> = cuts.windows(2).map(|w| &tar[w[0]..w[1]]).collect();
    let mut blob = zstd_frames(&chunks[..1]);
    blob.extend(zstd_skippable(0, b"between frames"));
    blob.extend(zstd_frames(&chunks[1..]));
    blob.extend(zstd_skippable(
        0,
        br#"{"version":1,"entries":[{"type":"reg","name":"usr/lib/libfoo.so"}]}"#,
    ));
    blob
}
fn chunked(key: &str) -> Vec<u8> {
    let l = Layer::new(
        media_types::OCI_LAYER_ZSTD,
        chunked_blob(),
        &digest(&chunked_tar()),
    )
    .with_annotation(key, &digest(b"toc"))
    .with_annotation(
        &key.replace("manifest-checksum", "manifest-position"),
        "80000:200:300:1",
    );
    layout(vec![l])
}
fn compat_zstd_chunked() -> Vec<u8> {
    chunked("io.github.containers.zstd-chunked.manifest-checksum")
}
/// skopeo 1.9.3 (c/storage before the io.github rename) writes this key.
fn compat_zstd_chunked_old_key() -> Vec<u8> {
    chunked("io.containers.zstd-chunked.manifest-checksum")
}
fn check_chunked(r: &Report) {
    assert_eq!(layer(r, 0).compression, Some(Content::Zstd));
    assert_diff_id_verified(r, 0, &chunked_tar());
}
fn compat_nondistributable() -> Vec<u8> {
    layout(vec![Layer::tar_gzip(base_tar()).with_media_type(
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
    )])
}

// ---------------------------------------------------------------- good images

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
    assert_eq!(r.summary.errors + r.summary.warnings, 0);
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

/// `docker save | gzip`: the archive is read in one pass, layers included.
fn gzipped_archive() -> Vec<u8> {
    gzip(&path_hardlink_forward())
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

// ---------------------------------------------------------------- the cases

pub static CASES: &[Case] = &[
    // tar
    Case {
        check: Some(check_tar_bad_header),
        ..case(
            "tar: bad header checksum",
            tar_bad_header,
            &["tar.bad-header", OCI],
        )
    },
    Case {
        check: Some(check_tar_bad_numbers),
        ..case(
            "tar: non-octal uid, malformed PAX record",
            tar_bad_numbers,
            &["tar.bad-header", OCI],
        )
    },
    Case {
        check: Some(check_tar_truncated),
        ..case(
            "tar: body cut short",
            tar_truncated,
            &["tar.truncated", OCI],
        )
    },
    case(
        "tar: no end marker",
        tar_no_end_marker,
        &["tar.no-end-marker", OCI],
    ),
    Case {
        check: Some(check_tar_trailing_data),
        ..case(
            "tar: data after the end marker",
            tar_trailing_data,
            &["tar.trailing-data", OCI],
        )
    },
    // CVE-2025-62518 (TARmageddon)
    Case {
        check: Some(check_tar_pax_conflict),
        ..case(
            "tar: PAX size vs header size (CVE-2025-62518)",
            tar_pax_conflict,
            &["tar.pax-conflict", OCI],
        )
    },
    Case {
        check: Some(check_tar_two_pax_headers),
        ..case(
            "tar: two PAX headers for one entry",
            tar_two_pax_headers,
            &["tar.pax-conflict", OCI],
        )
    },
    case(
        "tar: duplicate path",
        tar_duplicate_path,
        &["tar.duplicate-path", OCI],
    ),
    // RUSTSEC-2026-0067
    case(
        "tar: file then directory",
        tar_type_change,
        &["tar.type-change", OCI],
    ),
    case(
        "tar: unknown type flag",
        tar_unknown_type,
        &["tar.unknown-type", OCI],
    ),
    Case {
        check: Some(check_tar_sparse),
        ..case("tar: PAX sparse file", tar_sparse, &["tar.sparse", OCI])
    },
    Case {
        check: Some(check_tar_device_node),
        ..case(
            "tar: devices and FIFO",
            tar_device_node,
            &["tar.device-node", OCI],
        )
    },
    Case {
        check: Some(check_tar_setuid),
        ..case(
            "tar: setuid and setgid",
            tar_setuid,
            &["tar.setuid-setgid", OCI],
        )
    },
    case(
        "tar: Latin-1 name",
        tar_name_not_utf8,
        &["tar.name-not-utf8", OCI],
    ),
    // whiteouts
    Case {
        check: Some(check_whiteout_invalid),
        ..case(
            "whiteout: no name",
            whiteout_invalid,
            &["whiteout.invalid-name", OCI],
        )
    },
    case(
        "whiteout: of a path added in the same layer",
        whiteout_same_layer,
        &["whiteout.same-layer", OCI],
    ),
    case(
        "whiteout: of nothing",
        whiteout_target_missing,
        &["whiteout.target-missing", OCI],
    ),
    case(
        "whiteout: opaque marker is a directory",
        whiteout_opaque_not_file,
        &["whiteout.opaque-not-file", OCI],
    ),
    Case {
        check: Some(check_whiteout_aufs),
        ..case(
            "whiteout: AUFS bookkeeping",
            whiteout_aufs,
            &["whiteout.aufs-internal", OCI],
        )
    },
    Case {
        check: Some(check_whiteout_overlay),
        ..case(
            "whiteout: overlayfs format",
            whiteout_overlay,
            &["whiteout.overlay-format", OCI],
        )
    },
    case(
        "whiteout: directory named .wh.",
        whiteout_in_dir_name,
        &["whiteout.in-dir-name", OCI],
    ),
    // path safety
    // CVE-2014-9356, CVE-2014-6407
    case(
        "path: .. component",
        path_dotdot,
        &["path-safety.dotdot", OCI],
    ),
    case(
        "path: absolute",
        path_absolute,
        &["path-safety.absolute", OCI],
    ),
    case(
        "path: empty name",
        path_empty,
        &["path-safety.empty-name", OCI],
    ),
    // umoci CVE-2021-29136
    case(
        "path: root is a symlink (CVE-2021-29136)",
        path_root_not_dir,
        &["path-safety.root-not-dir", OCI],
    ),
    Case {
        check: Some(check_symlink_escape),
        ..case(
            "path: symlink above the root",
            path_symlink_escape,
            &["path-safety.symlink-escape", OCI],
        )
    },
    case(
        "path: dangling hard link",
        path_hardlink_dangling,
        &["path-safety.hardlink-dangling", OCI],
    ),
    case(
        "path: forward hard link",
        path_hardlink_forward,
        &["path-safety.hardlink-forward", OCI],
    ),
    case(
        "path: hard link to a directory",
        path_hardlink_to_dir,
        &["path-safety.hardlink-to-dir", OCI],
    ),
    case(
        "path: hard link to a lower layer's directory",
        path_hardlink_to_lower_dir,
        &["path-safety.hardlink-to-dir", OCI],
    ),
    case(
        "path: hard link above the root",
        path_hardlink_escape,
        &["path-safety.hardlink-escape", OCI],
    ),
    // CVE-2021-42574 (Trojan Source)
    Case {
        check: Some(check_confusable),
        ..case(
            "path: bidi override in a name (CVE-2021-42574)",
            path_confusable,
            &["path-safety.confusable-name", OCI],
        )
    },
    // layer compression
    Case {
        check: Some(check_zstd_as_gzip),
        ..case(
            "compression: zstd typed gzip",
            compression_zstd_as_gzip,
            &["layer-compression.mismatch", "compatibility.zstd", OCI],
        )
    },
    // containerd/containerd#9981
    case(
        "compression: gzip typed tar (containerd#9981)",
        compression_gzip_as_tar,
        &["layer-compression.mismatch", OCI],
    ),
    case(
        "compression: not a known format",
        compression_unknown,
        &["layer-compression.unknown", OCI],
    ),
    Case {
        check: Some(assert_unverifiable),
        ..case(
            "compression: gzip CRC wrong",
            compression_corrupt,
            &["layer-compression.corrupt", "diffid.unverifiable", OCI],
        )
    },
    case(
        "compression: gzip of a script",
        compression_not_tar,
        &["layer-compression.not-tar", OCI],
    ),
    Case {
        check: Some(check_compression_trailing),
        ..case(
            "compression: bytes after the gzip member",
            compression_trailing,
            &["layer-compression.trailing-data", OCI],
        )
    },
    Case {
        check: Some(check_encrypted),
        ..case(
            "compression: ocicrypt layer",
            compression_encrypted,
            &["layer-compression.encrypted", OCI],
        )
    },
    // DiffIDs
    Case {
        check: Some(check_diffid_mismatch),
        ..case("diffid: wrong", diffid_mismatch, &["diffid.mismatch", OCI])
    },
    // containers/podman#25593
    Case {
        check: Some(check_diffid_compressed),
        ..case(
            "diffid: podman import of xz (podman#25593)",
            diffid_compressed_digest,
            &[
                "layer-compression.mismatch",
                "diffid.compressed-digest",
                "compatibility.xz",
                OCI,
            ],
        )
    },
    case("diffid: one too many", diffid_count, &["diffid.count", OCI]),
    case(
        "diffid: history entries vs layers",
        diffid_history_count,
        &["diffid.history-count", OCI],
    ),
    // limits
    // Go CVE-2022-2879
    case(
        "limits: 2 MiB GNU long name (CVE-2022-2879)",
        limits_tar_extension,
        &["limits.tar-extension", OCI],
    ),
    Case {
        check: Some(assert_unverifiable),
        ..case(
            "limits: zstd window of 2 GiB",
            limits_zstd_window,
            &[
                "limits.zstd-window",
                "diffid.unverifiable",
                "compatibility.zstd",
                OCI,
            ],
        )
    },
    Case {
        check: Some(assert_unverifiable),
        ..case(
            "limits: xz dictionary of 1.5 GiB",
            limits_xz_dictionary,
            &[
                "limits.xz-dictionary",
                "diffid.unverifiable",
                "layer-compression.mismatch",
                "compatibility.xz",
                OCI,
            ],
        )
    },
    Case {
        check: Some(check_entries),
        options: Some(|o| o.limits.entries_per_layer = 3),
        ..case(
            "limits: entries per layer",
            entries_layer,
            &["limits.entries-per-layer", OCI],
        )
    },
    Case {
        check: Some(assert_unverifiable),
        options: Some(|o| o.limits.decompressed_bytes = 1000),
        ..case(
            "limits: decompressed bytes",
            big_layer,
            &["limits.decompressed-bytes", "diffid.unverifiable", OCI],
        )
    },
    Case {
        options: Some(|o| o.limits.path_length = 100),
        ..case(
            "limits: path length",
            long_path,
            &["limits.path-length", OCI],
        )
    },
    // compatibility
    Case {
        check: Some(check_compat_zstd),
        ..case(
            "compat: zstd layer",
            compat_zstd,
            &["compatibility.zstd", OCI],
        )
    },
    // anchore/stereoscope#486
    case(
        "compat: Docker-typed zstd (BuildKit)",
        compat_docker_zstd,
        &[
            "compatibility.docker-zstd",
            "compatibility.zstd",
            "compatibility.docker-manifest-in-layout",
            "media-type-mix.index-family",
        ],
    ),
    Case {
        check: Some(check_bzip2),
        ..case(
            "compat: bzip2 layer",
            compat_bzip2,
            &["compatibility.bzip2", "layer-compression.mismatch", OCI],
        )
    },
    // containers/podman#24885
    Case {
        check: Some(check_chunked),
        ..case(
            "compat: zstd:chunked",
            compat_zstd_chunked,
            &["compatibility.zstd-chunked", "compatibility.zstd", OCI],
        )
    },
    Case {
        check: Some(check_chunked),
        ..case(
            "compat: zstd:chunked, skopeo 1.9.3 annotation",
            compat_zstd_chunked_old_key,
            &["compatibility.zstd-chunked", "compatibility.zstd", OCI],
        )
    },
    case(
        "compat: non-distributable layer present",
        compat_nondistributable,
        &["compatibility.nondistributable", OCI],
    ),
    // good images and decoder traps
    Case {
        check: Some(check_good_multi_layer),
        ..case(
            "good: three layers, whiteouts, opaque dir",
            good_multi_layer,
            &[OCI],
        )
    },
    Case {
        check: Some(check_gzip_two_members),
        ..case("good: gzip of two members", gzip_two_members, &[OCI])
    },
    Case {
        check: Some(check_zstd_frames),
        ..case(
            "good: zstd frames and skippable frames",
            zstd_frames_and_skippable,
            &["compatibility.zstd", OCI],
        )
    },
    Case {
        check: Some(check_docker_archive_dotdot),
        ..case(
            "docker-archive layer with ..",
            docker_archive_dotdot,
            &["path-safety.dotdot"],
        )
    },
    case(
        "gzipped archive: layer checks in one pass",
        gzipped_archive,
        &["path-safety.hardlink-forward", OCI],
    ),
    Case {
        check: Some(check_brace),
        ..case(
            "layer starting with {",
            layer_starting_with_brace,
            &["whiteout.target-missing", OCI],
        )
    },
    Case {
        check: Some(check_many_devices),
        ..case(
            "tar: thirty device nodes, capped",
            tar_many_devices,
            &["tar.device-node", OCI],
        )
    },
    Case {
        check: Some(check_same_blob_twice),
        ..case("good: one empty blob, two layers", same_blob_twice, &[OCI])
    },
    Case {
        check: Some(check_dot_slash),
        ..case("good: ./-prefixed layers", dot_slash, &[OCI])
    },
    Case {
        check: Some(check_docker_archive_gzip),
        ..case(
            "docker-archive with a gzip layer.tar",
            docker_archive_gzip_layer,
            &[],
        )
    },
];
