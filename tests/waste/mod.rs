//! Shared parts of `tests/waste_oracle.rs`: the fixtures read without the engine
//! ([`archive`]), the reference walk and waste model ([`reference`]), the real tools'
//! listings ([`listing`]), dive's and LayerX's rules ([`peers`]) and the README table
//! ([`table`]).

pub mod archive;
pub mod listing;
pub mod peers;
pub mod reference;
pub mod table;

use listing::Flat;
use ocilens::engine::report::Report;
use ocilens::engine::{inspect, NullSink, Options};
use std::io::Cursor;

/// The engine's report of a fixture, with the trees.
pub fn report(bytes: &[u8]) -> Report {
    let o = Options {
        tree: true,
        name: "waste".into(),
        ..Options::default()
    };
    inspect(Cursor::new(bytes), &o, &mut NullSink).expect("readable")
}

/// The index in `images[]` of the image the archive names `reference`.
pub fn image_index(r: &Report, reference: &str) -> u32 {
    let found: Vec<u32> = r
        .references
        .iter()
        .filter(|x| x.as_written == reference)
        .filter_map(|x| x.image)
        .collect();
    assert!(
        !found.is_empty(),
        "no image named {reference}: {:?}",
        r.references
    );
    assert!(
        found.iter().all(|i| *i == found[0]),
        "{reference} names two images"
    );
    found[0]
}

/// The engine's merged tree of image `i`, as [`Flat`] rows.
pub fn engine_tree(r: &Report, i: u32) -> Vec<Flat> {
    let tree = r.tree.as_ref().expect("--tree");
    let merged = tree
        .merged
        .iter()
        .find(|m| m.image == i)
        .expect("a merged tree");
    merged
        .entries
        .iter()
        .map(|e| Flat {
            path: e.path.clone(),
            kind: serde_json::to_value(e.kind)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string(),
            size: e.size,
            // the report's `mode` is the tar header's field as written: Go's archive/tar
            // (docker, buildah) puts the S_IFMT type bits in it too (0o40755 for a
            // directory). The file system's type is the `type` column; compare permissions.
            mode: e.mode & 0o7777,
            uid: e.uid,
            gid: e.gid,
            link: e.link.clone(),
            sha: None,
        })
        .collect()
}

/// The reference walk's merged tree, as [`Flat`] rows.
pub fn reference_tree(m: &reference::Merged) -> Vec<Flat> {
    use reference::Kind;
    m.tree
        .values()
        .map(|n| Flat {
            path: n.entry.path.clone(),
            kind: match n.entry.kind {
                Kind::File => "file",
                Kind::Dir => "dir",
                Kind::Symlink => "symlink",
                Kind::Hardlink => "hardlink",
                Kind::Other => "other",
            }
            .to_string(),
            size: n.entry.size,
            mode: n.entry.mode,
            uid: n.entry.uid,
            gid: n.entry.gid,
            link: n.entry.link.clone(),
            sha: n.entry.sha.clone(),
        })
        .collect()
}
