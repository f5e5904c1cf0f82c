//! Shared pieces of the walk: paragraphs being written ([`Para`], [`Out`]),
//! what the walk is about ([`Ctx`]) and small wording helpers.

use super::Part;
use crate::engine::report::{DocumentRole, Format, Image, LayerInfo, Report, Status};
use crate::view_model::format::bytes;

/// A paragraph being written.
#[derive(Default)]
pub(super) struct Para(Vec<Part>);

impl Para {
    /// Words; a span between backticks becomes a [`Part::Value`].
    pub(super) fn t(mut self, s: impl Into<String>) -> Self {
        let s = s.into();
        for (n, piece) in s.split('`').enumerate() {
            if n % 2 == 1 {
                self.0.push(Part::Value(piece.to_string()));
            } else if !piece.is_empty() {
                if let Some(Part::Text(last)) = self.0.last_mut() {
                    last.push_str(piece);
                } else {
                    self.0.push(Part::Text(piece.to_string()));
                }
            }
        }
        self
    }
    pub(super) fn v(mut self, s: impl Into<String>) -> Self {
        self.0.push(Part::Value(s.into()));
        self
    }
    pub(super) fn d(mut self, s: impl Into<String>) -> Self {
        self.0.push(Part::Digest(s.into()));
        self
    }
    pub(super) fn m(mut self, s: Option<Status>) -> Self {
        self.0.push(Part::Mark(s));
        self
    }
    /// A digest that names a blob, or "(none)".
    pub(super) fn od(self, s: Option<&String>) -> Self {
        match s {
            Some(d) => self.d(d.clone()),
            None => self.t("(no digest)"),
        }
    }
    /// A status in words, then its mark.
    pub(super) fn st(self, s: Option<Status>) -> Self {
        self.t(status_words(s)).t(" ").m(s)
    }
}

pub(super) fn p() -> Para {
    Para::default()
}

/// Paragraphs and facts of one step.
#[derive(Default)]
pub(super) struct Out {
    pub(super) paragraphs: Vec<Vec<Part>>,
    pub(super) facts: Vec<(String, String)>,
}

impl Out {
    pub(super) fn push(&mut self, para: Para) {
        self.paragraphs.push(para.0);
    }
    pub(super) fn fact(&mut self, k: &str, v: impl ToString) {
        self.facts.push((k.to_string(), v.to_string()));
    }
}

pub(super) fn status_words(s: Option<Status>) -> &'static str {
    match s {
        Some(Status::Verified) => "verified here",
        Some(Status::Mismatch) => "does NOT match",
        Some(Status::Missing) => "missing from the archive",
        Some(Status::Unverifiable) => "could not be checked",
        None => "not checked yet",
    }
}

/// The worst of some statuses (`None` when none is known).
pub(super) fn worst(statuses: &[Option<Status>]) -> Option<Status> {
    let rank = |s: &Status| match s {
        Status::Verified => 0,
        Status::Unverifiable => 1,
        Status::Missing => 2,
        Status::Mismatch => 3,
    };
    statuses.iter().flatten().copied().max_by_key(rank)
}

/// `"266 bytes"`, `"9728 bytes (9.73 kB)"`.
pub(super) fn nbytes(n: u64) -> String {
    nbytes_of(n, "")
}

/// `"266 compressed bytes"`, `"4096 bytes (4.10 kB)"`: `adj` before "bytes".
pub(super) fn nbytes_of(n: u64, adj: &str) -> String {
    if n < 1000 {
        format!("{n} {adj}bytes")
    } else {
        format!("{n} {adj}bytes ({})", bytes(n))
    }
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Longest lists spelled out in a paragraph run.
pub(super) const LIST_MAX: usize = 12;

/// What the walk is about.
pub(super) struct Ctx<'a> {
    pub(super) r: &'a Report,
    pub(super) i: usize,
    pub(super) img: Option<&'a Image>,
    pub(super) layer: Option<&'a LayerInfo>,
}

impl Ctx<'_> {
    pub(super) fn docker_archive(&self) -> bool {
        self.r.input.format == Format::DockerArchive
    }
    pub(super) fn rootfs(&self) -> bool {
        self.r.input.format == Format::RootfsTar
    }
    /// Tree entries of layer `k` of this image, when the tree was kept.
    pub(super) fn tree_layer(&self, k: u32) -> Option<&[crate::engine::tree::entry::LayerEntry]> {
        self.r.tree.as_ref().and_then(|t| {
            t.layers
                .iter()
                .find(|l| l.image as usize == self.i && l.layer == k)
                .map(|l| l.entries.as_slice())
        })
    }
    /// `os/arch[/variant]` of the image.
    pub(super) fn platform(&self) -> Option<String> {
        self.img.and_then(image_platform)
    }
}

pub(super) fn has_doc(r: &Report, role: DocumentRole) -> bool {
    r.documents.iter().any(|d| d.role == role)
}

pub(super) use crate::view_model::format::platform as image_platform;
