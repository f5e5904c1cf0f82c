//! The decoding loop of the codecs that decode one stream after another straight out
//! of the input's buffer (bzip2, xz): between streams the codec starts the next one
//! or ends; inside one, the decoder is called until it produces bytes; a decoder that
//! stops moving is a fault, not a hang.

use super::error::{CodecError, CodecErrorKind, Fault};
use super::{Compression, Decode};

/// What one call of a stream decoder did.
pub(super) struct Step {
    /// Input bytes consumed.
    pub(super) consumed: u64,
    /// Bytes written to the output buffer.
    pub(super) produced: usize,
    /// The call finished the stream.
    pub(super) stream_end: bool,
    /// The input had no more bytes.
    pub(super) at_end: bool,
}

/// A codec's part of the loop.
pub(super) trait Streams {
    /// The codec, for its errors.
    const COMPRESSION: Compression;
    /// Calls at the end of the input that neither consume nor produce, beyond the
    /// first, before the input is taken to end inside the stream.
    const PATIENCE_AT_END: u32;
    /// Between streams: starts the next one, or `false` at the clean end of the input.
    fn next_stream(&mut self) -> Result<bool, Fault>;
    /// One call of the decoder over the buffered input into `buf` (never empty);
    /// `None` between streams.
    fn step(&mut self, buf: &mut [u8]) -> Result<Option<Step>, Fault>;
    /// The offset of the next unread input byte.
    fn offset(&self) -> u64;
}

/// Every stream of a [`Streams`] codec, then its clean end.
pub(super) struct MultiStream<S> {
    streams: S,
    done: bool,
}

impl<S> MultiStream<S> {
    pub(super) fn new(streams: S) -> Self {
        MultiStream {
            streams,
            done: false,
        }
    }
}

impl<S: Streams> Decode for MultiStream<S> {
    fn decode(&mut self, buf: &mut [u8]) -> Result<usize, Fault> {
        // Calls in a row that neither consume nor produce nor end a stream; a sane
        // decoder needs at most one (a state change) before it moves again.
        let mut idle = 0u32;
        loop {
            if self.done {
                return Ok(0);
            }
            let Some(step) = self.streams.step(buf)? else {
                if !self.streams.next_stream()? {
                    self.done = true;
                    return Ok(0);
                }
                continue;
            };
            if step.produced > 0 {
                return Ok(step.produced);
            }
            if step.consumed > 0 || step.stream_end {
                idle = 0;
                continue;
            }
            idle += 1;
            let patience = if step.at_end { S::PATIENCE_AT_END } else { 2 };
            if idle > patience {
                let (kind, detail) = if step.at_end {
                    (CodecErrorKind::Truncated, "the input ends inside a stream")
                } else {
                    (CodecErrorKind::Corrupt, "the decoder made no progress")
                };
                let offset = Some(self.streams.offset());
                return Err(CodecError::new(S::COMPRESSION, kind, detail, offset).into());
            }
        }
    }
}
