//! The entries of a built archive and the path edits applied to them before
//! they are written (omit, replace, extra entries, a `./` prefix).

use super::tar_writer::TarWriter;

/// One tar entry of a built archive, before it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A regular file (mode 0644).
    File(String, Vec<u8>),
    /// A directory (path ends with `/`).
    Dir(String),
    /// A symbolic link: path, target.
    Symlink(String, String),
}

impl Entry {
    /// The entry's path.
    pub fn path(&self) -> &str {
        match self {
            Entry::File(p, _) | Entry::Dir(p) | Entry::Symlink(p, _) => p,
        }
    }

    fn with_path(&self, path: String) -> Entry {
        match self {
            Entry::File(_, b) => Entry::File(path, b.clone()),
            Entry::Dir(_) => Entry::Dir(path),
            Entry::Symlink(_, t) => Entry::Symlink(path, t.clone()),
        }
    }
}

/// Writes entries as a tar (with the end marker).
pub fn write_entries(entries: &[Entry]) -> Vec<u8> {
    let mut t = TarWriter::new();
    for e in entries {
        match e {
            Entry::File(p, b) => t.file(p, b),
            Entry::Dir(p) => t.dir(p),
            Entry::Symlink(p, target) => t.symlink(p, target),
        };
    }
    t.finish()
}

/// Path edits shared by both archive builders.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Edits {
    /// Paths (without `./`) not written.
    pub omitted: Vec<String>,
    /// Paths (without `./`) whose content is replaced.
    pub replaced: Vec<(String, Vec<u8>)>,
    /// Entries appended verbatim at the end (no `./` added).
    pub extra_entries: Vec<(String, Vec<u8>)>,
    /// Prefix every generated path with `./` (and add a `./` directory entry
    /// when directories are written).
    pub dot_slash_prefix: bool,
}

impl Edits {
    /// `entries` after the edits, in order (`directories`: a `./` entry goes first
    /// when names are prefixed).
    pub fn apply(&self, entries: Vec<Entry>, directories: bool) -> Vec<Entry> {
        let mut out: Vec<Entry> = Vec::new();
        if self.dot_slash_prefix && directories {
            out.push(Entry::Dir("./".to_string()));
        }
        for e in entries {
            let path = e.path().to_string();
            if self.omitted.contains(&path) || out.iter().any(|o| o.path() == prefixed(self, &path))
            {
                continue;
            }
            let e = match self.replaced.iter().find(|(p, _)| *p == path) {
                Some((_, bytes)) => Entry::File(path.clone(), bytes.clone()),
                None => e,
            };
            out.push(e.with_path(prefixed(self, &path)));
        }
        out.extend(
            self.extra_entries
                .iter()
                .map(|(p, b)| Entry::File(p.clone(), b.clone())),
        );
        out
    }
}

fn prefixed(edits: &Edits, path: &str) -> String {
    if edits.dot_slash_prefix {
        format!("./{path}")
    } else {
        path.to_string()
    }
}

/// A builder whose entries pass through [`Edits`] before they are written:
/// the path edits both archive builders share.
pub trait Edited: Sized {
    /// The builder's edits.
    fn edits(&mut self) -> &mut Edits;

    /// Does not write `path` (e.g. `oci-layout`, `index.json`).
    fn omit_path(mut self, path: &str) -> Self {
        self.edits().omitted.push(path.to_string());
        self
    }

    /// Writes other bytes at `path`.
    fn replace_path(mut self, path: &str, bytes: Vec<u8>) -> Self {
        self.edits().replaced.push((path.to_string(), bytes));
        self
    }

    /// Appends an entry verbatim.
    fn extra_entry(mut self, path: &str, bytes: Vec<u8>) -> Self {
        self.edits().extra_entries.push((path.to_string(), bytes));
        self
    }

    /// Entry names start with `./`.
    fn dot_slash_prefix(mut self, on: bool) -> Self {
        self.edits().dot_slash_prefix = on;
        self
    }
}
