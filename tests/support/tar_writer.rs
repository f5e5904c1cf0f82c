//! An in-memory tar writer for crafting layer and archive tars, broken ones
//! included. ustar headers with correct checksums, a fixed mtime
//! ([`MTIME`]) for determinism, GNU long names (`L`/`K`) added automatically
//! for paths or link targets over 100 bytes, and PAX records on request.

/// The mtime written into every header unless an [`EntrySpec`] says otherwise
/// (2023-11-14T22:13:20Z).
pub const MTIME: u64 = 1_700_000_000;

/// The tar block size.
pub const BLOCK: usize = 512;

/// Type flags (`typeflag`, header byte 156).
pub mod kind {
    /// Regular file.
    pub const FILE: u8 = b'0';
    /// Regular file in a v7 tar (NUL type flag).
    pub const OLD_FILE: u8 = 0;
    /// Hard link to `linkname`.
    pub const HARDLINK: u8 = b'1';
    /// Symbolic link to `linkname`.
    pub const SYMLINK: u8 = b'2';
    /// Character device.
    pub const CHAR_DEVICE: u8 = b'3';
    /// Block device.
    pub const BLOCK_DEVICE: u8 = b'4';
    /// Directory.
    pub const DIR: u8 = b'5';
    /// FIFO.
    pub const FIFO: u8 = b'6';
    /// Contiguous file (read as a regular file).
    pub const CONTIGUOUS: u8 = b'7';
    /// PAX extended header for the next entry.
    pub const PAX: u8 = b'x';
    /// PAX global extended header.
    pub const PAX_GLOBAL: u8 = b'g';
    /// GNU long name for the next entry.
    pub const GNU_LONGNAME: u8 = b'L';
    /// GNU long link name for the next entry.
    pub const GNU_LONGLINK: u8 = b'K';
}

/// Everything one header (plus body) can say. Build it with struct-update
/// syntax: `EntrySpec { path: "a".into(), body: b"x".to_vec(), ..Default::default() }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntrySpec {
    /// Entry name, any bytes (over 100 bytes → GNU `L` entry first, unless disabled).
    pub path: Vec<u8>,
    /// Type flag, see [`kind`].
    pub kind: u8,
    /// Permission bits (and more if you like).
    pub mode: u32,
    /// Owner user id.
    pub uid: u64,
    /// Owner group id.
    pub gid: u64,
    /// Owner user name (ustar `uname`).
    pub uname: String,
    /// Owner group name (ustar `gname`).
    pub gname: String,
    /// Modification time, seconds since the epoch.
    pub mtime: u64,
    /// Written into the header's size field instead of `body.len()`; the body
    /// is still written as given (padded to a block): a lying size.
    pub size_override: Option<u64>,
    /// Link target for hard and symbolic links (over 100 bytes → GNU `K`).
    pub linkname: Vec<u8>,
    /// Device major number.
    pub dev_major: u32,
    /// Device minor number.
    pub dev_minor: u32,
    /// The entry's data.
    pub body: Vec<u8>,
}

impl Default for EntrySpec {
    fn default() -> Self {
        EntrySpec {
            path: Vec::new(),
            kind: kind::FILE,
            mode: 0o644,
            uid: 0,
            gid: 0,
            uname: String::new(),
            gname: String::new(),
            mtime: MTIME,
            size_override: None,
            linkname: Vec::new(),
            dev_major: 0,
            dev_minor: 0,
            body: Vec::new(),
        }
    }
}

/// Builds a tar stream in memory.
#[derive(Clone, Debug)]
pub struct TarWriter {
    out: Vec<u8>,
    pending_pax: Vec<(String, Vec<u8>)>,
    corrupt_next: bool,
    auto_long_names: bool,
}

impl Default for TarWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl TarWriter {
    /// An empty tar.
    pub fn new() -> Self {
        TarWriter {
            out: Vec::new(),
            pending_pax: Vec::new(),
            corrupt_next: false,
            auto_long_names: true,
        }
    }

    /// A regular file, mode 0644.
    pub fn file(&mut self, path: &str, data: &[u8]) -> &mut Self {
        self.file_with_mode(path, data, 0o644)
    }

    /// A regular file with the given mode.
    pub fn file_with_mode(&mut self, path: &str, data: &[u8], mode: u32) -> &mut Self {
        self.entry(EntrySpec {
            path: path.into(),
            mode,
            body: data.to_vec(),
            ..Default::default()
        })
    }

    /// A directory, mode 0755; a trailing `/` is added if missing.
    pub fn dir(&mut self, path: &str) -> &mut Self {
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        self.entry(EntrySpec {
            path: path.into_bytes(),
            kind: kind::DIR,
            mode: 0o755,
            ..Default::default()
        })
    }

    /// A symbolic link `path` → `target`.
    pub fn symlink(&mut self, path: &str, target: &str) -> &mut Self {
        self.entry(EntrySpec {
            path: path.into(),
            kind: kind::SYMLINK,
            mode: 0o777,
            linkname: target.into(),
            ..Default::default()
        })
    }

