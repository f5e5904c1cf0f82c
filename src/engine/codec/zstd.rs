//! Zstandard (RFC 8878): every frame, skippable frames skipped, window capped.
//!
//! ruzstd's `StreamingDecoder` decodes one frame and refuses skippable frames (T1, T2 in
//! reliability-plan.md), so we drive its `FrameDecoder` ourselves, frame after frame,
//! reusing its buffers. The window cap is set explicitly (M2, M3). ruzstd does not check
//! the content checksum or the declared content size; we do.

use super::error::{ends_early, not_a_stream, CodecError, CodecErrorKind, Fault, Unit};
use super::input::Input;
use super::{Compression, Decode, Sticky};
use ruzstd::decoding::errors::{FrameDecoderError, FrameHeaderError};
use ruzstd::decoding::{BlockDecodingStrategy, FrameDecoder};
use std::io::{BufRead, Read};

/// Frame magic, little-endian `0xFD2FB528` (RFC 8878 section 3.1.1).
const FRAME_MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];
/// Bytes 1..4 of a skippable frame's magic `0x184D2A5?` (RFC 8878 section 3.1.2).
const SKIPPABLE_TAIL: [u8; 3] = [0x2A, 0x4D, 0x18];

/// A decoder of every zstd frame in `r`, refusing windows above `window_max` bytes.
pub(super) fn decoder<R: BufRead>(r: R, window_max: u64) -> Sticky<ZstdDecoder<R>> {
    let mut frame = FrameDecoder::new();
    frame.set_max_window_size(window_max);
    Sticky::new(ZstdDecoder {
        input: Input::new(r),
        frame,
        window_max,
        in_frame: false,
        frame_out: 0,
        frames: 0,
        skipped: 0,
        done: false,
    })
}

pub(super) struct ZstdDecoder<R> {
    input: Input<R>,
    frame: FrameDecoder,
    window_max: u64,
    /// A frame has been started and not yet fully returned.
    in_frame: bool,
    /// Bytes returned from the current frame.
    frame_out: u64,
    /// Frames decoded completely.
    frames: u64,
    /// Skippable frames skipped.
    skipped: u64,
    done: bool,
}

/// Whether `head` (shorter than 4 bytes) could begin a frame or skippable frame.
fn begins_magic(head: &[u8]) -> bool {
    match head.split_first() {
        None => true,
        Some((first, rest)) => {
            (*first == 0x28 && FRAME_MAGIC.get(1..).unwrap_or(&[]).starts_with(rest))
                || ((0x50..=0x5F).contains(first) && SKIPPABLE_TAIL.starts_with(rest))
        }
    }
}

impl<R: BufRead> ZstdDecoder<R> {
    fn error(&self, kind: CodecErrorKind, detail: impl Into<String>) -> Fault {
        Fault::Codec(CodecError::new(
            Compression::Zstd,
            kind,
            detail,
            Some(self.input.offset()),
        ))
    }

    /// Classifies a ruzstd error (after checking it was not the reader's own).
    fn frame_fault(&mut self, e: FrameDecoderError) -> Fault {
        if let Some(original) = self.input.take_failure() {
            return Fault::Input(original);
        }
        let kind = match &e {
            FrameDecoderError::WindowSizeTooBig { requested, max } => {
                CodecErrorKind::WindowTooLarge {
                    requested: *requested,
                    max: *max,
                }
            }
            FrameDecoderError::FrameHeaderError(FrameHeaderError::WindowTooBig { got })
            | FrameDecoderError::FailedToInitialize(FrameHeaderError::WindowTooBig { got }) => {
                CodecErrorKind::WindowTooLarge {
                    requested: *got,
                    max: self.window_max,
                }
            }
            e if ends_early(e) => CodecErrorKind::Truncated,
            _ => CodecErrorKind::Corrupt,
        };
        self.error(kind, e.to_string())
    }

    /// At a frame boundary: starts the next frame, skips skippable ones, or ends.
    /// Returns `false` at the clean end of the input.
    fn next_frame(&mut self) -> Result<bool, Fault> {
        loop {
            let offset = self.input.offset();
            let head = match self.input.peek(4) {
                Ok(head) => head,
                Err(e) => return Err(self.input.fault(e, Fault::Input)),
            };
            let seen = self.frames + self.skipped;
            if head == FRAME_MAGIC {
                if let Err(e) = self.frame.init(&mut self.input) {
                    return Err(self.frame_fault(e));
                }
                self.in_frame = true;
                self.frame_out = 0;
                return Ok(true);
            }
            let skippable = head.len() == 4
                && head.first().is_some_and(|b| (0x50..=0x5F).contains(b))
                && head.get(1..) == Some(&SKIPPABLE_TAIL[..]);
            if skippable {
                self.skip_frame()?;
                continue;
            }
            if head.is_empty() && seen > 0 {
                return Ok(false);
            }
            if head.len() < 4 && begins_magic(head) {
                return Err(self.error(
                    CodecErrorKind::Truncated,
                    "the input ends inside a frame magic number",
                ));
            }
            return Err(not_a_stream(
                Compression::Zstd,
                Unit::Frame,
                seen,
                head,
                offset,
            ));
        }
    }

