//! Which `Env` values look like secrets, and their masked form. The page
//! never shows such a value in full, and a share link never carries one: both
//! show [`mask`]'s form, a few leading characters and the length.
//!
//! A value is secret-looking when its variable's name says so (a part of the
//! name, split at `_`, `-` or `.`, holds `PASSWORD`, `PASSWD`, `SECRET`,
//! `TOKEN`, `CREDENTIAL`, `PRIVATE`, `APIKEY`, or is or ends in `KEY`, or is
//! or starts with `AUTH` but is not `AUTHOR(S)`, or is `PASS`, `PW` or `SALT`),
//! or when the value itself is shaped like a key: a known token prefix
//! (`AKIA`, `ghp_`, `github_pat_`, `glpat-`, `xoxb-`, `sk_live_`, `sk-`,
//! `AIza`, `-----BEGIN`), a URL with a password (`scheme://user:pass@`),
//! or a long run (32 or more) of base64 or hex characters with letters and
//! digits mixed that is not a path, or any value in which the secret
//! scanner's content patterns find a key or token
//! (`engine::inside::secrets::scan`).
//!
//! The report itself never holds such a value in full: [`redact`] masks the
//! `Env` entries, the secrets of `history[].created_by` (build arguments
//! with secret names, values of a key's shape) and label values of a key's
//! shape, in the images and in the documents, before the report leaves the
//! engine. Findings about secrets carry [`mask`]'s form only.

use crate::engine::inside::secrets::{named, scan};

/// The marker that ends a masked value: `abcd…[masked, 40 chars]`.
const MARK: &str = " chars]";

/// Name parts that mean a secret wherever they appear inside the part.
const NAME_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "TOKEN",
    "CREDENTIAL",
    "PRIVATE",
    "APIKEY",
];

/// Value prefixes of well-known token formats.
const TOKEN_PREFIXES: &[&str] = &[
    "AKIA",
    "ASIA",
    "ghp_",
    "gho_",
    "ghs_",
    "ghu_",
    "ghr_",
    "github_pat_",
    "npm_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "xoxo-",
    "xoxs-",
    "xoxr-",
    "sk_live_",
    "rk_live_",
    "sk-",
    "AIza",
    "-----BEGIN",
];

/// Whether the variable `name` names a secret.
pub fn secret_name(name: &str) -> bool {
    name.split(['_', '-', '.'])
        .map(str::to_ascii_uppercase)
        .any(|p| {
            NAME_WORDS.iter().any(|w| p.contains(w))
                || p.ends_with("KEY")
                || (p.starts_with("AUTH") && !matches!(p.as_str(), "AUTHOR" | "AUTHORS"))
                || matches!(p.as_str(), "PASS" | "PW" | "SALT")
        })
}

/// Whether `value` is shaped like a key or token, whatever its name.
pub fn secret_value(value: &str) -> bool {
    if TOKEN_PREFIXES
        .iter()
        .any(|p| value.starts_with(p) && value.len() >= p.len() + 8)
    {
        return true;
    }
    if !scan::scan_all(value.as_bytes()).is_empty() {
        return true;
    }
    if let Some((_, rest)) = value.split_once("://") {
        let auth = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if let Some((userinfo, _)) = auth.rsplit_once('@') {
            return userinfo.contains(':');
        }
    }
    let keyish = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-');
    value.chars().count() >= 32
        && !value.starts_with('/')
        && value.chars().all(keyish)
        && value.chars().any(|c| c.is_ascii_digit())
        && value.chars().any(|c| c.is_ascii_alphabetic())
        && value.matches('/').count() <= value.len() / 16
}

/// Whether `value` is already in [`mask`]'s form (a masked value stays as it is).
pub fn is_masked(value: &str) -> bool {
    value.ends_with(MARK) && value.contains("…[masked, ")
}

/// `value` masked: at most 4 leading characters (a quarter of it, so a short
/// value shows little or nothing) and its length in characters.
pub fn mask(value: &str) -> String {
    if is_masked(value) {
        return value.to_string();
    }
    let n = value.chars().count();
    let shown: String = value.chars().take((n / 4).min(4)).collect();
    format!("{shown}…[masked, {n}{MARK}")
}

/// An `Env` entry (`NAME=value`) with a secret-looking value masked; `None`
/// when it shows nothing secret (or is masked already).
pub fn mask_env(entry: &str) -> Option<String> {
    let (name, value) = entry.split_once('=')?;
    if value.is_empty() || is_masked(value) || !(secret_name(name) || secret_value(value)) {
        return None;
    }
    Some(format!("{name}={}", mask(value)))
}

