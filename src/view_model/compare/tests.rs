use super::*;
use crate::engine::diff::{compare, CompareOptions};
use crate::engine::{inspect, NullSink, Options};
use crate::protocol::{FromWorker, Handler, ToWorker};

fn fixture(name: &str) -> std::fs::File {
    let p = format!("{}/tests/fixtures/diff/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::File::open(p).unwrap()
}

fn report(name: &str) -> crate::engine::report::Report {
    let o = Options {
        name: name.into(),
        tree: true,
        ..Options::default()
    };
    inspect(std::io::BufReader::new(fixture(name)), &o, &mut NullSink).unwrap()
}

fn v1_v2() -> Diff {
    compare(
        &report("v1.tar"),
        &report("v2.tar"),
        &CompareOptions::default(),
    )
    .unwrap()
}

#[test]
fn the_worker_message_compares_like_the_engine() {
    let a = report("v1.tar");
    let reply = Handler::default().handle(
        ToWorker::Compare {
            name: "v2.tar".into(),
            a: Box::new(a),
            host: None,
        },
        Some(fixture("v2.tar")),
        &mut NullSink,
    );
    let FromWorker::Compared { diff, choices, .. } = reply else {
        panic!("{reply:?}")
    };
    assert_eq!(*diff, v1_v2());
    assert_eq!(choices.a.len(), 1);
    assert_eq!(choices.b.len(), 1);
}

/// The worker keeps both reports: other images, and a path's layers on
/// both sides, whose history is the one the Files view shows for each report.
#[test]
fn the_worker_recompares_and_sends_the_layers_touching_a_path() {
    use crate::view_model::path_history::path_history;
    let mut h = Handler::default();
    let a = report("v1.tar");
    let b = report("v2.tar");
    let reply = h.handle(
        ToWorker::Compare {
            name: "v2.tar".into(),
            a: Box::new(a.clone()),
            host: None,
        },
        Some(fixture("v2.tar")),
        &mut NullSink,
    );
    assert!(matches!(reply, FromWorker::Compared { .. }), "{reply:?}");
    let again = h.handle(
        ToWorker::Recompare { a: 0, b: 0 },
        None::<std::fs::File>,
        &mut NullSink,
    );
    let FromWorker::Compared { diff, .. } = again else {
        panic!("{again:?}")
    };
    assert_eq!(*diff, v1_v2());
    let bad = h.handle(
        ToWorker::Recompare { a: 0, b: 7 },
        None::<std::fs::File>,
        &mut NullSink,
    );
    assert!(matches!(bad, FromWorker::Failed { .. }), "{bad:?}");
    let path = "etc/app/app.conf";
    let reply = h.handle(
        ToWorker::PathLayers { path: path.into() },
        None::<std::fs::File>,
        &mut NullSink,
    );
    let FromWorker::PathLayers { a: la, b: lb, .. } = reply else {
        panic!("{reply:?}")
    };
    let full = |r: &crate::engine::report::Report| {
        let t = r.tree.as_ref().unwrap();
        path_history(
            &t.layers.iter().filter(|l| l.image == 0).collect::<Vec<_>>(),
            path,
        )
    };
    let (ha, hb) = (
        path_history(&la.iter().collect::<Vec<_>>(), path),
        path_history(&lb.iter().collect::<Vec<_>>(), path),
    );
    assert!(!ha.is_empty() && !hb.is_empty());
    assert_eq!(ha, full(&a));
    assert_eq!(hb, full(&b));
    assert_ne!(ha.last().unwrap().node.hash, hb.last().unwrap().node.hash);
}

#[test]
fn the_browser_platform_maps_to_an_image_platform() {
    assert_eq!(host_platform("Linux x86_64"), "linux/amd64");
    assert_eq!(host_platform("MacIntel"), "linux/amd64");
    assert_eq!(host_platform("Linux aarch64"), "linux/arm64");
    assert_eq!(host_platform("Win32"), "linux/amd64");
    assert_eq!(host_platform("Linux armv8l"), "linux/arm64");
}

#[test]
fn a_report_without_a_tree_fails_as_a_message() {
    let mut a = report("v1.tar");
    a.tree = None;
    let reply = Handler::default().handle(
        ToWorker::Compare {
            name: "v2.tar".into(),
            a: Box::new(a),
            host: None,
        },
        Some(fixture("v2.tar")),
        &mut NullSink,
    );
    assert!(matches!(reply, FromWorker::Failed { .. }), "{reply:?}");
}

#[test]
fn file_rows_list_every_path_sorted_and_filter_by_path() {
    let d = v1_v2();
    let rows = file_rows(&d, "");
    let n = d.files.added.len() + d.files.removed.len() + d.files.changed.len();
    assert_eq!(rows.len(), n);
    assert!(rows.windows(2).all(|w| w[0].path <= w[1].path));
    let added = rows.iter().find(|r| r.path == "etc/app/new.txt").unwrap();
    assert_eq!(added.change, FileChange::Added);
    let conf = rows.iter().find(|r| r.path == "etc/app/app.conf").unwrap();
    assert_eq!(conf.change, FileChange::Changed);
    assert!(conf.what.contains(&"content"));
    let c = d
        .files
        .changed
        .iter()
        .find(|c| c.path == conf.path)
        .unwrap();
    assert_eq!(conf.delta, Some(c.b_size as i64 - c.a_size as i64));
    let only = file_rows(&d, "NEW.TXT");
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].path, "etc/app/new.txt");
    assert!(file_rows(&d, "no-such-path").is_empty());
}

