//! The Overview's identities per archive kind: the image ID (config digest,
//! short as `docker images` shows it), the manifest digest, and whether the
//! archive keeps the registry's manifest digest. Real-tool fixtures
//! (`tests/fixtures/README.md`) for docker-archive and OCI layouts, crafted
//! archives (`tests/support`) for Docker 25+ saves and a missing manifest.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]

mod support;

use ocilens::engine::report::{Format, Report, Status};
use ocilens::engine::{inspect, NullSink, Options};
use ocilens::view_model::overview::{Identity, ManifestKept};
use std::io::Cursor;
use support::layer::Layer;
use support::oci_image::OciImage;
use support::oci_layout::OciLayoutBuilder;
use support::tar_writer::TarWriter;

fn report(bytes: Vec<u8>, name: &str) -> Report {
    let o = Options {
        name: name.into(),
        ..Options::default()
    };
    inspect(Cursor::new(bytes), &o, &mut NullSink).expect("inspects")
}

fn fixture(name: &str) -> Report {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    report(std::fs::read(path).expect("fixture"), name)
}

/// The identity of every image of `r`.
fn identities(r: &Report) -> Vec<Identity> {
    r.images
        .iter()
        .map(|i| Identity::of(r.input.format, i, &r.findings))
        .collect()
}

#[test]
fn a_docker_archive_keeps_no_manifest() {
    for name in [
        "docker-save.tar",
        "docker-save-multi.tar",
        "podman-docker-archive.tar",
        "skopeo-docker-archive.tar",
        "docker-save.tar.zst",
    ] {
        let r = fixture(name);
        assert_eq!(r.input.format, Format::DockerArchive, "{name}");
        for (id, img) in identities(&r).iter().zip(&r.images) {
            assert_eq!(id.manifest_kept, ManifestKept::NotStored, "{name}");
            assert_eq!(id.manifest_kept.answer(), "no");
            assert_eq!(id.manifest_digest, None, "{name}: no manifest, no digest");
            let config = img.config.digest.clone().expect("config digest");
            assert_eq!(id.image_id.as_deref(), Some(config.as_str()), "{name}");
            // `docker images` shows the first 12 hex digits
            let short = id.image_id_short.clone().expect("short");
            assert_eq!(short.len(), 12);
            assert!(
                config.starts_with(&format!("sha256:{short}")),
                "{name}: {short}"
            );
        }
    }
}

#[test]
fn an_oci_layout_keeps_the_manifest_blob() {
    for name in [
        "skopeo-oci-gzip.tar",
        "podman-oci-archive.tar",
        "buildah-oci.tar",
        "buildah-docker.tar",
        "umoci-layout.tar",
        "multi-platform.tar",
        "skopeo-oci-gzip.tar.gz",
        "podman-oci-archive.tar.xz",
    ] {
        let r = fixture(name);
        assert!(r.input.format.is_oci_layout(), "{name}");
        let ids = identities(&r);
        assert!(!ids.is_empty(), "{name}");
        for (id, img) in ids.iter().zip(&r.images) {
            assert_eq!(id.manifest_kept, ManifestKept::Kept, "{name}");
            assert_eq!(id.manifest_kept.answer(), "yes");
            assert_eq!(id.manifest_digest, img.manifest.digest, "{name}");
            assert!(id.manifest_digest.is_some(), "{name}");
            assert_ne!(id.manifest_digest, id.image_id, "{name}: two identities");
        }
    }
}

fn layer() -> Layer {
    let mut t = TarWriter::new();
    t.dir("etc").file("etc/hostname", b"ocilens\n");
    Layer::tar_gzip(t.finish())
}

/// Docker 25+ from the graphdriver store: an OCI layout plus a
/// `manifest.json` with `LayerSources`, its manifest re-created on save.
#[test]
fn a_docker_25_save_recreates_its_manifest() {
    let bytes = OciLayoutBuilder::new()
        .image(OciImage::new(vec![layer()]).with_repo_tag("app:1"))
        .docker_manifest_json(true)
        .build();
    let r = report(bytes, "docker25.tar");
    assert_eq!(r.input.format, Format::OciLayoutDockerManifest);
    let ids = identities(&r);
    assert_eq!(
        ids.len(),
        1,
        "manifest.json and index.json describe one image"
    );
    assert_eq!(ids[0].manifest_kept, ManifestKept::Recreated);
    assert_eq!(ids[0].manifest_kept.answer(), "no");
    assert!(ids[0].manifest_digest.is_some());
}

/// containerd's exporter: a nested index, the registry's blobs as they are.
#[test]
fn a_containerd_export_keeps_the_manifest() {
    let bytes = OciLayoutBuilder::new()
        .image(OciImage::new(vec![layer()]).with_ref_name("example.com/app:1.0"))
        .nested_index(true)
        .build();
    let r = report(bytes, "ctr-export.tar");
    let ids = identities(&r);
    assert_eq!(ids.len(), 1);
    assert_eq!(ids[0].manifest_kept, ManifestKept::Kept);
}

/// A manifest blob whose bytes do not hash to the digest the index names:
/// the digest is only the index's claim. (A manifest whose blob is absent
/// makes no image at all.)
#[test]
fn a_manifest_that_does_not_verify_is_only_a_claim() {
    let image = OciImage::new(vec![layer()]).with_ref_name("example.com/app:1.0");
    let digest = image.manifest_digest();
    // the same document with one more space: still parsed, another digest
    let mut other = image.manifest_blob();
    other.push(b' ');
    let bytes = OciLayoutBuilder::new()
        .image(image)
        .replace_blob(&digest, other)
        .build();
    let r = report(bytes, "mismatch.tar");
    let ids = identities(&r);
    assert_eq!(ids.len(), 1);
    assert_eq!(
        ids[0].manifest_kept,
        ManifestKept::Unverified(Some(Status::Mismatch))
    );
    assert_eq!(ids[0].manifest_kept.answer(), "not verified");
    assert_eq!(ids[0].manifest_digest.as_deref(), Some(digest.as_str()));
}
