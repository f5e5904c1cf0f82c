//! The image configuration.
//!
//! > `rootfs` object, REQUIRED: `type` … MUST be set to `layers`.
//! > Implementations MUST generate an error if they encounter an unknown
//! > value. `diff_ids` array of strings: An array of layer content hashes
//! > (DiffIDs), in order from first to last. (image-spec `config.md`)

use super::fields::Fields;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// One `history` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// `created`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// `created_by`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// `comment`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `empty_layer`
    #[serde(default)]
    pub empty_layer: bool,
    /// Index of the layer this entry created, when it created one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer: Option<u32>,
}

/// The fields of a config that ocilens checks and shows.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// `architecture`
    pub architecture: Option<String>,
    /// `os`
    pub os: Option<String>,
    /// `variant`
    pub variant: Option<String>,
    /// `created`
    pub created: Option<String>,
    /// `rootfs.type`
    pub rootfs_type: Option<String>,
    /// `rootfs.diff_ids`
    pub diff_ids: Vec<String>,
    /// Whether `rootfs` was present at all.
    pub has_rootfs: bool,
    /// `history`
    pub history: Vec<History>,
    /// `config.Env`
    pub env: Vec<String>,
    /// `config.Labels`
    pub labels: BTreeMap<String, String>,
}

/// Reads an image config.
pub fn parse_config(f: &mut Fields<'_>, obj: &Map<String, Value>) -> Config {
    let mut c = Config {
        architecture: f.string(obj, "$", "architecture", false),
        os: f.string(obj, "$", "os", false),
        variant: f.string(obj, "$", "variant", false),
        created: f.string(obj, "$", "created", false),
        ..Config::default()
    };
    if let Some(rootfs) = f.object(obj, "$", "rootfs", true) {
        c.has_rootfs = true;
        c.rootfs_type = f.string(rootfs, "$.rootfs", "type", true);
        c.diff_ids = f.strings(rootfs, "$.rootfs", "diff_ids", true);
    }
    if let Some(items) = f.array(obj, "$", "history", false) {
        for (i, v) in items.iter().enumerate() {
            let path = format!("$.history[{i}]");
            let Value::Object(h) = v else {
                f.wrong_type(&path, "an object", v);
                continue;
            };
            let empty_layer = match h.get("empty_layer") {
                Some(Value::Bool(b)) => *b,
                None | Some(Value::Null) => false,
                Some(other) => {
                    f.wrong_type(&format!("{path}.empty_layer"), "a boolean", other);
                    false
                }
            };
            c.history.push(History {
                created: f.string(h, &path, "created", false),
                created_by: f.string(h, &path, "created_by", false),
                comment: f.string(h, &path, "comment", false),
                empty_layer,
                layer: None,
            });
        }
    }
    if let Some(cfg) = f.object(obj, "$", "config", false) {
        c.env = f.strings(cfg, "$.config", "Env", false);
        c.labels = f.annotations(cfg, "$.config", "Labels");
    }
    c
}

/// Whether `s` is an RFC 3339 date-time (`2024-01-02T03:04:05Z`,
/// fractional seconds and numeric offsets allowed).
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10))
    {
        return false;
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return false;
    }
    if !(digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
        && b.get(16) == Some(&b':')
        && digits(17..19))
    {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            digits(i + 1..i + 3)
                && b.get(i + 3) == Some(&b':')
                && digits(i + 4..i + 6)
                && i + 6 == b.len()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_rfc3339;

    #[test]
    fn rfc3339() {
        assert!(is_rfc3339("2024-01-02T03:04:05Z"));
        assert!(is_rfc3339("2024-01-02T03:04:05.123456789+02:00"));
        assert!(!is_rfc3339("2024-01-02"));
        assert!(!is_rfc3339("yesterday"));
        assert!(!is_rfc3339("2024-01-02T03:04:05"));
    }
}
