//! "Paste your error": the messages container tools print when they refuse
//! an image, mapped to the finding codes that cause them.
//!
//! - [`catalogue`]: the data, one [`Entry`] per real message, each quoted
//!   from the tool's source or a GitHub thread, with its link.
//! - [`matcher`]: linear-time matching of pasted text against the entries'
//!   patterns (ordered literal fragments; never a regular expression or an
//!   eval).
//! - [`explain`] and [`explain_in`]: the text alone, or the text and an
//!   inspected image, whose findings (and format and layer types) are then
//!   pointed at when they explain the message. The result serialises as
//!   `ocilens.explain-error/v1` (`docs/errors.md` documents it).

pub mod catalogue;
pub mod matcher;

use crate::engine::finding::{Code, Location, Severity};
use crate::engine::report::{Format, Report};
use matcher::{normalise, Scan};
use serde::{Deserialize, Serialize};

/// The schema name of [`Explanation`].
pub const SCHEMA: &str = "ocilens.explain-error/v1";

/// What to say when nothing matched.
pub const NOT_RECOGNISED: &str = "Not recognised: this text matches none of the catalogue's messages. \
Paste the whole error line as the tool printed it (with the tool's own words, not only a digest or a path); \
`ocilens inspect FILE` names what is wrong with the image even without the message.";

/// A property of the inspected image, other than a finding, that explains a
/// message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    /// The input is of this format.
    Format(Format),
    /// The archive is compressed as a whole.
    OuterCompressed,
    /// A layer's declared media type is this one.
    LayerType(&'static str),
}

impl Fact {
    /// Plain words for the fact, as shown when it holds.
    pub fn describe(self) -> String {
        match self {
            Fact::Format(f) => format!("the input is a {} archive", f.as_str()),
            Fact::OuterCompressed => "the archive is compressed as a whole".to_string(),
            Fact::LayerType(t) => format!("a layer's media type is `{t}`"),
        }
    }

    fn holds(self, report: &Report) -> bool {
        match self {
            Fact::Format(f) => report.input.format == f,
            Fact::OuterCompressed => {
                report.input.outer_compression != crate::engine::report::Compression::None
            }
            Fact::LayerType(t) => report
                .images
                .iter()
                .any(|i| i.layers.iter().any(|l| l.media_type.as_deref() == Some(t))),
        }
    }
}

/// One message of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// Stable identifier (kebab-case).
    pub id: &'static str,
    /// The tool that prints it.
    pub tool: &'static str,
    /// The message, quoted from the tool's source or an issue (`…` marks an
    /// elided digest or path).
    pub message: &'static str,
    /// Literal fragments, normalised, that must appear in this order.
    pub pattern: &'static [&'static str],
    /// The finding codes that cause it.
    pub codes: &'static [Code],
    /// Image properties that cause it, where no finding code says it.
    pub facts: &'static [Fact],
    /// Plain words: what the tool means and how to fix it.
    pub explanation: &'static str,
    /// What else causes this message.
    pub other_causes: &'static str,
    /// Where the message is quoted from.
    pub source: &'static str,
    /// A realistic paste, with the log noise around it (from the source
    /// thread where there is one). Tests only: the page and the CLI never
    /// show it, so it stays out of the wasm.
    #[cfg(test)]
    pub example: &'static str,
}

impl Entry {
    /// How specific the pattern is: the bytes it names.
    fn weight(&self) -> usize {
        self.pattern.iter().map(|f| f.len()).sum()
    }
}

/// A finding of the image that explains a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pointed {
    /// Index into the report's `findings`.
    pub index: usize,
    /// Its code.
    pub code: Code,
    /// Its severity.
    pub severity: Severity,
    /// Its one-line message.
    pub message: String,
    /// Where it applies.
    #[serde(rename = "where")]
    pub r#where: Location,
}

/// What the inspected image says about one matched message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InImage {
    /// Whether anything in this image explains the message.
    pub applies: bool,
    /// The image's findings whose codes cause it.
    pub findings: Vec<Pointed>,
    /// Other properties of the image that cause it, in plain words.
    pub facts: Vec<String>,
}

/// One catalogue entry that matched the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Match {
    /// The entry's id.
    pub id: String,
    /// The tool that prints the message.
    pub tool: String,
    /// The catalogue's quote of the message.
    pub message: String,
    /// The finding codes that cause it.
    pub codes: Vec<Code>,
    /// What it means and how to fix it.
    pub explanation: String,
    /// What else causes it.
    pub other_causes: String,
    /// Where the quote comes from.
    pub source: String,
    /// With an image: what in it explains the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_image: Option<InImage>,
}

/// The image a text was explained against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageRef {
    /// The input's name.
    pub name: String,
    /// Its format.
    pub format: Format,
    /// How many findings it has.
    pub findings: usize,
}

/// The answer to a pasted text (`ocilens.explain-error/v1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Whether any entry matched.
    pub recognised: bool,
    /// The entries that matched, most specific first (with an image, those
    /// that apply to it first).
    pub matches: Vec<Match>,
    /// With an image: which one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageRef>,
    /// When nothing matched: what to do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
}

