//! The file-contents benchmark: one file near the end of a large gzip layer.
//!
//! `cargo run --release --example cat_bench [OUT.tar [SIZE_MIB]]` (default
//! `target/cat-bench.tar`, 512 MiB) writes an OCI layout whose one layer is
//! SIZE_MIB of pseudo-random files (incompressible: the gzip blob is as
//! large as the tar) followed by `etc/last.txt`, streaming (the layer is
//! never held in memory). An existing OUT.tar of the right size is reused.
//! It then prints, natively:
//!
//! - `read_file`: the page's path, the target known from the report's tree:
//!   re-read only that blob, inflate up to the entry, stream it out;
//! - `cat`: what `ocilens cat` does: the index pass, a header walk of the
//!   layer for the listing, the resolution, then the same read;
//!
//! each with the time and the throughput over the stored blob bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a developer tool over trusted, generated input; it fails loudly"
)]

use flate2::write::GzEncoder;
use ocilens::engine::extract::{
    self, listing, locate, CatRequest, Located, ReadOptions, Selector, Unwatched,
};
use ocilens::engine::Options;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Write};
use std::time::Instant;

const LAST: &[u8] = b"the last file of the layer\n";

struct Hashing<W: Write> {
    inner: W,
    hash: Sha256,
    n: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.n += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn header(name: &str, size: u64) -> [u8; 512] {
    let mut h = [0u8; 512];
    h[..name.len()].copy_from_slice(name.as_bytes());
    let put = |h: &mut [u8; 512], at: usize, len: usize, v: u64| {
        let s = format!("{:0width$o}\0", v, width = len - 1);
        h[at..at + len].copy_from_slice(s.as_bytes());
    };
    put(&mut h, 100, 8, 0o644);
    put(&mut h, 108, 8, 0);
    put(&mut h, 116, 8, 0);
    put(&mut h, 124, 12, size);
    put(&mut h, 136, 12, 1_700_000_000);
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[148..156].copy_from_slice(b"        ");
    let sum: u64 = h.iter().map(|&b| b as u64).sum();
    h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    h
}

fn entry(w: &mut impl Write, name: &str, body: &[u8]) -> io::Result<()> {
    w.write_all(&header(name, body.len() as u64))?;
    w.write_all(body)?;
    w.write_all(&vec![0u8; (512 - body.len() % 512) % 512])
}

/// The layer tar: SIZE_MIB in 16 MiB random files, then `etc/last.txt`.
fn layer(w: &mut impl Write, mib: u64) -> io::Result<()> {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut buf = vec![0u8; 1 << 20];
    for f in 0..mib.div_ceil(16) {
        let size = 16u64 << 20;
        w.write_all(&header(&format!("data/file{f:04}.bin"), size))?;
        for _ in 0..16 {
            for chunk in buf.chunks_mut(8) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                chunk.copy_from_slice(&state.to_le_bytes()[..chunk.len()]);
            }
            w.write_all(&buf)?;
        }
    }
    entry(w, "etc/last.txt", LAST)?;
    w.write_all(&[0u8; 1024])
}

fn write_image(out: &str, mib: u64) -> io::Result<u64> {
    let blob_path = format!("{out}.layer");
    let mut blob = Hashing {
        inner: BufWriter::with_capacity(1 << 20, File::create(&blob_path)?),
        hash: Sha256::new(),
        n: 0,
    };
    let diff_id = {
        let mut tar = Hashing {
            inner: GzEncoder::new(&mut blob, flate2::Compression::fast()),
            hash: Sha256::new(),
            n: 0,
        };
        layer(&mut tar, mib)?;
        let diff_id = hex::encode(tar.hash.clone().finalize());
        tar.inner.finish()?;
        diff_id
    };
    blob.flush()?;
    let (digest, size) = (hex::encode(blob.hash.clone().finalize()), blob.n);
    let config = serde_json::to_vec(&serde_json::json!({
        "architecture": "amd64", "os": "linux",
        "rootfs": {"type": "layers", "diff_ids": [format!("sha256:{diff_id}")]},
    }))?;
    let config_hex = hex::encode(Sha256::digest(&config));
    let manifest = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": format!("sha256:{config_hex}"), "size": config.len()},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": format!("sha256:{digest}"), "size": size}],
    }))?;
    let manifest_hex = hex::encode(Sha256::digest(&manifest));
    let index = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2,
        "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": format!("sha256:{manifest_hex}"), "size": manifest.len()}],
    }))?;
    let mut w = BufWriter::with_capacity(1 << 20, File::create(out)?);
    entry(&mut w, "oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#)?;
    entry(&mut w, "index.json", &index)?;
    entry(&mut w, &format!("blobs/sha256/{manifest_hex}"), &manifest)?;
    entry(&mut w, &format!("blobs/sha256/{config_hex}"), &config)?;
    w.write_all(&header(&format!("blobs/sha256/{digest}"), size))?;
    io::copy(&mut File::open(&blob_path)?, &mut w)?;
    w.write_all(&vec![0u8; ((512 - size % 512) % 512) as usize])?;
    w.write_all(&[0u8; 1024])?;
    w.flush()?;
    std::fs::remove_file(blob_path)?;
    Ok(size)
}

fn mb_s(bytes: u64, secs: f64) -> f64 {
    bytes as f64 / 1e6 / secs
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let out = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "target/cat-bench.tar".into());
    let mib: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(512);
    let want = (mib.div_ceil(16) * 16) << 20;
    if std::fs::metadata(&out).map_or(true, |m| m.len() < want) {
        let t = Instant::now();
        let size = write_image(&out, mib)?;
        eprintln!(
            "wrote {out}: gzip layer of {:.0} MB in {:.1} s",
            size as f64 / 1e6,
            t.elapsed().as_secs_f64()
        );
    }
    let o = Options::default();
    // the page's path: the listing is in the report it already has
    let mut f = BufReader::with_capacity(1 << 20, File::open(&out)?);
    let l = listing::list(&mut f, 0, None, &o).unwrap().unwrap();
    let blob = l.layers[0].size;
    let Located::File { target, .. } = locate(&l, Selector::Merged, "/etc/last.txt", 40) else {
        panic!("etc/last.txt not found")
    };
    let (mut bytes, t) = (Vec::new(), Instant::now());
    let outcome = extract::read_file(
        File::open(&out)?,
        &target,
        &o.limits,
        ReadOptions::default(),
        &mut bytes,
        &mut Unwatched,
    )
    .unwrap();
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(bytes, LAST, "{outcome:?}");
    println!(
        "layer: gzip, {:.0} MB stored; file: /etc/last.txt at its end",
        blob as f64 / 1e6
    );
    println!(
        "read_file (target known, the page's path): {secs:.2} s, {:.0} MB/s of stored layer",
        mb_s(blob, secs)
    );
    let req = CatRequest {
        image: 0,
        selector: Selector::Merged,
        path: "/etc/last.txt".into(),
    };
    let (mut bytes, t) = (Vec::new(), Instant::now());
    extract::cat(File::open(&out)?, &req, &o, &mut bytes, &mut Unwatched).unwrap();
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(bytes, LAST);
    println!(
        "cat (index pass, listing walk, read: `ocilens cat`): {secs:.2} s, the layer inflated twice at {:.0} MB/s",
        mb_s(2 * blob, secs)
    );
    Ok(())
}
