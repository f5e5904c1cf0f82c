//! Tests of the explain walk and graph, on the fixtures.

use super::*;
use crate::engine::finding::{Check, Code, Location};
use crate::engine::report::{Format, LayerInfo};
use crate::engine::{inspect, NullSink, Options};

fn report(bytes: &[u8]) -> Report {
    let o = Options {
        tree: true,
        name: "fixture.tar".into(),
        ..Options::default()
    };
    inspect(std::io::Cursor::new(bytes), &o, &mut NullSink).unwrap()
}

fn skopeo() -> Report {
    report(include_bytes!(
        "../../../tests/fixtures/skopeo-oci-gzip.tar"
    ))
}

fn step(steps: &[Step], id: StepId) -> &Step {
    steps.iter().find(|s| s.id == id).unwrap()
}

fn fact<'a>(s: &'a Step, k: &str) -> Option<&'a str> {
    s.facts
        .iter()
        .find(|(key, _)| key == k)
        .map(|(_, v)| v.as_str())
}

/// The step as plain text, values in backticks and marks as ✓/✗/….
fn text(s: &Step) -> String {
    s.paragraphs
        .iter()
        .map(|para| {
            para.iter()
                .map(|part| match part {
                    Part::Text(t) => t.clone(),
                    Part::Value(v) | Part::Digest(v) => format!("`{v}`"),
                    Part::Mark(Some(Status::Verified)) => "✓".into(),
                    Part::Mark(Some(_)) => "✗".into(),
                    Part::Mark(None) => "…".into(),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn slugs_round_trip() {
    for id in StepId::ALL {
        assert_eq!(StepId::from_slug(id.slug()), Some(id));
        assert!(!id.title().is_empty());
    }
    assert_eq!(StepId::MediaTypes.slug(), "media-types");
    assert_eq!(StepId::from_slug("nope"), None);
}

#[test]
fn skopeo_gzip_layer_from_both_sides() {
    let r = skopeo();
    let steps = walk(&r, 0, None);
    assert_eq!(
        steps.iter().map(|s| s.id).collect::<Vec<_>>(),
        StepId::ALL.to_vec()
    );
    let l = &r.images[0].layers[0];
    let s = step(&steps, StepId::Layer);
    assert_eq!(fact(s, "layer-digest"), l.digest.as_deref());
    assert_eq!(fact(s, "layer-size"), Some("266"));
    assert_eq!(
        fact(s, "layer-size"),
        l.size.map(|n| n.to_string()).as_deref()
    );
    assert_eq!(fact(s, "layer-diffid"), l.diff_id.computed.as_deref());
    assert_eq!(
        fact(s, "layer-tar-bytes"),
        l.uncompressed_size.map(|n| n.to_string()).as_deref()
    );
    assert_eq!(l.check.digest_status, Some(Status::Verified));
    let t = text(s);
    let digest = l.digest.clone().unwrap();
    assert!(
        t.contains(&format!(
            "Its digest `{digest}` is the sha256 of these 266 compressed bytes (`gzip`): verified here ✓"
        )),
        "{t}"
    );
    assert!(t.contains("verified here ✓"), "{t}");
    assert!(t.contains("of tar inside"), "{t}");
    // the second layer can be picked
    let s1 = walk(&r, 0, Some(1));
    assert_eq!(
        fact(step(&s1, StepId::Layer), "layer-digest"),
        r.images[0].layers[1].digest.as_deref()
    );
    // facts elsewhere
    assert_eq!(fact(step(&steps, StepId::Config), "diff-ids"), Some("2"));
    assert_eq!(fact(step(&steps, StepId::Config), "history"), Some("4"));
    assert_eq!(
        fact(step(&steps, StepId::Config), "empty-layers"),
        Some("2")
    );
    assert_eq!(
        fact(step(&steps, StepId::Manifest), "manifest-digest"),
        r.images[0].manifest.digest.as_deref()
    );
    let archive = text(step(&steps, StepId::Archive));
    assert!(archive.contains("`oci-layout`"), "{archive}");
    assert!(archive.contains("`index.json`"), "{archive}");
    assert!(archive.contains("ocilens/fixture:skopeo-gzip"), "{archive}");
    assert_eq!(fact(step(&steps, StepId::Archive), "blobs"), Some("4"));
    let index = text(step(&steps, StepId::Index));
    assert!(index.contains(&r.images[0].manifest.digest.clone().unwrap()));
    // the compatibility.oci-manifest finding belongs to the media-types step
    let mt = step(&steps, StepId::MediaTypes);
    assert!(mt
        .findings
        .iter()
        .any(|&n| r.findings[n].code == Code::CompatibilityOciManifest));
    assert_eq!(fact(mt, "mismatches"), Some("0"));
}

#[test]
fn docker_save_has_no_index_and_explains_manifest_json() {
    let r = report(include_bytes!("../../../tests/fixtures/docker-save.tar"));
    let steps = walk(&r, 0, None);
    let index = text(step(&steps, StepId::Index));
    assert!(index.contains("has no index"), "{index}");
    assert_eq!(fact(step(&steps, StepId::Index), "index"), Some("none"));
    let archive = text(step(&steps, StepId::Archive));
    assert!(
        archive.contains("`manifest.json` lists the images"),
        "{archive}"
    );
    assert!(archive.contains("`repositories`"), "{archive}");
    assert!(archive.contains("/layer.tar`"), "{archive}");
    let manifest = text(step(&steps, StepId::Manifest));
    assert!(
        manifest.contains("its entry in `manifest.json`"),
        "{manifest}"
    );
    let l = &r.images[0].layers[0];
    let layer = step(&steps, StepId::Layer);
    assert_eq!(fact(layer, "layer-digest"), l.diff_id.computed.as_deref());
    assert_eq!(fact(layer, "layer-diffid"), l.diff_id.computed.as_deref());
    assert!(text(layer).contains("also its DiffID"));
    let g = graph(&r);
    assert_eq!(g.nodes[0].label, "manifest.json");
    assert_eq!(
        g.nodes.iter().filter(|n| n.kind == NodeKind::Layer).count(),
        2
    );
    assert!(g
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Layer)
        .all(|n| n.state == NodeState::Verified));
}

#[test]
fn multi_platform_graph() {
    let r = report(include_bytes!("../../../tests/fixtures/multi-platform.tar"));
    let g = graph(&r);
    let count = |k| g.nodes.iter().filter(|n| n.kind == k).count();
    assert_eq!(count(NodeKind::Index), 2);
    assert_eq!(count(NodeKind::Manifest), 2);
    assert_eq!(count(NodeKind::Config), 2);
    assert_eq!(count(NodeKind::Layer), 2);
    let labels: Vec<&str> = g
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Manifest)
        .map(|n| n.label.as_str())
        .collect();
    assert_eq!(labels, ["linux/amd64", "linux/arm64/v8"]);
    assert_eq!(g.edges.len(), 1 + 2 + 2 * 2);
    // columns: index.json → nested index → manifests → blobs
    let x = |k| g.nodes.iter().find(|n| n.kind == k).map(|n| n.x).unwrap();
    assert!(x(NodeKind::Manifest) > g.nodes[1].x && g.nodes[1].x > g.nodes[0].x);
    assert!(x(NodeKind::Layer) > x(NodeKind::Manifest));
    for n in &g.nodes {
        assert!(n.x + n.w <= g.width && n.y + n.h <= g.height, "{n:?}");
    }
    assert!(g
        .nodes
        .iter()
        .skip(1)
        .all(|n| n.state == NodeState::Verified));
    assert_eq!(
        g.nodes
            .iter()
            .find(|n| n.kind == NodeKind::Layer)
            .unwrap()
            .target,
        NodeTarget::Layer { image: 0, layer: 0 }
    );
    // the walk of the second image lists the nested index
    let steps = walk(&r, 1, None);
    let index = text(step(&steps, StepId::Index));
    assert!(index.contains("itself an index"), "{index}");
    assert!(index.contains("`linux/arm64/v8`"), "{index}");
    assert_eq!(fact(step(&steps, StepId::Index), "index-nested"), Some("1"));
}

#[test]
fn xz_tarball_media_types_and_compressed_digest() {
    let r = report(include_bytes!(
        "../../../tests/fixtures/skopeo-tarball-xz.tar"
    ));
    let steps = walk(&r, 0, None);
    let mt = step(&steps, StepId::MediaTypes);
    let t = text(mt);
    assert!(t.contains("xz"), "{t}");
    assert!(
        t.contains("`application/vnd.oci.image.layer.v1.tar`"),
        "{t}"
    );
    assert!(t.contains("✗"), "{t}");
    assert_eq!(fact(mt, "mismatches"), Some("1"));
    let n = r
        .findings
        .iter()
        .position(|f| f.code == Code::DiffidCompressedDigest)
        .unwrap();
    assert_eq!(step_for(&r.findings[n]), StepId::Layer);
    let layer = step(&steps, StepId::Layer);
    assert!(layer.findings.contains(&n));
    let lt = text(layer);
    assert!(lt.contains("podman#25593"), "{lt}");
    assert!(lt.contains("sha256:ff2ce75ed238b0ab390b6fb321068085a62364f68a3ee04debc67cf89cfafab7"));
    let m = r
        .findings
        .iter()
        .position(|f| f.code == Code::LayerCompressionMismatch)
        .unwrap();
    assert!(mt.findings.contains(&m));
    let g = graph(&r);
    let layer = g.nodes.iter().find(|n| n.kind == NodeKind::Layer).unwrap();
    assert_eq!(layer.state, NodeState::Mismatch);
}

#[test]
fn rootfs_is_explained_with_its_diffid() {
    let r = report(include_bytes!("../../../tests/fixtures/rootfs.tar"));
    let d = "sha256:ff2ce75ed238b0ab390b6fb321068085a62364f68a3ee04debc67cf89cfafab7";
    let steps = walk(&r, 0, None);
    assert_eq!(steps.len(), 7);
    let archive = text(step(&steps, StepId::Archive));
    assert!(archive.contains("not an image"), "{archive}");
    assert!(archive.contains(d), "{archive}");
    assert_eq!(fact(step(&steps, StepId::Layer), "layer-diffid"), Some(d));
    assert_eq!(
        fact(step(&steps, StepId::Layer), "layer-tar-bytes"),
        Some("10240")
    );
    for s in &steps {
        assert!(!s.paragraphs.is_empty(), "{:?}", s.id);
    }
    assert!(step(&steps, StepId::Archive).findings.len() == 1);
    let g = graph(&r);
    assert_eq!(g.nodes.len(), 1);
    assert!(g.nodes[0].sublabel.contains("not an image"));
}

#[test]
fn umoci_stack_counts_the_whiteout() {
    let r = report(include_bytes!(
        "../../../tests/fixtures/umoci-layout-multiref.tar"
    ));
    let steps = walk(&r, 1, None);
    let s = step(&steps, StepId::Stack);
    assert_eq!(fact(s, "whiteouts"), Some("1"));
    assert_eq!(fact(s, "opaque-dirs"), Some("0"));
    let t = text(s);
    assert!(
        t.contains("layer 3: 0 added, 0 modified, 1 removed; 1 whiteout (`hello.txt`)"),
        "{t}"
    );
    // the last layer ends right after `etc/motd`'s data, before its padding
    assert!(s
        .findings
        .iter()
        .any(|&n| r.findings[n].code == Code::TarNoEndMarker));
    // image 0 has none, and its findings exclude image 1's
    let s0 = walk(&r, 0, None);
    assert_eq!(fact(step(&s0, StepId::Stack), "whiteouts"), Some("0"));
    assert!(step(&s0, StepId::Stack).findings.is_empty());
    // shared layers are drawn once
    let g = graph(&r);
    assert_eq!(
        g.nodes.iter().filter(|n| n.kind == NodeKind::Layer).count(),
        4
    );
    assert_eq!(
        g.nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Manifest)
            .count(),
        2
    );
}

/// Where a case's finding points: nowhere (""), a layer blob ("layer"), a
/// JSON path into an index ("$.manifests[0]"), a blob ("sha256:…"), or an entry.
fn at(spec: &str) -> Location {
    match spec {
        "" => Location::default(),
        "layer" => Location::entry("blobs/sha256/ab")
            .with_image(0)
            .with_layer(0),
        "$.manifests[0]" => Location::entry("index.json").with_path(spec),
        s if s.starts_with("sha256:") => Location::default().with_blob(s),
        s => Location::entry(s),
    }
}

#[test]
fn step_for_every_check() {
    use StepId::*;
    let cases = [
        (Code::ArchiveTruncated, "", Archive),
        (Code::FormatRootfsTar, "", Archive),
        (Code::JsonMissingField, "index.json", Index),
        (Code::JsonMissingField, "blobs/sha256/ab", Manifest),
        (Code::BlobMissingManifest, "sha256:ab", Index),
        (Code::BlobMissingLayer, "layer", Manifest),
        (Code::BlobDigestMismatch, "layer", Layer),
        (Code::BlobSizeShort, "layer", Layer),
        (Code::DiffidMismatch, "layer", Layer),
        (Code::DiffidCount, "", Config),
        (Code::DiffidHistoryCount, "", Config),
        (Code::LayerCompressionMismatch, "layer", MediaTypes),
        (Code::MediaTypeMixConfigFamily, "", MediaTypes),
        (
            Code::DescriptorMediaTypeDocumentMissing,
            "blobs/sha256/ab",
            Manifest,
        ),
        (Code::DescriptorMediaTypeMismatch, "$.manifests[0]", Index),
        (Code::ReferenceTagOnly, "", Archive),
        (Code::ConfigEnvInvalid, "", Config),
        (Code::TarTruncated, "layer", Stack),
        (Code::WhiteoutInvalidName, "layer", Stack),
        (Code::PathSafetyDotdot, "layer", Stack),
        (Code::CompatibilityXz, "layer", MediaTypes),
        (Code::LimitsTarExtension, "layer", Stack),
        (Code::LimitsEntriesPerLayer, "layer", Stack),
        (Code::LimitsPathLength, "layer", Stack),
        (Code::LimitsZstdWindow, "layer", Layer),
        (Code::LimitsXzDictionary, "layer", Layer),
        (Code::LimitsDecompressedBytes, "layer", Layer),
        (Code::LimitsJsonDocument, "index.json", Index),
        (Code::LimitsIndexDepth, "", Index),
        (Code::EfficiencyMetadataOnly, "layer", Stack),
        (Code::EfficiencyDeletedLater, "layer", Stack),
        (Code::EfficiencyDuplicates, "", Stack),
        (Code::PackagesDatabaseTooLarge, "layer", Stack),
        (Code::SecretDeletedButShipped, "layer", Stack),
        (Code::SecretInHistory, "", Config),
        (Code::RuntimeUserRoot, "", Config),
    ];
    let mut seen = HashSet::new();
    for (code, where_, want) in cases {
        let finding = Finding::new(code, at(where_), "m");
        assert_eq!(step_for(&finding), want, "{code:?} at {where_:?}");
        seen.insert(finding.check);
    }
    for check in Check::ALL {
        assert!(seen.contains(&check), "no case for {check:?}");
    }
    // every catalogued code maps somewhere without panicking
    for code in Code::ALL {
        let _ = step_for(&Finding::new(*code, Location::default(), "m"));
    }
}

#[test]
fn a_nested_index_is_recognised_by_its_blob_when_the_report_is_known() {
    let r = report(include_bytes!("../../../tests/fixtures/multi-platform.tar"));
    let nested = "sha256:565d145f0a81b314a5edea3856e9d42e215ea3f59c6be96bacf4168e999a9add";
    let g = Finding::new(Code::JsonDuplicateKey, at(nested), "m");
    assert_eq!(step_for(&g), StepId::Manifest);
    assert_eq!(step_for_in(&r, &g), StepId::Index);
}

#[test]
fn graph_is_capped() {
    let mut r = skopeo();
    let template = r.images[0].layers[0].clone();
    r.images[0].layers = (0..300u32)
        .map(|k| LayerInfo {
            index: k,
            digest: Some(format!("sha256:{k:064x}")),
            ..template.clone()
        })
        .collect();
    r.images[0].layers[250].check.digest_status = Some(Status::Mismatch);
    let g = graph(&r);
    assert_eq!(g.nodes.len(), MAX_NODES + 1);
    let more = g.nodes.last().unwrap();
    // index.json + manifest + config + 300 layers = 303 nodes
    assert_eq!(more.label, format!("… {} more", 303 - MAX_NODES));
    assert_eq!(more.state, NodeState::Mismatch);
    assert!(g
        .edges
        .iter()
        .all(|e| e.from < MAX_NODES && e.to < MAX_NODES));
    for n in &g.nodes {
        assert!(n.y + n.h <= g.height + 1e-9);
    }
    // the walk stays bounded too
    let steps = walk(&r, 0, Some(299));
    assert_eq!(
        fact(step(&steps, StepId::Layer), "layer-digest"),
        Some(format!("sha256:{:064x}", 299).as_str())
    );
    assert!(step(&steps, StepId::Manifest).paragraphs.len() < 40);
}

#[test]
fn out_of_range_image_and_empty_report_do_not_panic() {
    let r = skopeo();
    let steps = walk(&r, 7, Some(9));
    assert_eq!(steps.len(), 7);
    let mut empty = r.clone();
    empty.index = None;
    empty.images.clear();
    empty.documents.clear();
    empty.input.format = Format::Unknown;
    assert!(walk(&empty, 0, None)
        .iter()
        .all(|s| !s.paragraphs.is_empty()));
    let g = graph(&empty);
    assert!(g.nodes.is_empty());
    assert_eq!((g.width, g.height), (0.0, 0.0));
}

#[test]
fn both_descriptions_are_mentioned() {
    let mut r = skopeo();
    r.input.format = Format::OciLayoutDockerManifest;
    let steps = walk(&r, 0, None);
    let t = text(step(&steps, StepId::Archive));
    assert!(t.contains("describes its images twice"), "{t}");
}

#[test]
#[ignore = "prints the walk; run with --ignored --nocapture"]
fn print_walk() {
    let fixtures: [(&str, &[u8]); 5] = [
        (
            "skopeo-oci-gzip",
            include_bytes!("../../../tests/fixtures/skopeo-oci-gzip.tar"),
        ),
        (
            "docker-save",
            include_bytes!("../../../tests/fixtures/docker-save.tar"),
        ),
        (
            "skopeo-tarball-xz",
            include_bytes!("../../../tests/fixtures/skopeo-tarball-xz.tar"),
        ),
        (
            "rootfs.tar.xz",
            include_bytes!("../../../tests/fixtures/rootfs.tar.xz"),
        ),
        (
            "multi-platform",
            include_bytes!("../../../tests/fixtures/multi-platform.tar"),
        ),
    ];
    for (name, bytes) in fixtures {
        println!("# {name}\n");
        for s in walk(&report(bytes), 0, None) {
            println!("## {}\n{}\n", s.title, text(&s));
        }
    }
}
