//! Replays the fuzz inputs through the fuzz targets' own entry points
//! (fuzz/src, included here by path): every minimised crash, hang or OOM found
//! by `scripts/fuzz` (fuzz/regressions/<target>/, one file per input) and the
//! committed seed corpora (fuzz/corpus/<target>/). A target fails by
//! panicking, as under AFL++; each input must also finish in 10 s (the
//! campaign's hang limit). docs/fuzzing.md.

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

use std::path::Path;
use std::time::{Duration, Instant};

/// Runs every file under `root/<target>/` through its target; returns the count.
fn replay(root: &str) -> usize {
    let mut n = 0;
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
            let t = Instant::now();
            (target.run)(&data);
            let took = t.elapsed();
            assert!(took < Duration::from_secs(10), "{}: {took:?}", show(file));
            n += 1;
        }
    }
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
