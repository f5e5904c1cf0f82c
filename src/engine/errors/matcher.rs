//! Matching pasted text against the catalogue's patterns, in linear time.
//!
//! A pattern is a list of literal fragments that must appear in the
//! normalised text in that order (a glob `a*b*c`, never a regular
//! expression, never an eval). Both sides are normalised the same way
//! ([`normalise`]): ASCII letters lower-cased, every run of whitespace one
//! space, and the characters that logs and shells add or change around a
//! message dropped (`\`, straight and typographic quotes, backticks), so
//! `msg="… \"sha256:…\" …"` from logrus, a message wrapped over two terminal
//! lines and one pasted from a web page all read the same.
//!
//! Each fragment is searched from where the previous one ended
//! (`str::find`, a Two-Way search: linear in the text searched), so one
//! pattern reads every byte of the text at most once, plus its fragments'
//! lengths. [`Scan::steps`] counts exactly that, so a test can assert the
//! bound rather than time the run.

/// The characters dropped by [`normalise`].
fn dropped(c: char) -> bool {
    matches!(
        c,
        '\\' | '"' | '\'' | '`' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}'
    )
}

/// The text as the patterns are written: ASCII lower case, whitespace runs
/// as one space, no quotes or backslashes, trimmed. One pass, output no
/// longer than the input.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if dropped(c) {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The result of matching one normalised text against many patterns.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Scan {
    /// Bytes of text examined plus bytes of fragments compared, over every
    /// pattern tried: at most `patterns × (text length + fragment bytes)`.
    pub steps: u64,
}

impl Scan {
    /// Whether every fragment of `pattern` occurs in `text`, in order, each
    /// after the end of the one before. Counts the bytes examined.
    pub fn matches(&mut self, text: &str, pattern: &[&str]) -> bool {
        let mut from = 0usize;
        for fragment in pattern {
            let rest = text.get(from..).unwrap_or("");
            self.steps += fragment.len() as u64;
            match rest.find(fragment) {
                Some(at) => {
                    // the search read up to the end of the match
                    self.steps += (at + fragment.len()) as u64;
                    from += at + fragment.len();
                }
                None => {
                    self.steps += rest.len() as u64;
                    return false;
                }
            }
        }
        !pattern.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_folds_case_space_quotes_and_backslashes() {
        assert_eq!(
            normalise("  Error:\tLayer 0 \n (blob \\\"sha256:AB\\\")  does NOT “match” "),
            "error: layer 0 (blob sha256:ab) does not match"
        );
        assert_eq!(normalise("don't `x`"), "dont x");
        // non-ASCII passes through unchanged (only ASCII is folded)
        assert_eq!(normalise("ÉCHEC Ünïcode"), "Échec Ünïcode");
        assert_eq!(normalise(""), "");
        assert_eq!(normalise(" \n\t "), "");
    }

    #[test]
    fn fragments_must_appear_in_order_and_steps_are_bounded() {
        let mut scan = Scan::default();
        let text = "layer 3: blob is not correct mediatype: x";
        assert!(scan.matches(text, &["layer ", ": blob is not correct"]));
        assert!(!scan.matches(text, &[": blob is not correct", "layer "]));
        assert!(!scan.matches(text, &[]));
        let bound = 2 * (text.len() as u64 + 40);
        assert!(scan.steps <= bound, "{} > {bound}", scan.steps);
    }
}
