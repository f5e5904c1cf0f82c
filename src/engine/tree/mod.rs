//! The layer tree: one layer's entries with their local checks and whiteouts,
//! and the merge of layers into the image's file system.

mod checks;
pub mod entry;
pub mod layer;
pub mod merge;
pub mod whiteout;
