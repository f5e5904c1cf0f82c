//! Comparison links (`#d=1.…`, engine/share/diff_link.rs): a real pair
//! round-trips whole under 8 KB, a large file diff keeps the full counts
//! and as many paths as fit, a secret `Env` value never travels, and a
//! hostile fragment is refused with a reason.

use super::crafted::{engine, f, oci, oci_tars, tar};
use crate::support::layer::Layer;
use crate::support::tar_writer::{EntrySpec, TarWriter};
use ocilens::engine::diff::Diff;
use ocilens::engine::share::diff_link::{decode, encode, is_diff_link};
use ocilens::engine::share::{LinkError, MAX_FRAGMENT, TARGET};
use ocilens::engine::{diff, NullSink};

fn real(name: &str) -> ocilens::engine::report::Report {
    let p = format!("{}/tests/fixtures/diff/{name}", env!("CARGO_MANIFEST_DIR"));
    let o = ocilens::engine::Options {
        tree: true,
        name: name.into(),
        ..Default::default()
    };
    ocilens::engine::inspect(std::fs::File::open(p).unwrap(), &o, &mut NullSink).unwrap()
}

#[test]
fn a_real_pair_round_trips_whole_under_the_target() {
    let d = diff::compare(&real("v1.tar"), &real("v2.tar"), &Default::default()).unwrap();
    let (fragment, dropped) = encode(&d);
    assert!(is_diff_link(&fragment) && fragment.starts_with("d=1."));
    assert!(fragment.len() <= TARGET, "{} bytes", fragment.len());
    assert_eq!(dropped, Default::default());
    let back = decode(&format!("#{fragment}")).unwrap();
    assert_eq!(back.diff, d);
    eprintln!("v1/v2 comparison link: {} bytes", fragment.len());
}

/// `n` files with long distinct names under `dir`.
fn many(dir: &str, n: usize, body: &[u8]) -> Vec<u8> {
    let mut t = TarWriter::new();
    for i in 0..n {
        t.entry(EntrySpec {
            path: format!("{dir}/{i:05}-{}.dat", "x".repeat(i % 37)).into_bytes(),
            body: body.to_vec(),
            ..EntrySpec::default()
        });
    }
    t.finish()
}

#[test]
fn a_large_file_diff_keeps_the_counts_and_as_many_paths_as_fit() {
    let a = oci_tars(&[many("usr/share/a", 3000, b"1")]);
    let b = oci_tars(&[many("usr/share/b", 3000, b"2")]);
    let d: Diff = engine(&a, &b);
    assert_eq!(d.files.added.len(), 3000);
    let (fragment, dropped) = encode(&d);
    assert!(fragment.len() <= TARGET, "{} bytes", fragment.len());
    let back = decode(&fragment).unwrap().diff;
    let kept = back.files.added.len() + back.files.removed.len() + back.files.changed.len();
    assert!(kept > 100, "only {kept} paths kept");
    assert_eq!(dropped.files as usize + kept, 6000);
    assert_eq!(back.summary, d.summary, "the counts stay whole");
    assert_eq!(
        back.files.added[..],
        d.files.added[..back.files.added.len()]
    );
    // one more path per list would not have fit
    assert_eq!(back.files.added.len(), back.files.removed.len());
}

#[test]
fn a_secret_env_value_is_masked_in_the_comparison_and_its_link() {
    let secret = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
    let t = tar(&[f("app/a.txt", b"a\n")]);
    let a = oci(vec![(Layer::tar_gzip(&t), t.clone())], |_| {});
    let b = oci(vec![(Layer::tar_gzip(&t), t.clone())], |c| {
        c["config"]["Env"] = serde_json::json!([format!("GITHUB_TOKEN={secret}")]);
    });
    let d = engine(&a, &b);
    let env = d.config.iter().find(|c| c.field == "Env").unwrap();
    let shown = env.b.to_string();
    assert!(
        shown.contains("GITHUB_TOKEN=ghp_…[masked, 40 chars]"),
        "{shown}"
    );
    let json = serde_json::to_string(&d).unwrap();
    assert!(!json.contains(&secret[..5]), "{json}");
    let (fragment, _) = encode(&d);
    let back = serde_json::to_string(&decode(&fragment).unwrap()).unwrap();
    assert!(!back.contains(&secret[..5]));
}

#[test]
fn hostile_fragments_are_refused_with_a_reason() {
    let too_long = format!("d=1.{}", "A".repeat(MAX_FRAGMENT - 3));
    assert_eq!(too_long.len(), MAX_FRAGMENT + 1);
    assert!(matches!(decode(&too_long), Err(LinkError::TooLong { .. })));
    assert!(matches!(decode("r=1.abc"), Err(LinkError::NotALink)));
    assert!(matches!(
        decode("d=2.abc"),
        Err(LinkError::UnknownVersion(_))
    ));
    assert!(matches!(decode("d=1.!!"), Err(LinkError::BadBase64)));
    assert!(matches!(decode("d=1.AAAA"), Err(LinkError::BadDeflate)));
    let d = diff::compare(&real("v1.tar"), &real("v2.tar"), &Default::default()).unwrap();
    let (fragment, _) = encode(&d);
    let mut cut = fragment.clone();
    cut.truncate(fragment.len() - 7);
    assert!(decode(&cut).is_err());
    // a report link's JSON in a comparison link: the wrong schema
    let pack = |json: &[u8]| {
        use base64::Engine as _;
        let z = miniz_oxide::deflate::compress_to_vec_zlib(json, 9);
        format!(
            "d=1.{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(z)
        )
    };
    assert!(matches!(
        decode(&pack(br#"{"diff": {"schema": "x"}, "dropped": {}}"#)),
        Err(LinkError::WrongSchema(_))
    ));
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert!(matches!(
        decode(&pack(deep.as_bytes())),
        Err(LinkError::BadJson(_))
    ));
    let mut other = d.clone();
    other.schema = "ocilens.diff/v9".into();
    let json = serde_json::json!({"diff": other, "dropped": {"files": 0, "values_cut": false, "findings": 0}});
    assert!(matches!(
        decode(&pack(json.to_string().as_bytes())),
        Err(LinkError::WrongSchema(_))
    ));
}
