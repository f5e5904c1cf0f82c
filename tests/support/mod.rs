//! Crafted-input builders for the integration tests: an in-memory tar
//! writer, compressors and digests, and whole image archives. Pure Rust, no
//! file system, processes or threads, so they also run on wasm32.
#![allow(dead_code)]

pub mod compress;
pub mod image;
pub mod snapshot;
pub mod tar_writer;
