//! The worker's dispatch (`protocol::Handler`) natively, over the fixtures:
//! a report JSON opens as is, a compressed archive is read in one pass, a
//! tar gets the index pass, its jobs and `Finish`, with the report
//! `engine::inspect` makes; `Finish` before an index pass is an error.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]
#![cfg(not(target_arch = "wasm32"))]

use ocilens::engine::report::Report;
use ocilens::engine::{inspect, NullSink, Options};
use ocilens::protocol::{entries, FailedBlob, FromWorker, Handler, ToWorker};
use std::io::Cursor;

mod support;
#[path = "worker_read/mod.rs"]
mod worker_read;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).expect(&path)
}

/// What `ocilens inspect --tree` reports (the page always asks for the tree).
fn inspected(bytes: &[u8], name: &str) -> Report {
    let o = Options {
        tree: true,
        name: name.into(),
        ..Options::default()
    };
    inspect(Cursor::new(bytes), &o, &mut NullSink).unwrap()
}

fn open(h: &mut Handler, bytes: &[u8], name: &str) -> FromWorker {
    let msg = ToWorker::Open { name: name.into() };
    h.handle(msg, Some(Cursor::new(bytes)), &mut NullSink)
}

#[test]
fn a_report_json_opens_as_it_is() {
    let report = inspected(&fixture("kimai-notag.tar"), "kimai-notag.tar");
    let json = format!("\n  {}", serde_json::to_string_pretty(&report).unwrap());
    let reply = open(&mut Handler::default(), json.as_bytes(), "report.json");
    assert_eq!(
        reply,
        FromWorker::Report {
            report: Box::new(report)
        }
    );
}

#[test]
fn a_json_that_is_not_a_report_fails_and_says_why() {
    let reply = open(&mut Handler::default(), b"{\"schema\": 1}", "x.json");
    let FromWorker::Failed { message } = reply else {
        panic!("{reply:?}")
    };
    assert!(message.starts_with("not an ocilens report"), "{message}");
}

#[test]
fn a_compressed_archive_is_read_in_one_pass() {
    for name in [
        "skopeo-oci-gzip.tar.gz",
        "docker-save.tar.zst",
        "rootfs.tar.xz",
    ] {
        let bytes = fixture(name);
        let reply = open(&mut Handler::default(), &bytes, name);
        let FromWorker::Report { report } = reply else {
            panic!("{name}: {reply:?}")
        };
        assert_eq!(*report, inspected(&bytes, name), "{name}");
    }
}

#[test]
fn a_tar_goes_index_pass_then_jobs_then_finish_with_the_cli_report() {
    for name in [
        "docker-save-multi.tar",
        "secrets/buildah-secrets.tar",
        "packages/debian-dpkg.tar",
    ] {
        page_pass(name);
    }
}

/// `msg` as `postMessage` carries it: JSON, with its entries beside it in the
/// binary form (`protocol::entries`); the same message comes out.
fn carried(mut msg: FromWorker) -> FromWorker {
    let want = msg.clone();
    let bytes = entries::take(&mut msg);
    let mut back = FromWorker::from_json(&msg.to_json()).unwrap();
    if let Some(b) = bytes {
        entries::restore(&mut back, &b).unwrap();
    }
    assert_eq!(back, want);
    back
}

/// [`carried`] for a message to a worker.
fn carried_to(mut msg: ToWorker) -> ToWorker {
    let want = msg.clone();
    let bytes = entries::take_to(&mut msg);
    let mut back: ToWorker = serde_json::from_str(&msg.to_json()).unwrap();
    if let Some(b) = bytes {
        entries::restore_to(&mut back, &b).unwrap();
    }
    assert_eq!(back, want);
    back
}

