//! Streaming tar header reader, used for the outer image archive and for layer tars.
//!
//! Formats: POSIX ustar and pax (IEEE Std 1003.1-2017, `pax`, "ustar Interchange Format" and
//! "pax Interchange Format"), the GNU extensions (`L`/`K` long names, old `S` sparse headers,
//! base-256 numbers) and v7 headers (no magic, valid checksum).
//!
//! Rules (reliability plan §3): never panic, every loop iteration consumes at least one
//! 512-byte block or ends, no allocation sized by the input beyond [`TarLimits`], and every
//! anomaly becomes a [`TarIssue`]. Where parsers disagree, the reader follows Go's
//! `archive/tar` (what container runtimes use) and records an issue.

use std::io::{self, Read, Seek, SeekFrom};

const BLOCK: u64 = 512;
/// Largest value an 11-digit octal `size` field can hold (8 GiB − 1).
const OCTAL_SIZE_MAX: u64 = 0o777_7777_7777;
const MAX_XATTRS: usize = 1024;
/// Issues kept between two [`TarReader::take_issues`] calls; more are only counted.
const MAX_ISSUES: usize = 65_536;

/// A byte source the reader pulls from; skipping may be cheap (seek) or a read-and-discard.
pub trait ByteSource: Read {
    /// Skip `n` bytes. Returns how many were actually skipped (less = end of input reached).
    fn skip_bytes(&mut self, n: u64) -> io::Result<u64>;
}

impl<B: ByteSource + ?Sized> ByteSource for &mut B {
    fn skip_bytes(&mut self, n: u64) -> io::Result<u64> {
        (**self).skip_bytes(n)
    }
}

impl<B: ByteSource + ?Sized> ByteSource for Box<B> {
    fn skip_bytes(&mut self, n: u64) -> io::Result<u64> {
        (**self).skip_bytes(n)
    }
}

/// Wraps any Read; skip = read and discard.
pub struct Streamed<R>(pub R);

impl<R: Read> Read for Streamed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl<R: Read> ByteSource for Streamed<R> {
    fn skip_bytes(&mut self, n: u64) -> io::Result<u64> {
        io::copy(&mut (&mut self.0).take(n), &mut io::sink())
    }
}

/// Wraps Read+Seek with a known total length; skip = seek, clamped at `len` (returning fewer
/// bytes when it would pass the end). Skips under 16 KiB read through instead, so that a
/// buffered `inner` (`BufReader` discards its buffer on every seek) keeps its buffer.
pub struct Seekable<R> {
    inner: R,
    pos: u64,
    len: u64,
}

impl<R: Read + Seek> Seekable<R> {
    /// Finds the total length by seeking to the end, then returns to the current position.
    pub fn new(mut inner: R) -> io::Result<Self> {
        let pos = inner.stream_position()?;
        let len = inner.seek(SeekFrom::End(0))?;
        inner.seek(SeekFrom::Start(pos))?;
        Ok(Self { inner, pos, len })
    }
    /// Total length of the underlying stream.
    pub fn len(&self) -> u64 {
        self.len
    }
    /// Whether the underlying stream is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// The wrapped stream.
    pub fn into_inner(self) -> R {
        self.inner
    }
}

impl<R: Read> Read for Seekable<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos = self.pos.saturating_add(n as u64);
        Ok(n)
    }
}

impl<R: Read + Seek> ByteSource for Seekable<R> {
    fn skip_bytes(&mut self, n: u64) -> io::Result<u64> {
        let target = self.pos.saturating_add(n).min(self.len).max(self.pos);
        let skipped = target.saturating_sub(self.pos);
        if skipped < 16 << 10 {
            return io::copy(&mut self.take(skipped), &mut io::sink());
        }
        self.inner.seek(SeekFrom::Start(target))?;
        self.pos = target;
        Ok(skipped)
    }
}

/// Caps on what the reader stores from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TarLimits {
    /// Cap for each `L`/`K`/`x`/`g` payload (default 1 MiB, as Go after CVE-2022-2879).
    pub extension_max: u64,
    /// Cap for a path or link target (default 64 KiB); longer ones are cut for display.
    pub path_max: u64,
}

impl Default for TarLimits {
    fn default() -> Self {
        Self {
            extension_max: 1 << 20,
            path_max: 64 << 10,
        }
    }
}

/// Entry type from the `typeflag` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// `'0'`, `'\0'` ("AREGTYPE", a directory when the name ends in `/`), `'7'` (contiguous:
    /// "implementations may treat it as a regular file") and GNU `'S'` (sparse).
    File,
    /// `'1'` LNKTYPE: the body is the link target's (`link`).
    HardLink,
    /// `'2'` SYMTYPE.
    Symlink,
    /// `'3'` CHRTYPE.
    CharDevice,
    /// `'4'` BLKTYPE.
    BlockDevice,
    /// `'5'` DIRTYPE.
    Directory,
    /// `'6'` FIFOTYPE.
    Fifo,
    /// Any other flag; its body is `size` bytes.
    Other(u8),
}

/// One member of the archive, with every extension header applied.
#[derive(Debug, Clone)]
pub struct TarEntry {
    /// PAX `GNU.sparse.name` > PAX `path` > GNU `L` > ustar `prefix` + "/" + `name`; lossy.
    pub path: String,
    /// False if the raw name bytes were not valid UTF-8.
    pub path_is_utf8: bool,
    /// PAX `linkpath` > GNU `K` > ustar `linkname`; None when empty.
    pub link: Option<String>,
    /// Interpreted `typeflag`.
    pub kind: EntryKind,
    /// Raw `typeflag` byte.
    pub type_flag: u8,
    /// `mode` field (permission and setuid/setgid/sticky bits).
    pub mode: u32,
    /// PAX `uid` wins over the header's.
    pub uid: u64,
    /// PAX `gid` wins over the header's.
    pub gid: u64,
    /// Body length in the archive: PAX `size` wins over the header's; 0 for header-only types.
    pub size: u64,
    /// PAX `mtime` (integer part) wins; base-256 may be negative (before 1970).
    pub mtime: i64,
    /// `devmajor` (ustar and GNU headers only).
    pub dev_major: u32,
    /// `devminor` (ustar and GNU headers only).
    pub dev_minor: u32,
    /// Offset of this entry's first header (including `L`/`K`/`x`) from the start.
    pub header_offset: u64,
    /// Offset of the body.
    pub data_offset: u64,
    /// GNU sparse (`'S'`) or PAX `GNU.sparse.*` keys.
    pub sparse: bool,
    /// PAX `SCHILY.xattr.*` records, at most 1024.
    pub xattrs: Vec<(String, Vec<u8>)>,
}

