//! The image's graph for the SVG diagram: index → manifests → config and
//! layers, coloured by verification state, and its layout.

use super::graph_build::{Build, Col, Proto};
use super::util::{has_doc, plural, worst};
use crate::engine::report::{DocumentRole, Format, RefSource, Report, Status};
use crate::view_model::format::short_digest;

/// Kind of a diagram node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// `index.json` or a nested index.
    Index,
    /// An image manifest.
    Manifest,
    /// An image config.
    Config,
    /// A layer.
    Layer,
    /// Anything else (`manifest.json`, "… N more", a rootfs tarball).
    Other,
}

/// Colour of a diagram node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeState {
    /// Everything checked matched.
    Verified,
    /// A hash or size differs.
    Mismatch,
    /// The blob is absent.
    Missing,
    /// Nothing declared, or could not be computed.
    Unverifiable,
    /// Not checked yet.
    Pending,
}

/// What clicking a node opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeTarget {
    /// A blob by digest.
    Blob(String),
    /// A layer of an image.
    Layer {
        /// Image index.
        image: u32,
        /// Layer index.
        layer: u32,
    },
    /// An image.
    Image(u32),
    /// Nothing.
    None,
}

/// A box of the diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Digest, or a synthetic id (`index.json`, `image-0`, `more`).
    pub id: String,
    /// First line.
    pub label: String,
    /// Second line.
    pub sublabel: String,
    /// What it is.
    pub kind: NodeKind,
    /// Its colour.
    pub state: NodeState,
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
    /// What clicking it opens.
    pub target: NodeTarget,
}

/// A line from `nodes[from]` to `nodes[to]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Parent.
    pub from: usize,
    /// Child.
    pub to: usize,
}

/// The diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    /// Boxes.
    pub nodes: Vec<Node>,
    /// Lines.
    pub edges: Vec<Edge>,
    /// Total width.
    pub width: f64,
    /// Total height.
    pub height: f64,
}

/// Most nodes drawn; the rest become one "… N more" node.
pub const MAX_NODES: usize = 200;
pub(super) const NODE_W: f64 = 190.0;
pub(super) const NODE_H: f64 = 40.0;
const COL_GAP: f64 = 50.0;
const ROW_GAP: f64 = 10.0;
const MARGIN: f64 = 8.0;

pub(super) fn node_state(statuses: &[Option<Status>], declared: bool) -> NodeState {
    match worst(statuses) {
        Some(Status::Verified) => NodeState::Verified,
        Some(Status::Mismatch) => NodeState::Mismatch,
        Some(Status::Missing) => NodeState::Missing,
        Some(Status::Unverifiable) => NodeState::Unverifiable,
        None if declared => NodeState::Pending,
        None => NodeState::Unverifiable,
    }
}

fn state_rank(s: NodeState) -> u8 {
    match s {
        NodeState::Verified => 0,
        NodeState::Pending => 1,
        NodeState::Unverifiable => 2,
        NodeState::Missing => 3,
        NodeState::Mismatch => 4,
    }
}

pub(super) fn blank() -> Node {
    Node {
        id: String::new(),
        label: String::new(),
        sublabel: String::new(),
        kind: NodeKind::Other,
        state: NodeState::Pending,
        x: 0.0,
        y: 0.0,
        w: NODE_W,
        h: NODE_H,
        target: NodeTarget::None,
    }
}

pub(super) fn short(d: Option<&str>) -> String {
    d.map_or_else(|| "no digest".to_string(), short_digest)
}

/// The graph for the SVG diagram: columns index(es) → manifests → config and
/// layers, each node coloured by the worst of its statuses. A docker-archive
/// gets a synthetic `manifest.json` root; a rootfs tarball one node. At most
/// [`MAX_NODES`] nodes, then one "… N more" node.
pub fn graph(report: &Report) -> Graph {
    let mut b = Build::default();
    if let Some(root) = &report.index {
        b.index(report, root, 0, None);
    }
    let docker_json =
        has_doc(report, DocumentRole::ManifestJson) || report.input.format == Format::DockerArchive;
    let unreached: Vec<u32> = (0..report.images.len())
        .filter(|i| !b.reached.contains(i))
        .filter_map(|i| u32::try_from(i).ok())
        .collect();
    if docker_json || !unreached.is_empty() {
        let root = docker_json.then(|| {
            b.add(
                Node {
                    id: "manifest.json".into(),
                    label: "manifest.json".into(),
                    sublabel: format!(
                        "Docker's list · {}",
                        plural(report.images.len(), "image", "images")
                    ),
                    kind: NodeKind::Other,
                    state: NodeState::Unverifiable,
                    ..blank()
                },
                Col::Index(0),
                None,
            )
            .0
        });
        for (i, im) in report.images.iter().enumerate() {
            let Ok(i) = u32::try_from(i) else { break };
            let tagged = report
                .references
                .iter()
                .any(|x| x.image == Some(i) && x.source == RefSource::RepoTags);
            if unreached.contains(&i) || (root.is_some() && tagged) {
                b.image(report, i, im, root);
            }
        }
    }
    if report.input.format == Format::RootfsTar {
        b.add(
            Node {
                id: "rootfs".into(),
                label: report.input.name.clone(),
                sublabel: format!(
                    "not an image · DiffID {}",
                    short(report.input.rootfs_diff_id.as_deref())
                ),
                state: NodeState::Unverifiable,
                ..blank()
            },
            Col::Manifest,
            None,
        );
    }
    layout(b)
}

