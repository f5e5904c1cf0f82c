//! Tar reader tests: every issue as a finding, in both contexts (codes and the exact
//! messages the reports have always carried).

use super::*;
use crate::engine::finding::Code;

fn both(issue: TarIssue) -> [(Code, String); 2] {
    [Context::Outer, Context::Layer].map(|ctx| {
        let d = issue.describe(ctx).unwrap();
        (d.code, d.message)
    })
}

#[test]
fn every_issue_in_both_contexts() {
    let cases = [
        (
            TarIssue::BadChecksum { offset: 512 },
            [
                (
                    Code::ArchiveBadHeader,
                    "tar header at offset 512 has a wrong checksum; nothing after it can be read",
                ),
                (
                    Code::TarBadHeader,
                    "header checksum wrong at offset 512; the rest of the layer is unreadable",
                ),
            ],
        ),
        (
            TarIssue::BadNumber {
                offset: 0,
                field: "mtime",
            },
            [
                (
                    Code::ArchiveBadHeader,
                    "tar header at offset 0 has an invalid `mtime` field",
                ),
                (
                    Code::TarBadHeader,
                    "invalid number in field `mtime` of the header at offset 0",
                ),
            ],
        ),
        (
            TarIssue::BadPax { offset: 9 },
            [
                (Code::ArchiveBadHeader, "malformed PAX record at offset 9"),
                (Code::TarBadHeader, "malformed PAX record at offset 9"),
            ],
        ),
        (
            TarIssue::Truncated {
                offset: 1024,
                path: Some("a/b".into()),
                needed: 1024,
                got: 3,
            },
            [
                (
                    Code::ArchiveTruncated,
                    "the archive ends inside `a/b`: 3 of 1024 bytes (at offset 1024)",
                ),
                (
                    Code::TarTruncated,
                    "tar ends inside `a/b` at offset 1024: 3 of 1024 bytes",
                ),
            ],
        ),
        (
            TarIssue::Truncated {
                offset: 7,
                path: None,
                needed: 512,
                got: 5,
            },
            [
                (
                    Code::ArchiveTruncated,
                    "the archive ends inside a header at offset 7",
                ),
                (
                    Code::TarTruncated,
                    "tar ends inside a header at offset 7: 5 of 512 bytes",
                ),
            ],
        ),
        (
            TarIssue::NoEndMarker { offset: 2048 },
            [
                (
                    Code::ArchiveNoEndMarker,
                    "no end-of-archive marker after offset 2048",
                ),
                (
                    Code::TarNoEndMarker,
                    "no end-of-archive blocks after offset 2048",
                ),
            ],
        ),
        (
            TarIssue::ExtensionTooLarge {
                offset: 0,
                kind: 'x',
                size: 9,
                cap: 8,
            },
            [
                (
                    Code::LimitsTarExtension,
                    "`x` extension header of 9 bytes at offset 0 exceeds the 8-byte cap; skipped",
                ),
                (
                    Code::LimitsTarExtension,
                    "`x` extension header of 9 bytes at offset 0 exceeds the 8-byte cap; skipped",
                ),
            ],
        ),
        (
            TarIssue::PaxConflict {
                offset: 3,
                detail: "two 'L' headers before one entry".into(),
            },
            [
                (
                    Code::ArchiveBadHeader,
                    "conflicting extension headers at offset 3: two 'L' headers before one entry",
                ),
                (
                    Code::TarPaxConflict,
                    "at offset 3: two 'L' headers before one entry",
                ),
            ],
        ),
        (
            TarIssue::PathTooLong {
                offset: 0,
                len: 70,
                cap: 64,
            },
            [
                (
                    Code::LimitsPathLength,
                    "an entry name of 70 bytes at offset 0 exceeds the 64-byte cap",
                ),
                (
                    Code::LimitsPathLength,
                    "a path of 70 bytes at offset 0 exceeds the 64-byte cap; truncated",
                ),
            ],
        ),
    ];
    for (issue, want) in cases {
        let want = want.map(|(c, m)| (c, m.to_string()));
        assert_eq!(both(issue.clone()), want, "{issue:?}");
    }
    let cut = TarIssue::Truncated {
        offset: 0,
        path: Some("p".into()),
        needed: 9,
        got: 1,
    };
    let [outer, layer] = [Context::Outer, Context::Layer].map(|c| cut.describe(c).unwrap());
    assert_eq!(
        (outer.path.as_deref(), outer.needed_got),
        (Some("p"), Some((9, 1)))
    );
    assert_eq!((layer.path.as_deref(), layer.needed_got), (Some("p"), None));
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
