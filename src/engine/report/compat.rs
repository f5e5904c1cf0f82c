//! `compatibility[]`: what a named tool, at a range of versions, does with
//! this exact file. The entries are computed from the findings and facts of
//! the report by the rule table in `engine::compat` (one row per fact and
//! tool, each with its source); this module holds only the shapes.
//!
//! ```json
//! { "tool": "docker", "action": "load",
//!   "versions": { "from": null, "below": "23.0" },
//!   "verdict": "fails",
//!   "message": "archive/tar: invalid tar header",
//!   "because": ["compatibility.zstd"],
//!   "fix": "skopeo copy --dest-compress-format gzip oci-archive:in.tar oci-archive:out.tar",
//!   "source": "https://github.com/moby/moby/pull/41759" }
//! ```
//!
//! `variant` is set only on an entry that holds for one invocation of the tool
//! (`--all-platforms`, `to docker-archive:`); it is omitted otherwise.

use crate::engine::finding::Code;
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! names {
    ($(#[$m:meta])* $t:ident { $($(#[$vm:meta])* $v:ident = $s:literal,)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $t { $($(#[$vm])* #[serde(rename = $s)] $v,)* }

        impl $t {
            /// Every value, in table order.
            pub const ALL: &'static [$t] = &[$($t::$v,)*];
            /// The name used in reports.
            pub fn as_str(self) -> &'static str {
                match self { $($t::$v => $s,)* }
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

names! {
    /// The tool a verdict is about (`compatibility[].tool`).
    ToolName {
        /// Docker Engine (`docker load`, `docker pull`).
        Docker = "docker",
        /// containerd's `ctr` (`ctr images import`).
        Containerd = "containerd",
        /// `podman load`.
        Podman = "podman",
        /// `skopeo copy`.
        Skopeo = "skopeo",
        /// `umoci unpack`.
        Umoci = "umoci",
        /// go-containerregistry's `crane`.
        Crane = "crane",
        /// k3s / rke2 air-gap image import.
        K3s = "k3s",
        /// `trivy image --input`.
        Trivy = "trivy",
        /// `dive`.
        Dive = "dive",
    }
}

names! {
    /// What the tool is asked to do (`compatibility[].action`).
    Action {
        /// Load an archive into the tool's store (`docker load`, `podman load`).
        Load = "load",
        /// Import an archive (`ctr images import`, k3s air-gap images).
        Import = "import",
        /// Copy to another transport (`skopeo copy`).
        Copy = "copy",
        /// Unpack to a file system (`umoci unpack`, `crane export`).
        Unpack = "unpack",
        /// Pull or push through a registry.
        Pull = "pull",
        /// Read the image to analyse it (`trivy image --input`, `dive`).
        Scan = "scan",
    }
}

names! {
    /// What the tool does with the file (`compatibility[].verdict`).
    Verdict {
        /// Loads it, losing nothing.
        Ok = "ok",
        /// Loads it but loses something: the tag, other platforms, attestations.
        Warns = "warns",
        /// Refuses it.
        Fails = "fails",
    }
}

impl Verdict {
    /// The mark shown for it: `✓`, `!` or `✗`.
    pub fn mark(self) -> &'static str {
        match self {
            Verdict::Ok => "✓",
            Verdict::Warns => "!",
            Verdict::Fails => "✗",
        }
    }
}

/// A half-open range of versions, `from ≤ v < below`; `null` is unbounded.
/// Versions are dotted numbers (`"23.0"`, `"0.21.8"`), compared numerically.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Versions {
    /// The first version in the range.
    pub from: Option<String>,
    /// The first version after the range.
    pub below: Option<String>,
}

impl Versions {
    /// Every version.
    pub fn all() -> Versions {
        Versions::default()
    }

    /// Whether `version` (dotted numbers) lies in the range.
    pub fn contains(&self, version: &str) -> bool {
        let v = parse_version(version);
        self.from.as_deref().is_none_or(|f| parse_version(f) <= v)
            && self.below.as_deref().is_none_or(|b| v < parse_version(b))
    }
}

impl fmt::Display for Versions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.from, &self.below) {
            (None, None) => f.write_str("all versions"),
            (Some(a), None) => write!(f, "≥ {a}"),
            (None, Some(b)) => write!(f, "< {b}"),
            (Some(a), Some(b)) => write!(f, "{a} to < {b}"),
        }
    }
}

/// A dotted version as numbers (`"1.6.20~ds1"` → `[1, 6, 20]`): each part
/// is its leading digits, and parsing stops at the first part without any.
/// Trailing zeros do not count (`"23"` = `"23.0"`).
pub fn parse_version(v: &str) -> Vec<u64> {
    let mut out = Vec::new();
    for part in v.trim_start_matches('v').split('.') {
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        match digits.parse::<u64>() {
            Ok(n) => out.push(n),
            Err(_) => break,
        }
        if digits.len() < part.len() {
            break;
        }
    }
    while out.last() == Some(&0) {
        out.pop();
    }
    out
}

/// One verdict: what `tool` at `versions` does with this file when asked to
/// `action` it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compatibility {
    /// The tool.
    pub tool: ToolName,
    /// What it is asked to do.
    pub action: Action,
    /// The versions this verdict holds for.
    pub versions: Versions,
    /// The option this verdict depends on (`--all-platforms`); omitted when
    /// it holds for the plain command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// `ok`, `warns` or `fails`.
    pub verdict: Verdict,
    /// What the tool prints (quoted from its source or an issue), or, for a
    /// warning, what it does; `null` when the verdict is `ok`.
    pub message: Option<String>,
    /// The finding codes that cause the verdict (empty when `ok`).
    pub because: Vec<Code>,
    /// A command that makes the file load; `null` when the verdict is `ok`.
    pub fix: Option<String>,
    /// Where the behaviour is documented: the source line or the issue.
    pub source: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically_and_ranges_are_half_open() {
        assert_eq!(parse_version("1.6.20~ds1"), [1, 6, 20]);
        assert_eq!(parse_version("v0.21.8"), [0, 21, 8]);
        assert_eq!(parse_version("23"), parse_version("23.0.0"));
        assert!(parse_version("0.21.10") > parse_version("0.21.8"));
        let r = Versions {
            from: Some("23.0".into()),
            below: Some("25.0".into()),
        };
        assert!(r.contains("23.0.1") && r.contains("24.0.9"));
        assert!(!r.contains("20.10.24") && !r.contains("25.0") && !r.contains("29.1"));
        assert!(Versions::all().contains("0.1"));
        assert_eq!(r.to_string(), "23.0 to < 25.0");
    }

    #[test]
    fn names_serialise_as_the_issue_spells_them() {
        let c = Compatibility {
            tool: ToolName::K3s,
            action: Action::Import,
            versions: Versions::all(),
            variant: None,
            verdict: Verdict::Warns,
            message: None,
            because: vec![Code::ReferenceNone],
            fix: None,
            source: "https://example.com/".into(),
        };
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["tool"], "k3s");
        assert_eq!(v["action"], "import");
        assert_eq!(v["verdict"], "warns");
        assert_eq!(v["versions"]["from"], serde_json::Value::Null);
        assert_eq!(v["because"][0], "reference.none");
        assert!(v.get("variant").is_none());
        let back: Compatibility = serde_json::from_value(v).unwrap();
        assert_eq!(back, c);
    }
}
