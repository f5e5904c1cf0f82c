//! The engine: pure Rust, no browser API. It reads from `Read` or
//! `Read + Seek`, reports events through a [`Sink`], and builds a versioned
//! [`report::Report`].
//!
//! - [`inspect`]: seekable input. If it is an uncompressed tar, a first pass
//!   walks the outer tar headers only (bodies skipped by seeking), reads the
//!   small JSON documents and resolves the graph ([`index`]); then each blob
//!   is streamed once ([`verify_blob`]); then [`finish`].
//!   A compressed input falls back to one pass.
//! - [`inspect_stream`]: non-seekable input (an archive compressed as a
//!   whole). One pass hashes every entry as it passes, speculatively decodes
//!   entries whose bytes are compressed or tar, keeps JSON-looking entries up
//!   to the caps, and matches blobs to descriptors at the end.
//!
//! # Layers
//!
//! The modules form a stack; each imports only from its own layer or below
//! (`tests/layering.rs` checks it):
//!
//! | layer | modules |
//! |---|---|
//! | 0 | [`error`], [`finding`], [`limits`], `io`, `sink`, [`readahead`] |
//! | 1 | [`tar`], [`codec`], [`model`], `path`, `hashing` |
//! | 2 | [`plan`], [`tree`], [`report`], [`errors`], [`inside`] |
//! | 3 | `archive`, `verify`, [`compat`], [`diff`] |
//! | 4 | `pipeline`, [`share`], [`extract`] |
//!
//! This file is the facade above them all: the modules the rest of the crate,
//! the tests and the binaries use, and the pipeline functions.

mod archive;
pub mod codec;
pub mod compat;
pub mod diff;
pub mod error;
pub mod errors;
pub mod extract;
pub mod finding;
mod hashing;
pub mod inside;
mod io;
pub mod limits;
pub mod model;
pub(crate) mod path;
mod pipeline;
pub mod plan;
pub mod readahead;
pub mod report;
pub mod share;
mod sink;
pub mod tar;
pub mod tree;
pub(crate) mod verify;

pub use error::Error;
pub use pipeline::{
    finish, index, inspect, inspect_parallel, inspect_stream, pass_for, Options, Pass,
};
pub use plan::Index;
pub use sink::{Event, NullSink, Sink};
pub use verify::blob::verify_blob;
