//! The resolver: fetches the small JSON documents of the archive (capped),
//! checks each against its descriptor's digest and size, finds blobs under
//! `blobs/` (following c/image's links one level), and queues one job per
//! blob to stream. Nothing else: what the documents mean is read by
//! [`super::oci_layout`], [`super::docker_archive`] and [`super::image`],
//! which take the resolver.

use super::outer::{Entries, OuterEntry};
use crate::engine::error::Error;
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::hashing::{sha256_of, sha512_of};
use crate::engine::limits::Limits;
use crate::engine::model::digest::{parse_digest, Algorithm, Digest, DigestError};
use crate::engine::model::json::{self, JsonProblem};
use crate::engine::plan::{BlobJob, Part};
use crate::engine::report::{Document, DocumentRole, Status};
use crate::engine::tar::EntryKind;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The bytes of a small document.
#[derive(Debug)]
pub enum Fetched {
    /// The whole content.
    Bytes(Vec<u8>),
    /// Larger than the cap: not read.
    TooLarge(u64),
    /// Not available (one-pass mode: not kept).
    Unavailable,
    /// Not kept in one-pass mode, as it did not look like JSON: its first
    /// bytes (enough to say why it is no JSON document) and the digests of
    /// its whole content, hashed as it streamed past.
    Head {
        /// Its first bytes.
        head: Vec<u8>,
        /// sha256 of the whole content.
        sha256: String,
        /// sha512 of the whole content, when it was computed.
        sha512: Option<String>,
    },
}

/// Gives the bytes of archive entries (seek-and-read, or kept in one-pass mode).
pub trait DocSource {
    /// The content of `entry`, if it is at most `cap` bytes.
    fn fetch(&mut self, entry: &OuterEntry, cap: u64) -> Result<Fetched, Error>;
}

/// Result of looking a descriptor's digest up.
#[derive(Debug, Clone, Default)]
pub struct BlobRef {
    /// The parsed digest, when well-formed.
    pub digest: Option<Digest>,
    /// The entry holding it, when present.
    pub entry: Option<String>,
}

/// A document read and checked.
#[derive(Debug, Clone, Default)]
pub struct DocRead {
    /// Parsed content.
    pub value: Option<Value>,
    /// Digest check against the descriptor.
    pub digest_status: Option<Status>,
    /// Size check against the descriptor.
    pub size_status: Option<Status>,
    /// sha256 of the bytes.
    pub sha256: Option<String>,
}

/// A document being read: its entry, what it is, where its findings point.
#[derive(Clone, Copy)]
struct Doc<'x> {
    entry: &'x str,
    role: DocumentRole,
    location: &'x Location,
}

/// What the resolver gathered: its findings (in the order they were made),
/// the documents it read and the jobs it planned.
#[derive(Debug, Default)]
pub struct Resolved {
    /// Findings of the documents and the blob look-ups.
    pub findings: Vec<Finding>,
    /// Every document read, with its content.
    pub documents: Vec<Document>,
    /// One job per blob to stream.
    pub jobs: Vec<BlobJob>,
}

/// Fetches documents, finds blobs and queues jobs over the outer `entries`.
pub struct Resolver<'a> {
    entries: &'a Entries,
    docs: &'a mut dyn DocSource,
    limits: &'a Limits,
    out: Resolved,
    /// Entries referenced by some document.
    referenced: BTreeSet<String>,
    /// Entries planned, with the index of their job in `out.jobs` (`None`: not in the archive).
    queued: BTreeMap<String, Option<usize>>,
}

impl<'a> Resolver<'a> {
    /// A resolver over `entries`, reading documents from `docs`.
    pub fn new(entries: &'a Entries, docs: &'a mut dyn DocSource, limits: &'a Limits) -> Self {
        Resolver {
            entries,
            docs,
            limits,
            out: Resolved::default(),
            referenced: BTreeSet::new(),
            queued: BTreeMap::new(),
        }
    }

