//! A finding in a link, without what the finding catalogue knows: its
//! severity, check, explanation and spec are stored only where they differ
//! from the catalogue's for its code, and an explanation that is the
//! catalogue's plus a sentence stores only the sentence. The engine writes
//! the catalogue's values, so a link usually carries only a finding's code,
//! location, message and expected/found values (a `with` module for
//! [`super`]).

use crate::engine::finding::{Check, Code, Finding, Location, Severity};
use serde::{Deserialize, Serialize};

fn nowhere(l: &Location) -> bool {
    *l == Location::default()
}

/// Read from [`LinkFinding`] instead.
fn unset_severity() -> Severity {
    Severity::Error
}

/// Read from [`LinkFinding`] instead.
fn unset_check() -> Check {
    Check::Archive
}

/// Where a finding applies.
#[derive(Serialize, Deserialize)]
#[serde(remote = "Location")]
struct LocationDef {
    /// `e`: the archive entry.
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    entry: Option<String>,
    /// `b`: the blob.
    #[serde(rename = "b", default, skip_serializing_if = "Option::is_none")]
    blob: Option<String>,
    /// `i`: the image.
    #[serde(rename = "i", default, skip_serializing_if = "Option::is_none")]
    image: Option<u32>,
    /// `l`: the layer.
    #[serde(rename = "l", default, skip_serializing_if = "Option::is_none")]
    layer: Option<u32>,
    /// `p`: the path.
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    /// `h`: the config's `history` entry.
    #[serde(rename = "h", default, skip_serializing_if = "Option::is_none")]
    history: Option<u32>,
}

/// The members of a finding that are always stored.
#[derive(Serialize, Deserialize)]
#[serde(remote = "Finding")]
struct FindingDef {
    /// `c`: the code; one this build does not know fails the decode.
    #[serde(rename = "c")]
    code: Code,
    /// `w`: where it applies.
    #[serde(
        rename = "w",
        default,
        skip_serializing_if = "nowhere",
        with = "LocationDef"
    )]
    r#where: Location,
    /// `m`: the message.
    #[serde(rename = "m")]
    message: String,
    /// `x`: the expected value.
    #[serde(rename = "x", default, skip_serializing_if = "Option::is_none")]
    expected: Option<String>,
    /// `y`: the value found.
    #[serde(rename = "y", default, skip_serializing_if = "Option::is_none")]
    found: Option<String>,
    /// Not stored: the remedy is written again from the code and the input
    /// when decoded (`engine::compat::apply`).
    #[serde(skip)]
    fix: Option<String>,
    /// In [`LinkFinding`].
    #[serde(skip, default = "unset_severity")]
    severity: Severity,
    /// In [`LinkFinding`].
    #[serde(skip, default = "unset_check")]
    check: Check,
    /// In [`LinkFinding`].
    #[serde(skip)]
    explanation: String,
    /// In [`LinkFinding`].
    #[serde(skip)]
    spec: String,
}

/// A finding as a link stores it.
#[derive(Serialize, Deserialize)]
struct LinkFinding {
    /// The members always stored, in this object.
    #[serde(flatten, with = "FindingDef")]
    finding: Finding,
    /// `s`: the severity, when not the catalogue's for the code.
    #[serde(rename = "s", default, skip_serializing_if = "Option::is_none")]
    severity: Option<Severity>,
    /// `k`: the check, when not the catalogue's for the code.
    #[serde(rename = "k", default, skip_serializing_if = "Option::is_none")]
    check: Option<Check>,
    /// `e`: the explanation, when it is neither the catalogue's nor the
    /// catalogue's plus a sentence.
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    explanation: Option<String>,
    /// `ea`: the sentence added to the catalogue's explanation.
    #[serde(rename = "ea", default, skip_serializing_if = "Option::is_none")]
    explanation_added: Option<String>,
    /// `p`: the spec URL, when not the catalogue's.
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    spec: Option<String>,
}

/// The severity a version 1 link leaves out for `code`: the catalogue's
/// when links were introduced. Codes regraded since (issue 11: severity
/// follows the compatibility verdicts) keep their old grade here, so an old
/// link still shows the severities it was shared with, and a new one stores
/// the new grade explicitly. `descriptor-media-type.invalid` became an error
/// with the image-spec conformance suite (issue 14: RFC 6838 is a MUST).
fn link_severity(code: Code) -> Severity {
    match code {
        Code::MediaTypeMixOciManifestDockerLayer
        | Code::MediaTypeMixDockerManifestOciLayer
        | Code::CompatibilityXz
        | Code::CompatibilityBzip2
        | Code::DescriptorMediaTypeInvalid => Severity::Warning,
        Code::CompatibilityZstd => Severity::Info,
        _ => code.severity(),
    }
}

impl LinkFinding {
    fn of(f: &Finding) -> LinkFinding {
        let code = f.code;
        let base = code.explanation();
        let added = f
            .explanation
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix(' '));
        let (explanation, explanation_added) = match added {
            _ if f.explanation == base => (None, None),
            Some(more) => (None, Some(more.to_string())),
            None => (Some(f.explanation.clone()), None),
        };
        LinkFinding {
            finding: f.clone(),
            severity: (link_severity(code) != f.severity).then_some(f.severity),
            check: (code.check() != f.check).then_some(f.check),
            explanation,
            explanation_added,
            spec: (f.spec != code.spec()).then(|| f.spec.clone()),
        }
    }

    /// The finding, with what was left out read from the catalogue.
    fn into_finding(self) -> Finding {
        let mut f = self.finding;
        let code = f.code;
        f.severity = self.severity.unwrap_or(link_severity(code));
        f.check = self.check.unwrap_or(code.check());
        f.explanation = match (self.explanation, self.explanation_added) {
            (Some(e), _) => e,
            (None, Some(more)) => format!("{} {more}", code.explanation()),
            (None, None) => code.explanation().to_string(),
        };
        f.spec = self.spec.unwrap_or_else(|| code.spec());
        f
    }
}

/// `Vec<Finding>` as [`LinkFinding`]s.
pub(super) mod findings {
    use super::{Finding, LinkFinding};
    use serde::{Deserialize, Deserializer, Serializer};

    pub(in crate::engine::share) fn serialize<S: Serializer>(
        v: &[Finding],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(LinkFinding::of))
    }

    pub(in crate::engine::share) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<Finding>, D::Error> {
        let v = Vec::<LinkFinding>::deserialize(d)?;
        Ok(v.into_iter().map(LinkFinding::into_finding).collect())
    }
}
