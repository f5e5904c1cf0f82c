//! File contents: one file of the image, streamed out of the dropped archive
//! (`ocilens cat`, the page's preview and download).
//!
//! Three steps, each usable alone:
//!
//! 1. [`listing`]: the image's layer listings, from a report with a tree
//!    ([`listing::from_report`], what the page holds) or from the archive
//!    ([`listing::list`]: the index pass and a header walk of each layer).
//! 2. [`mod@resolve`]: the path in the merged view or in one layer, symlinks
//!    and hard links followed within the image: a [`Resolved`], typed.
//! 3. [`read`]: re-reads only the blob of that layer, decodes it up to the
//!    entry and streams the entry's bytes to a `Write` ([`read_file`]),
//!    with progress and a cancel check ([`Watch`]); capped at 4 GiB.
//!
//! [`locate`] joins 1 and 2 into a [`FileTarget`]; [`cat`] runs all three.

mod describe;
pub mod listing;
pub mod read;
pub mod resolve;
pub mod watch;

pub use describe::node_name;
pub use listing::{Listing, NoListing};
pub use read::{read_file, FileTarget, ReadOptions, ReadOutcome, MAX_FILE};
pub use resolve::{resolve, FileRef, Resolved, Selector};
pub use watch::{Phase, Unwatched, Watch};

use crate::engine::error::Error;
use crate::engine::pipeline::Options;
use crate::engine::tree::entry::LayerEntry;
use serde::{Deserialize, Serialize};
use std::io::{Read, Seek, Write};

/// Where a path's bytes are, or why there are none to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "located")]
pub enum Located {
    /// A regular file: read it with [`read_file`].
    File {
        /// Where it is.
        target: FileTarget,
        /// Links followed on the way (`a → b` symlinks, `a ⇒ b` hard links).
        links: Vec<String>,
    },
    /// Not a readable regular file: what it is instead.
    Not {
        /// The resolution.
        resolved: Resolved,
    },
    /// The layer holding it could not be listed.
    LayerUnreadable {
        /// Layer index.
        layer: u32,
        /// Why.
        why: String,
    },
}

/// Resolves `path` in `listing` and says where its bytes are.
pub fn locate(listing: &Listing, selector: Selector, path: &str, max_hops: u32) -> Located {
    let needed = match selector {
        Selector::Merged => listing.layers.len(),
        Selector::Layer(n) => (n as usize).saturating_add(1).min(listing.layers.len()),
    };
    if let Some((i, l)) = listing
        .layers
        .iter()
        .enumerate()
        .take(needed)
        .find(|(_, l)| l.problem.is_some() && l.entries.is_empty())
    {
        return Located::LayerUnreadable {
            layer: u32::try_from(i).unwrap_or(u32::MAX),
            why: l.problem.clone().unwrap_or_default(),
        };
    }
    let entries: Vec<&[LayerEntry]> = listing
        .layers
        .iter()
        .map(|l| l.entries.as_slice())
        .collect();
    match resolve(&entries, selector, path, max_hops) {
        Resolved::File { file, links } => {
            let Some(layer) = listing.layers.get(file.layer as usize) else {
                let resolved = Resolved::NoSuchLayer {
                    layer: file.layer,
                    layers: u32::try_from(entries.len()).unwrap_or(u32::MAX),
                };
                return Located::Not { resolved };
            };
            let Some(entry) = layer.entry.clone() else {
                let why = layer.problem.clone().unwrap_or_default();
                return Located::LayerUnreadable {
                    layer: file.layer,
                    why,
                };
            };
            let target = FileTarget {
                entry,
                offset: layer.offset,
                blob_size: layer.size,
                outer: listing.outer,
                file,
            };
            Located::File { target, links }
        }
        resolved => Located::Not { resolved },
    }
}

/// What `ocilens cat` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatRequest {
    /// Image index in the archive.
    pub image: u32,
    /// Merged view or one layer.
    pub selector: Selector,
    /// The path.
    pub path: String,
}

/// How [`cat`] ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cat {
    /// No listing of the image.
    NoListing(NoListing),
    /// The path is no readable file.
    Located(Located),
    /// The file was read (or the read stopped, as the outcome says).
    Read {
        /// What was read.
        target: FileTarget,
        /// Links followed.
        links: Vec<String>,
        /// How it ended.
        outcome: ReadOutcome,
    },
}

/// Lists, resolves and streams one file of the archive `r` to `out`.
pub fn cat<R: Read + Seek>(
    mut r: R,
    req: &CatRequest,
    o: &Options,
    out: &mut dyn Write,
    watch: &mut dyn Watch,
) -> Result<Cat, Error> {
    let top = match req.selector {
        Selector::Merged => None,
        Selector::Layer(n) => Some(n),
    };
    let listing = match listing::list(&mut r, req.image, top, o)? {
        Ok(l) => l,
        Err(none) => return Ok(Cat::NoListing(none)),
    };
    match locate(&listing, req.selector, &req.path, o.limits.symlink_hops) {
        Located::File { target, links } => {
            let outcome = read_file(r, &target, &o.limits, ReadOptions::default(), out, watch)?;
            Ok(Cat::Read {
                target,
                links,
                outcome,
            })
        }
        other => Ok(Cat::Located(other)),
    }
}

#[cfg(test)]
mod tests;
