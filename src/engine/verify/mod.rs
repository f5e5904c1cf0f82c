//! Verification: the document checks of the index pass, as pure functions
//! over the model types ([`media_types`], [`compat`], [`config`], [`embedded`]); streaming
//! blobs ([`blob`]); each layer against its blob ([`layer`]: digest, size,
//! DiffID, compression vs media type); the checks that need every image
//! ([`finish`]: compatibility, the merged tree, the findings' order) and
//! references ([`references`]).

pub mod blob;
pub mod compat;
pub mod config;
pub mod embedded;
pub mod finish;
pub mod layer;
pub mod media_types;
pub mod references;
