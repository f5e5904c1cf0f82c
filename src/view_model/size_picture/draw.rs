//! The geometry: rows of bars with their labels, titles and description.

use super::{
    Anchor, Bar, DirKind, DirRow, Fill, Label, LayerRow, Picture, COMMAND_CHARS, DIR_BAR_W,
    DIR_BAR_X, DIR_LABEL_CHARS, LAYER_BAR_W, LAYER_BAR_X, LAYER_COMMAND_X, LAYER_LABEL_X, MIN_BAR,
    PITCH, ROW_H, WIDTH,
};
use crate::view_model::format::{bytes, share};
use crate::view_model::links::truncate;

/// Longest `created_by` in a tooltip, in characters.
const TITLE_CHARS: usize = 200;
/// Indent of a subdirectory's label.
const INDENT: f64 = 14.0;
/// Rows named in a description at most.
const DESC_ROWS: usize = 6;

/// The top of row `k`, and its text baseline.
fn row_y(k: usize) -> (f64, f64) {
    let y = k as f64 * PITCH + 3.0;
    (y, y + ROW_H - 4.0)
}

/// A bar `w` wide for a non-zero size, at least [`MIN_BAR`].
fn width(bytes: u64, w: f64) -> f64 {
    if bytes == 0 {
        0.0
    } else {
        w.max(MIN_BAR)
    }
}

fn label(x: f64, y: f64, anchor: Anchor, text: String, muted: bool) -> Label {
    Label {
        x,
        y,
        anchor,
        text,
        muted,
    }
}

/// A picture of one line of text (nothing to draw).
fn empty(title: &str, text: &str) -> Picture {
    Picture {
        width: WIDTH,
        height: PITCH,
        title: title.into(),
        desc: text.into(),
        bars: Vec::new(),
        labels: vec![label(0.0, row_y(0).1, Anchor::Start, text.into(), true)],
    }
}

/// The layers, one row each (`rows`: the top of the stack first).
pub fn layers_picture(rows: &[LayerRow]) -> Picture {
    const TITLE: &str = "The layers, stacked by uncompressed size, wasted bytes hatched";
    if rows.is_empty() {
        return empty(TITLE, "This image has no layers.");
    }
    let max = rows.iter().filter_map(|r| r.bytes).max().unwrap_or(0);
    let scale = if max == 0 {
        0.0
    } else {
        LAYER_BAR_W / max as f64
    };
    let mut bars = Vec::new();
    let mut labels = Vec::new();
    for (k, row) in rows.iter().enumerate() {
        let (y, base) = row_y(k);
        labels.push(label(LAYER_LABEL_X, base, Anchor::End, row.label(), false));
        let text_x = LAYER_BAR_X + LAYER_BAR_W + 8.0;
        labels.push(label(
            text_x,
            base,
            Anchor::Start,
            row.text(),
            row.bytes.is_none(),
        ));
        if let Some(c) = row.command() {
            let c = truncate(&c, COMMAND_CHARS).0;
            labels.push(label(LAYER_COMMAND_X, base, Anchor::Start, c, true));
        }
        let Some(b) = row.bytes.filter(|b| *b > 0) else {
            continue;
        };
        let w = width(b, b as f64 * scale);
        let fill = if row.folded() {
            Fill::Fold
        } else {
            Fill::Layer
        };
        bars.push(Bar {
            x: LAYER_BAR_X,
            y,
            w,
            h: ROW_H,
            fill,
            bytes: b,
            title: layer_title(row),
        });
        if row.wasted > 0 {
            // at least MIN_BAR too, so that any waste is marked
            let ww = (w * (row.wasted.min(b) as f64 / b as f64))
                .max(MIN_BAR)
                .min(w);
            bars.push(Bar {
                x: LAYER_BAR_X + w - ww,
                y,
                w: ww,
                h: ROW_H,
                fill: Fill::Waste,
                bytes: row.wasted,
                title: format!(
                    "{}: {} wasted (hidden by a later layer)",
                    row.label(),
                    bytes(row.wasted)
                ),
            });
        }
    }
    Picture {
        width: WIDTH,
        height: rows.len() as f64 * PITCH + 4.0,
        title: TITLE.into(),
        desc: layers_desc(rows),
        bars,
        labels,
    }
}

