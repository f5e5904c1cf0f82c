//! The fixed list of causes (analysis.md §2) in plain words: why each
//! happens and how to make builds reproducible. docs/diff.md shows the same
//! text; a test keeps the two in step.

use super::evidence::Evidence;
use super::schema::{Cause, CauseItem};

/// Why `cause` happens.
pub fn explanation(cause: Cause) -> &'static str {
    match cause {
        Cause::Content => "The images really differ: files were added or removed, or a file holds other bytes, another type or another link target.",
        Cause::Mtime => "The same files with the same bytes, but other modification times. A build that stamps the current time into every file writes another layer tar, so the DiffID and the digest change although nothing else did.",
        Cause::Ownership => "The same bytes owned by another uid or gid: the files were copied as another user, chowned differently, or built rootless with other id mappings.",
        Cause::Mode => "The same bytes with other permission bits: another umask in the build context or the builder, a chmod, or a checkout that does not keep modes.",
        Cause::EntryOrder => "The same entries in another order inside the layer tar: the tar writer walked the file system in another order (directory order differs between file systems and machines).",
        Cause::TarHeaders => "The same entries, encoded differently: ustar, GNU or PAX headers, owner names filled in or not, extended attributes, file-type bits in the mode field, or padding. Another tar writer made the layer.",
        Cause::Compression => "The same uncompressed layer (the same DiffID), compressed differently: another codec (gzip or zstd), level or implementation (pigz or Go's gzip). The layer digest is over the compressed bytes, so it changes; a registry may store both.",
        Cause::Format => "The same image in another container format. A docker-archive (`docker save`) carries no manifest, only manifest.json, so it has no manifest digest; an OCI layout carries the manifest blob. Converting between Docker schema2 and OCI media types writes a new manifest, and Docker's graphdriver store re-creates the manifest on save.",
        Cause::Config => "Metadata only: fields of the image config differ (listed under config), so the config digest, the image ID, differs.",
        Cause::Manifest => "The same config and layers under another manifest: annotations, media types or field order were rewritten by a re-push or a conversion.",
    }
}

/// How to avoid `cause`, or what to do about it.
pub fn fix(cause: Cause) -> &'static str {
    match cause {
        Cause::Content => "Nothing to make reproducible: this is the change itself. Read the paths under files.",
        Cause::Mtime => "Build reproducibly: set SOURCE_DATE_EPOCH; buildah: `--timestamp <epoch>`; BuildKit: SOURCE_DATE_EPOCH with the exporter option `rewrite-timestamp=true`; `tar --mtime=@<epoch>` for hand-made layers.",
        Cause::Ownership => "Set the owner explicitly (`COPY --chown=UID:GID`) and build as the same user with the same id mappings.",
        Cause::Mode => "Set the mode explicitly (`COPY --chmod=…`), or build with a fixed umask from a checkout that keeps modes.",
        Cause::EntryOrder => "Use a builder that sorts entries (BuildKit and buildah do; `tar --sort=name` for hand-made layers), and the same one on both sides.",
        Cause::TarHeaders => "Build both with the same tool and version; for hand-made layers fix the tar flags (`--format=posix`, `--numeric-owner --owner=0 --group=0`, `--pax-option=delete=atime,delete=ctime`).",
        Cause::Compression => "Push with the same compressor and level on both sides (`skopeo copy --dest-compress-format gzip --dest-compress-level N`, `buildah push --compression-format gzip`, BuildKit `compression=gzip,compression-level=N,force-compression=true`), or compare by DiffID.",
        Cause::Format => "Compare the config digest (the image ID) and the DiffIDs, which survive the conversion. To keep a registry's manifest digest, copy to an oci-archive without recompressing (`skopeo copy --preserve-digests docker://… oci-archive:…`).",
        Cause::Config => "For `created` and the history's times set SOURCE_DATE_EPOCH (buildah `--timestamp`, BuildKit SOURCE_DATE_EPOCH); the other fields come from the Containerfile and build arguments (ENV, LABEL, ARG, CMD).",
        Cause::Manifest => "Copy with `skopeo copy --preserve-digests`, or compare by config digest and layer digests.",
    }
}

/// The causes found, in the fixed order, each with its evidence, explanation and fix.
pub fn items(ev: &Evidence) -> Vec<CauseItem> {
    ev.causes()
        .map(|cause| CauseItem {
            cause,
            evidence: ev.line(cause),
            explanation: explanation(cause).to_string(),
            fix: fix(cause).to_string(),
        })
        .collect()
}
