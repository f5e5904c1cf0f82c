use super::*;
use crate::engine::finding::{Finding, Location, Severity};
use crate::engine::report::{Compression, Format, Input, Summary, Tool, SCHEMA};

/// A report of format `format` with one finding per code.
fn report(format: Format, codes: &[Code]) -> Report {
    let findings: Vec<Finding> = codes
        .iter()
        .map(|c| Finding::new(*c, Location::default(), "test"))
        .collect();
    Report {
        schema: SCHEMA.into(),
        tool: Tool {
            name: "ocilens".into(),
            version: "0".into(),
        },
        input: Input {
            name: "in.tar".into(),
            format,
            ..Input::default()
        },
        references: Vec::new(),
        index: None,
        images: Vec::new(),
        documents: Vec::new(),
        tree: None,
        summary: Summary::of(&findings),
        findings,
        compatibility: Vec::new(),
    }
}

fn at(r: &Report, tool: ToolName, action: Action, variant: Option<&str>, v: &str) -> Verdict {
    verdict(r, tool, action, variant, v)
        .unwrap_or_else(|| panic!("no column {tool} {action} {variant:?}"))
        .verdict
}

fn node(kind: IndexNodeKind, children: Vec<IndexNode>) -> IndexNode {
    IndexNode {
        kind,
        media_type: None,
        digest: None,
        size: None,
        platform: None,
        annotations: Default::default(),
        artifact_type: None,
        entry: None,
        check: Default::default(),
        image: None,
        children,
    }
}

/// Gives every finding of `rep` the mark `m` (`present`), or a form of the
/// same finding without it.
fn give_mark(rep: &mut Report, m: Mark, present: bool) {
    use crate::engine::report::{ConfigInfo, Image, RefSource, ReferenceRecord};
    let found: Option<&str> = match m {
        Mark::Utf8Replaced => Some(crate::engine::model::json::FOUND_REPLACED),
        Mark::TrailingValue => Some(crate::engine::model::json::FOUND_TRAILING),
        Mark::NotBase64 => Some(crate::engine::verify::embedded::FOUND_NOT_BASE64),
        Mark::SparseGoRefuses => Some(crate::engine::tree::checks::SPARSE_OLD_GNU),
        Mark::NegativeId => Some(crate::engine::tar::describe::NEGATIVE_ID),
        _ => None,
    };
    let name = if present {
        "bad name"
    } else {
        "example.com/app:Bad"
    };
    for f in &mut rep.findings {
        if let Some(v) = found {
            f.found = present.then(|| v.to_string());
        }
        match m {
            Mark::InConfig if present => f.r#where.blob = Some("sha256:c".into()),
            Mark::WhiteoutOfRoot => {
                f.r#where.path = Some(if present { ".wh.." } else { "etc/.wh.." }.into())
            }
            Mark::FromRefName | Mark::BareRefName | Mark::NotOciRefName => {
                f.r#where.path = Some(name.into())
            }
            _ => {}
        }
    }
    match m {
        Mark::InConfig => rep.images.push(Image {
            config: ConfigInfo {
                digest: Some("sha256:c".into()),
                ..Default::default()
            },
            ..Default::default()
        }),
        Mark::FromRefName | Mark::BareRefName | Mark::NotOciRefName => {
            let source = if present || m != Mark::FromRefName {
                RefSource::RefName
            } else {
                RefSource::RepoTags
            };
            rep.references.push(ReferenceRecord {
                as_written: name.into(),
                normalized: None,
                source,
                target: None,
                image: None,
            });
        }
        _ => {}
    }
}

