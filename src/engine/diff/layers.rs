//! The layers matched: by digest, then by DiffID, then by identical file
//! lists; what is left is paired by shared paths (a layer edited between
//! builds), then by position, and the rest is only in one image. Each pair
//! gets its [`MatchKind`] and the causes that apply to it.

use super::evidence::Evidence;
use super::files::{what, PERMISSIONS};
use super::schema::{Cause, LayerPair, MatchKind, What};
use crate::engine::report::{LayerInfo, Report};
use crate::engine::tree::entry::{Kind, LayerEntry};
use std::collections::{BTreeMap, HashSet};
use xxhash_rust::xxh3::xxh3_64;

/// One layer of one side: its report row and its entries (when it was read).
pub struct LayerView<'r> {
    /// The layer's row in `images[].layers[]`.
    pub info: &'r LayerInfo,
    /// Its entries (tar order, markers first), from the report's tree.
    pub entries: Option<&'r [LayerEntry]>,
}

impl LayerView<'_> {
    /// The DiffID: computed, else declared.
    pub fn diff_id(&self) -> Option<&str> {
        let d = &self.info.diff_id;
        d.computed.as_deref().or(d.declared.as_deref())
    }
}

/// The layers of image `image` of `r`, with their entries.
pub fn views(r: &Report, image: u32) -> Vec<LayerView<'_>> {
    let img = r.images.get(image as usize);
    let tree = r.tree.as_ref();
    img.map(|img| {
        img.layers
            .iter()
            .map(|info| LayerView {
                info,
                entries: tree.and_then(|t| {
                    t.layers
                        .iter()
                        .find(|l| l.image == image && l.layer == info.index)
                        .map(|l| l.entries.as_slice())
                }),
            })
            .collect()
    })
    .unwrap_or_default()
}

/// An order-independent fingerprint of a layer's entry list: the count and
/// the sum of each entry's xxh3-64 over path, type, permissions, owner,
/// size, content hash, link and mtime.
fn fingerprint(entries: &[LayerEntry]) -> (usize, u64) {
    let mut b = Vec::with_capacity(256);
    let sum = entries.iter().fold(0u64, |acc, e| {
        b.clear();
        b.extend_from_slice(e.path.as_bytes());
        b.push(0);
        b.push(e.kind as u8);
        b.extend_from_slice(&(e.mode & PERMISSIONS).to_le_bytes());
        b.extend_from_slice(&e.uid.to_le_bytes());
        b.extend_from_slice(&e.gid.to_le_bytes());
        b.extend_from_slice(&e.size.to_le_bytes());
        b.extend_from_slice(&e.hash.unwrap_or_default());
        b.extend_from_slice(e.link.as_deref().unwrap_or("\0").as_bytes());
        b.extend_from_slice(&e.mtime.to_le_bytes());
        acc.wrapping_add(xxh3_64(&b))
    });
    (entries.len(), sum)
}

