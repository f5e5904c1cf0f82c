//! Lenient models of the documents an image archive carries, named after
//! the spec documents they implement. Strings stay strings (digests, media
//! types); every violation becomes a finding rather than a rejection.

pub mod config;
pub mod descriptor;
pub mod digest;
pub mod docker_manifest;
pub mod fields;
pub mod json;
pub mod manifest;
pub mod media_type;
pub mod reference;
