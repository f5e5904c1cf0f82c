//! One image of an OCI layout: its manifest, config and layers, and how the
//! layout's `index.json` (and Docker's `manifest.json`) names it.

use super::compress::digest;
use super::json::{merge, Doc};
use super::layer::Layer;
use super::media_types as mt;
use serde_json::{json, Map, Value};

/// `created` timestamp used in generated configs (the tar writer's mtime).
pub const CREATED: &str = "2023-11-14T22:13:20Z";

/// One image for an OCI layout: manifest, config and layers, plus how the
/// layout's `index.json` (and Docker's `manifest.json`) names it.
#[derive(Clone, Debug, PartialEq)]
pub struct OciImage {
    /// The layers, bottom first.
    pub layers: Vec<Layer>,
    /// `architecture` of the generated config.
    pub architecture: String,
    /// `os` of the generated config.
    pub os: String,
    /// The config (see [`OciImage::generated_config`]) unless replaced.
    pub config: Doc,
    /// The config descriptor's media type.
    pub config_media_type: String,
    /// The manifest's `mediaType` field; `None` leaves it out.
    pub manifest_media_type: Option<String>,
    /// Extra top-level manifest fields (`annotations`, `artifactType`,
    /// `subject`, …), merged last.
    pub manifest_extra: Map<String, Value>,
    /// The manifest (see [`OciImage::generated_manifest`]) unless replaced.
    pub manifest: Doc,
    /// The index descriptor's media type; `None` → `manifest_media_type`,
    /// else the OCI manifest type.
    pub descriptor_media_type: Option<String>,
    /// `platform` of the index descriptor.
    pub platform: Option<Value>,
    /// `org.opencontainers.image.ref.name` annotation of the index descriptor.
    pub ref_name: Option<String>,
    /// `io.containerd.image.name` annotation of the index descriptor.
    pub image_name: Option<String>,
    /// Extra index-descriptor fields, merged last.
    pub descriptor_extra: Map<String, Value>,
    /// `RepoTags` in a Docker `manifest.json` written beside the layout.
    pub repo_tags: Vec<String>,
}

impl OciImage {
    /// An OCI image (OCI manifest and config types), amd64/linux.
    pub fn new(layers: Vec<Layer>) -> Self {
        OciImage {
            layers,
            architecture: "amd64".to_string(),
            os: "linux".to_string(),
            config: Doc::default(),
            config_media_type: mt::OCI_CONFIG.to_string(),
            manifest_media_type: Some(mt::OCI_MANIFEST.to_string()),
            manifest_extra: Map::new(),
            manifest: Doc::default(),
            descriptor_media_type: None,
            platform: None,
            ref_name: None,
            image_name: None,
            descriptor_extra: Map::new(),
            repo_tags: Vec::new(),
        }
    }

    /// A Docker schema2 image (Docker manifest and config types).
    pub fn docker(layers: Vec<Layer>) -> Self {
        let mut image = Self::new(layers);
        image.config_media_type = mt::DOCKER_CONFIG.to_string();
        image.manifest_media_type = Some(mt::DOCKER_MANIFEST.to_string());
        image
    }

    /// Sets the `org.opencontainers.image.ref.name` annotation.
    pub fn with_ref_name(mut self, name: &str) -> Self {
        self.ref_name = Some(name.to_string());
        self
    }

    /// Sets the `io.containerd.image.name` annotation.
    pub fn with_image_name(mut self, name: &str) -> Self {
        self.image_name = Some(name.to_string());
        self
    }

    /// Adds a `RepoTags` entry (Docker `manifest.json`).
    pub fn with_repo_tag(mut self, tag: &str) -> Self {
        self.repo_tags.push(tag.to_string());
        self
    }

    /// Sets the config's architecture/os and the descriptor's `platform`.
    pub fn with_platform(mut self, architecture: &str, os: &str) -> Self {
        self.architecture = architecture.to_string();
        self.os = os.to_string();
        self.platform = Some(json!({"architecture": architecture, "os": os}));
        self
    }

