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

/// Codes no image can cause, each with the tests that produce it instead.
/// `limits.worker-failed` is the page's worker dying (a wasm trap, out of
/// memory) while it reads a blob: the engine never sees it happen.
const NOT_FROM_AN_IMAGE: &[(&str, &str)] = &[(
    "limits.worker-failed",
    "tests/worker_handler.rs finish_with_a_failed_blob_reports_it_at_its_layer; tests/e2e/hostile.mjs",
)];

#[test]
fn every_code_has_a_case() {
    let covered: BTreeSet<Code> = cases::all().flat_map(|c| c.codes.iter().copied()).collect();
    for (code, tests) in NOT_FROM_AN_IMAGE {
        let known = Code::ALL.iter().find(|c| c.as_str() == *code);
        assert!(known.is_some(), "{code} is not a code of the catalogue");
        assert!(
            known.is_some_and(|c| !covered.contains(c)),
            "{code} has a crafted case now: take it off NOT_FROM_AN_IMAGE ({tests})"
        );
    }
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| !covered.contains(c))
        .map(|c| c.as_str())
        .filter(|c| !NOT_FROM_AN_IMAGE.iter().any(|(n, _)| n == c))
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
