//! gzip (RFC 1952): every member, with what follows the last one checked.
//!
//! `flate2::bufread::GzDecoder` decodes one member and stops exactly after its trailer;
//! we loop over members ourselves so that bytes after a member are either another member
//! (`1F 8B`) or [`CodecErrorKind::TrailingData`] — `GzDecoder` alone would stop after the
//! first member without a word, and `MultiGzDecoder` would call trailing bytes a bad header.

use super::error::{not_a_stream, CodecError, CodecErrorKind, Fault, Unit};
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
                    } else {
                        let (members, c) = (self.members, Compression::Gzip);
                        return Err(not_a_stream(c, Unit::Member, members, head, offset));
                    }
                }
                State::Done => return Ok(0),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! gzip's own checks; the contract all codecs keep is in `codec/contract_tests.rs`.
    use super::super::tests::{decode_all, gzip, kind_of, sample};
    use super::super::{CodecErrorKind, CodecLimits, Compression};

    fn decode(data: &[u8]) -> (Vec<u8>, Option<std::io::Error>) {
        decode_all(Compression::Gzip, data, &CodecLimits::default())
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
}
