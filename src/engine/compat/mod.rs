//! Will it load? What each named tool, at each range of versions, does with
//! this exact file: `ok`, `warns` (loads, but loses the tag, other platforms,
//! …) or `fails` (with the message the tool prints).
//!
//! The knowledge is data: [`rules::RULES`], one row per (tool, action,
//! variant, version range, finding codes) with the tool's message, the fix
//! and a source link, over the tools of [`columns::COLUMNS`]. Evaluation is a
//! pure function of the report's findings ([`evaluate`]): a row applies when
//! the report has a finding with one of its codes. Facts that are not
//! defects (an OCI layout without `manifest.json`, a docker-archive) are
//! info findings added by [`facts::findings`] before evaluation, so every
//! verdict's `because[]` names finding codes.
//!
//! - [`evaluate`]: every verdict, one per tool, action, variant and version
//!   range that the rules tell apart ([`segments`]), in table order.
//! - [`verdict`]: the verdict for one tool, action, variant and version
//!   (`"20.10.24"`, `"1.6.20~ds1"`): what the agreement test against the
//!   real tools asks.
//! - [`apply`]: fills `report.compatibility` and each finding's `fix`
//!   (from [`fixes`]); idempotent, so a share link re-applies it.
//! - [`markdown`]: `docs/compatibility.md`, generated from the table
//!   (a test keeps the two in step).

pub mod columns;
pub mod doc;
pub mod facts;
pub mod fixes;
mod marks;
pub mod rules;

pub use columns::{Column, COLUMNS};
pub use doc::markdown;
pub use rules::{Rule, RULES};

use crate::engine::finding::Code;
use crate::engine::report::{
    Action, Compatibility, Compression, Format, ImageSource, IndexNode, IndexNodeKind, RefSource,
    Report, ToolName, Verdict, Versions,
};
use rules::{Also, Mark};

/// Fills `report.compatibility` with [`evaluate`] and every finding's `fix`
/// ([`fixes::fix`]). Deterministic and idempotent.
pub fn apply(report: &mut Report) {
    let ctx = fixes::Context::of(report);
    for f in &mut report.findings {
        f.fix = fixes::fix(f.code, &ctx);
    }
    report.compatibility = evaluate(report);
}

