//! Crafted broken inputs, built by the Rust test helpers in `tests/support`.
//! Each case is its own `#[test]` (`cargo test --test crafted tar_truncated`
//! runs one), made by the `crafted!` macro in `cases/mod.rs`; it asserts the
//! exact set of finding codes in both the seekable (index pass + blob passes)
//! and the one-pass mode, and that the page's path gives the seekable report.
//! Every finding code of the catalogue must be produced by at least one case.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// Keeps the per-case `#[test]`s of `cases` (see `cases/mod.rs`).
macro_rules! case_tests {
    ($($t:tt)*) => { $($t)* };
}

mod cases;
mod support;

use ocilens::engine::finding::Code;
use std::collections::BTreeSet;

#[test]
fn every_code_has_a_case() {
    let covered: BTreeSet<Code> = cases::all().flat_map(|c| c.codes.iter().copied()).collect();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| !covered.contains(c))
        .map(|c| c.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a crafted case: {missing:?}"
    );
}

/// The snapshots are named after the cases, and a test finds its case by name.
#[test]
fn case_names_are_unique() {
    let mut seen = BTreeSet::new();
    let twice: Vec<&str> = cases::all()
        .map(|c| c.name)
        .filter(|n| !seen.insert(*n))
        .collect();
    assert!(twice.is_empty(), "case names used twice: {twice:?}");
}

/// The bad-input corpus per category of reliability-plan.md §4: every
/// category has at least its minimum of cases, and all of them at least 240.
/// The share links (category I) have their own harness (`cases::share_links`),
/// so they are counted from its list; `--nocapture` prints the table.
#[test]
fn corpus_counts() {
    use cases::harness::Category;
    let mut rows = Vec::new();
    let mut short = Vec::new();
    let mut total = 0;
    for cat in Category::ALL {
        let crafted = cases::all().filter(|c| c.category == cat).count();
        let links = cases::share_links::CASES
            .iter()
            .filter(|_| cat == cases::share_links::CATEGORY)
            .count();
        let n = crafted + links;
        total += n;
        rows.push(format!(
            "{cat:?} {:<24} {n:>4} (min {})",
            cat.title(),
            cat.min()
        ));
        if n < cat.min() {
            short.push(format!("{cat:?}: {n} < {}", cat.min()));
        }
    }
    println!("{}\ntotal {total}", rows.join("\n"));
    assert!(
        short.is_empty(),
        "categories under their minimum: {short:?}"
    );
    assert!(total >= 240, "the corpus has {total} cases, fewer than 240");
}
