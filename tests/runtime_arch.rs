//! `runtime.arch-mismatch` on REAL images (scripts/make-arch-fixtures): buildah
//! 1.28 builds a multi-platform index (linux/amd64 + linux/arm64/v8) from
//! scratch whose entrypoint `/bin/probe` is a real ELF of each image's own
//! machine, then relabels the arm64 image amd64 with `buildah config --arch
//! amd64` and commits it. `readelf -h` recorded the machine of each probe in
//! `tools.txt`; that is the oracle the report is checked against.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]
#![cfg(not(target_arch = "wasm32"))]

use ocilens::engine::finding::{Check, Code, Severity};
use ocilens::engine::report::Report;
use ocilens::engine::{inspect, inspect_stream, NullSink, Options};
use std::io::Cursor;

const MULTI: &[u8] = include_bytes!("fixtures/runtime/arch-multi.tar");
const RELABELLED: &[u8] = include_bytes!("fixtures/runtime/arch-arm64-as-amd64.tar");
const TOOLS: &str = include_str!("fixtures/runtime/tools.txt");

/// Both reading modes of one archive.
fn reports(bytes: &[u8]) -> [Report; 2] {
    let o = Options::default();
    [
        inspect(Cursor::new(bytes), &o, &mut NullSink).unwrap(),
        inspect_stream(Cursor::new(bytes), &o, &mut NullSink).unwrap(),
    ]
}

/// The OCI architecture of what readelf called the probe in `file`'s line of tools.txt.
fn readelf_arch(file: &str) -> Vec<&'static str> {
    TOOLS
        .lines()
        .filter(|l| l.starts_with(&format!("{file} ")))
        .map(|l| match l.rsplit_once("/bin/probe is ").unwrap().1 {
            "AArch64" => "arm64",
            "Advanced Micro Devices X86-64" => "amd64",
            other => panic!("readelf machine {other:?}"),
        })
        .collect()
}

#[test]
fn the_relabelled_arm64_image_is_an_arch_mismatch() {
    assert_eq!(readelf_arch("arch-arm64-as-amd64.tar"), ["arm64"]);
    for r in reports(RELABELLED) {
        assert_eq!(r.images.len(), 1);
        let found: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.code == Code::RuntimeArchMismatch)
            .collect();
        assert_eq!(found.len(), 1, "{:?}", r.findings);
        let f = found[0];
        assert_eq!(f.check, Check::Runtime);
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.r#where.image, Some(0));
        assert_eq!(f.r#where.layer, Some(0), "the layer that holds /bin/probe");
        assert_eq!(f.r#where.path.as_deref(), Some("config.Entrypoint"));
        assert!(f.message.contains("`/bin/probe`"), "{}", f.message);
        assert!(
            f.message.contains("for arm64") && f.message.contains("says amd64"),
            "readelf says AArch64, the config amd64: {}",
            f.message
        );
        // no other runtime finding: USER 1000, the entrypoint exists
        let runtime: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.check == Check::Runtime)
            .map(|f| f.code)
            .collect();
        assert_eq!(runtime, [Code::RuntimeArchMismatch]);
    }
}

#[test]
fn each_image_of_the_real_index_matches_its_elf() {
    let mut arches = readelf_arch("arch-multi.tar");
    arches.sort_unstable();
    assert_eq!(arches, ["amd64", "arm64"]);
    for r in reports(MULTI) {
        let mut platforms: Vec<String> = r
            .images
            .iter()
            .map(|i| i.manifest.platform.as_ref().unwrap().display())
            .collect();
        platforms.sort();
        assert_eq!(
            platforms,
            ["linux/amd64", "linux/arm64/v8"],
            "{platforms:?}"
        );
        let runtime: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.check == Check::Runtime)
            .collect();
        assert!(runtime.is_empty(), "{runtime:?}");
    }
}
