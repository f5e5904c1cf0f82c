//! Tests of the tree rows and the viewport window.

use super::*;

mod query;
mod scale;

/// An entry of `kind` at `path` (mode 0644, owned by root, empty).
pub(crate) fn entry(path: &str, kind: Kind) -> LayerEntry {
    LayerEntry {
        path: path.to_string(),
        kind,
        mode: 0o644,
        uid: 0,
        gid: 0,
        size: 0,
        mtime: 0,
        link: None,
        change: None,
        layer: None,
        hash: None,
    }
}

fn entries(spec: &[(&str, Kind)]) -> Vec<LayerEntry> {
    spec.iter().map(|(p, k)| entry(p, *k)).collect()
}

fn norm(p: &str) -> String {
    let mut s = String::new();
    push_normalised(&mut s, p);
    s
}

fn set(paths: &[&str]) -> HashSet<String> {
    paths.iter().map(|p| p.to_string()).collect()
}

/// Renders rows as indented text (dive's `testdata/*.txt` style):
/// two spaces per level, `▾`/`▸` for expanded/collapsed nodes with
/// children, a trailing `/` on directories, then markers: `(implicit)`,
/// `[whiteout]`, `[opaque]`, then with `meta` `(implicit)` or `[#i]` (the
/// entry index), and `*` when matched.
/// A row's indent (two spaces a level) and its `▾`/`▸` for an
/// expanded/collapsed directory with children.
pub(crate) fn row_prefix(r: &Row) -> String {
    let arrow = match (r.has_children, r.expanded) {
        (true, true) => "▾ ",
        (true, false) => "▸ ",
        _ => "  ",
    };
    format!("{}{arrow}", "  ".repeat(r.depth as usize))
}

fn render(rows: &[Row], entries: &[LayerEntry], meta: bool) -> String {
    let mut out = String::new();
    for r in rows {
        out.push_str(&row_prefix(r));
        out.push_str(&r.name);
        if r.is_dir {
            out.push('/');
        }
        match r.entry.map(|i| entries[i].kind) {
            Some(Kind::Whiteout) => out.push_str(" [whiteout]"),
            Some(Kind::Opaque) => out.push_str(" [opaque]"),
            _ => {}
        }
        if meta {
            match r.entry {
                None => out.push_str(" (implicit)"),
                Some(i) => out.push_str(&format!(" [#{i}]")),
            }
        }
        if r.matched {
            out.push_str(" *");
        }
        out.push('\n');
        // structural invariants of every row
        assert!(r.path.ends_with(&r.name), "{r:?}");
        assert_eq!(r.path.matches('/').count() as u32, r.depth, "{r:?}");
        assert!(!r.expanded || r.has_children, "{r:?}");
    }
    out
}

fn all_dirs(tree: &Tree) -> HashSet<String> {
    tree.dirs_to_depth(u32::MAX).into_iter().collect()
}

/// Checks a golden text, trimming the common leading newline.
fn golden(actual: &str, expected: &str) {
    let expected = expected.strip_prefix('\n').unwrap_or(expected);
    assert_eq!(
        actual, expected,
        "\n--- actual ---\n{actual}--- expected ---\n{expected}"
    );
}

