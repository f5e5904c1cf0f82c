//! Efficiency (docs/efficiency.md): each waste kind, the three findings, and
//! the rules (hard links weigh 0, a whiteout never applies to its own layer,
//! a file replacing a directory hides what was below it). Every case is
//! checked against the reference of `support::waste_ref` (the `tar` crate
//! and a plain map, bytes compared whole) and against numbers worked out by
//! hand from the docs.

use super::common::*;
use crate::support::layer::*;
use crate::support::tar_writer::*;
use crate::support::waste_ref::assert_matches;
use ocilens::engine::finding::Code;
use ocilens::engine::report::{Efficiency, Report, WasteKind};

const MIB: usize = 1 << 20;

/// `n` compressible bytes that differ for each `seed`.
fn bytes(seed: &str, n: usize) -> Vec<u8> {
    let unit = format!("{seed} ocilens waste\n");
    unit.as_bytes().iter().copied().cycle().take(n).collect()
}

/// A regular file owned by `uid`.
fn owned(t: &mut TarWriter, path: &str, data: &[u8], uid: u64) {
    t.entry(EntrySpec {
        path: path.into(),
        uid,
        body: data.to_vec(),
        ..Default::default()
    });
}

fn gzip_layout(layers: Vec<Vec<u8>>) -> Vec<u8> {
    layout(layers.into_iter().map(Layer::tar_gzip).collect())
}

fn eff(r: &Report) -> &Efficiency {
    r.images[0].efficiency.as_ref().unwrap()
}

/// (path, layer, bytes, kind, by_layer) of each listed item, largest first.
fn items(r: &Report) -> Vec<(&str, u32, u64, WasteKind, u32)> {
    eff(r)
        .items
        .iter()
        .map(|i| (i.path.as_str(), i.layer, i.bytes, i.kind, i.by_layer))
        .collect()
}

/// The layer a finding of `code` points at.
fn finding_layer(r: &Report, code: Code) -> Option<u32> {
    r.findings.iter().find(|f| f.code == code)?.r#where.layer
}

/// `COPY` of a 2 MiB file, then `RUN chown -R 1000 /app`: the same bytes again.
fn metadata_only_layers() -> Vec<Vec<u8>> {
    let data = bytes("data", 2 * MIB);
    let mut l0 = writer();
    l0.dir("app");
    owned(&mut l0, "app/data.bin", &data, 0);
    let mut l1 = TarWriter::new();
    l1.dir("app");
    owned(&mut l1, "app/data.bin", &data, 1000);
    vec![l0.finish(), l1.finish()]
}
fn efficiency_metadata_only() -> Vec<u8> {
    gzip_layout(metadata_only_layers())
}
fn check_metadata_only(r: &Report) {
    assert_matches(&r.images[0], &metadata_only_layers());
    let mib2 = 2 * MIB as u64;
    assert_eq!(
        items(r),
        [("app/data.bin", 0, mib2, WasteKind::MetadataOnly, 1)]
    );
    assert_eq!(eff(r).by_kind.metadata_only, mib2);
    assert_eq!(finding_layer(r, Code::EfficiencyMetadataOnly), Some(1));
}

/// A 2 MiB download in one layer, `rm` in the next.
fn deleted_layers() -> Vec<Vec<u8>> {
    let mut l0 = writer();
    l0.dir("tmp")
        .file("tmp/cache.tar", &bytes("cache", 2 * MIB));
    let mut l1 = TarWriter::new();
    l1.dir("tmp").whiteout("tmp/cache.tar");
    vec![l0.finish(), l1.finish()]
}
fn efficiency_deleted_later() -> Vec<u8> {
    gzip_layout(deleted_layers())
}
fn check_deleted(r: &Report) {
    assert_matches(&r.images[0], &deleted_layers());
    let mib2 = 2 * MIB as u64;
    assert_eq!(
        items(r),
        [("tmp/cache.tar", 0, mib2, WasteKind::Deleted, 1)]
    );
    assert_eq!(r.images[0].layers[0].wasted_bytes, Some(mib2));
    assert_eq!(r.images[0].layers[1].wasted_bytes, Some(0));
    assert_eq!(finding_layer(r, Code::EfficiencyDeletedLater), Some(1));
}

