//! The closed sets of `ocilens.report/v1`: each is a serde enum that
//! serialises to exactly the string the schema has always used, so the JSON
//! is unchanged and a misspelt value is a compile error. Deserialising a
//! string outside the set fails (a dropped report or a share link that names
//! one is refused with the serde error).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The format of the archive (`input.format`), told by content
/// (`archive::detect`), never by file name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    /// `docker save` / `podman save` legacy layout (`manifest.json` only).
    #[serde(rename = "docker-archive")]
    DockerArchive,
    /// OCI image layout (`oci-layout` and/or `index.json`).
    #[serde(rename = "oci-layout")]
    OciLayout,
    /// OCI image layout plus a Docker `manifest.json` (Docker 25+, containerd).
    #[serde(rename = "oci-layout+docker-manifest")]
    OciLayoutDockerManifest,
    /// A bare file-system tarball.
    #[serde(rename = "rootfs-tar")]
    RootfsTar,
    /// Anything else.
    #[default]
    #[serde(rename = "unknown")]
    Unknown,
}

impl Format {
    /// As reported in `input.format`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::DockerArchive => "docker-archive",
            Format::OciLayout => "oci-layout",
            Format::OciLayoutDockerManifest => "oci-layout+docker-manifest",
            Format::RootfsTar => "rootfs-tar",
            Format::Unknown => "unknown",
        }
    }

    /// An OCI image layout, with or without a Docker `manifest.json`.
    pub fn is_oci_layout(self) -> bool {
        matches!(self, Format::OciLayout | Format::OciLayoutDockerManifest)
    }
}

/// What an image of `images[]` is (`images[].kind`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageKind {
    /// A runnable image: a config with `rootfs` and layers to unpack.
    #[default]
    Image,
    /// An artifact (`artifactType`, or a config type that is not an image config).
    Artifact,
    /// A BuildKit attestation manifest (`vnd.docker.reference.type: attestation-manifest`).
    Attestation,
}

impl ImageKind {
    /// As reported in `images[].kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            ImageKind::Image => "image",
            ImageKind::Artifact => "artifact",
            ImageKind::Attestation => "attestation",
        }
    }
}

/// Which description of the archive an image comes from (`images[].source`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImageSource {
    /// An OCI manifest reached from `index.json`.
    #[default]
    Oci,
    /// An entry of Docker's `manifest.json`.
    DockerManifest,
}

impl ImageSource {
    /// As reported in `images[].source`.
    pub fn as_str(self) -> &'static str {
        match self {
            ImageSource::Oci => "oci",
            ImageSource::DockerManifest => "docker-manifest",
        }
    }
}

/// What a descriptor of the index tree points to (`index.kind`, `children[].kind`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndexNodeKind {
    /// An image index or a Docker manifest list.
    Index,
    /// An image manifest.
    Manifest,
    /// A BuildKit attestation manifest.
    Attestation,
    /// A Docker schema 1 manifest (not read further).
    Schema1,
    /// Anything else, or a blob that could not be read.
    #[default]
    Other,
}

impl IndexNodeKind {
    /// As reported in `kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            IndexNodeKind::Index => "index",
            IndexNodeKind::Manifest => "manifest",
            IndexNodeKind::Attestation => "attestation",
            IndexNodeKind::Schema1 => "schema1",
            IndexNodeKind::Other => "other",
        }
    }
}

/// Where a name of `references[]` was written (`references[].source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RefSource {
    /// `RepoTags` of an entry of Docker's `manifest.json`.
    #[serde(rename = "RepoTags")]
    RepoTags,
    /// Docker's legacy `repositories` file.
    #[serde(rename = "repositories")]
    Repositories,
    /// The `org.opencontainers.image.ref.name` annotation of an index descriptor.
    #[serde(rename = "org.opencontainers.image.ref.name")]
    RefName,
    /// The `io.containerd.image.name` annotation of an index descriptor.
    #[serde(rename = "io.containerd.image.name")]
    ContainerdName,
}

