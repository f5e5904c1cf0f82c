//! Disagreements between a real tool and ocilens's verdict that are not
//! bugs in the rules, each with its reason. `tests/load_oracle.rs` fails
//! when a disagreement is not listed here, and when a listed one no longer
//! happens (so the list cannot go stale).

/// One documented disagreement.
pub struct Exception {
    /// The recorded input (`tests/fixtures/NAME` or `case:NAME`).
    pub input: &'static str,
    /// The column's label (`observe::COLUMNS`).
    pub column: &'static str,
    /// Why the tool and the rules differ here, and why the rule stays.
    pub reason: &'static str,
}

/// The documented disagreements.
pub const EXCEPTIONS: &[Exception] = &[];
