//! One layer against its blob result: digest, size, compression against the
//! media type, compatibility, the decoded stream and the DiffID.
//!
//! > Before using the content, implementations MUST verify the digest.
//! > (image-spec `descriptor.md#verification`)
//!
//! > The DiffID is the digest over the layer's uncompressed tar archive.
//! > (image-spec `config.md#layer-diffid`)

use crate::engine::codec::{Compression, Content};
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::model::digest::{parse_digest, Algorithm};
use crate::engine::model::media_type::layer_type;
use crate::engine::plan::{BlobResult, DecodeProblem, LayerContent};
use crate::engine::report::{LayerInfo, Status};

/// Compares a declared digest with what was computed (`None` when the
/// digest is not well-formed or not declared).
pub fn digest_status(declared: Option<&str>, r: &BlobResult) -> Option<Status> {
    let d = parse_digest(declared?).ok()?;
    let computed = match d.algorithm_supported() {
        Some(Algorithm::Sha256) => Some(r.sha256.clone()),
        Some(Algorithm::Sha512) => r.sha512.clone(),
        None => None,
    };
    Some(match computed {
        Some(c) if c == d.to_string() => Status::Verified,
        Some(_) => Status::Mismatch,
        None => Status::Unverifiable,
    })
}

/// Checks one layer against its blob result, filling in what the blob
/// tells (digest and size when undeclared, compression, sizes, DiffID) and
/// pushing findings in a fixed order: digest, size, compression,
/// compatibility, decoding, DiffID. Only the digest and size are checked
/// when `is_image` is false (artifacts, attestations).
pub fn check_layer(
    is_image: bool,
    layer: &mut LayerInfo,
    r: &BlobResult,
    loc: &Location,
    findings: &mut Vec<Finding>,
) {
    let had_digest = layer.digest.is_some();
    findings.extend(check_digest(layer, r, loc));
    findings.extend(check_size(layer, r, had_digest, loc));
    layer.compression = Some(r.content);
    if !is_image {
        return;
    }
    findings.extend(compression_finding(layer, r, loc));
    findings.extend(compatibility_finding(r.content, layer.index, loc));
    let Some(content) = &r.layer else {
        if layer.diff_id.declared.is_some() {
            layer.diff_id.status = Some(Status::Unverifiable);
        }
        return;
    };
    findings.extend(decode_finding(content, layer.index, loc));
    layer.uncompressed_size = Some(content.uncompressed_size);
    layer.files = Some(content.entries.len() as u64);
    layer.tar = content.tar.clone();
    findings.extend(check_diff_id(layer, r, content, loc));
}

/// Sets the digest status of a declared digest (a mismatch is
/// `blob.digest-mismatch`), or records the computed sha256 when none was
/// declared.
fn check_digest(layer: &mut LayerInfo, r: &BlobResult, loc: &Location) -> Option<Finding> {
    let Some(d) = layer.digest.clone() else {
        layer.digest = Some(r.sha256.clone());
        return None;
    };
    layer.check.digest_status = digest_status(Some(&d), r);
    if layer.check.digest_status != Some(Status::Mismatch) {
        return None;
    }
    let found = if d.starts_with("sha512:") {
        r.sha512.clone().unwrap_or_default()
    } else {
        r.sha256.clone()
    };
    Some(
        Finding::new(
            Code::BlobDigestMismatch,
            loc.clone(),
            format!("layer {}: expected {d}, found {found}", layer.index),
        )
        .expected_found(d, found),
    )
}

/// Sets the size status of a declared size (only when a digest was declared
/// and no status is set yet; a mismatch is `blob.size-short` or
/// `blob.size-long`), or records the bytes read.
fn check_size(
    layer: &mut LayerInfo,
    r: &BlobResult,
    had_digest: bool,
    loc: &Location,
) -> Option<Finding> {
    let declared = match layer.size {
        Some(s) if layer.check.size_status.is_none() && had_digest => s,
        _ => {
            layer.size = Some(r.size);
            return None;
        }
    };
    if declared == r.size {
        layer.check.size_status = Some(Status::Verified);
        return None;
    }
    layer.check.size_status = Some(Status::Mismatch);
    let code = if r.size < declared {
        Code::BlobSizeShort
    } else {
        Code::BlobSizeLong
    };
    Some(
        Finding::new(
            code,
            loc.clone(),
            format!(
                "layer {}: {} bytes where the descriptor says {declared}",
                layer.index, r.size
            ),
        )
        .expected_found(declared.to_string(), r.size.to_string()),
    )
}

