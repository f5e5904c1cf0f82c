//! The `docker save` description: `manifest.json`, `repositories`, config
//! files named by their digest, and layer tars (possibly symlinked by
//! c/image). With an OCI layout in the same tar (Docker 25+, containerd),
//! the two descriptions are cross-checked. [`read`] does it through the
//! [`Resolver`].
//!
//! > `manifest.json` … `Config` … `RepoTags` … `Layers`: … paths of the
//! > layer tars, in order. (moby/docker-image-spec `v1.2.md`)

use super::outer::normalize_name;
use super::resolver::Resolver;
use crate::engine::error::Error;
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::model::config::{parse_config, Config};
use crate::engine::model::docker_manifest::{
    parse_manifest_json, parse_repositories, DockerManifestEntry,
};
use crate::engine::model::fields::Fields;
use crate::engine::report::{
    BlobCheck, ConfigInfo, DiffIdInfo, DocumentRole, Image, ImageKind, ImageSource, LayerInfo,
    ManifestInfo, RefSource, ReferenceRecord, Status,
};
use crate::engine::verify::config as config_check;
use serde_json::Value;

/// The hex a path names, for `<hex>.json`, `<hex>.tar` or `blobs/sha256/<hex>`.
fn named_sha256(path: &str) -> Option<String> {
    let base = crate::engine::path::base_name(path);
    let stem = base
        .strip_suffix(".json")
        .or_else(|| base.strip_suffix(".tar"))
        .unwrap_or(base);
    let stem = stem.strip_prefix("sha256:").unwrap_or(stem);
    let looks = stem.len() == 64
        && stem
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let in_blobs = path.starts_with("blobs/sha256/");
    (looks
        && (in_blobs
            || base.ends_with(".json")
            || base.ends_with(".tar")
            || base.starts_with("sha256:")))
    .then(|| format!("sha256:{stem}"))
}

/// Reads `manifest.json` and `repositories`. An image that no image of the
/// OCI layout (`images`, from `index.json`) already is gets added to
/// `images`. Returns the names both files carry.
pub fn read(r: &mut Resolver<'_>, images: &mut Vec<Image>) -> Result<Vec<ReferenceRecord>, Error> {
    let loc = Location::entry("manifest.json");
    let cap = r.limits().json_document;
    let doc = r.read_document("manifest.json", cap, DocumentRole::ManifestJson, &loc, None)?;
    let Some(value) = doc.value else {
        return Ok(Vec::new());
    };
    let entries = {
        let mut f = Fields {
            findings: r.findings_mut(),
            location: loc.clone(),
            document: "manifest.json".into(),
        };
        parse_manifest_json(&mut f, &value)
    };
    let oci_images = images.len();
    let mut references = Vec::new();
    for (n, e) in entries.iter().enumerate() {
        let image_no = entry_image(r, images, oci_images, n, e, &loc)?;
        let target = images
            .get(image_no as usize)
            .and_then(|i| i.config.digest.clone());
        references.extend(e.repo_tags.iter().map(|tag| ReferenceRecord {
            as_written: tag.clone(),
            normalized: None,
            source: RefSource::RepoTags,
            target: target.clone(),
            image: Some(image_no),
        }));
    }
    if entries.iter().any(|e| e.has_layer_sources) {
        r.add(Finding::new(
            Code::CompatibilityResynthesizedManifest,
            loc,
            "manifest.json carries `LayerSources`: a Docker 25+ save that re-created its manifests",
        ));
    }
    references.extend(repositories(r)?);
    Ok(references)
}

/// The image of entry `n` (`e`) of `manifest.json` (at `loc`): one of the
/// first `oci_images` images when the OCI layout describes the same config
/// and layers (Docker 25+), else a new image. Returns its number.
fn entry_image(
    r: &mut Resolver<'_>,
    images: &mut Vec<Image>,
    oci_images: usize,
    n: usize,
    e: &DockerManifestEntry,
    loc: &Location,
) -> Result<u32, Error> {
    let eloc = &loc.clone().with_path(format!("$[{n}]"));
    let config_entry = e
        .config
        .as_deref()
        .and_then(|c| resolve_config(r, c, n, eloc));
    let layer_entries = resolve_layers(r, &e.layers, eloc);
    let matching = images.iter().take(oci_images).position(|img| {
        img.config.entry.is_some()
            && img.config.entry == config_entry
            && img
                .layers
                .iter()
                .map(|l| l.entry.clone())
                .collect::<Vec<_>>()
                == layer_entries
    });
    if let Some(i) = matching {
        return Ok(u32::try_from(i).unwrap_or(u32::MAX));
    }
    if oci_images > 0 {
        r.add(Finding::new(
            Code::FormatDescriptionsDisagree,
            eloc.clone(),
            format!(
                "manifest.json entry {n} (config `{}`) matches no image of index.json: the config or the layers differ",
                e.config.clone().unwrap_or_default()
            ),
        ));
    }
    let image_no = u32::try_from(images.len()).unwrap_or(u32::MAX);
    let image = docker_image(
        r,
        image_no,
        config_entry.as_deref(),
        &layer_entries,
        e.layers.len(),
    )?;
    images.push(image);
    Ok(image_no)
}

/// The entry of config `c`, named by entry `n` (at `eloc`), following a link;
/// a finding when it is not in the archive.
fn resolve_config(r: &mut Resolver<'_>, c: &str, n: usize, eloc: &Location) -> Option<String> {
    let name = normalize_name(c);
    let resolved = r.resolve_entry(&name);
    if resolved.is_none() && r.entry(&name).is_none() {
        r.add(Finding::new(
            Code::BlobMissingConfig,
            eloc.clone().with_path(format!("$[{n}].Config")),
            format!("config `{c}` named by manifest.json is not in the archive"),
        ));
    }
    resolved
}

