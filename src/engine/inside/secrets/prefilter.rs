//! Finds the secret anchors where `aho_corasick::packed` (Teddy) has no SIMD
//! backend: wasm32, the page. The anchors' automaton alone steps through
//! every byte (its own prefilter needs ≤ 3 distinct first bytes; the anchors
//! have 7), which made it 4.6 % of a worker's time on the `scripts/bench`
//! image (docs/performance.md).
//!
//! The same idea as Teddy: each anchor's first three bytes fall into one of
//! eight buckets, and a position is a candidate when its three bytes share a
//! bucket. A byte's buckets are two 16-entry table lookups (its low and high
//! nibble), so with simd128 sixteen positions are tested at once with
//! `i8x16.swizzle`. A candidate is then compared with the anchors
//! themselves. Matches are reported leftmost first and never overlap, as
//! `AhoCorasick::find_iter` reports them for these anchors (none contains
//! another's start).

/// Bytes of each anchor in the fingerprint.
const FINGERPRINT: usize = 3;

/// The anchors' fingerprints, as nibble tables per byte of the fingerprint.
#[derive(Debug, Clone)]
pub struct Prefilter {
    /// `lo[k][n]`: the buckets whose fingerprint byte `k` has low nibble `n`.
    lo: [[u8; 16]; FINGERPRINT],
    /// `hi[k][n]`: the buckets whose fingerprint byte `k` has high nibble `n`.
    hi: [[u8; 16]; FINGERPRINT],
    anchors: Vec<Vec<u8>>,
    shortest: usize,
}

impl Prefilter {
    /// For `anchors` (pattern ids are their positions); `None` when one is
    /// shorter than the fingerprint.
    pub fn new<'a>(anchors: impl IntoIterator<Item = &'a [u8]>) -> Option<Prefilter> {
        let anchors: Vec<Vec<u8>> = anchors.into_iter().map(<[u8]>::to_vec).collect();
        let mut lo = [[0u8; 16]; FINGERPRINT];
        let mut hi = [[0u8; 16]; FINGERPRINT];
        let mut prefixes: Vec<&[u8]> = Vec::new();
        for a in &anchors {
            let prefix = a.get(..FINGERPRINT)?;
            if !prefixes.contains(&prefix) {
                prefixes.push(prefix);
            }
        }
        for (i, prefix) in prefixes.iter().enumerate() {
            let bucket = 1u8 << (i % 8);
            for (k, &b) in prefix.iter().enumerate() {
                if let Some(t) = lo.get_mut(k).and_then(|t| t.get_mut(usize::from(b & 15))) {
                    *t |= bucket;
                }
                if let Some(t) = hi.get_mut(k).and_then(|t| t.get_mut(usize::from(b >> 4))) {
                    *t |= bucket;
                }
            }
        }
        let shortest = anchors.iter().map(Vec::len).min()?;
        Some(Prefilter {
            lo,
            hi,
            anchors,
            shortest,
        })
    }

    /// Calls `each(start, end, pattern)` for the anchors in `hay[from..]`,
    /// leftmost first, not overlapping, until it returns `false`.
    pub fn find(&self, hay: &[u8], from: usize, mut each: impl FnMut(usize, usize, usize) -> bool) {
        let mut at = from;
        while let Some(c) = self.candidate(hay, at) {
            match self.anchor_at(hay, c) {
                Some((len, pattern)) => {
                    if !each(c, c + len, pattern) {
                        return;
                    }
                    at = c + len;
                }
                None => at = c + 1,
            }
        }
    }

    /// The anchor that starts at `at`, as its length and pattern id.
    fn anchor_at(&self, hay: &[u8], at: usize) -> Option<(usize, usize)> {
        let rest = hay.get(at..)?;
        self.anchors
            .iter()
            .enumerate()
            .find(|(_, a)| rest.starts_with(a))
            .map(|(i, a)| (a.len(), i))
    }

    /// The buckets of the fingerprint at `at` (scalar).
    fn buckets(&self, hay: &[u8], at: usize) -> u8 {
        let mut m = 0xff;
        for k in 0..FINGERPRINT {
            let b = hay.get(at + k).copied().unwrap_or(0);
            let lo = self.lo.get(k).and_then(|t| t.get(usize::from(b & 15)));
            let hi = self.hi.get(k).and_then(|t| t.get(usize::from(b >> 4)));
            m &= lo.copied().unwrap_or(0) & hi.copied().unwrap_or(0);
        }
        m
    }

    /// The first position from `at` on that can start an anchor.
    fn candidate(&self, hay: &[u8], at: usize) -> Option<usize> {
        let last = hay.len().checked_sub(self.shortest)?;
        let at = self.candidate_simd(hay, at, last)?;
        (at..=last).find(|&p| self.buckets(hay, p) != 0)
    }

    /// Skips 16 positions at a time while none of them is a candidate;
    /// returns where the scalar search goes on.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn candidate_simd(&self, hay: &[u8], mut at: usize, last: usize) -> Option<usize> {
        use core::arch::wasm32::*;
        let [lo0, lo1, lo2] = self.lo.map(|t| block(&t));
        let [hi0, hi1, hi2] = self.hi.map(|t| block(&t));
        let nibble = u8x16_splat(15);
        let buckets = |v: v128, lo: v128, hi: v128| {
            v128_and(
                u8x16_swizzle(lo, v128_and(v, nibble)),
                u8x16_swizzle(hi, u8x16_shr(v, 4)),
            )
        };
        // positions at..at+16 need the bytes at..at+18: the block and the next
        let Some(mut next) = hay.get(at..at + 16).map(block) else {
            return Some(at);
        };
        while at + 16 <= last + 1 {
            let Some(after) = hay.get(at + 16..at + 32).map(block) else {
                return Some(at);
            };
            let cur = next;
            next = after;
            let one =
                i8x16_shuffle::<1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16>(cur, next);
            let two =
                i8x16_shuffle::<2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17>(cur, next);
            let m = v128_and(
                v128_and(buckets(cur, lo0, hi0), buckets(one, lo1, hi1)),
                buckets(two, lo2, hi2),
            );
            if v128_any_true(m) {
                let bits = u8x16_bitmask(u8x16_ne(m, u8x16_splat(0)));
                return Some(at + bits.trailing_zeros() as usize);
            }
            at += 16;
        }
        Some(at)
    }

    /// Without simd128 the scalar search does it all.
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    fn candidate_simd(&self, _hay: &[u8], at: usize, _last: usize) -> Option<usize> {
        Some(at)
    }
}

/// Sixteen bytes as a vector (two little-endian `u64` loads: no `unsafe`).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn block(b: &[u8]) -> core::arch::wasm32::v128 {
    let half = |r: Option<&[u8]>| {
        r.and_then(|s| <[u8; 8]>::try_from(s).ok())
            .map(u64::from_le_bytes)
            .unwrap_or(0)
    };
    core::arch::wasm32::u64x2(half(b.get(..8)), half(b.get(8..16)))
}
