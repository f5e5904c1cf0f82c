//! `ocilens diff` as a command: the exit status of diff(1) (0 same files,
//! 1 they differ, 2 trouble), the text, and the JSON field names of
//! `ocilens.diff/v1` exactly as issue 10 spells them.

use super::crafted::{f, oci_tars, tar};
use serde_json::Value;
use std::collections::BTreeSet;
use std::process::Command;

fn ocilens(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ocilens"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn real(name: &str) -> String {
    format!("{}/tests/fixtures/diff/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A crafted archive written to a temporary file.
fn temp(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("ocilens-diff-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn exit_0_when_the_file_trees_are_the_same() {
    let (code, out, err) = ocilens(&[
        "diff",
        &real("compress-gzip.tar"),
        &real("compress-zstd.tar"),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("same-diff-id: compression"), "{out}");
    assert!(out.contains("verdict: same file trees"), "{out}");
}

#[test]
fn exit_1_when_they_differ_with_the_paths() {
    let (code, out, _) = ocilens(&["diff", &real("v1.tar"), &real("v2.tar")]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("  + etc/app/new.txt"), "{out}");
    assert!(out.contains("  ~ etc/app/app.conf  content, size"), "{out}");
    assert!(out.contains("Env: + APP_MODE=prod"), "{out}");
}

#[test]
fn exit_2_on_trouble() {
    let good = temp(
        "good.tar",
        &oci_tars(&[tar(&[f("app/a.txt", b"a\n")])]).archive,
    );
    let (code, _, err) = ocilens(&["diff", &good, "/nonexistent/b.tar"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot open"), "{err}");
    let (code, _, err) = ocilens(&["diff", &good]);
    assert_eq!(code, 2);
    assert!(err.contains("two files"), "{err}");
    let (code, _, err) = ocilens(&["diff", &good, &good, "--image", "3"]);
    assert_eq!(code, 2);
    assert!(err.contains("no image 3"), "{err}");
    let text = temp("notes.txt", b"not an image at all\n");
    let (code, _, err) = ocilens(&["diff", &good, &text]);
    assert_eq!(code, 2, "{err}");
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_json_uses_the_issue_names() {
    let (code, out, _) = ocilens(&["diff", "--json", &real("v1.tar"), &real("v2.tar")]);
    assert_eq!(code, 1);
    let j: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["schema"], "ocilens.diff/v1");
    assert_eq!(
        keys(&j),
        set(&[
            "schema", "a", "b", "same", "config", "layers", "files", "causes", "findings",
            "summary", // and, once images list packages (issue 12):
            "packages"
        ])
    );
    assert_eq!(keys(&j["packages"]), set(&["added", "removed", "upgraded"]));
    assert!(keys(&j["a"]).contains("input") && keys(&j["b"]).contains("input"));
    for k in [
        "config_digest",
        "manifest_digest",
        "layer_digests",
        "diff_ids",
        "manifest_preserved",
    ] {
        assert!(keys(&j["a"]).contains(k), "a.{k}");
    }
    assert_eq!(
        keys(&j["same"]),
        set(&[
            "config_digest",
            "manifest_digest",
            "diff_ids",
            "layer_digests",
            "files"
        ])
    );
    assert!(j["same"]
        .as_object()
        .unwrap()
        .values()
        .all(Value::is_boolean));
    for c in j["config"].as_array().unwrap() {
        assert_eq!(keys(c), set(&["field", "a", "b"]));
    }
    let layers = j["layers"].as_array().unwrap();
    for l in layers {
        assert_eq!(keys(l), set(&["a", "b", "match", "causes"]));
    }
    assert!(layers
        .iter()
        .any(|l| l["a"].is_null() && l["match"] == "only-b"));
    assert_eq!(keys(&j["files"]), set(&["added", "removed", "changed"]));
    let changed = &j["files"]["changed"][0];
    assert_eq!(keys(changed), set(&["path", "what", "a_size", "b_size"]));
    assert_eq!(changed["what"], serde_json::json!(["content", "size"]));
    let causes: Vec<&str> = j["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["cause"].as_str().unwrap())
        .collect();
    assert_eq!(causes, ["content", "config"]);
    assert!(j["findings"].is_array());
    assert!(j["summary"]["verdict"].is_string());
}

/// The images a side can be, for the page's chooser: the two platforms of
/// the buildah index, and `--platform` / `--image` pick the one asked for.
#[test]
fn a_multi_platform_index_offers_each_platform_and_compares_the_one_chosen() {
    use ocilens::engine::diff::{self, select, CompareOptions, Selection};
    use ocilens::engine::{inspect, NullSink, Options};
    let p = format!(
        "{}/tests/fixtures/multi-platform.tar",
        env!("CARGO_MANIFEST_DIR")
    );
    let o = Options {
        tree: true,
        ..Options::default()
    };
    let r = inspect(std::fs::File::open(&p).unwrap(), &o, &mut NullSink).unwrap();
    let choices = select::choices(&r);
    let platforms: Vec<_> = choices.iter().map(|c| c.platform.clone()).collect();
    assert_eq!(
        platforms,
        [Some("linux/amd64".into()), Some("linux/arm64/v8".into())],
        "{choices:?}"
    );
    assert!(choices[1]
        .label()
        .starts_with(&format!("#{} linux/arm64/v8", choices[1].image)));
    let arm = CompareOptions {
        a: Selection {
            platform: Some("linux/arm64".into()),
            ..Selection::default()
        },
        b: Selection {
            image: Some(choices[0].image),
            ..Selection::default()
        },
        host: Some("linux/amd64".into()),
    };
    let d = diff::compare(&r, &r, &arm).unwrap();
    assert_eq!(d.a.image, choices[1].image);
    assert_eq!(d.b.image, choices[0].image);
    assert_eq!(d.a.platform.as_deref(), Some("linux/arm64/v8"));
    assert!(!d.same.config_digest);
    let host = CompareOptions {
        host: Some("linux/arm64".into()),
        ..CompareOptions::default()
    };
    let d = diff::compare(&r, &r, &host).unwrap();
    assert_eq!((d.a.image, d.b.image), (choices[1].image, choices[1].image));
    assert!(d.same.config_digest);
}
