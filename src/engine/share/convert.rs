//! A report to its compact form ([`to_compact`]) and back
//! ([`from_compact`]), the index tree flattened to preorder with depths.

use super::compact::{
    CConfig, CDoc, CDropped, CEntry, CFinding, CHistory, CImage, CInput, CLayer, CManifest, CNode,
    CRef, CTree, CTreeLayer, CTreeMerged, CWhere, Compact,
};
use super::{Dropped, Focus, LinkError, Shared, INDEX_DEPTH};
use crate::engine::finding::{Finding, Location};
use crate::engine::model::config::History;
use crate::engine::report::{
    ConfigInfo, DiffIdInfo, Document, Image, IndexNode, Input, LayerInfo, ManifestInfo,
    ReferenceRecord, Report, Summary, Tool, Tree, TreeLayer, TreeMerged, SCHEMA,
};
use crate::engine::tree::entry::LayerEntry;
use crate::engine::tree::merge::Changes;

fn c_entry(e: &LayerEntry) -> CEntry {
    CEntry {
        p: e.path.clone(),
        k: e.kind,
        m: e.mode,
        u: e.uid,
        g: e.gid,
        z: e.size,
        t: e.mtime,
        l: e.link.clone(),
        c: e.change,
        y: e.layer,
    }
}

fn entry(c: CEntry) -> LayerEntry {
    LayerEntry {
        path: c.p,
        kind: c.k,
        mode: c.m,
        uid: c.u,
        gid: c.g,
        size: c.z,
        mtime: c.t,
        link: c.l,
        change: c.c,
        layer: c.y,
    }
}

fn c_node(n: &IndexNode, depth: u32) -> CNode {
    CNode {
        p: depth,
        k: n.kind,
        t: n.media_type.clone(),
        d: n.digest.clone(),
        z: n.size,
        pl: n.platform.clone(),
        a: n.annotations.clone(),
        at: n.artifact_type.clone(),
        e: n.entry.clone(),
        ds: n.digest_status,
        ss: n.size_status,
        i: n.image,
    }
}

fn c_finding(f: &Finding) -> CFinding {
    let code = f.code;
    let base = code.explanation();
    let (e, ea) = if f.explanation == base {
        (None, None)
    } else {
        match f
            .explanation
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix(' '))
        {
            Some(more) => (None, Some(more.to_string())),
            _ => (Some(f.explanation.clone()), None),
        }
    };
    let spec = code.spec();
    let w = &f.r#where;
    CFinding {
        c: code,
        w: CWhere {
            e: w.entry.clone(),
            b: w.blob.clone(),
            i: w.image,
            l: w.layer,
            p: w.path.clone(),
        },
        m: f.message.clone(),
        x: f.expected.clone(),
        y: f.found.clone(),
        s: (code.severity() != f.severity).then_some(f.severity),
        k: (code.check() != f.check).then_some(f.check),
        e,
        ea,
        p: (f.spec != spec).then(|| f.spec.clone()),
    }
}

fn finding(c: CFinding) -> Finding {
    let code = c.c;
    let severity = c.s.unwrap_or(code.severity());
    let check = c.k.unwrap_or(code.check());
    let base = code.explanation();
    let explanation = match (c.e, c.ea) {
        (Some(e), _) => e,
        (None, Some(more)) => format!("{base} {more}"),
        (None, None) => base.to_string(),
    };
    Finding {
        code,
        severity,
        check,
        r#where: Location {
            entry: c.w.e,
            blob: c.w.b,
            image: c.w.i,
            layer: c.w.l,
            path: c.w.p,
        },
        message: c.m,
        explanation,
        spec: c.p.unwrap_or_else(|| code.spec()),
        expected: c.x,
        found: c.y,
    }
}

