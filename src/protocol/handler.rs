//! What a worker does with each message, without the browser: the
//! dispatch (a report JSON is opened as is; a compressed archive is read in
//! one pass; a tar gets the index pass, and this worker keeps the index for
//! `Finish`), blob verification and finish. `web/worker.rs` only reads the
//! `File` and posts what [`Handler::handle`] returns; `tests/worker_handler.rs`
//! drives it over the fixtures.

use super::{CompareChoices, FailedBlob, FromWorker, ToWorker, MAX_REPORT_JSON};
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::plan::BlobJob;
use crate::engine::report::{Report, SCHEMA};
use crate::engine::{self, diff, Index, NullSink, Options, Pass, Sink};
use std::io::{BufReader, Read, Seek, SeekFrom};

/// Bytes read ahead of the engine.
const BUFFER: usize = 1 << 20;

/// One worker's state: how to read, and the index of the archive it
/// opened, kept until `Finish`.
#[derive(Debug)]
pub struct Handler {
    options: Options,
    index: Option<Index>,
    /// The two reports of the last `Compare`, for `Recompare` and `PathLayers`.
    pair: Option<Pair>,
    /// Milliseconds since some start (`performance.now` in a worker), to time
    /// the comparison; none natively.
    clock: Option<fn() -> f64>,
}

/// The reports compared and the image of each compared last.
#[derive(Debug)]
struct Pair {
    a: Box<Report>,
    b: Box<Report>,
    images: (u32, u32),
    clock: Option<fn() -> f64>,
}

impl Pair {
    /// Compares and remembers which images were.
    fn compare(&mut self, o: &diff::CompareOptions) -> Result<FromWorker, String> {
        let start = self.clock.map(|c| c());
        let diff = diff::compare(&self.a, &self.b, o).map_err(text)?;
        let compare_ms = self.clock.zip(start).map(|(c, t)| c() - t);
        self.images = (diff.a.image, diff.b.image);
        Ok(FromWorker::Compared {
            diff: Box::new(diff),
            choices: CompareChoices {
                a: diff::select::choices(&self.a),
                b: diff::select::choices(&self.b),
            },
            compare_ms,
        })
    }

    fn path_layers(&self, path: String) -> FromWorker {
        let (ia, ib) = self.images;
        FromWorker::PathLayers {
            a: diff::history::layers_touching(&self.a, ia, &path),
            b: diff::history::layers_touching(&self.b, ib, &path),
            path,
        }
    }
}

impl Default for Handler {
    /// The page's worker: default limits, and the file tree always (the
    /// page shows it).
    fn default() -> Self {
        Handler::new(Options {
            tree: true,
            ..Options::default()
        })
    }
}

fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

impl Handler {
    /// A handler reading with `options` (the name comes with `Open`).
    pub fn new(options: Options) -> Self {
        Handler {
            options,
            index: None,
            pair: None,
            clock: None,
        }
    }

    /// This handler, timing its comparisons with `clock` (milliseconds).
    pub fn with_clock(mut self, clock: fn() -> f64) -> Self {
        self.clock = Some(clock);
        self
    }

    /// The caps this handler reads with.
    pub(super) fn limits(&self) -> &crate::engine::limits::Limits {
        &self.options.limits
    }

    /// The options with the input's `name`.
    fn options(&self, name: String) -> Options {
        Options {
            name,
            ..self.options.clone()
        }
    }

    /// Handles `msg`, reading `file` (the dropped file; `Open` and
    /// `Verify` need it) and sending progress to `sink`; returns the
    /// message to post when done. A failure is a [`FromWorker::Failed`].
    pub fn handle<F: Read + Seek>(
        &mut self,
        msg: ToWorker,
        file: Option<F>,
        sink: &mut dyn Sink,
    ) -> FromWorker {
        let outcome = match (msg, file) {
            (ToWorker::Open { name }, Some(f)) => self.open(f, name, sink),
            (ToWorker::Verify { job }, Some(f)) => verify(f, &job, &self.options, sink),
            (ToWorker::Finish { results, failed }, _) => self.finish(results, &failed),
            (ToWorker::Compare { name, a, host }, Some(f)) => self.compare(a, f, name, host, sink),
            (ToWorker::Recompare { a, b }, _) => self.recompare(a, b),
            (ToWorker::PathLayers { path }, _) => match &self.pair {
                Some(p) => Ok(p.path_layers(path)),
                None => Err("no comparison".into()),
            },
            (ToWorker::Open { .. } | ToWorker::Verify { .. } | ToWorker::Compare { .. }, None) => {
                Err("no file".into())
            }
            // it streams chunks beside its messages: `Handler::read` (protocol/read.rs)
            (ToWorker::ReadFile { .. }, _) => Err("ReadFile is answered by Handler::read".into()),
        };
        outcome.unwrap_or_else(|message| FromWorker::Failed { message })
    }

    /// Sniffs the file and reads it: a report JSON, the one pass, or the
    /// index pass (whose index is kept for `Finish`).
    fn open<F: Read + Seek>(
        &mut self,
        mut file: F,
        name: String,
        sink: &mut dyn Sink,
    ) -> Result<FromWorker, String> {
        let head = sniff(&mut file)?;
        if is_json(&head) {
            return open_report(file).map(|report| FromWorker::Report {
                report: Box::new(report),
            });
        }
        let o = self.options(name);
        let mut r = BufReader::with_capacity(BUFFER, file);
        if engine::pass_for(&head) == Pass::One {
            let report = engine::inspect_stream(r, &o, sink).map_err(text)?;
            return Ok(FromWorker::Report {
                report: Box::new(report),
            });
        }
        let index = engine::index(&mut r, &o, sink).map_err(text)?;
        let structure = FromWorker::Structure {
            structure: Box::new(index.structure.clone()),
            input: index.input.clone(),
        };
        self.index = Some(index);
        Ok(structure)
    }

