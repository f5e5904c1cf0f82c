//! The `docker save` description: `manifest.json`, `repositories`, config
//! files named by their digest, and layer tars (possibly symlinked by
//! c/image). With an OCI layout in the same tar (Docker 25+, containerd),
//! the two descriptions are cross-checked.
//!
//! > `manifest.json` … `Config` … `RepoTags` … `Layers`: … paths of the
//! > layer tars, in order. (moby/docker-image-spec `v1.2.md`)

use super::builder::Builder;
use crate::engine::error::Error;
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::model::config::{parse_config, Config};
use crate::engine::model::docker_manifest::{parse_manifest_json, parse_repositories};
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

impl Builder<'_> {
    /// Reads `manifest.json` and `repositories`.
    pub fn docker_archive(&mut self) -> Result<(), Error> {
        let loc = Location::entry("manifest.json");
        let doc = self.read_document(
            "manifest.json",
            self.limits.json_document,
            DocumentRole::ManifestJson,
            &loc,
            None,
        )?;
        let Some(value) = doc.value else {
            return Ok(());
        };
        let entries = {
            let mut f = Fields {
                findings: &mut self.out.findings,
                location: loc.clone(),
                document: "manifest.json".into(),
            };
            parse_manifest_json(&mut f, &value)
        };
        let oci_images = self.out.images.len();
        let mut resynthesized = false;
        for (n, e) in entries.iter().enumerate() {
            let eloc = loc.clone().with_path(format!("$[{n}]"));
            resynthesized |= e.has_layer_sources;
            let config_entry = e.config.as_deref().and_then(|c| {
                let resolved =
                    self.resolve_entry(&crate::engine::archive::outer::normalize_name(c));
                if resolved.is_none()
                    && self
                        .entries
                        .get(&crate::engine::archive::outer::normalize_name(c))
                        .is_none()
                {
                    self.add(Finding::new(
                        Code::BlobMissingConfig,
                        eloc.clone().with_path(format!("$[{n}].Config")),
                        format!("config `{c}` named by manifest.json is not in the archive"),
                    ));
                }
                resolved
            });
            let mut layer_entries = Vec::new();
            for (i, l) in e.layers.iter().enumerate() {
                let name = crate::engine::archive::outer::normalize_name(l);
                let resolved = self.resolve_entry(&name);
                if resolved.is_none() && self.entries.get(&name).is_none() {
                    self.add(Finding::new(
                        Code::BlobMissingLayer,
                        eloc.clone()
                            .with_layer(u32::try_from(i).unwrap_or(u32::MAX)),
                        format!("layer {i} `{l}` named by manifest.json is not in the archive"),
                    ));
                }
                self.referenced.insert(name);
                layer_entries.push(resolved);
            }
            // Docker 25+: the same image is described by the OCI index.
            let matching = (0..oci_images).find(|&i| {
                self.out.images.get(i).is_some_and(|img| {
                    img.config.entry.is_some()
                        && img.config.entry == config_entry
                        && img
                            .layers
                            .iter()
                            .map(|l| l.entry.clone())
                            .collect::<Vec<_>>()
                            == layer_entries
                })
            });
            let image_no = match matching {
                Some(i) => u32::try_from(i).unwrap_or(u32::MAX),
                None => {
                    if oci_images > 0 {
                        self.add(Finding::new(
                            Code::FormatDescriptionsDisagree,
                            eloc.clone(),
                            format!(
                                "manifest.json entry {n} (config `{}`) matches no image of index.json: the config or the layers differ",
                                e.config.clone().unwrap_or_default()
                            ),
                        ));
                    }
                    self.docker_image(config_entry.as_deref(), &layer_entries, e.layers.len())?
                }
            };
            let target = self
                .out
                .images
                .get(image_no as usize)
                .and_then(|i| i.config.digest.clone());
            for tag in &e.repo_tags {
                self.out.references.push(ReferenceRecord {
                    as_written: tag.clone(),
                    normalized: None,
                    source: RefSource::RepoTags,
                    target: target.clone(),
                    image: Some(image_no),
                });
            }
        }
        if resynthesized {
            self.add(Finding::new(
                Code::CompatibilityResynthesizedManifest,
                loc.clone(),
                "manifest.json carries `LayerSources`: a Docker 25+ save that re-created its manifests",
            ));
        }
        if self.entries.get("repositories").is_some() {
            let rloc = Location::entry("repositories");
            let doc = self.read_document(
                "repositories",
                self.limits.json_document,
                DocumentRole::Repositories,
                &rloc,
                None,
            )?;
            if let Some(v) = doc.value {
                let mut f = Fields {
                    findings: &mut self.out.findings,
                    location: rloc,
                    document: "repositories".into(),
                };
                for (repo, tag, id) in parse_repositories(&mut f, &v) {
                    self.out.references.push(ReferenceRecord {
                        as_written: format!("{repo}:{tag}"),
                        normalized: None,
                        source: RefSource::Repositories,
                        target: Some(id),
                        image: None,
                    });
                }
            }
        }
        Ok(())
    }

    /// An image described only by `manifest.json`.
    fn docker_image(
        &mut self,
        config_entry: Option<&str>,
        layer_entries: &[Option<String>],
        declared_layers: usize,
    ) -> Result<u32, Error> {
        let image_no = u32::try_from(self.out.images.len()).unwrap_or(u32::MAX);
        let mut info = ConfigInfo {
            entry: config_entry.map(str::to_string),
            ..ConfigInfo::default()
        };
        let mut config = Config::default();
        if let Some(entry) = config_entry {
            let cloc = Location::entry(entry).with_image(image_no);
            let named = named_sha256(entry);
            let doc = self.read_document(
                entry,
                self.limits.json_config,
                DocumentRole::Config,
                &cloc,
                None,
            )?;
            info.digest = doc.sha256.clone();
            if let (Some(named), Some(found)) = (&named, &doc.sha256) {
                if named != found {
                    self.add(
                        Finding::new(
                            Code::BlobDigestMismatch,
                            cloc.clone().with_blob(named.clone()),
                            format!("config `{entry}` is named {named} but hashes to {found}"),
                        )
                        .expected_found(named.clone(), found.clone()),
                    );
                    info.check.digest_status = Some(Status::Mismatch);
                } else {
                    info.check.digest_status = Some(Status::Verified);
                }
            }
            if let Some(Value::Object(obj)) = &doc.value {
                let mut f = Fields {
                    findings: &mut self.out.findings,
                    location: cloc.clone(),
                    document: format!("config `{entry}`"),
                };
                config = parse_config(&mut f, obj);
            }
            if matches!(&doc.value, Some(Value::Object(_))) {
                config_check::fill(&config, &mut info);
                let found = config_check::check(&config, &cloc);
                self.out.findings.extend(found);
                let found = config_check::counts(&config, declared_layers, &cloc);
                self.out.findings.extend(found);
            }
        }
        let mut layers = Vec::new();
        for (i, entry) in layer_entries.iter().enumerate() {
            let named = entry
                .as_deref()
                .and_then(named_sha256)
                .filter(|_| entry.as_deref().is_some_and(|e| e.starts_with("blobs/")));
            let mut l = LayerInfo {
                index: u32::try_from(i).unwrap_or(u32::MAX),
                entry: entry.clone(),
                digest: named.clone(),
                size: entry
                    .as_deref()
                    .and_then(|e| self.entries.get(e))
                    .map(|e| e.tar.size),
                diff_id: DiffIdInfo {
                    declared: config.diff_ids.get(i).cloned(),
                    ..DiffIdInfo::default()
                },
                ..LayerInfo::default()
            };
            match entry {
                Some(e) => self.queue(e, false, true),
                None => {
                    l.check = BlobCheck::both(Status::Missing);
                }
            }
            layers.push(l);
        }
        self.out.images.push(Image {
            kind: ImageKind::Image,
            source: ImageSource::DockerManifest,
            manifest: ManifestInfo::default(),
            config: info,
            layers,
            efficiency: None,
        });
        Ok(image_no)
    }
}
