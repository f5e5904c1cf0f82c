//! What the file tree costs in memory, per entry, and how the time grows with
//! the entry count (reliability plan §7 row N, issue 13's "≤ 300 B per
//! entry, content hashes included"):
//! `cargo run --release --example tree_cost IMAGE.tar...` (images from
//! `gen_image OUT 16 N`; `scripts/bench-scale` makes them and runs this).
//!
//! Per image, with a counting global allocator: the wall time of `inspect`
//! with the tree (read from the file, release build, all cores), the peak heap
//! growth while it runs, and the heap the finished report's tree holds (its
//! per-layer lists and its merged file system, dropped and counted back),
//! divided by the image's file-system entries (the merged tree's entries).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a developer tool over trusted, generated input; it fails loudly"
)]

// a counting allocator is a native dev-dependency; the wasm32 build has nothing to run
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main();
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use ocilens::engine::{inspect_parallel, NullSink, Options};
    use peak_alloc::PeakAlloc;
    use std::fs::File;
    use std::time::Instant;

    #[global_allocator]
    static ALLOC: PeakAlloc = PeakAlloc;

    const MIB: f64 = 1048576.0;

    pub fn main() {
        let paths: Vec<String> = std::env::args().skip(1).collect();
        assert!(!paths.is_empty(), "usage: tree_cost IMAGE.tar...");
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        println!(
            "image\tentries\tlayer_entries\ttime_s\tpeak_growth_mib\ttree_mib\ttree_b_per_entry"
        );
        for path in paths {
            let o = Options {
                tree: true,
                name: path.clone(),
                ..Options::default()
            };
            let before = ALLOC.current_usage();
            ALLOC.reset_peak_usage();
            let t = Instant::now();
            let mut report = inspect_parallel(|| File::open(&path), &o, threads, &mut NullSink)
                .expect("inspect");
            let secs = t.elapsed().as_secs_f64();
            let peak = ALLOC.peak_usage().saturating_sub(before);
            let tree = report.tree.take().expect("a tree");
            let entries: usize = tree.merged.iter().map(|m| m.entries.len()).sum();
            let layer_entries: usize = tree.layers.iter().map(|l| l.entries.len()).sum();
            let with_tree = ALLOC.current_usage();
            drop(tree);
            let tree_bytes = with_tree.saturating_sub(ALLOC.current_usage());
            println!(
                "{path}\t{entries}\t{layer_entries}\t{secs:.2}\t{:.1}\t{:.1}\t{:.0}",
                peak as f64 / MIB,
                tree_bytes as f64 / MIB,
                tree_bytes as f64 / entries.max(1) as f64
            );
        }
    }
}
