//! The compact form of a link, generated from serde attributes: each `…Def`
//! below is a `#[serde(remote = "…")]` mirror of a report type that gives
//! every field its short key, so no conversion is written by hand. A field
//! added to a report type and forgotten here fails to compile (the derived
//! deserializer builds the report type with every field).
//!
//! Members are left out when empty (`None`, `[]`, `{}`, `false`, `0`); a
//! left-out member reads back as that empty value. Keys are unique per
//! object, not across objects. Three parts are more than a renaming and
//! live in their own files: the index tree, stored flat (`preorder`), a
//! finding, which leaves out what the catalogue knows (`finding`), and the
//! tool and a layer's changes, stored as arrays (`tuples`).

use super::finding::findings;
use super::preorder;
use super::tuples::{changes, tool};
use super::{Dropped, Focus, Shared};
use crate::engine::finding::{Finding, Location};
use crate::engine::model::config::History;
use crate::engine::model::descriptor::Platform;
use crate::engine::report::{
    Compression, ConfigInfo, Content, DiffIdInfo, Document, Format, Image, ImageKind, ImageSource,
    IndexNode, IndexNodeKind, Input, LayerInfo, ManifestInfo, RefSource, ReferenceRecord, Report,
    Status, Summary, Tool, Tree, TreeLayer, TreeMerged, SCHEMA,
};
use crate::engine::tree::entry::{Change, Kind, LayerEntry};
use crate::engine::tree::merge::Changes;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

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

vec_of!(references, ReferenceRecord, ReferenceDef);
vec_of!(images, Image, ImageDef);
vec_of!(layers, LayerInfo, LayerDef);
vec_of!(history, History, HistoryDef);
vec_of!(documents, Document, DocumentDef);
vec_of!(tree_layers, TreeLayer, TreeLayerDef);
vec_of!(tree_merged, TreeMerged, TreeMergedDef);
vec_of!(entries, LayerEntry, EntryDef);

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u32) -> bool {
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
        with = "preorder"
    )]
    index: Option<IndexNode>,
    /// `m`: the images.
    #[serde(
        rename = "m",
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "images"
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
        with = "option_tree"
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

/// One node of the index tree without its children (`preorder` stores the
/// tree flat).
#[derive(Serialize, Deserialize)]
#[serde(remote = "IndexNode")]
pub(super) struct NodeDef {
    /// `k`: the kind.
    #[serde(rename = "k")]
    kind: IndexNodeKind,
    /// `t`: the media type.
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    media_type: Option<String>,
    /// `d`: the digest.
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    digest: Option<String>,
    /// `z`: the size.
    #[serde(rename = "z", default, skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
    /// `pl`: the platform.
    #[serde(rename = "pl", default, skip_serializing_if = "Option::is_none")]
    platform: Option<Platform>,
    /// `a`: the annotations.
    #[serde(rename = "a", default, skip_serializing_if = "BTreeMap::is_empty")]
    annotations: BTreeMap<String, String>,
    /// `at`: the artifact type.
    #[serde(rename = "at", default, skip_serializing_if = "Option::is_none")]
    artifact_type: Option<String>,
    /// `e`: the archive entry.
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    entry: Option<String>,
    /// `ds`: the digest check.
    #[serde(rename = "ds", default, skip_serializing_if = "Option::is_none")]
    digest_status: Option<Status>,
    /// `ss`: the size check.
    #[serde(rename = "ss", default, skip_serializing_if = "Option::is_none")]
    size_status: Option<Status>,
    /// `i`: the image it became.
    #[serde(rename = "i", default, skip_serializing_if = "Option::is_none")]
    image: Option<u32>,
    /// Not stored here: the nodes follow in preorder.
    #[serde(skip)]
    children: Vec<IndexNode>,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Image")]
struct ImageDef {
    /// `k`: the kind.
    #[serde(rename = "k")]
    kind: ImageKind,
    /// `s`: the description it comes from.
    #[serde(rename = "s")]
    source: ImageSource,
    /// `m`: the manifest.
    #[serde(rename = "m", with = "ManifestDef")]
    manifest: ManifestInfo,
    /// `c`: the config.
    #[serde(rename = "c", with = "ConfigDef")]
    config: ConfigInfo,
    /// `l`: the layers.
    #[serde(
        rename = "l",
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "layers"
    )]
    layers: Vec<LayerInfo>,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "ManifestInfo")]
