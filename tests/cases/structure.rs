//! Archive structure: formats, documents, descriptors, blobs, names.
use crate::support::compress::*;
use crate::support::image::*;
use crate::support::tar_writer::*;
use crate::Case;

pub static CASES: &[Case] = &[];
