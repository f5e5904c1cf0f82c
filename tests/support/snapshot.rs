//! Report snapshots for refactoring: with `OCILENS_REPORT_DIR` set, the
//! crafted and fixture tests write every report they make (seekable, one
//! pass, and the page's path) to that folder, one JSON file each.
//! `scripts/report-snapshot` collects them with the CLI's output, so two
//! commits can be compared byte for byte.
//!
//! The page's path is what the browser does, through the worker's own
//! dispatch (`protocol::Handler`): the index pass, each blob job verified
//! on its own (every blob that can be halved in two halves, as the page's
//! scheduler halves a long one, put together by the scheduler), then
//! `Finish`; a compressed input is read in one pass. Every message crosses
//! JSON, as `postMessage` carries it.

use ocilens::engine::report::Report;
use ocilens::engine::{NullSink, Options};
use ocilens::protocol::{FromWorker, Handler, ToWorker};
use ocilens::view_model::schedule::{Command, Scheduler};
use std::io::Cursor;

/// A message through JSON, as `postMessage` carries it.
fn posted(m: &FromWorker) -> FromWorker {
    FromWorker::from_json(&m.to_json()).expect("round trip")
}

/// The report as the page gets it: the worker's [`Handler`] over the
/// bytes, `Open`, every job in the order the page's scheduler sends them
/// (with every blob halved that can be), then `Finish`, each reply through
/// JSON.
pub fn page_path(bytes: &[u8], o: &Options) -> Report {
    let mut worker = Handler::new(o.clone());
    let mut send = |msg: ToWorker| {
        let msg: ToWorker = serde_json::from_str(&msg.to_json()).expect("round trip");
        posted(&worker.handle(msg, Some(Cursor::new(bytes)), &mut NullSink))
    };
    let reply = send(ToWorker::Open {
        name: o.name.clone(),
    });
    let structure = match reply {
        FromWorker::Report { report } => return *report,
        FromWorker::Structure { structure, .. } => structure,
        other => panic!("open: {other:?}"),
    };
    // two workers, both played by this handler (the order must not matter)
    let mut scheduler = Scheduler::halving_all(structure.jobs.clone(), 2);
    let mut commands: std::collections::VecDeque<Command> = scheduler.dispatch().into();
    while let Some(command) = commands.pop_front() {
        match command {
            Command::Verify { worker, job } => match send(ToWorker::Verify { job }) {
                FromWorker::BlobDone { result } => commands.extend(scheduler.done(worker, *result)),
                other => panic!("verify: {other:?}"),
            },
            Command::Finish { results, failed } => {
                return match send(ToWorker::Finish { results, failed }) {
                    FromWorker::Report { report } => *report,
                    other => panic!("finish: {other:?}"),
                };
            }
        }
    }
    panic!("the scheduler never sent Finish")
}

/// Writes `report` as `<dir>/<name>.<mode>.json` when `OCILENS_REPORT_DIR` is set.
pub fn record(name: &str, mode: &str, report: &Report) {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(dir) = std::env::var_os("OCILENS_REPORT_DIR") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("snapshot folder");
        let safe = safe_name(name);
        let mut json = serde_json::to_string_pretty(report).expect("serialises");
        json.push('\n');
        std::fs::write(dir.join(format!("{safe}.{mode}.json")), json).expect("snapshot written");
    }
    #[cfg(target_arch = "wasm32")]
    let _ = (name, mode, report);
}

/// A case name as a file name: letters, digits, `-` and `.` kept, the rest
/// `_` (the snapshots, and the case files of `examples/write_cases.rs`).
pub fn safe_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
