//! `ocilens inspect`'s efficiency summary and CI thresholds, on an image
//! built here whose numbers follow from how it is built: layer 0 writes
//! `app/data.bin` (2 MiB), layer 1 writes it again with the same bytes and
//! another owner (`chown`). So 4 MiB in total, 2 MiB in the final file
//! system, 2 MiB wasted (metadata-only), score and wasted ratio 0.5.

use super::ocilens;
use crate::support::layer::Layer;
use crate::support::oci_image::OciImage;
use crate::support::oci_layout::OciLayoutBuilder;
use crate::support::tar_writer::{EntrySpec, TarWriter};
use std::path::PathBuf;

const MIB: u64 = 1 << 20;

fn layer(data: &[u8], uid: u64) -> Vec<u8> {
    let mut t = TarWriter::new();
    t.dir("app").entry(EntrySpec {
        path: "app/data.bin".into(),
        uid,
        body: data.to_vec(),
        ..Default::default()
    });
    t.finish()
}

/// Writes the image once per test process; returns its path.
fn chown_image() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ocilens-cli-eff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("chown.tar");
    if !p.exists() {
        let data: Vec<u8> = b"0123456789abcdef".repeat((2 * MIB / 16) as usize);
        let layers = vec![
            Layer::tar_gzip(layer(&data, 0)),
            Layer::tar_gzip(layer(&data, 1000)),
        ];
        let mut image = OciImage::new(layers).with_ref_name("example.com/app:1.0");
        // no `Cmd`: the generated `/bin/sh` is not in this image, and the
        // runtime lint's error would set the exit status these tests check
        let mut config = image.config_value();
        if let Some(c) = config["config"].as_object_mut() {
            c.remove("Cmd");
        }
        image.config.value = Some(config);
        let bytes = OciLayoutBuilder::new().image(image).build();
        let tmp = dir.join(format!("chown.{:?}.tmp", std::thread::current().id()));
        std::fs::write(&tmp, bytes).unwrap();
        std::fs::rename(&tmp, &p).unwrap();
    }
    p
}

fn inspect(extra: &[&str]) -> (i32, String, String) {
    let p = chown_image();
    let mut args = vec!["inspect", p.to_str().unwrap()];
    args.extend_from_slice(extra);
    ocilens(&args)
}

#[test]
fn summary_shows_the_efficiency_and_the_largest_waste() {
    let (code, out, err) = inspect(&[]);
    // a metadata-only warning, no error: exit 0 by default
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("WARN  efficiency.metadata-only"), "{out}");
    assert!(
        out.contains("efficiency 50.0 %: 2.10 MB of 4.19 MB in the final file system, 2.10 MB wasted (metadata-only 2.10 MB)"),
        "{out}"
    );
    assert!(
        out.contains("largest waste (1 of 1 wasted copies):"),
        "{out}"
    );
    assert!(
        out.contains("2.10 MB  metadata-only  layer 0 (hidden by layer 1)  app/data.bin"),
        "{out}"
    );
    assert!(out.contains("diffid ✓ +2 ~0 -0 wasted 2.10 MB"), "{out}");
    let (_, json, _) = inspect(&["--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let e = &v["images"][0]["efficiency"];
    assert_eq!(e["total_bytes"], 4 * MIB);
    assert_eq!(e["final_bytes"], 2 * MIB);
    assert_eq!(e["wasted_bytes"], 2 * MIB);
    assert_eq!(e["score"], 0.5);
    assert_eq!(e["items"][0]["kind"], "metadata-only");
    assert_eq!(v["images"][0]["layers"][0]["wasted_bytes"], 2 * MIB);
    assert_eq!(v["images"][0]["layers"][1]["wasted_bytes"], 0);
}

/// Runs with `args`; asserts exit 0 and no breach line.
fn passes(args: &[&str]) {
    let (code, out, err) = inspect(args);
    assert_eq!(code, 0, "{args:?}: {out}{err}");
    assert!(!err.contains("threshold breached"), "{args:?}: {err}");
}

/// Runs with `args`; asserts exit 1 and exactly the breach line `line`.
fn breaches(args: &[&str], line: &str) {
    let (code, out, err) = inspect(args);
    assert_eq!(code, 1, "{args:?}: {out}{err}");
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("breached")).collect();
    assert_eq!(lines, [line], "{args:?}");
}

#[test]
fn max_wasted_bytes() {
    passes(&["--max-wasted-bytes", "2MiB"]);
    passes(&["--max-wasted-bytes=3M"]);
    breaches(
        &["--max-wasted-bytes", "1MiB"],
        "ocilens: threshold breached: --max-wasted-bytes 1.05 MB: image 0 wastes 2.10 MB (2097152 bytes), 1048576 bytes over",
    );
    // decimal suffixes are powers of 1000: 2 MB is under 2 MiB
    breaches(
        &["--max-wasted-bytes", "2MB"],
        "ocilens: threshold breached: --max-wasted-bytes 2.00 MB: image 0 wastes 2.10 MB (2097152 bytes), 97152 bytes over",
    );
}

#[test]
fn max_wasted_ratio() {
    passes(&["--max-wasted-ratio", "0.5"]);
    breaches(
        &["--max-wasted-ratio", "0.4"],
        "ocilens: threshold breached: --max-wasted-ratio 0.4: image 0 wastes 0.5000 of its bytes, 0.1000 over",
    );
}

#[test]
fn min_efficiency() {
    passes(&["--min-efficiency", "0.5"]);
    breaches(
        &["--min-efficiency", "0.75"],
        "ocilens: threshold breached: --min-efficiency 0.75: image 0 scores 0.5000, 0.2500 under",
    );
}

#[test]
fn fail_on_warning() {
    passes(&["--fail-on", "error"]);
    breaches(
        &["--fail-on", "warning"],
        "ocilens: threshold breached: --fail-on warning: 0 error(s) and 1 warning(s)",
    );
    // a sound image with no warnings passes it
    let (code, out, err) = ocilens(&[
        "inspect",
        &super::fixture("skopeo-oci-gzip.tar"),
        "--fail-on",
        "warning",
    ]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn bad_threshold_values_are_usage_errors() {
    for args in [
        ["--max-wasted-bytes", "lots"],
        ["--max-wasted-ratio", "1.5"],
        ["--min-efficiency", "-1"],
        ["--fail-on", "info"],
    ] {
        let (code, _, err) = inspect(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(!err.is_empty(), "{args:?}");
    }
}
