//! Spec conformance (issue 14, reliability plan G2): the JSON documents of
//! image-spec's schema tests (`schema/*_test.go`, copied byte for byte into
//! `tests/conformance/` by `scripts/conformance-extract.py`, listed with
//! upstream's expected validity in `tests/conformance/cases.tsv`) go through
//! the real pipeline, and ocilens must classify each as upstream does.
//!
//! Each document is put where it lives in an image and the archive is
//! inspected (seekable `inspect`, what the CLI and the page report):
//!
//! - a manifest: a blob that `index.json` lists;
//! - an index: `index.json` itself;
//! - a config: the config blob of a generated manifest with one empty-tar
//!   layer per DiffID;
//! - a descriptor: `layers[0]` of a generated manifest (valid config blob);
//! - an `oci-layout` file: the layout's `oci-layout`, with an empty index.
//!
//! "invalid" is at least one error finding about the document: located at its
//! archive entry or its blob digest. Findings of the `blob-missing` check do
//! not count: the blobs a schema-test document names were never written (the
//! schema tests validate one document alone), nor do those of the `runtime`
//! lint (whether the entrypoint exists in the image's files: the generated
//! layers are empty, and the schema says nothing of it). Every other error in the report
//! must be about the document, or about a generated layer (a DiffID the
//! generated empty tar cannot match): the test fails on any error it cannot
//! attribute, so nothing is hidden by the attribution rule.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]

mod support;

use ocilens::engine::finding::{Check, Finding, Severity};
use ocilens::engine::report::Report;
use ocilens::engine::{inspect, NullSink, Options};
use std::collections::BTreeSet;
use std::io::Cursor;
use std::path::PathBuf;
use support::compress::digest;
use support::edits::{write_entries, Entry};

const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
const OCI_LAYER_TAR: &str = "application/vnd.oci.image.layer.v1.tar";

/// Where ocilens and upstream differ on purpose: the case, the finding code
/// ocilens reports for it instead (it must appear, below error severity), and why.
const EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "manifest-5",
        "json.no-layers",
        "`\"layers\": []`: the schema's `minItems: 1` is stricter than the spec, which says \
         \"For portability, layers SHOULD have at least one entry\" (manifest.md); a SHOULD \
         is a warning in ocilens (Docker 25 wrote such manifests, moby/moby#47065)",
    ),
    (
        "config-9",
        "config.env-invalid",
        "`\"Env\": [\"foo\"]`: not a schema rule but a regex in upstream's Go validator \
         (validateConfig); config.md only says \"Entries are in the format of VARNAME=VARVALUE\" \
         with no MUST, so ocilens warns (umoci 0.4.7 and runc refuse such an entry)",
    ),
];

/// One upstream document and its expected validity.
struct Case {
    name: String,
    schema: String,
    invalid: bool,
    upstream: String,
    digest: String,
    reason: String,
    doc: Vec<u8>,
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/conformance")
}

fn cases() -> Vec<Case> {
    let tsv = std::fs::read_to_string(dir().join("cases.tsv")).expect("cases.tsv");
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 6, "cases.tsv: {l}");
            let doc = std::fs::read(dir().join(format!("{}.json", f[0]))).expect("document");
            Case {
                name: f[0].into(),
                schema: f[1].into(),
                invalid: match f[2] {
                    "invalid" => true,
                    "valid" => false,
                    other => panic!("cases.tsv: expect {other:?}"),
                },
                upstream: f[3].into(),
                digest: f[4].into(),
                reason: f[5].into(),
                doc,
            }
        })
        .collect()
}

/// An archive around a document, and what in it the document is.
struct Wrapped {
    archive: Vec<u8>,
    /// The document's archive entry.
    entry: String,
    /// Its blob digest (none for `index.json` and `oci-layout`).
    digest: Option<String>,
    /// Digests of the generated layers.
    layers: Vec<String>,
}

fn blob_entry(d: &str) -> String {
    format!("blobs/sha256/{}", d.trim_start_matches("sha256:"))
}

/// An OCI layout tar: `oci-layout`, `index.json`, then the blobs.
fn layout(oci_layout: &[u8], index: &[u8], blobs: &[&[u8]]) -> Vec<u8> {
    let mut entries = vec![
        Entry::File("oci-layout".into(), oci_layout.to_vec()),
        Entry::File("index.json".into(), index.to_vec()),
        Entry::Dir("blobs/".into()),
        Entry::Dir("blobs/sha256/".into()),
    ];
    let mut seen = BTreeSet::new();
    for b in blobs {
        if seen.insert(digest(b)) {
            entries.push(Entry::File(blob_entry(&digest(b)), b.to_vec()));
        }
    }
    write_entries(&entries)
}

const OCI_LAYOUT: &[u8] = br#"{"imageLayoutVersion":"1.0.0"}"#;

