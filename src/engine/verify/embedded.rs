//! A descriptor's embedded `data`: base64, and the bytes it decodes to
//! against the descriptor's digest and size.
//!
//! > `data` … This OPTIONAL property contains an embedded representation of
//! > the referenced content. Values MUST conform to the Base 64 encoding …
//! > The decoded data MUST be identical to the referenced content and SHOULD
//! > be verified against the `digest` and `size` fields. (image-spec `descriptor.md`)

use crate::engine::finding::{Code, Finding, Location};
use crate::engine::hashing::{sha256_of, sha512_of};
use crate::engine::model::digest::{Algorithm, Digest};

/// `blob.digest-embedded-data` when `data` is no base64, or decodes to bytes
/// of another digest (when it can be computed) or size.
pub fn check(
    data: &str,
    digest: Option<&Digest>,
    size: Option<u64>,
    loc: &Location,
) -> Option<Finding> {
    use base64::Engine as _;
    let (problem, found) = match base64::engine::general_purpose::STANDARD.decode(data) {
        Err(e) => (
            Some(format!("`data` is not base64: {e}")),
            Some(FOUND_NOT_BASE64),
        ),
        Ok(bytes) => (against_descriptor(&bytes, digest, size), None),
    };
    problem.map(|p| {
        let mut f = Finding::new(Code::BlobDigestEmbeddedData, loc.clone(), p);
        f.found = found.map(str::to_string);
        f
    })
}

/// The `found` of a `blob-digest.embedded-data` finding whose `data` is no
/// base64 at all: Go decodes `data` into a `[]byte`, so every Go reader of
/// the document stops there ("illegal base64 data at input byte 0"), while
/// data that decodes to other bytes is not checked by them.
pub const FOUND_NOT_BASE64: &str = "not base64";

/// Why the decoded `bytes` are not what the descriptor says, if they are not.
fn against_descriptor(bytes: &[u8], digest: Option<&Digest>, size: Option<u64>) -> Option<String> {
    let computed = match digest.and_then(Digest::algorithm_supported) {
        Some(Algorithm::Sha256) => Some(sha256_of(bytes)),
        Some(Algorithm::Sha512) => Some(sha512_of(bytes)),
        None => None,
    };
    let (c, d) = (computed?, digest?);
    if c != d.to_string() {
        return Some(format!(
            "embedded `data` hashes to {c}, the descriptor says {d}"
        ));
    }
    size.filter(|s| *s != bytes.len() as u64).map(|s| {
        format!(
            "embedded `data` is {} bytes, the descriptor says {s}",
            bytes.len()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::digest::parse_digest;

    fn digest_of(bytes: &[u8]) -> Digest {
        parse_digest(&sha256_of(bytes)).unwrap()
    }

    #[test]
    fn good_data_has_no_finding() {
        let d = digest_of(b"hello");
        assert_eq!(
            check("aGVsbG8=", Some(&d), Some(5), &Location::default()),
            None
        );
    }

    #[test]
    fn each_problem_is_named() {
        let loc = Location::default();
        let message = |data, digest: Option<&Digest>, size| {
            let f = check(data, digest, size, &loc).unwrap();
            assert_eq!(f.code, Code::BlobDigestEmbeddedData);
            f.message
        };
        assert!(message("*not base64*", None, None).starts_with("`data` is not base64"));
        let other = digest_of(b"other");
        assert!(message("aGVsbG8=", Some(&other), None).contains("hashes to sha256:"));
        let d = digest_of(b"hello");
        assert_eq!(
            message("aGVsbG8=", Some(&d), Some(6)),
            "embedded `data` is 5 bytes, the descriptor says 6"
        );
    }
}
