//! Image references (`[registry/]repository[:tag][@digest]`), parsed and
//! normalised as `github.com/distribution/reference` does it
//! (`ParseNormalizedNamed`, `FamiliarString`), without a regex engine.
//!
//! The grammar, from upstream `reference.go` and `regexp.go`:
//!
//! ```text
//! reference        := name [ ":" tag ] [ "@" digest ]
//! name             := [domain '/'] remote-name
//! domain           := host [':' port-number]
//! host             := domain-name | IPv4address | \[ IPv6address \]
//! domain-name      := domain-component ['.' domain-component]*
//! domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
//! IPv6address      := /[a-fA-F0-9:]+/   (between brackets; no zone, no IPv4 tail)
//! port-number      := /[0-9]+/
//! remote-name      := path-component ['/' path-component]*
//! path-component   := alpha-numeric [separator alpha-numeric]*
//! alpha-numeric    := /[a-z0-9]+/
//! separator        := /[_.]|__|[-]+/
//! tag              := /[\w][\w.-]{0,127}/
//! digest           := algorithm ":" /[0-9a-fA-F]{32,}/
//! algorithm        := /[A-Za-z][A-Za-z0-9]*/ joined by /[-_+.]/
//! ```
//!
//! A digest that matches the pattern is then validated as `go-digest` does:
//! only `sha256`, `sha384` and `sha512`, lower-case hex of exactly the
//! algorithm's length. The repository path (after normalisation, so
//! `library/` included) may have at most 255 characters (upstream v0.6
//! `RepositoryNameTotalLengthMax`, which counts the path, not the registry).
//!
//! Accept/reject decisions follow upstream exactly; the error variants are a
//! little finer than upstream's (an empty input is [`ReferenceError::Empty`],
//! a malformed tag or digest names itself instead of "invalid reference
//! format").

use std::fmt;

/// Docker Hub's canonical registry name.
const DEFAULT_DOMAIN: &str = "docker.io";
/// Docker Hub's legacy ("Docker Index") name, canonicalised to [`DEFAULT_DOMAIN`].
const LEGACY_DEFAULT_DOMAIN: &str = "index.docker.io";
/// The namespace of Docker Hub's official images.
const OFFICIAL_REPO_PREFIX: &str = "library/";
/// Always a registry when it is the first component.
const LOCALHOST: &str = "localhost";
/// The longest tag.
const TAG_MAX_LEN: usize = 128;

/// The longest repository path, in bytes (`library/busybox` counts 15).
pub const REPOSITORY_NAME_MAX_LEN: usize = 255;

/// A parsed, normalised image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// Registry `host[:port]`, `docker.io` for Docker Hub. Empty only in
    /// upstream's corner case of a first component that looks like a registry
    /// (it has a `.`, a `:` or upper case) but is no valid host while the whole
    /// name is a valid path, e.g. `foo_bar.com/x`: upstream then keeps a name
    /// without a domain.
    pub registry: String,
    /// Repository path, e.g. `library/busybox` or `kimai/kimai2`.
    pub repository: String,
    /// The tag, if one was written (none is added).
    pub tag: Option<String>,
    /// The digest (`sha256:<hex>`), if one was written.
    pub digest: Option<String>,
}

impl Reference {
    /// The full name without tag or digest: `docker.io/library/busybox`.
    pub fn name(&self) -> String {
        if self.registry.is_empty() {
            self.repository.clone()
        } else {
            format!("{}/{}", self.registry, self.repository)
        }
    }

    /// The familiar name without tag or digest, as Docker prints it:
    /// `busybox`, `kimai/kimai2`, `ghcr.io/a/b`.
    pub fn familiar_name(&self) -> String {
        if self.registry != DEFAULT_DOMAIN {
            return self.name();
        }
        match self.repository.strip_prefix(OFFICIAL_REPO_PREFIX) {
            Some(rest) if !rest.contains('/') => rest.to_string(),
            _ => self.repository.clone(),
        }
    }

    /// Full form: `registry/repository[:tag][@digest]`, e.g.
    /// `docker.io/library/busybox:latest`. No tag is added when absent.
    pub fn normalized(&self) -> String {
        self.with_suffixes(self.name())
    }

    /// Familiar (short) form as Docker prints it: `busybox:latest`,
    /// `kimai/kimai2:apache`, `ghcr.io/a/b:1`.
    pub fn familiar(&self) -> String {
        self.with_suffixes(self.familiar_name())
    }

    fn with_suffixes(&self, mut out: String) -> String {
        if let Some(tag) = &self.tag {
            out.push(':');
            out.push_str(tag);
        }
        if let Some(digest) = &self.digest {
            out.push('@');
            out.push_str(digest);
        }
        out
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.normalized())
    }
}

