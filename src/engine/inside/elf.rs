//! The ELF machine of executable files, for `runtime.arch-mismatch`: issue 12.
//!
//! Only regular files with an execute bit whose body starts with `\x7fELF`
//! are recorded, as path → `e_machine` (read in the file's own byte order).
//! Shared libraries without an execute bit are left out: the check needs the
//! program a container starts.

use super::FileStart;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Executables kept per layer; past it the rest are not recorded.
pub const MAX_ELF: usize = 20_000;

/// Bytes of the ELF header read: through `e_machine`.
const HEAD: usize = 20;

/// What this layer held.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerElf {
    /// Canonical path → `e_machine` of each executable ELF file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub machines: BTreeMap<String, u16>,
}

/// Watches file bodies of one layer.
#[derive(Debug, Default)]
pub struct ElfTap {
    out: LayerElf,
    path: String,
    head: Vec<u8>,
}

impl ElfTap {
    /// Whether it wants this file's body.
    pub fn start(&mut self, f: FileStart<'_>) -> bool {
        let want =
            f.mode & 0o111 != 0 && f.size >= HEAD as u64 && self.out.machines.len() < MAX_ELF;
        if want {
            self.path.clear();
            self.path.push_str(f.path);
            self.head.clear();
        }
        want
    }
    /// The next chunk of the body.
    pub fn chunk(&mut self, bytes: &[u8]) {
        let need = HEAD.saturating_sub(self.head.len());
        if need > 0 {
            self.head
                .extend_from_slice(bytes.get(..need.min(bytes.len())).unwrap_or_default());
        }
    }
    /// The body ended (cut short when `complete` is false).
    pub fn end(&mut self, _complete: bool) {
        if let Some(m) = machine(&self.head) {
            self.out.machines.insert(std::mem::take(&mut self.path), m);
        }
    }
    /// What the layer held.
    pub fn finish(self) -> LayerElf {
        self.out
    }
}

/// `e_machine` of an ELF header (`EI_DATA` 1 little-endian, 2 big-endian).
pub fn machine(head: &[u8]) -> Option<u16> {
    if head.get(..4)? != b"\x7fELF" {
        return None;
    }
    let m = [*head.get(18)?, *head.get(19)?];
    match head.get(5)? {
        1 => Some(u16::from_le_bytes(m)),
        2 => Some(u16::from_be_bytes(m)),
        _ => None,
    }
}

/// The `e_machine` values of a Go `GOARCH` (the `architecture` of an image
/// config); `None` for one it does not know.
pub fn machines_of(arch: &str) -> Option<&'static [u16]> {
    Some(match arch {
        "386" => &[3],
        "amd64" => &[62],
        "arm" => &[40],
        "arm64" => &[183],
        "ppc64" | "ppc64le" => &[21],
        "s390x" => &[22],
        "riscv64" => &[243],
        "mips" | "mipsle" | "mips64" | "mips64le" => &[8],
        "loong64" => &[258],
        _ => return None,
    })
}

/// The name of an `e_machine` value, in `GOARCH` terms where there is one.
pub fn machine_name(m: u16) -> String {
    match m {
        3 => "386 (EM_386)".into(),
        62 => "amd64 (EM_X86_64)".into(),
        40 => "arm (EM_ARM)".into(),
        183 => "arm64 (EM_AARCH64)".into(),
        21 => "ppc64 (EM_PPC64)".into(),
        22 => "s390x (EM_S390)".into(),
        243 => "riscv64 (EM_RISCV)".into(),
        8 => "mips (EM_MIPS)".into(),
        258 => "loong64 (EM_LOONGARCH)".into(),
        m => format!("e_machine {m}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(machine: u16, big: bool) -> Vec<u8> {
        let mut h = b"\x7fELF\x02".to_vec();
        h.push(if big { 2 } else { 1 });
        h.resize(18, 0);
        let m = if big {
            machine.to_be_bytes()
        } else {
            machine.to_le_bytes()
        };
        h.extend_from_slice(&m);
        h.resize(64, 0);
        h
    }

    #[test]
    fn records_executables_only_in_their_byte_order() {
        let mut tap = ElfTap::default();
        let f = |path, mode| FileStart {
            path,
            size: 64,
            mode,
        };
        for (path, mode, body) in [
            ("bin/sh", 0o755, header(183, false)),
            ("bin/s390", 0o700, header(22, true)),
            ("lib/libc.so", 0o644, header(62, false)),
            (
                "bin/script",
                0o755,
                b"#!/bin/sh\necho hello world, a script\n".to_vec(),
            ),
        ] {
            if tap.start(f(path, mode)) {
                // split inside the header: the head is kept across chunks
                for c in body.chunks(7) {
                    tap.chunk(c);
                }
                tap.end(true);
            }
        }
        let got = tap.finish().machines;
        assert_eq!(got.get("bin/sh"), Some(&183));
        assert_eq!(got.get("bin/s390"), Some(&22));
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn machines_of_goarch() {
        assert_eq!(machines_of("amd64"), Some(&[62u16][..]));
        assert_eq!(machines_of("arm64"), Some(&[183u16][..]));
        assert_eq!(machines_of("wasm"), None);
        assert_eq!(machine(&header(62, false)), Some(62));
        assert_eq!(machine(b"\x7fELF"), None);
    }
}