/// Caps the nodes, then places them: leaves on successive rows in build
/// order, each parent centred on its children.
fn layout(b: Build) -> Graph {
    let Build {
        mut protos,
        mut edges,
        ..
    } = b;
    cap_nodes(&mut protos, &mut edges);
    let max_index = protos
        .iter()
        .filter_map(|p| match p.col {
            Col::Index(d) => Some(d),
            _ => None,
        })
        .max();
    let manifest_col = max_index.map_or(0, |d| d + 1);
    let col_of = |c: Col| match c {
        Col::Index(d) => d,
        Col::Manifest => manifest_col,
        Col::Blob => manifest_col + 1,
    };
    let (rows, next) = rows_of(&protos);
    let mut width: f64 = 0.0;
    let nodes: Vec<Node> = protos
        .into_iter()
        .zip(rows)
        .map(|(p, row)| {
            let col = col_of(p.col) as f64;
            let mut node = p.node;
            node.x = MARGIN + col * (NODE_W + COL_GAP);
            node.y = MARGIN + row * (NODE_H + ROW_GAP);
            width = width.max(node.x + node.w + MARGIN);
            node
        })
        .collect();
    let height = if nodes.is_empty() {
        0.0
    } else {
        2.0 * MARGIN + next * NODE_H + (next - 1.0).max(0.0) * ROW_GAP
    };
    Graph {
        nodes,
        edges,
        width,
        height,
    }
}

/// Past [`MAX_NODES`], the rest is folded into one "… N more" node that takes
/// the worst state among them.
fn cap_nodes(protos: &mut Vec<Proto>, edges: &mut Vec<Edge>) {
    if protos.len() <= MAX_NODES {
        return;
    }
    let dropped = protos.split_off(MAX_NODES);
    let state = dropped
        .iter()
        .map(|p| p.node.state)
        .max_by_key(|s| state_rank(*s))
        .unwrap_or(NodeState::Pending);
    let col = dropped.first().map_or(Col::Blob, |p| p.col);
    edges.retain(|e| e.from < MAX_NODES && e.to < MAX_NODES);
    protos.push(Proto {
        node: Node {
            id: "more".into(),
            label: format!("… {} more", dropped.len()),
            sublabel: "not drawn".into(),
            state,
            ..blank()
        },
        col,
        parent: None,
    });
}

/// The row of every node (leaves one after another, each parent centred on
/// its children) and the number of leaf rows.
fn rows_of(protos: &[Proto]) -> (Vec<f64>, f64) {
    let mut has_child = vec![false; protos.len()];
    for p in protos {
        if let Some(slot) = p.parent.and_then(|q| has_child.get_mut(q)) {
            *slot = true;
        }
    }
    let mut rows = vec![0.0f64; protos.len()];
    let mut next = 0.0f64;
    for (row, leaf) in rows.iter_mut().zip(&has_child) {
        if !leaf {
            *row = next;
            next += 1.0;
        }
    }
    // children come after their parent: walk backwards to centre parents
    let mut span: Vec<Option<(f64, f64)>> = vec![None; protos.len()];
    for n in (0..protos.len()).rev() {
        if let (Some(&true), Some(Some((lo, hi)))) = (has_child.get(n), span.get(n)) {
            let mid = (lo + hi) / 2.0;
            if let Some(r) = rows.get_mut(n) {
                *r = mid;
            }
        }
        let row = rows.get(n).copied().unwrap_or(0.0);
        if let Some(parent) = protos.get(n).and_then(|p| p.parent) {
            if let Some(s) = span.get_mut(parent) {
                *s = Some(s.map_or((row, row), |(lo, hi)| (lo.min(row), hi.max(row))));
            }
        }
    }
    (rows, next)
}