impl RefSource {
    /// As reported in `references[].source`: the field or annotation name.
    pub fn as_str(self) -> &'static str {
        match self {
            RefSource::RepoTags => "RepoTags",
            RefSource::Repositories => "repositories",
            RefSource::RefName => "org.opencontainers.image.ref.name",
            RefSource::ContainerdName => "io.containerd.image.name",
        }
    }
}

/// What a JSON document of `documents[]` is to the archive (`role`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocumentRole {
    /// The layout's `oci-layout` file.
    #[serde(rename = "oci-layout")]
    OciLayout,
    /// The layout's `index.json`.
    #[serde(rename = "index")]
    Index,
    /// A blob an index descriptor points to (a manifest, or a nested index).
    #[serde(rename = "manifest")]
    Manifest,
    /// An image config.
    #[serde(rename = "config")]
    Config,
    /// The config of an artifact.
    #[serde(rename = "artifact config")]
    ArtifactConfig,
    /// Docker's `manifest.json`.
    #[serde(rename = "manifest.json")]
    ManifestJson,
    /// Docker's legacy `repositories` file.
    #[serde(rename = "repositories")]
    Repositories,
}

impl DocumentRole {
    /// As reported in `documents[].role`, and named in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentRole::OciLayout => "oci-layout",
            DocumentRole::Index => "index",
            DocumentRole::Manifest => "manifest",
            DocumentRole::Config => "config",
            DocumentRole::ArtifactConfig => "artifact config",
            DocumentRole::ManifestJson => "manifest.json",
            DocumentRole::Repositories => "repositories",
        }
    }
}

/// `Display` is `as_str`, for messages and the page.
macro_rules! display_as_str {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )*};
}

display_as_str!(
    Format,
    ImageKind,
    ImageSource,
    IndexNodeKind,
    RefSource,
    DocumentRole
);

#[cfg(test)]
mod tests {
    use super::*;

    /// `as_str` and the serde names are the same strings.
    #[test]
    fn as_str_is_the_json() {
        let json = |v: serde_json::Value| v.as_str().unwrap().to_string();
        for f in [
            Format::DockerArchive,
            Format::OciLayout,
            Format::OciLayoutDockerManifest,
            Format::RootfsTar,
            Format::Unknown,
        ] {
            assert_eq!(json(serde_json::to_value(f).unwrap()), f.as_str());
        }
        for k in [
            ImageKind::Image,
            ImageKind::Artifact,
            ImageKind::Attestation,
        ] {
            assert_eq!(json(serde_json::to_value(k).unwrap()), k.as_str());
        }
        for s in [ImageSource::Oci, ImageSource::DockerManifest] {
            assert_eq!(json(serde_json::to_value(s).unwrap()), s.as_str());
        }
        for k in [
            IndexNodeKind::Index,
            IndexNodeKind::Manifest,
            IndexNodeKind::Attestation,
            IndexNodeKind::Schema1,
            IndexNodeKind::Other,
        ] {
            assert_eq!(json(serde_json::to_value(k).unwrap()), k.as_str());
        }
        for s in [
            RefSource::RepoTags,
            RefSource::Repositories,
            RefSource::RefName,
            RefSource::ContainerdName,
        ] {
            assert_eq!(json(serde_json::to_value(s).unwrap()), s.as_str());
        }
        for r in [
            DocumentRole::OciLayout,
            DocumentRole::Index,
            DocumentRole::Manifest,
            DocumentRole::Config,
            DocumentRole::ArtifactConfig,
            DocumentRole::ManifestJson,
            DocumentRole::Repositories,
        ] {
            assert_eq!(json(serde_json::to_value(r).unwrap()), r.as_str());
        }
        assert!(serde_json::from_str::<Format>("\"oci\"").is_err());
    }
}
