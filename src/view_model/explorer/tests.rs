//! The explorer's model: the merge up to each layer of crafted layers (an
//! overwrite, a chown, an opaque directory, whiteouts), the change and waste
//! marks against the engine's own waste items, the layer list, the filters.

use super::*;
use crate::engine::model::config::History;
use crate::engine::report::{ConfigInfo, Image, LayerInfo, TreeLayer};
use crate::engine::tree::entry::{Change, Kind, LayerEntry};
use crate::engine::tree::merge::{merge, Changes};
use crate::view_model::path_history::tests::crafted;

fn paths(es: &[LayerEntry]) -> Vec<String> {
    es.iter()
        .map(|e| match e.kind {
            Kind::Whiteout => format!("-{}", e.path),
            Kind::Opaque => format!("{}/.wh..wh..opq", e.path),
            _ => e.path.clone(),
        })
        .collect()
}

fn refs(layers: &[TreeLayer]) -> Vec<&TreeLayer> {
    layers.iter().collect()
}

#[test]
fn the_merge_up_to_each_layer() {
    let layers = crafted();
    let all = refs(&layers);
    assert_eq!(
        paths(&merge_to(&all, 0)),
        [
            "etc",
            "etc/app.conf",
            "opt",
            "opt/data",
            "opt/data/a.bin",
            "var/log/x"
        ]
    );
    let at2 = merge_to(&all, 2);
    assert_eq!(
        paths(&at2),
        [
            "etc",
            "opt",
            "opt/data",
            "opt/data/new.txt",
            "var/log/x",
            // what layer 2 removed, after the tree
            "opt/data/.wh..wh..opq",
            "-etc/app.conf",
        ]
    );
    let new = at2.iter().find(|e| e.path == "opt/data/new.txt").unwrap();
    assert_eq!((new.layer, new.change), (Some(2), Some(Change::Added)));
    let var = at2.iter().find(|e| e.path == "var/log/x").unwrap();
    assert_eq!(var.layer, Some(0));
    assert!(at2[5..]
        .iter()
        .all(|e| e.change == Some(Change::Removed) && e.layer == Some(2)));
    // the symlink over `opt` removes what was below it
    assert_eq!(paths(&merge_to(&all, 4)), ["etc", "etc/app.conf", "opt"]);
}

#[test]
fn the_merge_numbers_layers_by_manifest_index() {
    // a layer that was not read leaves a gap: layer 1 is missing
    let mut layers = crafted();
    layers.remove(1);
    let at = merge_to(&refs(&layers), 2);
    let new = at.iter().find(|e| e.path == "opt/data/new.txt").unwrap();
    assert_eq!(new.layer, Some(2));
    // past the last layer: the merge of all of them, without markers
    assert!(merge_to(&refs(&layers), 9)
        .iter()
        .all(|e| e.kind != Kind::Whiteout));
}

/// The engine's merge of `layers`: its waste items, and the layers as the
/// report lists them (markers first, each entry with its change).
fn engine(layers: &[TreeLayer]) -> (Vec<crate::engine::report::WasteItem>, Vec<TreeLayer>) {
    let inputs = merge_inputs(&refs(layers));
    let m = merge(&inputs, true);
    let listed = m
        .layers
        .into_iter()
        .zip(layers)
        .map(|(entries, l)| TreeLayer {
            entries,
            ..l.clone()
        })
        .collect();
    (m.efficiency.items, listed)
}

fn marked(es: &[LayerEntry], marks: &[u8], mask: u8) -> Vec<String> {
    let shown: Vec<LayerEntry> = es
        .iter()
        .zip(marks)
        .filter(|(_, m)| **m & mask == mask)
        .map(|(e, _)| e.clone())
        .collect();
    paths(&shown)
}

