//! Image manifests and image indexes.
//!
//! > `schemaVersion` int: This REQUIRED property specifies the image manifest
//! > schema version. For this version of the specification, this MUST be 2.
//! > `config` descriptor: This REQUIRED property references a configuration
//! > object for a container, by digest. `layers` array of objects: … For
//! > portability, layers SHOULD have at least one entry.
//! > (image-spec `manifest.md`)
//!
//! > `manifests` array of objects: This REQUIRED property contains a list of
//! > manifests for specific platforms. (image-spec `image-index.md`)

use super::descriptor::{parse_descriptor, Descriptor};
use super::fields::Fields;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Fields common to manifests and indexes.
#[derive(Debug, Clone, Default)]
pub struct Common {
    /// `schemaVersion`
    pub schema_version: Option<u64>,
    /// `mediaType` inside the document
    pub media_type: Option<String>,
    /// `artifactType`
    pub artifact_type: Option<String>,
    /// `subject`
    pub subject: Option<Descriptor>,
    /// `annotations`
    pub annotations: BTreeMap<String, String>,
}

/// An image manifest (OCI or Docker schema2).
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    /// Common fields.
    pub common: Common,
    /// `config`
    pub config: Option<Descriptor>,
    /// `layers`
    pub layers: Vec<Descriptor>,
}

/// An image index (OCI) or manifest list (Docker).
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Common fields.
    pub common: Common,
    /// `manifests`
    pub manifests: Vec<Descriptor>,
}

/// The shape of a document, whatever its media type says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Has `manifests`.
    pub has_manifests: bool,
    /// Has `config` or `layers`.
    pub has_config_or_layers: bool,
    /// `schemaVersion` is 1 or it has `fsLayers`.
    pub schema1: bool,
}

/// The shape of an object.
pub fn shape(obj: &Map<String, Value>) -> Shape {
    Shape {
        has_manifests: obj.contains_key("manifests"),
        has_config_or_layers: obj.contains_key("config") || obj.contains_key("layers"),
        schema1: obj.get("schemaVersion").and_then(Value::as_u64) == Some(1)
            || obj.contains_key("fsLayers"),
    }
}

fn common(f: &mut Fields<'_>, obj: &Map<String, Value>) -> Common {
    Common {
        schema_version: f.integer(obj, "$", "schemaVersion", true),
        media_type: f.string(obj, "$", "mediaType", false),
        artifact_type: f.string(obj, "$", "artifactType", false),
        subject: obj
            .get("subject")
            .and_then(|v| parse_descriptor(f, v, "$.subject")),
        annotations: f.annotations(obj, "$", "annotations"),
    }
}

fn descriptors(
    f: &mut Fields<'_>,
    obj: &Map<String, Value>,
    key: &str,
    required: bool,
) -> Vec<Descriptor> {
    let mut out = Vec::new();
    if let Some(items) = f.array(obj, "$", key, required) {
        for (i, v) in items.iter().enumerate() {
            if let Some(d) = parse_descriptor(f, v, &format!("$.{key}[{i}]")) {
                out.push(d);
            }
        }
    }
    out
}

/// Reads an image manifest.
pub fn parse_manifest(f: &mut Fields<'_>, obj: &Map<String, Value>) -> Manifest {
    let common = common(f, obj);
    let config = match obj.get("config") {
        Some(v) => parse_descriptor(f, v, "$.config"),
        None => {
            f.missing("$.config");
            None
        }
    };
    Manifest {
        common,
        config,
        layers: descriptors(f, obj, "layers", true),
    }
}

/// Reads an image index.
pub fn parse_index(f: &mut Fields<'_>, obj: &Map<String, Value>) -> Index {
    Index {
        common: common(f, obj),
        manifests: descriptors(f, obj, "manifests", true),
    }
}
