//! Real fixtures made by Debian's docker.io, podman, buildah, skopeo and
//! umoci (`scripts/make-fixtures`, described in `tests/fixtures/README.md`).
//! Each asserts the format, the exact finding codes, the references and
//! that every digest, size and DiffID that can be checked verified. The
//! seekable and the one-pass pipelines must agree.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use ocilens::engine::finding::{Check, Code};
use ocilens::engine::report::{Content, ImageSource, IndexNodeKind, Report, Status};
use ocilens::engine::{inspect, inspect_stream, NullSink, Options};
use std::collections::BTreeSet;
use std::io::Cursor;

mod fixture_table;
mod support;

use fixture_table::{Fixture, FIXTURES};

fn options() -> Options {
    Options {
        tree: true,
        name: "fixture".into(),
        ..Options::default()
    }
}

fn codes(r: &Report) -> BTreeSet<Code> {
    r.findings.iter().map(|f| f.code).collect()
}

fn check(f: &Fixture, r: &Report, mode: &str) {
    let ctx = format!("{} ({mode})", f.name);
    assert_eq!(r.schema, "ocilens.report/v1");
    assert_eq!(r.input.format, f.format, "{ctx}");
    assert_eq!(r.input.outer_compression, f.outer, "{ctx}");
    assert_eq!(r.images.len(), f.images, "{ctx}");
    let expected: BTreeSet<Code> = f.codes.iter().copied().collect();
    assert_eq!(
        codes(r),
        expected,
        "{ctx}: {:#?}",
        r.findings.iter().map(|x| &x.message).collect::<Vec<_>>()
    );
    let refs: BTreeSet<String> = r
        .references
        .iter()
        .filter_map(|x| x.normalized.clone())
        .collect();
    let want: BTreeSet<String> = f.references.iter().map(|s| s.to_string()).collect();
    assert_eq!(refs, want, "{ctx}");
    let broken_diffid = f.codes.iter().any(|c| c.check() == Check::Diffid);
    for img in &r.images {
        if img.source == ImageSource::Oci {
            assert_eq!(
                img.manifest.check.digest_status,
                Some(Status::Verified),
                "{ctx}"
            );
            assert_eq!(
                img.config.check.digest_status,
                Some(Status::Verified),
                "{ctx}"
            );
        }
        assert!(!img.layers.is_empty(), "{ctx}");
        for l in &img.layers {
            if img.source == ImageSource::Oci {
                assert_eq!(
                    l.check.digest_status,
                    Some(Status::Verified),
                    "{ctx} layer {}",
                    l.index
                );
                assert_eq!(
                    l.check.size_status,
                    Some(Status::Verified),
                    "{ctx} layer {}",
                    l.index
                );
            }
            let want = if broken_diffid {
                Status::Mismatch
            } else {
                Status::Verified
            };
            assert_eq!(l.diff_id.status, Some(want), "{ctx} layer {}", l.index);
            assert!(
                l.changes
                    .is_some_and(|c| c.added + c.modified + c.removed > 0),
                "{ctx} layer {} lists its changes",
                l.index
            );
        }
    }
    assert_eq!(
        r.summary.errors as usize,
        r.findings
            .iter()
            .filter(|x| x.severity == ocilens::engine::finding::Severity::Error)
            .count()
    );
}

#[test]
fn real_fixtures_seekable_and_one_pass() {
    for f in FIXTURES {
        let a = inspect(Cursor::new(f.bytes), &options(), &mut NullSink).expect("readable");
        check(f, &a, "seekable");
        let b = inspect_stream(Cursor::new(f.bytes), &options(), &mut NullSink).expect("readable");
        check(f, &b, "one-pass");
        let page = support::snapshot::page_path(f.bytes, &options());
        check(f, &page, "page");
        support::snapshot::record(f.name, "seekable", &a);
        support::snapshot::record(f.name, "one-pass", &b);
        support::snapshot::record(f.name, "page", &page);
        assert_eq!(
            serde_json::to_string(&a).expect("json"),
            serde_json::to_string(&page).expect("json"),
            "{}: the page's report equals the seekable one",
            f.name
        );
        assert_eq!(
            a.images, b.images,
            "{}: both modes see the same images",
            f.name
        );
        assert_eq!(a.tree, b.tree, "{}: both modes see the same tree", f.name);
    }
}