#[test]
fn changes_and_wasted_copies_are_marked_per_layer() {
    let (items, layers) = engine(&crafted());
    let all = refs(&layers);
    // a.bin and app.conf of layers 0 and 1, var/log/x, new.txt under the symlink
    assert_eq!(items.len(), 6);
    // the merge up to layer 1: its changes; the copies a later layer hides
    let at1 = merge_to(&all, 1);
    let m = marks(&at1, 1, false, &items);
    assert_eq!(
        marked(&at1, &m, CHANGED),
        ["etc/app.conf", "opt/data/a.bin"]
    );
    assert_eq!(
        marked(&at1, &m, WASTED),
        ["etc/app.conf", "opt/data/a.bin", "var/log/x"]
    );
    // layer 2's changes: its markers hid copies; its new file is wasted
    // too (layer 4's symlink over `opt` hides it)
    let l2 = &layers[2].entries;
    let m = marks(l2, 2, true, &items);
    assert_eq!(marked(l2, &m, CHANGED).len(), 3);
    assert_eq!(
        marked(l2, &m, WASTED),
        ["opt/data/.wh..wh..opq", "-etc/app.conf", "opt/data/new.txt"]
    );
    assert_eq!(marked(l2, &m, CHANGED | WASTED).len(), 3);
    // layer 3 hid only var/log/x, by its whiteout of `var`
    let l3 = &layers[3].entries;
    let m = marks(l3, 3, true, &items);
    assert_eq!(marked(l3, &m, WASTED), ["-var"]);
    // the final tree shows no wasted copy
    let at4 = merge_to(&all, 4);
    assert!(marks(&at4, 4, false, &items)
        .iter()
        .all(|m| m & WASTED == 0));
}

#[test]
fn the_layer_list_has_sizes_bars_commands_and_changes() {
    let layer = |index: u32, size: u64, unpacked: u64, wasted: u64| LayerInfo {
        index,
        size: Some(size),
        uncompressed_size: Some(unpacked),
        wasted_bytes: Some(wasted),
        changes: Some(Changes {
            added: u64::from(index) + 1,
            modified: 0,
            removed: 0,
        }),
        ..LayerInfo::default()
    };
    let history = |by: &str, layer: Option<u32>| History {
        created_by: Some(by.into()),
        empty_layer: layer.is_none(),
        layer,
        ..History::default()
    };
    let img = Image {
        layers: vec![layer(0, 400, 1000, 250), layer(1, 100, 500, 0)],
        config: ConfigInfo {
            history: vec![
                history("COPY app/ /app", Some(0)),
                history("ENV A=1", None),
                history("RUN chown -R 1000 /app", Some(1)),
            ],
            ..ConfigInfo::default()
        },
        ..Image::default()
    };
    let rows = layer_rows(&img);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].created_by.as_deref(), Some("COPY app/ /app"));
    assert_eq!(
        rows[1].created_by.as_deref(),
        Some("RUN chown -R 1000 /app")
    );
    assert_eq!(
        rows[0].bars,
        Bars {
            compressed: 40.0,
            uncompressed: 100.0,
            wasted: 25.0
        }
    );
    assert_eq!(rows[1].bars.uncompressed, 50.0);
    assert_eq!(rows[1].changes.map(|c| c.added), Some(2));
    assert_eq!((rows[0].wasted, rows[1].compressed), (Some(250), Some(100)));
    // a layer not read yet: no sizes, empty bars
    let img = Image {
        layers: vec![LayerInfo::default()],
        ..Image::default()
    };
    assert_eq!(layer_rows(&img)[0].bars, Bars::default());
}

#[test]
fn filters_read_sizes_and_combine_marks() {
    let mut f = Filters::default();
    assert_eq!((f.min_size(), f.mask()), (Some(0), 0));
    f.min_size_text = "1.5M".into();
    assert_eq!(f.min_size(), Some(1_572_864));
    f.min_size_text = "ten".into();
    assert_eq!(f.min_size(), None);
    f.only_changes = true;
    assert_eq!(f.mask(), CHANGED);
    f.only_wasted = true;
    assert_eq!(f.mask(), CHANGED | WASTED);
}
