use super::*;
use crate::engine::plan::{BlobResult, LayerContent};
use crate::engine::report::{Content, Tree, TreeLayer, TreeMerged};

fn e(path: &str, kind: Kind) -> LayerEntry {
    LayerEntry {
        path: path.into(),
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

/// Every kind and change, every optional field, extreme numbers, and paths whose shared prefix
/// ends inside a multi-byte character.
fn entries() -> Vec<LayerEntry> {
    let mut out: Vec<LayerEntry> = KINDS
        .iter()
        .enumerate()
        .map(|(i, k)| e(&format!("usr/lib/{i}"), *k))
        .collect();
    out.push(LayerEntry {
        path: "é/日本".into(),
        mode: u32::MAX,
        uid: u64::MAX,
        gid: 1 << 40,
        size: u64::MAX - 1,
        mtime: i64::MIN,
        link: Some("../ü".into()),
        change: Some(Change::Removed),
        layer: Some(u32::MAX),
        hash: Some([0xab; 16]),
        ..e("", Kind::Symlink)
    });
    out.push(LayerEntry {
        path: "é/日曜".into(),
        mtime: -1,
        change: Some(Change::Modified),
        ..e("", Kind::File)
    });
    out.push(LayerEntry {
        change: Some(Change::Added),
        mtime: i64::MAX,
        ..e("", Kind::Dir)
    });
    out
}

fn report() -> FromWorker {
    let mut report: crate::engine::report::Report =
        serde_json::from_str(include_str!("../../tests/golden/docker-save.tar.json"))
            .unwrap_or_else(|e| panic!("golden report: {e}"));
    report.tree = Some(Tree {
        layers: vec![
            TreeLayer {
                image: 0,
                layer: 0,
                entries: entries(),
            },
            TreeLayer::default(),
        ],
        merged: vec![TreeMerged {
            image: 0,
            entries: entries().into_iter().rev().collect(),
        }],
    });
    FromWorker::Report {
        report: Box::new(report),
    }
}

#[test]
fn a_report_round_trips_and_its_json_loses_the_entries() {
    let want = report();
    let mut msg = want.clone();
    let bytes = take(&mut msg).unwrap_or_default();
    let json = msg.to_json();
    assert!(
        !json.contains("usr/lib/"),
        "the entries stay out of the JSON"
    );
    let want_json = want.to_json();
    println!(
        "{} bytes of entries for {} of JSON",
        bytes.len(),
        want_json.len() - json.len()
    );
    assert!(bytes.len() * 3 < want_json.len() - json.len());
    let mut back = FromWorker::from_json(&json).unwrap_or_else(|e| panic!("{e}"));
    restore(&mut back, &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, want);
}

fn blob(layer: Option<LayerContent>) -> BlobResult {
    BlobResult {
        entry: "blobs/sha256/ab".into(),
        size: 1,
        sha256: "sha256:ab".into(),
        sha512: None,
        head: String::new(),
        content: Content::Gzip,
        layer,
    }
}

#[test]
fn finish_and_a_blob_result_round_trip() {
    let result = blob(Some(LayerContent {
        entries: entries(),
        ..LayerContent::default()
    }));
    let want = ToWorker::Finish {
        results: vec![result.clone(), blob(None), result.clone()],
        failed: Vec::new(),
    };
    let mut msg = want.clone();
    let bytes = take_to(&mut msg).unwrap_or_default();
    let mut back: ToWorker = serde_json::from_str(&msg.to_json()).unwrap_or_else(|e| panic!("{e}"));
    restore_to(&mut back, &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, want);

    let want = FromWorker::BlobDone {
        result: Box::new(result),
    };
    let mut msg = want.clone();
    let bytes = take(&mut msg).unwrap_or_default();
    let mut back = FromWorker::from_json(&msg.to_json()).unwrap_or_else(|e| panic!("{e}"));
    restore(&mut back, &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, want);
}

#[test]
fn a_message_without_entries_has_no_bytes() {
    let mut m = FromWorker::Ready;
    assert_eq!(take(&mut m), None);
    let mut m = FromWorker::BlobDone {
        result: Box::new(blob(Some(LayerContent::default()))),
    };
    assert_eq!(take(&mut m), None);
}

#[test]
fn cut_or_changed_bytes_are_an_error_never_a_panic() {
    let mut msg = report();
    let bytes = take(&mut msg).unwrap_or_default();
    let json = msg.to_json();
    let fresh = || FromWorker::from_json(&json).unwrap_or_else(|e| panic!("{e}"));
    for n in 0..bytes.len() {
        let cut = bytes.get(..n).unwrap_or_default();
        assert!(restore(&mut fresh(), cut).is_err(), "cut at {n}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(restore(&mut fresh(), &longer).is_err());
    // every byte changed in turn: an error or other entries, never a panic or a huge reservation
    for i in 0..bytes.len() {
        for v in [0x00, 0x7f, 0x80, 0xff] {
            let mut b = bytes.clone();
            if let Some(x) = b.get_mut(i) {
                *x = v;
            }
            let _ = restore(&mut fresh(), &b);
        }
    }
    // another message's shape: the list count differs
    let mut other = FromWorker::BlobDone {
        result: Box::new(blob(Some(LayerContent::default()))),
    };
    assert!(restore(&mut other, &bytes).is_err());
}