/// Why a string is not a valid image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferenceError {
    /// The string is empty.
    Empty,
    /// The string does not follow the reference grammar (this includes a bare
    /// 64-hex string, which is an image ID, not a name).
    InvalidFormat,
    /// The repository part has upper-case letters (checked before parsing,
    /// as `ParseNormalizedNamed` does).
    UppercaseRepository,
    /// The repository path is longer than [`REPOSITORY_NAME_MAX_LEN`].
    NameTooLong,
    /// The tag is not `[\w][\w.-]{0,127}`.
    InvalidTag,
    /// The digest is malformed, of an unsupported algorithm or of the wrong length.
    InvalidDigest,
    /// The string would be valid in lower case (upstream `ErrNameContainsUppercase`).
    NameContainsUppercase,
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            ReferenceError::Empty => "the reference is empty",
            ReferenceError::InvalidFormat => "invalid reference format",
            ReferenceError::UppercaseRepository => {
                "invalid reference format: repository names must be lower case"
            }
            ReferenceError::NameTooLong => {
                "repository names must not be longer than 255 characters"
            }
            ReferenceError::InvalidTag => {
                "invalid tag: a tag is 1 to 128 letters, digits, '_', '.' or '-', \
                 and does not start with '.' or '-'"
            }
            ReferenceError::InvalidDigest => {
                "invalid digest: expected sha256, sha384 or sha512 followed by ':' \
                 and lower-case hex of the right length"
            }
            ReferenceError::NameContainsUppercase => "repository names must be lower case",
        };
        f.write_str(text)
    }
}

impl std::error::Error for ReferenceError {}

/// Parses a reference as Docker's UI does (`ParseNormalizedNamed`): no
/// registry → `docker.io`; a one-component Docker Hub name → `library/NAME`;
/// `index.docker.io` → `docker.io`. The first component is a registry only if
/// it contains `.` or `:`, is `localhost`, or has upper case letters. No
/// default tag is added.
pub fn parse_normalized(s: &str) -> Result<Reference, ReferenceError> {
    if s.is_empty() {
        return Err(ReferenceError::Empty);
    }
    // "cannot specify 64-byte hexadecimal strings": that is an image ID.
    if is_identifier(s) {
        return Err(ReferenceError::InvalidFormat);
    }
    let (domain, remainder) = split_docker_domain(s);
    let remote = remainder
        .split_once(':')
        .map_or(remainder.as_str(), |(remote, _)| remote);
    if remote.to_lowercase() != remote {
        return Err(ReferenceError::UppercaseRepository);
    }
    parse(&format!("{domain}/{remainder}"))
}

/// Whether `s` is a valid tag: `[\w][\w.-]{0,127}` (ASCII word characters).
pub fn is_valid_tag(s: &str) -> bool {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut bytes = s.bytes();
    s.len() <= TAG_MAX_LEN
        && matches!(bytes.next(), Some(b) if is_word(b))
        && bytes.all(|b| is_word(b) || b == b'.' || b == b'-')
}

/// A 64-character lower-case hex string (an image ID).
fn is_identifier(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Upstream `splitDockerDomain`: the registry and the rest (path, tag, digest).
fn split_docker_domain(name: &str) -> (&str, String) {
    let Some((maybe_domain, maybe_remote)) = name.split_once('/') else {
        return (DEFAULT_DOMAIN, format!("{OFFICIAL_REPO_PREFIX}{name}"));
    };
    let (domain, remote) = if maybe_domain == LOCALHOST {
        (maybe_domain, maybe_remote)
    } else if maybe_domain == LEGACY_DEFAULT_DOMAIN {
        (DEFAULT_DOMAIN, maybe_remote)
    } else if maybe_domain.contains(['.', ':']) || maybe_domain.to_lowercase() != maybe_domain {
        (maybe_domain, maybe_remote)
    } else {
        (DEFAULT_DOMAIN, name)
    };
    if domain == DEFAULT_DOMAIN && !remote.contains('/') {
        (domain, format!("{OFFICIAL_REPO_PREFIX}{remote}"))
    } else {
        (domain, remote.to_string())
    }
}

/// Upstream `Parse` (no normalisation).
fn parse(s: &str) -> Result<Reference, ReferenceError> {
    if s.is_empty() {
        return Err(ReferenceError::Empty);
    }
    let Some(m) = match_reference(s) else {
        let lower = s.to_lowercase();
        if lower != s && match_reference(&lower).is_some() {
            return Err(ReferenceError::NameContainsUppercase);
        }
        return Err(classify_mismatch(s));
    };
    if m.path.len() > REPOSITORY_NAME_MAX_LEN {
        return Err(ReferenceError::NameTooLong);
    }
    if let Some(digest) = m.digest {
        if !is_supported_digest(digest) {
            return Err(ReferenceError::InvalidDigest);
        }
    }
    Ok(Reference {
        registry: m.domain.unwrap_or_default().to_string(),
        repository: m.path.to_string(),
        tag: m.tag.map(str::to_string),
        digest: m.digest.map(str::to_string),
    })
}

/// The parts of a reference string, split at its separators only.
struct Split<'a> {
    name: &'a str,
    tag: Option<&'a str>,
    digest: Option<&'a str>,
}

