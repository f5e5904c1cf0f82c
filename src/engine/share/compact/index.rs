//! The index tree of a link, stored flat: its nodes in preorder, each
//! [`NodeDef`] object with its depth `p` (left out for the root), so the JSON
//! stays shallow whatever the tree's depth. Both directions work without
//! recursion.

use super::{is_zero, CheckDef};
use crate::engine::model::descriptor::Platform;
use crate::engine::report::{BlobCheck, IndexNode, IndexNodeKind};
use crate::engine::share::INDEX_DEPTH;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One node of the index tree without its children (the nodes are
/// stored flat, in preorder).
#[derive(Serialize, Deserialize)]
#[serde(remote = "IndexNode")]
struct NodeDef {
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
    /// `ds`, `ss`: the digest and size checks.
    #[serde(flatten, with = "CheckDef")]
    check: BlobCheck,
    /// `i`: the image it became.
    #[serde(rename = "i", default, skip_serializing_if = "Option::is_none")]
    image: Option<u32>,
    /// Not stored here: the nodes follow in preorder.
    #[serde(skip)]
    children: Vec<IndexNode>,
}

/// `Option<IndexNode>` as its nodes in preorder.
pub(super) mod preorder {
    use super::{is_zero, IndexNode, NodeDef, INDEX_DEPTH};
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// One node, written.
    #[derive(Serialize)]
    struct Out<'a> {
        /// `p`: the depth, 0 for the root.
        #[serde(rename = "p", skip_serializing_if = "is_zero")]
        depth: u32,
        #[serde(flatten, serialize_with = "NodeDef::serialize")]
        node: &'a IndexNode,
    }

    /// One node, read.
    #[derive(Deserialize)]
    struct In {
        #[serde(rename = "p", default)]
        depth: u32,
        #[serde(flatten, deserialize_with = "NodeDef::deserialize")]
        node: IndexNode,
    }

    pub(in crate::engine::share) fn serialize<S: Serializer>(
        index: &Option<IndexNode>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let mut nodes = Vec::new();
        let mut stack: Vec<(&IndexNode, u32)> = index.iter().map(|root| (root, 0)).collect();
        while let Some((node, depth)) = stack.pop() {
            nodes.push(Out { depth, node });
            let below = depth.saturating_add(1);
            stack.extend(node.children.iter().rev().map(|c| (c, below)));
        }
        nodes.serialize(s)
    }

    pub(in crate::engine::share) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<IndexNode>, D::Error> {
        let nodes = Vec::<In>::deserialize(d)?;
        // the path from the root to the last node read
        let mut path: Vec<IndexNode> = Vec::new();
        let fold = |path: &mut Vec<IndexNode>| {
            if let Some(top) = path.pop() {
                if let Some(parent) = path.last_mut() {
                    parent.children.push(top);
                }
            }
        };
        for (n, In { depth, node }) in nodes.into_iter().enumerate() {
            let depth = usize::try_from(depth).unwrap_or(usize::MAX);
            if depth > INDEX_DEPTH {
                return Err(D::Error::custom(format!(
                    "index node {n} is nested too deep"
                )));
            }
            let in_place = if n == 0 {
                depth == 0
            } else {
                depth >= 1 && depth <= path.len()
            };
            if !in_place {
                return Err(D::Error::custom(format!("index node {n} is out of place")));
            }
            while path.len() > depth {
                fold(&mut path);
            }
            path.push(node);
        }
        while path.len() > 1 {
            fold(&mut path);
        }
        Ok(path.pop())
    }
}
