//! The layer tree: canonical paths, one layer's entries and local checks,
//! and the merge of layers into the image's file system.

pub mod entry;
pub mod layer;
pub mod merge;
