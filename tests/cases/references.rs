//! Image names: `org.opencontainers.image.ref.name`, `RepoTags` and `repositories`.

use super::common::*;
use crate::support::edits::Edited;
use crate::support::json::*;
use crate::support::layer::*;
use crate::support::oci_image::*;
use crate::support::oci_layout::*;
use ocilens::engine::finding::Code;
use serde_json::json;

fn ref_missing_tag() -> Vec<u8> {
    layout_as_is(img().with_ref_name("docker.io/kimai/kimai2"))
}
fn ref_invalid() -> Vec<u8> {
    docker_archive(&["kimai/Kimai2:apache"]).build()
}
fn ref_tag_only() -> Vec<u8> {
    layout_as_is(img().with_ref_name("apache"))
}
fn ref_ambiguous() -> Vec<u8> {
    let other = OciImage::new(vec![Layer::tar_gzip(rootfs_tar(&[("etc/other", b"2")]))]);
    OciLayoutBuilder::new()
        .image(img().with_ref_name("example.com/app:1"))
        .image(other.with_ref_name("example.com/app:1"))
        .build()
}
fn ref_disagree() -> Vec<u8> {
    let b = docker_archive(&["app:1"]);
    b.replace_path("repositories", to_json(&json!({"other": {"2": "abc"}})))
        .build()
}
fn ref_none() -> Vec<u8> {
    docker_archive(&[]).write_repositories(false).build()
}
fn ref_digest_mismatch() -> Vec<u8> {
    layout_as_is(img().with_image_name(&format!("example.com/app@sha256:{}", "0".repeat(64))))
}

crafted! {
    ref_missing_tag: B "name without tag (Incus kimai)", [Code::ReferenceMissingTag, OCI];
    ref_invalid: B "upper-case repository", [Code::ReferenceInvalid];
    ref_tag_only: B "tag-only ref.name", [Code::ReferenceTagOnly, OCI];
    ref_ambiguous: B "one name, two images", [Code::ReferenceAmbiguous, OCI];
    ref_disagree: B "RepoTags vs repositories", [Code::ReferenceDisagree];
    ref_none: B "no name at all", [Code::ReferenceNone];
    ref_digest_mismatch: B "pinned digest that is not the manifest's",
        [Code::ReferenceDigestMismatch, OCI];
}
