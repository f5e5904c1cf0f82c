//! The engine: pure Rust, no browser API. It reads from `Read` or
//! `Read + Seek`, reports events through a [`Sink`], and builds a versioned
//! [`report::Report`].
//!
//! - [`inspect`]: seekable input. If it is an uncompressed tar, a first pass
//!   walks the outer tar headers only (bodies skipped by seeking), reads the
//!   small JSON documents and resolves the graph ([`index`]); then each blob
//!   is streamed once ([`verify::blob::verify_blob`]); then [`finish`].
//!   A compressed input falls back to one pass.
//! - [`inspect_stream`]: non-seekable input (an archive compressed as a
//!   whole). One pass hashes every entry as it passes, speculatively decodes
//!   entries whose bytes are compressed or tar, keeps JSON-looking entries up
//!   to the caps, and matches blobs to descriptors at the end.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod archive;
pub mod codec;
mod error;
pub mod finding;
pub mod limits;
pub mod model;
pub mod report;
pub mod share;
mod sink;
pub mod tree;
pub mod verify;

pub use error::Error;
pub use sink::{Event, NullSink, Sink};

use archive::builder::{Builder, DocSource, Fetched, Structure};
use archive::detect::{detect, Format};
use archive::outer::{issues_to_findings, Entries, OuterEntry};
use archive::tar::{EntryKind, Seekable, Streamed, TarLimits, TarReader};
use finding::{Code, Finding, Location};
use limits::Limits;
use report::{Input, Report, Tool};
use std::collections::HashMap;
use std::io::{self, BufReader, Cursor, Read, Seek, SeekFrom};
use tree::layer::LayerWalker;
use verify::blob::{verify_blob, BlobJob, BlobResult, LayerContent};
use verify::hashing::HashingReader;

/// What to read and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Resource caps.
    pub limits: Limits,
    /// Put the file trees in the report.
    pub tree: bool,
    /// Name of the input, for the report.
    pub name: String,
}

/// The result of the index pass.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Outer entries.
    pub entries: Entries,
    /// The resolved structure and the jobs.
    pub structure: Structure,
    /// The input.
    pub input: Input,
    /// Format detected.
    pub format: Option<Format>,
}

fn tar_limits(l: &Limits) -> TarLimits {
    TarLimits {
        extension_max: l.tar_extension,
        path_max: l.path_length,
    }
}

fn codec_limits(l: &Limits) -> codec::CodecLimits {
    codec::CodecLimits {
        zstd_window_max: l.zstd_window,
        xz_memory_max: l.xz_memory,
    }
}

fn read_up_to<R: Read>(r: &mut R, n: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(n.min(1 << 20));
    r.take(n as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

struct SeekDocs<'r, R> {
    r: &'r mut R,
}

impl<R: Read + Seek> DocSource for SeekDocs<'_, R> {
    fn fetch(&mut self, entry: &OuterEntry, cap: u64) -> Result<Fetched, Error> {
        if entry.tar.size > cap {
            return Ok(Fetched::TooLarge(entry.tar.size));
        }
        let io = |e| Error::io(entry.name.clone(), e);
        self.r
            .seek(SeekFrom::Start(entry.tar.data_offset))
            .map_err(io)?;
        let n = usize::try_from(entry.tar.size).unwrap_or(usize::MAX);
        Ok(Fetched::Bytes(read_up_to(self.r, n).map_err(io)?))
    }
}

struct KeptDocs {
    kept: HashMap<String, Vec<u8>>,
}

