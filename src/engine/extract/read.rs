//! Streams one file out of the dropped archive: re-reads only the layer blob
//! that holds it (seeking to the blob in an uncompressed outer tar; decoding
//! the outer stream from its start when the archive is compressed as a
//! whole), decodes it as its magic bytes say, walks its tar to the entry and
//! copies the entry's body to a [`Write`] in chunks, with progress and a
//! cancel check. Nothing is held whole: memory is the decoders' windows and
//! one chunk.

use super::watch::{Phase, Watch, Watched};
use crate::engine::archive::outer::normalize_name;
use crate::engine::codec::{self, codec_error, CodecLimits, Compression};
use crate::engine::error::Error;
use crate::engine::extract::resolve::FileRef;
use crate::engine::hashing::{CappedReader, CAP_MESSAGE};
use crate::engine::io::read_up_to;
use crate::engine::limits::Limits;
use crate::engine::path::clean;
use crate::engine::tar::{EntryKind, Seekable, Streamed, TarLimits, TarReader};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::io::{self, BufReader, Cursor, Read, Seek, SeekFrom, Write};

/// The largest file streamed out (preview or download): 4 GiB.
pub const MAX_FILE: u64 = 4 << 30;

/// Bytes copied per chunk (and per progress step at most).
pub const CHUNK: usize = 256 * 1024;

/// Where one file's bytes are in the dropped archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileTarget {
    /// The outer archive entry holding the layer blob; `""` for a bare
    /// file-system tarball, whose layer is the whole input.
    pub entry: String,
    /// Offset of the blob's bytes in the input, when known (an uncompressed
    /// outer tar); else the outer tar is walked to `entry`.
    pub offset: Option<u64>,
    /// Stored bytes of the blob.
    pub blob_size: u64,
    /// How the whole input is compressed (`none` for a plain tar).
    pub outer: Compression,
    /// The entry in the layer's tar.
    pub file: FileRef,
}

/// How much to stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadOptions {
    /// A larger file is not streamed ([`ReadOutcome::TooLarge`]).
    pub max_file: u64,
    /// Stop after this many bytes (a preview needs only the start).
    pub take: Option<u64>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_file: MAX_FILE,
            take: None,
        }
    }
}

/// How streaming a file ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum ReadOutcome {
    /// The bytes were written.
    Done {
        /// Bytes written.
        bytes: u64,
        /// The file's size in the tar.
        size: u64,
        /// All of it (false when [`ReadOptions::take`] stopped it early).
        complete: bool,
    },
    /// The watcher cancelled.
    Cancelled {
        /// Bytes written before.
        bytes: u64,
    },
    /// Over [`ReadOptions::max_file`]; nothing written.
    TooLarge {
        /// The file's size.
        size: u64,
        /// The cap.
        max: u64,
    },
    /// The blob or the entry is not where the listing said.
    Missing {
        /// What was not found.
        what: String,
    },
    /// A GNU sparse file: its tar body is not its contents.
    Sparse {
        /// The entry.
        path: String,
    },
    /// The body ends before its declared size.
    Truncated {
        /// Bytes written.
        bytes: u64,
        /// The declared size.
        size: u64,
    },
    /// The compressed data is damaged (or a decoder cap fired) before the end.
    Damaged {
        /// The decoder's message.
        detail: String,
        /// Bytes written before.
        bytes: u64,
    },
}

