//! The image's packages from its layers' databases. Layers apply in order:
//! a database file is what the topmost layer holding it wrote, until a later
//! layer removes it (a whiteout, an opaque directory, or a non-directory
//! over one of its parents). A package is installed at layer N when a
//! database file present after layer N lists it; `layer` is the first such
//! layer and `removed_in` the layer after which no database lists it any
//! more. A database file that could not be read leaves the lower copy in
//! force (and is a finding).

use super::{Database, FileList, LayerPackages, Manager, Pkg};
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::path::is_under;
use crate::engine::tree::entry::{Kind, LayerEntry};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Bound;

/// One installed (or since removed) package of an image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    /// `dpkg`, `apk` or `rpm`.
    pub manager: Manager,
    /// Name.
    pub name: String,
    /// Version (rpm: `[epoch:]version-release`).
    pub version: String,
    /// Architecture.
    pub arch: String,
    /// The first layer whose database lists it.
    pub layer: u32,
    /// The layer whose database no longer lists it (null: still installed).
    #[serde(default)]
    pub removed_in: Option<u32>,
    /// Bytes of its listed files that are regular files of the merged tree
    /// (null when the database lists no files for it).
    #[serde(default)]
    pub size: Option<u64>,
    /// The paths of the merged tree its database lists (not directories;
    /// parents' symlinks followed, so `/bin/ls` is `usr/bin/ls` in a merged
    /// `/usr`), at most [`MAX_FILES`]: what the page shows of it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
}

/// One layer of the image as the packages see it.
pub struct LayerView<'a> {
    /// Its index in the manifest.
    pub index: u32,
    /// Its databases.
    pub packages: &'a LayerPackages,
    /// Its entries in tar order.
    pub entries: &'a [LayerEntry],
    /// Where its findings point.
    pub location: &'a Location,
}

type Key<'a> = (Manager, &'a str, &'a str);

struct Track<'a> {
    first: u32,
    removed_in: Option<u32>,
    pkg: &'a Pkg,
}

/// Removes `path` (with `self_too`) and everything under it from `map`.
fn remove_under<'a, T>(map: &mut BTreeMap<&'a str, T>, path: &str, self_too: bool) -> bool {
    let doomed: Vec<&'a str> = map
        .range::<str, _>((Bound::Included(path), Bound::Unbounded))
        .map(|(k, _)| *k)
        .take_while(|k| k.starts_with(path))
        .filter(|k| is_under(k, path) && (self_too || *k != path))
        .collect();
    for k in &doomed {
        map.remove(k);
    }
    !doomed.is_empty()
}

/// The image's packages, sorted by manager and name, and the findings of
/// the databases that could not be read.
pub fn image_packages(
    layers: &[LayerView<'_>],
    merged: &[LayerEntry],
) -> (Vec<Package>, Vec<Finding>) {
    let mut findings = Vec::new();
    if layers
        .iter()
        .all(|l| l.packages == &LayerPackages::default())
    {
        return (Vec::new(), findings);
    }
    let mut dbs: BTreeMap<&str, &Database> = BTreeMap::new();
    let mut lists: BTreeMap<&str, &FileList> = BTreeMap::new();
    let mut last_lists: HashMap<&str, &FileList> = HashMap::new();
    let mut tracks: BTreeMap<Key<'_>, Track<'_>> = BTreeMap::new();
    for l in layers {
        findings.extend(l.packages.problems.iter().map(|p| problem(l, p)));
        let failed: HashSet<&str> = l
            .packages
            .problems
            .iter()
            .map(|p| p.path.as_str())
            .collect();
        let mut changed = false;
        for e in l.entries {
            let (path, self_too) = match e.kind {
                Kind::Dir => continue,
                Kind::Opaque => (e.path.as_str(), false),
                _ if failed.contains(e.path.as_str()) => continue,
                _ => (e.path.as_str(), true),
            };
            changed |= remove_under(&mut dbs, path, self_too);
            changed |= remove_under(&mut lists, path, self_too);
        }
        for d in &l.packages.databases {
            dbs.insert(&d.path, d);
            changed = true;
        }
        for f in &l.packages.lists {
            lists.insert(&f.path, f);
            last_lists.insert(&f.path, f);
            changed = true;
        }
        if changed {
            apply(l.index, &dbs, &mut tracks);
        }
    }
    let fs = Fs(merged);
    let mut out: Vec<Package> = tracks
        .into_iter()
        .map(|((manager, _, _), t)| {
            let files = match manager {
                Manager::Dpkg => dpkg_files(t.pkg, &last_lists),
                _ => t.pkg.files.as_deref(),
            };
            Package {
                manager,
                name: t.pkg.name.clone(),
                version: t.pkg.version.clone(),
                arch: t.pkg.arch.clone(),
                layer: t.first,
                removed_in: t.removed_in,
                size: files.map(|f| fs.size_of(f)),
                files: files.map(|f| fs.listed(f)).unwrap_or_default(),
            }
        })
        .collect();
    out.sort_by(|a, b| (a.manager, &a.name).cmp(&(b.manager, &b.name)));
    (out, findings)
}

/// Records which packages the databases list after layer `index`.
fn apply<'a>(
    index: u32,
    dbs: &BTreeMap<&str, &'a Database>,
    tracks: &mut BTreeMap<Key<'a>, Track<'a>>,
) {
    let mut present: HashSet<Key<'a>> = HashSet::new();
    for d in dbs.values() {
        for p in &d.packages {
            let key = (d.manager, p.name.as_str(), p.arch.as_str());
            present.insert(key);
            let t = tracks.entry(key).or_insert(Track {
                first: index,
                removed_in: None,
                pkg: p,
            });
            t.removed_in = None;
            t.pkg = p;
        }
    }
    for (key, t) in tracks.iter_mut() {
        if !present.contains(key) && t.removed_in.is_none() {
            t.removed_in = Some(index);
        }
    }
}

