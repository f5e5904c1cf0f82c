//! "Will it load?" as a matrix: one row per tool, action and variant of
//! `report.compatibility[]` (e.g. "ctr images import --all-platforms"), and
//! its version ranges across, oldest to newest. Tools tell apart different
//! ranges (docker 23 and 25, ctr 1.7 and 2.0, crane 0.21.8), so a row's cells
//! are placed flush right: the last column is always each tool's newest
//! versions, and a row with fewer ranges leaves its first columns blank.
//! Every cell carries its own range label (`< 23`, `23 – 25`, `≥ 25`).
//!
//! `web::components::verdicts` only writes the matrix out; all text here
//! comes from the report and is rendered as text, and only an `http(s)`
//! source becomes a link ([`Cell::source_href`]).

use crate::engine::finding::Code;
use crate::engine::report::{Action, Compatibility, ToolName, Verdict, Versions};
use crate::view_model::links::safe_href;

/// The matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    /// Columns of version ranges: the most ranges any row has.
    pub width: usize,
    /// One row per tool, action and variant, in report order.
    pub rows: Vec<Row>,
    /// How many cells fail, warn and are ok.
    pub fails: usize,
    /// Cells that warn.
    pub warns: usize,
    /// Cells that are ok.
    pub ok: usize,
}

/// One tool, action and variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The tool.
    pub tool: ToolName,
    /// What it is asked to do.
    pub action: Action,
    /// The invocation, when not the plain command.
    pub variant: Option<String>,
    /// The command as a user types it (`ctr images import --all-platforms`).
    pub label: String,
    /// [`Matrix::width`] slots; `None` is a blank cell (a range this tool
    /// does not tell apart). Filled slots are oldest to newest.
    pub cells: Vec<Option<Cell>>,
    /// The worst verdict of the row.
    pub worst: Verdict,
}

/// One verdict: a tool's range of versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Index into `report.compatibility`.
    pub index: usize,
    /// The versions.
    pub versions: Versions,
    /// The range, short (`< 23`, `23 – 25`, `≥ 25`, `all versions`).
    pub range: String,
    /// The range in full (`23.0 to < 25.0`).
    pub range_full: String,
    /// `ok`, `warns` or `fails`.
    pub verdict: Verdict,
    /// `✓`, `!` or `✗`.
    pub mark: &'static str,
    /// The verdict in words (`ok`, `warns`, `fails`), for readers that do
    /// not see the mark.
    pub word: &'static str,
    /// What the tool prints, or does.
    pub message: Option<String>,
    /// The finding codes that cause the verdict.
    pub because: Vec<Code>,
    /// A command that makes the file load.
    pub fix: Option<String>,
    /// Where the behaviour is documented, as written.
    pub source: String,
    /// The source as a link, when it is a plain `http(s)` URL.
    pub source_href: Option<String>,
}

/// The command a row is about, as a user types it: the tool's command for
/// the action, then the variant (`ctr images import --all-platforms`).
pub fn command(tool: ToolName, action: Action, variant: Option<&str>) -> String {
    use Action as A;
    use ToolName as T;
    let base = match (tool, action) {
        (T::Docker, A::Load) => "docker load".to_string(),
        (T::Docker, A::Pull) => "docker pull".to_string(),
        (T::Containerd, A::Import) => "ctr images import".to_string(),
        (T::Podman, A::Load) => "podman load".to_string(),
        (T::Skopeo, A::Copy) => "skopeo copy".to_string(),
        (T::Umoci, A::Unpack) => "umoci unpack".to_string(),
        (T::Crane, A::Unpack) => "crane export".to_string(),
        (T::K3s, A::Import) => "k3s air-gap import".to_string(),
        (T::Trivy, A::Scan) => "trivy image --input".to_string(),
        (T::Dive, A::Scan) => "dive".to_string(),
        (t, a) => format!("{t} {a}"),
    };
    match variant {
        Some(v) if !v.is_empty() => format!("{base} {v}"),
        _ => base,
    }
}

