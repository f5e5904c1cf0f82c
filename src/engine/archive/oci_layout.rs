//! The OCI image layout: `oci-layout`, `index.json`, `blobs/<alg>/<encoded>`.
//!
//! > The `oci-layout` file … MUST be a JSON object with `imageLayoutVersion`
//! > … `index.json` … is the entry point for references and descriptors of
//! > the image-layout. (image-spec `image-layout.md`)

use super::builder::Builder;
use super::image::{image_from_manifest, ManifestSource};
use crate::engine::error::Error;
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::model::descriptor::Descriptor;
use crate::engine::model::fields::Fields;
use crate::engine::model::manifest::{parse_index, parse_manifest, shape, Index, Manifest};
use crate::engine::model::media_type::{document_kind, family, DocumentKind, Family};
use crate::engine::report::{BlobCheck, DocumentRole, IndexNode, IndexNodeKind, Status};
use serde_json::{Map, Value};

/// What a document turned out to be.
enum Parsed {
    Index(Box<Index>),
    Manifest(Box<Manifest>),
    Schema1,
    Unreadable,
}

impl Builder<'_> {
    /// Walks the layout from `index.json`.
    pub fn oci_layout(&mut self) -> Result<(), Error> {
        let has_index = self.entries.get("index.json").is_some();
        match self.entries.get("oci-layout") {
            None => {
                if has_index {
                    self.add(Finding::new(
                        Code::FormatOciLayoutMissing,
                        Location::entry("oci-layout"),
                        "the layout has `index.json` but no `oci-layout` file",
                    ));
                }
            }
            Some(_) => {
                let loc = Location::entry("oci-layout");
                let doc = self.read_document(
                    "oci-layout",
                    self.limits.json_document,
                    DocumentRole::OciLayout,
                    &loc,
                    None,
                )?;
                if let Some(v) = doc.value {
                    let version = v
                        .get("imageLayoutVersion")
                        .and_then(Value::as_str)
                        .map(str::to_string);
                    if version.as_deref() != Some("1.0.0") {
                        self.add(Finding::new(
                            Code::FormatOciLayoutVersion,
                            loc,
                            format!(
                                "`imageLayoutVersion` is {}, not \"1.0.0\"",
                                version.map_or("missing".to_string(), |v| format!("{v:?}"))
                            ),
                        ));
                    }
                }
            }
        }
        if !has_index {
            self.add(Finding::new(
                Code::FormatIndexMissing,
                Location::entry("index.json"),
                "the layout has no `index.json`: nothing says which images it holds",
            ));
            return Ok(());
        }
        let loc = Location::entry("index.json");
        let doc = self.read_document(
            "index.json",
            self.limits.json_document,
            DocumentRole::Index,
            &loc,
            None,
        )?;
        let mut root = IndexNode {
            kind: IndexNodeKind::Index,
            entry: Some("index.json".into()),
            ..IndexNode::default()
        };
        if let Some(Value::Object(obj)) = &doc.value {
            if let Parsed::Index(index) = self.parse_document(obj, None, "index.json", &loc) {
                root.media_type = index.common.media_type.clone();
                root.annotations = index.common.annotations.clone();
                self.walk_index(&mut root, &index, 1)?;
            }
        } else if let Some(other) = &doc.value {
            let mut f = Fields {
                findings: &mut self.out.findings,
                location: loc,
                document: "index.json".into(),
            };
            f.wrong_type("$", "an object", other);
        }
        self.out.index = Some(root);
        Ok(())
    }

    /// Decides what a document is from the descriptor's media type, the
    /// document's own `mediaType` and its shape (CVE-2021-41190).
    fn parse_document(
        &mut self,
        obj: &Map<String, Value>,
        declared: Option<&str>,
        name: &str,
        loc: &Location,
    ) -> Parsed {
        let s = shape(obj);
        let inner = obj
            .get("mediaType")
            .and_then(Value::as_str)
            .map(str::to_string);
        if s.has_manifests && s.has_config_or_layers {
            self.add(Finding::new(
                Code::DescriptorMediaTypeAmbiguousDocument,
                loc.clone(),
                format!("`{name}` has both `manifests` and `config`/`layers`"),
            ));
        }
        if s.schema1 {
            self.add(Finding::new(
                Code::FormatSchema1,
                loc.clone(),
                format!("`{name}` is a Docker schema 1 manifest"),
            ));
            return Parsed::Schema1;
        }
        if let (Some(d), Some(i)) = (declared, inner.as_deref()) {
            if d != i {
                self.add(
                    Finding::new(
                        Code::DescriptorMediaTypeMismatch,
                        loc.clone(),
                        format!("the descriptor says `{d}`, the document `{name}` says `{i}`"),
                    )
                    .expected_found(d, i),
                );
            }
        }
        let by_type = declared
            .map(document_kind)
            .filter(|k| *k != DocumentKind::Other)
            .or_else(|| {
                inner
                    .as_deref()
                    .map(document_kind)
                    .filter(|k| *k != DocumentKind::Other)
            });
        let by_shape = if s.has_manifests && !s.has_config_or_layers {
            Some(DocumentKind::Index)
        } else if s.has_config_or_layers && !s.has_manifests {
            Some(DocumentKind::Manifest)
        } else {
            None
        };
        let kind = match (by_type, by_shape) {
            (Some(t), Some(sh)) if t != sh => {
                self.add(Finding::new(
                    Code::DescriptorMediaTypeShapeMismatch,
                    loc.clone(),
                    format!("`{name}` is typed as {t:?} but shaped like {sh:?}"),
                ));
                sh
            }
            (Some(t), _) => t,
            (None, Some(sh)) => sh,
            (None, None) => DocumentKind::Manifest,
        };
        if inner.is_none()
            && matches!(kind, DocumentKind::Index | DocumentKind::Manifest)
            && name != "index.json"
        {
            self.add(Finding::new(
                Code::DescriptorMediaTypeDocumentMissing,
                loc.clone(),
                format!("`{name}` has no `mediaType`"),
            ));
        }
        let mut f = Fields {
            findings: &mut self.out.findings,
            location: loc.clone(),
            document: name.to_string(),
        };
        let parsed = match kind {
            DocumentKind::Index => Parsed::Index(Box::new(parse_index(&mut f, obj))),
            _ => Parsed::Manifest(Box::new(parse_manifest(&mut f, obj))),
        };
        let version = match &parsed {
            Parsed::Index(i) => i.common.schema_version,
            Parsed::Manifest(m) => m.common.schema_version,
            _ => Some(2),
        };
        if let Some(v) = version.filter(|v| *v != 2) {
            self.add(Finding::new(
                Code::JsonSchemaVersion,
                loc.clone().with_path("$.schemaVersion"),
                format!("`{name}`: schemaVersion is {v}, not 2"),
            ));
        }
        if obj.get("manifests").is_none()
            && obj.get("config").is_none()
            && obj.get("layers").is_none()
        {
            return Parsed::Unreadable;
        }
        parsed
    }

    fn walk_index(&mut self, node: &mut IndexNode, index: &Index, depth: u32) -> Result<(), Error> {
        let index_family = node.media_type.as_deref().map(family);
        let mut missing_with_platform = Vec::new();
        let mut present = 0usize;
        for (i, desc) in index.manifests.iter().enumerate() {
            if let (Some(Family::Oci), Some(m)) = (index_family, desc.media_type.as_deref()) {
                if family(m) == Family::Docker {
                    self.add(Finding::new(
                        Code::MediaTypeMixIndexFamily,
                        Location::entry(node.entry.clone().unwrap_or_default())
                            .with_path(format!("$.manifests[{i}]")),
                        format!("an OCI index lists `{m}`"),
                    ));
                }
            }
            let child = self.descriptor_node(desc, depth)?;
            if child.check.digest_status == Some(Status::Missing) {
                missing_with_platform.push(child.clone());
            } else {
                present += 1;
            }
            node.children.push(child);
        }
        for child in missing_with_platform {
            let digest = child.digest.clone().unwrap_or_default();
            let loc = Location::default().with_blob(digest.clone());
            if present > 0 && child.platform.is_some() {
                let p = child
                    .platform
                    .as_ref()
                    .map(|p| p.display())
                    .unwrap_or_default();
                self.add(Finding::new(
                    Code::BlobMissingPlatformNotSaved,
                    loc,
                    format!(
                        "platform {p} (manifest {digest}) is listed in the index but was not saved"
                    ),
                ));
            } else {
                self.add(Finding::new(
                    Code::BlobMissingManifest,
                    loc,
                    format!("the index names manifest {digest}, which is not in the archive"),
                ));
            }
        }
        Ok(())
    }

    fn descriptor_node(&mut self, desc: &Descriptor, depth: u32) -> Result<IndexNode, Error> {
        let mut node = IndexNode {
            kind: IndexNodeKind::Other,
            media_type: desc.media_type.clone(),
            digest: desc.digest.clone(),
            size: desc.size,
            platform: desc.platform.clone(),
            annotations: desc.annotations.clone(),
            artifact_type: desc.artifact_type.clone(),
            ..IndexNode::default()
        };
        let loc = Location::default();
        let blob = self.blob_for(desc.digest.as_deref(), &loc);
        let declared_kind = desc
            .media_type
            .as_deref()
            .map(document_kind)
            .unwrap_or(DocumentKind::Other);
        let attestation = desc
            .annotations
            .get("vnd.docker.reference.type")
            .map(String::as_str)
            == Some("attestation-manifest");
        node.kind = match declared_kind {
            DocumentKind::Index => IndexNodeKind::Index,
            DocumentKind::Manifest if attestation => IndexNodeKind::Attestation,
            DocumentKind::Manifest => IndexNodeKind::Manifest,
            DocumentKind::Schema1 => IndexNodeKind::Schema1,
            DocumentKind::Other => IndexNodeKind::Other,
        };
        if let Some(d) = &desc.digest {
            if let Some(&image) = self.manifest_images.get(d) {
                node.image = Some(image);
                node.entry = blob.entry.clone();
                node.check = BlobCheck::both(Status::Verified);
                return Ok(node);
            }
        }
        let Some(digest) = blob.digest.clone() else {
            return Ok(node);
        };
        let Some(entry) = blob.entry.clone() else {
            node.check = BlobCheck::both(Status::Missing);
            return Ok(node);
        };
        node.entry = Some(entry.clone());
        let loc = Location::entry(entry.clone()).with_blob(digest.to_string());
        if depth > self.limits.index_depth {
            self.add(Finding::new(
                Code::LimitsIndexDepth,
                loc,
                format!(
                    "indexes nest deeper than {}; `{entry}` was not followed",
                    self.limits.index_depth
                ),
            ));
            return Ok(node);
        }
        let doc = self.read_document(
            &entry,
            self.limits.json_document,
            DocumentRole::Manifest,
            &loc,
            Some((&digest, desc.size)),
        )?;
        node.check.digest_status = doc.digest_status;
        node.check.size_status = doc.size_status;
        let Some(Value::Object(obj)) = &doc.value else {
            return Ok(node);
        };
        let name = digest.to_string();
        match self.parse_document(obj, desc.media_type.as_deref(), &name, &loc) {
            Parsed::Index(index) => {
                node.kind = IndexNodeKind::Index;
                if node.media_type.is_none() {
                    node.media_type = index.common.media_type.clone();
                }
                self.walk_index(&mut node, &index, depth + 1)?;
            }
            Parsed::Manifest(manifest) => {
                if node.kind != IndexNodeKind::Attestation {
                    node.kind = IndexNodeKind::Manifest;
                }
                let source = ManifestSource {
                    node: &node,
                    entry: &entry,
                    digest: &digest,
                    document_media_type: obj.get("mediaType").and_then(Value::as_str),
                    attestation,
                };
                let image = image_from_manifest(self, &source, &manifest)?;
                self.manifest_images.insert(name, image);
                node.image = Some(image);
            }
            Parsed::Schema1 => node.kind = IndexNodeKind::Schema1,
            Parsed::Unreadable => {}
        }
        Ok(node)
    }
}
