//! Routes print and parse back to themselves; odd paths are percent-encoded;
//! garbage is the Overview.

use super::*;

fn route(place: Place, image: usize) -> Route {
    Route { place, image }
}

/// One route of every view, with and without a selection.
fn every_place() -> Vec<Place> {
    let finding = |code: &str, nth| {
        Place::Findings(Some(FindingRef {
            code: code.into(),
            nth,
        }))
    };
    let mut v = vec![
        Place::Overview,
        Place::Findings(None),
        finding("diffid.mismatch", 0),
        finding("tar.setuid", 7),
        Place::Structure(None),
        Place::Structure(Some(
            "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".into(),
        )),
        Place::History,
        Place::Layers(None),
        Place::Layers(Some(0)),
        Place::Layers(Some(12)),
        Place::Files {
            layer: None,
            path: None,
        },
        Place::Files {
            layer: Some(3),
            path: None,
        },
        Place::Explain(None),
        Place::Packages(None),
        Place::Packages(Some("libc6".into())),
        Place::Packages(Some("g++-12 x/y?#".into())),
    ];
    for path in ["etc/hostname", "", "usr/lib/x86_64-linux-gnu/libc.so.6"] {
        for layer in [None, Some(0), Some(2)] {
            v.push(Place::Files {
                layer,
                path: Some(path.into()),
            });
        }
    }
    v.extend(StepId::ALL.into_iter().map(|s| Place::Explain(Some(s))));
    v
}

fn round_trip(f: &Fragment) -> Fragment {
    Fragment::parse(&format!("#{f}"))
}

#[test]
fn every_view_and_selection_round_trips() {
    let mut n = 0;
    for place in every_place() {
        for image in [0, 1, 5] {
            for share in [None, Some("1.eJyrVkrLz1eyUkpKLFKqBQAd8wRY".to_string())] {
                let f = Fragment {
                    route: Some(route(place.clone(), image)),
                    share,
                };
                assert_eq!(round_trip(&f), f, "#{f}");
                n += 1;
            }
        }
    }
    assert_eq!(n, every_place().len() * 6);
}

#[test]
fn printed_forms() {
    let show = |place, image| {
        Fragment {
            route: Some(route(place, image)),
            share: None,
        }
        .to_string()
    };
    assert_eq!(show(Place::Overview, 0), "/overview");
    assert_eq!(show(Place::Layers(Some(2)), 0), "/layers/2");
    assert_eq!(show(Place::Layers(Some(2)), 1), "/layers/2?image=1");
    let files = Place::Files {
        layer: Some(1),
        path: Some("etc/hostname".into()),
    };
    assert_eq!(show(files, 2), "/files/etc/hostname?image=2&layer=1");
    assert_eq!(
        show(
            Place::Findings(Some(FindingRef {
                code: "tar.setuid".into(),
                nth: 3
            })),
            0
        ),
        "/findings/tar.setuid/3"
    );
    assert_eq!(
        show(Place::Explain(Some(StepId::MediaTypes)), 0),
        "/explain/media-types"
    );
    let both = Fragment {
        route: Some(route(Place::Layers(Some(0)), 0)),
        share: Some("1.abc".into()),
    };
    assert_eq!(both.to_string(), "/layers/0?r=1.abc");
}

#[test]
fn a_share_link_as_handed_out_has_no_route() {
    let f = Fragment::parse("#r=1.eJyrVkrLz1eyUkpKLFKqBQAd8wRY");
    assert_eq!(f.route, None);
    assert_eq!(f.share.as_deref(), Some("1.eJyrVkrLz1eyUkpKLFKqBQAd8wRY"));
    assert_eq!(f.to_string(), "r=1.eJyrVkrLz1eyUkpKLFKqBQAd8wRY");
    assert_eq!(Fragment::parse(""), Fragment::default());
    assert_eq!(Fragment::parse("#"), Fragment::default());
}

