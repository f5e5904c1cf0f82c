//! Docker's `docker save` description: `manifest.json` and `repositories`.
//!
//! > `manifest.json`: an array with one entry per image: `Config` (path of the
//! > config file), `RepoTags` (names), `Layers` (paths of the layer tars, in
//! > order). `repositories`: `{ "repo": { "tag": "<top layer id>" } }`.
//! > (moby/docker-image-spec `v1.2.md`, combined image JSON + filesystem
//! > changeset format)

use super::fields::Fields;
use serde_json::Value;

/// One entry of `manifest.json`.
#[derive(Debug, Clone, Default)]
pub struct DockerManifestEntry {
    /// `Config`: path of the config in the archive.
    pub config: Option<String>,
    /// `RepoTags`
    pub repo_tags: Vec<String>,
    /// `Layers`: paths of the layer files, in order.
    pub layers: Vec<String>,
    /// Docker 25+ writes `LayerSources` (descriptors keyed by DiffID).
    pub has_layer_sources: bool,
}

/// Reads `manifest.json`.
pub fn parse_manifest_json(f: &mut Fields<'_>, value: &Value) -> Vec<DockerManifestEntry> {
    let Value::Array(items) = value else {
        f.wrong_type("$", "an array", value);
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("$[{i}]");
        let Value::Object(obj) = item else {
            f.wrong_type(&path, "an object", item);
            continue;
        };
        out.push(DockerManifestEntry {
            config: f.string(obj, &path, "Config", true),
            repo_tags: match obj.get("RepoTags") {
                None | Some(Value::Null) => Vec::new(),
                Some(_) => f.strings(obj, &path, "RepoTags", false),
            },
            layers: f.strings(obj, &path, "Layers", true),
            has_layer_sources: obj.contains_key("LayerSources"),
        });
    }
    out
}

/// Reads `repositories` into `(repository, tag, id)` triples.
pub fn parse_repositories(f: &mut Fields<'_>, value: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let Value::Object(repos) = value else {
        f.wrong_type("$", "an object", value);
        return out;
    };
    for (repo, tags) in repos {
        let Value::Object(tags) = tags else {
            f.wrong_type(&format!("$.{repo}"), "an object", tags);
            continue;
        };
        for (tag, id) in tags {
            out.push((
                repo.clone(),
                tag.clone(),
                id.as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    out
}
