//! Digests.
//!
//! > digest ::= algorithm ":" encoded
//! > algorithm ::= algorithm-component (algorithm-separator algorithm-component)*
//! > algorithm-component ::= [a-z0-9]+
//! > algorithm-separator ::= [+._-]
//! > encoded ::= [a-zA-Z0-9=_-]+
//!
//! > sha256: … the encoded portion MUST match `/[a-f0-9]{64}/`;
//! > sha512: … MUST match `/[a-f0-9]{128}/`.
//!
//! (image-spec `descriptor.md#digests`)

use std::fmt;

/// A digest that follows the grammar.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest {
    /// `sha256`, `sha512`, or another registered-looking algorithm.
    pub algorithm: String,
    /// The encoded part.
    pub encoded: String,
}

impl Digest {
    /// Whether ocilens can compute this algorithm.
    pub fn algorithm_supported(&self) -> Option<Algorithm> {
        match self.algorithm.as_str() {
            "sha256" => Some(Algorithm::Sha256),
            "sha512" => Some(Algorithm::Sha512),
            _ => None,
        }
    }
    /// The path of this blob in an OCI layout: `blobs/<alg>/<encoded>`.
    pub fn blob_path(&self) -> String {
        format!("blobs/{}/{}", self.algorithm, self.encoded)
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.algorithm, self.encoded)
    }
}

/// A digest algorithm ocilens computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// SHA-256.
    Sha256,
    /// SHA-512.
    Sha512,
}

/// Why a digest string cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestError {
    /// It does not follow the grammar (or the algorithm's encoding).
    Malformed(String),
    /// Used as a path it would leave `blobs/`.
    UnsafePath,
}

/// Parses and validates a digest string. An unknown but well-formed
/// algorithm parses (see [`Digest::algorithm_supported`]).
pub fn parse_digest(s: &str) -> Result<Digest, DigestError> {
    if s.contains('/') || s.contains("..") || s.contains('\\') {
        return Err(DigestError::UnsafePath);
    }
    let Some((algorithm, encoded)) = s.split_once(':') else {
        return Err(DigestError::Malformed(
            "no `:` between algorithm and encoded part".into(),
        ));
    };
    let component_ok = |c: &str| {
        !c.is_empty()
            && c.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    if !algorithm.split(['+', '.', '_', '-']).all(component_ok) {
        return Err(DigestError::Malformed(format!(
            "algorithm `{algorithm}` must be lower-case letters and digits"
        )));
    }
    if encoded.is_empty()
        || !encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'=' | b'_' | b'-'))
    {
        return Err(DigestError::Malformed(
            "the encoded part has characters outside [a-zA-Z0-9=_-]".into(),
        ));
    }
    let hex_len = match algorithm {
        "sha256" => Some(64),
        "sha512" => Some(128),
        _ => None,
    };
    if let Some(len) = hex_len {
        if encoded.len() != len {
            return Err(DigestError::Malformed(format!(
                "{algorithm} needs {len} hex characters, found {}",
                encoded.len()
            )));
        }
        if !encoded
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(DigestError::Malformed(format!(
                "{algorithm} must be lower-case hex ([A-F] MUST NOT be used)"
            )));
        }
    }
    Ok(Digest {
        algorithm: algorithm.to_string(),
        encoded: encoded.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar() {
        let h = "a".repeat(64);
        assert!(parse_digest(&format!("sha256:{h}")).is_ok());
        assert!(parse_digest(&format!("sha512:{}", "b".repeat(128))).is_ok());
        for bad in [
            format!("sha256:{}", "A".repeat(64)),
            format!("SHA256:{h}"),
            format!("sha256:{}", "a".repeat(63)),
            format!("sha512:{h}"),
            h.clone(),
            "sha256:".to_string(),
            "sha256+:abc".to_string(),
        ] {
            assert!(
                matches!(parse_digest(&bad), Err(DigestError::Malformed(_))),
                "{bad}"
            );
        }
        assert_eq!(
            parse_digest("sha256:../../etc/passwd"),
            Err(DigestError::UnsafePath)
        );
        let other =
            parse_digest("sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564").unwrap();
        assert_eq!(other.algorithm_supported(), None);
        assert_eq!(parse_digest("blake3:abcd").unwrap().algorithm, "blake3");
    }
}
