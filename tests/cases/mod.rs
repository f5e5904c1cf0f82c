//! The crafted cases, by theme.
pub mod layers;
pub mod structure;
