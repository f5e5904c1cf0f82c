//! Verification: the document checks of the index pass, as pure functions
//! over the model types ([`media_types`], [`compat`], [`config`]); streaming
//! blobs ([`blob`]); and the checks that need everything ([`finish`],
//! [`references`]): digests, sizes, DiffIDs, compression vs media type,
//! references and the merged tree.

pub mod blob;
pub mod compat;
pub mod config;
pub mod finish;
pub mod media_types;
pub mod references;
