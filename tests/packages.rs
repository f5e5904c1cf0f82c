//! Real tools are the oracle (issue 12). `scripts/make-package-fixtures` made a Debian
//! bookworm root with debootstrap, purged one package with dpkg in a second layer, and
//! built an rpm database with Debian's rpm and two packages from rpmbuild; it recorded
//! what `dpkg-query -W` and `rpm -qa` say, and each package's file sizes as lstat sees
//! them (`tests/oracle/packages/`). Here ocilens's `images[].packages[]` must equal them,
//! in the seekable and the one-pass reading.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]

use ocilens::engine::report::{Package, Report};
use ocilens::engine::{inspect, inspect_stream, NullSink, Options};
use std::io::Cursor;
use std::path::Path;

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn reports(rel: &str) -> [Report; 2] {
    let bytes = read(rel);
    let o = Options::default();
    [
        inspect(Cursor::new(&bytes), &o, &mut NullSink).unwrap(),
        inspect_stream(Cursor::new(&bytes), &o, &mut NullSink).unwrap(),
    ]
}

fn tsv(rel: &str) -> Vec<Vec<String>> {
    String::from_utf8(read(rel))
        .unwrap()
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

/// name, version, arch, layer, removed_in, size
type Row = (String, String, String, u32, Option<u64>, Option<u64>);

fn opt(s: &str) -> Option<u64> {
    (s != "-").then(|| s.parse().unwrap())
}

#[test]
fn debian_dpkg_equals_dpkg_query() {
    let want: Vec<Row> = tsv("tests/oracle/packages/debian-dpkg.tsv")
        .into_iter()
        .map(|r| {
            let layer = r[3].parse().unwrap();
            (
                r[0].clone(),
                r[1].clone(),
                r[2].clone(),
                layer,
                opt(&r[4]),
                opt(&r[5]),
            )
        })
        .collect();
    assert_eq!(want.len(), 88, "debootstrap minbase bookworm: 88 packages");
    assert_eq!(
        want.iter().filter(|w| w.4 == Some(1)).count(),
        1,
        "one purged"
    );
    for r in reports("tests/fixtures/packages/debian-dpkg.tar") {
        let got: Vec<_> = r.images[0]
            .packages
            .iter()
            .map(|p: &Package| {
                assert_eq!(p.manager.as_str(), "dpkg");
                let removed = p.removed_in.map(u64::from);
                (
                    p.name.clone(),
                    p.version.clone(),
                    p.arch.clone(),
                    p.layer,
                    removed,
                    p.size,
                )
            })
            .collect();
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w);
        }
        let total: u64 = got.iter().filter_map(|g| g.5).sum();
        assert!(total > 100 << 20, "the packages hold > 100 MiB: {total}");
        assert!(r
            .findings
            .iter()
            .all(|f| f.code.check().as_str() != "packages"));
    }
}

#[test]
fn rpm_equals_rpm_qa() {
    let want: Vec<(String, String, String, Option<u64>)> = tsv("tests/oracle/packages/rpm.tsv")
        .into_iter()
        .map(|r| {
            let evr = match r[1].as_str() {
                "(none)" => r[2].clone(),
                e => format!("{e}:{}", r[2]),
            };
            (r[0].clone(), evr, r[3].clone(), opt(&r[4]))
        })
        .collect();
    assert_eq!(want.len(), 2);
    for r in reports("tests/fixtures/packages/rpm.tar") {
        let got: Vec<_> = r.images[0]
            .packages
            .iter()
            .map(|p| {
                assert_eq!(
                    (p.manager.as_str(), p.layer, p.removed_in),
                    ("rpm", 0, None)
                );
                (p.name.clone(), p.version.clone(), p.arch.clone(), p.size)
            })
            .collect();
        assert_eq!(got, want);
    }
}

#[test]
fn packages_survive_the_worker_boundary_and_old_reports_parse() {
    let [r, _] = reports("tests/fixtures/packages/rpm.tar");
    let json = serde_json::to_value(&r).unwrap();
    let p = &json["images"][0]["packages"][0];
    let mut keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    let mut want = [
        "manager",
        "name",
        "version",
        "arch",
        "layer",
        "removed_in",
        "size",
        // not in the list: what the page shows of a package
        "files",
    ];
    want.sort();
    assert_eq!(keys, want);
    assert!(p["removed_in"].is_null());
    // a report written before issue 12 has no `packages`
    let mut old = json.clone();
    old["images"][0].as_object_mut().unwrap().remove("packages");
    let back: Report = serde_json::from_value(old).unwrap();
    assert!(back.images[0].packages.is_empty());
}

/// A package's `files` are its listed non-directories as the merged tree has
/// them (`/bin/ls` of dpkg's list is `usr/bin/ls` under Debian's merged
/// `/usr`): each is in the tree, and its regular files add up to `size`.
#[test]
fn a_packages_files_are_its_tree_paths_and_add_up_to_its_size() {
    use ocilens::engine::tree::entry::Kind;
    let bytes = read("tests/fixtures/packages/debian-dpkg.tar");
    let o = Options {
        tree: true,
        ..Options::default()
    };
    let r = inspect(Cursor::new(&bytes), &o, &mut NullSink).unwrap();
    let merged = &r.tree.as_ref().unwrap().merged[0].entries;
    let find = |p: &str| merged.iter().find(|e| e.path == p);
    let coreutils = r.images[0]
        .packages
        .iter()
        .find(|p| p.name == "coreutils")
        .unwrap();
    assert!(
        coreutils.files.iter().any(|f| f == "usr/bin/ls"),
        "{:?}",
        &coreutils.files[..coreutils.files.len().min(10)]
    );
    for p in r.images[0]
        .packages
        .iter()
        .filter(|p| p.removed_in.is_none())
    {
        let mut sum = 0u64;
        for f in &p.files {
            let e = find(f).unwrap_or_else(|| panic!("{}: {f} is not in the tree", p.name));
            assert_ne!(e.kind, Kind::Dir);
            if e.kind == Kind::File {
                sum += e.size;
            }
        }
        let hardlinked = p
            .files
            .iter()
            .any(|f| find(f).unwrap().kind == Kind::Hardlink);
        if !hardlinked {
            assert_eq!(Some(sum), p.size, "{}", p.name);
        }
    }
}