impl DocSource for KeptDocs {
    fn fetch(&mut self, entry: &OuterEntry, cap: u64) -> Result<Fetched, Error> {
        if entry.tar.size > cap {
            return Ok(Fetched::TooLarge(entry.tar.size));
        }
        Ok(match self.kept.get(&entry.name) {
            Some(b) => Fetched::Bytes(b.clone()),
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
            let codec = codec::codec_error(&e).is_some();
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

/// The damaged-outer-compression message, when `e` is one.
fn outer_codec_error(e: &io::Error) -> Option<String> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<OuterError>())
        .filter(|o| o.codec)
        .map(|o| o.message.clone())
}

fn not_an_image(what: String) -> Finding {
    Finding::new(
        Code::FormatNotAnImage,
        Location::default(),
        format!("not an image archive: {what}"),
    )
}

fn build_structure(
    entries: &Entries,
    format: Format,
    docs: &mut dyn DocSource,
    limits: &Limits,
) -> Result<Structure, Error> {
    let mut b = Builder::new(entries, docs, limits, format);
    match format {
        Format::OciLayout => {
            b.oci_layout()?;
            b.check_blobs_dir();
        }
        Format::OciLayoutDockerManifest => {
            b.oci_layout()?;
            b.docker_archive()?;
            b.check_blobs_dir();
        }
        Format::DockerArchive => b.docker_archive()?,
        Format::RootfsTar | Format::Unknown => {}
    }
    let mut s = b.finish();
    if let Some(index) = &s.index {
        verify::references::from_index(index, &mut s.references);
    }
    Ok(s)
}

/// Pass 1 (seekable, uncompressed tar): walks the outer tar headers only,
/// reads and checks the JSON documents, resolves the graph and plans jobs.
pub fn index<R: Read + Seek>(r: &mut R, o: &Options, sink: &mut dyn Sink) -> Result<Index, Error> {
    let io = |e| Error::io(o.name.clone(), e);
    let len = r.seek(SeekFrom::End(0)).map_err(io)?;
    r.seek(SeekFrom::Start(0)).map_err(io)?;
    let head = read_up_to(r, 512).map_err(io)?;
    r.seek(SeekFrom::Start(0)).map_err(io)?;
    let mut out = Index {
        input: Input {
            name: o.name.clone(),
            size: len,
            format: Format::Unknown.as_str().into(),
            outer_compression: "none".into(),
            ..Input::default()
        },
        ..Index::default()
    };
    let mut findings = Vec::new();
    if codec::sniff(&head) != codec::Sniffed::Tar {
        findings.push(not_an_image(codec::describe(&head).to_string()));
        out.structure.findings = findings;
        return Ok(out);
    }
    {
        let mut tar = TarReader::new(
            Seekable::new(BufReader::with_capacity(64 * 1024, &mut *r)).map_err(io)?,
            tar_limits(&o.limits),
        );
        while let Some(e) = tar.next_entry().map_err(io)? {
            out.entries.push(e, &mut findings);
        }
        issues_to_findings(tar.take_issues(), &mut findings);
        let (trailing, _) = tar.finish().map_err(io)?;
        let stopped = findings
            .iter()
            .any(|f| f.code == Code::ArchiveBadHeader.as_str());
        if trailing && !stopped {
            findings.push(Finding::new(
                Code::ArchiveTrailingData,
                Location::default(),
                "non-zero bytes after the end-of-archive marker",
            ));
        }
    }
    out.entries.input_len = Some(len);
    let format = detect(&out.entries);
    out.format = Some(format);
    out.input.format = format.as_str().into();
    let mut docs = SeekDocs { r };
    let mut s = build_structure(&out.entries, format, &mut docs, &o.limits)?;
    if format == Format::Unknown {
        findings.push(not_an_image(format!(
            "a tar archive of {} entries with no image metadata and no file-system shape",
            out.entries.list.len()
        )));
    }
    if format == Format::RootfsTar {
        s.jobs.push(BlobJob {
            entry: String::new(),
            offset: 0,
            size: len,
            sha512: false,
            decode: true,
        });
    }
    findings.append(&mut s.findings);
    s.findings = findings;
    sink.event(Event::Structure {
        format: format.as_str(),
        jobs: s.jobs.len(),
        total_bytes: s.jobs.iter().map(|j| j.size).sum(),
    });
    out.structure = s;
    Ok(out)
}

/// Pass 3: the cross-checks that need everything; produces the report.
pub fn finish(
    index: Index,
    results: &HashMap<String, BlobResult>,
    o: &Options,
    sink: &mut dyn Sink,
) -> Report {
    let Index {
        structure,
        mut input,
        format,
        ..
    } = index;
    let Structure {
        index: idx,
        mut images,
        mut references,
        documents,
        mut findings,
        ..
    } = structure;
    let mut tree = verify::finish::check_images(&mut images, results, o.tree, &mut findings);
    if format == Some(Format::RootfsTar) {
        if let Some(r) = results.get("") {
            rootfs(
                &mut input,
                r.layer.as_ref(),
                r.content,
                &mut findings,
                o.tree,
                &mut tree,
            );
        }
    }
    verify::references::check(&mut references, &images, &mut findings);
    verify::finish::sort(&mut findings);
    for f in &findings {
        sink.event(Event::Finding(f));
    }
    Report {
        schema: report::SCHEMA.into(),
        tool: Tool {
            name: "ocilens".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        input,
        references,
        index: idx,
        images,
        documents,
        tree,
        summary: report::Summary::of(&findings),
        findings,
    }
}

fn rootfs(
    input: &mut Input,
    layer: Option<&LayerContent>,
    content: verify::blob::Content,
    findings: &mut Vec<Finding>,
    want_tree: bool,
    tree: &mut Option<report::Tree>,
) {
    let Some(l) = layer else { return };
    input.rootfs_diff_id = l.diff_id.clone();
    let compressed = if content.compression() == Some(codec::Compression::None) {
        String::new()
    } else {
        format!(" ({}-compressed)", content.as_str())
    };
    findings.push(Finding::new(
        Code::FormatRootfsTar,
        Location::default(),
        format!(
            "a file-system tarball{compressed} of {} entries, not an image; an import should record DiffID {}",
            l.entries.len(),
            l.diff_id.clone().unwrap_or_else(|| "(not computable)".into())
        ),
    ));
    findings.extend(l.findings.iter().cloned());
    if want_tree {
        let t = tree.get_or_insert_with(report::Tree::default);
        t.layers.push(report::TreeLayer {
            image: 0,
            layer: 0,
            entries: l.entries.clone(),
        });
    }
    verify::finish::sort(findings);
}

/// Convenience for seekable input: index, every blob in order, finish.
/// A compressed input is read in one pass ([`inspect_stream`]).
pub fn inspect<R: Read + Seek>(
    mut r: R,
    o: &Options,
    sink: &mut dyn Sink,
) -> Result<Report, Error> {
    let io = |e| Error::io(o.name.clone(), e);
    let head = read_up_to(&mut r, 512).map_err(io)?;
    r.seek(SeekFrom::Start(0)).map_err(io)?;
    if let codec::Sniffed::Compressed(c) = codec::sniff(&head) {
        if c != codec::Compression::None {
            return inspect_stream(r, o, sink);
        }
    }
    let index = index(&mut r, o, sink)?;
    let mut results = HashMap::new();
    let mut jobs = index.structure.jobs.clone();
    jobs.sort_by_key(|j| j.offset);
    for job in &jobs {
        r.seek(SeekFrom::Start(job.offset)).map_err(io)?;
        let reader = BufReader::with_capacity(256 * 1024, (&mut r).take(job.size));
        let result = verify_blob(job, reader, &o.limits, sink)?;
        sink.event(Event::BlobDone { blob: &job.entry });
        results.insert(job.entry.clone(), result);
    }
    Ok(finish(index, &results, o, sink))
}

/// Keeps a small JSON-looking entry, or streams it as a possible layer.
#[allow(clippy::too_many_arguments)]
fn stream_entry<S: archive::tar::ByteSource>(
    tar: &mut TarReader<S>,
    name: String,
    size: u64,
    offset: u64,
    o: &Options,
    sink: &mut dyn Sink,
    kept: &mut HashMap<String, Vec<u8>>,
    kept_bytes: &mut u64,
    results: &mut HashMap<String, BlobResult>,
) -> Result<(), Error> {
    let io = |e| Error::io(name.clone(), e);
    let mut body = tar.body();
    let ehead = read_up_to(&mut body, 512).map_err(io)?;
    let first = ehead.iter().copied().find(|b| !b.is_ascii_whitespace());
    let named_doc = matches!(
        name.as_str(),
        "oci-layout" | "index.json" | "manifest.json" | "repositories"
    );
    let json_like = named_doc || matches!(first, Some(b'{' | b'['));
    if json_like
        && size <= o.limits.json_config
        && *kept_bytes + size <= o.limits.buffered_documents
    {
        let mut bytes = ehead;
        body.read_to_end(&mut bytes).map_err(io)?;
        *kept_bytes += bytes.len() as u64;
        kept.insert(name, bytes);
        return Ok(());
    }
    let job = BlobJob {
        entry: name.clone(),
        offset,
        size,
        sha512: name.starts_with("blobs/sha512/"),
        decode: true,
    };
    let result = verify_blob(&job, Cursor::new(ehead).chain(body), &o.limits, sink)?;
    sink.event(Event::BlobDone { blob: &name });
    results.insert(name, result);
    Ok(())
}

/// One pass over a non-seekable input (possibly compressed as a whole).
pub fn inspect_stream<R: Read>(
    mut r: R,
    o: &Options,
    sink: &mut dyn Sink,
) -> Result<Report, Error> {
    let io = |e| Error::io(o.name.clone(), e);
    let head = read_up_to(&mut r, 512).map_err(io)?;
    let sniffed = codec::sniff(&head);
    let outer = match sniffed {
        codec::Sniffed::Compressed(c) => c,
        _ => codec::Compression::None,
    };
    let mut input = Input {
        name: o.name.clone(),
        format: Format::Unknown.as_str().into(),
        outer_compression: outer.as_str().into(),
        ..Input::default()
    };
    let mut counted = HashingReader::new(Cursor::new(head.clone()).chain(r), false);
    let mut findings = Vec::new();
    let mut entries = Entries::default();
    let mut kept: HashMap<String, Vec<u8>> = HashMap::new();
    let mut kept_bytes = 0u64;
    let mut results: HashMap<String, BlobResult> = HashMap::new();
    let mut walker = LayerWalker::new(Location::default(), o.limits.entries_per_layer);
    let decoded_hash;
    let decoded_len;
    let mut is_tar = false;
    {
        let decoder = codec::decoder(
            outer,
            BufReader::with_capacity(256 * 1024, &mut counted),
            &codec_limits(&o.limits),
        );
        let mut decoded = HashingReader::new(OuterRead(decoder), false);
        let damaged = |m: String| {
            Finding::new(
                Code::ArchiveCorruptCompression,
                Location::default(),
                format!("the {} stream is damaged: {m}", outer.as_str()),
            )
        };
        let inner_head = match read_up_to(&mut decoded, 512) {
            Ok(h) => h,
            Err(e) => match outer_codec_error(&e) {
                Some(m) => {
                    findings.push(damaged(m));
                    Vec::new()
                }
                None => return Err(io(e)),
            },
        };
        if codec::sniff(&inner_head) == codec::Sniffed::Tar {
            is_tar = true;
            let source = Cursor::new(inner_head).chain(&mut decoded);
            let mut tar = TarReader::new(Streamed(source), tar_limits(&o.limits));
            let mut broken = false;
            loop {
                let e = match tar.next_entry() {
                    Ok(Some(e)) => e,
                    Ok(None) => break,
                    Err(e) => match outer_codec_error(&e) {
                        Some(m) => {
                            findings.push(damaged(m));
                            broken = true;
                            break;
                        }
                        None => return Err(io(e)),
                    },
                };
                walker.entry(&e);
                let name = archive::outer::normalize_name(&e.path);
                let size = e.size;
                let offset = e.data_offset;
                let is_file = e.kind == EntryKind::File;
                entries.push(e, &mut findings);
                if !is_file {
                    continue;
                }
                let step = stream_entry(
                    &mut tar,
                    name,
                    size,
                    offset,
                    o,
                    sink,
                    &mut kept,
                    &mut kept_bytes,
                    &mut results,
                );
                if let Err(e) = step {
                    let source = match &e {
                        Error::Io { source, .. } => outer_codec_error(source),
                    };
                    match source {
                        Some(m) => {
                            findings.push(damaged(m));
                            broken = true;
                            break;
                        }
                        None => return Err(e),
                    }
                }
            }
            issues_to_findings(tar.take_issues(), &mut findings);
            if !broken {
                let stopped = findings
                    .iter()
                    .any(|f| f.code == Code::ArchiveBadHeader.as_str());
                match tar.finish() {
                    Ok((true, _)) if !stopped => findings.push(Finding::new(
                        Code::ArchiveTrailingData,
                        Location::default(),
                        "non-zero bytes after the end-of-archive marker",
                    )),
                    Ok(_) => {}
                    Err(e) => match outer_codec_error(&e) {
                        Some(m) => findings.push(damaged(m)),
                        None => return Err(io(e)),
                    },
                }
            }
        } else if findings.is_empty() {
            let what = if outer == codec::Compression::None {
                codec::describe(&head).to_string()
            } else {
                format!(
                    "a {}-compressed file that is not a tar (it holds {})",
                    outer.as_str(),
                    codec::describe(&inner_head)
                )
            };
            findings.push(not_an_image(what));
        }
        decoded_hash = decoded.sha256();
        decoded_len = decoded.count();
    }
    input.size = counted.count();
    input.sha256 = Some(decoded_hash.clone());
    let format = if is_tar {
        detect(&entries)
    } else {
        Format::Unknown
    };
    input.format = format.as_str().into();
    let mut docs = KeptDocs { kept };
    let mut s = build_structure(&entries, format, &mut docs, &o.limits)?;
    if is_tar && format == Format::Unknown {
        findings.push(not_an_image(format!(
            "a tar archive of {} entries with no image metadata and no file-system shape",
            entries.list.len()
        )));
    }
    // Layers that looked like documents were kept, not streamed: verify them now.
    for job in &s.jobs {
        if !results.contains_key(&job.entry) {
            if let Some(bytes) = docs.kept.get(&job.entry) {
                let r = verify_blob(job, Cursor::new(bytes.as_slice()), &o.limits, sink)?;
                results.insert(job.entry.clone(), r);
            }
        }
    }
    findings.append(&mut s.findings);
    s.findings = findings;
    sink.event(Event::Structure {
        format: format.as_str(),
        jobs: s.jobs.len(),
        total_bytes: s.jobs.iter().map(|j| j.size).sum(),
    });
    if format == Format::RootfsTar {
        let (entries_, lower_links, wfindings) = walker.finish();
        results.insert(
            String::new(),
            BlobResult {
                entry: String::new(),
                size: decoded_len,
                sha256: decoded_hash.clone(),
                sha512: None,
                head: String::new(),
                content: match outer {
                    codec::Compression::None => verify::blob::Content::Tar,
                    codec::Compression::Gzip => verify::blob::Content::Gzip,
                    codec::Compression::Zstd => verify::blob::Content::Zstd,
                    codec::Compression::Xz => verify::blob::Content::Xz,
                    codec::Compression::Bzip2 => verify::blob::Content::Bzip2,
                },
                layer: Some(LayerContent {
                    diff_id: Some(decoded_hash),
                    uncompressed_size: decoded_len,
                    problem: None,
                    is_tar: true,
                    entries: entries_,
                    lower_links,
                    findings: wfindings,
                }),
            },
        );
    }
    let index = Index {
        entries,
        structure: s,
        input,
        format: Some(format),
    };
    Ok(finish(index, &results, o, sink))
}
