//! Layer tars and the [`Layer`] descriptor-plus-blob of an image.

use super::compress::{digest, gzip, xz, zstd};
use super::json::merge;
use super::media_types as mt;
use super::tar_writer::TarWriter;
use serde_json::{json, Map, Value};

/// A simple layer tar: each `(path, bytes)` is a file (mode 0644, 0755 under
/// a `bin/` or `sbin/` directory), a path ending in `/` is a directory.
/// Missing parent directories are added first. Ends with the end marker.
pub fn rootfs_tar(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut t = TarWriter::new();
    let mut dirs: Vec<String> = Vec::new();
    for (path, data) in files {
        let is_dir = path.ends_with('/');
        let trimmed = path.trim_end_matches('/');
        let mut parent = String::new();
        let parts: Vec<&str> = trimmed.split('/').collect();
        for part in &parts[..parts.len().saturating_sub(1)] {
            parent.push_str(part);
            parent.push('/');
            if !dirs.contains(&parent) {
                dirs.push(parent.clone());
                t.dir(&parent);
            }
        }
        if is_dir {
            let dir = format!("{trimmed}/");
            if !dirs.contains(&dir) {
                dirs.push(dir.clone());
                t.dir(&dir);
            }
        } else {
            let executable = trimmed.contains("bin/");
            t.file_with_mode(trimmed, data, if executable { 0o755 } else { 0o644 });
        }
    }
    t.finish()
}

/// The empty layer tar: just the end marker (1024 zero bytes). Its DiffID is
/// `sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef`.
pub fn empty_tar() -> Vec<u8> {
    vec![0u8; 1024]
}

/// DiffID of [`empty_tar`] (sha256 of 1024 zero bytes).
pub const EMPTY_TAR_DIFF_ID: &str =
    "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

/// The 32-byte gzip of [`empty_tar`] that BuildKit and others push as the
/// shared empty layer, byte for byte (digest [`SHARED_EMPTY_LAYER_DIGEST`]).
pub const SHARED_EMPTY_LAYER_GZIP: [u8; 32] = [
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x62, 0x18, 0x05, 0xa3, 0x60, 0x14,
    0x8c, 0x58, 0x00, 0x08, 0x00, 0x00, 0xff, 0xff, 0x2e, 0xaf, 0xb5, 0xef, 0x00, 0x04, 0x00, 0x00,
];

/// Digest of [`SHARED_EMPTY_LAYER_GZIP`].
pub const SHARED_EMPTY_LAYER_DIGEST: &str =
    "sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1";

/// One layer: the stored blob, its media type and the DiffID the config declares.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// Descriptor media type.
    pub media_type: String,
    /// Stored bytes (compressed or not).
    pub blob: Vec<u8>,
    /// DiffID written into the config (`sha256:<hex>` of the uncompressed tar
    /// when built by a constructor).
    pub diff_id: String,
    /// Descriptor digest to declare instead of the blob's real one. The blob
    /// is then stored under the declared digest (a digest mismatch).
    pub digest_override: Option<String>,
    /// Descriptor size to declare instead of the blob's length.
    pub size_override: Option<u64>,
    /// Extra descriptor fields (`annotations`, `urls`, …), merged last.
    pub descriptor_extra: Map<String, Value>,
}

impl Layer {
    /// A layer from its parts.
    pub fn new(media_type: &str, blob: Vec<u8>, diff_id: &str) -> Self {
        Layer {
            media_type: media_type.to_string(),
            blob,
            diff_id: diff_id.to_string(),
            digest_override: None,
            size_override: None,
            descriptor_extra: Map::new(),
        }
    }

    /// Uncompressed, `application/vnd.oci.image.layer.v1.tar`.
    pub fn tar(tar: impl AsRef<[u8]>) -> Self {
        let tar = tar.as_ref();
        Self::new(mt::OCI_LAYER_TAR, tar.to_vec(), &digest(tar))
    }

