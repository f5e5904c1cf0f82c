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

pub mod archive;
pub mod codec;
mod error;
pub mod finding;
pub mod io;
pub mod limits;
pub mod model;
pub mod report;
pub mod share;
mod sink;
mod stream;
pub mod tar;
pub mod tree;
pub mod verify;

pub use error::Error;
pub use sink::{Event, NullSink, Sink};
pub use stream::inspect_stream;

use archive::builder::{Builder, DocSource, Fetched, Structure};
use archive::detect::{detect, Format};
use archive::outer::{issues_to_findings, Entries, OuterEntry};
use finding::{Code, Finding, Location};
use io::read_up_to;
use limits::Limits;
use report::{Input, Report, Tool};
use std::collections::HashMap;
use std::io::{BufReader, Read, Seek, SeekFrom};
use tar::{End, Seekable, TarLimits, TarReader};
use verify::blob::{verify_blob, BlobJob, BlobResult, LayerContent};

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
            format: Format::Unknown,
            outer_compression: codec::Compression::None,
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
            TarLimits::from(&o.limits),
        );
        while let Some(e) = tar.next_entry().map_err(io)? {
            out.entries.push(e, &mut findings);
        }
        issues_to_findings(tar.take_issues(), &mut findings);
        if tar.finish().map_err(io)? == (End::Marker { trailing: true }) {
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
    out.input.format = format;
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
