//! [`super::inspect`] on several threads: the index pass, then the blob
//! jobs shared by `threads` threads (largest first, so no thread idles
//! while another has a long blob left), each reading through its own handle
//! of the same file, then finish. The CLI's way of using every core; the
//! page does the same with Web Workers. Progress from the threads reaches
//! the caller's sink on the calling thread.
//!
//! A compressed input cannot be seeked into: it is read in one pass
//! ([`super::inspect_stream`]) on the calling thread.

use super::{finish, index, inspect_stream, pass_for, Options, Pass};
use crate::engine::error::Error;
use crate::engine::io::read_up_to;
use crate::engine::plan::{BlobJob, BlobResult};
use crate::engine::report::Report;
use crate::engine::sink::{Event, Sink};
use crate::engine::verify::blob::{verify_blob_with, Walk};
use std::collections::HashMap;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::sync::mpsc;
use std::sync::Mutex;

/// What a thread tells the calling thread.
enum Note {
    Progress { blob: String, done: u64, total: u64 },
    Done(Box<Result<BlobResult, Error>>),
}

/// Forwards a thread's progress to the calling thread.
struct ToCaller<'c> {
    tx: &'c mpsc::Sender<Note>,
}

impl Sink for ToCaller<'_> {
    fn event(&mut self, e: Event<'_>) {
        if let Event::Progress { blob, done, total } = e {
            let _ = self.tx.send(Note::Progress {
                blob: blob.to_string(),
                done,
                total,
            });
        }
    }
}

/// Verifies jobs from `queue` (largest last) until it is empty.
fn work<F: Read + Seek>(
    mut file: F,
    queue: &Mutex<Vec<BlobJob>>,
    o: &Options,
    walk: Walk,
    tx: &mpsc::Sender<Note>,
) {
    let mut sink = ToCaller { tx };
    loop {
        let job = match queue.lock() {
            Ok(mut q) => q.pop(),
            Err(_) => None,
        };
        let Some(job) = job else { return };
        let result = file
            .seek(SeekFrom::Start(job.offset))
            .map_err(|e| Error::io(o.name.clone(), e))
            .and_then(|_| {
                let reader = BufReader::with_capacity(256 * 1024, (&mut file).take(job.size));
                verify_blob_with(&job, reader, &o.limits, &mut sink, walk)
            });
        if tx.send(Note::Done(Box::new(result))).is_err() {
            return;
        }
    }
}

/// [`super::inspect`] with the blobs verified on `threads` threads, each
/// reading through its own handle from `open`. The same report, blob for
/// blob; the first read error ends it, as in the sequential pass.
pub fn inspect_parallel<F, O>(
    open: O,
    o: &Options,
    threads: usize,
    sink: &mut dyn Sink,
) -> Result<Report, Error>
where
    F: Read + Seek + Send,
    O: Fn() -> io::Result<F> + Sync,
{
    let io = |e| Error::io(o.name.clone(), e);
    let mut r = BufReader::with_capacity(1 << 20, open().map_err(io)?);
    let head = read_up_to(&mut r, 512).map_err(io)?;
    r.seek(SeekFrom::Start(0)).map_err(io)?;
    if pass_for(&head) == Pass::One {
        return inspect_stream(r, o, sink);
    }
    let index = index(&mut r, o, sink)?;
    drop(r);
    let mut jobs = index.structure.jobs.clone();
    // popped from the end: the largest first
    jobs.sort_by_key(|j| (j.size, std::cmp::Reverse(j.offset)));
    let count = jobs.len();
    let queue = Mutex::new(jobs);
    // more than one core: each layer's decoded stream is walked on a thread
    // of its own, so a long layer keeps two cores busy (inflate | walk)
    let walk = match threads > 1 {
        true => Walk::Beside,
        false => Walk::Here,
    };
    let mut results = HashMap::new();
    let mut first_error = None;
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::channel();
        for _ in 0..threads.clamp(1, count.max(1)) {
            let tx = tx.clone();
            let (queue, open) = (&queue, &open);
            s.spawn(move || match open() {
                Ok(f) => work(f, queue, o, walk, &tx),
                Err(e) => {
                    let _ = tx.send(Note::Done(Box::new(Err(Error::io(o.name.clone(), e)))));
                }
            });
        }
        drop(tx);
        for note in rx {
            match note {
                Note::Progress { blob, done, total } => sink.event(Event::Progress {
                    blob: &blob,
                    done,
                    total,
                }),
                Note::Done(result) => match *result {
                    Ok(b) => {
                        sink.event(Event::BlobDone { blob: &b.entry });
                        results.insert(b.entry.clone(), b);
                    }
                    Err(e) => {
                        // stop handing out jobs; the running ones end on their own
                        if let Ok(mut q) = queue.lock() {
                            q.clear();
                        }
                        first_error.get_or_insert(e);
                    }
                },
            }
        }
    });
    if let Some(e) = first_error {
        return Err(e);
    }
    Ok(finish(index, &results, o, sink))
}
