//! Decompression bombs (category E), one per codec: a layer whose one file
//! claims 4 GiB of zeros, made of one small member or frame repeated (gzip
//! members, zstd frames, xz streams, bzip2 streams back to back are each a
//! valid stream). Each is stopped by the decompressed-bytes cap (here 32 MiB),
//! which is a finding; the DiffID cannot be computed then.

use super::common::*;
use crate::support::compress::*;
use crate::support::layer::*;
use crate::support::media_types;
use crate::support::tar_writer::*;
use ocilens::engine::finding::Code;

const CHUNK: usize = 16 << 20;
/// The file's size: 4 GiB - 1 (fits the octal size field).
const CLAIMED: u64 = (4 << 30) - 1;

/// The tar header of the bomb's one file.
fn bomb_header() -> Vec<u8> {
    let spec = EntrySpec {
        path: b"var/zeros".to_vec(),
        ..Default::default()
    };
    header_block(&spec, CLAIMED).to_vec()
}
/// `compress(header)` then `copies` times `compress(16 MiB of zeros)`.
fn bomb(compress: fn(&[u8]) -> Vec<u8>, copies: usize, media_type: &str) -> Vec<u8> {
    let mut blob = compress(&bomb_header());
    let zeros = compress(&vec![0u8; CHUNK]);
    for _ in 0..copies {
        blob.extend_from_slice(&zeros);
    }
    layout(vec![Layer::new(media_type, blob, EMPTY_TAR_DIFF_ID)])
}
/// 4 MB of gzip that inflates to 4 GiB.
fn bomb_gzip() -> Vec<u8> {
    bomb(gzip, 256, media_types::OCI_LAYER_GZIP)
}
fn bomb_zstd() -> Vec<u8> {
    bomb(zstd, 256, media_types::OCI_LAYER_ZSTD)
}
fn bomb_xz() -> Vec<u8> {
    bomb(xz, 256, "application/vnd.oci.image.layer.v1.tar+xz")
}
fn bomb_bzip2() -> Vec<u8> {
    bomb(bzip2, 256, "application/vnd.oci.image.layer.v1.tar+bzip2")
}

/// The tar of `layout` without its end marker and padding (zero blocks), so
/// that more entries can follow it.
fn without_end(mut tar: Vec<u8>) -> Vec<u8> {
    while tar.len() >= 512 && tar[tar.len() - 512..].iter().all(|&b| b == 0) {
        tar.truncate(tar.len() - 512);
    }
    tar
}
/// A rootfs tarball compressed as a whole (gzip members back to back) whose
/// one file claims 4 GiB of zeros: the whole archive is the bomb.
fn bomb_outer_rootfs() -> Vec<u8> {
    let mut out = gzip(&bomb_header());
    let zeros = gzip(&vec![0u8; CHUNK]);
    for _ in 0..256 {
        out.extend_from_slice(&zeros);
    }
    out
}
/// An OCI layout compressed as a whole, then a 4 GiB file of zeros after
/// its blobs: the image is read, then the cap stops the stream.
fn bomb_outer_image() -> Vec<u8> {
    let mut out = gzip(&without_end(good_oci()));
    out.extend_from_slice(&gzip(&bomb_header()));
    let zeros = gzip(&vec![0u8; CHUNK]);
    for _ in 0..256 {
        out.extend_from_slice(&zeros);
    }
    out
}

crafted! {
    bomb_outer_rootfs: E "bomb: a gzip rootfs tarball of 4 GiB",
        [Code::LimitsDecompressedBytes, Code::FormatRootfsTar],
        check = |r| assert_eq!(r.input.rootfs_diff_id, None, "no DiffID to record"),
        options = |o| o.limits.decompressed_bytes = 32 << 20;
    bomb_outer_image: E "bomb: a gzip-compressed image with 4 GiB after its blobs",
        [Code::LimitsDecompressedBytes, OCI],
        options = |o| o.limits.decompressed_bytes = 32 << 20;
    bomb_gzip: E "bomb: gzip, 4 GiB from 4 MB",
        [Code::LimitsDecompressedBytes, Code::DiffidUnverifiable, OCI],
        options = |o| o.limits.decompressed_bytes = 32 << 20;
    bomb_zstd: E "bomb: zstd, 4 GiB",
        [Code::LimitsDecompressedBytes, Code::DiffidUnverifiable, Code::CompatibilityZstd, OCI],
        options = |o| o.limits.decompressed_bytes = 32 << 20;
    bomb_xz: E "bomb: xz, 4 GiB",
        [Code::LimitsDecompressedBytes, Code::DiffidUnverifiable, Code::CompatibilityXz,
         Code::DescriptorMediaTypeUnknownLayerType, OCI],
        options = |o| o.limits.decompressed_bytes = 32 << 20;
    bomb_bzip2: E "bomb: bzip2, 4 GiB",
        [Code::LimitsDecompressedBytes, Code::DiffidUnverifiable, Code::CompatibilityBzip2,
         Code::DescriptorMediaTypeUnknownLayerType, OCI],
        options = |o| o.limits.decompressed_bytes = 32 << 20;
}
