//! `ocilens cat`: the bytes it writes equal an independent read, the `tar`
//! crate walking each layer that this file finds and decodes itself (the
//! outer archive, `manifest.json` or `index.json`, the manifest, the blob),
//! over fixtures and a crafted image with a symlink, a hard link and a
//! whiteout, seekable and compressed as a whole.

use super::{fixture, ocilens};
use crate::support::compress::gzip;
use crate::support::layer::Layer;
use crate::support::oci_image::OciImage;
use crate::support::oci_layout::OciLayoutBuilder;
use crate::support::tar_writer::TarWriter;
use std::collections::HashMap;
use std::io::Read;
use std::process::Command;

/// `ocilens ARGS`, with stdout as bytes.
fn cat(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ocilens"))
        .arg("cat")
        .args(args)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), out.stdout, err)
}

/// Decodes `data` by its magic bytes (gzip, zstd, xz, bzip2, else as is).
fn decode(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match data {
        [0x1f, 0x8b, ..] => {
            flate2::read::MultiGzDecoder::new(data)
                .read_to_end(&mut out)
                .unwrap();
        }
        [0x28, 0xb5, 0x2f, 0xfd, ..] => {
            let mut rest = data;
            while !rest.is_empty() {
                let mut d = ruzstd::decoding::StreamingDecoder::new(&mut rest).unwrap();
                d.read_to_end(&mut out).unwrap();
            }
        }
        [0xfd, b'7', b'z', b'X', b'Z', 0, ..] => {
            lzma_rust2::XzReader::new(data, true)
                .read_to_end(&mut out)
                .unwrap();
        }
        [b'B', b'Z', b'h', ..] => {
            bzip2::read::MultiBzDecoder::new(data)
                .read_to_end(&mut out)
                .unwrap();
        }
        _ => out = data.to_vec(),
    }
    out
}

fn clean(name: &str) -> String {
    name.split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// Every regular file of a tar (files, and symlinks resolved one level for
/// docker-archive layer links), by cleaned name, in order.
fn files_of(tar: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut links = Vec::new();
    for e in tar::Archive::new(tar).entries().unwrap() {
        let mut e = e.unwrap();
        let name = clean(&String::from_utf8_lossy(&e.path_bytes()));
        match e.header().entry_type() {
            tar::EntryType::Regular => {
                let mut body = Vec::new();
                e.read_to_end(&mut body).unwrap();
                out.push((name, body));
            }
            tar::EntryType::Symlink => {
                let target = String::from_utf8_lossy(&e.link_name_bytes().unwrap()).into_owned();
                let dir = name.rsplit_once('/').map_or("", |(d, _)| d).to_string();
                links.push((name, clean(&format!("{dir}/{target}"))));
            }
            _ => {}
        }
    }
    for (name, target) in links {
        let target = clean(&target.replace("/../", "/").replace("../", ""));
        if let Some((_, body)) = out.iter().find(|(n, _)| *n == target).cloned() {
            out.push((name, body));
        }
    }
    out
}

/// The decoded layer tars of the first image of an archive, read without
/// the engine.
fn layers_of(archive: &[u8]) -> Vec<Vec<u8>> {
    let outer = decode(archive);
    let files: HashMap<String, Vec<u8>> = files_of(&outer).into_iter().collect();
    let json = |name: &str| -> serde_json::Value { serde_json::from_slice(&files[name]).unwrap() };
    let blob = |digest: &str| clean(&format!("blobs/{}", digest.replace(':', "/")));
    let paths: Vec<String> = if files.contains_key("manifest.json") {
        let m = json("manifest.json");
        m[0]["Layers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| clean(l.as_str().unwrap()))
            .collect()
    } else {
        let index = json("index.json");
        let manifest = json(&blob(index["manifests"][0]["digest"].as_str().unwrap()));
        let layers = manifest["layers"].as_array().unwrap();
        layers
            .iter()
            .map(|l| blob(l["digest"].as_str().unwrap()))
            .collect()
    };
    paths.iter().map(|p| decode(&files[p])).collect()
}

#[test]
fn cat_equals_the_tar_crate_for_every_file_of_every_layer() {
    let fixtures = [
        "docker-save.tar",
        "skopeo-oci-gzip.tar",
        "skopeo-oci-zstd.tar",
        "podman-docker-archive.tar",
        "umoci-layout.tar",
        "trillian-mixed-media-types.tar",
        "docker-save.tar.zst",
        "skopeo-oci-gzip.tar.gz",
        "podman-oci-archive.tar.xz",
    ];
    let mut checked = 0;
    for name in fixtures {
        let path = fixture(name);
        let layers = layers_of(&std::fs::read(&path).unwrap());
        assert!(!layers.is_empty(), "{name}: no layers found");
        let mut top: HashMap<String, Vec<u8>> = HashMap::new();
        for (k, layer) in layers.iter().enumerate() {
            for (file, bytes) in files_of(layer) {
                assert!(
                    !file.contains(".wh."),
                    "{name}: a whiteout; the merged check below assumes none"
                );
                let (code, out, err) = cat(&[&path, &file, "--layer", &k.to_string()]);
                assert_eq!(
                    (code, out.len()),
                    (0, bytes.len()),
                    "{name} layer {k} {file}: {err}"
                );
                assert!(out == bytes, "{name} layer {k} {file}: different bytes");
                top.insert(file, bytes);
                checked += 1;
            }
        }
        for (file, bytes) in top {
            let (code, out, err) = cat(&[&path, &format!("/{file}")]);
            assert_eq!(code, 0, "{name} {file}: {err}");
            assert!(out == bytes, "{name} merged {file}: different bytes");
        }
    }
    assert!(checked >= 25, "only {checked} files compared");
}

/// Bytes that are not all alike, over several chunks of the reader.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut s = seed | 1;
    (0..len)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s as u8
        })
        .collect()
}

