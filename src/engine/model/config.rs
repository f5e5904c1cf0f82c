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

/// `config.Healthcheck` (Docker's image spec; OCI does not define it).
///
/// > `Healthcheck` … `Test` … `Interval` … `Timeout` … `StartPeriod` …
/// > `Retries` (moby `docker-image-spec` v1.2, `HealthConfig`)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Healthcheck {
    /// `Test`: `["NONE"]`, `["CMD", …]` or `["CMD-SHELL", "…"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub test: Vec<String>,
    /// `Interval`, nanoseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<u64>,
    /// `Timeout`, nanoseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u64>,
    /// `StartPeriod`, nanoseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_period: Option<u64>,
    /// `Retries`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<u64>,
}

/// What the image runs: the execution members of `config` (image-spec
/// `config.md`: `User`, `ExposedPorts`, `Entrypoint`, `Cmd`, `Volumes`,
/// `WorkingDir`, `StopSignal`; Docker adds `Healthcheck`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Run {
    /// `config.Entrypoint`
    pub entrypoint: Vec<String>,
    /// `config.Cmd`
    pub cmd: Vec<String>,
    /// `config.User`
    pub user: Option<String>,
    /// `config.WorkingDir`
    pub working_dir: Option<String>,
    /// The keys of `config.ExposedPorts` (`80/tcp`).
    pub exposed_ports: Vec<String>,
    /// The keys of `config.Volumes`.
    pub volumes: Vec<String>,
    /// `config.StopSignal`
    pub stop_signal: Option<String>,
    /// `config.Healthcheck`
    pub healthcheck: Option<Healthcheck>,
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
    /// `config.Entrypoint`, `Cmd`, `User` and the rest of what it runs.
    pub run: Run,
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
        c.run = parse_run(f, cfg);
    }
    c
}

/// The execution members of `config` (wrong types are findings, as elsewhere).
fn parse_run(f: &mut Fields<'_>, cfg: &Map<String, Value>) -> Run {
    const P: &str = "$.config";
    let keys = |f: &mut Fields<'_>, key: &str| -> Vec<String> {
        f.object(cfg, P, key, false)
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    Run {
        entrypoint: f.strings(cfg, P, "Entrypoint", false),
        cmd: f.strings(cfg, P, "Cmd", false),
        user: f.string(cfg, P, "User", false),
        working_dir: f.string(cfg, P, "WorkingDir", false),
        exposed_ports: keys(f, "ExposedPorts"),
        volumes: keys(f, "Volumes"),
        stop_signal: f.string(cfg, P, "StopSignal", false),
        healthcheck: f.object(cfg, P, "Healthcheck", false).map(|h| Healthcheck {
            test: f.strings(h, "$.config.Healthcheck", "Test", false),
            interval: f.integer(h, "$.config.Healthcheck", "Interval", false),
            timeout: f.integer(h, "$.config.Healthcheck", "Timeout", false),
            start_period: f.integer(h, "$.config.Healthcheck", "StartPeriod", false),
            retries: f.integer(h, "$.config.Healthcheck", "Retries", false),
        }),
    }
}

/// Whether `s` is an RFC 3339 date-time (`2024-01-02T03:04:05Z`,
/// fractional seconds and numeric offsets allowed), with every field in its
/// range: month 1–12, a day that exists in that month (leap years
/// included), hour ≤ 23, minute ≤ 59, second ≤ 60 (a leap second), offset
/// ≤ 23:59.
///
/// The grammar is RFC 3339 §5.6 `date-time`: the separator is `T` (or `t`,
/// as §5.6's note allows). A space is refused on purpose: §5.6 only lets an
/// application *choose* one "for readability", it is not in the ABNF, and
/// Go's `time.RFC3339` (which Docker, containerd and the image-spec tools
/// parse `created` with) refuses it.
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    // the number in b[r], when every byte there is a digit
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let d = b.get(r)?;
        d.iter().all(u8::is_ascii_digit).then(|| {
            d.iter()
                .fold(0u32, |n, c| n * 10 + u32::from(c.saturating_sub(b'0')))
        })
    };
    let sep = |i: usize, c: u8| b.get(i) == Some(&c);
    let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    if !(sep(4, b'-') && sep(7, b'-') && (1..=12).contains(&month)) {
        return false;
    }
    if !(1..=days_in_month(year, month)).contains(&day) || !matches!(b.get(10), Some(b'T' | b't')) {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) = (num(11..13), num(14..16), num(17..19)) else {
        return false;
    };
    if !(sep(13, b':') && sep(16, b':') && hour <= 23 && minute <= 59 && second <= 60) {
        return false;
    }
    let mut i = 19;
    if sep(i, b'.') {
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
            num(i + 1..i + 3).is_some_and(|h| h <= 23)
                && sep(i + 3, b':')
                && num(i + 4..i + 6).is_some_and(|m| m <= 59)
                && i + 6 == b.len()
        }
        _ => false,
    }
}

/// Days in `month` (1–12) of `year`, Gregorian leap years included.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
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

    #[test]
    fn rfc3339_ranges() {
        // the example: every field out of range
        assert!(!is_rfc3339("2024-13-45T25:61:61Z"));
        for bad in [
            "2024-00-10T00:00:00Z",
            "2024-13-10T00:00:00Z",
            "2024-01-00T00:00:00Z",
            "2024-01-32T00:00:00Z",
            "2024-04-31T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T23:60:00Z",
            "2024-01-01T23:59:61Z",
            "2024-01-01T00:00:00+24:00",
            "2024-01-01T00:00:00-05:60",
            "2024-01-01T00:00:00.Z",
            "2024-1-01T00:00:00Z",
            "2024-01-01T00:00:00Zjunk",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
        for good in [
            "2024-02-29T00:00:00Z",
            "2000-02-29T12:00:00Z",
            "2024-12-31T23:59:60Z",
            "2024-04-30T23:59:59.999-23:59",
            "0001-01-01T00:00:00Z",
            "2024-01-01t00:00:00z",
        ] {
            assert!(is_rfc3339(good), "{good}");
        }
    }

    #[test]
    fn rfc3339_refuses_a_space_separator() {
        // RFC 3339 §5.6 allows it only as an application's choice; Go refuses it
        assert!(!is_rfc3339("2024-01-02 03:04:05Z"));
    }
}
