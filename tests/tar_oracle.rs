//! The `tar` crate as a test oracle for ocilens's own tar reader (docs/tar.md). On every
//! well-formed archive both readers must list the same entries: path, link, type flag and
//! kind, body size, header offset (where the entry's first header, extensions included,
//! starts) and data offset. The archives: every fixture's outer tar and the layer tars in
//! it, what `tests/support/tar_writer.rs` writes when it writes a well-formed tar, and
//! 1 200 random archives written by `tar::Builder` (long names and links, PAX records, PAX
//! and base-256 sizes up to 2^40 bytes, every entry kind). Big bodies are zeros that are
//! never stored: both readers skip them by seeking.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]

mod oracle;
mod support;

use ocilens::engine::codec::{self, CodecLimits, Sniffed};
use ocilens::engine::tar::End;
use oracle::{compare, ours, Rope};
use std::io::{BufReader, Read};
use support::tar_writer::{kind, EntrySpec, TarWriter};

/// The bytes of `blob` decoded if it is compressed; None unless the result is a tar.
fn as_tar(blob: &[u8]) -> Option<Vec<u8>> {
    let bytes = match codec::sniff(blob) {
        Sniffed::Compressed(c) => {
            let mut out = Vec::new();
            let r = BufReader::new(blob);
            codec::decoder(c, r, &CodecLimits::default())
                .read_to_end(&mut out)
                .ok()?;
            out
        }
        _ => blob.to_vec(),
    };
    (codec::sniff(&bytes) == Sniffed::Tar).then_some(bytes)
}

#[test]
fn fixtures_and_their_layers() {
    let mut outer = 0;
    let mut layers = 0;
    let mut entries = 0;
    let mut broken = Vec::new();
    // the fixtures and the real pairs of `ocilens diff` (tests/fixtures/diff/)
    let files = ["tests/fixtures", "tests/fixtures/diff"]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap())
        .map(|f| f.unwrap().path())
        .filter(|p| p.is_file());
    for path in files {
        let Some(bytes) = as_tar(&std::fs::read(&path).unwrap()) else {
            continue;
        };
        let name = path.display().to_string();
        let listed = compare(&name, Rope::from(bytes.clone()));
        outer += 1;
        entries += listed.len();
        for e in listed.iter().filter(|e| e.flag == b'0' || e.flag == 0) {
            let start = usize::try_from(e.data_offset).unwrap();
            let body = &bytes[start..start + usize::try_from(e.size).unwrap()];
            let Some(layer) = as_tar(body) else {
                continue;
            };
            let name = format!("{name}:{}", e.path);
            let (_, issues, end) = ours(Rope::from(layer.clone()));
            if !issues.is_empty() || end != (End::Marker { trailing: false }) {
                broken.push(name);
                continue;
            }
            entries += compare(&name, Rope::from(layer)).len();
            layers += 1;
        }
    }
    println!("fixtures: {outer} outer tars, {layers} layer tars, {entries} entries agree");
    assert!(
        outer >= 25 && layers >= 40,
        "{outer} outer, {layers} layers"
    );
    // umoci 0.4.7's two truncated layers (tests/fixtures/README.md), not well-formed
    broken.sort();
    broken.dedup();
    assert_eq!(broken.len(), 2, "{broken:?}");
    assert!(broken
        .iter()
        .all(|b| b.contains("umoci-layout-multiref.tar:")));
}

/// Every well-formed output of the test tar writer: each entry kind, GNU long names and
/// links, PAX records (path, linkpath, size, ids, mtime, xattrs), a PAX global header, and
/// the end-marker variants. Not here, because not well-formed: `corrupt_next_checksum`,
/// `finish_without_end_marker`, `size_override`, `raw*` and `auto_long_names(false)` with
/// names over 100 bytes.
#[test]
fn tar_writer_outputs() {
    let long = "d/".repeat(80) + "file";
    let long_link = "../".repeat(50) + "target";
    let mut w = TarWriter::new();
    w.file("etc/hostname", b"ocilens\n")
        .file_with_mode("usr/bin/tool", b"#!/bin/sh\n", 0o755)
        .dir("usr/share")
        .symlink("usr/bin/sh", "busybox")
        .hardlink("usr/bin/ash", "usr/bin/tool")
        .char_device("dev/null", 1, 3)
        .block_device("dev/sda", 8, 0)
        .fifo("run/pipe")
        .whiteout("etc/removed")
        .opaque("var/cache")
        .file(&long, &[7u8; 1000])
        .symlink("l", &long_link);
    w.entry(EntrySpec {
        path: b"old-style".to_vec(),
        kind: kind::OLD_FILE,
        body: b"v7".to_vec(),
        ..Default::default()
    });
    w.entry(EntrySpec {
        path: b"contiguous".to_vec(),
        kind: kind::CONTIGUOUS,
        body: vec![1; 513],
        ..Default::default()
    });
    w.pax(&[
        ("path", long.as_bytes()),
        ("uid", b"70000"),
        ("mtime", b"1.5"),
    ])
    .pax(&[("SCHILY.xattr.user.k", b"v")])
    .file("short", b"pax named");
    w.pax(&[("linkpath", long_link.as_bytes())])
        .symlink("pax-link", "x");
    w.pax(&[("size", b"3")]).file("sized", b"abc");
    let mut g = TarWriter::new();
    g.global_pax(&[("comment", b"global")])
        .file("after-global", b"g");
    let a = w.clone().finish();
    let b = w.clone().finish_with_zero_blocks(1);
    let c = w.finish_with_zero_blocks(5);
    let d = g.finish();
    for (name, bytes) in [("w", a), ("one zero block", b), ("five", c), ("global", d)] {
        assert!(!compare(name, Rope::from(bytes)).is_empty(), "{name}");
    }
    for (name, bytes) in [
        (
            "rootfs",
            support::layer::rootfs_tar(&[("a", b"1"), ("b/c", b"2")]),
        ),
        ("empty", support::layer::empty_tar()),
    ] {
        compare(name, Rope::from(bytes));
    }
}

#[test]
fn random_builder_archives() {
    let mut rng = oracle::XorShift(0x0c11_e25e_ed00_0007);
    let (mut entries, mut big, mut pax, mut long) = (0, 0, 0, 0);
    for n in 0..1200 {
        let (rope, stats) = oracle::random_archive(&mut rng);
        let listed = compare(&format!("random archive {n}"), rope);
        assert_eq!(listed.len(), stats.entries, "random archive {n}");
        entries += listed.len();
        big += stats.big;
        pax += stats.pax;
        long += stats.long;
    }
    println!("random: {entries} entries agree ({big} big sizes, {pax} PAX headers, {long} long names or links)");
    assert!(big > 100 && pax > 500 && long > 500, "{big} {pax} {long}");
}

/// The comparison itself fails when the readers disagree (here: ocilens's data offsets
/// moved by one block), so the tests above cannot pass vacuously.
#[test]
#[should_panic(expected = "entry 0 (ocilens, then the tar crate)")]
fn a_disagreement_fails() {
    let mut w = TarWriter::new();
    w.file("a", b"1");
    oracle::compare_with("moved", Rope::from(w.finish()), |mut e| {
        e.data_offset += 512;
        e
    });
}
