//! "Paste your error": what the page shows for pasted text. The text lives
//! only in the page's memory ([`super::state::Shell::pasted`]); it is never
//! put in the URL, a route or a share link. Matching is the engine's
//! ([`crate::engine::errors`]), linear in the text and cheap for what a user
//! pastes, so it runs on the page thread; text past [`MAX_PASTE`] bytes is
//! not looked at (the page says so).

use crate::engine::errors::{explain, explain_in, Explanation};
use crate::engine::finding::Code;
use crate::engine::report::Report;

/// The most pasted bytes matched (a log excerpt is a few KB).
pub const MAX_PASTE: usize = 64 * 1024;

/// The first [`MAX_PASTE`] bytes of `text`, cut at a character boundary, and
/// whether anything was cut.
pub fn clip(text: &str) -> (&str, bool) {
    if text.len() <= MAX_PASTE {
        return (text, false);
    }
    let mut end = MAX_PASTE;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (text.get(..end).unwrap_or(""), true)
}

/// What the panel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pasted {
    /// The answer.
    pub answer: Explanation,
    /// The text was longer than [`MAX_PASTE`] and only its start was read.
    pub clipped: bool,
}

/// The answer for `text`, against `report` when an image is loaded; `None`
/// when the text is blank.
pub fn explain_paste(text: &str, report: Option<&Report>) -> Option<Pasted> {
    if text.trim().is_empty() {
        return None;
    }
    let (text, clipped) = clip(text);
    let answer = match report {
        Some(r) => explain_in(text, r),
        None => explain(text),
    };
    Some(Pasted { answer, clipped })
}

/// The route of a finding code's card in the Findings view (`#/findings/<code>`).
pub fn finding_href(code: Code) -> String {
    format!("#/findings/{}", code.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_cuts_at_a_char_boundary() {
        let long = "é".repeat(MAX_PASTE); // 2 bytes each
        let (c, cut) = clip(&long);
        assert!(cut && c.len() <= MAX_PASTE && c.len() >= MAX_PASTE - 1);
        assert_eq!(clip("short"), ("short", false));
    }

    #[test]
    fn blank_text_shows_nothing_and_a_message_shows_its_codes() {
        assert!(explain_paste("  \n", None).is_none());
        let p = explain_paste("ctr: image might be filtered out", None).unwrap();
        assert!(p.answer.recognised && !p.clipped);
        assert!(p.answer.matches[0].in_image.is_none());
        let p = explain_paste("hello", None).unwrap();
        assert!(!p.answer.recognised);
        assert_eq!(
            finding_href(Code::CompatibilityZstd),
            "#/findings/compatibility.zstd"
        );
    }
}
