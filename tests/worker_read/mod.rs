//! `ReadFile` through the handler: the target comes from the report the
//! page holds (`listing::from_report` + `locate`), the bytes arrive as
//! ordered chunks equal to what the image was built with, progress rises,
//! and a cancel, a preview's `take` and the size cap stop it as they say.

use super::inspected;
use crate::support::compress::gzip;
use crate::support::layer::Layer;
use crate::support::oci_image::OciImage;
use crate::support::oci_layout::OciLayoutBuilder;
use crate::support::tar_writer::TarWriter;
use ocilens::engine::extract::{
    listing, locate, FileTarget, Located, Phase, ReadOptions, ReadOutcome, Selector,
};
use ocilens::protocol::{FileSink, FromWorker, Handler, ToWorker};
use std::io::Cursor;

#[derive(Default)]
struct Collect {
    bytes: Vec<u8>,
    chunks: usize,
    progress: Vec<(Phase, u64, u64)>,
    cancel_after: Option<usize>,
}

impl FileSink for Collect {
    fn chunk(&mut self, offset: u64, bytes: &[u8]) {
        assert_eq!(
            offset,
            self.bytes.len() as u64,
            "chunks in order, none missing"
        );
        self.bytes.extend_from_slice(bytes);
        self.chunks += 1;
    }
    fn progress(&mut self, phase: Phase, done: u64, total: u64) {
        self.progress.push((phase, done, total));
    }
    fn cancelled(&mut self) -> bool {
        self.cancel_after.is_some_and(|n| self.chunks >= n)
    }
}

fn noise(len: usize) -> Vec<u8> {
    let mut s = 0x2545_f491_4f6c_dd1du64;
    (0..len)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 24) as u8
        })
        .collect()
}

/// A gzip layer with 8 MiB of filler before the file, and the file behind a symlink.
fn archive(big: &[u8]) -> Vec<u8> {
    let mut l = TarWriter::new();
    l.file("filler.bin", &noise(8 << 20)).dir("opt/");
    l.file("opt/big.bin", big).symlink("big", "opt/big.bin");
    let image = OciImage::new(vec![Layer::tar_gzip(l.finish())]);
    OciLayoutBuilder::new().image(image).build()
}

fn target(bytes: &[u8], name: &str, path: &str) -> FileTarget {
    let report = inspected(bytes, name);
    let listing = listing::from_report(&report, 0).unwrap();
    match locate(&listing, Selector::Merged, path, 40) {
        Located::File { target, .. } => target,
        other => panic!("{other:?}"),
    }
}

fn read(bytes: &[u8], t: &FileTarget, options: ReadOptions, sink: &mut Collect) -> FromWorker {
    Handler::default().read(t, options, Cursor::new(bytes), sink)
}

#[test]
fn read_file_streams_ordered_chunks_with_progress_seekable_and_compressed() {
    let big = noise(3 << 20 | 12345);
    let plain = archive(&big);
    let packed = gzip(&plain);
    for (name, bytes) in [("a.tar", &plain), ("a.tar.gz", &packed)] {
        let t = target(bytes, name, "/big");
        assert_eq!(
            (t.file.path.as_str(), t.file.size),
            ("opt/big.bin", big.len() as u64)
        );
        let mut sink = Collect::default();
        let reply = read(bytes, &t, ReadOptions::default(), &mut sink);
        let size = big.len() as u64;
        let done = ReadOutcome::Done {
            bytes: size,
            size,
            complete: true,
        };
        assert_eq!(reply, FromWorker::FileDone { outcome: done }, "{name}");
        assert!(sink.bytes == big, "{name}: other bytes");
        assert!(sink.chunks >= 13, "{name}: {} chunks", sink.chunks);
        let seeking: Vec<u64> = sink
            .progress
            .iter()
            .filter(|p| p.0 == Phase::Seeking)
            .map(|p| p.1)
            .collect();
        assert!(
            seeking.len() >= 2 && seeking.windows(2).all(|w| w[0] <= w[1]),
            "{name}: {seeking:?}"
        );
        assert_eq!(
            sink.progress.last(),
            Some(&(Phase::Copying, size, size)),
            "{name}"
        );
    }
}

#[test]
fn a_cancel_a_preview_head_and_the_cap_stop_the_read() {
    let big = noise(2 << 20);
    let bytes = archive(&big);
    let t = target(&bytes, "a.tar", "opt/big.bin");
    let mut sink = Collect {
        cancel_after: Some(1),
        ..Collect::default()
    };
    let reply = read(&bytes, &t, ReadOptions::default(), &mut sink);
    let FromWorker::FileDone {
        outcome: ReadOutcome::Cancelled { bytes: n },
    } = reply
    else {
        panic!("{reply:?}")
    };
    assert!(n > 0 && n < big.len() as u64 && sink.bytes == big[..n as usize]);
    // cancelled while still decoding up to the entry: nothing written
    let mut early = Collect {
        cancel_after: Some(0),
        ..Collect::default()
    };
    let reply = read(&bytes, &t, ReadOptions::default(), &mut early);
    assert_eq!(
        reply,
        FromWorker::FileDone {
            outcome: ReadOutcome::Cancelled { bytes: 0 }
        }
    );
    let head = ReadOptions {
        take: Some(1 << 20),
        ..ReadOptions::default()
    };
    let mut sink = Collect::default();
    let reply = read(&bytes, &t, head, &mut sink);
    let size = big.len() as u64;
    let outcome = ReadOutcome::Done {
        bytes: 1 << 20,
        size,
        complete: false,
    };
    assert_eq!(reply, FromWorker::FileDone { outcome });
    assert!(sink.bytes == big[..1 << 20]);
    let capped = ReadOptions {
        max_file: 1 << 20,
        take: None,
    };
    let reply = read(&bytes, &t, capped, &mut Collect::default());
    let outcome = ReadOutcome::TooLarge { size, max: 1 << 20 };
    assert_eq!(reply, FromWorker::FileDone { outcome });
}

#[test]
fn read_file_through_handle_says_where_it_is_answered() {
    let bytes = archive(b"x");
    let t = target(&bytes, "a.tar", "opt/big.bin");
    let msg = ToWorker::ReadFile {
        target: t.clone(),
        options: ReadOptions::default(),
    };
    let back: ToWorker = serde_json::from_str(&msg.to_json()).unwrap();
    assert_eq!(back, msg);
    let reply = Handler::default().handle(
        msg,
        Some(Cursor::new(&bytes)),
        &mut ocilens::engine::NullSink,
    );
    assert!(matches!(reply, FromWorker::Failed { .. }), "{reply:?}");
    // a blob that is not in the archive is a typed outcome, not a failure
    let gone = FileTarget {
        entry: "blobs/sha256/0000".into(),
        ..t
    };
    let reply = read(
        &bytes,
        &gone,
        ReadOptions::default(),
        &mut Collect::default(),
    );
    assert!(
        matches!(
            reply,
            FromWorker::FileDone {
                outcome: ReadOutcome::Missing { .. }
            }
        ),
        "{reply:?}"
    );
}