/// A two-layer image: a library behind a directory symlink and a relative
/// symlink, a hard link, and a secret that layer 1 whites out.
fn crafted() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let (libc, busybox) = (noise(3 << 20, 7), noise(70_000, 9));
    let mut l0 = TarWriter::new();
    l0.dir("etc/")
        .file("etc/secret", b"hunter2\n")
        .dir("usr/")
        .dir("usr/lib/");
    l0.file("usr/lib/libc-2.31.so", &libc)
        .symlink("usr/lib/libc.so.6", "libc-2.31.so");
    l0.symlink("lib", "usr/lib")
        .dir("bin/")
        .file("bin/busybox", &busybox);
    l0.hardlink("bin/sh", "bin/busybox")
        .symlink("etc/loop", "/etc/loop");
    let mut l1 = TarWriter::new();
    l1.dir("etc/")
        .whiteout("etc/secret")
        .file("etc/motd", b"welcome\n");
    let image = OciImage::new(vec![Layer::tar(l0.finish()), Layer::tar_gzip(l1.finish())]);
    let archive = OciLayoutBuilder::new().image(image).build();
    (archive, libc, busybox)
}

fn temp(name: &str, bytes: &[u8]) -> String {
    let p = std::env::temp_dir().join(format!("ocilens-cat-{}-{name}", std::process::id()));
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn cat_follows_symlinks_and_hardlinks_and_respects_whiteouts() {
    let (archive, libc, busybox) = crafted();
    let plain = temp("crafted.tar", &archive);
    let packed = temp("crafted.tar.gz", &gzip(&archive));
    for f in [&plain, &packed] {
        for path in [
            "/lib/libc.so.6",
            "usr/lib/libc.so.6",
            "/usr/lib/libc-2.31.so",
        ] {
            let (code, out, err) = cat(&[f, path]);
            assert_eq!(code, 0, "{f} {path}: {err}");
            assert!(
                out == libc,
                "{f} {path}: different bytes ({} of {})",
                out.len(),
                libc.len()
            );
        }
        let (code, out, err) = cat(&[f, "/bin/sh"]);
        assert_eq!(code, 0, "{err}");
        assert!(out == busybox, "{f}: the hard link gives other bytes");
        assert_eq!(cat(&[f, "etc/motd"]).1, b"welcome\n");
        // hidden by layer 1's whiteout; still in layer 0
        let (code, out, err) = cat(&[f, "/etc/secret"]);
        assert_eq!((code, out.len()), (2, 0));
        assert!(
            err.contains("not in the image") && err.contains("layer 1"),
            "{err}"
        );
        assert_eq!(cat(&[f, "/etc/secret", "--layer", "0"]).1, b"hunter2\n");
        let (code, _, err) = cat(&[f, "/etc/secret", "--layer", "1"]);
        assert!(code == 2 && err.contains("whiteout"), "{err}");
    }
    for (path, says) in [
        ("/etc", "is a directory"),
        ("/etc/loop", "too many symbolic links"),
        ("/nope", "is not in the image"),
        ("/etc/motd/x", "is not a directory"),
    ] {
        let (code, out, err) = cat(&[&plain, path]);
        assert!(
            code == 2 && out.is_empty() && err.contains(says),
            "{path}: {err}"
        );
    }
    let (code, _, err) = cat(&[&plain, "/etc/motd", "--layer", "5"]);
    assert!(code == 2 && err.contains("no layer 5"), "{err}");
    let (code, _, err) = cat(&[&plain, "/etc/motd", "--image", "3"]);
    assert!(code == 2 && err.contains("no image 3"), "{err}");
    let (code, _, err) = cat(&[&fixture("docker-save.tar"), "/etc/localtime"]);
    assert!(
        code == 2 && err.contains("/usr/share/zoneinfo/UTC") && err.contains("dangles"),
        "{err}"
    );
    let (code, _, err) = cat(&["/nonexistent.tar", "/etc/motd"]);
    assert!(code == 2 && err.contains("cannot open"), "{err}");
    let _ = std::fs::remove_file(plain);
    let _ = std::fs::remove_file(packed);
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, err) = ocilens(&["cat", "only-one-arg"]);
    assert!(code == 2 && err.contains("FILE and PATH"), "{err}");
}