/// The entries whose patterns match `text`, most specific first, and the
/// matcher's step count.
pub fn find(text: &str) -> (Vec<&'static Entry>, Scan) {
    let norm = normalise(text);
    let mut scan = Scan::default();
    let mut hits: Vec<&'static Entry> = catalogue::entries()
        .filter(|e| scan.matches(&norm, e.pattern))
        .collect();
    // stable: equal weights keep catalogue order
    hits.sort_by_key(|e| std::cmp::Reverse(e.weight()));
    (hits, scan)
}

fn to_match(e: &Entry) -> Match {
    Match {
        id: e.id.to_string(),
        tool: e.tool.to_string(),
        message: e.message.to_string(),
        codes: e.codes.to_vec(),
        explanation: e.explanation.to_string(),
        other_causes: e.other_causes.to_string(),
        source: e.source.to_string(),
        in_image: None,
    }
}

fn answer(matches: Vec<Match>, image: Option<ImageRef>) -> Explanation {
    let recognised = !matches.is_empty();
    Explanation {
        schema: SCHEMA.to_string(),
        recognised,
        matches,
        image,
        advice: (!recognised).then(|| NOT_RECOGNISED.to_string()),
    }
}

/// Explains `text` alone.
pub fn explain(text: &str) -> Explanation {
    let (hits, _) = find(text);
    answer(hits.into_iter().map(to_match).collect(), None)
}

/// What in `report` explains entry `e`.
pub fn in_image(e: &Entry, report: &Report) -> InImage {
    let findings: Vec<Pointed> = report
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| e.codes.contains(&f.code))
        .map(|(index, f)| Pointed {
            index,
            code: f.code,
            severity: f.severity,
            message: f.message.clone(),
            r#where: f.r#where.clone(),
        })
        .collect();
    let facts: Vec<String> = e
        .facts
        .iter()
        .filter(|f| f.holds(report))
        .map(|f| f.describe())
        .collect();
    InImage {
        applies: !findings.is_empty() || !facts.is_empty(),
        findings,
        facts,
    }
}

/// Explains `text` against an inspected image: each match says which of the
/// image's findings (or properties) explain it, or that none does.
pub fn explain_in(text: &str, report: &Report) -> Explanation {
    let (hits, _) = find(text);
    let mut matches: Vec<Match> = hits
        .into_iter()
        .map(|e| Match {
            in_image: Some(in_image(e, report)),
            ..to_match(e)
        })
        .collect();
    // stable: those that apply first, specificity kept within each group
    matches.sort_by_key(|m| !m.in_image.as_ref().is_some_and(|i| i.applies));
    let image = ImageRef {
        name: report.input.name.clone(),
        format: report.input.format,
        findings: report.findings.len(),
    };
    answer(matches, Some(image))
}

/// The catalogue as Markdown (`docs/errors.md`).
pub fn markdown() -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = format!(
        "# Error messages\n\nGenerated by `ocilens errors-catalogue` from `src/engine/errors/catalogue/`; \
         a test fails when the two disagree. {} messages. `ocilens explain-error \"TEXT\" [FILE]` and the \
         page's *Paste your error* box match pasted text against them: each pattern is a list of literal \
         fragments that must appear in order, after lower-casing ASCII, folding whitespace and dropping \
         quotes and backslashes (linear time; never a regular expression or an eval). With an image, the \
         answer points at the image's findings with these codes (and at the listed image facts), or says \
         that none applies and what else causes the message.\n\n{}\n",
        catalogue::len(),
        SCHEMA_DOC
    );
    let mut tools: Vec<&str> = Vec::new();
    for e in catalogue::entries() {
        if !tools.contains(&e.tool) {
            tools.push(e.tool);
        }
    }
    for tool in tools {
        out.push_str(&format!(
            "\n## {tool}\n\n| Id | Message | Codes | Explanation | Other causes | Source |\n|---|---|---|---|---|---|\n"
        ));
        for e in catalogue::entries().filter(|e| e.tool == tool) {
            let mut codes: Vec<String> = e.codes.iter().map(|c| format!("`{c}`")).collect();
            codes.extend(e.facts.iter().map(|f| f.describe()));
            out.push_str(&format!(
                "| `{}` | `{}` | {} | {} | {} | {} |\n",
                e.id,
                cell(e.message),
                cell(&codes.join(", ")),
                cell(e.explanation),
                cell(e.other_causes),
                e.source
            ));
        }
    }
    out
}

const SCHEMA_DOC: &str = "## `ocilens explain-error`\n\n\
`ocilens explain-error \"TEXT\" [FILE] [--json]` (TEXT `-` reads standard input). Exit status: **0** the \
text was recognised, **1** it was not, **2** trouble (usage, or FILE could not be read). With FILE the \
exit status still says only whether the text was recognised; whether the image explains it is in the \
output (`in_image.applies`).\n\n\
`--json` prints `ocilens.explain-error/v1`: `schema`; `recognised` (bool); `matches[]`, most specific \
first (with FILE, those that apply first), each `{id, tool, message, codes[], explanation, other_causes, \
source}` plus, with FILE, `in_image: {applies, findings[]: {index, code, severity, message, where}, \
facts[]}`; with FILE, `image: {name, format, findings}`; when nothing matched, `advice`. Fields are only \
added in v1, never renamed or removed.";

#[cfg(test)]
mod tests;
