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
    /// Computed for image layers; a bare file-system tarball (no image, so no
    /// efficiency) lists its entries without it, in both reading modes.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The entry as it was before the content hash (same fields, same types).
    #[allow(dead_code)]
    struct WithoutHash {
        path: String,
        kind: Kind,
        mode: u32,
        uid: u64,
        gid: u64,
        size: u64,
        mtime: i64,
        link: Option<String>,
        change: Option<Change>,
        layer: Option<u32>,
    }

    #[test]
    fn the_content_hash_costs_at_most_24_bytes_per_entry() {
        let (before, after) = (
            std::mem::size_of::<WithoutHash>(),
            std::mem::size_of::<LayerEntry>(),
        );
        println!(
            "LayerEntry: {before} bytes without the hash, {after} with it (+{})",
            after - before
        );
        assert!(after - before <= 24, "{before} → {after}");
        assert_eq!(std::mem::size_of::<Option<ContentHash>>(), 17);
    }

    #[test]
    fn the_hash_is_32_hex_digits_in_json() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct H(#[serde(with = "content_hash")] Option<ContentHash>);
        let h = H(Some([0xab; 16]));
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(json, format!("\"{}\"", "ab".repeat(16)));
        assert_eq!(serde_json::from_str::<H>(&json).unwrap(), h);
        assert_eq!(serde_json::from_str::<H>("null").unwrap(), H(None));
        assert!(serde_json::from_str::<H>("\"abc\"").is_err());
        assert!(serde_json::from_str::<H>(&format!("\"{}\"", "zz".repeat(16))).is_err());
    }
}
