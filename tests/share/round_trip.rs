//! Round trips: every real fixture with each kind of focus, random reports,
//! many findings, and a report that cannot shrink, each encoded, decoded and
//! compared with [`crate::model::expected`].

use crate::random::Rng;
use crate::{describe, round_trip};
use ocilens::engine::finding::{Code, Finding, Location, Severity};
use ocilens::engine::report::{RefSource, ReferenceRecord, Summary};
use ocilens::engine::share::{decode, encode, Dropped, Focus, LinkError, MAX_FRAGMENT, TARGET};
use ocilens::engine::{inspect, NullSink, Options};
use std::collections::HashMap;
use std::io::Cursor;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

macro_rules! fixtures {
    ($($file:literal),* $(,)?) => {
        vec![$(($file, include_bytes!(concat!("../fixtures/", $file)) as &[u8])),*]
    };
}

fn fixtures() -> Vec<(&'static str, &'static [u8])> {
    fixtures![
        "docker-save.tar",
        "docker-save.tar.zst",
        "docker-save.tar.bz2",
        "docker-save-multi.tar",
        "docker-save-untagged.tar",
        "podman-docker-archive.tar",
        "podman-docker-archive-multi.tar",
        "skopeo-docker-archive.tar",
        "podman-oci-archive.tar",
        "podman-oci-archive.tar.xz",
        "skopeo-oci-gzip.tar",
        "skopeo-oci-gzip.tar.gz",
        "skopeo-oci-zstd.tar",
        "skopeo-oci-zstd-chunked.tar",
        "skopeo-oci-uncompressed.tar",
        "buildah-oci.tar",
        "buildah-docker.tar",
        "multi-platform.tar",
        "umoci-layout.tar",
        "rootfs.tar",
        "rootfs.tar.xz",
        "kimai-notag.tar",
        "skopeo-oci-uncompressed-mislabeled.tar",
        "podman-import-xz.tar",
        "skopeo-tarball-xz.tar",
        "trillian-mixed-media-types.tar",
        "zstd-typed-gzip.tar",
        "path-traversal.tar",
        "umoci-layout-multiref.tar",
    ]
}

#[test]
fn fixture_links_fit_and_round_trip() {
    println!(
        "{:<40} {:>12} {:>9} {:>9} {:>9} {:>9}  dropped (no focus)",
        "fixture", "report JSON", "no focus", "finding", "layer", "path"
    );
    let mut largest = 0;
    for (name, bytes) in fixtures() {
        let o = Options {
            tree: true,
            name: name.into(),
            ..Options::default()
        };
        let r = inspect(Cursor::new(bytes), &o, &mut NullSink).expect("readable");
        let full = serde_json::to_vec(&r).unwrap().len();
        let first_path = r.tree.as_ref().and_then(|t| {
            t.layers.first().and_then(|l| {
                l.entries.first().map(|e| Focus::Path {
                    image: l.image,
                    layer: Some(l.layer),
                    path: e.path.clone(),
                })
            })
        });
        let focuses = [
            None,
            (!r.findings.is_empty()).then_some(Focus::Finding(0)),
            (!r.images.is_empty()).then_some(Focus::Layer { image: 0, layer: 0 }),
            first_path,
        ];
        let mut sizes = Vec::new();
        let mut dropped_none = String::new();
        for (k, focus) in focuses.iter().enumerate() {
            if k > 0 && focus.is_none() {
                sizes.push("-".to_string());
                continue;
            }
            let ctx = format!("{name} focus {focus:?}");
            let (fragment, dropped) = round_trip(&r, focus.as_ref(), &ctx);
            assert!(fragment.len() <= TARGET, "{ctx}: {} bytes", fragment.len());
            largest = largest.max(fragment.len());
            if let Some(Focus::Path { path, .. }) = focus {
                let shared = decode(&fragment).unwrap();
                let t = shared.report.tree.expect("tree");
                assert!(
                    t.layers
                        .iter()
                        .any(|l| l.entries.iter().any(|e| &e.path == path)),
                    "{ctx}: the focused path is in the link"
                );
            }
            if k == 0 {
                dropped_none = describe(&dropped);
            }
            sizes.push(fragment.len().to_string());
        }
        println!(
            "{:<40} {:>12} {:>9} {:>9} {:>9} {:>9}  {}",
            name, full, sizes[0], sizes[1], sizes[2], sizes[3], dropped_none
        );
    }
    println!("largest fragment: {largest} bytes (target {TARGET})");
}

#[test]
fn random_reports_round_trip() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut levels: HashMap<String, usize> = HashMap::new();
    let mut over_target = 0;
    for n in 0..300 {
        let r = rng.report();
        let focus = rng.focus(&r);
        let (fragment, dropped) = round_trip(&r, focus.as_ref(), &format!("random report {n}"));
        if fragment.len() > TARGET {
            over_target += 1;
            // nothing more could be dropped
            assert!(dropped.messages_truncated, "report {n}");
        }
        let mut key = describe(&Dropped {
            findings: 0,
            ..dropped.clone()
        });
        if dropped.findings > 0 {
            key.push_str(", some findings");
        }
        *levels.entry(key).or_default() += 1;
    }
    let mut levels: Vec<_> = levels.into_iter().collect();
    levels.sort();
    println!("300 random reports; over {TARGET} bytes after every drop: {over_target}");
    for (what, count) in levels {
        println!("  {count:>4}  dropped: {what}");
    }
}

