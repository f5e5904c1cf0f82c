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
//! digits mixed that is not a path.

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
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
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
                if let (true, Value::Array(items)) = (k == "Env", &mut *x) {
                    for e in items.iter_mut() {
                        if let Some(masked) = e.as_str().and_then(mask_env) {
                            *e = Value::String(masked);
                        }
                    }
                }
                mask_json_env(x);
            }
        }
        _ => {}
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