    /// The caps.
    pub fn limits(&self) -> &'a Limits {
        self.limits
    }

    /// The outer entry named `name`.
    pub fn entry(&self, name: &str) -> Option<&'a OuterEntry> {
        self.entries.get(name)
    }

    /// Every outer entry, in archive order.
    pub fn entries(&self) -> &'a [OuterEntry] {
        &self.entries.list
    }

    /// Adds a finding.
    pub fn add(&mut self, f: Finding) {
        self.out.findings.push(f);
    }

    /// Adds findings.
    pub fn extend(&mut self, found: impl IntoIterator<Item = Finding>) {
        self.out.findings.extend(found);
    }

    /// The findings so far, for a lenient document reader to add to.
    pub fn findings_mut(&mut self) -> &mut Vec<Finding> {
        &mut self.out.findings
    }

    /// Records that a document names `entry` (unreferenced blobs are findings).
    pub fn mark_referenced(&mut self, entry: String) {
        self.referenced.insert(entry);
    }

    /// Whether some document named `entry`.
    pub fn is_referenced(&self, entry: &str) -> bool {
        self.referenced.contains(entry)
    }

    /// Follows a symlink or hardlink entry one level inside the archive
    /// (c/image writes `<id>/layer.tar → ../<diffid>.tar`). Reports dangling,
    /// chained and escaping links.
    pub fn resolve_entry(&mut self, name: &str) -> Option<String> {
        let e = self.entries.get(name)?;
        match e.tar.kind {
            EntryKind::File => Some(e.name.clone()),
            EntryKind::Symlink | EntryKind::HardLink => {
                let target = e.tar.link.clone().unwrap_or_default();
                let base: Vec<&str> = if e.tar.kind == EntryKind::Symlink {
                    crate::engine::path::parent(name)
                        .split('/')
                        .filter(|s| !s.is_empty())
                        .collect()
                } else {
                    Vec::new()
                };
                let c = crate::engine::path::clean_from(&base, &target);
                let problem = if c.escapes || c.absolute {
                    Some("leaves the archive")
                } else {
                    link_target_problem(self.entries.get(&c.path))
                };
                match problem {
                    Some(p) => {
                        self.add(Finding::new(
                            Code::ArchiveBadSymlink,
                            Location::entry(name),
                            format!("`{name}` is a link to `{target}`, which {p}"),
                        ));
                        None
                    }
                    None => Some(c.path),
                }
            }
            _ => None,
        }
    }

    /// Validates a digest string and finds its blob under `blobs/`.
    pub fn blob_for(&mut self, digest: Option<&str>, location: &Location) -> BlobRef {
        let Some(d) = digest else {
            return BlobRef::default();
        };
        match parse_digest(d) {
            Ok(parsed) => {
                if parsed.algorithm_supported().is_none() {
                    self.add(Finding::new(
                        Code::BlobDigestUnsupportedAlgorithm,
                        location.clone().with_blob(d),
                        format!(
                            "digest `{d}` uses algorithm `{}`, which ocilens cannot compute",
                            parsed.algorithm
                        ),
                    ));
                }
                let path = parsed.blob_path();
                let entry = self.entries.get(&path).map(|e| e.name.clone());
                let entry = match entry {
                    Some(n) => self.resolve_entry(&n),
                    None => None,
                };
                if let Some(e) = &entry {
                    self.referenced.insert(e.clone());
                }
                self.referenced.insert(path);
                BlobRef {
                    digest: Some(parsed),
                    entry,
                }
            }
            Err(DigestError::UnsafePath) => {
                self.add(Finding::new(
                    Code::BlobDigestUnsafePath,
                    location.clone().with_blob(d),
                    format!("digest `{d}` would map outside `blobs/`; not looked up"),
                ));
                BlobRef::default()
            }
            Err(DigestError::Malformed(why)) => {
                self.add(Finding::new(
                    Code::BlobDigestMalformed,
                    location.clone().with_blob(d),
                    format!("digest `{d}` is malformed: {why}"),
                ));
                BlobRef::default()
            }
        }
    }

    /// Reads, hashes and parses a JSON document; checks it against the
    /// descriptor's digest and size when given.
    pub fn read_document(
        &mut self,
        entry: &str,
        cap: u64,
        role: DocumentRole,
        location: &Location,
        expect: Option<(&Digest, Option<u64>)>,
    ) -> Result<DocRead, Error> {
        let mut out = DocRead::default();
        let entries = self.entries;
        let Some(e) = entries.get(entry) else {
            return Ok(out);
        };
        self.referenced.insert(e.name.clone());
        let doc = Doc {
            entry,
            role,
            location,
        };
        let (bytes, streamed) = match self.docs.fetch(e, cap)? {
            Fetched::Bytes(b) => (b, None),
            Fetched::Head {
                head,
                sha256,
                sha512,
            } => (head, Some((sha256, sha512))),
            Fetched::TooLarge(size) => {
                self.add(Finding::new(
                    Code::LimitsJsonDocument,
                    location.clone(),
                    format!("{role} `{entry}` is {size} bytes, over the {cap}-byte cap; not read"),
                ));
                out.digest_status = Some(Status::Unverifiable);
                return Ok(out);
            }
            Fetched::Unavailable => return Ok(out),
        };
        let len = match streamed {
            Some(_) => e.tar.size,
            None => bytes.len() as u64,
        };
        let (sha256, sha512) = match streamed {
            Some(digests) => digests,
            None => {
                let sha512 = (digest_algorithm(expect) == Some(Algorithm::Sha512))
                    .then(|| sha512_of(&bytes));
                (sha256_of(&bytes), sha512)
            }
        };
        if let Some((digest, size)) = expect {
            let (status, found) = digest_check(&sha256, sha512, digest, doc);
            self.extend(found);
            out.digest_status = Some(status);
            out.size_status = size.map(|s| {
                let (status, found) = size_check(s, len, doc);
                self.extend(found);
                status
            });
        }
        out.sha256 = Some(sha256.clone());
        out.value = self.parse_json(&bytes, sha256, doc);
        Ok(out)
    }

    /// Parses a document's bytes: a finding for each duplicate key, the
    /// document recorded with its content, or the finding why it is no JSON.
    fn parse_json(&mut self, bytes: &[u8], sha256: String, doc: Doc<'_>) -> Option<Value> {
        let Doc {
            entry,
            role,
            location,
        } = doc;
        match json::parse(bytes) {
            Ok(parsed) => {
                for (path, key) in &parsed.duplicates {
                    self.add(Finding::new(
                        Code::JsonDuplicateKey,
                        location.clone().with_path(format!("{path}.{key}")),
                        format!("{role} `{entry}`: key `{key}` appears more than once in `{path}`"),
                    ));
                }
                self.out.documents.push(Document {
                    entry: entry.to_string(),
                    role,
                    digest: sha256,
                    content: parsed.value.clone(),
                });
                Some(parsed.value)
            }
            Err(problem) => {
                let code = match problem {
                    JsonProblem::NotUtf8(_) => Code::JsonNotUtf8,
                    JsonProblem::Invalid { .. } => Code::JsonInvalid,
                    JsonProblem::TooDeep => Code::LimitsJsonDepth,
                };
                let mut f = Finding::new(
                    code,
                    location.clone(),
                    format!("{role} `{entry}`: {problem}"),
                );
                f.found = json::found_of(&problem, bytes).map(str::to_string);
                self.add(f);
                None
            }
        }
    }

    /// Plans streaming `entry` once: a second request only widens the first job
    /// (sha512, decode). An entry that is not in the archive gets no job.
    pub fn queue(&mut self, entry: &str, sha512: bool, decode: bool) {
        if let Some(planned) = self.queued.get(entry) {
            if let Some(j) = planned.and_then(|i| self.out.jobs.get_mut(i)) {
                j.sha512 |= sha512;
                j.decode |= decode;
            }
            return;
        }
        let planned = self.entries.get(entry).map(|e| {
            self.out.jobs.push(BlobJob {
                entry: entry.to_string(),
                offset: e.tar.data_offset,
                size: e.tar.size,
                sha512,
                decode,
                part: Part::Whole,
            });
            self.out.jobs.len() - 1
        });
        self.queued.insert(entry.to_string(), planned);
    }

    /// Finishes: the findings, documents and jobs.
    pub fn finish(self) -> Resolved {
        self.out
    }
}

