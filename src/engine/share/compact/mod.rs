//! The compact form of a link, generated from serde attributes: each `…Def`
//! is a `#[serde(remote = "…")]` mirror of a report type that gives every
//! field its short key (documented on the field), so no conversion is
//! written by hand. A field added to a report type and forgotten in its
//! mirror fails to compile (the derived deserializer builds the report type
//! with every field).
//!
//! Members are left out when empty (`None`, `[]`, `{}`, `false`, `0`); a
//! left-out member reads back as that empty value. Keys are unique per
//! object, not across objects. This file has the top level (the link, the
//! report, its input, references and documents); the children have the rest,
//! one part each: `image` (the image table), `tree` (the file trees), `index`
//! (the index tree, stored flat), `finding` (a finding without what the
//! catalogue knows) and `tuples` (the tool and a layer's changes as arrays).

use super::{Dropped, Focus, Shared};
use crate::engine::finding::Finding;
use crate::engine::report::{
    BlobCheck, Compatibility, Compression, Document, DocumentRole, Format, Image, IndexNode, Input,
    RefSource, ReferenceRecord, Report, Status, Summary, Tool, Tree, SCHEMA,
};
use finding::findings;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tuples::tool;

/// A `with` module for a `Vec` of a mirrored type: `vec_of!(module, Type, TypeDef)`.
macro_rules! vec_of {
    ($module:ident, $ty:ty, $def:ident) => {
        pub(super) mod $module {
            use super::*;
            use serde::{Deserializer, Serializer};

            struct Out<'a>(&'a $ty);

            impl Serialize for Out<'_> {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    $def::serialize(self.0, s)
                }
            }

            struct In($ty);

            impl<'de> Deserialize<'de> for In {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    $def::deserialize(d).map(In)
                }
            }

            pub(in crate::engine::share) fn serialize<S: Serializer>(
                v: &[$ty],
                s: S,
            ) -> Result<S::Ok, S::Error> {
                s.collect_seq(v.iter().map(Out))
            }

            pub(in crate::engine::share) fn deserialize<'de, D: Deserializer<'de>>(
                d: D,
            ) -> Result<Vec<$ty>, D::Error> {
                Ok(Vec::<In>::deserialize(d)?
                    .into_iter()
                    .map(|x| x.0)
                    .collect())
            }
        }
    };
}

mod efficiency;
mod finding;
mod image;
mod index;
mod tree;
mod tuples;

vec_of!(references, ReferenceRecord, ReferenceDef);
vec_of!(documents, Document, DocumentDef);

/// The two statuses of [`BlobCheck`], flattened into each node, manifest,
/// config and layer object.
#[derive(Serialize, Deserialize)]
#[serde(remote = "BlobCheck")]
pub(super) struct CheckDef {
    /// `ds`: the digest check.
    #[serde(rename = "ds", default, skip_serializing_if = "Option::is_none")]
    digest_status: Option<Status>,
    /// `ss`: the size check.
    #[serde(rename = "ss", default, skip_serializing_if = "Option::is_none")]
    size_status: Option<Status>,
}

pub(super) fn is_false(b: &bool) -> bool {
    !*b
}

pub(super) fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_schema(s: &str) -> bool {
    s == SCHEMA
}

fn schema() -> String {
    SCHEMA.to_string()
}

fn nothing_dropped(d: &Dropped) -> bool {
    *d == Dropped::default()
}

/// A link: the report, the focus and what was dropped, in one object.
#[derive(Serialize, Deserialize)]
#[serde(remote = "Shared")]
pub(super) struct SharedDef {
    /// The report's members, at the top level.
    #[serde(flatten, with = "ReportDef")]
    report: Report,
    /// `o`: the focus (`{"Finding":3}`, `{"Layer":{"image":0,"layer":1}}`, `{"Path":{…}}`).
    #[serde(rename = "o", default, skip_serializing_if = "Option::is_none")]
    focus: Option<Focus>,
    /// `dr`: what was dropped.
    #[serde(
        rename = "dr",
        default,
        skip_serializing_if = "nothing_dropped",
        with = "DroppedDef"
    )]
    dropped: Dropped,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Dropped")]
