//! The plan: what the index pass hands to the blob pass and back, across the
//! worker boundary. The [`Structure`] of the archive with its [`BlobJob`]s, one
//! [`BlobResult`] per streamed blob, and the [`Index`] a worker keeps between the
//! index pass and finish. Plain serde data; the passes that make and read it live
//! in `archive/`, `verify/` and `pipeline/`.

use crate::engine::codec::Content;
use crate::engine::finding::Finding;
use crate::engine::inside::LayerInside;
use crate::engine::report::{Document, Format, Image, IndexNode, Input, ReferenceRecord};
use crate::engine::tree::entry::LayerEntry;
use crate::engine::tree::tar_facts::TarFacts;
use serde::{Deserialize, Serialize};

/// The structure of the archive, known before any layer is hashed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Structure {
    /// Detected format.
    pub format: Format,
    /// `index.json` and what it points to.
    pub index: Option<IndexNode>,
    /// Images found.
    pub images: Vec<Image>,
    /// Names found.
    pub references: Vec<ReferenceRecord>,
    /// Documents read.
    pub documents: Vec<Document>,
    /// Findings so far.
    pub findings: Vec<Finding>,
    /// Blobs to stream.
    pub jobs: Vec<BlobJob>,
}

/// Why decoding stopped early.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum DecodeProblem {
    /// Damaged stream.
    Corrupt {
        /// Decoder message.
        detail: String,
    },
    /// Extra bytes after the last member or frame (all data was decoded).
    TrailingData {
        /// Decoder message.
        detail: String,
    },
    /// The zstd window cap fired.
    ZstdWindow {
        /// Requested window.
        requested: u64,
        /// Cap.
        max: u64,
    },
    /// The xz memory cap fired.
    XzDictionary {
        /// Requested memory.
        requested: u64,
        /// Cap.
        max: u64,
    },
    /// The decompressed-bytes cap fired.
    DecompressedBytes {
        /// Cap.
        max: u64,
    },
}

/// What was found inside a decoded layer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerContent {
    /// sha256 of the whole decoded stream; `None` when decoding failed.
    pub diff_id: Option<String>,
    /// Bytes of decoded stream.
    pub uncompressed_size: u64,
    /// Why decoding stopped, if it did.
    pub problem: Option<DecodeProblem>,
    /// The decoded stream starts like a tar.
    pub is_tar: bool,
    /// Entries in tar order.
    pub entries: Vec<LayerEntry>,
    /// Hardlinks whose targets must come from lower layers.
    pub lower_links: Vec<String>,
    /// Findings about the tar and its paths (location: entry and path).
    pub findings: Vec<Finding>,
    /// Entry order and header encoding of the tar, when it was walked.
    #[serde(default)]
    pub tar: Option<TarFacts>,
    /// Package databases, secrets and ELF machines found in file bodies.
    #[serde(default)]
    pub inside: LayerInside,
}

impl LayerContent {
    /// The whole decoded stream was read: no problem, or only trailing data
    /// after the compressed stream (the tar itself is whole).
    pub fn complete(&self) -> bool {
        matches!(
            self.problem,
            None | Some(DecodeProblem::TrailingData { .. })
        )
    }
}

/// The result of streaming one blob.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobResult {
    /// The archive entry read.
    pub entry: String,
    /// Bytes read.
    pub size: u64,
    /// `sha256:<hex>` of the bytes.
    pub sha256: String,
    /// `sha512:<hex>`, when requested.
    pub sha512: Option<String>,
    /// Hex of the first bytes (for messages).
    pub head: String,
    /// What the bytes are.
    pub content: Content,
    /// Decoded layer, when the bytes are a tar or compressed.
    pub layer: Option<LayerContent>,
}

/// How to read a blob.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobJob {
    /// Archive entry (after resolving symlinks).
    pub entry: String,
    /// Offset of its bytes in the input.
    pub offset: u64,
    /// Bytes stored in the archive.
    pub size: u64,
    /// Also compute sha512.
    pub sha512: bool,
    /// Decode and walk it as a layer.
    pub decode: bool,
    /// Which half of the work (the page splits a long blob across two
    /// workers: [`BlobResult::merge`] puts the halves together).
    #[serde(default)]
    pub part: Part,
}

/// The share of a blob's work a job does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    /// All of it.
    #[default]
    Whole,
    /// The digest of the stored bytes (sha256, and sha512 when asked): the
    /// bytes are not decoded.
    Stored,
    /// Everything else: the stored bytes are only counted; they are decoded,
    /// the DiffID computed and the layer walked.
    Decoded,
}

impl BlobResult {
    /// The result of the whole blob from the results of its two halves.
    /// `None` when they are not the two halves of one blob.
    pub fn merge(stored: BlobResult, decoded: BlobResult) -> Option<BlobResult> {
        if stored.entry != decoded.entry || stored.size != decoded.size {
            return None;
        }
        // a plain tar's DiffID is its digest: the decoded half hashed it
        let layer = decoded.layer.map(|mut l| {
            if decoded.content == Content::Tar && l.complete() {
                l.diff_id = Some(stored.sha256.clone());
            }
            l
        });
        Some(BlobResult {
            sha256: stored.sha256,
            sha512: stored.sha512,
            layer,
            ..decoded
        })
    }
}

/// The result of the index pass, kept until finish.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// The resolved structure and the jobs.
    pub structure: Structure,
    /// The input.
    pub input: Input,
    /// Format detected.
    pub format: Option<Format>,
}
