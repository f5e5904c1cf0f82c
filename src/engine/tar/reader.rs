//! [`TarReader`]: the block loop. It reads one 512-byte header at a time, gathers the
//! extension headers (`L`, `K`, `x`, `g`) that apply to the next entry under the caps of
//! [`TarLimits`], builds each [`TarEntry`] and positions the cursor on its body.

use super::entry::{self, Ext, Pending};
use super::header::{padding, RawHeader, BLOCK};
use super::issue::{End, Issues, TarIssue};
use super::{ByteSource, TarEntry, TarLimits};
use crate::engine::io::read_full;
use std::io::{self, Read};

/// Streaming reader over a tar stream.
pub struct TarReader<S: ByteSource> {
    /// Where the bytes come from.
    src: S,
    /// The caps on extension payloads and paths.
    limits: TarLimits,
    /// The block last read: a header, or an old GNU sparse extension block.
    block: [u8; 512],
    /// Bytes consumed from `src` so far: the offset of the next byte.
    pos: u64,
    /// Issues not yet taken by [`TarReader::take_issues`].
    issues: Issues,
    /// Unread bytes of the current entry's body.
    remaining: u64,
    /// Zero bytes after the current body up to the next block boundary.
    padding: u64,
    /// Offset of the current entry's body.
    data_offset: u64,
    /// The current body's length with its padding (what a truncation issue says was needed).
    body_total: u64,
    /// The current entry's path, for a truncation issue on its body.
    cur_path: String,
    /// How the walk ended, once it has: `Marker { trailing: false }` until
    /// [`TarReader::finish`] has looked past the marker.
    end: Option<End>,
}

impl<S: ByteSource> TarReader<S> {
    /// A reader at the start of `source` (positions count from there).
    pub fn new(source: S, limits: TarLimits) -> Self {
        Self {
            src: source,
            limits,
            block: [0; 512],
            pos: 0,
            issues: Issues::default(),
            remaining: 0,
            padding: 0,
            data_offset: 0,
            body_total: 0,
            cur_path: String::new(),
            end: None,
        }
    }

