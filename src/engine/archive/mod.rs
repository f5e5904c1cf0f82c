//! The archive: the outer tar ([`outer`], read by [`crate::engine::tar`]), what it is
//! ([`detect`]), and the two descriptions an image archive can carry: the
//! OCI layout ([`oci_layout`]) and Docker's `manifest.json`
//! ([`docker_archive`]).

pub mod builder;
pub mod detect;
pub mod docker_archive;
pub mod image;
pub mod oci_layout;
pub mod outer;