/// Every secret-looking entry of every `Env` array in a JSON document
/// (`config.Env`, Docker's `container_config.Env`, at any depth) masked in
/// place.
pub fn mask_json_env(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Array(a) => a.iter_mut().for_each(mask_json_env),
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                match (k.as_str(), &mut *x) {
                    ("Env", Value::Array(items)) => {
                        for e in items.iter_mut() {
                            if let Some(masked) = e.as_str().and_then(mask_env) {
                                *e = Value::String(masked);
                            }
                        }
                    }
                    ("Cmd", Value::Array(items)) => mask_json_build_args(items),
                    ("created_by", Value::String(t)) => {
                        if let Some(masked) = mask_text(t) {
                            *t = masked;
                        }
                    }
                    ("Labels", Value::Object(labels)) => {
                        for v in labels.values_mut() {
                            if let Some(masked) = v.as_str().and_then(mask_shaped) {
                                *v = Value::String(masked);
                            }
                        }
                    }
                    _ => {}
                }
                mask_json_env(x);
            }
        }
        _ => {}
    }
}

/// Docker's classic builder records a `RUN`'s build arguments in
/// `container_config.Cmd` as `["|2", "A=b", "C=d", "/bin/sh", "-c", …]`.
fn mask_json_build_args(items: &mut [serde_json::Value]) {
    let n = items
        .first()
        .and_then(|v| v.as_str())
        .and_then(|s| s.strip_prefix('|'))
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(0);
    for e in items.iter_mut().skip(1).take(n) {
        if let Some(masked) = e.as_str().and_then(mask_build_arg) {
            *e = serde_json::Value::String(masked);
        }
    }
    for e in items.iter_mut().skip(1 + n) {
        if let Some(masked) = e.as_str().and_then(mask_text) {
            *e = serde_json::Value::String(masked);
        }
    }
}

/// A build argument `NAME=value` masked when it is a secret: a literal value
/// for a password, secret or token name, or a value of a key's shape.
pub fn mask_build_arg(arg: &str) -> Option<String> {
    let (name, value) = arg.split_once('=')?;
    if is_masked(value) {
        return None;
    }
    let by_name = named::strong_secret_name(name) && named::literal_value(value);
    (by_name || !scan::scan_all(value.as_bytes()).is_empty())
        .then(|| format!("{name}={}", mask(value)))
}

/// The build arguments of a `created_by` (`|2 A=b C=d /bin/sh -c …`, maybe
/// after `RUN `): each `NAME=value` and its byte range in `text`.
pub fn build_args(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let Some(bar) = text.find('|') else {
        return out;
    };
    if !text.get(..bar).unwrap_or_default().trim().is_empty()
        && text.get(..bar).map(str::trim) != Some("RUN")
    {
        return out;
    }
    let rest = text.get(bar + 1..).unwrap_or_default();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let n: usize = rest.get(..digits).and_then(|d| d.parse().ok()).unwrap_or(0);
    let mut at = bar + 1 + digits;
    for _ in 0..n {
        let tail = text.get(at..).unwrap_or_default();
        let skip = tail.len() - tail.trim_start().len();
        let start = at + skip;
        let word = text.get(start..).unwrap_or_default();
        let len = word.find(' ').unwrap_or(word.len());
        if let Some(arg) = text.get(start..start + len) {
            out.push((start..start + len, arg));
        }
        at = start + len;
    }
    out
}

/// A value of a key's shape (the scanner's patterns) masked; `None` otherwise.
pub fn mask_shaped(value: &str) -> Option<String> {
    (!is_masked(value) && !scan::scan_all(value.as_bytes()).is_empty()).then(|| mask(value))
}

/// A free text (a `created_by`, a command) with its secrets masked: build
/// arguments with secret names or secret values, and every value of a key's
/// shape; `None` when it holds none.
pub fn mask_text(text: &str) -> Option<String> {
    let mut spans: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (range, arg) in build_args(text) {
        if let Some(masked) = mask_build_arg(arg) {
            spans.push((range, masked));
        }
    }
    for h in scan::scan_all(text.as_bytes()) {
        if spans
            .iter()
            .any(|(r, _)| r.start <= h.start && h.end <= r.end)
        {
            continue;
        }
        if let Some(v) = text.get(h.start..h.end) {
            spans.push((h.start..h.end, mask(v)));
        }
    }
    if spans.is_empty() {
        return None;
    }
    spans.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, masked) in spans {
        if r.start < at {
            continue;
        }
        out.push_str(text.get(at..r.start).unwrap_or_default());
        out.push_str(&masked);
        at = r.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    Some(out)
}

