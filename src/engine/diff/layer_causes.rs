//! The causes of one matched pair of layers: compression for the same
//! DiffID; for two entry lists, what differs entry by entry (content, mtime,
//! ownership, mode) and, with the same paths, how the tars were written
//! (`entry-order`, `tar-headers`, from each layer's `tar` facts).

use super::evidence::Evidence;
use super::files::what;
use super::layers::LayerView;
use super::schema::{Cause, LayerPair, MatchKind, What};
use crate::engine::tree::entry::{Kind, LayerEntry};
use std::collections::{BTreeMap, HashMap};

/// How two layers' entry lists differ.
#[derive(Debug, Default)]
struct Delta {
    added: u64,
    removed: u64,
    what: BTreeMap<What, u64>,
    example: BTreeMap<What, String>,
}

/// An entry's key in [`delta`]: markers apart from entries.
fn key(e: &LayerEntry) -> (bool, &str) {
    (
        matches!(e.kind, Kind::Whiteout | Kind::Opaque),
        e.path.as_str(),
    )
}

/// The entries by key, the last of each key (as when the layer is applied).
fn last_by_key(entries: &[LayerEntry]) -> HashMap<(bool, &str), &LayerEntry> {
    // std's keyed hasher: paths are hostile, a fixed hash could be flooded
    let mut m = HashMap::with_capacity(entries.len());
    for e in entries {
        m.insert(key(e), e);
    }
    m
}

/// Compares two entry lists by path (markers apart from entries; the last
/// entry of a path wins), hashing each side once; each example is the
/// first such path in path order.
fn delta(a: &[LayerEntry], b: &[LayerEntry]) -> Delta {
    if sorted(a) && sorted(b) {
        return delta_sorted(a, b);
    }
    let (ma, mb) = (last_by_key(a), last_by_key(b));
    let mut d = Delta::default();
    let mut matched = 0u64;
    for (k, eb) in &mb {
        let Some(ea) = ma.get(k) else {
            d.added += 1;
            continue;
        };
        matched += 1;
        for w in what(ea, eb) {
            *d.what.entry(w).or_default() += 1;
            match d.example.get_mut(&w) {
                Some(p) if ea.path.as_str() < p.as_str() => ea.path.clone_into(p),
                Some(_) => {}
                None => {
                    d.example.insert(w, ea.path.clone());
                }
            }
        }
    }
    d.removed = ma.len() as u64 - matched;
    d
}

/// Whether the entries come in key order (most tar writers walk sorted).
fn sorted(v: &[LayerEntry]) -> bool {
    v.windows(2).all(|w| match w {
        [x, y] => key(x) <= key(y),
        _ => true,
    })
}

/// [`delta`] of two lists already in key order: one merge-join, the last
/// entry of a key winning; the same result as the hashed way.
fn delta_sorted(a: &[LayerEntry], b: &[LayerEntry]) -> Delta {
    let last = |v: &[LayerEntry]| -> Vec<usize> {
        (0..v.len())
            .filter(|&i| match (v.get(i), v.get(i + 1)) {
                (Some(x), Some(y)) => key(x) != key(y),
                _ => true,
            })
            .collect()
    };
    let (sa, sb) = (last(a), last(b));
    let mut d = Delta::default();
    let (mut i, mut j) = (0, 0);
    while let (Some(ea), Some(eb)) = (
        sa.get(i).and_then(|&k| a.get(k)),
        sb.get(j).and_then(|&k| b.get(k)),
    ) {
        match key(ea).cmp(&key(eb)) {
            std::cmp::Ordering::Less => {
                d.removed += 1;
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                d.added += 1;
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                for w in what(ea, eb) {
                    *d.what.entry(w).or_default() += 1;
                    d.example.entry(w).or_insert_with(|| ea.path.clone());
                }
                i += 1;
                j += 1;
            }
        }
    }
    d.removed += (sa.len() - i.min(sa.len())) as u64;
    d.added += (sb.len() - j.min(sb.len())) as u64;
    d
}

/// The pair's label in evidence: `layer a1 ↔ b2`.
fn label(a: Option<u32>, b: Option<u32>) -> String {
    match (a, b) {
        (Some(x), Some(y)) => format!("layer a{x} ↔ b{y}"),
        (Some(x), None) => format!("layer a{x}"),
        (None, Some(y)) => format!("layer b{y}"),
        (None, None) => "layer".into(),
    }
}

