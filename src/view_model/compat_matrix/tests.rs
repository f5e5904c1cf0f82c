//! Tests of the "Will it load?" matrix: rows, columns, placement of ranges
//! that differ per tool, labels, and a real fixture's verdicts.

use super::*;
use crate::engine::report::Report;

fn v(from: Option<&str>, below: Option<&str>) -> Versions {
    Versions {
        from: from.map(str::to_string),
        below: below.map(str::to_string),
    }
}

fn entry(
    tool: ToolName,
    action: Action,
    variant: Option<&str>,
    versions: Versions,
    verdict: Verdict,
) -> Compatibility {
    let bad = verdict != Verdict::Ok;
    Compatibility {
        tool,
        action,
        versions,
        variant: variant.map(str::to_string),
        verdict,
        message: bad.then(|| format!("{tool} says no")),
        because: if bad {
            vec![Code::CompatibilityZstd]
        } else {
            Vec::new()
        },
        fix: bad.then(|| "skopeo copy --dest-compress-format gzip a b".to_string()),
        source: "https://example.com/src".into(),
    }
}

/// docker load with 4 ranges (given out of order), ctr import with 3 and
/// its --all-platforms variant with 1, skopeo copy with 1.
fn sample() -> Vec<Compatibility> {
    use Action::*;
    use ToolName::*;
    vec![
        entry(
            Docker,
            Load,
            None,
            v(Some("25.0"), Some("29.0")),
            Verdict::Ok,
        ),
        entry(Docker, Load, None, v(None, Some("23.0")), Verdict::Fails),
        entry(
            Containerd,
            Import,
            None,
            v(None, Some("1.7")),
            Verdict::Warns,
        ),
        entry(
            Containerd,
            Import,
            Some("--all-platforms"),
            Versions::all(),
            Verdict::Fails,
        ),
        entry(
            Docker,
            Load,
            None,
            v(Some("23.0"), Some("25.0")),
            Verdict::Ok,
        ),
        entry(Docker, Load, None, v(Some("29.0"), None), Verdict::Warns),
        entry(
            Containerd,
            Import,
            None,
            v(Some("1.7"), Some("2.0")),
            Verdict::Ok,
        ),
        entry(Containerd, Import, None, v(Some("2.0"), None), Verdict::Ok),
        entry(Skopeo, Copy, None, Versions::all(), Verdict::Ok),
    ]
}

fn ranges(r: &Row) -> Vec<Option<&str>> {
    r.cells
        .iter()
        .map(|c| c.as_ref().map(|c| c.range.as_str()))
        .collect()
}

#[test]
fn one_row_per_tool_action_and_variant_in_report_order() {
    let m = Matrix::build(&sample());
    let labels: Vec<&str> = m.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "docker load",
            "ctr images import",
            "ctr images import --all-platforms",
            "skopeo copy"
        ]
    );
    assert_eq!(m.rows[2].variant.as_deref(), Some("--all-platforms"));
    assert_eq!(m.rows[1].variant, None);
}

#[test]
fn columns_are_the_most_ranges_and_rows_are_flush_right_oldest_first() {
    let m = Matrix::build(&sample());
    assert_eq!(m.width, 4);
    assert!(m.rows.iter().all(|r| r.cells.len() == 4));
    assert_eq!(
        ranges(&m.rows[0]),
        [Some("< 23"), Some("23 – 25"), Some("25 – 29"), Some("≥ 29")]
    );
    assert_eq!(
        ranges(&m.rows[1]),
        [None, Some("< 1.7"), Some("1.7 – 2"), Some("≥ 2")]
    );
    assert_eq!(ranges(&m.rows[2]), [None, None, None, Some("all versions")]);
    assert_eq!(ranges(&m.rows[3]), [None, None, None, Some("all versions")]);
    // each cell points back at its own entry
    let e = sample();
    for row in &m.rows {
        for c in row.cells.iter().flatten() {
            let src = &e[c.index];
            assert_eq!((src.tool, src.action), (row.tool, row.action));
            assert_eq!(src.variant, row.variant);
            assert_eq!(src.versions, c.versions);
            assert_eq!(src.verdict, c.verdict);
        }
    }
}

