//! One image: a manifest, its config and its layers, with the checks that
//! need only the documents (media types, config fields, counts).
//!
//! > The config … `rootfs.diff_ids` … in order from first to last.
//! > (image-spec `config.md`)

use super::builder::Builder;
use crate::engine::error::Error;
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::model::config::{is_rfc3339, parse_config, Config};
use crate::engine::model::digest::{Algorithm, Digest};
use crate::engine::model::fields::Fields;
use crate::engine::model::manifest::Manifest;
use crate::engine::model::media_type::{
    self as mt, family, is_valid_media_type, layer_type, Family,
};
use crate::engine::report::{
    ConfigInfo, DiffIdInfo, Image, ImageKind, ImageSource, IndexNode, LayerInfo, ManifestInfo,
    Status,
};
use serde_json::Value;

/// Where a manifest came from.
pub struct ManifestSource<'a> {
    /// Its index node.
    pub node: &'a IndexNode,
    /// Archive entry.
    pub entry: &'a str,
    /// Its digest.
    pub digest: &'a Digest,
    /// `mediaType` inside the document.
    pub document_media_type: Option<&'a str>,
    /// Marked as a BuildKit attestation.
    pub attestation: bool,
}

/// Fills `config` fields into the report, and checks them.
pub fn config_info(
    b: &mut Builder<'_>,
    config: &Config,
    info: &mut ConfigInfo,
    loc: &Location,
    is_image: bool,
) {
    info.os = config.os.clone();
    info.architecture = config.architecture.clone();
    info.variant = config.variant.clone();
    info.created = config.created.clone();
    info.diff_ids = config.diff_ids.clone();
    info.env = config.env.clone();
    info.labels = config.labels.clone();
    info.history = config.history.clone();
    let mut layer = 0u32;
    for h in &mut info.history {
        if !h.empty_layer {
            h.layer = Some(layer);
            layer += 1;
        }
    }
    if !is_image {
        return;
    }
    if let Some(t) = config.rootfs_type.as_deref().filter(|t| *t != "layers") {
        b.add(Finding::new(
            Code::ConfigRootfsType,
            loc.clone().with_path("$.rootfs.type"),
            format!("`rootfs.type` is `{t}`, not `layers`"),
        ));
    }
    let missing: Vec<&str> = [("os", &config.os), ("architecture", &config.architecture)]
        .iter()
        .filter(|(_, v)| v.as_deref().is_none_or(str::is_empty))
        .map(|(k, _)| *k)
        .collect();
    if !missing.is_empty() {
        b.add(Finding::new(
            Code::ConfigPlatformMissing,
            loc.clone(),
            format!("the config has no {}", missing.join(" and ")),
        ));
    }
    for (i, e) in config.env.iter().enumerate() {
        if !e.contains('=') {
            b.add(Finding::new(
                Code::ConfigEnvInvalid,
                loc.clone().with_path(format!("$.config.Env[{i}]")),
                format!("`Env` entry `{e}` has no `=`"),
            ));
        }
    }
    if let Some(c) = config.created.as_deref().filter(|c| !is_rfc3339(c)) {
        b.add(Finding::new(
            Code::ConfigCreatedInvalid,
            loc.clone().with_path("$.created"),
            format!("`created` is `{c}`, not RFC 3339"),
        ));
    }
    for (i, h) in config.history.iter().enumerate() {
        if let Some(c) = h.created.as_deref().filter(|c| !is_rfc3339(c)) {
            b.add(Finding::new(
                Code::ConfigCreatedInvalid,
                loc.clone().with_path(format!("$.history[{i}].created")),
                format!("history `created` is `{c}`, not RFC 3339"),
            ));
        }
    }
}

/// Counts: DiffIDs vs layers vs non-empty history entries.
pub fn check_counts(b: &mut Builder<'_>, config: &Config, layers: usize, loc: &Location) {
    if !config.has_rootfs {
        return;
    }
    if config.diff_ids.len() != layers {
        b.add(
            Finding::new(
                Code::DiffidCount,
                loc.clone().with_path("$.rootfs.diff_ids"),
                format!(
                    "the config lists {} DiffIDs for {layers} layers",
                    config.diff_ids.len()
                ),
            )
            .expected_found(layers.to_string(), config.diff_ids.len().to_string()),
        );
    }
    let non_empty = config.history.iter().filter(|h| !h.empty_layer).count();
    if !config.history.is_empty() && non_empty != layers {
        b.add(
            Finding::new(
                Code::DiffidHistoryCount,
                loc.clone().with_path("$.history"),
                format!("history has {non_empty} entries that create layers; the image has {layers} layers"),
            )
            .expected_found(layers.to_string(), non_empty.to_string()),
        );
    }
}

