//! The OCI image layout: `oci-layout`, `index.json`, `blobs/<alg>/<encoded>`.
//! [`read`] walks it from `index.json` through the [`Resolver`];
//! [`check_blobs_dir`] then looks for misnamed and unreferenced blobs.
//!
//! > The `oci-layout` file … MUST be a JSON object with `imageLayoutVersion`
//! > … `index.json` … is the entry point for references and descriptors of
//! > the image-layout. (image-spec `image-layout.md`)

use super::image::{image_from_manifest, ManifestSource};
use super::resolver::Resolver;
use crate::engine::error::Error;
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::model::descriptor::Descriptor;
use crate::engine::model::digest::{parse_digest, Digest};
use crate::engine::model::fields::Fields;
use crate::engine::model::manifest::{parse_index, parse_manifest, shape, Index, Manifest, Shape};
use crate::engine::model::media_type::{document_kind, family, DocumentKind, Family};
use crate::engine::report::{BlobCheck, DocumentRole, Image, IndexNode, IndexNodeKind, Status};
use crate::engine::tar::EntryKind;
use crate::engine::verify::media_types;
use serde_json::{Map, Value};
use std::collections::HashMap;

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

/// A descriptor's blob, found in the archive and read.
struct Found<'x> {
    entry: &'x str,
    digest: &'x Digest,
    loc: &'x Location,
    attestation: bool,
}

/// The walk down the index tree: the images made so far, and which manifest
/// digest became which image (a manifest listed twice is one image).
struct Walk<'r, 'a> {
    r: &'r mut Resolver<'a>,
    images: Vec<Image>,
    by_digest: HashMap<String, u32>,
    /// The indexes walked, by digest: one listed again is not walked again (a
    /// DAG 10 deep of fan-out 10 has 10^10 paths); that node has no children.
    indexes: HashMap<String, BlobCheck>,
}

impl Walk<'_, '_> {
    /// `index.json` itself, the root of the tree.
    fn root(&mut self) -> Result<IndexNode, Error> {
        let loc = Location::entry("index.json");
        let cap = self.r.limits().json_document;
        let doc = self
            .r
            .read_document("index.json", cap, DocumentRole::Index, &loc, None)?;
        let mut root = IndexNode {
            kind: IndexNodeKind::Index,
            entry: Some("index.json".into()),
            ..IndexNode::default()
        };
        match &doc.value {
            Some(Value::Object(obj)) => {
                let findings = self.r.findings_mut();
                if let Parsed::Index(index) =
                    parse_document(findings, obj, None, "index.json", &loc)
                {
                    root.media_type = index.common.media_type.clone();
                    root.annotations = index.common.annotations.clone();
                    self.walk_index(&mut root, &index, 1)?;
                }
            }
            Some(other) => {
                let mut f = Fields {
                    findings: self.r.findings_mut(),
                    location: loc,
                    document: "index.json".into(),
                };
                f.wrong_type("$", "an object", other);
            }
            None => {}
        }
        Ok(root)
    }

    /// The children of `node` (the index `index`, at `depth`), then the
    /// findings for those whose manifest was not saved.
    fn walk_index(&mut self, node: &mut IndexNode, index: &Index, depth: u32) -> Result<(), Error> {
        let index_family = node.media_type.as_deref().map(family);
        let mut missing = Vec::new();
        let mut present = 0usize;
        let at = Location::entry(node.entry.clone().unwrap_or_default());
        let own = [&index.common.media_type, &index.common.artifact_type];
        let own = own.into_iter().filter_map(Option::as_deref);
        self.r.extend(media_types::invalid(own, &at));
        for (i, desc) in index.manifests.iter().enumerate() {
            let declared = [desc.media_type.as_deref(), desc.artifact_type.as_deref()];
            let loc = at.clone().with_path(format!("$.manifests[{i}]"));
            self.r
                .extend(media_types::invalid(declared.into_iter().flatten(), &loc));
            if let (Some(Family::Oci), Some(m)) = (index_family, desc.media_type.as_deref()) {
                if family(m) == Family::Docker {
                    self.r.add(Finding::new(
                        Code::MediaTypeMixIndexFamily,
                        Location::entry(node.entry.clone().unwrap_or_default())
                            .with_path(format!("$.manifests[{i}]")),
                        format!("an OCI index lists `{m}`"),
                    ));
                }
            }
            let child = self.descriptor_node(desc, depth)?;
            if child.check.digest_status == Some(Status::Missing) {
                missing.push(child.clone());
            } else {
                present += 1;
            }
            node.children.push(child);
        }
        let found = missing.iter().map(|child| missing_manifest(child, present));
        self.r.extend(found);
        Ok(())
    }