fn layer_title(row: &LayerRow) -> String {
    let mut t = format!("{}: {}", row.label(), row.text());
    if let Some(c) = row.created_by.as_deref().filter(|c| !c.is_empty()) {
        t.push_str(" — ");
        t.push_str(&truncate(c, TITLE_CHARS).0);
    }
    t
}

/// The layers picture in words.
fn layers_desc(rows: &[LayerRow]) -> String {
    let layers: u64 = rows.iter().map(|r| u64::from(r.last - r.first) + 1).sum();
    let total = rows
        .iter()
        .filter_map(|r| r.bytes)
        .fold(0u64, u64::saturating_add);
    let mut d = format!(
        "{layers} layer(s), {} uncompressed in all, from the last layer (top) to the base (bottom).",
        bytes(total)
    );
    let mut by_size: Vec<&LayerRow> = rows.iter().filter(|r| r.bytes.is_some()).collect();
    by_size.sort_by_key(|r| (std::cmp::Reverse(r.bytes), r.first));
    if let Some(big) = by_size.first().filter(|_| total > 0) {
        let b = big.bytes.unwrap_or(0);
        d.push_str(&format!(
            " Largest: {} with {} ({}).",
            big.label(),
            bytes(b),
            share(b as f64 / total as f64)
        ));
    }
    let wasted: u64 = rows.iter().fold(0, |a, r| a.saturating_add(r.wasted));
    let worst = rows
        .iter()
        .filter(|r| r.wasted > 0)
        .max_by_key(|r| (r.wasted, std::cmp::Reverse(r.first)));
    match worst {
        Some(w) => d.push_str(&format!(
            " Wasted: {} (hidden by later layers), most of it in {} ({}).",
            bytes(wasted),
            w.label(),
            bytes(w.wasted)
        )),
        None => d.push_str(" No bytes are wasted."),
    }
    let unread = rows.iter().filter(|r| r.bytes.is_none()).count();
    if unread > 0 {
        d.push_str(&format!(" {unread} row(s) not read yet."));
    }
    d
}

/// The largest directories (`rows`, of a final file system of `total` bytes).
pub fn dirs_picture(rows: &[DirRow], total: u64) -> Picture {
    const TITLE: &str = "The largest directories of the final file system";
    if rows.is_empty() {
        return empty(TITLE, "The final file system has no regular files.");
    }
    let mut bars = Vec::new();
    let mut labels = Vec::new();
    for (k, row) in rows.iter().enumerate() {
        let (y, base) = row_y(k);
        let indent = f64::from(row.depth) * INDENT;
        let muted = !matches!(row.kind, DirKind::Dir);
        let name = truncate(&row.label, DIR_LABEL_CHARS - usize::from(row.depth) * 2).0;
        labels.push(label(indent, base, Anchor::Start, name, muted));
        let text = format!("{} · {}", bytes(row.bytes), share(row.share));
        labels.push(label(
            DIR_BAR_X + DIR_BAR_W + 8.0,
            base,
            Anchor::Start,
            text,
            false,
        ));
        let w = width(row.bytes, row.share * DIR_BAR_W);
        if w > 0.0 {
            let fill = if row.depth == 0 {
                Fill::Dir
            } else {
                Fill::Subdir
            };
            let title = format!(
                "{}: {} ({} of {})",
                row.label,
                bytes(row.bytes),
                share(row.share),
                bytes(total)
            );
            bars.push(Bar {
                x: DIR_BAR_X,
                y,
                w,
                h: ROW_H,
                fill,
                bytes: row.bytes,
                title,
            });
        }
    }
    let named: Vec<String> = rows
        .iter()
        .filter(|r| r.depth == 0)
        .take(DESC_ROWS)
        .map(|r| format!("{} {} ({})", r.label, bytes(r.bytes), share(r.share)))
        .collect();
    Picture {
        width: WIDTH,
        height: rows.len() as f64 * PITCH + 4.0,
        title: TITLE.into(),
        desc: format!(
            "The final file system holds {} in regular files: {}.",
            bytes(total),
            named.join(", ")
        ),
        bars,
        labels,
    }
}
