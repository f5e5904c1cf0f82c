//! One-pass mode, for a non-seekable input (an archive compressed as a
//! whole): every entry is hashed as it passes, entries whose bytes are
//! compressed or tar are decoded speculatively (they may be layers), small
//! JSON-looking entries are kept up to the caps, and blobs are matched to
//! descriptors at the end.

use super::index::{announce, dot_slash_names, not_an_image, outer_end, resolve};
use super::{finish, rootfs, Options};
use crate::engine::archive::detect::detect;
use crate::engine::archive::outer::{issues_to_findings, normalize_name, Entries, OuterEntry};
use crate::engine::archive::resolver::{DocSource, Fetched};
use crate::engine::codec::{self, Compression, Content};
use crate::engine::error::Error;
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::hashing::{CappedReader, HashingReader, CAP_MESSAGE};
use crate::engine::io::read_up_to;
use crate::engine::plan::{BlobJob, BlobResult, Index, Part, Structure};
use crate::engine::report::{Format, Input, Report};
use crate::engine::sink::{Event, Sink};
use crate::engine::tar::{ByteSource, EntryKind, Streamed, TarEntry, TarLimits, TarReader};
use crate::engine::tree::layer::LayerWalker;
use crate::engine::verify::blob::verify_blob;
use std::collections::HashMap;
use std::io::{self, BufReader, Cursor, Read};
/// The small JSON-looking entries kept in memory, for the documents to be read
/// from at the end (capped by `Limits::buffered_documents` in all).
#[derive(Default)]
struct KeptDocs {
    kept: HashMap<String, Vec<u8>>,
    /// The first bytes and digests of the small entries streamed as blobs
    /// (not JSON-looking), should a descriptor name one as a document.
    heads: HashMap<String, (Vec<u8>, String, Option<String>)>,
    bytes: u64,
}

impl DocSource for KeptDocs {
    fn fetch(&mut self, entry: &OuterEntry, cap: u64) -> Result<Fetched, Error> {
        if entry.tar.size > cap {
            return Ok(Fetched::TooLarge(entry.tar.size));
        }
        if let Some(b) = self.kept.get(&entry.name) {
            return Ok(Fetched::Bytes(b.clone()));
        }
        Ok(match self.heads.get(&entry.name) {
            Some((head, sha256, sha512)) => Fetched::Head {
                head: head.clone(),
                sha256: sha256.clone(),
                sha512: sha512.clone(),
            },
            None => Fetched::Unavailable,
        })
    }
}

/// Marks errors of the outer stream, so that a damaged outer compression is
/// not mistaken for a damaged layer while a layer is being decoded from it.
#[derive(Debug)]
struct OuterError {
    codec: bool,
    message: String,
}

impl std::fmt::Display for OuterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for OuterError {}

struct OuterRead<R>(R);

impl<R: Read> Read for OuterRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| {
            // the decompressed-bytes cap ends the stream as damage does
            let codec = codec::codec_error(&e).is_some() || e.to_string() == CAP_MESSAGE;
            io::Error::new(
                e.kind(),
                OuterError {
                    codec,
                    message: e.to_string(),
                },
            )
        })
    }
}

/// The damaged-outer-compression message when `e` is one; any other error back.
fn outer_damage(e: io::Error) -> Result<String, io::Error> {
    match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<OuterError>())
    {
        Some(o) if o.codec => Ok(o.message.clone()),
        _ => Err(e),
    }
}

/// How the walk of the outer tar ended.
enum Walk {
    /// The tar reader stopped by itself (end marker, end of input, corrupt header).
    Complete,
    /// The outer compression is damaged: the message of its decoder.
    OuterDamaged(String),
}

/// What the decoded outer stream was.
struct Decoded {
    /// It starts like a tar (and was walked).
    is_tar: bool,
    /// `sha256:<hex>` of every decoded byte.
    sha256: String,
    /// Decoded bytes.
    len: u64,
}

/// One pass over the outer stream: what it collects as the entries go by.
struct OnePass<'a> {
    o: &'a Options,
    sink: &'a mut dyn Sink,
    /// The compression of the whole input.
    outer: Compression,
    entries: Entries,
    kept: KeptDocs,
    results: HashMap<String, BlobResult>,
    findings: Vec<Finding>,
    /// The outer tar walked as a layer, in case it is a bare file-system tarball.
    walker: LayerWalker,
    /// The outer stream broke off (its compression damaged, or the cap).
    damaged: bool,
}

