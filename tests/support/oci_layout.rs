//! An OCI image layout in a tar: oci-archive, Docker 25+ `docker save`,
//! containerd export.

use super::compress::{digest, digest_hex};
use super::docker_archive::repositories;
use super::edits::{write_entries, Edited, Edits, Entry};
use super::json::to_json;
use super::media_types as mt;
use super::oci_image::OciImage;
use serde_json::{json, Map, Value};

/// `blobs/<alg>/<hex>` for a digest (`blobs/sha256/<digest>` if it has no `:`).
pub fn blob_path(digest: &str) -> String {
    match digest.split_once(':') {
        Some((alg, hex)) => format!("blobs/{alg}/{hex}"),
        None => format!("blobs/sha256/{digest}"),
    }
}

/// An OCI image layout in a tar (oci-archive, Docker 25+ `docker save`,
/// containerd export), with knobs for the quirks and defects seen in the wild.
#[derive(Clone, Debug, PartialEq)]
pub struct OciLayoutBuilder {
    /// Images listed in `index.json`, blobs written.
    pub images: Vec<OciImage>,
    /// Images listed in `index.json` whose blobs are not written (one
    /// platform pulled of a multi-platform image, moby/moby#49473).
    pub absent_images: Vec<OciImage>,
    /// Raw descriptors appended to the index that lists the images.
    pub extra_index_entries: Vec<Value>,
    /// More blobs stored under their digest (unreferenced unless an extra
    /// index entry points at them).
    pub extra_blobs: Vec<Vec<u8>>,
    /// containerd style: `index.json` → one nested image index blob → the
    /// manifests; the first image's names go on the outer descriptor.
    pub nested_index: bool,
    /// Write `oci-layout`, `index.json` (and `manifest.json`) after the blobs.
    pub metadata_last: bool,
    /// Write `blobs/` and `blobs/<alg>/` directory entries (default true).
    pub write_directories: bool,
    /// Replaces the generated `index.json`.
    pub index_override: Option<Value>,
    /// Exact `index.json` bytes (beats `index_override`).
    pub index_bytes: Option<Vec<u8>>,
    /// Exact `oci-layout` bytes (default `{"imageLayoutVersion":"1.0.0"}`).
    pub oci_layout_bytes: Option<Vec<u8>>,
    /// Also write Docker's `manifest.json` pointing at `blobs/sha256/…`, as
    /// Docker 25+ does (`Config`, `RepoTags`, `Layers`, `LayerSources`).
    pub docker_manifest_json: bool,
    /// Also write Docker's `repositories` (`{repo: {tag: config hex}}`).
    pub docker_repositories: bool,
    /// Path edits: omit, replace, extra entries, `./` prefix.
    pub edits: Edits,
}

impl Edited for OciLayoutBuilder {
    fn edits(&mut self) -> &mut Edits {
        &mut self.edits
    }
}

impl Default for OciLayoutBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl OciLayoutBuilder {
    /// An empty layout builder (directories on, metadata first).
    pub fn new() -> Self {
        OciLayoutBuilder {
            images: Vec::new(),
            absent_images: Vec::new(),
            extra_index_entries: Vec::new(),
            extra_blobs: Vec::new(),
            nested_index: false,
            metadata_last: false,
            write_directories: true,
            index_override: None,
            index_bytes: None,
            oci_layout_bytes: None,
            docker_manifest_json: false,
            docker_repositories: false,
            edits: Edits::default(),
        }
    }

    /// Adds an image.
    pub fn image(mut self, image: OciImage) -> Self {
        self.images.push(image);
        self
    }

    /// Lists an image in the index without writing its blobs.
    pub fn absent_image(mut self, image: OciImage) -> Self {
        self.absent_images.push(image);
        self
    }

    /// Appends a raw descriptor to the index.
    pub fn extra_index_entry(mut self, descriptor: Value) -> Self {
        self.extra_index_entries.push(descriptor);
        self
    }

    /// Stores one more blob under its digest.
    pub fn extra_blob(mut self, bytes: Vec<u8>) -> Self {
        self.extra_blobs.push(bytes);
        self
    }

    /// See [`OciLayoutBuilder::nested_index`].
    pub fn nested_index(mut self, on: bool) -> Self {
        self.nested_index = on;
        self
    }

    /// Metadata files after the blobs.
    pub fn metadata_last(mut self, on: bool) -> Self {
        self.metadata_last = on;
        self
    }

    /// Directory entries on or off.
    pub fn write_directories(mut self, on: bool) -> Self {
        self.write_directories = on;
        self
    }

    /// Does not write the blob of `digest`.
    pub fn omit_blob(mut self, digest: &str) -> Self {
        self.edits.omitted.push(blob_path(digest));
        self
    }

    /// Stores other bytes under `digest`'s path (descriptors unchanged).
    pub fn replace_blob(mut self, digest: &str, bytes: Vec<u8>) -> Self {
        self.edits.replaced.push((blob_path(digest), bytes));
        self
    }

    /// Replaces `index.json`.
    pub fn index_override(mut self, index: Value) -> Self {
        self.index_override = Some(index);
        self
    }

    /// Writes a Docker `manifest.json` too.
    pub fn docker_manifest_json(mut self, on: bool) -> Self {
        self.docker_manifest_json = on;
        self
    }