/// A version without its trailing `.0` parts (`23.0` → `23`, `0.21.8` kept).
pub fn short_version(v: &str) -> &str {
    let mut s = v;
    while let Some(t) = s.strip_suffix(".0") {
        if t.is_empty() || t.ends_with('.') {
            break;
        }
        s = t;
    }
    s
}

/// The short label of a range: `< 23`, `23 – 25`, `≥ 25`, `all versions`.
pub fn range_label(v: &Versions) -> String {
    match (v.from.as_deref(), v.below.as_deref()) {
        (None, None) => "all versions".to_string(),
        (None, Some(b)) => format!("< {}", short_version(b)),
        (Some(a), None) => format!("≥ {}", short_version(a)),
        (Some(a), Some(b)) => format!("{} – {}", short_version(a), short_version(b)),
    }
}

fn rank(v: Verdict) -> u8 {
    match v {
        Verdict::Ok => 0,
        Verdict::Warns => 1,
        Verdict::Fails => 2,
    }
}

/// Sort key of a range: by its first version, an unbounded start first.
fn start(v: &Versions) -> Vec<u64> {
    v.from
        .as_deref()
        .map(crate::engine::report::compat::parse_version)
        .unwrap_or_default()
}

impl Matrix {
    /// The matrix of `entries` (`report.compatibility`).
    pub fn build(entries: &[Compatibility]) -> Matrix {
        // rows in order of first appearance; each row's entries by index
        let mut groups: Vec<(ToolName, Action, Option<&str>, Vec<usize>)> = Vec::new();
        for (i, c) in entries.iter().enumerate() {
            let variant = c.variant.as_deref();
            match groups
                .iter_mut()
                .find(|g| g.0 == c.tool && g.1 == c.action && g.2 == variant)
            {
                Some(g) => g.3.push(i),
                None => groups.push((c.tool, c.action, variant, vec![i])),
            }
        }
        let width = groups.iter().map(|g| g.3.len()).max().unwrap_or(0);
        let (mut fails, mut warns, mut ok) = (0, 0, 0);
        let rows = groups
            .into_iter()
            .map(|(tool, action, variant, mut idx)| {
                // a stable sort: ranges with one start keep report order
                idx.sort_by_key(|i| entries.get(*i).map(|c| start(&c.versions)));
                let mut cells: Vec<Option<Cell>> = vec![None; width - idx.len()];
                let mut worst = Verdict::Ok;
                for i in idx {
                    let Some(c) = entries.get(i) else { continue };
                    match c.verdict {
                        Verdict::Fails => fails += 1,
                        Verdict::Warns => warns += 1,
                        Verdict::Ok => ok += 1,
                    }
                    if rank(c.verdict) > rank(worst) {
                        worst = c.verdict;
                    }
                    cells.push(Some(cell(i, c)));
                }
                Row {
                    tool,
                    action,
                    variant: variant.map(str::to_string),
                    label: command(tool, action, variant),
                    cells,
                    worst,
                }
            })
            .collect();
        Matrix {
            width,
            rows,
            fails,
            warns,
            ok,
        }
    }

    /// The one-line summary over the cells: `2 fail, 1 warn, 30 ok`.
    pub fn summary(&self) -> String {
        format!("{} fail, {} warn, {} ok", self.fails, self.warns, self.ok)
    }
}

fn cell(index: usize, c: &Compatibility) -> Cell {
    Cell {
        index,
        versions: c.versions.clone(),
        range: range_label(&c.versions),
        range_full: c.versions.to_string(),
        verdict: c.verdict,
        mark: c.verdict.mark(),
        word: c.verdict.as_str(),
        message: c.message.clone(),
        because: c.because.clone(),
        fix: c.fix.clone(),
        source: c.source.clone(),
        source_href: safe_href(&c.source),
    }
}

#[cfg(test)]
mod tests;
