//! The side-by-side table of `tests/oracle/README.md`: for each image of each waste
//! fixture, the reference's numbers (analysis.md §1, what ocilens must report) beside
//! dive's and LayerX's rules ([`super::peers`]).

use super::archive::{images, FIXTURES};
use super::peers;
use super::reference::{Merged, WasteKind};
use std::collections::BTreeMap;

/// Where the generated table sits in the README.
pub const BEGIN: &str =
    "<!-- waste-table:begin (OCILENS_BLESS=1 cargo test --test waste_oracle) -->";
/// Its end.
pub const END: &str = "<!-- waste-table:end -->";

fn kinds(m: &Merged) -> String {
    let mut by: BTreeMap<WasteKind, u64> = BTreeMap::new();
    for it in &m.items {
        *by.entry(it.kind).or_default() += it.bytes;
    }
    let parts: Vec<String> = by
        .iter()
        .map(|(k, b)| format!("{} {b}", k.name()))
        .collect();
    if parts.is_empty() {
        "—".into()
    } else {
        parts.join(", ")
    }
}

fn duplicates(m: &Merged) -> String {
    let d = m.duplicates();
    if d.is_empty() {
        return "—".into();
    }
    d.iter()
        .map(|(bytes, paths)| format!("{bytes} × {}", paths.len()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The table, one row per (fixture, image).
pub fn render() -> String {
    let mut out = String::from(
        "| fixture | image | total | final | ocilens wasted (by kind) | score | duplicates | dive wasted | dive score | LayerX wasted | LayerX score |\n\
         |---|---|--:|--:|---|--:|---|--:|--:|--:|--:|\n",
    );
    for f in FIXTURES {
        for img in images(&f.bytes()) {
            let m = Merged::new(&img.layers);
            let d = peers::dive(&m.layers);
            let x = peers::layerx(&m.layers);
            out += &format!(
                "| {} | `{}` | {} | {} | {} ({}) | {:.3} | {} | {} | {:.3} | {} | {:.3} |\n",
                f.name,
                img.reference,
                m.total_bytes,
                m.final_bytes(),
                m.wasted_bytes(),
                kinds(&m),
                m.score(),
                duplicates(&m),
                d.wasted,
                d.score,
                x.wasted,
                x.score,
            );
        }
    }
    out
}
