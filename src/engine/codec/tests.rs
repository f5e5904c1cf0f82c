//! Helpers shared by the codec tests (sample data, encoders, draining a decoder), and the
//! tests that hold for the decoder as a whole rather than for one codec.

use super::*;
use std::io::Write;

/// gzip at the fastest level (flate2).
pub(crate) fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Zstandard at the fastest level (ruzstd; it writes content checksums).
pub(crate) fn zstd(data: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
}

/// xz with `options` (lzma-rust2).
pub(crate) fn xz_with(data: &[u8], options: lzma_rust2::XzOptions) -> Vec<u8> {
    let mut w = lzma_rust2::XzWriter::new(Vec::new(), options).unwrap();
    w.write_all(data).unwrap();
    w.finish().unwrap()
}

/// xz at preset 1.
pub(crate) fn xz(data: &[u8]) -> Vec<u8> {
    xz_with(data, lzma_rust2::XzOptions::with_preset(1))
}

/// bzip2 at the fastest level (the bzip2 crate).
pub(crate) fn bzip2(data: &[u8]) -> Vec<u8> {
    let mut e = ::bzip2::write::BzEncoder::new(Vec::new(), ::bzip2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Pseudo-random but compressible text: words from a small vocabulary (LCG-driven).
pub(crate) fn sample(len: usize, seed: u64) -> Vec<u8> {
    const WORDS: [&str; 16] = [
        "layer",
        "blob",
        "sha256",
        "manifest",
        "config",
        "diff",
        "tar",
        "gzip",
        "zstd",
        "index",
        "image",
        "/usr/lib/",
        "etc",
        "0755",
        "\n",
        "whiteout",
    ];
    let mut out = Vec::with_capacity(len + 16);
    let mut x = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    while out.len() < len {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let r = (x >> 33) as usize;
        out.extend_from_slice(WORDS[r % WORDS.len()].as_bytes());
        if r.is_multiple_of(7) {
            out.push((r >> 8) as u8);
        }
        out.push(b' ');
    }
    out.truncate(len);
    out
}

/// Reads `r` to its end; returns the bytes read and the error that stopped it, if any.
pub(crate) fn drain(mut r: impl Read) -> (Vec<u8>, Option<io::Error>) {
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match r.read(&mut buf) {
            Ok(0) => return (out, None),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) => return (out, Some(e)),
        }
    }
}

/// Decodes `data` with `c` through a small-buffered reader (to cross buffer edges).
pub(crate) fn decode_all(
    c: Compression,
    data: &[u8],
    limits: &CodecLimits,
) -> (Vec<u8>, Option<io::Error>) {
    let r = io::BufReader::with_capacity(1000, data);
    drain(decoder(c, r, limits))
}

/// Every proper prefix of the valid stream `z` (cut at each `step`-th byte, and near
/// the end at every byte) fails as [`CodecErrorKind::Truncated`], through a reader
/// that hands out one byte at a time and through a large buffer; the whole of `z`
/// decodes through the one-byte reader.
pub(crate) fn assert_every_cut_truncated(c: Compression, z: &[u8], step: usize) {
    let limits = CodecLimits::default();
    let whole = drain(decoder(c, io::BufReader::with_capacity(1, z), &limits));
    assert!(whole.1.is_none(), "{c}: {:?}", whole.1);
    let cuts = (0..z.len())
        .step_by(step)
        .chain(z.len().saturating_sub(40)..z.len());
    for cut in cuts {
        let cap = if cut % 2 == 0 { 1 } else { 64 * 1024 };
        let r = io::BufReader::with_capacity(cap, &z[..cut]);
        let (_, err) = drain(decoder(c, r, &limits));
        assert_eq!(kind_of(&err), CodecErrorKind::Truncated, "{c} cut at {cut}");
    }
}

/// The codec error in `e`, panicking if there is none.
pub(crate) fn kind_of(e: &Option<io::Error>) -> CodecErrorKind {
    let e = e.as_ref().unwrap();
    assert_eq!(e.kind(), io::ErrorKind::InvalidData, "{e}");
    codec_error(e).unwrap().kind.clone()
}

#[test]
fn none_passes_through() {
    let data = sample(10_000, 1);
    let (out, err) = decode_all(Compression::None, &data, &CodecLimits::default());
    assert!(err.is_none());
    assert_eq!(out, data);
}

#[test]
fn names_and_serde() {
    for (c, s) in [
        (Compression::None, "none"),
        (Compression::Gzip, "gzip"),
        (Compression::Zstd, "zstd"),
        (Compression::Xz, "xz"),
        (Compression::Bzip2, "bzip2"),
    ] {
        assert_eq!(c.as_str(), s);
        assert_eq!(c.to_string(), s);
    }
    let limits = CodecLimits::default();
    assert_eq!(limits.zstd_window_max, 134_217_728);
    assert_eq!(limits.xz_memory_max, 134_217_728);
}

/// An error of the underlying reader is passed through unchanged, not as a codec error.
#[test]
fn reader_errors_pass_through() {
    struct Failing;
    impl Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::new(io::ErrorKind::PermissionDenied, "nope"))
        }
    }
    for c in [
        Compression::Gzip,
        Compression::Zstd,
        Compression::Xz,
        Compression::Bzip2,
    ] {
        let mut d = decoder(c, io::BufReader::new(Failing), &CodecLimits::default());
        let mut buf = [0u8; 100];
        let e = d.read(&mut buf).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::PermissionDenied, "{c}");
        assert!(codec_error(&e).is_none(), "{c}");
        assert!(d.read(&mut buf).is_err(), "{c}: stays failed");
    }
}

/// Empty input is a truncated stream for every codec.
#[test]
fn empty_input_is_truncated() {
    for c in [
        Compression::Gzip,
        Compression::Zstd,
        Compression::Xz,
        Compression::Bzip2,
    ] {
        let (out, err) = decode_all(c, &[], &CodecLimits::default());
        assert!(out.is_empty());
        assert_eq!(kind_of(&err), CodecErrorKind::Truncated, "{c}");
        assert_eq!(codec_error(err.as_ref().unwrap()).unwrap().compression, c);
    }
}
