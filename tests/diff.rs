//! `ocilens diff`: two images compared (issue 10, docs/diff.md). Crafted
//! pairs against an independent reference (`diff/crafted.rs`,
//! `diff/reference.rs`), the CLI's exit status and JSON names
//! (`diff/cli.rs`), and the real pairs of `tests/fixtures/diff/`
//! (`diff/real.rs`, made by `scripts/make-diff-fixtures`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]
#![cfg(not(target_arch = "wasm32"))]

#[path = "diff/cli.rs"]
mod cli;
#[path = "diff/crafted.rs"]
mod crafted;
#[path = "diff/real.rs"]
mod real;
#[path = "diff/reference.rs"]
mod reference;
mod support;
