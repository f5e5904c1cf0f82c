//! The matcher and the cause classification on crafted pairs: each pair
//! differs in one way (mtime, ownership, mode, compression, format, config,
//! content, entry order, header encoding, manifest), and each test asserts
//! that the engine names exactly the causes, paths and `same` flags that the
//! reference (`reference.rs`, a walk with the `tar` crate) expects.

use super::reference::{expect, Built, Expected};
use crate::support::docker_archive::{DockerArchiveBuilder, DockerImage};
use crate::support::layer::Layer;
use crate::support::oci_image::OciImage;
use crate::support::oci_layout::OciLayoutBuilder;
use crate::support::tar_writer::{EntrySpec, TarWriter, MTIME};
use ocilens::engine::diff::{self, CompareOptions, Diff, MatchKind};
use ocilens::engine::report::Report;
use ocilens::engine::{inspect, NullSink, Options};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;

/// One file of a crafted layer.
#[derive(Clone)]
pub struct F {
    pub path: &'static str,
    pub body: &'static [u8],
    pub mode: u32,
    pub uid: u64,
    pub mtime: u64,
    pub uname: &'static str,
}

/// A file with the defaults (0644, root, [`MTIME`]).
pub fn f(path: &'static str, body: &'static [u8]) -> F {
    F {
        path,
        body,
        mode: 0o644,
        uid: 0,
        mtime: MTIME,
        uname: "",
    }
}

/// A layer tar: a directory `app/`, then the files in the order given.
pub fn tar(files: &[F]) -> Vec<u8> {
    let mut t = TarWriter::new();
    t.dir("app/");
    for x in files {
        t.entry(EntrySpec {
            path: x.path.as_bytes().to_vec(),
            mode: x.mode,
            uid: x.uid,
            gid: x.uid,
            mtime: x.mtime,
            uname: x.uname.to_string(),
            body: x.body.to_vec(),
            ..EntrySpec::default()
        });
    }
    t.finish()
}

/// An OCI layout of `layers` (with their tars), config changed by `config`.
pub fn oci(layers: Vec<(Layer, Vec<u8>)>, config: impl Fn(&mut Value)) -> Built {
    let tars: Vec<Vec<u8>> = layers.iter().map(|(_, t)| t.clone()).collect();
    let mut image = OciImage::new(layers.into_iter().map(|(l, _)| l).collect());
    let mut c = image.config_value();
    config(&mut c);
    image.config.value = Some(c.clone());
    oci_of(image, tars, c)
}

/// An OCI layout of `image`.
pub fn oci_of(image: OciImage, tars: Vec<Vec<u8>>, config: Value) -> Built {
    Built {
        archive: OciLayoutBuilder::new().image(image.clone()).build(),
        format: "oci",
        tars,
        blobs: image.layers.iter().map(|l| l.blob.clone()).collect(),
        config_digest: image.config_digest(),
        config,
        manifest: Some(image.manifest_blob()),
    }
}

/// Uncompressed OCI layers of `tars`, the generated config.
pub fn oci_tars(tars: &[Vec<u8>]) -> Built {
    oci(
        tars.iter().map(|t| (Layer::tar(t), t.clone())).collect(),
        |_| {},
    )
}

/// A docker-archive of `tars`.
pub fn docker(tars: &[Vec<u8>]) -> Built {
    let image = DockerImage::new(tars.to_vec());
    Built {
        archive: DockerArchiveBuilder::new().image(image.clone()).build(),
        format: "docker-archive",
        tars: tars.to_vec(),
        blobs: tars.to_vec(),
        config: image.config_value(),
        config_digest: format!("sha256:{}", image.config_hex()),
        manifest: None,
    }
}

/// The engine's report of an archive, with its tree.
pub fn report(bytes: &[u8], name: &str) -> Report {
    let o = Options {
        tree: true,
        name: name.into(),
        ..Options::default()
    };
    inspect(Cursor::new(bytes.to_vec()), &o, &mut NullSink).unwrap()
}

/// The engine's comparison of two built sides.
pub fn engine(a: &Built, b: &Built) -> Diff {
    let (ra, rb) = (report(&a.archive, "a.tar"), report(&b.archive, "b.tar"));
    diff::compare(&ra, &rb, &CompareOptions::default()).unwrap()
}

/// The engine's cause names.
pub fn causes(d: &Diff) -> BTreeSet<&'static str> {
    d.causes.iter().map(|c| c.cause.as_str()).collect()
}

