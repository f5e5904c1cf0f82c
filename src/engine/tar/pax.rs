//! PAX extended header records (`x`/`X` payloads): the record syntax and the
//! keywords the reader applies to the entry that follows.

use super::issue::{Issues, TarIssue};
use super::numbers::parse_dec;

/// The most `SCHILY.xattr.*` records kept per entry.
const MAX_XATTRS: usize = 1024;

/// The PAX records of one `x` header, applied to the entry that follows.
#[derive(Default)]
pub(super) struct Pax {
    /// `path` (None when absent or deleted by an empty value).
    pub(super) path: Option<Vec<u8>>,
    /// `linkpath`.
    pub(super) linkpath: Option<Vec<u8>>,
    /// `GNU.sparse.name`: the real name of a PAX sparse file (wins over `path`).
    pub(super) sparse_name: Option<Vec<u8>>,
    /// `size`: the body length, whatever the header says.
    pub(super) size: Option<u64>,
    /// `mtime`, whole seconds (the fraction dropped).
    pub(super) mtime: Option<i64>,
    /// `uid`.
    pub(super) uid: Option<u64>,
    /// `gid`.
    pub(super) gid: Option<u64>,
    /// Some `GNU.sparse.*` key was present.
    pub(super) sparse: bool,
    /// `GNU.sparse.major`, `.minor`, `.numblocks` and `.map`, as written.
    pub(super) sparse_records: [Option<Vec<u8>>; 4],
    /// `SCHILY.xattr.*` records, at most [`MAX_XATTRS`].
    pub(super) xattrs: Vec<(String, Vec<u8>)>,
}

impl Pax {
    /// Whether these are PAX `GNU.sparse` 0.0/0.1 records that Go's
    /// `archive/tar` refuses: it takes 0.x when `major`/`minor` say so or,
    /// without them, when a `map` is given, and then requires a
    /// `numblocks` equal to half the number of values of `map`
    /// (`readGNUSparseMap0x1`).
    pub(super) fn sparse_map_incomplete(&self) -> bool {
        let [major, minor, blocks, map] = &self.sparse_records;
        let v0 = match (major.as_deref(), minor.as_deref()) {
            (Some(b"0"), Some(b"0" | b"1")) => true,
            (None, None) => map.as_deref().is_some_and(|m| !m.is_empty()),
            _ => false, // 1.0, or a version Go does not read as sparse
        };
        if !v0 {
            return false;
        }
        let text = |v: &Option<Vec<u8>>| {
            String::from_utf8_lossy(v.as_deref().unwrap_or_default()).into_owned()
        };
        let Ok(n) = text(blocks).parse::<i64>() else {
            return true;
        };
        let map = text(map);
        let values: Vec<&str> = if map.is_empty() {
            Vec::new()
        } else {
            map.split(',').collect()
        };
        n < 0
            || values.len() as i64 != n.saturating_mul(2)
            || values.iter().any(|v| v.parse::<i64>().is_err())
    }

    /// Applies the records of one payload. Records are "%d %s=%s\n": "<length> <keyword>=<value>\n", the length counting the
    /// whole record. "If the <value> field is zero length, it shall delete any header block
    /// field, previously entered extended headers, or global extended headers of the same name."
    pub(super) fn parse(&mut self, data: &[u8], offset: u64, issues: &mut Issues) {
        let mut rest = data;
        while !rest.is_empty() && rest.iter().any(|&b| b != 0) {
            let record = rest.iter().position(|&c| c == b' ').and_then(|sp| {
                let len = usize::try_from(parse_dec(rest.get(..sp)?)?).ok()?;
                let (b'\n', kv) = rest.get(sp.checked_add(1)?..len)?.split_last()? else {
                    return None;
                };
                let eq = kv.iter().position(|&c| c == b'=')?;
                Some((len, kv.get(..eq)?, kv.get(eq.checked_add(1)?..)?))
            });
            let Some((len, key, value)) = record else {
                issues.push(TarIssue::BadPax { offset });
                return;
            };
            if !apply_pax(self, key, value) {
                issues.push(TarIssue::BadPax { offset });
            }
            rest = rest.get(len..).unwrap_or(&[]);
        }
    }
}

/// Apply one PAX record; false if its value is malformed.
fn apply_pax(pax: &mut Pax, key: &[u8], value: &[u8]) -> bool {
    let owned = || (!value.is_empty()).then(|| value.to_vec());
    let number = |v: &[u8]| {
        if v.is_empty() {
            Some(None)
        } else {
            parse_dec(v).map(Some)
        }
    };
    match key {
        // a NUL cannot be in a name: C tools would cut it there (Go's
        // archive/tar refuses such a record too)
        b"path" | b"linkpath" if value.contains(&0) => return false,
        b"path" => pax.path = owned(),
        b"linkpath" => pax.linkpath = owned(),
        b"size" | b"uid" | b"gid" => {
            let Some(n) = number(value) else { return false };
            match key {
                b"size" => pax.size = n,
                b"uid" => pax.uid = n,
                _ => pax.gid = n,
            }
        }
        // "mtime ... a decimal representation ... of seconds since the Epoch"; the fraction
        // after the period is dropped.
        b"mtime" => {
            let (neg, v) = match value.split_first() {
                Some((b'-', rest)) => (true, rest),
                _ => (false, value),
            };
            let dot = v.iter().position(|&c| c == b'.').unwrap_or(v.len());
            let (int, frac) = (v.get(..dot).unwrap_or(&[]), v.get(dot..).unwrap_or(&[]));
            if !frac.iter().skip(1).all(u8::is_ascii_digit) {
                return false;
            }
            let secs = if value.is_empty() {
                Some(None)
            } else {
                parse_dec(int).map(Some)
            };
            let Some(secs) = secs else { return false };
            let Ok(secs) = secs.map(i64::try_from).transpose() else {
                return false;
            };
            pax.mtime = secs.map(|s| if neg { -s } else { s });
        }
        b"GNU.sparse.name" => {
            pax.sparse = true;
            pax.sparse_name = owned();
        }
        _ => {
            if let Some(k) = key.strip_prefix(b"GNU.sparse.") {
                pax.sparse = true;
                let at = [&b"major"[..], b"minor", b"numblocks", b"map"]
                    .iter()
                    .position(|n| *n == k);
                if let Some(slot) = at.and_then(|i| pax.sparse_records.get_mut(i)) {
                    *slot = owned();
                }
            } else if let Some(name) = key.strip_prefix(b"SCHILY.xattr.") {
                if pax.xattrs.len() < MAX_XATTRS {
                    let name = String::from_utf8_lossy(name).into_owned();
                    pax.xattrs.push((name, value.to_vec()));
                }
            }
        }
    }
    true
}
