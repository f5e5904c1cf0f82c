//! Tar reader tests: every issue as a finding, in both contexts (codes and the exact
//! messages the reports have always carried).

use super::*;
use crate::engine::finding::Code;

/// `issue` reads as `outer` in the image archive and as `layer` in a layer.
fn check(issue: TarIssue, outer: (Code, &str), layer: (Code, &str)) {
    for (ctx, (code, message)) in [(Context::Outer, outer), (Context::Layer, layer)] {
        let d = issue.describe(ctx).unwrap();
        assert_eq!(
            (d.code, d.message.as_str()),
            (code, message),
            "{issue:?} {ctx:?}"
        );
    }
}

#[test]
fn header_issues() {
    check(
        TarIssue::BadChecksum { offset: 512 },
        (
            Code::ArchiveBadHeader,
            "tar header at offset 512 has a wrong checksum; nothing after it can be read",
        ),
        (
            Code::TarBadHeader,
            "header checksum wrong at offset 512; the rest of the layer is unreadable",
        ),
    );
    check(
        TarIssue::BadNumber {
            offset: 0,
            field: "mtime",
            negative: false,
        },
        (
            Code::ArchiveBadHeader,
            "tar header at offset 0 has an invalid `mtime` field",
        ),
        (
            Code::TarBadHeader,
            "invalid number in field `mtime` of the header at offset 0",
        ),
    );
    check(
        TarIssue::BadPax { offset: 9 },
        (Code::ArchiveBadHeader, "malformed PAX record at offset 9"),
        (Code::TarBadHeader, "malformed PAX record at offset 9"),
    );
    check(
        TarIssue::PaxConflict {
            offset: 3,
            detail: "two 'L' headers before one entry".into(),
        },
        (
            Code::ArchiveBadHeader,
            "conflicting extension headers at offset 3: two 'L' headers before one entry",
        ),
        (
            Code::TarPaxConflict,
            "at offset 3: two 'L' headers before one entry",
        ),
    );
}

#[test]
fn truncation() {
    let cut = TarIssue::Truncated {
        offset: 1024,
        path: Some("a/b".into()),
        needed: 1024,
        got: 3,
    };
    check(
        cut.clone(),
        (
            Code::ArchiveTruncated,
            "the archive ends inside `a/b`: 3 of 1024 bytes (at offset 1024)",
        ),
        (
            Code::TarTruncated,
            "tar ends inside `a/b` at offset 1024: 3 of 1024 bytes",
        ),
    );
    let [outer, layer] = [Context::Outer, Context::Layer].map(|c| cut.describe(c).unwrap());
    assert_eq!(
        (outer.path.as_deref(), outer.needed_got),
        (Some("a/b"), Some((1024, 3)))
    );
    assert_eq!(
        (layer.path.as_deref(), layer.needed_got),
        (Some("a/b"), None)
    );
    check(
        TarIssue::Truncated {
            offset: 7,
            path: None,
            needed: 512,
            got: 5,
        },
        (
            Code::ArchiveTruncated,
            "the archive ends inside a header at offset 7",
        ),
        (
            Code::TarTruncated,
            "tar ends inside a header at offset 7: 5 of 512 bytes",
        ),
    );
}

#[test]
fn end_marker_and_caps() {
    check(
        TarIssue::NoEndMarker { offset: 2048 },
        (
            Code::ArchiveNoEndMarker,
            "no end-of-archive marker after offset 2048",
        ),
        (
            Code::TarNoEndMarker,
            "no end-of-archive blocks after offset 2048",
        ),
    );
    let big = "`x` extension header of 9 bytes at offset 0 exceeds the 8-byte cap; skipped";
    check(
        TarIssue::ExtensionTooLarge {
            offset: 0,
            kind: 'x',
            size: 9,
            cap: 8,
        },
        (Code::LimitsTarExtension, big),
        (Code::LimitsTarExtension, big),
    );
    check(
        TarIssue::PathTooLong {
            offset: 0,
            len: 70,
            cap: 64,
        },
        (
            Code::LimitsPathLength,
            "an entry name of 70 bytes at offset 0 exceeds the 64-byte cap",
        ),
        (
            Code::LimitsPathLength,
            "a path of 70 bytes at offset 0 exceeds the 64-byte cap; truncated",
        ),
    );
}

#[test]
fn recorded_only() {
    for quiet in [
        TarIssue::UnknownType {
            offset: 0,
            flag: b'Z',
        },
        TarIssue::GlobalHeader { offset: 0 },
        TarIssue::IgnoredSize {
            offset: 0,
            flag: b'2',
            size: 1,
        },
    ] {
        assert_eq!(quiet.describe(Context::Outer), None);
        assert_eq!(quiet.describe(Context::Layer), None);
    }
}
