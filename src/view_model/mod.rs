//! Pure UI state (dive's view model): what the page shows, built from the
//! engine's structure, progress events and report, and tested natively.
//! Components only render slices of it.

pub mod compare;
pub mod compat_matrix;
pub mod explain;
pub mod explorer;
pub mod findings_groups;
pub mod format;
pub mod keys;
pub mod links;
pub mod marks;
pub mod overview;
pub mod packages;
pub mod paste;
pub mod path_history;
pub mod preview;
pub mod route;
pub mod schedule;
pub mod size_picture;
pub mod split;
pub mod state;
pub mod tree_rows;