/// The page's pass over `name`: the index in one worker, each job in
/// another, every message carried as `postMessage` carries it.
fn page_pass(name: &str) {
    let bytes = fixture(name);
    let mut h = Handler::default();
    let short = name.rsplit('/').next().unwrap();
    let FromWorker::Structure { structure, input } = open(&mut h, &bytes, short) else {
        panic!("no structure")
    };
    assert_eq!(input.name, name.rsplit('/').next().unwrap());
    assert!(!structure.jobs.is_empty());
    // any worker verifies a job; this one also holds the index
    let mut other = Handler::default();
    let results = structure
        .jobs
        .iter()
        .map(|job| {
            let msg = ToWorker::Verify { job: job.clone() };
            match carried(other.handle(msg, Some(Cursor::new(&bytes)), &mut NullSink)) {
                FromWorker::BlobDone { result } => *result,
                reply => panic!("{reply:?}"),
            }
        })
        .collect();
    let finish = ToWorker::Finish {
        results,
        failed: Vec::new(),
    };
    let reply = carried(h.handle(carried_to(finish), None::<Cursor<&[u8]>>, &mut NullSink));
    let FromWorker::Report { report } = reply else {
        panic!("{reply:?}")
    };
    let want = inspected(&bytes, name.rsplit('/').next().unwrap());
    let codes = |r: &Report| {
        r.findings
            .iter()
            .map(|f| f.code.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(&report), codes(&want), "{name}");
    assert_eq!(*report, want, "{name}");
    // the index is used up
    let again = h.handle(
        ToWorker::Finish {
            results: Vec::new(),
            failed: Vec::new(),
        },
        None::<Cursor<&[u8]>>,
        &mut NullSink,
    );
    assert!(matches!(again, FromWorker::Failed { .. }), "{again:?}");
}

#[test]
fn finish_before_open_and_open_without_a_file_are_clear_errors() {
    let mut h = Handler::default();
    let none = None::<Cursor<&[u8]>>;
    let reply = h.handle(
        ToWorker::Finish {
            results: Vec::new(),
            failed: Vec::new(),
        },
        none.clone(),
        &mut NullSink,
    );
    assert_eq!(
        reply,
        FromWorker::Failed {
            message: "finish before the index pass".into()
        }
    );
    let reply = h.handle(ToWorker::Open { name: "a".into() }, none, &mut NullSink);
    assert_eq!(
        reply,
        FromWorker::Failed {
            message: "no file".into()
        }
    );
}

/// A blob whose worker died (the page replaces the worker and sends the
/// blob as failed with `Finish`): one `limits.worker-failed` error at that
/// layer, counted in the summary; the other blobs are checked as usual.
#[test]
fn finish_with_a_failed_blob_reports_it_at_its_layer() {
    let bytes = fixture("docker-save-multi.tar");
    let mut h = Handler::default();
    let FromWorker::Structure { structure, .. } = open(&mut h, &bytes, "docker-save-multi.tar")
    else {
        panic!("no structure")
    };
    let want = inspected(&bytes, "docker-save-multi.tar");
    let layer = &want.images[0].layers[0];
    let entry = layer.entry.clone().unwrap();
    let results = structure
        .jobs
        .iter()
        .filter(|j| j.entry != entry)
        .map(|job| {
            match h.handle(
                ToWorker::Verify { job: job.clone() },
                Some(Cursor::new(&bytes)),
                &mut NullSink,
            ) {
                FromWorker::BlobDone { result } => *result,
                reply => panic!("{reply:?}"),
            }
        })
        .collect();
    let failed = vec![FailedBlob {
        entry: entry.clone(),
        message: "RuntimeError: unreachable".into(),
    }];
    let FromWorker::Report { report } = h.handle(
        ToWorker::Finish { results, failed },
        None::<Cursor<&[u8]>>,
        &mut NullSink,
    ) else {
        panic!("no report")
    };
    let hits: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "limits.worker-failed")
        .collect();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].r#where.entry.as_deref(), Some(entry.as_str()));
    assert_eq!(hits[0].r#where.layer, Some(layer.index));
    assert_eq!(hits[0].r#where.image, Some(0));
    assert!(hits[0].message.contains("unreachable"));
    assert_eq!(report.summary.errors, want.summary.errors + 1, "counted");
}
