//! The real tools' listings (`tests/oracle/waste/*.tsv`, one row per path of an image's
//! rootfs: path, type, size, mode, uid, gid, link, hard-link group, sha256) and the same
//! rows rendered from a tar-level tree, so the two compare as text.
//!
//! A file system has no "hard link entry": two paths share one inode. So a tree's hard
//! link is rendered as its target (type `file`, the target's size, mode and owner), and
//! both paths carry the group of every path sharing it, as the tools' rows do.

use std::collections::{BTreeMap, BTreeSet};

/// One entry of a tree, from the reference walk or the engine's report.
#[derive(Debug, Clone)]
pub struct Flat {
    pub path: String,
    /// The report's kind names: `file`, `dir`, `symlink`, `hardlink`, …
    pub kind: String,
    pub size: u64,
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    pub link: Option<String>,
    pub sha: Option<String>,
}

/// The rows of one image, by path: every column after the image ref.
pub type Rows = BTreeMap<String, Vec<String>>;

/// Parses a `.tsv`: image ref → rows.
pub fn parse(text: &str) -> BTreeMap<String, Rows> {
    let mut out: BTreeMap<String, Rows> = BTreeMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let cols: Vec<String> = line.split('\t').map(str::to_string).collect();
        assert_eq!(cols.len(), 10, "bad oracle row: {line}");
        out.entry(cols[0].clone())
            .or_default()
            .insert(cols[1].clone(), cols[1..].to_vec());
    }
    out
}

/// The rows of a tree, hard links resolved as the file system shows them.
pub fn render(tree: &[Flat]) -> Rows {
    let by_path: BTreeMap<&str, &Flat> = tree.iter().map(|f| (f.path.as_str(), f)).collect();
    let target = |f: &Flat| -> String {
        match f.kind.as_str() {
            "hardlink" => f.link.clone().unwrap_or_default(),
            _ => f.path.clone(),
        }
    };
    let mut groups: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in tree.iter().filter(|f| f.kind == "hardlink") {
        let g = groups.entry(target(f)).or_default();
        g.insert(f.path.clone());
        g.insert(target(f));
    }
    let mut rows = Rows::new();
    for f in tree {
        let inode = if f.kind == "hardlink" {
            by_path.get(target(f).as_str()).copied().unwrap_or(f)
        } else {
            f
        };
        let group = groups
            .get(&target(f))
            .map(|g| g.iter().cloned().collect::<Vec<_>>().join(","))
            .unwrap_or_else(|| "-".into());
        let kind = if f.kind == "hardlink" {
            inode.kind.clone()
        } else {
            f.kind.clone()
        };
        let row = vec![
            f.path.clone(),
            kind.clone(),
            if kind == "file" { inode.size } else { 0 }.to_string(),
            format!("{:04o}", inode.mode),
            inode.uid.to_string(),
            inode.gid.to_string(),
            if f.kind == "symlink" {
                f.link.clone().unwrap_or_default()
            } else {
                "-".into()
            },
            group,
            inode.sha.clone().unwrap_or_else(|| "-".into()),
        ];
        rows.insert(f.path.clone(), row);
    }
    rows
}

/// Drops the sha256 column (the engine's tree carries no content digest).
pub fn without_sha(rows: &Rows) -> Rows {
    rows.iter()
        .map(|(k, v)| (k.clone(), v[..v.len() - 1].to_vec()))
        .collect()
}

/// A readable diff: `-` rows the tool shows and the tree lacks or has otherwise, `+` the
/// tree's. Empty when equal.
pub fn diff(tool: &Rows, tree: &Rows) -> String {
    let mut out = String::new();
    let paths: BTreeSet<&String> = tool.keys().chain(tree.keys()).collect();
    for p in paths {
        let (a, b) = (tool.get(p), tree.get(p));
        if a != b {
            if let Some(a) = a {
                out += &format!("  - {}\n", a.join("\t"));
            }
            if let Some(b) = b {
                out += &format!("  + {}\n", b.join("\t"));
            }
        }
    }
    out
}