    /// Skips a skippable frame: 4-byte magic, 4-byte little-endian length, content.
    fn skip_frame(&mut self) -> Result<(), Fault> {
        self.input.consume(4);
        let size = match self.input.peek(4) {
            Ok(b) => <[u8; 4]>::try_from(b).ok().map(u32::from_le_bytes),
            Err(e) => return Err(self.input.fault(e, Fault::Input)),
        };
        let Some(size) = size else {
            return Err(self.error(
                CodecErrorKind::Truncated,
                "the input ends inside a skippable frame header",
            ));
        };
        self.input.consume(4);
        let skipped = match self.input.skip(u64::from(size)) {
            Ok(n) => n,
            Err(e) => return Err(self.input.fault(e, Fault::Input)),
        };
        if skipped < u64::from(size) {
            return Err(self.error(
                CodecErrorKind::Truncated,
                format!("a skippable frame of {size} bytes ends after {skipped}"),
            ));
        }
        self.skipped += 1;
        Ok(())
    }

    /// The frame is fully decoded and returned: verify what it declares.
    fn finish_frame(&mut self) -> Result<(), Fault> {
        if let Some(stored) = self.frame.get_checksum_from_data() {
            let computed = self.frame.get_calculated_checksum();
            if computed != Some(stored) {
                return Err(self.error(
                    CodecErrorKind::Corrupt,
                    format!(
                        "content checksum mismatch in frame {}: stored {stored:08x}, computed {:08x}",
                        self.frames + 1,
                        computed.unwrap_or(0)
                    ),
                ));
            }
        }
        // ruzstd reports an absent Frame_Content_Size as 0.
        let declared = self.frame.content_size();
        if declared != 0 && declared != self.frame_out {
            return Err(self.error(
                CodecErrorKind::Corrupt,
                format!(
                    "frame {} declares {declared} bytes of content but holds {}",
                    self.frames + 1,
                    self.frame_out
                ),
            ));
        }
        self.in_frame = false;
        self.frames += 1;
        Ok(())
    }
}

