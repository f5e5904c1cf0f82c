//! What a [`TarIssue`] means as a finding, said in one place: the code for the tar it was
//! found in ([`Context`]: `archive.*` for the image archive, `tar.*` for a layer), the
//! message, and the entry it is about.

use super::TarIssue;
use crate::engine::finding::Code;

/// The tar an issue was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// The image archive itself (the input file).
    Outer,
    /// A layer's tar stream.
    Layer,
}

/// The kinds of issue that become findings; [`IssueKind::code`] is the per-context table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueKind {
    /// A header that cannot be read as written: checksum, number, PAX record.
    BadHeader,
    /// Duplicate extension headers, or header and PAX sizes that disagree.
    PaxConflict,
    /// The input ended inside a header, a body or a payload.
    Truncated,
    /// The input ended without an end-of-archive block.
    NoEndMarker,
    /// An extension payload over [`super::TarLimits::extension_max`].
    ExtensionTooLarge,
    /// A path over [`super::TarLimits::path_max`].
    PathTooLong,
}

impl IssueKind {
    /// The finding code of this kind of issue in `ctx`.
    pub fn code(self, ctx: Context) -> Code {
        match (self, ctx) {
            (IssueKind::BadHeader | IssueKind::PaxConflict, Context::Outer) => {
                Code::ArchiveBadHeader
            }
            (IssueKind::BadHeader, Context::Layer) => Code::TarBadHeader,
            (IssueKind::PaxConflict, Context::Layer) => Code::TarPaxConflict,
            (IssueKind::Truncated, Context::Outer) => Code::ArchiveTruncated,
            (IssueKind::Truncated, Context::Layer) => Code::TarTruncated,
            (IssueKind::NoEndMarker, Context::Outer) => Code::ArchiveNoEndMarker,
            (IssueKind::NoEndMarker, Context::Layer) => Code::TarNoEndMarker,
            (IssueKind::ExtensionTooLarge, _) => Code::LimitsTarExtension,
            (IssueKind::PathTooLong, _) => Code::LimitsPathLength,
        }
    }
}

/// A finding's content for one issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    /// The finding code.
    pub code: Code,
    /// The message.
    pub message: String,
    /// The entry whose body was cut (`Truncated` only).
    pub path: Option<String>,
    /// Bytes needed and present, for the finding's expected and found values (`Truncated`
    /// in the outer archive only).
    pub needed_got: Option<(u64, u64)>,
    /// The finding's `found` value: [`NEGATIVE_ID`] for a negative owner.
    pub found: Option<&'static str>,
}

/// The `found` of a `tar.bad-header` finding for a negative base-256 `uid`
/// or `gid`: Go's `archive/tar` reads any base-256 number that fits an
/// int64, negative ones too, and the Go extractors pass the id on
/// (`lchown` with -1 changes nothing), so only a negative `size` stops them.
pub const NEGATIVE_ID: &str = "a negative base-256 uid or gid";

impl TarIssue {
    /// What kind of finding this issue is; None for those recorded only (unknown type,
    /// global header, ignored size: the layer walk judges the entry itself).
    pub fn kind(&self) -> Option<IssueKind> {
        Some(match self {
            TarIssue::BadChecksum { .. } | TarIssue::BadNumber { .. } | TarIssue::BadPax { .. } => {
                IssueKind::BadHeader
            }
            TarIssue::PaxConflict { .. } => IssueKind::PaxConflict,
            TarIssue::Truncated { .. } => IssueKind::Truncated,
            TarIssue::NoEndMarker { .. } => IssueKind::NoEndMarker,
            TarIssue::ExtensionTooLarge { .. } => IssueKind::ExtensionTooLarge,
            TarIssue::PathTooLong { .. } => IssueKind::PathTooLong,
            TarIssue::UnknownType { .. }
            | TarIssue::GlobalHeader { .. }
            | TarIssue::IgnoredSize { .. } => return None,
        })
    }

    /// The finding this issue becomes in `ctx`, if any (see [`TarIssue::kind`]).
    pub fn describe(&self, ctx: Context) -> Option<Described> {
        let code = self.kind()?.code(ctx);
        let (path, needed_got) = match self {
            TarIssue::Truncated {
                path, needed, got, ..
            } => (
                path.clone(),
                (ctx == Context::Outer).then_some((*needed, *got)),
            ),
            _ => (None, None),
        };
        let found = match self {
            TarIssue::BadNumber { negative: true, .. } => Some(NEGATIVE_ID),
            _ => None,
        };
        Some(Described {
            code,
            message: self.message(ctx),
            path,
            needed_got,
            found,
        })
    }

    /// The message, in the words each context has always used.
    fn message(&self, ctx: Context) -> String {
        let outer = ctx == Context::Outer;
        match self {
            TarIssue::BadChecksum { offset } if outer => format!(
                "tar header at offset {offset} has a wrong checksum; nothing after it can be read"
            ),
            TarIssue::BadChecksum { offset } => format!(
                "header checksum wrong at offset {offset}; the rest of the layer is unreadable"
            ),
            TarIssue::BadNumber { offset, field, .. } if outer => {
                format!("tar header at offset {offset} has an invalid `{field}` field")
            }
            TarIssue::BadNumber { offset, field, .. } => {
                format!("invalid number in field `{field}` of the header at offset {offset}")
            }
            TarIssue::BadPax { offset } => format!("malformed PAX record at offset {offset}"),
            TarIssue::Truncated {
                offset,
                path,
                needed,
                got,
            } => match (ctx, path) {
                (Context::Outer, Some(p)) => format!(
                    "the archive ends inside `{p}`: {got} of {needed} bytes (at offset {offset})"
                ),
                (Context::Outer, None) => {
                    format!("the archive ends inside a header at offset {offset}")
                }
                (Context::Layer, p) => format!(
                    "tar ends inside {} at offset {offset}: {got} of {needed} bytes",
                    p.as_deref().map_or("a header".to_string(), |p| format!("`{p}`"))
                ),
            },
            TarIssue::NoEndMarker { offset } if outer => {
                format!("no end-of-archive marker after offset {offset}")
            }
            TarIssue::NoEndMarker { offset } => {
                format!("no end-of-archive blocks after offset {offset}")
            }
            TarIssue::ExtensionTooLarge {
                offset,
                kind,
                size,
                cap,
            } => format!(
                "`{kind}` extension header of {size} bytes at offset {offset} exceeds the {cap}-byte cap; skipped"
            ),
            TarIssue::PaxConflict { offset, detail } if outer => {
                format!("conflicting extension headers at offset {offset}: {detail}")
            }
            TarIssue::PaxConflict { offset, detail } => format!("at offset {offset}: {detail}"),
            TarIssue::PathTooLong { offset, len, cap } if outer => format!(
                "an entry name of {len} bytes at offset {offset} exceeds the {cap}-byte cap"
            ),
            TarIssue::PathTooLong { offset, len, cap } => format!(
                "a path of {len} bytes at offset {offset} exceeds the {cap}-byte cap; truncated"
            ),
            TarIssue::UnknownType { .. }
            | TarIssue::GlobalHeader { .. }
            | TarIssue::IgnoredSize { .. } => String::new(),
        }
    }
}