/// A reference string that matches the whole grammar.
struct Matched<'a> {
    domain: Option<&'a str>,
    path: &'a str,
    tag: Option<&'a str>,
    digest: Option<&'a str>,
}

/// Splits `name[:tag][@digest]`. Only the digest may follow `@`, and neither a
/// tag nor the path after the domain may hold `:` or `/`: so the digest starts
/// at the first `@`, and the tag after the last `:` when no `/` follows it.
fn split_reference(s: &str) -> Split<'_> {
    let (rest, digest) = match s.split_once('@') {
        Some((rest, digest)) => (rest, Some(digest)),
        None => (s, None),
    };
    let (name, tag) = match rest.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name, Some(tag)),
        _ => (rest, None),
    };
    Split { name, tag, digest }
}

/// The anchored `ReferenceRegexp` with its captures.
fn match_reference(s: &str) -> Option<Matched<'_>> {
    let split = split_reference(s);
    if split.tag.is_some_and(|tag| !is_valid_tag(tag)) {
        return None;
    }
    if split
        .digest
        .is_some_and(|digest| !is_digest_pattern(digest))
    {
        return None;
    }
    let (domain, path) = match_name(split.name)?;
    Some(Matched {
        domain,
        path,
        tag: split.tag,
        digest: split.digest,
    })
}

/// Which part broke the grammar, for a finer error than upstream's: the tag
/// or the digest when the name itself is fine.
fn classify_mismatch(s: &str) -> ReferenceError {
    let split = split_reference(s);
    if match_name(split.name).is_none() {
        ReferenceError::InvalidFormat
    } else if split
        .digest
        .is_some_and(|digest| !is_digest_pattern(digest))
    {
        ReferenceError::InvalidDigest
    } else if split.tag.is_some_and(|tag| !is_valid_tag(tag)) {
        ReferenceError::InvalidTag
    } else {
        ReferenceError::InvalidFormat
    }
}

/// The anchored name regexp `^(?:(domainAndPort)/)?(remoteName)$`. Like the
/// regexp (leftmost-first), a first component that is a valid domain is taken
/// as the domain.
fn match_name(name: &str) -> Option<(Option<&str>, &str)> {
    if let Some((first, rest)) = name.split_once('/') {
        if is_domain_and_port(first) && is_remote_name(rest) {
            return Some((Some(first), rest));
        }
    }
    is_remote_name(name).then_some((None, name))
}

/// `host[:port]`, host a domain name, an IPv4 address or a bracketed IPv6 address.
fn is_domain_and_port(s: &str) -> bool {
    if let Some(rest) = s.strip_prefix('[') {
        let Some((address, after)) = rest.split_once(']') else {
            return false;
        };
        let address_ok =
            !address.is_empty() && address.bytes().all(|b| b.is_ascii_hexdigit() || b == b':');
        return address_ok && (after.is_empty() || after.strip_prefix(':').is_some_and(is_port));
    }
    match s.split_once(':') {
        Some((host, port)) => is_domain_name(host) && is_port(port),
        None => is_domain_name(s),
    }
}

fn is_port(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_domain_name(s: &str) -> bool {
    s.split('.').all(is_domain_component)
}

/// `[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]`
fn is_domain_component(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphanumeric())
        && matches!(s.bytes().next_back(), Some(b) if b.is_ascii_alphanumeric())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn is_remote_name(s: &str) -> bool {
    s.split('/').all(is_path_component)
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn is_path_component(s: &str) -> bool {
    let mut separator = String::new();
    let mut seen_alphanumeric = false;
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'0'..=b'9' => {
                if !separator.is_empty() {
                    if !seen_alphanumeric || !is_separator(&separator) {
                        return false;
                    }
                    separator.clear();
                }
                seen_alphanumeric = true;
            }
            b'.' | b'_' | b'-' => separator.push(char::from(b)),
            _ => return false,
        }
    }
    seen_alphanumeric && separator.is_empty()
}

fn is_separator(s: &str) -> bool {
    matches!(s, "." | "_" | "__") || (!s.is_empty() && s.bytes().all(|b| b == b'-'))
}

/// Upstream `digestPat`: `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`
fn is_digest_pattern(s: &str) -> bool {
    let Some((algorithm, encoded)) = s.split_once(':') else {
        return false;
    };
    let algorithm_ok = algorithm.split(['-', '_', '+', '.']).all(|component| {
        let mut bytes = component.bytes();
        matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic())
            && bytes.all(|b| b.is_ascii_alphanumeric())
    });
    algorithm_ok && encoded.len() >= 32 && encoded.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `go-digest`'s `Parse`: a registered algorithm and lower-case hex of its length.