/// Asserts the engine agrees with the reference on files, flags and causes;
/// returns both.
pub fn agree(a: &Built, b: &Built) -> (Diff, Expected) {
    let (d, e) = (engine(a, b), expect(a, b));
    assert_eq!(d.files.added, e.files.added, "added");
    assert_eq!(d.files.removed, e.files.removed, "removed");
    let changed: BTreeMap<String, BTreeSet<&str>> = d
        .files
        .changed
        .iter()
        .map(|c| (c.path.clone(), c.what.iter().map(|w| w.as_str()).collect()))
        .collect();
    assert_eq!(changed, e.files.changed, "changed");
    let s = d.same;
    assert_eq!(
        [
            s.config_digest,
            s.manifest_digest,
            s.diff_ids,
            s.layer_digests,
            s.files
        ],
        e.same,
        "same: config_digest, manifest_digest, diff_ids, layer_digests, files"
    );
    assert_eq!(causes(&d), e.causes, "causes; evidence: {:#?}", d.causes);
    (d, e)
}

fn base() -> Vec<F> {
    vec![f("app/a.txt", b"alpha\n"), f("app/b.txt", b"bravo\n")]
}

fn with(change: impl Fn(&mut F)) -> Vec<F> {
    let mut v = base();
    for x in v.iter_mut().filter(|x| x.path == "app/a.txt") {
        change(x);
    }
    v
}

fn kinds(d: &Diff) -> Vec<MatchKind> {
    d.layers.iter().map(|l| l.kind).collect()
}

#[test]
fn mtime_only() {
    let (a, b) = (tar(&base()), tar(&with(|x| x.mtime = MTIME + 3600)));
    let (d, e) = agree(&oci_tars(&[a]), &oci_tars(&[b]));
    assert_eq!(e.causes, BTreeSet::from(["mtime"]));
    assert_eq!(kinds(&d), [MatchKind::Changed]);
    assert_eq!(d.layers[0].causes, [diff::Cause::Mtime]);
}

#[test]
fn ownership_only() {
    let (a, b) = (tar(&base()), tar(&with(|x| x.uid = 1000)));
    let (_, e) = agree(&oci_tars(&[a]), &oci_tars(&[b]));
    assert_eq!(e.causes, BTreeSet::from(["ownership"]));
}

#[test]
fn mode_only() {
    let (a, b) = (tar(&base()), tar(&with(|x| x.mode = 0o600)));
    let (d, e) = agree(&oci_tars(&[a]), &oci_tars(&[b]));
    assert_eq!(e.causes, BTreeSet::from(["mode"]));
    assert!(!d.same.files, "a mode change is a change of the tree");
}

#[test]
fn compression_only_same_diff_id_other_digest() {
    let t = tar(&base());
    let a = oci(vec![(Layer::tar_gzip(&t), t.clone())], |_| {});
    let b = oci(vec![(Layer::tar_zstd(&t), t.clone())], |_| {});
    let (d, e) = agree(&a, &b);
    assert_eq!(e.causes, BTreeSet::from(["compression"]));
    assert_eq!(kinds(&d), [MatchKind::SameDiffId]);
    assert!(d.same.diff_ids && !d.same.layer_digests && d.same.files);
}

#[test]
fn format_docker_archive_against_oci_of_the_same_layers() {
    let tars = [tar(&base()), tar(&[f("app/c.txt", b"charlie\n")])];
    let (d, e) = agree(&docker(&tars), &oci_tars(&tars));
    assert_eq!(e.causes, BTreeSet::from(["format"]));
    assert!(d.same.config_digest && d.same.diff_ids && d.same.files);
    assert_eq!(kinds(&d), [MatchKind::SameDigest, MatchKind::SameDigest]);
    assert!(!d.a.manifest_preserved && d.a.manifest_digest.is_none());
    assert!(d.b.manifest_preserved);
}

#[test]
fn config_only() {
    let t = tar(&base());
    let a = oci(vec![(Layer::tar_gzip(&t), t.clone())], |_| {});
    let b = oci(vec![(Layer::tar_gzip(&t), t.clone())], |c| {
        c["config"]["Env"]
            .as_array_mut()
            .unwrap()
            .push("MODE=prod".into());
        c["config"]["User"] = "app".into();
    });
    let (d, e) = agree(&a, &b);
    assert_eq!(e.causes, BTreeSet::from(["config"]));
    let fields: Vec<&str> = d.config.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["Env", "User"]);
    assert_eq!(d.config[1].a, Value::Null);
    assert_eq!(d.config[1].b, "app");
}

#[test]
fn content_with_exact_paths() {
    let a = tar(&base());
    let mut v2 = with(|x| x.body = b"alpha, edited\n");
    v2.push(f("app/new.txt", b"new\n"));
    let b = tar(&v2);
    let (d, e) = agree(&oci_tars(&[a]), &oci_tars(&[b]));
    assert_eq!(e.causes, BTreeSet::from(["content"]));
    assert_eq!(d.files.added, ["app/new.txt"]);
    assert_eq!(d.files.changed.len(), 1);
    let c = &d.files.changed[0];
    assert_eq!((c.path.as_str(), c.a_size, c.b_size), ("app/a.txt", 6, 14));
}