    /// A hard link `path` → `target` (a path inside the archive).
    pub fn hardlink(&mut self, path: &str, target: &str) -> &mut Self {
        self.entry(EntrySpec {
            path: path.into(),
            kind: kind::HARDLINK,
            linkname: target.into(),
            ..Default::default()
        })
    }

    /// A character device.
    pub fn char_device(&mut self, path: &str, major: u32, minor: u32) -> &mut Self {
        self.entry(EntrySpec {
            path: path.into(),
            kind: kind::CHAR_DEVICE,
            mode: 0o666,
            dev_major: major,
            dev_minor: minor,
            ..Default::default()
        })
    }

    /// A block device.
    pub fn block_device(&mut self, path: &str, major: u32, minor: u32) -> &mut Self {
        self.entry(EntrySpec {
            path: path.into(),
            kind: kind::BLOCK_DEVICE,
            mode: 0o660,
            dev_major: major,
            dev_minor: minor,
            ..Default::default()
        })
    }

    /// A FIFO.
    pub fn fifo(&mut self, path: &str) -> &mut Self {
        self.entry(EntrySpec {
            path: path.into(),
            kind: kind::FIFO,
            ..Default::default()
        })
    }

    /// An OCI/AUFS whiteout deleting `path` (`dir/name` → `dir/.wh.name`).
    pub fn whiteout(&mut self, path: &str) -> &mut Self {
        let path = path.trim_end_matches('/');
        let whiteout = match path.rsplit_once('/') {
            Some((dir, name)) => format!("{dir}/.wh.{name}"),
            None => format!(".wh.{path}"),
        };
        self.file(&whiteout, b"")
    }

    /// An opaque-directory marker (`dir/.wh..wh..opq`).
    pub fn opaque(&mut self, dir: &str) -> &mut Self {
        let dir = dir.trim_end_matches('/');
        self.file(&format!("{dir}/.wh..wh..opq"), b"")
    }

    /// Any entry. Queued PAX records, a GNU long name/link (when needed) and
    /// the header are written, then the body padded to a block.
    pub fn entry(&mut self, spec: EntrySpec) -> &mut Self {
        let pax = std::mem::take(&mut self.pending_pax);
        let pax_has = |key: &str| pax.iter().any(|(k, _)| k == key);
        let long_name = self.auto_long_names && spec.path.len() > 100 && !pax_has("path");
        let long_link = self.auto_long_names && spec.linkname.len() > 100 && !pax_has("linkpath");
        if !pax.is_empty() {
            let records: Vec<(&str, &[u8])> = pax
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_slice()))
                .collect();
            let mut name = b"PaxHeaders.0/".to_vec();
            name.extend(basename(&spec.path));
            self.write_meta(kind::PAX, &name, &pax_records(&records));
        }
        if long_link {
            let mut body = spec.linkname.clone();
            body.push(0);
            self.write_meta(kind::GNU_LONGLINK, b"././@LongLink", &body);
        }
        if long_name {
            let mut body = spec.path.clone();
            body.push(0);
            self.write_meta(kind::GNU_LONGNAME, b"././@LongLink", &body);
        }
        let size = spec.size_override.unwrap_or(spec.body.len() as u64);
        let mut header = header_block(&spec, size);
        if std::mem::take(&mut self.corrupt_next) {
            corrupt_checksum(&mut header);
        }
        self.out.extend_from_slice(&header);
        self.write_body(&spec.body);
        self
    }

    /// Queues PAX records (`key`, value bytes) for the next entry, written as a
    /// `x` header before it. Several calls accumulate. A `path` or `linkpath`
    /// record stops the automatic GNU long name or link for that entry.
    pub fn pax(&mut self, records: &[(&str, &[u8])]) -> &mut Self {
        self.pending_pax
            .extend(records.iter().map(|(k, v)| (k.to_string(), v.to_vec())));
        self
    }

    /// Writes a PAX global header (`g`) now.
    pub fn global_pax(&mut self, records: &[(&str, &[u8])]) -> &mut Self {
        self.write_meta(
            kind::PAX_GLOBAL,
            b"pax_global_header",
            &pax_records(records),
        );
        self
    }

    /// The next entry's own header (not its PAX or long-name headers) gets a
    /// wrong checksum.
    pub fn corrupt_next_checksum(&mut self) -> &mut Self {
        self.corrupt_next = true;
        self
    }

    /// Turns the automatic GNU long names/links on or off (off: names over 100
    /// bytes are cut to 100 in the header).
    pub fn auto_long_names(&mut self, on: bool) -> &mut Self {
        self.auto_long_names = on;
        self
    }

    /// Appends a 512-byte header block as is (build one with [`header_block`]).
    pub fn raw_header(&mut self, header: &[u8; BLOCK]) -> &mut Self {
        self.out.extend_from_slice(header);
        self
    }

    /// Appends any bytes as is (no padding): garbage, a truncated body, …
    pub fn raw(&mut self, bytes: &[u8]) -> &mut Self {
        self.out.extend_from_slice(bytes);
        self
    }

    /// Appends `data` padded with zeros to a whole number of blocks.
    pub fn raw_padded(&mut self, data: &[u8]) -> &mut Self {
        self.write_body(data);
        self
    }

    /// Bytes written so far.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// Whether nothing was written yet.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// The bytes written so far (no end marker).
    pub fn bytes(&self) -> &[u8] {
        &self.out
    }

    /// The tar, ended with two zero blocks.
    pub fn finish(mut self) -> Vec<u8> {
        self.out.extend_from_slice(&[0u8; 2 * BLOCK]);
        self.out
    }

    /// The tar without the end-of-archive zero blocks.
    pub fn finish_without_end_marker(self) -> Vec<u8> {
        self.out
    }

    /// The tar ended with `n` zero blocks (0, 1, or more than the usual 2).
    pub fn finish_with_zero_blocks(mut self, n: usize) -> Vec<u8> {
        self.out.resize(self.out.len() + n * BLOCK, 0);
        self.out
    }

    fn write_meta(&mut self, kind: u8, name: &[u8], body: &[u8]) {
        let spec = EntrySpec {
            path: name.to_vec(),
            kind,
            mode: 0o644,
            ..Default::default()
        };
        self.out
            .extend_from_slice(&header_block(&spec, body.len() as u64));
        self.write_body(body);
    }

    fn write_body(&mut self, body: &[u8]) {
        self.out.extend_from_slice(body);
        let rem = body.len() % BLOCK;
        if rem != 0 {
            self.out.resize(self.out.len() + BLOCK - rem, 0);
        }
    }
}

