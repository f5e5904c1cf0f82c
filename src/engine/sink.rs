//! The seam between the engine and whoever drives it (CLI, worker, tests).

use super::finding::Finding;

/// Something that happened while reading an image.
#[derive(Debug)]
#[non_exhaustive]
pub enum Event<'a> {
    /// The structure is known (after the index pass, before any hashing).
    Structure {
        /// Detected input format, as in the report (`docker-archive`, …).
        format: &'a str,
        /// Number of blob jobs that will be streamed.
        jobs: usize,
        /// Total bytes those jobs will read.
        total_bytes: u64,
    },
    /// Bytes done of total for one blob (emitted at most every 1 MiB).
    Progress {
        /// Archive entry being read.
        blob: &'a str,
        /// Bytes read so far.
        done: u64,
        /// Bytes in this blob.
        total: u64,
    },
    /// A finding was made.
    Finding(&'a Finding),
    /// One blob has been completely verified.
    BlobDone {
        /// Archive entry that was read.
        blob: &'a str,
    },
}

/// Receives [`Event`]s (ripgrep's `Sink`, ruffle's backends).
pub trait Sink {
    /// Called for every event, in order.
    fn event(&mut self, event: Event<'_>);
}

/// A sink that ignores everything.
#[derive(Debug, Default, Clone, Copy)]
pub struct NullSink;

impl Sink for NullSink {
    fn event(&mut self, _event: Event<'_>) {}
}

impl<F: FnMut(Event<'_>)> Sink for F {
    fn event(&mut self, event: Event<'_>) {
        self(event)
    }
}
