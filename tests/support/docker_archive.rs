//! A legacy docker-archive: `docker save` up to 24, and the podman/skopeo
//! (c/image) layout with symlinked layers.

use super::compress::{digest, digest_hex, sha256_hex};
use super::edits::{write_entries, Edited, Edits, Entry};
use super::json::{to_json, Doc};
use super::oci_image::{generated_config, CREATED};
use serde_json::{json, Map, Value};

/// One image of a legacy docker-archive: uncompressed layer tars.
#[derive(Clone, Debug, PartialEq)]
pub struct DockerImage {
    /// Uncompressed layer tars, bottom first (stored as is).
    pub layers: Vec<Vec<u8>>,
    /// `RepoTags` (and `repositories`) names, e.g. `kimai/kimai2:apache`.
    pub repo_tags: Vec<String>,
    /// `architecture` of the generated config.
    pub architecture: String,
    /// `os` of the generated config.
    pub os: String,
    /// Declared DiffIDs instead of the layers' real ones.
    pub diff_ids_override: Option<Vec<String>>,
    /// The config: generated from the layers unless replaced.
    pub config: Doc,
    /// Replaces this image's generated `manifest.json` item.
    pub manifest_entry: Option<Value>,
}

impl DockerImage {
    /// An image from layer tars, amd64/linux, no tags.
    pub fn new(layers: Vec<Vec<u8>>) -> Self {
        DockerImage {
            layers,
            repo_tags: Vec::new(),
            architecture: "amd64".to_string(),
            os: "linux".to_string(),
            diff_ids_override: None,
            config: Doc::default(),
            manifest_entry: None,
        }
    }

    /// Adds a `RepoTags` name.
    pub fn with_repo_tag(mut self, tag: &str) -> Self {
        self.repo_tags.push(tag.to_string());
        self
    }

    /// The real DiffIDs: sha256 of each layer file.
    pub fn real_diff_ids(&self) -> Vec<String> {
        self.layers.iter().map(|l| digest(l)).collect()
    }

    /// The DiffIDs the config declares.
    pub fn diff_ids(&self) -> Vec<String> {
        self.diff_ids_override
            .clone()
            .unwrap_or_else(|| self.real_diff_ids())
    }

    /// The config built from the layers.
    pub fn generated_config(&self) -> Value {
        generated_config(&self.architecture, &self.os, self.diff_ids())
    }

    /// The config in use.
    pub fn config_value(&self) -> Value {
        self.config.value_or(|| self.generated_config())
    }

    /// The config bytes as stored.
    pub fn config_blob(&self) -> Vec<u8> {
        self.config.bytes_or(|| self.generated_config())
    }

    /// The config's hex digest (the image ID; file `<hex>.json`).
    pub fn config_hex(&self) -> String {
        sha256_hex(&self.config_blob())
    }

    /// Legacy v1 layer IDs (64 hex), one per layer, chained like c/image does.
    pub fn layer_ids(&self) -> Vec<String> {
        let mut ids = Vec::new();
        let mut chain = String::new();
        let mut parent = String::new();
        for diff_id in self.real_diff_ids() {
            chain = if chain.is_empty() {
                diff_id
            } else {
                digest(format!("{chain} {diff_id}").as_bytes())
            };
            let id = sha256_hex(to_json(&json!({"layer_id": chain, "parent": parent})).as_slice());
            parent = id.clone();
            ids.push(id);
        }
        ids
    }

    /// The paths `manifest.json` lists for the layers.
    pub fn layer_paths(&self, symlinked: bool) -> Vec<String> {
        if symlinked {
            self.real_diff_ids()
                .iter()
                .map(|d| format!("{}.tar", digest_hex(d)))
                .collect()
        } else {
            self.layer_ids()
                .iter()
                .map(|id| format!("{id}/layer.tar"))
                .collect()
        }
    }

    /// This image's `manifest.json` item.
    pub fn generated_manifest_entry(&self, symlinked: bool) -> Value {
        json!({
            "Config": format!("{}.json", self.config_hex()),
            "RepoTags": self.repo_tags,
            "Layers": self.layer_paths(symlinked),
        })
    }

    fn layer_json(&self, index: usize, id: &str, parent: Option<&str>) -> Value {
        let mut j = json!({
            "id": id,
            "created": CREATED,
            "container_config": {"Cmd": null},
            "os": self.os,
        });
        if let Some(parent) = parent {
            j["parent"] = json!(parent);
        }
        if index + 1 == self.layers.len() {
            j["architecture"] = json!(self.architecture);
            j["config"] = self
                .config_value()
                .get("config")
                .cloned()
                .unwrap_or(Value::Null);
        }
        j
    }
}

/// A legacy docker-archive (`docker save` ≤ 24 layout, or the podman/skopeo
/// c/image layout with symlinked layers).
#[derive(Clone, Debug, PartialEq)]
pub struct DockerArchiveBuilder {
    /// The images (`podman save -m` writes several).
    pub images: Vec<DockerImage>,
    /// c/image style: `<diffid-hex>.tar` files, `manifest.json` pointing at
    /// them, and `<id>/layer.tar` symlinks to `../<diffid-hex>.tar`; no
    /// directory entries.
    pub symlinked_layers: bool,
    /// `<id>/` directory entries, docker-save style only (default true).
    pub write_directories: bool,
    /// Write `repositories` (default true).
    pub write_repositories: bool,
    /// DiffIDs whose layer files (`<id>/layer.tar`, `<hex>.tar`) are not written.
    pub omitted_layers: Vec<String>,
    /// Replaces the generated `manifest.json`.
    pub manifest_override: Option<Value>,
    /// Exact `manifest.json` bytes (beats `manifest_override`).
    pub manifest_bytes: Option<Vec<u8>>,
    /// Path edits: omit, replace, extra entries, `./` prefix.
    pub edits: Edits,
}

