//! Messages between the page and its Web Workers. Pure serde types over
//! engine types, carried as JSON strings (the `File` travels next to the
//! string, as a structured clone of the handle: no bytes are copied). The
//! file trees of a layer's result, `Finish`, `Compare` and the report travel
//! beside the JSON in a compact binary form ([`entries`]).
//!
//! | to a worker | from a worker |
//! |---|---|
//! | `Open` (with the file) | `Structure`, `Progress`, `Report`, `Failed` |
//! | `Verify { job }` (with the file) | `Progress`, `BlobDone`, `Failed` |
//! | `Finish { results }` | `Report`, `Failed` |
//! | `ReadFile { target, options }` (with the file) | `FileProgress`, `FileChunk` (bytes beside it), `FileDone`, `Failed` |
//! | `Compare { name, a, host }` (with the second file) | `Progress`, `Compared`, `Failed` |
//! | `Recompare { a, b }` (the images of the kept pair) | `Compared`, `Failed` |
//! | `PathLayers { path }` (of the kept pair) | `PathLayers`, `Failed` |

pub mod entries;
mod handler;
mod read;

pub use handler::Handler;
pub use read::FileSink;

use crate::engine::diff::select::ImageChoice;
use crate::engine::diff::Diff;
use crate::engine::extract::{FileTarget, Phase, ReadOptions, ReadOutcome};
use crate::engine::plan::{BlobJob, BlobResult, Structure};
use crate::engine::report::{Input, Report, TreeLayer};
use serde::{Deserialize, Serialize};

/// Largest report JSON the page opens (a CLI report with `--tree` of a big image).
pub const MAX_REPORT_JSON: u64 = 256 * 1024 * 1024;

/// A message to a worker.
///
/// Externally tagged (`{"Open":{…}}`), as every message here: an internally
/// tagged enum (`#[serde(tag = "type")]`) makes serde buffer the whole message,
/// a report of up to [`MAX_REPORT_JSON`] included, as a `Content` tree before
/// reading it, which costs memory and a second copy of every deserializer in
/// the wasm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    /// Sniff the file: a report JSON is opened as is; a compressed archive
    /// is read in one pass; a tar gets the index pass (the worker keeps the
    /// index for `Finish`).
    Open {
        /// File name, for the report.
        name: String,
    },
    /// Stream one blob of the file.
    Verify {
        /// What to read.
        job: BlobJob,
    },
    /// All blobs are done: cross-check and build the report.
    Finish {
        /// Every blob result.
        results: Vec<BlobResult>,
        /// The blobs whose worker died while reading them (each becomes a
        /// `limits.worker-failed` finding).
        #[serde(default)]
        failed: Vec<FailedBlob>,
    },
    /// Stream one file of the image out of the file (preview, download).
    ReadFile {
        /// Where its bytes are.
        target: FileTarget,
        /// The cap, and how much of it.
        options: ReadOptions,
    },
    /// Inspect the file (with the tree) and compare report `a` with it.
    Compare {
        /// The second file's name.
        name: String,
        /// The first image's report (with its tree).
        a: Box<Report>,
        /// The browser's platform (`linux/amd64`), the default in an index.
        #[serde(default)]
        host: Option<String>,
    },
    /// Compare other images of the pair the last `Compare` kept.
    Recompare {
        /// Index into the first report's `images[]`.
        a: u32,
        /// Index into the second report's `images[]`.
        b: u32,
    },
    /// The layers of both compared images that touch `path` (its history).
    PathLayers {
        /// The path, as in the tree.
        path: String,
    },
}

/// A blob whose worker died (a wasm trap) while it read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedBlob {
    /// Archive entry.
    pub entry: String,
    /// What the page saw (the worker's error message).
    pub message: String,
}

/// The images each side of a comparison can be.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareChoices {
    /// The first report's runnable images.
    pub a: Vec<ImageChoice>,
    /// The second report's.
    pub b: Vec<ImageChoice>,
}

/// Bytes done of total for one blob.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressUpdate {
    /// Archive entry.
    pub blob: String,
    /// Bytes read.
    pub done: u64,
    /// Bytes in the blob.
    pub total: u64,
}

/// A message from a worker.
/// Externally tagged, as [`ToWorker`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker's wasm is loaded and it listens (messages sent before are lost).
    Ready,
    /// The index pass is done: structure and jobs, before any hashing.
    Structure {
        /// What the archive holds.
        structure: Box<Structure>,
        /// The input.
        input: Input,
    },
    /// Progress of one or more blobs (batched, about ten a second).
    Progress {
        /// Updates.
        updates: Vec<ProgressUpdate>,
    },
    /// One blob is verified.
    BlobDone {
        /// Its result.
        result: Box<BlobResult>,
    },
    /// The report.
    Report {
        /// The report.
        report: Box<Report>,
    },
    /// Progress of a `ReadFile`.
    FileProgress {
        /// Decoding up to the entry, or writing it.
        phase: Phase,
        /// Bytes done.
        done: u64,
        /// Bytes in all.
        total: u64,
    },
    /// `len` bytes of the file from `offset`; the bytes travel beside this
    /// message (a transferred `ArrayBuffer`).
    FileChunk {
        /// Offset in the file.
        offset: u64,
        /// Bytes in the chunk.
        len: u64,
    },
    /// A `ReadFile` ended.
    FileDone {
        /// How.
        outcome: ReadOutcome,
    },
    /// The comparison of the first report with the second file.
    Compared {
        /// `ocilens.diff/v1`.
        diff: Box<Diff>,
        /// The images either side can be (`Recompare` picks others).
        #[serde(default)]
        choices: CompareChoices,
        /// Milliseconds the comparison itself took in the worker (both
        /// reports in hand), when the worker has a clock.
        #[serde(default)]
        compare_ms: Option<f64>,
    },
    /// The layers of the compared images that touch `path`, only its entries.
    PathLayers {
        /// The path asked for.
        path: String,
        /// Image A's layers.
        a: Vec<TreeLayer>,
        /// Image B's.
        b: Vec<TreeLayer>,
    },
    /// The file could not be read at all.
    Failed {
        /// Why.
        message: String,
    },
}

impl ToWorker {
    /// As JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl FromWorker {
    /// As JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| {
            serde_json::to_string(&FromWorker::Failed {
                message: format!("internal error: {e}"),
            })
            .unwrap_or_default()
        })
    }
    /// From JSON.
    pub fn from_json(s: &str) -> Result<Self, String> {
        serde_json::from_str(s).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::plan::Part;

    #[test]
    fn round_trip() {
        let m = ToWorker::Verify {
            job: BlobJob {
                entry: "blobs/sha256/ab".into(),
                offset: 5 << 32,
                size: 9 << 30,
                sha512: false,
                decode: true,
                part: Part::Whole,
            },
        };
        let back: ToWorker = serde_json::from_str(&m.to_json()).unwrap();
        assert_eq!(back, m);
        let p = FromWorker::Progress {
            updates: vec![ProgressUpdate {
                blob: "x".into(),
                done: 1,
                total: 2,
            }],
        };
        assert_eq!(FromWorker::from_json(&p.to_json()).unwrap(), p);
    }
}
