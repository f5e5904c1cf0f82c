//! The pipelines: the index pass ([`index`]), the blob pass (each blob through
//! `verify::blob::verify_blob`), [`finish`], and the one pass for a
//! non-seekable input ([`inspect_stream`]). [`inspect`] runs the seekable
//! ones in order.

mod finish;
mod index;
mod parallel;
mod rootfs;
mod stream;

pub use finish::finish;
pub use index::index;
pub use parallel::inspect_parallel;
pub use stream::inspect_stream;

use crate::engine::codec;
use crate::engine::error::Error;
use crate::engine::io::read_up_to;
use crate::engine::limits::Limits;
use crate::engine::report::Report;
use crate::engine::sink::{Event, Sink};
use crate::engine::verify::blob::verify_blob;
use std::collections::HashMap;
use std::io::{BufReader, Read, Seek, SeekFrom};

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

/// How an input is read: decided from its first bytes (up to 512).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// A tar: the index pass, then each blob on its own (seekable).
    Index,
    /// Compressed: one pass over the decoded stream ([`inspect_stream`]),
    /// since a compressed tar cannot be seeked into.
    One,
}

/// The pass for an input that starts with `head` (the CLI, [`inspect`] and
/// the page's worker all decide here).
pub fn pass_for(head: &[u8]) -> Pass {
    match codec::sniff(head) {
        codec::Sniffed::Compressed(c) if c != codec::Compression::None => Pass::One,
        _ => Pass::Index,
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
    if pass_for(&head) == Pass::One {
        return inspect_stream(r, o, sink);
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
