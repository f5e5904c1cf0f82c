//! The panel's state machine over a real fixture's report: a text file asks
//! for its head and shows it; a layer's changes view reads that layer's
//! copy; a whiteout, a directory and a dangling symlink say what they are;
//! an image is read whole and shown from a URL; Cancel, Download, late
//! messages of another read, and a report with no archive at hand.

use super::super::{Effect, Msg, SessionMsg, State, TreeMode, ViewMsg};
use super::*;
use crate::engine::{inspect, NullSink, Options};
use crate::protocol::FromWorker;
use crate::view_model::preview::TEXT_MAX;
use std::io::Cursor;

/// Four layers: `opt/data/a.bin` in layer 1, removed by layer 3's whiteout;
/// `opt/data/new.txt` (2 000 bytes of text) in layer 3; `bin/sh` an ELF.
const VFS: &[u8] = include_bytes!("../../../../tests/fixtures/waste-vfs-buildah-oci.tar");

fn loaded(bytes: &[u8], name: &str) -> State {
    let o = Options {
        tree: true,
        name: name.into(),
        ..Options::default()
    };
    let report = inspect(Cursor::new(bytes), &o, &mut NullSink).unwrap();
    let mut s = State::default();
    s.update(SessionMsg::Start {
        name: name.into(),
        size: bytes.len() as u64,
        workers: 1,
        now: 0.0,
    });
    s.update(SessionMsg::Worker {
        worker: 0,
        msg: FromWorker::Report {
            report: Box::new(report),
        },
        now: 1.0,
    });
    s.update(ViewMsg::Tab(super::super::Tab::Files));
    s
}

fn open(s: &mut State, path: &str) -> Vec<Effect> {
    s.update(Msg::Preview(PreviewMsg::Open(path.into())))
}

fn request(fx: &[Effect]) -> &ReadRequest {
    match fx {
        [Effect::CloseFile, Effect::ReadFile(r)] => r,
        other => panic!("{other:?}"),
    }
}

fn opened(s: &State) -> &Opened {
    s.view.preview.opened.as_ref().unwrap()
}

#[test]
fn a_text_file_asks_for_its_head_and_shows_it_with_its_encoding() {
    let mut s = loaded(VFS, "vfs.tar");
    let fx = open(&mut s, "opt/data/new.txt");
    let r = request(&fx).clone();
    assert_eq!(r.purpose, Purpose::Preview);
    assert_eq!((r.target.file.layer, r.target.file.size), (3, 2000));
    assert_eq!(r.options.take, Some(2000));
    assert_eq!(opened(&s).state(), "reading");
    let body = b"opaque case: other\n".repeat(200);
    let body = &body[..2000];
    for (i, part) in body.chunks(700).enumerate() {
        let offset = (i * 700) as u64;
        let bytes = part.to_vec();
        s.update(Msg::Preview(PreviewMsg::Chunk {
            id: r.id,
            offset,
            bytes,
        }));
    }
    let outcome = ReadOutcome::Done {
        bytes: 2000,
        size: 2000,
        complete: true,
    };
    let fx = s.update(Msg::Preview(PreviewMsg::Done { id: r.id, outcome }));
    assert!(fx.is_empty(), "{fx:?}");
    let o = opened(&s);
    assert_eq!(o.state(), "text");
    let Some(Preview::Text {
        encoding,
        text,
        truncated,
    }) = &o.shown
    else {
        panic!("{:?}", o.shown)
    };
    assert_eq!((encoding.label(), *truncated), ("UTF-8", false));
    assert_eq!(text.as_bytes(), body);
    assert_eq!(o.file_name(), "new.txt");
}

#[test]
fn a_layers_view_reads_that_layers_copy_and_its_whiteout_says_so() {
    let mut s = loaded(VFS, "vfs.tar");
    // merged: a.bin is gone (layer 3's whiteout)
    let fx = open(&mut s, "opt/data/a.bin");
    assert_eq!(fx, vec![Effect::CloseFile]);
    let not = opened(&s).not.clone().unwrap();
    assert!(
        not.contains("not in the image") && not.contains("layer 3"),
        "{not}"
    );
    assert_eq!(opened(&s).state(), "not");
    // layer 1's copy
    s.update(ViewMsg::TreeMode(TreeMode::Layer(1)));
    let fx = open(&mut s, "opt/data/a.bin");
    let r = request(&fx);
    assert_eq!((r.target.file.layer, r.target.file.size), (1, 614_400));
    assert_eq!(r.options.take, Some(614_400));
    // layer 3 holds the whiteout
    s.update(ViewMsg::TreeMode(TreeMode::Layer(3)));
    open(&mut s, "opt/data/a.bin");
    let not = opened(&s).not.clone().unwrap();
    assert!(not.contains("whiteout"), "{not}");
    // a directory
    open(&mut s, "opt");
    let not = opened(&s).not.clone().unwrap();
    assert!(not.contains("/opt is a directory"), "{not}");
}

