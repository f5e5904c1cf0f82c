//! What shows each cause, gathered while the levels are compared: a few
//! examples per cause (the rest counted), so the evidence stays a line or two
//! however many layers and files differ.

use super::schema::Cause;
use std::collections::BTreeMap;

/// Examples kept per cause.
const KEEP: usize = 3;

/// The evidence gathered so far.
#[derive(Debug, Default)]
pub struct Evidence {
    by_cause: BTreeMap<Cause, (Vec<String>, u64)>,
    /// A layer pair could not be compared by entries (a side was not read).
    pub unread: u64,
}

impl Evidence {
    /// Records that `cause` applies, shown by `why`.
    pub fn add(&mut self, cause: Cause, why: String) {
        let (kept, n) = self.by_cause.entry(cause).or_default();
        *n += 1;
        if kept.len() < KEEP && !kept.contains(&why) {
            kept.push(why);
        }
    }

    /// A pair of layers whose entries are not in the report.
    pub fn note_unread(&mut self) {
        self.unread += 1;
    }

    /// The causes found, in the fixed order.
    pub fn causes(&self) -> impl Iterator<Item = Cause> + '_ {
        self.by_cause.keys().copied()
    }

    /// Whether `cause` was found.
    pub fn has(&self, cause: Cause) -> bool {
        self.by_cause.contains_key(&cause)
    }

    /// The evidence of `cause` in one line: the examples, `; `-separated,
    /// and how many more there are.
    pub fn line(&self, cause: Cause) -> String {
        let Some((kept, n)) = self.by_cause.get(&cause) else {
            return String::new();
        };
        let mut s = kept.join("; ");
        let more = n.saturating_sub(kept.len() as u64);
        if more > 0 {
            s.push_str(&format!("; and {more} more"));
        }
        s
    }
}
