//! Crafted-input builders for the integration tests: an in-memory tar
//! writer, compressors and digests, and whole image archives. Pure Rust, no
//! file system, processes or threads, so they also run on wasm32.
//!
//! From the bottom: `tar_writer`, `compress`, `json` and `media_types`;
//! `layer` (layer tars and their descriptors); `oci_image` (manifest and
//! config); `edits` (the entries of an archive and the path edits both
//! builders share, trait `Edited`); the two archive builders `oci_layout`
//! and `docker_archive`; `snapshot` (report snapshots for refactoring); and
//! `waste_ref`, a reference for the waste model, apart from the engine.
//!
//! Everything is computed from the parts at build time, so a test can change
//! any public field (a media type, a DiffID, a blob) after construction and
//! the rest stays consistent unless it overrides that too.
#![allow(dead_code)]

pub mod compress;
pub mod docker_archive;
pub mod edits;
pub mod json;
pub mod layer;
pub mod media_types;
pub mod oci_image;
pub mod oci_layout;
pub mod snapshot;
pub mod tar_writer;
pub mod waste_ref;