/// The causes of one pair as they are found: each one once, each with its
/// evidence under the pair's label.
struct Found<'e> {
    at: String,
    causes: Vec<Cause>,
    ev: &'e mut Evidence,
}

impl Found<'_> {
    fn add(&mut self, c: Cause, why: String) {
        if !self.causes.contains(&c) {
            self.causes.push(c);
        }
        self.ev.add(c, format!("{}: {why}", self.at));
    }
}

/// A layer's codec, for evidence.
fn codec(l: &LayerView<'_>) -> &'static str {
    l.info.compression.map_or("?", |c| c.as_str())
}

/// The causes of one pair, with their evidence.
pub fn classify(
    la: Option<&LayerView<'_>>,
    lb: Option<&LayerView<'_>>,
    kind: MatchKind,
    ev: &mut Evidence,
) -> LayerPair {
    let (ia, ib) = (la.map(|l| l.info.index), lb.map(|l| l.info.index));
    let mut found = Found {
        at: label(ia, ib),
        causes: Vec::new(),
        ev,
    };
    match (kind, la, lb) {
        (MatchKind::SameDigest, _, _) => {}
        (MatchKind::SameDiffId, Some(x), Some(y)) => found.add(
            Cause::Compression,
            format!(
                "the same DiffID stored as {} ({}) and {} ({})",
                codec(x),
                size(x.info.size),
                codec(y),
                size(y.info.size)
            ),
        ),
        (MatchKind::SameFiles | MatchKind::Changed, Some(x), Some(y)) => {
            entry_causes(x, y, kind, &mut found);
        }
        (MatchKind::OnlyA | MatchKind::OnlyB, l, r) => {
            let n = l
                .or(r)
                .and_then(|l| l.entries)
                .map_or(0, <[LayerEntry]>::len);
            if n > 0 {
                found.add(
                    Cause::Content,
                    format!("{} in a layer the other image lacks", entries(n as u64)),
                );
            }
        }
        _ => {}
    }
    let mut causes = found.causes;
    causes.sort();
    LayerPair {
        a: ia,
        b: ib,
        kind,
        causes,
    }
}

/// The causes of two layers read entry by entry: what differs per entry,
/// then, with the same paths, how the tars were written, and the codec when
/// the files are the same. Layers whose entries the report lacks are noted
/// as unread.
fn entry_causes(x: &LayerView<'_>, y: &LayerView<'_>, kind: MatchKind, found: &mut Found<'_>) {
    let (Some(ea), Some(eb)) = (x.entries, y.entries) else {
        found.ev.note_unread();
        return;
    };
    let d = delta(ea, eb);
    if d.added + d.removed > 0 {
        found.add(
            Cause::Content,
            format!(
                "{} only in a, {} only in b",
                entries(d.removed),
                entries(d.added)
            ),
        );
    }
    for (w, c) in [
        (What::Content, Cause::Content),
        (What::Size, Cause::Content),
        (What::Type, Cause::Content),
        (What::Link, Cause::Content),
        (What::Mtime, Cause::Mtime),
        (What::Owner, Cause::Ownership),
        (What::Mode, Cause::Mode),
    ] {
        if let Some(n) = d.what.get(&w) {
            let ex = d.example.get(&w).cloned().unwrap_or_default();
            found.add(
                c,
                format!(
                    "{} differ{} in {} (e.g. `{ex}`)",
                    entries(*n),
                    if *n == 1 { "s" } else { "" },
                    w.as_str()
                ),
            );
        }
    }
    if d.added + d.removed == 0 {
        let nothing_else = found.causes.is_empty();
        tar_causes(x, y, nothing_else, &mut |c, why| found.add(c, why));
    }
    if x.info.compression != y.info.compression && kind == MatchKind::SameFiles {
        found.add(
            Cause::Compression,
            format!("stored as {} and {}", codec(x), codec(y)),
        );
    }
}

/// For two layers with the same paths: `entry-order` when the names come in
/// another order, `tar-headers` when they are encoded differently, or, when
/// nothing else explains other DiffIDs (`nothing_else`), `tar-headers` for
/// the bytes between the entries (padding, end blocks, number encodings).
fn tar_causes(
    x: &LayerView<'_>,
    y: &LayerView<'_>,
    nothing_else: bool,
    add: &mut dyn FnMut(Cause, String),
) {
    let (Some(fa), Some(fb)) = (&x.info.tar, &y.info.tar) else {
        return;
    };
    let mut found = false;
    if fa.order != fb.order {
        found = true;
        add(
            Cause::EntryOrder,
            "the same entries in another order".into(),
        );
    }
    if fa.headers != fb.headers {
        found = true;
        let style = |f: &crate::engine::report::TarFacts| {
            let mut parts = Vec::new();
            for (n, what) in [
                (f.ustar, "ustar"),
                (f.gnu, "GNU"),
                (f.v7, "v7"),
                (f.pax, "with PAX"),
                (f.gnu_long, "with GNU long names"),
                (f.xattrs, "with xattrs"),
                (f.type_bits, "with file-type bits in mode"),
                (f.owner_names, "with owner names"),
            ] {
                if n > 0 {
                    parts.push(format!("{n} {what}"));
                }
            }
            parts.join(", ")
        };
        let why = match style(fa) == style(fb) {
            true => {
                "the same entries with other owner names or xattrs in their headers".to_string()
            }
            false => format!("headers: a {}; b {}", style(fa), style(fb)),
        };
        add(Cause::TarHeaders, why);
    }
    let other_tar = x.diff_id() != y.diff_id();
    if !found && nothing_else && other_tar {
        add(
            Cause::TarHeaders,
            "the same entries and header styles, other bytes between them (padding, end-of-archive blocks or number encoding)".into(),
        );
    }
}

/// `1 entry`, `2 entries`.
fn entries(n: u64) -> String {
    match n {
        1 => "1 entry".into(),
        n => format!("{n} entries"),
    }
}

fn size(s: Option<u64>) -> String {
    s.map_or("? bytes".into(), |n| format!("{n} bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(path: &str, kind: Kind, size: u64, mtime: i64) -> LayerEntry {
        serde_json::from_value(serde_json::json!({
            "path": path, "kind": match kind { Kind::Whiteout => "whiteout", Kind::Dir => "dir", _ => "file" },
            "mode": 0o100644, "uid": 0, "gid": 0, "size": size, "mtime": mtime,
        }))
        .unwrap()
    }

    fn hashed(a: &[LayerEntry], b: &[LayerEntry]) -> Delta {
        // the hashed way on the same lists, reversed so they are not sorted
        let (mut ra, mut rb) = (a.to_vec(), b.to_vec());
        ra.reverse();
        rb.reverse();
        // reversing changes which duplicate is last: keep one entry per key
        ra.dedup_by(|x, y| key(x) == key(y));
        rb.dedup_by(|x, y| key(x) == key(y));
        delta(&ra, &rb)
    }

    #[test]
    fn the_merge_join_on_sorted_lists_agrees_with_the_hashed_way() {
        let a = vec![
            e("etc", Kind::Dir, 0, 1),
            e("etc/a", Kind::File, 1, 1),
            e("etc/b", Kind::File, 2, 1),
            e("etc/gone", Kind::File, 2, 1),
            e("usr/x", Kind::File, 5, 1),
        ];
        let b = vec![
            e("etc", Kind::Dir, 0, 2),
            e("etc/a", Kind::File, 1, 1),
            e("etc/b", Kind::File, 3, 1),
            e("etc/new", Kind::File, 2, 1),
            e("usr/x", Kind::File, 5, 9),
            e("usr/y", Kind::Whiteout, 0, 0),
        ];
        assert!(sorted(&a) && sorted(&b));
        let (m, h) = (delta(&a, &b), hashed(&a, &b));
        assert_eq!((m.added, m.removed), (2, 1));
        assert_eq!(
            (m.added, m.removed, &m.what, &m.example),
            (h.added, h.removed, &h.what, &h.example)
        );
        // the last of two entries at one path wins
        let twice = vec![e("f", Kind::File, 1, 1), e("f", Kind::File, 2, 1)];
        let once = vec![e("f", Kind::File, 2, 1)];
        assert!(delta(&twice, &once).what.is_empty());
    }
}
