//! Two images compared: what changed, and why the digests differ even when
//! nothing did (docs/diff.md, analysis.md §2). Pure functions over two
//! [`Report`]s read with their file tree (`Options::tree`), so the CLI and a
//! page worker call the same [`compare`]; nothing is read again.
//!
//! Level by level: identity and archive format ([`identity`]), the config
//! fields ([`config`]), the layers matched by digest, DiffID, then file list
//! ([`layers`], with each pair's causes in [`layer_causes`]), the merged
//! trees path by path ([`files`]). Each level adds
//! the causes it shows to an [`evidence::Evidence`]; [`causes`] words them.
//! The result is `ocilens.diff/v1` ([`schema`]).

pub mod causes;
pub mod config;
pub mod evidence;
pub mod files;
pub mod history;
pub mod identity;
pub mod layer_causes;
pub mod layers;
pub mod packages;
pub mod schema;
pub mod select;

pub use schema::{Cause, Diff, MatchKind, What, SCHEMA};
pub use select::{host_platform, Selection, Trouble};

use crate::engine::finding::Severity;
use crate::engine::report::Report;
use crate::engine::tree::entry::LayerEntry;
use evidence::Evidence;
use schema::{DiffFinding, LayerPair, SideName, Summary};

/// Input errors carried into the comparison, per side.
const MAX_INPUT_FINDINGS: usize = 20;

/// What to compare on each side.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompareOptions {
    /// The image of `a`.
    pub a: Selection,
    /// The image of `b`.
    pub b: Selection,
    /// This machine's `os/arch`, the default in a multi-platform index.
    pub host: Option<String>,
}

/// The merged tree of image `image`: `Err` when the report has no tree.
fn merged(r: &Report, image: u32) -> Result<&[LayerEntry], Trouble> {
    let tree = r.tree.as_ref().ok_or_else(|| Trouble::NoTree {
        input: r.input.name.clone(),
    })?;
    Ok(tree
        .merged
        .iter()
        .find(|m| m.image == image)
        .map_or(&[][..], |m| m.entries.as_slice()))
}

/// Compares image `o.a` of `a` with image `o.b` of `b`. Both reports must
/// carry their tree; `Err` says which does not, or which image is missing.
pub fn compare(a: &Report, b: &Report, o: &CompareOptions) -> Result<Diff, Trouble> {
    let host = o.host.as_deref();
    let (ia, ib) = (
        select::choose(a, &o.a, host)?,
        select::choose(b, &o.b, host)?,
    );
    let (ta, tb) = (merged(a, ia)?, merged(b, ib)?);
    let (la, lb) = (layers::views(a, ia), layers::views(b, ib));
    let (sa, sb) = (identity::side(a, ia, &la), identity::side(b, ib, &lb));
    let mut same = identity::same(&sa, &sb);
    let mut ev = Evidence::default();
    identity::causes((a, ia), (b, ib), &same, &mut ev);

    let (img_a, img_b) = (a.images.get(ia as usize), b.images.get(ib as usize));
    let config = match (img_a, img_b) {
        (Some(x), Some(y)) => config::compare(a, x, b, y),
        _ => Vec::new(),
    };
    if !config.is_empty() {
        let fields: Vec<&str> = config.iter().map(|c| c.field.as_str()).collect();
        ev.add(
            Cause::Config,
            format!("config fields differ: {}", fields.join(", ")),
        );
    }

    let mut rows: Vec<LayerPair> = layers::pair(&la, &lb)
        .into_iter()
        .map(|(x, y, kind)| {
            let (vx, vy) = (x.and_then(|i| la.get(i)), y.and_then(|j| lb.get(j)));
            layer_causes::classify(vx, vy, kind, &mut ev)
        })
        .collect();
    rows.sort_by_key(|r| (r.b.or(r.a).unwrap_or(u32::MAX), r.b.is_none(), r.a));

    let packages = packages::compare(img_a, img_b);
    let compared = files::compare(ta, tb);
    file_causes(&compared.files, &mut ev);
    same.files = files::same_but_mtimes(&compared.files);

    let mut findings = input_findings(a, SideName::A);
    findings.extend(input_findings(b, SideName::B));
    findings.extend(limits(&la, &lb, &ev, compared.unhashed));

    let causes = causes::items(&ev);
    let f = &compared.files;
    let summary = Summary {
        files_added: f.added.len() as u64,
        files_removed: f.removed.len() as u64,
        files_changed: f.changed.len() as u64,
        layers_same: rows
            .iter()
            .filter(|r| r.kind == MatchKind::SameDigest)
            .count() as u64,
        layers_differ: rows
            .iter()
            .filter(|r| r.kind != MatchKind::SameDigest)
            .count() as u64,
        verdict: verdict(&same, f, &causes),
    };
    Ok(Diff {
        schema: SCHEMA.into(),
        a: sa,
        b: sb,
        same,
        config,
        layers: rows,
        files: compared.files,
        packages,
        causes,
        findings,
        summary,
    })
}

