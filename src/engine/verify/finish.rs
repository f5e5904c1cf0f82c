//! The checks that need every blob, image by image: each layer against its
//! blob result (in [`super::layer`]), zstd compatibility, and the merge of
//! the layers into the file tree; then the findings' order.

use super::layer::check_layer;
use crate::engine::codec::Content;
use crate::engine::finding::{Code, Finding, Location, Severity};
use crate::engine::inside::packages::image::{image_packages, LayerView};
use crate::engine::inside::{self, image::Walked, LayerInside};
use crate::engine::plan::BlobResult;
use crate::engine::report::{Image, ImageKind, LayerInfo, Status, Tree, TreeLayer, TreeMerged};
use crate::engine::tree::merge::{merge, LayerInput};
use std::collections::{HashMap, HashSet};

/// Applies every blob result to the images; returns the tree when asked.
///
/// Per image, the findings come in this order: each layer's own (in layer
/// order, each followed by its tar's findings), then zstd compatibility,
/// then the merge's.
pub fn check_images(
    images: &mut [Image],
    results: &HashMap<String, BlobResult>,
    want_tree: bool,
    findings: &mut Vec<Finding>,
) -> Option<Tree> {
    let mut tree = Tree::default();
    // a blob's tar findings are reported once, however many images share it
    let mut reported: HashSet<String> = HashSet::new();
    for (ii, img) in images.iter_mut().enumerate() {
        let image_no = u32::try_from(ii).unwrap_or(u32::MAX);
        let decoded = check_image_layers(img, image_no, results, &mut reported, findings);
        findings.extend(zstd_finding(img, image_no, results));
        merge_image(img, image_no, &decoded, want_tree, &mut tree, findings);
    }
    want_tree.then_some(tree)
}

/// The decoded layers of one image, in layer order: their indices and what
/// the merge reads of them.
#[derive(Default)]
struct Decoded<'r> {
    /// Each input's layer index.
    layers: Vec<u32>,
    /// The merge's inputs, one per index.
    inputs: Vec<LayerInput<'r>>,
    /// What each layer's file bodies held (package databases, secrets, ELF
    /// machines), one per index.
    inside: Vec<&'r LayerInside>,
}

/// Checks every layer of one image against its blob result and collects
/// the decoded ones for the merge. A layer without a result leaves a
/// declared DiffID unverifiable; the tar findings of a blob already
/// reported (through another image) are not repeated.
fn check_image_layers<'r>(
    img: &mut Image,
    image_no: u32,
    results: &'r HashMap<String, BlobResult>,
    reported: &mut HashSet<String>,
    findings: &mut Vec<Finding>,
) -> Decoded<'r> {
    let is_image = img.kind == ImageKind::Image;
    let mut decoded = Decoded::default();
    for layer in img.layers.iter_mut() {
        let loc = layer_location(layer, image_no);
        let Some(r) = blob_result(layer, results) else {
            if layer.diff_id.declared.is_some() && is_image {
                layer.diff_id.status = Some(Status::Unverifiable);
            }
            continue;
        };
        check_layer(is_image, layer, r, &loc, findings);
        let Some(c) = r.layer.as_ref().filter(|_| is_image) else {
            continue;
        };
        if reported.insert(r.entry.clone()) {
            findings.extend(c.findings.iter().map(|f| in_layer(f, image_no, layer)));
        }
        decoded.layers.push(layer.index);
        decoded.inside.push(&c.inside);
        decoded.inputs.push(LayerInput {
            entries: &c.entries,
            lower_links: &c.lower_links,
            location: loc,
            index: layer.index,
        });
    }
    decoded
}

/// Where a layer's findings point: its entry, blob, image and index.
fn layer_location(layer: &LayerInfo, image_no: u32) -> Location {
    Location {
        entry: layer.entry.clone(),
        blob: layer.digest.clone(),
        image: Some(image_no),
        layer: Some(layer.index),
        ..Location::default()
    }
}

