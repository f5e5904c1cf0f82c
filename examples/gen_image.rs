//! Writes a large OCI layout tar for benchmarks, streaming (never holding a
//! layer in memory): `cargo run --release --example gen_image OUT.tar SIZE_MIB [FILES]`.
//! With FILES, a last uncompressed layer holds that many small files in
//! nested directories (for file-tree scale tests).
//!
//! Layers: uncompressed tars of 16 MiB pseudo-random files, plus one gzip
//! layer of compressible text, so the run exercises both hashes, inflate and
//! the tar walk. Each layer is first written to `OUT.layerN` to learn its
//! digest and size, then copied into the outer tar.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a developer tool over trusted, generated input; it fails loudly"
)]

use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};

const FILE_MIB: u64 = 16;

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

fn header(name: &str, size: u64, mode: u32) -> [u8; 512] {
    let mut h = [0u8; 512];
    h[..name.len()].copy_from_slice(name.as_bytes());
    let put = |h: &mut [u8; 512], at: usize, len: usize, v: u64| {
        let s = format!("{:0width$o}\0", v, width = len - 1);
        h[at..at + len].copy_from_slice(s.as_bytes());
    };
    put(&mut h, 100, 8, mode as u64);
    put(&mut h, 108, 8, 0);
    put(&mut h, 116, 8, 0);
    put(&mut h, 124, 12, size);
    put(&mut h, 136, 12, 1_700_000_000);
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[148..156].copy_from_slice(b"        ");
    let sum: u64 = h.iter().map(|&b| b as u64).sum();
    let s = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(s.as_bytes());
    h
}

fn pad(w: &mut impl Write, size: u64) -> io::Result<()> {
    let rem = (512 - size % 512) % 512;
    w.write_all(&vec![0u8; rem as usize])
}

fn xorshift(state: &mut u64, buf: &mut [u8]) {
    for chunk in buf.chunks_mut(8) {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        let b = state.to_le_bytes();
        chunk.copy_from_slice(&b[..chunk.len()]);
    }
}

/// Writes a layer tar of `files` files into `w`; returns nothing (hashing is the caller's).
fn layer_tar(w: &mut impl Write, layer: usize, files: u64, text: bool) -> io::Result<()> {
    let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ layer as u64;
    let mut buf = vec![0u8; 1 << 20];
    let line = b"the quick brown fox jumps over the lazy dog 0123456789\n";
    for f in 0..files {
        let size = FILE_MIB << 20;
        w.write_all(&header(
            &format!("data/layer{layer}/file{f:04}.bin"),
            size,
            0o644,
        ))?;
        for _ in 0..FILE_MIB {
            if text {
                for (i, b) in buf.iter_mut().enumerate() {
                    *b = line[i % line.len()];
                }
                xorshift(&mut state, &mut buf[..64]);
            } else {
                xorshift(&mut state, &mut buf);
            }
            w.write_all(&buf)?;
        }
        pad(w, size)?;
    }
    w.write_all(&[0u8; 1024])
}

