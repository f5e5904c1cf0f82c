//! Names: every reference the archive carries, as written and normalised
//! (`docker.io/library/` rules), and what is wrong with them.
//!
//! > `org.opencontainers.image.ref.name` … SHOULD only be considered valid
//! > when on descriptors on `index.json` within image layout.
//! > (image-spec `annotations.md`)

use crate::engine::finding::{Code, Finding, Location};
use crate::engine::model::reference::{is_valid_tag, parse_normalized, Reference};
use crate::engine::report::{Image, ImageKind, IndexNode, RefSource, ReferenceRecord};
use std::collections::{BTreeMap, BTreeSet};

/// Collects names from index annotations (for every manifest descriptor, recursively).
pub fn from_index(node: &IndexNode, out: &mut Vec<ReferenceRecord>) {
    for child in &node.children {
        // the annotation's key is the source's name
        for source in [RefSource::ContainerdName, RefSource::RefName] {
            if let Some(name) = child.annotations.get(source.as_str()) {
                out.push(ReferenceRecord {
                    as_written: name.clone(),
                    normalized: None,
                    source,
                    target: child.digest.clone(),
                    image: child.image,
                });
            }
        }
        from_index(child, out);
    }
}

/// Normalises every reference and reports missing tags, invalid names,
/// tag-only names, ambiguity and disagreement.
///
/// Findings come in this order: each reference's own (in order), then
/// ambiguous names, legacy disagreement, containerd disagreement, and
/// finally "no name at all".
///
/// `listed`: `index.json` lists a descriptor (an image may lie beyond what
/// was read, as below `limits.index-depth`); with `images`, what "no name
/// at all" is about: an unnamed image or artifact imports nothing visible
/// in ctr, and umoci has nothing to unpack.
pub fn check(
    refs: &mut [ReferenceRecord],
    images: &[Image],
    listed: bool,
    findings: &mut Vec<Finding>,
) {
    let full_names = full_names(refs);
    for r in refs.iter_mut() {
        check_reference(r, images, &full_names, findings);
    }
    findings.extend(ambiguous_findings(refs));
    findings.extend(legacy_disagreement(refs));
    findings.extend(containerd_disagreements(refs));
    let named_thing = images
        .iter()
        .any(|i| matches!(i.kind, ImageKind::Image | ImageKind::Artifact));
    if refs.is_empty() && (named_thing || listed) {
        findings.push(Finding::new(
            Code::ReferenceNone,
            Location::default(),
            "the archive names no image: it loads untagged",
        ));
    }
}

/// What a name labels: the descriptor's digest, else its image.
fn repository_key(r: &ReferenceRecord) -> Option<String> {
    r.target
        .clone()
        .or_else(|| r.image.map(|i| format!("image {i}")))
}

/// The repositories each target is named with, by names that carry one
/// (every source but a `ref.name` without a `/`).
fn full_names(refs: &[ReferenceRecord]) -> BTreeMap<String, BTreeSet<String>> {
    let mut full_names: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in refs {
        if r.source != RefSource::RefName || r.as_written.contains('/') {
            if let (Some(k), Ok(p)) = (repository_key(r), parse_normalized(&r.as_written)) {
                full_names.entry(k).or_default().insert(p.name());
            }
        }
    }
    full_names
}

/// A `ref.name` that is only a tag (no `/`, no `:`).
fn is_bare_tag(r: &ReferenceRecord) -> bool {
    r.source == RefSource::RefName
        && !r.as_written.contains('/')
        && !r.as_written.contains(':')
        && is_valid_tag(&r.as_written)
}

/// Checks one reference: a bare tag must have a full name beside it
/// (`reference.tag-only`); any other name must parse
/// (`reference.invalid`), and is then normalised and checked for a tag and
/// for the digest it pins.
fn check_reference(
    r: &mut ReferenceRecord,
    images: &[Image],
    full_names: &BTreeMap<String, BTreeSet<String>>,
    findings: &mut Vec<Finding>,
) {
    let loc = Location::default().with_path(r.as_written.clone());
    let loc = match r.image {
        Some(i) => loc.with_image(i),
        None => loc,
    };
    if is_bare_tag(r) {
        let named = repository_key(r)
            .and_then(|k| full_names.get(&k))
            .is_some_and(|s| !s.is_empty());
        if !named {
            findings.push(Finding::new(
                Code::ReferenceTagOnly,
                loc,
                format!(
                    "`{}` ({}) is only a tag; nothing names the repository",
                    r.as_written, r.source
                ),
            ));
        }
        return;
    }
    match parse_normalized(&r.as_written) {
        Ok(p) => {
            r.normalized = Some(p.normalized());
            findings.extend(missing_tag_finding(r, &p, &loc));
            findings.extend(digest_mismatch_finding(r, &p, images, &loc));
        }
        Err(e) => findings.push(Finding::new(
            Code::ReferenceInvalid,
            loc,
            format!(
                "`{}` ({}) is not a valid reference: {e}",
                r.as_written, r.source
            ),
        )),
    }
}

