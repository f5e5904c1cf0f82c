//! The tools and commands the verdicts are given for ([`COLUMNS`]), in the
//! order of `compatibility[]` and `docs/compatibility.md`. The rows that
//! decide them are in [`super::rules`].

use crate::engine::report::{Action, ToolName};
use Action::{Copy as CopyTo, Import, Load, Pull, Scan, Unpack};
use ToolName::{Containerd, Crane, Dive, Docker, K3s, Podman, Skopeo, Trivy, Umoci};

/// A tool and command the verdicts are given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The tool.
    pub tool: ToolName,
    /// What it is asked to do.
    pub action: Action,
    /// The invocation, when it is not the plain command (`--all-platforms`).
    pub variant: Option<&'static str>,
    /// The command, with `FILE` for the input.
    pub command: &'static str,
    /// Version boundaries to report even where no row cuts (the ranges the
    /// issue names: Docker 23, 25).
    pub cuts: &'static [&'static str],
    /// A current, mainstream way to use the file: an image that this column
    /// refuses at its newest versions is an error (`tests` check the
    /// catalogue's severities against it).
    pub mainstream: bool,
    /// The tool's documentation, the `source` of an `ok` verdict.
    pub source: &'static str,
}

/// `ctr images import --all-platforms`.
pub const ALL_PLATFORMS: Option<&str> = Some("--all-platforms");
/// `skopeo copy … docker-archive:`.
pub const TO_DOCKER_ARCHIVE: Option<&str> = Some("to docker-archive:");

/// The tools and commands, in report order.
pub const COLUMNS: &[Column] = &[
    Column {
        tool: Docker,
        action: Load,
        variant: None,
        command: "docker load -i FILE",
        cuts: &["23.0", "25.0"],
        mainstream: true,
        source: "https://docs.docker.com/reference/cli/docker/image/load/",
    },
    Column {
        tool: Docker,
        action: Pull,
        variant: None,
        command: "docker pull (after pushing the image)",
        cuts: &["23.0"],
        mainstream: true,
        source: "https://docs.docker.com/reference/cli/docker/image/pull/",
    },
    Column {
        tool: Containerd,
        action: Import,
        variant: None,
        command: "ctr images import FILE",
        cuts: &["1.7", "2.0"],
        mainstream: true,
        source:
            "https://github.com/containerd/containerd/blob/main/cmd/ctr/commands/images/import.go",
    },
    Column {
        tool: Containerd,
        action: Import,
        variant: ALL_PLATFORMS,
        command: "ctr images import --all-platforms FILE",
        cuts: &["1.7", "2.0"],
        mainstream: false,
        source:
            "https://github.com/containerd/containerd/blob/main/cmd/ctr/commands/images/import.go",
    },
    Column {
        tool: Podman,
        action: Load,
        variant: None,
        command: "podman load -i FILE",
        cuts: &["5.0"],
        mainstream: true,
        source: "https://docs.podman.io/en/latest/markdown/podman-load.1.html",
    },
    Column {
        tool: Skopeo,
        action: CopyTo,
        variant: None,
        command: "skopeo copy docker-archive:FILE (or oci-archive:FILE) dir:DIR",
        cuts: &[],
        mainstream: true,
        source: "https://github.com/containers/skopeo/blob/main/docs/skopeo-copy.1.md",
    },
    Column {
        tool: Skopeo,
        action: CopyTo,
        variant: TO_DOCKER_ARCHIVE,
        command: "skopeo copy oci-archive:FILE docker-archive:OUT.tar:NAME:TAG",
        cuts: &[],
        mainstream: true,
        source: "https://github.com/containers/skopeo/blob/main/docs/skopeo-copy.1.md",
    },
    Column {
        tool: Umoci,
        action: Unpack,
        variant: None,
        command: "umoci unpack --image DIR:REF BUNDLE (after extracting FILE to DIR)",
        cuts: &["0.5"],
        mainstream: false,
        source: "https://github.com/opencontainers/umoci/blob/main/doc/man/umoci-unpack.1.md",
    },
    Column {
        tool: Crane,
        action: Unpack,
        variant: None,
        command: "crane export (of the image loaded from FILE)",
        cuts: &["0.21.8"],
        mainstream: false,
        source:
            "https://github.com/google/go-containerregistry/blob/main/cmd/crane/doc/crane_export.md",
    },
    Column {
        tool: K3s,
        action: Import,
        variant: None,
        command: "k3s / rke2 air-gap import (FILE in agent/images/)",
        cuts: &[],
        mainstream: false,
        source: "https://docs.k3s.io/installation/airgap",
    },
    Column {
        tool: Trivy,
        action: Scan,
        variant: None,
        command: "trivy image --input FILE",
        cuts: &[],
        mainstream: false,
        source: "https://trivy.dev/latest/docs/target/container_image/",
    },
    Column {
        tool: Dive,
        action: Scan,
        variant: None,
        command: "dive --source docker-archive FILE",
        cuts: &["0.13"],
        mainstream: false,
        source: "https://github.com/wagoodman/dive",
    },
];
