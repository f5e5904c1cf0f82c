//! The compatibility facts (`engine::compat::facts`): which descriptions an
//! archive carries, how many images, whole-archive compression, a platform
//! index, `./` names. Each case also checks the verdicts its fact decides,
//! for a tool and version it fails or warns and one it does not.

use super::common::*;
use crate::support::compress::*;
use crate::support::docker_archive::*;
use crate::support::edits::Edited;
use crate::support::layer::*;
use crate::support::oci_image::*;
use crate::support::oci_layout::*;
use ocilens::engine::compat::verdict;
use ocilens::engine::finding::Code;
use ocilens::engine::report::{Action, Report, ToolName, Verdict};

const NO_DOCKER: Code = Code::CompatibilityNoDockerManifest;

/// The verdict of `tool` `action` (`variant`) at `version`.
fn at(r: &Report, tool: ToolName, action: Action, variant: Option<&str>, version: &str) -> Verdict {
    verdict(r, tool, action, variant, version)
        .unwrap_or_else(|| panic!("no column {tool} {action} {variant:?}"))
        .verdict
}

/// `tool` `action` at `bad` gives `verdict` because of `code`; at `good` it does not.
fn says(
    r: &Report,
    tool: ToolName,
    action: Action,
    bad: &str,
    verdict_: Verdict,
    code: Code,
    good: &str,
) {
    let v = verdict(r, tool, action, None, bad).unwrap();
    assert_eq!(v.verdict, verdict_, "{tool} {action} {bad}: {v:?}");
    assert!(v.because.contains(&code), "{tool} {action} {bad}: {v:?}");
    assert!(v.source.starts_with("https://"));
    let w = verdict(r, tool, action, None, good).unwrap();
    assert!(!w.because.contains(&code), "{tool} {action} {good}: {w:?}");
}

