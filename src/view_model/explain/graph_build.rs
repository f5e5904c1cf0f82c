//! Building the diagram's nodes and edges from a report, before layout.

use super::graph::{blank, node_state, short, Edge, Node, NodeKind, NodeTarget};
use super::util::{image_platform, plural};
use crate::engine::report::{Image, IndexNode, IndexNodeKind, Report};
use crate::view_model::format::{bytes, short_digest};
use std::collections::{HashMap, HashSet};

/// Which column a node goes in.
#[derive(Clone, Copy)]
pub(super) enum Col {
    Index(usize),
    Manifest,
    Blob,
}

pub(super) struct Proto {
    pub(super) node: Node,
    pub(super) col: Col,
    pub(super) parent: Option<usize>,
}

#[derive(Default)]
pub(super) struct Build {
    pub(super) protos: Vec<Proto>,
    pub(super) edges: Vec<Edge>,
    ids: HashMap<String, usize>,
    pub(super) reached: HashSet<usize>,
}

impl Build {
    /// Adds a node (or finds it by id) and the edge from `parent`.
    pub(super) fn add(&mut self, node: Node, col: Col, parent: Option<usize>) -> (usize, bool) {
        if let Some(&n) = self.ids.get(&node.id) {
            if let Some(from) = parent {
                self.edges.push(Edge { from, to: n });
            }
            return (n, false);
        }
        let n = self.protos.len();
        self.ids.insert(node.id.clone(), n);
        if let Some(from) = parent {
            self.edges.push(Edge { from, to: n });
        }
        self.protos.push(Proto { node, col, parent });
        (n, true)
    }

    pub(super) fn index(
        &mut self,
        r: &Report,
        node: &IndexNode,
        depth: usize,
        parent: Option<usize>,
    ) {
        if depth > 32 {
            return;
        }
        let id = node
            .digest
            .clone()
            .or_else(|| node.entry.clone())
            .unwrap_or_else(|| format!("index-{}", self.protos.len()));
        let is_root = parent.is_none();
        let (label, sublabel) = if is_root {
            (
                node.entry.clone().unwrap_or_else(|| "index.json".into()),
                format!(
                    "entry point · {}",
                    plural(node.children.len(), "descriptor", "descriptors")
                ),
            )
        } else {
            (
                node.annotations
                    .get("org.opencontainers.image.ref.name")
                    .cloned()
                    .unwrap_or_else(|| "index".into()),
                format!(
                    "{} · {}",
                    short(node.digest.as_deref()),
                    plural(node.children.len(), "manifest", "manifests")
                ),
            )
        };
        let (n, new) = self.add(
            Node {
                id,
                label,
                sublabel,
                kind: NodeKind::Index,
                state: node_state(
                    &[node.check.digest_status, node.check.size_status],
                    node.digest.is_some(),
                ),
                target: node
                    .digest
                    .clone()
                    .map_or(NodeTarget::None, NodeTarget::Blob),
                ..blank()
            },
            Col::Index(depth),
            parent,
        );
        if !new {
            return;
        }
        for child in &node.children {
            if child.kind == IndexNodeKind::Index {
                self.index(r, child, depth + 1, Some(n));
            } else {
                self.descriptor(r, child, n);
            }
        }
    }

    /// A manifest (or other) descriptor of an index.
    fn descriptor(&mut self, r: &Report, d: &IndexNode, parent: usize) {
        let img = d
            .image
            .and_then(|i| r.images.get(i as usize).map(|im| (i, im)));
        let label = d
            .platform
            .as_ref()
            .map(|p| p.display())
            .or_else(|| img.and_then(|(_, im)| image_platform(im)))
            .unwrap_or_else(|| d.kind.as_str().to_string());
        let kind = match d.kind {
            IndexNodeKind::Manifest | IndexNodeKind::Attestation | IndexNodeKind::Schema1 => {
                NodeKind::Manifest
            }
            IndexNodeKind::Index | IndexNodeKind::Other => NodeKind::Other,
        };
        let id = d
            .digest
            .clone()
            .unwrap_or_else(|| format!("descriptor-{}", self.protos.len()));
        let target = match (img, &d.digest) {
            (Some((i, _)), _) => NodeTarget::Image(i),
            (None, Some(dg)) => NodeTarget::Blob(dg.clone()),
            (None, None) => NodeTarget::None,
        };
        let (n, new) = self.add(
            Node {
                id,
                label,
                sublabel: short(d.digest.as_deref()),
                kind,
                state: node_state(
                    &[d.check.digest_status, d.check.size_status],
                    d.digest.is_some(),
                ),
                target,
                ..blank()
            },
            Col::Manifest,
            Some(parent),
        );
        if let (true, Some((i, im))) = (new, img) {
            self.reached.insert(i as usize);
            self.blobs(i, im, n);
        }
    }

    /// An image without an index node.
    pub(super) fn image(&mut self, r: &Report, i: u32, im: &Image, parent: Option<usize>) {
        let name = r
            .references
            .iter()
            .find(|x| x.image == Some(i))
            .map(|x| x.as_written.clone());
        let id = im
            .manifest
            .digest
            .clone()
            .unwrap_or_else(|| format!("image-{i}"));
        let m = &im.manifest;
        let (n, new) = self.add(
            Node {
                id,
                label: image_platform(im).unwrap_or_else(|| format!("image {i}")),
                sublabel: m
                    .digest
                    .as_deref()
                    .map(short_digest)
                    .or(name)
                    .unwrap_or_else(|| format!("image {i}")),
                kind: NodeKind::Manifest,
                state: node_state(
                    &[m.check.digest_status, m.check.size_status],
                    m.digest.is_some(),
                ),
                target: NodeTarget::Image(i),
                ..blank()
            },
            Col::Manifest,
            parent,
        );
        if new {
            self.blobs(i, im, n);
        }
    }

    /// The config and layers of image `i` under node `parent`.
    fn blobs(&mut self, i: u32, im: &Image, parent: usize) {
        let cf = &im.config;
        self.add(
            Node {
                id: cf
                    .digest
                    .clone()
                    .unwrap_or_else(|| format!("image-{i}-config")),
                label: "config".into(),
                sublabel: short(cf.digest.as_deref()),
                kind: NodeKind::Config,
                state: node_state(
                    &[cf.check.digest_status, cf.check.size_status],
                    cf.digest.is_some(),
                ),
                target: cf.digest.clone().map_or(NodeTarget::None, NodeTarget::Blob),
                ..blank()
            },
            Col::Blob,
            Some(parent),
        );
        for l in &im.layers {
            let size = l
                .size
                .map(|s| format!(" · {}", bytes(s)))
                .unwrap_or_default();
            self.add(
                Node {
                    id: l
                        .digest
                        .clone()
                        .unwrap_or_else(|| format!("image-{i}-layer-{}", l.index)),
                    label: format!("layer {}", l.index),
                    sublabel: format!("{}{size}", short(l.digest.as_deref())),
                    kind: NodeKind::Layer,
                    state: node_state(
                        &[l.check.digest_status, l.check.size_status, l.diff_id.status],
                        l.digest.is_some() || l.diff_id.declared.is_some(),
                    ),
                    target: NodeTarget::Layer {
                        image: i,
                        layer: l.index,
                    },
                    ..blank()
                },
                Col::Blob,
                Some(parent),
            );
        }
    }
}