/// The bytes against the media type: unknown content, or a compression
/// other than the declared one (neither for encrypted layers, whose
/// ciphertext looks like noise; `layer-compression.encrypted` says why).
fn compression_finding(layer: &LayerInfo, r: &BlobResult, loc: &Location) -> Option<Finding> {
    let i = layer.index;
    let lt = layer.media_type.as_deref().map(layer_type);
    let declared_c = lt.and_then(|t| t.compression);
    let encrypted = lt.is_some_and(|t| t.encrypted);
    match (r.content.compression(), declared_c) {
        (None, _) if encrypted => None,
        (None, _) => Some(Finding::new(
            Code::LayerCompressionUnknown,
            loc.clone(),
            format!(
                "layer {i} is neither a tar nor a known compression (first bytes {})",
                r.head
            ),
        )),
        (Some(found), Some(declared)) if found != declared && !encrypted => Some(
            Finding::new(
                Code::LayerCompressionMismatch,
                loc.clone(),
                format!(
                    "layer {i} is typed `{}` ({}) but its bytes are {} (first bytes {})",
                    layer.media_type.clone().unwrap_or_default(),
                    declared.as_str(),
                    found.as_str(),
                    r.head
                ),
            )
            .expected_found(declared.as_str(), found.as_str()),
        ),
        _ => None,
    }
}

/// Compressions that some runtimes cannot unpack (xz, bzip2).
fn compatibility_finding(content: Content, i: u32, loc: &Location) -> Option<Finding> {
    let (code, what) = match content {
        Content::Xz => (Code::CompatibilityXz, "xz"),
        Content::Bzip2 => (Code::CompatibilityBzip2, "bzip2"),
        _ => return None,
    };
    Some(Finding::new(
        code,
        loc.clone(),
        format!("layer {i} is {what}-compressed"),
    ))
}

/// Why the decoded stream is not a usable layer: a decode problem, or bytes
/// that are not a tar.
fn decode_finding(content: &LayerContent, i: u32, loc: &Location) -> Option<Finding> {
    if let Some(p) = &content.problem {
        return Some(problem_finding(p, i, loc));
    }
    (!content.is_tar).then(|| {
        Finding::new(
            Code::LayerCompressionNotTar,
            loc.clone(),
            format!(
                "layer {i} decodes to {} bytes that are not a tar archive",
                content.uncompressed_size
            ),
        )
    })
}

/// The finding for a decode problem of layer `i`.
fn problem_finding(p: &DecodeProblem, i: u32, loc: &Location) -> Finding {
    let (code, message) = match p {
        DecodeProblem::Corrupt { detail } => (
            Code::LayerCompressionCorrupt,
            format!("layer {i}: the compressed stream is damaged: {detail}"),
        ),
        DecodeProblem::TrailingData { detail } => (
            Code::LayerCompressionTrailingData,
            format!("layer {i}: bytes after the compressed data: {detail}"),
        ),
        DecodeProblem::ZstdWindow { requested, max } => (
            Code::LimitsZstdWindow,
            format!("layer {i}: zstd window of {requested} bytes exceeds the {max}-byte cap; not decoded"),
        ),
        DecodeProblem::XzDictionary { requested, max } => (
            Code::LimitsXzDictionary,
            format!("layer {i}: xz needs {requested} bytes of memory, over the {max}-byte cap; not decoded"),
        ),
        DecodeProblem::DecompressedBytes { max } => (
            Code::LimitsDecompressedBytes,
            format!("layer {i}: decompresses to more than {max} bytes; reading stopped"),
        ),
    };
    Finding::new(code, loc.clone(), message)
}

/// Records the computed DiffID and compares it with the config's: a
/// mismatch is `diffid.compressed-digest` when the config holds the
/// compressed blob's digest, else `diffid.mismatch`; a stream that could
/// not be decoded leaves a declared DiffID unverifiable.
fn check_diff_id(
    layer: &mut LayerInfo,
    r: &BlobResult,
    content: &LayerContent,
    loc: &Location,
) -> Option<Finding> {
    let i = layer.index;
    layer.diff_id.computed = content.diff_id.clone();
    let (status, finding) = match (&layer.diff_id.declared, &content.diff_id) {
        (Some(d), Some(c)) if d == c => (Some(Status::Verified), None),
        (Some(d), Some(c)) => {
            let compressed = *d == r.sha256 && r.content.compression() != Some(Compression::None);
            let (code, msg) = if compressed {
                (
                    Code::DiffidCompressedDigest,
                    format!("layer {i}: the config's DiffID {d} is the digest of the compressed blob; the uncompressed tar is {c}"),
                )
            } else {
                (
                    Code::DiffidMismatch,
                    format!("layer {i}: the config says DiffID {d}, the layer unpacks to {c}"),
                )
            };
            let f = Finding::new(code, loc.clone(), msg).expected_found(d.clone(), c.clone());
            (Some(Status::Mismatch), Some(f))
        }
        (Some(_), None) => {
            let why = content
                .problem
                .as_ref()
                .map_or("it could not be decoded".to_string(), |p| format!("{p:?}"));
            let f = Finding::new(
                Code::DiffidUnverifiable,
                loc.clone(),
                format!("layer {i}: DiffID not checked: {why}"),
            );
            (Some(Status::Unverifiable), Some(f))
        }
        (None, _) => (None, None),
    };
    layer.diff_id.status = status;
    finding
}