/// Why a link's target `t` cannot stand for a blob, if it cannot.
fn link_target_problem(t: Option<&OuterEntry>) -> Option<&'static str> {
    match t {
        None => Some("points at nothing"),
        Some(t) if t.tar.kind == EntryKind::File => None,
        Some(t) if matches!(t.tar.kind, EntryKind::Symlink | EntryKind::HardLink) => {
            Some("points at another link (chains and loops are not followed)")
        }
        Some(_) => Some("does not point at a regular file"),
    }
}

/// A document's bytes against the descriptor's `digest` (`sha256` is theirs,
/// already computed): the status, and a finding on a mismatch.
fn digest_check(
    sha256: &str,
    sha512: Option<String>,
    digest: &Digest,
    doc: Doc<'_>,
) -> (Status, Option<Finding>) {
    let computed = match digest.algorithm_supported() {
        Some(Algorithm::Sha256) => Some(sha256.to_string()),
        Some(Algorithm::Sha512) => sha512,
        None => None,
    };
    match computed {
        Some(c) if c == digest.to_string() => (Status::Verified, None),
        Some(c) => {
            let f = Finding::new(
                Code::BlobDigestMismatch,
                doc.location.clone().with_blob(digest.to_string()),
                format!("{} `{}`: expected {digest}, found {c}", doc.role, doc.entry),
            )
            .expected_found(digest.to_string(), c);
            (Status::Mismatch, Some(f))
        }
        None => (Status::Unverifiable, None),
    }
}

/// The algorithm of the expected digest, if ocilens computes it.
fn digest_algorithm(expect: Option<(&Digest, Option<u64>)>) -> Option<Algorithm> {
    expect.and_then(|(d, _)| d.algorithm_supported())
}

/// A document's byte count `found` against the `declared` size: the status,
/// and a finding when they differ.
fn size_check(declared: u64, found: u64, doc: Doc<'_>) -> (Status, Option<Finding>) {
    if declared == found {
        return (Status::Verified, None);
    }
    let (code, how) = if found < declared {
        (Code::BlobSizeShort, "short")
    } else {
        (Code::BlobSizeLong, "long")
    };
    let (role, entry) = (doc.role, doc.entry);
    let f = Finding::new(
        code,
        doc.location.clone(),
        format!("{role} `{entry}` is {how}: {found} bytes where the descriptor says {declared}"),
    )
    .expected_found(declared.to_string(), found.to_string());
    (Status::Mismatch, Some(f))
}
