//! Resolution over hand-written listings: the merged view, one layer's
//! copy, symlinks, hard links, whiteouts and what is not a file.

use super::resolve::{resolve, FileRef, Resolved, Selector};
use crate::engine::tree::entry::{Kind, LayerEntry};

fn e(path: &str, kind: Kind) -> LayerEntry {
    LayerEntry {
        path: path.into(),
        kind,
        mode: 0o644,
        uid: 0,
        gid: 0,
        size: 0,
        mtime: 0,
        link: None,
        change: None,
        layer: None,
        hash: None,
    }
}

fn file(path: &str, size: u64) -> LayerEntry {
    LayerEntry {
        size,
        ..e(path, Kind::File)
    }
}

fn link(path: &str, kind: Kind, target: &str) -> LayerEntry {
    LayerEntry {
        link: Some(target.into()),
        ..e(path, kind)
    }
}

fn run(layers: &[Vec<LayerEntry>], sel: Selector, path: &str) -> Resolved {
    let refs: Vec<&[LayerEntry]> = layers.iter().map(Vec::as_slice).collect();
    resolve(&refs, sel, path, 40)
}

fn at(layer: u32, path: &str, occurrence: u32, size: u64) -> FileRef {
    FileRef {
        layer,
        path: path.into(),
        occurrence,
        size,
    }
}

/// The file a resolution found (panics with the resolution otherwise).
fn found(r: Resolved) -> FileRef {
    match r {
        Resolved::File { file, .. } => file,
        other => panic!("not a file: {other:?}"),
    }
}

#[test]
fn the_top_most_copy_wins_and_a_layer_keeps_its_own() {
    let layers = vec![
        vec![e("etc", Kind::Dir), file("etc/motd", 5)],
        vec![file("etc/motd", 9)],
    ];
    assert_eq!(
        found(run(&layers, Selector::Merged, "/etc/motd")),
        at(1, "etc/motd", 0, 9)
    );
    assert_eq!(
        found(run(&layers, Selector::Layer(0), "etc//./motd")),
        at(0, "etc/motd", 0, 5)
    );
    assert_eq!(
        run(&layers, Selector::Layer(2), "etc/motd"),
        Resolved::NoSuchLayer {
            layer: 2,
            layers: 2
        }
    );
}

#[test]
fn a_whiteout_hides_the_lower_copy_from_the_merged_view_only() {
    let layers = vec![
        vec![e("etc", Kind::Dir), file("etc/secret", 7)],
        vec![e("etc/secret", Kind::Whiteout)],
    ];
    assert_eq!(
        run(&layers, Selector::Merged, "etc/secret"),
        Resolved::NotFound {
            path: "etc/secret".into(),
            removed_by: Some(1)
        }
    );
    assert_eq!(
        found(run(&layers, Selector::Layer(0), "etc/secret")),
        at(0, "etc/secret", 0, 7)
    );
    assert_eq!(
        run(&layers, Selector::Layer(1), "etc/secret"),
        Resolved::Whiteout {
            path: "etc/secret".into(),
            layer: 1
        }
    );
}

#[test]
fn an_opaque_directory_hides_lower_contents_but_not_its_own() {
    let layers = vec![
        vec![e("var", Kind::Dir), file("var/old", 1)],
        vec![
            e("var", Kind::Opaque),
            e("var", Kind::Dir),
            file("var/new", 2),
        ],
    ];
    assert_eq!(
        run(&layers, Selector::Merged, "var/old"),
        Resolved::NotFound {
            path: "var/old".into(),
            removed_by: Some(1)
        }
    );
    assert_eq!(
        found(run(&layers, Selector::Merged, "var/new")),
        at(1, "var/new", 0, 2)
    );
    assert_eq!(
        run(&layers, Selector::Layer(1), "var/old"),
        Resolved::NotInLayer {
            path: "var/old".into(),
            layer: 1,
            present_in: vec![0]
        }
    );
}

