//! Replays the fuzz inputs through the fuzz targets' own entry points
//! (fuzz/src, included here by path): every minimised crash, hang or OOM found
//! by `scripts/fuzz` (fuzz/regressions/<target>/, one file per input) and the
//! committed seed corpora (fuzz/corpus/<target>/). A target fails by
//! panicking, as under AFL++; each input must also finish in 10 s (the
//! campaign's hang limit) and grow the live heap by at most 256 MiB (a
//! counting allocator: any one allocation over the campaign's 256 MiB OOM
//! limit fails here too). docs/fuzzing.md.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    dead_code,
    reason = "an integration test fails loudly on purpose; the target table carries fields only the fuzz binaries read"
)]

#[path = "../fuzz/src/docs.rs"]
mod docs;
#[path = "../fuzz/src/image.rs"]
mod image;
#[path = "../fuzz/src/pair.rs"]
mod pair;
#[path = "../fuzz/src/streams.rs"]
mod streams;
#[path = "../fuzz/src/table.rs"]
mod table;
#[path = "../fuzz/src/text.rs"]
mod text;

use peak_alloc::PeakAlloc;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

/// The most the live heap may grow while one input runs: the campaign's
/// limit for one allocation (fuzz/src/alloc.rs `MAX_ONE`).
const MAX_GROWTH: usize = 256 << 20;

/// One input at a time: the heap is counted for the whole process.
static ONE: Mutex<()> = Mutex::new(());

/// Runs every file under `root/<target>/` through its target; returns the
/// count, and prints the largest heap growth.
fn replay(root: &str) -> usize {
    let mut n = 0;
    let mut largest = (0, String::new());
    let Ok(dirs) = std::fs::read_dir(root) else {
        return 0;
    };
    for dir in dirs.map(|d| d.unwrap().path()).filter(|p| p.is_dir()) {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let target =
            table::target(&name).unwrap_or_else(|| panic!("{root}/{name}: no such target"));
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|f| f.unwrap().path())
            .collect();
        files.sort();
        for file in files.iter().filter(|f| f.is_file()) {
            let data = std::fs::read(file).unwrap();
            let guard = ONE.lock().unwrap_or_else(|e| e.into_inner());
            let before = ALLOC.current_usage();
            ALLOC.reset_peak_usage();
            let t = Instant::now();
            (target.run)(&data);
            let took = t.elapsed();
            let growth = ALLOC.peak_usage().saturating_sub(before);
            drop(guard);
            assert!(took < Duration::from_secs(10), "{}: {took:?}", show(file));
            assert!(
                growth <= MAX_GROWTH,
                "{}: the heap grew by {growth} bytes",
                show(file)
            );
            if growth > largest.0 {
                largest = (growth, show(file));
            }
            n += 1;
        }
    }
    println!(
        "{root}: largest heap growth {:.1} MiB ({})",
        largest.0 as f64 / f64::from(1 << 20),
        largest.1
    );
    n
}

fn show(p: &Path) -> String {
    p.display().to_string()
}

#[test]
fn regressions_replay() {
    let n = replay("fuzz/regressions");
    println!("{n} regression inputs replayed");
}

#[test]
fn committed_corpora_replay() {
    let n = replay("fuzz/corpus");
    assert!(n >= 30, "only {n} committed seeds");
    println!("{n} committed seeds replayed");
}
