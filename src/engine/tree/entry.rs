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
    /// Regular files read whole: the xxh3-128 of the body, as 32 hex digits
    /// (`xxh3`). Identity of bytes for the waste model, not a proof of trust.
    #[serde(
        rename = "xxh3",
        default,
        skip_serializing_if = "Option::is_none",
        with = "content_hash"
    )]
    pub hash: Option<ContentHash>,
}

/// The xxh3-128 of a regular file's bytes, big-endian.
pub type ContentHash = [u8; 16];

/// `Option<ContentHash>` as 32 lower-case hex digits.
pub mod content_hash {
    use super::ContentHash;
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the hash as hex.
    pub fn serialize<S: Serializer>(h: &Option<ContentHash>, s: S) -> Result<S::Ok, S::Error> {
        match h {
            Some(h) => s.serialize_str(&hex::encode(h)),
            None => s.serialize_none(),
        }
    }

    /// Reads 32 hex digits; anything else is an error.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<ContentHash>, D::Error> {
        let Some(text) = Option::<String>::deserialize(d)? else {
            return Ok(None);
        };
        let mut h = [0u8; 16];
        hex::decode_to_slice(&text, &mut h)
            .map_err(|_| D::Error::custom("a content hash is 32 hex digits"))?;
        Ok(Some(h))
    }
}
