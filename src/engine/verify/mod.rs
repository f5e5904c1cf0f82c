//! Verification: streaming blobs ([`blob`]), and the checks that need
//! everything ([`finish`]): digests, sizes, DiffIDs, compression vs media
//! type, compatibility, references and the merged tree.

pub mod blob;
pub mod finish;
pub mod references;