/// The causes the merged trees show (a few example paths each).
fn file_causes(f: &schema::Files, ev: &mut Evidence) {
    if !f.added.is_empty() || !f.removed.is_empty() {
        let ex = f
            .added
            .first()
            .or(f.removed.first())
            .cloned()
            .unwrap_or_default();
        ev.add(
            Cause::Content,
            format!(
                "{} paths added, {} removed (e.g. `{ex}`)",
                f.added.len(),
                f.removed.len()
            ),
        );
    }
    for (w, c) in [
        (What::Content, Cause::Content),
        (What::Type, Cause::Content),
        (What::Link, Cause::Content),
        (What::Mtime, Cause::Mtime),
        (What::Owner, Cause::Ownership),
        (What::Mode, Cause::Mode),
    ] {
        let mut hit = f.changed.iter().filter(|c| c.what.contains(&w));
        if let Some(first) = hit.next() {
            let n = 1 + hit.count();
            ev.add(
                c,
                format!(
                    "{n} path{} in {} (e.g. `{}`)",
                    if n == 1 { " differs" } else { "s differ" },
                    w.as_str(),
                    first.path
                ),
            );
        }
    }
}

/// Each input's error findings (they make its side's facts doubtful).
fn input_findings(r: &Report, side: SideName) -> Vec<DiffFinding> {
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .take(MAX_INPUT_FINDINGS)
        .map(|f| DiffFinding {
            side: Some(side),
            severity: f.severity,
            code: f.code.as_str().to_string(),
            message: f.message.clone(),
        })
        .collect()
}

/// What the comparison could not look at.
fn limits(
    la: &[layers::LayerView<'_>],
    lb: &[layers::LayerView<'_>],
    ev: &Evidence,
    unhashed: u64,
) -> Vec<DiffFinding> {
    let mut out = Vec::new();
    for (side, ls) in [(SideName::A, la), (SideName::B, lb)] {
        for l in ls.iter().filter(|l| l.entries.is_none()) {
            out.push(DiffFinding {
                side: Some(side),
                severity: Severity::Warning,
                code: "diff.layer-not-read".into(),
                message: format!(
                    "layer {} was not read: its files are not in the merged tree, and its causes are not known",
                    l.info.index
                ),
            });
        }
    }
    if ev.unread > 0 {
        out.push(DiffFinding {
            side: None,
            severity: Severity::Warning,
            code: "diff.layers-not-compared".into(),
            message: format!(
                "{} layer pair(s) could not be compared entry by entry",
                ev.unread
            ),
        });
    }
    if unhashed > 0 {
        out.push(DiffFinding {
            side: None,
            severity: Severity::Warning,
            code: "diff.content-not-hashed".into(),
            message: format!(
                "{unhashed} regular file(s) of equal size have no content hash on a side: their bytes were not compared"
            ),
        });
    }
    out
}

/// One line.
fn verdict(same: &schema::Same, f: &schema::Files, causes: &[schema::CauseItem]) -> String {
    let names: Vec<&str> = causes.iter().map(|c| c.cause.as_str()).collect();
    let why = names.join(", ");
    if same.files {
        let identical = same.config_digest && same.layer_digests && causes.is_empty();
        if identical {
            "identical: same config, layers and files".into()
        } else if causes.is_empty() {
            "same file trees".into()
        } else {
            format!("same file trees; the images differ by: {why}")
        }
    } else {
        format!(
            "file trees differ ({} added, {} removed, {} changed); causes: {why}",
            f.added.len(),
            f.removed.len(),
            f.changed.len()
        )
    }
}
