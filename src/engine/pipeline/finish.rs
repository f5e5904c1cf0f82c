//! Pass 3, finish: the cross-checks that need every blob result (digests,
//! sizes, DiffIDs, references, the merged tree), and the report, with the
//! compatibility facts, verdicts and fixes (`engine::compat`).

use super::{rootfs, Options};
use crate::engine::compat;
use crate::engine::plan::{BlobResult, Index, Structure};
use crate::engine::report::{self, Format, Report, Tool};
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
        if let Some(r) = results.get(rootfs::ENTRY) {
            rootfs::report(r, &mut input, &mut findings, o.tree.then_some(&mut tree));
        }
    }
    let listed = idx.as_ref().is_some_and(|i| !i.children.is_empty());
    verify::references::check(&mut references, &images, listed, &mut findings);
    let mut report = Report {
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
        summary: report::Summary::default(),
        findings,
        compatibility: Vec::new(),
    };
    // no full secret value leaves the engine (engine/report/secret.rs)
    report::secret::redact(&mut report);
    let facts = compat::facts::findings(&report);
    report.findings.extend(facts);
    verify::finish::sort(&mut report.findings);
    report.summary = report::Summary::of(&report.findings);
    compat::apply(&mut report);
    for f in &report.findings {
        sink.event(Event::Finding(f));
    }
    report
}
