//! The caps: document size, JSON and index depth, tar extensions, zstd window, xz dictionary,
//! entries, decompressed bytes, path length.

use super::common::*;
use crate::support::compress::*;
use crate::support::json::*;
use crate::support::layer::*;
use crate::support::media_types;
use crate::support::oci_layout::*;
use ocilens::engine::finding::Code;
use ocilens::engine::report::Report;
use serde_json::json;

fn big_config() -> Vec<u8> {
    layout_as_is(with_config(|c| c["comment"] = json!("x".repeat(9 << 20))))
}
fn deep_json() -> Vec<u8> {
    let idx = format!(
        "{{\"schemaVersion\":2,\"manifests\":[],\"x\":{}{}}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    index_bytes(idx.as_bytes())
}
fn deep_index() -> Vec<u8> {
    let base = img();
    let mut b = OciLayoutBuilder::new().image(base.clone());
    let mut child = json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [base.descriptor()]});
    for _ in 0..17 {
        let blob = to_json(&child);
        b = b.extra_blob(blob.clone());
        child = json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{
            "mediaType": "application/vnd.oci.image.index.v1+json", "digest": digest(&blob), "size": blob.len()}]});
    }
    b.index_override(child).build()
}
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

crafted! {
    big_config: C "config over 8 MiB", [Code::LimitsJsonDocument, OCI];
    deep_json: C "JSON nested 200 deep", [Code::LimitsJsonDepth, Code::ArchiveUnreferencedBlob];
    deep_index: B "indexes nested 18 deep",
        [Code::LimitsIndexDepth, Code::ArchiveUnreferencedBlob, Code::ReferenceNone];
    /// Go CVE-2022-2879
    limits_tar_extension: F "limits: 2 MiB GNU long name (CVE-2022-2879)",
        [Code::LimitsTarExtension, OCI];
    limits_zstd_window: E "limits: zstd window of 2 GiB",
        [Code::LimitsZstdWindow, Code::DiffidUnverifiable, Code::CompatibilityZstd, OCI],
        check = assert_unverifiable;
    limits_xz_dictionary: E "limits: xz dictionary of 1.5 GiB",
        [Code::LimitsXzDictionary, Code::DiffidUnverifiable, Code::LayerCompressionMismatch,
         Code::CompatibilityXz, OCI],
        check = assert_unverifiable;
    entries_layer: H "limits: entries per layer",
        [Code::LimitsEntriesPerLayer, OCI],
        check = check_entries,
        options = |o| o.limits.entries_per_layer = 3;
    big_layer: E "limits: decompressed bytes",
        [Code::LimitsDecompressedBytes, Code::DiffidUnverifiable, OCI],
        check = assert_unverifiable,
        options = |o| o.limits.decompressed_bytes = 1000;
    long_path: F "limits: path length",
        [Code::LimitsPathLength, OCI],
        options = |o| o.limits.path_length = 100;
}
