//! `ocilens inspect`'s "will it load?" block and fixes, `--json`'s
//! `compatibility[]`, and `ocilens compatibility` (docs/compatibility.md).

use super::{fixture, ocilens};
use serde_json::Value;

#[test]
fn trillian_exits_1_with_the_skopeo_verdict_and_the_fix() {
    let (code, out, _) = ocilens(&["inspect", &fixture("trillian-mixed-media-types.tar")]);
    assert_eq!(
        code, 1,
        "a mix that current skopeo cannot convert is an error\n{out}"
    );
    assert!(out.contains("will it load? "), "{out}");
    let line = out
        .lines()
        .find(|l| l.starts_with("  ✗ skopeo copy to docker-archive: (all versions): "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.contains("Unknown media type during manifest conversion"),
        "{line}"
    );
    assert!(out.contains("      because: media-type-mix.oci-manifest-docker-layer; source: https://github.com/containers/skopeo/issues/2216"), "{out}");
    assert!(out.contains("        fix: regctl image import ocidir://trillian-mixed-media-types:fix trillian-mixed-media-types.tar"), "{out}");
    // the ok verdicts on one line
    let ok = out.lines().find(|l| l.starts_with("  ✓ ok: ")).unwrap();
    assert!(ok.contains("podman load (all versions)"), "{ok}");
}

#[test]
fn zstd_warns_and_exits_0() {
    let (code, out, _) = ocilens(&["inspect", &fixture("skopeo-oci-zstd.tar")]);
    assert_eq!(code, 0, "zstd is valid: a warning, never an error\n{out}");
    assert!(out.contains("  WARN  compatibility.zstd: "), "{out}");
    assert!(out.contains("  ✗ umoci unpack (< 0.5): create runtime bundle: unpack rootfs: unpack rootfs: layer sha256:…: blob is not correct mediatype: application/vnd.oci.image.layer.v1.tar+zstd"), "{out}");
    assert!(out.contains("  ✗ docker load (< 23.0): "), "{out}");
}

#[test]
fn json_carries_compatibility_and_fixes() {
    let (code, out, _) = ocilens(&["inspect", "--json", &fixture("docker-save-untagged.tar")]);
    assert_eq!(code, 0);
    let r: Value = serde_json::from_str(&out).unwrap();
    let c = r["compatibility"].as_array().unwrap();
    let ctr = c
        .iter()
        .find(|e| {
            e["tool"] == "containerd" && e["action"] == "import" && e.get("variant").is_none()
        })
        .unwrap();
    assert_eq!(ctr["verdict"], "warns");
    assert_eq!(ctr["because"][0], "reference.none");
    assert_eq!(
        ctr["fix"],
        "ctr images import --digests docker-save-untagged.tar"
    );
    assert_eq!(ctr["versions"]["from"], Value::Null);
    for e in c {
        for k in [
            "tool", "action", "versions", "verdict", "message", "because", "fix", "source",
        ] {
            assert!(e.get(k).is_some(), "{k} missing in {e}");
        }
    }
    let none = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "reference.none")
        .unwrap();
    assert_eq!(
        none["fix"],
        "skopeo copy docker-archive:docker-save-untagged.tar docker-archive:docker-save-untagged-named.tar:NAME:TAG"
    );
}

#[test]
fn compatibility_prints_the_rules_markdown() {
    let (code, out, _) = ocilens(&["compatibility"]);
    assert_eq!(code, 0);
    assert_eq!(out, ocilens::engine::compat::markdown());
    assert!(out.starts_with("# Will it load?"));
}
