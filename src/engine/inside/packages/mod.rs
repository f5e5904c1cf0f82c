//! The package databases of one layer (dpkg, apk, rpm): issue 12. While the
//! layer streams, the [`PackageTap`] keeps the bodies of the database files
//! (capped: a larger one is a problem, reported as a finding) and parses each
//! as it ends, so that only the packages and their file lists cross the
//! worker boundary. [`image`] turns the layers' databases into the image's
//! `packages[]`: the topmost layer that holds a database file is the truth.

pub mod apk;
pub mod dpkg;
pub mod image;
pub mod rpm;
pub mod sqlite;

use super::FileStart;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Largest dpkg status, `.list` or apk database file read (16 MiB).
pub const MAX_TEXT_DB: u64 = 16 << 20;
/// Largest rpm sqlite database read (64 MiB).
pub const MAX_SQLITE_DB: u64 = 64 << 20;
/// Most listed paths (dpkg `.list` files) kept for one layer.
pub const MAX_LIST_PATHS: usize = 2_000_000;
/// Most database files (`.list` files included) kept for one layer.
pub const MAX_FILES: usize = 200_000;

/// The package managers read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Manager {
    /// Alpine's apk.
    Apk,
    /// Debian's dpkg.
    Dpkg,
    /// rpm.
    Rpm,
}

impl Manager {
    /// Its name in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Manager::Apk => "apk",
            Manager::Dpkg => "dpkg",
            Manager::Rpm => "rpm",
        }
    }
}

/// One package as a database lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pkg {
    /// Name.
    #[serde(rename = "n")]
    pub name: String,
    /// Version (rpm: `[epoch:]version-release`).
    #[serde(rename = "v")]
    pub version: String,
    /// Architecture.
    #[serde(rename = "a")]
    pub arch: String,
    /// Its files (canonical paths), when the database lists them.
    #[serde(rename = "f", default, skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<String>>,
}

/// One database file of a layer and the packages it lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Database {
    /// Canonical path of the file.
    pub path: String,
    /// Which manager's.
    pub manager: Manager,
    /// Its packages.
    pub packages: Vec<Pkg>,
}

/// A dpkg `info/<package>.list` file of a layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileList {
    /// Canonical path of the `.list` file.
    pub path: String,
    /// `<name>` or `<name>:<arch>`.
    pub owner: String,
    /// The paths it lists.
    pub files: Vec<String>,
}

/// A database file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Canonical path of the file.
    pub path: String,
    /// Over a size cap (else unreadable).
    #[serde(default)]
    pub too_large: bool,
    /// What went wrong.
    pub message: String,
}

/// What this layer held.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerPackages {
    /// Database files read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub databases: Vec<Database>,
    /// dpkg file lists read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lists: Vec<FileList>,
    /// Database files that could not be read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

/// Which kind of database file a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    DpkgStatus,
    DpkgList,
    Apk,
    Rpm,
}

/// The kind of database file at `path`, if it is one.
fn source(path: &str) -> Option<Source> {
    let one_name = |rest: &str| !rest.is_empty() && !rest.contains('/');
    match path {
        "var/lib/dpkg/status" => return Some(Source::DpkgStatus),
        "lib/apk/db/installed" => return Some(Source::Apk),
        "var/lib/rpm/rpmdb.sqlite" | "usr/lib/sysimage/rpm/rpmdb.sqlite" => {
            return Some(Source::Rpm)
        }
        _ => {}
    }
    if let Some(rest) = path.strip_prefix("var/lib/dpkg/status.d/") {
        return (one_name(rest) && !rest.ends_with(".md5sums")).then_some(Source::DpkgStatus);
    }
    let rest = path.strip_prefix("var/lib/dpkg/info/")?;
    (one_name(rest) && dpkg::list_owner(rest).is_some()).then_some(Source::DpkgList)
}

/// The body being kept.
#[derive(Debug)]
struct Capture {
    path: String,
    source: Source,
    buf: Vec<u8>,
    cap: u64,
    over: bool,
}

