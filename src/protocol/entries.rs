//! The file trees of a message, in a compact binary form that travels beside its JSON.
//!
//! A layer's result, `Finish` and the report carry every entry of the image's file trees: on the
//! 4.5 GB, 200 000-file image of `scripts/bench-memory` that is 30 + 30 + 72 MB of JSON, copied
//! from wasm into JS strings, structured-cloned between threads and copied into wasm again, all
//! alive around the end of a run (docs/performance.md). Here [`take`] moves a message's entry
//! lists out into bytes (paths share their prefix with the entry before, numbers are LEB128
//! varints, a content hash is 16 raw bytes), which go in a transferred `ArrayBuffer`, and
//! [`restore`] puts them back. Only the page and its workers read this form, both from the same
//! build; the report's JSON (`ocilens.report/v1`) is not touched.

use super::{FromWorker, ToWorker};
use crate::engine::report::Report;
use crate::engine::tree::entry::{Change, Kind, LayerEntry};

/// The entry lists of a message, in a fixed order.
fn lists_from(msg: &mut FromWorker) -> Vec<&mut Vec<LayerEntry>> {
    match msg {
        FromWorker::BlobDone { result } => {
            result.layer.iter_mut().map(|l| &mut l.entries).collect()
        }
        FromWorker::Report { report } => of_report(report),
        _ => Vec::new(),
    }
}

/// A report's lists: each layer's, then each image's merged file system.
fn of_report(report: &mut Report) -> Vec<&mut Vec<LayerEntry>> {
    report
        .tree
        .iter_mut()
        .flat_map(|t| {
            let layers = t.layers.iter_mut().map(|l| &mut l.entries);
            layers.chain(t.merged.iter_mut().map(|m| &mut m.entries))
        })
        .collect()
}

fn lists_to(msg: &mut ToWorker) -> Vec<&mut Vec<LayerEntry>> {
    match msg {
        ToWorker::Finish { results, .. } => results
            .iter_mut()
            .filter_map(|r| r.layer.as_mut())
            .map(|l| &mut l.entries)
            .collect(),
        ToWorker::Compare { a, .. } => of_report(a),
        _ => Vec::new(),
    }
}

/// Moves the entries of `lists` into bytes; `None` when there are none.
fn take_lists(lists: Vec<&mut Vec<LayerEntry>>) -> Option<Vec<u8>> {
    if lists.iter().all(|l| l.is_empty()) {
        return None;
    }
    let mut out = Vec::new();
    varint(&mut out, lists.len() as u64);
    for list in lists {
        let entries = std::mem::take(list);
        varint(&mut out, entries.len() as u64);
        let mut prev = String::new();
        for e in entries {
            entry(&mut out, &e, &prev);
            prev = e.path;
        }
    }
    Some(out)
}

/// Moves the entries of a message from a worker into bytes (`None`: it has none).
pub fn take(msg: &mut FromWorker) -> Option<Vec<u8>> {
    take_lists(lists_from(msg))
}

/// Moves the entries of a message to a worker into bytes (`None`: it has none).
pub fn take_to(msg: &mut ToWorker) -> Option<Vec<u8>> {
    take_lists(lists_to(msg))
}

/// Puts the entries [`take`] moved out back into `msg`.
pub fn restore(msg: &mut FromWorker, bytes: &[u8]) -> Result<(), String> {
    restore_lists(lists_from(msg), bytes)
}

/// Puts the entries [`take_to`] moved out back into `msg`.
pub fn restore_to(msg: &mut ToWorker, bytes: &[u8]) -> Result<(), String> {
    restore_lists(lists_to(msg), bytes)
}

fn restore_lists(lists: Vec<&mut Vec<LayerEntry>>, bytes: &[u8]) -> Result<(), String> {
    let mut r = Bytes { rest: bytes };
    let n = r.varint()?;
    if n != lists.len() as u64 {
        return Err(format!(
            "{n} entry lists for {} in the message",
            lists.len()
        ));
    }
    for list in lists {
        let count = r.varint()?;
        // an entry takes at least 8 bytes: a forged count cannot reserve more than the input
        let mut entries =
            Vec::with_capacity(usize::try_from(count).unwrap_or(0).min(r.rest.len() / 8));
        let mut prev = String::new();
        for _ in 0..count {
            let e = r.entry(&prev)?;
            prev.clone_from(&e.path);
            entries.push(e);
        }
        *list = entries;
    }
    if r.rest.is_empty() {
        Ok(())
    } else {
        Err(format!("{} bytes after the entries", r.rest.len()))
    }
}

