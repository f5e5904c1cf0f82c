//! Media types: OCI and Docker families mixed, descriptors against documents, invalid and
//! unknown types.

use super::common::*;
use crate::support::layer::*;
use crate::support::oci_image::*;
use crate::support::oci_layout::*;
use ocilens::engine::finding::Code;
use serde_json::json;

fn mixed_oci_docker() -> Vec<u8> {
    layout_as_is(OciImage::new(vec![
        Layer::tar_gzip(base_tar()),
        Layer::docker_gzip(rootfs_tar(&[("app/run", b"x")])),
    ]))
}
fn mixed_docker_oci() -> Vec<u8> {
    layout_as_is(OciImage::docker(vec![Layer::tar_gzip(base_tar())]))
}
fn config_family() -> Vec<u8> {
    let mut i = img();
    i.config_media_type = "application/vnd.docker.container.image.v1+json".into();
    layout_as_is(i)
}
fn descriptor_mismatch() -> Vec<u8> {
    let mut i = img();
    i.descriptor_media_type = Some("application/vnd.docker.distribution.manifest.v2+json".into());
    i.manifest_media_type = Some("application/vnd.oci.image.manifest.v1+json".into());
    layout_as_is(i)
}
fn ambiguous() -> Vec<u8> {
    layout_as_is(with_manifest(|m| m["manifests"] = json!([])))
}
fn shape_mismatch() -> Vec<u8> {
    let mut b = OciLayoutBuilder::new().image(img()).nested_index(true);
    let mut idx = b.generated_index();
    idx["manifests"][0]["mediaType"] = json!("application/vnd.oci.image.manifest.v1+json");
    b = b.index_override(idx);
    b.build()
}
fn no_media_type() -> Vec<u8> {
    let mut i = img();
    i.manifest_media_type = None;
    layout_as_is(i)
}
fn invalid_media_type() -> Vec<u8> {
    let mut i = img();
    i.layers[0] = i.layers[0].clone().with_media_type("gzip layer");
    layout_as_is(i)
}
fn unknown_layer_type() -> Vec<u8> {
    let mut i = img();
    i.layers[0] = i.layers[0]
        .clone()
        .with_media_type("application/vnd.oci.image.layer.v1.tar+brotli");
    layout_as_is(i)
}

crafted! {
    mixed_oci_docker: B "OCI manifest with a Docker layer (Trillian/Kaniko)",
        [Code::MediaTypeMixOciManifestDockerLayer, OCI, Code::ReferenceNone];
    mixed_docker_oci: B "schema2 manifest with an OCI layer",
        [Code::MediaTypeMixDockerManifestOciLayer, Code::MediaTypeMixIndexFamily,
         Code::CompatibilityDockerManifestInLayout, Code::ReferenceNone];
    config_family: B "OCI manifest with a Docker config", [Code::MediaTypeMixConfigFamily, OCI];
    descriptor_mismatch: C "descriptor says Docker, document says OCI",
        [Code::DescriptorMediaTypeMismatch, Code::MediaTypeMixIndexFamily,
         Code::CompatibilityDockerManifestInLayout, Code::MediaTypeMixConfigFamily,
         Code::MediaTypeMixDockerManifestOciLayer];
    ambiguous: C "manifest and index at once (CVE-2021-41190)",
        [Code::DescriptorMediaTypeAmbiguousDocument, OCI];
    shape_mismatch: C "index typed as a manifest",
        [Code::DescriptorMediaTypeShapeMismatch, Code::DescriptorMediaTypeMismatch, OCI];
    no_media_type: C "manifest without mediaType", [Code::DescriptorMediaTypeDocumentMissing, OCI];
    invalid_media_type: C "invalid media type",
        [Code::DescriptorMediaTypeInvalid, Code::DescriptorMediaTypeUnknownLayerType, OCI];
    unknown_layer_type: B "unknown layer type", [Code::DescriptorMediaTypeUnknownLayerType, OCI];
}