/// A layer of `n` small files under `tree/dNNN/eNN/`. With `GEN_EDIT=K` in
/// the environment, every K-th file holds other bytes (`12b` for `12`): two
/// images made with and without it differ in n/K files (scripts/bench-compare).
fn many_files_tar(w: &mut impl Write, n: u64) -> io::Result<()> {
    let edit: u64 = std::env::var("GEN_EDIT")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(0);
    for i in 0..n {
        let body = if edit > 0 && i % edit == 0 {
            format!("{i}b\n")
        } else {
            format!("{i}\n")
        };
        w.write_all(&header(
            &format!("tree/d{:03}/e{:02}/file{i:07}.txt", i % 997, i % 89),
            body.len() as u64,
            0o644,
        ))?;
        w.write_all(body.as_bytes())?;
        pad(w, body.len() as u64)?;
    }
    w.write_all(&[0u8; 1024])
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(out), Some(mib)) = (args.get(1), args.get(2).and_then(|s| s.parse::<u64>().ok()))
    else {
        eprintln!("usage: gen_image OUT.tar SIZE_MIB");
        std::process::exit(2);
    };
    let many: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0);
    let layers = 4u64;
    // three uncompressed layers carry SIZE_MIB; the gzip layer adds 256 MiB of text
    let files_per_layer = (mib / (layers - 1) / FILE_MIB + 1).max(1);
    let mut blobs = Vec::new(); // (path, digest hex, size, media type, diff_id)
    for l in 0..layers as usize {
        let path = format!("{out}.layer{l}");
        let gz = l == 0;
        let file = BufWriter::with_capacity(1 << 20, File::create(&path)?);
        let mut outer = Hashing {
            inner: file,
            hash: Sha256::new(),
            n: 0,
        };
        let diff_id;
        if gz {
            let enc = GzEncoder::new(&mut outer, flate2::Compression::fast());
            let mut inner = Hashing {
                inner: enc,
                hash: Sha256::new(),
                n: 0,
            };
            layer_tar(&mut inner, l, 256 / FILE_MIB, true)?;
            diff_id = hex::encode(inner.hash.clone().finalize());
            inner.inner.finish()?;
        } else {
            layer_tar(&mut outer, l, files_per_layer, false)?;
            diff_id = hex::encode(outer.hash.clone().finalize());
        }
        outer.flush()?;
        let digest = hex::encode(outer.hash.finalize());
        let mt = if gz {
            "application/vnd.oci.image.layer.v1.tar+gzip"
        } else {
            "application/vnd.oci.image.layer.v1.tar"
        };
        blobs.push((path, digest, outer.n, mt, diff_id));
    }
    if many > 0 {
        let path = format!("{out}.layer-many");
        let file = BufWriter::with_capacity(1 << 20, File::create(&path)?);
        let mut outer = Hashing {
            inner: file,
            hash: Sha256::new(),
            n: 0,
        };
        many_files_tar(&mut outer, many)?;
        outer.flush()?;
        let digest = hex::encode(outer.hash.finalize());
        blobs.push((
            path,
            digest.clone(),
            outer.n,
            "application/vnd.oci.image.layer.v1.tar",
            digest,
        ));
    }
    let config = serde_json::json!({
        "architecture": "amd64", "os": "linux", "created": "2023-11-14T22:13:20Z",
        "rootfs": {"type": "layers", "diff_ids": blobs.iter().map(|b| format!("sha256:{}", b.4)).collect::<Vec<_>>()},
        "history": blobs.iter().map(|_| serde_json::json!({"created_by": "gen_image"})).collect::<Vec<_>>(),
    });
    let config = serde_json::to_vec(&config)?;
    let manifest = serde_json::json!({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": format!("sha256:{}", hex::encode(Sha256::digest(&config))), "size": config.len()},
        "layers": blobs.iter().map(|b| serde_json::json!({"mediaType": b.3, "digest": format!("sha256:{}", b.1), "size": b.2})).collect::<Vec<_>>(),
    });
    let manifest = serde_json::to_vec(&manifest)?;
    let index = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": format!("sha256:{}", hex::encode(Sha256::digest(&manifest))), "size": manifest.len(),
            "annotations": {"org.opencontainers.image.ref.name": "example.com/bench:1"}}],
    }))?;
    let mut w = BufWriter::with_capacity(1 << 20, File::create(out)?);
    let small = |w: &mut BufWriter<File>, name: &str, bytes: &[u8]| -> io::Result<()> {
        w.write_all(&header(name, bytes.len() as u64, 0o644))?;
        w.write_all(bytes)?;
        pad(w, bytes.len() as u64)
    };
    small(&mut w, "oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#)?;
    small(&mut w, "index.json", &index)?;
    small(
        &mut w,
        &format!("blobs/sha256/{}", hex::encode(Sha256::digest(&manifest))),
        &manifest,
    )?;
    small(
        &mut w,
        &format!("blobs/sha256/{}", hex::encode(Sha256::digest(&config))),
        &config,
    )?;
    for (path, digest, size, _, _) in &blobs {
        w.write_all(&header(&format!("blobs/sha256/{digest}"), *size, 0o644))?;
        let mut f = File::open(path)?;
        let copied = io::copy(&mut (&mut f).take(*size), &mut w)?;
        assert_eq!(copied, *size);
        pad(&mut w, *size)?;
        std::fs::remove_file(path)?;
    }
    w.write_all(&[0u8; 1024])?;
    w.flush()?;
    Ok(())
}
