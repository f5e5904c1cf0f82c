//! The walk down `index.json`'s tree of descriptors: each index, manifest
//! and image met, a manifest listed twice made one image, an index listed
//! again not walked again.

use super::{declared_node, parse_document, Parsed};
use crate::engine::archive::image::{image_from_manifest, ManifestSource};
use crate::engine::archive::resolver::Resolver;
use crate::engine::error::Error;
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::model::descriptor::Descriptor;
use crate::engine::model::digest::Digest;
use crate::engine::model::fields::Fields;
use crate::engine::model::manifest::Index;
use crate::engine::model::media_type::{family, Family};
use crate::engine::report::{BlobCheck, DocumentRole, Image, IndexNode, IndexNodeKind, Status};
use crate::engine::verify::media_types;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// A descriptor's blob, found in the archive and read.
pub(super) struct Found<'x> {
    entry: &'x str,
    digest: &'x Digest,
    loc: &'x Location,
    attestation: bool,
}

/// The walk down the index tree: the images made so far, and which manifest
/// digest became which image (a manifest listed twice is one image).
pub(super) struct Walk<'r, 'a> {
    pub(super) r: &'r mut Resolver<'a>,
    pub(super) images: Vec<Image>,
    pub(super) by_digest: HashMap<String, u32>,
    /// The indexes walked, by digest: one listed again is not walked again (a
    /// DAG 10 deep of fan-out 10 has 10^10 paths); that node has no children.
    pub(super) indexes: HashMap<String, BlobCheck>,
}

impl Walk<'_, '_> {
    /// `index.json` itself, the root of the tree.
    pub(super) fn root(&mut self) -> Result<IndexNode, Error> {
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
