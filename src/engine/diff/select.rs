//! Which image of an archive to compare: `--image N`, `--platform os/arch[/variant]`,
//! or the default: the host's platform when the archive is a multi-platform
//! index, else the first image.
//!
//! > `platform` … describes the minimum runtime requirements of the image.
//! > (image-spec `image-index.md`)

use crate::engine::report::{Image, ImageKind, Report};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What to pick on one side.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Index into `images[]`.
    pub image: Option<u32>,
    /// `os/architecture[/variant]`.
    pub platform: Option<String>,
}

/// Why an image could not be chosen or compared.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Trouble {
    /// The archive holds no runnable image.
    NoImage {
        /// The input's name.
        input: String,
    },
    /// `--image N` beyond the images.
    NoSuchImage {
        /// The input's name.
        input: String,
        /// Asked for.
        image: u32,
        /// How many there are.
        count: usize,
    },
    /// No image has the platform asked for.
    NoSuchPlatform {
        /// The input's name.
        input: String,
        /// Asked for.
        platform: String,
        /// The platforms there are.
        found: Vec<String>,
    },
    /// The report has no file tree (inspect with the tree).
    NoTree {
        /// The input's name.
        input: String,
    },
}

impl fmt::Display for Trouble {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Trouble::NoImage { input } => write!(f, "{input}: no image to compare"),
            Trouble::NoSuchImage {
                input,
                image,
                count,
            } => write!(f, "{input}: no image {image} (it has {count})"),
            Trouble::NoSuchPlatform {
                input,
                platform,
                found,
            } => write!(
                f,
                "{input}: no image for {platform} (found: {})",
                if found.is_empty() {
                    "none".to_string()
                } else {
                    found.join(", ")
                }
            ),
            Trouble::NoTree { input } => {
                write!(f, "{input}: the report has no file tree to compare")
            }
        }
    }
}

impl std::error::Error for Trouble {}

/// `os/architecture[/variant]` of an image: the index's platform, else the config's.
pub fn platform_of(img: &Image) -> Option<String> {
    if let Some(p) = &img.manifest.platform {
        return Some(p.display());
    }
    let c = &img.config;
    let (os, arch) = (c.os.as_ref()?, c.architecture.as_ref()?);
    Some(match &c.variant {
        Some(v) => format!("{os}/{arch}/{v}"),
        None => format!("{os}/{arch}"),
    })
}

/// `os/arch` of this machine in OCI names (Go's `GOOS`/`GOARCH`), for the default.
pub fn host_platform() -> String {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "arm" => "arm",
        "powerpc64" => "ppc64le",
        "s390x" => "s390x",
        "riscv64" => "riscv64",
        other => other,
    };
    format!("{}/{arch}", std::env::consts::OS)
}

/// Whether `have` (`os/arch[/variant]`) satisfies `want`; a `want` without a
/// variant matches any variant.
fn matches(have: &str, want: &str) -> bool {
    let h: Vec<&str> = have.split('/').collect();
    let w: Vec<&str> = want.split('/').collect();
    w.len() >= 2 && h.len() >= w.len() && h.iter().zip(&w).all(|(a, b)| a == b)
}

/// The image to compare in `r`: the one asked for, else the host's platform
/// (`host`) among the images of an index with several platforms, else the
/// first runnable image.
pub fn choose(r: &Report, sel: &Selection, host: Option<&str>) -> Result<u32, Trouble> {
    let input = r.input.name.clone();
    if let Some(i) = sel.image {
        return match r.images.get(i as usize) {
            Some(_) => Ok(i),
            None => Err(Trouble::NoSuchImage {
                input,
                image: i,
                count: r.images.len(),
            }),
        };
    }
    let runnable: Vec<(u32, &Image)> = r
        .images
        .iter()
        .enumerate()
        .filter(|(_, img)| img.kind == ImageKind::Image)
        .map(|(i, img)| (u32::try_from(i).unwrap_or(u32::MAX), img))
        .collect();
    let find = |want: &str| {
        runnable
            .iter()
            .find(|(_, img)| platform_of(img).is_some_and(|p| matches(&p, want)))
            .map(|(i, _)| *i)
    };
    if let Some(want) = &sel.platform {
        return find(want).ok_or_else(|| Trouble::NoSuchPlatform {
            input,
            platform: want.clone(),
            found: runnable
                .iter()
                .filter_map(|(_, i)| platform_of(i))
                .collect(),
        });
    }
    let first = runnable.first().map(|(i, _)| *i);
    let multi = runnable
        .iter()
        .filter(|(_, img)| img.manifest.platform.is_some())
        .count()
        > 1;
    let by_host = host.filter(|_| multi).and_then(find);
    by_host.or(first).ok_or(Trouble::NoImage { input })
}

/// One image a side of a comparison can be: what a chooser lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageChoice {
    /// Index into `images[]`.
    pub image: u32,
    /// `os/architecture[/variant]`, when known.
    pub platform: Option<String>,
    /// The references naming it (tags, `org.opencontainers.image.ref.name`), as written.
    pub references: Vec<String>,
}

impl ImageChoice {
    /// `#1 linux/arm64/v8 (example.com/app:1.0)`: image number, platform and first name.
    pub fn label(&self) -> String {
        let mut s = format!("#{}", self.image);
        if let Some(p) = &self.platform {
            s.push(' ');
            s.push_str(p);
        }
        if let Some(r) = self.references.first() {
            s.push_str(&format!(" ({r})"));
        }
        s
    }
}

/// The runnable images of `r` (not artifacts or attestations), in order: the
/// images either side of a comparison can be.
pub fn choices(r: &Report) -> Vec<ImageChoice> {
    r.images
        .iter()
        .enumerate()
        .filter(|(_, img)| img.kind == ImageKind::Image)
        .filter_map(|(i, img)| {
            let image = u32::try_from(i).ok()?;
            let references = r
                .references
                .iter()
                .filter(|x| x.image == Some(image))
                .map(|x| x.as_written.clone())
                .collect();
            Some(ImageChoice {
                image,
                platform: platform_of(img),
                references,
            })
        })
        .collect()
}
