//! Real tools are the oracle (issue 9). `scripts/make-waste-fixtures` built images with
//! known waste with buildah and dockerd, saved them, and recorded each image's merged
//! file system as `buildah mount` and `umoci unpack` show it (`tests/oracle/waste/`).
//! These tests need none of those tools:
//! - the engine's merged tree equals every recorded listing (path, type, size, mode,
//!   owner, link target, hard-link group);
//! - an independent reference walk (the `tar` crate over each layer, analysis.md §1 in
//!   its own code, `tests/waste/reference.rs`) equals them too, sha256 of every file
//!   included, so its waste numbers rest on the real tools' view;
//! - the report's `images[].efficiency` and `layers[].wasted_bytes` equal the reference;
//! - the dive / LayerX side-by-side in `tests/oracle/README.md` is what their rules give.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]

mod waste;

use waste::archive::{images, FIXTURES};
use waste::listing::{self, Rows};
use waste::reference::Merged;

/// Compares `rows` with every listing recorded for a fixture; returns the failures.
fn against_tools(
    what: &str,
    name: &str,
    tools: &[&str],
    rows: &dyn Fn(&str) -> Rows,
    sha: bool,
) -> Vec<String> {
    let f = FIXTURES.iter().find(|f| f.name == name).unwrap();
    let mut failures = Vec::new();
    for tool in tools {
        for (reference, want) in listing::parse(&f.oracle_file(&format!("{tool}.tsv"))) {
            let want = if sha {
                want
            } else {
                listing::without_sha(&want)
            };
            let d = listing::diff(&want, &rows(&reference));
            if !d.is_empty() {
                failures.push(format!(
                    "{name} {reference}: {what} vs {tool} (- {tool}, + {what}):\n{d}"
                ));
            }
        }
    }
    failures
}