#[test]
fn cancel_download_and_a_late_message_of_another_read() {
    let mut s = loaded(VFS, "vfs.tar");
    let first = request(&open(&mut s, "bin/sh")).id;
    let fx = s.update(Msg::Preview(PreviewMsg::Cancel));
    assert_eq!(fx, vec![Effect::StopRead]);
    assert_eq!(opened(&s).note.as_deref(), Some("cancelled"));
    assert_eq!(opened(&s).state(), "stopped");
    // the whole file, saved under its base name
    let fx = s.update(Msg::Preview(PreviewMsg::Download));
    let [Effect::ReadFile(r)] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let id = r.id;
    assert_eq!(r.purpose, Purpose::Download("sh".into()));
    assert_eq!((r.options.take, r.options.max_file), (None, MAX_FILE));
    // a message of the cancelled read changes nothing
    let late = ReadOutcome::Done {
        bytes: 10,
        size: 62864,
        complete: false,
    };
    let fx = s.update(Msg::Preview(PreviewMsg::Done {
        id: first,
        outcome: late,
    }));
    assert!(fx.is_empty());
    s.update(Msg::Preview(PreviewMsg::Progress {
        id,
        phase: Phase::Copying,
        done: 100,
        total: 62864,
    }));
    assert_eq!(opened(&s).reading.as_ref().unwrap().done, 100);
    let outcome = ReadOutcome::Done {
        bytes: 62864,
        size: 62864,
        complete: true,
    };
    let fx = s.update(Msg::Preview(PreviewMsg::Done { id, outcome }));
    assert_eq!(
        fx,
        vec![Effect::SaveFile {
            id,
            name: "sh".into()
        }]
    );
    // the chunks of a download never reach the view model's head
    assert!(opened(&s).head.is_empty());
}

#[test]
fn a_binary_head_is_hex_and_the_head_kept_is_capped() {
    let mut s = loaded(VFS, "vfs.tar");
    let id = request(&open(&mut s, "bin/sh")).id;
    let elf = [0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0];
    s.update(Msg::Preview(PreviewMsg::Chunk {
        id,
        offset: 0,
        bytes: elf.to_vec(),
    }));
    // a chunk out of order is not taken
    s.update(Msg::Preview(PreviewMsg::Chunk {
        id,
        offset: 99,
        bytes: vec![1; 5],
    }));
    // nor more than the text cap
    s.update(Msg::Preview(PreviewMsg::Chunk {
        id,
        offset: 10,
        bytes: vec![0; TEXT_MAX as usize + 10],
    }));
    assert_eq!(opened(&s).head.len() as u64, TEXT_MAX);
    let outcome = ReadOutcome::Done {
        bytes: TEXT_MAX,
        size: 62864,
        complete: false,
    };
    s.update(Msg::Preview(PreviewMsg::Done { id, outcome }));
    let Some(Preview::Hex { rows, .. }) = &opened(&s).shown else {
        panic!()
    };
    assert!(rows[0].hex.starts_with("7f 45 4c 46"), "{}", rows[0].hex);
    assert_eq!(opened(&s).state(), "hex");
}

#[test]
fn an_image_is_read_whole_then_shown_from_a_url() {
    let mut s = loaded(VFS, "vfs.tar");
    let id = request(&open(&mut s, "opt/data/new.txt")).id;
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    png.resize(100, 0);
    s.update(Msg::Preview(PreviewMsg::Chunk {
        id,
        offset: 0,
        bytes: png,
    }));
    // pretend the head is shorter than the file: the whole image is asked for
    let outcome = ReadOutcome::Done {
        bytes: 100,
        size: 5000,
        complete: false,
    };
    let fx = s.update(Msg::Preview(PreviewMsg::Done { id, outcome }));
    let [Effect::ReadFile(r)] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    assert_eq!(r.purpose, Purpose::Image("image/png"));
    assert_eq!((r.options.take, r.options.max_file), (None, IMAGE_MAX));
    let whole = r.id;
    let outcome = ReadOutcome::Done {
        bytes: 5000,
        size: 5000,
        complete: true,
    };
    let fx = s.update(Msg::Preview(PreviewMsg::Done { id: whole, outcome }));
    assert_eq!(
        fx,
        vec![Effect::ShowImage {
            id: whole,
            mime: "image/png"
        }]
    );
    s.update(Msg::Preview(PreviewMsg::ImageUrl {
        id: whole,
        url: "blob:x".into(),
    }));
    assert_eq!(opened(&s).state(), "image");
    assert_eq!(
        s.update(Msg::Preview(PreviewMsg::Close)),
        vec![Effect::CloseFile]
    );
    assert!(s.view.preview.opened.is_none());
}

#[test]
fn without_the_archive_at_hand_nothing_is_read() {
    let mut s = loaded(VFS, "vfs.tar");
    // a report JSON opened on its own: the dropped file is not the archive
    s.session.size += 1;
    let fx = open(&mut s, "opt/data/new.txt");
    assert_eq!(fx, vec![Effect::CloseFile]);
    let not = opened(&s).not.clone().unwrap();
    assert!(not.contains("drop the archive"), "{not}");
}
