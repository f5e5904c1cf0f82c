//! The real tools are the oracle for their own rows of the verdict table
//! (issue 11). `scripts/record-load-results` ran Debian 12's docker.io,
//! containerd (`ctr`), podman, skopeo and umoci on every fixture and every
//! crafted case, as a user would, and recorded what each did in
//! `tests/oracle/load/results.json` with the exact versions. These tests
//! need none of those tools:
//!
//! - every recorded run agrees with `engine::compat::verdict` for that tool,
//!   command and exact version (`ok` / `warns` / `fails`, read from the run
//!   as `tests/load/observe.rs` says), except the documented disagreements
//!   of `tests/load/exceptions.rs`; the agreement figure is printed
//!   (`cargo test --test load_oracle -- --nocapture`). The disagreements
//!   not yet fixed in the rules are listed, one a line, in
//!   `tests/oracle/load/disagreements.tsv`: a new one fails the test, and so
//!   does a listed one that is gone (the list only shrinks by fixing rules);
//! - the recording is current: every fixture and crafted case is in it,
//!   with the sha256 of the bytes the tests inspect.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]

/// Only the inputs of the crafted cases are needed here, not their tests.
macro_rules! case_tests {
    ($($t:tt)*) => {};
}

#[allow(
    dead_code,
    reason = "the harness serves the cases' own tests, which this crate drops"
)]
mod cases;
mod load;
mod support;

use load::exceptions::EXCEPTIONS;
use load::observe::{self, Column, Observed, COLUMNS};
use load::record::{self, Input, Versions};
use ocilens::engine::compat;
use ocilens::engine::report::{Report, ToolName, Verdict};
use ocilens::engine::{inspect, NullSink, Options};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::io::Cursor;
use std::path::Path;

const RERECORD: &str = "re-record on a root shell: sudo scripts/record-load-results --resume";

/// The file name the tools were given, and its bytes.
fn bytes_of(input: &Input) -> (String, Vec<u8>) {
    if let Some(name) = input.input.strip_prefix("case:") {
        let case = cases::all().find(|c| c.name == name).unwrap_or_else(|| {
            panic!("{}: no crafted case has this name; {RERECORD}", input.input)
        });
        (
            format!("{}.tar", support::snapshot::safe_name(name)),
            (case.build)(),
        )
    } else {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(&input.input);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        (name, std::fs::read(&path).expect("fixture readable"))
    }
}

/// ocilens's report of the input, as `ocilens inspect FILE` makes it.
fn report_of(input: &Input) -> Report {
    let (name, bytes) = bytes_of(input);
    let sha = hex::encode(Sha256::digest(&bytes));
    assert_eq!(
        sha, input.sha256,
        "{}: the bytes changed since the tools ran on them; {RERECORD}",
        input.input
    );
    let o = Options {
        name,
        ..Options::default()
    };
    inspect(Cursor::new(bytes), &o, &mut NullSink).expect("readable")
}

fn version(v: &Versions, tool: ToolName) -> &str {
    match tool {
        ToolName::Docker => &v.docker,
        ToolName::Containerd => &v.containerd,
        ToolName::Podman => &v.podman,
        ToolName::Skopeo => &v.skopeo,
        ToolName::Umoci => &v.umoci,
        other => panic!("no recording for {other}"),
    }
}

/// One comparison of a recorded run with the rules.
struct Compared {
    input: String,
    column: &'static str,
    command: String,
    observed: Observed,
    predicted: Verdict,
    because: Vec<String>,
    message: Option<String>,
    /// Every finding code of the report, for the diagnosis of a disagreement.
    codes: Vec<&'static str>,
}

impl Compared {
    fn agrees(&self) -> bool {
        self.observed.verdict == self.predicted
    }

    fn describe(&self) -> String {
        format!(
            "{} · {}\n    the tool: {} ({})\n    the rules: {} because {:?}: {}\n    findings: {}",
            self.input,
            self.command,
            self.observed.verdict,
            self.observed.why,
            self.predicted,
            self.because,
            self.message.as_deref().unwrap_or("—"),
            self.codes.join(" "),
        )
    }
}

fn compare(input: &Input, report: &Report, versions: &Versions, col: &Column) -> Option<Compared> {
    let observed = observe::verdict(input, col, &report.references)?;
    let command = observe::runs(input, col)
        .iter()
        .map(|r| r.command.as_str())
        .collect::<Vec<_>>()
        .join(" ; ");
    let v = version(versions, col.tool);
    let c = compat::verdict(report, col.tool, col.action, col.variant, v)
        .unwrap_or_else(|| panic!("the rule table has no column {} at {v}", col.label));
    Some(Compared {
        input: input.input.clone(),
        column: col.label,
        command,
        observed,
        predicted: c.verdict,
        because: c.because.iter().map(|b| b.as_str().to_string()).collect(),
        message: c.message,
        codes: {
            let mut codes: Vec<&'static str> =
                report.findings.iter().map(|f| f.code.as_str()).collect();
            codes.dedup();
            codes
        },
    })
}

