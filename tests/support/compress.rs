//! Compressors and digests for crafting blobs (pure Rust, wasm32-safe).

use std::io::Write;

use sha2::{Digest as _, Sha256};

/// gzip, default level, header mtime 0 (deterministic).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    gzip_level(data, 6)
}

/// gzip at `level` (0 = stored, 9 = best).
pub fn gzip_level(data: &[u8], level: u32) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// Several gzip members back to back, one per chunk (as estargz writes).
pub fn gzip_members(chunks: &[&[u8]]) -> Vec<u8> {
    chunks.iter().flat_map(|c| gzip(c)).collect()
}

/// One zstd frame (ruzstd, "fastest" level).
pub fn zstd(data: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
}

/// Several zstd frames back to back, one per chunk (as zstd:chunked writes).
pub fn zstd_frames(chunks: &[&[u8]]) -> Vec<u8> {
    chunks.iter().flat_map(|c| zstd(c)).collect()
}

/// A zstd skippable frame (magic `0x184D2A50 + (nibble & 0xF)`) carrying `payload`.
pub fn zstd_skippable(nibble: u8, payload: &[u8]) -> Vec<u8> {
    let magic = 0x184D_2A50u32 + u32::from(nibble & 0x0F);
    let mut out = magic.to_le_bytes().to_vec();
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// xz, preset 1 (small and fast, also on wasm32; decoders do not care), CRC64.
pub fn xz(data: &[u8]) -> Vec<u8> {
    xz_preset(data, 1)
}

/// xz with the given preset (0–9).
pub fn xz_preset(data: &[u8], preset: u32) -> Vec<u8> {
    let options = lzma_rust2::XzOptions::with_preset(preset);
    let mut w = lzma_rust2::XzWriter::new(Vec::new(), options).unwrap();
    w.write_all(data).unwrap();
    w.finish().unwrap()
}

/// bzip2, default level.
pub fn bzip2(data: &[u8]) -> Vec<u8> {
    let mut enc = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// Lower-case hex sha256 of `data` (no algorithm prefix).
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// The OCI digest of `data`: `"sha256:<hex>"`.
pub fn digest(data: &[u8]) -> String {
    format!("sha256:{}", sha256_hex(data))
}

/// The hex part of a `"sha256:<hex>"` digest (the whole string if it has no `:`).
pub fn digest_hex(digest: &str) -> &str {
    digest.split_once(':').map_or(digest, |(_, hex)| hex)
}
