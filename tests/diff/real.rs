//! The real pairs of `tests/fixtures/diff/` (scripts/make-diff-fixtures:
//! buildah, skopeo and dockerd). Each archive is read here with the `tar`
//! crate, `flate2` and `ruzstd` (index.json or manifest.json, the config,
//! each layer decompressed), the reference computes what the comparison must
//! say, and the engine must agree; then the expectations per pair.

use super::crafted::agree;
use super::reference::Built;
use crate::support::compress::digest;
use ocilens::engine::diff::Diff;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

fn fixture(name: &str) -> Vec<u8> {
    let p = format!("{}/tests/fixtures/diff/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e} (run scripts/make-diff-fixtures)"))
}

/// The regular files and symlinks of an outer tar.
fn outer(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut links = BTreeMap::new();
    let mut ar = tar::Archive::new(bytes);
    for e in ar.entries().unwrap() {
        let mut e = e.unwrap();
        let name = e
            .path()
            .unwrap()
            .to_string_lossy()
            .trim_start_matches("./")
            .to_string();
        if e.header().entry_type().is_symlink() {
            let to = e
                .link_name()
                .unwrap()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            links.insert(name, to);
            continue;
        }
        let mut body = Vec::new();
        e.read_to_end(&mut body).unwrap();
        files.insert(name, body);
    }
    for (name, to) in links {
        let dir = name.rsplit_once('/').map_or("", |(d, _)| d);
        let target = std::path::Path::new(dir).join(&to);
        let mut parts: Vec<&str> = Vec::new();
        for c in target.to_str().unwrap().split('/') {
            match c {
                ".." => {
                    parts.pop();
                }
                "." | "" => {}
                c => parts.push(c),
            }
        }
        let resolved = files.get(&parts.join("/")).cloned().unwrap();
        files.insert(name, resolved);
    }
    files
}

fn decompress(blob: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match blob {
        [0x1f, 0x8b, ..] => {
            flate2::read::MultiGzDecoder::new(blob)
                .read_to_end(&mut out)
                .unwrap();
        }
        [0x28, 0xb5, 0x2f, 0xfd, ..] => {
            let mut src = blob;
            ruzstd::decoding::StreamingDecoder::new(&mut src)
                .unwrap()
                .read_to_end(&mut out)
                .unwrap();
        }
        _ => out = blob.to_vec(),
    }
    out
}

fn blob<'f>(files: &'f BTreeMap<String, Vec<u8>>, digest: &str) -> &'f Vec<u8> {
    &files[&format!("blobs/sha256/{}", digest.trim_start_matches("sha256:"))]
}

/// A fixture read without the engine.
fn read(name: &str) -> Built {
    let archive = fixture(name);
    let files = outer(&archive);
    let (format, config_bytes, blobs, manifest) = match files.get("index.json") {
        Some(index) => {
            let index: Value = serde_json::from_slice(index).unwrap();
            let m = blob(&files, index["manifests"][0]["digest"].as_str().unwrap()).clone();
            let mv: Value = serde_json::from_slice(&m).unwrap();
            let config = blob(&files, mv["config"]["digest"].as_str().unwrap()).clone();
            let layers = mv["layers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| blob(&files, l["digest"].as_str().unwrap()).clone())
                .collect::<Vec<_>>();
            ("oci", config, layers, Some(m))
        }
        None => {
            let m: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
            let config = files[m[0]["Config"].as_str().unwrap()].clone();
            let layers = m[0]["Layers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| files[l.as_str().unwrap()].clone())
                .collect::<Vec<_>>();
            ("docker-archive", config, layers, None)
        }
    };
    Built {
        format,
        tars: blobs.iter().map(|b| decompress(b)).collect(),
        blobs,
        config: serde_json::from_slice(&config_bytes).unwrap(),
        config_digest: digest(&config_bytes),
        manifest,
        archive,
    }
}

fn pair(a: &str, b: &str) -> (Diff, BTreeSet<&'static str>) {
    let (d, e) = agree(&read(a), &read(b));
    for c in &d.causes {
        assert!(!c.evidence.is_empty() && !c.fix.is_empty(), "{c:?}");
    }
    (d, e.causes)
}

#[test]
fn two_timestamps_differ_by_mtime_and_config_not_content() {
    let (d, causes) = pair("ts-1700000000.tar", "ts-1700086400.tar");
    assert!(
        causes.contains("mtime") && causes.contains("config"),
        "{causes:?}"
    );
    assert!(!causes.contains("content"), "{causes:?}");
    assert!(d.same.files && !d.same.diff_ids);
}

#[test]
fn gzip_against_zstd_is_compression_only() {
    let (d, causes) = pair("compress-gzip.tar", "compress-zstd.tar");
    assert_eq!(causes, BTreeSet::from(["compression"]));
    assert!(d.same.diff_ids && d.same.config_digest && !d.same.layer_digests);
}

/// The config fields of the list that differ, read from the JSON.
fn config_fields(a: &Value, b: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for k in [
        "Env",
        "Cmd",
        "Entrypoint",
        "User",
        "WorkingDir",
        "ExposedPorts",
        "Volumes",
        "Labels",
    ] {
        if a["config"][k] != b["config"][k] {
            out.insert(k.to_string());
        }
    }
    for k in ["created", "history"] {
        if a[k] != b[k] {
            out.insert(k.to_string());
        }
    }
    out
}

#[test]
fn v1_against_v2_is_content_and_config_with_exactly_those_paths_and_fields() {
    let (ra, rb) = (read("v1.tar"), read("v2.tar"));
    let (d, e) = agree(&ra, &rb);
    assert_eq!(e.causes, BTreeSet::from(["content", "config"]));
    assert_eq!(d.files.added, ["etc/app/new.txt"]);
    assert!(d.files.removed.is_empty());
    let changed: Vec<&str> = d.files.changed.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(changed, ["etc/app/app.conf"]);
    let fields: BTreeSet<String> = d.config.iter().map(|c| c.field.clone()).collect();
    assert_eq!(fields, config_fields(&ra.config, &rb.config));
    assert!(fields.contains("Env"), "{fields:?}");
}

#[test]
fn docker_archive_against_oci_archive_is_format_with_the_same_config_and_diff_ids() {
    let (d, causes) = pair("format-docker.tar", "format-oci.tar");
    assert!(causes.contains("format"), "{causes:?}");
    assert!(d.same.diff_ids && d.same.config_digest && d.same.files);
    assert!(d.a.manifest_digest.is_none() && !d.a.manifest_preserved);
}

#[test]
fn docker_build_against_buildah_bud_names_whatever_differs() {
    let (d, causes) = pair("docker-build.tar", "buildah-bud.tar");
    assert!(!causes.is_empty());
    assert!(!causes.contains("content"), "{causes:?}");
    assert!(d.same.files);
}