/// The same 1.5 MiB binary at two paths, and a hard link to it (not a third copy).
fn duplicates_layers() -> Vec<Vec<u8>> {
    let tool = bytes("tool", 3 * MIB / 2);
    let mut l0 = writer();
    l0.dir("usr/bin")
        .dir("usr/local/bin")
        .file("usr/bin/tool", &tool)
        .file("usr/local/bin/tool", &tool)
        .hardlink("usr/bin/tool-link", "usr/bin/tool");
    vec![l0.finish()]
}
fn efficiency_duplicates() -> Vec<u8> {
    gzip_layout(duplicates_layers())
}
fn check_duplicates(r: &Report) {
    assert_matches(&r.images[0], &duplicates_layers());
    let e = eff(r);
    assert_eq!(e.duplicates.len(), 1);
    assert_eq!(e.duplicates[0].bytes, 3 * MIB as u64 / 2);
    assert_eq!(
        e.duplicates[0].paths,
        ["usr/bin/tool", "usr/local/bin/tool"]
    );
    assert_eq!(e.duplicate_bytes, 3 * MIB as u64 / 2);
    assert_eq!((e.wasted_bytes, e.score), (0, 1.0));
}

/// A config file edited in a later layer: other bytes (under the thresholds).
fn overwritten_layers() -> Vec<Vec<u8>> {
    let mut l0 = writer();
    l0.file("etc/app.conf", &bytes("v1", 100_000));
    let mut l1 = TarWriter::new();
    l1.dir("etc").file("etc/app.conf", &bytes("v2", 100_001));
    vec![l0.finish(), l1.finish()]
}
fn efficiency_overwritten() -> Vec<u8> {
    gzip_layout(overwritten_layers())
}
fn check_overwritten(r: &Report) {
    assert_matches(&r.images[0], &overwritten_layers());
    assert_eq!(
        items(r),
        [("etc/app.conf", 0, 100_000, WasteKind::Overwritten, 1)]
    );
}

/// `rm -rf /var/cache/apt && mkdir /var/cache/apt` on overlay: an opaque marker.
fn opaque_layers() -> Vec<Vec<u8>> {
    let mut l0 = writer();
    l0.dir("var/cache/apt")
        .dir("var/cache/apt/lists")
        .file("var/cache/apt/pkg.deb", &bytes("deb", 300_000))
        .file("var/cache/apt/lists/main", &bytes("lists", 200_000));
    let mut l1 = TarWriter::new();
    l1.dir("var/cache/apt")
        .opaque("var/cache/apt")
        .file("var/cache/apt/new", b"kept\n");
    vec![l0.finish(), l1.finish()]
}
fn efficiency_opaque_hidden() -> Vec<u8> {
    gzip_layout(opaque_layers())
}
fn check_opaque(r: &Report) {
    assert_matches(&r.images[0], &opaque_layers());
    assert_eq!(
        items(r),
        [
            (
                "var/cache/apt/pkg.deb",
                0,
                300_000,
                WasteKind::OpaqueHidden,
                1
            ),
            (
                "var/cache/apt/lists/main",
                0,
                200_000,
                WasteKind::OpaqueHidden,
                1
            ),
        ]
    );
    assert_eq!(eff(r).final_bytes, 8 + 5, "etc/hostname and the new file");
}

/// A file and a hard link to it; a later layer replaces the link by a copy.
fn hardlink_layers() -> Vec<Vec<u8>> {
    let busybox = bytes("busybox", 500_000);
    let mut l0 = writer();
    l0.dir("bin")
        .file("bin/busybox", &busybox)
        .hardlink("bin/sh", "bin/busybox");
    let mut l1 = TarWriter::new();
    l1.dir("bin").hardlink("bin/ls", "bin/busybox");
    vec![l0.finish(), l1.finish()]
}
fn efficiency_hardlink() -> Vec<u8> {
    gzip_layout(hardlink_layers())
}
fn check_hardlink(r: &Report) {
    assert_matches(&r.images[0], &hardlink_layers());
    let e = eff(r);
    // the links weigh 0 and are not duplicates of their target
    assert_eq!((e.total_bytes, e.final_bytes), (500_008, 500_008));
    assert!(e.duplicates.is_empty() && e.items.is_empty());
}

