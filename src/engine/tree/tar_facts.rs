//! Facts about how one layer's tar was written, kept per layer whatever its size (two
//! 64-bit fingerprints and six counts): the order of its entries and how their headers are
//! encoded. Two layers that list the same entries (same paths, types, bytes and metadata)
//! but whose DiffIDs differ were written differently: in another order (`entry-order`) or
//! with other headers (`tar-headers`: ustar vs GNU vs PAX, owner names, xattrs, the file
//! type bits some writers put into `mode`). docs/diff.md explains both.
//!
//! Cost: one xxh3-64 of each entry's name and a few header bytes as the layer streams (the
//! names are in memory already), and about 650 bytes of hasher state per layer being read.

use crate::engine::tar::{HeaderFormat, TarEntry};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

/// The facts of one layer tar (`images[].layers[].tar` in the report).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TarFacts {
    /// xxh3-64 of the entry names in tar order, NUL-terminated (16 hex digits): equal for
    /// two layers that list their entries in the same order.
    pub order: String,
    /// Sum (mod 2^64) of each entry's xxh3-64 over its name and header style (16 hex
    /// digits): equal for two layers whose entries are encoded alike, in any order.
    pub headers: String,
    /// Entries with a POSIX ustar header.
    pub ustar: u64,
    /// Entries with a GNU header.
    pub gnu: u64,
    /// Entries with a v7 header (no magic).
    pub v7: u64,
    /// Entries with a PAX extended header.
    pub pax: u64,
    /// Entries with a GNU long name or long link header.
    pub gnu_long: u64,
    /// Entries with extended attributes (PAX `SCHILY.xattr.*`).
    pub xattrs: u64,
    /// Entries whose `mode` field carries file-type bits above the
    /// permissions (`0o100644`), as Docker's tar writer puts them.
    #[serde(default)]
    pub type_bits: u64,
    /// Entries whose header names an owner (`uname` or `gname` not empty).
    #[serde(default)]
    pub owner_names: u64,
}

/// Gathers [`TarFacts`] entry by entry.
#[derive(Clone)]
pub struct TarFactsBuilder {
    order: Xxh3,
    headers: u64,
    facts: TarFacts,
}

impl Default for TarFactsBuilder {
    fn default() -> Self {
        TarFactsBuilder {
            order: Xxh3::new(),
            headers: 0,
            facts: TarFacts::default(),
        }
    }
}

impl TarFactsBuilder {
    /// Records one entry, as the tar reader gave it (before its name is cleaned).
    pub fn entry(&mut self, e: &TarEntry) {
        let name = e.path.as_bytes();
        self.order.update(name);
        self.order.update(&[0]);
        let s = e.style;
        let f = &mut self.facts;
        match s.format {
            HeaderFormat::Ustar => f.ustar += 1,
            HeaderFormat::Gnu => f.gnu += 1,
            HeaderFormat::V7 => f.v7 += 1,
        }
        f.pax += u64::from(s.pax);
        f.gnu_long += u64::from(s.gnu_long);
        f.xattrs += u64::from(!e.xattrs.is_empty());
        f.type_bits += u64::from(e.mode & !0o7777 != 0);
        f.owner_names += u64::from(s.named);
        let format = match s.format {
            HeaderFormat::Ustar => 0u8,
            HeaderFormat::Gnu => 1,
            HeaderFormat::V7 => 2,
        };
        let mut xattrs = Xxh3::new();
        for (k, v) in &e.xattrs {
            xattrs.update(k.as_bytes());
            xattrs.update(&[0]);
            xattrs.update(&(v.len() as u64).to_le_bytes());
            xattrs.update(v);
        }
        // the bits above the permissions: file-type bits (0o100000 …) some writers add
        let type_bits = e.mode & !0o7777;
        let mut one = Vec::with_capacity(name.len() + 32);
        one.extend_from_slice(name);
        one.push(0);
        one.extend_from_slice(&[format, u8::from(s.pax), u8::from(s.gnu_long)]);
        one.extend_from_slice(&s.names.to_le_bytes());
        one.extend_from_slice(&type_bits.to_le_bytes());
        one.extend_from_slice(&xattrs.digest().to_le_bytes());
        self.headers = self.headers.wrapping_add(xxh3_64(&one));
    }

    /// The facts so far.
    pub fn facts(&self) -> TarFacts {
        TarFacts {
            order: format!("{:016x}", self.order.digest()),
            headers: format!("{:016x}", self.headers),
            ..self.facts.clone()
        }
    }
}
