//! xz (the `.xz` file format 1.2.1): every stream, stream padding, memory capped.
//!
//! lzma-rust2's sans-I/O `XzStream` decodes straight out of the reader's buffer, reports
//! how much input it consumed (error offsets) and, when a block's dictionary is over the
//! limit, what the block needs — before allocating it (M6). We run it one stream at a time
//! and check what follows each stream ourselves: zero bytes of stream padding (a multiple
//! of four, section 2.2), another stream, or [`CodecErrorKind::TrailingData`].

use super::error::{not_a_stream, CodecError, CodecErrorKind, Fault, Unit};
use super::input::Input;
use super::streams::{MultiStream, Step, Streams};
use super::{Compression, Sticky};
use lzma_rust2::{Action, Status, XzStream};
use std::io::{self, BufRead};

/// Stream Header magic (section 2.1.1.1).
const MAGIC: [u8; 6] = [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00];

/// A decoder of every xz stream in `r`, refusing blocks needing more than `memory_max`
/// bytes of decoder memory.
pub(super) fn decoder<R: BufRead>(r: R, memory_max: u64) -> Sticky<MultiStream<XzDecoder<R>>> {
    Sticky::new(MultiStream::new(XzDecoder {
        input: Input::new(r),
        stream: None,
        limit_kib: u32::try_from(memory_max / 1024).unwrap_or(u32::MAX),
        memory_max,
        streams: 0,
        stream_start: 0,
        padding: 0,
    }))
}

pub(super) struct XzDecoder<R> {
    input: Input<R>,
    /// The stream being decoded.
    stream: Option<XzStream>,
    limit_kib: u32,
    memory_max: u64,
    /// Streams decoded completely.
    streams: u64,
    /// Offset of the current stream's first byte.
    stream_start: u64,
    /// Zero bytes of stream padding since the last stream.
    padding: u64,
}

impl<R: BufRead> XzDecoder<R> {
    fn error(&self, kind: CodecErrorKind, detail: impl Into<String>, offset: u64) -> Fault {
        Fault::Codec(CodecError::new(Compression::Xz, kind, detail, Some(offset)))
    }

    /// Classifies an lzma-rust2 error: `OutOfMemory` is its memory-limit refusal,
    /// `UnexpectedEof` an input that ends too soon; the rest (`InvalidData`, and
    /// `Unsupported` for unknown stream flags, checks or filter chains) is corrupt.
    fn stream_fault(&self, e: &io::Error, stream: &XzStream) -> Fault {
        let offset = self.stream_start.saturating_add(stream.total_in());
        let kind = match e.kind() {
            io::ErrorKind::OutOfMemory => CodecErrorKind::DictionaryTooLarge {
                requested: stream
                    .memory_usage()
                    .map_or(u64::MAX, |kib| u64::from(kib) * 1024),
                max: self.memory_max,
            },
            io::ErrorKind::UnexpectedEof => CodecErrorKind::Truncated,
            _ => CodecErrorKind::Corrupt,
        };
        self.error(kind, e.to_string(), offset)
    }
}

impl<R: BufRead> Streams for XzDecoder<R> {
    const COMPRESSION: Compression = Compression::Xz;
    /// With `Action::Finish` the decoder may change state before it fails or ends.
    const PATIENCE_AT_END: u32 = 2;

    /// Skips padding, starts the next stream, or ends (an empty input is truncated).
    fn next_stream(&mut self) -> Result<bool, Fault> {
        if self.streams == 0 && self.input.peek(1).is_ok_and(<[u8]>::is_empty) {
            return Err(self.error(CodecErrorKind::Truncated, "the input is empty", 0));
        }
        loop {
            let offset = self.input.offset();
            let zeros = match self.input.fill_buf() {
                Ok(b) if self.streams > 0 => b.iter().take_while(|&&b| b == 0).count(),
                Ok(_) => 0,
                Err(e) => return Err(self.input.fault(e, Fault::Input)),
            };
            if zeros > 0 {
                self.input.consume(zeros);
                self.padding += zeros as u64;
                continue;
            }
            let head = match self.input.peek(MAGIC.len()) {
                Ok(head) => head,
                Err(e) => return Err(self.input.fault(e, Fault::Input)),
            };
            if head == MAGIC && self.padding.is_multiple_of(4) {
                self.stream = Some(XzStream::new_mem_limit(false, self.limit_kib));
                self.stream_start = offset;
                self.padding = 0;
                return Ok(true);
            }
            if head.is_empty() && self.streams > 0 {
                if !self.padding.is_multiple_of(4) {
                    let start = offset - self.padding;
                    return Err(self.error(
                        CodecErrorKind::TrailingData,
                        format!(
                            "{} zero bytes follow the last stream; stream padding is a multiple of four",
                            self.padding
                        ),
                        start,
                    ));
                }
                return Ok(false);
            }
            if head == MAGIC {
                return Err(self.error(
                    CodecErrorKind::Corrupt,
                    format!(
                        "stream padding of {} bytes is not a multiple of four",
                        self.padding
                    ),
                    offset,
                ));
            }
            if head.len() < MAGIC.len() && MAGIC.starts_with(head) {
                return Err(self.error(
                    CodecErrorKind::Truncated,
                    "the input ends inside a stream header",
                    offset,
                ));
            }
            // zero bytes count as padding only after a stream, so before the first one
            // `padding` is 0 and this is `offset`
            let start = offset - self.padding;
            let streams = self.streams;
            return Err(not_a_stream(
                Compression::Xz,
                Unit::Stream,
                streams,
                head,
                start,
            ));
        }
    }

