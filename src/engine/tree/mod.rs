//! The layer tree: one layer's entries with their local checks and whiteouts,
//! the merge of layers into the image's file system, where the bytes go
//! (the waste model and duplicates, with the `efficiency` findings), and how
//! each layer's tar was written (entry order, header encoding).

pub(crate) mod checks;
pub mod duplicates;
pub mod efficiency;
pub mod entry;
pub mod layer;
pub mod merge;
pub mod tar_facts;
mod waste_findings;
pub mod whiteout;
