//! Writes every crafted case of `tests/cases` (the inputs `tests/crafted.rs`
//! checks) to a folder as a file, so that real tools can be run on them
//! (`scripts/record-load-results`): `cargo run --example write_cases DIR`.
//!
//! Each case becomes `DIR/<safe name>.tar`, and `DIR/cases.tsv` lists them:
//! file, case name, sha256 of the bytes, and the codes the case must produce.
//! The bytes are the ones the crafted tests inspect (the builders are
//! deterministic), so `tests/load_oracle.rs` can tell a stale recording from
//! a current one by the digest.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    dead_code,
    reason = "a developer tool over trusted, generated input; it fails loudly; the case \
              modules carry checks only the tests call"
)]

/// Drops the per-case `#[test]`s of `cases` (see `tests/cases/mod.rs`).
macro_rules! case_tests {
    ($($t:tt)*) => {};
}

#[path = "../tests/cases/mod.rs"]
mod cases;
#[path = "../tests/support/mod.rs"]
mod support;

use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::args_os().nth(1).expect("usage: write_cases DIR"));
    std::fs::create_dir_all(&dir).expect("output folder");
    let mut tsv = String::from("# file\tcase\tsha256\tcodes\n");
    let mut seen = std::collections::BTreeSet::new();
    for case in cases::all() {
        let file = format!("{}.tar", support::snapshot::safe_name(case.name));
        assert!(seen.insert(file.clone()), "two cases map to {file}");
        let bytes = (case.build)();
        std::fs::write(dir.join(&file), &bytes).expect("case written");
        let codes: Vec<&str> = case.codes.iter().map(|c| c.as_str()).collect();
        let sha = hex::encode(Sha256::digest(&bytes));
        writeln!(tsv, "{file}\t{}\t{sha}\t{}", case.name, codes.join(",")).expect("string");
    }
    std::fs::write(dir.join("cases.tsv"), tsv).expect("cases.tsv written");
    eprintln!("wrote {} cases to {}", seen.len(), dir.display());
}
