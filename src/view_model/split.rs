//! Which blobs the page halves across two workers, so that none idles while
//! another has a long layer left (issue 13). A blob's work splits into the
//! digest of its stored bytes ([`Part::Stored`]) and the rest
//! ([`Part::Decoded`]: inflate, DiffID, the tar walk); each half reads the
//! blob's bytes from the `File` itself. Halving costs one more read of the
//! bytes, so a blob is halved only when that shortens the whole: the queue
//! is planned as the scheduler runs it (longest job first, to the first
//! idle worker) and the longest blob is halved while the plan's end comes
//! sooner.
//!
//! Costs are in stored bytes, from the page's profile of a big gzip layer
//! (issue 13: 43 % inflate, 41 % the two SHA-256 passes, 16 % reading the
//! `File`): the stored half is the read and the first hash, about 26 % of
//! the whole; the decoded half is the read, inflate and the second hash,
//! about 90 %.

use crate::engine::plan::{BlobJob, Part};

/// Blobs shorter than this are never halved (a second read's fixed costs).
pub const SPLIT_MIN: u64 = 16 << 20;

/// The stored half's cost, in hundredths of the whole's.
const STORED: u64 = 26;
/// The decoded half's cost, in hundredths of the whole's.
const DECODED: u64 = 90;

/// The estimated cost of a job, in hundredths of a stored byte.
pub fn cost(job: &BlobJob) -> u64 {
    let share = match job.part {
        Part::Whole => 100,
        Part::Stored => STORED,
        Part::Decoded => DECODED,
    };
    job.size.saturating_mul(share)
}

/// The time the last of `workers` workers ends, when `jobs` are taken in
/// order by the first idle one.
fn makespan(jobs: &[BlobJob], workers: usize) -> u64 {
    let mut ends = vec![0u64; workers.max(1)];
    for j in jobs {
        if let Some(first) = ends.iter_mut().min() {
            *first = first.saturating_add(cost(j));
        }
    }
    ends.into_iter().max().unwrap_or(0)
}

/// Longest first; ties by offset, so the order is stable.
fn order(jobs: &mut [BlobJob]) {
    jobs.sort_by(|a, b| cost(b).cmp(&cost(a)).then(a.offset.cmp(&b.offset)));
}

/// The halves of `job`.
pub fn halves(job: &BlobJob) -> [BlobJob; 2] {
    let with = |part| BlobJob {
        part,
        ..job.clone()
    };
    [with(Part::Decoded), with(Part::Stored)]
}

/// Whether `job` can be halved: a whole blob to decode, at least `min` long.
fn can_halve(job: &BlobJob, min: u64) -> bool {
    job.part == Part::Whole && job.decode && job.size >= min
}

/// The queue for `workers` workers, longest first, with the blobs halved
/// that make it end sooner.
pub fn plan(mut jobs: Vec<BlobJob>, workers: usize) -> Vec<BlobJob> {
    order(&mut jobs);
    if workers < 2 {
        return jobs;
    }
    let mut best = makespan(&jobs, workers);
    loop {
        let Some(at) = jobs.iter().position(|j| can_halve(j, SPLIT_MIN)) else {
            return jobs;
        };
        let mut tried = jobs.clone();
        let job = tried.remove(at);
        tried.extend(halves(&job));
        order(&mut tried);
        let span = makespan(&tried, workers);
        if span >= best {
            return jobs;
        }
        best = span;
        jobs = tried;
    }
}

/// Every blob that can be halved, halved (the test harness checks that the
/// halves always give the whole's result).
pub fn halve_all(jobs: Vec<BlobJob>) -> Vec<BlobJob> {
    let mut out: Vec<BlobJob> = jobs
        .into_iter()
        .flat_map(|j| match can_halve(&j, 0) {
            true => halves(&j).to_vec(),
            false => vec![j],
        })
        .collect();
    order(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: u64 = 1 << 20;

    fn job(entry: &str, size: u64) -> BlobJob {
        BlobJob {
            entry: entry.into(),
            offset: size,
            size,
            sha512: false,
            decode: true,
            part: Part::Whole,
        }
    }

    fn parts(jobs: &[BlobJob]) -> Vec<(String, Part)> {
        jobs.iter().map(|j| (j.entry.clone(), j.part)).collect()
    }

    #[test]
    fn one_long_layer_is_halved() {
        let planned = plan(vec![job("big", 600 * MB), job("small", 20 * MB)], 2);
        assert_eq!(
            parts(&planned),
            vec![
                ("big".into(), Part::Decoded),
                ("big".into(), Part::Stored),
                ("small".into(), Part::Whole)
            ]
        );
        assert!(makespan(&planned, 2) < 600 * MB * 100);
    }

    #[test]
    fn balanced_layers_are_left_whole() {
        // longest first already ends when the work is shared evenly
        let jobs = vec![job("a", 300 * MB), job("b", 200 * MB), job("c", 100 * MB)];
        let planned = plan(jobs.clone(), 2);
        assert!(planned.iter().all(|j| j.part == Part::Whole), "{planned:?}");
        let planned = plan(vec![job("a", 300 * MB), job("b", 290 * MB)], 2);
        assert!(planned.iter().all(|j| j.part == Part::Whole), "{planned:?}");
    }

    #[test]
    fn one_worker_or_short_blobs_are_never_halved() {
        assert!(plan(vec![job("big", 600 * MB)], 1)
            .iter()
            .all(|j| j.part == Part::Whole));
        let short = plan(vec![job("a", SPLIT_MIN - 1)], 2);
        assert_eq!(parts(&short), vec![("a".into(), Part::Whole)]);
        let mut doc = job("config", 600 * MB);
        doc.decode = false;
        assert_eq!(plan(vec![doc.clone()], 2), vec![doc]);
    }

    #[test]
    fn the_plan_never_ends_later_than_the_whole_jobs() {
        let sizes = [900, 17, 450, 450, 30, 600, 5, 1200, 64, 64];
        for n in 1..sizes.len() {
            for workers in 2..4 {
                let jobs: Vec<_> = sizes
                    .iter()
                    .take(n)
                    .enumerate()
                    .map(|(i, s)| job(&format!("l{i}"), s * MB))
                    .collect();
                let mut whole = jobs.clone();
                order(&mut whole);
                let planned = plan(jobs, workers);
                assert!(makespan(&planned, workers) <= makespan(&whole, workers));
                // each blob is there whole, or as both of its halves
                for j in &whole {
                    let mine: Vec<_> = planned.iter().filter(|p| p.entry == j.entry).collect();
                    let ok = matches!(mine.as_slice(), [w] if w.part == Part::Whole)
                        || mine.len() == 2 && mine.iter().any(|p| p.part == Part::Stored);
                    assert!(ok, "{mine:?}");
                }
            }
        }
    }
}