struct DroppedDef {
    /// `t`: tree entries.
    #[serde(rename = "t", default, skip_serializing_if = "is_false")]
    tree: bool,
    /// `h`: config history.
    #[serde(rename = "h", default, skip_serializing_if = "is_false")]
    history: bool,
    /// `a`: annotations, labels and environment.
    #[serde(rename = "a", default, skip_serializing_if = "is_false")]
    annotations: bool,
    /// `d`: document bodies.
    #[serde(rename = "d", default, skip_serializing_if = "is_false")]
    documents: bool,
    /// `m`: finding texts.
    #[serde(rename = "m", default, skip_serializing_if = "is_false")]
    messages_truncated: bool,
    /// `f`: how many findings.
    #[serde(rename = "f", default, skip_serializing_if = "is_zero")]
    findings: u32,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Report")]
struct ReportDef {
    /// `s`: the schema, left out when it is [`SCHEMA`].
    #[serde(rename = "s", default = "schema", skip_serializing_if = "is_schema")]
    schema: String,
    /// `t`: the tool, `[name, version]`.
    #[serde(rename = "t", with = "tool")]
    tool: Tool,
    /// `i`: the input.
    #[serde(rename = "i", with = "InputDef")]
    input: Input,
    /// `r`: the references.
    #[serde(
        rename = "r",
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "references"
    )]
    references: Vec<ReferenceRecord>,
    /// `x`: the index tree, in preorder with each node's depth.
    #[serde(
        rename = "x",
        default,
        skip_serializing_if = "Option::is_none",
        with = "index::preorder"
    )]
    index: Option<IndexNode>,
    /// `m`: the images.
    #[serde(
        rename = "m",
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "image::images"
    )]
    images: Vec<Image>,
    /// `d`: the documents.
    #[serde(
        rename = "d",
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "documents"
    )]
    documents: Vec<Document>,
    /// `tr`: the file trees.
    #[serde(
        rename = "tr",
        default,
        skip_serializing_if = "Option::is_none",
        with = "tree::option_tree"
    )]
    tree: Option<Tree>,
    /// `f`: the findings.
    #[serde(
        rename = "f",
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "findings"
    )]
    findings: Vec<Finding>,
    /// Not stored: counted again from the findings when decoded.
    #[serde(skip)]
    summary: Summary,
    /// Not stored: evaluated again from the findings when decoded
    /// (`engine::compat::apply`).
    #[serde(skip)]
    compatibility: Vec<Compatibility>,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Input")]
struct InputDef {
    /// `n`: the file name.
    #[serde(rename = "n")]
    name: String,
    /// `z`: its size.
    #[serde(rename = "z")]
    size: u64,
    /// `h`: its sha256.
    #[serde(rename = "h", default, skip_serializing_if = "Option::is_none")]
    sha256: Option<String>,
    /// `f`: the format.
    #[serde(rename = "f")]
    format: Format,
    /// `o`: the outer compression.
    #[serde(rename = "o")]
    outer_compression: Compression,
    /// `r`: a rootfs tarball's DiffID.
    #[serde(rename = "r", default, skip_serializing_if = "Option::is_none")]
    rootfs_diff_id: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "ReferenceRecord")]
struct ReferenceDef {
    /// `w`: as written.
    #[serde(rename = "w")]
    as_written: String,
    /// `n`: normalized.
    #[serde(rename = "n", default, skip_serializing_if = "Option::is_none")]
    normalized: Option<String>,
    /// `s`: where it was found.
    #[serde(rename = "s")]
    source: RefSource,
    /// `t`: the digest it labels.
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    target: Option<String>,
    /// `i`: the image it labels.
    #[serde(rename = "i", default, skip_serializing_if = "Option::is_none")]
    image: Option<u32>,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Document")]
struct DocumentDef {
    /// `e`: the archive entry.
    #[serde(rename = "e")]
    entry: String,
    /// `r`: the role.
    #[serde(rename = "r")]
    role: DocumentRole,
    /// `d`: the digest.
    #[serde(rename = "d")]
    digest: String,
    /// `c`: the body.
    #[serde(rename = "c", default, skip_serializing_if = "Value::is_null")]
    content: Value,
}
