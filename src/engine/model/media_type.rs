//! Media types of the OCI image spec and Docker's schema2, and what each
//! says about the bytes it labels (image-spec `media-types.md`).

use crate::engine::codec::Compression;

/// OCI image index.
pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
/// OCI image manifest.
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
/// OCI image config.
pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
/// The OCI empty descriptor (artifacts).
pub const OCI_EMPTY: &str = "application/vnd.oci.empty.v1+json";
/// Docker manifest list.
pub const DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
/// Docker schema2 manifest.
pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
/// Docker schema1 manifest.
pub const DOCKER_SCHEMA1: &str = "application/vnd.docker.distribution.manifest.v1+json";
/// Docker schema1 signed manifest.
pub const DOCKER_SCHEMA1_SIGNED: &str = "application/vnd.docker.distribution.manifest.v1+prettyjws";
/// Docker image config.
pub const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";

/// Which specification a media type comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `application/vnd.oci.*`
    Oci,
    /// `application/vnd.docker.*`
    Docker,
    /// Anything else.
    Other,
}

/// The family of a media type.
pub fn family(media_type: &str) -> Family {
    if media_type.starts_with("application/vnd.oci.") {
        Family::Oci
    } else if media_type.starts_with("application/vnd.docker.") {
        Family::Docker
    } else {
        Family::Other
    }
}

/// What kind of document a media type announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// An OCI index or Docker manifest list.
    Index,
    /// An OCI or Docker schema2 image manifest.
    Manifest,
    /// Docker schema1.
    Schema1,
    /// Something else (config, layer, artifact).
    Other,
}

/// The kind of document a media type announces.
pub fn document_kind(media_type: &str) -> DocumentKind {
    match media_type {
        OCI_INDEX | DOCKER_LIST => DocumentKind::Index,
        OCI_MANIFEST | DOCKER_MANIFEST => DocumentKind::Manifest,
        DOCKER_SCHEMA1 | DOCKER_SCHEMA1_SIGNED => DocumentKind::Schema1,
        _ => DocumentKind::Other,
    }
}

/// What a layer media type declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayerType {
    /// OCI, Docker or other.
    pub family: Family,
    /// The compression the type names; `None` when unknown.
    pub compression: Option<Compression>,
    /// Non-distributable / foreign.
    pub nondistributable: bool,
    /// ocicrypt `+encrypted`.
    pub encrypted: bool,
    /// A type listed by the OCI spec or Docker's schema2 (or the BuildKit Docker zstd type).
    pub known: bool,
    /// `application/vnd.docker.image.rootfs.diff.tar.zstd` (non-standard).
    pub docker_zstd: bool,
}

/// Classifies a layer media type.
pub fn layer_type(media_type: &str) -> LayerType {
    let (base, encrypted) = match media_type.strip_suffix("+encrypted") {
        Some(b) => (b, true),
        None => (media_type, false),
    };
    let (compression, known, nondistributable, docker_zstd) = match base {
        "application/vnd.oci.image.layer.v1.tar"
        | "application/vnd.docker.image.rootfs.diff.tar" => {
            (Some(Compression::None), true, false, false)
        }
        "application/vnd.oci.image.layer.v1.tar+gzip"
        | "application/vnd.docker.image.rootfs.diff.tar.gzip" => {
            (Some(Compression::Gzip), true, false, false)
        }
        "application/vnd.oci.image.layer.v1.tar+zstd" => {
            (Some(Compression::Zstd), true, false, false)
        }
        "application/vnd.docker.image.rootfs.diff.tar.zstd" => {
            (Some(Compression::Zstd), true, false, true)
        }
        "application/vnd.oci.image.layer.nondistributable.v1.tar" => {
            (Some(Compression::None), true, true, false)
        }
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"
        | "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip" => {
            (Some(Compression::Gzip), true, true, false)
        }
        "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd" => {
            (Some(Compression::Zstd), true, true, false)
        }
        "application/vnd.docker.image.rootfs.foreign.diff.tar" => {
            (Some(Compression::None), true, true, false)
        }
        _ => (None, false, false, false),
    };
    LayerType {
        family: family(media_type),
        compression,
        nondistributable,
        encrypted,
        known,
        docker_zstd,
    }
}

/// RFC 6838 `type/subtype` with restricted-name characters, each ≤ 127.
pub fn is_valid_media_type(s: &str) -> bool {
    let restricted = |p: &str| {
        !p.is_empty()
            && p.len() <= 127
            && p.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    match s.split_once('/') {
        Some((t, sub)) => restricted(t) && restricted(sub),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_layers() {
        let t = layer_type("application/vnd.oci.image.layer.v1.tar+zstd");
        assert_eq!(
            (t.family, t.compression, t.known),
            (Family::Oci, Some(Compression::Zstd), true)
        );
        let d = layer_type("application/vnd.docker.image.rootfs.diff.tar.gzip");
        assert_eq!(
            (d.family, d.compression),
            (Family::Docker, Some(Compression::Gzip))
        );
        assert!(
            layer_type("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip")
                .nondistributable
        );
        assert!(layer_type("application/vnd.oci.image.layer.v1.tar+gzip+encrypted").encrypted);
        assert!(!layer_type("application/vnd.oci.image.layer.v1.tar+brotli").known);
        assert!(is_valid_media_type(OCI_MANIFEST));
        assert!(!is_valid_media_type("manifest"));
        assert!(!is_valid_media_type("a/b c"));
    }
}
