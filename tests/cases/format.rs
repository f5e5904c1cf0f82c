//! Recognising the format: OCI layouts, docker-archives, rootfs tarballs, what is not an image,
//! schema1, artifacts and attestations.

use super::common::*;
use crate::support::compress::*;
use crate::support::edits::Edited;
use crate::support::json::*;
use crate::support::layer::*;
use crate::support::oci_image::*;
use crate::support::oci_layout::*;
use ocilens::engine::finding::Code;
use ocilens::engine::report::{Compression, Content, Format, RefSource, Report, Status};
use serde_json::json;

fn check_good_oci(r: &Report) {
    assert_eq!(r.input.format, Format::OciLayout);
    let l = &r.images[0].layers[0];
    assert_eq!(l.check.digest_status, Some(Status::Verified));
    assert_eq!(l.check.size_status, Some(Status::Verified));
    assert_eq!(l.diff_id.status, Some(Status::Verified));
    assert_eq!(l.compression, Some(Content::Gzip));
    assert_eq!(
        r.references[0].normalized.as_deref(),
        Some("example.com/app:1.0")
    );
    // the generated config runs `/bin/sh`, which this image lacks: the runtime
    // lint's (tests/cases/runtime.rs); the archive itself has no error
    let errors: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity == ocilens::engine::finding::Severity::Error)
        .map(|f| f.code)
        .collect();
    assert_eq!(errors, [Code::RuntimeEntrypointMissing]);
}
fn good_docker() -> Vec<u8> {
    docker_archive(&["kimai/kimai2:apache"]).build()
}
fn check_good_docker(r: &Report) {
    assert_eq!(r.input.format, Format::DockerArchive);
    assert!(r.references.iter().any(|x| x.source == RefSource::RepoTags
        && x.normalized.as_deref() == Some("docker.io/kimai/kimai2:apache")));
    assert_eq!(r.images[0].layers[0].diff_id.status, Some(Status::Verified));
}
fn good_docker25() -> Vec<u8> {
    OciLayoutBuilder::new()
        .image(img().with_repo_tag("app:1"))
        .docker_manifest_json(true)
        .build()
}
fn good_dot_slash_metadata_last() -> Vec<u8> {
    OciLayoutBuilder::new()
        .image(
            img()
                .with_ref_name("1.0")
                .with_image_name("docker.io/library/app:1.0"),
        )
        .dot_slash_prefix(true)
        .metadata_last(true)
        .nested_index(true)
        .build()
}
fn good_symlinked() -> Vec<u8> {
    docker_archive(&["app:1"]).symlinked_layers(true).build()
}
fn zip() -> Vec<u8> {
    b"PK\x03\x04\x14\x00\x00\x00\x08\x00some zip bytes".to_vec()
}
fn notes_tar() -> Vec<u8> {
    rootfs_tar(&[("notes.txt", b"hello"), ("more/notes.md", b"# hi")])
}
fn gzip_text() -> Vec<u8> {
    gzip(b"just some text, not a tar")
}
fn rootfs() -> Vec<u8> {
    base_tar()
}
fn check_rootfs(r: &Report) {
    assert_eq!(r.input.format, Format::RootfsTar);
    assert_eq!(
        r.input.rootfs_diff_id.as_deref(),
        Some(digest(&base_tar()).as_str())
    );
}
fn rootfs_xz() -> Vec<u8> {
    xz(&base_tar())
}
fn check_rootfs_xz(r: &Report) {
    assert_eq!(r.input.outer_compression, Compression::Xz);
    assert_eq!(
        r.input.rootfs_diff_id.as_deref(),
        Some(digest(&base_tar()).as_str())
    );
}
fn no_oci_layout() -> Vec<u8> {
    OciLayoutBuilder::new()
        .image(img())
        .omit_path("oci-layout")
        .build()
}
fn bad_layout_version() -> Vec<u8> {
    let mut b = OciLayoutBuilder::new().image(img());
    b.oci_layout_bytes = Some(br#"{"imageLayoutVersion":"2.0.0"}"#.to_vec());
    b.build()
}
fn no_index() -> Vec<u8> {
    OciLayoutBuilder::new()
        .image(img())
        .omit_path("index.json")
        .build()
}
fn disagree() -> Vec<u8> {
    let b = OciLayoutBuilder::new()
        .image(img().with_repo_tag("app:1"))
        .docker_manifest_json(true);
    let mut m = b.generated_docker_manifest();
    m[0]["Layers"] = json!([]);
    b.replace_path("manifest.json", to_json(&m)).build()
}
fn schema1() -> Vec<u8> {
    layout_as_is(with_manifest(|m| {
        *m = json!({"schemaVersion": 1, "name": "x", "tag": "y", "fsLayers": [], "history": []});
    }))
}
fn artifact() -> Vec<u8> {
    let mut i = OciImage::new(vec![Layer::new(
        "application/vnd.example.sbom+json",
        b"{}".to_vec(),
        "",
    )]);
    i.config_media_type = "application/vnd.oci.empty.v1+json".into();
    i.config.bytes = Some(b"{}".to_vec());
    layout_as_is(i.with_manifest_field("artifactType", json!("application/vnd.example.sbom")))
}
fn attestation() -> Vec<u8> {
    let base = img();
    let mut att = OciImage::new(vec![Layer::new(
        "application/vnd.in-toto+json",
        b"{\"_type\":\"x\"}".to_vec(),
        "",
    )]);
    att.config.bytes = Some(b"{\"architecture\":\"unknown\",\"os\":\"unknown\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".to_vec());
    att.platform = Some(json!({"architecture": "unknown", "os": "unknown"}));
    att.descriptor_extra.insert(
        "annotations".into(),
        json!({"vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": base.manifest_digest()}),
    );
    OciLayoutBuilder::new()
        .image(base.with_ref_name("example.com/app:1"))
        .image(att)
        .build()
}
/// An attestation listed in `index.json` beside its image: c/image chooses
/// among every descriptor there (seen with podman 4.3.1 and skopeo 1.9.3:
/// "more than one image in oci, choose an image"); ctr imports the image.
fn check_attestation(r: &Report) {
    use ocilens::engine::compat::verdict;
    use ocilens::engine::report::{Action, ToolName, Verdict};
    let several = r
        .findings
        .iter()
        .find(|f| f.code == Code::CompatibilitySeveralImages)
        .expect("several-images");
    assert!(
        several.message.contains("1 of them attestations"),
        "{}",
        several.message
    );
    let podman = verdict(r, ToolName::Podman, Action::Load, None, "4.3.1").unwrap();
    assert_eq!(podman.verdict, Verdict::Fails);
    assert_eq!(podman.because, [Code::CompatibilitySeveralImages]);
    let skopeo = verdict(r, ToolName::Skopeo, Action::Copy, None, "1.9.3").unwrap();
    assert_eq!(skopeo.verdict, Verdict::Fails);
    let ctr = verdict(r, ToolName::Containerd, Action::Import, None, "1.6.20").unwrap();
    assert_eq!(ctr.verdict, Verdict::Ok);
}

crafted! {
    good_oci: A "good oci layout", [OCI], check = check_good_oci;
    good_docker: A "good docker-archive", [], check = check_good_docker;
    good_docker25: A "good docker 25+ save (layout + manifest.json)",
        [OCI, Code::CompatibilityResynthesizedManifest];
    good_dot_slash_metadata_last: A "good containerd-style: ./ prefixes, metadata last, nested index",
        [OCI];
    good_symlinked: A "good symlinked layers (skopeo/podman docker-archive)", [];
    zip: A "zip file", [Code::FormatNotAnImage];
    notes_tar: A "tar of notes", [Code::FormatNotAnImage];
    gzip_text: A "gzip of text", [Code::FormatNotAnImage];
    rootfs: A "rootfs tarball", [Code::FormatRootfsTar], check = check_rootfs;
    rootfs_xz: A "xz rootfs tarball (podman import input)",
        [Code::FormatRootfsTar],
        check = check_rootfs_xz;
    no_oci_layout: A "oci-layout missing", [Code::FormatOciLayoutMissing, OCI];
    bad_layout_version: A "oci-layout version", [Code::FormatOciLayoutVersion, OCI];
    no_index: A "index.json missing", [Code::FormatIndexMissing, Code::ArchiveUnreferencedBlob];
    disagree: A "manifest.json disagrees with index.json (moby#47065)",
        [Code::FormatDescriptionsDisagree, OCI, Code::CompatibilityResynthesizedManifest,
         Code::DiffidCount, Code::DiffidHistoryCount];
    schema1: C "schema1 manifest", [Code::FormatSchema1, Code::ArchiveUnreferencedBlob];
    artifact: B "artifact", [Code::FormatArtifact, Code::ReferenceNone];
    attestation: B "attestation manifest", [Code::FormatAttestation, OCI], check = check_attestation;
}
