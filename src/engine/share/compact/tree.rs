//! The file trees of a link: each layer's entries and each image's merged
//! file system (only the entries a finding or the focus names).

use super::{Deserialize, Serialize};
use crate::engine::report::{Tree, TreeLayer, TreeMerged};
use crate::engine::tree::entry::{Change, ContentHash, Kind, LayerEntry};

vec_of!(tree_layers, TreeLayer, TreeLayerDef);
vec_of!(tree_merged, TreeMerged, TreeMergedDef);
vec_of!(entries, LayerEntry, EntryDef);

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
pub(super) mod option_tree {
    use super::{Tree, TreeDef};
    use serde::{Deserialize, Deserializer, Serializer};

    #[derive(Deserialize)]
    struct Present(#[serde(with = "TreeDef")] Tree);

    pub(in crate::engine::share) fn serialize<S: Serializer>(
        t: &Option<Tree>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => TreeDef::serialize(t, s),
            None => s.serialize_none(),
        }
    }

    pub(in crate::engine::share) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Tree>, D::Error> {
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
    /// Never in a link: the content hash says nothing the page shows.
    #[serde(skip)]
    hash: Option<ContentHash>,
}