    /// Inspects the second file in this worker (a report JSON as is, an
    /// archive in full, with the tree) and compares report `a` with it: the
    /// first images, or those of `host`'s platform in an index. Both
    /// reports are kept for [`ToWorker::Recompare`].
    fn compare<F: Read + Seek>(
        &mut self,
        a: Box<Report>,
        mut file: F,
        name: String,
        host: Option<String>,
        sink: &mut dyn Sink,
    ) -> Result<FromWorker, String> {
        self.pair = None;
        let head = sniff(&mut file)?;
        let b = if is_json(&head) {
            open_report(file)?
        } else {
            let r = BufReader::with_capacity(BUFFER, file);
            engine::inspect(r, &self.options(name), sink).map_err(text)?
        };
        let o = diff::CompareOptions {
            host,
            ..diff::CompareOptions::default()
        };
        let mut pair = Pair {
            a,
            b: Box::new(b),
            images: (0, 0),
            clock: self.clock,
        };
        let reply = pair.compare(&o);
        self.pair = Some(pair);
        reply
    }

    /// Compares image `a` of the kept first report with image `b` of the second.
    fn recompare(&mut self, a: u32, b: u32) -> Result<FromWorker, String> {
        let pair = self.pair.as_mut().ok_or("no comparison to change")?;
        let pick = |image| diff::Selection {
            image: Some(image),
            ..diff::Selection::default()
        };
        let o = diff::CompareOptions {
            a: pick(a),
            b: pick(b),
            host: None,
        };
        pair.compare(&o)
    }

    /// Cross-checks every blob result against the kept index: the report.
    fn finish(
        &mut self,
        results: Vec<engine::plan::BlobResult>,
        failed: &[FailedBlob],
    ) -> Result<FromWorker, String> {
        let index = self.index.take().ok_or("finish before the index pass")?;
        let map = results.into_iter().map(|r| (r.entry.clone(), r)).collect();
        let o = self.options(index.input.name.clone());
        let mut report = engine::finish(index, &map, &o, &mut NullSink);
        failed_blobs(&mut report, failed);
        Ok(FromWorker::Report {
            report: Box::new(report),
        })
    }
}

/// A `limits.worker-failed` finding for each blob whose worker died, placed
/// at the layer (or document) that blob is; the summary counts them.
fn failed_blobs(report: &mut Report, failed: &[FailedBlob]) {
    if failed.is_empty() {
        return;
    }
    for f in failed {
        let mut at = Location {
            entry: Some(f.entry.clone()),
            ..Location::default()
        };
        'images: for (i, img) in report.images.iter().enumerate() {
            for l in &img.layers {
                if l.entry.as_deref() == Some(f.entry.as_str()) {
                    at.image = u32::try_from(i).ok();
                    at.layer = Some(l.index);
                    at.blob = l.digest.clone();
                    break 'images;
                }
            }
        }
        let message = format!(
            "`{}`: the worker reading this blob stopped ({}); the blob is unverified",
            f.entry, f.message
        );
        report
            .findings
            .push(Finding::new(Code::LimitsWorkerFailed, at, message));
    }
    crate::engine::verify::finish::sort(&mut report.findings);
    report.summary = crate::engine::report::Summary::of(&report.findings);
}

/// The first 512 bytes of `file`, which is then rewound: what decides how
/// it is read.
fn sniff<F: Read + Seek>(file: &mut F) -> Result<Vec<u8>, String> {
    let mut head = Vec::with_capacity(512);
    file.take(512).read_to_end(&mut head).map_err(text)?;
    file.seek(SeekFrom::Start(0)).map_err(text)?;
    Ok(head)
}

/// A report JSON starts with `{` (after any white space); an archive never does.
fn is_json(head: &[u8]) -> bool {
    head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// A report JSON written by the CLI (or downloaded from the page).
fn open_report<F: Read + Seek>(mut file: F) -> Result<Report, String> {
    let len = file.seek(SeekFrom::End(0)).map_err(text)?;
    if len > MAX_REPORT_JSON {
        return Err(format!(
            "this JSON file is larger than {} MiB",
            MAX_REPORT_JSON >> 20
        ));
    }
    file.seek(SeekFrom::Start(0)).map_err(text)?;
    let mut json = String::new();
    BufReader::new(file)
        .read_to_string(&mut json)
        .map_err(text)?;
    let report: Report =
        serde_json::from_str(&json).map_err(|e| format!("not an ocilens report ({e})"))?;
    if report.schema != SCHEMA {
        return Err(format!("unknown report schema `{}`", report.schema));
    }
    Ok(report)
}

/// Streams one blob of the file (its bytes at `job.offset`).
fn verify<F: Read + Seek>(
    mut file: F,
    job: &BlobJob,
    o: &Options,
    sink: &mut dyn Sink,
) -> Result<FromWorker, String> {
    file.seek(SeekFrom::Start(job.offset)).map_err(text)?;
    let reader = BufReader::with_capacity(BUFFER, file.take(job.size));
    let result = engine::verify_blob(job, reader, &o.limits, sink).map_err(text)?;
    Ok(FromWorker::BlobDone {
        result: Box::new(result),
    })
}
