//! The OCI image layout: `oci-layout`, `index.json`, `blobs/<alg>/<encoded>`.
//! [`read`] walks it from `index.json` through the [`Resolver`];
//! [`check_blobs_dir`] then looks for misnamed and unreferenced blobs.
//!
//! > The `oci-layout` file … MUST be a JSON object with `imageLayoutVersion`
//! > … `index.json` … is the entry point for references and descriptors of
//! > the image-layout. (image-spec `image-layout.md`)

use super::resolver::Resolver;
use crate::engine::error::Error;
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::model::descriptor::Descriptor;
use crate::engine::model::digest::parse_digest;
use crate::engine::model::fields::Fields;
use crate::engine::model::manifest::{parse_index, parse_manifest, shape, Index, Manifest, Shape};
use crate::engine::model::media_type::{document_kind, DocumentKind};
use crate::engine::report::{DocumentRole, Image, IndexNode, IndexNodeKind};
use crate::engine::tar::EntryKind;
use serde_json::{Map, Value};
use std::collections::HashMap;

mod walk;
use walk::Walk;

/// What a layout describes: `index.json` as a tree of descriptors, and the
/// images its manifests became (numbered in the order they were met).
#[derive(Debug, Default)]
pub struct Layout {
    /// `index.json` and what it points to (`None` without `index.json`).
    pub index: Option<IndexNode>,
    /// The images.
    pub images: Vec<Image>,
}

/// Walks the layout from `index.json`.
pub fn read(r: &mut Resolver<'_>) -> Result<Layout, Error> {
    let has_index = r.entry("index.json").is_some();
    check_layout_file(r, has_index)?;
    if !has_index {
        r.add(Finding::new(
            Code::FormatIndexMissing,
            Location::entry("index.json"),
            "the layout has no `index.json`: nothing says which images it holds",
        ));
        return Ok(Layout::default());
    }
    let mut walk = Walk {
        r,
        images: Vec::new(),
        by_digest: HashMap::new(),
        indexes: HashMap::new(),
    };
    let root = walk.root()?;
    Ok(Layout {
        index: Some(root),
        images: walk.images,
    })
}

/// The `oci-layout` file: present (when `index.json` is), with version 1.0.0.
fn check_layout_file(r: &mut Resolver<'_>, has_index: bool) -> Result<(), Error> {
    let loc = Location::entry("oci-layout");
    if r.entry("oci-layout").is_none() {
        if has_index {
            r.add(Finding::new(
                Code::FormatOciLayoutMissing,
                loc,
                "the layout has `index.json` but no `oci-layout` file",
            ));
        }
        return Ok(());
    }
    let cap = r.limits().json_document;
    let doc = r.read_document("oci-layout", cap, DocumentRole::OciLayout, &loc, None)?;
    let Some(v) = doc.value else {
        return Ok(());
    };
    let version = v.get("imageLayoutVersion").and_then(Value::as_str);
    if version != Some("1.0.0") {
        r.add(Finding::new(
            Code::FormatOciLayoutVersion,
            loc,
            format!(
                "`imageLayoutVersion` is {}, not \"1.0.0\"",
                version.map_or("missing".to_string(), |v| format!("{v:?}"))
            ),
        ));
    }
    Ok(())
}

/// Checks the `blobs/` directory: misnamed and unreferenced blobs.
pub fn check_blobs_dir(r: &mut Resolver<'_>) {
    let mut found = Vec::new();
    for e in r.entries() {
        if !e.name.starts_with("blobs/") || e.tar.kind == EntryKind::Directory {
            continue;
        }
        let rest = e.name.trim_start_matches("blobs/");
        let well_named = rest
            .split_once('/')
            .is_some_and(|(alg, enc)| parse_digest(&format!("{alg}:{enc}")).is_ok());
        if !well_named {
            found.push(Finding::new(
                Code::ArchiveBadBlobName,
                Location::entry(e.name.clone()),
                format!("`{}` is not named `blobs/<algorithm>/<encoded>`", e.name),
            ));
        } else if !r.is_referenced(&e.name) {
            found.push(Finding::new(
                Code::ArchiveUnreferencedBlob,
                Location::entry(e.name.clone()),
                format!(
                    "blob `{}` ({} bytes) is referenced by no document",
                    e.name, e.tar.size
                ),
            ));
        }
    }
    r.extend(found);
}

/// What a document turned out to be.
enum Parsed {
    Index(Box<Index>),
    Manifest(Box<Manifest>),
    Schema1,
    Unreadable,
}

