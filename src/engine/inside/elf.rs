//! The ELF machine of executable files, for `runtime.arch-mismatch`: issue 12.

use super::FileStart;
use serde::{Deserialize, Serialize};

/// What this layer held.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerElf {}

/// Watches file bodies of one layer.
#[derive(Debug, Default)]
pub struct ElfTap {}

impl ElfTap {
    /// Whether it wants this file's body.
    pub fn start(&mut self, _f: FileStart<'_>) -> bool {
        false
    }
    /// The next chunk of the body.
    pub fn chunk(&mut self, _bytes: &[u8]) {}
    /// The body ended (cut short when `complete` is false).
    pub fn end(&mut self, _complete: bool) {}
    /// What the layer held.
    pub fn finish(self) -> LayerElf {
        LayerElf {}
    }
}
