//! Aggregated sizes, the sort by size, and the filters by minimum size and
//! by an entry predicate, as rendered rows.

use super::*;

fn sized(path: &str, size: u64) -> LayerEntry {
    LayerEntry {
        size,
        ..entry(path, Kind::File)
    }
}

/// `usr/` (bin/sh 100, share/big 5000, share/small 10), `etc/` (passwd 300,
/// a hard link weighing 0), `tmp/.wh.x`.
fn sample() -> Vec<LayerEntry> {
    vec![
        entry("usr", Kind::Dir),
        sized("usr/bin/sh", 100),
        sized("usr/share/big", 5000),
        sized("usr/share/small", 10),
        entry("etc", Kind::Dir),
        sized("etc/passwd", 300),
        LayerEntry {
            size: 300,
            link: Some("etc/passwd".into()),
            ..entry("etc/passwd-", Kind::Hardlink)
        },
        entry("tmp/x", Kind::Whiteout),
    ]
}

/// Rows as `path size` lines.
fn sizes(rows: &[Row]) -> String {
    rows.iter()
        .map(|r| format!("{}{} {}\n", row_prefix(r), r.name, r.size))
        .collect()
}

#[test]
fn directories_carry_the_bytes_below_them() {
    let es = sample();
    let tree = Tree::new(&es);
    golden(
        &sizes(&tree.rows(&all_dirs(&tree), "")),
        "
▾ etc 300
    passwd 300
    passwd- 0
▾ tmp 0
    x 0
▾ usr 5110
  ▾ bin 100
      sh 100
  ▾ share 5010
      big 5000
      small 10
",
    );
}

#[test]
fn sorted_by_size_largest_first_at_every_level() {
    let es = sample();
    let tree = Tree::new(&es);
    assert_eq!(tree.order(SortBy::Name), None);
    let order = tree.order(SortBy::Size).unwrap();
    assert_eq!(order.len(), tree.len());
    let q = Query::default();
    golden(
        &sizes(&tree.query_rows(&all_dirs(&tree), &q, Some(&order))),
        "
▾ usr 5110
  ▾ share 5010
      big 5000
      small 10
  ▾ bin 100
      sh 100
▾ etc 300
    passwd 300
    passwd- 0
▾ tmp 0
    x 0
",
    );
    // collapsed subtrees are skipped whole in the sorted order too
    golden(
        &sizes(&tree.query_rows(&set(&["usr"]), &q, Some(&order))),
        "
▾ usr 5110
  ▸ share 5010
  ▸ bin 100
▸ etc 300
▸ tmp 0
",
    );
}

#[test]
fn a_minimum_size_prunes_the_tree_to_what_weighs_enough() {
    let es = sample();
    let tree = Tree::new(&es);
    let q = Query {
        min_size: 200,
        ..Query::default()
    };
    golden(
        &sizes(&tree.query_rows(&HashSet::new(), &q, None)),
        "
▾ etc 300
    passwd 300
▾ usr 5110
  ▾ share 5010
      big 5000
",
    );
    // with a path filter too: both must match
    let q = Query {
        path: "SHARE/",
        min_size: 20,
        ..Query::default()
    };
    let rows = tree.query_rows(&HashSet::new(), &q, None);
    let shown: Vec<(&str, bool)> = rows.iter().map(|r| (r.path.as_str(), r.matched)).collect();
    assert_eq!(
        shown,
        [
            ("usr", false),
            ("usr/share", false),
            ("usr/share/big", true)
        ]
    );
}

#[test]
fn an_entry_predicate_keeps_matches_and_their_ancestors() {
    let es = sample();
    let tree = Tree::new(&es);
    // "only" the whiteout and the hard link (entries 7 and 6)
    let keep = |i: usize| i >= 6;
    let q = Query {
        keep: Some(&keep),
        ..Query::default()
    };
    let rows = tree.query_rows(&HashSet::new(), &q, None);
    let shown: Vec<&str> = rows.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(shown, ["etc", "etc/passwd-", "tmp", "tmp/x"]);
    // implicit directories never pass a predicate themselves
    let all = |_: usize| true;
    let q = Query {
        keep: Some(&all),
        ..Query::default()
    };
    let rows = tree.query_rows(&HashSet::new(), &q, None);
    assert!(rows.iter().all(|r| r.matched == r.entry.is_some()));
    assert_eq!(rows.len(), tree.len());
}
