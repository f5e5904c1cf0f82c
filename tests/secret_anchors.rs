//! The secret anchors' searchers agree: the page's simd128 prefilter (run
//! in Node by `scripts/test`'s wasm32 step), its scalar form (natively) and
//! the fastest searcher of the target all find exactly what an Aho-Corasick
//! automaton finds, on text dense with the anchors' letters, binary bytes,
//! and anchors cut by the end of the buffer.

#![allow(
    clippy::indexing_slicing,
    reason = "an integration test fails loudly on purpose"
)]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use ocilens::engine::inside::secrets::scan::{anchor_bytes, anchor_matches, Searcher};

/// The anchors, as the scanner has them (pattern ids are positions here).
fn anchors() -> Vec<&'static [u8]> {
    anchor_bytes().collect()
}

/// xorshift64*: the same buffers on every run and target.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A buffer of `len` bytes: anchors, pieces of anchors, the anchors'
/// letters and random bytes.
fn buffer(rng: &mut Rng, len: usize) -> Vec<u8> {
    let letters = b"-AKISzghiptlxonm_au\"rsbT ";
    let anchors = anchors();
    let mut out = Vec::with_capacity(len + 16);
    while out.len() < len {
        match rng.below(6) {
            0 => out.extend_from_slice(anchors[rng.below(anchors.len())]),
            1 => {
                let a = anchors[rng.below(anchors.len())];
                out.extend_from_slice(&a[..rng.below(a.len())]);
            }
            2 | 3 => out.push(letters[rng.below(letters.len())]),
            _ => out.push(rng.next() as u8),
        }
    }
    out.truncate(len);
    out
}

fn agree(buf: &[u8]) {
    let want = anchor_matches(buf, Searcher::Automaton);
    assert_eq!(
        anchor_matches(buf, Searcher::Prefilter),
        want,
        "prefilter on {buf:?}"
    );
    assert_eq!(anchor_matches(buf, Searcher::Best), want, "best on {buf:?}");
}

#[test]
fn every_searcher_finds_what_the_automaton_finds() {
    let mut rng = Rng(0x0c11_e115);
    let mut found = 0;
    // every length up to a few vector blocks, so anchors meet every offset
    // within a block and the end of the buffer
    for len in 0..120 {
        for _ in 0..40 {
            let b = buffer(&mut rng, len);
            found += anchor_matches(&b, Searcher::Automaton).len();
            agree(&b);
        }
    }
    for _ in 0..8 {
        let len = 50_000 + rng.below(20_000);
        agree(&buffer(&mut rng, len));
    }
    // the buffers do hold anchors (the test can fail)
    assert!(found > 1_000, "only {found} anchors in the small buffers");
}

#[test]
fn each_anchor_is_found_at_every_offset_of_a_block() {
    let anchors = anchors();
    for (i, a) in anchors.iter().enumerate() {
        for at in 0..40 {
            let mut b = vec![0xa5u8; at];
            b.extend_from_slice(a);
            b.extend_from_slice(&[0x5a; 7]);
            let got = anchor_matches(&b, Searcher::Best);
            assert_eq!(got, vec![(at, at + a.len(), i)], "{a:?} at {at}");
            agree(&b);
        }
    }
}
