//! Measures share links on every fixture (`tests/fixtures/*.tar*`), with no
//! focus and focused on the first finding, the first layer and the first path:
//!
//! - `compact`: the link [`encode`] makes (the compact one-letter schema,
//!   zlib level 9, base64url);
//! - `report 9`, `report 10`: the same content as serde JSON of the shrunk
//!   [`Report`] itself (with the focus and the drops beside it), zlib at
//!   level 9 and at miniz's best level, 10, base64url;
//! - two columns that say where the difference comes from: `report, no
//!   texts` is `report 9` with every finding's explanation and spec left out
//!   (what the compact form gets from the catalogue), and `compact, texts` is
//!   the compact form with every finding's severity, check, explanation and
//!   spec written out (short keys only).
//!
//! The shrunk report is what the link decodes to, so every form carries the
//! same report, focus and drops (every fixture's link fits at the first drop
//! step, so no form is helped by dropping more). Prints the Markdown table of
//! `docs/share-links.md`: `cargo run --release --example share_sizes`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a developer tool over the repository's own fixtures; it fails loudly"
)]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ocilens::engine::report::Report;
use ocilens::engine::share::{decode, encode, Dropped, Focus, Shared};
use ocilens::engine::{inspect, NullSink, Options};
use serde::Serialize;
use std::io::Cursor;

/// The payload of the plain form: the shrunk report, the focus and the drops.
#[derive(Serialize)]
struct Plain<'a> {
    report: &'a Report,
    #[serde(skip_serializing_if = "Option::is_none")]
    focus: Option<&'a Focus>,
    dropped: &'a Dropped,
}

/// The compact payload of `link` with every finding's catalogue fields written out.
fn compact_with_texts(link: &str, shared: &Shared) -> Vec<u8> {
    let packed = URL_SAFE_NO_PAD.decode(&link["r=1.".len()..]).unwrap();
    let json = miniz_oxide::inflate::decompress_to_vec_zlib(&packed).unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    if let Some(fs) = v.get_mut("f").and_then(|f| f.as_array_mut()) {
        for (f, full) in fs.iter_mut().zip(&shared.report.findings) {
            f["s"] = serde_json::to_value(full.severity).unwrap();
            f["k"] = serde_json::to_value(full.check).unwrap();
            f["e"] = full.explanation.clone().into();
            f["p"] = full.spec.clone().into();
        }
    }
    serde_json::to_vec(&v).unwrap()
}

fn plain(report: &Report, shared: &Shared) -> Vec<u8> {
    serde_json::to_vec(&Plain {
        report,
        focus: shared.focus.as_ref(),
        dropped: &shared.dropped,
    })
    .unwrap()
}

fn fragment(json: &[u8], level: u8) -> usize {
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(json, level);
    "r=2.".len() + URL_SAFE_NO_PAD.encode(packed).len()
}

/// The focuses the share test tries: none, the first finding, the first
/// layer, the first path of the first layer's tree.
fn focuses(r: &Report) -> Vec<(&'static str, Focus)> {
    let mut out = Vec::new();
    if !r.findings.is_empty() {
        out.push(("finding", Focus::Finding(0)));
    }
    if !r.images.is_empty() {
        out.push(("layer", Focus::Layer { image: 0, layer: 0 }));
    }
    let path = r
        .tree
        .as_ref()
        .and_then(|t| t.layers.first())
        .and_then(|l| {
            l.entries.first().map(|e| Focus::Path {
                image: l.image,
                layer: Some(l.layer),
                path: e.path.clone(),
            })
        });
    if let Some(p) = path {
        out.push(("path", p));
    }
    out
}

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains(".tar"))
        .collect();
    names.sort();
    println!(
        "| fixture | focus | compact | report 9 | report 10 | compact saves | report, no texts | compact, texts |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    let (mut sum_c, mut sum_9, mut sum_10, mut sum_nt, mut sum_ct) = (0usize, 0, 0, 0, 0);
    let mut worst: Option<(f64, String)> = None;
    let mut least: Option<(f64, String)> = None;
    let mut links = 0;
    let (mut max_c, mut max_9) = (0, 0);
    for name in &names {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let o = Options {
            tree: true,
            name: name.clone(),
            ..Options::default()
        };
        let r = inspect(Cursor::new(bytes), &o, &mut NullSink).expect("readable");
        let mut cases: Vec<(&str, Option<Focus>)> = vec![("none", None)];
        cases.extend(focuses(&r).into_iter().map(|(k, f)| (k, Some(f))));
        for (kind, focus) in cases {
            let (link, dropped) = encode(&r, focus.as_ref());
            let shared = decode(&link).unwrap();
            assert_eq!(shared.dropped, dropped);
            let json = plain(&shared.report, &shared);
            let (c, p9, p10) = (link.len(), fragment(&json, 9), fragment(&json, 10));
            let mut no_texts = shared.report.clone();
            for f in &mut no_texts.findings {
                f.explanation.clear();
                f.spec.clear();
            }
            let nt = fragment(&plain(&no_texts, &shared), 9);
            let ct = fragment(&compact_with_texts(&link, &shared), 9);
            let saves = 1.0 - c as f64 / p9.min(p10) as f64;
            println!(
                "| {name} | {kind} | {c} | {p9} | {p10} | {:.1} % | {nt} | {ct} |",
                saves * 100.0
            );
            let at = format!("{name}, focus {kind}");
            if worst.as_ref().is_none_or(|(s, _)| saves > *s) {
                worst = Some((saves, at.clone()));
            }
            if least.as_ref().is_none_or(|(s, _)| saves < *s) {
                least = Some((saves, at));
            }
            sum_c += c;
            sum_9 += p9;
            sum_10 += p10;
            sum_nt += nt;
            max_c = max_c.max(c);
            max_9 = max_9.max(p9.min(p10));
            sum_ct += ct;
            links += 1;
        }
    }
    let best = sum_9.min(sum_10);
    println!();
    println!("{links} links over {} fixtures.", names.len());
    println!(
        "Total: compact {sum_c} bytes, report at level 9 {sum_9}, at level 10 {sum_10}: \
         the compact form saves {:.1} % of the report form's best total.",
        (1.0 - sum_c as f64 / best as f64) * 100.0
    );
    println!("Largest link: compact {max_c} bytes, report {max_9} (budget 8000).");
    println!(
        "Where it comes from: the report without explanation and spec totals {sum_nt} \
         (the compact form saves {:.1} % of that); the compact form with every catalogue \
         field written out totals {sum_ct} ({:.1} % under the report form).",
        (1.0 - sum_c as f64 / sum_nt as f64) * 100.0,
        (1.0 - sum_ct as f64 / best as f64) * 100.0
    );
    if let (Some((w, wa)), Some((l, la))) = (worst, least) {
        println!(
            "Per link: the compact form saves at most {:.1} % ({wa}) and at least {:.1} % ({la}).",
            w * 100.0,
            l * 100.0
        );
    }
}