    /// The node of one descriptor of an index: its blob found, read and
    /// followed (an index is walked, a manifest becomes an image).
    fn descriptor_node(&mut self, desc: &Descriptor, depth: u32) -> Result<IndexNode, Error> {
        let (mut node, attestation) = declared_node(desc);
        let blob = self
            .r
            .blob_for(desc.digest.as_deref(), &Location::default());
        if let Some(&image) = desc.digest.as_ref().and_then(|d| self.by_digest.get(d)) {
            node.image = Some(image);
            node.entry = blob.entry.clone();
            node.check = BlobCheck::both(Status::Verified);
            return Ok(node);
        }
        if let Some(&check) = desc.digest.as_ref().and_then(|d| self.indexes.get(d)) {
            node.kind = IndexNodeKind::Index;
            node.entry = blob.entry.clone();
            node.check = check;
            return Ok(node);
        }
        let Some(digest) = blob.digest else {
            return Ok(node);
        };
        let Some(entry) = blob.entry else {
            node.check = BlobCheck::both(Status::Missing);
            return Ok(node);
        };
        node.entry = Some(entry.clone());
        let loc = Location::entry(entry.clone()).with_blob(digest.to_string());
        let max_depth = self.r.limits().index_depth;
        if depth > max_depth {
            self.r.add(Finding::new(
                Code::LimitsIndexDepth,
                loc,
                format!("indexes nest deeper than {max_depth}; `{entry}` was not followed"),
            ));
            return Ok(node);
        }
        let cap = self.r.limits().json_document;
        let expect = Some((&digest, desc.size));
        let doc = self
            .r
            .read_document(&entry, cap, DocumentRole::Manifest, &loc, expect)?;
        node.check.digest_status = doc.digest_status;
        node.check.size_status = doc.size_status;
        if let Some(Value::Object(obj)) = &doc.value {
            let found = Found {
                entry: &entry,
                digest: &digest,
                loc: &loc,
                attestation,
            };
            self.follow(&mut node, obj, &found, depth)?;
        }
        Ok(node)
    }

    /// Reads the document `obj` a node points at: walks an index one level
    /// deeper, makes an image of a manifest.
    fn follow(
        &mut self,
        node: &mut IndexNode,
        obj: &Map<String, Value>,
        found: &Found<'_>,
        depth: u32,
    ) -> Result<(), Error> {
        let name = found.digest.to_string();
        let declared = node.media_type.clone();
        let findings = self.r.findings_mut();
        match parse_document(findings, obj, declared.as_deref(), &name, found.loc) {
            Parsed::Index(index) => {
                node.kind = IndexNodeKind::Index;
                if node.media_type.is_none() {
                    node.media_type = index.common.media_type.clone();
                }
                self.indexes.insert(name, node.check);
                self.walk_index(node, &index, depth + 1)?;
            }
            Parsed::Manifest(manifest) => {
                if node.kind != IndexNodeKind::Attestation {
                    node.kind = IndexNodeKind::Manifest;
                }
                let source = ManifestSource {
                    node,
                    entry: found.entry,
                    digest: found.digest,
                    document_media_type: obj.get("mediaType").and_then(Value::as_str),
                    attestation: found.attestation,
                };
                let image_no = u32::try_from(self.images.len()).unwrap_or(u32::MAX);
                let image = image_from_manifest(self.r, image_no, &source, &manifest)?;
                self.images.push(image);
                self.by_digest.insert(name, image_no);
                node.image = Some(image_no);
            }
            Parsed::Schema1 => node.kind = IndexNodeKind::Schema1,
            Parsed::Unreadable => {}
        }
        Ok(())
    }
}

/// The finding for an index child whose manifest is not in the archive: a
/// platform not saved (when others were), or a missing manifest.
fn missing_manifest(child: &IndexNode, present: usize) -> Finding {
    let digest = child.digest.clone().unwrap_or_default();
    let loc = Location::default().with_blob(digest.clone());
    match child.platform.as_ref().filter(|_| present > 0) {
        Some(p) => Finding::new(
            Code::BlobMissingPlatformNotSaved,
            loc,
            format!(
                "platform {} (manifest {digest}) is listed in the index but was not saved",
                p.display()
            ),
        ),
        None => Finding::new(
            Code::BlobMissingManifest,
            loc,
            format!("the index names manifest {digest}, which is not in the archive"),
        ),
    }
}
