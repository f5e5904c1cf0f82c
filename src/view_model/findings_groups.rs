//! The Findings view's model: findings with the same code grouped into one
//! card (the explanation once, a count, the places), the filters (severity,
//! check, a text search over code, message and place) and the order: errors
//! first, then warnings, then infos; within a severity by check, then code,
//! in catalogue order. Members keep report order.

use crate::engine::finding::{Check, Code, Finding, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// The filters and which groups are open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingsFilter {
    /// Severities shown; empty shows all.
    pub severities: BTreeSet<Severity>,
    /// The check shown; `None` shows all.
    pub check: Option<Check>,
    /// Text search (case-insensitive) over code, message and place.
    pub query: String,
    /// Groups opened or closed by hand (else a group is open when it has one
    /// member, holds the focused finding, or a search is typed).
    pub open: BTreeMap<Code, bool>,
}

/// A message about the Findings view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingsMsg {
    /// Show or hide a severity.
    Severity(Severity),
    /// Show only this check (`None`: every check).
    Check(Option<Check>),
    /// The search text.
    Query(String),
    /// Open or close a group; the bool is whether it is open now.
    Toggle(Code, bool),
    /// Clear every filter.
    Clear,
}

/// Findings of one code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group<'a> {
    /// The code.
    pub code: Code,
    /// The most severe member's severity.
    pub severity: Severity,
    /// The check.
    pub check: Check,
    /// The explanation (the first member's; a member whose own differs
    /// carries it in [`Member::explanation`]).
    pub explanation: &'a str,
    /// The spec link.
    pub spec: &'a str,
    /// The members that pass the filters, in report order.
    pub members: Vec<Member<'a>>,
    /// Members of this code before filtering.
    pub total: usize,
}

/// One finding of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member<'a> {
    /// Index into the findings.
    pub index: usize,
    /// The finding.
    pub finding: &'a Finding,
    /// Its place in words (see [`place`]).
    pub place: String,
    /// Its explanation, when it differs from the group's.
    pub explanation: Option<&'a str>,
}

impl<'a> Group<'a> {
    /// The fixes of the members shown (`finding.fix`), each once, in report
    /// order. A fix depends on the code and the archive, not the place, so
    /// a group has at most one in practice.
    pub fn fixes(&self) -> Vec<&'a str> {
        let mut out: Vec<&'a str> = Vec::new();
        for f in self.members.iter().filter_map(|m| m.finding.fix.as_deref()) {
            if !out.contains(&f) {
                out.push(f);
            }
        }
        out
    }
}

impl FindingsFilter {
    /// Applies a message.
    pub fn update(&mut self, msg: FindingsMsg) {
        match msg {
            FindingsMsg::Severity(s) => {
                if !self.severities.remove(&s) {
                    self.severities.insert(s);
                }
            }
            FindingsMsg::Check(c) => self.check = c,
            FindingsMsg::Query(q) => self.query = q,
            FindingsMsg::Toggle(code, open) => {
                self.open.insert(code, open);
            }
            FindingsMsg::Clear => {
                self.severities.clear();
                self.check = None;
                self.query.clear();
            }
        }
    }

    /// Whether any filter is set.
    pub fn is_active(&self) -> bool {
        !self.severities.is_empty() || self.check.is_some() || !self.query.trim().is_empty()
    }

    /// Whether `f` passes the filters (`place` is its [`place`]).
    pub fn passes(&self, f: &Finding, place: &str) -> bool {
        if !self.severities.is_empty() && !self.severities.contains(&f.severity) {
            return false;
        }
        if self.check.is_some_and(|c| c != f.check) {
            return false;
        }
        let q = self.query.trim().to_lowercase();
        q.is_empty()
            || [f.code.as_str(), f.message.as_str(), place]
                .iter()
                .any(|s| s.to_lowercase().contains(&q))
    }

    /// Whether `g` shows its members (`focused`: the focused finding).
    pub fn is_open(&self, g: &Group<'_>, focused: Option<usize>) -> bool {
        match self.open.get(&g.code) {
            Some(open) => *open,
            None => {
                g.members.len() == 1
                    || !self.query.trim().is_empty()
                    || focused.is_some_and(|i| g.members.iter().any(|m| m.index == i))
            }
        }
    }
}

/// Where a finding applies, in words: `image 0 · layer 1 · usr/bin/su`,
/// `blob sha256:…`, `entry manifest.json`. Empty when it says nothing.
pub fn place(f: &Finding) -> String {
    let w = &f.r#where;
    let mut parts = Vec::new();
    if let Some(i) = w.image {
        parts.push(format!("image {i}"));
    }
    if let Some(l) = w.layer {
        parts.push(format!("layer {l}"));
    }
    if let Some(p) = w.path.as_deref().filter(|p| !p.is_empty()) {
        parts.push(p.to_string());
    }
    if parts.is_empty() {
        if let Some(b) = w.blob.as_deref().filter(|b| !b.is_empty()) {
            parts.push(format!("blob {b}"));
        } else if let Some(e) = w.entry.as_deref().filter(|e| !e.is_empty()) {
            parts.push(format!("entry {e}"));
        }
    }
    parts.join(" · ")
}

/// The groups of `findings` that have a member passing `filter`, in order.
pub fn groups<'a>(findings: &'a [Finding], filter: &FindingsFilter) -> Vec<Group<'a>> {
    let mut by_code: BTreeMap<Code, Group<'a>> = BTreeMap::new();
    for (index, f) in findings.iter().enumerate() {
        let g = by_code.entry(f.code).or_insert_with(|| Group {
            code: f.code,
            severity: f.severity,
            check: f.check,
            explanation: &f.explanation,
            spec: &f.spec,
            members: Vec::new(),
            total: 0,
        });
        g.total += 1;
        let place = place(f);
        if !filter.passes(f, &place) {
            continue;
        }
        g.severity = g.severity.min(f.severity);
        let explanation = (f.explanation != g.explanation).then_some(f.explanation.as_str());
        g.members.push(Member {
            index,
            finding: f,
            place,
            explanation,
        });
    }
    let mut out: Vec<Group<'a>> = by_code
        .into_values()
        .filter(|g| !g.members.is_empty())
        .collect();
    let check_rank = |c: Check| Check::ALL.iter().position(|x| *x == c);
    out.sort_by_key(|g| (g.severity, check_rank(g.check), g.code));
    out
}

/// How many findings there are of each severity (errors, warnings, infos)
/// and of each check, before filtering: the filter buttons' counts.
pub fn counts(findings: &[Finding]) -> ([usize; 3], Vec<(Check, usize)>) {
    let mut sev = [0usize; 3];
    let mut checks: BTreeMap<Check, usize> = BTreeMap::new();
    for f in findings {
        let slot = match f.severity {
            Severity::Error => sev.get_mut(0),
            Severity::Warning => sev.get_mut(1),
            Severity::Info => sev.get_mut(2),
        };
        if let Some(n) = slot {
            *n += 1;
        }
        *checks.entry(f.check).or_default() += 1;
    }
    let checks = Check::ALL
        .iter()
        .filter_map(|c| checks.get(c).map(|n| (*c, *n)))
        .collect();
    (sev, checks)
}

#[cfg(test)]
mod tests;