/// Streams the file `t` of the archive `r` to `out`.
pub fn read_file<R: Read + Seek>(
    mut r: R,
    t: &FileTarget,
    limits: &Limits,
    o: ReadOptions,
    out: &mut dyn Write,
    watch: &mut dyn Watch,
) -> Result<ReadOutcome, Error> {
    let io = |e| Error::io(t.entry.clone(), e);
    if t.file.size > o.max_file {
        return Ok(ReadOutcome::TooLarge {
            size: t.file.size,
            max: o.max_file,
        });
    }
    let watch = RefCell::new(watch);
    let len = r.seek(SeekFrom::End(0)).map_err(io)?;
    let (start, size) = match (t.entry.is_empty(), t.offset, t.outer) {
        (true, _, _) => (0, len),
        (false, Some(offset), Compression::None) => (offset, t.blob_size),
        (false, None, Compression::None) => {
            match find_entry(&mut r, &t.entry, limits).map_err(io)? {
                Some(at) => at,
                None => return Ok(missing_blob(t)),
            }
        }
        (false, _, outer) => {
            r.seek(SeekFrom::Start(0)).map_err(io)?;
            let stored = Watched::new(r, &watch, Phase::Seeking, len);
            return from_outer(stored, outer, t, limits, o, out, &watch);
        }
    };
    r.seek(SeekFrom::Start(start)).map_err(io)?;
    let blob = Watched::new(r.take(size), &watch, Phase::Seeking, size);
    from_layer(blob, &t.file, limits, o, out, &watch).map_err(io)
}

fn missing_blob(t: &FileTarget) -> ReadOutcome {
    ReadOutcome::Missing {
        what: format!("archive entry `{}`", t.entry),
    }
}

/// The offset and size of the last entry named `entry` in an uncompressed
/// outer tar (headers only; bodies are skipped by seeking).
fn find_entry<R: Read + Seek>(
    r: &mut R,
    entry: &str,
    limits: &Limits,
) -> io::Result<Option<(u64, u64)>> {
    r.seek(SeekFrom::Start(0))?;
    let source = Seekable::new(BufReader::with_capacity(64 * 1024, &mut *r))?;
    let mut tar = TarReader::new(source, TarLimits::from(limits));
    let mut found = None;
    while let Some(e) = tar.next_entry()? {
        if e.kind == EntryKind::File && normalize_name(&e.path) == entry {
            found = Some((e.data_offset, e.size));
        }
    }
    Ok(found)
}

/// Decodes the whole input from its start and walks the outer tar to the
/// blob (the first entry with its name: a compressed stream cannot be
/// walked twice cheaply, and duplicate blob names are an `archive` finding).
fn from_outer<R: Read>(
    stored: R,
    outer: Compression,
    t: &FileTarget,
    limits: &Limits,
    o: ReadOptions,
    out: &mut dyn Write,
    watch: &RefCell<&mut dyn Watch>,
) -> Result<ReadOutcome, Error> {
    let io = |e| Error::io(t.entry.clone(), e);
    let buffered = BufReader::with_capacity(CHUNK, stored);
    let decoded = codec::decoder(outer, buffered, &CodecLimits::from(limits));
    // the whole archive's decoded bytes are capped as a layer's are (a bomb)
    let decoded = CappedReader::new(decoded, limits.decompressed_bytes);
    let mut tar = TarReader::new(Streamed(decoded), TarLimits::from(limits));
    loop {
        let e = match tar.next_entry() {
            Ok(Some(e)) => e,
            Ok(None) => return Ok(missing_blob(t)),
            Err(e) => return stopped(e, 0, watch).map_err(io),
        };
        if e.kind == EntryKind::File && normalize_name(&e.path) == t.entry {
            return from_layer(tar.body(), &t.file, limits, o, out, watch).map_err(io);
        }
    }
}

/// How an I/O error ends the read: a cancel, damaged data (typed), or a real
/// failure of the source.
fn stopped(e: io::Error, bytes: u64, watch: &RefCell<&mut dyn Watch>) -> io::Result<ReadOutcome> {
    if super::watch::is_cancel(&e) || watch.borrow_mut().cancelled() {
        return Ok(ReadOutcome::Cancelled { bytes });
    }
    if let Some(c) = codec_error(&e) {
        let detail = format!("{} ({})", c.detail, c.compression.as_str());
        return Ok(ReadOutcome::Damaged { detail, bytes });
    }
    if e.to_string() == CAP_MESSAGE {
        let detail = "the decompressed-bytes cap was reached".to_string();
        return Ok(ReadOutcome::Damaged { detail, bytes });
    }
    Err(e)
}