impl<R: BufRead> Decode for ZstdDecoder<R> {
    fn decode(&mut self, buf: &mut [u8]) -> Result<usize, Fault> {
        loop {
            if self.done {
                return Ok(0);
            }
            if !self.in_frame {
                if self.frames + self.skipped == 0 && self.input.peek(1).is_ok_and(<[u8]>::is_empty)
                {
                    return Err(self.error(CodecErrorKind::Truncated, "the input is empty"));
                }
                if !self.next_frame()? {
                    self.done = true;
                    return Ok(0);
                }
                continue;
            }
            if self.frame.can_collect() > 0 {
                return match self.frame.read(buf) {
                    Ok(n) => {
                        self.frame_out = self.frame_out.saturating_add(n as u64);
                        Ok(n)
                    }
                    Err(e) => Err(self.error(CodecErrorKind::Corrupt, e.to_string())),
                };
            }
            if self.frame.is_finished() {
                self.finish_frame()?;
                continue;
            }
            if let Err(e) = self
                .frame
                .decode_blocks(&mut self.input, BlockDecodingStrategy::UptoBlocks(1))
            {
                return Err(self.frame_fault(e));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! zstd's own checks; the contract all codecs keep is in `codec/contract_tests.rs`.
    use super::super::tests::{decode_all, kind_of, sample, zstd};
    use super::super::{CodecErrorKind, CodecLimits, Compression};

    fn decode(data: &[u8]) -> (Vec<u8>, Option<std::io::Error>) {
        decode_all(Compression::Zstd, data, &CodecLimits::default())
    }

    fn skippable(magic_low: u8, content: &[u8]) -> Vec<u8> {
        let mut f = vec![0x50 | magic_low, 0x2A, 0x4D, 0x18];
        f.extend((content.len() as u32).to_le_bytes());
        f.extend_from_slice(content);
        f
    }

    /// A frame header declaring a window of `1 << log` bytes (Frame_Header_Descriptor 0,
    /// Window_Descriptor exponent `log - 10`), then an empty last raw block.
    fn empty_frame_with_window(log: u8) -> Vec<u8> {
        let mut f = super::FRAME_MAGIC.to_vec();
        f.extend([0x00, (log - 10) << 3, 0x01, 0x00, 0x00]);
        f
    }

    /// A single-segment frame (1-byte Frame_Content_Size `fcs`) of one last raw block.
    fn raw_frame(fcs: u8, body: &[u8], checksum: Option<[u8; 4]>) -> Vec<u8> {
        let mut f = super::FRAME_MAGIC.to_vec();
        let descriptor = if checksum.is_some() { 0x24 } else { 0x20 };
        let block = ((body.len() as u32) << 3 | 1).to_le_bytes();
        f.extend([descriptor, fcs, block[0], block[1], block[2]]);
        f.extend_from_slice(body);
        f.extend(checksum.into_iter().flatten());
        f
    }

    /// T1 and zstd:chunked: many frames with skippable frames before, between and after.
    #[test]
    fn frames_and_skippable_frames() {
        let a = sample(300_000, 12);
        let b = sample(300_000, 13);
        let mut z = skippable(0, b"TOC?");
        z.extend(zstd(&a));
        z.extend(skippable(0xE, &[0xAA; 5000]));
        z.extend(skippable(0xF, b""));
        z.extend(zstd(&b));
        z.extend(zstd(b""));
        z.extend(skippable(1, &[1, 2, 3]));
        let (out, err) = decode(&z);
        assert!(err.is_none(), "{err:?}");
        assert_eq!(out.len(), 600_000);
        assert!(out[..300_000] == a[..] && out[300_000..] == b[..]);
    }

    /// Fewer than four trailing bytes that cannot begin a frame.
    #[test]
    fn two_trailing_bytes_are_trailing_data() {
        let a = sample(100_000, 14);
        let mut z = zstd(&a);
        z.extend_from_slice(&[0, 0]);
        let (out, err) = decode(&z);
        assert!(out == a);
        assert_eq!(kind_of(&err), CodecErrorKind::TrailingData);
    }

    /// ruzstd's encoder writes content checksums; a flipped byte anywhere past the header
    /// is caught (by the decoder or by our checksum comparison).
    #[test]
    fn corrupt_payload() {
        let z = zstd(&sample(200_000, 16));
        for at in [z.len() / 3, z.len() / 2, z.len() - 10, z.len() - 2] {
            let mut bad = z.clone();
            bad[at] ^= 0xFF;
            assert_eq!(
                kind_of(&decode(&bad).1),
                CodecErrorKind::Corrupt,
                "flip at {at}"
            );
        }
    }

    #[test]
    fn declared_size_and_checksum_are_checked() {
        let (out, err) = decode(&raw_frame(4, b"abcd", None));
        assert!(err.is_none() && out == b"abcd", "{err:?}");
        let (_, err) = decode(&raw_frame(5, b"abcd", None));
        assert_eq!(
            kind_of(&err),
            CodecErrorKind::Corrupt,
            "size 5 declared, 4 held"
        );
        let (out, err) = decode(&raw_frame(4, b"abcd", Some([0; 4])));
        assert_eq!(out, b"abcd");
        assert_eq!(kind_of(&err), CodecErrorKind::Corrupt, "wrong checksum");
    }

    /// M2/M3: a 2 GiB window is refused at the frame header, before any allocation.
    #[test]
    fn window_cap() {
        let limits = CodecLimits::default();
        let (_, err) = decode_all(Compression::Zstd, &empty_frame_with_window(31), &limits);
        assert_eq!(
            kind_of(&err),
            CodecErrorKind::WindowTooLarge {
                requested: 1 << 31,
                max: 128 << 20
            }
        );
        let (_, err) = decode_all(Compression::Zstd, &empty_frame_with_window(28), &limits);
        assert!(
            matches!(kind_of(&err), CodecErrorKind::WindowTooLarge { requested, .. } if requested == 1 << 28)
        );
        // Exactly at the cap decodes (the ring buffer grows lazily: no 128 MiB allocation).
        let (out, err) = decode_all(Compression::Zstd, &empty_frame_with_window(27), &limits);
        assert!(err.is_none(), "{err:?}");
        assert!(out.is_empty());
        // The cap applies to every frame, the first included.
        let small = CodecLimits {
            zstd_window_max: 1 << 20,
            ..limits
        };
        let mut z = empty_frame_with_window(20);
        z.extend(empty_frame_with_window(21));
        let (_, err) = decode_all(Compression::Zstd, &z, &small);
        assert_eq!(
            kind_of(&err),
            CodecErrorKind::WindowTooLarge {
                requested: 1 << 21,
                max: 1 << 20
            }
        );
        let (_, err) = decode_all(Compression::Zstd, &empty_frame_with_window(21), &small);
        assert!(matches!(
            kind_of(&err),
            CodecErrorKind::WindowTooLarge { .. }
        ));
    }

    /// Cut inside a skippable frame after a complete frame.
    #[test]
    fn every_cut_of_a_skippable_frame_is_truncated() {
        let mut z = zstd(&sample(20_000, 17));
        let frame_end = z.len();
        z.extend(skippable(3, &[9; 30]));
        for cut in frame_end + 1..z.len() {
            let (_, err) = decode(&z[..cut]);
            assert_eq!(kind_of(&err), CodecErrorKind::Truncated, "cut at {cut}");
        }
    }
}
