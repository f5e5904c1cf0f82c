//! The checks that need every blob: each layer's digest, size and DiffID,
//! its compression against its media type, compatibility, and the merge of
//! the layers into the file tree.
//!
//! > Before using the content, implementations MUST verify the digest.
//! > (image-spec `descriptor.md#verification`)

use crate::engine::codec::{Compression, Content};
use crate::engine::finding::{Code, Finding, Location, Severity};
use crate::engine::model::digest::{parse_digest, Algorithm};
use crate::engine::model::media_type::layer_type;
use crate::engine::plan::{BlobResult, DecodeProblem};
use crate::engine::report::{Image, ImageKind, LayerInfo, Status, Tree, TreeLayer, TreeMerged};
use crate::engine::tree::merge::{merge, LayerInput};
use std::collections::{HashMap, HashSet};

/// Compares a declared digest with what was computed (`None` when the
/// digest is not well-formed or not declared).
pub fn digest_status(declared: Option<&str>, r: &BlobResult) -> Option<Status> {
    let d = parse_digest(declared?).ok()?;
    let computed = match d.algorithm_supported() {
        Some(Algorithm::Sha256) => Some(r.sha256.clone()),
        Some(Algorithm::Sha512) => r.sha512.clone(),
        None => None,
    };
    Some(match computed {
        Some(c) if c == d.to_string() => Status::Verified,
        Some(_) => Status::Mismatch,
        None => Status::Unverifiable,
    })
}

fn problem_finding(p: &DecodeProblem, i: u32, loc: &Location) -> Finding {
    match p {
        DecodeProblem::Corrupt { detail } => {
            Finding::new(Code::LayerCompressionCorrupt, loc.clone(), format!("layer {i}: the compressed stream is damaged: {detail}"))
        }
        DecodeProblem::TrailingData { detail } => Finding::new(
            Code::LayerCompressionTrailingData,
            loc.clone(),
            format!("layer {i}: bytes after the compressed data: {detail}"),
        ),
        DecodeProblem::ZstdWindow { requested, max } => Finding::new(
            Code::LimitsZstdWindow,
            loc.clone(),
            format!("layer {i}: zstd window of {requested} bytes exceeds the {max}-byte cap; not decoded"),
        ),
        DecodeProblem::XzDictionary { requested, max } => Finding::new(
            Code::LimitsXzDictionary,
            loc.clone(),
            format!("layer {i}: xz needs {requested} bytes of memory, over the {max}-byte cap; not decoded"),
        ),
        DecodeProblem::DecompressedBytes { max } => Finding::new(
            Code::LimitsDecompressedBytes,
            loc.clone(),
            format!("layer {i}: decompresses to more than {max} bytes; reading stopped"),
        ),
    }
}

/// Checks one layer against its blob result.
fn check_layer(
    is_image: bool,
    layer: &mut LayerInfo,
    r: &BlobResult,
    loc: &Location,
    findings: &mut Vec<Finding>,
) {
    let i = layer.index;
    let declared_digest = layer.digest.clone();
    match declared_digest.as_deref() {
        Some(d) => {
            layer.check.digest_status = digest_status(Some(d), r);
            if layer.check.digest_status == Some(Status::Mismatch) {
                let found = if d.starts_with("sha512:") {
                    r.sha512.clone().unwrap_or_default()
                } else {
                    r.sha256.clone()
                };
                findings.push(
                    Finding::new(
                        Code::BlobDigestMismatch,
                        loc.clone(),
                        format!("layer {i}: expected {d}, found {found}"),
                    )
                    .expected_found(d, found),
                );
            }
        }
        None => layer.digest = Some(r.sha256.clone()),
    }
    match layer.size {
        Some(s) if layer.check.size_status.is_none() && declared_digest.is_some() => {
            layer.check.size_status = Some(if s == r.size {
                Status::Verified
            } else {
                let code = if r.size < s {
                    Code::BlobSizeShort
                } else {
                    Code::BlobSizeLong
                };
                findings.push(
                    Finding::new(
                        code,
                        loc.clone(),
                        format!("layer {i}: {} bytes where the descriptor says {s}", r.size),
                    )
                    .expected_found(s.to_string(), r.size.to_string()),
                );
                Status::Mismatch
            });
        }
        _ => layer.size = Some(r.size),
    }
    layer.compression = Some(r.content);
    if !is_image {
        return;
    }
    let lt = layer.media_type.as_deref().map(layer_type);
    let declared_c = lt.and_then(|t| t.compression);
    let encrypted = lt.is_some_and(|t| t.encrypted);
    match (r.content.compression(), declared_c) {
        // ciphertext looks like noise; `layer-compression.encrypted` says why
        (None, _) if encrypted => {}
        (None, _) => findings.push(Finding::new(
            Code::LayerCompressionUnknown,
            loc.clone(),
            format!(
                "layer {i} is neither a tar nor a known compression (first bytes {})",
                r.head
            ),
        )),
        (Some(found), Some(declared)) if found != declared && !encrypted => findings.push(
            Finding::new(
                Code::LayerCompressionMismatch,
                loc.clone(),
                format!(
                    "layer {i} is typed `{}` ({}) but its bytes are {} (first bytes {})",
                    layer.media_type.clone().unwrap_or_default(),
                    declared.as_str(),
                    found.as_str(),
                    r.head
                ),
            )
            .expected_found(declared.as_str(), found.as_str()),
        ),
        _ => {}
    }
    match r.content {
        Content::Xz => findings.push(Finding::new(
            Code::CompatibilityXz,
            loc.clone(),
            format!("layer {i} is xz-compressed"),
        )),
        Content::Bzip2 => findings.push(Finding::new(
            Code::CompatibilityBzip2,
            loc.clone(),
            format!("layer {i} is bzip2-compressed"),
        )),
        _ => {}
    }
    let Some(content) = &r.layer else {
        if layer.diff_id.declared.is_some() {
            layer.diff_id.status = Some(Status::Unverifiable);
        }
        return;
    };
    if let Some(p) = &content.problem {
        findings.push(problem_finding(p, i, loc));
    } else if !content.is_tar {
        findings.push(Finding::new(
            Code::LayerCompressionNotTar,
            loc.clone(),
            format!(
                "layer {i} decodes to {} bytes that are not a tar archive",
                content.uncompressed_size
            ),
        ));
    }
    layer.uncompressed_size = Some(content.uncompressed_size);
    layer.files = Some(content.entries.len() as u64);
    layer.diff_id.computed = content.diff_id.clone();
    let declared = layer.diff_id.declared.clone();
    layer.diff_id.status = match (&declared, &content.diff_id) {
        (Some(d), Some(c)) if d == c => Some(Status::Verified),
        (Some(d), Some(c)) => {
            let compressed = *d == r.sha256 && r.content.compression() != Some(Compression::None);
            let (code, msg) = if compressed {
                (
                    Code::DiffidCompressedDigest,
                    format!("layer {i}: the config's DiffID {d} is the digest of the compressed blob; the uncompressed tar is {c}"),
                )
            } else {
                (
                    Code::DiffidMismatch,
                    format!("layer {i}: the config says DiffID {d}, the layer unpacks to {c}"),
                )
            };
            findings
                .push(Finding::new(code, loc.clone(), msg).expected_found(d.clone(), c.clone()));
            Some(Status::Mismatch)
        }
        (Some(_), None) => {
            let why = content
                .problem
                .as_ref()
                .map_or("it could not be decoded".to_string(), |p| format!("{p:?}"));
            findings.push(Finding::new(
                Code::DiffidUnverifiable,
                loc.clone(),
                format!("layer {i}: DiffID not checked: {why}"),
            ));
            Some(Status::Unverifiable)
        }
        (None, _) => None,
    };
}

