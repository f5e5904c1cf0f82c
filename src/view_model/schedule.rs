//! Hands blob jobs to a pool of workers, largest first, and says when to
//! finish. Pure: the page executes the commands it returns.

use crate::engine::plan::{BlobJob, BlobResult};
use crate::protocol::FailedBlob;
use std::collections::VecDeque;

/// Something the page must do with its workers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Send `job` to worker `worker`.
    Verify {
        /// Worker index.
        worker: usize,
        /// The job.
        job: BlobJob,
    },
    /// Send every result to the worker that holds the index (worker 0).
    Finish {
        /// All results.
        results: Vec<BlobResult>,
        /// The blobs whose worker died.
        failed: Vec<FailedBlob>,
    },
}

/// The job queue.
#[derive(Debug, Clone, Default)]
pub struct Scheduler {
    queue: VecDeque<BlobJob>,
    busy: Vec<Option<String>>,
    results: Vec<BlobResult>,
    failed: Vec<FailedBlob>,
    expected: usize,
    finished: bool,
    /// Worker 0 (which holds the index) died and is reading the index
    /// again: it gets no job, and `Finish` waits for it.
    reindexing: bool,
}

impl Scheduler {
    /// A queue of `jobs` over `workers` workers (at least one).
    pub fn new(mut jobs: Vec<BlobJob>, workers: usize) -> Self {
        jobs.sort_by(|a, b| b.size.cmp(&a.size).then(a.offset.cmp(&b.offset)));
        Scheduler {
            expected: jobs.len(),
            queue: jobs.into(),
            busy: vec![None; workers.max(1)],
            results: Vec::new(),
            failed: Vec::new(),
            finished: false,
            reindexing: false,
        }
    }

    /// Number of workers.
    pub fn workers(&self) -> usize {
        self.busy.len()
    }

    /// Jobs for every idle worker (or `Finish` when there is nothing to do).
    pub fn dispatch(&mut self) -> Vec<Command> {
        let mut out = Vec::new();
        for (w, slot) in self.busy.iter_mut().enumerate() {
            if slot.is_none() && !(w == 0 && self.reindexing) {
                if let Some(job) = self.queue.pop_front() {
                    *slot = Some(job.entry.clone());
                    out.push(Command::Verify { worker: w, job });
                }
            }
        }
        if !self.finished
            && !self.reindexing
            && self.completed() == self.expected
            && self.busy.iter().all(Option::is_none)
        {
            self.finished = true;
            out.push(Command::Finish {
                results: std::mem::take(&mut self.results),
                failed: std::mem::take(&mut self.failed),
            });
        }
        out
    }

    /// Worker `worker` finished a blob.
    pub fn done(&mut self, worker: usize, result: BlobResult) -> Vec<Command> {
        if let Some(slot) = self.busy.get_mut(worker) {
            *slot = None;
        }
        self.results.push(result);
        self.dispatch()
    }

    /// Worker `worker` died (a wasm trap) while it read the blob it was
    /// given, if any: that blob is recorded as failed, and the worker (to
    /// be replaced by a fresh one) is idle again. `Some(entry)` when it was
    /// busy. Worker 0 held the index: its replacement reads it again first
    /// ([`Scheduler::reindexed`]).
    pub fn crashed(&mut self, worker: usize, message: &str) -> Option<String> {
        let entry = self.busy.get_mut(worker)?.take()?;
        self.failed.push(FailedBlob {
            entry: entry.clone(),
            message: message.to_string(),
        });
        if worker == 0 {
            self.reindexing = true;
        }
        Some(entry)
    }

    /// Whether `Finish` was sent (a worker dying now cannot be replaced:
    /// worker 0 was building the report).
    pub fn finished(&self) -> bool {
        self.finished
    }

    /// Whether worker 0 is reading the index again.
    pub fn reindexing(&self) -> bool {
        self.reindexing
    }

    /// Worker 0 has the index again: it takes jobs, and `Finish` can go.
    pub fn reindexed(&mut self) -> Vec<Command> {
        self.reindexing = false;
        self.dispatch()
    }

    /// Blobs done (or failed) so far.
    pub fn completed(&self) -> usize {
        self.results.len() + self.failed.len()
    }

    /// Jobs in total.
    pub fn total(&self) -> usize {
        self.expected
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::codec::Content;

    fn job(entry: &str, size: u64) -> BlobJob {
        BlobJob {
            entry: entry.into(),
            offset: 0,
            size,
            sha512: false,
            decode: true,
        }
    }
    fn result(entry: &str) -> BlobResult {
        BlobResult {
            entry: entry.into(),
            size: 0,
            sha256: String::new(),
            sha512: None,
            head: String::new(),
            content: Content::Tar,
            layer: None,
        }
    }

    #[test]
    fn largest_first_then_finish_once() {
        let mut s = Scheduler::new(vec![job("small", 1), job("big", 100), job("mid", 10)], 2);
        let first = s.dispatch();
        assert_eq!(
            first,
            vec![
                Command::Verify {
                    worker: 0,
                    job: job("big", 100)
                },
                Command::Verify {
                    worker: 1,
                    job: job("mid", 10)
                }
            ]
        );
        assert_eq!(
            s.done(1, result("mid")),
            vec![Command::Verify {
                worker: 1,
                job: job("small", 1)
            }]
        );
        assert_eq!(s.done(1, result("small")), vec![]);
        let last = s.done(0, result("big"));
        assert!(
            matches!(last.as_slice(), [Command::Finish { results, failed }] if results.len() == 3 && failed.is_empty())
        );
        assert_eq!(s.dispatch(), vec![]);
    }

    #[test]
    fn no_jobs_finishes_at_once() {
        let mut s = Scheduler::new(vec![], 4);
        assert!(
            matches!(s.dispatch().as_slice(), [Command::Finish { results, .. }] if results.is_empty())
        );
    }

    #[test]
    fn a_crashed_worker_fails_its_blob_and_the_rest_finishes() {
        let mut s = Scheduler::new(vec![job("a", 3), job("b", 2), job("c", 1)], 2);
        assert_eq!(s.dispatch().len(), 2);
        // worker 1 dies on `b`: `c` goes to it (fresh) next
        assert_eq!(s.crashed(1, "unreachable"), Some("b".into()));
        assert_eq!(
            s.dispatch(),
            vec![Command::Verify {
                worker: 1,
                job: job("c", 1)
            }]
        );
        assert_eq!(s.done(1, result("c")), vec![]);
        let last = s.done(0, result("a"));
        assert!(
            matches!(last.as_slice(), [Command::Finish { results, failed }]
            if results.len() == 2 && failed == &vec![FailedBlob { entry: "b".into(), message: "unreachable".into() }])
        );
        // an idle worker's death fails nothing
        assert_eq!(s.crashed(1, "x"), None);
    }

    #[test]
    fn worker_zero_crashing_waits_for_the_index_before_finish() {
        let mut s = Scheduler::new(vec![job("a", 3), job("b", 2)], 2);
        s.dispatch();
        assert_eq!(s.crashed(0, "oom"), Some("a".into()));
        assert!(s.reindexing());
        assert_eq!(
            s.done(1, result("b")),
            vec![],
            "no Finish while worker 0 re-reads the index"
        );
        let fin = s.reindexed();
        assert!(
            matches!(fin.as_slice(), [Command::Finish { results, failed }] if results.len() == 1 && failed.len() == 1)
        );
    }
}
