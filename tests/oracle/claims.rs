//! The four reasons ocilens keeps its own reader (docs/tar.md), shown on the `tar` crate
//! itself (0.4.46): each test builds a small archive on which the crate falls short and
//! ocilens does not.

use super::{ours, theirs, Rope};
use ocilens::engine::tar::{End, TarIssue};
use std::io::Read;
use tar::{Archive, Builder, EntryType, Header};

/// An extension header (`L`, `K` or `x`) with `payload`, as the crate's builder writes one.
fn extension(b: &mut Builder<Vec<u8>>, t: EntryType, payload: &[u8]) {
    let mut h = Header::new_gnu();
    h.as_gnu_mut().unwrap().name[..13].copy_from_slice(b"././@LongLink");
    h.set_entry_type(t);
    h.set_size(payload.len() as u64);
    h.set_cksum();
    b.append(&h, payload).unwrap();
}

fn file(b: &mut Builder<Vec<u8>>, name: &str, header_size: u64, body: &[u8]) {
    let mut h = Header::new_gnu();
    h.set_size(header_size);
    h.set_entry_type(EntryType::Regular);
    b.append_data(&mut h, name, body).unwrap();
}

/// A walk with the crate's default iterator: the paths, or its error.
fn crate_paths(bytes: &[u8]) -> Result<Vec<String>, String> {
    let mut ar = Archive::new(bytes);
    let mut out = Vec::new();
    for e in ar.entries().map_err(|e| e.to_string())? {
        let e = e.map_err(|e| e.to_string())?;
        out.push(String::from_utf8_lossy(&e.path_bytes()).into_owned());
    }
    Ok(out)
}

/// 1. Extension payloads are read whole, with no cap to set: a 3 MiB `L` name is read into
///    memory (`EntryFields::read_all`), where ocilens skips it past its 1 MiB cap.
#[test]
fn crate_reads_extension_payloads_uncapped() {
    let mut b = Builder::new(Vec::new());
    let mut name = vec![b'n'; 3 << 20];
    name.push(0);
    extension(&mut b, EntryType::GNULongName, &name);
    file(&mut b, "short", 1, b"x");
    let bytes = b.into_inner().unwrap();
    assert_eq!(crate_paths(&bytes).unwrap()[0].len(), 3 << 20);
    let (mine, issues, _) = ours(Rope::from(bytes));
    assert_eq!(mine[0].path, "short");
    assert!(matches!(
        issues[..],
        [TarIssue::ExtensionTooLarge {
            size: 3145729,
            cap: 1048576,
            ..
        }]
    ));
}

/// 2. Raw mode (`Entries::raw(true)`, the crate's way to take extensions into one's own
///    hands, with caps) never applies a PAX `size`: the cursor follows the header's 0 and
///    lands inside the body, where the next "header" fails its checksum.
#[test]
fn crate_raw_mode_ignores_pax_size() {
    let mut b = Builder::new(Vec::new());
    extension(&mut b, EntryType::XHeader, &super::record("size", b"1000"));
    file(&mut b, "big", 0, &[0xab; 1000]);
    let bytes = b.into_inner().unwrap();
    let mut ar = Archive::new(&bytes[..]);
    let raw: Vec<_> = ar.entries().unwrap().raw(true).collect();
    assert!(
        raw.iter().any(Result::is_err),
        "raw mode read the body as headers"
    );
    let (mine, issues, end) = ours(Rope::from(bytes.clone()));
    assert_eq!((mine[0].size, end), (1000, End::Marker { trailing: false }));
    // (a header size of 0 is expected only when the size needs more than 11 octal digits)
    assert!(matches!(
        issues[..],
        [TarIssue::PaxConflict { offset: 1024, .. }]
    ));
    // the default iterator does apply it
    assert_eq!(theirs(Rope::from(bytes)).unwrap()[0].size, 1000);
}

/// 3. Two `L` headers before one entry: the crate fails the whole archive ("two long name
///    entries describing the same member"); Go's `archive/tar` and ocilens keep the later
///    name and go on (ocilens records the conflict).
#[test]
fn crate_fails_on_duplicate_extensions() {
    let mut b = Builder::new(Vec::new());
    extension(&mut b, EntryType::GNULongName, b"first\0");
    extension(&mut b, EntryType::GNULongName, b"second\0");
    file(&mut b, "short", 1, b"x");
    file(&mut b, "next", 1, b"y");
    let bytes = b.into_inner().unwrap();
    let err = crate_paths(&bytes).unwrap_err();
    assert!(err.contains("two long name entries"), "{err}");
    let (mine, issues, _) = ours(Rope::from(bytes));
    let paths: Vec<&str> = mine.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["second", "next"]);
    assert!(matches!(
        issues[..],
        [TarIssue::PaxConflict { offset: 1024, .. }]
    ));
}

/// 4. Over a seekable input, a body cut short is invisible: the crate seeks past the end
///    of the file, finds no next header and ends as if the archive were complete.
#[test]
fn crate_cannot_see_truncation_when_seeking() {
    let mut b = Builder::new(Vec::new());
    file(&mut b, "a", 1, b"1");
    file(&mut b, "cut", 100_000, &[7; 100_000]);
    let mut bytes = b.into_inner().unwrap();
    bytes.truncate(1024 + 512 + 4000);
    let listed = theirs(Rope::from(bytes.clone())).unwrap();
    assert_eq!(listed.len(), 2, "no error, both entries, as if whole");
    let (_, issues, end) = ours(Rope::from(bytes.clone()));
    assert_eq!(end, End::Truncated);
    assert!(matches!(
        issues[..],
        [TarIssue::Truncated {
            needed: 100_352,
            got: 4000,
            ..
        }]
    ));
    // reading the body does show it, as a plain short read
    let mut ar = Archive::new(&bytes[..]);
    let mut cut = ar.entries().unwrap().nth(1).unwrap().unwrap();
    let mut body = Vec::new();
    assert!(cut.read_to_end(&mut body).is_ok() && body.len() == 4000);
}
