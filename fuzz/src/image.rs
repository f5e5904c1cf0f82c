//! The whole-image targets: the outer tar, `inspect`, `inspect_stream`, `diff`.

use ocilens::engine::diff::{compare, CompareOptions};
use ocilens::engine::report::Report;
use ocilens::engine::tar::{Seekable, TarLimits, TarReader};
use ocilens::engine::{self, NullSink, Options};
use std::io::Cursor;

fn options(name: &str) -> Options {
    Options {
        tree: true,
        name: name.to_string(),
        ..Options::default()
    }
}

/// The report as the CLI writes it, and as a share link carries it: the link
/// must decode (the encoder shrinks to fit the caps the decoder checks),
/// unless even the smallest form is over `MAX_FRAGMENT` (500 layers): the
/// page then offers no link (`share::openable`).
fn check_report(report: &Report) {
    use ocilens::engine::share;
    let json = serde_json::to_string(report);
    assert!(json.is_ok(), "report does not serialise: {json:?}");
    let (link, _) = share::encode(report, None);
    if !share::openable(&link) {
        return;
    }
    if let Err(e) = share::decode(&link) {
        panic!("the report's own share link does not decode: {e:?}");
    }
}

/// The outer tar's headers through the tar reader over a seekable input
/// (bodies skipped by seeking), then the index pass over the same bytes.
pub fn outer_tar(data: &[u8]) {
    if let Ok(source) = Seekable::new(Cursor::new(data)) {
        let mut tar = TarReader::new(source, TarLimits::default());
        while let Ok(Some(_)) = tar.next_entry() {}
        let _ = tar.take_issues();
        let _ = tar.finish();
    }
    let _ = engine::index(&mut Cursor::new(data), &options("outer.tar"), &mut NullSink);
}

pub fn inspect(data: &[u8]) {
    if let Ok(report) = engine::inspect(Cursor::new(data), &options("image.tar"), &mut NullSink) {
        check_report(&report);
    }
}

pub fn inspect_stream(data: &[u8]) {
    if let Ok(report) = engine::inspect_stream(data, &options("image.tar"), &mut NullSink) {
        let json = serde_json::to_string(&report);
        assert!(json.is_ok(), "report does not serialise: {json:?}");
    }
}

/// Two inputs inspected and compared; the comparison serialised and shared.
pub fn diff(data: &[u8]) {
    let (a, b) = super::pair::split_pair(data);
    let inspect =
        |bytes: &[u8], name| engine::inspect(Cursor::new(bytes), &options(name), &mut NullSink);
    let (Ok(ra), Ok(rb)) = (inspect(a, "a.tar"), inspect(b, "b.tar")) else {
        return;
    };
    if let Ok(d) = compare(&ra, &rb, &CompareOptions::default()) {
        let json = serde_json::to_string(&d);
        assert!(json.is_ok(), "comparison does not serialise: {json:?}");
        let (link, _) = ocilens::engine::share::diff_link::encode(&d);
        if let Err(e) = ocilens::engine::share::diff_link::decode(&link) {
            panic!("the comparison's own link does not decode: {e:?}");
        }
    }
}
