//! Streams one blob once: hashes the stored bytes (digest and size), sniffs
//! the compression by magic bytes, decodes, hashes the decoded stream (the
//! DiffID) and walks the layer tar.
//!
//! > The DiffID is the digest over the layer's uncompressed tar archive.
//! > (image-spec `config.md#layer-diffid`)

use crate::engine::codec::{
    self, codec_error, CodecErrorKind, CodecLimits, Compression, Content, Steady,
};
use crate::engine::error::Error;
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::hashing::{xxh3_128_tapped, CappedReader, HashingReader, CAP_MESSAGE};
use crate::engine::inside::{FileStart, Taps};
use crate::engine::io::read_up_to;
use crate::engine::limits::Limits;
use crate::engine::path::clean;
use crate::engine::plan::{BlobJob, BlobResult, DecodeProblem, LayerContent, Part};
use crate::engine::sink::{Event, NullSink, Sink};
use crate::engine::tar::{ByteSource, End, EntryKind, Streamed, TarLimits, TarReader};
use crate::engine::tree::layer::LayerWalker;
use std::io::{self, BufReader, Cursor, Read};

struct Progress<'s, R> {
    inner: R,
    sink: &'s mut dyn Sink,
    entry: &'s str,
    done: u64,
    total: u64,
    last: u64,
}

impl<R: Read> Read for Progress<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.done += n as u64;
        if self.done - self.last >= 1 << 20 || (n == 0 && self.done != self.last) {
            self.last = self.done;
            self.sink.event(Event::Progress {
                blob: self.entry,
                done: self.done,
                total: self.total,
            });
        }
        Ok(n)
    }
}

fn classify(e: &io::Error, limits: &Limits) -> Option<DecodeProblem> {
    if let Some(ce) = codec_error(e) {
        return Some(match &ce.kind {
            CodecErrorKind::TrailingData => DecodeProblem::TrailingData {
                detail: ce.detail.clone(),
            },
            CodecErrorKind::WindowTooLarge { requested, max } => DecodeProblem::ZstdWindow {
                requested: *requested,
                max: *max,
            },
            CodecErrorKind::DictionaryTooLarge { requested, max } => DecodeProblem::XzDictionary {
                requested: *requested,
                max: *max,
            },
            CodecErrorKind::Corrupt | CodecErrorKind::Truncated => DecodeProblem::Corrupt {
                detail: format!("{} ({})", ce.detail, ce.compression.as_str()),
            },
        });
    }
    if e.to_string() == CAP_MESSAGE {
        return Some(DecodeProblem::DecompressedBytes {
            max: limits.decompressed_bytes,
        });
    }
    None
}

/// Where a layer's decoded stream is walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Walk {
    /// On the thread that reads and decodes the blob.
    Here,
    /// On a second thread ([`super::beside`]); on wasm32, which has no
    /// threads, the same as `Here`.
    Beside,
}

