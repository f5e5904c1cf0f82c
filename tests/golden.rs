//! Golden files: the `ocilens.report/v1` JSON of three fixtures (an OCI
//! archive, a docker-archive and a broken image), `docs/findings.md` and
//! `docs/compatibility.md`.
//!
//! The engine is deterministic, so each golden report is compared whole:
//! every field name, the nesting, the key order and every value. A renamed,
//! removed or added field fails with a readable diff, one line per
//! difference with its JSON path (`$.images[0].layers[0].compression`) and
//! the expected and the actual value, between rulers (ripgrep's `eqnice!`).
//!
//! A change to the report is made on purpose: rerun with `OCILENS_BLESS=1`
//! (`OCILENS_BLESS=1 cargo test --test golden`) to rewrite the golden files,
//! `docs/findings.md` and `docs/compatibility.md`, then review the change in `git diff`. Adding a
//! field is fine in v1; renaming or removing one is v2 (`report/mod.rs`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]
#![cfg(not(target_arch = "wasm32"))]

use ocilens::engine::finding::{by_str, markdown};
use ocilens::engine::{inspect, NullSink, Options};
use serde_json::Value;
use std::fmt::Write as _;
use std::io::Cursor;
use std::path::PathBuf;

/// The fixtures with a golden report, under `tests/golden/<name>.json`.
const GOLDEN: &[&str] = &[
    // an OCI archive: skopeo copy to oci-archive, gzip layers, all verified
    "skopeo-oci-gzip.tar",
    // a docker-archive: docker save, with manifest.json and repositories
    "docker-save.tar",
    // a broken one: podman import of an xz tarball, DiffID of the compressed bytes
    "skopeo-tarball-xz.tar",
];

/// Most differences printed before "… and N more".
const MAX_LINES: usize = 40;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bless() -> bool {
    std::env::var_os("OCILENS_BLESS").is_some_and(|v| v == "1")
}

/// The JSON of a value, short enough for one line of a diff.
fn show(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(120) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// Every difference between `want` and `got` below `path`, one line each.
fn diff_json(path: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                let p = format!("{path}.{k}");
                match g.get(k) {
                    Some(gv) => diff_json(&p, wv, gv, out),
                    None => out.push(format!("{p}: field removed (expected {})", show(wv))),
                }
            }
            for (k, gv) in g.iter().filter(|(k, _)| !w.contains_key(*k)) {
                out.push(format!("{path}.{k}: field added (got {})", show(gv)));
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                diff_json(&format!("{path}[{i}]"), wv, gv, out);
            }
            if w.len() != g.len() {
                out.push(format!(
                    "{path}: {} elements expected, got {}",
                    w.len(),
                    g.len()
                ));
            }
        }
        (w, g) if w != g => out.push(format!("{path}: expected {}, got {}", show(w), show(g))),
        _ => {}
    }
}

/// The first line where two texts differ, as a one-line difference.
fn diff_lines(want: &str, got: &str) -> Vec<String> {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let mut out = Vec::new();
    for (n, pair) in w.iter().zip(&g).enumerate() {
        if pair.0 != pair.1 {
            out.push(format!(
                "line {}:\n  expected: {}\n  got:      {}",
                n + 1,
                pair.0,
                pair.1
            ));
        }
    }
    if w.len() != g.len() {
        out.push(format!("{} lines expected, got {}", w.len(), g.len()));
    }
    out
}

/// Compares `got` with the golden file `path` (rewriting it when blessed);
/// on a difference, the message lists `lines` between rulers.
fn check_golden(path: &PathBuf, got: &str, lines: impl Fn(&str, &str) -> Vec<String>) {
    if bless() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run `OCILENS_BLESS=1 cargo test --test golden` to write it",
            path.display()
        )
    });
    if want == got {
        return;
    }
    let diffs = lines(&want, got);
    let mut msg = format!(
        "\n{} differs from what the code makes now ({} difference(s)):\n{}\n",
        path.display(),
        diffs.len(),
        "=".repeat(72)
    );
    for d in diffs.iter().take(MAX_LINES) {
        writeln!(msg, "{d}").unwrap();
    }
    if diffs.len() > MAX_LINES {
        writeln!(msg, "… and {} more", diffs.len() - MAX_LINES).unwrap();
    }
    write!(
        msg,
        "{}\nIf the change is on purpose: OCILENS_BLESS=1 cargo test --test golden, then review git diff.",
        "=".repeat(72)
    )
    .unwrap();
    panic!("{msg}");
}

/// JSON differences by path; when the values are equal but the text is
/// not (key order, formatting), the first differing lines.
fn report_diffs(want: &str, got: &str) -> Vec<String> {
    let mut out = Vec::new();
    match serde_json::from_str::<Value>(want) {
        Ok(w) => diff_json("$", &w, &serde_json::from_str(got).unwrap(), &mut out),
        Err(e) => out.push(format!("the golden file is not JSON: {e}")),
    }
    if out.is_empty() {
        out = diff_lines(want, got);
    }
    out
}

#[test]
fn reports_match_the_golden_files() {
    for name in GOLDEN {
        let bytes = std::fs::read(root().join("tests/fixtures").join(name)).unwrap();
        let o = Options {
            tree: true,
            name: name.to_string(),
            ..Options::default()
        };
        let report = inspect(Cursor::new(bytes), &o, &mut NullSink).expect("readable");
        let got = serde_json::to_string_pretty(&report).unwrap() + "\n";
        let path = root().join("tests/golden").join(format!("{name}.json"));
        check_golden(&path, &got, report_diffs);
    }
}

#[test]
fn docs_findings_md_is_the_catalogue() {
    let generated = markdown();
    check_golden(&root().join("docs/findings.md"), &generated, diff_lines);
    // and every code row is a real code with the right severity
    for line in generated.lines().filter(|l| l.starts_with("| `")) {
        let code = line.split('`').nth(1).unwrap();
        let c = by_str(code).unwrap_or_else(|| panic!("unknown code {code} in docs"));
        let sev = line.split('|').nth(2).unwrap().trim();
        assert_eq!(sev, &c.severity().as_str()[..1].to_uppercase(), "{code}");
    }
}

#[test]
fn docs_compatibility_md_is_the_rule_table() {
    let generated = ocilens::engine::compat::markdown();
    check_golden(
        &root().join("docs/compatibility.md"),
        &generated,
        diff_lines,
    );
    // every row names real codes and links its source
    for line in generated
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains("https://"))
    {
        for code in line
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|c| c.contains('.') && !c.contains(' '))
        {
            if code.contains(':') || code.contains('/') {
                continue;
            }
            assert!(
                by_str(code).is_some(),
                "unknown code {code} in docs/compatibility.md"
            );
        }
    }
}

#[test]
fn the_diff_names_each_path() {
    let want: Value = serde_json::json!({"a": {"b": 1, "c": [1, 2]}, "d": "x"});
    let got: Value = serde_json::json!({"a": {"b": 2, "c": [1]}, "e": "x"});
    let mut out = Vec::new();
    diff_json("$", &want, &got, &mut out);
    assert_eq!(
        out,
        [
            "$.a.b: expected 1, got 2",
            "$.a.c: 2 elements expected, got 1",
            "$.d: field removed (expected \"x\")",
            "$.e: field added (got \"x\")",
        ]
    );
    // same values, other key order: the text differs, by line
    let lines = report_diffs("{\n\"a\": 1,\n\"b\": 2\n}\n", "{\n\"b\": 2,\n\"a\": 1\n}\n");
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("line 2:"), "{lines:?}");
}
