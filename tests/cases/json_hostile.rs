//! Hostile JSON (category C): nesting 10 000 deep, duplicate keys at every
//! level, a 64 MiB manifest, bad UTF-8, a BOM and lone surrogates, numbers
//! that are not sizes (`1.0`, `2^63`, `2^64`, `1e400`), and members of the
//! wrong type.

use super::common::*;
use crate::support::json::*;
use ocilens::engine::finding::Code;
use serde_json::json;

/// [`img`] whose manifest is the generated one's JSON text changed by `f`.
fn manifest_text(f: impl Fn(String) -> String) -> Vec<u8> {
    let mut i = img();
    let text = String::from_utf8(to_json(&i.manifest_value())).unwrap();
    i.manifest.bytes = Some(f(text).into_bytes());
    layout_as_is(i)
}
/// [`img`] whose config is the generated one's JSON text changed by `f`.
fn config_text(f: impl Fn(String) -> String) -> Vec<u8> {
    let mut i = img();
    let text = String::from_utf8(to_json(&i.config_value())).unwrap();
    i.config.bytes = Some(f(text).into_bytes());
    layout_as_is(i)
}
/// Raw manifest bytes: the generated text with `from` replaced by `to` once.
fn manifest_bytes(from: &str, to: &[u8]) -> Vec<u8> {
    let mut i = img();
    let text = to_json(&i.manifest_value());
    let at = text
        .windows(from.len())
        .position(|w| w == from.as_bytes())
        .unwrap();
    let mut b = text[..at].to_vec();
    b.extend_from_slice(to);
    b.extend_from_slice(&text[at + from.len()..]);
    i.manifest.bytes = Some(b);
    layout_as_is(i)
}
fn nested(n: usize) -> String {
    format!("{}{}", "[".repeat(n), "]".repeat(n))
}

fn deep_index_10000() -> Vec<u8> {
    let idx = format!(
        "{{\"schemaVersion\":2,\"manifests\":[],\"x\":{}}}",
        nested(10_000)
    );
    index_bytes(idx.as_bytes())
}
fn deep_manifest_10000() -> Vec<u8> {
    manifest_text(|t| t.replacen('{', &format!("{{\"x\":{},", nested(10_000)), 1))
}
fn deep_config_10000() -> Vec<u8> {
    config_text(|t| t.replacen('{', &format!("{{\"x\":{},", nested(10_000)), 1))
}
/// Ten thousand objects deep, in an annotation value.
fn deep_objects_10000() -> Vec<u8> {
    let deep = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    manifest_text(|t| t.replacen('{', &format!("{{\"x\":{deep},"), 1))
}
fn dup_manifest_top() -> Vec<u8> {
    manifest_text(|t| t.replacen('{', "{\"schemaVersion\":2,", 1))
}
fn dup_config_descriptor() -> Vec<u8> {
    manifest_text(|t| t.replacen("\"config\":{", "\"config\":{\"size\":1,", 1))
}
fn dup_layer_descriptor() -> Vec<u8> {
    manifest_text(|t| t.replacen("\"layers\":[{", "\"layers\":[{\"size\":1,", 1))
}
fn dup_config_top() -> Vec<u8> {
    config_text(|t| t.replacen('{', "{\"architecture\":\"arm64\",", 1))
}
fn dup_config_rootfs() -> Vec<u8> {
    config_text(|t| t.replacen("\"rootfs\":{", "\"rootfs\":{\"type\":\"layers\",", 1))
}
fn dup_annotation_key() -> Vec<u8> {
    manifest_text(|t| {
        t.replacen(
            '{',
            "{\"annotations\":{\"org.example.a\":\"1\",\"org.example.a\":\"2\"},",
            1,
        )
    })
}
fn dup_index_descriptor() -> Vec<u8> {
    let idx = String::from_utf8(
        crate::support::oci_layout::OciLayoutBuilder::new()
            .image(img())
            .index_blob(),
    )
    .unwrap();
    index_bytes(
        idx.replacen("\"manifests\":[{", "\"manifests\":[{\"size\":1,", 1)
            .as_bytes(),
    )
}
/// 64 MiB of manifest: refused at the document cap, never read whole.
fn manifest_64mib() -> Vec<u8> {
    let pad = " ".repeat(64 << 20);
    manifest_text(|t| format!("{t}{pad}"))
}
fn manifest_bad_utf8() -> Vec<u8> {
    manifest_bytes("\"schemaVersion\"", b"\"x\":\"\xff\xfe\",\"schemaVersion\"")
}
fn manifest_bom() -> Vec<u8> {
    manifest_text(|t| format!("\u{feff}{t}"))
}
fn manifest_lone_surrogate() -> Vec<u8> {
    manifest_text(|t| t.replacen('{', "{\"annotations\":{\"org.example.a\":\"\\ud800\"},", 1))
}
fn config_lone_surrogate() -> Vec<u8> {
    config_text(|t| t.replacen('{', "{\"author\":\"\\udfff x\",", 1))
}
fn index_lone_surrogate_key() -> Vec<u8> {
    let idx = String::from_utf8(
        crate::support::oci_layout::OciLayoutBuilder::new()
            .image(img())
            .index_blob(),
    )
    .unwrap();
    index_bytes(idx.replacen('{', "{\"\\ud834\":1,", 1).as_bytes())
}
fn size_one_point_zero() -> Vec<u8> {
    let size = img().layers[0].size();
    manifest_text(|t| {
        t.replacen(
            &format!("\"size\":{size}"),
            &format!("\"size\":{size}.0"),
            1,
        )
    })
}
fn size_two_pow_63() -> Vec<u8> {
    layout_as_is(with_manifest(|m| {
        m["layers"][0]["size"] = json!(1u64 << 63)
    }))
}
fn size_two_pow_64() -> Vec<u8> {
    let size = img().layers[0].size();
    manifest_text(|t| {
        t.replacen(
            &format!("\"size\":{size}"),
            "\"size\":18446744073709551616",
            1,
        )
    })
}
fn size_1e400() -> Vec<u8> {
    let size = img().layers[0].size();
    manifest_text(|t| t.replacen(&format!("\"size\":{size}"), "\"size\":1e400", 1))
}
fn schema_version_huge() -> Vec<u8> {
    manifest_text(|t| {
        t.replacen(
            "\"schemaVersion\":2",
            "\"schemaVersion\":99999999999999999999999",
            1,
        )
    })
}
fn layers_not_array() -> Vec<u8> {
    layout_as_is(with_manifest(|m| {
        m["layers"] = json!({"0": m["layers"][0].clone()})
    }))
}
fn digest_not_string() -> Vec<u8> {
    layout_as_is(with_manifest(|m| m["config"]["digest"] = json!(256)))
}
fn media_type_number() -> Vec<u8> {
    layout_as_is(with_manifest(|m| m["mediaType"] = json!(1)))
}
fn annotations_array() -> Vec<u8> {
    layout_as_is(with_manifest(|m| m["annotations"] = json!(["a=b"])))
}
fn manifest_trailing_garbage() -> Vec<u8> {
    manifest_text(|t| format!("{t} {{\"schemaVersion\":2}}"))
}
/// A manifest that is plain text, not JSON.
fn manifest_not_json() -> Vec<u8> {
    manifest_text(|_| "hello, not a manifest\n".to_string())
}

