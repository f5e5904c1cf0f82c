//! The fuzz targets of ocilens (docs/fuzzing.md): each takes the raw bytes of
//! one input and drives one entry point of the engine's public API. A target
//! fails only by panicking (or by the allocator's abort, [`alloc`]); every
//! `Err` and every finding is a correct answer to a hostile input.
//!
//! The same functions run under AFL++ (`afl_run`, coverage-guided) and plainly
//! (`replay`, the smoke pass and the regression check).

pub mod alloc;
mod docs;
mod image;
mod pair;
mod streams;
mod table;
mod text;

pub use pair::{join_pair, split_pair};
pub use table::{target, Target, TARGETS};
