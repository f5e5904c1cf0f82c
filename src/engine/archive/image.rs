//! One image: a manifest, its config and its layers. `image_from_manifest`
//! resolves the config and the layers through the [`Resolver`] and runs the
//! document checks of `verify::{media_types, compat, config, embedded}` on them.
//!
//! > The config … `rootfs.diff_ids` … in order from first to last.
//! > (image-spec `config.md`)

use super::resolver::Resolver;
use crate::engine::error::Error;
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::model::config::{parse_config, Config};
use crate::engine::model::descriptor::Descriptor;
use crate::engine::model::digest::{parse_digest, Algorithm, Digest};
use crate::engine::model::fields::Fields;
use crate::engine::model::manifest::Manifest;
use crate::engine::model::media_type::{self as mt, family, layer_type, Family, LayerType};
use crate::engine::report::{
    BlobCheck, ConfigInfo, DiffIdInfo, DocumentRole, Image, ImageKind, ImageSource, IndexNode,
    LayerInfo, ManifestInfo, Status,
};
use crate::engine::verify::{compat, config as config_check, embedded, media_types};
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

/// What a manifest declares of its own family and its config's type.
struct Declared {
    /// The family of the manifest's type (the index's type for it, else the
    /// document's own; `Other` when undeclared).
    family: Family,
    /// The config descriptor's type.
    config: Option<String>,
}

impl Declared {
    fn of(src: &ManifestSource<'_>, m: &Manifest) -> Self {
        let manifest = src
            .node
            .media_type
            .clone()
            .or_else(|| src.document_media_type.map(str::to_string));
        Declared {
            family: manifest.as_deref().map(family).unwrap_or(Family::Other),
            config: m.config.as_ref().and_then(|c| c.media_type.clone()),
        }
    }
}

/// What the manifest describes: an attestation (marked so in the index), an
/// artifact (an `artifactType`, or a config that is no image config), or an image.
fn kind_of(src: &ManifestSource<'_>, m: &Manifest, types: &Declared) -> ImageKind {
    let artifact = m.common.artifact_type.is_some()
        || types
            .config
            .as_deref()
            .is_some_and(|t| t != mt::OCI_CONFIG && t != mt::DOCKER_CONFIG);
    if src.attestation {
        ImageKind::Attestation
    } else if artifact {
        ImageKind::Artifact
    } else {
        ImageKind::Image
    }
}

/// The `format.*` finding of a manifest that is no image.
fn kind_finding(
    kind: ImageKind,
    src: &ManifestSource<'_>,
    m: &Manifest,
    types: &Declared,
    loc: &Location,
) -> Option<Finding> {
    match kind {
        ImageKind::Attestation => {
            let of = src
                .node
                .annotations
                .get("vnd.docker.reference.digest")
                .cloned()
                .unwrap_or_default();
            Some(Finding::new(
                Code::FormatAttestation,
                loc.clone(),
                format!("manifest {} holds build attestations for {of}", src.digest),
            ))
        }
        ImageKind::Artifact => {
            let t = m
                .common
                .artifact_type
                .clone()
                .or(types.config.clone())
                .unwrap_or_default();
            Some(Finding::new(
                Code::FormatArtifact,
                loc.clone(),
                format!("manifest {} is an artifact of type `{t}`", src.digest),
            ))
        }
        ImageKind::Image => None,
    }
}

/// The manifest being read into image `image_no`, with what is known of it.
struct Reading<'s> {
    src: &'s ManifestSource<'s>,
    types: Declared,
    /// An image (not an artifact or an attestation): only images get the spec checks.
    is_image: bool,
    image_no: u32,
    /// The manifest document.
    loc: Location,
}