impl Builder<'_> {
    /// Builds an image from an OCI or Docker schema2 manifest.
    pub fn image_from_manifest(
        &mut self,
        src: &ManifestSource<'_>,
        m: &Manifest,
    ) -> Result<u32, Error> {
        let image_no = u32::try_from(self.out.images.len()).unwrap_or(u32::MAX);
        let mloc = Location::entry(src.entry)
            .with_blob(src.digest.to_string())
            .with_image(image_no);
        let manifest_type = src
            .node
            .media_type
            .clone()
            .or_else(|| src.document_media_type.map(str::to_string));
        let manifest_family = manifest_type
            .as_deref()
            .map(family)
            .unwrap_or(Family::Other);
        let config_type = m.config.as_ref().and_then(|c| c.media_type.clone());
        let is_artifact = m.common.artifact_type.is_some()
            || config_type
                .as_deref()
                .is_some_and(|t| t != mt::OCI_CONFIG && t != mt::DOCKER_CONFIG);
        let kind = if src.attestation {
            ImageKind::Attestation
        } else if is_artifact {
            ImageKind::Artifact
        } else {
            ImageKind::Image
        };
        let is_image = kind == ImageKind::Image;
        if src.attestation {
            let of = src
                .node
                .annotations
                .get("vnd.docker.reference.digest")
                .cloned()
                .unwrap_or_default();
            self.add(Finding::new(
                Code::FormatAttestation,
                mloc.clone(),
                format!("manifest {} holds build attestations for {of}", src.digest),
            ));
        } else if is_artifact {
            let t = m
                .common
                .artifact_type
                .clone()
                .or(config_type.clone())
                .unwrap_or_default();
            self.add(Finding::new(
                Code::FormatArtifact,
                mloc.clone(),
                format!("manifest {} is an artifact of type `{t}`", src.digest),
            ));
        }
        if let Some(s) = &m.common.subject {
            self.add(Finding::new(
                Code::CompatibilitySubject,
                mloc.clone(),
                format!(
                    "manifest {} refers to {} with `subject`",
                    src.digest,
                    s.digest.clone().unwrap_or_default()
                ),
            ));
        }
        if is_image {
            match manifest_family {
                Family::Oci => {
                    if !self
                        .out
                        .findings
                        .iter()
                        .chain(self.findings.iter())
                        .any(|f| f.code == Code::CompatibilityOciManifest)
                    {
                        self.add(Finding::new(
                            Code::CompatibilityOciManifest,
                            mloc.clone(),
                            format!("manifest {} is an OCI image manifest", src.digest),
                        ));
                    }
                }
                Family::Docker => self.add(Finding::new(
                    Code::CompatibilityDockerManifestInLayout,
                    mloc.clone(),
                    format!(
                        "manifest {} is a Docker schema2 manifest inside an OCI layout",
                        src.digest
                    ),
                )),
                Family::Other => {}
            }
            if m.layers.is_empty() {
                self.add(Finding::new(
                    Code::JsonNoLayers,
                    mloc.clone().with_path("$.layers"),
                    format!("manifest {} has no layers", src.digest),
                ));
            }
        }
        for t in [manifest_type.as_deref(), config_type.as_deref()]
            .into_iter()
            .flatten()
            .chain(m.layers.iter().filter_map(|l| l.media_type.as_deref()))
        {
            if !is_valid_media_type(t) {
                self.add(Finding::new(
                    Code::DescriptorMediaTypeInvalid,
                    mloc.clone(),
                    format!("`{t}` is not a valid media type"),
                ));
            }
        }
        if let Some(ct) = config_type.as_deref().filter(|_| is_image) {
            let cf = family(ct);
            if manifest_family != Family::Other && cf != Family::Other && cf != manifest_family {
                self.add(Finding::new(
                    Code::MediaTypeMixConfigFamily,
                    mloc.clone().with_path("$.config.mediaType"),
                    format!("a {manifest_family:?} manifest with config type `{ct}`"),
                ));
            }
        }
        // config
        let mut config_info_ = ConfigInfo {
            media_type: config_type.clone(),
            ..ConfigInfo::default()
        };
        let mut config = Config::default();
        if let Some(cd) = &m.config {
            config_info_.digest = cd.digest.clone();
            if let Some(data) = &cd.data {
                let parsed = cd
                    .digest
                    .as_deref()
                    .and_then(|d| crate::engine::model::digest::parse_digest(d).ok());
                self.check_embedded(
                    data,
                    parsed.as_ref(),
                    cd.size,
                    &mloc.clone().with_path("$.config.data"),
                );
            }
            let cref = self.blob_for(cd.digest.as_deref(), &mloc);
            match (&cref.digest, &cref.entry) {
                (Some(d), Some(entry)) => {
                    config_info_.entry = Some(entry.clone());
                    let cloc = Location::entry(entry.clone())
                        .with_blob(d.to_string())
                        .with_image(image_no);
                    let role = if is_image {
                        "config"
                    } else {
                        "artifact config"
                    };
                    let doc = self.read_document(
                        entry,
                        self.limits.json_config,
                        role,
                        &cloc,
                        Some((d, cd.size)),
                    )?;
                    config_info_.digest_status = doc.digest_status;
                    config_info_.size_status = doc.size_status;
                    let parsed = matches!(&doc.value, Some(Value::Object(_)));
                    if let Some(Value::Object(obj)) = &doc.value {
                        if is_image {
                            let mut f = Fields {
                                findings: &mut self.findings,
                                location: cloc.clone(),
                                document: format!("config {d}"),
                            };
                            config = parse_config(&mut f, obj);
                        }
                    }
                    config_info(self, &config, &mut config_info_, &cloc, is_image && parsed);
                    if is_image && parsed {
                        if let Some(p) = &src.node.platform {
                            let cfg = (
                                config.os.clone().unwrap_or_default(),
                                config.architecture.clone().unwrap_or_default(),
                            );
                            let variant_differs = p.variant.is_some()
                                && config.variant.is_some()
                                && p.variant != config.variant;
                            if (p.os.clone(), p.architecture.clone()) != cfg || variant_differs {
                                self.add(
                                    Finding::new(
                                        Code::ConfigPlatformMismatch,
                                        cloc.clone(),
                                        format!(
                                            "the index says {}, the config says {}/{}",
                                            p.display(),
                                            cfg.0,
                                            cfg.1
                                        ),
                                    )
                                    .expected_found(p.display(), format!("{}/{}", cfg.0, cfg.1)),
                                );
                            }
                        }
                    }
                }
                (Some(d), None) => {
                    config_info_.digest_status = Some(Status::Missing);
                    if cd.data.is_none() {
                        self.add(Finding::new(
                            Code::BlobMissingConfig,
                            mloc.clone().with_blob(d.to_string()),
                            format!("config {d} is not in the archive"),
                        ));
                    }
                }
                _ => {}
            }
        }
        // layers
        let mut layers = Vec::new();
        for (i, l) in m.layers.iter().enumerate() {
            let idx = u32::try_from(i).unwrap_or(u32::MAX);
            let lloc = mloc
                .clone()
                .with_layer(idx)
                .with_path(format!("$.layers[{i}]"));
            let lt = l.media_type.as_deref().map(layer_type);
            if is_image {
                if let (Some(t), Some(lt)) = (l.media_type.as_deref(), lt) {
                    match (manifest_family, lt.family) {
                        (Family::Oci, Family::Docker) => self.add(Finding::new(
                            Code::MediaTypeMixOciManifestDockerLayer,
                            lloc.clone(),
                            format!("layer {i} of an OCI manifest is typed `{t}`"),
                        )),
                        (Family::Docker, Family::Oci) => self.add(Finding::new(
                            Code::MediaTypeMixDockerManifestOciLayer,
                            lloc.clone(),
                            format!("layer {i} of a Docker schema2 manifest is typed `{t}`"),
                        )),
                        _ => {}
                    }
                    if !lt.known && !lt.encrypted {
                        self.add(Finding::new(
                            Code::DescriptorMediaTypeUnknownLayerType,
                            lloc.clone(),
                            format!("layer {i} has unknown type `{t}`"),
                        ));
                    }
                    if lt.nondistributable {
                        self.add(Finding::new(
                            Code::CompatibilityNondistributable,
                            lloc.clone(),
                            format!("layer {i} is non-distributable (`{t}`)"),
                        ));
                    }
                    if lt.docker_zstd {
                        self.add(Finding::new(
                            Code::CompatibilityDockerZstd,
                            lloc.clone(),
                            format!("layer {i} is typed `{t}`"),
                        ));
                    }
                    if lt.encrypted {
                        self.add(Finding::new(
                            Code::LayerCompressionEncrypted,
                            lloc.clone(),
                            format!("layer {i} is encrypted (`{t}`)"),
                        ));
                    }
                }
                // c/storage renamed the keys from `io.containers.zstd-chunked.*`
                // (skopeo 1.9.3 and earlier) to `io.github.containers.zstd-chunked.*`
                if l.annotations.keys().any(|k| {
                    k.starts_with("io.github.containers.zstd-chunked.")
                        || k.starts_with("io.containers.zstd-chunked.")
                }) {
                    self.add(Finding::new(
                        Code::CompatibilityZstdChunked,
                        lloc.clone(),
                        format!("layer {i} is zstd:chunked"),
                    ));
                }
            }
            let lref = self.blob_for(l.digest.as_deref(), &lloc);
            let mut info = LayerInfo {
                index: idx,
                media_type: l.media_type.clone(),
                digest: l.digest.clone(),
                size: l.size,
                entry: lref.entry.clone(),
                urls: l.urls.clone(),
                annotations: l.annotations.clone(),
                diff_id: DiffIdInfo {
                    declared: config.diff_ids.get(i).cloned(),
                    ..DiffIdInfo::default()
                },
                ..LayerInfo::default()
            };
            match (&lref.digest, &lref.entry) {
                (Some(d), None) => {
                    info.digest_status = Some(Status::Missing);
                    info.size_status = Some(Status::Missing);
                    if l.data.is_none() {
                        if !l.urls.is_empty() || lt.is_some_and(|t| t.nondistributable) {
                            self.add(Finding::new(
                                Code::BlobMissingForeign,
                                lloc.clone().with_blob(d.to_string()),
                                format!(
                                    "layer {i} ({d}) is foreign, to be fetched from {}",
                                    if l.urls.is_empty() {
                                        "its source".to_string()
                                    } else {
                                        l.urls.join(", ")
                                    }
                                ),
                            ));
                        } else {
                            self.add(Finding::new(
                                Code::BlobMissingLayer,
                                lloc.clone().with_blob(d.to_string()),
                                format!("layer {i} ({d}) is not in the archive"),
                            ));
                        }
                    }
                }
                (Some(d), Some(entry)) => {
                    let decode = is_image && !lt.is_some_and(|t| t.encrypted);
                    self.queue(
                        entry,
                        d.algorithm_supported() == Some(Algorithm::Sha512),
                        decode,
                    );
                }
                _ => {}
            }
            if let Some(data) = &l.data {
                self.check_embedded(data, lref.digest.as_ref(), l.size, &lloc);
            }
            layers.push(info);
        }
        if is_image {
            check_counts(
                self,
                &config,
                m.layers.len(),
                &Location::default()
                    .with_image(image_no)
                    .with_blob(config_info_.digest.clone().unwrap_or_default()),
            );
        }
        self.out.images.push(Image {
            kind,
            source: ImageSource::Oci,
            manifest: ManifestInfo {
                digest: Some(src.digest.to_string()),
                media_type: src.node.media_type.clone(),
                document_media_type: src.document_media_type.map(str::to_string),
                size: src.node.size,
                platform: src.node.platform.clone(),
                annotations: m.common.annotations.clone(),
                artifact_type: m.common.artifact_type.clone(),
                subject: m.common.subject.as_ref().and_then(|s| s.digest.clone()),
                entry: Some(src.entry.to_string()),
                digest_status: src.node.digest_status,
                size_status: src.node.size_status,
            },
            config: config_info_,
            layers,
        });
        Ok(image_no)
    }

    /// Checks a descriptor's embedded `data` against its digest and size.
    pub fn check_embedded(
        &mut self,
        data: &str,
        digest: Option<&Digest>,
        size: Option<u64>,
        loc: &Location,
    ) {
        use base64::Engine as _;
        let problem = match base64::engine::general_purpose::STANDARD.decode(data) {
            Err(e) => Some(format!("`data` is not base64: {e}")),
            Ok(bytes) => {
                let computed = match digest.and_then(Digest::algorithm_supported) {
                    Some(Algorithm::Sha256) => Some(crate::engine::hashing::sha256_of(&bytes)),
                    Some(Algorithm::Sha512) => Some(crate::engine::hashing::sha512_of(&bytes)),
                    None => None,
                };
                if let (Some(c), Some(d)) = (computed, digest) {
                    if c != d.to_string() {
                        Some(format!(
                            "embedded `data` hashes to {c}, the descriptor says {d}"
                        ))
                    } else {
                        size.filter(|s| *s != bytes.len() as u64).map(|s| {
                            format!(
                                "embedded `data` is {} bytes, the descriptor says {s}",
                                bytes.len()
                            )
                        })
                    }
                } else {
                    None
                }
            }
        };
        if let Some(p) = problem {
            self.add(Finding::new(Code::BlobDigestEmbeddedData, loc.clone(), p));
        }
    }
}