/// A layer that adds a file and also whites it out: the whiteout applies to
/// lower layers only, so the file stays and nothing is wasted.
fn own_layer_layers() -> Vec<Vec<u8>> {
    let mut l1 = TarWriter::new();
    l1.dir("tmp")
        .file("tmp/build.log", &bytes("log", 300_000))
        .whiteout("tmp/build.log");
    vec![base_tar(), l1.finish()]
}
fn efficiency_own_layer_whiteout() -> Vec<u8> {
    gzip_layout(own_layer_layers())
}
fn check_own_layer(r: &Report) {
    assert_matches(&r.images[0], &own_layer_layers());
    let e = eff(r);
    assert_eq!(e.wasted_bytes, 0);
    assert!(r.tree.as_ref().unwrap().merged[0]
        .entries
        .iter()
        .any(|x| x.path == "tmp/build.log"));
}

/// A directory replaced by a regular file: what was below it is hidden.
fn dir_replaced_layers() -> Vec<Vec<u8>> {
    let mut l0 = writer();
    l0.dir("opt/app")
        .file("opt/app/lib.so", &bytes("lib", 400_000))
        .file("opt/app/data", &bytes("data", 100_000));
    let mut l1 = TarWriter::new();
    l1.dir("opt").file("opt/app", b"#!/bin/sh\n");
    vec![l0.finish(), l1.finish()]
}
fn efficiency_dir_replaced() -> Vec<u8> {
    gzip_layout(dir_replaced_layers())
}
fn check_dir_replaced(r: &Report) {
    assert_matches(&r.images[0], &dir_replaced_layers());
    assert_eq!(
        items(r),
        [
            ("opt/app/lib.so", 0, 400_000, WasteKind::Overwritten, 1),
            ("opt/app/data", 0, 100_000, WasteKind::Overwritten, 1),
        ]
    );
}

/// The worked example of docs/efficiency.md, in MiB.
fn worked_example_layers() -> Vec<Vec<u8>> {
    let (data, config) = (bytes("data", 4 * MIB), bytes("config", MIB));
    let mut l0 = TarWriter::new();
    l0.dir("app")
        .file("app/data.bin", &data)
        .file("app/config.ini", &config)
        .dir("tmp")
        .file("tmp/cache.tar", &bytes("cache", 2 * MIB))
        .dir("var/cache/apt")
        .file("var/cache/apt/pkg.deb", &bytes("deb", MIB));
    let mut l1 = TarWriter::new();
    l1.dir("app");
    owned(&mut l1, "app/data.bin", &data, 1000);
    owned(&mut l1, "app/config.ini", &config, 1000);
    let mut l2 = TarWriter::new();
    l2.dir("tmp").whiteout("tmp/cache.tar").dir("app");
    owned(&mut l2, "app/config.ini", &bytes("config v2", MIB), 1000);
    let tool = bytes("tool", MIB);
    let mut l3 = TarWriter::new();
    l3.dir("var/cache/apt")
        .opaque("var/cache/apt")
        .dir("usr/bin")
        .dir("usr/local/bin")
        .file("usr/bin/tool", &tool)
        .file("usr/local/bin/tool", &tool);
    vec![l0.finish(), l1.finish(), l2.finish(), l3.finish()]
}
fn efficiency_worked_example() -> Vec<u8> {
    gzip_layout(worked_example_layers())
}
fn check_worked_example(r: &Report) {
    assert_matches(&r.images[0], &worked_example_layers());
    let m = MIB as u64;
    let e = eff(r);
    assert_eq!(
        (e.total_bytes, e.final_bytes, e.wasted_bytes),
        (16 * m, 7 * m, 9 * m)
    );
    assert_eq!(e.score, 0.4375);
    use WasteKind::*;
    assert_eq!(
        items(r),
        [
            ("app/data.bin", 0, 4 * m, MetadataOnly, 1),
            ("tmp/cache.tar", 0, 2 * m, Deleted, 2),
            ("app/config.ini", 0, m, MetadataOnly, 1),
            ("var/cache/apt/pkg.deb", 0, m, OpaqueHidden, 3),
            ("app/config.ini", 1, m, Overwritten, 2),
        ]
    );
    let per_layer: Vec<Option<u64>> = r.images[0].layers.iter().map(|l| l.wasted_bytes).collect();
    assert_eq!(per_layer, [Some(8 * m), Some(m), Some(0), Some(0)]);
    assert_eq!((e.duplicates_total, e.duplicate_bytes), (1, m));
    assert_eq!(finding_layer(r, Code::EfficiencyMetadataOnly), Some(1));
    assert_eq!(finding_layer(r, Code::EfficiencyDeletedLater), Some(2));
}

