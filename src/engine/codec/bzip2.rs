//! bzip2: every stream, with what follows the last one checked.
//!
//! We drive `bzip2::Decompress` (pure Rust, libbz2-rs-sys) over the reader's buffer
//! directly — like `bzip2::bufread::MultiBzDecoder`, but bytes after a stream must start
//! another stream (`BZh1`..`BZh9`) or they are [`CodecErrorKind::TrailingData`], and
//! errors carry offsets.

use super::error::{not_a_stream, CodecError, CodecErrorKind, Fault, Unit};
use super::input::Input;
use super::streams::{MultiStream, Step, Streams};
use super::{Compression, Sticky};
use ::bzip2::{Decompress, Status};
use std::io::BufRead;

/// Stream header: "BZh" and the block size '1'..'9'.
const MAGIC: [u8; 3] = *b"BZh";

/// A decoder of every bzip2 stream in `r`.
pub(super) fn decoder<R: BufRead>(r: R) -> Sticky<MultiStream<Bzip2Decoder<R>>> {
    Sticky::new(MultiStream::new(Bzip2Decoder {
        input: Input::new(r),
        stream: None,
        streams: 0,
    }))
}

pub(super) struct Bzip2Decoder<R> {
    input: Input<R>,
    stream: Option<Decompress>,
    /// Streams decoded completely.
    streams: u64,
}

/// Whether `head` is a stream header, or (if `partial`) could begin one.
fn is_header(head: &[u8], partial: bool) -> bool {
    let (magic, level) = (head.get(..3), head.get(3));
    match (magic, level) {
        (Some(m), Some(l)) => m == MAGIC && (b'1'..=b'9').contains(l),
        _ => partial && MAGIC.starts_with(head),
    }
}

impl<R: BufRead> Bzip2Decoder<R> {
    fn error(&self, kind: CodecErrorKind, detail: impl Into<String>) -> Fault {
        Fault::Codec(CodecError::new(
            Compression::Bzip2,
            kind,
            detail,
            Some(self.input.offset()),
        ))
    }
}

impl<R: BufRead> Streams for Bzip2Decoder<R> {
    const COMPRESSION: Compression = Compression::Bzip2;
    /// libbz2 makes no progress on no input: at the end it is truncated at once.
    const PATIENCE_AT_END: u32 = 0;

    fn next_stream(&mut self) -> Result<bool, Fault> {
        let offset = self.input.offset();
        let head = match self.input.peek(4) {
            Ok(head) => head,
            Err(e) => return Err(self.input.fault(e, Fault::Input)),
        };
        if is_header(head, false) {
            self.stream = Some(Decompress::new(false));
            return Ok(true);
        }
        if head.is_empty() && self.streams > 0 {
            return Ok(false);
        }
        if head.is_empty() || is_header(head, true) {
            return Err(self.error(
                CodecErrorKind::Truncated,
                "the input ends before a complete stream header",
            ));
        }
        Err(not_a_stream(
            Compression::Bzip2,
            Unit::Stream,
            self.streams,
            head,
            offset,
        ))
    }

    fn step(&mut self, buf: &mut [u8]) -> Result<Option<Step>, Fault> {
        let Some(stream) = self.stream.as_mut() else {
            return Ok(None);
        };
        let input = self.input.buffered()?;
        let at_end = input.is_empty();
        let (in_before, out_before) = (stream.total_in(), stream.total_out());
        let status = stream.decompress(input, buf);
        let consumed = stream.total_in().saturating_sub(in_before);
        let produced = stream.total_out().saturating_sub(out_before);
        self.input
            .consume(usize::try_from(consumed).unwrap_or(usize::MAX));
        let stream_end = match status {
            // Data: a bad block, bad Huffman tables or a CRC mismatch; DataMagic: a
            // bad stream header; Sequence/Param: misuse, never expected here.
            Err(e) => return Err(self.error(CodecErrorKind::Corrupt, e.to_string())),
            Ok(Status::StreamEnd) => {
                self.stream = None;
                self.streams += 1;
                true
            }
            Ok(_) => false,
        };
        Ok(Some(Step {
            consumed,
            produced: usize::try_from(produced).unwrap_or(0),
            stream_end,
            at_end,
        }))
    }

    fn offset(&self) -> u64 {
        self.input.offset()
    }
}

#[cfg(test)]
mod tests {
    //! bzip2's own checks; the contract all codecs keep is in `codec/contract_tests.rs`.
    use super::super::tests::{bzip2, decode_all, kind_of, sample};
    use super::super::{CodecErrorKind, CodecLimits, Compression};

    fn decode(data: &[u8]) -> (Vec<u8>, Option<std::io::Error>) {
        decode_all(Compression::Bzip2, data, &CodecLimits::default())
    }

    /// A flipped block byte fails its CRC; a block size of `0` is not a stream header.
    #[test]
    fn corrupt() {
        let mut bad = bzip2(&sample(200_000, 35));
        let mid = bad.len() / 2;
        bad[mid] ^= 0x10;
        assert_eq!(kind_of(&decode(&bad).1), CodecErrorKind::Corrupt);
        assert_eq!(kind_of(&decode(b"BZh0abcdef").1), CodecErrorKind::Corrupt);
    }
}