fn c_image(i: &Image) -> CImage {
    let (m, c) = (&i.manifest, &i.config);
    CImage {
        k: i.kind,
        s: i.source,
        m: CManifest {
            d: m.digest.clone(),
            t: m.media_type.clone(),
            dt: m.document_media_type.clone(),
            z: m.size,
            pl: m.platform.clone(),
            a: m.annotations.clone(),
            at: m.artifact_type.clone(),
            sj: m.subject.clone(),
            e: m.entry.clone(),
            ds: m.digest_status,
            ss: m.size_status,
        },
        c: CConfig {
            d: c.digest.clone(),
            t: c.media_type.clone(),
            e: c.entry.clone(),
            os: c.os.clone(),
            ar: c.architecture.clone(),
            v: c.variant.clone(),
            cr: c.created.clone(),
            di: c.diff_ids.clone(),
            h: c.history
                .iter()
                .map(|h| CHistory {
                    c: h.created.clone(),
                    b: h.created_by.clone(),
                    m: h.comment.clone(),
                    e: h.empty_layer,
                    l: h.layer,
                })
                .collect(),
            en: c.env.clone(),
            lb: c.labels.clone(),
            ds: c.digest_status,
            ss: c.size_status,
        },
        l: i.layers
            .iter()
            .map(|l| CLayer {
                n: l.index,
                t: l.media_type.clone(),
                d: l.digest.clone(),
                z: l.size,
                e: l.entry.clone(),
                c: l.compression,
                u: l.uncompressed_size,
                ds: l.digest_status,
                ss: l.size_status,
                dd: l.diff_id.declared.clone(),
                dc: l.diff_id.computed.clone(),
                dst: l.diff_id.status,
                ch: l.changes.map(|c| (c.added, c.modified, c.removed)),
                fl: l.files,
                ur: l.urls.clone(),
                a: l.annotations.clone(),
            })
            .collect(),
    }
}

fn image(c: CImage) -> Image {
    let (m, g) = (c.m, c.c);
    Image {
        kind: c.k,
        source: c.s,
        manifest: ManifestInfo {
            digest: m.d,
            media_type: m.t,
            document_media_type: m.dt,
            size: m.z,
            platform: m.pl,
            annotations: m.a,
            artifact_type: m.at,
            subject: m.sj,
            entry: m.e,
            digest_status: m.ds,
            size_status: m.ss,
        },
        config: ConfigInfo {
            digest: g.d,
            media_type: g.t,
            entry: g.e,
            os: g.os,
            architecture: g.ar,
            variant: g.v,
            created: g.cr,
            diff_ids: g.di,
            history: g
                .h
                .into_iter()
                .map(|h| History {
                    created: h.c,
                    created_by: h.b,
                    comment: h.m,
                    empty_layer: h.e,
                    layer: h.l,
                })
                .collect(),
            env: g.en,
            labels: g.lb,
            digest_status: g.ds,
            size_status: g.ss,
        },
        layers: c
            .l
            .into_iter()
            .map(|l| LayerInfo {
                index: l.n,
                media_type: l.t,
                digest: l.d,
                size: l.z,
                entry: l.e,
                compression: l.c,
                uncompressed_size: l.u,
                digest_status: l.ds,
                size_status: l.ss,
                diff_id: DiffIdInfo {
                    declared: l.dd,
                    computed: l.dc,
                    status: l.dst,
                },
                changes: l.ch.map(|(added, modified, removed)| Changes {
                    added,
                    modified,
                    removed,
                }),
                files: l.fl,
                urls: l.ur,
                annotations: l.a,
            })
            .collect(),
    }
}

pub(super) fn to_compact(r: &Report, focus: Option<&Focus>, dropped: &Dropped) -> Compact {
    let mut x = Vec::new();
    if let Some(root) = &r.index {
        // preorder with an explicit stack
        let mut stack = vec![(root, 0u32)];
        while let Some((n, depth)) = stack.pop() {
            x.push(c_node(n, depth));
            stack.extend(
                n.children
                    .iter()
                    .rev()
                    .map(|c| (c, depth.saturating_add(1))),
            );
        }
    }
    let i = &r.input;
    Compact {
        s: (r.schema != SCHEMA).then(|| r.schema.clone()),
        t: (r.tool.name.clone(), r.tool.version.clone()),
        i: CInput {
            n: i.name.clone(),
            z: i.size,
            h: i.sha256.clone(),
            f: i.format,
            o: i.outer_compression,
            r: i.rootfs_diff_id.clone(),
        },
        r: r.references
            .iter()
            .map(|x| CRef {
                w: x.as_written.clone(),
                n: x.normalized.clone(),
                s: x.source,
                t: x.target.clone(),
                i: x.image,
            })
            .collect(),
        x,
        m: r.images.iter().map(c_image).collect(),
        d: r.documents
            .iter()
            .map(|d| CDoc {
                e: d.entry.clone(),
                r: d.role.clone(),
                d: d.digest.clone(),
                c: d.content.clone(),
            })
            .collect(),
        tr: r.tree.as_ref().map(|t| CTree {
            l: t.layers
                .iter()
                .map(|l| CTreeLayer {
                    i: l.image,
                    l: l.layer,
                    e: l.entries.iter().map(c_entry).collect(),
                })
                .collect(),
            m: t.merged
                .iter()
                .map(|m| CTreeMerged {
                    i: m.image,
                    e: m.entries.iter().map(c_entry).collect(),
                })
                .collect(),
        }),
        f: r.findings.iter().map(c_finding).collect(),
        o: focus.cloned(),
        dr: CDropped {
            t: dropped.tree,
            h: dropped.history,
            a: dropped.annotations,
            d: dropped.documents,
            m: dropped.messages_truncated,
            f: dropped.findings,
        },
    }
}