fn basename(path: &[u8]) -> Vec<u8> {
    let trimmed = match path.iter().rposition(|&b| b != b'/') {
        Some(end) => &path[..=end],
        None => path,
    };
    let start = trimmed
        .iter()
        .rposition(|&b| b == b'/')
        .map_or(0, |i| i + 1);
    trimmed[start..].to_vec()
}

/// A ustar header for `spec` with `size` in the size field and a correct
/// checksum. Names and link names longer than 100 bytes are cut.
pub fn header_block(spec: &EntrySpec, size: u64) -> [u8; BLOCK] {
    let mut h = [0u8; BLOCK];
    put_bytes(&mut h[0..100], &spec.path);
    put_number(&mut h[100..108], u64::from(spec.mode));
    put_number(&mut h[108..116], spec.uid);
    put_number(&mut h[116..124], spec.gid);
    put_number(&mut h[124..136], size);
    put_number(&mut h[136..148], spec.mtime);
    h[156] = spec.kind;
    put_bytes(&mut h[157..257], &spec.linkname);
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    put_bytes(&mut h[265..297], spec.uname.as_bytes());
    put_bytes(&mut h[297..329], spec.gname.as_bytes());
    put_number(&mut h[329..337], u64::from(spec.dev_major));
    put_number(&mut h[337..345], u64::from(spec.dev_minor));
    set_checksum(&mut h);
    h
}

/// Recomputes and writes the header checksum (after you patched bytes).
pub fn set_checksum(h: &mut [u8; BLOCK]) {
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
}

/// Makes the checksum wrong (the true sum plus one).
pub fn corrupt_checksum(h: &mut [u8; BLOCK]) {
    set_checksum(h);
    let text = std::str::from_utf8(&h[148..154]).unwrap();
    let sum = u32::from_str_radix(text, 8).unwrap() + 1;
    h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
}

/// PAX extended-header body: `"<len> <key>=<value>\n"` records.
pub fn pax_records(records: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (key, value) in records {
        let base = key.len() + value.len() + 3; // ' ', '=', '\n'
        let mut len = base + 1;
        while len != base + len.to_string().len() {
            len = base + len.to_string().len();
        }
        out.extend_from_slice(format!("{len} {key}=").as_bytes());
        out.extend_from_slice(value);
        out.push(b'\n');
    }
    out
}

fn put_bytes(field: &mut [u8], value: &[u8]) {
    let n = value.len().min(field.len());
    field[..n].copy_from_slice(&value[..n]);
}

/// Octal, zero-padded, NUL-terminated; GNU base-256 when it does not fit.
fn put_number(field: &mut [u8], value: u64) {
    let digits = field.len() - 1;
    let text = format!("{value:0digits$o}");
    if text.len() <= digits {
        field[..digits].copy_from_slice(text.as_bytes());
        field[digits] = 0;
    } else {
        field.fill(0);
        let bytes = value.to_be_bytes();
        let n = bytes.len().min(field.len() - 1);
        let start = field.len() - n;
        field[start..].copy_from_slice(&bytes[bytes.len() - n..]);
        field[0] |= 0x80;
    }
}
