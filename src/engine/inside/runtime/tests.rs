use super::*;

fn e(path: &str, kind: Kind, link: Option<&str>) -> LayerEntry {
    LayerEntry {
        path: path.into(),
        kind,
        mode: 0o755,
        uid: 0,
        gid: 0,
        size: 0,
        mtime: 0,
        link: link.map(String::from),
        change: None,
        layer: Some(0),
        hash: None,
    }
}

/// A merged-usr tree: `bin` → `usr/bin`, `sbin` → `/usr/sbin`, a chain and a loop.
fn tree() -> Vec<LayerEntry> {
    let mut t = vec![
        e("bin", Kind::Symlink, Some("usr/bin")),
        e("sbin", Kind::Symlink, Some("/usr/sbin")),
        e("usr", Kind::Dir, None),
        e("usr/bin", Kind::Dir, None),
        e("usr/bin/busybox", Kind::File, None),
        e("usr/bin/sh", Kind::Symlink, Some("busybox")),
        e("usr/bin/ash", Kind::Hardlink, Some("usr/bin/busybox")),
        e("usr/sbin", Kind::Dir, None),
        e("usr/sbin/init", Kind::Symlink, Some("../bin/../bin/sh")),
        e("loop/a", Kind::Symlink, Some("b")),
        e("loop/b", Kind::Symlink, Some("a")),
        e("app", Kind::Dir, None),
        e("app/run", Kind::Symlink, Some("/../../usr/bin/sh")),
    ];
    t.sort_by(|a, b| a.path.cmp(&b.path));
    t
}

#[test]
fn resolves_links_of_every_component() {
    let t = tree();
    assert_eq!(resolve(&t, "/bin/sh").as_deref(), Some("usr/bin/busybox"));
    assert_eq!(
        resolve(&t, "/sbin/init").as_deref(),
        Some("usr/bin/busybox")
    );
    assert_eq!(
        resolve(&t, "/app/run").as_deref(),
        Some("usr/bin/busybox"),
        "`..` stops at the root"
    );
    assert_eq!(resolve(&t, "/loop/a"), None, "a loop ends after MAX_HOPS");
    assert_eq!(resolve(&t, "/nope/x").as_deref(), Some("nope/x"));
}

#[test]
fn finds_programs_by_path_and_by_name() {
    let t = tree();
    let found = |p: &str, path: &str| find_program(&t, p, path, Some("/app")).map(|f| f.path);
    assert_eq!(
        found("/bin/sh", DEFAULT_PATH).as_deref(),
        Some("usr/bin/busybox")
    );
    assert_eq!(
        found("ash", "/bin").as_deref(),
        Some("usr/bin/busybox"),
        "hard link to its target"
    );
    assert_eq!(
        found("sh", "/opt/bin:/sbin:/bin").as_deref(),
        Some("usr/bin/busybox")
    );
    assert_eq!(found("sh", "/opt/bin").as_deref(), None);
    assert_eq!(
        found("./run", DEFAULT_PATH).as_deref(),
        Some("usr/bin/busybox"),
        "relative to WorkingDir"
    );
    assert!(
        found("/usr/bin", DEFAULT_PATH).is_none(),
        "a directory is not a program"
    );
    assert!(found("/loop/a", DEFAULT_PATH).is_none());
}

#[test]
fn root_users() {
    for u in [
        None,
        Some(""),
        Some("0"),
        Some("root"),
        Some("0:0"),
        Some("root:wheel"),
    ] {
        assert!(is_root(u), "{u:?}");
    }
    for u in [
        Some("1000"),
        Some("app"),
        Some("1000:0"),
        Some("nobody:nogroup"),
    ] {
        assert!(!is_root(u), "{u:?}");
    }
}