/// Anomalies. `offset` is that of the header block concerned unless said otherwise.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TarIssue {
    /// Header checksum wrong (not an all-zero block). Fatal: the walk stops.
    BadChecksum {
        /// Header offset.
        offset: u64,
    },
    /// Non-octal digits, overflow, or negative base-256 in a numeric field. Fatal for `size`
    /// unless a PAX `size` is present; other fields read as 0.
    BadNumber {
        /// Header offset.
        offset: u64,
        /// Field name as in POSIX (`mode`, `uid`, `gid`, `size`, `mtime`, `devmajor`, ...).
        field: &'static str,
    },
    /// Input ended inside a header, a body or an extension payload (padding to 512 included).
    Truncated {
        /// The header's offset, or where the body or payload starts.
        offset: u64,
        /// The entry's path when the body was cut.
        path: Option<String>,
        /// 512 for a header, else the padded body or payload length.
        needed: u64,
        /// Bytes present.
        got: u64,
    },
    /// Input ended at an entry boundary without an end marker (one zero block suffices).
    NoEndMarker {
        /// Where the end marker should have been.
        offset: u64,
    },
    /// An `L`/`K`/`x`/`g` payload over the cap: skipped, not stored.
    ExtensionTooLarge {
        /// Header offset.
        offset: u64,
        /// The type flag.
        kind: char,
        /// Declared payload size.
        size: u64,
        /// [`TarLimits::extension_max`].
        cap: u64,
    },
    /// Two `L`, two `K` or two `x` before one entry (the later wins), or header and PAX sizes
    /// disagree (PAX wins; a 0 header size is expected only when the size needs > 11 digits).
    PaxConflict {
        /// Offset of the second extension header, or of the entry's header.
        offset: u64,
        /// What conflicts.
        detail: String,
    },
    /// Path or link target longer than `path_max`: cut to the cap.
    PathTooLong {
        /// Offset of the entry's first header.
        offset: u64,
        /// Length in bytes.
        len: u64,
        /// [`TarLimits::path_max`].
        cap: u64,
    },
    /// A type flag outside POSIX's `0`-`7` and GNU's `S`, `L`, `K`; its body is skipped.
    UnknownType {
        /// Header offset.
        offset: u64,
        /// The type flag.
        flag: u8,
    },
    /// A `g` header: recorded, nothing applied.
    GlobalHeader {
        /// Header offset.
        offset: u64,
    },
    /// Malformed PAX record ("%d %s=%s\n"); the rest of that payload is ignored.
    BadPax {
        /// Offset of the `x` header.
        offset: u64,
    },
    /// A header-only type (link, device, directory, FIFO) declares a non-zero size. POSIX:
    /// "If the typeflag field is set to specify a file to be of type LNKTYPE or SYMTYPE, the
    /// size field shall be specified as zero". No body is read (as Go and Python);
    /// GNU tar skips `size` bytes after links and devices, so the two listings differ.
    IgnoredSize {
        /// Header offset.
        offset: u64,
        /// The type flag.
        flag: u8,
        /// Declared size.
        size: u64,
    },
}

#[derive(Default)]
struct Pax {
    path: Option<Vec<u8>>,
    linkpath: Option<Vec<u8>>,
    sparse_name: Option<Vec<u8>>,
    size: Option<u64>,
    mtime: Option<i64>,
    uid: Option<u64>,
    gid: Option<u64>,
    sparse: bool,
    xattrs: Vec<(String, Vec<u8>)>,
}

/// Extension headers seen before the entry they apply to.
#[derive(Default)]
struct Pending {
    start: Option<u64>,
    long_name: Option<Vec<u8>>,
    long_link: Option<Vec<u8>>,
    seen: [bool; 3],
    pax: Pax,
}

/// Streaming reader over a tar stream.
pub struct TarReader<S: ByteSource> {
    src: S,
    limits: TarLimits,
    block: [u8; 512],
    pos: u64,
    issues: Vec<TarIssue>,
    dropped: u64,
    remaining: u64,
    padding: u64,
    data_offset: u64,
    body_total: u64,
    cur_path: String,
    done: bool,
}

impl<S: ByteSource> TarReader<S> {
    /// A reader at the start of `source` (positions count from there).
    pub fn new(source: S, limits: TarLimits) -> Self {
        Self {
            src: source,
            limits,
            block: [0; 512],
            pos: 0,
            issues: Vec::new(),
            dropped: 0,
            remaining: 0,
            padding: 0,
            data_offset: 0,
            body_total: 0,
            cur_path: String::new(),
            done: false,
        }
    }

    /// Next entry header. Unread body of the previous entry (and its padding to 512) is
    /// skipped first. Ok(None) at the end marker, at EOF, or after a fatal corruption.
    /// Err only for I/O errors of the source, propagated unchanged.
    pub fn next_entry(&mut self) -> io::Result<Option<TarEntry>> {
        if self.done || !self.skip_body()? {
            return self.stop();
        }
        let mut pending = Pending::default();
        loop {
            let offset = self.pos;
            let got = read_full(&mut self.src, &mut self.block)?;
            self.pos = self.pos.saturating_add(got as u64);
            if got == 0 && pending.start.is_none() {
                self.push(TarIssue::NoEndMarker { offset });
                return self.stop();
            }
            if got < self.block.len() {
                let (path, needed, got) = (None, BLOCK, got as u64);
                self.truncated(offset, path, needed, got);
                return self.stop();
            }
            // "two consecutive blocks of zero-filled records" end the archive; like GNU tar,
            // one is enough (`finish` reports any non-zero byte after it).
            if self.block.iter().all(|&b| b == 0) {
                return self.stop();
            }
            if !checksum_ok(&self.block) {
                self.push(TarIssue::BadChecksum { offset });
                return self.stop();
            }
            let flag = self.block.get(156).copied().unwrap_or(0);
            match flag {
                b'L' | b'K' | b'x' | b'X' | b'g' => {
                    if !self.extension(flag, offset, &mut pending)? {
                        return self.stop();
                    }
                }
                _ => return self.entry(flag, offset, pending),
            }
        }
    }