/// A report that meets row `r`'s `also` conditions, with findings `codes`
/// (plus the codes `also` asks for); `meet: false` breaks every condition.
fn report_for(r: &Rule, codes: &[Code], meet: bool) -> Report {
    let mut all = codes.to_vec();
    let mut format = Format::Unknown;
    let mut outer = Compression::None;
    let mut opaque = false;
    let mut platforms = None;
    let mut repo_tags = false;
    let mut found: Option<&str> = None;
    let mut expected: Option<&str> = None;
    let mut docker_image = false;
    // (nested index, condition met), and (mark, present)
    let mut tree: Option<(bool, bool)> = None;
    let mut marks: Vec<(Mark, bool)> = Vec::new();
    let mut repeated: Option<bool> = None;
    for a in r.also {
        match (a, meet) {
            (Also::Outer(o), true) => outer = o[0],
            (Also::Format(f), true) => format = f[0],
            (Also::Code(c), true) => all.push(*c),
            (Also::Outer(_), false) => outer = Compression::None,
            (Also::Format(f), false) => {
                format = [Format::DockerArchive, Format::OciLayout, Format::RootfsTar]
                    .into_iter()
                    .find(|x| !f.contains(x))
                    .unwrap()
            }
            (Also::Code(_), false) => {}
            (Also::OpaqueHidden, true) => opaque = true,
            (Also::OpaqueHidden, false) => {}
            (Also::SeveralPlatforms, m) => platforms = Some(m),
            (Also::NoRepoTags, m) => repo_tags = !m,
            (Also::NotAnInteger, m) => found = Some(if m { "1000.0" } else { "-1" }),
            (Also::TypedPlain, m) => expected = Some(if m { "none" } else { "gzip" }),
            (Also::SeenByIndexReader, m) => docker_image = !m,
            (Also::NestedIndex, m) => tree = Some((true, m)),
            (Also::NoTopRefName, m) => tree = Some((false, m)),
            (Also::RefNameRepeated, m) => repeated = Some(m),
            (Also::Only(k), m) => marks.push((*k, m)),
            (Also::Except(k), m) => marks.push((*k, !m)),
        }
    }
    let mut rep = report(format, &all);
    for f in &mut rep.findings {
        f.found = found.map(str::to_string);
        f.expected = expected.map(str::to_string);
        if docker_image {
            f.r#where.image = Some(0);
        }
    }
    if docker_image {
        rep.input.format = Format::OciLayoutDockerManifest;
        rep.images.push(crate::engine::report::Image {
            source: crate::engine::report::ImageSource::DockerManifest,
            ..Default::default()
        });
    }
    if repo_tags {
        rep.references.push(crate::engine::report::ReferenceRecord {
            as_written: "example.com/app:1".into(),
            normalized: None,
            source: crate::engine::report::RefSource::RepoTags,
            target: None,
            image: None,
        });
    }
    if let Some(several) = platforms {
        let node = |kind, children| crate::engine::report::IndexNode {
            kind,
            media_type: None,
            digest: None,
            size: None,
            platform: None,
            annotations: Default::default(),
            artifact_type: None,
            entry: None,
            check: Default::default(),
            image: None,
            children,
        };
        let n = if several { 2 } else { 1 };
        let manifests = (0..n)
            .map(|_| node(IndexNodeKind::Manifest, Vec::new()))
            .collect();
        rep.index = Some(node(
            IndexNodeKind::Index,
            vec![node(IndexNodeKind::Index, manifests)],
        ));
    }
    rep.input.outer_compression = outer;
    for (mark, present) in marks {
        give_mark(&mut rep, mark, present);
    }
    if let Some(m) = repeated {
        let named = |name: &str| {
            let mut n = node(IndexNodeKind::Manifest, Vec::new());
            n.annotations
                .insert("org.opencontainers.image.ref.name".into(), name.into());
            n
        };
        let second = if m { "v1" } else { "v2" };
        rep.index = Some(node(IndexNodeKind::Index, vec![named("v1"), named(second)]));
    }
    if let Some((nested, m)) = tree {
        let mut top = node(
            IndexNodeKind::Index,
            vec![node(IndexNodeKind::Manifest, Vec::new())],
        );
        if nested && m {
            top = node(IndexNodeKind::Index, vec![top]);
        }
        if !nested && !m {
            top.annotations
                .insert("org.opencontainers.image.ref.name".into(), "v1".into());
        }
        rep.index = Some(node(IndexNodeKind::Index, vec![top]));
    }
    if opaque {
        let mut e = crate::engine::report::Efficiency::default();
        e.by_kind.opaque_hidden = 1;
        rep.images.push(crate::engine::report::Image {
            efficiency: Some(e),
            ..Default::default()
        });
    }
    rep
}

