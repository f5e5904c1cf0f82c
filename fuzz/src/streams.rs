//! The stream targets: the four decoders and a layer tar into the tree.

use ocilens::engine::codec::{self, CodecLimits, Compression};
use ocilens::engine::finding::Location;
use ocilens::engine::limits::Limits;
use ocilens::engine::tar::{EntryKind, Streamed, TarLimits, TarReader};
use ocilens::engine::tree::layer::LayerWalker;
use ocilens::engine::tree::merge::{merge, LayerInput};
use std::io::Read;

/// Decoded bytes read at most (a bomb is the cap's business in the pipeline;
/// here it would only slow the fuzzer down).
const OUT_MAX: u64 = 64 << 20;

fn decode(c: Compression, data: &[u8]) {
    let mut d = codec::decoder(c, data, &CodecLimits::default()).take(OUT_MAX);
    let mut buf = vec![0u8; 64 << 10];
    loop {
        match d.read(&mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                // every decode error is a typed one or an I/O one: both must describe
                let _ = codec::codec_error(&e).map(|c| c.to_string());
                let _ = e.to_string();
                break;
            }
        }
    }
}

pub fn gzip(data: &[u8]) {
    decode(Compression::Gzip, data);
}

pub fn zstd(data: &[u8]) {
    decode(Compression::Zstd, data);
}

pub fn xz(data: &[u8]) {
    decode(Compression::Xz, data);
}

pub fn bzip2(data: &[u8]) {
    decode(Compression::Bzip2, data);
}

pub fn layer_tar(data: &[u8]) {
    let limits = Limits::default();
    let mut tar = TarReader::new(Streamed(data), TarLimits::from(&limits));
    let mut walker = LayerWalker::new(Location::entry("layer"), limits.entries_per_layer);
    let mut buf = vec![0u8; 8 << 10];
    'entries: while let Ok(Some(e)) = tar.next_entry() {
        walker.entry(&e);
        if e.kind == EntryKind::File {
            loop {
                match tar.read_body(&mut buf) {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(_) => break 'entries,
                }
            }
        }
    }
    walker.issues(tar.take_issues());
    let _ = tar.finish();
    let _ = walker.tar_facts();
    let (entries, lower_links, _findings) = walker.finish();
    // the layer over itself: every path modified, whiteouts applied to a copy
    let layer = |index| LayerInput {
        entries: &entries,
        lower_links: &lower_links,
        location: Location::entry("layer").with_layer(index),
        index,
    };
    let _ = merge(&[layer(0), layer(1)], true);
}
