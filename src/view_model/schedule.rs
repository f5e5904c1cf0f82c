//! Hands blob jobs to a pool of workers, largest first, and says when to
//! finish. Pure: the page executes the commands it returns.

use crate::engine::plan::{BlobJob, BlobResult};
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
    },
}

/// The job queue.
#[derive(Debug, Clone, Default)]
pub struct Scheduler {
    queue: VecDeque<BlobJob>,
    busy: Vec<Option<String>>,
    results: Vec<BlobResult>,
    expected: usize,
    finished: bool,
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
            finished: false,
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
            if slot.is_none() {
                if let Some(job) = self.queue.pop_front() {
                    *slot = Some(job.entry.clone());
                    out.push(Command::Verify { worker: w, job });
                }
            }
        }
        if !self.finished
            && self.results.len() == self.expected
            && self.busy.iter().all(Option::is_none)
        {
            self.finished = true;
            out.push(Command::Finish {
                results: std::mem::take(&mut self.results),
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

    /// Blobs done so far.
    pub fn completed(&self) -> usize {
        self.results.len()
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
        assert!(matches!(last.as_slice(), [Command::Finish { results }] if results.len() == 3));
        assert_eq!(s.dispatch(), vec![]);
    }

    #[test]
    fn no_jobs_finishes_at_once() {
        let mut s = Scheduler::new(vec![], 4);
        assert!(
            matches!(s.dispatch().as_slice(), [Command::Finish { results }] if results.is_empty())
        );
    }
}
