//! The two walks compared by `tests/tar_oracle.rs` (ocilens's [`TarReader`] and the `tar`
//! crate's `Archive::entries_with_seek`), a byte source whose big bodies are zeros never
//! stored ([`Rope`]), and the seeded generator of random archives ([`random_archive`]).

pub mod claims;

use ocilens::engine::tar::{End, EntryKind, Seekable, TarIssue, TarLimits, TarReader};
use std::io::{self, Read, Seek, SeekFrom, Write};
use tar::{Builder, EntryType, Header};

/// One entry as both readers must see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The path (lossy when not UTF-8).
    pub path: String,
    /// The raw path was valid UTF-8.
    pub utf8: bool,
    /// The link target, lossy.
    pub link: Option<String>,
    /// The raw `typeflag` of the entry's own header.
    pub flag: u8,
    /// The kind.
    pub kind: EntryKind,
    /// The body size (PAX `size` applied).
    pub size: u64,
    /// Where the entry's first header starts (its `L`, `K` or `x` header, if any).
    pub header_offset: u64,
    /// Where the body starts.
    pub data_offset: u64,
}

/// A seekable byte string made of stored bytes and runs of zeros that are never stored.
#[derive(Debug, Clone, Default)]
pub struct Rope {
    /// (start, segment), in order.
    segs: Vec<(u64, Seg)>,
    /// Total length.
    len: u64,
    /// Read position.
    pos: u64,
}

#[derive(Debug, Clone)]
enum Seg {
    Bytes(Vec<u8>),
    Zeros(u64),
}

impl Rope {
    /// Appends `n` zero bytes (not stored).
    pub fn zeros(&mut self, n: u64) {
        if n > 0 {
            self.segs.push((self.len, Seg::Zeros(n)));
            self.len += n;
        }
    }
}

impl From<Vec<u8>> for Rope {
    fn from(bytes: Vec<u8>) -> Self {
        let mut r = Rope::default();
        r.write_all(&bytes).unwrap();
        r
    }
}