/// Every comparison, input by input.
fn all_compared() -> Vec<Compared> {
    let (versions, inputs) = record::load();
    inputs
        .iter()
        .flat_map(|input| {
            let report = report_of(input);
            COLUMNS
                .iter()
                .filter_map(|col| compare(input, &report, &versions, col))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn figure(label: &str, rows: &[&Compared]) -> String {
    let agree = rows.iter().filter(|c| c.agrees()).count();
    let pct = if rows.is_empty() {
        100.0
    } else {
        100.0 * agree as f64 / rows.len() as f64
    };
    format!("{label:<40} {agree:>4} / {:<4} {pct:6.2} %", rows.len())
}

/// The disagreements not yet fixed in the rules, one a line (input, command,
/// what the tool did, what the rules say, the findings), generated by
/// `OCILENS_BLESS=1 cargo test --test load_oracle`: each line is a bug in the
/// rule table, to be fixed there and removed here. `OCILENS_ORACLE_DUMP=FILE`
/// writes every comparison in the same form, agreeing ones included (for
/// finding which codes make a tool fail).
const OPEN: &str = "tests/oracle/load/disagreements.tsv";

fn open_line(c: &Compared) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{}",
        c.input,
        c.column,
        c.observed.verdict,
        c.predicted,
        c.codes.join(" ")
    )
}

fn open_file(lines: &[String]) -> String {
    let mut out = String::from(
        "# Disagreements between the real tools (tests/oracle/load/results.json) and the\n\
         # rules (engine::compat), not yet fixed: each is a bug in the rule table. Fix the\n\
         # rule, then OCILENS_BLESS=1 cargo test --test load_oracle rewrites this file.\n\
         # input\tcommand\tthe tool\tthe rules\tfindings of the report\n",
    );
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    out
}

#[test]
fn every_recorded_run_agrees_with_the_rules() {
    let all = all_compared();
    let (_, inputs) = record::load();
    println!("agreement with the real tools ({} inputs):", inputs.len());
    for col in COLUMNS {
        let rows: Vec<&Compared> = all.iter().filter(|c| c.column == col.label).collect();
        println!("  {}", figure(col.label, &rows));
    }
    let everything: Vec<&Compared> = all.iter().collect();
    println!("  {}", figure("all", &everything));
    let documented = |c: &Compared| {
        EXCEPTIONS
            .iter()
            .any(|e| e.input == c.input && e.column == c.column)
    };
    for e in EXCEPTIONS {
        println!(
            "  documented exception: {} · {}: {}",
            e.input, e.column, e.reason
        );
    }
    let stale: Vec<&str> = EXCEPTIONS
        .iter()
        .filter(|e| {
            !all.iter()
                .any(|c| !c.agrees() && e.input == c.input && e.column == c.column)
        })
        .map(|e| e.input)
        .collect();
    assert!(
        stale.is_empty(),
        "exceptions that no longer happen: {stale:?}"
    );
    let bugs: Vec<&Compared> = all
        .iter()
        .filter(|c| !c.agrees() && !documented(c))
        .collect();
    if let Some(dump) = std::env::var_os("OCILENS_ORACLE_DUMP") {
        let every: Vec<String> = all.iter().map(open_line).collect();
        std::fs::write(dump, open_file(&every)).unwrap();
    }
    let lines: Vec<String> = bugs.iter().map(|c| open_line(c)).collect();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(OPEN);
    if std::env::var_os("OCILENS_BLESS").is_some() {
        std::fs::write(&path, open_file(&lines)).unwrap();
    }
    let listed = std::fs::read_to_string(&path).unwrap_or_default();
    let listed: BTreeSet<&str> = listed.lines().filter(|l| !l.starts_with('#')).collect();
    let new: Vec<String> = bugs
        .iter()
        .filter(|c| !listed.contains(open_line(c).as_str()))
        .map(|c| c.describe())
        .collect();
    let now: BTreeSet<String> = lines.iter().cloned().collect();
    let fixed: Vec<&&str> = listed.iter().filter(|l| !now.contains(**l)).collect();
    println!("  open disagreements (rule bugs, {OPEN}): {}", bugs.len());
    assert!(
        new.is_empty(),
        "{} disagreement(s) between the real tools and the rules that {OPEN} does not list:\n  {}",
        new.len(),
        new.join("\n  ")
    );
    assert!(
        fixed.is_empty(),
        "{OPEN} lists disagreements that are gone (fixed?): {fixed:?}; \
         OCILENS_BLESS=1 cargo test --test load_oracle rewrites it"
    );
}

#[test]
fn the_recording_covers_every_fixture_and_case() {
    let (_, inputs) = record::load();
    let recorded: BTreeSet<&str> = inputs.iter().map(|i| i.input.as_str()).collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut missing: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            [".tar", ".tar.gz", ".tar.zst", ".tar.xz", ".tar.bz2"]
                .iter()
                .any(|s| n.ends_with(s))
        })
        .map(|n| format!("tests/fixtures/{n}"))
        .chain(cases::all().map(|c| format!("case:{}", c.name)))
        .filter(|n| !recorded.contains(n.as_str()))
        .collect();
    missing.sort();
    assert!(
        missing.is_empty(),
        "inputs the real tools have not seen: {missing:?}; {RERECORD}"
    );
    for i in &inputs {
        assert!(!i.runs.is_empty(), "{}: no runs", i.input);
        assert!(
            COLUMNS
                .iter()
                .all(|c| c.tool == ToolName::Umoci || !observe::runs(i, c).is_empty()),
            "{}: a tool was not run",
            i.input
        );
    }
}
