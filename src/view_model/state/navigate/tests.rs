//! Routes against a report: every tab and selection shown and read back,
//! a reload's route waiting for its report, selections the report lacks,
//! and the keyboard's moves in each list.

use super::super::*;
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::report::{
    Image, Input, LayerInfo, Report, Summary, Tool, TreeLayer, TreeMerged, SCHEMA,
};
use crate::engine::share::Dropped;
use crate::engine::tree::entry::Kind;
use crate::view_model::explain::StepId;
use crate::view_model::route::{FindingRef, Fragment, Place, Route};
use crate::view_model::tree_rows::tests::entry;

const DIGEST: &str = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

fn image(layers: u32) -> Image {
    Image {
        layers: (0..layers)
            .map(|index| LayerInfo {
                index,
                ..LayerInfo::default()
            })
            .collect(),
        ..Image::default()
    }
}

/// Two images (3 and 2 layers), five findings (two codes twice), a tree
/// with odd paths for image 0 and its layer 1.
fn report() -> Report {
    let at = |layer| Location::entry("x").with_image(0).with_layer(layer);
    let findings = vec![
        Finding::new(
            Code::TarSetuidSetgid,
            at(0).with_path("usr/bin/su"),
            "setuid",
        ),
        Finding::new(Code::DiffidMismatch, at(1), "mismatch"),
        Finding::new(
            Code::TarSetuidSetgid,
            at(2).with_path("usr/bin/passwd"),
            "setuid",
        ),
        Finding::new(Code::DiffidMismatch, at(2), "mismatch"),
        Finding::new(
            Code::TarSetuidSetgid,
            at(2).with_path("bin/mount"),
            "setuid",
        ),
    ];
    let files = |names: &[&str]| -> Vec<_> {
        names
            .iter()
            .map(|n| {
                entry(
                    n,
                    if n.contains('.') {
                        Kind::File
                    } else {
                        Kind::Dir
                    },
                )
            })
            .collect()
    };
    let merged = files(&[
        "etc",
        "etc/a b.conf",
        "etc/caf\u{e9}#1.txt",
        "usr",
        "usr/x?y&z.txt",
    ]);
    Report {
        schema: SCHEMA.into(),
        tool: Tool {
            name: "ocilens".into(),
            version: "test".into(),
        },
        input: Input::default(),
        references: Vec::new(),
        index: None,
        images: vec![image(3), image(2)],
        documents: Vec::new(),
        tree: Some(crate::engine::report::Tree {
            layers: vec![TreeLayer {
                image: 0,
                layer: 1,
                entries: files(&["etc", "etc/layer.txt"]),
            }],
            merged: vec![TreeMerged {
                image: 0,
                entries: merged,
            }],
        }),
        summary: Summary::of(&findings),
        findings,
        compatibility: Vec::new(),
    }
}

fn loaded() -> State {
    let mut s = State::default();
    s.update(SessionMsg::OpenShared {
        report: Box::new(report()),
        focus: None,
        dropped: Dropped::default(),
        now: 0.0,
    });
    s
}

fn here(s: &State) -> Route {
    s.view.route(&s.session)
}

fn finding(code: &str, nth: usize) -> Place {
    Place::Findings(Some(FindingRef {
        code: code.into(),
        nth,
    }))
}

/// Every route this report can show.
fn routes() -> Vec<Route> {
    let mut places = vec![
        Place::Overview,
        Place::Findings(None),
        finding("tar.setuid-setgid", 0),
        finding("tar.setuid-setgid", 2),
        finding("diffid.mismatch", 1),
        Place::Structure(None),
        Place::Structure(Some(DIGEST.into())),
        Place::History,
        Place::Layers(None),
        Place::Layers(Some(0)),
        Place::Layers(Some(2)),
        Place::Files {
            layer: None,
            path: None,
        },
        Place::Files {
            layer: Some(1),
            path: None,
        },
        Place::Files {
            layer: None,
            path: Some("etc/a b.conf".into()),
        },
        Place::Files {
            layer: None,
            path: Some("etc/caf\u{e9}#1.txt".into()),
        },
        Place::Files {
            layer: None,
            path: Some("usr/x?y&z.txt".into()),
        },
        Place::Files {
            layer: Some(1),
            path: Some("etc/layer.txt".into()),
        },
        Place::Explain(None),
        Place::Packages(None),
    ];
    places.extend(StepId::ALL.into_iter().map(|s| Place::Explain(Some(s))));
    places
        .into_iter()
        .map(|place| Route { place, image: 0 })
        .collect()
}