    /// Read from the current entry's body (never past its size). Returns 0 at the body's
    /// end. A short body records `Truncated` once and returns 0.
    pub fn read_body(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = usize::try_from(self.remaining).map_or(buf.len(), |r| r.min(buf.len()));
        let Some(dst) = buf.get_mut(..want).filter(|d| !d.is_empty()) else {
            return Ok(0);
        };
        let n = loop {
            match self.src.read(dst) {
                Ok(n) => break n.min(want),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        if n == 0 {
            self.truncated_body();
        }
        self.pos = self.pos.saturating_add(n as u64);
        self.remaining = self.remaining.saturating_sub(n as u64);
        Ok(n)
    }

    /// A `Read` view of the current body (see [`TarReader::read_body`]).
    pub fn body(&mut self) -> Body<'_, S> {
        Body(self)
    }

    /// Drain issues recorded so far.
    pub fn take_issues(&mut self) -> Vec<TarIssue> {
        std::mem::take(&mut self.issues)
    }

    /// Issues not stored because more than 65 536 were pending.
    pub fn dropped_issues(&self) -> u64 {
        self.dropped
    }

    /// Stream position (bytes consumed from the source so far).
    pub fn position(&self) -> u64 {
        self.pos
    }

    /// After next_entry returned None: read the source to EOF in 64 KiB chunks and report
    /// whether any non-zero byte follows, and the total length. Called earlier, the unread
    /// body counts as trailing data.
    pub fn finish(mut self) -> io::Result<(bool, u64)> {
        let mut buf = vec![0u8; 64 << 10];
        loop {
            let n = match self.src.read(&mut buf) {
                Ok(0) => return Ok((false, self.pos)),
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            self.pos = self.pos.saturating_add(n as u64);
            if buf.get(..n).is_some_and(|c| c.iter().any(|&b| b != 0)) {
                let rest = self.src.skip_bytes(u64::MAX)?;
                return Ok((true, self.pos.saturating_add(rest)));
            }
        }
    }

    /// The source, positioned wherever the walk stopped.
    pub fn into_inner(self) -> S {
        self.src
    }

    fn stop(&mut self) -> io::Result<Option<TarEntry>> {
        self.done = true;
        Ok(None)
    }

    fn push(&mut self, issue: TarIssue) {
        if self.issues.len() < MAX_ISSUES {
            self.issues.push(issue);
        } else {
            self.dropped = self.dropped.saturating_add(1);
        }
    }

    /// Skip `n` bytes; returns how many were skipped.
    fn skip(&mut self, n: u64) -> io::Result<u64> {
        let got = if n == 0 {
            0
        } else {
            self.src.skip_bytes(n)?.min(n)
        };
        self.pos = self.pos.saturating_add(got);
        Ok(got)
    }

    /// Skip the unread body and padding; false (and `Truncated`) if the input ends first.
    fn skip_body(&mut self) -> io::Result<bool> {
        let n = self.remaining.saturating_add(self.padding);
        let got = self.skip(n)?;
        self.remaining = 0;
        self.padding = 0;
        if got < n {
            self.truncated_body();
        }
        Ok(got == n)
    }

    fn truncated(&mut self, offset: u64, path: Option<String>, needed: u64, got: u64) {
        self.push(TarIssue::Truncated {
            offset,
            path,
            needed,
            got,
        });
    }

    fn truncated_body(&mut self) {
        let got = self.pos.saturating_sub(self.data_offset);
        let path = Some(self.cur_path.clone());
        let (offset, needed) = (self.data_offset, self.body_total);
        self.truncated(offset, path, needed, got);
        self.remaining = 0;
        self.padding = 0;
        self.done = true;
    }

    /// Handle an `L`, `K`, `x`, `X` (Solaris pax) or `g` header; false to stop the walk.
    /// The header's own size field is used: a pending PAX `size` "shall apply to the
    /// following file" only, never to an extension header (GHSA-3cv2-h65g-fgmm).
    fn extension(&mut self, flag: u8, offset: u64, pending: &mut Pending) -> io::Result<bool> {
        let kind = char::from(flag);
        let Some(size) = parse_numeric(field(&self.block, 124, 12)).and_then(to_u64) else {
            self.push(TarIssue::BadNumber {
                offset,
                field: "size",
            });
            return Ok(false);
        };
        let padded = size.saturating_add(padding(size));
        let slot = match flag {
            b'L' => Some(0),
            b'K' => Some(1),
            b'x' | b'X' => Some(2),
            _ => None,
        };
        if let Some(seen) = slot.and_then(|i| pending.seen.get_mut(i)) {
            if std::mem::replace(seen, true) {
                let detail = format!("two '{kind}' headers before one entry");
                self.push(TarIssue::PaxConflict { offset, detail });
            }
            pending.start.get_or_insert(offset);
        }
        let cap = self.limits.extension_max;
        if flag == b'g' || size > cap {
            if flag == b'g' {
                self.push(TarIssue::GlobalHeader { offset });
            }
            if size > cap {
                self.push(TarIssue::ExtensionTooLarge {
                    offset,
                    kind,
                    size,
                    cap,
                });
                match flag {
                    b'L' => pending.long_name = None,
                    b'K' => pending.long_link = None,
                    _ => {}
                }
            }
            let got = self.skip(padded)?;
            if got < padded {
                let (path, needed, offset) = (None, padded, offset.saturating_add(BLOCK));
                self.truncated(offset, path, needed, got);
            }
            return Ok(got == padded);
        }
        let mut data = Vec::new();
        let got = (&mut self.src).take(size).read_to_end(&mut data)? as u64;
        self.pos = self.pos.saturating_add(got);
        let got = got.saturating_add(if got == size {
            self.skip(padding(size))?
        } else {
            0
        });
        if got < padded {
            let (path, needed, offset) = (None, padded, offset.saturating_add(BLOCK));
            self.truncated(offset, path, needed, got);
            return Ok(false);
        }
        match flag {
            // Go ignores an empty long name, as an empty PAX value deletes.
            b'L' => pending.long_name = Some(cstr(&data).to_vec()).filter(|v| !v.is_empty()),
            b'K' => pending.long_link = Some(cstr(&data).to_vec()).filter(|v| !v.is_empty()),
            _ => self.parse_pax(&data, offset, &mut pending.pax),
        }
        Ok(true)
    }

    /// Records are "%d %s=%s\n": "<length> <keyword>=<value>\n", the length counting the
    /// whole record. "If the <value> field is zero length, it shall delete any header block
    /// field, previously entered extended headers, or global extended headers of the same name."
    fn parse_pax(&mut self, data: &[u8], offset: u64, pax: &mut Pax) {
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
                self.push(TarIssue::BadPax { offset });
                return;
            };
            if !apply_pax(pax, key, value) {
                self.push(TarIssue::BadPax { offset });
            }
            rest = rest.get(len..).unwrap_or(&[]);
        }
    }

    /// Build the entry from a non-extension header and position the cursor on its body.
    fn entry(&mut self, flag: u8, offset: u64, p: Pending) -> io::Result<Option<TarEntry>> {
        let b = self.block;
        let magic = field(&b, 257, 8);
        let ustar = magic.get(..6) == Some(b"ustar\0".as_slice());
        let gnu = magic == b"ustar  \0";
        let header_offset = p.start.unwrap_or(offset);
        let pax = p.pax;

        let header_size = parse_numeric(field(&b, 124, 12)).and_then(to_u64);
        let declared = match (pax.size, header_size) {
            (_, None) => {
                self.push(TarIssue::BadNumber {
                    offset,
                    field: "size",
                });
                match pax.size {
                    Some(s) => s,
                    None => return self.stop(),
                }
            }
            (Some(ps), Some(hs)) => {
                if hs != ps && (hs != 0 || ps <= OCTAL_SIZE_MAX) {
                    let detail = format!("header size {hs} but PAX size {ps}");
                    self.push(TarIssue::PaxConflict { offset, detail });
                }
                ps
            }
            (None, Some(hs)) => hs,
        };
        let mode = match pax_or_field(None, &b, 100, 8).map(u32::try_from) {
            Some(Ok(m)) => m,
            _ => self.bad(offset, "mode"),
        };
        let uid = pax_or_field(pax.uid, &b, 108, 8).unwrap_or_else(|| self.bad(offset, "uid"));
        let gid = pax_or_field(pax.gid, &b, 116, 8).unwrap_or_else(|| self.bad(offset, "gid"));
        let mtime = match pax.mtime {
            Some(t) => t,
            None => match parse_numeric(field(&b, 136, 12)).map(i64::try_from) {
                Some(Ok(t)) => t,
                _ => self.bad(offset, "mtime"),
            },
        };
        let (mut dev_major, mut dev_minor) = (0, 0);
        if ustar || gnu {
            for (off, name, out) in [
                (329, "devmajor", &mut dev_major),
                (337, "devminor", &mut dev_minor),
            ] {
                match pax_or_field(None, &b, off, 8).map(u32::try_from) {
                    Some(Ok(v)) => *out = v,
                    _ => *out = self.bad(offset, name),
                }
            }
        }

        let raw_path = match pax.sparse_name.or(pax.path).or(p.long_name) {
            Some(v) => v,
            None => {
                let name = cstr(field(&b, 0, 100));
                let prefix = if ustar {
                    cstr(field(&b, 345, 155))
                } else {
                    &[]
                };
                if prefix.is_empty() {
                    name.to_vec()
                } else {
                    [prefix, b"/", name].concat()
                }
            }
        };
        let raw_link = pax.linkpath.or(p.long_link);
        let raw_link = raw_link.unwrap_or_else(|| cstr(field(&b, 157, 100)).to_vec());
        let kind = match flag {
            b'0' | b'7' | b'S' => EntryKind::File,
            // "AREGTYPE": a trailing slash marked directories before typeflag '5'.
            0 if raw_path.last() == Some(&b'/') => EntryKind::Directory,
            0 => EntryKind::File,
            b'1' => EntryKind::HardLink,
            b'2' => EntryKind::Symlink,
            b'3' => EntryKind::CharDevice,
            b'4' => EntryKind::BlockDevice,
            b'5' => EntryKind::Directory,
            b'6' => EntryKind::Fifo,
            f => EntryKind::Other(f),
        };
        if let EntryKind::Other(flag) = kind {
            self.push(TarIssue::UnknownType { offset, flag });
        }
        let size = match kind {
            EntryKind::File | EntryKind::Other(_) => declared,
            _ if declared == 0 => 0,
            _ => {
                self.push(TarIssue::IgnoredSize {
                    offset,
                    flag,
                    size: declared,
                });
                0
            }
        };
        let (path, path_is_utf8) = self.decode(raw_path, header_offset);
        let link = match raw_link.is_empty() {
            true => None,
            false => Some(self.decode(raw_link, header_offset).0),
        };

        // Old GNU sparse: "isextended" (byte 482) says 512-byte blocks of 21 more sparse
        // entries follow the header, each with its own flag at byte 504, before the data.
        let mut extended = flag == b'S' && b.get(482).is_some_and(|&e| e != 0);
        while extended {
            let at = self.pos;
            let got = read_full(&mut self.src, &mut self.block)? as u64;
            self.pos = self.pos.saturating_add(got);
            if got < BLOCK {
                let (path, needed) = (Some(path), BLOCK);
                self.truncated(at, path, needed, got);
                return self.stop();
            }
            extended = self.block.get(504).is_some_and(|&e| e != 0);
        }

        self.data_offset = self.pos;
        self.remaining = size;
        self.padding = padding(size);
        self.body_total = size.saturating_add(self.padding);
        self.cur_path.clear();
        self.cur_path.push_str(&path);
        Ok(Some(TarEntry {
            path,
            path_is_utf8,
            link,
            kind,
            type_flag: flag,
            mode,
            uid,
            gid,
            size,
            mtime,
            dev_major,
            dev_minor,
            header_offset,
            data_offset: self.data_offset,
            sparse: flag == b'S' || pax.sparse,
            xattrs: pax.xattrs,
        }))
    }

