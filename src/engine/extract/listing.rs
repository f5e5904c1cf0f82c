//! The listings of one image's layers, for [`super::resolve()`]: from a report
//! that carries the tree (the page has one; so does the one pass over a
//! compressed input), or from a seekable tar by the index pass and a walk of
//! each layer's headers (decoded, not hashed: cheaper than a full inspect).

use crate::engine::codec::{self, CodecLimits, Compression};
use crate::engine::error::Error;
use crate::engine::finding::Location;
use crate::engine::hashing::CappedReader;
use crate::engine::io::read_up_to;
use crate::engine::limits::Limits;
use crate::engine::pipeline::{self, Options, Pass};
use crate::engine::plan::Index;
use crate::engine::report::{Format, Report};
use crate::engine::sink::NullSink;
use crate::engine::tar::{Streamed, TarLimits, TarReader};
use crate::engine::tree::entry::LayerEntry;
use crate::engine::tree::layer::LayerWalker;
use serde::{Deserialize, Serialize};
use std::io::{self, BufReader, Cursor, Read, Seek, SeekFrom};

/// One layer of the image: where its blob is and what it lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListedLayer {
    /// Outer entry of the blob (`""`: the whole input is the layer); `None`
    /// when the blob is missing.
    pub entry: Option<String>,
    /// Offset of the blob in an uncompressed outer tar.
    pub offset: Option<u64>,
    /// Stored size of the blob.
    pub size: u64,
    /// Its entries in tar order (what could be listed).
    pub entries: Vec<LayerEntry>,
    /// Why the listing is missing or incomplete.
    pub problem: Option<String>,
}

/// The layers of one image, bottom first, and how the input is compressed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// Compression of the whole input.
    pub outer: Compression,
    /// The layers (up to the one asked for).
    pub layers: Vec<ListedLayer>,
}

/// Why there is no listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum NoListing {
    /// The archive has no image `image`.
    NoSuchImage {
        /// Asked for.
        image: u32,
        /// Images in the archive.
        images: u32,
    },
    /// The report carries no file tree (a CLI report without `--tree`).
    NoTree,
}

/// The listing of image `image` from a report with a tree.
pub fn from_report(report: &Report, image: u32) -> Result<Listing, NoListing> {
    let tree = report.tree.as_ref().ok_or(NoListing::NoTree)?;
    let layer_entries = |layer: u32| {
        tree.layers
            .iter()
            .find(|t| t.image == image && t.layer == layer)
            .map(|t| t.entries.clone())
    };
    let outer = report.input.outer_compression;
    if report.input.format == Format::RootfsTar && image == 0 {
        let entries = layer_entries(0).unwrap_or_default();
        return Ok(rootfs_listing(report.input.size, entries, outer));
    }
    let img = image_at(&report.images, image)?;
    let layers = img
        .layers
        .iter()
        .map(|l| {
            let entries = layer_entries(l.index);
            ListedLayer {
                entry: l.entry.clone(),
                offset: None,
                size: l.size.unwrap_or_default(),
                problem: entries.is_none().then(|| unreadable(l.entry.as_deref())),
                entries: entries.unwrap_or_default(),
            }
        })
        .collect();
    Ok(Listing { outer, layers })
}

fn unreadable(entry: Option<&str>) -> String {
    match entry {
        Some(e) => format!("the blob `{e}` could not be decoded as a layer"),
        None => "its blob is not in the archive".to_string(),
    }
}

/// The listing of a bare file-system tarball: one layer, the whole input.
fn rootfs_listing(len: u64, entries: Vec<LayerEntry>, outer: Compression) -> Listing {
    let layer = ListedLayer {
        entry: Some(String::new()),
        offset: (outer == Compression::None).then_some(0),
        size: len,
        entries,
        problem: None,
    };
    Listing {
        outer,
        layers: vec![layer],
    }
}

/// Image `image` of `images`, or which images there are.
fn image_at<T>(images: &[T], image: u32) -> Result<&T, NoListing> {
    let count = u32::try_from(images.len()).unwrap_or(u32::MAX);
    images.get(image as usize).ok_or(NoListing::NoSuchImage {
        image,
        images: count,
    })
}

