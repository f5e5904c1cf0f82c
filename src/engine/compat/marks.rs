//! The [`Mark`]s of one finding: what its `found` value or its place says
//! beyond its code, when that changes what a tool does (see each mark).

use super::rules::Mark;
use crate::engine::finding::{Code, Finding};
use crate::engine::model::json::{FOUND_REPLACED, FOUND_TRAILING};
use crate::engine::report::{RefSource, ReferenceRecord, Report};
use crate::engine::tar::describe::NEGATIVE_ID;
use crate::engine::tree::checks::{SPARSE_OLD_GNU, SPARSE_PAX_0_INCOMPLETE};
use crate::engine::verify::embedded::FOUND_NOT_BASE64;

/// The marks of `f`, a finding of `report`.
pub(super) fn of(f: &Finding, report: &Report) -> Vec<Mark> {
    let found = f.found.as_deref().unwrap_or_default();
    let mut out = Vec::new();
    let mut mark = |m: Mark, yes: bool| {
        if yes {
            out.push(m);
        }
    };
    mark(
        Mark::Utf8Replaced,
        f.code == Code::JsonNotUtf8 && found == FOUND_REPLACED,
    );
    mark(
        Mark::TrailingValue,
        f.code == Code::JsonInvalid && found == FOUND_TRAILING,
    );
    mark(Mark::InConfig, in_config(f, report));
    mark(
        Mark::NotBase64,
        f.code == Code::BlobDigestEmbeddedData && found == FOUND_NOT_BASE64,
    );
    mark(
        Mark::WhiteoutOfRoot,
        f.code == Code::WhiteoutInvalidName && deletes_root(f.r#where.path.as_deref()),
    );
    mark(
        Mark::SparseGoRefuses,
        f.code == Code::TarSparse && [SPARSE_OLD_GNU, SPARSE_PAX_0_INCOMPLETE].contains(&found),
    );
    mark(
        Mark::NegativeId,
        f.code == Code::TarBadHeader && found == NEGATIVE_ID,
    );
    if let Some(r) = ref_name(f, report) {
        mark(Mark::FromRefName, true);
        mark(Mark::BareRefName, !r.as_written.contains(['/', ':', '@']));
        mark(Mark::NotOciRefName, !oci_ref_name(&r.as_written));
    }
    out
}

/// Whether the whiteout at `path` names the root: `.wh.` or `.wh..` with
/// no directory above it, `.wh...` with one (umoci 0.4.7 removes it, then
/// cannot restore the metadata of the directory the whiteout is in).
fn deletes_root(path: Option<&str>) -> bool {
    let Some(path) = path else { return false };
    let (dir, base) = path.rsplit_once('/').unwrap_or(("", path));
    let depth = dir
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .count();
    match base.strip_prefix(".wh.") {
        Some("" | ".") => depth == 0,
        Some("..") => depth <= 1,
        _ => false,
    }
}

/// Whether `f` is about the config blob of one of the report's images.
fn in_config(f: &Finding, report: &Report) -> bool {
    f.r#where.blob.as_deref().is_some_and(|b| {
        report
            .images
            .iter()
            .any(|i| i.config.digest.as_deref() == Some(b))
    })
}

/// The `ref.name` a `reference.invalid` finding is about, if it is one.
fn ref_name<'a>(f: &Finding, report: &'a Report) -> Option<&'a ReferenceRecord> {
    if f.code != Code::ReferenceInvalid {
        return None;
    }
    let name = f.r#where.path.as_deref()?;
    report
        .references
        .iter()
        .find(|r| r.source == RefSource::RefName && r.as_written == name)
}

/// image-spec's grammar of `org.opencontainers.image.ref.name`, which
/// umoci 0.4.7 checks (`refRegexp` of its `utils.go`):
///
/// ```text
/// ref       ::= component ("/" component)*
/// component ::= alphanum (separator alphanum)*
/// alphanum  ::= [A-Za-z0-9]+
/// separator ::= [-._:@+] | "--"
/// ```
pub(super) fn oci_ref_name(name: &str) -> bool {
    !name.is_empty() && name.split('/').all(component)
}

fn component(c: &str) -> bool {
    let b = c.as_bytes();
    let alnum = |x: &u8| x.is_ascii_alphanumeric();
    let mut i = 0;
    loop {
        let start = i;
        while b.get(i).is_some_and(alnum) {
            i += 1;
        }
        if i == start {
            return false; // empty component, or a separator not between alphanumerics
        }
        match (b.get(i), b.get(i + 1)) {
            (None, _) => return true,
            (Some(b'-'), Some(b'-')) => i += 2,
            (Some(b'-' | b'.' | b'_' | b':' | b'@' | b'+'), _) => i += 1,
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::oci_ref_name;

    #[test]
    fn the_grammar_of_ref_name() {
        for ok in [
            "v1",
            "1.0",
            "example.com/app:1.0",
            "a--b",
            "A+b@c",
            "stable-2",
        ] {
            assert!(oci_ref_name(ok), "{ok}");
        }
        for bad in [
            "",
            "-v1",
            "v1-",
            "a//b",
            "a---b",
            "<script>x</script>",
            "a b",
            "invoice\u{202e}x",
        ] {
            assert!(!oci_ref_name(bad), "{bad}");
        }
    }
}
