//! The "Will it load?" lines of `ocilens inspect`: every failing and warning
//! verdict (adjacent version ranges with the same outcome joined), its
//! message, cause and fix; the `ok` ones summarised in one line.

use ocilens::engine::report::{Compatibility, Verdict, Versions};
use std::io::Write;

/// Adjacent ranges of one tool, action and variant with the same verdict,
/// message and causes, joined into one.
fn joined(entries: &[Compatibility]) -> Vec<Compatibility> {
    let mut out: Vec<Compatibility> = Vec::new();
    for c in entries {
        match out.last_mut() {
            Some(last)
                if last.tool == c.tool
                    && last.action == c.action
                    && last.variant == c.variant
                    && last.verdict == c.verdict
                    && last.message == c.message
                    && last.because == c.because
                    && last.versions.below == c.versions.from =>
            {
                last.versions = Versions {
                    from: last.versions.from.clone(),
                    below: c.versions.below.clone(),
                };
            }
            _ => out.push(c.clone()),
        }
    }
    out
}

/// The command a verdict is about, as the user would type it.
fn what(c: &Compatibility) -> String {
    let variant = c
        .variant
        .as_deref()
        .map(|v| format!(" {v}"))
        .unwrap_or_default();
    format!("{} {}{variant} ({})", c.tool, c.action, c.versions)
}

/// Prints the verdicts.
pub fn print(entries: &[Compatibility], out: &mut impl Write) -> std::io::Result<()> {
    let all = joined(entries);
    let ok: Vec<String> = all
        .iter()
        .filter(|c| c.verdict == Verdict::Ok)
        .map(what)
        .collect();
    let bad: Vec<&Compatibility> = all.iter().filter(|c| c.verdict != Verdict::Ok).collect();
    writeln!(
        out,
        "will it load? {} fail, {} warn, {} ok",
        bad.iter().filter(|c| c.verdict == Verdict::Fails).count(),
        bad.iter().filter(|c| c.verdict == Verdict::Warns).count(),
        ok.len()
    )?;
    for c in [Verdict::Fails, Verdict::Warns]
        .iter()
        .flat_map(|v| bad.iter().filter(move |c| c.verdict == *v))
    {
        let because: Vec<&str> = c.because.iter().map(|b| b.as_str()).collect();
        writeln!(
            out,
            "  {} {}: {}",
            c.verdict.mark(),
            what(c),
            c.message.as_deref().unwrap_or_default()
        )?;
        writeln!(
            out,
            "      because: {}; source: {}",
            because.join(", "),
            c.source
        )?;
        if let Some(fix) = &c.fix {
            writeln!(out, "      fix: {fix}")?;
        }
    }
    if !ok.is_empty() {
        writeln!(out, "  ✓ ok: {}", ok.join("; "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ocilens::engine::report::{Action, ToolName};

    fn entry(from: Option<&str>, below: Option<&str>, verdict: Verdict) -> Compatibility {
        Compatibility {
            tool: ToolName::Docker,
            action: Action::Load,
            versions: Versions {
                from: from.map(str::to_string),
                below: below.map(str::to_string),
            },
            variant: None,
            verdict,
            message: (verdict != Verdict::Ok).then(|| "boom".to_string()),
            because: Vec::new(),
            fix: None,
            source: "https://example.com/".into(),
        }
    }

    #[test]
    fn adjacent_ranges_with_one_outcome_are_joined() {
        let entries = [
            entry(None, Some("23.0"), Verdict::Fails),
            entry(Some("23.0"), Some("25.0"), Verdict::Fails),
            entry(Some("25.0"), None, Verdict::Ok),
        ];
        let mut out = Vec::new();
        print(&entries, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("will it load? 1 fail, 0 warn, 1 ok\n"),
            "{text}"
        );
        assert!(text.contains("  ✗ docker load (< 25.0): boom\n"), "{text}");
        assert!(text.contains("  ✓ ok: docker load (≥ 25.0)\n"), "{text}");
    }
}
