//! A minimal read-only reader of the SQLite 3 file format, enough to list the
//! rows of one table (rpm's `Packages`): the 100-byte header, the schema
//! table on page 1, table b-trees (interior and leaf pages), the record
//! format and overflow chains (<https://www.sqlite.org/fileformat2.html>).
//!
//! It reads a whole database held in memory (the caller caps its size) and
//! is bounded on a hostile file: every page is visited at most once per walk
//! (a cycle is an error), the tree is at most [`MAX_DEPTH`] deep, and a
//! record's payload is at most the file's size. The write-ahead log
//! (`-wal` file) is not read: rpm checkpoints it when it closes the database.

use std::collections::HashSet;
use std::fmt;

/// Deepest table b-tree followed (SQLite's own cursor stops at 20).
pub const MAX_DEPTH: usize = 40;

/// Why the file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlError(pub String);

impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn err<T>(msg: impl Into<String>) -> Result<T, SqlError> {
    Err(SqlError(msg.into()))
}

/// One column value of a record.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// NULL (also an `INTEGER PRIMARY KEY` column, stored as the rowid).
    Null,
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// Text (UTF-8 expected; kept as bytes).
    Text(Vec<u8>),
    /// A blob.
    Blob(Vec<u8>),
}

/// An open database: the bytes and the page geometry.
#[derive(Debug)]
pub struct Db<'a> {
    bytes: &'a [u8],
    page_size: usize,
    usable: usize,
    pages: u32,
}

