//! The layer tree: one layer's entries with their local checks and whiteouts,
//! the merge of layers into the image's file system, and where the bytes go
//! (the waste model and duplicates, with the `efficiency` findings).

mod checks;
pub mod duplicates;
pub mod efficiency;
pub mod entry;
pub mod layer;
pub mod merge;
mod waste_findings;
pub mod whiteout;
