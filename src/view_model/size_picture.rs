//! A picture of the image's size, as SVG data: the layers stacked by
//! uncompressed size (the base at the bottom), the wasted part of each
//! marked (docs/efficiency.md), and the largest directories of the final
//! file system. Built here as rectangles and labels with their titles and an
//! accessible description; `web::components::size_picture` only writes
//! them out as `<svg>` elements.
//!
//! Bars are drawn to scale: a layer's bar is its uncompressed size over the
//! largest layer's, and its hatched end is its wasted bytes on the same
//! scale; a directory's bar is its share of the final file system. A bar
//! for a non-zero size is at least [`MIN_BAR`] wide, so that it stays
//! visible. Images with more than [`MAX_ROWS`] layers keep a row for each of
//! the largest and the most wasteful layers and fold the runs between them
//! into one row each, so that 100 layers stay readable.

pub mod dirs;
mod draw;
#[cfg(test)]
mod tests;

use crate::engine::report::{Image, TreeMerged};
use crate::view_model::format::bytes;
pub use dirs::{DirKind, DirRow};
use draw::{dirs_picture, layers_picture};
use std::cmp::Reverse;

/// Width of both pictures, in SVG user units.
pub const WIDTH: f64 = 960.0;
/// Height of a bar.
pub const ROW_H: f64 = 16.0;
/// From one row's top to the next.
pub const PITCH: f64 = 22.0;
/// The thinnest bar for a non-zero size.
pub const MIN_BAR: f64 = 1.0;
/// More layers than this are folded.
pub const MAX_ROWS: usize = 40;
/// Folded: the largest layers that keep a row.
pub const KEEP_LARGEST: usize = 16;
/// Folded: the most wasteful layers that keep a row, too.
pub const KEEP_WASTEFUL: usize = 4;

/// Layers picture: the labels end here, the bars start and span, the
/// command starts (after the size text).
const LAYER_LABEL_X: f64 = 64.0;
const LAYER_BAR_X: f64 = 72.0;
const LAYER_BAR_W: f64 = 380.0;
const LAYER_COMMAND_X: f64 = 652.0;
/// Longest command shown beside a bar, in characters (all of it is in the tooltip).
const COMMAND_CHARS: usize = 42;
/// Directories picture: the bars start and span (labels start at 0).
const DIR_BAR_X: f64 = 236.0;
const DIR_BAR_W: f64 = 300.0;
/// Longest directory label, in characters.
const DIR_LABEL_CHARS: usize = 30;

/// How a bar is painted (the component maps each to a CSS class).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// One layer.
    Layer,
    /// A run of folded layers.
    Fold,
    /// The wasted part of a layer (hatched).
    Waste,
    /// A top-level directory (or the files in `/`, or the rest).
    Dir,
    /// A subdirectory.
    Subdir,
}

/// Where a label is anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// `text-anchor: start`
    Start,
    /// `text-anchor: end`
    End,
}

/// A rectangle, with the tooltip it carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
    /// Paint.
    pub fill: Fill,
    /// The bytes it stands for.
    pub bytes: u64,
    /// Its `<title>`.
    pub title: String,
}

/// A line of text (the baseline at `y`).
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// Anchor point.
    pub x: f64,
    /// Baseline.
    pub y: f64,
    /// Which end `x` is.
    pub anchor: Anchor,
    /// The text (strings of the image only as text).
    pub text: String,
    /// Secondary text (drawn muted).
    pub muted: bool,
}

/// One SVG picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// `viewBox` width.
    pub width: f64,
    /// `viewBox` height.
    pub height: f64,
    /// Its accessible name (`<title>`).
    pub title: String,
    /// Everything it shows, in words (`<desc>`).
    pub desc: String,
    /// The bars, in drawing order.
    pub bars: Vec<Bar>,
    /// The labels.
    pub labels: Vec<Label>,
}

/// One row of the layers picture: a layer, or a run of folded layers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerRow {
    /// The first layer's index.
    pub first: u32,
    /// The last layer's index (`first` for one layer).
    pub last: u32,
    /// Uncompressed bytes; `None` while a layer of the row is not read.
    pub bytes: Option<u64>,
    /// Wasted bytes of the row's layers.
    pub wasted: u64,
    /// The `created_by` of the history entry that made the layer.
    pub created_by: Option<String>,
}

impl LayerRow {
    /// The row folds several layers.
    pub fn folded(&self) -> bool {
        self.last > self.first
    }

    /// `#3`, or `#5–37`.
    pub fn label(&self) -> String {
        if self.folded() {
            format!("#{}–{}", self.first, self.last)
        } else {
            format!("#{}", self.first)
        }
    }

