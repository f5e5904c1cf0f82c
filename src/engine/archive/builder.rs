//! Resolving the graph: reads the small JSON documents of the archive
//! (capped), checks each descriptor's digest and size against the bytes,
//! and plans one job per layer blob. Format-specific walks live in
//! `oci_layout.rs` and `docker_archive.rs`.

use super::detect::Format;
use super::outer::{Entries, OuterEntry};
use crate::engine::error::Error;
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::hashing::{sha256_of, sha512_of};
use crate::engine::limits::Limits;
use crate::engine::model::digest::{parse_digest, Algorithm, Digest, DigestError};
use crate::engine::model::json::{self, JsonProblem};
use crate::engine::plan::{BlobJob, Structure};
use crate::engine::report::{Document, DocumentRole, Status};
use crate::engine::tar::EntryKind;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The bytes of a small document.
#[derive(Debug)]
pub enum Fetched {
    /// The whole content.
    Bytes(Vec<u8>),
    /// Larger than the cap: not read.
    TooLarge(u64),
    /// Not available (one-pass mode: not kept).
    Unavailable,
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

/// Builds the [`Structure`].
pub struct Builder<'a> {
    /// The outer entries.
    pub entries: &'a Entries,
    docs: &'a mut dyn DocSource,
    /// Caps.
    pub limits: &'a Limits,
    /// Result under construction.
    pub out: Structure,
    /// Entries referenced by some document.
    pub referenced: BTreeSet<String>,
    /// Manifest digest → image index (memoised DAG).
    pub manifest_images: HashMap<String, u32>,
    /// Entries planned, with the index of their job in `out.jobs` (`None`: not in the archive).
    queued: BTreeMap<String, Option<usize>>,
}

impl<'a> Builder<'a> {
    /// A builder over `entries`.
    pub fn new(
        entries: &'a Entries,
        docs: &'a mut dyn DocSource,
        limits: &'a Limits,
        format: Format,
    ) -> Self {
        Builder {
            entries,
            docs,
            limits,
            out: Structure {
                format,
                ..Structure::default()
            },
            referenced: BTreeSet::new(),
            manifest_images: HashMap::new(),
            queued: BTreeMap::new(),
        }
    }

    /// Adds a finding.
    pub fn add(&mut self, f: Finding) {
        self.out.findings.push(f);
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
                    match self.entries.get(&c.path) {
                        None => Some("points at nothing"),
                        Some(t) if t.tar.kind == EntryKind::File => None,
                        Some(t)
                            if matches!(t.tar.kind, EntryKind::Symlink | EntryKind::HardLink) =>
                        {
                            Some("points at another link (chains and loops are not followed)")
                        }
                        Some(_) => Some("does not point at a regular file"),
                    }
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
        let Some(e) = self.entries.get(entry).cloned() else {
            return Ok(out);
        };
        self.referenced.insert(e.name.clone());
        let bytes = match self.docs.fetch(&e, cap)? {
            Fetched::Bytes(b) => b,
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
        let sha256 = sha256_of(&bytes);
        if let Some((digest, size)) = expect {
            let computed = match digest.algorithm_supported() {
                Some(Algorithm::Sha256) => Some(sha256.clone()),
                Some(Algorithm::Sha512) => Some(sha512_of(&bytes)),
                None => None,
            };
            out.digest_status = Some(match computed {
                Some(c) if c == digest.to_string() => Status::Verified,
                Some(c) => {
                    self.add(
                        Finding::new(
                            Code::BlobDigestMismatch,
                            location.clone().with_blob(digest.to_string()),
                            format!("{role} `{entry}`: expected {digest}, found {c}"),
                        )
                        .expected_found(digest.to_string(), c),
                    );
                    Status::Mismatch
                }
                None => Status::Unverifiable,
            });
            out.size_status =
                size.map(|s| self.check_size(s, bytes.len() as u64, role, entry, location));
        }
        out.sha256 = Some(sha256.clone());
        match json::parse(&bytes) {
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
                out.value = Some(parsed.value);
            }
            Err(problem) => {
                let code = match problem {
                    JsonProblem::NotUtf8(_) => Code::JsonNotUtf8,
                    JsonProblem::Invalid { .. } => Code::JsonInvalid,
                    JsonProblem::TooDeep => Code::LimitsJsonDepth,
                };
                self.add(Finding::new(
                    code,
                    location.clone(),
                    format!("{role} `{entry}`: {problem}"),
                ));
            }
        }
        Ok(out)
    }

    /// Compares a declared size with the bytes found.
    pub fn check_size(
        &mut self,
        declared: u64,
        found: u64,
        role: DocumentRole,
        entry: &str,
        location: &Location,
    ) -> Status {
        if declared == found {
            return Status::Verified;
        }
        let (code, how) = if found < declared {
            (Code::BlobSizeShort, "short")
        } else {
            (Code::BlobSizeLong, "long")
        };
        self.add(
            Finding::new(
                code,
                location.clone(),
                format!(
                    "{role} `{entry}` is {how}: {found} bytes where the descriptor says {declared}"
                ),
            )
            .expected_found(declared.to_string(), found.to_string()),
        );
        Status::Mismatch
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
            });
            self.out.jobs.len() - 1
        });
        self.queued.insert(entry.to_string(), planned);
    }

    /// Checks the `blobs/` directory: misnamed and unreferenced blobs.
    pub fn check_blobs_dir(&mut self) {
        let mut found = Vec::new();
        for e in &self.entries.list {
            if !e.name.starts_with("blobs/") || e.tar.kind == EntryKind::Directory {
                continue;
            }
            let rest = e.name.trim_start_matches("blobs/");
            let well_named = rest
                .split_once('/')
                .is_some_and(|(alg, enc)| parse_digest(&format!("{alg}:{enc}")).is_ok());
            if !well_named {
                found.push(Finding::new(
                    Code::ArchiveBadBlobName,
                    Location::entry(e.name.clone()),
                    format!("`{}` is not named `blobs/<algorithm>/<encoded>`", e.name),
                ));
            } else if !self.referenced.contains(&e.name) {
                found.push(Finding::new(
                    Code::ArchiveUnreferencedBlob,
                    Location::entry(e.name.clone()),
                    format!(
                        "blob `{}` ({} bytes) is referenced by no document",
                        e.name, e.tar.size
                    ),
                ));
            }
        }
        self.out.findings.extend(found);
    }

    /// Finishes: the structure with its findings.
    pub fn finish(self) -> Structure {
        self.out
    }
}