fn descriptor(media_type: &str, bytes: &[u8]) -> String {
    format!(
        r#"{{"mediaType":"{media_type}","digest":"{}","size":{}}}"#,
        digest(bytes),
        bytes.len()
    )
}

fn index_of(manifests: &[String]) -> Vec<u8> {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{OCI_INDEX}","manifests":[{}]}}"#,
        manifests.join(",")
    )
    .into_bytes()
}

fn manifest_of(config: &str, layers: &[String]) -> Vec<u8> {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{OCI_MANIFEST}","config":{config},"layers":[{}]}}"#,
        layers.join(",")
    )
    .into_bytes()
}

/// upstream's `convertFormats` (backwards_compatibility_test.go): the Docker
/// schema2 types replaced by their OCI equivalents before validating.
fn convert_formats(doc: &[u8]) -> Vec<u8> {
    let mut s = String::from_utf8(doc.to_vec()).expect("UTF-8");
    for (docker, oci) in [
        (
            "application/vnd.docker.distribution.manifest.list.v2+json",
            OCI_INDEX,
        ),
        (
            "application/vnd.docker.distribution.manifest.v2+json",
            OCI_MANIFEST,
        ),
        (
            "application/vnd.docker.image.rootfs.diff.tar.gzip",
            "application/vnd.oci.image.layer.v1.tar+gzip",
        ),
        ("application/vnd.docker.container.image.v1+json", OCI_CONFIG),
    ] {
        s = s.replace(docker, oci);
    }
    s.into_bytes()
}

/// The document in the place it has in an image (see the module docs).
fn wrap(case: &Case) -> Wrapped {
    let doc = if case.schema.starts_with("compat-") {
        convert_formats(&case.doc)
    } else {
        case.doc.clone()
    };
    let kind = case.schema.trim_start_matches("compat-");
    match kind {
        "manifest" => {
            let index = index_of(&[descriptor(OCI_MANIFEST, &doc)]);
            Wrapped {
                archive: layout(OCI_LAYOUT, &index, &[&doc]),
                entry: blob_entry(&digest(&doc)),
                digest: Some(digest(&doc)),
                layers: Vec::new(),
            }
        }
        "index" => Wrapped {
            archive: layout(OCI_LAYOUT, &doc, &[]),
            entry: "index.json".into(),
            digest: None,
            layers: Vec::new(),
        },
        "config" => {
            // one layer per DiffID (one when they cannot be read): empty tars
            // of 1, 2, … KiB of zeros, the first of which is the common
            // empty layer `sha256:5f70bf18…`
            let n = serde_json::from_slice::<serde_json::Value>(&doc)
                .ok()
                .and_then(|v| v["rootfs"]["diff_ids"].as_array().map(Vec::len))
                .unwrap_or(1)
                .max(1);
            let layers: Vec<Vec<u8>> = (1..=n).map(|k| vec![0u8; 1024 * k]).collect();
            let descs: Vec<String> = layers
                .iter()
                .map(|l| descriptor(OCI_LAYER_TAR, l))
                .collect();
            let manifest = manifest_of(&descriptor(OCI_CONFIG, &doc), &descs);
            let index = index_of(&[descriptor(OCI_MANIFEST, &manifest)]);
            let mut blobs: Vec<&[u8]> = vec![&manifest, &doc];
            blobs.extend(layers.iter().map(Vec::as_slice));
            Wrapped {
                archive: layout(OCI_LAYOUT, &index, &blobs),
                entry: blob_entry(&digest(&doc)),
                digest: Some(digest(&doc)),
                layers: layers.iter().map(|l| digest(l)).collect(),
            }
        }
        "descriptor" => {
            let config = br#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"]}}"#;
            let text = String::from_utf8(doc.clone()).expect("UTF-8");
            let manifest = manifest_of(&descriptor(OCI_CONFIG, config), &[text]);
            let index = index_of(&[descriptor(OCI_MANIFEST, &manifest)]);
            Wrapped {
                archive: layout(OCI_LAYOUT, &index, &[&manifest, config]),
                entry: blob_entry(&digest(&manifest)),
                digest: Some(digest(&manifest)),
                layers: Vec::new(),
            }
        }
        "layout" => Wrapped {
            archive: layout(&doc, &index_of(&[]), &[]),
            entry: "oci-layout".into(),
            digest: None,
            layers: Vec::new(),
        },
        other => panic!("{}: unknown schema {other:?}", case.name),
    }
}