struct ManifestDef {
    /// `d`: the digest.
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    digest: Option<String>,
    /// `t`: the descriptor's media type.
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    media_type: Option<String>,
    /// `dt`: the document's `mediaType`.
    #[serde(rename = "dt", default, skip_serializing_if = "Option::is_none")]
    document_media_type: Option<String>,
    /// `z`: the size.
    #[serde(rename = "z", default, skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
    /// `pl`: the platform.
    #[serde(rename = "pl", default, skip_serializing_if = "Option::is_none")]
    platform: Option<Platform>,
    /// `a`: the annotations.
    #[serde(rename = "a", default, skip_serializing_if = "BTreeMap::is_empty")]
    annotations: BTreeMap<String, String>,
    /// `at`: the artifact type.
    #[serde(rename = "at", default, skip_serializing_if = "Option::is_none")]
    artifact_type: Option<String>,
    /// `sj`: the subject's digest.
    #[serde(rename = "sj", default, skip_serializing_if = "Option::is_none")]
    subject: Option<String>,
    /// `e`: the archive entry.
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    entry: Option<String>,
    /// `ds`: the digest check.
    #[serde(rename = "ds", default, skip_serializing_if = "Option::is_none")]
    digest_status: Option<Status>,
    /// `ss`: the size check.
    #[serde(rename = "ss", default, skip_serializing_if = "Option::is_none")]
    size_status: Option<Status>,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "ConfigInfo")]
struct ConfigDef {
    /// `d`: the digest.
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    digest: Option<String>,
    /// `t`: the media type.
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    media_type: Option<String>,
    /// `e`: the archive entry.
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    entry: Option<String>,
    /// `os`
    #[serde(rename = "os", default, skip_serializing_if = "Option::is_none")]
    os: Option<String>,
    /// `ar`: the architecture.
    #[serde(rename = "ar", default, skip_serializing_if = "Option::is_none")]
    architecture: Option<String>,
    /// `v`: the variant.
    #[serde(rename = "v", default, skip_serializing_if = "Option::is_none")]
    variant: Option<String>,
    /// `cr`: created.
    #[serde(rename = "cr", default, skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    /// `di`: the DiffIDs.
    #[serde(rename = "di", default, skip_serializing_if = "Vec::is_empty")]
    diff_ids: Vec<String>,
    /// `h`: the history.
    #[serde(
        rename = "h",
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "history"
    )]
    history: Vec<History>,
    /// `en`: `Env`.
    #[serde(rename = "en", default, skip_serializing_if = "Vec::is_empty")]
    env: Vec<String>,
    /// `lb`: `Labels`.
    #[serde(rename = "lb", default, skip_serializing_if = "BTreeMap::is_empty")]
    labels: BTreeMap<String, String>,
    /// `ds`: the digest check.
    #[serde(rename = "ds", default, skip_serializing_if = "Option::is_none")]
    digest_status: Option<Status>,
    /// `ss`: the size check.
    #[serde(rename = "ss", default, skip_serializing_if = "Option::is_none")]
    size_status: Option<Status>,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "History")]
struct HistoryDef {
    /// `c`: created.
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    /// `b`: created by.
    #[serde(rename = "b", default, skip_serializing_if = "Option::is_none")]
    created_by: Option<String>,
    /// `m`: the comment.
    #[serde(rename = "m", default, skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
    /// `e`: an empty layer.
    #[serde(rename = "e", default, skip_serializing_if = "is_false")]
    empty_layer: bool,
    /// `l`: the layer it created.
    #[serde(rename = "l", default, skip_serializing_if = "Option::is_none")]
    layer: Option<u32>,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "LayerInfo")]