#[test]
fn identity_rows_pair_each_layer_and_mark_what_is_the_same() {
    let d = v1_v2();
    let rows = identity_rows(&d);
    let n = d.a.layer_digests.len().max(d.b.layer_digests.len());
    assert_eq!(rows.len(), 5 + 2 * n);
    let cfg = rows.iter().find(|r| r.label == "config digest").unwrap();
    assert_eq!(cfg.same, d.same.config_digest);
    assert_eq!(Some(&cfg.a), d.a.config_digest.as_ref());
    let l0 = rows.iter().find(|r| r.label == "layer 0 digest").unwrap();
    assert!(l0.same, "v1 and v2 share their first layer");
    let l2 = rows.iter().find(|r| r.label == "layer 2 digest").unwrap();
    assert_eq!((l2.a.as_str(), l2.same), ("—", false));
}

#[test]
fn config_rows_show_both_sides_and_absence() {
    let d = v1_v2();
    let rows = config_rows(&d);
    assert_eq!(rows.len(), d.config.len());
    let env = rows.iter().find(|r| r.0 == "Env").unwrap();
    assert!(env.2.contains("APP_MODE=prod"), "{env:?}");
    assert!(!env.1.contains("APP_MODE"), "{env:?}");
}

#[test]
fn a_late_answer_after_a_reset_is_dropped() {
    let mut c = Compare::default();
    c.update(CompareMsg::Show);
    assert!(!c.shown, "nothing to show yet");
    c.update(CompareMsg::Start {
        name: "b".into(),
        size: 10,
    });
    assert!(c.shown && c.diff().is_none());
    c.update(CompareMsg::Reset);
    c.update(CompareMsg::Done(
        Box::new(v1_v2()),
        Default::default(),
        None,
    ));
    assert_eq!(c.phase, ComparePhase::None);
    c.update(CompareMsg::Start {
        name: "b".into(),
        size: 10,
    });
    c.update(CompareMsg::Done(
        Box::new(v1_v2()),
        Default::default(),
        None,
    ));
    assert!(c.diff().is_some());
}

/// Progress sums each blob's latest count, over the second file's size.
#[test]
fn progress_sums_the_blobs_read_of_the_second_file() {
    use crate::protocol::ProgressUpdate;
    let mut c = Compare::default();
    c.update(CompareMsg::Start {
        name: "b".into(),
        size: 1000,
    });
    let u = |blob: &str, done| ProgressUpdate {
        blob: blob.into(),
        done,
        total: 500,
    };
    c.update(CompareMsg::Progress(vec![u("x", 100), u("y", 50)]));
    c.update(CompareMsg::Progress(vec![u("x", 300)]));
    let ComparePhase::Reading { done, size, .. } = &c.phase else {
        panic!("{:?}", c.phase)
    };
    assert_eq!((*done, *size), (350, 1000));
    c.update(CompareMsg::Done(
        Box::new(v1_v2()),
        Default::default(),
        None,
    ));
    assert!(c.diff().is_some());
}

#[test]
fn deltas_have_a_sign() {
    assert_eq!(delta_text(0), "0 B");
    assert!(delta_text(12).starts_with('+'));
    assert!(delta_text(-4096).starts_with('-'));
}