    /// Next entry header. Unread body of the previous entry (and its padding to 512) is
    /// skipped first. Ok(None) at the end marker, at EOF, or after a fatal corruption.
    /// Err only for I/O errors of the source, propagated unchanged.
    pub fn next_entry(&mut self) -> io::Result<Option<TarEntry>> {
        if self.end.is_some() || !self.skip_body()? {
            return Ok(None);
        }
        let mut pending = Pending::default();
        loop {
            let offset = self.pos;
            let got = read_full(&mut self.src, &mut self.block)?;
            self.pos = self.pos.saturating_add(got as u64);
            if got == 0 && pending.start.is_none() {
                self.push(TarIssue::NoEndMarker { offset });
                return self.stop(End::Eof);
            }
            if got < self.block.len() {
                let (path, needed, got) = (None, BLOCK, got as u64);
                self.truncated(offset, path, needed, got);
                return self.stop(End::Truncated);
            }
            let header = RawHeader(&self.block);
            let (zero, checksum_ok, flag) =
                (header.is_zero(), header.checksum_ok(), header.type_flag());
            // "two consecutive blocks of zero-filled records" end the archive; like GNU tar,
            // one is enough (`finish` reports any non-zero byte after it).
            if zero {
                return self.stop(End::Marker { trailing: false });
            }
            if !checksum_ok {
                self.push(TarIssue::BadChecksum { offset });
                return self.stop(End::Corrupt);
            }
            match flag {
                b'L' | b'K' | b'x' | b'X' | b'g' => {
                    if let Some(end) = self.extension(flag, offset, &mut pending)? {
                        return self.stop(end);
                    }
                }
                _ => return self.entry(offset, pending),
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
        self.issues.take()
    }

    /// Issues not stored because more than 65 536 were pending.
    pub fn dropped_issues(&self) -> u64 {
        self.issues.dropped()
    }

    /// Stream position (bytes consumed from the source so far).
    pub fn position(&self) -> u64 {
        self.pos
    }

    /// How the walk ended. Entries not read yet are walked first (their issues are recorded
    /// as usual), so a body is never taken for trailing data. Then the source is read to EOF
    /// in 64 KiB chunks (the decoded stream must be hashed whole): after an end marker,
    /// `trailing` says whether a non-zero byte follows it; after a corrupt header the rest
    /// is unread, not trailing. [`TarReader::position`] is then the input's total length.
    /// Err only for I/O errors of the source.
    pub fn finish(&mut self) -> io::Result<End> {
        while self.next_entry()?.is_some() {}
        let mut end = self.end.unwrap_or(End::Eof);
        let mut buf = vec![0u8; 64 << 10];
        loop {
            let n = match self.src.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            self.pos = self.pos.saturating_add(n as u64);
            if buf.get(..n).is_some_and(|c| c.iter().any(|&b| b != 0)) {
                let rest = self.src.skip_bytes(u64::MAX)?;
                self.pos = self.pos.saturating_add(rest);
                if let End::Marker { trailing } = &mut end {
                    *trailing = true;
                }
                break;
            }
        }
        self.end = Some(end);
        Ok(end)
    }

    /// The source, positioned wherever the walk stopped.
    pub fn into_inner(self) -> S {
        self.src
    }

    fn stop(&mut self, end: End) -> io::Result<Option<TarEntry>> {
        self.end = Some(end);
        Ok(None)
    }

    fn push(&mut self, issue: TarIssue) {
        self.issues.push(issue);
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
    /// An input that ends right after a whole body, before any of its padding, has lost
    /// nothing but the end: Go's `archive/tar` (so Docker, containerd, umoci) reads that as
    /// the end of the archive (its read of the padding gets no byte, `io.EOF`), so it is
    /// `NoEndMarker`, not `Truncated` (umoci 0.4.7 writes such layers).
    fn skip_body(&mut self) -> io::Result<bool> {
        let body = self.remaining;
        let n = body.saturating_add(self.padding);
        let got = self.skip(n)?;
        self.remaining = 0;
        self.padding = 0;
        if got == body && got < n {
            self.push(TarIssue::NoEndMarker { offset: self.pos });
            self.end = Some(End::Eof);
            return Ok(false);
        }
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
        self.end = Some(End::Truncated);
    }

    /// Handle an `L`, `K`, `x`, `X` (Solaris pax) or `g` header; Some to stop the walk.
    /// The header's own size field is used: a pending PAX `size` "shall apply to the
    /// following file" only, never to an extension header (GHSA-3cv2-h65g-fgmm).
    fn extension(
        &mut self,
        flag: u8,
        offset: u64,
        pending: &mut Pending,
    ) -> io::Result<Option<End>> {
        let kind = char::from(flag);
        let Some(size) = RawHeader(&self.block).size() else {
            self.push(TarIssue::BadNumber {
                offset,
                field: "size",
                negative: false,
            });
            return Ok(Some(End::Corrupt));
        };
        let ext = Ext::of(flag);
        if let Some(ext) = ext {
            if pending.see(ext) {
                let detail = format!("two '{kind}' headers before one entry");
                self.push(TarIssue::PaxConflict { offset, detail });
            }
            pending.start.get_or_insert(offset);
        }
        let cap = self.limits.extension_max;
        if ext.is_none() || size > cap {
            if ext.is_none() {
                self.push(TarIssue::GlobalHeader { offset });
            }
            if size > cap {
                self.push(TarIssue::ExtensionTooLarge {
                    offset,
                    kind,
                    size,
                    cap,
                });
                if let Some(ext) = ext {
                    pending.drop_long(ext);
                }
            }
            let skipped = self.skip_payload(offset, size)?;
            return Ok((!skipped).then_some(End::Truncated));
        }
        let Some(data) = self.payload(offset, size)? else {
            return Ok(Some(End::Truncated));
        };
        if let Some(ext) = ext {
            pending.apply(ext, &data, offset, &mut self.issues);
        }
        Ok(None)
    }

    /// Skips an extension payload of `size` bytes and its padding; false (and `Truncated`)
    /// if the input ends first.
    fn skip_payload(&mut self, offset: u64, size: u64) -> io::Result<bool> {
        let padded = size.saturating_add(padding(size));
        let got = self.skip(padded)?;
        if got < padded {
            let (path, needed, offset) = (None, padded, offset.saturating_add(BLOCK));
            self.truncated(offset, path, needed, got);
        }
        Ok(got == padded)
    }

    /// Reads an extension payload of `size` bytes (at most the cap) and skips its padding;
    /// None (and `Truncated`) if the input ends first.
    fn payload(&mut self, offset: u64, size: u64) -> io::Result<Option<Vec<u8>>> {
        let padded = size.saturating_add(padding(size));
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
            return Ok(None);
        }
        Ok(Some(data))
    }

    /// Build the entry from a non-extension header and position the cursor on its body.
    fn entry(&mut self, offset: u64, p: Pending) -> io::Result<Option<TarEntry>> {
        let block = self.block;
        let h = RawHeader(&block);
        let Some(mut e) = entry::build(h, offset, p, &self.limits, &mut self.issues) else {
            return self.stop(End::Corrupt);
        };
        if e.type_flag == b'S' && h.gnu_sparse_extended() && !self.skip_sparse_blocks(&e.path)? {
            return self.stop(End::Truncated);
        }
        e.data_offset = self.pos;
        self.data_offset = self.pos;
        self.remaining = e.size;
        self.padding = padding(e.size);
        self.body_total = e.size.saturating_add(self.padding);
        self.cur_path.clear();
        self.cur_path.push_str(&e.path);
        Ok(Some(e))
    }

    /// Old GNU sparse: skips the extension blocks after the header, each flagging whether
    /// another follows; false (and `Truncated`) if the input ends first.
    fn skip_sparse_blocks(&mut self, path: &str) -> io::Result<bool> {
        loop {
            let at = self.pos;
            let got = read_full(&mut self.src, &mut self.block)? as u64;
            self.pos = self.pos.saturating_add(got);
            if got < BLOCK {
                let (path, needed) = (Some(path.to_string()), BLOCK);
                self.truncated(at, path, needed, got);
                return Ok(false);
            }
            if !RawHeader(&self.block).sparse_block_extended() {
                return Ok(true);
            }
        }
    }
}

/// `Read` over the current entry's body.
pub struct Body<'a, S: ByteSource>(&'a mut TarReader<S>);

impl<S: ByteSource> Read for Body<'_, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read_body(buf)
    }
}
