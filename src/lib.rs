//! # ocilens
//!
//! A container-image tarball inspector. The [`engine`] reads an image archive
//! (`docker save`, `podman save`, `skopeo copy` to docker-archive or oci-archive,
//! an OCI layout packed in a tar, any of them compressed as a whole, or a bare
//! filesystem tarball), verifies every digest, size and DiffID, and explains
//! each defect as a [`engine::finding::Finding`].
//!
//! The pipeline, in one page:
//!
//! 1. **Sniff** the first bytes ([`engine::codec`]): a compressed input is
//!    decoded on the fly and read in one pass; an uncompressed tar can be
//!    seeked.
//! 2. **Index pass** ([`engine::index`]): walk the outer tar headers only,
//!    read the small JSON documents (capped), tell the format apart by content
//!    and resolve the graph index → manifests → config and layers.
//! 3. **Blob pass** ([`engine::verify_blob`]): stream each layer once — hash the
//!    stored bytes (digest, size), sniff and decode them, hash the decoded
//!    stream (DiffID) and walk the layer tar ([`engine::tree`]).
//! 4. **Finish** ([`engine::finish`]): cross-checks that need everything (DiffIDs against the
//!    config, media types, references, compatibility, the merged file tree)
//!    and the versioned [`engine::report::Report`].
//!
//! Progress and findings are reported through an [`engine::Sink`]; the CLI,
//! the browser worker and the tests are three implementations of it.

pub mod engine;
pub mod protocol;
pub mod view_model;

#[cfg(target_arch = "wasm32")]
pub mod web;
