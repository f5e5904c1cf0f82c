//! Media types as a manifest declares them: each one well-formed, the config
//! of the manifest's own family, and each layer of its family and of a known
//! type. Pure functions over the declared strings and `model::media_type`.
//!
//! > Implementations MUST support at least the following media types … An
//! > encountered `mediaType` that is unknown to the implementation MUST be
//! > ignored. (image-spec `manifest.md`)

use crate::engine::finding::{Code, Finding, Location};
use crate::engine::model::media_type::{family, is_valid_media_type, Family, LayerType};

/// A `descriptor.media-type-invalid` finding for each declared type that is not
/// `type/subtype` as RFC 6838 allows.
pub fn invalid<'t>(types: impl IntoIterator<Item = &'t str>, loc: &Location) -> Vec<Finding> {
    types
        .into_iter()
        .filter(|t| !is_valid_media_type(t))
        .map(|t| {
            Finding::new(
                Code::DescriptorMediaTypeInvalid,
                loc.clone(),
                format!("`{t}` is not a valid media type"),
            )
        })
        .collect()
}

/// The config's type against the manifest's family (`loc`: the manifest).
pub fn config_family(manifest: Family, config_type: &str, loc: &Location) -> Option<Finding> {
    let config = family(config_type);
    (manifest != Family::Other && config != Family::Other && config != manifest).then(|| {
        Finding::new(
            Code::MediaTypeMixConfigFamily,
            loc.clone().with_path("$.config.mediaType"),
            format!("a {manifest:?} manifest with config type `{config_type}`"),
        )
    })
}

/// Layer `i`, typed `t` (`lt` classified), in a manifest of family `manifest`:
/// a type of the other family, or one no spec lists (an encrypted one is left
/// to [`super::compat::layer_type`]).
pub fn layer(i: usize, t: &str, lt: LayerType, manifest: Family, loc: &Location) -> Vec<Finding> {
    let mut out = Vec::new();
    match (manifest, lt.family) {
        (Family::Oci, Family::Docker) => out.push(Finding::new(
            Code::MediaTypeMixOciManifestDockerLayer,
            loc.clone(),
            format!("layer {i} of an OCI manifest is typed `{t}`"),
        )),
        (Family::Docker, Family::Oci) => out.push(Finding::new(
            Code::MediaTypeMixDockerManifestOciLayer,
            loc.clone(),
            format!("layer {i} of a Docker schema2 manifest is typed `{t}`"),
        )),
        _ => {}
    }
    if !lt.known && !lt.encrypted {
        out.push(Finding::new(
            Code::DescriptorMediaTypeUnknownLayerType,
            loc.clone(),
            format!("layer {i} has unknown type `{t}`"),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::media_type::layer_type;

    fn codes(findings: &[Finding]) -> Vec<Code> {
        findings.iter().map(|f| f.code).collect()
    }

    const OCI_LAYER: &str = "application/vnd.oci.image.layer.v1.tar+gzip";
    const DOCKER_LAYER: &str = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    #[test]
    fn only_malformed_types_are_invalid() {
        let loc = Location::default();
        let f = invalid([OCI_LAYER, "not a type", "text/plain", "a/b/c"], &loc);
        assert_eq!(
            f.iter().map(|f| f.message.as_str()).collect::<Vec<_>>(),
            [
                "`not a type` is not a valid media type",
                "`a/b/c` is not a valid media type"
            ]
        );
    }

    #[test]
    fn a_config_of_the_other_family_is_a_mix() {
        let loc = Location::default();
        let docker_config = "application/vnd.docker.container.image.v1+json";
        let oci_config = "application/vnd.oci.image.config.v1+json";
        let mix = config_family(Family::Oci, docker_config, &loc).unwrap();
        assert_eq!(mix.code, Code::MediaTypeMixConfigFamily);
        assert_eq!(mix.r#where.path.as_deref(), Some("$.config.mediaType"));
        assert!(config_family(Family::Oci, oci_config, &loc).is_none());
        assert!(config_family(Family::Other, docker_config, &loc).is_none());
        assert!(config_family(Family::Docker, "application/x-custom", &loc).is_none());
    }

    #[test]
    fn layers_of_the_other_family_or_of_no_known_type() {
        let loc = Location::default();
        let check = |t: &str, m: Family| codes(&layer(0, t, layer_type(t), m, &loc));
        assert!(check(OCI_LAYER, Family::Oci).is_empty());
        assert!(check(DOCKER_LAYER, Family::Docker).is_empty());
        assert_eq!(
            check(DOCKER_LAYER, Family::Oci),
            [Code::MediaTypeMixOciManifestDockerLayer]
        );
        assert_eq!(
            check(OCI_LAYER, Family::Docker),
            [Code::MediaTypeMixDockerManifestOciLayer]
        );
        assert_eq!(
            check("application/x-tarball", Family::Oci),
            [Code::DescriptorMediaTypeUnknownLayerType]
        );
        // encrypted layers are known to be unreadable, not unknown
        assert!(check(&format!("{OCI_LAYER}+encrypted"), Family::Oci).is_empty());
    }
}