    /// Writes a Docker `repositories` too.
    pub fn docker_repositories(mut self, on: bool) -> Self {
        self.docker_repositories = on;
        self
    }

    fn image_descriptors(&self) -> Vec<Value> {
        let mut list: Vec<Value> = self
            .images
            .iter()
            .chain(&self.absent_images)
            .map(OciImage::descriptor)
            .collect();
        list.extend(self.extra_index_entries.iter().cloned());
        list
    }

    /// The nested image index (when `nested_index`): the manifests, without
    /// the name annotations (those go on the outer descriptor).
    pub fn nested_index_value(&self) -> Value {
        let manifests: Vec<Value> = self
            .image_descriptors()
            .into_iter()
            .map(|mut d| {
                if let Some(a) = d.get_mut("annotations").and_then(Value::as_object_mut) {
                    a.remove("io.containerd.image.name");
                    a.remove("org.opencontainers.image.ref.name");
                    if a.is_empty() {
                        d.as_object_mut().unwrap().remove("annotations");
                    }
                }
                d
            })
            .collect();
        json!({ "schemaVersion": 2, "mediaType": mt::OCI_INDEX, "manifests": manifests })
    }

    /// The `index.json` built from the images.
    pub fn generated_index(&self) -> Value {
        let manifests = if self.nested_index {
            let blob = to_json(&self.nested_index_value());
            let mut d = json!({
                "mediaType": mt::OCI_INDEX,
                "digest": digest(&blob),
                "size": blob.len(),
            });
            if let Some(first) = self.images.first().or(self.absent_images.first()) {
                let mut annotations = Map::new();
                if let Some(name) = &first.image_name {
                    annotations.insert("io.containerd.image.name".into(), json!(name));
                }
                if let Some(name) = &first.ref_name {
                    annotations.insert("org.opencontainers.image.ref.name".into(), json!(name));
                }
                if !annotations.is_empty() {
                    d["annotations"] = Value::Object(annotations);
                }
            }
            vec![d]
        } else {
            self.image_descriptors()
        };
        json!({ "schemaVersion": 2, "mediaType": mt::OCI_INDEX, "manifests": manifests })
    }

    /// The `index.json` bytes as written.
    pub fn index_blob(&self) -> Vec<u8> {
        if let Some(bytes) = &self.index_bytes {
            return bytes.clone();
        }
        to_json(
            &self
                .index_override
                .clone()
                .unwrap_or_else(|| self.generated_index()),
        )
    }

    /// Docker's `manifest.json` for the present images.
    pub fn generated_docker_manifest(&self) -> Value {
        Value::Array(
            self.images
                .iter()
                .map(|image| {
                    let mut sources = Map::new();
                    for l in &image.layers {
                        sources.insert(l.digest(), l.descriptor());
                    }
                    json!({
                        "Config": blob_path(&image.config_digest()),
                        "RepoTags": image.repo_tags,
                        "Layers": image.layers.iter().map(|l| blob_path(&l.digest())).collect::<Vec<_>>(),
                        "LayerSources": sources,
                    })
                })
                .collect(),
        )
    }

    /// The entries in write order, after the edits.
    pub fn entries(&self) -> Vec<Entry> {
        let mut meta = vec![
            Entry::File(
                "oci-layout".into(),
                self.oci_layout_bytes
                    .clone()
                    .unwrap_or_else(|| br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec()),
            ),
            Entry::File("index.json".into(), self.index_blob()),
        ];
        if self.docker_manifest_json {
            meta.push(Entry::File(
                "manifest.json".into(),
                to_json(&self.generated_docker_manifest()),
            ));
        }
        if self.docker_repositories {
            let top: Vec<(String, String)> = self
                .images
                .iter()
                .flat_map(|i| {
                    let id = digest_hex(&i.config_digest()).to_string();
                    i.repo_tags.iter().map(move |t| (t.clone(), id.clone()))
                })
                .collect();
            meta.push(Entry::File(
                "repositories".into(),
                to_json(&repositories(&top)),
            ));
        }

        let mut blobs: Vec<(String, Vec<u8>)> = Vec::new();
        for image in &self.images {
            blobs.extend(image.blobs());
        }
        if self.nested_index {
            let blob = to_json(&self.nested_index_value());
            blobs.insert(0, (digest(&blob), blob));
        }
        blobs.extend(self.extra_blobs.iter().map(|b| (digest(b), b.clone())));
        let mut blob_entries = Vec::new();
        if self.write_directories {
            blob_entries.push(Entry::Dir("blobs/".into()));
            let mut algs: Vec<String> = Vec::new();
            for (d, _) in &blobs {
                let dir = format!("{}/", parent(&blob_path(d)));
                if !algs.contains(&dir) {
                    algs.push(dir.clone());
                    blob_entries.push(Entry::Dir(dir));
                }
            }
        }
        blob_entries.extend(
            blobs
                .into_iter()
                .map(|(d, b)| Entry::File(blob_path(&d), b)),
        );

        let all = if self.metadata_last {
            blob_entries.into_iter().chain(meta).collect()
        } else {
            meta.into_iter().chain(blob_entries).collect()
        };
        self.edits.apply(all, self.write_directories)
    }

    /// The archive as tar bytes.
    pub fn build(&self) -> Vec<u8> {
        write_entries(&self.entries())
    }
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(p, _)| p)
}