/// A dpkg package's file list: `info/<name>:<arch>.list`, else `info/<name>.list`.
fn dpkg_files<'a>(p: &Pkg, lists: &HashMap<&str, &'a FileList>) -> Option<&'a [String]> {
    let multi = format!("var/lib/dpkg/info/{}:{}.list", p.name, p.arch);
    let plain = format!("var/lib/dpkg/info/{}.list", p.name);
    lists
        .get(multi.as_str())
        .or_else(|| lists.get(plain.as_str()))
        .map(|l| l.files.as_slice())
}

fn problem(l: &LayerView<'_>, p: &super::Problem) -> Finding {
    let code = if p.too_large {
        Code::PackagesDatabaseTooLarge
    } else {
        Code::PackagesDatabaseUnreadable
    };
    let loc = l.location.clone().with_path(p.path.clone());
    Finding::new(code, loc, format!("`{}`: {}", p.path, p.message))
}

/// The merged tree, sorted by path.
struct Fs<'a>(&'a [LayerEntry]);

/// Most paths listed in one package's `files`.
pub const MAX_FILES: usize = 10_000;

impl Fs<'_> {
    fn get(&self, path: &str) -> Option<&LayerEntry> {
        crate::engine::inside::image::lookup(self.0, path)
    }

    /// The summed sizes of the regular files among `files` (each path once).
    fn size_of(&self, files: &[String]) -> u64 {
        let mut seen = HashSet::new();
        files
            .iter()
            .filter(|f| seen.insert(f.as_str()))
            .filter_map(|f| self.regular_size(f))
            .fold(0u64, u64::saturating_add)
    }

    /// The paths of the tree that `files` name, as `lstat` finds them (the
    /// parents' symlinks followed): not directories, each once, in order, at
    /// most [`MAX_FILES`].
    fn listed(&self, files: &[String]) -> Vec<String> {
        let mut seen = HashSet::new();
        files
            .iter()
            .filter_map(|f| self.resolve(f))
            .filter(|p| self.get(p).is_some_and(|e| e.kind != Kind::Dir))
            .filter(|p| seen.insert(p.clone()))
            .take(MAX_FILES)
            .collect()
    }

    /// The size of the regular file at `path` as `lstat` sees it: the
    /// parents' symlinks followed, not the last component's; a hard link
    /// has its target's size.
    fn regular_size(&self, path: &str) -> Option<u64> {
        let e = self.get(&self.resolve(path)?)?;
        match e.kind {
            Kind::File => Some(e.size),
            Kind::Hardlink => {
                let t = self.get(e.link.as_deref()?.trim_start_matches('/'))?;
                (t.kind == Kind::File).then_some(t.size)
            }
            _ => None,
        }
    }

    /// `path` as `lstat` finds it: its parents' symlinks followed (the
    /// runtime lint's resolver, not the last component's), as a tree path.
    fn resolve(&self, path: &str) -> Option<String> {
        crate::engine::inside::runtime::resolve_parents(self.0, path)
    }
}
