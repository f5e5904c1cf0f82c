//! Facts about the file that decide what a tool does with it but are not
//! defects: which descriptions the archive carries (`manifest.json`, an OCI
//! layout, both), how many images it holds, how its entries are named. Each
//! becomes an info finding, so that every verdict's `because[]` names
//! finding codes and the page can point at it. (`./` entry names are seen
//! by the index pass, which has the raw names.)

use crate::engine::finding::{Code, Finding, Location};
use crate::engine::report::{Compression, Format, ImageKind, ImageSource, IndexNodeKind, Report};

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
    if images > 0 {
        out.extend(format_fact(report.input.format));
    }
    let listed = listed_images(report);
    if listed > 1 {
        let loc = Location::entry(match report.input.format {
            Format::DockerArchive => "manifest.json",
            _ => "index.json",
        });
        out.push(Finding::new(
            Code::CompatibilitySeveralImages,
            loc,
            format!("the archive holds {listed} images"),
        ));
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
    out.retain(|f| !report.findings.iter().any(|g| g.code == f.code));
    out
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

/// How many images the entry point lists: the descriptors of `index.json`
/// that are not attestations, or the entries of a docker-archive's
/// `manifest.json`.
fn listed_images(report: &Report) -> usize {
    match (&report.index, report.input.format) {
        (Some(index), f) if f.is_oci_layout() => index
            .children
            .iter()
            .filter(|c| matches!(c.kind, IndexNodeKind::Manifest | IndexNodeKind::Index))
            .count(),
        (_, Format::DockerArchive) => report
            .images
            .iter()
            .filter(|i| i.source == ImageSource::DockerManifest)
            .count(),
        _ => 0,
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
