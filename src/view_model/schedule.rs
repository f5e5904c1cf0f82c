//! Hands blob jobs to a pool of workers, longest first, with the long blobs
//! halved across two workers ([`super::split`]), puts the halves' results
//! together, and says when to finish. Pure: the page executes the commands
//! it returns.

use super::split;
use crate::engine::plan::{BlobJob, BlobResult, Part};
use crate::protocol::FailedBlob;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

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
    busy: Vec<Option<(String, Part)>>,
    /// The first half to come back of a halved blob, until the other does.
    halves: BTreeMap<String, BlobResult>,
    /// Blobs that failed: a half of one still to come is dropped.
    failed_entries: BTreeSet<String>,
    results: Vec<BlobResult>,
    failed: Vec<FailedBlob>,
    expected: usize,
    finished: bool,
    /// Worker 0 (which holds the index) died and is reading the index
    /// again: it gets no job, and `Finish` waits for it.
    reindexing: bool,
}

impl Scheduler {
    /// A queue of `jobs` over `workers` workers (at least one), the long
    /// blobs halved where that ends sooner.
    pub fn new(jobs: Vec<BlobJob>, workers: usize) -> Self {
        let expected = jobs.len();
        Self::queued(split::plan(jobs, workers), expected, workers)
    }

    /// As [`Scheduler::new`], with every blob that can be halved halved
    /// (the test harness checks that halves give the whole's result).
    pub fn halving_all(jobs: Vec<BlobJob>, workers: usize) -> Self {
        let expected = jobs.len();
        Self::queued(split::halve_all(jobs), expected, workers)
    }

    fn queued(queue: Vec<BlobJob>, expected: usize, workers: usize) -> Self {
        Scheduler {
            expected,
            queue: queue.into(),
            busy: vec![None; workers.max(1)],
            halves: BTreeMap::new(),
            failed_entries: BTreeSet::new(),
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
                    *slot = Some((job.entry.clone(), job.part));
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

    /// Worker `worker` finished a blob, or its half of one.
    pub fn done(&mut self, worker: usize, result: BlobResult) -> Vec<Command> {
        self.done_with(worker, result, |_| {})
    }

    /// [`Scheduler::done`], calling `whole` with the blob's result when it
    /// is complete (at once for a whole job, at the second half for a
    /// halved one).
    pub fn done_with(
        &mut self,
        worker: usize,
        result: BlobResult,
        whole: impl FnOnce(&BlobResult),
    ) -> Vec<Command> {
        let part = self
            .busy
            .get_mut(worker)
            .and_then(Option::take)
            .map_or(Part::Whole, |(_, p)| p);
        if self.record(part, result) {
            if let Some(r) = self.results.last() {
                whole(r);
            }
        }
        self.dispatch()
    }

    /// Whether the blob is complete now.
    fn record(&mut self, part: Part, result: BlobResult) -> bool {
        if part == Part::Whole {
            self.results.push(result);
            return true;
        }
        if self.failed_entries.contains(&result.entry) {
            return false;
        }
        let Some(other) = self.halves.remove(&result.entry) else {
            self.halves.insert(result.entry.clone(), result);
            return false;
        };
        let entry = result.entry.clone();
        let merged = match part {
            Part::Stored => BlobResult::merge(result, other),
            _ => BlobResult::merge(other, result),
        };
        match merged {
            Some(whole) => {
                self.results.push(whole);
                true
            }
            None => {
                self.fail(entry, "the two halves of this blob read different bytes");
                false
            }
        }
    }

    fn fail(&mut self, entry: String, message: &str) {
        // its other half: not started, or its result, is dropped
        self.queue.retain(|j| j.entry != entry);
        self.halves.remove(&entry);
        if self.failed_entries.insert(entry.clone()) {
            self.failed.push(FailedBlob {
                entry,
                message: message.to_string(),
            });
        }
    }

    /// Worker `worker` died (a wasm trap) while it read the blob it was
    /// given, if any: that blob is recorded as failed (both halves, when it
    /// was halved), and the worker (to be replaced by a fresh one) is idle
    /// again. `Some(entry)` when it was busy. Worker 0 held the index: its
    /// replacement reads it again first ([`Scheduler::reindexed`]).
    pub fn crashed(&mut self, worker: usize, message: &str) -> Option<String> {
        let (entry, _) = self.busy.get_mut(worker)?.take()?;
        self.fail(entry.clone(), message);
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
    use crate::engine::plan::Part;

    fn job(entry: &str, size: u64) -> BlobJob {
        BlobJob {
            entry: entry.into(),
            offset: 0,
            size,
            sha512: false,
            decode: true,
            part: Part::Whole,
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
    fn half(entry: &str, part: Part) -> BlobResult {
        use crate::engine::plan::LayerContent;
        let mut r = result(entry);
        r.content = Content::Gzip;
        match part {
            Part::Stored => r.sha256 = "sha256:stored".into(),
            _ => {
                r.layer = Some(LayerContent {
                    diff_id: Some("sha256:decoded".into()),
                    ..LayerContent::default()
                })
            }
        }
        r
    }

    #[test]
    fn a_long_blob_goes_to_both_workers_and_comes_back_whole() {
        let mut s = Scheduler::new(vec![job("big", 600 << 20), job("small", 20 << 20)], 2);
        let first = s.dispatch();
        let parts: Vec<_> = first
            .iter()
            .map(|c| match c {
                Command::Verify { worker, job } => (*worker, job.entry.clone(), job.part),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            parts,
            vec![
                (0, "big".into(), Part::Decoded),
                (1, "big".into(), Part::Stored)
            ]
        );
        let mut seen = Vec::new();
        // the stored half ends first: nothing is complete yet
        let next = s.done_with(1, half("big", Part::Stored), |r| seen.push(r.clone()));
        assert!(seen.is_empty());
        assert!(
            matches!(next.as_slice(), [Command::Verify { worker: 1, job }] if job.entry == "small")
        );
        assert_eq!(s.completed(), 0);
        s.done(1, result("small"));
        let last = s.done_with(0, half("big", Part::Decoded), |r| seen.push(r.clone()));
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].sha256, "sha256:stored");
        assert_eq!(
            seen[0].layer.as_ref().and_then(|l| l.diff_id.as_deref()),
            Some("sha256:decoded")
        );
        assert!(
            matches!(last.as_slice(), [Command::Finish { results, failed }] if results.len() == 2 && failed.is_empty())
        );
    }

    #[test]
    fn a_worker_dying_on_a_half_fails_the_blob_once() {
        let mut s = Scheduler::halving_all(vec![job("a", 10), job("b", 5)], 2);
        let mut cmds: VecDeque<Command> = s.dispatch().into();
        assert_eq!(cmds.len(), 2);
        // worker 1 dies on its half of one blob; the other half still runs
        let dead = s.crashed(1, "oom").expect("worker 1 was busy");
        cmds.retain(|c| !matches!(c, Command::Verify { worker: 1, .. }));
        cmds.extend(s.dispatch());
        let mut finish = None;
        while let Some(c) = cmds.pop_front() {
            match c {
                Command::Verify { worker, job } => {
                    cmds.extend(s.done(worker, half(&job.entry, job.part)))
                }
                Command::Finish { results, failed } => finish = Some((results, failed)),
            }
        }
        let (results, failed) = finish.expect("Finish was sent");
        let alive = if dead == "a" { "b" } else { "a" };
        assert_eq!(results.len(), 1);
        assert_eq!(results[0].entry, alive);
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].entry, dead);
    }
}
