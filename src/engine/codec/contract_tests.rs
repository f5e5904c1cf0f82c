//! The contract every codec's decoder keeps (see the [module documentation](super)),
//! written once and run over each codec by [`codec_contract_tests!`]: multi-megabyte
//! round trips, every member, frame or stream decoded, trailing data reported after all
//! the data before it, other data called corrupt, errors sticky, and every cut truncated.
//! What only one codec has (gzip's CRC-32, zstd's skippable frames and window cap, xz's
//! stream padding and memory cap, bzip2's block CRCs) is tested in that codec's file.

use super::tests::{assert_every_cut_truncated, decode_all, kind_of, sample};
use super::tests::{bzip2, gzip, xz, zstd};
use super::{codec_error, decoder, CodecErrorKind, CodecLimits, Compression};
use std::io::{self, Read};

/// Compresses its input with one codec.
type Encode = fn(&[u8]) -> Vec<u8>;

fn decode(c: Compression, data: &[u8]) -> (Vec<u8>, Option<io::Error>) {
    decode_all(c, data, &CodecLimits::default())
}

/// Several megabytes compress and decode back unchanged.
fn round_trip_multi_megabyte(c: Compression, encode: Encode) {
    let data = sample(4 << 20, 1);
    let z = encode(&data);
    assert!(z.len() < data.len() / 2, "{c}: {} bytes", z.len());
    let (out, err) = decode(c, &z);
    assert!(err.is_none(), "{c}: {err:?}");
    assert!(out == data, "{c}: the data differs");
}

/// Every member, frame or stream is decoded, an empty one included (T3: gzip's
/// `GzDecoder` alone returns the first member only).
fn every_stream_is_decoded(c: Compression, encode: Encode) {
    let a = sample(300_000, 2);
    let b = sample(300_000, 3);
    let mut z = encode(&a);
    z.extend(encode(&b));
    z.extend(encode(b""));
    let (out, err) = decode(c, &z);
    assert!(err.is_none(), "{c}: {err:?}");
    assert_eq!(out.len(), 600_000, "{c}");
    assert!(out[..300_000] == a[..] && out[300_000..] == b[..], "{c}");
}

/// Bytes after the last stream: everything before them is returned first, then
/// [`CodecErrorKind::TrailingData`] where they start, naming their first bytes.
fn trailing_data(c: Compression, encode: Encode) {
    let a = sample(100_000, 4);
    let mut z = encode(&a);
    let end = z.len() as u64;
    z.extend_from_slice(b"garbage after the data");
    let (out, err) = decode(c, &z);
    assert!(out == a, "{c}: everything before the garbage is returned");
    assert_eq!(kind_of(&err), CodecErrorKind::TrailingData, "{c}");
    let e = codec_error(err.as_ref().unwrap()).unwrap();
    assert_eq!((e.compression, e.offset), (c, Some(end)));
    assert!(
        e.detail.contains(" continues with 67 61"),
        "{c}: {}",
        e.detail
    );
}

/// Data of another kind is corrupt from byte 0, and the decoder stays failed.
fn other_data_is_corrupt(c: Compression) {
    let limits = CodecLimits::default();
    let mut d = decoder(c, &b"hello world"[..], &limits);
    let mut buf = [0u8; 10];
    let first = d.read(&mut buf).unwrap_err();
    let e = codec_error(&first).unwrap();
    assert_eq!(
        (&e.kind, e.offset),
        (&CodecErrorKind::Corrupt, Some(0)),
        "{c}"
    );
    let expected = format!("not {c} data: starts with 68 65");
    assert!(e.detail.starts_with(&expected), "{c}: {}", e.detail);
    let again = d.read(&mut buf).unwrap_err();
    assert_eq!(codec_error(&first), codec_error(&again), "{c}: sticky");
}

/// Every proper prefix of one stream is truncated.
fn every_cut_is_truncated(c: Compression, encode: Encode) {
    assert_every_cut_truncated(c, &encode(&sample(20_000, 8)), 7);
}

/// After a complete stream, every proper prefix of a second one (its magic included)
/// is truncated, not trailing data.
fn every_cut_of_a_second_stream_is_truncated(c: Compression, encode: Encode) {
    let first = encode(&sample(1_000, 9));
    let second = encode(&sample(2_000, 10));
    for cut in 1..second.len() {
        let mut z = first.clone();
        z.extend_from_slice(&second[..cut]);
        let (_, err) = decode(c, &z);
        assert_eq!(
            kind_of(&err),
            CodecErrorKind::Truncated,
            "{c}: cut at {cut}"
        );
    }
}

/// One `#[test]` per contract clause for the codec `$c` (its data made by `$encode`, a
/// function of this module), in a module `$name`.
macro_rules! codec_contract_tests {
    ($name:ident, $c:expr, $encode:ident) => {
        mod $name {
            use super::super::Compression;
            const C: Compression = $c;

            #[test]
            fn round_trip_multi_megabyte() {
                super::round_trip_multi_megabyte(C, super::$encode);
            }
            #[test]
            fn every_stream_is_decoded() {
                super::every_stream_is_decoded(C, super::$encode);
            }
            #[test]
            fn trailing_data() {
                super::trailing_data(C, super::$encode);
            }
            #[test]
            fn other_data_is_corrupt() {
                super::other_data_is_corrupt(C);
            }
            #[test]
            fn every_cut_is_truncated() {
                super::every_cut_is_truncated(C, super::$encode);
            }
            #[test]
            fn every_cut_of_a_second_stream_is_truncated() {
                super::every_cut_of_a_second_stream_is_truncated(C, super::$encode);
            }
        }
    };
}

codec_contract_tests!(gzip, Compression::Gzip, gzip);
codec_contract_tests!(zstd, Compression::Zstd, zstd);
codec_contract_tests!(xz, Compression::Xz, xz);
codec_contract_tests!(bzip2, Compression::Bzip2, bzip2);
