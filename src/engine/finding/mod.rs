//! Findings: a defect or notable property of the image, never a panic and
//! never a bare error string.
//!
//! Every finding has a stable [`Code`], a [`Severity`], the [`Check`] that
//! found it (a fixed vocabulary), a [`Location`], a one-line message with the
//! values involved, a plain-words explanation (what it means, what breaks and
//! with which tools, how to fix it) and a link to the spec clause.

mod catalogue;

pub use catalogue::{by_str, markdown, Code};

use serde::{Deserialize, Serialize};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Not what it claims, a MUST broken, or every mainstream consumer rejects it.
    Error,
    /// A SHOULD broken, an ambiguity, or named tools refuse it.
    Warning,
    /// Notable and legitimate.
    Info,
}

impl Severity {
    /// The lower-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// What was checked. This vocabulary is fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// The outer tar as a container.
    Archive,
    /// What the input is.
    Format,
    /// A document's syntax and shape.
    Json,
    /// A referenced blob is absent.
    BlobMissing,
    /// Content vs digest.
    BlobDigest,
    /// Byte count vs descriptor size.
    BlobSize,
    /// Decoded sha256 vs `rootfs.diff_ids`.
    Diffid,
    /// Sniffed compression vs declared media type.
    LayerCompression,
    /// Docker and OCI media types mixed.
    MediaTypeMix,
    /// A descriptor's media type vs the document it points to.
    DescriptorMediaType,
    /// Image names.
    Reference,
    /// The image config.
    Config,
    /// Tar headers of a layer.
    Tar,
    /// Whiteouts and opaque markers.
    Whiteout,
    /// Paths and links that escape or confuse.
    PathSafety,
    /// A valid image that named tools refuse.
    Compatibility,
    /// A resource cap fired.
    Limits,
    /// Where the bytes go: waste between layers, duplicates.
    Efficiency,
    /// The package databases (dpkg, apk, rpm).
    Packages,
    /// Keys, tokens and passwords shipped in the image (`docs/secrets.md`).
    Secret,
    /// How the image would run: user, entrypoint, architecture, environment.
    Runtime,
}

impl Check {
    /// Every check, in catalogue order.
    pub const ALL: [Check; 21] = [
        Check::Archive,
        Check::Format,
        Check::Json,
        Check::BlobMissing,
        Check::BlobDigest,
        Check::BlobSize,
        Check::Diffid,
        Check::LayerCompression,
        Check::MediaTypeMix,
        Check::DescriptorMediaType,
        Check::Reference,
        Check::Config,
        Check::Tar,
        Check::Whiteout,
        Check::PathSafety,
        Check::Compatibility,
        Check::Limits,
        Check::Efficiency,
        Check::Packages,
        Check::Secret,
        Check::Runtime,
    ];

    /// The kebab-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Check::Archive => "archive",
            Check::Format => "format",
            Check::Json => "json",
            Check::BlobMissing => "blob-missing",
            Check::BlobDigest => "blob-digest",
            Check::BlobSize => "blob-size",
            Check::Diffid => "diffid",
            Check::LayerCompression => "layer-compression",
            Check::MediaTypeMix => "media-type-mix",
            Check::DescriptorMediaType => "descriptor-media-type",
            Check::Reference => "reference",
            Check::Config => "config",
            Check::Tar => "tar",
            Check::Whiteout => "whiteout",
            Check::PathSafety => "path-safety",
            Check::Compatibility => "compatibility",
            Check::Limits => "limits",
            Check::Efficiency => "efficiency",
            Check::Packages => "packages",
            Check::Secret => "secret",
            Check::Runtime => "runtime",
        }
    }
}

/// The part of the image a finding is about: the catalogue's subject column.
/// Explain mode files each finding under the step that teaches this part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    /// The outer archive: its tar, its format, the names it carries.
    Archive,
    /// An image index (`index.json`, a nested index, a manifest list).
    Index,
    /// An image manifest.
    Manifest,
    /// An index or a manifest: the finding's [`Location`] tells which.
    Document,
    /// The image config.
    Config,
    /// One layer blob: digest, size, DiffID, decoding.
    Layer,
    /// The layer stack: tar entries, whiteouts, paths.
    Stack,
    /// Media types against the bytes and against what tools accept.
    MediaTypes,
}

impl Subject {
    /// The kebab-case name used in `docs/findings.md`.
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Archive => "archive",
            Subject::Index => "index",
            Subject::Manifest => "manifest",
            Subject::Document => "document",
            Subject::Config => "config",
            Subject::Layer => "layer",
            Subject::Stack => "stack",
            Subject::MediaTypes => "media-types",
        }
    }
}

/// Where a finding applies. Only the fields that apply are set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// Entry name in the outer archive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// Digest of the blob concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blob: Option<String>,
    /// Index into `images[]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<u32>,
    /// Index of the layer within the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer: Option<u32>,
    /// A path inside a layer, or a JSON path inside a document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Index into the config's `history`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<u32>,
}

impl Location {
    /// A location naming an outer archive entry.
    pub fn entry(entry: impl Into<String>) -> Self {
        Location {
            entry: Some(entry.into()),
            ..Location::default()
        }
    }
    /// Adds the blob digest.
    pub fn with_blob(mut self, blob: impl Into<String>) -> Self {
        self.blob = Some(blob.into());
        self
    }
    /// Adds the image index.
    pub fn with_image(mut self, image: u32) -> Self {
        self.image = Some(image);
        self
    }
    /// Adds the layer index.
    pub fn with_layer(mut self, layer: u32) -> Self {
        self.layer = Some(layer);
        self
    }
    /// Adds the index of a `history` entry.
    pub fn with_history(mut self, history: u32) -> Self {
        self.history = Some(history);
        self
    }
    /// Adds a path (in a layer, or in a document).
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }
}

/// A defect or notable property of the image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable code; serialised as its `<check>.<name>` string.
    pub code: Code,
    /// How bad it is.
    pub severity: Severity,
    /// What was checked.
    pub check: Check,
    /// Where it applies.
    #[serde(rename = "where")]
    pub r#where: Location,
    /// One line, with the values involved.
    pub message: String,
    /// Plain words: what it means, what breaks with which tools, the fix.
    pub explanation: String,
    /// URL of the spec clause.
    pub spec: String,
    /// The value that was expected, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// The value that was found, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
    /// The remedy: a command or a Containerfile change that removes the
    /// finding, with this input's file name where it needs one
    /// (`engine::compat::fixes`); absent when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Finding {
    /// A finding of `code` at `location` with a one-line `message`.
    pub fn new(code: Code, location: Location, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: code.severity(),
            check: code.check(),
            r#where: location,
            message: message.into(),
            explanation: code.explanation().to_string(),
            spec: code.spec().to_string(),
            expected: None,
            found: None,
            fix: None,
        }
    }

    /// Adds expected and found values (ocidir-rs style).
    pub fn expected_found(mut self, expected: impl Into<String>, found: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self.found = Some(found.into());
        self
    }

    /// Appends a sentence specific to this occurrence to the explanation.
    pub fn explain_more(mut self, more: impl AsRef<str>) -> Self {
        self.explanation.push(' ');
        self.explanation.push_str(more.as_ref());
        self
    }
}
