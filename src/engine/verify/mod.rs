//! Verification: the document checks of the index pass, as pure functions
//! over the model types ([`media_types`], [`compat`], [`config`], [`embedded`]); streaming
//! blobs ([`blob`], the decoded half on a second thread natively: `beside`); each layer against its blob ([`layer`]: digest, size,
//! DiffID, compression vs media type); the checks that need every image
//! ([`finish`]: compatibility, the merged tree, the findings' order) and
//! references ([`references`]).

#[cfg(not(target_arch = "wasm32"))]
pub mod beside;
pub mod blob;
pub mod compat;
pub mod config;
pub mod embedded;
pub mod finish;
pub mod layer;
pub mod media_types;
pub mod references;
