//! What is inside a layer beyond its tree: the package databases, secrets in
//! file bodies, and the ELF machine of executables. A [`Taps`] watches every
//! regular file's body as the layer walk streams it (the same 8 KiB chunks
//! that are content-hashed), keeps only what it needs, and ends as a
//! [`LayerInside`] carried by the layer's [`crate::engine::plan::LayerContent`].
//! The image-level results (`images[].packages[]`, `secret.*` and
//! `runtime.*` findings) are computed from the layers' [`LayerInside`] and
//! the merged tree when the report is finished.

pub mod elf;
pub mod image;
pub mod packages;
pub mod runtime;
pub mod secrets;

use serde::{Deserialize, Serialize};

/// What one layer holds that the image-level checks need.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerInside {
    /// The package databases found in this layer.
    #[serde(default)]
    pub packages: packages::LayerPackages,
    /// Secrets found in file bodies (values masked).
    #[serde(default)]
    pub secrets: secrets::LayerSecrets,
    /// The ELF machine of executable files.
    #[serde(default)]
    pub elf: elf::LayerElf,
}

/// One regular file about to stream: its canonical path (no leading `/`),
/// its size in the tar header and its mode bits.
#[derive(Debug, Clone, Copy)]
pub struct FileStart<'a> {
    /// Canonical path, as in the tree.
    pub path: &'a str,
    /// Size from the header.
    pub size: u64,
    /// Mode bits from the header.
    pub mode: u32,
}

/// Watches file bodies for one layer.
#[derive(Debug, Default)]
pub struct Taps {
    packages: packages::PackageTap,
    secrets: secrets::SecretTap,
    elf: elf::ElfTap,
    /// Which taps want the current file's body.
    wants: [bool; 3],
}

impl Taps {
    /// A regular file starts; returns whether any tap wants its body.
    pub fn start(&mut self, f: FileStart<'_>) -> bool {
        self.wants = [
            self.packages.start(f),
            self.secrets.start(f),
            self.elf.start(f),
        ];
        self.wants.iter().any(|&w| w)
    }

    /// The next chunk of the current file's body.
    pub fn chunk(&mut self, bytes: &[u8]) {
        let [p, s, e] = self.wants;
        if p {
            self.packages.chunk(bytes);
        }
        if s {
            self.secrets.chunk(bytes);
        }
        if e {
            self.elf.chunk(bytes);
        }
    }

    /// The current file's body ended; `complete` is false when it was cut short.
    pub fn end(&mut self, complete: bool) {
        let [p, s, e] = std::mem::take(&mut self.wants);
        if p {
            self.packages.end(complete);
        }
        if s {
            self.secrets.end(complete);
        }
        if e {
            self.elf.end(complete);
        }
    }

    /// What the layer held.
    pub fn finish(self) -> LayerInside {
        LayerInside {
            packages: self.packages.finish(),
            secrets: self.secrets.finish(),
            elf: self.elf.finish(),
        }
    }
}
