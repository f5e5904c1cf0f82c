//! Names: every reference the archive carries, as written and normalised
//! (`docker.io/library/` rules), and what is wrong with them.
//!
//! > `org.opencontainers.image.ref.name` … SHOULD only be considered valid
//! > when on descriptors on `index.json` within image layout.
//! > (image-spec `annotations.md`)

use crate::engine::finding::{Code, Finding, Location};
use crate::engine::model::reference::{is_valid_tag, parse_normalized};
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
pub fn check(refs: &mut [ReferenceRecord], images: &[Image], findings: &mut Vec<Finding>) {
    // Names that say which repository an image (or index entry) is.
    let key = |r: &ReferenceRecord| {
        r.target
            .clone()
            .or_else(|| r.image.map(|i| format!("image {i}")))
    };
    let mut full_names: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in refs.iter() {
        if r.source != RefSource::RefName || r.as_written.contains('/') {
            if let (Some(k), Ok(p)) = (key(r), parse_normalized(&r.as_written)) {
                full_names.entry(k).or_default().insert(p.name());
            }
        }
    }
    let mut by_name: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in refs.iter_mut() {
        let loc = Location::default().with_path(r.as_written.clone());
        let loc = match r.image {
            Some(i) => loc.with_image(i),
            None => loc,
        };
        let bare_tag = r.source == RefSource::RefName
            && !r.as_written.contains('/')
            && !r.as_written.contains(':')
            && is_valid_tag(&r.as_written);
        if bare_tag {
            let named = key(r)
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
            continue;
        }
        match parse_normalized(&r.as_written) {
            Ok(p) => {
                let n = p.normalized();
                r.normalized = Some(n.clone());
                if p.tag.is_none() && p.digest.is_none() {
                    findings.push(Finding::new(
                        Code::ReferenceMissingTag,
                        loc.clone(),
                        format!(
                            "`{}` ({}) has no tag and no digest: a pull would fetch `{}:latest`",
                            r.as_written,
                            r.source,
                            p.name()
                        ),
                    ));
                }
                if let (Some(d), Some(i)) = (&p.digest, r.image) {
                    let manifest = images
                        .get(i as usize)
                        .and_then(|img| img.manifest.digest.clone());
                    if manifest.as_ref().is_some_and(|m| m != d) {
                        findings.push(
                            Finding::new(
                                Code::ReferenceDigestMismatch,
                                loc.clone(),
                                format!(
                                    "`{}` pins {d}, but labels manifest {}",
                                    r.as_written,
                                    manifest.clone().unwrap_or_default()
                                ),
                            )
                            .expected_found(d.clone(), manifest.unwrap_or_default()),
                        );
                    }
                }
                if r.source != RefSource::Repositories {
                    if let Some(t) = &r.target {
                        by_name.entry(n).or_default().insert(t.clone());
                    }
                }
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
    for (name, targets) in by_name {
        if targets.len() > 1 {
            findings.push(Finding::new(
                Code::ReferenceAmbiguous,
                Location::default().with_path(name.clone()),
                format!(
                    "`{name}` names {} different images: {}",
                    targets.len(),
                    targets.into_iter().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    }
    // RepoTags and repositories describe the same images in legacy archives.
    let set = |src: RefSource| -> BTreeSet<String> {
        refs.iter()
            .filter(|r| r.source == src)
            .filter_map(|r| r.normalized.clone())
            .collect()
    };
    let (tags, repos) = (set(RefSource::RepoTags), set(RefSource::Repositories));
    if !tags.is_empty() && !repos.is_empty() && tags != repos {
        findings.push(Finding::new(
            Code::ReferenceDisagree,
            Location::entry("repositories"),
            format!(
                "`RepoTags` says {} but `repositories` says {}",
                tags.into_iter().collect::<Vec<_>>().join(", "),
                repos.into_iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    // containerd: the full name and the tag-only ref.name of one descriptor.
    let mut by_target: BTreeMap<String, (Option<String>, Option<String>)> = BTreeMap::new();
    for r in refs.iter() {
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
    for (target, (full_tag, ref_tag)) in by_target {
        if let (Some(a), Some(b)) = (full_tag, ref_tag) {
            if a != b {
                findings.push(Finding::new(
                    Code::ReferenceDisagree,
                    Location::default().with_blob(target),
                    format!("`io.containerd.image.name` has tag `{a}` but `org.opencontainers.image.ref.name` says `{b}`"),
                ));
            }
        }
    }
    if refs.is_empty() && images.iter().any(|i| i.kind == ImageKind::Image) {
        findings.push(Finding::new(
            Code::ReferenceNone,
            Location::default(),
            "the archive names no image: it loads untagged",
        ));
    }
}