impl Edited for DockerArchiveBuilder {
    fn edits(&mut self) -> &mut Edits {
        &mut self.edits
    }
}

impl Default for DockerArchiveBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl DockerArchiveBuilder {
    /// An empty builder (docker-save style, directories and `repositories` on).
    pub fn new() -> Self {
        DockerArchiveBuilder {
            images: Vec::new(),
            symlinked_layers: false,
            write_directories: true,
            write_repositories: true,
            omitted_layers: Vec::new(),
            manifest_override: None,
            manifest_bytes: None,
            edits: Edits::default(),
        }
    }

    /// Adds an image.
    pub fn image(mut self, image: DockerImage) -> Self {
        self.images.push(image);
        self
    }

    /// c/image style symlinked layers.
    pub fn symlinked_layers(mut self, on: bool) -> Self {
        self.symlinked_layers = on;
        self
    }

    /// `<id>/` directory entries on or off.
    pub fn write_directories(mut self, on: bool) -> Self {
        self.write_directories = on;
        self
    }

    /// `repositories` on or off.
    pub fn write_repositories(mut self, on: bool) -> Self {
        self.write_repositories = on;
        self
    }

    /// Does not write the layer file(s) of `diff_id`.
    pub fn omit_layer(mut self, diff_id: &str) -> Self {
        self.omitted_layers.push(diff_id.to_string());
        self
    }

    /// Replaces `manifest.json`.
    pub fn manifest_override(mut self, manifest: Value) -> Self {
        self.manifest_override = Some(manifest);
        self
    }

    /// The generated `manifest.json`.
    pub fn generated_manifest(&self) -> Value {
        Value::Array(
            self.images
                .iter()
                .map(|i| {
                    i.manifest_entry
                        .clone()
                        .unwrap_or_else(|| i.generated_manifest_entry(self.symlinked_layers))
                })
                .collect(),
        )
    }

    /// The `manifest.json` bytes as written.
    pub fn manifest_blob(&self) -> Vec<u8> {
        if let Some(bytes) = &self.manifest_bytes {
            return bytes.clone();
        }
        to_json(
            &self
                .manifest_override
                .clone()
                .unwrap_or_else(|| self.generated_manifest()),
        )
    }

    /// The entries in write order, after the edits.
    pub fn entries(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        let mut tops: Vec<(String, String)> = Vec::new();
        for image in &self.images {
            let ids = image.layer_ids();
            let diff_ids = image.real_diff_ids();
            let config = image.config_blob();
            let config_name = format!("{}.json", image.config_hex());
            let mut physical_entries = Vec::new();
            let mut layer_entries = Vec::new();
            for (i, (id, layer)) in ids.iter().zip(&image.layers).enumerate() {
                let omitted = self.omitted_layers.contains(&diff_ids[i]);
                let parent = i.checked_sub(1).map(|p| ids[p].as_str());
                let json = to_json(&image.layer_json(i, id, parent));
                if self.symlinked_layers {
                    let physical = format!("{}.tar", digest_hex(&diff_ids[i]));
                    if !omitted {
                        physical_entries.push(Entry::File(physical.clone(), layer.clone()));
                        layer_entries.push(Entry::Symlink(
                            format!("{id}/layer.tar"),
                            format!("../{physical}"),
                        ));
                    }
                    layer_entries.push(Entry::File(format!("{id}/VERSION"), b"1.0".to_vec()));
                    layer_entries.push(Entry::File(format!("{id}/json"), json));
                } else {
                    if self.write_directories {
                        layer_entries.push(Entry::Dir(format!("{id}/")));
                    }
                    layer_entries.push(Entry::File(format!("{id}/VERSION"), b"1.0".to_vec()));
                    layer_entries.push(Entry::File(format!("{id}/json"), json));
                    if !omitted {
                        layer_entries.push(Entry::File(format!("{id}/layer.tar"), layer.clone()));
                    }
                }
            }
            // c/image: config, layer files, legacy metadata; docker save:
            // legacy layer directories, then the config.
            if self.symlinked_layers {
                out.push(Entry::File(config_name, config));
                out.extend(physical_entries);
                out.extend(layer_entries);
            } else {
                out.extend(layer_entries);
                out.push(Entry::File(config_name, config));
            }
            if let Some(top) = ids.last() {
                tops.extend(image.repo_tags.iter().map(|t| (t.clone(), top.clone())));
            }
        }
        out.push(Entry::File("manifest.json".into(), self.manifest_blob()));
        if self.write_repositories {
            out.push(Entry::File(
                "repositories".into(),
                to_json(&repositories(&tops)),
            ));
        }
        let directories = self.write_directories && !self.symlinked_layers;
        self.edits.apply(out, directories)
    }

    /// The archive as tar bytes.
    pub fn build(&self) -> Vec<u8> {
        write_entries(&self.entries())
    }
}

/// `repositories` content from `(repo:tag, id)` pairs (names without a tag are skipped).
pub fn repositories(tags: &[(String, String)]) -> Value {
    let mut repos = Map::new();
    for (name, id) in tags {
        let Some((repo, tag)) = name.rsplit_once(':').filter(|(_, t)| !t.contains('/')) else {
            continue;
        };
        let entry = repos.entry(repo.to_string()).or_insert_with(|| json!({}));
        entry[tag] = json!(id);
    }
    Value::Object(repos)
}
