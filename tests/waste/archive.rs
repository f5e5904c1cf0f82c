//! The waste fixtures (`scripts/make-waste-fixtures`) read WITHOUT the engine: the `tar`
//! crate over the outer archive, flate2 for gzip, serde_json for `manifest.json` or
//! `index.json` → manifest → layers. Each image comes out as its reference and its layer
//! tars, decompressed, bottom first.

use flate2::read::GzDecoder;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;

/// One waste fixture: its file, and the oracle listings the script recorded for it.
pub struct Fixture {
    /// The file name in `tests/fixtures/`.
    pub name: &'static str,
    /// `tests/oracle/waste/<stem>.<tool>.tsv` files recorded for it.
    pub tools: &'static [&'static str],
}

/// Every waste fixture.
pub const FIXTURES: &[Fixture] = &[
    Fixture {
        name: "waste-buildah-oci.tar",
        tools: &["buildah", "umoci"],
    },
    Fixture {
        name: "waste-buildah-docker.tar.gz",
        tools: &["buildah"],
    },
    Fixture {
        name: "waste-docker.tar.gz",
        tools: &["buildah"],
    },
    Fixture {
        name: "waste-docker-oci.tar",
        tools: &["buildah", "umoci"],
    },
    Fixture {
        name: "waste-vfs.tar.gz",
        tools: &["buildah"],
    },
    Fixture {
        name: "waste-vfs-buildah-oci.tar",
        tools: &["buildah", "umoci"],
    },
];

impl Fixture {
    /// The name without `.tar…`, as the oracle files are named.
    pub fn stem(&self) -> &'static str {
        self.name.split(".tar").next().unwrap()
    }

    /// The archive's bytes as committed.
    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(format!(
            "{}/tests/fixtures/{}",
            env!("CARGO_MANIFEST_DIR"),
            self.name
        ))
        .unwrap()
    }

    /// `tests/oracle/waste/<stem>.<suffix>`.
    pub fn oracle_file(&self, suffix: &str) -> String {
        let path = format!(
            "{}/tests/oracle/waste/{}.{suffix}",
            env!("CARGO_MANIFEST_DIR"),
            self.stem()
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }
}

/// One image of an archive.
pub struct Image {
    /// The reference as the archive writes it (`RepoTags[0]` or `ref.name`).
    pub reference: String,
    /// The layer tars, decompressed, bottom first.
    pub layers: Vec<Vec<u8>>,
}

/// The images of `bytes` (a docker-archive or an OCI layout tar, maybe gzip'd whole).
pub fn images(bytes: &[u8]) -> Vec<Image> {
    let files = outer_files(&gunzip_if(bytes));
    let read = |name: &str| resolve(&files, name);
    if files.contains_key("manifest.json") {
        let manifest: Value = serde_json::from_slice(&read("manifest.json")).unwrap();
        manifest
            .as_array()
            .unwrap()
            .iter()
            .map(|e| Image {
                reference: e["RepoTags"][0].as_str().unwrap().to_string(),
                layers: strings(&e["Layers"]).map(|l| gunzip_if(&read(l))).collect(),
            })
            .collect()
    } else {
        let blob = |d: &Value| read(&format!("blobs/sha256/{}", &d.as_str().unwrap()[7..]));
        let index: Value = serde_json::from_slice(&read("index.json")).unwrap();
        index["manifests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let m: Value = serde_json::from_slice(&blob(&d["digest"])).unwrap();
                Image {
                    reference: d["annotations"]["org.opencontainers.image.ref.name"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    layers: m["layers"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|l| gunzip_if(&blob(&l["digest"])))
                        .collect(),
                }
            })
            .collect()
    }
}

fn strings(v: &Value) -> impl Iterator<Item = &str> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap())
}

/// The bytes, gunzipped when they start with the gzip magic.
pub fn gunzip_if(bytes: &[u8]) -> Vec<u8> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
        out
    } else {
        bytes.to_vec()
    }
}

/// An outer entry: a file's bytes or a symlink's target.
enum Outer {
    File(Vec<u8>),
    Link(String),
}

fn outer_files(tar_bytes: &[u8]) -> BTreeMap<String, Outer> {
    let mut out = BTreeMap::new();
    for e in tar::Archive::new(tar_bytes).entries().unwrap() {
        let mut e = e.unwrap();
        let name = e
            .path()
            .unwrap()
            .to_string_lossy()
            .trim_start_matches("./")
            .to_string();
        let entry = match e.header().entry_type() {
            tar::EntryType::Symlink => Outer::Link(
                e.link_name()
                    .unwrap()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            ),
            t if t.is_file() => {
                let mut body = Vec::new();
                e.read_to_end(&mut body).unwrap();
                Outer::File(body)
            }
            _ => continue,
        };
        out.insert(name, entry);
    }
    out
}

/// A file's bytes, following symlinks (docker save and c/image link `<id>/layer.tar` to a
/// shared copy) relative to the link's directory.
fn resolve(files: &BTreeMap<String, Outer>, name: &str) -> Vec<u8> {
    let mut name = name.to_string();
    for _ in 0..8 {
        match files.get(&name) {
            Some(Outer::File(b)) => return b.clone(),
            Some(Outer::Link(target)) => {
                let mut parts: Vec<&str> = name.split('/').collect();
                parts.pop();
                for p in target.split('/') {
                    match p {
                        ".." => {
                            parts.pop();
                        }
                        "." | "" => {}
                        p => parts.push(p),
                    }
                }
                name = parts.join("/");
            }
            None => panic!("{name} is not in the archive"),
        }
    }
    panic!("{name}: symlink chain too long")
}