struct LayerDef {
    /// `n`: the position in the manifest.
    #[serde(rename = "n")]
    index: u32,
    /// `t`: the media type.
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    media_type: Option<String>,
    /// `d`: the digest.
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    digest: Option<String>,
    /// `z`: the size.
    #[serde(rename = "z", default, skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
    /// `e`: the archive entry.
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    entry: Option<String>,
    /// `c`: the sniffed compression.
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    compression: Option<Content>,
    /// `u`: the decoded size.
    #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
    uncompressed_size: Option<u64>,
    /// `ds`: the digest check.
    #[serde(rename = "ds", default, skip_serializing_if = "Option::is_none")]
    digest_status: Option<Status>,
    /// `ss`: the size check.
    #[serde(rename = "ss", default, skip_serializing_if = "Option::is_none")]
    size_status: Option<Status>,
    /// The DiffID's members, in the layer's object.
    #[serde(flatten, with = "DiffIdDef")]
    diff_id: DiffIdInfo,
    /// `ch`: the changes, `[added, modified, removed]`.
    #[serde(
        rename = "ch",
        default,
        skip_serializing_if = "Option::is_none",
        with = "changes"
    )]
    changes: Option<Changes>,
    /// `fl`: the entries listed.
    #[serde(rename = "fl", default, skip_serializing_if = "Option::is_none")]
    files: Option<u64>,
    /// `ur`: the URLs.
    #[serde(rename = "ur", default, skip_serializing_if = "Vec::is_empty")]
    urls: Vec<String>,
    /// `a`: the annotations.
    #[serde(rename = "a", default, skip_serializing_if = "BTreeMap::is_empty")]
    annotations: BTreeMap<String, String>,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "DiffIdInfo")]
struct DiffIdDef {
    /// `dd`: the declared DiffID.
    #[serde(rename = "dd", default, skip_serializing_if = "Option::is_none")]
    declared: Option<String>,
    /// `dc`: the computed DiffID.
    #[serde(rename = "dc", default, skip_serializing_if = "Option::is_none")]
    computed: Option<String>,
    /// `dst`: their comparison.
    #[serde(rename = "dst", default, skip_serializing_if = "Option::is_none")]
    status: Option<Status>,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Document")]
struct DocumentDef {
    /// `e`: the archive entry.
    #[serde(rename = "e")]
    entry: String,
    /// `r`: the role.
    #[serde(rename = "r")]
    role: String,
    /// `d`: the digest.
    #[serde(rename = "d")]
    digest: String,
    /// `c`: the body.
    #[serde(rename = "c", default, skip_serializing_if = "Value::is_null")]
    content: Value,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Tree")]
struct TreeDef {
    /// `l`: each layer's entries.
    #[serde(
        rename = "l",
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "tree_layers"
    )]
    layers: Vec<TreeLayer>,
    /// `m`: each image's merged file system.
    #[serde(
        rename = "m",
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "tree_merged"
    )]
    merged: Vec<TreeMerged>,
}

/// `Option<Tree>` through [`TreeDef`].
mod option_tree {
    use super::{Tree, TreeDef};
    use serde::{Deserialize, Deserializer, Serializer};

    #[derive(Deserialize)]
    struct Present(#[serde(with = "TreeDef")] Tree);

    pub(super) fn serialize<S: Serializer>(t: &Option<Tree>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => TreeDef::serialize(t, s),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Tree>, D::Error> {
        Ok(Option::<Present>::deserialize(d)?.map(|t| t.0))
    }
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "TreeLayer")]
struct TreeLayerDef {
    /// `i`: the image.
    #[serde(rename = "i")]
    image: u32,
    /// `l`: the layer.
    #[serde(rename = "l")]
    layer: u32,
    /// `e`: the entries.
    #[serde(rename = "e", with = "entries")]
    entries: Vec<LayerEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "TreeMerged")]
struct TreeMergedDef {
    /// `i`: the image.
    #[serde(rename = "i")]
    image: u32,
    /// `e`: the entries.
    #[serde(rename = "e", with = "entries")]
    entries: Vec<LayerEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "LayerEntry")]
struct EntryDef {
    /// `p`: the path.
    #[serde(rename = "p")]
    path: String,
    /// `k`: the kind.
    #[serde(rename = "k")]
    kind: Kind,
    /// `m`: the mode.
    #[serde(rename = "m")]
    mode: u32,
    /// `u`: the uid.
    #[serde(rename = "u")]
    uid: u64,
    /// `g`: the gid.
    #[serde(rename = "g")]
    gid: u64,
    /// `z`: the size.
    #[serde(rename = "z")]
    size: u64,
    /// `t`: the mtime.
    #[serde(rename = "t")]
    mtime: i64,
    /// `l`: the link target.
    #[serde(rename = "l", default, skip_serializing_if = "Option::is_none")]
    link: Option<String>,
    /// `c`: the change.
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    change: Option<Change>,
    /// `y`: the layer it comes from (merged trees).
    #[serde(rename = "y", default, skip_serializing_if = "Option::is_none")]
    layer: Option<u32>,
}

/// Where a finding applies.
#[derive(Serialize, Deserialize)]
#[serde(remote = "Location")]
pub(super) struct LocationDef {
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
}
