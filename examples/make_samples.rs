//! Writes the crafted incident samples that no Debian tool can produce, with
//! the same builders the crafted tests use (`tests/support`). Called by
//! `scripts/make-fixtures`: `cargo run --example make_samples DIR`.
//!
//! - `trillian-mixed-media-types.tar`: an OCI manifest whose last layer is
//!   Docker-typed (google/trillian#3338, old Kaniko);
//! - `zstd-typed-gzip.tar`: zstd bytes under a gzip media type;
//! - `path-traversal.tar`: a layer entry `../../etc/passwd`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a developer tool over trusted, generated input; it fails loudly"
)]

#[path = "../tests/support/mod.rs"]
mod support;

use support::layer::{rootfs_tar, Layer};
use support::oci_image::OciImage;
use support::oci_layout::OciLayoutBuilder;
use support::tar_writer::TarWriter;

fn base() -> Vec<u8> {
    rootfs_tar(&[
        ("etc/os-release", b"ID=ocilens-sample\n"),
        ("app/run.sh", b"#!/bin/sh\necho hello\n"),
    ])
}

fn main() -> std::io::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/fixtures".into());
    let write = |name: &str, bytes: Vec<u8>| std::fs::write(format!("{dir}/{name}"), bytes);

    // google/trillian#3338: Kaniko < 1.15.0 appended a Docker-typed layer to an OCI manifest
    let trillian = OciImage::new(vec![
        Layer::tar_gzip(base()),
        Layer::docker_gzip(rootfs_tar(&[(
            "usr/local/bin/db_server",
            b"\x7fELF fake binary\n",
        )])),
    ])
    .with_ref_name("gcr.io/trillian-opensource-ci/db_server:v1.6.0");
    write(
        "trillian-mixed-media-types.tar",
        OciLayoutBuilder::new().image(trillian).build(),
    )?;

    // zstd bytes typed as gzip: tools that trust the media type fail (containerd/containerd#9981)
    let zstd_as_gzip = OciImage::new(vec![
        Layer::tar_zstd(base()).with_media_type("application/vnd.oci.image.layer.v1.tar+gzip")
    ])
    .with_ref_name("example.com/zstd-typed-gzip:1.0");
    write(
        "zstd-typed-gzip.tar",
        OciLayoutBuilder::new().image(zstd_as_gzip).build(),
    )?;

    // CVE-2014-9356-style traversal entry
    let mut t = TarWriter::new();
    t.dir("etc/")
        .file("etc/hostname", b"sample\n")
        .file("../../etc/passwd", b"root::0:0::/root:/bin/sh\n");
    let traversal = OciImage::new(vec![Layer::tar_gzip(t.finish())])
        .with_ref_name("example.com/path-traversal:1.0");
    write(
        "path-traversal.tar",
        OciLayoutBuilder::new().image(traversal).build(),
    )?;
    Ok(())
}
