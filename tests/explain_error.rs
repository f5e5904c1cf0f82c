//! `ocilens explain-error`: exit status, text and JSON output, pointing into
//! a fixture's findings, the real umoci 0.4.7 refusals recorded next to the
//! fixtures, and `docs/errors.md` kept in step with the catalogue.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]
#![cfg(not(target_arch = "wasm32"))]

use ocilens::engine::errors::{self, Explanation};
use ocilens::engine::finding::Code;
use std::io::Write;
use std::process::{Command, Stdio};

fn ocilens(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocilens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

const SKOPEO: &str = "FATA[0007] creating an updated image manifest: Unknown media type during manifest conversion: \"application/vnd.docker.image.rootfs.diff.tar.gzip\"";

#[test]
fn exit_status_is_0_recognised_1_not_2_trouble() {
    let (code, out, _) = ocilens(&["explain-error", SKOPEO], None);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("media-type-mix.oci-manifest-docker-layer"),
        "{out}"
    );
    assert!(
        out.contains("https://github.com/containers/skopeo/issues/2216"),
        "{out}"
    );
    let (code, out, _) = ocilens(&["explain-error", "the coffee machine is empty"], None);
    assert_eq!(code, 1);
    assert!(out.starts_with("Not recognised"), "{out}");
    let (code, _, err) = ocilens(&["explain-error"], None);
    assert_eq!(code, 2);
    assert!(err.contains("needs the TEXT"), "{err}");
    let (code, _, err) = ocilens(&["explain-error", SKOPEO, "/no/such/file.tar"], None);
    assert_eq!(code, 2);
    assert!(err.contains("cannot open"), "{err}");
}

#[test]
fn standard_input_and_json() {
    let pasted =
        format!("Getting image source signatures\nCopying blob 10f855b03c8a done\n{SKOPEO}\n");
    let (code, out, _) = ocilens(&["explain-error", "-", "--json"], Some(&pasted));
    assert_eq!(code, 0);
    let e: Explanation = serde_json::from_str(&out).unwrap();
    assert_eq!(e.schema, "ocilens.explain-error/v1");
    assert_eq!(e.matches[0].id, "cimage-unknown-media-type-conversion");
    assert!(e.image.is_none() && e.matches[0].in_image.is_none());
}

#[test]
fn with_the_trillian_fixture_it_points_at_the_mixed_layer() {
    let (code, out, _) = ocilens(
        &[
            "explain-error",
            SKOPEO,
            &fixture("trillian-mixed-media-types.tar"),
            "--json",
        ],
        None,
    );
    assert_eq!(code, 0, "{out}");
    let e: Explanation = serde_json::from_str(&out).unwrap();
    let img = e.image.as_ref().unwrap();
    assert_eq!(img.name, "trillian-mixed-media-types.tar");
    let m = &e.matches[0];
    let i = m.in_image.as_ref().unwrap();
    assert!(i.applies);
    assert!(
        i.findings.iter().any(
            |p| p.code == Code::MediaTypeMixOciManifestDockerLayer && p.r#where.layer.is_some()
        ),
        "{out}"
    );
    // and the text form says so
    let (_, text, _) = ocilens(
        &[
            "explain-error",
            SKOPEO,
            &fixture("trillian-mixed-media-types.tar"),
        ],
        None,
    );
    assert!(text.contains("in this image:"), "{text}");
}

#[test]
fn a_sound_image_says_none_applies_and_what_else_causes_it() {
    let (code, out, _) = ocilens(
        &["explain-error", SKOPEO, &fixture("docker-save.tar")],
        None,
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("none of this image's findings explains it; what else causes it:"),
        "{out}"
    );
}

/// The real refusals of Debian's umoci 0.4.7, recorded by the fixture script
/// next to the fixtures: each message is recognised, and with its input the
/// answer points at the findings of that very image.
#[test]
fn the_recorded_umoci_refusals_point_at_their_fixtures_findings() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with("umoci-") && name.ends_with("-refused.txt")) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let input = text
            .lines()
            .find_map(|l| l.strip_prefix("# input: tests/fixtures/"))
            .and_then(|l| l.split(',').next())
            .unwrap_or_else(|| panic!("{name}: no input line"));
        let message: String = text.lines().filter(|l| !l.starts_with('#')).collect();
        let (code, out, _) = ocilens(
            &["explain-error", &message, &fixture(input), "--json"],
            None,
        );
        assert_eq!(code, 0, "{name}: {message}");
        let e: Explanation = serde_json::from_str(&out).unwrap();
        let first = &e.matches[0];
        let i = first.in_image.as_ref().unwrap();
        assert!(
            i.applies,
            "{name}: {} does not apply to {input}: {out}",
            first.id
        );
        assert!(first.tool == "umoci", "{name}: {}", first.id);
        seen += 1;
    }
    assert!(seen >= 3, "only {seen} recorded refusals");
}

#[test]
fn docs_errors_md_is_the_catalogue() {
    let path = format!("{}/docs/errors.md", env!("CARGO_MANIFEST_DIR"));
    let generated = errors::markdown();
    if std::env::var_os("OCILENS_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{path}: {e}; run `OCILENS_BLESS=1 cargo test --test explain_error`")
    });
    assert!(
        want == generated,
        "docs/errors.md differs from the catalogue; run `OCILENS_BLESS=1 cargo test --test explain_error` and review the diff"
    );
    let (code, printed, _) = ocilens(&["errors-catalogue"], None);
    assert_eq!(code, 0);
    assert_eq!(printed, generated);
}
