//! gzip (RFC 1952): every member, with what follows the last one checked.
//!
//! `flate2::bufread::GzDecoder` decodes one member and stops exactly after its trailer;
//! we loop over members ourselves so that bytes after a member are either another member
//! (`1F 8B`) or [`CodecErrorKind::TrailingData`] — `GzDecoder` alone would stop after the
//! first member without a word, and `MultiGzDecoder` would call trailing bytes a bad header.

use super::error::{CodecError, CodecErrorKind, Fault};
use super::input::Input;
use super::{Compression, Decode, Sticky};
use flate2::bufread::GzDecoder;
use std::io::{self, BufRead, Read};

/// The gzip magic (RFC 1952 section 2.3.1: ID1 ID2).
const MAGIC: [u8; 2] = [0x1F, 0x8B];

/// A decoder of every gzip member in `r`.
pub(super) fn decoder<R: BufRead>(r: R) -> Sticky<GzipDecoder<R>> {
    Sticky::new(GzipDecoder {
        state: State::Between(Input::new(r)),
        members: 0,
    })
}

pub(super) struct GzipDecoder<R> {
    state: State<R>,
    /// Members decoded completely.
    members: u64,
}

enum State<R> {
    /// Inside a member.
    Member(Box<GzDecoder<Input<R>>>),
    /// Before the first member or after a complete one.
    Between(Input<R>),
    /// The input ended cleanly after a member.
    Done,
}

fn corrupt(kind: CodecErrorKind, detail: impl Into<String>, offset: u64) -> Fault {
    Fault::Codec(CodecError::new(
        Compression::Gzip,
        kind,
        detail,
        Some(offset),
    ))
}

/// flate2 reports an input that ends too soon as `UnexpectedEof` (header, deflate data,
/// trailer); everything else (bad header, bad deflate code, CRC-32/ISIZE mismatch) is
/// `InvalidInput`.
fn classify(input: &mut Input<impl BufRead>, e: io::Error) -> Fault {
    let offset = input.offset();
    input.fault(e, |e| {
        let kind = if e.kind() == io::ErrorKind::UnexpectedEof {
            CodecErrorKind::Truncated
        } else {
            CodecErrorKind::Corrupt
        };
        corrupt(kind, e.to_string(), offset)
    })
}

impl<R: BufRead> Decode for GzipDecoder<R> {
    fn decode(&mut self, buf: &mut [u8]) -> Result<usize, Fault> {
        loop {
            match &mut self.state {
                State::Member(member) => match member.read(buf) {
                    Ok(0) => {
                        let state = std::mem::replace(&mut self.state, State::Done);
                        if let State::Member(member) = state {
                            self.state = State::Between(member.into_inner());
                        }
                        self.members += 1;
                    }
                    Ok(n) => return Ok(n),
                    Err(e) => return Err(classify(member.get_mut(), e)),
                },
                State::Between(input) => {
                    let offset = input.offset();
                    let head = match input.peek(MAGIC.len()) {
                        Ok(head) => head,
                        Err(e) => return Err(input.fault(e, Fault::Input)),
                    };
                    if head == MAGIC {
                        let state = std::mem::replace(&mut self.state, State::Done);
                        if let State::Between(input) = state {
                            self.state = State::Member(Box::new(GzDecoder::new(input)));
                        }
                    } else if head.is_empty() && self.members > 0 {
                        self.state = State::Done;
                    } else if head.is_empty() || MAGIC.starts_with(head) {
                        return Err(corrupt(
                            CodecErrorKind::Truncated,
                            "the input ends before a gzip member header",
                            offset,
                        ));
                    } else if self.members == 0 {
                        return Err(corrupt(
                            CodecErrorKind::Corrupt,
                            format!("not gzip data: starts with {}", hex(head)),
                            offset,
                        ));
                    } else {
                        return Err(corrupt(
                            CodecErrorKind::TrailingData,
                            format!(
                                "after member {} the data continues with {}, not a gzip member",
                                self.members,
                                hex(head)
                            ),
                            offset,
                        ));
                    }
                }
                State::Done => return Ok(0),
            }
        }
    }
}

