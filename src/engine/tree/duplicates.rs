//! Duplicates: identical bytes at two or more paths of the final file system
//! (same size and content hash). Not waste, since every copy is visible, but
//! space a single copy would save. Regular files only: a hard link shares its
//! target's bytes and so is never a duplicate of it; empty files and files
//! without a hash (their body could not be read whole) are left out.

use super::efficiency::Duplicate;
use super::entry::{ContentHash, Kind, LayerEntry};
use std::collections::HashMap;

/// At most this many groups are listed (most bytes to gain first).
pub const MAX_GROUPS: usize = 1000;
/// At most this many paths are listed per group (sorted); `paths_total` counts all.
pub const MAX_PATHS: usize = 100;

/// The groups found, capped, with the counts over all of them.
#[derive(Debug, Default)]
pub struct Found {
    /// The groups, by bytes to gain (`bytes × (paths − 1)`), then size, then first path.
    pub groups: Vec<Duplicate>,
    /// How many groups there are.
    pub total: u64,
    /// The bytes one copy per group would save, over every group.
    pub bytes: u64,
}

/// The duplicate groups among the entries of a final file system.
pub fn find<'a>(fs: impl Iterator<Item = &'a LayerEntry>) -> Found {
    let mut by_content: HashMap<(u64, ContentHash), Vec<&'a str>> = HashMap::new();
    for e in fs.filter(|e| e.kind == Kind::File && e.size > 0) {
        if let Some(h) = e.hash {
            by_content
                .entry((e.size, h))
                .or_default()
                .push(e.path.as_str());
        }
    }
    let mut found = Found::default();
    let mut groups: Vec<(u64, Duplicate)> = Vec::new();
    for ((size, _), mut paths) in by_content.into_iter().filter(|(_, p)| p.len() > 1) {
        let n = paths.len() as u64;
        let gain = size.saturating_mul(n - 1);
        found.total += 1;
        found.bytes = found.bytes.saturating_add(gain);
        paths.sort_unstable();
        paths.truncate(MAX_PATHS);
        let group = Duplicate {
            bytes: size,
            paths: paths.into_iter().map(str::to_string).collect(),
            paths_total: n,
        };
        groups.push((gain, group));
        if groups.len() >= 2 * MAX_GROUPS {
            sort_groups(&mut groups);
            groups.truncate(MAX_GROUPS);
        }
    }
    sort_groups(&mut groups);
    groups.truncate(MAX_GROUPS);
    found.groups = groups.into_iter().map(|(_, g)| g).collect();
    found
}

fn sort_groups(groups: &mut [(u64, Duplicate)]) {
    groups.sort_by(|(ga, a), (gb, b)| {
        gb.cmp(ga)
            .then(b.bytes.cmp(&a.bytes))
            .then_with(|| a.paths.cmp(&b.paths))
    });
}
