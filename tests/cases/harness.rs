//! What one crafted case is, and how it runs: both pipelines and the page's
//! path, the exact set of codes, each finding's catalogue fields, the case's
//! own check, and the report snapshots (`support::snapshot`).

use crate::support::snapshot;
use ocilens::engine::compat::facts;
use ocilens::engine::finding::{Check, Code};
use ocilens::engine::report::Report;
use ocilens::engine::{inspect, inspect_stream, NullSink, Options};
use std::collections::BTreeSet;
use std::io::Cursor;

/// The categories of the bad-input corpus (reliability-plan.md §4), each
/// with its minimum number of cases (`corpus_counts` in `tests/crafted.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// The outer archive.
    A,
    /// Structure: the documents' graph and what they name.
    B,
    /// JSON documents.
    C,
    /// Digests and sizes.
    D,
    /// Compression.
    E,
    /// Tar headers.
    F,
    /// Paths, links and whiteouts.
    G,
    /// Scale as an attack.
    H,
    /// Share links (`cases::share_links`, their own harness).
    I,
    /// Rendering: hostile text kept as text.
    J,
}

impl Category {
    /// Every category, in order.
    pub const ALL: [Category; 10] = [
        Category::A,
        Category::B,
        Category::C,
        Category::D,
        Category::E,
        Category::F,
        Category::G,
        Category::H,
        Category::I,
        Category::J,
    ];
    /// The minimum count of the plan's table.
    pub fn min(self) -> usize {
        match self {
            Category::A | Category::B | Category::D | Category::I => 20,
            Category::C => 40,
            Category::E | Category::H => 15,
            Category::F => 30,
            Category::G => 35,
            Category::J => 25,
        }
    }
    /// The plan's title of the category.
    pub fn title(self) -> &'static str {
        match self {
            Category::A => "outer archive",
            Category::B => "structure",
            Category::C => "JSON",
            Category::D => "digests",
            Category::E => "compression",
            Category::F => "tar headers",
            Category::G => "paths, links, whiteouts",
            Category::H => "scale as attack",
            Category::I => "share links",
            Category::J => "rendering",
        }
    }
}

/// One crafted input and the exact codes it must produce.
pub struct Case {
    /// The case's name: its snapshot files are named after it.
    pub name: &'static str,
    /// Its category of the bad-input corpus.
    pub category: Category,
    /// Builds the archive bytes.
    pub build: fn() -> Vec<u8>,
    /// Exactly these codes (each at least once), no others.
    pub codes: &'static [Code],
    /// Extra assertions on the seekable report.
    pub check: Option<fn(&Report)>,
    /// Changes to the default options (e.g. lower caps).
    pub options: Option<fn(&mut Options)>,
}

/// The options a case runs with: the tree on, its name, and its own change.
pub fn options(tweak: Option<fn(&mut Options)>) -> Options {
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

/// Runs the case named `name` of `cases`; fails with every difference found.
pub fn run(cases: &[Case], name: &str) {
    let case = cases
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case named {name:?}"));
    let (failures, seekable) = failures(case);
    assert!(
        failures.is_empty(),
        "{}: {} failure(s):\n{}",
        case.name,
        failures.len(),
        failures.join("\n\n")
    );
    if let Some(check) = case.check {
        check(&seekable);
    }
}

/// The codes as their `<check>.<name>` strings, for messages.
fn names(codes: &BTreeSet<Code>) -> Vec<&'static str> {
    codes.iter().map(|c| c.as_str()).collect()
}

/// What differs from the case's expectations in the three paths, and the
/// seekable report.
fn failures(case: &Case) -> (Vec<String>, Report) {
    let bytes = (case.build)();
    let o = options(case.options);
    let expected: BTreeSet<Code> = case.codes.iter().copied().collect();
    let seekable = inspect(Cursor::new(&bytes), &o, &mut NullSink).expect("readable");
    let one_pass = inspect_stream(Cursor::new(&bytes), &o, &mut NullSink).expect("readable");
    let page = snapshot::page_path(&bytes, &o);
    snapshot::record(case.name, "seekable", &seekable);
    snapshot::record(case.name, "page", &page);
    snapshot::record(case.name, "one-pass", &one_pass);
    let mut failures = Vec::new();
    if json(&seekable) != json(&page) {
        failures.push("the page's report differs from the seekable one".to_string());
    }
    // the CLI's pass: two threads, each layer's decoded stream walked on a
    // third (verify::beside), must see the same bytes and errors
    #[cfg(not(target_arch = "wasm32"))]
    {
        let opened = || Ok::<_, std::io::Error>(Cursor::new(&bytes));
        let parallel = ocilens::engine::inspect_parallel(opened, &o, 2, &mut NullSink);
        let parallel = json(&parallel.expect("readable"));
        if json(&seekable) != parallel {
            failures.push(format!(
                "two threads give another report than one:\n{}\n{parallel}",
                json(&seekable)
            ));
        }
    }
    // The compatibility facts (which tools suit the file: no `manifest.json`,
    // a compressed archive, …) are checked by the cases that name one.
    let names_facts = expected.iter().any(|c| facts::CODES.contains(c));
    // The runtime lint (the generated configs run `/bin/sh` as root, in images
    // that mostly have no shell) is checked by the cases of `runtime.rs`,
    // which list every runtime code they expect (none, for one of them).
    let names_runtime =
        case.name.starts_with("runtime: ") || expected.iter().any(|c| c.check() == Check::Runtime);
    for (mode, report) in [("seekable", &seekable), ("one-pass", &one_pass)] {
        let got: BTreeSet<Code> = report
            .findings
            .iter()
            .map(|f| f.code)
            .filter(|c| names_facts || !facts::CODES.contains(c))
            .filter(|c| names_runtime || c.check() != Check::Runtime)
            .collect();
        if got != expected {
            failures.push(format!(
                "{mode}: expected {:?}\n got {:?}\n{}",
                names(&expected),
                names(&got),
                dump(report)
            ));
        }
        for f in &report.findings {
            let c = f.code;
            assert_eq!(f.check, c.check(), "{}: check of {c}", case.name);
            assert_eq!(f.severity, c.severity(), "{}: severity of {c}", case.name);
            assert!(!f.explanation.is_empty() && f.spec.starts_with("https://"));
        }
    }
    (failures, seekable)
}
