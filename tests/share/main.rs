//! Share links (`engine::share`): every real fixture encodes under the 8 KB
//! target and decodes back to exactly what the link keeps; random reports
//! round-trip; hostile fragments give the expected error and never panic.
//!
//! `cargo test --test share -- --nocapture` prints the measured link sizes.
//!
//! - `model`: what a link keeps, stated independently of the module (the drop
//!   order of its documentation), not a call into it;
//! - `random`: random reports, with every field the link carries;
//! - `round_trip`: real fixtures, random reports and many findings, encoded,
//!   decoded and compared with the model;
//! - `hostile`: hostile and fuzzed fragments, and the decoding time;
//! - `efficiency`: random efficiencies, and one with 1 000 items that fits.
//!
//! `v1-links.txt` beside these files is read by the module's own unit test
//! (`engine::share::tests`): version 1 links that must keep opening.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]

mod efficiency;
mod hostile;
mod model;
mod random;
mod round_trip;

use model::expected;
use ocilens::engine::report::Report;
use ocilens::engine::share::{decode, encode, Dropped, Focus, LinkError, MAX_FRAGMENT};

/// Encodes, checks the size, decodes and compares with [`expected`].
pub(crate) fn round_trip(r: &Report, focus: Option<&Focus>, ctx: &str) -> (String, Dropped) {
    let (fragment, dropped) = encode(r, focus);
    assert!(fragment.starts_with("r=1."), "{ctx}");
    if fragment.len() > MAX_FRAGMENT {
        assert!(matches!(decode(&fragment), Err(LinkError::TooLong { .. })));
        return (fragment, dropped);
    }
    let shared = decode(&fragment).unwrap_or_else(|e| panic!("{ctx}: {e}"));
    assert_eq!(shared.dropped, dropped, "{ctx}");
    let with_hash = decode(&format!("#{fragment}")).expect("with #");
    assert_eq!(with_hash, shared, "{ctx}: # is optional");
    let (want, want_focus) = expected(r, focus, &dropped);
    if shared.report != want {
        let a = serde_json::to_string_pretty(&shared.report).unwrap();
        let b = serde_json::to_string_pretty(&want).unwrap();
        let line = a
            .lines()
            .zip(b.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        panic!(
            "{ctx}: decoded report differs from the expected view near line {line}:\n got: {:?}\nwant: {:?}",
            a.lines().nth(line),
            b.lines().nth(line)
        );
    }
    assert_eq!(shared.focus, want_focus, "{ctx}");
    (fragment, dropped)
}

pub(crate) fn describe(d: &Dropped) -> String {
    let mut parts = Vec::new();
    for (on, name) in [
        (d.tree, "tree"),
        (d.history, "history"),
        (d.annotations, "annotations"),
        (d.documents, "documents"),
        (d.messages_truncated, "messages"),
    ] {
        if on {
            parts.push(name.to_string());
        }
    }
    if d.findings > 0 {
        parts.push(format!("{} findings", d.findings));
    }
    if parts.is_empty() {
        "-".into()
    } else {
        parts.join(", ")
    }
}