/// Paths a layer writes that are not directories, sorted, without repeats.
fn file_paths(entries: &[LayerEntry]) -> Vec<&str> {
    let mut v: Vec<&str> = entries
        .iter()
        .filter(|e| e.kind != Kind::Dir)
        .map(|e| e.path.as_str())
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Two sorted path lists share a path.
fn share(a: &[&str], b: &[&str]) -> bool {
    let (mut x, mut y) = (a.iter().peekable(), b.iter().peekable());
    while let (Some(p), Some(q)) = (x.peek(), y.peek()) {
        match p.cmp(q) {
            std::cmp::Ordering::Less => {
                x.next();
            }
            std::cmp::Ordering::Greater => {
                y.next();
            }
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// One row of the matching: index in `a`, index in `b`, how they match.
pub type Pairing = (Option<usize>, Option<usize>, MatchKind);

/// A key a layer may be matched by.
type Key<'k> = &'k dyn Fn(&LayerView<'_>) -> Option<String>;

/// Pairs the layers still free that have the same `key`, in `a`'s order
/// (each key computed once per layer).
fn by_key(
    a: &[LayerView<'_>],
    b: &[LayerView<'_>],
    used: &mut (HashSet<usize>, HashSet<usize>),
    key: Key<'_>,
    kind: MatchKind,
    out: &mut Vec<Pairing>,
) {
    let free =
        |n: usize, used: &HashSet<usize>| (0..n).filter(|i| !used.contains(i)).collect::<Vec<_>>();
    let keys_b: Vec<(usize, Option<String>)> = free(b.len(), &used.1)
        .into_iter()
        .map(|j| (j, b.get(j).and_then(key)))
        .collect();
    for i in free(a.len(), &used.0) {
        let Some(k) = a.get(i).and_then(key) else {
            continue;
        };
        let found = keys_b
            .iter()
            .find(|(j, kb)| !used.1.contains(j) && kb.as_deref() == Some(&k))
            .map(|(j, _)| *j);
        if let Some(j) = found {
            used.0.insert(i);
            used.1.insert(j);
            out.push((Some(i), Some(j), kind));
        }
    }
}

/// Pairs `a` with `b`, unsorted.
pub fn pair(a: &[LayerView<'_>], b: &[LayerView<'_>]) -> Vec<Pairing> {
    let mut out = Vec::new();
    let mut used = (HashSet::new(), HashSet::new());
    let digest = |l: &LayerView<'_>| l.info.digest.clone();
    by_key(a, b, &mut used, &digest, MatchKind::SameDigest, &mut out);
    let diff_id = |l: &LayerView<'_>| l.diff_id().map(str::to_string);
    by_key(a, b, &mut used, &diff_id, MatchKind::SameDiffId, &mut out);
    let files = |l: &LayerView<'_>| {
        l.entries
            .filter(|e| !e.is_empty())
            .map(|e| format!("{:?}", fingerprint(e)))
    };
    by_key(a, b, &mut used, &files, MatchKind::SameFiles, &mut out);
    // what is left: a shared non-directory path, then the same position
    let paths_b: Vec<Vec<&str>> = b
        .iter()
        .enumerate()
        .map(|(j, l)| match used.1.contains(&j) {
            true => Vec::new(),
            false => l.entries.map(file_paths).unwrap_or_default(),
        })
        .collect();
    for (i, la) in a.iter().enumerate() {
        if used.0.contains(&i) {
            continue;
        }
        let pa = la.entries.map(file_paths).unwrap_or_default();
        let found = paths_b
            .iter()
            .enumerate()
            .position(|(j, pb)| !used.1.contains(&j) && share(&pa, pb));
        if let Some(j) = found {
            used.0.insert(i);
            used.1.insert(j);
            out.push((Some(i), Some(j), MatchKind::Changed));
        }
    }
    for i in 0..a.len().min(b.len()) {
        if !used.0.contains(&i) && !used.1.contains(&i) {
            used.0.insert(i);
            used.1.insert(i);
            out.push((Some(i), Some(i), MatchKind::Changed));
        }
    }
    out.extend(
        (0..a.len())
            .filter(|i| !used.0.contains(i))
            .map(|i| (Some(i), None, MatchKind::OnlyA)),
    );
    out.extend(
        (0..b.len())
            .filter(|j| !used.1.contains(j))
            .map(|j| (None, Some(j), MatchKind::OnlyB)),
    );
    out
}

/// How two layers' entry lists differ.
#[derive(Debug, Default)]
struct Delta {
    added: u64,
    removed: u64,
    what: BTreeMap<What, u64>,
    example: BTreeMap<What, String>,
}

/// Compares two entry lists by path (markers apart from entries; the last
/// entry of a path wins, as when the layer is applied).
/// An entry's key in [`delta`]: markers apart from entries.
fn key(e: &LayerEntry) -> (bool, &str) {
    (
        matches!(e.kind, Kind::Whiteout | Kind::Opaque),
        e.path.as_str(),
    )
}

/// The entries by key, the last of each key (as when the layer is applied).
fn last_by_key(entries: &[LayerEntry]) -> Vec<&LayerEntry> {
    let mut v: Vec<&LayerEntry> = entries.iter().collect();
    // stable: equal keys keep their tar order, and the last one is kept
    v.sort_by(|x, y| key(x).cmp(&key(y)));
    let mut out: Vec<&LayerEntry> = Vec::with_capacity(v.len());
    for e in v {
        match out.last_mut() {
            Some(last) if key(last) == key(e) => *last = e,
            _ => out.push(e),
        }
    }
    out
}

/// Compares two entry lists by path, one sorted pass (markers apart from
/// entries; the last entry of a path wins).
fn delta(a: &[LayerEntry], b: &[LayerEntry]) -> Delta {
    let (sa, sb) = (last_by_key(a), last_by_key(b));
    let mut d = Delta::default();
    let (mut x, mut y) = (sa.iter().peekable(), sb.iter().peekable());
    loop {
        match (x.peek(), y.peek()) {
            (None, None) => break,
            (Some(_), None) => {
                d.removed += 1;
                x.next();
            }
            (None, Some(_)) => {
                d.added += 1;
                y.next();
            }
            (Some(ea), Some(eb)) => match key(ea).cmp(&key(eb)) {
                std::cmp::Ordering::Less => {
                    d.removed += 1;
                    x.next();
                }
                std::cmp::Ordering::Greater => {
                    d.added += 1;
                    y.next();
                }
                std::cmp::Ordering::Equal => {
                    for w in what(ea, eb) {
                        *d.what.entry(w).or_default() += 1;
                        d.example.entry(w).or_insert_with(|| ea.path.clone());
                    }
                    x.next();
                    y.next();
                }
            },
        }
    }
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

/// The causes of one pair, with their evidence.
pub fn classify(
    la: Option<&LayerView<'_>>,
    lb: Option<&LayerView<'_>>,
    kind: MatchKind,
    ev: &mut Evidence,
) -> LayerPair {
    let (ia, ib) = (la.map(|l| l.info.index), lb.map(|l| l.info.index));
    let at = label(ia, ib);
    let mut causes = Vec::new();
    let mut add = |c: Cause, why: String, causes: &mut Vec<Cause>| {
        if !causes.contains(&c) {
            causes.push(c);
        }
        ev.add(c, format!("{at}: {why}"));
    };
    match (kind, la, lb) {
        (MatchKind::SameDigest, _, _) => {}
        (MatchKind::SameDiffId, Some(x), Some(y)) => {
            let codec = |l: &LayerView<'_>| l.info.compression.map_or("?", |c| c.as_str());
            add(
                Cause::Compression,
                format!(
                    "the same DiffID stored as {} ({}) and {} ({})",
                    codec(x),
                    size(x.info.size),
                    codec(y),
                    size(y.info.size)
                ),
                &mut causes,
            );
        }
        (MatchKind::SameFiles | MatchKind::Changed, Some(x), Some(y)) => {
            let (Some(ea), Some(eb)) = (x.entries, y.entries) else {
                ev.note_unread();
                return LayerPair {
                    a: ia,
                    b: ib,
                    kind,
                    causes,
                };
            };
            let d = delta(ea, eb);
            if d.added + d.removed > 0 {
                add(
                    Cause::Content,
                    format!(
                        "{} only in a, {} only in b",
                        entries(d.removed),
                        entries(d.added)
                    ),
                    &mut causes,
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
                    add(
                        c,
                        format!("{} differ in {} (e.g. `{ex}`)", entries(*n), w.as_str()),
                        &mut causes,
                    );
                }
            }
            if d.added + d.removed == 0 {
                tar_causes(x, y, causes.is_empty(), &mut |c, why| {
                    add(c, why, &mut causes)
                });
            }
            if x.info.compression != y.info.compression && kind == MatchKind::SameFiles {
                let codec = |l: &LayerView<'_>| l.info.compression.map_or("?", |c| c.as_str());
                add(
                    Cause::Compression,
                    format!("stored as {} and {}", codec(x), codec(y)),
                    &mut causes,
                );
            }
        }
        (MatchKind::OnlyA | MatchKind::OnlyB, l, r) => {
            let one = l.or(r);
            let n = one.and_then(|l| l.entries).map_or(0, <[LayerEntry]>::len);
            if n > 0 {
                add(
                    Cause::Content,
                    format!("{} in a layer the other image lacks", entries(n as u64)),
                    &mut causes,
                );
            }
        }
        _ => {}
    }
    causes.sort();
    LayerPair {
        a: ia,
        b: ib,
        kind,
        causes,
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
