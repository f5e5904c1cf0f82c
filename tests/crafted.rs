//! Crafted broken inputs, built by the Rust test helpers in `tests/support`.
//! Each case asserts the exact set of finding codes, in both the seekable
//! (index pass + blob passes) and the one-pass mode, and every finding code
//! of the catalogue must be produced by at least one case.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod cases;
mod support;

use ocilens::engine::finding::Code;
use ocilens::engine::report::Report;
use ocilens::engine::{inspect, inspect_stream, NullSink, Options};
use std::collections::BTreeSet;
use std::io::Cursor;

/// One crafted input and the exact codes it must produce.
pub struct Case {
    /// Test name.
    pub name: &'static str,
    /// Builds the archive bytes.
    pub build: fn() -> Vec<u8>,
    /// Exactly these codes (each at least once), no others.
    pub codes: &'static [&'static str],
    /// Extra assertions on the seekable report.
    pub check: Option<fn(&Report)>,
    /// Changes to the default options (e.g. lower caps).
    pub options: Option<fn(&mut Options)>,
}

/// A case with no extra check and default options.
pub const fn case(
    name: &'static str,
    build: fn() -> Vec<u8>,
    codes: &'static [&'static str],
) -> Case {
    Case {
        name,
        build,
        codes,
        check: None,
        options: None,
    }
}

fn options(tweak: Option<fn(&mut Options)>) -> Options {
    let mut o = Options {
        tree: true,
        name: "crafted.tar".into(),
        ..Options::default()
    };
    if let Some(t) = tweak {
        t(&mut o);
    }
    o
}

/// The seekable pipeline (index pass, blob passes, finish).
pub fn seekable(bytes: &[u8], tweak: Option<fn(&mut Options)>) -> Report {
    inspect(Cursor::new(bytes), &options(tweak), &mut NullSink).expect("readable")
}

/// The one-pass pipeline.
pub fn one_pass(bytes: &[u8], tweak: Option<fn(&mut Options)>) -> Report {
    inspect_stream(Cursor::new(bytes), &options(tweak), &mut NullSink).expect("readable")
}

fn codes(r: &Report) -> BTreeSet<String> {
    r.findings
        .iter()
        .map(|f| f.code.as_str().to_string())
        .collect()
}

fn json(r: &Report) -> String {
    serde_json::to_string(r).expect("serialises")
}

fn dump(r: &Report) -> String {
    r.findings
        .iter()
        .map(|f| format!("  {} [{:?}] {}", f.code, f.r#where, f.message))
        .collect::<Vec<_>>()
        .join("\n")
}

fn run_cases(list: &[Case]) {
    let mut failures = Vec::new();
    for case in list {
        let bytes = (case.build)();
        let expected: BTreeSet<String> = case.codes.iter().map(|s| s.to_string()).collect();
        let page = support::snapshot::page_path(&bytes, &options(case.options));
        for (mode, report) in [
            ("seekable", seekable(&bytes, case.options)),
            ("one-pass", one_pass(&bytes, case.options)),
        ] {
            support::snapshot::record(case.name, mode, &report);
            if mode == "seekable" {
                support::snapshot::record(case.name, "page", &page);
                let (a, b) = (json(&report), json(&page));
                if a != b {
                    failures.push(format!(
                        "{}: the page's report differs from the seekable one",
                        case.name
                    ));
                }
            }
            let got = codes(&report);
            if got != expected {
                failures.push(format!(
                    "{} ({mode}): expected {:?}\n got {:?}\n{}",
                    case.name,
                    expected,
                    got,
                    dump(&report)
                ));
            }
            for f in &report.findings {
                let code = f.code;
                assert_eq!(f.check, code.check(), "{}: check of {}", case.name, f.code);
                assert_eq!(
                    f.severity,
                    code.severity(),
                    "{}: severity of {}",
                    case.name,
                    f.code
                );
                assert!(!f.explanation.is_empty() && f.spec.starts_with("https://"));
            }
            if mode == "seekable" {
                if let Some(check) = case.check {
                    check(&report);
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn structure_cases() {
    run_cases(cases::structure::CASES);
}

#[test]
fn layer_cases() {
    run_cases(cases::layers::CASES);
}

#[test]
fn every_code_has_a_case() {
    let covered: BTreeSet<&str> = cases::structure::CASES
        .iter()
        .chain(cases::layers::CASES.iter())
        .flat_map(|c| c.codes.iter().copied())
        .collect();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !covered.contains(c))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a crafted case: {missing:?}"
    );
}