/// Streams `reader` (the blob's stored bytes) once.
pub fn verify_blob<R: Read>(
    job: &BlobJob,
    reader: R,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> Result<BlobResult, Error> {
    verify_blob_with(job, reader, limits, sink, Walk::Here)
}

/// [`verify_blob`], with the decoded stream walked as `walk` says. The
/// result is the same either way.
pub fn verify_blob_with<R: Read>(
    job: &BlobJob,
    reader: R,
    limits: &Limits,
    sink: &mut dyn Sink,
    walk: Walk,
) -> Result<BlobResult, Error> {
    // the stored half of a split blob is silent: its decoded half reports
    // the blob's progress
    let mut silent = NullSink;
    let progress = Progress {
        inner: reader,
        sink: match job.part {
            Part::Stored => &mut silent,
            _ => sink,
        },
        entry: &job.entry,
        done: 0,
        total: job.size,
        last: 0,
    };
    let mut stored = match job.part {
        Part::Decoded => HashingReader::counting(progress),
        _ => HashingReader::new(progress, job.sha512),
    };
    let io_err = |e: io::Error| Error::io(job.entry.clone(), e);
    let head = read_up_to(&mut stored, 512).map_err(io_err)?;
    let content = Content::from_sniffed(codec::sniff(&head));
    let mut layer = None;
    if job.decode && job.part != Part::Stored {
        if let Some(compression) = content.compression() {
            let chained = Cursor::new(head.clone()).chain(&mut stored);
            let buffered = BufReader::with_capacity(256 * 1024, chained);
            // in steps of one size: the bytes before a corrupt point are the
            // same however the walk reads, here or beside (codec::Steady)
            let decoder = Steady::new(codec::decoder(
                compression,
                buffered,
                &CodecLimits::from(limits),
            ));
            let capped = CappedReader::new(decoder, limits.decompressed_bytes);
            // a plain tar is its own decoded stream: its DiffID is the digest,
            // so each byte is hashed once (below, when the stored bytes end)
            let plain = compression == Compression::None;
            let walk_decoded = |decoded: &mut dyn Read| {
                let mut decoded = match plain {
                    true => HashingReader::counting(decoded),
                    false => HashingReader::new(decoded, false),
                };
                walk_layer(&mut decoded, &job.entry, limits)
            };
            let mut capped = capped;
            let c = match walk {
                #[cfg(not(target_arch = "wasm32"))]
                Walk::Beside => super::beside::run(capped, walk_decoded),
                _ => walk_decoded(&mut capped),
            };
            let c = c.map_err(io_err)?;
            layer = Some((c, plain));
        }
    }
    stored.drain().map_err(io_err)?;
    let layer = layer.map(|(mut c, plain)| {
        // (for the decoded half, BlobResult::merge does this)
        if plain && c.complete() && job.part == Part::Whole {
            c.diff_id = Some(stored.sha256());
        }
        c
    });
    let result = BlobResult {
        entry: job.entry.clone(),
        size: stored.count(),
        sha256: stored.sha256(),
        sha512: stored.sha512(),
        head: hex::encode(head.get(..8).unwrap_or(&head)),
        content,
        layer,
    };
    Ok(result)
}

/// Records every entry of `tar` in `walker`, each regular file with the
/// content hash of its body (read here instead of skipped), and shows the
/// bodies that `taps` want to them. Stops at the end or at the first read
/// error, returned as it is.
fn walk_entries<S: ByteSource>(
    tar: &mut TarReader<S>,
    walker: &mut LayerWalker,
    taps: &mut Taps,
) -> io::Result<()> {
    // 8 KiB, as the skip it replaces (io::copy's buffer): the chunk stays in
    // L1 cache for both hashes; 64 KiB made full verify about 15 % slower
    let mut buf = vec![0u8; 8 << 10];
    while let Some(e) = tar.next_entry()? {
        if e.kind != EntryKind::File {
            walker.entry(&e);
            continue;
        }
        let path = clean(&e.path).path;
        let start = FileStart {
            path: &path,
            size: e.size,
            mode: e.mode,
        };
        let hashed = if taps.start(start) {
            xxh3_128_tapped(&mut tar.body(), &mut buf, |c| taps.chunk(c))
        } else {
            xxh3_128_tapped(&mut tar.body(), &mut buf, |_| {})
        };
        match hashed {
            // a short body (truncated layer) has no hash: its bytes are not all known
            Ok((hash, n)) => {
                taps.end(n == e.size);
                walker.entry_hashed(&e, Some(hash).filter(|_| n == e.size));
            }
            Err(err) => {
                taps.end(false);
                walker.entry(&e);
                return Err(err);
            }
        }
    }
    Ok(())
}

/// Walks a decoded layer stream; hashes it to EOF independently of the tar parser.
fn walk_layer<R: Read>(
    decoded: &mut HashingReader<R>,
    entry: &str,
    limits: &Limits,
) -> io::Result<LayerContent> {
    let location = Location::entry(entry);
    let mut walker = LayerWalker::new(location.clone(), limits.entries_per_layer);
    let mut taps = Taps::default();
    let mut problem = None;
    let head = read_up_to(decoded, 512);
    let head = match head {
        Ok(h) => h,
        Err(e) => match classify(&e, limits) {
            Some(p) => {
                problem = Some(p);
                Vec::new()
            }
            None => return Err(e),
        },
    };
    let is_tar = matches!(codec::sniff(&head), codec::Sniffed::Tar)
        || (head.len() >= 512 && head.iter().all(|&b| b == 0));
    if problem.is_none() && is_tar {
        let source = Cursor::new(head.clone()).chain(&mut *decoded);
        let mut tar = TarReader::new(Streamed(source), TarLimits::from(limits));
        if let Err(e) = walk_entries(&mut tar, &mut walker, &mut taps) {
            problem = Some(classify(&e, limits).ok_or(e)?);
        }
        walker.issues(tar.take_issues());
        if problem.is_none() {
            match tar.finish() {
                Ok(End::Marker { trailing: true }) => walker.findings.push(
                    Code::TarTrailingData,
                    Finding::new(
                        Code::TarTrailingData,
                        location.clone(),
                        "non-zero bytes after the end-of-archive marker",
                    ),
                ),
                Ok(_) => {}
                Err(e) => match classify(&e, limits) {
                    Some(p) => problem = Some(p),
                    None => return Err(e),
                },
            }
        }
    }
    if problem.is_none() {
        if let Err(e) = decoded.drain() {
            match classify(&e, limits) {
                Some(p) => problem = Some(p),
                None => return Err(e),
            }
        }
    }
    let complete = matches!(problem, None | Some(DecodeProblem::TrailingData { .. }));
    let tar = is_tar.then(|| walker.tar_facts());
    let (entries, lower_links, findings) = walker.finish();
    Ok(LayerContent {
        diff_id: complete.then(|| decoded.sha256_if_hashed()).flatten(),
        uncompressed_size: decoded.count(),
        problem,
        is_tar,
        entries,
        lower_links,
        findings,
        tar,
        inside: taps.finish(),
    })
}