#[test]
fn every_tab_and_selection_is_shown_and_read_back() {
    let mut s = loaded();
    for r in routes() {
        s.update(Msg::Route(r.clone()));
        assert_eq!(here(&s), r);
        // and through the URL
        let url = format!(
            "#{}",
            Fragment {
                route: Some(here(&s)),
                share: None
            }
        );
        assert_eq!(Fragment::parse(&url).route, Some(r.clone()), "{url}");
    }
    // the tabs match
    s.update(Msg::Route(routes()[3].clone()));
    assert_eq!(s.view.tab, Tab::Findings);
    assert_eq!(s.view.focus, Some(Target::Finding(4)));
    s.update(Msg::Route(Route {
        place: Place::Files {
            layer: None,
            path: Some("usr/x?y&z.txt".into()),
        },
        image: 0,
    }));
    assert_eq!(s.view.tab, Tab::Files);
    assert!(s
        .view
        .files
        .rows()
        .iter()
        .any(|r| r.path == "usr/x?y&z.txt"));
}

#[test]
fn the_second_image_is_part_of_the_route() {
    let mut s = loaded();
    let r = Route {
        place: Place::Layers(Some(1)),
        image: 1,
    };
    s.update(Msg::Route(r.clone()));
    assert_eq!((s.view.image, s.view.tab), (1, Tab::Layers));
    assert_eq!(here(&s), r);
    // layer 2 exists in image 0 only
    s.update(Msg::Route(Route {
        place: Place::Layers(Some(2)),
        image: 1,
    }));
    assert_eq!(here(&s).place, Place::Layers(None));
}

#[test]
fn what_the_report_lacks_is_left_out() {
    let mut s = loaded();
    let cases = [
        (finding("no.such-code", 0), Place::Findings(None)),
        (finding("diffid.mismatch", 2), Place::Findings(None)),
        (Place::Layers(Some(3)), Place::Layers(None)),
        (
            Place::Files {
                layer: Some(9),
                path: None,
            },
            Place::Files {
                layer: None,
                path: None,
            },
        ),
    ];
    for (asked, shown) in cases {
        s.update(Msg::Route(Route {
            place: asked,
            image: 0,
        }));
        assert_eq!(here(&s).place, shown);
    }
    s.update(Msg::Route(Route {
        place: Place::History,
        image: 7,
    }));
    assert_eq!(
        here(&s),
        Route {
            place: Place::History,
            image: 0
        }
    );
}

#[test]
fn a_reloaded_route_waits_for_the_report() {
    let mut s = State::default();
    let r = Route {
        place: finding("diffid.mismatch", 1),
        image: 0,
    };
    s.update(Msg::Route(r.clone()));
    assert_eq!(s.shell.pending(), Some(&r));
    s.update(SessionMsg::Start {
        name: "a.tar".into(),
        size: 1,
        workers: 1,
        now: 0.0,
    });
    assert_eq!(s.view.tab, Tab::Overview);
    s.update(SessionMsg::Worker {
        worker: 0,
        msg: crate::protocol::FromWorker::Report {
            report: Box::new(report()),
        },
        now: 1.0,
    });
    assert_eq!(s.shell.pending(), None);
    assert_eq!(here(&s), r);
    assert_eq!(s.view.focus, Some(Target::Finding(3)));
}

