//! `ocilens packages` and the `inspect` line, on the fixtures of
//! scripts/make-package-fixtures; the numbers come from the real tools'
//! records (tests/oracle/packages/), not from ocilens.

use super::{fixture, ocilens};

fn oracle(name: &str) -> Vec<Vec<String>> {
    let p = format!(
        "{}/tests/oracle/packages/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

#[test]
fn the_table_lists_every_package_of_dpkg_query() {
    let (code, out, err) = ocilens(&["packages", &fixture("packages/debian-dpkg.tar")]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    let want = oracle("debian-dpkg.tsv");
    assert_eq!(
        lines.len(),
        want.len() + 1,
        "a header and one line a package"
    );
    assert!(lines[0].starts_with("NAME") && lines[0].contains("VERSION"));
    for (line, w) in lines[1..].iter().zip(&want) {
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(
            (cells[0], cells[1], cells[2]),
            (&*w[0], &*w[1], &*w[2]),
            "{line}"
        );
        if w[4] != "-" {
            assert!(line.contains(&format!("(removed in {})", w[4])), "{line}");
        }
    }
}

#[test]
fn json_is_the_reports_packages() {
    let (code, out, err) = ocilens(&["packages", &fixture("packages/rpm.tar"), "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    let want = oracle("rpm.tsv");
    assert_eq!(
        names,
        want.iter().map(|r| r[0].as_str()).collect::<Vec<_>>()
    );
    assert_eq!(v[0]["size"].as_u64(), want[0][4].parse().ok());
}

#[test]
fn inspect_has_one_packages_line() {
    let (_, out, _) = ocilens(&["inspect", &fixture("packages/debian-dpkg.tar")]);
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with("packages:"))
        .collect();
    let want = oracle("debian-dpkg.tsv");
    let installed = want.iter().filter(|r| r[4] == "-").count();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(
        lines[0].contains(&format!("{installed} dpkg, 1 removed")),
        "{}",
        lines[0]
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(ocilens(&["packages"]).0, 2);
    assert_eq!(
        ocilens(&["packages", &fixture("packages/rpm.tar"), "--image", "7"]).0,
        2
    );
    assert_eq!(
        ocilens(&["packages", &fixture("packages/rpm.tar"), "--bogus"]).0,
        2
    );
    // a bare file-system tarball has no image
    assert_eq!(ocilens(&["packages", &fixture("rootfs.tar")]).0, 2);
    let (code, out, _) = ocilens(&["packages", &fixture("docker-save.tar")]);
    assert_eq!((code, out.contains("no package database")), (0, true));
}