    /// Adds a top-level manifest field.
    pub fn with_manifest_field(mut self, key: &str, value: Value) -> Self {
        self.manifest_extra.insert(key.to_string(), value);
        self
    }

    /// The config built from the layers: architecture, os, `config`,
    /// `rootfs` (`layers`, the layers' DiffIDs) and one history entry per layer.
    pub fn generated_config(&self) -> Value {
        generated_config(
            &self.architecture,
            &self.os,
            self.layers.iter().map(|l| l.diff_id.clone()).collect(),
        )
    }

    /// The config in use (`config` or generated).
    pub fn config_value(&self) -> Value {
        self.config.value_or(|| self.generated_config())
    }

    /// The config bytes as stored.
    pub fn config_blob(&self) -> Vec<u8> {
        self.config.bytes_or(|| self.generated_config())
    }

    /// The config's digest.
    pub fn config_digest(&self) -> String {
        digest(&self.config_blob())
    }

    /// The manifest's config descriptor.
    pub fn config_descriptor(&self) -> Value {
        let blob = self.config_blob();
        json!({
            "mediaType": self.config_media_type,
            "digest": digest(&blob),
            "size": blob.len(),
        })
    }

    /// The manifest built from the parts.
    pub fn generated_manifest(&self) -> Value {
        let mut m = json!({ "schemaVersion": 2 });
        if let Some(media_type) = &self.manifest_media_type {
            m["mediaType"] = json!(media_type);
        }
        m["config"] = self.config_descriptor();
        m["layers"] = Value::Array(self.layers.iter().map(Layer::descriptor).collect());
        merge(&mut m, &self.manifest_extra);
        m
    }

    /// The manifest in use (`manifest` or generated).
    pub fn manifest_value(&self) -> Value {
        self.manifest.value_or(|| self.generated_manifest())
    }

    /// The manifest bytes as stored.
    pub fn manifest_blob(&self) -> Vec<u8> {
        self.manifest.bytes_or(|| self.generated_manifest())
    }

    /// The manifest's digest.
    pub fn manifest_digest(&self) -> String {
        digest(&self.manifest_blob())
    }

    /// The descriptor `index.json` lists for this image.
    pub fn descriptor(&self) -> Value {
        let blob = self.manifest_blob();
        let media_type = self
            .descriptor_media_type
            .clone()
            .or_else(|| self.manifest_media_type.clone())
            .unwrap_or_else(|| mt::OCI_MANIFEST.to_string());
        let mut d = json!({
            "mediaType": media_type,
            "digest": digest(&blob),
            "size": blob.len(),
        });
        let mut annotations = Map::new();
        if let Some(name) = &self.image_name {
            annotations.insert("io.containerd.image.name".into(), json!(name));
        }
        if let Some(name) = &self.ref_name {
            annotations.insert("org.opencontainers.image.ref.name".into(), json!(name));
        }
        if !annotations.is_empty() {
            d["annotations"] = Value::Object(annotations);
        }
        if let Some(platform) = &self.platform {
            d["platform"] = platform.clone();
        }
        merge(&mut d, &self.descriptor_extra);
        d
    }

    /// `(declared digest, bytes)` of every blob: manifest, config, layers.
    pub fn blobs(&self) -> Vec<(String, Vec<u8>)> {
        let mut blobs = vec![
            (self.manifest_digest(), self.manifest_blob()),
            (self.config_digest(), self.config_blob()),
        ];
        blobs.extend(self.layers.iter().map(|l| (l.digest(), l.blob.clone())));
        blobs
    }
}

/// A config built from DiffIDs: architecture, os, `config` (Env, Cmd),
/// `rootfs` and one `history` entry per layer.
pub fn generated_config(architecture: &str, os: &str, diff_ids: Vec<String>) -> Value {
    let history: Vec<Value> = (0..diff_ids.len())
        .map(|i| json!({"created": CREATED, "created_by": format!("/bin/sh -c #(nop) ADD file:layer{i} in / ")}))
        .collect();
    json!({
        "architecture": architecture,
        "os": os,
        "created": CREATED,
        "config": {
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
            "Cmd": ["/bin/sh"],
        },
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": history,
    })
}