/// One pass over a non-seekable input (possibly compressed as a whole).
pub fn inspect_stream<R: Read>(
    mut r: R,
    o: &Options,
    sink: &mut dyn Sink,
) -> Result<Report, Error> {
    let head = read_up_to(&mut r, 512).map_err(|e| Error::io(o.name.clone(), e))?;
    let outer = match codec::sniff(&head) {
        codec::Sniffed::Compressed(c) => c,
        _ => Compression::None,
    };
    let mut counted = HashingReader::new(Cursor::new(head.clone()).chain(r), false);
    let mut pass = OnePass {
        o,
        sink,
        outer,
        entries: Entries::default(),
        kept: KeptDocs::default(),
        results: HashMap::new(),
        findings: Vec::new(),
        walker: LayerWalker::new(Location::default(), o.limits.entries_per_layer),
        damaged: false,
    };
    let decoded = pass.read(&head, &mut counted)?;
    let input = Input {
        name: o.name.clone(),
        size: counted.count(),
        sha256: Some(decoded.sha256.clone()),
        outer_compression: outer,
        ..Input::default()
    };
    pass.finish(input, decoded)
}

impl OnePass<'_> {
    fn io(&self, e: io::Error) -> Error {
        Error::io(self.o.name.clone(), e)
    }

    fn damaged(&mut self, message: String) {
        self.damaged = true;
        if message == CAP_MESSAGE {
            self.findings.push(Finding::new(
                Code::LimitsDecompressedBytes,
                Location::default(),
                format!(
                    "the {}-compressed archive decodes to more than {} bytes (the \
                     decompressed-bytes cap: a possible decompression bomb); reading \
                     stopped there, so nothing after that point is shown or verified",
                    self.outer.as_str(),
                    self.o.limits.decompressed_bytes
                ),
            ));
            return;
        }
        self.findings.push(Finding::new(
            Code::ArchiveCorruptCompression,
            Location::default(),
            format!("the {} stream is damaged: {message}", self.outer.as_str()),
        ));
    }

    /// Decodes the input (its first bytes `head`) and walks it when it is a tar.
    fn read<R: Read>(&mut self, head: &[u8], counted: &mut R) -> Result<Decoded, Error> {
        let decoder = codec::decoder(
            self.outer,
            BufReader::with_capacity(256 * 1024, counted),
            &codec::CodecLimits::from(&self.o.limits),
        );
        // a plain tar read as a stream is no bomb: only what is decompressed is capped
        let cap = match self.outer {
            Compression::None => u64::MAX,
            _ => self.o.limits.decompressed_bytes,
        };
        let capped = CappedReader::new(decoder, cap);
        let mut decoded = HashingReader::new(OuterRead(capped), false);
        let inner_head = match read_up_to(&mut decoded, 512) {
            Ok(h) => h,
            Err(e) => {
                let m = outer_damage(e).map_err(|e| self.io(e))?;
                self.damaged(m);
                Vec::new()
            }
        };
        let is_tar = codec::sniff(&inner_head) == codec::Sniffed::Tar;
        if is_tar {
            let source = Cursor::new(inner_head).chain(&mut decoded);
            self.walk(TarReader::new(
                Streamed(source),
                TarLimits::from(&self.o.limits),
            ))?;
        } else if self.findings.is_empty() {
            let what = if self.outer == Compression::None {
                codec::describe(head).to_string()
            } else {
                format!(
                    "a {}-compressed file that is not a tar (it holds {})",
                    self.outer.as_str(),
                    codec::describe(&inner_head)
                )
            };
            self.findings.push(not_an_image(what));
        }
        Ok(Decoded {
            is_tar,
            sha256: decoded.sha256(),
            len: decoded.count(),
        })
    }

    /// Walks the outer tar to its end, then reports its issues and how it ended.
    fn walk<S: ByteSource>(&mut self, mut tar: TarReader<S>) -> Result<(), Error> {
        let walk = self.entries_of(&mut tar)?;
        if let Walk::OuterDamaged(m) = &walk {
            self.damaged(m.clone());
        }
        issues_to_findings(tar.take_issues(), &mut self.findings);
        if let Walk::Complete = walk {
            match tar.finish() {
                Ok(end) => outer_end(end, &mut self.findings),
                Err(e) => {
                    let m = outer_damage(e).map_err(|e| self.io(e))?;
                    self.damaged(m);
                }
            }
        }
        Ok(())
    }

    /// Every entry of the outer tar, until it ends or its compression breaks.
    fn entries_of<S: ByteSource>(&mut self, tar: &mut TarReader<S>) -> Result<Walk, Error> {
        loop {
            let e = match tar.next_entry() {
                Ok(Some(e)) => e,
                Ok(None) => return Ok(Walk::Complete),
                Err(e) => return Ok(Walk::OuterDamaged(outer_damage(e).map_err(|e| self.io(e))?)),
            };
            self.walker.entry(&e);
            let file = e.kind == EntryKind::File;
            let at = Placed::of(&e);
            self.entries.push(e, &mut self.findings);
            if !file {
                continue;
            }
            match self.keep_or_stream(tar, at) {
                Ok(()) => {}
                Err(Error::Io { context, source }) => match outer_damage(source) {
                    Ok(m) => return Ok(Walk::OuterDamaged(m)),
                    Err(source) => return Err(Error::Io { context, source }),
                },
            }
        }
    }

    /// Keeps a small JSON-looking entry, or streams it as a possible layer.
    fn keep_or_stream<S: ByteSource>(
        &mut self,
        tar: &mut TarReader<S>,
        at: Placed,
    ) -> Result<(), Error> {
        let Placed { name, size, offset } = at;
        let io = |e| Error::io(name.clone(), e);
        let limits = &self.o.limits;
        let mut body = tar.body();
        let ehead = read_up_to(&mut body, 512).map_err(io)?;
        // a UTF-8 byte-order mark is kept too: the document is then "not
        // UTF-8", as the seekable pass says, rather than never read
        let text = ehead.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&ehead);
        let first = text.iter().copied().find(|b| !b.is_ascii_whitespace());
        let named_doc = matches!(
            name.as_str(),
            "oci-layout" | "index.json" | "manifest.json" | "repositories"
        );
        let json_like = named_doc || matches!(first, Some(b'{' | b'['));
        if json_like
            && size <= limits.json_config
            && self.kept.bytes + size <= limits.buffered_documents
        {
            let mut bytes = ehead;
            body.read_to_end(&mut bytes).map_err(io)?;
            self.kept.bytes += bytes.len() as u64;
            self.kept.kept.insert(name, bytes);
            return Ok(());
        }
        let job = BlobJob {
            entry: name.clone(),
            offset,
            size,
            sha512: name.starts_with("blobs/sha512/"),
            decode: true,
            part: Part::Whole,
        };
        // the head of a blob small enough to be a document, within the budget
        let head = (size <= limits.json_config
            && self.kept.bytes + ehead.len() as u64 <= limits.buffered_documents)
            .then(|| ehead.clone());
        let result = verify_blob(&job, Cursor::new(ehead).chain(body), limits, self.sink)?;
        if let Some(head) = head {
            self.kept.bytes += head.len() as u64;
            let digests = (result.sha256.clone(), result.sha512.clone());
            self.kept
                .heads
                .insert(name.clone(), (head, digests.0, digests.1));
        }
        self.sink.event(Event::BlobDone { blob: &name });
        self.results.insert(name, result);
        Ok(())
    }

    /// Resolves the structure from the kept documents, verifies the blobs that
    /// were kept as documents, and finishes the report.
    fn finish(mut self, mut input: Input, decoded: Decoded) -> Result<Report, Error> {
        let format = if decoded.is_tar {
            detect(&self.entries)
        } else {
            Format::Unknown
        };
        input.format = format;
        let mut findings = std::mem::take(&mut self.findings);
        if decoded.is_tar {
            dot_slash_names(&self.entries, format, &mut findings);
        }
        let s = if decoded.is_tar {
            resolve(
                &self.entries,
                format,
                &mut self.kept,
                findings,
                &self.o.limits,
            )?
        } else {
            Structure {
                format,
                findings,
                ..Structure::default()
            }
        };
        self.verify_kept(&s)?;
        announce(&s, self.sink);
        if format == Format::RootfsTar {
            let content = Content::from_compression(self.outer);
            // a stream that broke off (damage, the cap) has no DiffID to record
            let diff_id = (!self.damaged).then(|| decoded.sha256.clone());
            let r = rootfs::result(decoded.sha256, diff_id, decoded.len, content, self.walker);
            self.results.insert(rootfs::ENTRY.to_string(), r);
        }
        let index = Index {
            structure: s,
            input,
            format: Some(format),
        };
        Ok(finish(index, &self.results, self.o, self.sink))
    }

    /// Layers that looked like documents were kept, not streamed: verifies them now.
    fn verify_kept(&mut self, s: &Structure) -> Result<(), Error> {
        for job in &s.jobs {
            if self.results.contains_key(&job.entry) {
                continue;
            }
            if let Some(bytes) = self.kept.kept.get(&job.entry) {
                let r = verify_blob(
                    job,
                    Cursor::new(bytes.as_slice()),
                    &self.o.limits,
                    self.sink,
                )?;
                self.results.insert(job.entry.clone(), r);
            }
        }
        Ok(())
    }
}

/// Where an outer entry's body is: its name and size, and its offset in the decoded stream.
struct Placed {
    name: String,
    size: u64,
    offset: u64,
}

impl Placed {
    fn of(e: &TarEntry) -> Self {
        Placed {
            name: normalize_name(&e.path),
            size: e.size,
            offset: e.data_offset,
        }
    }
}
