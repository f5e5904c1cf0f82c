//! Every fix that the tools installed here can run is run: on a copy of the
//! fixture (under its own name, in a temporary directory), with the command
//! exactly as the report writes it (`NAME:TAG` placeholders replaced by a
//! real name), then the result is inspected again and the finding must be
//! gone, and no error may have appeared. skopeo 1.9.3, xz and gzip are
//! Debian's; a fix whose tool is missing is reported as skipped, by name.
//! regctl (the `--to-oci` rewrite) is not installed here, so that fix is not
//! run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]
#![cfg(not(target_arch = "wasm32"))]

use ocilens::engine::finding::{Code, Severity};
use ocilens::engine::report::Report;
use ocilens::engine::{inspect, NullSink, Options};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn report_of(path: &Path) -> Report {
    let o = Options {
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        ..Options::default()
    };
    let f = std::fs::File::open(path).unwrap();
    inspect(std::io::BufReader::new(f), &o, &mut NullSink).unwrap()
}

fn has(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A fresh directory for one fix.
fn workdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ocilens-fix-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs `command` with `sh -c` in `dir`; it must succeed.
fn sh(command: &str, dir: &Path) {
    let out = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "`{command}` failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The file a fix command writes: the last `*.tar` word, without a
/// transport prefix or a `:name` suffix.
fn output_of(command: &str) -> String {
    let last = command
        .split_whitespace()
        .rev()
        .find(|w| w.contains(".tar"))
        .unwrap();
    let after = last.split_once(':').map_or(last, |(_, rest)| rest);
    let file = after.split(':').next().unwrap();
    file.to_string()
}

/// Runs the fix of `code` for `fixture`; `None` when a tool it needs is missing.
fn run_fix(fixture: &str, code: Code) -> Option<(String, Report, Report)> {
    let src = fixtures().join(fixture);
    let before = report_of(&src);
    let f = before
        .findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("{fixture} has no {code}"));
    let fix = f
        .fix
        .clone()
        .unwrap_or_else(|| panic!("{fixture}: {code} has no fix"));
    let tool = fix.split_whitespace().next().unwrap();
    for t in [tool, "skopeo"].iter().filter(|t| fix.contains(**t)) {
        if !has(t) {
            eprintln!("SKIPPED: {fixture} {code}: `{t}` is not installed");
            return None;
        }
    }
    let dir = workdir(&format!("{}-{}", fixture, code.as_str()));
    std::fs::copy(&src, dir.join(fixture)).unwrap();
    let command = fix.replace("NAME:TAG", "example.com/fixed:1");
    sh(&command, &dir);
    let after = report_of(&dir.join(output_of(&command)));
    let _ = std::fs::remove_dir_all(&dir);
    Some((command, before, after))
}

/// The fix of `code` on `fixture` removes it and adds no error.
fn fix_removes(fixture: &str, code: Code) {
    let Some((command, before, after)) = run_fix(fixture, code) else {
        return;
    };
    let codes: Vec<Code> = after.findings.iter().map(|f| f.code).collect();
    assert!(
        !codes.contains(&code),
        "{fixture}: `{command}` left {code}: {codes:?}"
    );
    let errors = |r: &Report| -> Vec<Code> {
        r.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.code)
            .collect()
    };
    for e in errors(&after) {
        assert!(
            errors(&before).contains(&e),
            "{fixture}: `{command}` made a new error {e}"
        );
    }
    assert!(
        !after.images.is_empty(),
        "{fixture}: `{command}` wrote no image"
    );
}

#[test]
fn gzip_recompression_removes_zstd() {
    fix_removes("skopeo-oci-zstd.tar", Code::CompatibilityZstd);
}

#[test]
fn recompression_fixes_a_layer_typed_with_the_wrong_compression() {
    fix_removes("zstd-typed-gzip.tar", Code::LayerCompressionMismatch);
    fix_removes(
        "skopeo-oci-uncompressed-mislabeled.tar",
        Code::LayerCompressionMismatch,
    );
}

