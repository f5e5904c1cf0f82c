//! The state machine: a session from the file to the report, cancel and
//! reset, focus, and what outlives a session.

use super::*;
use crate::engine::codec::Content;
use crate::engine::finding::Code;
use crate::engine::plan::{BlobJob, BlobResult, Part, Structure};
use crate::engine::report::{Format, Input, LayerInfo};
use crate::protocol::FromWorker;

fn job(entry: &str, size: u64) -> BlobJob {
    BlobJob {
        entry: entry.into(),
        offset: 512,
        size,
        sha512: false,
        decode: true,
        part: Part::Whole,
    }
}

fn start(s: &mut State, workers: usize) {
    s.update(SessionMsg::Start {
        name: "a.tar".into(),
        size: 10,
        workers,
        now: 0.0,
    });
}

fn from_worker(s: &mut State, worker: usize, msg: FromWorker) -> Vec<Effect> {
    s.update(SessionMsg::Worker {
        worker,
        msg,
        now: 1.0,
    })
}

const SHA: &str = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

fn done(entry: &str) -> FromWorker {
    FromWorker::BlobDone {
        result: Box::new(BlobResult {
            entry: entry.into(),
            size: 5,
            sha256: SHA.into(),
            sha512: None,
            head: String::new(),
            content: Content::Gzip,
            layer: None,
        }),
    }
}

/// A structure of two blobs, `a` a layer of image 0.
fn structure() -> Box<Structure> {
    let mut image = crate::engine::report::Image::default();
    image.layers.push(LayerInfo {
        entry: Some("blobs/sha256/a".into()),
        digest: Some(SHA.into()),
        size: Some(5),
        ..LayerInfo::default()
    });
    Box::new(Structure {
        format: Format::OciLayout,
        jobs: vec![job("blobs/sha256/a", 5), job("blobs/sha256/b", 7)],
        images: vec![image],
        ..Structure::default()
    })
}

#[test]
fn structure_then_blobs_then_report() {
    let mut s = State::default();
    start(&mut s, 2);
    assert_eq!(s.session.phase, Phase::Reading);
    let fx = from_worker(
        &mut s,
        0,
        FromWorker::Structure {
            structure: structure(),
            input: Input::default(),
        },
    );
    assert_eq!(s.session.phase, Phase::Verifying);
    assert_eq!(fx.len(), 2);
    assert_eq!(s.session.bytes(), (0, 12));
    assert!(from_worker(&mut s, 1, done("blobs/sha256/a")).is_empty());
    let fx = from_worker(&mut s, 0, done("blobs/sha256/b"));
    assert!(
        matches!(fx.as_slice(), [Effect::Worker(Command::Finish { results, .. })] if results.len() == 2)
    );
    assert_eq!(s.session.bytes(), (12, 12));
}

#[test]
fn marks_fill_in_on_the_index_pass_images_themselves() {
    let mut s = State::default();
    start(&mut s, 1);
    from_worker(
        &mut s,
        0,
        FromWorker::Structure {
            structure: structure(),
            input: Input::default(),
        },
    );
    let status = |s: &State| {
        s.current_image()
            .and_then(|i| i.layers.first())
            .and_then(|l| l.check.digest_status)
    };
    assert_eq!(status(&s), None);
    from_worker(&mut s, 0, done("blobs/sha256/a"));
    assert_eq!(status(&s), Some(crate::engine::report::Status::Verified));
    let marked = s.session.structure.as_ref().map(|st| st.images.clone());
    assert_eq!(marked.as_deref(), Some(s.session.images()));
}

#[test]
fn cancel_terminates_and_ignores_late_messages() {
    let mut s = State::default();
    start(&mut s, 1);
    assert_eq!(s.update(SessionMsg::Cancel), vec![Effect::TerminateAll]);
    assert_eq!(s.session.phase, Phase::Cancelled);
    let late = FromWorker::Failed {
        message: "late".into(),
    };
    assert!(from_worker(&mut s, 0, late).is_empty());
    assert_eq!(s.session.phase, Phase::Cancelled);
    assert!(s.update(SessionMsg::WorkerError("late".into())).is_empty());
    assert_eq!(s.session.error, None);
}

#[test]
fn a_worker_failure_ends_the_session_in_an_error() {
    let mut s = State::default();
    start(&mut s, 1);
    let fx = from_worker(
        &mut s,
        0,
        FromWorker::Failed {
            message: "truncated".into(),
        },
    );
    assert_eq!(fx, vec![Effect::TerminateAll]);
    assert_eq!(s.session.phase, Phase::Error);
    assert_eq!(s.session.error.as_deref(), Some("truncated"));
    assert_eq!(s.session.finished, Some(1.0));
}

