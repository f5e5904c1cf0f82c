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

#[path = "tar_numbers.rs"]
mod numbers;
#[path = "tar_pax.rs"]
mod pax;

use crate::engine::io::read_full;
use numbers::{checksum_ok, parse_numeric, pax_or_field, to_u64};
use pax::Pax;
use std::io::{self, Read, Seek, SeekFrom};

const BLOCK: u64 = 512;
/// Largest value an 11-digit octal `size` field can hold (8 GiB − 1).
const OCTAL_SIZE_MAX: u64 = 0o777_7777_7777;
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

#[cfg(test)]
#[path = "tar_tests.rs"]
mod tests;