/// Decides what a document is from the descriptor's media type, the
/// document's own `mediaType` and its shape (CVE-2021-41190), and parses it.
fn parse_document(
    findings: &mut Vec<Finding>,
    obj: &Map<String, Value>,
    declared: Option<&str>,
    name: &str,
    loc: &Location,
) -> Parsed {
    let s = shape(obj);
    let inner = obj.get("mediaType").and_then(Value::as_str);
    let at = |code, message: String| Finding::new(code, loc.clone(), message);
    if s.has_manifests && s.has_config_or_layers {
        findings.push(at(
            Code::DescriptorMediaTypeAmbiguousDocument,
            format!("`{name}` has both `manifests` and `config`/`layers`"),
        ));
    }
    if s.schema1 {
        findings.push(at(
            Code::FormatSchema1,
            format!("`{name}` is a Docker schema 1 manifest"),
        ));
        return Parsed::Schema1;
    }
    if let (Some(d), Some(i)) = (declared, inner) {
        if d != i {
            findings.push(
                at(
                    Code::DescriptorMediaTypeMismatch,
                    format!("the descriptor says `{d}`, the document `{name}` says `{i}`"),
                )
                .expected_found(d, i),
            );
        }
    }
    let kind = kind_of(findings, declared, inner, &s, name, loc);
    if inner.is_none()
        && matches!(kind, DocumentKind::Index | DocumentKind::Manifest)
        && name != "index.json"
    {
        findings.push(at(
            Code::DescriptorMediaTypeDocumentMissing,
            format!("`{name}` has no `mediaType`"),
        ));
    }
    let parsed = parse_as(kind, findings, obj, name, loc);
    if obj.get("manifests").is_none() && obj.get("config").is_none() && obj.get("layers").is_none()
    {
        return Parsed::Unreadable;
    }
    parsed
}

/// The kind by type (the descriptor's, else the document's), checked against
/// the kind by shape, which wins when they disagree.
fn kind_of(
    findings: &mut Vec<Finding>,
    declared: Option<&str>,
    inner: Option<&str>,
    s: &Shape,
    name: &str,
    loc: &Location,
) -> DocumentKind {
    let known = |t: Option<&str>| t.map(document_kind).filter(|k| *k != DocumentKind::Other);
    let by_type = known(declared).or_else(|| known(inner));
    let by_shape = if s.has_manifests && !s.has_config_or_layers {
        Some(DocumentKind::Index)
    } else if s.has_config_or_layers && !s.has_manifests {
        Some(DocumentKind::Manifest)
    } else {
        None
    };
    match (by_type, by_shape) {
        (Some(t), Some(sh)) if t != sh => {
            findings.push(Finding::new(
                Code::DescriptorMediaTypeShapeMismatch,
                loc.clone(),
                format!("`{name}` is typed as {t:?} but shaped like {sh:?}"),
            ));
            sh
        }
        (Some(t), _) => t,
        (None, Some(sh)) => sh,
        (None, None) => DocumentKind::Manifest,
    }
}

/// Parses `obj` as an index or a manifest; a `schemaVersion` other than 2 is a finding.
fn parse_as(
    kind: DocumentKind,
    findings: &mut Vec<Finding>,
    obj: &Map<String, Value>,
    name: &str,
    loc: &Location,
) -> Parsed {
    let mut f = Fields {
        findings,
        location: loc.clone(),
        document: name.to_string(),
    };
    let (parsed, version) = match kind {
        DocumentKind::Index => {
            let i = parse_index(&mut f, obj);
            let v = i.common.schema_version;
            (Parsed::Index(Box::new(i)), v)
        }
        _ => {
            let m = parse_manifest(&mut f, obj);
            let v = m.common.schema_version;
            (Parsed::Manifest(Box::new(m)), v)
        }
    };
    if let Some(v) = version.filter(|v| *v != 2) {
        findings.push(Finding::new(
            Code::JsonSchemaVersion,
            loc.clone().with_path("$.schemaVersion"),
            format!("`{name}`: schemaVersion is {v}, not 2"),
        ));
    }
    parsed
}

/// The node of a descriptor before its blob is read, and whether the
/// descriptor marks a BuildKit attestation.
fn declared_node(desc: &Descriptor) -> (IndexNode, bool) {
    let attestation = desc
        .annotations
        .get("vnd.docker.reference.type")
        .map(String::as_str)
        == Some("attestation-manifest");
    let declared_kind = desc
        .media_type
        .as_deref()
        .map(document_kind)
        .unwrap_or(DocumentKind::Other);
    let kind = match declared_kind {
        DocumentKind::Index => IndexNodeKind::Index,
        DocumentKind::Manifest if attestation => IndexNodeKind::Attestation,
        DocumentKind::Manifest => IndexNodeKind::Manifest,
        DocumentKind::Schema1 => IndexNodeKind::Schema1,
        DocumentKind::Other => IndexNodeKind::Other,
    };
    let node = IndexNode {
        kind,
        media_type: desc.media_type.clone(),
        digest: desc.digest.clone(),
        size: desc.size,
        platform: desc.platform.clone(),
        annotations: desc.annotations.clone(),
        artifact_type: desc.artifact_type.clone(),
        ..IndexNode::default()
    };
    (node, attestation)
}