fn facts_oci_layout() -> Vec<u8> {
    good_oci()
}
fn check_oci_layout(r: &Report) {
    says(
        r,
        ToolName::Docker,
        Action::Load,
        "20.10.24",
        Verdict::Fails,
        NO_DOCKER,
        "29.0",
    );
    assert_eq!(
        at(r, ToolName::Trivy, Action::Scan, None, "0.50"),
        Verdict::Fails
    );
    assert_eq!(
        at(r, ToolName::Podman, Action::Load, None, "4.3.1"),
        Verdict::Ok
    );
    assert_eq!(
        at(r, ToolName::Umoci, Action::Unpack, None, "0.4.7"),
        Verdict::Ok
    );
    let f = r.findings.iter().find(|f| f.code == NO_DOCKER).unwrap();
    assert!(
        f.fix
            .as_deref()
            .unwrap()
            .starts_with("skopeo copy oci-archive:"),
        "{f:?}"
    );
}
fn facts_docker_archive() -> Vec<u8> {
    docker_archive(&["example.com/app:1.0"]).build()
}
fn check_docker_archive(r: &Report) {
    let c = Code::CompatibilityNoOciLayout;
    assert_eq!(
        at(r, ToolName::Umoci, Action::Unpack, None, "0.4.7"),
        Verdict::Fails
    );
    assert_eq!(
        at(r, ToolName::Docker, Action::Load, None, "20.10"),
        Verdict::Ok
    );
    assert_eq!(
        at(r, ToolName::Podman, Action::Load, None, "4.3.1"),
        Verdict::Ok
    );
    let u = verdict(r, ToolName::Umoci, Action::Unpack, None, "0.5").unwrap();
    assert_eq!(u.because, [c]);
}
fn facts_docker_oci_save() -> Vec<u8> {
    OciLayoutBuilder::new()
        .image(img())
        .docker_manifest_json(true)
        .build()
}
fn check_docker_oci_save(r: &Report) {
    assert_eq!(
        at(r, ToolName::Dive, Action::Scan, None, "0.13.1"),
        Verdict::Fails
    );
    // a manifest.json is there: docker load 20.10 reads it, but takes names
    // from its RepoTags only, and this one has none (seen with 20.10.24:
    // "Loaded image ID: sha256:…", no name although index.json gives one)
    let d = verdict(r, ToolName::Docker, Action::Load, None, "20.10.24").unwrap();
    assert_eq!(d.verdict, Verdict::Warns, "{d:?}");
    assert_eq!(d.because, [Code::CompatibilityDockerOciSave]);
    assert_eq!(
        at(r, ToolName::Docker, Action::Load, None, "29.0"),
        Verdict::Ok
    );
}
fn facts_several_images() -> Vec<u8> {
    let other = OciImage::new(vec![Layer::tar_gzip(rootfs_tar(&[("etc/other", b"2")]))])
        .with_ref_name("example.com/app:2.0");
    OciLayoutBuilder::new().image(img()).image(other).build()
}
fn check_several_images(r: &Report) {
    let c = Code::CompatibilitySeveralImages;
    says(
        r,
        ToolName::Podman,
        Action::Load,
        "4.3.1",
        Verdict::Fails,
        c,
        "5.0",
    );
    let s = verdict(r, ToolName::Skopeo, Action::Copy, None, "1.9.3").unwrap();
    assert_eq!(s.verdict, Verdict::Fails);
    assert!(s
        .message
        .unwrap()
        .contains("more than one image in oci, choose an image"));
}
fn facts_several_docker_images_gzip() -> Vec<u8> {
    let two = DockerArchiveBuilder::new()
        .image(DockerImage::new(vec![base_tar()]).with_repo_tag("example.com/app:1.0"))
        .image(
            DockerImage::new(vec![rootfs_tar(&[("etc/other", b"2")])])
                .with_repo_tag("example.com/app:2.0"),
        )
        .build();
    gzip(&two)
}
fn facts_docker_zstd_archive() -> Vec<u8> {
    zstd(&docker_archive(&["example.com/app:1.0"]).build())
}
fn check_docker_zstd_archive(r: &Report) {
    let c = Code::CompatibilityCompressedArchive;
    says(
        r,
        ToolName::Docker,
        Action::Load,
        "20.10.24",
        Verdict::Fails,
        c,
        "23.0",
    );
    // ctr before 2.0 reads no compressed archive (seen with 1.6.20: "ctr:
    // archive/tar: invalid tar header"); 2.0 decompresses gzip and zstd
    assert_eq!(
        at(r, ToolName::Containerd, Action::Import, None, "1.6.20"),
        Verdict::Fails
    );
    assert_eq!(
        at(r, ToolName::Containerd, Action::Import, None, "2.0"),
        Verdict::Ok
    );
    // zstd (unlike gzip) docker-archives load in podman 4.3.1
    assert_eq!(
        at(r, ToolName::Podman, Action::Load, None, "4.3.1"),
        Verdict::Ok
    );
    let fix = verdict(r, ToolName::Docker, Action::Load, None, "20.10")
        .unwrap()
        .fix;
    assert!(fix.as_deref().unwrap().starts_with("zstd -dc "), "{fix:?}");
}
fn facts_oci_xz_archive() -> Vec<u8> {
    xz(&good_oci())
}
fn check_oci_xz_archive(r: &Report) {
    let c = Code::CompatibilityCompressedArchive;
    let v = verdict(r, ToolName::Containerd, Action::Import, None, "1.6.20").unwrap();
    assert_eq!((v.verdict, v.because), (Verdict::Fails, vec![c]));
    assert_eq!(
        at(r, ToolName::K3s, Action::Import, None, "1.30"),
        Verdict::Fails
    );
    assert_eq!(
        at(r, ToolName::Podman, Action::Load, None, "4.3.1"),
        Verdict::Ok
    );
    assert_eq!(
        at(r, ToolName::Skopeo, Action::Copy, None, "1.9.3"),
        Verdict::Ok
    );
}
fn check_several_docker_images_gzip(r: &Report) {
    // podman 4.3.1 and skopeo 1.9.3 (run here) fail on a gzip'd docker-archive
    let p = verdict(r, ToolName::Podman, Action::Load, None, "4.3.1").unwrap();
    assert_eq!(p.verdict, Verdict::Fails, "{p:?}");
    assert_eq!(p.because, [Code::CompatibilityCompressedArchive]);
    assert_eq!(
        at(r, ToolName::Skopeo, Action::Copy, None, "1.9.3"),
        Verdict::Fails
    );
    assert_eq!(
        at(r, ToolName::Docker, Action::Load, None, "20.10"),
        Verdict::Ok
    );
}
fn facts_platform_index() -> Vec<u8> {
    OciLayoutBuilder::new()
        .image(img().with_platform("amd64", "linux"))
        .nested_index(true)
        .build()
}
fn check_platform_index(r: &Report) {
    // an index that wraps one manifest: umoci 0.4.7 unpacks it and ctr
    // leaves nothing out (seen with both); "tag is ambiguous" and ctr's
    // lost platforms need several (`multi-platform.tar`, the load oracle)
    assert!(r
        .findings
        .iter()
        .any(|f| f.code == Code::CompatibilityPlatformIndex));
    assert_eq!(
        at(r, ToolName::Umoci, Action::Unpack, None, "0.4.7"),
        Verdict::Ok
    );
    assert_eq!(
        at(r, ToolName::Containerd, Action::Import, None, "1.6.20"),
        Verdict::Ok
    );
    assert_eq!(
        at(r, ToolName::Podman, Action::Load, None, "4.3.1"),
        Verdict::Ok
    );
}
fn facts_dot_slash() -> Vec<u8> {
    docker_archive(&["example.com/app:1.0"])
        .dot_slash_prefix(true)
        .build()
}
fn check_dot_slash(r: &Report) {
    let c = Code::CompatibilityDotSlashNames;
    let t = verdict(r, ToolName::Trivy, Action::Scan, None, "0.50").unwrap();
    assert_eq!(t.verdict, Verdict::Fails);
    assert_eq!(t.because, [c]);
    assert_eq!(
        at(r, ToolName::Docker, Action::Load, None, "20.10"),
        Verdict::Ok
    );
}