/// Makes image number `image_no` of an OCI or Docker schema2 manifest.
pub fn image_from_manifest(
    r: &mut Resolver<'_>,
    image_no: u32,
    src: &ManifestSource<'_>,
    m: &Manifest,
) -> Result<Image, Error> {
    let mloc = Location::entry(src.entry)
        .with_blob(src.digest.to_string())
        .with_image(image_no);
    let types = Declared::of(src, m);
    let kind = kind_of(src, m, &types);
    let found = kind_finding(kind, src, m, &types, &mloc);
    r.extend(found);
    let at = Reading {
        src,
        types,
        is_image: kind == ImageKind::Image,
        image_no,
        loc: mloc,
    };
    manifest_checks(r, &at, m);
    let mut config = Config::default();
    let config_info = match &m.config {
        Some(cd) => image_config(r, &at, cd, &mut config)?,
        None => ConfigInfo {
            media_type: at.types.config.clone(),
            ..ConfigInfo::default()
        },
    };
    let layers = m
        .layers
        .iter()
        .enumerate()
        .map(|(i, l)| image_layer(r, &at, i, l, &config))
        .collect();
    if at.is_image {
        let loc = Location::default()
            .with_image(image_no)
            .with_blob(config_info.digest.clone().unwrap_or_default());
        r.extend(config_check::counts(&config, m.layers.len(), &loc));
    }
    Ok(Image {
        kind,
        source: ImageSource::Oci,
        manifest: manifest_info(src, m),
        config: config_info,
        layers,
        efficiency: None,
        packages: Vec::new(),
    })
}

/// The manifest's own checks: `subject`, its family, no layers, media types.
fn manifest_checks(r: &mut Resolver<'_>, at: &Reading<'_>, m: &Manifest) {
    let Reading {
        src,
        types,
        is_image,
        loc,
        ..
    } = at;
    let is_image = *is_image;
    let findings = r.findings_mut();
    if let Some(s) = &m.common.subject {
        findings.push(compat::subject(src.digest, s.digest.as_deref(), loc));
    }
    if is_image {
        let oci_seen = findings
            .iter()
            .any(|f| f.code == Code::CompatibilityOciManifest);
        findings.extend(compat::manifest_family(
            types.family,
            src.digest,
            oci_seen,
            loc,
        ));
        if m.layers.is_empty() {
            findings.push(Finding::new(
                Code::JsonNoLayers,
                loc.clone().with_path("$.layers"),
                format!("manifest {} has no layers", src.digest),
            ));
        }
    }
    // the manifest's own types and its descriptors' (the index checks the
    // type it declares for this manifest)
    let descriptors = m.config.iter().chain(&m.layers);
    let declared = [src.document_media_type, m.common.artifact_type.as_deref()]
        .into_iter()
        .flatten()
        .chain(
            descriptors
                .flat_map(|d| [d.media_type.as_deref(), d.artifact_type.as_deref()])
                .flatten(),
        );
    findings.extend(media_types::invalid(declared, loc));
    if let Some(ct) = types.config.as_deref().filter(|_| is_image) {
        findings.extend(media_types::config_family(types.family, ct, loc));
    }
}

/// The config (descriptor `cd`): its embedded data, its blob read and parsed
/// into `config`, and its checks. Returns what the report shows of it.
fn image_config(
    r: &mut Resolver<'_>,
    at: &Reading<'_>,
    cd: &Descriptor,
    config: &mut Config,
) -> Result<ConfigInfo, Error> {
    let (is_image, mloc) = (at.is_image, &at.loc);
    let mut info = ConfigInfo {
        media_type: at.types.config.clone(),
        digest: cd.digest.clone(),
        ..ConfigInfo::default()
    };
    if let Some(data) = &cd.data {
        let parsed = cd.digest.as_deref().and_then(|d| parse_digest(d).ok());
        let loc = mloc.clone().with_path("$.config.data");
        r.extend(embedded::check(data, parsed.as_ref(), cd.size, &loc));
    }
    let cref = r.blob_for(cd.digest.as_deref(), mloc);
    match (&cref.digest, &cref.entry) {
        (Some(d), Some(entry)) => {
            info.entry = Some(entry.clone());
            let cloc = Location::entry(entry.clone())
                .with_blob(d.to_string())
                .with_image(at.image_no);
            let role = if is_image {
                DocumentRole::Config
            } else {
                DocumentRole::ArtifactConfig
            };
            let cap = r.limits().json_config;
            let doc = r.read_document(entry, cap, role, &cloc, Some((d, cd.size)))?;
            info.check.digest_status = doc.digest_status;
            info.check.size_status = doc.size_status;
            let Some(Value::Object(obj)) = &doc.value else {
                config_check::fill(config, &mut info);
                return Ok(info);
            };
            if is_image {
                let mut f = Fields {
                    findings: r.findings_mut(),
                    location: cloc.clone(),
                    document: format!("config {d}"),
                };
                *config = parse_config(&mut f, obj);
            }
            config_check::fill(config, &mut info);
            if is_image {
                r.extend(config_check::check(config, &cloc));
                let index_platform = at.src.node.platform.as_ref();
                let found = index_platform.and_then(|p| config_check::platform(p, config, &cloc));
                r.extend(found);
            }
        }
        (Some(d), None) => {
            info.check.digest_status = Some(Status::Missing);
            if cd.data.is_none() {
                r.add(Finding::new(
                    Code::BlobMissingConfig,
                    mloc.clone().with_blob(d.to_string()),
                    format!("config {d} is not in the archive"),
                ));
            }
        }
        _ => {}
    }
    Ok(info)
}

