//! Facts about the file that decide what a tool does with it but are not
//! defects: which descriptions the archive carries (`manifest.json`, an OCI
//! layout, both), how many images it holds, how its entries are named. Each
//! becomes an info finding, so that every verdict's `because[]` names
//! finding codes and the page can point at it. (`./` entry names are seen
//! by the index pass, which has the raw names.)

use crate::engine::finding::{Code, Finding, Location};
use crate::engine::report::{
    Compression, Format, ImageKind, ImageSource, IndexNode, IndexNodeKind, Report,
};

/// The codes of the facts: info findings about which tools suit the file,
/// never about a defect.
pub const CODES: &[Code] = &[
    Code::CompatibilityNoDockerManifest,
    Code::CompatibilityNoOciLayout,
    Code::CompatibilityDockerOciSave,
    Code::CompatibilitySeveralImages,
    Code::CompatibilityCompressedArchive,
    Code::CompatibilityPlatformIndex,
    Code::CompatibilityDotSlashNames,
    Code::CompatibilitySha512,
];

/// The info findings of the facts that hold for `report` and that it does
/// not have yet (so calling this twice adds nothing).
pub fn findings(report: &Report) -> Vec<Finding> {
    let images = report
        .images
        .iter()
        .filter(|i| i.kind == ImageKind::Image)
        .count();
    let mut out = Vec::new();
    // the descriptions a file carries are a fact even when nothing in them
    // reads as an image: `docker load` < 29 fails on an OCI layout either way
    out.extend(format_fact(report.input.format));
    let (listed, attestations) = listed_images(report);
    if listed > 1 {
        let loc = Location::entry(match report.input.format {
            Format::DockerArchive => "manifest.json",
            _ => "index.json",
        });
        let message = if attestations > 0 {
            format!("index.json lists {listed} manifests, {attestations} of them attestations")
        } else {
            format!("the archive holds {listed} images")
        };
        out.push(Finding::new(Code::CompatibilitySeveralImages, loc, message));
    }
    if images > 0 && report.input.outer_compression != Compression::None {
        out.push(Finding::new(
            Code::CompatibilityCompressedArchive,
            Location::default(),
            format!(
                "the archive is {}-compressed as a whole",
                report.input.outer_compression
            ),
        ));
    }
    if let Some(index) = platform_index(report) {
        out.push(Finding::new(
            Code::CompatibilityPlatformIndex,
            Location::entry("index.json").with_blob(index.clone()),
            format!("index.json points to the image index {index}, one manifest per platform"),
        ));
    }
    if let Some(digest) = sha512_digest(report) {
        out.push(Finding::new(
            Code::CompatibilitySha512,
            Location::default().with_blob(digest.clone()),
            format!("blobs are addressed by sha512 digests ({digest})"),
        ));
    }
    out.retain(|f| !report.findings.iter().any(|g| g.code == f.code));
    out
}

/// The first sha512 digest of a descriptor: of `index.json` and the indexes
/// below it, or of an image's manifest, config or layers.
fn sha512_digest(report: &Report) -> Option<String> {
    fn walk(node: &IndexNode) -> Option<&String> {
        node.digest
            .as_ref()
            .filter(|d| d.starts_with("sha512:"))
            .or_else(|| node.children.iter().find_map(walk))
    }
    let of_images = report.images.iter().find_map(|i| {
        [i.manifest.digest.as_ref(), i.config.digest.as_ref()]
            .into_iter()
            .flatten()
            .chain(i.layers.iter().filter_map(|l| l.digest.as_ref()))
            .find(|d| d.starts_with("sha512:"))
    });
    report.index.as_ref().and_then(walk).or(of_images).cloned()
}

/// The finding that says which description the archive lacks or adds.
fn format_fact(format: Format) -> Option<Finding> {
    let (code, message) = match format {
        Format::OciLayout => (
            Code::CompatibilityNoDockerManifest,
            "an OCI layout without `manifest.json`",
        ),
        Format::DockerArchive => (
            Code::CompatibilityNoOciLayout,
            "a docker-archive: `manifest.json` without an OCI layout",
        ),
        Format::OciLayoutDockerManifest => (
            Code::CompatibilityDockerOciSave,
            "an OCI layout with a Docker `manifest.json` (Docker 25+ `docker save`, `ctr images export`)",
        ),
        Format::RootfsTar | Format::Unknown => return None,
    };
    Some(Finding::new(code, Location::default(), message))
}

/// How many images the entry point lists, and how many of those are
/// attestations: the manifests and indexes of `index.json`, with an
/// attestation listed beside its image (c/image chooses among every
/// descriptor of `index.json`: "more than one image in oci, choose an
/// image", seen with podman 4.3.1 and skopeo 1.9.3), or the entries of a
/// docker-archive's `manifest.json`.
fn listed_images(report: &Report) -> (usize, usize) {
    match (&report.index, report.input.format) {
        (Some(index), f) if f.is_oci_layout() => {
            let count = |k: &[IndexNodeKind]| {
                index
                    .children
                    .iter()
                    .filter(|c| k.contains(&c.kind))
                    .count()
            };
            let images = count(&[IndexNodeKind::Manifest, IndexNodeKind::Index]);
            let attestations = count(&[IndexNodeKind::Attestation]);
            if images > 0 {
                (images + attestations, attestations)
            } else {
                (images, 0)
            }
        }
        (_, Format::DockerArchive) => (
            report
                .images
                .iter()
                .filter(|i| i.source == ImageSource::DockerManifest)
                .count(),
            0,
        ),
        _ => (0, 0),
    }
}

/// The digest of an image index that `index.json` points to, if any.
fn platform_index(report: &Report) -> Option<String> {
    report
        .index
        .as_ref()?
        .children
        .iter()
        .find(|c| c.kind == IndexNodeKind::Index)
        .map(|c| c.digest.clone().unwrap_or_default())
}
