//! Path history over crafted layers with an overwrite, a chown, a whiteout,
//! an opaque directory and a parent replaced; and, for every path of the
//! layers, the history's last state against the engine's merge.

use super::*;
use crate::view_model::explorer::merge_to;
use crate::view_model::tree_rows::tests::entry;

pub(crate) fn file(path: &str, size: u64, bytes: u8, uid: u64) -> LayerEntry {
    LayerEntry {
        size,
        uid,
        gid: uid,
        hash: Some([bytes; 16]),
        ..entry(path, Kind::File)
    }
}

pub(crate) fn layer(n: u32, entries: Vec<LayerEntry>) -> TreeLayer {
    TreeLayer {
        image: 0,
        layer: n,
        entries,
    }
}

/// 0: opt/data/a.bin, etc/app.conf, var/log/x · 1: chown a.bin, new
/// app.conf bytes · 2: opaque opt/data + new.txt, whiteout etc/app.conf ·
/// 3: app.conf again, whiteout var · 4: opt becomes a symlink.
pub(crate) fn crafted() -> Vec<TreeLayer> {
    let wh = |p: &str| entry(p, Kind::Whiteout);
    vec![
        layer(
            0,
            vec![
                entry("opt", Kind::Dir),
                entry("opt/data", Kind::Dir),
                file("opt/data/a.bin", 3 << 20, 1, 0),
                entry("etc", Kind::Dir),
                file("etc/app.conf", 1100, 2, 0),
                file("var/log/x", 50, 3, 0),
            ],
        ),
        layer(
            1,
            vec![
                file("opt/data/a.bin", 3 << 20, 1, 1000),
                file("etc/app.conf", 1200, 4, 0),
            ],
        ),
        layer(
            2,
            vec![
                entry("opt/data", Kind::Opaque),
                file("opt/data/new.txt", 7, 5, 0),
                wh("etc/app.conf"),
            ],
        ),
        layer(3, vec![file("etc/app.conf", 9, 6, 0), wh("var")]),
        layer(
            4,
            vec![LayerEntry {
                link: Some("srv".into()),
                ..entry("opt", Kind::Symlink)
            }],
        ),
    ]
}

fn refs(layers: &[TreeLayer]) -> Vec<&TreeLayer> {
    layers.iter().collect()
}

/// `layer:event` for each step.
fn events(steps: &[Step]) -> Vec<String> {
    steps
        .iter()
        .map(|s| {
            let e = match &s.event {
                Event::Added => "added".to_string(),
                Event::Modified => "modified".to_string(),
                Event::Removed { by } => format!("removed by {by}"),
                Event::Hidden { dir } => format!("hidden by {dir}"),
                Event::Replaced { parent } => format!("replaced {parent}"),
                Event::Opaqued => "opaqued".to_string(),
            };
            format!("{}:{e}", s.layer)
        })
        .collect()
}

#[test]
fn a_chowned_file_hidden_by_an_opaque_directory() {
    let layers = crafted();
    let h = path_history(&refs(&layers), "/opt/data/a.bin");
    assert_eq!(
        events(&h),
        ["0:added", "1:modified", "2:hidden by opt/data"]
    );
    assert_eq!((h[0].node.size, h[0].node.uid), (3 << 20, 0));
    // the chown: same bytes, another owner
    assert_eq!(
        h[1].diff,
        Diff {
            owner: true,
            ..Diff::default()
        }
    );
    assert_eq!(h[1].node.uid, 1000);
    // the step that hid it shows what was hidden
    assert_eq!(h[2].node.uid, 1000);
}

#[test]
fn an_overwritten_file_deleted_and_added_again() {
    let layers = crafted();
    let h = path_history(&refs(&layers), "etc/app.conf");
    assert_eq!(
        events(&h),
        [
            "0:added",
            "1:modified",
            "2:removed by etc/app.conf",
            "3:added"
        ]
    );
    assert!(h[1].diff.content && !h[1].diff.owner && !h[1].diff.mode);
    assert_eq!(
        h.iter().map(|s| s.node.size).collect::<Vec<_>>(),
        [1100, 1200, 1200, 9]
    );
}

#[test]
fn a_whiteout_of_a_parent_and_a_parent_replaced() {
    let layers = crafted();
    let h = path_history(&refs(&layers), "var/log/x");
    assert_eq!(events(&h), ["0:added", "3:removed by var"]);
    // the opaque layer's own file is not hidden by its own marker
    let h = path_history(&refs(&layers), "opt/data/new.txt");
    assert_eq!(events(&h), ["2:added", "4:replaced opt"]);
    let h = path_history(&refs(&layers), "opt/data");
    assert_eq!(events(&h), ["0:added", "2:opaqued", "4:replaced opt"]);
    let h = path_history(&refs(&layers), "opt");
    assert_eq!(events(&h), ["0:added", "4:modified"]);
    assert!(h[1].diff.kind && h[1].diff.link);
    assert!(path_history(&refs(&layers), "no/such").is_empty());
}

#[test]
fn the_last_step_agrees_with_the_engine_merge_at_every_layer() {
    let layers = crafted();
    let all = refs(&layers);
    let mut paths: Vec<&str> = layers
        .iter()
        .flat_map(|l| l.entries.iter().map(|e| e.path.as_str()))
        .collect();
    paths.sort_unstable();
    paths.dedup();
    for upto in 0..layers.len() {
        let below = &all[..=upto];
        let merged = merge_to(below, upto as u32);
        for p in &paths {
            let h = path_history(below, p);
            // making a directory opaque leaves it where it is
            let present = h
                .iter()
                .rev()
                .find(|s| s.event != Event::Opaqued)
                .filter(|s| matches!(s.event, Event::Added | Event::Modified));
            let in_fs = merged
                .iter()
                .find(|e| e.path == *p && !matches!(e.kind, Kind::Whiteout | Kind::Opaque));
            assert_eq!(
                present.map(|s| (s.node.kind, s.node.size, s.node.uid, s.layer)),
                in_fs.map(|e| (e.kind, e.size, e.uid, e.layer.unwrap_or(u32::MAX))),
                "{p} after layer {upto}"
            );
        }
    }
}
