//! rpm's database: the `Packages` table of `rpmdb.sqlite`, each row a
//! header blob (`hnum INTEGER PRIMARY KEY, blob BLOB`). A header blob is the
//! index count and data length (32-bit big-endian each), then 16-byte index
//! entries (tag, type, offset, count) and the data store
//! (<https://rpm-software-management.github.io/rpm/manual/format_header.html>).

use super::sqlite::{Db, Value};
use super::Pkg;

const NAME: u32 = 1000;
const VERSION: u32 = 1001;
const RELEASE: u32 = 1002;
const EPOCH: u32 = 1003;
const ARCH: u32 = 1022;
const DIRINDEXES: u32 = 1116;
const BASENAMES: u32 = 1117;
const DIRNAMES: u32 = 1118;

const INT32: u32 = 4;
const STRING: u32 = 6;
const STRING_ARRAY: u32 = 8;
const I18NSTRING: u32 = 9;

/// Most index entries one header may have (rpm's own cap is 0xffff).
const MAX_ENTRIES: usize = 0x1_0000;
/// Most packages read from one database.
pub const MAX_PACKAGES: usize = 100_000;

/// The packages of an `rpmdb.sqlite`, or why they could not be read.
pub fn parse(bytes: &[u8]) -> Result<Vec<Pkg>, String> {
    let db = Db::open(bytes).map_err(|e| e.to_string())?;
    let root = db
        .table_root("Packages")
        .map_err(|e| e.to_string())?
        .ok_or("no `Packages` table")?;
    let mut out = Vec::new();
    let mut bad = None;
    db.rows(root, &mut |rowid, cols| {
        let blob = cols.iter().find_map(|c| match c {
            Value::Blob(b) => Some(b),
            _ => None,
        });
        match blob.map(|b| header(b)) {
            Some(Ok(p)) => out.push(p),
            Some(Err(e)) => bad = Some(format!("package row {rowid}: {e}")),
            None => bad = Some(format!("package row {rowid} has no header blob")),
        }
        bad.is_none() && out.len() < MAX_PACKAGES
    })
    .map_err(|e| e.to_string())?;
    match bad {
        Some(e) => Err(e),
        None if out.len() >= MAX_PACKAGES => {
            Err(format!("more than {MAX_PACKAGES} packages in one database"))
        }
        None => Ok(out),
    }
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([
        *s.first()?,
        *s.get(1)?,
        *s.get(2)?,
        *s.get(3)?,
    ]))
}

/// One index entry's data: its type, count and the data store from its offset.
struct Entry<'a> {
    kind: u32,
    count: usize,
    data: &'a [u8],
}

impl Entry<'_> {
    /// The first `count` NUL-terminated strings.
    fn strings(&self) -> Option<Vec<String>> {
        if !matches!(self.kind, STRING | STRING_ARRAY | I18NSTRING) {
            return None;
        }
        let n = if self.kind == STRING { 1 } else { self.count };
        let mut parts = self.data.split(|&b| b == 0);
        let mut out = Vec::with_capacity(n.min(self.data.len()));
        for _ in 0..n {
            out.push(String::from_utf8_lossy(parts.next()?).into_owned());
        }
        // the last string must have its terminator inside the store
        parts.next()?;
        Some(out)
    }
    fn int32s(&self) -> Option<Vec<u32>> {
        if self.kind != INT32 || self.count.checked_mul(4)? > self.data.len() {
            return None;
        }
        (0..self.count).map(|i| be32(self.data, i * 4)).collect()
    }
}

/// Parses one header blob into a package.
pub fn header(b: &[u8]) -> Result<Pkg, String> {
    let il = be32(b, 0).ok_or("header cut short")? as usize;
    let dl = be32(b, 4).ok_or("header cut short")? as usize;
    if il > MAX_ENTRIES {
        return Err(format!("{il} index entries"));
    }
    let store_at = 8 + il * 16;
    let store = b
        .get(store_at..store_at.saturating_add(dl))
        .ok_or("header data store cut short")?;
    let get = |tag: u32| -> Option<Entry<'_>> {
        (0..il).find_map(|i| {
            let at = 8 + i * 16;
            if be32(b, at)? != tag {
                return None;
            }
            let kind = be32(b, at + 4)?;
            let off = be32(b, at + 8)? as usize;
            let count = be32(b, at + 12)? as usize;
            Some(Entry {
                kind,
                count,
                data: store.get(off..)?,
            })
        })
    };
    let string = |tag: u32| get(tag).and_then(|e| e.strings()).and_then(|mut v| v.pop());
    let name = string(NAME).ok_or("no NAME")?;
    let version = string(VERSION).unwrap_or_default();
    let release = string(RELEASE).unwrap_or_default();
    let epoch = get(EPOCH)
        .and_then(|e| e.int32s())
        .and_then(|v| v.first().copied());
    let arch = string(ARCH).unwrap_or_default();
    let evr = match epoch {
        Some(e) => format!("{e}:{version}-{release}"),
        None => format!("{version}-{release}"),
    };
    Ok(Pkg {
        name,
        version: evr,
        arch,
        files: files(&get),
    })
}

/// The file list: each basename joined to its directory.
fn files<'a>(get: &dyn Fn(u32) -> Option<Entry<'a>>) -> Option<Vec<String>> {
    let base = get(BASENAMES)?.strings()?;
    let dirs = get(DIRNAMES)?.strings()?;
    let idx = get(DIRINDEXES)?.int32s()?;
    let paths = base
        .iter()
        .zip(idx.iter())
        .filter_map(|(b, &i)| dirs.get(i as usize).map(|d| format!("{d}{b}")))
        .map(|p| p.trim_start_matches('/').to_string())
        .collect();
    Some(paths)
}
