//! Writes the generated seed corpora: `seeds OUT INPUT...` (scripts/fuzz runs
//! it before a campaign or the smoke pass). Each INPUT is a file or a folder
//! of images (the fixtures, the crafted cases of `examples/write_cases.rs`).
//! For each image it writes: the image (`outer_tar`, `inspect`,
//! `inspect_stream`), every blob that decodes to a tar (`layer_tar`), every
//! compressed blob up to 256 KiB (by codec), every JSON entry (`json_docs`),
//! the report's share link (`share_link`); pairs of images (`diff`); and the
//! error catalogue's messages (`explain_error`). Seeds over 1 MiB are left out.

use ocilens::engine::codec::{self, CodecLimits, Compression, Sniffed};
use ocilens::engine::tar::{EntryKind, Seekable, TarLimits, TarReader};
use ocilens::engine::{errors, share, NullSink, Options};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

const SEED_MAX: usize = 1 << 20;

struct Out {
    root: PathBuf,
    written: usize,
}

impl Out {
    fn put(&mut self, target: &str, name: &str, bytes: &[u8]) {
        if bytes.is_empty() || bytes.len() > SEED_MAX {
            return;
        }
        // a bomb decodes to the production cap (GiBs): over the 10 s hang
        // limit for a whole image; its compressed blobs still seed the codecs
        let whole_image = matches!(target, "inspect" | "inspect_stream" | "diff");
        if whole_image && name.contains("bomb") {
            return;
        }
        let dir = self.root.join(target);
        let _ = std::fs::create_dir_all(&dir);
        let safe: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .take(120)
            .collect();
        if std::fs::write(dir.join(safe), bytes).is_ok() {
            self.written += 1;
        }
    }
}

fn decoded(blob: &[u8]) -> Option<(Compression, Vec<u8>)> {
    let Sniffed::Compressed(c) = codec::sniff(blob) else {
        return None;
    };
    let mut out = Vec::new();
    codec::decoder(c, blob, &CodecLimits::default())
        .take(64 << 20)
        .read_to_end(&mut out)
        .ok()?;
    Some((c, out))
}

fn blobs(image: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let Ok(source) = Seekable::new(Cursor::new(image)) else {
        return out;
    };
    let mut tar = TarReader::new(source, TarLimits::default());
    while let Ok(Some(e)) = tar.next_entry() {
        if e.kind != EntryKind::File || e.size > 64 << 20 {
            continue;
        }
        let mut body = Vec::new();
        if tar.body().read_to_end(&mut body).is_ok() {
            out.push((e.path.clone(), body));
        }
    }
    out
}

fn image(out: &mut Out, name: &str, bytes: &[u8]) {
    let tar = match decoded(bytes) {
        Some((_, t)) => {
            out.put("inspect_stream", name, bytes);
            out.put("inspect", name, bytes);
            t
        }
        None => bytes.to_vec(),
    };
    out.put("outer_tar", name, &tar);
    out.put("inspect", name, &tar);
    out.put("inspect_stream", name, &tar);
    for (path, body) in blobs(&tar) {
        let seed = format!("{name}-{path}");
        if let Some((c, layer)) = decoded(&body) {
            if body.len() <= 256 << 10 {
                out.put(c.as_str(), &seed, &body);
            }
            if codec::sniff(&layer) == Sniffed::Tar {
                out.put("layer_tar", &seed, &layer);
            }
        } else if codec::sniff(&body) == Sniffed::Tar {
            out.put("layer_tar", &seed, &body);
        } else if body.first().is_some_and(|b| *b == b'{' || *b == b'[') {
            out.put("json_docs", &seed, &body);
        }
    }
    let o = Options {
        tree: true,
        name: name.to_string(),
        ..Options::default()
    };
    if let Ok(report) = ocilens::engine::inspect(Cursor::new(bytes), &o, &mut NullSink) {
        let (link, _) = share::encode(&report, None);
        out.put("share_link", name, link.as_bytes());
    }
}

fn files(path: &Path, found: &mut Vec<PathBuf>) {
    if path.is_dir() {
        if let Ok(dir) = std::fs::read_dir(path) {
            let mut all: Vec<PathBuf> = dir.filter_map(|e| e.ok()).map(|e| e.path()).collect();
            all.sort();
            all.into_iter().for_each(|p| files(&p, found));
        }
    } else if path.is_file() {
        found.push(path.to_path_buf());
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next() else {
        eprintln!("usage: seeds OUT INPUT...");
        std::process::exit(2);
    };
    let mut out = Out {
        root: PathBuf::from(root),
        written: 0,
    };
    let mut inputs = Vec::new();
    args.for_each(|a| files(Path::new(&a), &mut inputs));
    let mut images: Vec<(String, Vec<u8>)> = Vec::new();
    for path in &inputs {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let looks = matches!(codec::sniff(&bytes), Sniffed::Tar | Sniffed::Compressed(_));
        if !looks || bytes.len() > SEED_MAX {
            continue;
        }
        let name = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        image(&mut out, &name, &bytes);
        images.push((name, bytes));
    }
    // diff: each image with the next, and the real pairs under a `diff` folder
    for pair in images.windows(2) {
        if let [(na, a), (nb, b)] = pair {
            out.put(
                "diff",
                &format!("{na}+{nb}"),
                &ocilens_fuzz::join_pair(a, b),
            );
        }
    }
    for e in errors::catalogue::entries() {
        out.put("explain_error", e.id, e.message.as_bytes());
    }
    eprintln!("seeds: {} files from {} inputs", out.written, inputs.len());
}