#[test]
fn cells_carry_mark_word_and_the_detail() {
    let m = Matrix::build(&sample());
    let first = m.rows[0].cells[0].as_ref().unwrap();
    assert_eq!((first.mark, first.word), ("✗", "fails"));
    assert_eq!(first.range_full, "< 23.0");
    assert_eq!(first.message.as_deref(), Some("docker says no"));
    assert_eq!(first.because, [Code::CompatibilityZstd]);
    assert!(first.fix.as_deref().unwrap().starts_with("skopeo copy"));
    assert_eq!(
        first.source_href.as_deref(),
        Some("https://example.com/src")
    );
    let ok = m.rows[0].cells[1].as_ref().unwrap();
    assert_eq!(
        (ok.mark, ok.word, ok.range_full.as_str()),
        ("✓", "ok", "23.0 to < 25.0")
    );
    let warn = m.rows[0].cells[3].as_ref().unwrap();
    assert_eq!((warn.mark, warn.word), ("!", "warns"));
    assert_eq!(
        [m.rows[0].worst, m.rows[1].worst, m.rows[3].worst],
        [Verdict::Fails, Verdict::Warns, Verdict::Ok]
    );
    assert_eq!((m.fails, m.warns, m.ok), (2, 2, 5));
    assert_eq!(m.summary(), "2 fail, 2 warn, 5 ok");
}

#[test]
fn only_http_sources_become_links() {
    let mut e = sample();
    e[0].source = "javascript:alert(1)".into();
    e[1].source = "see the docs".into();
    let m = Matrix::build(&e);
    let cell = |i: usize| {
        m.rows
            .iter()
            .flat_map(|r| r.cells.iter().flatten())
            .find(|c| c.index == i)
            .unwrap()
    };
    assert_eq!(cell(0).source_href, None);
    assert_eq!(cell(0).source, "javascript:alert(1)");
    assert_eq!(cell(1).source_href, None);
    assert!(cell(2).source_href.is_some());
}

#[test]
fn labels_shorten_trailing_zeros_only() {
    assert_eq!(short_version("23.0"), "23");
    assert_eq!(short_version("2.0.0"), "2");
    assert_eq!(short_version("0.21.8"), "0.21.8");
    assert_eq!(short_version("1.10.0"), "1.10");
    assert_eq!(short_version("0.5"), "0.5");
    assert_eq!(short_version("0.0"), "0");
    assert_eq!(short_version("1.00"), "1.00");
    assert_eq!(short_version(""), "");
    assert_eq!(range_label(&v(Some("0.21.8"), None)), "≥ 0.21.8");
    assert_eq!(range_label(&v(None, Some("0.5"))), "< 0.5");
    assert_eq!(range_label(&Versions::all()), "all versions");
    assert_eq!(
        command(ToolName::Skopeo, Action::Copy, Some("to docker-archive:")),
        "skopeo copy to docker-archive:"
    );
    assert_eq!(
        command(ToolName::Crane, Action::Unpack, None),
        "crane export"
    );
    // a pairing the table does not have still gets a name
    assert_eq!(command(ToolName::Dive, Action::Load, None), "dive load");
}

#[test]
fn an_empty_list_is_an_empty_matrix() {
    let m = Matrix::build(&[]);
    assert_eq!(
        (m.width, m.rows.len(), m.summary().as_str()),
        (0, 0, "0 fail, 0 warn, 0 ok")
    );
}

fn fixture(name: &str) -> Report {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let f = std::fs::File::open(path).expect("fixture");
    let o = crate::engine::Options {
        name: name.into(),
        ..crate::engine::Options::default()
    };
    crate::engine::inspect(f, &o, &mut crate::engine::NullSink).expect("inspects")
}

/// The Trillian fixture (mixed Docker/OCI layer types): every verdict of the
/// report lands in exactly one cell, and `skopeo copy` to a docker-archive
/// fails at every version on it.
#[test]
fn a_real_report_fills_every_cell_once() {
    let r = fixture("trillian-mixed-media-types.tar");
    assert!(!r.compatibility.is_empty());
    let m = Matrix::build(&r.compatibility);
    let mut seen: Vec<usize> = m
        .rows
        .iter()
        .flat_map(|row| row.cells.iter().flatten().map(|c| c.index))
        .collect();
    seen.sort_unstable();
    assert_eq!(seen, (0..r.compatibility.len()).collect::<Vec<_>>());
    let skopeo = m
        .rows
        .iter()
        .find(|row| row.label == "skopeo copy to docker-archive:")
        .expect("skopeo row");
    assert_eq!(skopeo.worst, Verdict::Fails);
    assert!(skopeo
        .cells
        .iter()
        .flatten()
        .all(|c| c.verdict == Verdict::Fails));
    let bad = skopeo
        .cells
        .iter()
        .flatten()
        .find(|c| c.verdict == Verdict::Fails)
        .unwrap();
    assert!(bad
        .because
        .contains(&Code::MediaTypeMixOciManifestDockerLayer));
    assert!(bad.message.as_deref().is_some_and(|m| !m.is_empty()));
    // the columns: docker load's four ranges are the widest
    let docker = &m.rows[0];
    assert_eq!(docker.label, "docker load");
    assert_eq!(m.width, docker.cells.iter().flatten().count());
}