    fn step(&mut self, buf: &mut [u8]) -> Result<Option<Step>, Fault> {
        let Some(stream) = self.stream.as_mut() else {
            return Ok(None);
        };
        let input = self.input.buffered()?;
        let at_end = input.is_empty();
        let action = if at_end { Action::Finish } else { Action::Run };
        let result = match stream.process(input, buf, action) {
            Ok(r) => r,
            Err(e) => {
                let stream = self.stream.take();
                return Err(match &stream {
                    Some(stream) => self.stream_fault(&e, stream),
                    None => self.error(CodecErrorKind::Corrupt, e.to_string(), 0),
                });
            }
        };
        self.input.consume(result.bytes_consumed);
        let stream_end = result.status == Status::StreamEnd;
        if stream_end {
            self.stream = None;
            self.streams += 1;
        }
        Ok(Some(Step {
            consumed: result.bytes_consumed as u64,
            produced: result.bytes_produced,
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
    //! xz's own checks; the contract all codecs keep is in `codec/contract_tests.rs`.
    use super::super::tests::{decode_all, kind_of, sample, xz, xz_with};
    use super::super::{CodecErrorKind, CodecLimits, Compression};
    use lzma_rust2::XzOptions;

    fn decode(data: &[u8]) -> (Vec<u8>, Option<std::io::Error>) {
        decode_all(Compression::Xz, data, &CodecLimits::default())
    }

    #[test]
    fn many_blocks_and_streams_with_padding() {
        let a = sample(300_000, 22);
        let b = sample(300_000, 23);
        let mut options = XzOptions::with_preset(1);
        options.set_block_size(std::num::NonZeroU64::new(64 << 10));
        let mut z = xz_with(&a, options);
        z.extend_from_slice(&[0; 8]); // stream padding
        z.extend(xz(&b));
        z.extend(xz(b""));
        let (out, err) = decode(&z);
        assert!(err.is_none(), "{err:?}");
        assert_eq!(out.len(), 600_000);
        assert!(out[..300_000] == a[..] && out[300_000..] == b[..]);
        let mut padded = xz(&a);
        padded.extend_from_slice(&[0; 4]);
        let (out, err) = decode(&padded);
        assert!(err.is_none() && out == a, "{err:?}");
    }

    /// Zero bytes after a stream are stream padding only in multiples of four.
    #[test]
    fn padding_not_a_multiple_of_four_is_trailing_data() {
        let a = sample(100_000, 24);
        let mut z = xz(&a);
        z.extend_from_slice(&[0; 3]);
        let (out, err) = decode(&z);
        assert!(out == a);
        assert_eq!(kind_of(&err), CodecErrorKind::TrailingData);
    }

    #[test]
    fn corrupt() {
        let z = xz(&sample(200_000, 25));
        for at in [8, z.len() / 2, z.len() - 20] {
            let mut bad = z.clone();
            bad[at] ^= 0x40;
            let (_, err) = decode(&bad);
            assert_eq!(kind_of(&err), CodecErrorKind::Corrupt, "flip at {at}");
        }
        assert_eq!(kind_of(&decode(b"\0\0\0\0").1), CodecErrorKind::Corrupt);
    }

    /// Sets the LZMA2 dictionary of the first block to `code` (xz 5.3.1:
    /// `(2 | (code & 1)) << (code / 2 + 11)`) and fixes the block header's CRC-32.
    fn patch_dictionary(z: &mut [u8], code: u8) {
        let start = 12; // after the Stream Header
        let size = (usize::from(z[start]) + 1) * 4;
        let header = &mut z[start..start + size];
        let at = header
            .windows(2)
            .position(|w| w == [0x21, 0x01])
            .expect("LZMA2 filter flags");
        header[at + 2] = code;
        let mut crc = flate2::Crc::new();
        crc.update(&header[..size - 4]);
        header[size - 4..].copy_from_slice(&crc.sum().to_le_bytes());
    }

    /// M6: a 1.5 GiB dictionary is refused from the block header, before allocation.
    #[test]
    fn memory_cap() {
        let mut z = xz(&sample(10_000, 26));
        patch_dictionary(&mut z, 37); // 3 << 29 = 1.5 GiB
        let (out, err) = decode(&z);
        assert!(out.is_empty());
        match kind_of(&err) {
            CodecErrorKind::DictionaryTooLarge { requested, max } => {
                assert!((3 << 29..(3 << 29) + (1 << 20)).contains(&requested));
                assert_eq!(max, 128 << 20);
            }
            other => panic!("{other:?}"),
        }
        // A legitimate stream over a lowered cap: preset 6 uses an 8 MiB dictionary.
        let z = xz_with(&sample(10_000, 27), XzOptions::with_preset(6));
        let small = CodecLimits {
            xz_memory_max: 4 << 20,
            ..CodecLimits::default()
        };
        let (_, err) = decode_all(Compression::Xz, &z, &small);
        assert!(matches!(
            kind_of(&err),
            CodecErrorKind::DictionaryTooLarge { requested, max: 4_194_304 } if requested > 8 << 20
        ));
        let (out, err) = decode(&z);
        assert!(err.is_none() && out.len() == 10_000, "{err:?}");
    }
}
