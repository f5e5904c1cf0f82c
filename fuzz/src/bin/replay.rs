//! Replays files through a target with a plain build: `replay TARGET PATH...`
//! (each PATH a file or a folder of files). Prints one line per target:
//! inputs, panics, the slowest input and the peak live heap; exits 1 if an
//! input panicked or took longer than 10 s. The allocator aborts the process
//! on an out-of-memory input (see `alloc`): with `OCILENS_FUZZ_VERBOSE=1`
//! each input's path is printed before it runs, so the last one named is it.

use ocilens_fuzz::alloc;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOC: alloc::Capped = alloc::Capped;

const HANG: Duration = Duration::from_secs(10);

fn files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(dir) = std::fs::read_dir(path) else {
            return;
        };
        let mut found: Vec<PathBuf> = dir.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        found.sort();
        for p in found {
            files(&p, out);
        }
    } else if path.is_file() {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_default();
    let Some(target) = ocilens_fuzz::target(&name) else {
        let names: Vec<&str> = ocilens_fuzz::TARGETS.iter().map(|t| t.name).collect();
        eprintln!(
            "usage: replay TARGET PATH..., TARGET one of: {}",
            names.join(" ")
        );
        std::process::exit(2);
    };
    let mut inputs = Vec::new();
    for p in args {
        files(Path::new(&p), &mut inputs);
    }
    let verbose = std::env::var_os("OCILENS_FUZZ_VERBOSE").is_some();
    let mut failed = Vec::new();
    let mut slowest = (Duration::ZERO, PathBuf::new());
    let mut peak = 0usize;
    let started = Instant::now();
    for path in &inputs {
        let Ok(data) = std::fs::read(path) else {
            eprintln!("replay: cannot read {}", path.display());
            failed.push(path.clone());
            continue;
        };
        if verbose {
            eprintln!("replay: {}", path.display());
        }
        alloc::reset_peak();
        let t = Instant::now();
        let result = std::panic::catch_unwind(|| (target.run)(&data));
        let took = t.elapsed();
        peak = peak.max(alloc::peak());
        if took > slowest.0 {
            slowest = (took, path.clone());
        }
        if result.is_err() {
            eprintln!("replay: {name}: PANIC on {}", path.display());
            failed.push(path.clone());
        } else if took > HANG {
            eprintln!(
                "replay: {name}: HANG ({took:?} > 10 s) on {}",
                path.display()
            );
            failed.push(path.clone());
        }
    }
    println!(
        "{name:<15} {:>5} inputs  {:>3} failed  {:>7.2} s  slowest {:>8.1} ms ({})  peak heap {:>6.1} MiB",
        inputs.len(),
        failed.len(),
        started.elapsed().as_secs_f64(),
        slowest.0.as_secs_f64() * 1e3,
        slowest.1.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(),
        peak as f64 / f64::from(1u32 << 20),
    );
    if !failed.is_empty() {
        std::process::exit(1);
    }
}