/// Rebuilds the index tree from its preorder list, without recursion.
fn index_tree(nodes: Vec<CNode>) -> Result<Option<IndexNode>, LinkError> {
    let bad = |m: String| LinkError::WrongSchema(m);
    let mut stack: Vec<IndexNode> = Vec::new();
    let fold = |stack: &mut Vec<IndexNode>| {
        if let Some(top) = stack.pop() {
            if let Some(parent) = stack.last_mut() {
                parent.children.push(top);
            }
        }
    };
    for (n, c) in nodes.into_iter().enumerate() {
        let depth = usize::try_from(c.p).unwrap_or(usize::MAX);
        if depth > INDEX_DEPTH {
            return Err(bad(format!("index node {n} is nested too deep")));
        }
        let ok = if n == 0 {
            depth == 0
        } else {
            depth >= 1 && depth <= stack.len()
        };
        if !ok {
            return Err(bad(format!("index node {n} is out of place")));
        }
        while stack.len() > depth {
            fold(&mut stack);
        }
        stack.push(IndexNode {
            kind: c.k,
            media_type: c.t,
            digest: c.d,
            size: c.z,
            platform: c.pl,
            annotations: c.a,
            artifact_type: c.at,
            entry: c.e,
            digest_status: c.ds,
            size_status: c.ss,
            image: c.i,
            children: Vec::new(),
        });
    }
    while stack.len() > 1 {
        fold(&mut stack);
    }
    Ok(stack.pop())
}

pub(super) fn from_compact(c: Compact) -> Result<Shared, LinkError> {
    let findings: Vec<Finding> = c.f.into_iter().map(finding).collect();
    if let Some(Focus::Finding(k)) = &c.o {
        if usize::try_from(*k).map_or(true, |k| k >= findings.len()) {
            return Err(LinkError::WrongSchema(format!(
                "the focus names finding {k} of {}",
                findings.len()
            )));
        }
    }
    let report = Report {
        schema: c.s.unwrap_or_else(|| SCHEMA.to_string()),
        tool: Tool {
            name: c.t.0,
            version: c.t.1,
        },
        input: Input {
            name: c.i.n,
            size: c.i.z,
            sha256: c.i.h,
            format: c.i.f,
            outer_compression: c.i.o,
            rootfs_diff_id: c.i.r,
        },
        references: c
            .r
            .into_iter()
            .map(|x| ReferenceRecord {
                as_written: x.w,
                normalized: x.n,
                source: x.s,
                target: x.t,
                image: x.i,
            })
            .collect(),
        index: index_tree(c.x)?,
        images: c.m.into_iter().map(image).collect(),
        documents: c
            .d
            .into_iter()
            .map(|d| Document {
                entry: d.e,
                role: d.r,
                digest: d.d,
                content: d.c,
            })
            .collect(),
        tree: c.tr.map(|t| Tree {
            layers: t
                .l
                .into_iter()
                .map(|l| TreeLayer {
                    image: l.i,
                    layer: l.l,
                    entries: l.e.into_iter().map(entry).collect(),
                })
                .collect(),
            merged: t
                .m
                .into_iter()
                .map(|m| TreeMerged {
                    image: m.i,
                    entries: m.e.into_iter().map(entry).collect(),
                })
                .collect(),
        }),
        summary: Summary::of(&findings),
        findings,
    };
    Ok(Shared {
        report,
        focus: c.o,
        dropped: Dropped {
            tree: c.dr.t,
            history: c.dr.h,
            annotations: c.dr.a,
            documents: c.dr.d,
            messages_truncated: c.dr.m,
            findings: c.dr.f,
        },
    })
}
