//! Resource caps. Every cap that fires becomes a `limits` finding saying what
//! was not read or verified; nothing is ever allocated from a size declared in
//! the input.

use serde::{Deserialize, Serialize};

const MIB: u64 = 1024 * 1024;

/// The default zstd window cap ([`Limits::zstd_window`], the codec's
/// `CodecLimits::zstd_window_max`): 128 MiB, libzstd's default (`ZSTD_WINDOWLOG_LIMIT_DEFAULT`
/// = 27).
pub const DEFAULT_ZSTD_WINDOW_MAX: u64 = 128 * MIB;

/// The default xz decoder memory cap ([`Limits::xz_memory`], the codec's
/// `CodecLimits::xz_memory_max`): 128 MiB (`xz -9` needs 64 MiB).
pub const DEFAULT_XZ_MEMORY_MAX: u64 = 128 * MIB;

/// The caps applied while reading an image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Largest index, manifest or `manifest.json` read (containerd uses 20 MiB, CVE-2023-25153).
    pub json_document: u64,
    /// Largest config read (configs with long `history`).
    pub json_config: u64,
    /// Largest payload of one tar extension header (`L`, `K`, `x`, `g`); Go CVE-2022-2879.
    pub tar_extension: u64,
    /// Longest path kept (longer ones are truncated for display).
    pub path_length: u64,
    /// zstd window (libzstd's default maximum).
    pub zstd_window: u64,
    /// xz decoder memory (`xz -9` needs 64 MiB).
    pub xz_memory: u64,
    /// Nested image indexes followed.
    pub index_depth: u32,
    /// Entries listed per layer.
    pub entries_per_layer: u64,
    /// Symlink hops when resolving a path (Linux `MAXSYMLINKS`).
    pub symlink_hops: u32,
    /// Decompressed bytes read per layer.
    pub decompressed_bytes: u64,
    /// Total bytes of small documents kept in memory in one-pass mode.
    pub buffered_documents: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            json_document: 4 * MIB,
            json_config: 8 * MIB,
            tar_extension: MIB,
            path_length: 64 * 1024,
            zstd_window: DEFAULT_ZSTD_WINDOW_MAX,
            xz_memory: DEFAULT_XZ_MEMORY_MAX,
            index_depth: 16,
            entries_per_layer: 5_000_000,
            symlink_hops: 40,
            decompressed_bytes: 64 * 1024 * MIB,
            buffered_documents: 64 * MIB,
        }
    }
}
