//! The JSON documents themselves: syntax, encoding, duplicate keys, missing fields, types and
//! numbers.

use super::common::*;
use crate::support::oci_image::*;
use crate::support::oci_layout::*;
use ocilens::engine::finding::Code;
use serde_json::json;

fn json_invalid() -> Vec<u8> {
    index_bytes(b"{\"schemaVersion\": 2, \"manifests\": [")
}
fn json_bom() -> Vec<u8> {
    let mut b = b"\xEF\xBB\xBF".to_vec();
    b.extend(OciLayoutBuilder::new().image(img()).index_blob());
    index_bytes(&b)
}
fn json_duplicate() -> Vec<u8> {
    let idx = String::from_utf8(OciLayoutBuilder::new().image(img()).index_blob()).unwrap();
    index_bytes(idx.replacen("{", "{\"schemaVersion\":2,", 1).as_bytes())
}
fn missing_config() -> Vec<u8> {
    layout_as_is(with_manifest(|m| {
        m.as_object_mut().unwrap().remove("config");
    }))
}
fn manifests_null() -> Vec<u8> {
    OciLayoutBuilder::new().image(img()).index_override(json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": null})).build()
}
fn negative_size() -> Vec<u8> {
    layout_as_is(with_manifest(|m| m["layers"][0]["size"] = json!(-1)))
}
fn exponent_size() -> Vec<u8> {
    layout_as_is(with_manifest(|m| m["layers"][0]["size"] = json!(1e3)))
}
fn schema_version_3() -> Vec<u8> {
    layout_as_is(with_manifest(|m| m["schemaVersion"] = json!(3)))
}
fn no_layers() -> Vec<u8> {
    layout_as_is(OciImage::new(vec![]))
}
fn bad_annotation() -> Vec<u8> {
    layout_as_is(with_manifest(|m| {
        m["annotations"] = json!({"org.example.n": 1})
    }))
}
/// On the index's descriptor of the manifest, which every tool reads from
/// the layout by digest: c/image fetches a *layer* with `urls` from them even
/// when the archive has it (podman and skopeo fail offline, as for a foreign layer).
fn bad_url() -> Vec<u8> {
    let l = OciLayoutBuilder::new().image(img());
    let mut index = l.generated_index();
    index["manifests"][0]["urls"] = json!(["not a uri"]);
    l.index_override(index).build()
}

crafted! {
    json_invalid: C "index not JSON", [Code::JsonInvalid, Code::ArchiveUnreferencedBlob];
    json_bom: C "index with BOM", [Code::JsonNotUtf8, Code::ArchiveUnreferencedBlob];
    json_duplicate: C "duplicate key", [Code::JsonDuplicateKey, OCI];
    missing_config: C "manifest without config",
        [Code::JsonMissingField, Code::ArchiveUnreferencedBlob, OCI];
    manifests_null: C "manifests: null (moby#47210)",
        [Code::JsonWrongType, Code::ArchiveUnreferencedBlob];
    negative_size: C "negative size", [Code::JsonBadNumber, OCI];
    exponent_size: C "size with exponent", [Code::JsonBadNumber, OCI];
    schema_version_3: C "schemaVersion 3", [Code::JsonSchemaVersion, OCI];
    no_layers: C "no layers", [Code::JsonNoLayers, OCI, Code::ReferenceNone];
    bad_annotation: C "non-string annotation", [Code::JsonBadAnnotation, OCI];
    bad_url: C "descriptor urls entry not a URI", [Code::JsonBadUrl, OCI];
}