#[test]
fn entry_order() {
    let mut swapped = base();
    swapped.reverse();
    let (d, e) = agree(&oci_tars(&[tar(&base())]), &oci_tars(&[tar(&swapped)]));
    assert_eq!(e.causes, BTreeSet::from(["entry-order"]));
    assert_eq!(kinds(&d), [MatchKind::SameFiles]);
}

#[test]
fn tar_headers_owner_names() {
    let named = tar(&with(|x| x.uname = "root"));
    let (d, e) = agree(&oci_tars(&[tar(&base())]), &oci_tars(&[named]));
    assert_eq!(e.causes, BTreeSet::from(["tar-headers"]));
    assert_eq!(kinds(&d), [MatchKind::SameFiles]);
}

#[test]
fn manifest_only() {
    let t = tar(&base());
    let image = OciImage::new(vec![Layer::tar_gzip(&t)]);
    let config = image.config_value();
    let annotated = image.clone().with_manifest_field(
        "annotations",
        serde_json::json!({"org.example.note": "re-pushed"}),
    );
    let a = oci_of(image, vec![t.clone()], config.clone());
    let b = oci_of(annotated, vec![t], config);
    let (d, e) = agree(&a, &b);
    assert_eq!(e.causes, BTreeSet::from(["manifest"]));
    assert!(
        d.causes[0].evidence.contains("annotations"),
        "{:?}",
        d.causes
    );
}

#[test]
fn identical_images_have_no_cause() {
    let t = tar(&base());
    let (d, e) = agree(&oci_tars(std::slice::from_ref(&t)), &oci_tars(&[t]));
    assert!(e.causes.is_empty() && d.causes.is_empty());
    assert!(d.same.files && d.same.config_digest && d.same.manifest_digest);
    assert!(
        d.summary.verdict.starts_with("identical"),
        "{}",
        d.summary.verdict
    );
}

/// Layers are matched by digest, then DiffID, then file list; the rest is
/// paired by a shared path or left on one side.
#[test]
fn the_matcher_pairs_by_digest_diff_id_files_then_paths() {
    let base_l = tar(&[f("app/base.txt", b"base\n")]);
    let edited = |body: &'static [u8]| tar(&[f("app/conf.txt", body)]);
    let reordered = [f("app/x.txt", b"x\n"), f("app/y.txt", b"y\n")];
    let mut rev = reordered.to_vec();
    rev.reverse();
    let a = oci(
        vec![
            (Layer::tar_gzip(&base_l), base_l.clone()),
            (Layer::tar_gzip(edited(b"v1\n")), edited(b"v1\n")),
            (Layer::tar_gzip(tar(&reordered)), tar(&reordered)),
            (
                Layer::tar(tar(&[f("app/gone.txt", b"g\n")])),
                tar(&[f("app/gone.txt", b"g\n")]),
            ),
        ],
        |_| {},
    );
    let extra = tar(&[f("app/extra.txt", b"e\n")]);
    let b = oci(
        vec![
            (Layer::tar_zstd(&base_l), base_l.clone()),
            (Layer::tar_gzip(tar(&rev)), tar(&rev)),
            (Layer::tar_gzip(&extra), extra.clone()),
            (Layer::tar_gzip(edited(b"v2\n")), edited(b"v2\n")),
        ],
        |_| {},
    );
    let d = engine(&a, &b);
    let rows: Vec<(Option<u32>, Option<u32>, &str)> = d
        .layers
        .iter()
        .map(|l| (l.a, l.b, l.kind.as_str()))
        .collect();
    // expected from the construction: base (same tar, other codec), the
    // reordered layer (same entries), conf.txt edited (a shared path), the
    // extra layer in b only, gone.txt in a only
    let mut want = vec![
        (Some(0), Some(0), "same-diff-id"),
        (Some(2), Some(1), "same-files"),
        (Some(1), Some(3), "changed"),
        (None, Some(2), "only-b"),
        (Some(3), None, "only-a"),
    ];
    let mut got = rows.clone();
    want.sort();
    got.sort();
    assert_eq!(got, want, "{rows:?}");
    let e = expect(&a, &b);
    assert_eq!(d.files.added, e.files.added);
    assert_eq!(d.files.removed, e.files.removed);
    let by_b = |j: u32| d.layers.iter().find(|l| l.b == Some(j)).unwrap();
    assert_eq!(by_b(0).causes, [diff::Cause::Compression]);
    assert_eq!(by_b(1).causes, [diff::Cause::EntryOrder]);
    assert_eq!(by_b(3).causes, [diff::Cause::Content]);
    assert_eq!(by_b(2).causes, [diff::Cause::Content]);
}

