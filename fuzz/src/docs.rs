//! The document targets: the JSON documents and image references.

use ocilens::engine::finding::{Finding, Location};
use ocilens::engine::model::config::parse_config;
use ocilens::engine::model::digest::parse_digest;
use ocilens::engine::model::docker_manifest::{parse_manifest_json, parse_repositories};
use ocilens::engine::model::fields::Fields;
use ocilens::engine::model::json;
use ocilens::engine::model::manifest::{parse_index, parse_manifest, shape};
use ocilens::engine::model::media_type;
use ocilens::engine::model::reference::{is_valid_tag, parse_normalized};

/// One document read as every kind the engine reads: `index.json`, an image
/// manifest, an image config, `manifest.json` and `repositories`.
pub fn json_docs(data: &[u8]) {
    let Ok(parsed) = json::parse(data) else {
        return;
    };
    let mut findings: Vec<Finding> = Vec::new();
    let mut f = Fields {
        findings: &mut findings,
        location: Location::entry("doc.json"),
        document: "doc.json".to_string(),
    };
    if let Some(obj) = parsed.value.as_object() {
        let _ = shape(obj);
        let _ = parse_index(&mut f, obj);
        let _ = parse_manifest(&mut f, obj);
        let _ = parse_config(&mut f, obj);
        if let Some(m) = obj.get("mediaType").and_then(|v| v.as_str()) {
            let _ = media_type::family(m);
            let _ = media_type::document_kind(m);
            let _ = media_type::layer_type(m);
            let _ = media_type::is_valid_media_type(m);
        }
        if let Some(d) = obj.get("digest").and_then(|v| v.as_str()) {
            if let Ok(d) = parse_digest(d) {
                let path = d.blob_path();
                // a mapped blob path never leaves blobs/<alg>/ (reliability-plan §5, target 6)
                assert!(
                    path.starts_with("blobs/")
                        && !path.split('/').any(|c| c == ".." || c.is_empty()),
                    "blob path {path:?} leaves blobs/"
                );
            }
        }
    }
    let _ = parse_manifest_json(&mut f, &parsed.value);
    let _ = parse_repositories(&mut f, &parsed.value);
    for finding in &findings {
        let _ = finding.message.len();
    }
}

/// A reference parsed, printed every way, and its normal form parsed again.
pub fn reference(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let _ = is_valid_tag(s);
    let Ok(r) = parse_normalized(s) else {
        return;
    };
    let _ = (r.name(), r.familiar_name(), r.familiar());
    let normal = r.normalized();
    if r.registry.is_empty() {
        // upstream's corner case (a first component that looks like a host
        // but is none) keeps a name without a domain; its normal form differs
        return;
    }
    match parse_normalized(&normal) {
        Ok(again) => assert_eq!(
            again.normalized(),
            normal,
            "normal form of {s:?} is not stable"
        ),
        Err(e) => panic!("normal form {normal:?} of {s:?} does not parse: {e:?}"),
    }
}