crafted! {
    deep_index_10000: C "JSON: index nested 10 000 deep", [Code::LimitsJsonDepth, Code::ArchiveUnreferencedBlob];
    deep_manifest_10000: C "JSON: manifest nested 10 000 deep", [Code::LimitsJsonDepth, Code::ArchiveUnreferencedBlob];
    deep_config_10000: C "JSON: config nested 10 000 deep", [Code::LimitsJsonDepth, OCI];
    deep_objects_10000: C "JSON: objects nested 10 000 deep", [Code::LimitsJsonDepth, Code::ArchiveUnreferencedBlob];
    dup_manifest_top: C "JSON: duplicate key at the manifest's top", [Code::JsonDuplicateKey, OCI];
    dup_config_descriptor: C "JSON: duplicate key in the config descriptor", [Code::JsonDuplicateKey, OCI];
    dup_layer_descriptor: C "JSON: duplicate key in a layer descriptor", [Code::JsonDuplicateKey, OCI];
    dup_config_top: C "JSON: duplicate key at the config's top", [Code::JsonDuplicateKey, OCI];
    dup_config_rootfs: C "JSON: duplicate key in rootfs", [Code::JsonDuplicateKey, OCI];
    dup_annotation_key: C "JSON: duplicate annotation key", [Code::JsonDuplicateKey, OCI];
    dup_index_descriptor: C "JSON: duplicate key in an index descriptor", [Code::JsonDuplicateKey, OCI];
    /// Built at test time (64 MiB); not in the wasm run
    #[cfg_attr(target_arch = "wasm32", ignore)]
    manifest_64mib: C "JSON: 64 MiB manifest", [Code::LimitsJsonDocument, Code::ArchiveUnreferencedBlob];
    manifest_bad_utf8: C "JSON: bad UTF-8 in the manifest", [Code::JsonNotUtf8, Code::ArchiveUnreferencedBlob];
    manifest_bom: C "JSON: manifest with a BOM", [Code::JsonNotUtf8, Code::ArchiveUnreferencedBlob];
    manifest_lone_surrogate: C "JSON: lone surrogate in an annotation", [Code::JsonNotUtf8, Code::ArchiveUnreferencedBlob];
    config_lone_surrogate: C "JSON: lone low surrogate in the config", [Code::JsonNotUtf8, OCI];
    index_lone_surrogate_key: C "JSON: lone surrogate as an index key", [Code::JsonNotUtf8, Code::ArchiveUnreferencedBlob];
    size_one_point_zero: C "JSON: size 1.0", [Code::JsonBadNumber, OCI];
    size_two_pow_63: C "JSON: size 2^63", [Code::JsonBadNumber, OCI];
    size_two_pow_64: C "JSON: size 2^64", [Code::JsonBadNumber, OCI];
    size_1e400: C "JSON: size 1e400", [Code::JsonInvalid, Code::ArchiveUnreferencedBlob];
    schema_version_huge: C "JSON: schemaVersion of 23 digits", [Code::JsonBadNumber, OCI];
    layers_not_array: C "JSON: layers an object", [Code::JsonWrongType, Code::JsonNoLayers, Code::DiffidCount, Code::DiffidHistoryCount, Code::ArchiveUnreferencedBlob, OCI];
    digest_not_string: C "JSON: digest a number", [Code::JsonWrongType, Code::ArchiveUnreferencedBlob, OCI];
    media_type_number: C "JSON: mediaType a number", [Code::JsonWrongType, Code::DescriptorMediaTypeDocumentMissing, OCI];
    annotations_array: C "JSON: annotations an array", [Code::JsonBadAnnotation, OCI];
    manifest_not_json: C "JSON: a manifest of plain text",
        [Code::JsonInvalid, Code::ArchiveUnreferencedBlob];
    manifest_trailing_garbage: C "JSON: a second document after the manifest", [Code::JsonInvalid, Code::ArchiveUnreferencedBlob];
}
