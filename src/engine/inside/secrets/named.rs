//! Files chosen by name: credentials files whose secrets are `name = value`
//! lines rather than values of a recognisable shape, and the paths whose
//! content hits are not reported (tests, examples, documentation: their
//! keys are sample keys, shipped on purpose).

use super::SecretKind;

/// Named files larger than this are only scanned for content patterns.
pub const MAX_NAMED: u64 = 64 << 10;

/// How a named file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// `.env`, `.env.production`, …: `NAME=value` lines.
    DotEnv,
    /// `.netrc`: `password value` tokens.
    Netrc,
    /// `.git-credentials`: `scheme://user:password@host` lines.
    GitCredentials,
    /// `.aws/credentials`, `.aws/config`: `aws_secret_access_key = value`.
    Aws,
    /// A kubeconfig: `token:`, `client-key-data:`, `password:`.
    Kubeconfig,
    /// `.npmrc`: `_auth`, `_password` (`_authToken` is a content pattern).
    Npmrc,
    /// `.pypirc`: `password = value`.
    Pypirc,
    /// Private keys by name (`id_rsa`, `*.pem`, `*.key`, …): content
    /// patterns only (read whole, like every named file).
    Key,
    /// Registry auth files (`.docker/config.json`, `auth.json`): content
    /// patterns only.
    RegistryAuth,
}

/// How the file at canonical `path` is read by name, if it is.
pub fn classify(path: &str) -> Option<Named> {
    let (dir, base) = path.rsplit_once('/').unwrap_or(("", path));
    let parent = dir.rsplit('/').next().unwrap_or_default();
    let dotenv = base == ".env"
        || (base.starts_with(".env.")
            && ![".example", ".sample", ".template", ".dist", ".defaults"]
                .iter()
                .any(|s| base.ends_with(s)));
    Some(match base {
        _ if dotenv => Named::DotEnv,
        ".netrc" | "_netrc" => Named::Netrc,
        ".git-credentials" => Named::GitCredentials,
        "credentials" | "config" if parent == ".aws" => Named::Aws,
        "config" if parent == ".kube" => Named::Kubeconfig,
        "kubeconfig" | "admin.conf" | "kubelet.conf" => Named::Kubeconfig,
        _ if base.ends_with(".kubeconfig") => Named::Kubeconfig,
        ".npmrc" | "npmrc" => Named::Npmrc,
        ".pypirc" => Named::Pypirc,
        "config.json" if parent == ".docker" => Named::RegistryAuth,
        ".dockercfg" | "auth.json" => Named::RegistryAuth,
        _ if base.starts_with("id_") && !base.ends_with(".pub") => Named::Key,
        _ if [".pem", ".key", ".ppk"].iter().any(|s| base.ends_with(s)) => Named::Key,
        _ if base.starts_with("ssh_host_") && base.ends_with("_key") => Named::Key,
        _ => return None,
    })
}

/// Paths whose content hits are not reported: a component that names tests,
/// examples or documentation (`test`, `tests`, `testdata`, `*_test.go`,
/// `test_*.py`, `examples`, `docs`, `fixtures`, …).
pub fn ignored(path: &str) -> bool {
    path.split('/').any(|c| {
        let c = c.to_ascii_lowercase();
        c.contains("test")
            || c.contains("example")
            || c.contains("fixture")
            || c.contains("sample")
            || c.contains("mock")
            || matches!(c.as_str(), "doc" | "docs" | "man" | "spec" | "specs")
    })
}

/// Names of `NAME=value` assignments that mean a secret (stricter than the
/// masking rule: `GPG_KEY`, a public fingerprint, is not one).
pub fn strong_secret_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "APIKEY",
        "API_KEY",
        "ACCESS_KEY",
        "PRIVATE_KEY",
        "AUTH_KEY",
        "CREDENTIAL",
    ]
    .iter()
    .any(|w| n.contains(w))
        || n == "PASS"
        || n.ends_with("_PASS")
}

/// Whether `value` is a literal secret rather than a reference, a file path,
/// an empty or placeholder value.
pub fn literal_value(value: &str) -> bool {
    let v = value.trim();
    v.chars().count() >= 6
        && !v.starts_with(['$', '<', '/', '{', '%'])
        && !v.contains("${")
        && !matches!(
            v.to_ascii_lowercase().as_str(),
            "changeme"
                | "password"
                | "secret"
                | "xxxxxx"
                | "example"
                | "true"
                | "false"
                | "null"
                | "undefined"
                | "replace_me"
                | "redacted"
        )
}

fn unquote(v: &str) -> &str {
    let v = v.trim();
    v.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(v)
}

/// The `name = value` secrets of a named file, by kind.
pub fn lines(named: Named, body: &[u8], mut hit: impl FnMut(SecretKind, &[u8])) {
    let text = String::from_utf8_lossy(body);
    let mut found = |kind: SecretKind, v: &str| {
        if literal_value(v) {
            hit(kind, v.as_bytes());
        }
    };
    match named {
        Named::Netrc => {
            let mut words = text.split_whitespace();
            while let Some(w) = words.next() {
                if w == "password" {
                    found(SecretKind::Password, words.next().unwrap_or_default());
                }
            }
            return;
        }
        Named::Key | Named::RegistryAuth => return,
        _ => {}
    }
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if named == Named::GitCredentials {
            if let Some(pass) = url_password(line) {
                found(SecretKind::Password, pass);
            }
            continue;
        }
        let sep = if named == Named::Kubeconfig { ':' } else { '=' };
        let Some((name, value)) = line.split_once(sep) else {
            continue;
        };
        let name = name.trim().trim_start_matches("- ").trim();
        let name = name.strip_prefix("export ").unwrap_or(name).trim();
        let value = unquote(value);
        let kind = match (named, name) {
            (Named::DotEnv, n) if strong_secret_name(n) => SecretKind::Password,
            (Named::Aws, "aws_secret_access_key" | "aws_session_token") => SecretKind::AwsKey,
            (Named::Kubeconfig, "token" | "id-token" | "refresh-token") => SecretKind::KubeToken,
            (Named::Kubeconfig, "client-key-data") => SecretKind::PrivateKey,
            (Named::Kubeconfig, "password") => SecretKind::Password,
            (Named::Npmrc, n) if n == "_auth" || n.ends_with(":_auth") => SecretKind::NpmToken,
            (Named::Npmrc, n) if n == "_password" || n.ends_with(":_password") => {
                SecretKind::NpmToken
            }
            (Named::Pypirc, "password") => SecretKind::Password,
            _ => continue,
        };
        found(kind, value);
    }
}

/// The password of a `scheme://user:password@host…` URL.
pub fn url_password(s: &str) -> Option<&str> {
    let (_, rest) = s.split_once("://")?;
    let auth = rest.split(['/', '?', '#']).next()?;
    let (userinfo, _) = auth.rsplit_once('@')?;
    let (_, pass) = userinfo.split_once(':')?;
    (!pass.is_empty()).then_some(pass)
}
