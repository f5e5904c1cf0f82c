//! Compatibility: what a manifest or a layer uses that some runtimes or
//! registries do not support (OCI manifests for old Docker, a Docker manifest
//! inside an OCI layout, `subject`, non-distributable, Docker-typed zstd,
//! encrypted and zstd:chunked layers). Pure functions over the model types.

use crate::engine::finding::{Code, Finding, Location};
use crate::engine::model::digest::Digest;
use crate::engine::model::media_type::{Family, LayerType};
use std::collections::BTreeMap;

/// An image manifest of `family` (manifest `digest`). `oci_seen`: an earlier
/// manifest already got the OCI finding, which is said once per archive.
pub fn manifest_family(
    family: Family,
    digest: &Digest,
    oci_seen: bool,
    loc: &Location,
) -> Option<Finding> {
    match family {
        Family::Oci if !oci_seen => Some(Finding::new(
            Code::CompatibilityOciManifest,
            loc.clone(),
            format!("manifest {digest} is an OCI image manifest"),
        )),
        Family::Docker => Some(Finding::new(
            Code::CompatibilityDockerManifestInLayout,
            loc.clone(),
            format!("manifest {digest} is a Docker schema2 manifest inside an OCI layout"),
        )),
        Family::Oci | Family::Other => None,
    }
}

/// A manifest (`digest`) that refers to another one with `subject`.
pub fn subject(digest: &Digest, subject: Option<&str>, loc: &Location) -> Finding {
    Finding::new(
        Code::CompatibilitySubject,
        loc.clone(),
        format!(
            "manifest {digest} refers to {} with `subject`",
            subject.unwrap_or_default()
        ),
    )
}

/// Layer `i`, typed `t` (`lt` classified): non-distributable, Docker-typed
/// zstd, encrypted.
pub fn layer_type(i: usize, t: &str, lt: LayerType, loc: &Location) -> Vec<Finding> {
    let mut out = Vec::new();
    if lt.nondistributable {
        out.push(Finding::new(
            Code::CompatibilityNondistributable,
            loc.clone(),
            format!("layer {i} is non-distributable (`{t}`)"),
        ));
    }
    if lt.docker_zstd {
        out.push(Finding::new(
            Code::CompatibilityDockerZstd,
            loc.clone(),
            format!("layer {i} is typed `{t}`"),
        ));
    }
    if lt.encrypted {
        out.push(Finding::new(
            Code::LayerCompressionEncrypted,
            loc.clone(),
            format!("layer {i} is encrypted (`{t}`)"),
        ));
    }
    out
}

/// Layer `i` annotated as zstd:chunked. c/storage renamed the keys from
/// `io.containers.zstd-chunked.*` (skopeo 1.9.3 and earlier) to
/// `io.github.containers.zstd-chunked.*`; both count.
pub fn zstd_chunked(
    i: usize,
    annotations: &BTreeMap<String, String>,
    loc: &Location,
) -> Option<Finding> {
    annotations
        .keys()
        .any(|k| {
            k.starts_with("io.github.containers.zstd-chunked.")
                || k.starts_with("io.containers.zstd-chunked.")
        })
        .then(|| {
            Finding::new(
                Code::CompatibilityZstdChunked,
                loc.clone(),
                format!("layer {i} is zstd:chunked"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::digest::parse_digest;
    use crate::engine::model::media_type::layer_type as classify;

    fn digest() -> Digest {
        parse_digest(&format!("sha256:{}", "a".repeat(64))).unwrap()
    }

    #[test]
    fn the_oci_finding_is_said_once_and_docker_in_a_layout_always() {
        let loc = Location::default();
        let d = digest();
        let oci = manifest_family(Family::Oci, &d, false, &loc).unwrap();
        assert_eq!(oci.code, Code::CompatibilityOciManifest);
        assert!(manifest_family(Family::Oci, &d, true, &loc).is_none());
        let docker = manifest_family(Family::Docker, &d, true, &loc).unwrap();
        assert_eq!(docker.code, Code::CompatibilityDockerManifestInLayout);
        assert!(manifest_family(Family::Other, &d, false, &loc).is_none());
    }

    #[test]
    fn layer_types_runtimes_may_refuse() {
        let loc = Location::default();
        let codes = |t: &str| -> Vec<Code> {
            layer_type(0, t, classify(t), &loc)
                .iter()
                .map(|f| f.code)
                .collect()
        };
        assert!(codes("application/vnd.oci.image.layer.v1.tar+gzip").is_empty());
        assert_eq!(
            codes("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"),
            [Code::CompatibilityNondistributable]
        );
        assert_eq!(
            codes("application/vnd.docker.image.rootfs.diff.tar.zstd"),
            [Code::CompatibilityDockerZstd]
        );
        assert_eq!(
            codes("application/vnd.oci.image.layer.v1.tar+gzip+encrypted"),
            [Code::LayerCompressionEncrypted]
        );
    }

    #[test]
    fn zstd_chunked_under_either_annotation_prefix() {
        let loc = Location::default();
        let with = |k: &str| BTreeMap::from([(k.to_string(), "1".to_string())]);
        assert!(zstd_chunked(
            0,
            &with("io.github.containers.zstd-chunked.manifest-position"),
            &loc
        )
        .is_some());
        assert!(zstd_chunked(
            0,
            &with("io.containers.zstd-chunked.manifest-checksum"),
            &loc
        )
        .is_some());
        assert!(zstd_chunked(0, &with("org.opencontainers.image.title"), &loc).is_none());
        let s = subject(&digest(), Some("sha256:b"), &loc);
        assert_eq!(s.code, Code::CompatibilitySubject);
    }
}