/// Decodes one layer blob (`blob`, its stored bytes) and streams the entry `f`.
fn from_layer<R: Read>(
    blob: R,
    f: &FileRef,
    limits: &Limits,
    o: ReadOptions,
    out: &mut dyn Write,
    watch: &RefCell<&mut dyn Watch>,
) -> io::Result<ReadOutcome> {
    let mut buffered = BufReader::with_capacity(CHUNK, blob);
    let head = match read_up_to(&mut buffered, 512) {
        Ok(h) => h,
        Err(e) => return stopped(e, 0, watch),
    };
    let compression = match codec::sniff(&head) {
        codec::Sniffed::Compressed(c) => c,
        _ => Compression::None,
    };
    let chained = BufReader::with_capacity(CHUNK, Cursor::new(head).chain(buffered));
    let decoder = codec::decoder(compression, chained, &CodecLimits::from(limits));
    let capped = CappedReader::new(decoder, limits.decompressed_bytes);
    let mut tar = TarReader::new(Streamed(capped), TarLimits::from(limits));
    let mut seen = 0u32;
    loop {
        let e = match tar.next_entry() {
            Ok(Some(e)) => e,
            Ok(None) => {
                let what = format!("`{}` (copy {}) in layer {}", f.path, f.occurrence, f.layer);
                return Ok(ReadOutcome::Missing { what });
            }
            Err(e) => return stopped(e, 0, watch),
        };
        if clean(&e.path).path != f.path {
            continue;
        }
        if seen < f.occurrence {
            seen += 1;
            continue;
        }
        if e.kind != EntryKind::File {
            let what = format!(
                "a regular file at `{}` (the layer has a {:?})",
                f.path, e.kind
            );
            return Ok(ReadOutcome::Missing { what });
        }
        if e.sparse {
            return Ok(ReadOutcome::Sparse {
                path: f.path.clone(),
            });
        }
        if e.size > o.max_file {
            return Ok(ReadOutcome::TooLarge {
                size: e.size,
                max: o.max_file,
            });
        }
        return copy_body(&mut tar.body(), e.size, o, out, watch);
    }
}

/// Copies a body of `size` bytes to `out` in [`CHUNK`]s, reporting progress
/// at most every MiB and checking for a cancel at each chunk.
fn copy_body(
    body: &mut dyn Read,
    size: u64,
    o: ReadOptions,
    out: &mut dyn Write,
    watch: &RefCell<&mut dyn Watch>,
) -> io::Result<ReadOutcome> {
    let want = o.take.map_or(size, |t| t.min(size));
    let mut buf = vec![0u8; CHUNK];
    let (mut bytes, mut shown) = (0u64, 0u64);
    watch.borrow_mut().progress(Phase::Copying, 0, want);
    while bytes < want {
        if watch.borrow_mut().cancelled() {
            return Ok(ReadOutcome::Cancelled { bytes });
        }
        let room = usize::try_from(want - bytes).map_or(CHUNK, |r| r.min(CHUNK));
        let chunk = buf.get_mut(..room).unwrap_or_default();
        let n = match body.read(chunk) {
            Ok(0) => return Ok(ReadOutcome::Truncated { bytes, size }),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return stopped(e, bytes, watch),
        };
        out.write_all(chunk.get(..n).unwrap_or_default())
            .map_err(|e| io::Error::new(e.kind(), format!("writing the file out: {e}")))?;
        bytes += n as u64;
        if bytes - shown >= 1 << 20 || bytes == want {
            shown = bytes;
            watch.borrow_mut().progress(Phase::Copying, bytes, want);
        }
    }
    Ok(ReadOutcome::Done {
        bytes,
        size,
        complete: bytes == size,
    })
}
