//! Unit tests of the tar reader: a tiny header writer and a walk over both byte sources
//! (streamed and seekable, which must agree); the tests are in [`formats`] and [`anomalies`].

use super::*;
use std::io::{self, Cursor, Read};

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
    end: End,
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
    let end = r.finish().unwrap();
    let total = r.position();
    Walk {
        entries,
        issues,
        end,
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

mod anomalies;
mod describe;
mod formats;
