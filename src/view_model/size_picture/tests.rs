use super::dirs::{largest, SUB_DIRS, TOP_DIRS};
use super::*;
use crate::engine::model::config::History;
use crate::engine::report::{LayerInfo, Report};
use crate::engine::tree::entry::{Kind, LayerEntry};
use crate::view_model::tree_rows::tests::entry;

fn layer(bytes: Option<u64>, wasted: u64) -> LayerInfo {
    LayerInfo {
        uncompressed_size: bytes,
        wasted_bytes: Some(wasted),
        ..LayerInfo::default()
    }
}

fn image(layers: &[(Option<u64>, u64)]) -> Image {
    Image {
        layers: layers.iter().map(|(b, w)| layer(*b, *w)).collect(),
        ..Image::default()
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// The bars of `fill`, top row first.
fn bars(p: &Picture, fill: Fill) -> Vec<&Bar> {
    p.bars.iter().filter(|b| b.fill == fill).collect()
}

#[test]
fn layer_bars_are_to_scale_with_the_base_at_the_bottom() {
    let mut img = image(&[(Some(100), 0), (Some(400), 100), (Some(200), 0)]);
    img.config.history = vec![History {
        created_by: Some("/bin/sh -c #(nop) COPY app/ /app".into()),
        layer: Some(1),
        ..History::default()
    }];
    let p = SizePicture::build(&img, None);
    let rows: Vec<(u32, Option<u64>)> = p.layer_rows.iter().map(|r| (r.first, r.bytes)).collect();
    assert_eq!(
        rows,
        [(2, Some(200)), (1, Some(400)), (0, Some(100))],
        "top of the stack first"
    );
    let layers = bars(&p.layers, Fill::Layer);
    let widths: Vec<f64> = layers.iter().map(|b| b.w).collect();
    assert!(
        close(widths[1], LAYER_BAR_W),
        "the largest layer spans the bar area"
    );
    assert!(
        close(widths[0] / widths[1], 0.5) && close(widths[2] / widths[1], 0.25),
        "{widths:?}"
    );
    assert!(
        layers.windows(2).all(|w| w[1].y - w[0].y == PITCH),
        "one row per pitch, downwards"
    );
    assert!(
        layers[1].title.contains("#(nop) COPY app/ /app"),
        "the command is in the tooltip"
    );
    let beside: Vec<&str> = p
        .layers
        .labels
        .iter()
        .filter(|l| l.x == LAYER_COMMAND_X)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(
        beside,
        ["COPY app/ /app"],
        "and beside its bar, without the #(nop) prefix"
    );
    let nop = LayerRow {
        created_by: Some("/bin/sh -c #(nop)  CMD [\"/hello\"]".into()),
        ..p.layer_rows[0].clone()
    };
    assert_eq!(nop.command().as_deref(), Some("CMD [\"/hello\"]"));
    assert_eq!(p.layer_rows[0].command(), None);
    assert_eq!(p.layers.height, 3.0 * PITCH + 4.0);
    assert!(p.dirs.is_none(), "no tree, no directories");
}

#[test]
fn the_wasted_part_is_marked_at_the_end_of_its_bar() {
    let img = image(&[(Some(1000), 250), (Some(500), 0), (Some(300), 900)]);
    let p = SizePicture::build(&img, None);
    let layers = bars(&p.layers, Fill::Layer);
    let waste = bars(&p.layers, Fill::Waste);
    assert_eq!(waste.len(), 2, "no mark for a layer with nothing wasted");
    // row 0 is layer 2 (300 bytes, 900 "wasted": clamped to the whole bar)
    assert!(close(waste[0].w, layers[0].w) && close(waste[0].x, layers[0].x));
    // row 2 is layer 0: a quarter of it, at its right end
    let (bar, mark) = (layers[2], waste[1]);
    assert!(close(mark.w / bar.w, 0.25), "{} / {}", mark.w, bar.w);
    assert!(close(mark.x + mark.w, bar.x + bar.w) && close(mark.y, bar.y));
    assert_eq!(mark.bytes, 250);
    assert!(p.layer_rows[2].text().ends_with("250 B wasted"));
    assert!(
        p.layers.desc.contains("Wasted: 1.15 kB"),
        "{}",
        p.layers.desc
    );
    assert!(
        p.layers.desc.contains("most of it in #2"),
        "{}",
        p.layers.desc
    );
}

#[test]
fn an_empty_image() {
    let p = SizePicture::build(&image(&[]), Some(&TreeMerged::default()));
    assert!(p.layers.bars.is_empty() && p.layer_rows.is_empty());
    assert_eq!(p.layers.desc, "This image has no layers.");
    assert_eq!(p.layers.labels.len(), 1);
    let dirs = p.dirs.expect("a tree, so a directories picture");
    assert!(dirs.bars.is_empty());
    assert_eq!(dirs.desc, "The final file system has no regular files.");
    // layers of 0 bytes (empty tars) draw no bar and divide by nothing
    let p = SizePicture::build(&image(&[(Some(0), 0), (Some(0), 0)]), None);
    assert!(p.layers.bars.is_empty());
    assert!(p
        .layers
        .labels
        .iter()
        .all(|l| l.x.is_finite() && l.y.is_finite()));
}

#[test]
fn one_huge_layer_leaves_the_small_ones_visible() {
    let huge = 5 * 1024u64.pow(4);
    let img = image(&[
        (Some(10), 0),
        (Some(huge), 0),
        (Some(u64::MAX), 1),
        (None, 0),
    ]);
    let p = SizePicture::build(&img, None);
    for b in &p.layers.bars {
        assert!(
            b.w.is_finite() && b.w >= MIN_BAR && b.w <= LAYER_BAR_W,
            "{b:?}"
        );
        assert!(b.x >= LAYER_BAR_X && b.x + b.w <= LAYER_BAR_X + LAYER_BAR_W + 1e-6);
    }
    let layers = bars(&p.layers, Fill::Layer);
    assert_eq!(layers.len(), 3, "the layer not read has no bar");
    assert_eq!(layers[2].w, MIN_BAR, "10 bytes beside 2^64 still shows");
    assert_eq!(p.layer_rows[0].text(), "not read");
    assert!(p.layers.desc.contains("not read yet"));
}

/// 150 layers: folded rows cover every layer once, in order, and the
/// largest and most wasteful layers keep their own row.
#[test]
fn a_hundred_and_fifty_layers_stay_readable() {
    let layers: Vec<(Option<u64>, u64)> = (0..150u64)
        .map(|i| {
            (
                Some(1000 + (i * 7919) % 1000),
                if i % 37 == 5 { 10 + i } else { 0 },
            )
        })
        .collect();
    let img = image(&layers);
    let p = SizePicture::build(&img, None);
    let rows = &p.layer_rows;
    assert!(
        rows.len() <= 2 * (KEEP_LARGEST + KEEP_WASTEFUL) + 1,
        "{} rows",
        rows.len()
    );
    assert!(rows.len() > KEEP_LARGEST);
    let mut next = 150u32;
    for r in rows {
        assert_eq!(r.last + 1, next, "rows are consecutive, top first");
        next = r.first;
    }
    assert_eq!(next, 0);
    let sum = |f: fn(&LayerRow) -> u64| rows.iter().map(f).sum::<u64>();
    let total: u64 = layers.iter().filter_map(|l| l.0).sum();
    assert_eq!(sum(|r| r.bytes.unwrap_or(0)), total);
    assert_eq!(sum(|r| r.wasted), layers.iter().map(|l| l.1).sum::<u64>());
    let mut by_size: Vec<usize> = (0..150).collect();
    by_size.sort_by_key(|&i| (std::cmp::Reverse(layers[i].0), i));
    let alone = |i: usize| rows.iter().any(|r| !r.folded() && r.first as usize == i);
    assert!(
        by_size.iter().take(KEEP_LARGEST).all(|&i| alone(i)),
        "the largest keep a row"
    );
    assert!(
        (0..150).filter(|i| i % 37 == 5).all(alone),
        "every wasteful layer keeps a row"
    );
    // every row has its own line: labels never overlap
    let ys: Vec<f64> = p
        .layers
        .labels
        .iter()
        .filter(|l| l.anchor == Anchor::End)
        .map(|l| l.y)
        .collect();
    assert_eq!(ys.len(), rows.len());
    assert!(ys.windows(2).all(|w| w[1] - w[0] >= PITCH - 1e-9));
    assert!(p.layers.height <= 45.0 * PITCH);
    assert!(rows
        .iter()
        .any(|r| r.folded() && r.text().contains(" layers, ")));
}

fn file(path: &str, size: u64) -> LayerEntry {
    LayerEntry {
        size,
        ..entry(path, Kind::File)
    }
}

#[test]
fn largest_directories_come_from_the_tree() {
    let mut entries = vec![
        file("usr/lib/a.so", 500),
        file("usr/lib/x/b.so", 300),
        file("usr/bin/c", 100),
        file("usr/share/doc/d", 50),
        file("usr/local/e", 10),
        file("usr/README", 7),
        file("var/log/f", 40),
        file("etc/hostname", 5),
        file("README", 6),
        LayerEntry {
            size: 999,
            ..entry("usr/lib/hard", Kind::Hardlink)
        },
        entry("usr/lib/sym", Kind::Symlink),
        entry("big/empty", Kind::Dir),
    ];
    for (i, d) in ["a", "b", "c", "d", "e"].iter().enumerate() {
        entries.push(file(&format!("{d}/x/y"), 1 + i as u64));
    }
    let (rows, total) = largest(&entries);
    assert_eq!(
        total,
        967 + 40 + 5 + 6 + 15,
        "regular files only; hard links weigh 0"
    );
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "/usr",
            "/usr/lib",
            "/usr/bin",
            "/usr/share",
            "/var",
            "/var/log",
            "/ (files)",
            "/e",
            "/e/x",
            "/etc",
            "/d",
            "/d/x",
            "3 more"
        ],
        "the six largest top-level directories, each with its {SUB_DIRS} largest children"
    );
    assert_eq!(rows.iter().filter(|r| r.depth == 0).count(), TOP_DIRS + 1);
    assert_eq!(rows[0].bytes, 967, "a directory counts everything below it");
    assert_eq!(rows[1].bytes, 800, "usr/lib counts its subdirectories");
    let top: u64 = rows.iter().filter(|r| r.depth == 0).map(|r| r.bytes).sum();
    assert_eq!(top, total, "the top-level rows add up to the file system");
    assert_eq!(rows.last().map(|r| &r.kind), Some(&DirKind::Others(3)));
    assert!(close(rows[0].share, 967.0 / total as f64));
    let p = SizePicture::build(&Image::default(), Some(&TreeMerged { image: 0, entries }));
    let dirs = p.dirs.expect("a tree");
    let top_bars: Vec<&Bar> = bars(&dirs, Fill::Dir);
    assert!(close(top_bars[0].w, rows[0].share * DIR_BAR_W));
    assert!(bars(&dirs, Fill::Subdir)
        .iter()
        .all(|b| b.w <= top_bars[0].w));
    assert!(
        dirs.desc
            .starts_with("The final file system holds 1.03 kB in regular files: /usr 967 B"),
        "{}",
        dirs.desc
    );
}

