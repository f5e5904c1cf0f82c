//! One-pass mode, for a non-seekable input (an archive compressed as a
//! whole): every entry is hashed as it passes, entries whose bytes are
//! compressed or tar are decoded speculatively (they may be layers), small
//! JSON-looking entries are kept up to the caps, and blobs are matched to
//! descriptors at the end.

use super::index::{build_structure, not_an_image};
use super::{finish, Options};
use crate::engine::archive::builder::{DocSource, Fetched};
use crate::engine::archive::detect::detect;
use crate::engine::archive::outer::{issues_to_findings, normalize_name, Entries, OuterEntry};
use crate::engine::codec::{self, Content};
use crate::engine::error::Error;
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::hashing::HashingReader;
use crate::engine::io::read_up_to;
use crate::engine::plan::{BlobJob, BlobResult, Index, LayerContent};
use crate::engine::report::{Format, Input, Report};
use crate::engine::sink::{Event, Sink};
use crate::engine::tar::{ByteSource, End, EntryKind, Streamed, TarLimits, TarReader};
use crate::engine::tree::layer::LayerWalker;
use crate::engine::verify::blob::verify_blob;
use std::collections::HashMap;
use std::io::{self, BufReader, Cursor, Read};
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

/// Keeps a small JSON-looking entry, or streams it as a possible layer.
#[allow(clippy::too_many_arguments)]
fn stream_entry<S: ByteSource>(
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
        format: Format::Unknown,
        outer_compression: outer,
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
            &codec::CodecLimits::from(&o.limits),
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
            let mut tar = TarReader::new(Streamed(source), TarLimits::from(&o.limits));
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
                let name = normalize_name(&e.path);
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
                match tar.finish() {
                    Ok(End::Marker { trailing: true }) => findings.push(Finding::new(
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
    input.format = format;
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
                content: Content::from_compression(outer),
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
        structure: s,
        input,
        format: Some(format),
    };
    Ok(finish(index, &results, o, sink))
}