#[test]
fn symlinks_resolve_within_the_image() {
    let layers = vec![vec![
        e("usr", Kind::Dir),
        e("usr/lib", Kind::Dir),
        file("usr/lib/libc.so", 100),
        link("lib", Kind::Symlink, "usr/lib"),
        link("usr/lib/libc.so.6", Kind::Symlink, "libc.so"),
        // absolute, and `..` above the root stays at the root
        link("abs", Kind::Symlink, "/usr/lib/libc.so.6"),
        link("up", Kind::Symlink, "../../../../usr/lib/libc.so"),
    ]];
    for path in [
        "lib/libc.so",
        "lib/libc.so.6",
        "abs",
        "up",
        "/lib/../lib/./libc.so",
    ] {
        let r = run(&layers, Selector::Merged, path);
        assert_eq!(found(r), at(0, "usr/lib/libc.so", 0, 100), "{path}");
    }
    let Resolved::File { links, .. } = run(&layers, Selector::Merged, "abs") else {
        panic!()
    };
    assert_eq!(
        links,
        ["abs → /usr/lib/libc.so.6", "usr/lib/libc.so.6 → libc.so"]
    );
    // in one layer's view, the symlink of that layer is followed too
    assert_eq!(
        found(run(&layers, Selector::Layer(0), "abs")),
        at(0, "usr/lib/libc.so", 0, 100)
    );
}

#[test]
fn a_symlink_loop_stops_after_forty_hops() {
    let layers = vec![vec![
        link("a", Kind::Symlink, "b"),
        link("b", Kind::Symlink, "/a"),
        link("self", Kind::Symlink, "self/x"),
    ]];
    assert_eq!(
        run(&layers, Selector::Merged, "a"),
        Resolved::SymlinkLoop {
            path: "a".into(),
            hops: 41
        }
    );
    assert!(matches!(
        run(&layers, Selector::Merged, "self"),
        Resolved::SymlinkLoop { hops: 41, .. }
    ));
    // a chain of 40 is fine, 41 is not (Linux MAXSYMLINKS)
    let mut chain: Vec<LayerEntry> = (0..40)
        .map(|i| link(&format!("l{i}"), Kind::Symlink, &format!("l{}", i + 1)))
        .collect();
    chain.push(file("l40", 3));
    let layers = vec![chain.clone()];
    assert_eq!(
        found(run(&layers, Selector::Merged, "l0")),
        at(0, "l40", 0, 3)
    );
    chain.insert(0, link("m", Kind::Symlink, "l0"));
    let layers = vec![chain];
    assert!(matches!(
        run(&layers, Selector::Merged, "m"),
        Resolved::SymlinkLoop { .. }
    ));
}

#[test]
fn hardlinks_resolve_to_the_bytes_their_target_had() {
    let layers = vec![
        vec![file("bin/busybox", 10)],
        vec![
            link("bin/sh", Kind::Hardlink, "bin/busybox"),
            file("bin/busybox", 20),
            link("bin/ash", Kind::Hardlink, "bin/busybox"),
            link("bin/gone", Kind::Hardlink, "bin/nothing"),
        ],
    ];
    // before layer 1's own busybox: the lower layer's copy
    assert_eq!(
        found(run(&layers, Selector::Merged, "bin/sh")),
        at(0, "bin/busybox", 0, 10)
    );
    assert_eq!(
        found(run(&layers, Selector::Merged, "bin/ash")),
        at(1, "bin/busybox", 0, 20)
    );
    assert_eq!(
        run(&layers, Selector::Merged, "bin/gone"),
        Resolved::DanglingHardlink {
            path: "bin/gone".into(),
            target: "bin/nothing".into()
        }
    );
}

#[test]
fn directories_devices_and_missing_parents_say_what_they_are() {
    let layers = vec![vec![
        e("dev", Kind::Dir),
        e("dev/null", Kind::CharDevice),
        file("etc/passwd", 4), // no `etc` entry: an implied directory
        file("plain", 1),
        file("dup", 1),
        file("dup", 2),
    ]];
    let node = |path: &str, node, layer| Resolved::NotRegular {
        path: path.into(),
        node,
        layer,
    };
    assert_eq!(
        run(&layers, Selector::Merged, "dev"),
        node("dev", Kind::Dir, Some(0))
    );
    assert_eq!(
        run(&layers, Selector::Merged, "/"),
        node("", Kind::Dir, None)
    );
    assert_eq!(
        run(&layers, Selector::Merged, "etc"),
        node("etc", Kind::Dir, None)
    );
    assert_eq!(
        run(&layers, Selector::Merged, "dev/null"),
        node("dev/null", Kind::CharDevice, Some(0))
    );
    assert_eq!(
        run(&layers, Selector::Merged, "plain/x"),
        Resolved::NotADirectory {
            path: "plain".into()
        }
    );
    assert_eq!(
        run(&layers, Selector::Merged, "nope"),
        Resolved::NotFound {
            path: "nope".into(),
            removed_by: None
        }
    );
    // the last of two copies in one layer wins
    assert_eq!(
        found(run(&layers, Selector::Merged, "dup")),
        at(0, "dup", 1, 2)
    );
}
