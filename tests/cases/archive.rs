//! The outer archive: its tar headers, end marker, entries, blob names and compression.

use super::common::*;
use crate::support::compress::*;
use crate::support::docker_archive::*;
use crate::support::edits::Edited;
use crate::support::oci_layout::*;
use crate::support::tar_writer::*;
use ocilens::engine::finding::Code;
use serde_json::json;

/// Offset of the tar header of the entry whose name starts with `name`.
fn header_offset(tar: &[u8], name: &str) -> usize {
    (0..tar.len() / 512)
        .map(|b| b * 512)
        .find(|&o| tar[o..].starts_with(name.as_bytes()) && &tar[o + 257..o + 262] == b"ustar")
        .expect("entry")
}
fn strip_end(mut t: Vec<u8>) -> Vec<u8> {
    while t.len() >= 512 && t[t.len() - 512..].iter().all(|&b| b == 0) {
        t.truncate(t.len() - 512);
    }
    t
}
fn truncated() -> Vec<u8> {
    let t = OciLayoutBuilder::new()
        .image(img())
        .metadata_last(false)
        .build();
    let mut cut = t.clone();
    let o = header_offset(&t, &format!("blobs/sha256/{}", &layer_digest(&img())[7..]));
    cut.truncate(o + 512 + 40);
    cut
}
fn bad_header() -> Vec<u8> {
    let mut t = good_oci();
    let o = header_offset(&t, "index.json");
    t[o + 148] ^= 0x01;
    t
}
fn no_end_marker() -> Vec<u8> {
    strip_end(good_oci())
}
fn trailing() -> Vec<u8> {
    let mut t = good_oci();
    t.extend_from_slice(&[b'x'; 700]);
    t
}
/// A non-fatal outer tar issue (a bad `mtime` in `index.json`'s header: the walk goes on),
/// then garbage after the end marker: both must be reported.
fn bad_mtime_then_trailing() -> Vec<u8> {
    let mut t = good_oci();
    let o = header_offset(&t, "index.json");
    let mut h: [u8; 512] = t[o..o + 512].try_into().unwrap();
    h[136..148].copy_from_slice(b"9999999999x\0");
    set_checksum(&mut h);
    t[o..o + 512].copy_from_slice(&h);
    t.extend_from_slice(&[b'x'; 700]);
    t
}
fn duplicate_entry() -> Vec<u8> {
    let i = img();
    OciLayoutBuilder::new()
        .image(i.clone())
        .extra_entry("index.json", OciLayoutBuilder::new().image(i).index_blob())
        .build()
}
fn dangling_symlink() -> Vec<u8> {
    // `<id>/layer.tar -> ../<diffid>.tar` with the target missing
    let i = DockerImage::new(vec![base_tar()]).with_repo_tag("app:1");
    let hex = i.real_diff_ids()[0][7..].to_string();
    let id = i.layer_ids()[0].clone();
    let b = DockerArchiveBuilder::new().image(i).symlinked_layers(true);
    let mut m = b.generated_manifest();
    m[0]["Layers"] = json!([format!("{id}/layer.tar")]);
    b.manifest_override(m)
        .omit_path(&format!("{hex}.tar"))
        .build()
}
fn bad_blob_name() -> Vec<u8> {
    OciLayoutBuilder::new()
        .image(img())
        .extra_entry("blobs/sha256/not-a-digest", b"x".to_vec())
        .build()
}
fn unreferenced() -> Vec<u8> {
    OciLayoutBuilder::new()
        .image(img())
        .extra_blob(b"left over".to_vec())
        .build()
}
fn corrupt_outer_gzip() -> Vec<u8> {
    let g = gzip(&good_oci());
    g[..g.len() / 2].to_vec()
}
/// `docker save | gzip`: the archive is read in one pass, layers included.
fn gzipped_archive() -> Vec<u8> {
    gzip(&path_hardlink_forward())
}

crafted! {
    truncated: A "truncated archive",
        [Code::ArchiveTruncated, Code::BlobSizeShort, Code::BlobDigestMismatch,
         Code::LayerCompressionCorrupt, Code::DiffidUnverifiable, OCI];
    bad_header: A "corrupt outer header", [Code::ArchiveBadHeader, Code::FormatIndexMissing];
    no_end_marker: A "no end marker", [Code::ArchiveNoEndMarker, OCI];
    trailing: A "trailing data after end marker", [Code::ArchiveTrailingData, OCI];
    bad_mtime_then_trailing: A "non-fatal outer header issue then trailing data",
        [Code::ArchiveBadHeader, Code::ArchiveTrailingData, OCI];
    duplicate_entry: A "two index.json", [Code::ArchiveDuplicateEntry, OCI];
    dangling_symlink: A "dangling layer symlink", [Code::ArchiveBadSymlink];
    bad_blob_name: A "misnamed blob", [Code::ArchiveBadBlobName, OCI];
    unreferenced: A "unreferenced blob", [Code::ArchiveUnreferencedBlob, OCI];
    corrupt_outer_gzip: A "outer gzip cut in half", [Code::ArchiveCorruptCompression];
    gzipped_archive: A "gzipped archive: layer checks in one pass",
        [Code::PathSafetyHardlinkForward, OCI];
}
