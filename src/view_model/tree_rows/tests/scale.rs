//! The tree rows at scale and at the edges: random input against a sort by
//! components, a 200 000-entry tree, and the virtualised window.

use super::*;
use std::time::Instant;

#[test]
fn rows_are_sorted_component_wise_for_random_input() {
    // a small deterministic generator over a tricky alphabet
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut es = Vec::new();
    for _ in 0..2000 {
        let mut p = String::new();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let depth = 1 + (x % 4) as usize;
        for d in 0..depth {
            if d > 0 {
                p.push('/');
            }
            for k in 0..1 + (x >> (8 * d)) % 3 {
                p.push(
                    ['a', 'b', '-', '.', 'B', '0'][((x >> (4 * k + 20 + d as u64)) % 6) as usize],
                );
            }
        }
        let kind = [Kind::File, Kind::Dir, Kind::Whiteout][(x >> 40) as usize % 3];
        es.push(entry(&p, kind));
    }
    let tree = Tree::new(&es);
    let rows = tree.rows(&all_dirs(&tree), "");
    assert_eq!(rows.len(), tree.len());
    let mut paths: Vec<Vec<&str>> = rows.iter().map(|r| r.path.split('/').collect()).collect();
    let unsorted = paths.clone();
    paths.sort();
    paths.dedup();
    assert_eq!(paths, unsorted, "rows not in component order or duplicated");
    // every entry path is present, with its last entry
    for (i, e) in es.iter().enumerate() {
        let p = norm(&e.path);
        if p.is_empty() {
            continue;
        }
        let r = rows.iter().find(|r| r.path == p).unwrap();
        let last = es.iter().rposition(|o| norm(&o.path) == p).unwrap();
        assert_eq!(r.entry, Some(last), "entry {i} {}", e.path);
    }
    // every parent is present and precedes its children
    for r in &rows {
        for a in Tree::ancestors(&r.path) {
            assert!(rows.iter().any(|o| o.path == a && o.is_dir));
        }
    }
}

/// 200 top dirs × 10 subdirs × 100 files, in a scrambled tar-like order,
/// no explicit directories.
fn big_entries() -> Vec<LayerEntry> {
    let mut es = Vec::with_capacity(200_000);
    for f in 0..100 {
        for s in 0..10 {
            for d in (0..200).rev() {
                es.push(entry(
                    &format!("dir{d:03}/sub{s}/file-{f:02}.txt"),
                    Kind::File,
                ));
            }
        }
    }
    es
}

#[test]
fn large_tree_is_correct() {
    let es = big_entries();
    let tree = Tree::new(&es);
    assert_eq!(tree.len(), 200_000 + 2_000 + 200);
    let rows = tree.rows(&HashSet::new(), "");
    assert_eq!(rows.len(), 200);
    assert_eq!(rows[0].path, "dir000");
    assert_eq!(rows[199].path, "dir199");
    assert!(rows
        .iter()
        .all(|r| r.is_dir && r.has_children && !r.expanded && r.entry.is_none()));
    let rows = tree.rows(&set(&["dir007", "dir007/sub3"]), "");
    assert_eq!(rows.len(), 200 + 10 + 100);
    assert_eq!(rows[8].path, "dir007/sub0");
    assert_eq!(rows[11].path, "dir007/sub3");
    assert_eq!(rows[12].path, "dir007/sub3/file-00.txt");
    assert_eq!(rows[12].entry, Some(3 * 200 + (199 - 7)));
    assert_eq!(rows[111].path, "dir007/sub3/file-99.txt");
    assert_eq!(rows[112].path, "dir007/sub4");
    let all = tree.rows(&all_dirs(&tree), "");
    assert_eq!(all.len(), tree.len());
    assert_eq!(all[all.len() - 1].path, "dir199/sub9/file-99.txt");
    let found = tree.rows(&HashSet::new(), "DIR123/SUB4/FILE-5");
    assert_eq!(found.len(), 2 + 10);
    assert_eq!(found[2].path, "dir123/sub4/file-50.txt");
    assert!(found[2].matched && !found[1].matched);
}

#[test]
#[ignore = "benchmark: cargo test --release --lib tree_rows -- --ignored --nocapture"]
fn bench_200k() {
    let es = big_entries();
    let t = Instant::now();
    let tree = Tree::new(&es);
    println!("Tree::new(200k)            {:?}", t.elapsed());
    let t = Instant::now();
    let rows = tree.rows(&HashSet::new(), "");
    println!("rows collapsed ({:>6})    {:?}", rows.len(), t.elapsed());
    let dirs = all_dirs(&tree);
    let t = Instant::now();
    let rows = tree.rows(&dirs, "");
    println!("rows all expanded ({:>6}) {:?}", rows.len(), t.elapsed());
    let t = Instant::now();
    let rows = tree.rows(&HashSet::new(), "file-5");
    println!("rows filter 10% ({:>6})   {:?}", rows.len(), t.elapsed());
    let t = Instant::now();
    let rows = tree.rows(&HashSet::new(), "nomatch");
    println!("rows filter none ({:>6})  {:?}", rows.len(), t.elapsed());
    let t = Instant::now();
    let rows = tree.rows(&HashSet::new(), "/");
    println!("rows filter all ({:>6})   {:?}", rows.len(), t.elapsed());
    let mut sorted = es.clone();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let t = Instant::now();
    let _ = Tree::new(&sorted);
    println!("Tree::new(200k sorted)     {:?}", t.elapsed());
    for _ in 0..3 {
        let t = Instant::now();
        let tree = Tree::new(&es);
        println!("Tree::new(200k) again      {:?}", t.elapsed());
        drop(tree);
    }
}

