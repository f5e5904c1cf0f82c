//! Pass 3, finish: the cross-checks that need every blob result (digests,
//! sizes, DiffIDs, references, the merged tree), and the report.

use super::Options;
use crate::engine::codec::{self, Content};
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::plan::{BlobResult, Index, LayerContent, Structure};
use crate::engine::report::{self, Format, Input, Report, Tool};
use crate::engine::sink::{Event, Sink};
use crate::engine::verify;
use std::collections::HashMap;

/// Pass 3: the cross-checks that need everything; produces the report.
pub fn finish(
    index: Index,
    results: &HashMap<String, BlobResult>,
    o: &Options,
    sink: &mut dyn Sink,
) -> Report {
    let Index {
        structure,
        mut input,
        format,
        ..
    } = index;
    let Structure {
        index: idx,
        mut images,
        mut references,
        documents,
        mut findings,
        ..
    } = structure;
    let mut tree = verify::finish::check_images(&mut images, results, o.tree, &mut findings);
    if format == Some(Format::RootfsTar) {
        if let Some(r) = results.get("") {
            rootfs(
                &mut input,
                r.layer.as_ref(),
                r.content,
                &mut findings,
                o.tree,
                &mut tree,
            );
        }
    }
    verify::references::check(&mut references, &images, &mut findings);
    verify::finish::sort(&mut findings);
    for f in &findings {
        sink.event(Event::Finding(f));
    }
    Report {
        schema: report::SCHEMA.into(),
        tool: Tool {
            name: "ocilens".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        input,
        references,
        index: idx,
        images,
        documents,
        tree,
        summary: report::Summary::of(&findings),
        findings,
    }
}

fn rootfs(
    input: &mut Input,
    layer: Option<&LayerContent>,
    content: Content,
    findings: &mut Vec<Finding>,
    want_tree: bool,
    tree: &mut Option<report::Tree>,
) {
    let Some(l) = layer else { return };
    input.rootfs_diff_id = l.diff_id.clone();
    let compressed = if content.compression() == Some(codec::Compression::None) {
        String::new()
    } else {
        format!(" ({}-compressed)", content.as_str())
    };
    findings.push(Finding::new(
        Code::FormatRootfsTar,
        Location::default(),
        format!(
            "a file-system tarball{compressed} of {} entries, not an image; an import should record DiffID {}",
            l.entries.len(),
            l.diff_id.clone().unwrap_or_else(|| "(not computable)".into())
        ),
    ));
    findings.extend(l.findings.iter().cloned());
    if want_tree {
        let t = tree.get_or_insert_with(report::Tree::default);
        t.layers.push(report::TreeLayer {
            image: 0,
            layer: 0,
            entries: l.entries.clone(),
        });
    }
}