#[test]
fn choosing_a_view_forgets_the_waiting_route() {
    let mut s = State::default();
    s.update(Msg::Route(Route {
        place: Place::History,
        image: 0,
    }));
    s.update(ViewMsg::Tab(Tab::Layers));
    assert_eq!(s.shell.pending(), None);
    s.update(Msg::Route(Route::default()));
    s.update(SessionMsg::OpenCode(Code::DiffidMismatch));
    assert_eq!(s.shell.pending(), None);
    // scrolling and filtering are not choices of a view
    s.update(Msg::Route(Route::default()));
    s.update(ViewMsg::Filter("x".into()));
    s.update(ViewMsg::Scroll(10.0));
    assert_eq!(s.shell.pending(), Some(&Route::default()));
}

#[test]
fn j_and_k_move_through_findings_in_the_order_shown() {
    let mut s = loaded();
    s.update(ViewMsg::Tab(Tab::Findings));
    let shown = s.shown_findings();
    // errors first: the two DiffID mismatches, then the three setuid infos
    assert_eq!(shown, vec![1, 3, 0, 2, 4]);
    let mut seen = Vec::new();
    for _ in 0..6 {
        s.update(ViewMsg::Move(1));
        if let Some(Target::Finding(i)) = s.view.focus {
            seen.push(i);
        }
    }
    assert_eq!(seen, vec![1, 3, 0, 2, 4, 4]);
    s.update(ViewMsg::Move(-1));
    assert_eq!(s.view.focus, Some(Target::Finding(2)));
}

#[test]
fn j_and_k_move_through_layers_and_stop_at_the_ends() {
    let mut s = loaded();
    s.update(ViewMsg::Tab(Tab::Layers));
    s.update(ViewMsg::Move(-1));
    assert_eq!(s.view.focus, Some(Target::Layer(2)));
    s.update(ViewMsg::Move(-1));
    s.update(ViewMsg::Move(-1));
    s.update(ViewMsg::Move(-1));
    assert_eq!(s.view.focus, Some(Target::Layer(0)));
    s.update(ViewMsg::Move(1));
    assert_eq!(here(&s).place, Place::Layers(Some(1)));
}

#[test]
fn j_moves_through_file_rows_and_keeps_the_row_in_view() {
    let mut s = loaded();
    s.update(ViewMsg::Tab(Tab::Files));
    s.update(ViewMsg::Filter("etc".into()));
    let rows: Vec<String> = s.view.files.rows().iter().map(|r| r.path.clone()).collect();
    assert_eq!(rows, vec!["etc", "etc/a b.conf", "etc/caf\u{e9}#1.txt"]);
    s.update(ViewMsg::Move(1));
    s.update(ViewMsg::Move(1));
    assert_eq!(
        s.view.focus,
        Some(Target::Path(None, "etc/a b.conf".into()))
    );
    // the filter stays (a reveal would clear it)
    assert_eq!(s.view.files.filter(), "etc");
    // nothing moves on a view without a list
    s.update(ViewMsg::Tab(Tab::History));
    s.update(ViewMsg::Move(1));
    assert_eq!(
        s.view.focus,
        Some(Target::Path(None, "etc/a b.conf".into()))
    );
}

#[test]
fn keep_in_view_scrolls_only_as_far_as_needed() {
    let mut f = Files::default();
    let per_view = (VIEWPORT_PX / ROW_PX) as usize;
    f.keep_in_view(3);
    assert_eq!(f.take_scroll_to(), None);
    f.keep_in_view(per_view);
    assert_eq!(f.take_scroll_to(), Some(ROW_PX));
    f.keep_in_view(0);
    assert_eq!(f.take_scroll_to(), Some(0.0));
}

#[test]
fn step_stays_in_the_list() {
    assert_eq!(step(None, 1, 0), None);
    assert_eq!(step(None, 1, 3), Some(0));
    assert_eq!(step(None, -1, 3), Some(2));
    assert_eq!(step(Some(2), 1, 3), Some(2));
    assert_eq!(step(Some(0), -1, 3), Some(0));
    assert_eq!(step(Some(7), -1, 3), Some(2));
}
