//! The Overview's data: who the image is (image ID, manifest digest,
//! whether the archive keeps the registry's manifest; [`identity`]), what it
//! runs and as whom, how big it is, where its bytes go ([`efficiency`]), and
//! its worst findings. Built from the
//! report's image table and findings, so a share link shows the same; the
//! component only lays it out.
//!
//! Secret-looking `Env` values are masked here (with the engine's
//! [`secret`] rules), so the full value never reaches the DOM; root is
//! spelled out (`User` empty, absent, `0` or `root`); label values become
//! links only when they are `http(s)` URLs ([`safe_href`]).

pub mod efficiency;
pub mod identity;

use super::links::safe_href;
use crate::engine::finding::{Code, Finding, Severity};
use crate::engine::model::config::Healthcheck;
use crate::engine::report::{secret, Format, Image, ImageKind, Tree};
pub use identity::{Identity, ManifestKept};

/// How many findings the Overview lists.
pub const TOP_FINDINGS: usize = 3;

/// The Overview of one image (or of a rootfs tarball, which has no image).
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// Image ID and manifest digest, and whether the archive keeps the
    /// registry's manifest; `None` without an image.
    pub identity: Option<Identity>,
    /// Where the bytes go; `None` for an artifact or attestation, or
    /// before the report.
    pub efficiency: Option<efficiency::Summary>,
    /// What it runs; `None` without an image.
    pub run: Option<Run>,
    /// Sizes and the file count.
    pub sizes: Sizes,
    /// The most severe findings (at most [`TOP_FINDINGS`]), most severe first.
    pub top: Vec<TopFinding>,
    /// How many findings there are in all.
    pub findings: usize,
}

/// What the image runs, from its config.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Run {
    /// `Entrypoint` as a JSON array (exec form), if set.
    pub entrypoint: Option<String>,
    /// `Cmd` as a JSON array, if set.
    pub cmd: Option<String>,
    /// `User`, root spelled out.
    pub user: User,
    /// `WorkingDir`, if set.
    pub working_dir: Option<String>,
    /// `Env`, in order, secrets masked.
    pub env: Vec<EnvVar>,
    /// `ExposedPorts` keys.
    pub ports: Vec<String>,
    /// `Volumes` keys.
    pub volumes: Vec<String>,
    /// `StopSignal`, if set.
    pub stop_signal: Option<String>,
    /// `Healthcheck`, in words, if set.
    pub healthcheck: Option<String>,
    /// `Labels`, by key.
    pub labels: Vec<Label>,
    /// How many entries of `Env`, `Labels`, `ExposedPorts` and `Volumes`
    /// are left out of the lists above (each keeps its first [`MAX_ROWS`]).
    pub more: More,
}

/// The most entries one list of [`Run`] holds. 100 000 `Env` entries as
/// table rows took 19 s and 380 MiB of the page's wasm memory
/// (`tests/e2e/memory.mjs`); the whole config stays in the Structure view.
pub const MAX_ROWS: usize = 200;

/// The entries [`Run`]'s lists leave out, per list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct More {
    /// Of `Env`.
    pub env: usize,
    /// Of `Labels`.
    pub labels: usize,
    /// Of `ExposedPorts`.
    pub ports: usize,
    /// Of `Volumes`.
    pub volumes: usize,
}

/// The user the process runs as.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct User {
    /// What to show: `root (uid 0)` for root, else the value as written.
    pub text: String,
    /// It is root.
    pub root: bool,
}

/// One `Env` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvVar {
    /// The name (the entry itself when it has no `=`).
    pub name: String,
    /// The value, or its masked form.
    pub value: String,
    /// The value looked like a secret and is masked.
    pub masked: bool,
}

/// One label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The key.
    pub key: String,
    /// The value, as text.
    pub value: String,
    /// The value as a link, when it is an `http(s)` URL.
    pub href: Option<String>,
}

/// How big it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sizes {
    /// Sum of the layers' stored sizes.
    pub compressed: Option<u64>,
    /// Sum of the layers' decoded sizes, once every layer is decoded.
    pub uncompressed: Option<u64>,
    /// Entries in the merged file system (the file tree), else the sum of
    /// the entries each layer lists.
    pub files: Option<u64>,
    /// `files` counts each layer's entries (no merged tree to count).
    pub files_per_layer: bool,
}

/// One of the most severe findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopFinding {
    /// Index into the findings.
    pub index: usize,
    /// Its code.
    pub code: Code,
    /// Its severity.
    pub severity: Severity,
    /// Its message.
    pub message: String,
}

impl Overview {
    /// The Overview of `images[image]` (none for a rootfs tarball) of an
    /// archive in `format`, with the file tree when there is one, and all
    /// the findings.
    pub fn build(
        format: Format,
        images: &[Image],
        image: usize,
        tree: Option<&Tree>,
        findings: &[Finding],
    ) -> Self {
        let img = images.get(image);
        Overview {
            identity: img.map(|i| Identity::of(format, i, findings)),
            efficiency: img
                .filter(|i| i.kind == ImageKind::Image)
                .and_then(efficiency::Summary::of),
            run: img.map(Run::of),
            sizes: Sizes::of(img, u32::try_from(image).unwrap_or(u32::MAX), tree),
            top: top_findings(findings),
            findings: findings.len(),
        }
    }
}

