//! The worker glue in a real dedicated worker of headless Chromium:
//! `BlobReader` reads a `File` in slices (`FileReaderSync`), seeks across
//! slice boundaries, and drives the engine; the messages round-trip, and JSON
//! written in chunks into JS strings is the JSON written whole.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]
#![cfg(target_arch = "wasm32")]

use ocilens::engine::finding::Code;
use ocilens::engine::report::Content;
use ocilens::engine::{inspect, NullSink, Options};
use ocilens::protocol::{FromWorker, ProgressUpdate, ToWorker};
use ocilens::web::blob_reader::{BlobReader, SLICE};
use std::io::{BufReader, Read, Seek, SeekFrom};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::File;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

fn file(bytes: &[u8], name: &str) -> File {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::new();
    parts.push(&array.buffer());
    File::new_with_buffer_source_sequence(&parts, name).unwrap()
}

#[wasm_bindgen_test]
fn reads_in_slices_and_seeks_across_boundaries() {
    let len = (2 * SLICE + 12_345) as usize;
    let data: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
    let mut r = BlobReader::new(file(&data, "big.bin").into()).unwrap();
    assert_eq!(r.len(), len as u64);
    let mut all = Vec::new();
    r.read_to_end(&mut all).unwrap();
    assert!(all == data, "whole read differs");
    for at in [0u64, SLICE - 3, SLICE, 2 * SLICE + 12_000] {
        r.seek(SeekFrom::Start(at)).unwrap();
        let mut buf = [0u8; 100];
        let n = r.read(&mut buf).unwrap();
        assert!(n > 0);
        assert_eq!(&buf[..n], &data[at as usize..at as usize + n], "at {at}");
    }
    assert_eq!(r.seek(SeekFrom::End(0)).unwrap(), len as u64);
    assert_eq!(r.read(&mut [0u8; 8]).unwrap(), 0);
}

#[wasm_bindgen_test]
fn drives_the_engine_over_a_file() {
    let bytes = include_bytes!("fixtures/skopeo-tarball-xz.tar");
    let r = BlobReader::new(file(bytes, "x.tar").into()).unwrap();
    let o = Options {
        tree: true,
        name: "x.tar".into(),
        ..Options::default()
    };
    let report = inspect(BufReader::new(r), &o, &mut NullSink).unwrap();
    let codes: Vec<Code> = report.findings.iter().map(|f| f.code).collect();
    assert!(codes.contains(&Code::DiffidCompressedDigest), "{codes:?}");
    assert_eq!(report.images[0].layers[0].compression, Some(Content::Xz));
}

#[wasm_bindgen_test]
fn messages_round_trip() {
    let m = ToWorker::Open {
        name: "a.tar".into(),
    };
    assert_eq!(serde_json::from_str::<ToWorker>(&m.to_json()).unwrap(), m);
    let p = FromWorker::Progress {
        updates: vec![ProgressUpdate {
            blob: "b".into(),
            done: 1 << 40,
            total: 1 << 41,
        }],
    };
    assert_eq!(FromWorker::from_json(&p.to_json()).unwrap(), p);
    assert!(FromWorker::from_json("{\"type\":\"Nope\"}").is_err());
}

#[wasm_bindgen_test]
fn json_in_chunks_is_the_json_whole() {
    // characters of 1, 2, 3 and 4 bytes in UTF-8 (the emoji is a surrogate pair in the JS string)
    // and a quote to escape, so serde_json writes in many small pieces: over 3 MiB, the 1 MiB
    // chunks end after pieces of each kind, shifted by 0–10 bytes
    let path: String = "aé€😀\"".repeat(300_000);
    for skew in 0..11 {
        let value = ("x".repeat(skew), &path);
        let whole = serde_json::to_string(&value).unwrap();
        let chunked = ocilens::web::js_json::to_js_json(&value).unwrap();
        assert!(chunked.as_string().unwrap() == whole, "skew {skew}");
    }
}