/// Applies every blob result to the images; returns the tree when asked.
pub fn check_images(
    images: &mut [Image],
    results: &HashMap<String, BlobResult>,
    want_tree: bool,
    findings: &mut Vec<Finding>,
) -> Option<Tree> {
    let mut tree = Tree::default();
    let mut local_done: HashSet<String> = HashSet::new();
    for (ii, img) in images.iter_mut().enumerate() {
        let image_no = u32::try_from(ii).unwrap_or(u32::MAX);
        let is_image = img.kind == ImageKind::Image;
        let mut zstd_layers = 0u32;
        let mut inputs_owned = Vec::new();
        for layer in img.layers.iter_mut() {
            let loc = Location {
                entry: layer.entry.clone(),
                blob: layer.digest.clone(),
                image: Some(image_no),
                layer: Some(layer.index),
                path: None,
            };
            let Some(r) = layer.entry.as_ref().and_then(|e| results.get(e)) else {
                if layer.diff_id.declared.is_some() && is_image {
                    layer.diff_id.status = Some(Status::Unverifiable);
                }
                continue;
            };
            check_layer(is_image, layer, r, &loc, findings);
            if is_image
                && (r.content == Content::Zstd
                    || layer
                        .media_type
                        .as_deref()
                        .is_some_and(|t| t.ends_with("+zstd")))
            {
                zstd_layers += 1;
            }
            if let Some(c) = r.layer.as_ref().filter(|_| is_image) {
                if local_done.insert(r.entry.clone()) {
                    for f in &c.findings {
                        let mut f = f.clone();
                        f.r#where.image = Some(image_no);
                        f.r#where.layer = Some(layer.index);
                        f.r#where.blob = layer.digest.clone();
                        findings.push(f);
                    }
                }
                inputs_owned.push((layer.index, c, loc));
            }
        }
        if zstd_layers > 0 {
            findings.push(Finding::new(
                Code::CompatibilityZstd,
                Location::default()
                    .with_image(image_no)
                    .with_blob(img.manifest.digest.clone().unwrap_or_default()),
                format!("{zstd_layers} layer(s) of this image are zstd-compressed"),
            ));
        }
        let inputs: Vec<LayerInput<'_>> = inputs_owned
            .iter()
            .map(|(_, c, loc)| LayerInput {
                entries: &c.entries,
                lower_links: &c.lower_links,
                location: loc.clone(),
            })
            .collect();
        let merged = merge(&inputs, want_tree);
        for ((idx, _, _), changes) in inputs_owned.iter().zip(merged.changes.iter()) {
            if let Some(l) = img.layers.get_mut(*idx as usize) {
                l.changes = Some(*changes);
            }
        }
        findings.extend(merged.findings);
        if want_tree {
            for ((idx, _, _), entries) in inputs_owned.iter().zip(merged.layers) {
                tree.layers.push(TreeLayer {
                    image: image_no,
                    layer: *idx,
                    entries,
                });
            }
            tree.merged.push(TreeMerged {
                image: image_no,
                entries: merged.merged,
            });
        }
    }
    want_tree.then_some(tree)
}

/// Most severe first, keeping the order of discovery within a severity.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by_key(|f| match f.severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    });
}