#[test]
fn good_fixtures_have_no_errors() {
    use ocilens::engine::finding::Severity;
    // fixtures whose expected codes include no error are the good ones
    let good = FIXTURES
        .iter()
        .filter(|f| !f.codes.iter().any(|c| c.severity() == Severity::Error));
    let mut n = 0;
    for f in good {
        let r = inspect(Cursor::new(f.bytes), &options(), &mut NullSink).expect("readable");
        assert_eq!(r.summary.errors, 0, "{}: {:?}", f.name, r.findings);
        n += 1;
    }
    assert!(n >= 20, "only {n} good fixtures");
}

#[test]
fn rootfs_reports_the_diffid_an_import_should_record() {
    // sha256 of the uncompressed rootfs.tar, which podman 4.3.1 did NOT record for the xz input.
    let want = "sha256:ff2ce75ed238b0ab390b6fb321068085a62364f68a3ee04debc67cf89cfafab7";
    for name in ["rootfs.tar", "rootfs.tar.xz"] {
        let bytes: &[u8] = if name == "rootfs.tar" {
            include_bytes!("fixtures/rootfs.tar")
        } else {
            include_bytes!("fixtures/rootfs.tar.xz")
        };
        let r = inspect(Cursor::new(bytes), &options(), &mut NullSink).unwrap();
        assert_eq!(r.input.rootfs_diff_id.as_deref(), Some(want), "{name}");
        let tree = r.tree.expect("tree");
        let paths: Vec<&str> = tree.layers[0]
            .entries
            .iter()
            .map(|e| e.path.as_str())
            .collect();
        assert!(
            paths.contains(&"etc/os-release") && paths.contains(&"sbin"),
            "{paths:?}"
        );
    }
}

#[test]
fn podman_import_xz_incident() {
    let r = inspect(
        Cursor::new(&include_bytes!("fixtures/skopeo-tarball-xz.tar")[..]),
        &options(),
        &mut NullSink,
    )
    .unwrap();
    let l = &r.images[0].layers[0];
    assert_eq!(l.compression, Some(Content::Xz));
    assert_eq!(
        l.diff_id.declared.as_deref(),
        Some("sha256:8027ddfa9b24c81ed292f0c20da0fcc3f42a8d2e47eec904ebd987c6d0bc264c")
    );
    assert_eq!(
        l.diff_id.computed.as_deref(),
        Some("sha256:ff2ce75ed238b0ab390b6fb321068085a62364f68a3ee04debc67cf89cfafab7")
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.code == Code::DiffidCompressedDigest)
        .unwrap();
    assert!(f.explanation.contains("5.4.2"), "{}", f.explanation);
}

#[test]
fn progress_events_cover_every_blob() {
    use ocilens::engine::Event;
    use std::collections::BTreeMap;
    let mut last: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut done = Vec::new();
    let mut structure = None;
    let mut sink = |e: Event<'_>| match e {
        Event::Structure {
            jobs, total_bytes, ..
        } => structure = Some((jobs, total_bytes)),
        Event::Progress {
            blob,
            done: d,
            total,
        } => {
            last.insert(blob.to_string(), (d, total));
        }
        Event::BlobDone { blob } => done.push(blob.to_string()),
        _ => {}
    };
    let bytes = include_bytes!("fixtures/docker-save-multi.tar");
    inspect(Cursor::new(&bytes[..]), &options(), &mut sink).unwrap();
    let (jobs, total) = structure.expect("structure event before the blobs");
    assert_eq!(done.len(), jobs);
    assert_eq!(last.len(), jobs, "{last:?}");
    assert!(last.values().all(|(d, t)| d == t && *t > 0));
    assert_eq!(last.values().map(|(_, t)| t).sum::<u64>(), total);
}

#[test]
fn multi_platform_index_is_a_tree() {
    let r = inspect(
        Cursor::new(&include_bytes!("fixtures/multi-platform.tar")[..]),
        &options(),
        &mut NullSink,
    )
    .unwrap();
    let root = r.index.expect("index");
    let nested = &root.children[0];
    assert_eq!(nested.kind, IndexNodeKind::Index);
    let platforms: BTreeSet<String> = nested
        .children
        .iter()
        .filter_map(|c| c.platform.as_ref().map(|p| p.display()))
        .collect();
    assert_eq!(
        platforms,
        ["linux/amd64", "linux/arm64/v8"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
}
