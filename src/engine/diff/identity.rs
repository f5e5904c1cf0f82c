//! Each side's identity (config digest, manifest digest, layer digests,
//! DiffIDs) and what its archive format preserves; the `same` flags but
//! `files`; and the two causes seen at this level, `format` and `manifest`.
//!
//! > The image ID is the digest of the config; a docker-archive stores no
//! > manifest, so it has no manifest digest. (analysis.md §2)

use super::evidence::Evidence;
use super::layers::LayerView;
use super::schema::{Cause, Same, Side};
use super::select::platform_of;
use crate::engine::finding::Code;
use crate::engine::report::{Format, Image, Report};

/// The manifest family: `docker` (schema2, or a docker-archive with none),
/// `oci`, or the media type as written.
fn family(r: &Report, img: &Image) -> String {
    match img.manifest.media_type.as_deref() {
        Some(t) if t.starts_with("application/vnd.docker.") => "docker".into(),
        Some(t) if t.starts_with("application/vnd.oci.") => "oci".into(),
        Some(t) => t.into(),
        None if r.input.format == Format::DockerArchive => "docker".into(),
        None => "none".into(),
    }
}

/// What the archive of `r` preserves, in a sentence.
fn preserves(r: &Report) -> String {
    let recreated = r
        .findings
        .iter()
        .any(|f| f.code == Code::CompatibilityResynthesizedManifest);
    match r.input.format {
        Format::DockerArchive => "a docker-archive carries no manifest, only manifest.json: no manifest digest, so a registry's digest is lost; the config digest (image ID) and DiffIDs are kept".into(),
        Format::OciLayoutDockerManifest if recreated => "an OCI layout with Docker's manifest.json, whose manifests Docker re-created on save (LayerSources): the manifest digest may not be the registry's; config digest and DiffIDs are kept".into(),
        Format::OciLayout | Format::OciLayoutDockerManifest => "an OCI layout carries the manifest blob: its digest is the registry's when the image was copied without conversion or recompression".into(),
        Format::RootfsTar => "a bare file-system tarball: no manifest, no config, one layer".into(),
        Format::Unknown => "not a known image archive".into(),
    }
}

/// Side `image` of `r`.
pub fn side(r: &Report, image: u32, layers: &[LayerView<'_>]) -> Side {
    let img = r.images.get(image as usize);
    Side {
        input: r.input.clone(),
        image,
        platform: img.and_then(platform_of),
        config_digest: img.and_then(|i| i.config.digest.clone()),
        manifest_digest: img.and_then(|i| i.manifest.digest.clone()),
        manifest_media_type: img.and_then(|i| i.manifest.media_type.clone()),
        manifest_preserved: r.input.format.is_oci_layout()
            && img.is_some_and(|i| i.manifest.digest.is_some()),
        preserves: preserves(r),
        layer_digests: layers.iter().map(|l| l.info.digest.clone()).collect(),
        diff_ids: layers
            .iter()
            .map(|l| l.diff_id().map(str::to_string))
            .collect(),
    }
}

/// Equal and present.
fn both<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
    a.is_some() && a == b
}

/// Equal lists of present values.
fn all<T: PartialEq>(a: &[Option<T>], b: &[Option<T>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| both(x, y))
}

/// The `same` flags of two sides (`files` is left false: the tree decides it).
pub fn same(a: &Side, b: &Side) -> Same {
    Same {
        config_digest: both(&a.config_digest, &b.config_digest),
        manifest_digest: both(&a.manifest_digest, &b.manifest_digest),
        diff_ids: all(&a.diff_ids, &b.diff_ids),
        layer_digests: all(&a.layer_digests, &b.layer_digests),
        files: false,
    }
}

/// `format` when the archive formats or the manifest families differ;
/// `manifest` when config and layers are the same and only the manifest is not.
pub fn causes((ra, ia): (&Report, u32), (rb, ib): (&Report, u32), same: &Same, ev: &mut Evidence) {
    let (Some(a), Some(b)) = (ra.images.get(ia as usize), rb.images.get(ib as usize)) else {
        return;
    };
    let (fa, fb) = (ra.input.format, rb.input.format);
    let (ma, mb) = (family(ra, a), family(rb, b));
    if fa != fb || ma != mb {
        ev.add(
            Cause::Format,
            format!(
                "a is {} (manifest: {ma}), b is {} (manifest: {mb})",
                fa.as_str(),
                fb.as_str()
            ),
        );
        return;
    }
    if same.config_digest && same.layer_digests && !same.manifest_digest {
        let (x, y) = (&a.manifest, &b.manifest);
        let mut what = Vec::new();
        if x.annotations != y.annotations {
            what.push("annotations");
        }
        if x.document_media_type != y.document_media_type {
            what.push("mediaType");
        }
        if x.artifact_type != y.artifact_type || x.subject != y.subject {
            what.push("artifactType or subject");
        }
        if what.is_empty() {
            what.push("the bytes (field order or spacing)");
        }
        ev.add(
            Cause::Manifest,
            format!(
                "same config and layer digests, other manifest: {}",
                what.join(", ")
            ),
        );
    }
}