/// The report's secrets masked in place: every image's `Env`, history and
/// labels, and the documents (see the module's documentation).
pub fn redact(report: &mut super::Report) {
    for img in &mut report.images {
        mask_env_list(&mut img.config.env);
        for h in &mut img.config.history {
            if let Some(masked) = h.created_by.as_deref().and_then(mask_text) {
                h.created_by = Some(masked);
            }
        }
        for v in img.config.labels.values_mut() {
            if let Some(masked) = mask_shaped(v) {
                *v = masked;
            }
        }
    }
    for d in &mut report.documents {
        mask_json_env(&mut d.content);
    }
}

/// Every secret-looking entry of `env` masked in place.
pub fn mask_env_list(env: &mut [String]) {
    for e in env {
        if let Some(masked) = mask_env(e) {
            *e = masked;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{mask, mask_env, mask_json_env, secret_name, secret_value};

    #[test]
    fn names() {
        for n in [
            "DB_PASSWORD",
            "MYSQL_ROOT_PASSWORD",
            "AWS_SECRET_ACCESS_KEY",
            "GITHUB_TOKEN",
            "API_KEY",
            "APIKEY",
            "GPG_KEY",
            "NPM_AUTH",
            "AUTHORIZATION",
            "GOOGLE_APPLICATION_CREDENTIALS",
            "PGPASSWORD",
            "db.pass",
            "private_key_file",
        ] {
            assert!(secret_name(n), "{n}");
        }
        for n in [
            "PATH",
            "HOME",
            "LANG",
            "AUTHOR",
            "KEYBOARD_LAYOUT",
            "PWD",
            "JAVA_HOME",
        ] {
            assert!(!secret_name(n), "{n}");
        }
    }

    #[test]
    fn values() {
        for v in [
            "AKIAIOSFODNN7EXAMPLE",
            "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
            "postgres://app:hunter2@db:5432/app",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        ] {
            assert!(secret_value(v), "{v}");
        }
        for v in [
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "C.UTF-8",
            "3.12.1",
            "https://example.com/download/release",
            "postgres://db:5432/app",
            "/opt/java/openjdk/lib/security/cacerts/and/more/path/parts",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ",
        ] {
            assert!(!secret_value(v), "{v}");
        }
    }

    #[test]
    fn masked_form() {
        let v = "s3cr3t-value-of-forty-characters-long!!";
        let m = mask(v);
        assert_eq!(m, format!("s3cr…[masked, {} chars]", v.chars().count()));
        assert!(!m.contains("value-of"));
        assert_eq!(mask(&m), m, "masking is idempotent");
        assert_eq!(mask("abc"), "…[masked, 3 chars]");
        assert_eq!(mask("hunter22"), "hu…[masked, 8 chars]");
    }

    #[test]
    fn env_entries() {
        assert_eq!(
            mask_env("DB_PASSWORD=hunter2hunter2").as_deref(),
            Some("DB_PASSWORD=hun…[masked, 14 chars]")
        );
        assert_eq!(mask_env("PATH=/usr/bin:/bin"), None);
        assert_eq!(mask_env("TOKEN="), None, "an empty value hides nothing");
        assert_eq!(mask_env("NOEQUALS"), None);
        let once = mask_env("API_KEY=0123456789abcdef").unwrap_or_default();
        assert_eq!(mask_env(&once), None, "a masked entry stays as it is");
    }

    #[test]
    fn json_documents() {
        let mut v = serde_json::json!({
            "config": {"Env": ["PATH=/bin", "GITHUB_TOKEN=abcdefghijklmnop"], "Cmd": ["GITHUB_TOKEN=x"]},
            "container_config": {"Env": ["API_KEY=0123456789abcdef"]},
        });
        mask_json_env(&mut v);
        let text = v.to_string();
        assert!(
            !text.contains("abcdefghijklmnop") && !text.contains("0123456789abcdef"),
            "{text}"
        );
        assert!(
            text.contains("GITHUB_TOKEN=abcd…[masked, 16 chars]"),
            "{text}"
        );
        assert!(
            text.contains("PATH=/bin") && text.contains("\"Cmd\":[\"GITHUB_TOKEN=x\"]"),
            "{text}"
        );
    }
}