#[test]
fn odd_paths_are_percent_encoded_and_come_back() {
    let paths = [
        "etc/ssl certs/ca.pem",
        "a#b/c?d&e=f",
        "usr/share/doc/café/ünïcödé 日本語.txt",
        "100%/%41%zz",
        "/abs/../../etc/passwd",
        "a//b/",
        "plus+tilde~ colon:at@",
        "tab\there\nnewline",
        "\u{202e}rtl-override",
    ];
    for path in paths {
        let f = Fragment {
            route: Some(route(
                Place::Files {
                    layer: None,
                    path: Some(path.into()),
                },
                0,
            )),
            share: None,
        };
        let printed = f.to_string();
        // nothing the browser or the fragment grammar would read differently
        let rest = printed.trim_start_matches("/files/");
        for c in [' ', '#', '?', '&', '=', '\t', '\n'] {
            assert!(!rest.contains(c), "{c:?} raw in {printed}");
        }
        assert!(printed.is_ascii(), "{printed}");
        assert_eq!(round_trip(&f), f, "{path:?} printed as {printed}");
    }
    assert_eq!(encode("a b#c"), "a%20b%23c");
    assert_eq!(encode("é"), "%C3%A9");
    assert_eq!(decode("%C3%A9").as_deref(), Some("é"));
    // a browser that decodes nothing and one that writes unicode both work
    assert_eq!(
        Fragment::parse("#/files/caf%C3%A9/x").route,
        Fragment::parse("#/files/café/x").route
    );
}

#[test]
fn a_digest_and_a_code_are_single_segments() {
    let f = Fragment::parse("#/structure/sha256:abc");
    assert_eq!(
        f.route.map(|r| r.place),
        Some(Place::Structure(Some("sha256:abc".into())))
    );
    let f = Fragment::parse("#/findings/diffid.mismatch");
    assert_eq!(
        f.route.map(|r| r.place),
        Some(Place::Findings(Some(FindingRef {
            code: "diffid.mismatch".into(),
            nth: 0
        })))
    );
}

#[test]
fn garbage_is_the_overview_and_never_panics() {
    let overview = Some(Route::default());
    let garbage = [
        "#/",
        "#//",
        "#/nope",
        "#/layers/x",
        "#/layers/-1",
        "#/layers/01",
        "#/layers/99999999999999999999",
        "#/layers/1/2",
        "#/overview/extra",
        "#/history/1",
        "#/structure/a/b",
        "#/explain/nowhere",
        "#/findings/code/x",
        "#/findings/%zz",
        "#/files/%",
        "#/files/%4",
        "#/files/%C3",
        "#/files/%FF%FE",
        "#/layers/1?image=x",
        "#/layers/1?layer=2",
        "#/overview?what=1",
        "#/overview?nonsense",
        "#image=1",
        "#hello",
        "#%",
        "#/%00",
        "#/files/a?image=1?layer=2",
    ];
    for g in garbage {
        assert_eq!(Fragment::parse(g).route, overview, "{g}");
    }
    // a garbage route next to a share link keeps the link
    let f = Fragment::parse("#/nope?r=1.abc");
    assert_eq!(
        (f.route, f.share.as_deref()),
        (overview.clone(), Some("1.abc"))
    );
    let long = format!("#/files/{}", "a".repeat(MAX_ROUTE + 1));
    assert_eq!(Fragment::parse(&long).route, overview);
}

#[test]
fn every_byte_string_parses_without_panicking() {
    // a small exhaustive sweep over the fragment alphabet, two and three characters long
    let alphabet: Vec<char> = "/?&=%#a1.éF".chars().collect();
    let mut n = 0;
    for a in &alphabet {
        for b in &alphabet {
            for c in &alphabet {
                let s = format!("#/files/{a}{b}{c}");
                let f = Fragment::parse(&s);
                // whatever it read prints as something that reads the same again
                assert_eq!(round_trip(&f), f, "{s}");
                let s = format!("#{a}{b}{c}");
                let f = Fragment::parse(&s);
                assert_eq!(round_trip(&f), f, "{s}");
                n += 2;
            }
        }
    }
    assert_eq!(n, 2 * alphabet.len().pow(3));
}