/// The result of reading the layer's archive entry, if it was read.
fn blob_result<'r>(
    layer: &LayerInfo,
    results: &'r HashMap<String, BlobResult>,
) -> Option<&'r BlobResult> {
    layer.entry.as_ref().and_then(|e| results.get(e))
}

/// A tar finding (located by entry and path) placed in its image and layer.
fn in_layer(f: &Finding, image_no: u32, layer: &LayerInfo) -> Finding {
    let mut f = f.clone();
    f.r#where.image = Some(image_no);
    f.r#where.layer = Some(layer.index);
    f.r#where.blob = layer.digest.clone();
    f
}

/// `compatibility.zstd` once per image with zstd layers (by content or by
/// a `+zstd` media type), counting only layers that were read.
fn zstd_finding(
    img: &Image,
    image_no: u32,
    results: &HashMap<String, BlobResult>,
) -> Option<Finding> {
    if img.kind != ImageKind::Image {
        return None;
    }
    let zstd_layers = img
        .layers
        .iter()
        .filter_map(|layer| blob_result(layer, results).map(|r| (layer, r)))
        .filter(|(layer, r)| {
            r.content == Content::Zstd
                || layer
                    .media_type
                    .as_deref()
                    .is_some_and(|t| t.ends_with("+zstd"))
        })
        .count();
    (zstd_layers > 0).then(|| {
        Finding::new(
            Code::CompatibilityZstd,
            Location::default()
                .with_image(image_no)
                .with_blob(img.manifest.digest.clone().unwrap_or_default()),
            format!("{zstd_layers} layer(s) of this image are zstd-compressed"),
        )
    })
}

/// Merges the decoded layers of one image: records each layer's change
/// counts, adds the merge's findings and, when asked, the per-layer and
/// merged trees.
fn merge_image(
    img: &mut Image,
    image_no: u32,
    decoded: &Decoded<'_>,
    want_tree: bool,
    tree: &mut Tree,
    findings: &mut Vec<Finding>,
) {
    let merged = merge(&decoded.inputs, want_tree);
    let per_layer = merged.changes.iter().zip(merged.wasted.iter());
    for (idx, (changes, wasted)) in decoded.layers.iter().zip(per_layer) {
        if let Some(l) = img.layers.get_mut(*idx as usize) {
            l.changes = Some(*changes);
            l.wasted_bytes = Some(*wasted);
        }
    }
    if img.kind == ImageKind::Image {
        img.efficiency = Some(merged.efficiency);
        let views: Vec<LayerView<'_>> = (decoded.inputs.iter().zip(&decoded.inside))
            .map(|(i, inside)| LayerView {
                index: i.index,
                packages: &inside.packages,
                entries: i.entries,
                location: &i.location,
            })
            .collect();
        let (packages, problems) = image_packages(&views, &merged.merged);
        img.packages = packages;
        findings.extend(problems);
    }
    findings.extend(merged.findings);
    let walked: Vec<Walked<'_>> = decoded
        .inputs
        .iter()
        .zip(&decoded.inside)
        .map(|(i, inside)| Walked {
            index: i.index,
            inside,
            location: i.location.clone(),
        })
        .collect();
    let all_walked = decoded.layers.len() == img.layers.len();
    findings.extend(inside::image::findings(
        img,
        image_no,
        &walked,
        &merged.merged,
        all_walked,
    ));
    if !want_tree {
        return;
    }
    // the lists are kept as long as the report: no spare capacity (up to
    // half of a list's bytes after its doublings)
    for (idx, mut entries) in decoded.layers.iter().zip(merged.layers) {
        entries.shrink_to_fit();
        tree.layers.push(TreeLayer {
            image: image_no,
            layer: *idx,
            entries,
        });
    }
    let mut entries = merged.merged;
    entries.shrink_to_fit();
    tree.merged.push(TreeMerged {
        image: image_no,
        entries,
    });
}

/// Most severe first, keeping the order of discovery within a severity.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by_key(|f| match f.severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    });
}
