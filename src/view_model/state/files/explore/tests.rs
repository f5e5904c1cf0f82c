//! The explorer driven through the Files viewport, as the page drives it:
//! select layers (by click and by step), switch between the merge up to a
//! layer and its changes, filter by size and "only wasted", sort by size,
//! and select a path for its history, on the crafted layers of
//! `path_history::tests` merged by the engine into a report.

use super::*;
use crate::engine::report::{Image, LayerInfo, TreeLayer};
use crate::engine::tree::entry::Kind;
use crate::engine::tree::merge::merge;
use crate::view_model::path_history::tests::crafted;
use crate::view_model::path_history::Event;

/// The crafted image as a report: per-layer listings, the merged tree,
/// the layers with their waste, the efficiency.
fn report() -> Rc<Report> {
    let layers = crafted();
    let m = merge(
        &explorer::merge_inputs(&layers.iter().collect::<Vec<_>>()),
        true,
    );
    let image = Image {
        layers: (0..layers.len())
            .map(|i| LayerInfo {
                index: i as u32,
                changes: m.changes.get(i).copied(),
                wasted_bytes: m.wasted.get(i).copied(),
                ..LayerInfo::default()
            })
            .collect(),
        efficiency: Some(m.efficiency.clone()),
        ..Image::default()
    };
    let mut r = Rc::try_unwrap(super::super::tests::report(m.merged, Vec::new())).unwrap();
    r.images = vec![image];
    r.tree.as_mut().unwrap().layers = m
        .layers
        .into_iter()
        .enumerate()
        .map(|(i, entries)| TreeLayer {
            image: 0,
            layer: i as u32,
            entries,
        })
        .collect();
    Rc::new(r)
}

fn paths(f: &Files) -> Vec<&str> {
    f.rows().iter().map(|r| r.path.as_str()).collect()
}

fn expand_all(f: &mut Files) {
    for p in ["etc", "opt", "opt/data", "var", "var/log"] {
        f.expanded.insert(p.to_string());
    }
    f.rows = None;
}

#[test]
fn layers_are_selected_and_the_tree_follows() {
    let r = report();
    let mut f = Files::default();
    f.sync(Some(&r), 0);
    assert_eq!(f.mode(), TreeMode::Merged);
    assert_eq!(f.selected_layer(), Some(4));
    expand_all(&mut f);
    f.sync(Some(&r), 0);
    assert_eq!(paths(&f), ["etc", "etc/app.conf", "opt"]);
    // the merge up to layer 2: its own file, and what it removed, marked
    f.explore(ExploreMsg::Layer(2));
    f.sync(Some(&r), 0);
    assert_eq!(f.mode(), TreeMode::Upto(2));
    assert_eq!(
        paths(&f),
        [
            "etc",
            "etc/app.conf",
            "opt",
            "opt/data",
            "opt/data/.wh..wh..opq",
            "opt/data/new.txt",
            "var",
            "var/log",
            "var/log/x"
        ]
    );
    let entries = f.entries(&r, 0).unwrap();
    let changed: Vec<&str> = f
        .rows()
        .iter()
        .filter(|row| {
            row.entry
                .is_some_and(|i| f.mark(i) & explorer::CHANGED != 0)
        })
        .map(|row| row.path.as_str())
        .collect();
    assert_eq!(
        changed,
        ["etc/app.conf", "opt/data/.wh..wh..opq", "opt/data/new.txt"]
    );
    let conf = f.rows().iter().find(|r| r.path == "etc/app.conf").unwrap();
    assert_eq!(entries[conf.entry.unwrap()].kind, Kind::Whiteout);
    // only its changes, then step through the layers
    f.explore(ExploreMsg::ChangesView(true));
    f.sync(Some(&r), 0);
    assert_eq!(f.mode(), TreeMode::Layer(2));
    assert!(f.changes_view());
    f.explore(ExploreMsg::LayerStep(1));
    assert_eq!(f.mode(), TreeMode::Layer(3));
    f.explore(ExploreMsg::LayerStep(9));
    assert_eq!(f.mode(), TreeMode::Layer(4));
    f.explore(ExploreMsg::LayerStep(-9));
    assert_eq!(f.mode(), TreeMode::Layer(0));
    // the merge up to the last layer is the merged tree
    f.explore(ExploreMsg::Layer(4));
    f.explore(ExploreMsg::ChangesView(false));
    f.sync(Some(&r), 0);
    assert_eq!(f.mode(), TreeMode::Merged);
}

#[test]
fn filters_by_size_and_waste_and_a_sort_by_size() {
    let r = report();
    let mut f = Files::default();
    f.explore(ExploreMsg::Layer(1));
    f.sync(Some(&r), 0);
    let unfiltered = paths(&f).len();
    f.explore(ExploreMsg::MinSize("1M".into()));
    f.sync(Some(&r), 0);
    assert_eq!(paths(&f), ["opt", "opt/data", "opt/data/a.bin"]);
    f.explore(ExploreMsg::MinSize("1 parsec".into()));
    assert_eq!(f.filters().min_size(), None);
    f.sync(Some(&r), 0);
    // not a size: the filter is off (and the page says so)
    assert_eq!(paths(&f).len(), unfiltered);
    f.explore(ExploreMsg::MinSize(String::new()));
    // layer 1's changes that a later layer hides: both its files
    f.explore(ExploreMsg::ChangesView(true));
    f.explore(ExploreMsg::OnlyWasted(true));
    f.sync(Some(&r), 0);
    let matched: Vec<&str> = f
        .rows()
        .iter()
        .filter(|r| r.matched)
        .map(|r| r.path.as_str())
        .collect();
    assert_eq!(matched, ["etc/app.conf", "opt/data/a.bin"]);
    f.explore(ExploreMsg::OnlyWasted(false));
    f.explore(ExploreMsg::Layer(0));
    f.explore(ExploreMsg::Sort(SortBy::Size));
    expand_all(&mut f);
    f.sync(Some(&r), 0);
    assert_eq!(
        paths(&f),
        [
            "opt",
            "opt/data",
            "opt/data/a.bin",
            "etc",
            "etc/app.conf",
            "var",
            "var/log",
            "var/log/x"
        ]
    );
}

#[test]
fn a_selected_path_shows_its_history_until_closed() {
    let r = report();
    let mut f = Files::default();
    f.explore(ExploreMsg::Select(Some("etc/app.conf".into())));
    f.sync(Some(&r), 0);
    let (path, steps) = f.selected().unwrap();
    assert_eq!(path, "etc/app.conf");
    let layers: Vec<(u32, bool)> = steps
        .iter()
        .map(|s| (s.layer, matches!(s.event, Event::Removed { .. })))
        .collect();
    assert_eq!(layers, [(0, false), (1, false), (2, true), (3, false)]);
    // the history stays across layers (it is the image's), and closes
    f.explore(ExploreMsg::Layer(1));
    f.sync(Some(&r), 0);
    assert_eq!(f.selected().map(|(_, s)| s.len()), Some(4));
    f.explore(ExploreMsg::Select(None));
    f.sync(Some(&r), 0);
    assert!(f.selected().is_none());
}
