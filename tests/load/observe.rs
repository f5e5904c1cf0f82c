//! What a recorded tool run means as a verdict, in the terms:
//! `fails` when the tool refused the file (non-zero exit, or a timeout);
//! `warns` when it loaded the file but lost something (the name or tag, the
//! other platforms); `ok` otherwise.
//!
//! - docker, podman: `warns` when the image came in without any name, or
//!   when a tag the archive gives (where that tool reads names: docker
//!   `manifest.json`, podman `index.json` in a layout) is on none of the
//!   images it made;
//! - ctr: `warns` when nothing visible came in (`ctr images ls` empty: an
//!   archive without names), or under a name ctr made up
//!   (`import-YYYY-MM-DD:TAG` for a bare tag), or, without `--all-platforms`,
//!   with fewer blobs than the `--all-platforms` run (platforms left out);
//! - a ctr import that failed in some of its repeated runs only (it races
//!   with itself) is `fails`: it cannot be relied on;
//! - skopeo (to `dir:`), umoci: the exit status alone (nothing is named);
//!   umoci is `fails` when any of the layout's refs fails to unpack (or the
//!   layout does not even extract with `tar -xf`).

use super::record::{Input, Run};
use ocilens::engine::report::{Action, RefSource, ReferenceRecord, ToolName, Verdict};

/// One tool and command of the recordings, as the rule table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The tool.
    pub tool: ToolName,
    /// The action.
    pub action: Action,
    /// The variant (`--all-platforms`), as in `engine::compat::rules::COLUMNS`.
    pub variant: Option<&'static str>,
    /// The command as recorded (`F` is the input).
    pub label: &'static str,
}

/// The columns that the recordings cover, in report order.
pub const COLUMNS: &[Column] = &[
    Column {
        tool: ToolName::Docker,
        action: Action::Load,
        variant: None,
        label: "docker load -i F",
    },
    Column {
        tool: ToolName::Containerd,
        action: Action::Import,
        variant: None,
        label: "ctr images import F",
    },
    Column {
        tool: ToolName::Containerd,
        action: Action::Import,
        variant: Some("--all-platforms"),
        label: "ctr images import --all-platforms F",
    },
    Column {
        tool: ToolName::Podman,
        action: Action::Load,
        variant: None,
        label: "podman load -i F",
    },
    Column {
        tool: ToolName::Skopeo,
        action: Action::Copy,
        variant: None,
        label: "skopeo copy …:F dir:D",
    },
    Column {
        tool: ToolName::Umoci,
        action: Action::Unpack,
        variant: None,
        label: "umoci unpack --image L:REF B",
    },
];

/// What the tool did, as a verdict, and why in a few words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed {
    /// `ok`, `warns` or `fails`.
    pub verdict: Verdict,
    /// The evidence: the exit status and message, or what was lost.
    pub why: String,
}

fn observed(verdict: Verdict, why: impl Into<String>) -> Option<Observed> {
    Some(Observed {
        verdict,
        why: why.into(),
    })
}

/// The runs of `input` that belong to `col`.
pub fn runs<'a>(input: &'a Input, col: &Column) -> Vec<&'a Run> {
    input
        .runs
        .iter()
        .filter(|r| match col.tool {
            ToolName::Docker => r.tool == "docker",
            ToolName::Containerd => {
                r.tool == "containerd" && r.all_platforms == col.variant.is_some()
            }
            ToolName::Podman => r.tool == "podman",
            ToolName::Skopeo => r.tool == "skopeo",
            ToolName::Umoci => r.tool == "umoci",
            _ => false,
        })
        .collect()
}

/// The names `tool` reads: docker 20.10 reads `manifest.json` (`RepoTags`,
/// else the legacy `repositories`); podman reads `index.json`'s `ref.name`
/// in an OCI layout, else `RepoTags`.
fn read_by(tool: ToolName, refs: &[ReferenceRecord]) -> Vec<&ReferenceRecord> {
    let of = |s: RefSource| refs.iter().filter(move |r| r.source == s);
    let first = |a: RefSource, b: RefSource| {
        let v: Vec<&ReferenceRecord> = of(a).collect();
        if v.is_empty() {
            of(b).collect()
        } else {
            v
        }
    };
    match tool {
        ToolName::Docker => first(RefSource::RepoTags, RefSource::Repositories),
        ToolName::Podman => first(RefSource::RefName, RefSource::RepoTags),
        _ => refs.iter().collect(),
    }
}

