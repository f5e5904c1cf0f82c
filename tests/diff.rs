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
#[path = "diff/link.rs"]
mod link;
#[path = "diff/real.rs"]
mod real;
#[path = "diff/reference.rs"]
mod reference;
mod support;

/// docs/diff.md shows every cause with exactly the engine's explanation and fix.
#[test]
fn docs_diff_md_has_every_cause_as_the_engine_words_it() {
    use ocilens::engine::diff::{causes, Cause};
    let doc =
        std::fs::read_to_string(format!("{}/docs/diff.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    for c in Cause::ALL {
        let section = format!("### `{}`", c.as_str());
        let at = doc.find(&section).unwrap_or_else(|| panic!("no {section}"));
        let rest = &doc[at..];
        let end = rest[section.len()..]
            .find("### ")
            .map_or(rest.len(), |e| e + section.len());
        let body = &rest[..end];
        assert!(
            body.contains(causes::explanation(c)),
            "{section}: explanation"
        );
        assert!(body.contains(causes::fix(c)), "{section}: fix");
    }
}