/// `bytes` as spaced hex, for messages.
pub(super) fn hex(bytes: &[u8]) -> String {
    let parts: Vec<String> = bytes.iter().map(|b| format!("{b:02X}")).collect();
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::tests::{assert_every_cut_truncated, decode_all, kind_of, sample};
    use super::super::{codec_error, CodecErrorKind, CodecLimits, Compression};
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn decode(data: &[u8]) -> (Vec<u8>, Option<std::io::Error>) {
        decode_all(Compression::Gzip, data, &CodecLimits::default())
    }

    #[test]
    fn round_trip_multi_megabyte() {
        let data = sample(6 << 20, 1);
        let z = gzip(&data);
        assert!(z.len() < data.len() / 2);
        let (out, err) = decode(&z);
        assert!(err.is_none(), "{err:?}");
        assert!(out == data);
    }

    /// T3: `GzDecoder` alone returns the first member only.
    #[test]
    fn every_member_is_decoded() {
        let a = sample(300_000, 2);
        let b = sample(300_000, 3);
        let mut z = gzip(&a);
        z.extend(gzip(&b));
        z.extend(gzip(b""));
        let (out, err) = decode(&z);
        assert!(err.is_none(), "{err:?}");
        assert_eq!(out.len(), 600_000);
        assert!(out[..300_000] == a[..] && out[300_000..] == b[..]);
    }

    #[test]
    fn trailing_garbage_after_all_data() {
        let a = sample(100_000, 4);
        let mut z = gzip(&a);
        let end = z.len() as u64;
        z.extend_from_slice(b"\0\0\0\0garbage");
        let (out, err) = decode(&z);
        assert!(out == a, "everything before the garbage is returned");
        assert_eq!(kind_of(&err), CodecErrorKind::TrailingData);
        let e = codec_error(err.as_ref().unwrap()).unwrap();
        assert_eq!(e.offset, Some(end));
        assert_eq!(e.compression, Compression::Gzip);
    }

    #[test]
    fn truncated() {
        let z = gzip(&sample(200_000, 5));
        for cut in [1, 5, 10, z.len() / 2, z.len() - 4, z.len() - 1] {
            let (_, err) = decode(&z[..cut]);
            assert_eq!(kind_of(&err), CodecErrorKind::Truncated, "cut at {cut}");
        }
        // A second member cut inside its magic.
        let mut two = z.clone();
        two.push(0x1F);
        assert_eq!(kind_of(&decode(&two).1), CodecErrorKind::Truncated);
    }

    #[test]
    fn flipped_crc_byte_is_corrupt() {
        let mut z = gzip(&sample(50_000, 6));
        let n = z.len();
        z[n - 6] ^= 0x55; // inside the CRC-32
        let (_, err) = decode(&z);
        assert_eq!(kind_of(&err), CodecErrorKind::Corrupt);
        let mut z = gzip(&sample(50_000, 6));
        z[n - 2] ^= 0x01; // inside ISIZE
        assert_eq!(kind_of(&decode(&z).1), CodecErrorKind::Corrupt);
    }

    #[test]
    fn flipped_payload_byte_is_corrupt() {
        let mut z = gzip(&sample(50_000, 7));
        let mid = z.len() / 2;
        z[mid] ^= 0xFF;
        assert_eq!(kind_of(&decode(&z).1), CodecErrorKind::Corrupt);
    }

    #[test]
    fn not_gzip_is_corrupt_and_error_is_sticky() {
        let (_, err) = decode(b"hello world");
        assert_eq!(kind_of(&err), CodecErrorKind::Corrupt);
        let mut d =
            super::super::decoder(Compression::Gzip, &b"hello"[..], &CodecLimits::default());
        let mut buf = [0u8; 10];
        let first = d.read(&mut buf).unwrap_err();
        let again = d.read(&mut buf).unwrap_err();
        assert_eq!(codec_error(&first), codec_error(&again));
    }

    use std::io::Read;

    #[test]
    fn every_cut_is_truncated() {
        assert_every_cut_truncated(Compression::Gzip, &gzip(&sample(20_000, 8)), 7);
    }
}
