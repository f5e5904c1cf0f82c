//! Layer contents: tar headers, paths, links, whiteouts, compression, DiffIDs.
use crate::support::compress::*;
use crate::support::image::*;
use crate::support::tar_writer::*;
use crate::Case;

pub static CASES: &[Case] = &[];
