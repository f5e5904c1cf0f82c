//! Writes the crafted incident samples that no Debian tool can produce, with
//! the same builders the crafted tests use (`tests/support`). Called by
//! `scripts/make-fixtures`: `cargo run --example make_samples DIR`.
//!
//! - `trillian-mixed-media-types.tar`: an OCI manifest whose last layer is
//!   Docker-typed (google/trillian#3338, old Kaniko);
//! - `zstd-typed-gzip.tar`: zstd bytes under a gzip media type;
//! - `path-traversal.tar`: a layer entry `../../etc/passwd`.
//! - `debian-shaped.tar`: the special files of a Debian 12 `debootstrap
//!   --variant=minbase` root (the 8 character devices under `/dev`, the 8
//!   setuid and 3 setgid programs, as stub files with Debian's paths and
//!   modes) and a config that sets every member the Overview shows, one `Env`
//!   value a secret.

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

/// A layer with the special files of a Debian 12 minbase root: `/dev`'s
/// character devices (major, minor as debootstrap makes them) and the
/// setuid (04755) and setgid (02755) programs, as stubs.
fn debian_shaped_layer() -> Vec<u8> {
    let mut t = TarWriter::new();
    t.dir("dev/");
    for (name, major, minor) in [
        ("console", 5, 1),
        ("full", 1, 7),
        ("null", 1, 3),
        ("ptmx", 5, 2),
        ("random", 1, 8),
        ("tty", 5, 0),
        ("urandom", 1, 9),
        ("zero", 1, 5),
    ] {
        t.char_device(&format!("dev/{name}"), major, minor);
    }
    t.dir("etc/").file(
        "etc/os-release",
        b"PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n",
    );
    t.dir("usr/").dir("usr/bin/").dir("usr/sbin/");
    for p in [
        "chfn", "chsh", "gpasswd", "mount", "newgrp", "passwd", "su", "umount",
    ] {
        t.file_with_mode(&format!("usr/bin/{p}"), b"stub\n", 0o4755);
    }
    for p in ["usr/bin/chage", "usr/bin/expiry", "usr/sbin/unix_chkpwd"] {
        t.file_with_mode(p, b"stub\n", 0o2755);
    }
    t.finish()
}

/// The Debian-shaped image: its layer, and a config setting `Cmd`,
/// `WorkingDir`, `ExposedPorts`, `Volumes`, `StopSignal`, `Healthcheck`,
/// `Labels` (one an https URL) and an `Env` with a secret-looking value.
fn debian_shaped() -> OciImage {
    let mut image = OciImage::new(vec![Layer::tar_gzip(debian_shaped_layer())])
        .with_ref_name("example.com/debian-shaped:12");
    let mut config = image.generated_config();
    config["config"] = serde_json::json!({
        "Env": [
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "DB_PASSWORD=correct-horse-battery-staple",
            "LANG=C.UTF-8"
        ],
        "Cmd": ["bash"],
        "WorkingDir": "/srv",
        "ExposedPorts": {"8080/tcp": {}},
        "Volumes": {"/var/lib/app": {}},
        "StopSignal": "SIGTERM",
        "Healthcheck": {"Test": ["CMD-SHELL", "test -e /srv/ready"], "Interval": 30_000_000_000_u64, "Retries": 3},
        "Labels": {
            "org.opencontainers.image.source": "https://salsa.debian.org/debian/docker-debian-artifacts",
            "org.opencontainers.image.title": "debian-shaped"
        }
    });
    image.config.value = Some(config);
    image
}

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

    write(
        "debian-shaped.tar",
        OciLayoutBuilder::new().image(debian_shaped()).build(),
    )?;
    Ok(())
}