/// The tags the archive gives its images, as `tool` reads them: the part
/// after the last `:` of each name's last path segment, or a bare
/// `ref.name` (`v1`) itself.
pub fn archive_tags(tool: ToolName, refs: &[ReferenceRecord]) -> Vec<String> {
    let mut tags: Vec<String> = read_by(tool, refs)
        .into_iter()
        .filter_map(|r| {
            let name = r.as_written.split('@').next().unwrap_or_default();
            let last = name.rsplit('/').next().unwrap_or_default();
            match last.rsplit_once(':') {
                Some((_, tag)) if !tag.is_empty() => Some(tag.to_string()),
                None if r.source == RefSource::RefName
                    && !name.contains('/')
                    && !name.is_empty() =>
                {
                    Some(name.to_string())
                }
                _ => None,
            }
        })
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

fn tag_of(name: &str) -> Option<&str> {
    let last = name.split('@').next()?.rsplit('/').next()?;
    last.rsplit_once(':').map(|(_, t)| t)
}

fn failed(r: &Run) -> Option<Observed> {
    let how = match &r.outcomes {
        _ if r.exit == 124 => "timed out".to_string(),
        Some(o) => format!("exit {} in some runs (exit status: runs {o})", r.exit),
        None => format!("exit {}", r.exit),
    };
    observed(Verdict::Fails, format!("{how}: {}", r.message))
}

/// docker and podman: a load that kept every name, or lost one.
fn named_load(r: &Run, tags: &[String]) -> Option<Observed> {
    if r.images.unwrap_or(0) > 0 && r.names.is_empty() {
        return observed(Verdict::Warns, "loaded without a name (<none>)");
    }
    let kept: Vec<&str> = r.names.iter().filter_map(|n| tag_of(n)).collect();
    if let Some(lost) = tags.iter().find(|t| !kept.contains(&t.as_str())) {
        return observed(
            Verdict::Warns,
            format!("the archive's tag {lost:?} is on no image: {:?}", r.names),
        );
    }
    observed(Verdict::Ok, format!("loaded {:?}", r.names))
}

/// ctr: `all` is the `--all-platforms` run of the same input, when `r` is not.
fn ctr_import(r: &Run, all: Option<&Run>) -> Option<Observed> {
    if r.images == Some(0) {
        return observed(
            Verdict::Warns,
            "exit 0, `ctr images ls` empty: nothing visible",
        );
    }
    if let Some(made_up) = r.names.iter().find(|n| n.starts_with("import-YYYY-MM-DD")) {
        return observed(Verdict::Warns, format!("named after the date: {made_up}"));
    }
    if let (Some(all), Some(got)) = (all.filter(|a| a.exit == 0), r.blobs) {
        if all.blobs.is_some_and(|b| got < b) {
            return observed(
                Verdict::Warns,
                format!(
                    "{got} blobs imported, {} with --all-platforms: the other platforms left out",
                    all.blobs.unwrap_or_default()
                ),
            );
        }
    }
    observed(Verdict::Ok, format!("imported {:?}", r.names))
}

/// The verdict the recorded runs of `col` show for `input`; `None` when the
/// tool was not run on it (umoci on a docker-archive).
pub fn verdict(input: &Input, col: &Column, refs: &[ReferenceRecord]) -> Option<Observed> {
    let tags = archive_tags(col.tool, refs);
    let tags = &tags[..];
    let rs = runs(input, col);
    if let Some(bad) = rs.iter().find(|r| r.exit != 0) {
        return failed(bad);
    }
    let r = rs.first()?;
    match col.tool {
        ToolName::Docker | ToolName::Podman => named_load(r, tags),
        ToolName::Containerd => {
            let all = input
                .runs
                .iter()
                .find(|a| a.tool == "containerd" && a.all_platforms && col.variant.is_none());
            ctr_import(r, all)
        }
        ToolName::Skopeo if r.images == Some(0) => observed(Verdict::Fails, "nothing copied"),
        _ => observed(Verdict::Ok, format!("exit 0 ({} run(s))", rs.len())),
    }
}