#[test]
fn files_in_the_root_rank_with_the_directories() {
    let entries = [
        file("big.bin", 900),
        file("./etc/a", 10),
        file("/srv/x/y", 20),
    ];
    let (rows, total) = largest(&entries);
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["/ (files)", "/srv", "/srv/x", "/etc"]);
    assert_eq!(total, 930);
}

/// A waste fixture made by real tools: the picture's rows add up to the
/// report's own numbers.
#[test]
fn a_waste_fixture_adds_up_to_the_report() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/waste-docker-oci.tar"
    );
    let f = std::fs::File::open(path).expect("fixture");
    let o = crate::engine::Options {
        tree: true,
        name: "waste-docker-oci.tar".into(),
        ..crate::engine::Options::default()
    };
    let r: Report = crate::engine::inspect(f, &o, &mut crate::engine::NullSink).expect("inspects");
    let tree = r.tree.as_ref().expect("tree");
    let mut wasteful = 0;
    for (i, img) in r.images.iter().enumerate() {
        let Some(eff) = img.efficiency.as_ref() else {
            continue;
        };
        let merged = tree.merged.iter().find(|m| m.image as usize == i);
        let p = SizePicture::build(img, merged);
        let wasted: u64 = p.layer_rows.iter().map(|r| r.wasted).sum();
        assert_eq!(
            wasted, eff.wasted_bytes,
            "image {i}: the marks add up to wasted_bytes"
        );
        let top: u64 = p
            .dir_rows
            .iter()
            .filter(|r| r.depth == 0)
            .map(|r| r.bytes)
            .sum();
        assert_eq!(
            top, eff.final_bytes,
            "image {i}: the directories add up to final_bytes"
        );
        wasteful += usize::from(wasted > 0);
    }
    assert!(
        wasteful >= 4,
        "the fixture has waste to draw ({wasteful} images)"
    );
}
