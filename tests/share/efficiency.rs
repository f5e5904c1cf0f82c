//! Efficiency in links: random efficiencies for the round trips (the link
//! keeps the totals and counts, never the items or duplicate groups), and a
//! report with 1 000 of each that must still fit.

use crate::random::Rng;
use crate::round_trip;
use ocilens::engine::report::{Duplicate, Efficiency, KindBytes, WasteItem, WasteKind};
use ocilens::engine::share::{decode, TARGET};
use ocilens::engine::tree::efficiency;
use ocilens::engine::{inspect, NullSink, Options};
use std::io::Cursor;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

impl Rng {
    /// Totals, items and duplicates (the link keeps only the totals).
    pub(crate) fn efficiency(&mut self) -> Efficiency {
        let (total, final_bytes) = (self.next() >> 20, self.next() >> 21);
        Efficiency {
            total_bytes: total,
            final_bytes,
            wasted_bytes: total.saturating_sub(final_bytes),
            score: efficiency::score(final_bytes, total),
            by_kind: KindBytes {
                overwritten: self.next() >> 40,
                metadata_only: self.next() >> 40,
                deleted: self.next() >> 40,
                opaque_hidden: self.below(3) as u64,
            },
            items: (0..self.below(4))
                .map(|_| WasteItem {
                    path: self.string(),
                    layer: self.below(4) as u32,
                    bytes: self.next() >> 40,
                    kind: self.pick(&WasteKind::ALL),
                    by_layer: self.below(4) as u32,
                })
                .collect(),
            items_total: self.below(10) as u64,
            duplicates: (0..self.below(3))
                .map(|_| Duplicate {
                    bytes: self.next() >> 40,
                    paths: vec![self.string(), self.string()],
                    paths_total: 2,
                })
                .collect(),
            duplicates_total: self.below(3) as u64,
            duplicate_bytes: self.next() >> 40,
        }
    }
}

/// An image's efficiency goes into a link as totals and counts: a report
/// with 1 000 wasted items and 1 000 duplicate groups (long paths) still fits
/// in [`TARGET`], keeps every total, and lists no item.
#[test]
fn efficiency_goes_in_as_totals_never_items() {
    let bytes = include_bytes!("../fixtures/skopeo-oci-gzip.tar");
    let o = Options {
        name: "skopeo-oci-gzip.tar".into(),
        ..Options::default()
    };
    let mut r = inspect(Cursor::new(bytes), &o, &mut NullSink).expect("readable");
    let mut e = r.images[0].efficiency.clone().expect("efficiency");
    e.items = (0..1000)
        .map(|i| WasteItem {
            path: format!("usr/share/some/long/directory/name/file-{i:04}.bin"),
            layer: 0,
            bytes: 1000 + i,
            kind: WasteKind::Deleted,
            by_layer: 1,
        })
        .collect();
    e.items_total = 123_456;
    e.duplicates = (0..1000)
        .map(|i| Duplicate {
            bytes: 10 + i,
            paths: vec![format!("a/{i}"), format!("b/{i}")],
            paths_total: 2,
        })
        .collect();
    (e.duplicates_total, e.duplicate_bytes) = (1000, 509_500);
    (e.total_bytes, e.final_bytes, e.wasted_bytes) = (3_000_000, 1_000_000, 2_000_000);
    e.score = 1.0 / 3.0;
    e.by_kind.deleted = 2_000_000;
    r.images[0].efficiency = Some(e.clone());
    r.images[0].layers[0].wasted_bytes = Some(2_000_000);
    let (fragment, _) = round_trip(&r, None, "efficiency");
    assert!(fragment.len() <= TARGET, "{} bytes", fragment.len());
    let shared = decode(&fragment).unwrap();
    let got = shared.report.images[0]
        .efficiency
        .clone()
        .expect("in the link");
    let want = Efficiency {
        items: Vec::new(),
        duplicates: Vec::new(),
        ..e
    };
    assert_eq!(got, want);
    assert_eq!(
        shared.report.images[0].layers[0].wasted_bytes,
        Some(2_000_000)
    );
    println!(
        "efficiency with 1000 items: link of {} bytes",
        fragment.len()
    );
}
