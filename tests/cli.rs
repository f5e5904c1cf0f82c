//! The command-line tool: exit status, summary, JSON report, and the
//! finding catalogue kept in step with `docs/findings.md`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]
#![cfg(not(target_arch = "wasm32"))]

use ocilens::engine::finding::{Check, Code};
use ocilens::engine::report::{Compression, Format, RefSource, Report};
use std::process::Command;

#[path = "cli_cat/mod.rs"]
mod cat;
#[path = "cli/efficiency.rs"]
mod efficiency;
#[path = "cli/packages.rs"]
mod packages;
mod support;
#[path = "cli/verdicts.rs"]
mod verdicts;

fn ocilens(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ocilens"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn sound_image_exits_0_with_a_summary() {
    let (code, out, _) = ocilens(&["inspect", &fixture("skopeo-oci-gzip.tar")]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("format: oci-layout"), "{out}");
    assert!(
        out.contains("docker.io/ocilens/fixture:skopeo-gzip"),
        "{out}"
    );
    assert!(out.contains("diffid ✓"), "{out}");
    // sizes and digests read as on the page (view_model::format)
    assert!(
        out.contains("layer 0 sha256:483de49358c0 [gzip] 266 B → 4.10 kB"),
        "{out}"
    );
    assert!(out.contains("verdict: sound"), "{out}");
}

#[test]
fn broken_image_exits_1_and_explains() {
    let (code, out, _) = ocilens(&["inspect", &fixture("skopeo-tarball-xz.tar")]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("ERROR diffid.compressed-digest"), "{out}");
    assert!(out.contains("podman import"), "{out}");
    assert!(out.contains("spec: https://"), "{out}");
}

#[test]
fn unreadable_file_exits_2() {
    let (code, _, err) = ocilens(&["inspect", "/nonexistent/image.tar"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot open"), "{err}");
    let (code, _, _) = ocilens(&["inspect"]);
    assert_eq!(code, 2);
    let (code, _, _) = ocilens(&["bogus"]);
    assert_eq!(code, 2);
}

#[test]
fn json_report_has_the_stable_fields() {
    let (code, out, _) = ocilens(&["inspect", "--json", &fixture("kimai-notag.tar")]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let report: Report = serde_json::from_str(&out).expect("a report");
    assert_eq!(v["schema"], "ocilens.report/v1");
    assert_eq!(report.input.format, Format::OciLayout);
    assert_eq!(report.input.outer_compression, Compression::None);
    let r = &v["references"][0];
    assert_eq!(r["as_written"], "docker.io/kimai/kimai2");
    assert_eq!(r["normalized"], "docker.io/kimai/kimai2");
    assert_eq!(report.references[0].source, RefSource::RefName);
    let l = &v["images"][0]["layers"][0];
    for key in ["media_type", "digest", "size", "compression"] {
        assert!(!l[key].is_null(), "layers[0].{key}");
    }
    assert_eq!(l["diff_id"]["declared"], l["diff_id"]["computed"]);
    let n = report
        .findings
        .iter()
        .position(|f| f.code == Code::ReferenceMissingTag)
        .expect("finding");
    let f = &v["findings"][n];
    for key in [
        "severity",
        "check",
        "where",
        "message",
        "explanation",
        "spec",
    ] {
        assert!(!f[key].is_null(), "finding.{key}");
    }
    assert_eq!(report.findings[n].check, Check::Reference);
    assert_eq!(v["summary"]["warnings"], 1);
    assert!(v["tree"].is_null(), "tree only with --tree");
    let (_, out, _) = ocilens(&["inspect", "--json", "--tree", &fixture("kimai-notag.tar")]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["tree"]["merged"][0]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["path"] == "etc/hostname"));
}

#[test]
fn not_an_image_is_a_finding_not_a_crash() {
    let dir = std::env::temp_dir().join(format!("ocilens-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("page.html");
    std::fs::write(&p, "<!doctype html><html></html>").unwrap();
    let (code, out, _) = ocilens(&["inspect", p.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("format.not-an-image") && out.contains("HTML"),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn catalogue_prints_the_findings_markdown() {
    // docs/findings.md is kept equal to it by tests/golden.rs
    let (code, generated, _) = ocilens(&["catalogue"]);
    assert_eq!(code, 0);
    assert_eq!(generated, ocilens::engine::finding::markdown());
}