/// Every verdict for this report: for each column of [`COLUMNS`], one entry
/// per version range of [`segments`].
pub fn evaluate(report: &Report) -> Vec<Compatibility> {
    let ctx = fixes::Context::of(report);
    let seen = Seen::of(report);
    COLUMNS
        .iter()
        .flat_map(|col| {
            segments(col)
                .into_iter()
                .map(|v| judge(col, &v, &seen, &ctx))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The verdict of `tool` at `version` asked to `action` the file, for the
/// plain command (`variant` `None`) or one variant (`Some("--all-platforms")`);
/// `None` when the table has no such column.
pub fn verdict(
    report: &Report,
    tool: ToolName,
    action: Action,
    variant: Option<&str>,
    version: &str,
) -> Option<Compatibility> {
    let col = COLUMNS
        .iter()
        .find(|c| c.tool == tool && c.action == action && c.variant == variant)?;
    let ctx = fixes::Context::of(report);
    let seen = Seen::of(report);
    segments(col)
        .into_iter()
        .find(|v| v.contains(version))
        .map(|v| judge(col, &v, &seen, &ctx))
}

/// The rows of the table for one column.
pub fn rules_of(col: &Column) -> impl Iterator<Item = &'static Rule> + '_ {
    rules::all()
        .filter(move |r| r.tool == col.tool && r.action == col.action && r.variant == col.variant)
}

/// The version ranges the rules of `col` tell apart: the column's own
/// boundaries and every row's `from` and `below`, sorted, cut into
/// consecutive half-open ranges from "unbounded" to "unbounded".
pub fn segments(col: &Column) -> Vec<Versions> {
    let mut cuts: Vec<&str> = col.cuts.to_vec();
    for r in rules_of(col) {
        cuts.extend(r.from);
        cuts.extend(r.below);
    }
    cuts.sort_by_key(|v| crate::engine::report::compat::parse_version(v));
    cuts.dedup_by_key(|v| crate::engine::report::compat::parse_version(v));
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut from: Option<String> = None;
    for c in cuts {
        out.push(Versions {
            from: from.take(),
            below: Some(c.to_string()),
        });
        from = Some(c.to_string());
    }
    out.push(Versions { from, below: None });
    out
}

/// Whether row `r` covers the whole of range `v` (segments never straddle a
/// row's bounds, so covering one version of it is covering all of it).
fn covers(r: &Rule, v: &Versions) -> bool {
    let probe = v.from.clone().unwrap_or_else(|| "0".into());
    Versions {
        from: r.from.map(str::to_string),
        below: r.below.map(str::to_string),
    }
    .contains(&probe)
}

/// What the rows are matched against: the codes of the report's findings
/// and the input's format and whole-archive compression, and the few facts
/// of [`Also`] that no finding carries.
struct Seen {
    codes: Vec<Code>,
    /// Every finding's code and [`Mark`]s.
    marked: Vec<(Code, Vec<Mark>)>,
    /// The codes of the findings a reader of `index.json` sees
    /// ([`Also::SeenByIndexReader`]).
    index_codes: Vec<Code>,
    format: Format,
    outer: Compression,
    opaque_hidden: bool,
    several_platforms: bool,
    repo_tags: bool,
    not_an_integer: bool,
    typed_plain: bool,
    nested_index: bool,
    no_top_ref_name: bool,
    ref_name_repeated: bool,
}

impl Seen {
    fn of(report: &Report) -> Seen {
        let mut codes: Vec<Code> = report.findings.iter().map(|f| f.code).collect();
        codes.sort();
        codes.dedup();
        let docker_image = |i: u32| {
            report.input.format != Format::DockerArchive
                && report
                    .images
                    .get(i as usize)
                    .is_some_and(|im| im.source == ImageSource::DockerManifest)
        };
        let mut index_codes: Vec<Code> = report
            .findings
            .iter()
            .filter(|f| !f.r#where.image.is_some_and(docker_image))
            .map(|f| f.code)
            .collect();
        index_codes.sort();
        index_codes.dedup();
        let found = |code: Code, p: &dyn Fn(&str) -> bool| {
            report
                .findings
                .iter()
                .any(|f| f.code == code && f.found.as_deref().is_some_and(p))
        };
        Seen {
            codes,
            marked: report
                .findings
                .iter()
                .map(|f| (f.code, marks::of(f, report)))
                .collect(),
            index_codes,
            format: report.input.format,
            outer: report.input.outer_compression,
            opaque_hidden: report
                .images
                .iter()
                .filter_map(|i| i.efficiency.as_ref())
                .any(|e| e.by_kind.opaque_hidden > 0),
            several_platforms: report
                .index
                .as_ref()
                .is_some_and(|root| root.children.iter().any(several_platforms)),
            repo_tags: report
                .references
                .iter()
                .any(|r| r.source == RefSource::RepoTags),
            not_an_integer: found(Code::JsonBadNumber, &|n| n.parse::<i64>().is_err()),
            typed_plain: report.findings.iter().any(|f| {
                f.code == Code::LayerCompressionMismatch && f.expected.as_deref() == Some("none")
            }),
            nested_index: report
                .index
                .as_ref()
                .is_some_and(|root| root.children.iter().any(nested_index)),
            ref_name_repeated: report.index.as_ref().is_some_and(|root| {
                let mut names: Vec<&str> = root
                    .children
                    .iter()
                    .filter_map(|c| c.annotations.get(REF_NAME).map(String::as_str))
                    .collect();
                let all = names.len();
                names.sort_unstable();
                names.dedup();
                names.len() < all
            }),
            no_top_ref_name: report.index.as_ref().is_some_and(|root| {
                root.children.iter().any(|c| c.kind == IndexNodeKind::Index)
                    && !root
                        .children
                        .iter()
                        .any(|c| c.annotations.contains_key(REF_NAME))
            }),
        }
    }

    /// Whether a finding of code `c` that the marks of row `r` accept
    /// ([`Also::Only`], [`Also::Except`]) is in the report.
    fn has(&self, r: &Rule, c: Code) -> bool {
        self.marked.iter().any(|(code, marks)| {
            *code == c
                && r.also.iter().all(|a| match a {
                    Also::Only(m) => marks.contains(m),
                    Also::Except(m) => !marks.contains(m),
                    _ => true,
                })
        })
    }

    /// Whether row `r` applies: one of its codes, and all of its `also`.
    fn applies(&self, r: &Rule) -> bool {
        r.codes.iter().any(|c| self.has(r, *c))
            && r.also.iter().all(|a| match a {
                Also::Outer(o) => o.contains(&self.outer),
                Also::Format(f) => f.contains(&self.format),
                Also::Code(c) => self.codes.contains(c),
                Also::OpaqueHidden => self.opaque_hidden,
                Also::SeveralPlatforms => self.several_platforms,
                Also::NoRepoTags => !self.repo_tags,
                Also::NotAnInteger => self.not_an_integer,
                Also::SeenByIndexReader => r.codes.iter().any(|c| self.index_codes.contains(c)),
                Also::TypedPlain => self.typed_plain,
                Also::NestedIndex => self.nested_index,
                Also::NoTopRefName => self.no_top_ref_name,
                Also::RefNameRepeated => self.ref_name_repeated,
                Also::Only(_) | Also::Except(_) => true, // per finding, in `has`
            })
    }

    /// The codes of row `r` that the report has (its `also` codes included).
    fn because<'a>(&'a self, r: &'a Rule) -> impl Iterator<Item = Code> + 'a {
        let also = r.also.iter().filter_map(|a| match a {
            Also::Code(c) => Some(*c),
            _ => None,
        });
        let own = r.codes.iter().copied().filter(|c| self.has(r, *c));
        own.chain(also.filter(|c| self.codes.contains(c)))
    }
}

/// The annotation that names an image in an OCI layout.
const REF_NAME: &str = "org.opencontainers.image.ref.name";

/// Whether `node` (a descriptor of `index.json`) or an index below it is an
/// image index that lists an image index.
fn nested_index(node: &IndexNode) -> bool {
    (node.kind == IndexNodeKind::Index
        && node.children.iter().any(|c| c.kind == IndexNodeKind::Index))
        || node.children.iter().any(nested_index)
}

/// Whether `node` (a descriptor of `index.json`) or an index below it is an
/// image index of more than one manifest (attestations aside).
fn several_platforms(node: &IndexNode) -> bool {
    let manifests = node
        .children
        .iter()
        .filter(|c| c.kind == IndexNodeKind::Manifest)
        .count();
    (node.kind == IndexNodeKind::Index && manifests > 1)
        || node.children.iter().any(several_platforms)
}

/// The verdict of `col` over range `v`: the first failing row that applies,
/// else the first warning one, else `ok`. `because` collects the codes of
/// every applying row of the winning verdict.
fn judge(col: &Column, v: &Versions, seen: &Seen, ctx: &fixes::Context) -> Compatibility {
    let applying: Vec<&Rule> = rules_of(col)
        .filter(|r| covers(r, v) && seen.applies(r))
        .collect();
    let worst = [Verdict::Fails, Verdict::Warns]
        .into_iter()
        .find(|w| applying.iter().any(|r| r.verdict == *w));
    let ok = Compatibility {
        tool: col.tool,
        action: col.action,
        versions: v.clone(),
        variant: col.variant.map(str::to_string),
        verdict: Verdict::Ok,
        message: None,
        because: Vec::new(),
        fix: None,
        source: col.source.to_string(),
    };
    let Some(worst) = worst else {
        return ok;
    };
    let rows: Vec<&Rule> = applying
        .into_iter()
        .filter(|r| r.verdict == worst)
        .collect();
    let mut because: Vec<Code> = Vec::new();
    for c in rows.iter().flat_map(|r| seen.because(r)) {
        if !because.contains(&c) {
            because.push(c);
        }
    }
    let Some(first) = rows.first() else {
        return ok;
    };
    Compatibility {
        verdict: worst,
        message: Some(first.message.to_string()),
        because: because.clone(),
        fix: first
            .fix
            .and_then(|f| fixes::render(f, ctx))
            .or_else(|| because.iter().find_map(|c| fixes::fix(*c, ctx))),
        source: first.source.to_string(),
        ..ok
    }
}

#[cfg(test)]
mod tests;