    /// gzip, `application/vnd.oci.image.layer.v1.tar+gzip`.
    pub fn tar_gzip(tar: impl AsRef<[u8]>) -> Self {
        let tar = tar.as_ref();
        Self::new(mt::OCI_LAYER_GZIP, gzip(tar), &digest(tar))
    }

    /// zstd, `application/vnd.oci.image.layer.v1.tar+zstd`.
    pub fn tar_zstd(tar: impl AsRef<[u8]>) -> Self {
        let tar = tar.as_ref();
        Self::new(mt::OCI_LAYER_ZSTD, zstd(tar), &digest(tar))
    }

    /// xz bytes typed as the uncompressed OCI layer, DiffID of the tar
    /// (xz has no OCI media type; change `media_type` as needed).
    pub fn tar_xz(tar: impl AsRef<[u8]>) -> Self {
        let tar = tar.as_ref();
        Self::new(mt::OCI_LAYER_TAR, xz(tar), &digest(tar))
    }

    /// gzip, `application/vnd.docker.image.rootfs.diff.tar.gzip`.
    pub fn docker_gzip(tar: impl AsRef<[u8]>) -> Self {
        let tar = tar.as_ref();
        Self::new(mt::DOCKER_LAYER_GZIP, gzip(tar), &digest(tar))
    }

    /// Uncompressed, `application/vnd.docker.image.rootfs.diff.tar`.
    pub fn docker_tar(tar: impl AsRef<[u8]>) -> Self {
        let tar = tar.as_ref();
        Self::new(mt::DOCKER_LAYER_TAR, tar.to_vec(), &digest(tar))
    }

    /// zstd, the non-standard `application/vnd.docker.image.rootfs.diff.tar.zstd`.
    pub fn docker_zstd(tar: impl AsRef<[u8]>) -> Self {
        let tar = tar.as_ref();
        Self::new(mt::DOCKER_LAYER_ZSTD, zstd(tar), &digest(tar))
    }

    /// The shared empty layer (`sha256:4f4fb700…`, 32 bytes), OCI gzip type.
    pub fn shared_empty() -> Self {
        Self::new(
            mt::OCI_LAYER_GZIP,
            SHARED_EMPTY_LAYER_GZIP.to_vec(),
            EMPTY_TAR_DIFF_ID,
        )
    }

    /// Replaces the media type.
    pub fn with_media_type(mut self, media_type: &str) -> Self {
        self.media_type = media_type.to_string();
        self
    }

    /// Replaces the declared DiffID.
    pub fn with_diff_id(mut self, diff_id: &str) -> Self {
        self.diff_id = diff_id.to_string();
        self
    }

    /// Replaces the stored bytes (the descriptor digest follows them unless overridden).
    pub fn with_blob(mut self, blob: Vec<u8>) -> Self {
        self.blob = blob;
        self
    }

    /// Declares another digest (the blob is stored under it).
    pub fn with_digest(mut self, digest: &str) -> Self {
        self.digest_override = Some(digest.to_string());
        self
    }

    /// Declares another size.
    pub fn with_size(mut self, size: u64) -> Self {
        self.size_override = Some(size);
        self
    }

    /// Adds a descriptor annotation.
    pub fn with_annotation(mut self, key: &str, value: &str) -> Self {
        let annotations = self
            .descriptor_extra
            .entry("annotations")
            .or_insert_with(|| json!({}));
        annotations[key] = json!(value);
        self
    }

    /// The digest the descriptor declares.
    pub fn digest(&self) -> String {
        self.digest_override
            .clone()
            .unwrap_or_else(|| digest(&self.blob))
    }

    /// The real digest of the stored bytes.
    pub fn real_digest(&self) -> String {
        digest(&self.blob)
    }

    /// The size the descriptor declares.
    pub fn size(&self) -> u64 {
        self.size_override.unwrap_or(self.blob.len() as u64)
    }

    /// The manifest descriptor.
    pub fn descriptor(&self) -> Value {
        let mut d = json!({
            "mediaType": self.media_type,
            "digest": self.digest(),
            "size": self.size(),
        });
        merge(&mut d, &self.descriptor_extra);
        d
    }
}