fn verdicts_platform_not_saved() -> Vec<u8> {
    let amd = img().with_platform("amd64", "linux");
    let mut arm = OciImage::new(vec![Layer::tar_gzip(rootfs_tar(&[("etc/arch", b"arm64")]))])
        .with_platform("arm64", "linux");
    arm.architecture = "arm64".into();
    OciLayoutBuilder::new().image(amd).absent_image(arm).build()
}
fn check_platform_not_saved(r: &Report) {
    let c = Code::BlobMissingPlatformNotSaved;
    let all = Some("--all-platforms");
    let v = verdict(r, ToolName::Containerd, Action::Import, all, "1.6.20").unwrap();
    assert_eq!(
        (v.verdict, v.because.contains(&c)),
        (Verdict::Fails, true),
        "{v:?}"
    );
    assert_eq!(
        at(r, ToolName::Containerd, Action::Import, None, "1.6.20"),
        Verdict::Warns
    );
    says(
        r,
        ToolName::K3s,
        Action::Import,
        "1.28.8",
        Verdict::Fails,
        c,
        "1.30.1",
    );
    let f = r.findings.iter().find(|f| f.code == c).unwrap();
    assert!(f.explanation.contains("--all-platforms") && f.explanation.contains("k3s/rke2"));
    assert!(
        f.fix.as_deref().unwrap().contains("-one-platform.tar"),
        "{f:?}"
    );
}
fn verdicts_docker_manifest_oci_layer() -> Vec<u8> {
    layout_as_is(OciImage::docker(vec![Layer::tar_gzip(base_tar())]).with_ref_name(NAME))
}
fn check_docker_manifest_oci_layer(r: &Report) {
    let c = Code::MediaTypeMixDockerManifestOciLayer;
    let p = verdict(r, ToolName::Podman, Action::Load, None, "5.4").unwrap();
    assert_eq!(
        (p.verdict, p.because.contains(&c)),
        (Verdict::Fails, true),
        "{p:?}"
    );
    assert!(p
        .message
        .unwrap()
        .contains("unsupported docker v2s2 media type"));
    // Docker and containerd accept it
    assert_eq!(
        at(r, ToolName::Containerd, Action::Import, None, "2.0"),
        Verdict::Ok
    );
}

crafted! {
    facts_oci_layout: A "facts: OCI layout without manifest.json", [OCI, NO_DOCKER],
        check = check_oci_layout;
    facts_docker_archive: A "facts: docker-archive", [Code::CompatibilityNoOciLayout],
        check = check_docker_archive;
    facts_docker_oci_save: A "facts: OCI layout with manifest.json (Docker 25+)",
        [OCI, Code::CompatibilityDockerOciSave, Code::CompatibilityResynthesizedManifest],
        check = check_docker_oci_save;
    facts_several_images: B "facts: two images in one layout",
        [OCI, NO_DOCKER, Code::CompatibilitySeveralImages], check = check_several_images;
    facts_several_docker_images_gzip: A "facts: gzip'd docker-archive of two images",
        [Code::CompatibilityNoOciLayout, Code::CompatibilitySeveralImages,
         Code::CompatibilityCompressedArchive],
        check = check_several_docker_images_gzip;
    facts_docker_zstd_archive: A "facts: zstd-compressed docker-archive",
        [Code::CompatibilityNoOciLayout, Code::CompatibilityCompressedArchive],
        check = check_docker_zstd_archive;
    facts_oci_xz_archive: A "facts: xz-compressed OCI layout",
        [OCI, NO_DOCKER, Code::CompatibilityCompressedArchive], check = check_oci_xz_archive;
    facts_platform_index: B "facts: index.json points to a platform index",
        [OCI, NO_DOCKER, Code::CompatibilityPlatformIndex], check = check_platform_index;
    facts_dot_slash: A "facts: ./ entry names", [Code::CompatibilityNoOciLayout,
        Code::CompatibilityDotSlashNames], check = check_dot_slash;
    verdicts_platform_not_saved: B "verdicts: platforms listed, not saved",
        [Code::BlobMissingPlatformNotSaved, OCI, NO_DOCKER, Code::CompatibilitySeveralImages],
        check = check_platform_not_saved;
    verdicts_docker_manifest_oci_layer: B "verdicts: schema2 manifest with an OCI layer",
        [Code::MediaTypeMixDockerManifestOciLayer, Code::CompatibilityDockerManifestInLayout,
         Code::MediaTypeMixIndexFamily, NO_DOCKER], check = check_docker_manifest_oci_layer;
}
