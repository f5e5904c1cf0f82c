//! Descriptors.
//!
//! > `mediaType` string: This REQUIRED property contains the media type of the
//! > referenced content. `digest` string: This REQUIRED property is the digest
//! > of the targeted content. `size` int64: This REQUIRED property specifies
//! > the size, in bytes, of the raw content. (image-spec `descriptor.md`)
//!
//! > `urls` array of strings: … Each entry MUST conform to RFC 3986.
//!
//! Parsed leniently: a missing field is a finding, not a rejected document.

use super::fields::Fields;
use crate::engine::finding::{Code, Finding};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// A platform (`image-index.md#image-index-property-descriptions`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Platform {
    /// `architecture`
    pub architecture: String,
    /// `os`
    pub os: String,
    /// `variant`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// `os.version`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
}

impl Platform {
    /// `os/architecture[/variant]`
    pub fn display(&self) -> String {
        match &self.variant {
            Some(v) => format!("{}/{}/{}", self.os, self.architecture, v),
            None => format!("{}/{}", self.os, self.architecture),
        }
    }
}

/// A content descriptor, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Descriptor {
    /// `mediaType`
    pub media_type: Option<String>,
    /// `digest`, unvalidated.
    pub digest: Option<String>,
    /// `size`
    pub size: Option<u64>,
    /// `urls`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub urls: Vec<String>,
    /// `annotations`
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// `platform` (index entries)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
    /// `artifactType`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_type: Option<String>,
    /// `data` (embedded base64 content)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

/// Reads a descriptor at `path` (e.g. `$.layers[0]`).
pub fn parse_descriptor(f: &mut Fields<'_>, value: &Value, path: &str) -> Option<Descriptor> {
    let Value::Object(obj) = value else {
        f.wrong_type(path, "an object", value);
        return None;
    };
    let platform = f.object(obj, path, "platform", false).map(|p| {
        let pp = format!("{path}.platform");
        Platform {
            architecture: f.string(p, &pp, "architecture", true).unwrap_or_default(),
            os: f.string(p, &pp, "os", true).unwrap_or_default(),
            variant: f.string(p, &pp, "variant", false),
            os_version: f.string(p, &pp, "os.version", false),
        }
    });
    let urls = f.strings(obj, path, "urls", false);
    for (i, u) in urls.iter().enumerate().filter(|(_, u)| !is_uri(u)) {
        let finding = Finding::new(
            Code::JsonBadUrl,
            f.location.clone().with_path(format!("{path}.urls[{i}]")),
            format!("{}: `{path}.urls[{i}]` is `{u}`, not a URI", f.document),
        );
        f.findings.push(finding);
    }
    Some(Descriptor {
        media_type: f.string(obj, path, "mediaType", true),
        digest: f.string(obj, path, "digest", true),
        size: f.integer(obj, path, "size", true),
        urls,
        annotations: f.annotations(obj, path, "annotations"),
        platform,
        artifact_type: f.string(obj, path, "artifactType", false),
        data: f.string(obj, path, "data", false),
    })
}

/// Whether `s` is a URI as RFC 3986 §3 writes one: a scheme (a letter, then
/// letters, digits, `+`, `-`, `.`), `:`, then only URI characters
/// (unreserved, reserved, and `%` with two hex digits). A relative
/// reference (`value`, `/path`) is not a URI.
pub fn is_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut sb = scheme.bytes();
    if !sb.next().is_some_and(|b| b.is_ascii_alphabetic())
        || !sb.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    {
        return false;
    }
    let b = rest.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hex = |at: usize| b.get(at).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
        } else if c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::is_uri;

    #[test]
    fn uris_follow_rfc_3986() {
        for good in [
            "https://example.com/foo",
            "http://[::1]:5000/v2/x?y=1#z",
            "urn:isbn:0451450523",
            "https://example.com/a%20b",
            "s3+https://bucket/key",
        ] {
            assert!(is_uri(good), "{good}");
        }
        for bad in [
            "value",
            "/relative/path",
            "",
            ":no-scheme",
            "1http://x",
            "https://example.com/a b",
            "https://example.com/%zz",
            "https://example.com/%2",
            "https://example.com/\u{e9}",
        ] {
            assert!(!is_uri(bad), "{bad}");
        }
    }
}
