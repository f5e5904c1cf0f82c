//! The archive: the outer tar ([`outer`], read by [`crate::engine::tar`]), what it is
//! ([`detect`]), the [`resolver`] that fetches its documents, finds its blobs and
//! queues their jobs, and the two descriptions an image archive can carry, read
//! through it: the OCI layout ([`oci_layout`], whose manifests become images in
//! [`image`]) and Docker's `manifest.json` ([`docker_archive`]).

pub mod detect;
pub mod docker_archive;
pub mod image;
pub mod oci_layout;
pub mod outer;
pub mod resolver;
