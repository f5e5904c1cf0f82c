//! One file-system entry of a layer, as listed in the report.

use serde::{Deserialize, Serialize};

/// The type of a file-system entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Regular file.
    File,
    /// Directory.
    Dir,
    /// Symbolic link.
    Symlink,
    /// Hard link to an earlier entry.
    Hardlink,
    /// Character device.
    CharDevice,
    /// Block device.
    BlockDevice,
    /// Named pipe.
    Fifo,
    /// `.wh.<name>`: removes `<name>` from lower layers.
    Whiteout,
    /// `.wh..wh..opq`: hides the lower layers' contents of its directory.
    Opaque,
    /// Anything else.
    Other,
}

/// How an entry changes the image's file system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Not in any lower layer.
    Added,
    /// Replaces an entry of a lower layer.
    Modified,
    /// Removed by a whiteout or opaque marker.
    Removed,
}

/// One entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerEntry {
    /// Canonical path (for whiteouts: the path removed; for opaque markers: the directory).
    pub path: String,
    /// Entry type.
    pub kind: Kind,
    /// Permission bits and setuid/setgid/sticky.
    pub mode: u32,
    /// Owner.
    pub uid: u64,
    /// Group.
    pub gid: u64,
    /// Size in bytes (regular files).
    pub size: u64,
    /// Modification time, seconds since the epoch.
    pub mtime: i64,
    /// Symlink or hardlink target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Change relative to lower layers (filled in when layers are merged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    /// The layer it comes from (merged view only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer: Option<u32>,
}