fn about(f: &Finding, w: &Wrapped) -> bool {
    f.r#where.entry.as_deref() == Some(w.entry.as_str())
        || (w.digest.is_some() && f.r#where.blob == w.digest)
}

fn on_generated_layer(f: &Finding, w: &Wrapped) -> bool {
    let at =
        |d: &String| f.r#where.blob.as_ref() == Some(d) || f.r#where.entry == Some(blob_entry(d));
    w.layers.iter().any(at)
}

fn dump(findings: &[&Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("    {} [{:?}] {}", f.code, f.r#where, f.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What ocilens said of one case.
struct Outcome {
    /// The error findings about the document.
    errors: Vec<Finding>,
    /// Errors neither about the document nor about a generated layer nor `blob-missing`.
    stray: Vec<Finding>,
    /// Whether the pipeline read the document (listed in `documents`, or refused as no JSON).
    read: bool,
    report: Report,
}

fn run(case: &Case) -> Outcome {
    let w = wrap(case);
    let o = Options {
        name: format!("{}.tar", case.name),
        ..Options::default()
    };
    let report = inspect(Cursor::new(&w.archive), &o, &mut NullSink).expect("readable");
    // the runtime lint judges what the image would run (the generated layers
    // hold no programs), not whether the document is valid
    let counted = |f: &&Finding| {
        f.severity == Severity::Error && f.check != Check::BlobMissing && f.check != Check::Runtime
    };
    let errors: Vec<Finding> = report
        .findings
        .iter()
        .filter(counted)
        .filter(|f| about(f, &w))
        .cloned()
        .collect();
    let stray = report
        .findings
        .iter()
        .filter(counted)
        .filter(|f| !about(f, &w) && !on_generated_layer(f, &w))
        .cloned()
        .collect();
    let read = report.documents.iter().any(|d| d.entry == w.entry)
        || errors.iter().any(|f| f.check == Check::Json);
    Outcome {
        errors,
        stray,
        read,
        report,
    }
}

#[test]
fn image_spec_schema_documents_are_classified_as_upstream() {
    let cases = cases();
    let mut failures = Vec::new();
    let mut agree = 0;
    let mut excepted = BTreeSet::new();
    for case in &cases {
        let out = run(case);
        let expected = if case.invalid { "invalid" } else { "valid" };
        let got = if out.errors.is_empty() {
            "valid"
        } else {
            "invalid"
        };
        let codes: BTreeSet<&str> = out.errors.iter().map(|f| f.code.as_str()).collect();
        println!("{}\t{expected}\t{got}\t{codes:?}", case.name);
        if !out.read {
            failures.push(format!(
                "{}: the pipeline never read the document",
                case.name
            ));
        }
        if !out.stray.is_empty() {
            failures.push(format!(
                "{}: errors about neither the document nor a generated layer:\n{}",
                case.name,
                dump(&out.stray.iter().collect::<Vec<_>>())
            ));
        }
        let exception = EXCEPTIONS.iter().find(|(n, _, _)| *n == case.name);
        match (expected == got, exception) {
            (true, None) => agree += 1,
            (true, Some(_)) => failures.push(format!(
                "{}: listed as an exception but ocilens agrees with upstream ({expected})",
                case.name
            )),
            (false, Some((_, code, _))) => {
                let reported = out
                    .report
                    .findings
                    .iter()
                    .any(|f| f.code.as_str() == *code && f.severity != Severity::Error);
                if !reported {
                    failures.push(format!(
                        "{}: exception expects ocilens to report `{code}` (not as an error)",
                        case.name
                    ));
                }
                excepted.insert(case.name.clone());
            }
            (false, None) => failures.push(format!(
                "{} ({}, upstream: {}): upstream says {expected}, ocilens says {got}\n{}",
                case.name,
                case.upstream,
                case.reason,
                dump(&out.errors.iter().collect::<Vec<_>>())
            )),
        }
    }
    for (name, _, _) in EXCEPTIONS {
        if !cases.iter().any(|c| c.name == *name) {
            failures.push(format!("exception {name} names no case"));
        }
    }
    println!(
        "conformance: {agree}/{} agree, {} documented exceptions",
        cases.len(),
        excepted.len()
    );
    assert!(
        EXCEPTIONS.len() <= 5,
        "issue 14 allows at most 5 exceptions"
    );
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The fixtures are upstream's: the list matches the files, every schema
/// test file is represented, and the backwards-compatibility documents hash
/// to the digests upstream's test asserts for them.
#[test]
fn fixtures_are_upstream_documents() {
    let cases = cases();
    let listed: BTreeSet<String> = cases.iter().map(|c| format!("{}.json", c.name)).collect();
    let files: BTreeSet<String> = std::fs::read_dir(dir())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    assert_eq!(listed, files, "cases.tsv and the .json files differ");
    let schemas: BTreeSet<&str> = cases.iter().map(|c| c.schema.as_str()).collect();
    for s in [
        "manifest",
        "config",
        "index",
        "descriptor",
        "layout",
        "compat-index",
        "compat-manifest",
        "compat-config",
    ] {
        assert!(schemas.contains(s), "no case of {s}");
    }
    for c in cases.iter().filter(|c| c.schema.starts_with("compat-")) {
        assert_eq!(digest(&c.doc), c.digest, "{}: not upstream's bytes", c.name);
    }
    assert!(cases.iter().any(|c| c.invalid) && cases.iter().any(|c| !c.invalid));
}