/// Layer `i` (descriptor `l`): its type checks, its blob found and queued, or
/// why it is missing, and its embedded data.
fn image_layer(
    r: &mut Resolver<'_>,
    at: &Reading<'_>,
    i: usize,
    l: &Descriptor,
    config: &Config,
) -> LayerInfo {
    let (is_image, manifest, mloc) = (at.is_image, at.types.family, &at.loc);
    let idx = u32::try_from(i).unwrap_or(u32::MAX);
    let lloc = mloc
        .clone()
        .with_layer(idx)
        .with_path(format!("$.layers[{i}]"));
    let lt = l.media_type.as_deref().map(layer_type);
    if is_image {
        if let (Some(t), Some(lt)) = (l.media_type.as_deref(), lt) {
            r.extend(media_types::layer(i, t, lt, manifest, &lloc));
            r.extend(compat::layer_type(i, t, lt, &lloc));
        }
        r.extend(compat::zstd_chunked(i, &l.annotations, &lloc));
    }
    let lref = r.blob_for(l.digest.as_deref(), &lloc);
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
            info.check = BlobCheck::both(Status::Missing);
            if l.data.is_none() {
                r.add(missing_layer(i, d, l, lt, &lloc));
            }
        }
        (Some(d), Some(entry)) => {
            let decode = is_image && !lt.is_some_and(|t| t.encrypted);
            let sha512 = d.algorithm_supported() == Some(Algorithm::Sha512);
            r.queue(entry, sha512, decode);
        }
        _ => {}
    }
    if let Some(data) = &l.data {
        r.extend(embedded::check(data, lref.digest.as_ref(), l.size, &lloc));
    }
    info
}

/// Layer `i` (`d`) is not in the archive: foreign (URLs or a non-distributable
/// type), or missing.
fn missing_layer(
    i: usize,
    d: &Digest,
    l: &Descriptor,
    lt: Option<LayerType>,
    loc: &Location,
) -> Finding {
    let loc = loc.clone().with_blob(d.to_string());
    if !l.urls.is_empty() || lt.is_some_and(|t| t.nondistributable) {
        let from = if l.urls.is_empty() {
            "its source".to_string()
        } else {
            l.urls.join(", ")
        };
        Finding::new(
            Code::BlobMissingForeign,
            loc,
            format!("layer {i} ({d}) is foreign, to be fetched from {from}"),
        )
    } else {
        Finding::new(
            Code::BlobMissingLayer,
            loc,
            format!("layer {i} ({d}) is not in the archive"),
        )
    }
}

/// What the report shows of the manifest itself.
fn manifest_info(src: &ManifestSource<'_>, m: &Manifest) -> ManifestInfo {
    ManifestInfo {
        digest: Some(src.digest.to_string()),
        media_type: src.node.media_type.clone(),
        document_media_type: src.document_media_type.map(str::to_string),
        size: src.node.size,
        platform: src.node.platform.clone(),
        annotations: m.common.annotations.clone(),
        artifact_type: m.common.artifact_type.clone(),
        subject: m.common.subject.as_ref().and_then(|s| s.digest.clone()),
        entry: Some(src.entry.to_string()),
        check: src.node.check,
    }
}
