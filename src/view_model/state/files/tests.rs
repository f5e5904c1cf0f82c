//! The Files viewport driven as dive drives its file-tree view model:
//! expand, collapse, filter, scroll a page, reveal a path; each step is
//! compared with the text of the rows in view.

use super::*;
use crate::engine::report::{Input, Summary, Tool, TreeLayer, TreeMerged, SCHEMA};
use crate::engine::tree::entry::Kind;
use crate::view_model::tree_rows::tests::entry;

/// A report whose image 0 has `merged` as its file system and `layer` as
/// the changes of its layer 0.
pub(super) fn report(merged: Vec<LayerEntry>, layer: Vec<LayerEntry>) -> Rc<Report> {
    Rc::new(Report {
        schema: SCHEMA.into(),
        tool: Tool {
            name: "ocilens".into(),
            version: "test".into(),
        },
        input: Input::default(),
        references: Vec::new(),
        index: None,
        images: Vec::new(),
        documents: Vec::new(),
        tree: Some(crate::engine::report::Tree {
            layers: vec![TreeLayer {
                image: 0,
                layer: 0,
                entries: layer,
            }],
            merged: vec![TreeMerged {
                image: 0,
                entries: merged,
            }],
        }),
        findings: Vec::new(),
        summary: Summary::default(),
        compatibility: Vec::new(),
    })
}

/// `etc/` with two files, `usr/` with `bin/` and 100 files in `usr/share`.
fn image() -> Rc<Report> {
    let mut merged = vec![
        entry("etc", Kind::Dir),
        entry("etc/hostname", Kind::File),
        entry("etc/passwd", Kind::File),
        entry("usr", Kind::Dir),
        entry("usr/bin", Kind::Dir),
        entry("usr/bin/sh", Kind::File),
        entry("usr/share", Kind::Dir),
    ];
    merged.extend((0..100).map(|i| entry(&format!("usr/share/f{i:03}"), Kind::File)));
    report(merged, vec![entry("etc/hostname", Kind::File)])
}

/// The rows in view, one a line: two spaces a level, `▾`/`▸` for an
/// expanded/collapsed directory with children, then the name.
fn screen(files: &Files) -> String {
    let (first, rows) = files.visible();
    let mut out = format!("[from row {first} of {}]\n", files.rows().len());
    for r in rows {
        out.push_str(&crate::view_model::tree_rows::tests::row_prefix(r));
        out.push_str(&r.name);
        out.push('\n');
    }
    out
}

#[test]
fn the_top_level_directories_start_expanded_and_each_collapses_alone() {
    let r = image();
    let mut f = Files::default();
    f.sync(Some(&r), 0);
    assert_eq!(
        screen(&f),
        "[from row 0 of 6]\n▾ etc\n    hostname\n    passwd\n▾ usr\n  ▸ bin\n  ▸ share\n"
    );
    f.toggle("etc".into());
    f.sync(Some(&r), 0);
    assert_eq!(
        screen(&f),
        "[from row 0 of 4]\n▸ etc\n▾ usr\n  ▸ bin\n  ▸ share\n"
    );
    f.toggle("usr/bin".into());
    f.sync(Some(&r), 0);
    assert_eq!(
        screen(&f),
        "[from row 0 of 5]\n▸ etc\n▾ usr\n  ▾ bin\n      sh\n  ▸ share\n"
    );
    // collapsing everything leaves everything collapsed
    f.toggle("usr".into());
    f.sync(Some(&r), 0);
    assert_eq!(screen(&f), "[from row 0 of 2]\n▸ etc\n▸ usr\n");
}

#[test]
fn a_page_down_shows_the_next_rows_and_the_window_stops_at_the_end() {
    let r = image();
    let mut f = Files::default();
    f.sync(Some(&r), 0);
    f.toggle("usr/share".into());
    f.sync(Some(&r), 0);
    assert_eq!(f.rows().len(), 106, "{}", screen(&f));
    let rows_before = f.rows().as_ptr();
    // one page: 25 rows of 24 px in 600 px, 10 rows of overscan above
    assert!(f.scroll(VIEWPORT_PX));
    f.sync(Some(&r), 0);
    assert_eq!(
        f.rows().as_ptr(),
        rows_before,
        "scrolling lists no rows again"
    );
    let text = screen(&f);
    let lines: Vec<&str> = text.lines().collect();
    // rows 25..50 are in view, 15..60 rendered: f009 is row 15 (6 rows before f000)
    assert_eq!(lines.len(), 1 + 45, "{text}");
    assert_eq!(lines.first(), Some(&"[from row 15 of 106]"));
    assert_eq!(lines.get(1), Some(&"      f009"));
    assert_eq!(lines.last(), Some(&"      f053"));
    assert_eq!(f.pads(), (15.0 * ROW_PX, (106.0 - 60.0) * ROW_PX));
    // less than a pixel is no scroll
    assert!(!f.scroll(VIEWPORT_PX + 0.5));
    // past the end: the overscan before the end, nothing below
    assert!(f.scroll(1e9));
    let text = screen(&f);
    assert!(
        text.starts_with("[from row 96 of 106]\n      f090\n"),
        "{text}"
    );
    assert!(text.ends_with("      f099\n"), "{text}");
    assert_eq!(f.pads(), (96.0 * ROW_PX, 0.0));
}

#[test]
fn a_filter_shows_matches_with_their_ancestors_and_scrolls_to_the_top() {
    let r = image();
    let mut f = Files::default();
    f.sync(Some(&r), 0);
    f.scroll(100.0);
    f.set_filter("HOST".into());
    f.sync(Some(&r), 0);
    assert_eq!(f.scroll_px(), 0.0);
    assert_eq!(screen(&f), "[from row 0 of 2]\n▾ etc\n    hostname\n");
    f.set_filter(String::new());
    f.sync(Some(&r), 0);
    assert_eq!(screen(&f).lines().count(), 7, "{}", screen(&f));
}

#[test]
fn revealing_a_path_expands_its_ancestors_and_scrolls_it_into_view() {
    let r = image();
    let mut f = Files::default();
    f.reveal(TreeMode::Merged, "usr/share/f090".into());
    f.sync(Some(&r), 0);
    let i = f.rows().iter().position(|r| r.path == "usr/share/f090");
    // `etc` stays collapsed: the ancestors were asked for before the tree
    assert_eq!(i, Some(94), "{}", screen(&f));
    let to = 94.0 * ROW_PX - 200.0;
    assert_eq!(f.take_scroll_to(), Some(to));
    assert_eq!(f.take_scroll_to(), None, "applied once");
    assert!(screen(&f).contains("      f090\n"));
}

#[test]
fn another_mode_builds_its_own_tree_from_the_top() {
    let r = image();
    let mut f = Files::default();
    f.sync(Some(&r), 0);
    f.scroll(48.0);
    f.set_mode(TreeMode::Layer(0));
    f.sync(Some(&r), 0);
    assert_eq!(f.tree().map(Tree::len), Some(2));
    assert_eq!(screen(&f), "[from row 0 of 2]\n▾ etc\n    hostname\n");
    // a layer the report has no tree for: no tree, no rows
    f.set_mode(TreeMode::Layer(7));
    f.sync(Some(&r), 0);
    assert!(f.tree().is_none() && f.rows().is_empty());
    f.sync(None, 0);
    assert!(f.tree().is_none());
}
