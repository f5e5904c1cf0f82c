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
#[path = "reference_tests.rs"]
mod tests;