#[test]
fn an_oci_layout_becomes_a_docker_archive_and_back() {
    fix_removes("skopeo-oci-gzip.tar", Code::CompatibilityNoDockerManifest);
    fix_removes("docker-save.tar", Code::CompatibilityNoOciLayout);
}

#[test]
fn an_archive_without_a_name_gets_one() {
    fix_removes("docker-save-untagged.tar", Code::ReferenceNone);
    fix_removes("kimai-notag.tar", Code::ReferenceMissingTag);
}

#[test]
fn one_platform_is_kept_from_a_platform_index() {
    fix_removes("multi-platform.tar", Code::CompatibilityPlatformIndex);
}

#[test]
fn a_compressed_archive_is_decompressed() {
    fix_removes(
        "skopeo-oci-gzip.tar.gz",
        Code::CompatibilityCompressedArchive,
    );
    fix_removes(
        "podman-oci-archive.tar.xz",
        Code::CompatibilityCompressedArchive,
    );
}

#[test]
fn the_output_file_of_a_command_is_found() {
    assert_eq!(
        output_of("skopeo copy oci-archive:a.tar docker-archive:a-docker.tar:x/y:1"),
        "a-docker.tar"
    );
    assert_eq!(output_of("gzip -dc a.tar.gz > a.tar"), "a.tar");
}

/// containers/podman#25593: `podman import` of an xz rootfs records the
/// digest of the xz bytes as the DiffID (Debian's podman 4.3.1 does). The
/// fix decompresses first; podman runs in a private vfs store here.
#[test]
fn an_xz_rootfs_is_decompressed_before_podman_import() {
    if !has("podman") || !has("xz") {
        eprintln!("SKIPPED: podman or xz is not installed");
        return;
    }
    let before = report_of(&fixtures().join("rootfs.tar.xz"));
    let fix = before
        .findings
        .iter()
        .find(|f| f.code == Code::FormatRootfsTar)
        .and_then(|f| f.fix.clone())
        .unwrap();
    assert!(
        fix.starts_with("xz -dc rootfs.tar.xz > rootfs.tar && podman import rootfs.tar "),
        "{fix}"
    );
    let dir = workdir("podman-import");
    std::fs::copy(fixtures().join("rootfs.tar.xz"), dir.join("rootfs.tar.xz")).unwrap();
    let podman = format!(
        "podman --root {0}/root --runroot {0}/run --storage-driver vfs",
        dir.display()
    );
    let command = format!(
        "{} && {podman} save --format oci-archive -o saved.tar example.com/fixed:1",
        fix.replace("NAME:TAG", "example.com/fixed:1")
            .replace("podman ", &format!("{podman} "))
    );
    sh(&command, &dir);
    let after = report_of(&dir.join("saved.tar"));
    let _ = Command::new("sh")
        .arg("-c")
        .arg(format!("{podman} system reset -f"))
        .current_dir(&dir)
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    let codes: Vec<Code> = after.findings.iter().map(|f| f.code).collect();
    assert!(
        !codes
            .iter()
            .any(|c| matches!(c, Code::DiffidMismatch | Code::DiffidCompressedDigest)),
        "{codes:?}"
    );
    assert_eq!(after.summary.errors, 0, "{codes:?}");
}

/// Recompressing the xz layer of the podman#25593 image removes the xz and
/// the type mismatch, but not its DiffID (the config still records the
/// digest of the xz bytes): that one only a re-import fixes (above).
#[test]
fn recompressing_an_xz_layer_leaves_a_wrong_diffid_wrong() {
    let Some((command, _, after)) = run_fix("skopeo-tarball-xz.tar", Code::CompatibilityXz) else {
        return;
    };
    let codes: Vec<Code> = after.findings.iter().map(|f| f.code).collect();
    for gone in [Code::CompatibilityXz, Code::LayerCompressionMismatch] {
        assert!(!codes.contains(&gone), "`{command}` left {gone}: {codes:?}");
    }
    assert!(codes.contains(&Code::DiffidMismatch), "{codes:?}");
}
