//! Digests and sizes (category D): the malformed spellings of a digest
//! (upper-case algorithm, 63 and 65 hex digits, sha512 with 64, unknown and
//! encoded algorithms, none at all), sizes off by one and bad embedded data.

use super::common::*;
use ocilens::engine::finding::Code;
use serde_json::json;

/// [`img`] whose first layer is declared (and stored) under `f(real digest)`.
fn layer_digest_as(f: impl Fn(&str) -> String) -> Vec<u8> {
    let mut i = img();
    let d = f(&layer_digest(&i));
    i.layers[0] = i.layers[0].clone().with_digest(&d);
    layout_as_is(i)
}
fn digest_upper_algorithm() -> Vec<u8> {
    layer_digest_as(|d| d.replace("sha256:", "SHA256:"))
}
fn digest_63_hex() -> Vec<u8> {
    layer_digest_as(|d| d[..d.len() - 1].to_string())
}
fn digest_65_hex() -> Vec<u8> {
    layer_digest_as(|d| format!("{d}0"))
}
fn digest_sha512_64_hex() -> Vec<u8> {
    layer_digest_as(|d| d.replace("sha256:", "sha512:"))
}
fn digest_blake3() -> Vec<u8> {
    layer_digest_as(|d| d.replace("sha256:", "blake3:"))
}
fn digest_b64() -> Vec<u8> {
    layer_digest_as(|_| "sha256+b64:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564".into())
}
fn digest_no_colon() -> Vec<u8> {
    layout_as_is(with_manifest(|m| {
        let d = m["layers"][0]["digest"].as_str().unwrap().replace(':', "");
        m["layers"][0]["digest"] = json!(d)
    }))
}
fn digest_empty() -> Vec<u8> {
    layout_as_is(with_manifest(|m| m["layers"][0]["digest"] = json!("")))
}
fn digest_space() -> Vec<u8> {
    layout_as_is(with_manifest(|m| {
        let d = format!(" {}", m["layers"][0]["digest"].as_str().unwrap());
        m["layers"][0]["digest"] = json!(d)
    }))
}
fn size_plus_one() -> Vec<u8> {
    let mut i = img();
    let s = i.layers[0].size();
    i.layers[0] = i.layers[0].clone().with_size(s + 1);
    layout_as_is(i)
}
fn size_minus_one() -> Vec<u8> {
    let mut i = img();
    let s = i.layers[0].size();
    i.layers[0] = i.layers[0].clone().with_size(s - 1);
    layout_as_is(i)
}
fn data_not_base64() -> Vec<u8> {
    layout_as_is(with_manifest(|m| {
        m["config"]["data"] = json!("!!not base64!!")
    }))
}
/// The config descriptor names the layer's blob: a gzip read as a config.
fn config_digest_of_layer() -> Vec<u8> {
    layout_as_is(with_manifest(|m| {
        m["config"]["digest"] = m["layers"][0]["digest"].clone()
    }))
}

crafted! {
    digest_upper_algorithm: D "digest: SHA256: upper-case algorithm", [Code::BlobDigestMalformed, Code::ArchiveBadBlobName, OCI];
    digest_63_hex: D "digest: 63 hex digits", [Code::BlobDigestMalformed, Code::ArchiveBadBlobName, OCI];
    digest_65_hex: D "digest: 65 hex digits", [Code::BlobDigestMalformed, Code::ArchiveBadBlobName, OCI];
    digest_sha512_64_hex: D "digest: sha512 with 64 hex digits", [Code::BlobDigestMalformed, Code::ArchiveBadBlobName, OCI];
    digest_blake3: D "digest: blake3", [Code::BlobDigestUnsupportedAlgorithm, OCI];
    digest_b64: D "digest: sha256+b64", [Code::BlobDigestUnsupportedAlgorithm, OCI];
    digest_no_colon: D "digest: no colon", [Code::BlobDigestMalformed, Code::ArchiveUnreferencedBlob, OCI];
    digest_empty: D "digest: empty", [Code::BlobDigestMalformed, Code::ArchiveUnreferencedBlob, OCI];
    digest_space: D "digest: leading space", [Code::BlobDigestMalformed, Code::ArchiveUnreferencedBlob, OCI];
    size_plus_one: D "size: one too large", [Code::BlobSizeShort, OCI];
    size_minus_one: D "size: one too small", [Code::BlobSizeLong, OCI];
    data_not_base64: D "digest: embedded data not base64", [Code::BlobDigestEmbeddedData, OCI];
    config_digest_of_layer: D "digest: config descriptor names the layer blob",
        [Code::JsonNotUtf8, Code::BlobSizeShort, Code::ArchiveUnreferencedBlob, OCI];
}