/// `reference.missing-tag`: neither a tag nor a digest (a pull means
/// `:latest`).
fn missing_tag_finding(r: &ReferenceRecord, p: &Reference, loc: &Location) -> Option<Finding> {
    (p.tag.is_none() && p.digest.is_none()).then(|| {
        Finding::new(
            Code::ReferenceMissingTag,
            loc.clone(),
            format!(
                "`{}` ({}) has no tag and no digest: a pull would fetch `{}:latest`",
                r.as_written,
                r.source,
                p.name()
            ),
        )
    })
}

/// `reference.digest-mismatch`: the name pins a digest other than the
/// manifest of the image it labels.
fn digest_mismatch_finding(
    r: &ReferenceRecord,
    p: &Reference,
    images: &[Image],
    loc: &Location,
) -> Option<Finding> {
    let (Some(d), Some(i)) = (&p.digest, r.image) else {
        return None;
    };
    let manifest = images
        .get(i as usize)
        .and_then(|img| img.manifest.digest.clone())?;
    (manifest != *d).then(|| {
        Finding::new(
            Code::ReferenceDigestMismatch,
            loc.clone(),
            format!(
                "`{}` pins {d}, but labels manifest {manifest}",
                r.as_written
            ),
        )
        .expected_found(d.clone(), manifest)
    })
}

/// `reference.ambiguous`: one normalised name (outside `repositories`)
/// labels more than one target.
fn ambiguous_findings(refs: &[ReferenceRecord]) -> Vec<Finding> {
    let mut by_name: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in refs {
        if r.source == RefSource::Repositories {
            continue;
        }
        if let (Some(n), Some(t)) = (&r.normalized, &r.target) {
            by_name.entry(n.clone()).or_default().insert(t.clone());
        }
    }
    by_name
        .into_iter()
        .filter(|(_, targets)| targets.len() > 1)
        .map(|(name, targets)| {
            Finding::new(
                Code::ReferenceAmbiguous,
                Location::default().with_path(name.clone()),
                format!(
                    "`{name}` names {} different images: {}",
                    targets.len(),
                    targets.into_iter().collect::<Vec<_>>().join(", ")
                ),
            )
        })
        .collect()
}

/// `reference.disagree`: `RepoTags` and `repositories` describe the same
/// images in legacy archives, so their normalised names must be the same.
fn legacy_disagreement(refs: &[ReferenceRecord]) -> Option<Finding> {
    let set = |src: RefSource| -> BTreeSet<String> {
        refs.iter()
            .filter(|r| r.source == src)
            .filter_map(|r| r.normalized.clone())
            .collect()
    };
    let (tags, repos) = (set(RefSource::RepoTags), set(RefSource::Repositories));
    (!tags.is_empty() && !repos.is_empty() && tags != repos).then(|| {
        Finding::new(
            Code::ReferenceDisagree,
            Location::entry("repositories"),
            format!(
                "`RepoTags` says {} but `repositories` says {}",
                tags.into_iter().collect::<Vec<_>>().join(", "),
                repos.into_iter().collect::<Vec<_>>().join(", ")
            ),
        )
    })
}

/// `reference.disagree` for containerd: the tag of a descriptor's full name
/// and its tag-only `ref.name` must be the same.
fn containerd_disagreements(refs: &[ReferenceRecord]) -> Vec<Finding> {
    let mut by_target: BTreeMap<String, (Option<String>, Option<String>)> = BTreeMap::new();
    for r in refs {
        let Some(t) = &r.target else { continue };
        let slot = by_target.entry(t.clone()).or_default();
        match r.source {
            RefSource::ContainerdName => {
                slot.0 = parse_normalized(&r.as_written).ok().and_then(|p| p.tag)
            }
            RefSource::RefName if !r.as_written.contains('/') => {
                slot.1 = Some(r.as_written.clone())
            }
            _ => {}
        }
    }
    by_target
        .into_iter()
        .filter_map(|(target, tags)| match tags {
            (Some(a), Some(b)) if a != b => Some(Finding::new(
                Code::ReferenceDisagree,
                Location::default().with_blob(target),
                format!("`io.containerd.image.name` has tag `{a}` but `org.opencontainers.image.ref.name` says `{b}`"),
            )),
            _ => None,
        })
        .collect()
}
