use super::{counts, groups, place, FindingsFilter, FindingsMsg};
use crate::engine::finding::{Check, Code, Finding, Location, Severity};
use crate::engine::{inspect, NullSink, Options};
use std::io::Cursor;

/// The report's findings of the Debian-shaped fixture (a Debian 12 minbase
/// root's special files: 8 devices, 11 setuid/setgid programs), without the
/// runtime lint's three (root, no `bash`, `DB_PASSWORD` in `Env`: checked in
/// `tests/fixtures.rs`), so the groups are the archive's.
fn debian() -> Vec<Finding> {
    let bytes: &[u8] = include_bytes!("../../../tests/fixtures/debian-shaped.tar");
    let o = Options {
        name: "debian-shaped.tar".into(),
        ..Options::default()
    };
    inspect(Cursor::new(bytes), &o, &mut NullSink)
        .expect("readable")
        .findings
        .into_iter()
        .filter(|f| f.check != Check::Runtime)
        .collect()
}

fn summary(findings: &[Finding], filter: &FindingsFilter) -> Vec<(Code, usize)> {
    groups(findings, filter)
        .iter()
        .map(|g| (g.code, g.members.len()))
        .collect()
}

#[test]
fn debian_groups_into_four_cards() {
    let f = debian();
    assert_eq!(f.len(), 21);
    let g = groups(&f, &FindingsFilter::default());
    let got: Vec<(Code, Severity, usize, usize)> = g
        .iter()
        .map(|g| (g.code, g.severity, g.members.len(), g.total))
        .collect();
    // warnings before infos; the same check (tar) in catalogue order
    let tar_first = Code::ALL.iter().position(|c| *c == Code::TarDeviceNode)
        < Code::ALL.iter().position(|c| *c == Code::TarSetuidSetgid);
    let (a, b) = if tar_first {
        (Code::TarDeviceNode, Code::TarSetuidSetgid)
    } else {
        (Code::TarSetuidSetgid, Code::TarDeviceNode)
    };
    let n = |c: Code| if c == Code::TarDeviceNode { 8 } else { 11 };
    let mut want = vec![
        (a, a.severity(), n(a), n(a)),
        (b, b.severity(), n(b), n(b)),
        (
            Code::CompatibilityOciManifest,
            Code::CompatibilityOciManifest.severity(),
            1,
            1,
        ),
        // an OCI layout without `manifest.json` (what `docker load` < 29 refuses)
        (
            Code::CompatibilityNoDockerManifest,
            Code::CompatibilityNoDockerManifest.severity(),
            1,
            1,
        ),
    ];
    want.sort_by_key(|(c, s, _, _)| (*s, Check::ALL.iter().position(|x| *x == c.check()), *c));
    assert_eq!(got, want);
    let devices = g
        .iter()
        .find(|g| g.code == Code::TarDeviceNode)
        .expect("devices");
    assert!(devices.explanation.len() > 20, "the explanation once");
    assert!(devices.members.iter().all(|m| m.explanation.is_none()));
    let places: Vec<&str> = devices.members.iter().map(|m| m.place.as_str()).collect();
    assert_eq!(
        places.first().copied(),
        Some("image 0 · layer 0 · dev/console")
    );
    assert!(
        places.contains(&"image 0 · layer 0 · dev/zero"),
        "{places:?}"
    );
    let (sev, checks) = counts(&f);
    assert_eq!(sev.iter().sum::<usize>(), 21);
    assert_eq!(
        checks.iter().find(|(c, _)| *c == Check::Tar).map(|x| x.1),
        Some(19)
    );
}

#[test]
fn errors_come_first() {
    let mk = |c: Code| Finding::new(c, Location::default(), c.as_str());
    let pick = |s: Severity| Code::ALL.iter().copied().filter(move |c| c.severity() == s);
    let info = pick(Severity::Info).next().expect("info");
    let warn = pick(Severity::Warning).next().expect("warning");
    let errs: Vec<Code> = pick(Severity::Error).take(2).collect();
    let f = vec![mk(info), mk(warn), mk(errs[1]), mk(info), mk(errs[0])];
    let sevs: Vec<Severity> = groups(&f, &FindingsFilter::default())
        .iter()
        .map(|g| g.severity)
        .collect();
    assert_eq!(
        sevs,
        [
            Severity::Error,
            Severity::Error,
            Severity::Warning,
            Severity::Info
        ]
    );
    let info_group = groups(&f, &FindingsFilter::default())
        .into_iter()
        .find(|g| g.code == info)
        .expect("info group");
    let idx: Vec<usize> = info_group.members.iter().map(|m| m.index).collect();
    assert_eq!(idx, [0, 3], "members keep report order");
}