fn is_supported_digest(s: &str) -> bool {
    let Some((algorithm, encoded)) = s.split_once(':') else {
        return false;
    };
    let hex_len = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return false,
    };
    encoded.len() == hex_len
        && encoded
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    const HEX64: &str = "86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";

    fn sha(hex: &str) -> String {
        format!("sha256:{hex}")
    }

    /// (input, registry, repository, tag, digest, normalized, familiar)
    type Ok7<'a> = (
        &'a str,
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        &'a str,
        &'a str,
    );

    fn check_ok(cases: &[Ok7<'_>]) {
        for &(input, registry, repository, tag, digest, normalized, familiar) in cases {
            let r = parse_normalized(input)
                .unwrap_or_else(|e| panic!("{input:?} should parse, got {e:?}"));
            assert_eq!(r.registry, registry, "registry of {input:?}");
            assert_eq!(r.repository, repository, "repository of {input:?}");
            assert_eq!(r.tag.as_deref(), tag, "tag of {input:?}");
            assert_eq!(r.digest.as_deref(), digest, "digest of {input:?}");
            assert_eq!(r.normalized(), normalized, "normalized of {input:?}");
            assert_eq!(r.familiar(), familiar, "familiar of {input:?}");
            // Both printed forms parse back to the same reference.
            assert_eq!(
                parse_normalized(&r.normalized()).as_ref(),
                Ok(&r),
                "{input:?}"
            );
            assert_eq!(
                parse_normalized(&r.familiar()).as_ref(),
                Ok(&r),
                "{input:?}"
            );
        }
    }

    #[test]
    #[rustfmt::skip]
    fn normalizes_docker_hub_names() {
        check_ok(&[
            ("busybox", "docker.io", "library/busybox", None, None, "docker.io/library/busybox", "busybox"),
            ("busybox:latest", "docker.io", "library/busybox", Some("latest"), None, "docker.io/library/busybox:latest", "busybox:latest"),
            ("library/busybox", "docker.io", "library/busybox", None, None, "docker.io/library/busybox", "busybox"),
            ("docker.io/busybox", "docker.io", "library/busybox", None, None, "docker.io/library/busybox", "busybox"),
            ("docker.io/library/busybox:latest", "docker.io", "library/busybox", Some("latest"), None, "docker.io/library/busybox:latest", "busybox:latest"),
            ("index.docker.io/busybox", "docker.io", "library/busybox", None, None, "docker.io/library/busybox", "busybox"),
            ("index.docker.io/library/debian", "docker.io", "library/debian", None, None, "docker.io/library/debian", "debian"),
            ("index.docker.io/fooo/bar", "docker.io", "fooo/bar", None, None, "docker.io/fooo/bar", "fooo/bar"),
            ("kimai/kimai2:apache", "docker.io", "kimai/kimai2", Some("apache"), None, "docker.io/kimai/kimai2:apache", "kimai/kimai2:apache"),
            ("docker.io/kimai/kimai2", "docker.io", "kimai/kimai2", None, None, "docker.io/kimai/kimai2", "kimai/kimai2"),
            ("docker.io/kimai/kimai2:apache", "docker.io", "kimai/kimai2", Some("apache"), None, "docker.io/kimai/kimai2:apache", "kimai/kimai2:apache"),
            ("library/foo/bar", "docker.io", "library/foo/bar", None, None, "docker.io/library/foo/bar", "library/foo/bar"),
            ("docker.io/library/foo/bar", "docker.io", "library/foo/bar", None, None, "docker.io/library/foo/bar", "library/foo/bar"),
            ("store/foo/bar", "docker.io", "store/foo/bar", None, None, "docker.io/store/foo/bar", "store/foo/bar"),
            ("other/library", "docker.io", "other/library", None, None, "docker.io/other/library", "other/library"),
            ("ubuntu-12.04-base", "docker.io", "library/ubuntu-12.04-base", None, None, "docker.io/library/ubuntu-12.04-base", "ubuntu-12.04-base"),
            ("test_com/foo", "docker.io", "test_com/foo", None, None, "docker.io/test_com/foo", "test_com/foo"),
            ("docker/migrator", "docker.io", "docker/migrator", None, None, "docker.io/docker/migrator", "docker/migrator"),
            ("lowercase:Uppercase", "docker.io", "library/lowercase", Some("Uppercase"), None, "docker.io/library/lowercase:Uppercase", "lowercase:Uppercase"),
            // No '/': "localhost:5000" and an IPv4 address are a Docker Hub name (and tag).
            ("localhost:5000", "docker.io", "library/localhost", Some("5000"), None, "docker.io/library/localhost:5000", "localhost:5000"),
            ("192.168.0.1", "docker.io", "library/192.168.0.1", None, None, "docker.io/library/192.168.0.1", "192.168.0.1"),
            ("192.168.0.1:80", "docker.io", "library/192.168.0.1", Some("80"), None, "docker.io/library/192.168.0.1:80", "192.168.0.1:80"),
            // 64 characters that are not all hex are a name; 63 hex digits too.
            ("thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "docker.io", "library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", None, None, "docker.io/library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev"),
            ("dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", "docker.io", "library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", None, None, "docker.io/library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9"),
            ("docker---rules/docker", "docker.io", "docker---rules/docker", None, None, "docker.io/docker---rules/docker", "docker---rules/docker"),
            ("dock__er/docker", "docker.io", "dock__er/docker", None, None, "docker.io/dock__er/docker", "dock__er/docker"),
            ("d/docker", "docker.io", "d/docker", None, None, "docker.io/d/docker", "d/docker"),
            ("jess/t", "docker.io", "jess/t", None, None, "docker.io/jess/t", "jess/t"),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn keeps_other_registries() {
        check_ok(&[
            ("localhost/foo", "localhost", "foo", None, None, "localhost/foo", "localhost/foo"),
            ("localhost:5000/foo", "localhost:5000", "foo", None, None, "localhost:5000/foo", "localhost:5000/foo"),
            ("ghcr.io/x/y", "ghcr.io", "x/y", None, None, "ghcr.io/x/y", "ghcr.io/x/y"),
            ("ghcr.io/a/b:1", "ghcr.io", "a/b", Some("1"), None, "ghcr.io/a/b:1", "ghcr.io/a/b:1"),
            ("example.com/privatebase", "example.com", "privatebase", None, None, "example.com/privatebase", "example.com/privatebase"),
            ("example.com:8000/private/moonbase", "example.com:8000", "private/moonbase", None, None, "example.com:8000/private/moonbase", "example.com:8000/private/moonbase"),
            ("127.0.0.1:8000/privatebase", "127.0.0.1:8000", "privatebase", None, None, "127.0.0.1:8000/privatebase", "127.0.0.1:8000/privatebase"),
            ("127.0.0.1:5000/library/debian", "127.0.0.1:5000", "library/debian", None, None, "127.0.0.1:5000/library/debian", "127.0.0.1:5000/library/debian"),
            ("test-com:8080/foo", "test-com:8080", "foo", None, None, "test-com:8080/foo", "test-com:8080/foo"),
            ("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo", None, None, "xn--n3h.com:18080/foo", "xn--n3h.com:18080/foo"),
            ("b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io", "test.example.com/my-app", Some("test.example.com"), None, "b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io/test.example.com/my-app:test.example.com"),
            ("[::1]:5000/foo", "[::1]:5000", "foo", None, None, "[::1]:5000/foo", "[::1]:5000/foo"),
            ("[fc00::1]:5000/docker/docker", "[fc00::1]:5000", "docker/docker", None, None, "[fc00::1]:5000/docker/docker", "[fc00::1]:5000/docker/docker"),
            ("[fc00:1:2:3:4:5:6:7]:5000/library/debian", "[fc00:1:2:3:4:5:6:7]:5000", "library/debian", None, None, "[fc00:1:2:3:4:5:6:7]:5000/library/debian", "[fc00:1:2:3:4:5:6:7]:5000/library/debian"),
            ("[2001:db8::1]/repo:tag", "[2001:db8::1]", "repo", Some("tag"), None, "[2001:db8::1]/repo:tag", "[2001:db8::1]/repo:tag"),
            // An upper-case first component is taken as a registry (upstream).
            ("Docker/docker", "Docker", "docker", None, None, "Docker/docker", "Docker/docker"),
            ("FOO/bar", "FOO", "bar", None, None, "FOO/bar", "FOO/bar"),
            ("UPPER/case", "UPPER", "case", None, None, "UPPER/case", "UPPER/case"),
            // A '.' makes a registry candidate; not a valid host but a valid
            // path: upstream keeps a name without a domain.
            ("foo_bar.com/x", "", "foo_bar.com/x", None, None, "foo_bar.com/x", "foo_bar.com/x"),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn keeps_tags_and_digests() {
        let d = sha(HEX64);
        let busybox_both = format!("busybox:latest@{d}");
        let busybox_both_full = format!("docker.io/library/busybox:latest@{d}");
        let busybox_digest = format!("busybox@{d}");
        let busybox_digest_full = format!("docker.io/library/busybox@{d}");
        let registry = format!("foo.com:8080/bar:tag@{d}");
        let ipv6 = format!("[2001:db8::1]:5000/repo:tag@{d}");
        let sha512 = format!("sha512:{}", "f".repeat(128));
        let punycode = format!("xn--7o8h.com/myimage:xn--7o8h.com@{sha512}");
        let sha384 = format!("sha384:{}", "0".repeat(96));
        let sha384_ref = format!("example.com/x@{sha384}");
        let tag128 = format!("t{}", "x".repeat(127));
        let tag128_ref = format!("foo:{tag128}");
        let tag128_full = format!("docker.io/library/foo:{tag128}");
        let hex_path = format!("docker.io/{}", "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a");
        let hex_full = format!("docker.io/library/{}", "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a");
        let hex_repo = format!("library/{}", "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a");
        check_ok(&[
            (&busybox_both, "docker.io", "library/busybox", Some("latest"), Some(&d), &busybox_both_full, &busybox_both),
            (&busybox_digest, "docker.io", "library/busybox", None, Some(&d), &busybox_digest_full, &busybox_digest),
            (&registry, "foo.com:8080", "bar", Some("tag"), Some(&d), &registry, &registry),
            (&ipv6, "[2001:db8::1]:5000", "repo", Some("tag"), Some(&d), &ipv6, &ipv6),
            (&punycode, "xn--7o8h.com", "myimage", Some("xn--7o8h.com"), Some(&sha512), &punycode, &punycode),
            (&sha384_ref, "example.com", "x", None, Some(&sha384), &sha384_ref, &sha384_ref),
            (&tag128_ref, "docker.io", "library/foo", Some(&tag128), None, &tag128_full, &tag128_ref),
        ]);
        // The familiar form of a 64-hex repository is an image ID, so it does
        // not parse back (upstream too): check it apart.
        let r = parse_normalized(&hex_path).unwrap();
        assert_eq!(r.repository, hex_repo);
        assert_eq!(r.normalized(), hex_full);
        assert_eq!(parse_normalized(&r.familiar()), Err(ReferenceError::InvalidFormat));
    }

    #[test]
    fn repository_length_limit() {
        // The limit counts the path (with "library/"), not the registry.
        let max = format!("example.com/{}", "a".repeat(255));
        assert!(parse_normalized(&max).is_ok());
        let over = format!("example.com/{}", "a".repeat(256));
        assert_eq!(parse_normalized(&over), Err(ReferenceError::NameTooLong));
        let deep = format!("{}a:tag-puts-this-over-max", "a/".repeat(127));
        let r = parse_normalized(&deep).unwrap();
        assert_eq!(r.registry, "docker.io");
        assert_eq!(r.repository.len(), 255);
        let official = "a".repeat(248); // "library/" + 248 = 256
        assert_eq!(
            parse_normalized(&official),
            Err(ReferenceError::NameTooLong)
        );
        assert!(parse_normalized(&"a".repeat(247)).is_ok());
        let namespace = format!(
            "{}/docker",
            ["this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255"; 4].join("_")
        );
        assert_eq!(
            parse_normalized(&namespace),
            Err(ReferenceError::NameTooLong)
        );
    }

    #[test]
    #[rustfmt::skip]
    fn rejects_with_reason() {
        use ReferenceError::*;
        let d = sha(HEX64);
        let long_tag = format!("foo:{}", "a".repeat(129));
        let short_digest = format!("repo@sha256:{}", "f".repeat(34));
        let unsupported = format!("validname@invaliddigest:{}", "f".repeat(64));
        let upper_hex = format!("foo@sha256:{}", "F".repeat(64));
        let md5 = format!("foo@md5:{}", "0".repeat(32));
        let no_name = format!("@{d}");
        let two_digests = format!("foo@{d}@{d}");
        let cases: Vec<(&str, ReferenceError)> = vec![
            ("", Empty),
            (HEX64, InvalidFormat),
            ("1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", InvalidFormat),
            ("docker/Docker", UppercaseRepository),
            ("docker.io/docker/Docker", UppercaseRepository),
            ("Uppercase", UppercaseRepository),
            ("Uppercase:tag", UppercaseRepository),
            ("ghcr.io/Foo/bar", UppercaseRepository),
            ("test:5000/Uppercase/lowercase:tag", UppercaseRepository),
            ("Foo.bar_baz/x", NameContainsUppercase),
            ("a:b:c", InvalidFormat),
            ("foo/", InvalidFormat),
            ("docker/", InvalidFormat),
            ("docker//foo", InvalidFormat),
            ("docker///docker", InvalidFormat),
            ("docker.io/docker///docker", InvalidFormat),
            ("/foo", InvalidFormat),
            (":justtag", InvalidFormat),
            (&no_name, InvalidFormat),
            ("https://github.com/docker/docker", InvalidFormat),
            ("-docker", InvalidFormat),
            ("-docker/docker", InvalidFormat),
            ("-docker.io/docker/docker", InvalidFormat),
            ("docker-/docker", InvalidFormat),
            ("-docker-/docker", InvalidFormat),
            ("____/____", InvalidFormat),
            ("_docker/_docker", InvalidFormat),
            ("dock..er/docker", InvalidFormat),
            ("dock_.er/docker", InvalidFormat),
            ("dock-.er/docker", InvalidFormat),
            ("dock___er/docker", InvalidFormat),
            ("aa/asdf$$^/aa", InvalidFormat),
            ("foo bar", InvalidFormat),
            ("[fc00::1]", InvalidFormat),
            ("[fc00::1]:5000", InvalidFormat),
            ("fc00::1:5000/debian", InvalidFormat),
            ("[fe80::1%eth0]:5000/debian", InvalidFormat),
            ("[fe80::1%@invalidzone]:5000/repo", InvalidFormat),
            ("[2001:db8:3:4::192.0.2.33]:5000/debian", InvalidFormat),
            ("[]:5000/foo", InvalidFormat),
            ("localhost:/foo", InvalidFormat),
            ("example.com:80a/foo", InvalidFormat),
            (&long_tag, InvalidTag),
            ("foo:", InvalidTag),
            ("foo:-bad", InvalidTag),
            ("foo:.bad", InvalidTag),
            ("ghcr.io/a/b:t+t", InvalidTag),
            ("foo@sha256:abc", InvalidDigest),
            ("foo@", InvalidDigest),
            (&short_digest, InvalidDigest),
            (&unsupported, InvalidDigest),
            (&upper_hex, InvalidDigest),
            (&md5, InvalidDigest),
            (&two_digests, InvalidDigest),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_normalized(input), Err(expected), "{input:?}");
        }
    }

    /// Upstream `TestReferenceParse`, against the un-normalised `parse`:
    /// (input, Ok((domain, path, tag, digest)) or Err).
    #[test]
    #[rustfmt::skip]
    fn upstream_parse_table() {
        use ReferenceError::*;
        let f64 = "f".repeat(64);
        let d = sha(&f64);
        let sha512 = format!("sha512:{}", "f".repeat(128));
        type Want<'a> = Result<(&'a str, &'a str, Option<&'a str>, Option<&'a str>), ReferenceError>;
        let i1 = format!("test:5000/repo@{d}");
        let i2 = format!("test:5000/repo:tag@{d}");
        let i3 = format!("@{d}");
        let i4 = format!("repo@sha256:{}", "f".repeat(34));
        let i5 = format!("validname@invaliddigest:{f64}");
        let i6 = format!("domain/{}:tag", "a".repeat(256));
        let i7 = format!("{}a:tag-puts-this-over-max", "a/".repeat(127));
        let p7 = format!("{}a", "a/".repeat(126));
        let i8 = format!("xn--7o8h.com/myimage:xn--7o8h.com@{sha512}");
        let i9 = format!("[2001:db8::1]:5000/repo@{d}");
        let i10 = format!("[2001:db8::1]:5000/repo:tag@{d}");
        let i11 = format!("example.com/{}:tag", "a".repeat(255));
        let p11 = "a".repeat(255);
        let cases: Vec<(&str, Want<'_>)> = vec![
            ("test_com", Ok(("", "test_com", None, None))),
            ("test.com:tag", Ok(("", "test.com", Some("tag"), None))),
            ("test.com:5000", Ok(("", "test.com", Some("5000"), None))),
            ("test.com/repo:tag", Ok(("test.com", "repo", Some("tag"), None))),
            ("test:5000/repo", Ok(("test:5000", "repo", None, None))),
            ("test:5000/repo:tag", Ok(("test:5000", "repo", Some("tag"), None))),
            (&i1, Ok(("test:5000", "repo", None, Some(&d)))),
            (&i2, Ok(("test:5000", "repo", Some("tag"), Some(&d)))),
            ("", Err(Empty)),
            (":justtag", Err(InvalidFormat)),
            (&i3, Err(InvalidFormat)),
            (&i4, Err(InvalidDigest)),
            (&i5, Err(InvalidDigest)),
            ("Uppercase:tag", Err(NameContainsUppercase)),
            ("Uppercase/lowercase:tag", Ok(("Uppercase", "lowercase", Some("tag"), None))),
            ("test:5000/Uppercase/lowercase:tag", Err(NameContainsUppercase)),
            ("lowercase:Uppercase", Ok(("", "lowercase", Some("Uppercase"), None))),
            (&i6, Err(NameTooLong)),
            (&i7, Ok(("a", &p7, Some("tag-puts-this-over-max"), None))),
            ("aa/asdf$$^/aa", Err(InvalidFormat)),
            ("sub-dom1.foo.com/bar/baz/quux", Ok(("sub-dom1.foo.com", "bar/baz/quux", None, None))),
            ("sub-dom1.foo.com/bar/baz/quux:some-long-tag", Ok(("sub-dom1.foo.com", "bar/baz/quux", Some("some-long-tag"), None))),
            ("b.gcr.io/test.example.com/my-app:test.example.com", Ok(("b.gcr.io", "test.example.com/my-app", Some("test.example.com"), None))),
            ("xn--n3h.com/myimage:xn--n3h.com", Ok(("xn--n3h.com", "myimage", Some("xn--n3h.com"), None))),
            (&i8, Ok(("xn--7o8h.com", "myimage", Some("xn--7o8h.com"), Some(&sha512)))),
            ("foo_bar.com:8080", Ok(("", "foo_bar.com", Some("8080"), None))),
            ("foo/foo_bar.com:8080", Ok(("foo", "foo_bar.com", Some("8080"), None))),
            ("192.168.1.1", Ok(("", "192.168.1.1", None, None))),
            ("192.168.1.1:tag", Ok(("", "192.168.1.1", Some("tag"), None))),
            ("192.168.1.1:5000", Ok(("", "192.168.1.1", Some("5000"), None))),
            ("192.168.1.1/repo", Ok(("192.168.1.1", "repo", None, None))),
            ("192.168.1.1:5000/repo", Ok(("192.168.1.1:5000", "repo", None, None))),
            ("192.168.1.1:5000/repo:5050", Ok(("192.168.1.1:5000", "repo", Some("5050"), None))),
            ("[2001:db8::1]", Err(InvalidFormat)),
            ("[2001:db8::1]:5000", Err(InvalidFormat)),
            ("[2001:db8::1]:tag", Err(InvalidFormat)),
            ("[2001:db8::1]/repo", Ok(("[2001:db8::1]", "repo", None, None))),
            ("[2001:db8:1:2:3:4:5:6]/repo:tag", Ok(("[2001:db8:1:2:3:4:5:6]", "repo", Some("tag"), None))),
            ("[2001:db8::1]:5000/repo", Ok(("[2001:db8::1]:5000", "repo", None, None))),
            ("[2001:db8::1]:5000/repo:tag", Ok(("[2001:db8::1]:5000", "repo", Some("tag"), None))),
            (&i9, Ok(("[2001:db8::1]:5000", "repo", None, Some(&d)))),
            (&i10, Ok(("[2001:db8::1]:5000", "repo", Some("tag"), Some(&d)))),
            ("[2001:db8::]:5000/repo", Ok(("[2001:db8::]:5000", "repo", None, None))),
            ("[::1]:5000/repo", Ok(("[::1]:5000", "repo", None, None))),
            ("[fe80::1%eth0]:5000/repo", Err(InvalidFormat)),
            ("[fe80::1%@invalidzone]:5000/repo", Err(InvalidFormat)),
            (&i11, Ok(("example.com", &p11, Some("tag"), None))),
        ];
        for (input, want) in cases {
            let got = parse(input).map(|r| {
                (r.registry, r.repository, r.tag, r.digest)
            });
            let want = want.map(|(d, p, t, g)| {
                (d.to_string(), p.to_string(), t.map(str::to_string), g.map(str::to_string))
            });
            assert_eq!(got, want, "{input:?}");
        }
    }

    #[test]
    fn upstream_valid_names() {
        for name in [
            "docker/docker",
            "library/debian",
            "debian",
            "docker.io/docker/docker",
            "docker.io/library/debian",
            "docker.io/debian",
            "index.docker.io/docker/docker",
            "index.docker.io/library/debian",
            "index.docker.io/debian",
            "127.0.0.1:5000/docker/docker",
            "127.0.0.1:5000/library/debian",
            "127.0.0.1:5000/debian",
            "192.168.0.1",
            "192.168.0.1:80",
            "192.168.0.1:8/debian",
            "192.168.0.2:25000/debian",
            "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
            "[fc00::1]:5000/docker",
            "[fc00::1]:5000/docker/docker",
            "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
            "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
            "Docker/docker",
            "DOCKER/docker",
            "docker-rules/docker",
            "doc/docker",
            "xn--n3h.com/foo",
            "test.com:8080/foo",
        ] {
            assert!(parse_normalized(name).is_ok(), "{name:?}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn split_hostname_table() {
        for (input, domain, path) in [
            ("test.com/foo", "test.com", "foo"),
            ("test_com/foo", "docker.io", "test_com/foo"),
            ("docker/migrator", "docker.io", "docker/migrator"),
            ("test.com:8080/foo", "test.com:8080", "foo"),
            ("test-com:8080/foo", "test-com:8080", "foo"),
            ("foo", "docker.io", "library/foo"),
            ("xn--n3h.com/foo", "xn--n3h.com", "foo"),
            ("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
            ("docker.io/foo", "docker.io", "library/foo"),
            ("docker.io/library/foo", "docker.io", "library/foo"),
            ("docker.io/library/foo/bar", "docker.io", "library/foo/bar"),
        ] {
            let r = parse_normalized(input).unwrap();
            assert_eq!((r.registry.as_str(), r.repository.as_str()), (domain, path), "{input:?}");
        }
    }

    #[test]
    fn tags() {
        let max = format!("A{}", "b".repeat(127));
        let over = format!("A{}", "b".repeat(128));
        for (tag, valid) in [
            ("latest", true),
            ("1.0.0-rc.1", true),
            ("_private", true),
            ("UPPER", true),
            ("a", true),
            (max.as_str(), true),
            (over.as_str(), false),
            ("", false),
            ("-x", false),
            (".x", false),
            ("a:b", false),
            ("a/b", false),
            ("a+b", false),
            ("é", false),
        ] {
            assert_eq!(is_valid_tag(tag), valid, "{tag:?}");
        }
    }

    #[test]
    fn errors_display_in_words() {
        use ReferenceError::*;
        for e in [
            Empty,
            InvalidFormat,
            UppercaseRepository,
            NameTooLong,
            InvalidTag,
            InvalidDigest,
            NameContainsUppercase,
        ] {
            assert!(!e.to_string().is_empty());
        }
        assert_eq!(
            NameContainsUppercase.to_string(),
            "repository names must be lower case"
        );
    }

    #[test]
    fn display_is_normalized() {
        let r = parse_normalized("kimai/kimai2:apache").unwrap();
        assert_eq!(r.to_string(), "docker.io/kimai/kimai2:apache");
        assert_eq!(r.name(), "docker.io/kimai/kimai2");
        assert_eq!(r.familiar_name(), "kimai/kimai2");
    }
}
