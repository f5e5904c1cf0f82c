//! Who the image is: its image ID (the config's digest), its manifest
//! digest, and whether this archive keeps the manifest a registry serves,
//! so that the digest can be looked up or pinned (`name@sha256:…`).
//!
//! By archive kind (analysis.md §2 `format`, formats.md §2):
//! - a docker-archive (`docker save` ≤ 24, `podman save`, skopeo's
//!   `docker-archive:`) stores no manifest: its `manifest.json` is the saving
//!   tool's own summary, re-created on every save, and a push builds a new
//!   manifest (with newly compressed layers);
//! - a Docker 25+ save from the graphdriver store is an OCI layout whose
//!   manifests Docker re-created with uncompressed layers (its
//!   `manifest.json` has `LayerSources`, finding
//!   `compatibility.resynthesized-manifest`; docker/cli#5515);
//! - any other OCI layout (oci-archive, containerd's exporter, Docker's
//!   containerd store, buildah, umoci) stores the manifest as a blob, byte
//!   for byte: its digest is the one a registry has for those bytes, when the
//!   writer copied it without converting it.

use crate::engine::finding::{Code, Finding};
use crate::engine::report::{Format, Image, ImageSource, Status};
use crate::view_model::format::short_digest;

/// Who the image is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The image ID: the config's digest.
    pub image_id: Option<String>,
    /// Its first 12 hex digits, as `docker images` and `podman images` show it.
    pub image_id_short: Option<String>,
    /// The manifest's digest (a docker-archive has none).
    pub manifest_digest: Option<String>,
    /// Whether the archive keeps the registry's manifest digest.
    pub manifest_kept: ManifestKept,
}

/// Whether this archive preserves the manifest a registry serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestKept {
    /// Stored as a blob whose bytes hash to its digest.
    Kept,
    /// Stored as a blob, but the bytes do not verify (missing, another
    /// digest, or not checkable): the digest is only the index's claim.
    Unverified(Option<Status>),
    /// Re-created on save (Docker 25+ from the graphdriver store).
    Recreated,
    /// Not stored at all: a docker-archive's `manifest.json` only.
    NotStored,
}

impl ManifestKept {
    /// Decides for image `img` of an archive in `format` with `findings`.
    pub fn of(format: Format, img: &Image, findings: &[Finding]) -> Self {
        if img.source == ImageSource::DockerManifest || !format.is_oci_layout() {
            return ManifestKept::NotStored;
        }
        let recreated = format == Format::OciLayoutDockerManifest
            && findings
                .iter()
                .any(|f| f.code == Code::CompatibilityResynthesizedManifest);
        if recreated {
            return ManifestKept::Recreated;
        }
        match img.manifest.check.digest_status {
            Some(Status::Verified) => ManifestKept::Kept,
            other => ManifestKept::Unverified(other),
        }
    }

    /// A short answer: does the archive preserve the registry's digest?
    pub fn answer(self) -> &'static str {
        match self {
            ManifestKept::Kept => "yes",
            ManifestKept::Unverified(_) => "not verified",
            ManifestKept::Recreated | ManifestKept::NotStored => "no",
        }
    }

    /// Why, in plain words.
    pub fn explanation(self) -> &'static str {
        match self {
            ManifestKept::Kept => {
                "The manifest is stored as a blob, byte for byte, so this is the digest a registry has for it — unless the tool that wrote the archive converted it (a Docker manifest turned into OCI, layers recompressed), which makes a new manifest."
            }
            ManifestKept::Unverified(Some(Status::Missing)) => {
                "The index names this manifest, but its blob is not in the archive: the digest is only a claim."
            }
            ManifestKept::Unverified(Some(Status::Mismatch)) => {
                "The manifest blob does not hash to its digest: the bytes stored are not the manifest the index names."
            }
            ManifestKept::Unverified(_) => {
                "The manifest is stored as a blob, but its digest could not be checked (yet)."
            }
            ManifestKept::Recreated => {
                "Docker 25+ re-created this manifest when it saved the image from its graphdriver store (manifest.json has LayerSources): its layers are uncompressed, so the digest differs from the registry's and from one save to the next."
            }
            ManifestKept::NotStored => {
                "A docker-archive keeps no manifest: manifest.json is re-created by docker save (or podman/skopeo), and a push builds a new manifest. Only the image ID (the config's digest) survives; pull by digest needs an OCI archive (skopeo copy … oci-archive:) or the registry."
            }
        }
    }
}

impl Identity {
    /// The identity of `img` in an archive in `format` with `findings`.
    pub fn of(format: Format, img: &Image, findings: &[Finding]) -> Self {
        let image_id = img.config.digest.clone();
        Identity {
            image_id_short: image_id.as_deref().map(short_id),
            image_id,
            manifest_digest: img.manifest.digest.clone(),
            manifest_kept: ManifestKept::of(format, img, findings),
        }
    }
}

/// The 12 hex digits after the algorithm, as `docker images` prints an ID;
/// anything that is no `alg:hex` digest is shortened as [`short_digest`] does.
pub fn short_id(digest: &str) -> String {
    match digest.split_once(':') {
        Some((_, hex)) if hex.len() >= 12 && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            hex.get(..12).unwrap_or(hex).to_string()
        }
        _ => short_digest(digest),
    }
}