const KINDS: [Kind; 10] = [
    Kind::File,
    Kind::Dir,
    Kind::Symlink,
    Kind::Hardlink,
    Kind::CharDevice,
    Kind::BlockDevice,
    Kind::Fifo,
    Kind::Whiteout,
    Kind::Opaque,
    Kind::Other,
];
const CHANGES: [Change; 3] = [Change::Added, Change::Modified, Change::Removed];
const LINK: u8 = 1;
const CHANGE: u8 = 2;
const LAYER: u8 = 4;
const HASH: u8 = 8;

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn bytes(out: &mut Vec<u8>, b: &[u8]) {
    varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

fn entry(out: &mut Vec<u8>, e: &LayerEntry, prev: &str) {
    let shared = e
        .path
        .bytes()
        .zip(prev.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    varint(out, shared as u64);
    bytes(out, e.path.as_bytes().get(shared..).unwrap_or_default());
    out.push(
        KINDS
            .iter()
            .position(|k| *k == e.kind)
            .unwrap_or(KINDS.len() - 1) as u8,
    );
    varint(out, u64::from(e.mode));
    varint(out, e.uid);
    varint(out, e.gid);
    varint(out, e.size);
    varint(out, ((e.mtime << 1) ^ (e.mtime >> 63)) as u64);
    let flag = |on: bool, bit: u8| if on { bit } else { 0 };
    let flags = flag(e.link.is_some(), LINK)
        | flag(e.change.is_some(), CHANGE)
        | flag(e.layer.is_some(), LAYER)
        | flag(e.hash.is_some(), HASH);
    out.push(flags);
    if let Some(link) = &e.link {
        bytes(out, link.as_bytes());
    }
    if let Some(c) = e.change {
        out.push(CHANGES.iter().position(|x| *x == c).unwrap_or(0) as u8);
    }
    if let Some(layer) = e.layer {
        varint(out, u64::from(layer));
    }
    if let Some(h) = &e.hash {
        out.extend_from_slice(h);
    }
}

struct Bytes<'a> {
    rest: &'a [u8],
}

impl<'a> Bytes<'a> {
    fn byte(&mut self) -> Result<u8, String> {
        let (&b, rest) = self.rest.split_first().ok_or("the entries end early")?;
        self.rest = rest;
        Ok(b)
    }
    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err("a number of more than 64 bits".into())
    }
    fn take(&mut self, n: u64) -> Result<&'a [u8], String> {
        let n = usize::try_from(n).map_err(|_| "a length past the address space")?;
        if n > self.rest.len() {
            return Err("the entries end early".into());
        }
        let (head, rest) = self.rest.split_at(n);
        self.rest = rest;
        Ok(head)
    }
    fn string(&mut self) -> Result<String, String> {
        let n = self.varint()?;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|e| e.to_string())
    }
    fn entry(&mut self, prev: &str) -> Result<LayerEntry, String> {
        let shared = usize::try_from(self.varint()?).unwrap_or(usize::MAX);
        let head = prev
            .as_bytes()
            .get(..shared)
            .ok_or("a path shares more than the path before has")?;
        let n = self.varint()?;
        let mut path = head.to_vec();
        path.extend_from_slice(self.take(n)?);
        let path = String::from_utf8(path).map_err(|e| e.to_string())?;
        let kind = *KINDS
            .get(usize::from(self.byte()?))
            .ok_or("an unknown kind")?;
        let mode = u32::try_from(self.varint()?).map_err(|_| "a mode over 32 bits")?;
        let (uid, gid, size) = (self.varint()?, self.varint()?, self.varint()?);
        let z = self.varint()?;
        let mtime = ((z >> 1) as i64) ^ -((z & 1) as i64);
        let flags = self.byte()?;
        let link = if flags & LINK != 0 {
            Some(self.string()?)
        } else {
            None
        };
        let change = if flags & CHANGE != 0 {
            Some(
                *CHANGES
                    .get(usize::from(self.byte()?))
                    .ok_or("an unknown change")?,
            )
        } else {
            None
        };
        let layer = if flags & LAYER != 0 {
            Some(u32::try_from(self.varint()?).map_err(|_| "a layer over 32 bits")?)
        } else {
            None
        };
        let hash = if flags & HASH != 0 {
            let mut h = [0u8; 16];
            h.copy_from_slice(self.take(16)?);
            Some(h)
        } else {
            None
        };
        Ok(LayerEntry {
            path,
            kind,
            mode,
            uid,
            gid,
            size,
            mtime,
            link,
            change,
            layer,
            hash,
        })
    }
}

#[cfg(test)]
#[path = "entries_tests.rs"]
mod tests;
