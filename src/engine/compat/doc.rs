//! `docs/compatibility.md`, generated from [`super::COLUMNS`] and
//! [`super::RULES`]; `tests/golden.rs` keeps the committed file in step.

use super::{rules_of, segments, COLUMNS};
use crate::engine::report::{Verdict, Versions};

/// The rule table as Markdown.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Will it load? The compatibility rules\n\n\
         Generated from `src/engine/compat/rules/` (`ocilens compatibility`); a test fails when \
         the two disagree. For each tool and command below, `compatibility[]` in the report has one \
         verdict per version range: `fails` when a row below that covers the range applies \
         (the report has a finding with one of its codes), else `warns` when a warning row \
         applies, else `ok`. `because[]` lists the codes that applied. Facts that are not \
         defects (which descriptions the archive carries, how many images, `./` names) are \
         info findings (`compatibility.*`), so every verdict points at findings.\n\n\
         Severity follows the verdicts: a finding that makes a current mainstream command \
         (marked ★) fail at its newest versions is an error; one that only old versions \
         or only unstarred commands refuse is at most a warning.\n\n\
         In code: `engine::compat::evaluate(&report)` gives every verdict; \
         `engine::compat::verdict(&report, tool, action, variant, \"1.6.20\")` the one for a tool \
         version (the agreement test against the real tools asks it); `engine::compat::apply` \
         fills `compatibility[]` and each finding's `fix`. Messages marked \"seen with\" are \
         those of Debian 12's docker.io 20.10.24, containerd 1.6.20, podman 4.3.1, skopeo 1.9.3 \
         or umoci 0.4.7, recorded on every fixture and crafted case \
         (`tests/oracle/load/results.json`); a behaviour seen at one version only ends at the \
         next one unless a source shows later versions behave the same.\n",
    );
    for col in COLUMNS {
        let star = if col.mainstream { " ★" } else { "" };
        let variant = col.variant.map(|v| format!(" ({v})")).unwrap_or_default();
        let ranges: Vec<String> = segments(col).iter().map(Versions::to_string).collect();
        out.push_str(&format!(
            "\n## {} {}{variant}{star}\n\n`{}` — version ranges: {}. Docs: {}\n\n\
             | Versions | Verdict | When | Message | Fix | Source |\n|---|---|---|---|---|---|\n",
            col.tool,
            col.action,
            col.command,
            ranges.join("; "),
            col.source
        ));
        for r in rules_of(col) {
            let versions = Versions {
                from: r.from.map(str::to_string),
                below: r.below.map(str::to_string),
            };
            let codes: Vec<String> = r.codes.iter().map(|c| format!("`{c}`")).collect();
            let also: Vec<String> = r.also.iter().map(|a| a.describe()).collect();
            let when = if also.is_empty() {
                codes.join(", ")
            } else {
                format!("{} (if {})", codes.join(", "), also.join("; "))
            };
            out.push_str(&format!(
                "| {versions} | {} {} | {} | {} | {} | {} |\n",
                r.verdict.mark(),
                r.verdict,
                cell(&when),
                cell(r.message),
                r.fix.map(|f| format!("`{}`", cell(f))).unwrap_or_default(),
                r.source
            ));
        }
        if rules_of(col).next().is_none() {
            out.push_str(&format!("| all | {} ok | | | | |\n", Verdict::Ok.mark()));
        }
    }
    out
}

/// Text for a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}
