//! The packages of the two images compared: those installed in `b` and not
//! in `a` (added), the reverse (removed), and those in both with another
//! version (upgraded, whichever way the version moved: the change is
//! reported, not judged). A package is its manager, name and architecture;
//! "installed" means no later layer's database dropped it (`removed_in` is
//! null). Images without package databases compare as having none.

use super::schema::{PackageChange, PackageRef, Packages};
use crate::engine::report::{Image, Package};
use std::collections::BTreeMap;

type Key<'p> = (&'static str, &'p str, &'p str);

fn installed(img: Option<&Image>) -> BTreeMap<Key<'_>, &Package> {
    img.map(|i| &i.packages[..])
        .unwrap_or_default()
        .iter()
        .filter(|p| p.removed_in.is_none())
        .map(|p| ((p.manager.as_str(), p.name.as_str(), p.arch.as_str()), p))
        .collect()
}

fn reference(p: &Package) -> PackageRef {
    PackageRef {
        manager: p.manager.as_str().to_string(),
        name: p.name.clone(),
        version: p.version.clone(),
        arch: p.arch.clone(),
    }
}

/// The packages of `b` against those of `a`, each list in manager and name order.
pub fn compare(a: Option<&Image>, b: Option<&Image>) -> Packages {
    let (pa, pb) = (installed(a), installed(b));
    let mut out = Packages::default();
    for (k, p) in &pb {
        match pa.get(k) {
            None => out.added.push(reference(p)),
            Some(old) if old.version != p.version => out.upgraded.push(PackageChange {
                manager: p.manager.as_str().to_string(),
                name: p.name.clone(),
                arch: p.arch.clone(),
                a_version: old.version.clone(),
                b_version: p.version.clone(),
            }),
            Some(_) => {}
        }
    }
    out.removed = pa
        .iter()
        .filter(|(k, _)| !pb.contains_key(*k))
        .map(|(_, p)| reference(p))
        .collect();
    out
}