/// The entries of the layer files `layers` (named at `eloc`), following
/// links; a finding for each that is not in the archive.
fn resolve_layers(r: &mut Resolver<'_>, layers: &[String], eloc: &Location) -> Vec<Option<String>> {
    let mut entries = Vec::new();
    for (i, l) in layers.iter().enumerate() {
        let name = normalize_name(l);
        let resolved = r.resolve_entry(&name);
        if resolved.is_none() && r.entry(&name).is_none() {
            r.add(Finding::new(
                Code::BlobMissingLayer,
                eloc.clone()
                    .with_layer(u32::try_from(i).unwrap_or(u32::MAX)),
                format!("layer {i} `{l}` named by manifest.json is not in the archive"),
            ));
        }
        r.mark_referenced(name);
        entries.push(resolved);
    }
    entries
}

/// The names of `repositories` (legacy: repository → tag → layer ID), if the file is there.
fn repositories(r: &mut Resolver<'_>) -> Result<Vec<ReferenceRecord>, Error> {
    if r.entry("repositories").is_none() {
        return Ok(Vec::new());
    }
    let loc = Location::entry("repositories");
    let cap = r.limits().json_document;
    let doc = r.read_document("repositories", cap, DocumentRole::Repositories, &loc, None)?;
    let Some(v) = doc.value else {
        return Ok(Vec::new());
    };
    let mut f = Fields {
        findings: r.findings_mut(),
        location: loc,
        document: "repositories".into(),
    };
    let names = parse_repositories(&mut f, &v).into_iter();
    Ok(names
        .map(|(repo, tag, id)| ReferenceRecord {
            as_written: format!("{repo}:{tag}"),
            normalized: None,
            source: RefSource::Repositories,
            target: Some(id),
            image: None,
        })
        .collect())
}

/// Image `image_no`, described only by `manifest.json`: its config (when
/// named and found) and its layers, each queued to stream.
fn docker_image(
    r: &mut Resolver<'_>,
    image_no: u32,
    config_entry: Option<&str>,
    layer_entries: &[Option<String>],
    declared_layers: usize,
) -> Result<Image, Error> {
    let (info, config) = match config_entry {
        Some(entry) => docker_config(r, image_no, entry, declared_layers)?,
        None => (ConfigInfo::default(), Config::default()),
    };
    let layers = layer_entries
        .iter()
        .enumerate()
        .map(|(i, entry)| docker_layer(r, i, entry.as_deref(), &config))
        .collect();
    Ok(Image {
        kind: ImageKind::Image,
        source: ImageSource::DockerManifest,
        manifest: ManifestInfo::default(),
        config: info,
        layers,
        efficiency: None,
        packages: Vec::new(),
    })
}

/// The config file `entry` of image `image_no`: read, its name checked
/// against its hash (`<hex>.json` is the image ID), parsed and checked.
fn docker_config(
    r: &mut Resolver<'_>,
    image_no: u32,
    entry: &str,
    declared_layers: usize,
) -> Result<(ConfigInfo, Config), Error> {
    let mut info = ConfigInfo {
        entry: Some(entry.to_string()),
        ..ConfigInfo::default()
    };
    let mut config = Config::default();
    let cloc = Location::entry(entry).with_image(image_no);
    let cap = r.limits().json_config;
    let doc = r.read_document(entry, cap, DocumentRole::Config, &cloc, None)?;
    info.digest = doc.sha256.clone();
    if let (Some(named), Some(found)) = (named_sha256(entry), &doc.sha256) {
        info.check.digest_status = Some(if named == *found {
            Status::Verified
        } else {
            r.add(
                Finding::new(
                    Code::BlobDigestMismatch,
                    cloc.clone().with_blob(named.clone()),
                    format!("config `{entry}` is named {named} but hashes to {found}"),
                )
                .expected_found(named.clone(), found.clone()),
            );
            Status::Mismatch
        });
    }
    if let Some(Value::Object(obj)) = &doc.value {
        let mut f = Fields {
            findings: r.findings_mut(),
            location: cloc.clone(),
            document: format!("config `{entry}`"),
        };
        config = parse_config(&mut f, obj);
        config_check::fill(&config, &mut info);
        r.extend(config_check::check(&config, &cloc));
        r.extend(config_check::counts(&config, declared_layers, &cloc));
    }
    Ok((info, config))
}

/// Layer `i` of a `manifest.json` image, in `entry` (`None`: missing),
/// queued to stream and decode.
fn docker_layer(r: &mut Resolver<'_>, i: usize, entry: Option<&str>, config: &Config) -> LayerInfo {
    let named = entry
        .and_then(named_sha256)
        .filter(|_| entry.is_some_and(|e| e.starts_with("blobs/")));
    let mut l = LayerInfo {
        index: u32::try_from(i).unwrap_or(u32::MAX),
        entry: entry.map(str::to_string),
        digest: named,
        size: entry.and_then(|e| r.entry(e)).map(|e| e.tar.size),
        diff_id: DiffIdInfo {
            declared: config.diff_ids.get(i).cloned(),
            ..DiffIdInfo::default()
        },
        ..LayerInfo::default()
    };
    match entry {
        Some(e) => r.queue(e, false, true),
        None => l.check = BlobCheck::both(Status::Missing),
    }
    l
}