impl Write for Rope {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.segs.last_mut() {
            Some((_, Seg::Bytes(v))) => v.extend_from_slice(buf),
            _ => self.segs.push((self.len, Seg::Bytes(buf.to_vec()))),
        }
        self.len += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Read for Rope {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.len || buf.is_empty() {
            return Ok(0);
        }
        let i = self.segs.partition_point(|(start, _)| *start <= self.pos) - 1;
        let (start, seg) = &self.segs[i];
        let at = self.pos - start;
        let n = match seg {
            Seg::Bytes(v) => {
                let rest = &v[at as usize..];
                let n = rest.len().min(buf.len());
                buf[..n].copy_from_slice(&rest[..n]);
                n
            }
            Seg::Zeros(len) => {
                let n = usize::try_from(len - at)
                    .unwrap_or(usize::MAX)
                    .min(buf.len());
                buf[..n].fill(0);
                n
            }
        };
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for Rope {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let base = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = base.ok_or_else(|| io::Error::other("seek before 0"))?;
        Ok(self.pos)
    }
}

/// ocilens's walk over a seekable source: entries, issues and how it ended.
pub fn ours(rope: Rope) -> (Vec<Listed>, Vec<TarIssue>, End) {
    let mut r = TarReader::new(Seekable::new(rope).unwrap(), TarLimits::default());
    let mut out = Vec::new();
    while let Some(e) = r.next_entry().unwrap() {
        out.push(Listed {
            path: e.path,
            utf8: e.path_is_utf8,
            link: e.link,
            flag: e.type_flag,
            kind: e.kind,
            size: e.size,
            header_offset: e.header_offset,
            data_offset: e.data_offset,
        });
    }
    let issues = r.take_issues();
    (out, issues, r.finish().unwrap())
}

/// The tar crate's walk. Its `raw_header_position` is the entry's own header, so the
/// header offset is taken as where the previous member (a `g` header included) ended.
pub fn theirs(rope: Rope) -> io::Result<Vec<Listed>> {
    let mut ar = tar::Archive::new(rope);
    let mut out = Vec::new();
    let mut prev_end = 0;
    for e in ar.entries_with_seek()? {
        let e = e?;
        let t = e.header().entry_type();
        let flag = e.header().as_bytes()[156];
        let size = e.size();
        let data_offset = e.raw_file_position();
        let header_offset = prev_end;
        prev_end = data_offset + size.next_multiple_of(512);
        if t.is_pax_global_extensions() {
            continue;
        }
        let raw = e.path_bytes().into_owned();
        let kind = match t {
            EntryType::Regular if flag == 0 && raw.ends_with(b"/") => EntryKind::Directory,
            EntryType::Regular | EntryType::Continuous | EntryType::GNUSparse => EntryKind::File,
            EntryType::Link => EntryKind::HardLink,
            EntryType::Symlink => EntryKind::Symlink,
            EntryType::Char => EntryKind::CharDevice,
            EntryType::Block => EntryKind::BlockDevice,
            EntryType::Directory => EntryKind::Directory,
            EntryType::Fifo => EntryKind::Fifo,
            other => EntryKind::Other(other.as_byte()),
        };
        let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        out.push(Listed {
            path: lossy(&raw),
            utf8: std::str::from_utf8(&raw).is_ok(),
            link: e.link_name_bytes().map(|l| lossy(&l)),
            flag,
            kind,
            size,
            header_offset,
            data_offset,
        });
    }
    Ok(out)
}

/// Both walks over a well-formed archive: no issue (a `g` header is only recorded), a clean
/// end marker, and the same entries. Returns them.
pub fn compare(name: &str, rope: Rope) -> Vec<Listed> {
    compare_with(name, rope, |e| e)
}

/// [`compare`], with ocilens's entries passed through `tweak` first (to check that the
/// comparison fails when they differ).
pub fn compare_with(name: &str, rope: Rope, tweak: impl Fn(Listed) -> Listed) -> Vec<Listed> {
    let (mine, issues, end) = ours(rope.clone());
    let issues: Vec<_> = issues
        .into_iter()
        .filter(|i| !matches!(i, TarIssue::GlobalHeader { .. }))
        .collect();
    assert_eq!(issues, [], "{name}: ocilens found issues");
    assert_eq!(end, End::Marker { trailing: false }, "{name}");
    let mine: Vec<Listed> = mine.into_iter().map(tweak).collect();
    let other = theirs(rope).unwrap_or_else(|e| panic!("{name}: the tar crate failed: {e}"));
    assert_eq!(mine.len(), other.len(), "{name}: entry count");
    for (i, (a, b)) in mine.iter().zip(&other).enumerate() {
        assert_eq!(a, b, "{name}: entry {i} (ocilens, then the tar crate)");
    }
    mine
}

/// xorshift64*: a seeded PRNG, enough for test data.
pub struct XorShift(pub u64);

impl XorShift {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// One of `items`.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

/// What a random archive holds, for the test's coverage counts.
#[derive(Debug, Default)]
pub struct Stats {
    /// Entries written.
    pub entries: usize,
    /// Bodies over 8 GiB − 1 (base-256 or PAX `size`).
    pub big: usize,
    /// `x` headers.
    pub pax: usize,
    /// Paths or links over 100 bytes.
    pub long: usize,
}

/// A path of about `len` bytes: clean components (no `.`, `..` or empty ones), some not
/// ASCII.
fn path(rng: &mut XorShift, len: u64) -> String {
    let mut p = String::new();
    while (p.len() as u64) < len {
        if !p.is_empty() {
            p.push('/');
        }
        for _ in 0..rng.below(12) + 1 {
            p.push(rng.pick(&['a', 'b', 'k', 'z', '0', '7', '_', '-', 'é', '日']));
        }
    }
    p
}

fn path_len(rng: &mut XorShift) -> u64 {
    match rng.below(10) {
        0..=5 => rng.below(40) + 1,
        6 | 7 => rng.below(150) + 100,
        _ => rng.below(3000) + 256,
    }
}

/// One PAX record: "%d %s=%s\n", the length counting itself.
pub fn record(key: &str, value: &[u8]) -> Vec<u8> {
    let base = key.len() + value.len() + 3;
    let mut len = base + 1;
    while len != base + len.to_string().len() {
        len = base + len.to_string().len();
    }
    let mut r = format!("{len} {key}=").into_bytes();
    r.extend_from_slice(value);
    r.push(b'\n');
    r
}

/// PAX records for one entry, or none: a few of `comment`, ids, `mtime` and an xattr, and
/// sometimes `path` and `linkpath` (the header then gets a short stand-in).
fn random_records(
    rng: &mut XorShift,
    link: bool,
    name: &mut String,
    target: &mut String,
) -> Vec<u8> {
    let mut records = Vec::new();
    if !rng.chance(40) {
        return records;
    }
    let (comment, xattr) = (rng.below(200), rng.below(30));
    for (key, value) in [
        ("comment", path(rng, comment).into_bytes()),
        ("uid", rng.below(1 << 40).to_string().into_bytes()),
        ("gid", rng.below(1 << 40).to_string().into_bytes()),
        (
            "mtime",
            format!("{}.{}", rng.below(1 << 34), rng.below(1000)).into_bytes(),
        ),
        ("SCHILY.xattr.user.k", path(rng, xattr).into_bytes()),
    ] {
        if rng.chance(40) {
            records.extend(record(key, &value));
        }
    }
    if rng.chance(50) {
        records.extend(record("path", name.as_bytes()));
        *name = format!("PaxHeaders/{}", rng.below(1000));
    }
    if link && rng.chance(50) {
        records.extend(record("linkpath", target.as_bytes()));
        *target = format!("t{}", rng.below(1000));
    }
    records
}

/// Sets the body size in `h` (base-256 past 8 GiB − 1) or in a PAX `size` record (then
/// the header says 0 past 8 GiB − 1, as Go writes it). Returns (size, stored): a small body
/// is stored and random, a larger one is zeros never stored.
fn random_size(
    rng: &mut XorShift,
    has_body: bool,
    h: &mut Header,
    records: &mut Vec<u8>,
) -> (u64, bool) {
    let (size, stored) = match rng.below(10) {
        _ if !has_body => (0, false),
        0 => (rng.below(1 << 40) + (1 << 33), false),
        1 => (rng.below(200_000), false),
        _ => (rng.below(1500), true),
    };
    let in_pax = has_body && rng.chance(if size >= 1 << 33 { 50 } else { 10 });
    if in_pax {
        records.extend(record("size", size.to_string().as_bytes()));
    }
    h.set_size(if in_pax && size >= 1 << 33 { 0 } else { size });
    (size, stored)
}

/// A random archive written by `tar::Builder`: 1 to 8 entries of every kind, GNU or ustar
/// headers, GNU long names and links as the builder writes them, `x` headers with PAX
/// records (`path`, `linkpath`, `size`, ids, `mtime`, xattrs, unknown keys), and bodies that
/// are small and random, or zeros up to 2^40 bytes (base-256 or PAX `size`).
pub fn random_archive(rng: &mut XorShift) -> (Rope, Stats) {
    let mut b = Builder::new(Rope::default());
    let mut stats = Stats::default();
    for _ in 0..rng.below(8) + 1 {
        let kind = rng.pick(b"00012345677\0");
        let mut h = if rng.chance(50) {
            Header::new_gnu()
        } else {
            Header::new_ustar()
        };
        h.set_mode(0o644);
        h.set_mtime(rng.below(1 << 33));
        h.set_uid(rng.below(1 << 21));
        h.set_entry_type(EntryType::new(if kind == 0 { b'0' } else { kind }));
        let (n, t) = (path_len(rng), path_len(rng));
        let (mut name, mut target) = (path(rng, n), path(rng, t));
        let link = matches!(kind, b'1' | b'2');
        stats.long += usize::from(name.len() > 100) + usize::from(link && target.len() > 100);
        let mut records = random_records(rng, link, &mut name, &mut target);
        let has_body = matches!(kind, b'0' | b'7' | 0);
        let (size, stored) = random_size(rng, has_body, &mut h, &mut records);
        stats.big += usize::from(size >= 1 << 33);
        if !records.is_empty() {
            stats.pax += 1;
            let mut x = Header::new_ustar();
            x.set_path(format!("PaxHeaders/{}", stats.entries)).unwrap();
            x.set_entry_type(EntryType::XHeader);
            x.set_size(records.len() as u64);
            x.set_cksum();
            b.append(&x, &records[..]).unwrap();
        }
        if matches!(kind, b'3' | b'4') {
            h.set_device_major(rng.below(256) as u32).unwrap();
            h.set_device_minor(rng.below(1 << 20) as u32).unwrap();
        }
        if kind == 0 {
            h.as_mut_bytes()[156] = 0;
        }
        if link {
            b.append_link(&mut h, &name, &target).unwrap();
        } else if stored {
            let body: Vec<u8> = (0..size).map(|_| rng.next() as u8).collect();
            b.append_data(&mut h, &name, &body[..]).unwrap();
        } else {
            b.append_data(&mut h, &name, io::empty()).unwrap();
            b.get_mut().zeros(size.next_multiple_of(512));
        }
        stats.entries += 1;
    }
    (b.into_inner().unwrap(), stats)
}
