//! Telling the input apart by content, never by file name.
//!
//! - `oci-layout` and/or `index.json` → OCI layout; plus `manifest.json` →
//!   `oci-layout+docker-manifest`;
//! - only `manifest.json` → `docker-archive`;
//! - neither, and entries look like a file system → `rootfs-tar`;
//! - else `unknown`.

use super::outer::Entries;
pub use crate::engine::report::Format;

/// Top-level directories of a Linux or Windows file system.
const FS_DIRS: &[&str] = &[
    "bin", "boot", "dev", "etc", "home", "lib", "lib32", "lib64", "libx32", "media", "mnt", "opt",
    "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var", "Files", "Hives", "app",
    "nix",
];

/// Detects the format from the entry names.
pub fn detect(entries: &Entries) -> Format {
    let has = |n: &str| entries.get(n).is_some();
    let oci = has("oci-layout") || has("index.json");
    let docker = has("manifest.json");
    if oci && docker {
        Format::OciLayoutDockerManifest
    } else if oci {
        Format::OciLayout
    } else if docker {
        Format::DockerArchive
    } else if entries.list.iter().any(|e| {
        e.name
            .split('/')
            .next()
            .is_some_and(|top| FS_DIRS.contains(&top))
    }) {
        Format::RootfsTar
    } else {
        Format::Unknown
    }
}
