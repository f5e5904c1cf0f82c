//! Scale as an attack (category H), built at test time: many entries,
//! whiteouts, opaque directories, layers, annotations, history entries,
//! manifests, and an index DAG whose paths multiply (10 levels, fan-out 10).
//! Each stays within its caps and its time: the findings are capped, not
//! the work skipped.

use super::common::*;
use crate::support::compress::*;
use crate::support::json::*;
use crate::support::layer::*;
use crate::support::oci_layout::*;
use crate::support::tar_writer::*;
use ocilens::engine::finding::Code;
use ocilens::engine::report::Report;
use serde_json::{json, Map, Value};

/// The count of the large cases. The plan asks for 1 000 000 files and
/// 100 000 whiteouts, annotations and history entries; at 100 000 the
/// entries (~650 bytes each, more for whiteouts) and the parsed history
/// (~1.5 KB an entry) pass the 64 MiB budget of `tests/corpus_budget.rs`,
/// and take ~3 s in the test profile, so the cases use 30 000.
const MANY: usize = 30_000;
/// The count of the JSON cases (annotations, `Env`, labels): the plan's.
const MANY_JSON: usize = 100_000;

/// A gzip layer of fast-compressed `tar`.
fn fast(tar: Vec<u8>) -> Layer {
    let blob = gzip_level(&tar, 1);
    Layer::tar_gzip(tar).with_blob(blob)
}
fn h_30k_empty_files() -> Vec<u8> {
    let mut t = writer();
    t.dir("d");
    for i in 0..MANY {
        t.file(&format!("d/{i}"), b"");
    }
    layout(vec![fast(t.finish())])
}
fn check_many(r: &Report) {
    // etc, etc/hostname, d and the files
    assert_eq!(layer(r, 0).files, Some(MANY as u64 + 3));
}
fn h_30k_whiteouts() -> Vec<u8> {
    let mut t = TarWriter::new();
    t.dir("etc");
    for i in 0..MANY {
        t.whiteout(&format!("etc/gone{i}"));
    }
    layout(vec![Layer::tar_gzip(base_tar()), fast(t.finish())])
}
fn h_10k_opaque() -> Vec<u8> {
    let mut t = TarWriter::new();
    for i in 0..10_000 {
        let d = format!("o{i}");
        t.dir(&d).opaque(&d);
    }
    layout(vec![Layer::tar_gzip(base_tar()), fast(t.finish())])
}
fn h_500_layers() -> Vec<u8> {
    let layers = (0..500)
        .map(|i| Layer::tar_gzip(rootfs_tar(&[(&format!("l/{i}"), b"x")])))
        .collect();
    layout(layers)
}
fn h_100k_annotations() -> Vec<u8> {
    layout_as_is(with_manifest(|m| {
        let a: Map<String, Value> = (0..MANY_JSON)
            .map(|i| (format!("o.e.{i}"), json!("v")))
            .collect();
        m["annotations"] = Value::Object(a)
    }))
}
fn h_1mib_annotation() -> Vec<u8> {
    layout_as_is(with_manifest(|m| {
        m["annotations"] = json!({"org.example.big": "a".repeat(1 << 20)})
    }))
}
fn h_30k_history() -> Vec<u8> {
    layout_as_is(with_config(|c| {
        let mut h = vec![c["history"][0].clone()];
        h.extend((0..MANY).map(|_| json!({"created_by": "true", "empty_layer": true})));
        c["history"] = json!(h)
    }))
}
fn h_100k_env() -> Vec<u8> {
    layout_as_is(with_config(|c| {
        let e: Vec<String> = (0..MANY_JSON).map(|i| format!("V{i}=x")).collect();
        c["config"]["Env"] = json!(e)
    }))
}
fn h_100k_labels() -> Vec<u8> {
    layout_as_is(with_config(|c| {
        let l: Map<String, Value> = (0..MANY_JSON)
            .map(|i| (format!("l{i}"), json!("v")))
            .collect();
        c["config"]["Labels"] = Value::Object(l)
    }))
}
/// 10 000 manifests in `index.json`, all the same image.
fn h_10k_manifests() -> Vec<u8> {
    let i = img();
    let b = OciLayoutBuilder::new().image(i.clone());
    let mut index = b.generated_index();
    let d = index["manifests"][0].clone();
    index["manifests"] = json!(vec![d; 10_000]);
    b.index_override(index).build()
}
/// Ten nested indexes, each listing the next ten times: 10^10 paths, 11 documents.
fn h_dag_10_levels_fan_10() -> Vec<u8> {
    let base = img();
    let mut b = OciLayoutBuilder::new().image(base.clone());
    let mut child = base.descriptor();
    for _ in 0..10 {
        let blob = to_json(&json!({"schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": vec![child.clone(); 10]}));
        b = b.extra_blob(blob.clone());
        child = json!({"mediaType": "application/vnd.oci.image.index.v1+json",
            "digest": digest(&blob), "size": blob.len()});
    }
    b.index_override(json!({"schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [child]}))
        .build()
}
fn h_10k_hardlinks() -> Vec<u8> {
    let mut t = writer();
    t.dir("h");
    for i in 0..10_000 {
        t.hardlink(&format!("h/{i}"), "etc/hostname");
    }
    layout(vec![fast(t.finish())])
}
fn h_30k_devices() -> Vec<u8> {
    let mut t = writer();
    t.dir("dev");
    for i in 0..MANY {
        t.char_device(&format!("dev/c{i}"), 1, 3);
    }
    layout(vec![fast(t.finish())])
}
fn h_2k_dirs_deep() -> Vec<u8> {
    // 2 000 levels of one-letter directories (a path of 4 000 bytes)
    let mut t = writer();
    let mut p = String::from("x");
    for _ in 0..2_000 {
        t.dir(&p);
        p.push_str("/x");
    }
    layout(vec![fast(t.finish())])
}
fn h_30k_symlinks() -> Vec<u8> {
    let mut t = writer();
    t.dir("s");
    for i in 0..MANY {
        t.symlink(&format!("s/{i}"), "../etc/hostname");
    }
    layout(vec![fast(t.finish())])
}

crafted! {
    h_30k_empty_files: H "scale: 30 000 empty files", [OCI], check = check_many;
    h_30k_whiteouts: H "scale: 30 000 whiteouts of nothing", [Code::WhiteoutTargetMissing, OCI];
    h_10k_opaque: H "scale: 10 000 opaque directories", [OCI];
    h_500_layers: H "scale: 500 layers", [OCI];
    h_100k_annotations: H "scale: 100 000 annotations", [OCI];
    h_1mib_annotation: H "scale: a 1 MiB annotation", [OCI];
    h_30k_history: H "scale: 30 001 history entries, 30 000 empty", [OCI];
    h_100k_env: H "scale: 100 000 Env entries", [OCI];
    h_100k_labels: H "scale: 100 000 labels", [OCI];
    h_10k_manifests: H "scale: 10 000 manifests", [OCI];
    h_dag_10_levels_fan_10: H "scale: index DAG 10 deep, fan-out 10", [OCI];
    h_10k_hardlinks: H "scale: 10 000 hard links to one file", [OCI];
    h_30k_devices: H "scale: 30 000 device nodes", [Code::TarDeviceNode, OCI];
    h_2k_dirs_deep: H "scale: 2 000 nested directories", [OCI];
    h_30k_symlinks: H "scale: 30 000 symlinks", [OCI];
}
