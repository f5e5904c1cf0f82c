//! Pass 1, the index pass over a seekable, uncompressed tar: walks the outer
//! tar headers only (bodies skipped by seeking), reads and checks the JSON
//! documents, resolves the graph and plans one job per blob.

use super::{rootfs, Options};
use crate::engine::archive::detect::detect;
use crate::engine::archive::outer::{issues_to_findings, Entries, OuterEntry};
use crate::engine::archive::resolver::{DocSource, Fetched, Resolver};
use crate::engine::archive::{docker_archive, oci_layout};
use crate::engine::codec;
use crate::engine::error::Error;
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::io::read_up_to;
use crate::engine::limits::Limits;
use crate::engine::plan::{Index, Structure};
use crate::engine::report::{Format, Input};
use crate::engine::sink::{Event, Sink};
use crate::engine::tar::{End, Seekable, TarLimits, TarReader};
use crate::engine::verify;
use std::io::{BufReader, Read, Seek, SeekFrom};

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

pub(super) fn not_an_image(what: String) -> Finding {
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
    let mut r = Resolver::new(entries, docs, limits);
    let mut s = Structure {
        format,
        ..Structure::default()
    };
    let layout = matches!(format, Format::OciLayout | Format::OciLayoutDockerManifest);
    if layout {
        let l = oci_layout::read(&mut r)?;
        s.index = l.index;
        s.images = l.images;
    }
    if matches!(
        format,
        Format::DockerArchive | Format::OciLayoutDockerManifest
    ) {
        s.references = docker_archive::read(&mut r, &mut s.images)?;
    }
    if layout {
        oci_layout::check_blobs_dir(&mut r);
    }
    let resolved = r.finish();
    s.findings = resolved.findings;
    s.documents = resolved.documents;
    s.jobs = resolved.jobs;
    if let Some(index) = &s.index {
        verify::references::from_index(index, &mut s.references);
    }
    Ok(s)
}

/// Resolves the structure of the outer tar's `entries` in `format`: the graph
/// and the jobs, and a finding when the tar is no image at all. The walk's
/// `findings` come first, then those of the documents.
pub(super) fn resolve(
    entries: &Entries,
    format: Format,
    docs: &mut dyn DocSource,
    mut findings: Vec<Finding>,
    limits: &Limits,
) -> Result<Structure, Error> {
    let mut s = build_structure(entries, format, docs, limits)?;
    if format == Format::Unknown {
        findings.push(not_an_image(format!(
            "a tar archive of {} entries with no image metadata and no file-system shape",
            entries.list.len()
        )));
    }
    findings.append(&mut s.findings);
    s.findings = findings;
    Ok(s)
}

/// Tells the sink what was found and how much there is to stream.
pub(super) fn announce(s: &Structure, sink: &mut dyn Sink) {
    sink.event(Event::Structure {
        format: s.format.as_str(),
        jobs: s.jobs.len(),
        total_bytes: s.jobs.iter().map(|j| j.size).sum(),
    });
}

/// The finding for how the outer tar ended, if any: bytes after the end marker.
pub(super) fn outer_end(end: End, findings: &mut Vec<Finding>) {
    if end == (End::Marker { trailing: true }) {
        findings.push(Finding::new(
            Code::ArchiveTrailingData,
            Location::default(),
            "non-zero bytes after the end-of-archive marker",
        ));
    }
}

/// The compatibility fact that the archive's entries are named `./…`
/// (trivy looks `manifest.json` up by its exact name); image archives only.
pub(super) fn dot_slash_names(entries: &Entries, format: Format, findings: &mut Vec<Finding>) {
    if matches!(format, Format::RootfsTar | Format::Unknown) {
        return;
    }
    if let Some(e) = entries
        .list
        .iter()
        .find(|e| e.tar.path.starts_with("./") && e.tar.path.len() > 2)
    {
        findings.push(Finding::new(
            Code::CompatibilityDotSlashNames,
            Location::entry(e.name.clone()),
            format!("entry names start with `./` (`{}`)", e.tar.path),
        ));
    }
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
    let mut entries = Entries::default();
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
            entries.push(e, &mut findings);
        }
        issues_to_findings(tar.take_issues(), &mut findings);
        outer_end(tar.finish().map_err(io)?, &mut findings);
    }
    entries.input_len = Some(len);
    let format = detect(&entries);
    dot_slash_names(&entries, format, &mut findings);
    out.format = Some(format);
    out.input.format = format;
    let mut s = resolve(&entries, format, &mut SeekDocs { r }, findings, &o.limits)?;
    if format == Format::RootfsTar {
        s.jobs.push(rootfs::job(len));
    }
    announce(&s, sink);
    out.structure = s;
    Ok(out)
}
