//! Descriptors.
//!
//! > `mediaType` string: This REQUIRED property contains the media type of the
//! > referenced content. `digest` string: This REQUIRED property is the digest
//! > of the targeted content. `size` int64: This REQUIRED property specifies
//! > the size, in bytes, of the raw content. (image-spec `descriptor.md`)
//!
//! Parsed leniently: a missing field is a finding, not a rejected document.

use super::fields::Fields;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// A platform (`image-index.md#image-index-property-descriptions`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Platform {
    /// `architecture`
    pub architecture: String,
    /// `os`
    pub os: String,
    /// `variant`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// `os.version`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
}

impl Platform {
    /// `os/architecture[/variant]`
    pub fn display(&self) -> String {
        match &self.variant {
            Some(v) => format!("{}/{}/{}", self.os, self.architecture, v),
            None => format!("{}/{}", self.os, self.architecture),
        }
    }
}

/// A content descriptor, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Descriptor {
    /// `mediaType`
    pub media_type: Option<String>,
    /// `digest`, unvalidated.
    pub digest: Option<String>,
    /// `size`
    pub size: Option<u64>,
    /// `urls`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub urls: Vec<String>,
    /// `annotations`
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// `platform` (index entries)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
    /// `artifactType`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_type: Option<String>,
    /// `data` (embedded base64 content)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

/// Reads a descriptor at `path` (e.g. `$.layers[0]`).
pub fn parse_descriptor(f: &mut Fields<'_>, value: &Value, path: &str) -> Option<Descriptor> {
    let Value::Object(obj) = value else {
        f.wrong_type(path, "an object", value);
        return None;
    };
    let platform = f.object(obj, path, "platform", false).map(|p| {
        let pp = format!("{path}.platform");
        Platform {
            architecture: f.string(p, &pp, "architecture", true).unwrap_or_default(),
            os: f.string(p, &pp, "os", true).unwrap_or_default(),
            variant: f.string(p, &pp, "variant", false),
            os_version: f.string(p, &pp, "os.version", false),
        }
    });
    Some(Descriptor {
        media_type: f.string(obj, path, "mediaType", true),
        digest: f.string(obj, path, "digest", true),
        size: f.integer(obj, path, "size", true),
        urls: f.strings(obj, path, "urls", false),
        annotations: f.annotations(obj, path, "annotations"),
        platform,
        artifact_type: f.string(obj, path, "artifactType", false),
        data: f.string(obj, path, "data", false),
    })
}