#[test]
fn window_slices() {
    // 1000 rows of 20 px, 400 px viewport
    assert_eq!(window(1000, 0.0, 20.0, 400.0, 5), (0, 25));
    assert_eq!(window(1000, 200.0, 20.0, 400.0, 5), (5, 30));
    assert_eq!(window(1000, 210.0, 20.0, 400.0, 0), (10, 21));
    assert_eq!(window(1000, 19_600.0, 20.0, 400.0, 5), (975, 25));
    // scrolled past the end (list shrank)
    assert_eq!(window(10, 5_000.0, 20.0, 400.0, 3), (7, 3));
    assert_eq!(window(10, 5_000.0, 20.0, 400.0, 0), (10, 0));
    // fewer rows than the viewport
    assert_eq!(window(3, 0.0, 20.0, 400.0, 5), (0, 3));
    assert_eq!(window(0, 0.0, 20.0, 400.0, 5), (0, 0));
}

#[test]
fn window_clamps_odd_inputs() {
    assert_eq!(window(100, -50.0, 20.0, 100.0, 0), (0, 5));
    assert_eq!(window(100, f64::NAN, 20.0, 100.0, 0), (0, 5));
    assert_eq!(window(100, 0.0, 20.0, f64::NAN, 0), (0, 0));
    assert_eq!(window(100, 0.0, 20.0, -1.0, 2), (0, 2));
    assert_eq!(window(100, 0.0, 0.0, 100.0, 2), (0, 3));
    assert_eq!(window(100, 0.0, -20.0, 100.0, 2), (0, 3));
    assert_eq!(window(100, 0.0, f64::NAN, 100.0, 2), (0, 3));
    assert_eq!(window(100, 0.0, f64::INFINITY, 100.0, 2), (0, 3));
    assert_eq!(window(100, f64::INFINITY, 20.0, 100.0, 2), (98, 2));
    assert_eq!(window(100, 0.0, 20.0, f64::INFINITY, 2), (0, 100));
    assert_eq!(window(100, 1e300, 1e-300, 1e300, usize::MAX), (0, 100));
    assert_eq!(
        window(usize::MAX, 0.0, 1.0, 10.0, usize::MAX),
        (0, usize::MAX)
    );
    assert_eq!(window(5, 0.0, 1e-300, 1.0, 0), (0, 5));
}

/// The explorer's work on 200 000 entries: sizes and a sort by size once
/// per tree, then per keystroke one pass for a path, a minimum size or an
/// entry predicate, sorted or not. Prints the figures; the bounds are loose
/// (debug builds, a shared machine) but catch a quadratic slip.
#[test]
fn filters_and_sorts_200k_in_one_pass_each() {
    let mut es = big_entries();
    for (i, e) in es.iter_mut().enumerate() {
        e.size = (i as u64 * 7919) % 100_000;
    }
    let tree = Tree::new(&es);
    let t = Instant::now();
    let order = tree.order(SortBy::Size).unwrap();
    let sort = t.elapsed();
    assert_eq!(order.len(), tree.len());
    let none = HashSet::new();
    let by_path = Query {
        path: "file-5",
        ..Query::default()
    };
    let by_size = Query {
        min_size: 99_000,
        ..Query::default()
    };
    let even = |i: usize| i.is_multiple_of(2);
    let by_mark = Query {
        keep: Some(&even),
        ..Query::default()
    };
    let mut figures = vec![format!("order by size {sort:?}")];
    for (name, q) in [
        ("path", by_path),
        ("min size", by_size),
        ("predicate", by_mark),
    ] {
        for (how, o) in [("by name", None), ("by size", Some(order.as_slice()))] {
            let t = Instant::now();
            let rows = tree.query_rows(&none, &q, o);
            let took = t.elapsed();
            assert!(rows.iter().filter(|r| r.matched).count() > 0, "{name}");
            assert!(took.as_secs_f64() < 5.0, "{name} {how}: {took:?}");
            figures.push(format!("{name} {how}: {} rows {took:?}", rows.len()));
        }
    }
    // the sorted rows of the size filter: every sibling run is by size
    let rows = tree.query_rows(&none, &by_size, Some(&order));
    for w in rows.windows(2) {
        if w[0].depth == w[1].depth
            && w[0].path.rsplit_once('/').map(|p| p.0) == w[1].path.rsplit_once('/').map(|p| p.0)
        {
            assert!(
                w[0].size >= w[1].size,
                "{:?} before {:?}",
                w[0].path,
                w[1].path
            );
        }
    }
    assert!(rows.iter().filter(|r| !r.is_dir).all(|r| r.size >= 99_000));
    println!("explorer, 200 000 entries: {}", figures.join("; "));
}
