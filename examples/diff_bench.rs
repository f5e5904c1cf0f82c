//! Times `ocilens diff` against inspecting its two inputs, and the file-tree
//! diff of two 200 000-entry trees (issue 10, "Performance"):
//!
//! ```text
//! cargo run --release --example gen_image /tmp/a.tar 1024
//! cargo run --release --example gen_image /tmp/b.tar 1024 200000
//! cargo run --release --example diff_bench /tmp/a.tar /tmp/b.tar
//! cargo run --release --example diff_bench            # the tree diff only
//! ```
//!
//! With two files it prints the time of each inspect without the tree (what
//! `ocilens inspect` does), with the tree (what the comparison needs), the
//! comparison itself over the two reports, and the ratio of a diff
//! (both inspects with the tree, one after the other, plus the comparison)
//! to the sum of the two plain inspects. Then, always, the comparison of two
//! synthetic 200 000-entry trees (files::compare, and the whole compare over
//! two reports holding them), each the best of 5 runs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a developer tool over trusted, generated input; it fails loudly"
)]

use ocilens::engine::diff::{self, files, CompareOptions};
use ocilens::engine::report::{Image, LayerInfo, Report, Tree, TreeLayer, TreeMerged};
use ocilens::engine::tree::entry::{Kind, LayerEntry};
use ocilens::engine::{inspect, NullSink, Options};
use std::io::BufReader;
use std::time::{Duration, Instant};

fn read(path: &str, tree: bool) -> (Report, Duration) {
    let t = Instant::now();
    let f = std::fs::File::open(path).unwrap();
    let o = Options {
        tree,
        name: path.into(),
        ..Options::default()
    };
    let r = inspect(BufReader::with_capacity(1 << 20, f), &o, &mut NullSink).unwrap();
    (r, t.elapsed())
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// A sorted tree of `n` entries; `edit` changes every 1000th file's bytes
/// and drops every 5000th (so the diff has work to do).
fn tree(n: u64, edit: bool) -> Vec<LayerEntry> {
    let mut v: Vec<LayerEntry> = (0..n)
        .filter(|i| !(edit && i % 5000 == 7))
        .map(|i| LayerEntry {
            path: format!("tree/d{:03}/e{:02}/file{i:07}.txt", i % 997, i % 89),
            kind: Kind::File,
            mode: 0o644,
            uid: 0,
            gid: 0,
            size: 8 + u64::from(edit && i % 1000 == 3),
            mtime: 1_700_000_000,
            link: None,
            change: None,
            layer: Some(0),
            hash: Some(((i + u64::from(edit && i % 1000 == 3)) as u128).to_be_bytes()),
        })
        .collect();
    v.sort_by(|a, b| a.path.cmp(&b.path));
    v
}

/// A report with one image of one layer holding `entries`.
fn report(entries: Vec<LayerEntry>) -> Report {
    let mut r = Report {
        schema: "ocilens.report/v1".into(),
        tool: ocilens::engine::report::Tool {
            name: "bench".into(),
            version: "0".into(),
        },
        input: Default::default(),
        references: vec![],
        index: None,
        images: vec![Image {
            layers: vec![LayerInfo {
                digest: Some(format!("sha256:{}", entries.len())),
                ..LayerInfo::default()
            }],
            ..Image::default()
        }],
        documents: vec![],
        tree: None,
        findings: vec![],
        compatibility: vec![],
        summary: Default::default(),
    };
    r.tree = Some(Tree {
        layers: vec![TreeLayer {
            image: 0,
            layer: 0,
            entries: entries.clone(),
        }],
        merged: vec![TreeMerged { image: 0, entries }],
    });
    r
}

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (T, Duration) {
    let mut out = None;
    let mut min = Duration::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        let x = f();
        min = min.min(t.elapsed());
        out = Some(x);
    }
    (out.unwrap(), min)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [a, b] = args.as_slice() {
        let (_, plain_a) = read(a, false);
        let (_, plain_b) = read(b, false);
        let (ra, tree_a) = read(a, true);
        let (rb, tree_b) = read(b, true);
        let (d, cmp) = best(1, || {
            diff::compare(&ra, &rb, &CompareOptions::default()).unwrap()
        });
        let total = tree_a + tree_b + cmp;
        println!(
            "inspect a: {:.3} s plain, {:.3} s with the tree",
            secs(plain_a),
            secs(tree_a)
        );
        println!(
            "inspect b: {:.3} s plain, {:.3} s with the tree",
            secs(plain_b),
            secs(tree_b)
        );
        println!(
            "compare (over the two reports): {:.3} s; {} added, {} removed, {} changed",
            secs(cmp),
            d.files.added.len(),
            d.files.removed.len(),
            d.files.changed.len()
        );
        println!(
            "diff = both inspects with the tree + compare: {:.3} s = {:.3} × the sum of the plain inspects ({:.3} s)",
            secs(total),
            secs(total) / secs(plain_a + plain_b),
            secs(plain_a + plain_b)
        );
    }
    let n = 200_000;
    let (ta, tb) = (tree(n, false), tree(n, true));
    let (c, t_files) = best(5, || files::compare(&ta, &tb));
    println!(
        "files::compare of two {n}-entry trees: {:.1} ms ({} added, {} removed, {} changed)",
        t_files.as_secs_f64() * 1e3,
        c.files.added.len(),
        c.files.removed.len(),
        c.files.changed.len()
    );
    let (ra, rb) = (report(ta), report(tb));
    let (_, t_all) = best(5, || {
        diff::compare(&ra, &rb, &CompareOptions::default()).unwrap()
    });
    println!(
        "diff::compare of two reports with {n}-entry trees (one layer each, paired by shared paths): {:.1} ms",
        t_all.as_secs_f64() * 1e3
    );
    parts(&ra, &rb);
}
/// The layer matcher and the per-pair classification of the comparison, timed apart.
fn parts(ra: &Report, rb: &Report) {
    use ocilens::engine::diff::{evidence::Evidence, layer_causes, layers};
    let (la, lb) = (layers::views(ra, 0), layers::views(rb, 0));
    let (p, t) = best(3, || layers::pair(&la, &lb));
    println!("  of which layers::pair: {:.1} ms", t.as_secs_f64() * 1e3);
    let (_, t) = best(3, || {
        let mut ev = Evidence::default();
        for (x, y, k) in &p {
            layer_causes::classify(
                x.and_then(|i| la.get(i)),
                y.and_then(|j| lb.get(j)),
                *k,
                &mut ev,
            );
        }
    });
    println!(
        "  of which layer_causes::classify: {:.1} ms",
        t.as_secs_f64() * 1e3
    );
}