#[test]
fn filters_and_search() {
    let f = debian();
    let mut filter = FindingsFilter::default();
    filter.update(FindingsMsg::Severity(Code::TarDeviceNode.severity()));
    let only = summary(&f, &filter);
    assert!(
        only.iter()
            .all(|(c, _)| c.severity() == Code::TarDeviceNode.severity()),
        "{only:?}"
    );
    assert!(only.contains(&(Code::TarDeviceNode, 8)));
    filter.update(FindingsMsg::Severity(Code::TarDeviceNode.severity()));
    assert!(
        !filter.is_active(),
        "a second click shows every severity again"
    );

    filter.update(FindingsMsg::Check(Some(Check::Compatibility)));
    assert_eq!(
        summary(&f, &filter),
        [
            (Code::CompatibilityOciManifest, 1),
            (Code::CompatibilityNoDockerManifest, 1)
        ]
    );
    filter.update(FindingsMsg::Check(None));

    // the search matches the place (a path), the message and the code
    filter.update(FindingsMsg::Query("USR/BIN/SU".into()));
    assert_eq!(summary(&f, &filter), [(Code::TarSetuidSetgid, 1)]);
    filter.update(FindingsMsg::Query("setgid".into()));
    assert_eq!(
        summary(&f, &filter),
        [(Code::TarSetuidSetgid, 11)],
        "the code names setgid"
    );
    filter.update(FindingsMsg::Query("is setgid".into()));
    assert_eq!(
        summary(&f, &filter),
        [(Code::TarSetuidSetgid, 3)],
        "chage, expiry, unix_chkpwd"
    );
    filter.update(FindingsMsg::Query("tar.device".into()));
    assert_eq!(summary(&f, &filter), [(Code::TarDeviceNode, 8)]);
    let g = groups(&f, &filter);
    assert_eq!(g.first().map(|g| g.total), Some(8));
    filter.update(FindingsMsg::Query("nothing matches this".into()));
    assert!(groups(&f, &filter).is_empty());
    filter.update(FindingsMsg::Clear);
    assert_eq!(groups(&f, &filter).len(), 4);
}

#[test]
fn which_groups_are_open() {
    let f = debian();
    let mut filter = FindingsFilter::default();
    let g = groups(&f, &filter);
    let by = |c: Code| g.iter().find(|g| g.code == c).expect("group").clone();
    let devices = by(Code::TarDeviceNode);
    let single = by(Code::CompatibilityOciManifest);
    assert!(!filter.is_open(&devices, None), "8 places start closed");
    assert!(filter.is_open(&single, None), "one place is shown");
    let third = devices.members.get(2).map(|m| m.index);
    assert!(
        filter.is_open(&devices, third),
        "the focused finding's group opens"
    );
    filter.update(FindingsMsg::Toggle(Code::TarDeviceNode, false));
    assert!(
        !filter.is_open(&devices, third),
        "closed by hand stays closed"
    );
    filter.update(FindingsMsg::Toggle(Code::TarDeviceNode, true));
    assert!(filter.is_open(&devices, None));
}

#[test]
fn places_in_words() {
    let at = |l: Location| place(&Finding::new(Code::TarDeviceNode, l, "m"));
    assert_eq!(at(Location::default()), "");
    assert_eq!(at(Location::entry("manifest.json")), "entry manifest.json");
    assert_eq!(
        at(Location::entry("e").with_blob("sha256:ab")),
        "blob sha256:ab"
    );
    assert_eq!(
        at(Location::default()
            .with_image(1)
            .with_path("$.config.Env[0]")),
        "image 1 · $.config.Env[0]"
    );
}

#[test]
fn a_member_with_more_to_say_keeps_its_own_explanation() {
    let base = Finding::new(Code::TarDeviceNode, Location::default(), "a");
    let more =
        Finding::new(Code::TarDeviceNode, Location::default(), "b").explain_more("Also this.");
    let f = [base, more];
    let g = groups(&f, &FindingsFilter::default());
    let members = &g.first().expect("one group").members;
    assert_eq!(members.first().and_then(|m| m.explanation), None);
    assert!(members
        .get(1)
        .and_then(|m| m.explanation)
        .is_some_and(|e| e.ends_with("Also this.")));
}

#[test]
fn a_group_shows_each_fix_of_its_members_once() {
    let bytes: &[u8] = include_bytes!("../../../tests/fixtures/skopeo-oci-zstd.tar");
    let o = Options {
        name: "skopeo-oci-zstd.tar".into(),
        ..Options::default()
    };
    let f = inspect(Cursor::new(bytes), &o, &mut NullSink)
        .expect("readable")
        .findings;
    let g = groups(&f, &FindingsFilter::default());
    let zstd = g
        .iter()
        .find(|g| g.code == Code::CompatibilityZstd)
        .expect("a zstd card");
    let fix = f
        .iter()
        .find(|x| x.code == Code::CompatibilityZstd)
        .and_then(|x| x.fix.as_deref())
        .expect("zstd has a fix");
    assert!(fix.contains("--dest-compress-format gzip"), "{fix}");
    assert_eq!(zstd.fixes(), [fix]);
    // crafted: the same fix twice is shown once, a second one too, none is none
    let mk = |fix: Option<&str>| {
        let mut x = Finding::new(
            Code::ReferenceNone,
            Location::default(),
            "no name".to_string(),
        );
        x.fix = fix.map(str::to_string);
        x
    };
    let f = vec![mk(Some("a")), mk(None), mk(Some("a")), mk(Some("b"))];
    let g = groups(&f, &FindingsFilter::default());
    assert_eq!(g[0].fixes(), ["a", "b"]);
    let f = vec![mk(None)];
    assert!(groups(&f, &FindingsFilter::default())[0].fixes().is_empty());
}
