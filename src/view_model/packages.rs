//! The Packages view, without the browser: the filter (name, version or
//! manager, case-insensitive) and the order (by name, or by size, largest
//! first) of an image's `packages[]`, and the sentence that says where a
//! package came from. Every string here comes from the image: the page
//! renders it as text.

use crate::engine::report::Package;

/// How the packages are listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackagesFilter {
    /// Text a package's name, version or manager must contain.
    pub text: String,
    /// Largest first, instead of by manager and name.
    pub by_size: bool,
    /// Show the packages a later layer removed too.
    pub with_removed: bool,
}

/// A change to the Packages view's filter.
#[derive(Debug, Clone)]
pub enum PackagesMsg {
    /// The filter text.
    Text(String),
    /// Order by size (true) or name.
    BySize(bool),
    /// Show removed packages too.
    WithRemoved(bool),
}

impl PackagesFilter {
    /// Applies `m`.
    pub fn update(&mut self, m: PackagesMsg) {
        match m {
            PackagesMsg::Text(t) => self.text = t,
            PackagesMsg::BySize(b) => self.by_size = b,
            PackagesMsg::WithRemoved(b) => self.with_removed = b,
        }
    }

    /// The packages shown, with their index in `packages`, in order.
    pub fn rows<'a>(&self, packages: &'a [Package]) -> Vec<(usize, &'a Package)> {
        let needle = self.text.trim().to_lowercase();
        let mut rows: Vec<(usize, &Package)> = packages
            .iter()
            .enumerate()
            .filter(|(_, p)| self.with_removed || p.removed_in.is_none())
            .filter(|(_, p)| {
                needle.is_empty()
                    || p.name.to_lowercase().contains(&needle)
                    || p.version.to_lowercase().contains(&needle)
                    || p.manager.as_str() == needle
            })
            .collect();
        if self.by_size {
            // stable: equal sizes keep the name order
            rows.sort_by_key(|(_, p)| std::cmp::Reverse(p.size.unwrap_or(0)));
        }
        rows
    }
}

/// The packages' summed sizes, of those installed (not removed).
pub fn installed_bytes(packages: &[Package]) -> u64 {
    packages
        .iter()
        .filter(|p| p.removed_in.is_none())
        .filter_map(|p| p.size)
        .fold(0, u64::saturating_add)
}

/// Where the package came from: `installed by layer 3`, and `, removed by
/// layer 5` when a later layer's database no longer lists it.
pub fn provenance(p: &Package) -> String {
    match p.removed_in {
        Some(r) => format!("installed by layer {}, removed by layer {r}", p.layer),
        None => format!("installed by layer {}", p.layer),
    }
}

/// The index of the package named `name` (the first, whatever its manager).
pub fn find(packages: &[Package], name: &str) -> Option<usize> {
    packages.iter().position(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkgs() -> Vec<Package> {
        let p = |name: &str, version: &str, size: Option<u64>, removed_in: Option<u32>| {
            serde_json::from_value::<Package>(serde_json::json!({
                "manager": "dpkg", "name": name, "version": version, "arch": "amd64",
                "layer": 0, "removed_in": removed_in, "size": size,
            }))
            .unwrap()
        };
        vec![
            p("bash", "5.2.15-2", Some(7_000_000), None),
            p("coreutils", "9.1-1", Some(18_000_000), None),
            p("dash", "0.5.12-2", Some(200_000), None),
            p("e2fsprogs", "1.47.0-2", Some(1_500_000), Some(1)),
            p("tzdata", "2024a", None, None),
        ]
    }

    fn names(rows: &[(usize, &Package)]) -> Vec<String> {
        rows.iter().map(|(_, p)| p.name.clone()).collect()
    }

    #[test]
    fn filter_by_name_or_version_and_leave_removed_out_unless_asked() {
        let v = pkgs();
        let mut f = PackagesFilter::default();
        assert_eq!(names(&f.rows(&v)), ["bash", "coreutils", "dash", "tzdata"]);
        f.update(PackagesMsg::WithRemoved(true));
        assert_eq!(f.rows(&v).len(), 5);
        f.update(PackagesMsg::Text("ASH".into()));
        assert_eq!(names(&f.rows(&v)), ["bash", "dash"]);
        f.update(PackagesMsg::Text("9.1".into()));
        assert_eq!(names(&f.rows(&v)), ["coreutils"]);
        f.update(PackagesMsg::Text("dpkg".into()));
        assert_eq!(f.rows(&v).len(), 5);
    }

    #[test]
    fn by_size_is_largest_first_with_unknown_sizes_last() {
        let v = pkgs();
        let f = PackagesFilter {
            by_size: true,
            ..Default::default()
        };
        assert_eq!(names(&f.rows(&v)), ["coreutils", "bash", "dash", "tzdata"]);
        assert_eq!(installed_bytes(&v), 25_200_000);
        assert_eq!(
            provenance(&v[3]),
            "installed by layer 0, removed by layer 1"
        );
        assert_eq!(find(&v, "dash"), Some(2));
    }
}