#[test]
fn engine_merged_tree_equals_buildah_mount_and_umoci_unpack() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for f in FIXTURES {
        let r = waste::report(&f.bytes());
        let rows = |reference: &str| {
            listing::without_sha(&listing::render(&waste::engine_tree(
                &r,
                waste::image_index(&r, reference),
            )))
        };
        failures.extend(against_tools("ocilens", f.name, f.tools, &rows, false));
        compared += f.tools.len();
    }
    println!("{compared} recorded listings compared with the engine's merged tree");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn reference_walk_equals_the_real_tools_byte_for_byte() {
    let mut failures = Vec::new();
    for f in FIXTURES {
        let imgs = images(&f.bytes());
        let rows = |reference: &str| {
            let img = imgs.iter().find(|i| i.reference == reference).unwrap();
            listing::render(&waste::reference_tree(&Merged::new(&img.layers)))
        };
        failures.extend(against_tools("reference", f.name, f.tools, &rows, true));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn buildah_and_umoci_agree() {
    let mut both = 0;
    for f in FIXTURES.iter().filter(|f| f.tools.len() == 2) {
        let a = listing::parse(&f.oracle_file("buildah.tsv"));
        let b = listing::parse(&f.oracle_file("umoci.tsv"));
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{}",
            f.name
        );
        for (reference, rows) in &a {
            let d = listing::diff(rows, &b[reference]);
            assert!(
                d.is_empty(),
                "{} {reference}: buildah (-) vs umoci (+):\n{d}",
                f.name
            );
            both += 1;
        }
    }
    assert!(both >= 13, "{both}");
}

/// What each builder wrote for `rm -rf /opt/data && mkdir /opt/data` (README): an opaque
/// marker on overlay, one whiteout per child on vfs.
#[test]
fn overlay_writes_an_opaque_marker_vfs_writes_whiteouts() {
    for f in FIXTURES {
        for img in images(&f.bytes())
            .iter()
            .filter(|i| i.reference.ends_with(":opaque") || i.reference.ends_with(":opaque-vfs"))
        {
            let m = Merged::new(&img.layers);
            let top = m.layers.last().unwrap();
            let mut whiteouts = top.whiteouts.clone();
            whiteouts.sort();
            if f.name.starts_with("waste-vfs") {
                assert!(top.opaque.is_empty(), "{}", f.name);
                assert_eq!(
                    whiteouts,
                    [
                        "opt/data/a.bin",
                        "opt/data/b.bin",
                        "opt/data/sub",
                        "opt/other.txt"
                    ],
                    "{}",
                    f.name
                );
            } else {
                assert_eq!(top.opaque, ["opt/data"], "{}", f.name);
                assert_eq!(whiteouts, ["opt/other.txt"], "{}", f.name);
            }
        }
    }
}

/// The reference's own bookkeeping: every regular-file byte of every layer is either in
/// the final tree or a wasted copy.
#[test]
fn reference_accounts_for_every_byte() {
    for f in FIXTURES {
        for img in images(&f.bytes()) {
            let m = Merged::new(&img.layers);
            assert_eq!(
                m.total_bytes,
                m.final_bytes() + m.wasted_bytes(),
                "{} {}",
                f.name,
                img.reference
            );
        }
    }
}

#[test]
fn readme_table_is_what_the_rules_give() {
    let path = format!("{}/tests/oracle/README.md", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let (head, rest) = text
        .split_once(waste::table::BEGIN)
        .expect("table begin marker");
    let (old, tail) = rest
        .split_once(waste::table::END)
        .expect("table end marker");
    let new = format!("\n{}", waste::table::render());
    if std::env::var_os("OCILENS_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(
            &path,
            format!(
                "{head}{}{new}{}{tail}",
                waste::table::BEGIN,
                waste::table::END
            ),
        )
        .unwrap();
        return;
    }
    assert_eq!(
        old, new,
        "tests/oracle/README.md: rerun with OCILENS_BLESS=1 and review the diff"
    );
}

/// `(path, layer, bytes, kind, by_layer)`, sorted.
type ItemRow = (String, u64, u64, String, u64);

fn report_items(eff: &serde_json::Value) -> Vec<ItemRow> {
    let mut v: Vec<ItemRow> = eff["items"]
        .as_array()
        .expect("efficiency.items")
        .iter()
        .map(|i| {
            let n = |k: &str| i[k].as_u64().unwrap_or_else(|| panic!("item.{k}: {i}"));
            let s = |k: &str| {
                i[k].as_str()
                    .unwrap_or_else(|| panic!("item.{k}: {i}"))
                    .to_string()
            };
            (s("path"), n("layer"), n("bytes"), s("kind"), n("by_layer"))
        })
        .collect();
    v.sort();
    v
}

fn report_duplicates(eff: &serde_json::Value) -> Vec<(u64, Vec<String>)> {
    let mut v: Vec<(u64, Vec<String>)> = eff["duplicates"]
        .as_array()
        .expect("efficiency.duplicates")
        .iter()
        .map(|d| {
            let paths = d["paths"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap().to_string());
            (d["bytes"].as_u64().unwrap(), paths.collect())
        })
        .collect();
    v.sort();
    v
}

/// Records a mismatch between the report and the reference.
fn same<T: PartialEq + std::fmt::Debug>(
    out: &mut Vec<String>,
    what: &str,
    report: T,
    reference: T,
) {
    if report != reference {
        out.push(format!(
            "  {what}:\n    report:    {report:?}\n    reference: {reference:?}"
        ));
    }
}

/// Every way image `i` of the report's JSON differs from the reference `m`.
fn efficiency_mismatches(json: &serde_json::Value, i: usize, m: &Merged) -> Vec<String> {
    let mut out = Vec::new();
    let eff = &json["images"][i]["efficiency"];
    if !eff.is_object() {
        return vec![format!("  no images[{i}].efficiency")];
    }
    same(
        &mut out,
        "total_bytes",
        eff["total_bytes"].as_u64(),
        Some(m.total_bytes),
    );
    same(
        &mut out,
        "final_bytes",
        eff["final_bytes"].as_u64(),
        Some(m.final_bytes()),
    );
    same(
        &mut out,
        "wasted_bytes",
        eff["wasted_bytes"].as_u64(),
        Some(m.wasted_bytes()),
    );
    same(&mut out, "score", eff["score"].as_f64(), Some(m.score()));
    let mut want: Vec<ItemRow> = m
        .items
        .iter()
        .map(|it| {
            let kind = it.kind.name().to_string();
            (
                it.path.clone(),
                it.layer.into(),
                it.bytes,
                kind,
                it.by_layer.into(),
            )
        })
        .collect();
    want.sort();
    same(&mut out, "items", report_items(eff), want);
    same(
        &mut out,
        "duplicates",
        report_duplicates(eff),
        m.duplicates(),
    );
    let layers: Vec<Option<u64>> = json["images"][i]["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["wasted_bytes"].as_u64())
        .collect();
    let want: Vec<Option<u64>> = m.layer_wasted().into_iter().map(Some).collect();
    same(&mut out, "layers[].wasted_bytes", layers, want);
    out
}

/// The report's `images[].efficiency` and `images[].layers[].wasted_bytes` against the
/// reference walk, read from the report's JSON (field names exactly as issue 9 gives them).
#[test]
fn report_efficiency_equals_the_reference() {
    let (mut checked, mut failures) = (0, Vec::new());
    for f in FIXTURES {
        let bytes = f.bytes();
        let r = waste::report(&bytes);
        let json = serde_json::to_value(&r).unwrap();
        for img in images(&bytes) {
            let i = waste::image_index(&r, &img.reference) as usize;
            let d = efficiency_mismatches(&json, i, &Merged::new(&img.layers));
            if !d.is_empty() {
                failures.push(format!("{} {}:\n{}", f.name, img.reference, d.join("\n")));
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 26);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `ocilens cat FILE PATH --image I` of `path`: (exit code, sha256 of stdout).
fn cat(fixture: &str, image: u32, path: &str, layer: Option<u32>) -> (i32, String) {
    use sha2::{Digest, Sha256};
    let file = format!("{}/tests/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR"));
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ocilens"));
    cmd.args(["cat", &file, path, "--image", &image.to_string()]);
    if let Some(l) = layer {
        cmd.args(["--layer", &l.to_string()]);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        hex::encode(Sha256::digest(&out.stdout)),
    )
}

/// `ocilens cat` of every regular file (hard links included) and symlink of every image
/// gives the bytes the real tool's rootfs holds; a deleted file is not in the merged view,
/// and `--layer` still reads the copy its layer holds.
#[test]
fn cat_equals_the_real_tools_rootfs() {
    let mut files = 0;
    for f in FIXTURES {
        let r = waste::report(&f.bytes());
        for (reference, rows) in listing::parse(&f.oracle_file("buildah.tsv")) {
            let i = waste::image_index(&r, &reference);
            for (path, row) in &rows {
                let want = match row[1].as_str() {
                    "file" => row[8].clone(),
                    // a symlink's bytes are its target's (all relative, same directory here)
                    "symlink" => {
                        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
                        let target = if dir.is_empty() {
                            row[6].clone()
                        } else {
                            format!("{dir}/{}", row[6])
                        };
                        rows[&target][8].clone()
                    }
                    _ => continue,
                };
                assert_eq!(
                    cat(f.name, i, path, None),
                    (0, want),
                    "{} {reference} {path}",
                    f.name
                );
                files += 1;
            }
        }
        // deleted by a whiteout: gone from the merged view, still in its layer
        for img in images(&f.bytes())
            .iter()
            .filter(|i| i.reference.ends_with(":delete"))
        {
            let i = waste::image_index(&r, &img.reference);
            let m = Merged::new(&img.layers);
            let copy = m.layers[1]
                .entries
                .iter()
                .find(|e| e.path == "tmp/download.bin")
                .unwrap();
            assert_eq!(cat(f.name, i, "tmp/download.bin", None).0, 2, "{}", f.name);
            assert_eq!(
                cat(f.name, i, "tmp/download.bin", Some(1)),
                (0, copy.sha.clone().unwrap()),
                "{}",
                f.name
            );
        }
    }
    println!("ocilens cat: {files} files equal the real tools' bytes");
    assert_eq!(
        files, 107,
        "every regular file and symlink of the 6 buildah listings"
    );
}

/// A layer tar of `(path, size)` files (`size` None: a directory; a name `.wh.*`: a marker).
fn layer_tar(entries: &[(&str, Option<usize>, u8)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for &(path, size, fill) in entries {
        let mut h = tar::Header::new_gnu();
        h.set_uid(0);
        h.set_gid(0);
        h.set_mtime(0);
        h.set_mode(if size.is_none() { 0o755 } else { 0o644 });
        let body = vec![fill; size.unwrap_or(0)];
        h.set_entry_type(if size.is_none() {
            tar::EntryType::Directory
        } else {
            tar::EntryType::Regular
        });
        h.set_size(body.len() as u64);
        b.append_data(&mut h, path, body.as_slice()).unwrap();
    }
    b.into_inner().unwrap()
}

/// dive's and LayerX's rules on the worked example of docs/efficiency.md (MiB → bytes),
/// worked out by hand from their source: dive counts data.bin 4 + 4, config.ini 1 + 1 + 1
/// and cache.tar 2 + 0 (a file's whiteout weighs 0 in `efficiency.go`; only a directory's
/// weighs its subtree) = 13, score Σ min / Σ visits = 8/16; LayerX counts data.bin 4 and
/// config.ini 1 + 1 = 6, score 1 − 6/13.
#[test]
fn peer_rules_on_the_worked_example() {
    const M: usize = 1 << 20;
    let layers = [
        layer_tar(&[
            ("app", None, 0),
            ("app/data.bin", Some(4 * M), 1),
            ("app/config.ini", Some(M), 2),
            ("tmp", None, 0),
            ("tmp/cache.tar", Some(2 * M), 3),
            ("var/cache/apt", None, 0),
            ("var/cache/apt/pkg.deb", Some(M), 4),
        ]),
        layer_tar(&[
            ("app", None, 0),
            ("app/data.bin", Some(4 * M), 1),
            ("app/config.ini", Some(M), 2),
        ]),
        layer_tar(&[
            ("tmp", None, 0),
            ("tmp/.wh.cache.tar", Some(0), 0),
            ("app", None, 0),
            ("app/config.ini", Some(M), 5),
        ]),
        layer_tar(&[
            ("var/cache/apt", None, 0),
            ("var/cache/apt/.wh..wh..opq", Some(0), 0),
            ("usr/bin/tool", Some(M), 6),
            ("usr/local/bin/tool", Some(M), 6),
        ]),
    ];
    let m = Merged::new(&layers);
    assert_eq!(
        (m.total_bytes, m.wasted_bytes()),
        (16 * M as u64, 9 * M as u64),
        "ocilens's model"
    );
    let d = waste::peers::dive(&m.layers);
    assert_eq!((d.wasted, d.score), (13 * M as u64, 0.5));
    let x = waste::peers::layerx(&m.layers);
    assert_eq!((x.wasted, x.score), (6 * M as u64, 1.0 - 6.0 / 13.0));
}