    /// The command that made the layer, shortened for beside its bar:
    /// without Docker's `/bin/sh -c #(nop) ` prefix of metadata steps.
    pub fn command(&self) -> Option<String> {
        let c = self.created_by.as_deref()?.trim();
        let c = c
            .strip_prefix("/bin/sh -c #(nop)")
            .map_or(c, str::trim_start);
        (!c.is_empty()).then(|| c.to_string())
    }

    /// Size and waste in words: `12.4 MB, 2.10 MB wasted`.
    pub fn text(&self) -> String {
        let size = match self.bytes {
            Some(b) => bytes(b),
            None => "not read".into(),
        };
        let mut t = if self.folded() {
            format!("{} layers, {size}", self.last - self.first + 1)
        } else {
            size
        };
        if self.wasted > 0 {
            t.push_str(&format!(", {} wasted", bytes(self.wasted)));
        }
        t
    }
}

/// Both pictures of one image, and their rows as data (the table under
/// the picture and the tests read them).
#[derive(Debug, Clone, PartialEq)]
pub struct SizePicture {
    /// The layers picture.
    pub layers: Picture,
    /// Its rows, the last layer first (top of the stack).
    pub layer_rows: Vec<LayerRow>,
    /// The directories picture; `None` without the whole merged tree.
    pub dirs: Option<Picture>,
    /// Its rows, largest first.
    pub dir_rows: Vec<DirRow>,
}

impl SizePicture {
    /// The pictures of `img`; `merged` is its whole final file system, when
    /// the report has it (a share link carries only a few paths: `None`).
    pub fn build(img: &Image, merged: Option<&TreeMerged>) -> Self {
        let layer_rows = layer_rows(img);
        let layers = layers_picture(&layer_rows);
        let (dirs, dir_rows) = match merged {
            Some(m) => {
                let (rows, total) = dirs::largest(&m.entries);
                (Some(dirs_picture(&rows, total)), rows)
            }
            None => (None, Vec::new()),
        };
        SizePicture {
            layers,
            layer_rows,
            dirs,
            dir_rows,
        }
    }
}

/// The rows, top of the stack (the last layer) first, folded past [`MAX_ROWS`].
pub fn layer_rows(img: &Image) -> Vec<LayerRow> {
    let created_by = |i: u32| {
        img.config
            .history
            .iter()
            .find(|h| h.layer == Some(i))
            .and_then(|h| h.created_by.clone())
    };
    let one: Vec<LayerRow> = img
        .layers
        .iter()
        .enumerate()
        .map(|(n, l)| {
            let i = u32::try_from(n).unwrap_or(u32::MAX);
            LayerRow {
                first: i,
                last: i,
                bytes: l.uncompressed_size,
                wasted: l.wasted_bytes.unwrap_or(0),
                created_by: created_by(i),
            }
        })
        .collect();
    let mut rows = if one.len() > MAX_ROWS { fold(one) } else { one };
    rows.reverse();
    rows
}

/// Keeps the [`KEEP_LARGEST`] largest and [`KEEP_WASTEFUL`] most wasteful
/// layers, and folds each run of two or more of the others into one row.
fn fold(one: Vec<LayerRow>) -> Vec<LayerRow> {
    let mut keep = vec![false; one.len()];
    let mut by_size: Vec<usize> = (0..one.len()).collect();
    by_size.sort_by_key(|&i| (Reverse(one.get(i).and_then(|r| r.bytes)), i));
    let mut by_waste: Vec<usize> = (0..one.len())
        .filter(|&i| one.get(i).is_some_and(|r| r.wasted > 0))
        .collect();
    by_waste.sort_by_key(|&i| (Reverse(one.get(i).map_or(0, |r| r.wasted)), i));
    let kept = by_size
        .into_iter()
        .take(KEEP_LARGEST)
        .chain(by_waste.into_iter().take(KEEP_WASTEFUL));
    for i in kept {
        if let Some(k) = keep.get_mut(i) {
            *k = true;
        }
    }
    let mut rows: Vec<LayerRow> = Vec::new();
    let mut run: Vec<LayerRow> = Vec::new();
    for (row, kept) in one.into_iter().zip(keep) {
        if kept {
            rows.extend(fold_run(std::mem::take(&mut run)));
            rows.push(row);
        } else {
            run.push(row);
        }
    }
    rows.extend(fold_run(run));
    rows
}

/// A run of consecutive layers as one row (a single layer stays itself).
fn fold_run(run: Vec<LayerRow>) -> Option<LayerRow> {
    if run.len() < 2 {
        return run.into_iter().next();
    }
    let first = run.first()?.first;
    let last = run.last()?.last;
    let bytes = run
        .iter()
        .map(|r| r.bytes)
        .try_fold(0u64, |a, b| b.map(|b| a.saturating_add(b)));
    let wasted = run.iter().fold(0u64, |a, r| a.saturating_add(r.wasted));
    Some(LayerRow {
        first,
        last,
        bytes,
        wasted,
        created_by: None,
    })
}