/// Reads a big-endian integer of `n` bytes at `at`.
fn be(bytes: &[u8], at: usize, n: usize) -> Option<u64> {
    let s = bytes.get(at..at.checked_add(n)?)?;
    Some(s.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

/// A varint at `at`: its value and its length.
pub fn varint(bytes: &[u8], at: usize) -> Option<(u64, usize)> {
    let mut v = 0u64;
    for i in 0..9 {
        let b = *bytes.get(at.checked_add(i)?)?;
        if i == 8 {
            return Some(((v << 8) | u64::from(b), 9));
        }
        v = (v << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Some((v, i + 1));
        }
    }
    None
}

impl<'a> Db<'a> {
    /// Checks the header and the page geometry.
    pub fn open(bytes: &'a [u8]) -> Result<Self, SqlError> {
        if bytes.get(..16) != Some(b"SQLite format 3\0".as_slice()) {
            return err("not an SQLite 3 database (no header string)");
        }
        let page_size = match be(bytes, 16, 2) {
            Some(1) => 65536,
            Some(n) if (512..=32768).contains(&n) && n.is_power_of_two() => n as usize,
            _ => return err("invalid page size in the header"),
        };
        let reserved = bytes.get(20).copied().map_or(0, usize::from);
        let usable = page_size.saturating_sub(reserved);
        if usable < 480 {
            return err("usable page size below 480 bytes");
        }
        if be(bytes, 56, 4).is_some_and(|e| e > 1) {
            return err("text encoding is not UTF-8");
        }
        let pages = u32::try_from(bytes.len() / page_size).unwrap_or(u32::MAX);
        if pages == 0 {
            return err("the file is shorter than one page");
        }
        Ok(Db {
            bytes,
            page_size,
            usable,
            pages,
        })
    }

    /// Page `n` (1-based).
    fn page(&self, n: u32) -> Result<&'a [u8], SqlError> {
        if n == 0 || n > self.pages {
            return err(format!(
                "page {n} is outside the file ({} pages)",
                self.pages
            ));
        }
        let start = (n as usize - 1).saturating_mul(self.page_size);
        match self.bytes.get(start..start.saturating_add(self.page_size)) {
            Some(p) => Ok(p),
            None => err(format!("page {n} is cut short")),
        }
    }

    /// The root page of table `name`, from the schema table (page 1).
    pub fn table_root(&self, name: &str) -> Result<Option<u32>, SqlError> {
        let mut found = None;
        self.rows(1, &mut |_, cols| {
            let is_table = matches!(cols.first(), Some(Value::Text(t)) if t == b"table");
            let named = matches!(cols.get(1), Some(Value::Text(t)) if t.eq_ignore_ascii_case(name.as_bytes()));
            if is_table && named {
                if let Some(Value::Int(r)) = cols.get(3) {
                    found = u32::try_from(*r).ok();
                }
                return false;
            }
            true
        })?;
        Ok(found)
    }

    /// Calls `f(rowid, columns)` for every row of the table rooted at `root`,
    /// in rowid order, until it returns false.
    pub fn rows(
        &self,
        root: u32,
        f: &mut dyn FnMut(i64, Vec<Value>) -> bool,
    ) -> Result<(), SqlError> {
        let mut seen = HashSet::new();
        self.walk(root, 0, &mut seen, f).map(|_| ())
    }

    /// Walks the subtree at page `n`; returns false when `f` asked to stop.
    fn walk(
        &self,
        n: u32,
        depth: usize,
        seen: &mut HashSet<u32>,
        f: &mut dyn FnMut(i64, Vec<Value>) -> bool,
    ) -> Result<bool, SqlError> {
        if depth > MAX_DEPTH {
            return err(format!("the b-tree is deeper than {MAX_DEPTH} pages"));
        }
        if !seen.insert(n) {
            return err(format!("page {n} is reached twice (a cycle)"));
        }
        let page = self.page(n)?;
        let hdr = if n == 1 { 100 } else { 0 };
        let kind = page.get(hdr).copied().unwrap_or(0);
        let cells = be(page, hdr + 3, 2).unwrap_or(0) as usize;
        let (ptrs, interior) = match kind {
            13 => (hdr + 8, false),
            5 => (hdr + 12, true),
            _ => return err(format!("page {n} is not a table b-tree page (type {kind})")),
        };
        for i in 0..cells {
            let at = be(page, ptrs + 2 * i, 2).map(|v| v as usize);
            let Some(at) = at.filter(|&a| a < self.usable.min(page.len())) else {
                return err(format!("page {n}: cell {i} points outside the page"));
            };
            if interior {
                let Some(child) = be(page, at, 4) else {
                    return err(format!("page {n}: cell {i} is cut short"));
                };
                if !self.walk(child as u32, depth + 1, seen, f)? {
                    return Ok(false);
                }
            } else {
                let (rowid, payload) = self.leaf_cell(page, at, seen)?;
                if !f(rowid, record(&payload)?) {
                    return Ok(false);
                }
            }
        }
        if interior {
            let right = be(page, hdr + 8, 4).unwrap_or(0) as u32;
            return self.walk(right, depth + 1, seen, f);
        }
        Ok(true)
    }

    /// A table leaf cell at `at`: its rowid and its whole payload (overflow
    /// pages followed).
    fn leaf_cell(
        &self,
        page: &[u8],
        at: usize,
        seen: &mut HashSet<u32>,
    ) -> Result<(i64, Vec<u8>), SqlError> {
        let cut = || SqlError("a cell is cut short".into());
        let (len, a) = varint(page, at).ok_or_else(cut)?;
        let (rowid, b) = varint(page, at + a).ok_or_else(cut)?;
        if len > self.bytes.len() as u64 {
            return err("a record is longer than the file");
        }
        let len = len as usize;
        let u = self.usable;
        let x = u - 35;
        let local = if len <= x {
            len
        } else {
            let m = (u - 12) * 32 / 255 - 23;
            let k = m + (len - m) % (u - 4);
            if k <= x {
                k
            } else {
                m
            }
        };
        let start = at + a + b;
        let mut out = page.get(start..start + local).ok_or_else(cut)?.to_vec();
        if local < len {
            let mut next = be(page, start + local, 4).ok_or_else(cut)? as u32;
            while out.len() < len {
                if !seen.insert(next) {
                    return err(format!("overflow page {next} is reached twice (a cycle)"));
                }
                let p = self.page(next)?;
                let take = (len - out.len()).min(u - 4);
                out.extend_from_slice(p.get(4..4 + take).ok_or_else(cut)?);
                next = be(p, 0, 4).unwrap_or(0) as u32;
            }
        }
        Ok((rowid as i64, out))
    }
}

/// Decodes a record (header of serial types, then the values).
pub fn record(p: &[u8]) -> Result<Vec<Value>, SqlError> {
    let bad = || SqlError("a record is malformed".into());
    let (hlen, mut h) = varint(p, 0).ok_or_else(bad)?;
    let hlen = usize::try_from(hlen).map_err(|_| bad())?;
    if hlen > p.len() {
        return Err(bad());
    }
    let mut body = hlen;
    let mut out = Vec::new();
    while h < hlen {
        let (t, n) = varint(p, h).ok_or_else(bad)?;
        h += n;
        let size = match t {
            0 | 8 | 9 => 0,
            1..=4 => t as usize,
            5 => 6,
            6 | 7 => 8,
            10 | 11 => return Err(bad()),
            _ => usize::try_from((t - 12) / 2).map_err(|_| bad())?,
        };
        let end = body.checked_add(size).ok_or_else(bad)?;
        let v = p.get(body..end).ok_or_else(bad)?;
        body = end;
        out.push(match t {
            0 => Value::Null,
            8 => Value::Int(0),
            9 => Value::Int(1),
            1..=6 => {
                let raw = v.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
                let shift = 64 - 8 * size as u32;
                Value::Int(((raw << shift) as i64) >> shift)
            }
            7 => Value::Float(f64::from_bits(be(v, 0, 8).unwrap_or(0))),
            t if t % 2 == 0 => Value::Blob(v.to_vec()),
            _ => Value::Text(v.to_vec()),
        });
    }
    Ok(out)
}

#[cfg(test)]
#[path = "sqlite_tests.rs"]
mod tests;