#[test]
fn every_row_triggers_on_its_codes_and_not_without_them() {
    for rule in rules::all() {
        let col = COLUMNS
            .iter()
            .find(|c| c.tool == rule.tool && c.action == rule.action && c.variant == rule.variant)
            .unwrap_or_else(|| panic!("row without a column: {rule:?}"));
        // a version inside the row's range
        let inside = match (rule.from, rule.below) {
            (Some(f), _) => f.to_string(),
            (None, Some(_)) => "0.0.1".to_string(),
            (None, None) => "99".to_string(),
        };
        let at = |r: &Report, v: &str| verdict(r, col.tool, col.action, col.variant, v).unwrap();
        for code in rule.codes {
            let got = at(&report_for(rule, &[*code], true), &inside);
            assert!(got.verdict >= rule.verdict, "{rule:?} at {inside}: {got:?}");
            assert!(got.because.contains(code), "{got:?}");
            assert!(got.message.is_some());
            // a mark of another code cannot be broken on this one (its finding has none)
            let breakable = rule.also.iter().any(|a| match a {
                Also::Only(m) | Also::Except(m) => m.code().is_none_or(|c| c == *code),
                _ => true,
            });
            if breakable {
                let unmet = at(&report_for(rule, &[*code], false), &inside);
                assert_ne!(
                    unmet.message.as_deref(),
                    Some(rule.message),
                    "{rule:?}: also unmet"
                );
            }
        }
        let got = at(&report_for(rule, &[Code::RuntimeUserRoot], true), &inside);
        assert!(
            got.because.iter().all(|c| !rule.codes.contains(c)),
            "{rule:?} without its codes: {got:?}"
        );
        if let Some(below) = rule.below {
            // at `below` the row no longer applies
            let got = at(&report_for(rule, rule.codes, true), below);
            assert_ne!(
                got.message.as_deref(),
                Some(rule.message),
                "{rule:?} at {below}"
            );
        }
    }
}

#[test]
fn the_issues_version_ranges_are_told_apart() {
    let zstd = report(Format::OciLayoutDockerManifest, &[Code::CompatibilityZstd]);
    assert_eq!(
        at(&zstd, ToolName::Docker, Action::Load, None, "20.10.24"),
        Verdict::Fails
    );
    assert_eq!(
        at(&zstd, ToolName::Docker, Action::Load, None, "23.0.1"),
        Verdict::Ok
    );
    assert_eq!(
        at(&zstd, ToolName::Docker, Action::Load, None, "27.3"),
        Verdict::Ok
    );
    assert_eq!(
        at(&zstd, ToolName::Umoci, Action::Unpack, None, "0.4.7"),
        Verdict::Fails
    );
    assert_eq!(
        at(&zstd, ToolName::Umoci, Action::Unpack, None, "0.5.0"),
        Verdict::Ok
    );
    let docker_loads: Vec<String> = evaluate(&zstd)
        .iter()
        .filter(|c| c.tool == ToolName::Docker && c.action == Action::Load)
        .map(|c| c.versions.to_string())
        .collect();
    assert_eq!(
        docker_loads,
        ["< 23.0", "23.0 to < 25.0", "25.0 to < 29.0", "≥ 29.0"]
    );
    let ctr: Vec<Option<String>> = evaluate(&zstd)
        .iter()
        .filter(|c| c.tool == ToolName::Containerd)
        .map(|c| c.variant.clone())
        .collect();
    assert!(ctr.contains(&None) && ctr.contains(&Some("--all-platforms".into())));
}