#[test]
fn the_image_is_chosen_by_number_or_platform() {
    let t = tar(&base());
    let arm = OciImage::new(vec![Layer::tar(&t)]).with_platform("arm64", "linux");
    let amd = OciImage::new(vec![Layer::tar(tar(&with(|x| x.mode = 0o600)))])
        .with_platform("amd64", "linux");
    let both = OciLayoutBuilder::new().image(arm).image(amd).build();
    let r = report(&both, "multi.tar");
    let one = report(&oci_tars(&[t]).archive, "one.tar");
    let pick = |sel: diff::Selection, host: Option<&str>| {
        let o = CompareOptions {
            a: sel,
            host: host.map(str::to_string),
            ..CompareOptions::default()
        };
        diff::compare(&r, &one, &o).map(|d| (d.a.image, d.a.platform.clone()))
    };
    assert_eq!(pick(Default::default(), Some("linux/amd64")).unwrap().0, 1);
    assert_eq!(pick(Default::default(), Some("linux/s390x")).unwrap().0, 0);
    assert_eq!(pick(Default::default(), None).unwrap().0, 0);
    let by_platform = diff::Selection {
        platform: Some("linux/arm64".into()),
        ..Default::default()
    };
    assert_eq!(
        pick(by_platform, Some("linux/amd64")).unwrap().1.as_deref(),
        Some("linux/arm64")
    );
    let by_number = diff::Selection {
        image: Some(1),
        ..Default::default()
    };
    assert_eq!(pick(by_number, None).unwrap().0, 1);
    let missing = diff::Selection {
        image: Some(7),
        ..Default::default()
    };
    assert!(pick(missing, None)
        .unwrap_err()
        .to_string()
        .contains("no image 7"));
    let no_such = diff::Selection {
        platform: Some("windows/amd64".into()),
        ..Default::default()
    };
    let err = pick(no_such, None).unwrap_err().to_string();
    assert!(
        err.contains("linux/arm64") && err.contains("linux/amd64"),
        "{err}"
    );
}

#[test]
fn a_report_without_its_tree_is_trouble() {
    let t = tar(&base());
    let built = oci_tars(&[t]);
    let o = Options {
        name: "x.tar".into(),
        ..Options::default()
    };
    let bare = inspect(Cursor::new(built.archive.clone()), &o, &mut NullSink).unwrap();
    let full = report(&built.archive, "y.tar");
    let err = diff::compare(&bare, &full, &CompareOptions::default()).unwrap_err();
    assert!(err.to_string().contains("no file tree"), "{err}");
}

/// An apk database (`lib/apk/db/installed`, https://wiki.alpinelinux.org/wiki/Apk_spec):
/// one package per paragraph, `P:` name, `V:` version, `A:` architecture.
fn apk_db(pkgs: &[(&str, &str)]) -> &'static [u8] {
    let text: String = pkgs
        .iter()
        .map(|(n, v)| format!("C:Q1abc=\nP:{n}\nV:{v}\nA:x86_64\nS:100\nI:200\nT:{n}\n\n"))
        .collect();
    Box::leak(text.into_bytes().into_boxed_slice())
}

#[test]
fn packages_added_removed_and_upgraded() {
    let a = oci_tars(&[tar(&[f(
        "lib/apk/db/installed",
        apk_db(&[
            ("busybox", "1.36.1-r2"),
            ("musl", "1.2.4-r1"),
            ("zlib", "1.3-r0"),
        ]),
    )])]);
    let b = oci_tars(&[tar(&[f(
        "lib/apk/db/installed",
        apk_db(&[
            ("busybox", "1.36.1-r2"),
            ("curl", "8.5.0-r0"),
            ("musl", "1.2.4-r2"),
        ]),
    )])]);
    let d = engine(&a, &b);
    let names = |v: &[ocilens::engine::diff::schema::PackageRef]| {
        v.iter()
            .map(|p| format!("{} {} {} {}", p.manager, p.name, p.version, p.arch))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&d.packages.added), ["apk curl 8.5.0-r0 x86_64"]);
    assert_eq!(names(&d.packages.removed), ["apk zlib 1.3-r0 x86_64"]);
    let up: Vec<_> = d
        .packages
        .upgraded
        .iter()
        .map(|u| (u.name.as_str(), u.a_version.as_str(), u.b_version.as_str()))
        .collect();
    assert_eq!(up, [("musl", "1.2.4-r1", "1.2.4-r2")]);
    // the same database on both sides: no package changes
    assert_eq!(engine(&a, &a).packages, Default::default());
}