/// `COPY a.bin`, then `RUN ln a.bin a-link` on overlay (buildah and dockerd, see
/// tests/oracle/README.md): the link copies `a.bin` up, so the RUN layer stores the
/// same bytes as `a-link` and `a.bin` becomes a hard link to it. The lower copy is
/// wasted with the same bytes: metadata-only.
fn hardlink_copy_up_layers() -> Vec<Vec<u8>> {
    let data = bytes("copy-up", 3 * MIB / 2);
    let mut l0 = writer();
    l0.dir("data").file("data/a.bin", &data);
    let mut l1 = TarWriter::new();
    l1.dir("data")
        .file("data/a-link", &data)
        .hardlink("data/a.bin", "data/a-link");
    vec![l0.finish(), l1.finish()]
}
fn efficiency_hardlink_copy_up() -> Vec<u8> {
    gzip_layout(hardlink_copy_up_layers())
}
fn check_hardlink_copy_up(r: &Report) {
    assert_matches(&r.images[0], &hardlink_copy_up_layers());
    let size = 3 * MIB as u64 / 2;
    assert_eq!(
        items(r),
        [("data/a.bin", 0, size, WasteKind::MetadataOnly, 1)]
    );
    assert_eq!(finding_layer(r, Code::EfficiencyMetadataOnly), Some(1));
}

/// An image whose only layer is empty: no bytes, score 1.
fn efficiency_empty() -> Vec<u8> {
    gzip_layout(vec![empty_tar()])
}
fn check_empty(r: &Report) {
    let e = eff(r);
    assert_eq!((e.total_bytes, e.final_bytes, e.score), (0, 0, 1.0));
}

crafted! {
    efficiency_metadata_only: G "efficiency: chown -R rewrites 2 MiB with the same bytes",
        [Code::EfficiencyMetadataOnly, OCI],
        check = check_metadata_only;
    efficiency_deleted_later: G "efficiency: 2 MiB added, then deleted in a later layer",
        [Code::EfficiencyDeletedLater, OCI],
        check = check_deleted;
    efficiency_duplicates: G "efficiency: the same 1.5 MiB at two paths",
        [Code::EfficiencyDuplicates, OCI],
        check = check_duplicates;
    efficiency_overwritten: G "efficiency: a file overwritten with other bytes",
        [OCI],
        check = check_overwritten;
    efficiency_opaque_hidden: G "efficiency: an opaque directory hides lower files",
        [OCI],
        check = check_opaque;
    efficiency_hardlink: G "efficiency: hard links weigh 0",
        [OCI, Code::PathSafetyHardlinkLowerLayer],
        check = check_hardlink;
    efficiency_hardlink_copy_up: G "efficiency: a lower file replaced by a hard link to the same bytes",
        [Code::EfficiencyMetadataOnly, OCI],
        check = check_hardlink_copy_up;
    efficiency_own_layer_whiteout: G "efficiency: a whiteout never applies to its own layer",
        [Code::WhiteoutSameLayer, OCI],
        check = check_own_layer;
    efficiency_dir_replaced: G "efficiency: a file replaces a directory",
        [OCI],
        check = check_dir_replaced;
    efficiency_worked_example: G "efficiency: the worked example of docs/efficiency.md",
        [Code::EfficiencyMetadataOnly, Code::EfficiencyDeletedLater, Code::EfficiencyDuplicates, OCI],
        check = check_worked_example;
    efficiency_empty: G "efficiency: no bytes, score 1", [OCI], check = check_empty;
}