#[test]
fn missing_platforms_fail_all_platforms_and_k3s_and_are_skipped_by_the_rest() {
    let r = report(Format::OciLayout, &[Code::BlobMissingPlatformNotSaved]);
    let all = Some("--all-platforms");
    assert_eq!(
        at(&r, ToolName::Containerd, Action::Import, all, "1.6.20"),
        Verdict::Fails
    );
    assert_eq!(
        at(&r, ToolName::Containerd, Action::Import, None, "1.6.20"),
        Verdict::Warns
    );
    assert_eq!(
        at(&r, ToolName::K3s, Action::Import, None, "1.28.8"),
        Verdict::Fails
    );
    assert_eq!(
        at(&r, ToolName::K3s, Action::Import, None, "1.31.0"),
        Verdict::Ok
    );
    assert_eq!(
        at(&r, ToolName::Podman, Action::Load, None, "4.3.1"),
        Verdict::Ok
    );
    let fix = verdict(&r, ToolName::K3s, Action::Import, None, "1.28")
        .and_then(|c| c.fix)
        .unwrap();
    assert!(
        fix.starts_with("skopeo copy oci-archive:in.tar oci-archive:in-one-platform.tar"),
        "{fix}"
    );
}

#[test]
fn an_archive_without_names_warns_where_it_loads_and_fails_umoci() {
    let r = report(
        Format::DockerArchive,
        &[Code::ReferenceNone, Code::CompatibilityNoOciLayout],
    );
    let docker = verdict(&r, ToolName::Docker, Action::Load, None, "20.10").unwrap();
    assert_eq!(docker.verdict, Verdict::Warns);
    assert!(docker.message.unwrap().contains("<none>"));
    assert_eq!(
        at(&r, ToolName::Containerd, Action::Import, None, "1.6"),
        Verdict::Warns
    );
    assert_eq!(
        at(&r, ToolName::Umoci, Action::Unpack, None, "0.4.7"),
        Verdict::Fails
    );
    let ctr = verdict(&r, ToolName::Containerd, Action::Import, None, "2.0").unwrap();
    assert_eq!(
        ctr.fix.as_deref(),
        Some("ctr images import --digests in.tar")
    );
}

#[test]
fn apply_fills_fixes_and_verdicts_and_is_idempotent() {
    let mut r = report(
        Format::OciLayout,
        &[Code::CompatibilityZstd, Code::TarSparse],
    );
    apply(&mut r);
    assert!(r.findings[0]
        .fix
        .as_deref()
        .unwrap()
        .contains("--dest-compress-format gzip"));
    assert!(r.findings[1].fix.is_none());
    let once = r.clone();
    apply(&mut r);
    assert_eq!(r, once);
    assert_eq!(r.compatibility, evaluate(&r));
    // one entry per column and range, and every entry's source is a link
    let n: usize = COLUMNS.iter().map(|c| segments(c).len()).sum();
    assert_eq!(r.compatibility.len(), n);
    assert!(r
        .compatibility
        .iter()
        .all(|c| c.source.starts_with("https://")));
}

/// Severity follows the verdicts: a finding that makes a mainstream
/// command fail at its newest version is an error; the format facts (the
/// file suits another tool) and findings only old versions refuse are not.
#[test]
fn severity_follows_the_verdicts() {
    let facts = facts::CODES;
    for col in COLUMNS.iter().filter(|c| c.mainstream) {
        for rule in rules_of(col).filter(|r| r.verdict == Verdict::Fails && r.below.is_none()) {
            // a rootfs tarball is for `import`, not `load`: a fact about the file too
            for code in rule
                .codes
                .iter()
                .filter(|c| !facts.contains(c) && **c != Code::FormatRootfsTar)
            {
                assert_eq!(
                    code.severity(),
                    Severity::Error,
                    "{code}: {} {} fails at its newest version",
                    col.tool,
                    col.action
                );
            }
        }
    }
    for code in facts {
        assert_eq!(code.severity(), Severity::Info, "{code}");
    }
    assert_eq!(Code::CompatibilityZstd.severity(), Severity::Warning);
    assert_eq!(
        Code::MediaTypeMixOciManifestDockerLayer.severity(),
        Severity::Error
    );
}

#[test]
fn every_row_has_a_source_link_and_a_message() {
    for r in rules::all() {
        assert!(r.source.starts_with("https://"), "{r:?}");
        assert!(!r.message.is_empty() && !r.codes.is_empty(), "{r:?}");
        assert_ne!(r.verdict, Verdict::Ok, "{r:?}");
    }
    for c in COLUMNS {
        assert!(c.source.starts_with("https://"), "{c:?}");
    }
}