#[test]
fn a_new_session_resets_session_and_view_but_not_the_theme() {
    let mut s = State::default();
    s.update(Msg::ToggleTheme);
    start(&mut s, 1);
    s.update(ViewMsg::Tab(Tab::Layers));
    s.update(ShareMsg::Made(ShareLink {
        url: "u".into(),
        bytes: 1,
        dropped: Default::default(),
    }));
    s.update(SessionMsg::OpenCode(Code::DiffidMismatch));
    start(&mut s, 1);
    assert_eq!(s.view.tab, Tab::Overview);
    assert_eq!(s.view.made_link, None);
    assert!(s.prefs.dark);
    assert_eq!(
        s.session.open_code,
        Some(Code::DiffidMismatch),
        "Start keeps the code it was sent just before"
    );
    assert_eq!(s.update(SessionMsg::Reset), vec![Effect::TerminateAll]);
    assert_eq!(s.session.phase, Phase::Idle);
    assert_eq!(s.session.open_code, None);
    assert!(s.prefs.dark);
    s.update(SessionMsg::LinkError("bad link".into()));
    assert_eq!(s.session.phase, Phase::Error);
    assert!(s.prefs.dark);
}

#[test]
fn focus_on_a_path_opens_the_files_view_with_ancestors_expanded() {
    let mut s = State::default();
    s.update(ViewMsg::Focus(Target::Path(
        Some(1),
        "etc/ssl/cert.pem".into(),
    )));
    assert_eq!(s.view.tab, Tab::Files);
    assert_eq!(s.view.files.mode(), TreeMode::Layer(1));
    assert!(s.view.files.is_expanded("etc") && s.view.files.is_expanded("etc/ssl"));
}

/// Secret-looking `Env` values are masked once, when the documents enter
/// the session (from the index pass, then from the report); the report
/// itself keeps them whole, so the download equals the CLI's JSON.
#[test]
fn documents_are_masked_once_on_entry() {
    use crate::engine::report::{Document, DocumentRole, Report, Summary, SCHEMA};
    const SECRET: &str = "DB_PASSWORD=correct-horse-battery-staple";
    let doc = Document {
        entry: "blobs/sha256/c".into(),
        role: DocumentRole::Config,
        digest: SHA.into(),
        content: serde_json::json!({ "config": { "Env": ["PATH=/bin", SECRET] } }),
    };
    let shown = |s: &State| serde_json::to_string(&s.session.documents().1).unwrap_or_default();
    let mut s = State::default();
    start(&mut s, 1);
    let mut st = structure();
    st.documents = vec![doc.clone()];
    from_worker(
        &mut s,
        0,
        FromWorker::Structure {
            structure: st,
            input: Input::default(),
        },
    );
    assert!(!shown(&s).contains("battery-staple"), "{}", shown(&s));
    assert!(
        shown(&s).contains("DB_PASSWORD=corr…[masked, 28 chars]")
            && shown(&s).contains("PATH=/bin")
    );
    let mut report: Report = serde_json::from_value(serde_json::json!({
        "schema": SCHEMA, "tool": { "name": "ocilens", "version": "test" }, "input": Input::default(),
        "references": [], "images": [], "findings": [], "summary": Summary::of(&[]),
    }))
    .unwrap_or_else(|e| panic!("a report: {e}"));
    report.documents = vec![doc];
    from_worker(
        &mut s,
        0,
        FromWorker::Report {
            report: Box::new(report),
        },
    );
    assert_eq!(s.session.phase, Phase::Done);
    assert!(
        !shown(&s).contains("battery-staple"),
        "the report's documents are masked too"
    );
    let kept = s
        .session
        .report
        .as_ref()
        .map(|r| r.documents[0].content.to_string())
        .unwrap_or_default();
    assert!(
        kept.contains(SECRET),
        "the report keeps the value for the download"
    );
}

#[test]
fn a_worker_dying_on_a_blob_is_replaced_and_worker_zero_reads_the_index_again() {
    let mut s = State::default();
    start(&mut s, 2);
    let structure_msg = || FromWorker::Structure {
        structure: structure(),
        input: Input::default(),
    };
    from_worker(&mut s, 0, structure_msg());
    // worker 0 got the larger blob `b`; it dies: a fresh worker 0 re-reads the index
    let fx = s.update(SessionMsg::WorkerCrashed {
        worker: 0,
        message: "RuntimeError: unreachable".into(),
    });
    assert_eq!(
        fx,
        vec![Effect::RestartWorker {
            worker: 0,
            reopen: true
        }]
    );
    assert_eq!(s.session.phase, Phase::Verifying);
    assert!(from_worker(&mut s, 1, done("blobs/sha256/a")).is_empty());
    // its Structure is the index being back, not a new session
    let fx = from_worker(&mut s, 0, structure_msg());
    assert!(
        matches!(fx.as_slice(), [Effect::Worker(Command::Finish { results, failed })]
        if results.len() == 1 && failed.len() == 1 && failed[0].entry == "blobs/sha256/b")
    );
    // dying while it builds the report: an error, not a hang
    let fx = s.update(SessionMsg::WorkerCrashed {
        worker: 0,
        message: "oom".into(),
    });
    assert_eq!(fx, vec![Effect::TerminateAll]);
    assert_eq!(s.session.phase, Phase::Error);
}

#[test]
fn a_worker_dying_in_the_index_pass_is_an_error() {
    let mut s = State::default();
    start(&mut s, 2);
    let fx = s.update(SessionMsg::WorkerCrashed {
        worker: 0,
        message: "oom".into(),
    });
    assert_eq!(fx, vec![Effect::TerminateAll]);
    assert_eq!(s.session.phase, Phase::Error);
}