#[test]
fn implicit_dirs_are_synthesised() {
    let es = entries(&[
        ("usr/bin/env", Kind::File),
        ("usr/lib/x/y.so", Kind::File),
        ("etc/", Kind::Dir),
        ("/etc/passwd", Kind::File),
        ("./root/.profile", Kind::File),
    ]);
    let tree = Tree::new(&es);
    assert_eq!(tree.len(), 10);
    golden(
        &render(&tree.rows(&all_dirs(&tree), ""), &es, true),
        "
▾ etc/ [#2]
    passwd [#3]
▾ root/ (implicit)
    .profile [#4]
▾ usr/ (implicit)
  ▾ bin/ (implicit)
      env [#0]
  ▾ lib/ (implicit)
    ▾ x/ (implicit)
        y.so [#1]
",
    );
    let rows = tree.rows(&all_dirs(&tree), "");
    assert_eq!(rows[0].path, "etc");
    assert_eq!(rows[1].path, "etc/passwd");
    assert_eq!(rows[8].path, "usr/lib/x");
    assert_eq!(rows[8].name, "x");
    assert_eq!(rows[8].entry, None);
    assert_eq!(rows[9].entry, Some(1));
}

#[test]
fn ordering_is_component_wise() {
    let es = entries(&[
        ("a-c", Kind::File),
        ("a/b", Kind::File),
        ("a", Kind::Dir),
        ("a.d", Kind::File),
        ("a/b0", Kind::File),
        ("a/B", Kind::File),
        ("a/b/c", Kind::File), // b is a file with a child: shown as a dir
        ("A", Kind::File),
        ("_", Kind::File),
        ("é", Kind::File),
        ("z", Kind::File),
    ]);
    let tree = Tree::new(&es);
    golden(
        &render(&tree.rows(&all_dirs(&tree), ""), &es, false),
        "
  A
  _
▾ a/
    B
  ▾ b/
      c
    b0
  a-c
  a.d
  z
  é
",
    );
}

#[test]
fn collapse_and_expand() {
    let es = entries(&[
        ("a/b/c", Kind::File),
        ("a/d", Kind::File),
        ("e/f", Kind::File),
        ("g", Kind::Dir),
        ("h", Kind::File),
    ]);
    let tree = Tree::new(&es);
    let none = render(&tree.rows(&HashSet::new(), ""), &es, false);
    golden(
        &none,
        "
▸ a/
▸ e/
  g/
  h
",
    );
    assert_eq!(tree.dirs_to_depth(0), Vec::<String>::new());
    assert_eq!(tree.dirs_to_depth(1), vec!["a", "e", "g"]);
    assert_eq!(tree.dirs_to_depth(2), vec!["a", "a/b", "e", "g"]);
    let top = tree.dirs_to_depth(1).into_iter().collect();
    golden(
        &render(&tree.rows(&top, ""), &es, false),
        "
▾ a/
  ▸ b/
    d
▾ e/
    f
  g/
  h
",
    );
    // an expanded child under a collapsed parent stays hidden
    golden(
        &render(&tree.rows(&set(&["a/b", "e", "g"]), ""), &es, false),
        "
▸ a/
▾ e/
    f
  g/
  h
",
    );
    golden(
        &render(&tree.rows(&set(&["a", "a/b"]), ""), &es, false),
        "
▾ a/
  ▾ b/
      c
    d
▸ e/
  g/
  h
",
    );
    // a childless directory in the set is not expanded
    let rows = tree.rows(&set(&["g"]), "");
    assert!(!rows.iter().any(|r| r.expanded));
}

#[test]
fn filter_is_case_insensitive_and_shows_ancestors() {
    let es = entries(&[
        ("usr/lib/libSSL.so.3", Kind::File),
        ("usr/lib/libc.so.6", Kind::File),
        ("usr/share/doc/openssl/README", Kind::File),
        ("etc/ssl/certs/ca.pem", Kind::File),
        ("etc/passwd", Kind::File),
        ("bin/sh", Kind::Symlink),
    ]);
    let tree = Tree::new(&es);
    // `expanded` is ignored while filtering
    let rows = tree.rows(&HashSet::new(), "SSL");
    golden(
        &render(&rows, &es, false),
        "
▾ etc/
  ▾ ssl/ *
    ▾ certs/ *
        ca.pem *
▾ usr/
  ▾ lib/
      libSSL.so.3 *
  ▾ share/
    ▾ doc/
      ▾ openssl/ *
          README *
",
    );
    // the match can span components
    golden(
        &render(&tree.rows(&HashSet::new(), "C/PAS"), &es, false),
        "
▾ etc/
    passwd *
",
    );
    assert!(tree.rows(&all_dirs(&tree), "nothing-matches").is_empty());
    // non-ASCII case folding
    let es = entries(&[("Straße/ÄPFEL", Kind::File), ("other", Kind::File)]);
    let tree = Tree::new(&es);
    golden(
        &render(&tree.rows(&HashSet::new(), "äpf"), &es, false),
        "
▾ Straße/
    ÄPFEL *
",
    );
}

#[test]
fn filter_matching_a_leaf_dir_shows_it_collapsed() {
    let es = entries(&[("x/empty", Kind::Dir), ("x/full/f", Kind::File)]);
    let tree = Tree::new(&es);
    let rows = tree.rows(&HashSet::new(), "empty");
    golden(
        &render(&rows, &es, false),
        "
▾ x/
    empty/ *
",
    );
    // a matching directory's descendants match too (their paths contain it)
    golden(
        &render(&tree.rows(&HashSet::new(), "full"), &es, false),
        "
▾ x/
  ▾ full/ *
      f *
",
    );
}

#[test]
fn whiteout_and_opaque_rows() {
    let es = entries(&[
        ("etc", Kind::Dir),
        ("etc", Kind::Opaque), // etc/.wh..wh..opq
        ("etc/hosts", Kind::File),
        ("var/cache/apt", Kind::Whiteout), // var/cache/.wh.apt
        ("", Kind::Opaque),                // .wh..wh..opq at the root
        ("tmp/gone", Kind::Whiteout),
        ("tmp", Kind::Opaque),
    ]);
    let tree = Tree::new(&es);
    golden(
        &render(&tree.rows(&all_dirs(&tree), ""), &es, true),
        "
  .wh..wh..opq [opaque] [#4]
▾ etc/ [#0]
    .wh..wh..opq [opaque] [#1]
    hosts [#2]
▾ tmp/ (implicit)
    .wh..wh..opq [opaque] [#6]
    gone [whiteout] [#5]
▾ var/ (implicit)
  ▾ cache/ (implicit)
      apt [whiteout] [#3]
",
    );
    // the merged view's order (markers first) gives the same tree
    let merged = entries(&[
        ("etc", Kind::Opaque),
        ("etc", Kind::Dir),
        ("etc/hosts", Kind::File),
    ]);
    let tree = Tree::new(&merged);
    golden(
        &render(&tree.rows(&all_dirs(&tree), ""), &merged, true),
        "
▾ etc/ [#1]
    .wh..wh..opq [opaque] [#0]
    hosts [#2]
",
    );
    let rows = tree.rows(&HashSet::new(), "wh..");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].path, "etc/.wh..wh..opq");
    assert!(rows[1].matched && !rows[0].matched);
}

#[test]
fn duplicates_keep_the_last_entry() {
    let es = entries(&[
        ("a/f", Kind::File),
        ("a", Kind::Dir),
        ("a/f", Kind::Symlink),
        ("./a/f", Kind::Whiteout),
        ("b", Kind::File),
        ("b/", Kind::Dir),
        ("a", Kind::Dir),
    ]);
    let tree = Tree::new(&es);
    assert_eq!(tree.len(), 3);
    golden(
        &render(&tree.rows(&all_dirs(&tree), ""), &es, true),
        "
▾ a/ [#6]
    f [whiteout] [#3]
  b/ [#5]
",
    );
}

#[test]
fn empty_and_root_only() {
    let tree = Tree::new(&[]);
    assert!(tree.is_empty());
    assert_eq!(tree.len(), 0);
    assert!(tree.rows(&HashSet::new(), "").is_empty());
    assert!(tree.rows(&HashSet::new(), "x").is_empty());
    assert!(tree.dirs_to_depth(5).is_empty());
    let es = entries(&[
        ("", Kind::Dir),
        (".", Kind::Dir),
        ("/", Kind::Dir),
        ("./", Kind::Dir),
    ]);
    let tree = Tree::new(&es);
    assert!(tree.is_empty());
    assert!(tree.rows(&HashSet::new(), "").is_empty());
}

#[test]
fn ancestors_of_paths() {
    assert_eq!(Tree::ancestors("a/b/c"), vec!["a", "a/b"]);
    assert_eq!(Tree::ancestors("/a//b/./c/"), vec!["a", "a/b"]);
    assert_eq!(Tree::ancestors("a"), Vec::<String>::new());
    assert_eq!(Tree::ancestors(""), Vec::<String>::new());
    // revealing a deep file shows it
    let es = entries(&[("a/b/c/d", Kind::File), ("z/y", Kind::File)]);
    let tree = Tree::new(&es);
    let rows = tree.rows(&Tree::ancestors("a/b/c/d").into_iter().collect(), "");
    golden(
        &render(&rows, &es, false),
        "
▾ a/
  ▾ b/
    ▾ c/
        d
▸ z/
",
    );
}