/// Watches file bodies of one layer.
#[derive(Debug, Default)]
pub struct PackageTap {
    cur: Option<Capture>,
    // by path: a layer may hold a path twice (the last copy wins), and a
    // hostile one many times, so replacing must not scan
    databases: BTreeMap<String, Database>,
    lists: BTreeMap<String, FileList>,
    problems: BTreeMap<String, Problem>,
    list_paths: usize,
}

impl PackageTap {
    /// Whether it wants this file's body.
    pub fn start(&mut self, f: FileStart<'_>) -> bool {
        self.cur = None;
        let Some(source) = source(f.path) else {
            return false;
        };
        // a layer may hold a path twice: the last copy wins
        self.forget(f.path);
        if self.databases.len() + self.lists.len() >= MAX_FILES {
            let msg = format!("the layer holds more than {MAX_FILES} package database files");
            self.problem(f.path, true, msg);
            return false;
        }
        let cap = match source {
            Source::Rpm => MAX_SQLITE_DB,
            _ => MAX_TEXT_DB,
        };
        if f.size > cap {
            self.problem(
                f.path,
                true,
                format!("{} bytes, over the {} MiB cap", f.size, cap >> 20),
            );
            return false;
        }
        self.cur = Some(Capture {
            path: f.path.to_string(),
            source,
            buf: Vec::with_capacity(usize::try_from(f.size).unwrap_or(0)),
            cap,
            over: false,
        });
        true
    }

    /// The next chunk of the body.
    pub fn chunk(&mut self, bytes: &[u8]) {
        if let Some(c) = self.cur.as_mut().filter(|c| !c.over) {
            if (c.buf.len() + bytes.len()) as u64 > c.cap {
                c.over = true;
                c.buf = Vec::new();
            } else {
                c.buf.extend_from_slice(bytes);
            }
        }
    }

    /// The body ended (cut short when `complete` is false).
    pub fn end(&mut self, complete: bool) {
        let Some(c) = self.cur.take() else {
            return;
        };
        if c.over {
            let msg = format!("longer than the {} MiB cap", c.cap >> 20);
            return self.problem(&c.path, true, msg);
        }
        if !complete {
            return self.problem(&c.path, false, "the file is cut short in the layer".into());
        }
        let manager = match c.source {
            Source::DpkgList => return self.list(c),
            Source::DpkgStatus => Manager::Dpkg,
            Source::Apk => Manager::Apk,
            Source::Rpm => Manager::Rpm,
        };
        let parsed = match manager {
            Manager::Dpkg => dpkg::parse_status(&c.buf),
            Manager::Apk => apk::parse(&c.buf),
            Manager::Rpm => rpm::parse(&c.buf),
        };
        match parsed {
            Ok(packages) => {
                let db = Database {
                    path: c.path.clone(),
                    manager,
                    packages,
                };
                self.databases.insert(c.path, db);
            }
            Err(e) => self.problem(&c.path, false, e),
        }
    }

    /// What the layer held.
    pub fn finish(self) -> LayerPackages {
        LayerPackages {
            databases: self.databases.into_values().collect(),
            lists: self.lists.into_values().collect(),
            problems: self.problems.into_values().collect(),
        }
    }

    fn list(&mut self, c: Capture) {
        let files = dpkg::parse_list(&c.buf);
        self.list_paths = self.list_paths.saturating_add(files.len());
        if self.list_paths > MAX_LIST_PATHS {
            let msg = format!("the layer's file lists name more than {MAX_LIST_PATHS} paths");
            return self.problem(&c.path, true, msg);
        }
        let name = c.path.rsplit('/').next().unwrap_or_default();
        let owner = dpkg::list_owner(name).unwrap_or_default().to_string();
        let list = FileList {
            path: c.path.clone(),
            owner,
            files,
        };
        self.lists.insert(c.path, list);
    }

    fn problem(&mut self, path: &str, too_large: bool, message: String) {
        let p = Problem {
            path: path.to_string(),
            too_large,
            message,
        };
        self.problems.insert(path.to_string(), p);
    }

    /// Drops what an earlier copy of `path` in this layer left.
    fn forget(&mut self, path: &str) {
        self.databases.remove(path);
        if let Some(l) = self.lists.remove(path) {
            self.list_paths = self.list_paths.saturating_sub(l.files.len());
        }
        self.problems.remove(path);
    }
}

#[cfg(test)]
mod tests;
