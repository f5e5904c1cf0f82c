//! The bad-input corpus's budget (issue 14): every crafted case (and every
//! share-link case) runs in at most 2 s and 64 MiB of memory growth, per
//! pipeline, with no panic. A counting global allocator (`peak_alloc`)
//! measures the peak of live heap bytes above what was live before the run
//! (the input itself is built first and not counted). Native only; one
//! `#[test]`, so no other test allocates meanwhile.
//!
//! `cargo test --test corpus_budget -- --nocapture` prints the largest
//! figures and the cases they belong to.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]

/// Only the inputs of the crafted cases are needed here, not their tests.
macro_rules! case_tests {
    ($($t:tt)*) => {};
}

#[allow(
    dead_code,
    reason = "the harness serves the cases' own tests, which this crate drops"
)]
mod cases;
mod support;

use ocilens::engine::{inspect, inspect_stream, NullSink};
use peak_alloc::PeakAlloc;
use std::io::Cursor;
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

const MAX_TIME: Duration = Duration::from_secs(2);
const MAX_GROWTH: usize = 64 << 20;

/// One measured run: its time and its peak heap growth.
struct Run {
    case: String,
    time: Duration,
    growth: usize,
}

/// Runs `f`, measuring its time and the peak of live heap bytes above the start.
fn measure(case: String, f: impl FnOnce()) -> Run {
    let before = ALLOC.current_usage();
    ALLOC.reset_peak_usage();
    let start = Instant::now();
    f();
    let time = start.elapsed();
    let growth = ALLOC.peak_usage().saturating_sub(before);
    Run { case, time, growth }
}

#[test]
fn every_case_within_2_s_and_64_mib() {
    let mut runs = Vec::new();
    let mut builds = Vec::new();
    for case in cases::all() {
        let start = Instant::now();
        let bytes = (case.build)();
        builds.push((start.elapsed(), case.name));
        let o = cases::harness::options(case.options);
        runs.push(measure(format!("{} (seekable)", case.name), || {
            inspect(Cursor::new(&bytes), &o, &mut NullSink).unwrap();
        }));
        runs.push(measure(format!("{} (one-pass)", case.name), || {
            inspect_stream(Cursor::new(&bytes), &o, &mut NullSink).unwrap();
        }));
    }
    for case in cases::share_links::CASES {
        let (fragment, _) = (case.make)();
        runs.push(measure(format!("{} (decode)", case.name), || {
            let _ = ocilens::engine::share::decode(&fragment);
        }));
    }
    let slowest = runs.iter().max_by_key(|r| r.time).unwrap();
    let largest = runs.iter().max_by_key(|r| r.growth).unwrap();
    let build = builds.iter().max().unwrap();
    println!(
        "{} runs; slowest {:?} ({}); largest growth {:.1} MiB ({}); slowest build {:?} ({})",
        runs.len(),
        slowest.time,
        slowest.case,
        largest.growth as f64 / (1 << 20) as f64,
        largest.case,
        build.0,
        build.1
    );
    let mut top: Vec<&Run> = runs.iter().collect();
    top.sort_by_key(|r| std::cmp::Reverse(r.time));
    for r in top.iter().take(8) {
        println!(
            "  {:>8.3} s  {:>7.1} MiB  {}",
            r.time.as_secs_f64(),
            r.growth as f64 / (1 << 20) as f64,
            r.case
        );
    }
    top.sort_by_key(|r| std::cmp::Reverse(r.growth));
    for r in top.iter().take(8) {
        println!(
            "  {:>8.3} s  {:>7.1} MiB  {}",
            r.time.as_secs_f64(),
            r.growth as f64 / (1 << 20) as f64,
            r.case
        );
    }
    let over: Vec<String> = runs
        .iter()
        .filter(|r| r.time > MAX_TIME || r.growth > MAX_GROWTH)
        .map(|r| format!("{}: {:?}, {} bytes", r.case, r.time, r.growth))
        .collect();
    assert!(over.is_empty(), "over 2 s or 64 MiB: {over:#?}");
}