#[test]
fn many_findings_drop_the_tail_keeping_errors_and_the_focus() {
    let mut findings = Vec::new();
    for i in 0..3000 {
        let code = [
            Code::ArchiveUnreferencedBlob,
            Code::ArchiveTrailingData,
            Code::ArchiveTruncated,
        ][i % 3];
        findings.push(Finding::new(
            code,
            Location::entry(format!("blobs/sha256/{i:064x}")),
            format!(
                "finding {i} {:x}",
                (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ),
        ));
    }
    let mut rng = Rng(7);
    let mut r = rng.report();
    r.summary = Summary::of(&findings);
    r.findings = findings;
    let focus = Focus::Finding(2998); // an info, which would otherwise go first
    let (fragment, dropped) = round_trip(&r, Some(&focus), "3000 findings");
    assert!(fragment.len() <= TARGET);
    assert!(dropped.findings > 0 && dropped.messages_truncated);
    let shared = decode(&fragment).unwrap();
    let Some(Focus::Finding(k)) = shared.focus else {
        panic!("focus")
    };
    assert!(shared.report.findings[k as usize]
        .message
        .starts_with("finding 2998 "));
    let errors = shared
        .report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    assert!(
        errors + 1 >= shared.report.findings.len().min(1000),
        "errors are kept first"
    );
    println!(
        "3000 findings: {} bytes, {} findings kept, {} dropped",
        fragment.len(),
        shared.report.findings.len(),
        dropped.findings
    );
}

#[test]
fn a_report_that_cannot_shrink_is_returned_whole() {
    // references are never dropped: incompressible names keep the link large
    let mut rng = Rng(99);
    let name = |rng: &mut Rng| -> String {
        let alphabet: Vec<char> =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
                .chars()
                .collect();
        (0..4000).map(|_| rng.pick(&alphabet)).collect()
    };
    let mut r = rng.report();
    r.references = (0..5)
        .map(|_| ReferenceRecord {
            as_written: name(&mut rng),
            normalized: None,
            source: RefSource::RepoTags,
            target: None,
            image: None,
        })
        .collect();
    let (fragment, dropped) = round_trip(&r, None, "5 long references");
    assert!(fragment.len() > TARGET && fragment.len() <= MAX_FRAGMENT);
    assert!(
        dropped.history && dropped.annotations && dropped.documents && dropped.messages_truncated
    );
    assert_eq!(dropped.findings as usize, r.findings.len());
    r.references.extend((0..15).map(|_| ReferenceRecord {
        as_written: name(&mut rng),
        normalized: None,
        source: RefSource::RepoTags,
        target: None,
        image: None,
    }));
    let (fragment, _) = encode(&r, None);
    assert!(fragment.len() > MAX_FRAGMENT);
    assert!(matches!(decode(&fragment), Err(LinkError::TooLong { .. })));
}

#[test]
fn a_link_never_carries_a_secret_looking_env_value() {
    let bytes: &[u8] = include_bytes!("../fixtures/docker-save.tar");
    let o = Options {
        name: "docker-save.tar".into(),
        ..Options::default()
    };
    let mut r = inspect(Cursor::new(bytes), &o, &mut NullSink).expect("readable");
    let secret = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
    let entry = format!("GITHUB_TOKEN={secret}");
    r.images[0].config.env.push(entry.clone());
    let config = r.images[0].config.digest.clone().expect("a config digest");
    let doc = r
        .documents
        .iter_mut()
        .find(|d| d.digest == config)
        .expect("the config document");
    doc.content["config"]["Env"]
        .as_array_mut()
        .expect("Env")
        .push(entry.clone().into());
    let (fragment, _) = round_trip(&r, None, "secret env");
    let shared = decode(&fragment).expect("decodes");
    let json = serde_json::to_string(&shared.report).unwrap();
    assert!(!json.contains(secret), "the link carries the secret");
    let masked = "GITHUB_TOKEN=ghp_…[masked, 40 chars]";
    assert!(shared.report.images[0]
        .config
        .env
        .iter()
        .any(|e| e == masked));
    assert!(
        json.matches(masked).count() >= 2,
        "masked in the document too: {json}"
    );
    assert!(
        json.contains("PATH=/usr/local/sbin"),
        "other variables are kept"
    );
}

#[test]
fn openable_says_what_decode_accepts() {
    use ocilens::engine::share::{decode, openable, LinkError, MAX_FRAGMENT};
    let over = format!("r=1.{}", "A".repeat(MAX_FRAGMENT - 3));
    assert!(!openable(&over));
    assert!(matches!(decode(&over), Err(LinkError::TooLong { .. })));
    let at = format!("r=1.{}", "A".repeat(MAX_FRAGMENT - 4));
    assert!(openable(&at));
    assert!(!matches!(decode(&at), Err(LinkError::TooLong { .. })));
}