impl Run {
    /// What `img`'s config says it runs.
    pub fn of(img: &Image) -> Self {
        let c = &img.config;
        let argv =
            |v: &[String]| (!v.is_empty()).then(|| serde_json::to_string(v).unwrap_or_default());
        Run {
            entrypoint: argv(&c.entrypoint),
            cmd: argv(&c.cmd),
            user: User::of(c.user.as_deref()),
            working_dir: c.working_dir.clone().filter(|w| !w.is_empty()),
            env: c.env.iter().take(MAX_ROWS).map(|e| EnvVar::of(e)).collect(),
            ports: c.exposed_ports.iter().take(MAX_ROWS).cloned().collect(),
            volumes: c.volumes.iter().take(MAX_ROWS).cloned().collect(),
            stop_signal: c.stop_signal.clone().filter(|s| !s.is_empty()),
            healthcheck: c.healthcheck.as_ref().map(healthcheck),
            labels: c
                .labels
                .iter()
                .take(MAX_ROWS)
                .map(|(k, v)| Label {
                    key: k.clone(),
                    value: v.clone(),
                    href: safe_href(v),
                })
                .collect(),
            more: More {
                env: left(c.env.len()),
                labels: left(c.labels.len()),
                ports: left(c.exposed_ports.len()),
                volumes: left(c.volumes.len()),
            },
        }
    }
}

/// How many of `n` entries a list of [`MAX_ROWS`] leaves out.
fn left(n: usize) -> usize {
    n.saturating_sub(MAX_ROWS)
}

impl User {
    /// `User` as written (`None`: absent). Empty, `0` and `root` (with or
    /// without a `:group`) are root, the runtimes' default.
    pub fn of(user: Option<&str>) -> Self {
        let raw = user.unwrap_or_default();
        let (name, group) = match raw.split_once(':') {
            Some((n, g)) => (n, Some(g)),
            None => (raw, None),
        };
        if !matches!(name, "" | "0" | "root") {
            return User {
                text: raw.to_string(),
                root: false,
            };
        }
        let text = match group.filter(|g| !matches!(*g, "" | "0" | "root")) {
            Some(g) => format!("root (uid 0), group {g}"),
            None => "root (uid 0)".to_string(),
        };
        User { text, root: true }
    }
}

impl EnvVar {
    /// One `NAME=value` entry, masked when it looks like a secret.
    pub fn of(entry: &str) -> Self {
        let (name, value) = entry.split_once('=').unwrap_or((entry, ""));
        let masked = secret::mask_env(entry);
        let is_masked = masked.is_some() || secret::is_masked(value);
        let value = match masked {
            Some(m) => m
                .split_once('=')
                .map(|(_, v)| v.to_string())
                .unwrap_or_default(),
            None => value.to_string(),
        };
        EnvVar {
            name: name.to_string(),
            value,
            masked: is_masked,
        }
    }
}

impl Sizes {
    fn of(img: Option<&Image>, image: u32, tree: Option<&Tree>) -> Self {
        let layers = img.map(|i| i.layers.as_slice()).unwrap_or_default();
        let all = |f: fn(&crate::engine::report::LayerInfo) -> Option<u64>| -> Option<u64> {
            layers.iter().map(f).sum::<Option<u64>>()
        };
        let merged = tree.and_then(|t| {
            t.merged
                .iter()
                .find(|m| m.image == image)
                .map(|m| m.entries.len() as u64)
        });
        // a rootfs tarball: its one tree layer
        let rootfs = tree
            .filter(|_| img.is_none())
            .and_then(|t| t.layers.first())
            .map(|l| l.entries.len() as u64);
        let per_layer = (!layers.is_empty()).then(|| all(|l| l.files)).flatten();
        Sizes {
            compressed: (!layers.is_empty()).then(|| all(|l| l.size)).flatten(),
            uncompressed: (!layers.is_empty())
                .then(|| all(|l| l.uncompressed_size))
                .flatten(),
            files: merged.or(rootfs).or(per_layer),
            files_per_layer: merged.or(rootfs).is_none() && per_layer.is_some(),
        }
    }
}

/// The most severe findings, each severity in report order.
fn top_findings(findings: &[Finding]) -> Vec<TopFinding> {
    let mut order: Vec<(usize, &Finding)> = findings.iter().enumerate().collect();
    order.sort_by_key(|(i, f)| (f.severity, *i));
    order
        .into_iter()
        .take(TOP_FINDINGS)
        .map(|(index, f)| TopFinding {
            index,
            code: f.code,
            severity: f.severity,
            message: f.message.clone(),
        })
        .collect()
}

/// A healthcheck in words: the test, then the timings that are set.
fn healthcheck(h: &Healthcheck) -> String {
    let test = match h.test.split_first() {
        Some((k, _)) if k == "NONE" => return "disabled (NONE)".to_string(),
        Some((k, rest)) if k == "CMD-SHELL" => format!("{} (shell)", rest.join(" ")),
        Some((k, rest)) if k == "CMD" => serde_json::to_string(rest).unwrap_or_default(),
        Some(_) => serde_json::to_string(&h.test).unwrap_or_default(),
        None => "inherited test".to_string(),
    };
    let secs = |ns: u64| {
        let s = ns as f64 / 1e9;
        if s.fract() == 0.0 {
            format!("{s:.0} s")
        } else {
            format!("{s} s")
        }
    };
    let mut parts = vec![test];
    for (label, v) in [
        ("every", h.interval),
        ("timeout", h.timeout),
        ("start period", h.start_period),
    ] {
        if let Some(ns) = v.filter(|n| *n > 0) {
            parts.push(format!("{label} {}", secs(ns)));
        }
    }
    if let Some(r) = h.retries.filter(|r| *r > 0) {
        parts.push(format!("{r} retries"));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests;