/// The listing of image `image`'s layers 0..=`top` (all when `None`) of the
/// archive `r`. A compressed input is read in one pass (with its tree).
pub fn list<R: Read + Seek>(
    r: &mut R,
    image: u32,
    top: Option<u32>,
    o: &Options,
) -> Result<Result<Listing, NoListing>, Error> {
    let io = |e| Error::io(o.name.clone(), e);
    let head = read_up_to(r, 512).map_err(io)?;
    r.seek(SeekFrom::Start(0)).map_err(io)?;
    if pipeline::pass_for(&head) == Pass::One {
        let with_tree = Options {
            tree: true,
            ..o.clone()
        };
        let report = pipeline::inspect_stream(
            BufReader::with_capacity(1 << 20, &mut *r),
            &with_tree,
            &mut NullSink,
        )?;
        return Ok(from_report(&report, image));
    }
    let index = pipeline::index(
        &mut BufReader::with_capacity(1 << 20, &mut *r),
        o,
        &mut NullSink,
    )?;
    let mut listing = match seekable_layers(&index, image) {
        Ok(l) => l,
        Err(none) => return Ok(Err(none)),
    };
    let keep = top.map_or(usize::MAX, |t| (t as usize).saturating_add(1));
    listing.layers.truncate(keep);
    for layer in &mut listing.layers {
        let (Some(offset), false) = (layer.offset, layer.problem.is_some()) else {
            continue;
        };
        r.seek(SeekFrom::Start(offset)).map_err(io)?;
        let (entries, problem) = walk((&mut *r).take(layer.size), &o.limits).map_err(io)?;
        layer.entries = entries;
        layer.problem = problem;
    }
    Ok(Ok(listing))
}

/// Where the layers of image `image` are, from the index pass.
fn seekable_layers(index: &Index, image: u32) -> Result<Listing, NoListing> {
    let s = &index.structure;
    if index.format == Some(Format::RootfsTar) && image == 0 {
        return Ok(rootfs_listing(
            index.input.size,
            Vec::new(),
            Compression::None,
        ));
    }
    let img = image_at(&s.images, image)?;
    let layers = img
        .layers
        .iter()
        .map(|l| {
            let job = l
                .entry
                .as_ref()
                .and_then(|e| s.jobs.iter().find(|j| &j.entry == e));
            ListedLayer {
                entry: l.entry.clone(),
                offset: job.map(|j| j.offset),
                size: job.map_or(0, |j| j.size),
                entries: Vec::new(),
                problem: job.is_none().then(|| unreadable(None)),
            }
        })
        .collect();
    Ok(Listing {
        outer: Compression::None,
        layers,
    })
}

/// Lists one layer blob's entries (decoded by its magic bytes, headers only,
/// as `tree::layer` lists them for the report); a damaged stream ends the
/// listing with the decoder's message.
fn walk<R: Read>(blob: R, limits: &Limits) -> io::Result<(Vec<LayerEntry>, Option<String>)> {
    let mut buffered = BufReader::with_capacity(256 * 1024, blob);
    let head = read_up_to(&mut buffered, 512)?;
    let compression = match codec::sniff(&head) {
        codec::Sniffed::Compressed(c) => c,
        _ => Compression::None,
    };
    let chained = BufReader::with_capacity(256 * 1024, Cursor::new(head).chain(buffered));
    let decoder = codec::decoder(compression, chained, &CodecLimits::from(limits));
    let capped = CappedReader::new(decoder, limits.decompressed_bytes);
    let mut tar = TarReader::new(Streamed(capped), TarLimits::from(limits));
    let mut walker = LayerWalker::new(Location::default(), limits.entries_per_layer);
    let problem = loop {
        match tar.next_entry() {
            Ok(Some(e)) => walker.entry(&e),
            Ok(None) => break None,
            Err(e)
                if e.kind() == io::ErrorKind::InvalidData || codec::codec_error(&e).is_some() =>
            {
                break Some(format!("the layer could not be decoded to its end: {e}"))
            }
            Err(e) if e.to_string() == crate::engine::hashing::CAP_MESSAGE => {
                break Some(e.to_string())
            }
            Err(e) => return Err(e),
        }
    };
    let (entries, _, _) = walker.finish();
    Ok((entries, problem))
}