    fn bad<T: Default>(&mut self, offset: u64, field: &'static str) -> T {
        self.push(TarIssue::BadNumber { offset, field });
        T::default()
    }

    /// Lossy UTF-8, cut to `path_max` bytes (at a character boundary when valid).
    fn decode(&mut self, mut raw: Vec<u8>, offset: u64) -> (String, bool) {
        let cap = self.limits.path_max;
        let len = raw.len() as u64;
        if len <= cap {
            return match String::from_utf8(raw) {
                Ok(s) => (s, true),
                Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), false),
            };
        }
        self.push(TarIssue::PathTooLong { offset, len, cap });
        let mut keep = usize::try_from(cap).unwrap_or(usize::MAX);
        let valid = std::str::from_utf8(&raw).is_ok();
        if valid {
            while keep > 0 && raw.get(keep).is_some_and(|&c| c & 0xC0 == 0x80) {
                keep -= 1;
            }
        }
        raw.truncate(keep);
        (String::from_utf8_lossy(&raw).into_owned(), valid)
    }
}

/// `Read` over the current entry's body.
pub struct Body<'a, S: ByteSource>(&'a mut TarReader<S>);

impl<S: ByteSource> Read for Body<'_, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read_body(buf)
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
            if key.starts_with(b"GNU.sparse.") {
                pax.sparse = true;
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

fn read_full<R: Read + ?Sized>(src: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while let Some(rest) = buf.get_mut(filled..).filter(|r| !r.is_empty()) {
        match src.read(rest) {
            Ok(0) => break,
            Ok(n) => filled = filled.saturating_add(n.min(rest.len())),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

fn field(b: &[u8; 512], off: usize, len: usize) -> &[u8] {
    b.get(off..off.saturating_add(len)).unwrap_or(&[])
}

/// Bytes up to the first NUL ("a null-terminated character string" unless the field is full).
fn cstr(b: &[u8]) -> &[u8] {
    b.split(|&c| c == 0).next().unwrap_or(&[])
}

fn padding(size: u64) -> u64 {
    (BLOCK - size % BLOCK) % BLOCK
}

fn to_u64(v: i128) -> Option<u64> {
    u64::try_from(v).ok()
}

fn pax_or_field(pax: Option<u64>, b: &[u8; 512], off: usize, len: usize) -> Option<u64> {
    pax.or_else(|| parse_numeric(field(b, off, len)).and_then(to_u64))
}

/// The chksum field "shall be the ASCII representation of the octal value of the simple sum
/// of all octets in the header logical record ... the chksum field is treated as if it were
/// all <space> characters". Signed sums (old Sun tar) are accepted too.
fn checksum_ok(b: &[u8; 512]) -> bool {
    let Some(stored) = parse_octal(field(b, 148, 8)) else {
        return false;
    };
    let chk = field(b, 148, 8);
    let unsigned: u64 = b.iter().map(|&c| u64::from(c)).sum::<u64>()
        - chk.iter().map(|&c| u64::from(c)).sum::<u64>()
        + 8 * u64::from(b' ');
    let signed: i64 = b.iter().map(|&c| i64::from(c as i8)).sum::<i64>()
        - chk.iter().map(|&c| i64::from(c as i8)).sum::<i64>()
        + 8 * i64::from(b' ');
    stored == unsigned || i64::try_from(stored) == Ok(signed)
}

/// Octal (leading spaces skipped, ended by NUL, space or the field's end, as GNU tar) or GNU
/// base-256: high bit set, bit 0x40 of the first byte = negative (two's complement).
fn parse_numeric(f: &[u8]) -> Option<i128> {
    let Some(&first) = f.first().filter(|&&c| c & 0x80 != 0) else {
        return parse_octal(f).map(i128::from);
    };
    let inv = if first & 0x40 != 0 { 0xff } else { 0 };
    let mut acc: u64 = 0;
    for (i, &c) in f.iter().enumerate() {
        let x = if i == 0 { (c ^ inv) & 0x7f } else { c ^ inv };
        if acc >> 56 != 0 {
            return None;
        }
        acc = acc << 8 | u64::from(x);
    }
    match inv {
        0 => Some(i128::from(acc)),
        _ => Some(-i128::from(acc) - 1),
    }
}

fn parse_octal(f: &[u8]) -> Option<u64> {
    let start = f.iter().position(|&c| c != b' ').unwrap_or(f.len());
    let digits = f.get(start..).unwrap_or(&[]);
    let end = digits
        .iter()
        .position(|&c| c == 0 || c == b' ')
        .unwrap_or(digits.len());
    digits.get(..end)?.iter().try_fold(0u64, |acc, &c| match c {
        b'0'..=b'7' => acc.checked_mul(8)?.checked_add(u64::from(c - b'0')),
        _ => None,
    })
}

fn parse_dec(v: &[u8]) -> Option<u64> {
    if v.is_empty() {
        return None;
    }
    v.iter().try_fold(0u64, |acc, &c| match c {
        b'0'..=b'9' => acc.checked_mul(10)?.checked_add(u64::from(c - b'0')),
        _ => None,
    })
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests may fail loudly"
)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// Tiny ustar header writer.
    struct Hdr([u8; 512]);

    impl Hdr {
        fn new(name: &[u8], flag: u8, size: u64) -> Self {
            let mut h = Hdr([0; 512]);
            h.put(0, name)
                .oct(100, 8, 0o644)
                .oct(108, 8, 1000)
                .oct(116, 8, 1001);
            h.oct(124, 12, size)
                .oct(136, 12, 1_600_000_000)
                .put(257, b"ustar\x0000");
            h.0[156] = flag;
            h
        }
        fn put(&mut self, off: usize, v: &[u8]) -> &mut Self {
            self.0[off..off + v.len()].copy_from_slice(v);
            self
        }
        fn oct(&mut self, off: usize, len: usize, v: u64) -> &mut Self {
            self.put(off, format!("{v:0w$o}\0", w = len - 1).as_bytes())
        }
        fn bytes(&self) -> Vec<u8> {
            let mut b = self.0;
            b[148..156].fill(b' ');
            let sum: u32 = b.iter().map(|&c| u32::from(c)).sum();
            b[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
            b.to_vec()
        }
    }

    fn add(ar: &mut Vec<u8>, h: &Hdr, body: &[u8]) {
        ar.extend(h.bytes());
        ar.extend(body);
        ar.resize(ar.len().next_multiple_of(512), 0);
    }

    fn ext(ar: &mut Vec<u8>, flag: u8, payload: &[u8]) {
        add(
            ar,
            &Hdr::new(b"././@LongLink", flag, payload.len() as u64),
            payload,
        );
    }

    fn pax(recs: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (k, v) in recs {
            let base = k.len() + v.len() + 3;
            let mut len = base + 1;
            while len != base + len.to_string().len() {
                len = base + len.to_string().len();
            }
            out.extend(format!("{len} {k}=").as_bytes());
            out.extend(*v);
            out.push(b'\n');
        }
        out
    }

    fn end(ar: &mut Vec<u8>) {
        ar.extend([0u8; 1024]);
    }

    #[derive(Debug)]
    struct Walk {
        entries: Vec<(TarEntry, Vec<u8>)>,
        issues: Vec<TarIssue>,
        trailing: bool,
        total: u64,
    }

    fn walk_src<S: ByteSource>(src: S, limits: TarLimits) -> Walk {
        let mut r = TarReader::new(src, limits);
        let mut entries = Vec::new();
        while let Some(e) = r.next_entry().unwrap() {
            let mut body = Vec::new();
            if e.size < 1 << 16 {
                let mut buf = [0u8; 333];
                loop {
                    let n = r.read_body(&mut buf).unwrap();
                    if n == 0 {
                        break;
                    }
                    body.extend(&buf[..n]);
                }
            }
            entries.push((e, body));
        }
        let issues = r.take_issues();
        let (trailing, total) = r.finish().unwrap();
        Walk {
            entries,
            issues,
            trailing,
            total,
        }
    }

    /// Walk with both sources; they must agree.
    fn walk_with(bytes: &[u8], limits: TarLimits) -> Walk {
        let a = walk_src(Streamed(bytes), limits);
        let b = walk_src(Seekable::new(Cursor::new(bytes)).unwrap(), limits);
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        a
    }

    fn walk(bytes: &[u8]) -> Walk {
        walk_with(bytes, TarLimits::default())
    }

    fn paths(w: &Walk) -> Vec<&str> {
        w.entries.iter().map(|(e, _)| e.path.as_str()).collect()
    }

    #[test]
    fn all_kinds() {
        let mut ar = Vec::new();
        add(&mut ar, &Hdr::new(b"f0", b'0', 5), b"hello");
        add(&mut ar, &Hdr::new(b"fnul", 0, 3), b"abc");
        add(&mut ar, &Hdr::new(b"olddir/", 0, 0), b"");
        add(&mut ar, &Hdr::new(b"f7", b'7', 0), b"");
        add(&mut ar, Hdr::new(b"hl", b'1', 0).put(157, b"f0"), b"");
        add(&mut ar, Hdr::new(b"sl", b'2', 0).put(157, b"../t"), b"");
        add(
            &mut ar,
            Hdr::new(b"chr", b'3', 0).oct(329, 8, 1).oct(337, 8, 3),
            b"",
        );
        add(
            &mut ar,
            Hdr::new(b"blk", b'4', 0).oct(329, 8, 8).oct(337, 8, 1),
            b"",
        );
        add(&mut ar, Hdr::new(b"d/", b'5', 0).oct(100, 8, 0o4755), b"");
        add(&mut ar, &Hdr::new(b"fifo", b'6', 0), b"");
        end(&mut ar);
        let w = walk(&ar);
        assert_eq!(w.issues, vec![]);
        assert!(!w.trailing);
        assert_eq!(w.total, ar.len() as u64);
        let kinds: Vec<_> = w.entries.iter().map(|(e, _)| e.kind).collect();
        use EntryKind::*;
        let want = [
            File,
            File,
            Directory,
            File,
            HardLink,
            Symlink,
            CharDevice,
            BlockDevice,
        ];
        assert_eq!(kinds, [&want[..], &[Directory, Fifo]].concat());
        let (f0, body) = &w.entries[0];
        assert_eq!(
            (f0.mode, f0.uid, f0.gid, f0.mtime),
            (0o644, 1000, 1001, 1_600_000_000)
        );
        assert_eq!((f0.header_offset, f0.data_offset, f0.size), (0, 512, 5));
        assert_eq!(body, b"hello");
        assert_eq!(w.entries[1].1, b"abc");
        assert_eq!(w.entries[1].0.header_offset, 1024);
        assert_eq!(w.entries[4].0.link.as_deref(), Some("f0"));
        assert_eq!(w.entries[5].0.link.as_deref(), Some("../t"));
        assert_eq!(w.entries[0].0.link, None);
        assert_eq!((w.entries[6].0.dev_major, w.entries[6].0.dev_minor), (1, 3));
        assert_eq!(w.entries[8].0.mode, 0o4755);
    }

    #[test]
    fn ustar_prefix_gnu_magic_and_v7() {
        let mut ar = Vec::new();
        add(
            &mut ar,
            Hdr::new(b"name", b'0', 0).put(345, b"some/prefix"),
            b"",
        );
        // GNU magic: the prefix area holds atime/ctime, not a prefix.
        add(
            &mut ar,
            Hdr::new(b"gnu", b'0', 0)
                .put(257, b"ustar  \0")
                .put(345, b"x"),
            b"",
        );
        let mut v7 = Hdr::new(b"v7", b'0', 2);
        v7.put(257, &[0; 8]);
        add(&mut ar, &v7, b"hi");
        end(&mut ar);
        let w = walk(&ar);
        assert_eq!(paths(&w), ["some/prefix/name", "gnu", "v7"]);
        assert_eq!(w.entries[2].1, b"hi");
        assert_eq!(w.issues, vec![]);
    }

    #[test]
    fn gnu_long_name_and_link() {
        let long = "a/".repeat(100) + "file";
        let target = "t/".repeat(80);
        let mut ar = Vec::new();
        ext(&mut ar, b'L', format!("{long}\0").as_bytes());
        ext(&mut ar, b'K', format!("{target}\0").as_bytes());
        add(
            &mut ar,
            Hdr::new(b"short", b'2', 0).put(157, b"shortlink"),
            b"",
        );
        add(&mut ar, &Hdr::new(b"next", b'0', 1), b"x");
        end(&mut ar);
        let w = walk(&ar);
        assert_eq!(w.issues, vec![]);
        let e = &w.entries[0].0;
        assert_eq!(
            (e.path.as_str(), e.link.as_deref()),
            (long.as_str(), Some(target.as_str()))
        );
        assert_eq!((e.header_offset, e.data_offset), (0, 5 * 512));
        assert_eq!(paths(&w)[1], "next");
    }

    #[test]
    fn pax_overrides() {
        let mut ar = Vec::new();
        let recs = pax(&[
            ("path", "pax/ünïcode".as_bytes()),
            ("linkpath", b"pax-target"),
            ("mtime", b"1700000000.123456789"),
            ("uid", b"4294967296"),
            ("gid", b"7"),
            ("atime", b"1.5"),
            ("SCHILY.xattr.trusted.overlay.opaque", b"y"),
            ("SCHILY.xattr.user.bin", b"\x00\xff"),
        ]);
        ext(&mut ar, b'x', &recs);
        add(&mut ar, &Hdr::new(b"ustar-name", b'1', 0), b"");
        // Empty value deletes: falls back to the header name.
        ext(&mut ar, b'x', &pax(&[("path", b""), ("mtime", b"-5.5")]));
        add(&mut ar, &Hdr::new(b"kept", b'0', 0), b"");
        end(&mut ar);
        let w = walk(&ar);
        assert_eq!(w.issues, vec![]);
        let e = &w.entries[0].0;
        assert_eq!(e.path, "pax/ünïcode");
        assert_eq!(e.link.as_deref(), Some("pax-target"));
        assert_eq!((e.mtime, e.uid, e.gid), (1_700_000_000, 1 << 32, 7));
        assert_eq!(
            e.xattrs[0],
            ("trusted.overlay.opaque".to_string(), b"y".to_vec())
        );
        assert_eq!(e.xattrs[1].1, b"\x00\xff");
        assert_eq!(w.entries[1].0.path, "kept");
        assert_eq!(w.entries[1].0.mtime, -5);
        assert_eq!(w.entries[1].0.header_offset, 3 * 512);
    }

    #[test]
    fn pax_size_wins_and_conflicts() {
        let mut ar = Vec::new();
        ext(&mut ar, b'x', &pax(&[("size", b"10")]));
        add(&mut ar, &Hdr::new(b"f", b'0', 0), b"0123456789");
        // > 8 GiB sizes need PAX: a 0 header size is then expected, not a conflict.
        ext(&mut ar, b'x', &pax(&[("size", b"9663676416")]));
        add(&mut ar, &Hdr::new(b"big", b'0', 0), b"");
        let w = walk(&ar);
        assert_eq!(w.entries[0].1, b"0123456789");
        assert_eq!(w.entries[1].0.size, 9 << 30);
        let detail = "header size 0 but PAX size 10".to_string();
        assert_eq!(
            w.issues[0],
            TarIssue::PaxConflict {
                offset: 1024,
                detail
            }
        );
        let path = Some("big".to_string());
        let t = TarIssue::Truncated {
            offset: 7 * 512,
            path,
            needed: 9 << 30,
            got: 0,
        };
        assert_eq!(w.issues[1..], [t]);
    }

    #[test]
    fn pax_before_long_name_ghsa_3cv2() {
        // The PAX size belongs to the next file entry, not to the `L` header.
        let long = "l".repeat(150);
        let mut ar = Vec::new();
        ext(&mut ar, b'x', &pax(&[("size", b"2048")]));
        ext(&mut ar, b'L', format!("{long}\0").as_bytes());
        let body: Vec<u8> = Hdr::new(b"smuggled", b'0', 0).bytes().repeat(4);
        add(&mut ar, &Hdr::new(b"short", b'0', 2048), &body);
        add(&mut ar, &Hdr::new(b"after", b'0', 2), b"ok");
        end(&mut ar);
        let w = walk(&ar);
        assert_eq!(w.issues, vec![]);
        assert_eq!(paths(&w), [long.as_str(), "after"]);
        assert_eq!(w.entries[0].0.size, 2048);
        assert_eq!(w.entries[0].0.data_offset, 5 * 512);
        assert_eq!(w.entries[1].1, b"ok");
    }

    #[test]
    fn duplicate_extensions() {
        let mut ar = Vec::new();
        ext(&mut ar, b'L', b"first\0");
        ext(&mut ar, b'L', b"second\0");
        ext(&mut ar, b'x', &pax(&[("uid", b"1")]));
        ext(&mut ar, b'x', &pax(&[("gid", b"2")]));
        add(&mut ar, &Hdr::new(b"x", b'0', 0), b"");
        end(&mut ar);
        let w = walk(&ar);
        let e = &w.entries[0].0;
        assert_eq!(
            (e.path.as_str(), e.uid, e.gid, e.header_offset),
            ("second", 1, 2, 0)
        );
        let conflict = |offset, k| TarIssue::PaxConflict {
            offset,
            detail: format!("two '{k}' headers before one entry"),
        };
        assert_eq!(w.issues, [conflict(1024, 'L'), conflict(3072, 'x')]);
    }

    #[test]
    fn extension_too_large() {
        let mut ar = Vec::new();
        let big = vec![b'a'; 2 << 20];
        ext(&mut ar, b'L', &big);
        add(&mut ar, &Hdr::new(b"short", b'0', 1), b"z");
        ext(&mut ar, b'x', &pax(&[("comment", &vec![b'c'; 600])]));
        add(&mut ar, &Hdr::new(b"second", b'0', 0), b"");
        end(&mut ar);
        let limits = TarLimits {
            extension_max: 1 << 20,
            path_max: 64 << 10,
        };
        let w = walk_with(&ar, limits);
        assert_eq!(paths(&w), ["short", "second"]);
        assert_eq!(w.entries[0].1, b"z");
        let (kind, size, cap) = ('L', 2 << 20, 1 << 20);
        assert_eq!(
            w.issues,
            [TarIssue::ExtensionTooLarge {
                offset: 0,
                kind,
                size,
                cap
            }]
        );
        let w = walk_with(
            &ar,
            TarLimits {
                extension_max: 512,
                ..limits
            },
        );
        assert_eq!(w.issues.len(), 2);
        assert!(matches!(
            w.issues[1],
            TarIssue::ExtensionTooLarge { kind: 'x', .. }
        ));
    }

    #[test]
    fn path_too_long_and_non_utf8() {
        let mut ar = Vec::new();
        ext(&mut ar, b'L', "é".repeat(60).as_bytes());
        add(&mut ar, &Hdr::new(b"s", b'0', 0), b"");
        add(&mut ar, &Hdr::new(b"bad-\xff\xfe", b'0', 0), b"");
        end(&mut ar);
        let w = walk_with(
            &ar,
            TarLimits {
                path_max: 51,
                ..TarLimits::default()
            },
        );
        assert_eq!(w.entries[0].0.path, "é".repeat(25));
        assert!(w.entries[0].0.path_is_utf8);
        assert_eq!(
            w.issues,
            [TarIssue::PathTooLong {
                offset: 0,
                len: 120,
                cap: 51
            }]
        );
        assert_eq!(w.entries[1].0.path, "bad-\u{fffd}\u{fffd}");
        assert!(!w.entries[1].0.path_is_utf8);
    }

    #[test]
    fn base256_and_bad_numbers() {
        let mut ar = Vec::new();
        let mut big = Hdr::new(b"huge", b'0', 0);
        let mut field = [0u8; 12];
        field[0] = 0x80;
        field[4..].copy_from_slice(&(9u64 << 30).to_be_bytes());
        big.put(124, &field);
        let mut neg = Hdr::new(b"neg", b'0', 0);
        neg.put(108, &[0xff; 8]).put(136, &[0xff; 12]);
        let mut junk = Hdr::new(b"junk", b'0', 0);
        junk.put(100, b"0000x44\0");
        // Negative uid and non-octal mode are reported; the walk continues.
        add(&mut ar, &neg, b"");
        add(&mut ar, &junk, b"");
        add(&mut ar, &big, b"");
        let w = walk(&ar);
        assert_eq!(w.entries[0].0.mtime, -1);
        assert_eq!(w.entries[2].0.size, 9 << 30);
        let path = Some("huge".to_string());
        assert_eq!(
            w.issues,
            [
                TarIssue::BadNumber {
                    offset: 0,
                    field: "uid"
                },
                TarIssue::BadNumber {
                    offset: 512,
                    field: "mode"
                },
                TarIssue::Truncated {
                    offset: 1536,
                    path,
                    needed: 9 << 30,
                    got: 0
                },
            ]
        );
        // A bad size is fatal: the cursor cannot be placed.
        let mut ar = Hdr::new(b"badsize", b'0', 0)
            .put(124, b"12345678z\0")
            .bytes();
        ar.extend(Hdr::new(b"never", b'0', 0).bytes());
        let w = walk(&ar);
        assert!(w.entries.is_empty());
        assert_eq!(
            w.issues,
            [TarIssue::BadNumber {
                offset: 0,
                field: "size"
            }]
        );
        assert!(w.trailing);
    }

    #[test]
    fn bad_checksum_stops() {
        let mut ar = Vec::new();
        add(&mut ar, &Hdr::new(b"ok", b'0', 0), b"");
        let mut bad = Hdr::new(b"bad", b'0', 0).bytes();
        bad[0] = b'B';
        ar.extend(bad);
        add(&mut ar, &Hdr::new(b"later", b'0', 0), b"");
        let mut r = TarReader::new(Streamed(&ar[..]), TarLimits::default());
        assert!(r.next_entry().unwrap().is_some());
        assert!(r.next_entry().unwrap().is_none());
        assert!(r.next_entry().unwrap().is_none());
        assert_eq!(r.take_issues(), [TarIssue::BadChecksum { offset: 512 }]);
        assert_eq!(r.finish().unwrap(), (true, 1536));
    }

    #[test]
    fn signed_checksum_accepted() {
        let mut h = Hdr::new(b"\xe9t\xe9", b'0', 0).bytes();
        h[148..156].fill(b' ');
        let signed: i64 = h.iter().map(|&c| i64::from(c as i8)).sum();
        h[148..156].copy_from_slice(format!("{signed:06o}\0 ").as_bytes());
        let w = walk(&h);
        assert_eq!(w.entries.len(), 1);
        assert_eq!(w.issues, [TarIssue::NoEndMarker { offset: 512 }]);
    }

    #[test]
    fn truncation() {
        let mut ar = Vec::new();
        add(&mut ar, &Hdr::new(b"a", b'0', 1), b"1");
        let mut inside_header = ar.clone();
        inside_header.extend(&Hdr::new(b"b", b'0', 0).bytes()[..100]);
        let w = walk(&inside_header);
        let t = TarIssue::Truncated {
            offset: 1024,
            path: None,
            needed: 512,
            got: 100,
        };
        assert_eq!((paths(&w), &w.issues), (vec!["a"], &vec![t]));

        let mut inside_body = ar.clone();
        inside_body.extend(Hdr::new(b"b", b'0', 1000).bytes());
        inside_body.extend([7u8; 300]);
        let w = walk(&inside_body);
        assert_eq!(w.entries[1].1, [7u8; 300]);
        let path = Some("b".to_string());
        let t = TarIssue::Truncated {
            offset: 1536,
            path,
            needed: 1024,
            got: 300,
        };
        assert_eq!(w.issues, std::slice::from_ref(&t));
        assert_eq!(w.total, inside_body.len() as u64);
        // Skipped rather than read: same report.
        let mut r = TarReader::new(Streamed(&inside_body[..]), TarLimits::default());
        while r.next_entry().unwrap().is_some() {}
        assert_eq!(r.take_issues(), [t]);

        // Missing padding after a complete body counts as truncated.
        let mut no_pad = ar.clone();
        no_pad.extend(Hdr::new(b"c", b'0', 10).bytes());
        no_pad.extend(b"0123456789");
        let w = walk(&no_pad);
        assert_eq!(w.entries[1].1, b"0123456789");
        let path = Some("c".to_string());
        let t = TarIssue::Truncated {
            offset: 1536,
            path,
            needed: 512,
            got: 10,
        };
        assert_eq!(w.issues, [t]);

        // Truncated extension payload.
        let mut ext_cut = Hdr::new(b"././@LongLink", b'L', 2000).bytes();
        ext_cut.extend([b'n'; 700]);
        let w = walk(&ext_cut);
        let t = TarIssue::Truncated {
            offset: 512,
            path: None,
            needed: 2048,
            got: 700,
        };
        assert_eq!(w.issues, [t]);
    }

    #[test]
    fn body_reader_over_large_body() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let mut ar = Vec::new();
        add(&mut ar, &Hdr::new(b"big", b'0', data.len() as u64), &data);
        add(&mut ar, &Hdr::new(b"next", b'0', 0), b"");
        end(&mut ar);
        let src = Seekable::new(Cursor::new(&ar)).unwrap();
        let mut r = TarReader::new(src, TarLimits::default());
        r.next_entry().unwrap().unwrap();
        let mut got = Vec::new();
        r.body().read_to_end(&mut got).unwrap();
        assert_eq!(got, data);
        assert_eq!(r.next_entry().unwrap().unwrap().path, "next");
        assert!(r.next_entry().unwrap().is_none());
        assert_eq!(r.take_issues(), []);
        assert_eq!(r.finish().unwrap(), (false, ar.len() as u64));
    }

    #[test]
    fn seekable_skip_beyond_end() {
        let mut ar = Hdr::new(b"f", b'0', 1 << 20).bytes();
        ar.extend([1u8; 4096]);
        let src = Seekable::new(Cursor::new(&ar)).unwrap();
        assert_eq!(src.len(), 4608);
        let mut r = TarReader::new(src, TarLimits::default());
        assert_eq!(r.next_entry().unwrap().unwrap().size, 1 << 20);
        assert!(r.next_entry().unwrap().is_none());
        let path = Some("f".to_string());
        let t = TarIssue::Truncated {
            offset: 512,
            path,
            needed: 1 << 20,
            got: 4096,
        };
        assert_eq!(r.take_issues(), [t]);
        assert_eq!(r.position(), 4608);
        let mut src = r.into_inner();
        assert_eq!(src.skip_bytes(10).unwrap(), 0);
    }

    #[test]
    fn end_markers_and_trailing() {
        let mut ar = Vec::new();
        add(&mut ar, &Hdr::new(b"a", b'0', 0), b"");
        let w = walk(&ar);
        assert_eq!(w.issues, [TarIssue::NoEndMarker { offset: 512 }]);
        let mut one_zero = ar.clone();
        one_zero.extend([0u8; 512]);
        let w = walk(&one_zero);
        assert_eq!((w.issues.len(), w.trailing, w.total), (0, false, 1024));
        let mut trailing = ar.clone();
        end(&mut trailing);
        trailing.extend([0u8; 70_000]);
        trailing.extend(b"garbage");
        trailing.extend([0u8; 100]);
        let w = walk(&trailing);
        assert_eq!((w.issues.len(), w.trailing), (0, true));
        assert_eq!(w.total, trailing.len() as u64);
        // An entry after a single zero block is trailing data, as in GNU tar.
        let mut after = ar.clone();
        after.extend([0u8; 512]);
        add(&mut after, &Hdr::new(b"hidden", b'0', 0), b"");
        let w = walk(&after);
        assert_eq!((paths(&w), w.trailing), (vec!["a"], true));
    }

    #[test]
    fn unknown_global_sparse_and_header_only_sizes() {
        let mut ar = Vec::new();
        add(&mut ar, &Hdr::new(b"odd", b'Z', 3), b"zzz");
        ext(&mut ar, b'g', &pax(&[("path", b"ignored")]));
        let mut s = Hdr::new(b"sparse", b'S', 4);
        s.put(257, b"ustar  \0").put(482, &[1]);
        ar.extend(s.bytes());
        let mut ext_block = [0u8; 512];
        ext_block[504] = 1;
        ar.extend(ext_block);
        ar.extend([0u8; 512]); // last extension block, isextended = 0
        ar.extend(b"data");
        ar.resize(ar.len().next_multiple_of(512), 0);
        ext(
            &mut ar,
            b'x',
            &pax(&[
                ("GNU.sparse.name", b"real/name"),
                ("GNU.sparse.major", b"1"),
            ]),
        );
        add(&mut ar, &Hdr::new(b"GNUSparseFile.1/name", b'0', 0), b"");
        add(&mut ar, Hdr::new(b"sym", b'2', 512).put(157, b"t"), b"");
        add(&mut ar, &Hdr::new(b"after", b'0', 0), b"");
        end(&mut ar);
        let w = walk(&ar);
        assert_eq!(paths(&w), ["odd", "sparse", "real/name", "sym", "after"]);
        assert_eq!(
            (w.entries[0].0.kind, &w.entries[0].1[..]),
            (EntryKind::Other(b'Z'), &b"zzz"[..])
        );
        let sp = &w.entries[1].0;
        assert_eq!(
            (sp.kind, sp.sparse, sp.data_offset),
            (EntryKind::File, true, 7 * 512)
        );
        assert_eq!(w.entries[1].1, b"data");
        assert!(w.entries[2].0.sparse);
        assert_eq!(w.entries[3].0.size, 0);
        assert_eq!(
            w.issues,
            [
                TarIssue::UnknownType {
                    offset: 0,
                    flag: b'Z'
                },
                TarIssue::GlobalHeader { offset: 1024 },
                TarIssue::IgnoredSize {
                    offset: 11 * 512,
                    flag: b'2',
                    size: 512
                },
            ]
        );
    }

    #[test]
    fn bad_pax_records() {
        for payload in [
            &b"5 a=b"[..],
            b"99 path=x\n",
            b"x path=y\n",
            b"6 nokv\n",
            b"11 size=1a\n",
        ] {
            let mut ar = Vec::new();
            ext(&mut ar, b'x', payload);
            add(&mut ar, &Hdr::new(b"f", b'0', 0), b"");
            let w = walk(&ar);
            assert_eq!(paths(&w), ["f"], "{payload:?}");
            assert_eq!(w.issues[0], TarIssue::BadPax { offset: 0 }, "{payload:?}");
        }
        // Trailing NUL padding inside the payload is tolerated.
        let mut ar = Vec::new();
        ext(
            &mut ar,
            b'x',
            &[pax(&[("path", b"p")]), vec![0; 20]].concat(),
        );
        add(&mut ar, &Hdr::new(b"f", b'0', 0), b"");
        end(&mut ar);
        let w = walk(&ar);
        assert_eq!((paths(&w), &w.issues), (vec!["p"], &vec![]));
    }

    #[test]
    fn io_errors_propagate() {
        struct Failing(usize);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                match self.0 {
                    0 => Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "corrupt deflate",
                    )),
                    n => {
                        let k = n.min(buf.len()).min(100);
                        self.0 -= k;
                        buf[..k].fill(0x41);
                        Ok(k)
                    }
                }
            }
        }
        let mut r = TarReader::new(Streamed(Failing(300)), TarLimits::default());
        let err = r.next_entry().unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn mutations_never_panic_or_hang() {
        let mut ar = Vec::new();
        ext(
            &mut ar,
            b'x',
            &pax(&[("path", b"p/q"), ("size", b"3"), ("mtime", b"1.5")]),
        );
        add(&mut ar, &Hdr::new(b"f", b'0', 3), b"abc");
        ext(&mut ar, b'L', b"long/name\0");
        add(&mut ar, Hdr::new(b"s", b'2', 0).put(157, b"t"), b"");
        add(
            &mut ar,
            Hdr::new(b"sp", b'S', 1).put(257, b"ustar  \0"),
            b"d",
        );
        end(&mut ar);
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3000 {
            let mut m = ar.clone();
            for _ in 0..=rnd() % 4 {
                let i = (rnd() % m.len() as u64) as usize;
                m[i] = rnd() as u8;
            }
            if rnd() % 4 == 0 {
                m.truncate((rnd() % m.len() as u64) as usize);
            }
            let w = walk(&m);
            assert!(w.entries.len() <= 8);
        }
    }

    #[cfg(unix)]
    #[test]
    fn real_gnu_tar() {
        use std::process::Command;
        for format in ["gnu", "posix"] {
            let dir =
                std::env::temp_dir().join(format!("ocilens-tar-{}-{format}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            let long_dir = dir.join("src").join("d".repeat(60));
            std::fs::create_dir_all(&long_dir).unwrap();
            let long_file = format!("{}.txt", "f".repeat(120));
            std::fs::write(long_dir.join(&long_file), b"hello").unwrap();
            let target = format!("../{}", "t".repeat(130));
            std::os::unix::fs::symlink(&target, dir.join("src").join("link")).unwrap();
            let out = dir.join("out.tar");
            let st = Command::new("tar")
                .args([&format!("--format={format}"), "--sort=name", "-cf"])
                .arg(&out)
                .arg("-C")
                .arg(dir.join("src"))
                .arg(".")
                .status()
                .unwrap();
            assert!(st.success());
            let bytes = std::fs::read(&out).unwrap();
            let listed = Command::new("tar").arg("-tf").arg(&out).output().unwrap();
            let listed = String::from_utf8(listed.stdout).unwrap();
            let w = walk(&bytes);
            assert_eq!(w.issues, vec![], "{format}");
            assert!(!w.trailing);
            assert_eq!(w.total, bytes.len() as u64);
            let mine: Vec<String> = w.entries.iter().map(|(e, _)| e.path.clone()).collect();
            assert_eq!(mine, listed.lines().collect::<Vec<_>>(), "{format}");
            let file = w
                .entries
                .iter()
                .find(|(e, _)| e.path.ends_with(&long_file))
                .unwrap();
            assert_eq!(
                (file.0.kind, file.0.size, &file.1[..]),
                (EntryKind::File, 5, &b"hello"[..])
            );
            let link = w.entries.iter().find(|(e, _)| e.path == "./link").unwrap();
            assert_eq!(
                (link.0.kind, link.0.link.as_deref()),
                (EntryKind::Symlink, Some(target.as_str()))
            );
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }
}
