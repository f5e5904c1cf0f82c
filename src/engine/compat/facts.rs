//! Facts about the file that decide what a tool does with it but are not
//! defects: which descriptions the archive carries (`manifest.json`, an OCI
//! layout, both), how many images it holds, how its entries are named. Each
//! becomes an info finding, so that every verdict's `because[]` names
//! finding codes and the page can point at it.

use crate::engine::finding::{Code, Finding, Location};
use crate::engine::report::{Format, ImageKind, ImageSource, IndexNodeKind, Report};

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
    if let Some(entry) = dot_slash_entry(report) {
        out.push(Finding::new(
            Code::CompatibilityDotSlashNames,
            Location::entry(entry.clone()),
            format!("entry names start with `./` (`{entry}`)"),
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

/// The first archive entry of the report named with a leading `./`.
fn dot_slash_entry(report: &Report) -> Option<String> {
    let documents = report.documents.iter().map(|d| d.entry.as_str());
    let layers = report
        .images
        .iter()
        .flat_map(|i| i.layers.iter().filter_map(|l| l.entry.as_deref()));
    documents
        .chain(layers)
        .find(|e| e.starts_with("./"))
        .map(str::to_string)
}
