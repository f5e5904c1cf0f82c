use super::{EnvVar, More, Overview, Run, User, MAX_ROWS};
use crate::engine::finding::{Code, Finding, Location, Severity};
use crate::engine::model::config::Healthcheck;
use crate::engine::report::Format;
use crate::engine::report::{Image, LayerInfo, Tree, TreeMerged};
use crate::engine::tree::entry::Kind;
use crate::view_model::tree_rows::tests::entry;

fn image() -> Image {
    let mut i = Image::default();
    i.config.digest = Some("sha256:config".into());
    i.manifest.digest = Some("sha256:manifest".into());
    i.config.env = vec![
        "PATH=/usr/local/bin:/usr/bin".into(),
        "DB_PASSWORD=hunter2hunter2".into(),
        "UPSTREAM=https://user:s3cretpass@example.com/repo".into(),
        "LANG=C.UTF-8".into(),
        "NOVALUE".into(),
    ];
    i.config.cmd = vec!["bash".into()];
    i.config.entrypoint = vec!["/docker-entrypoint.sh".into(), "--flag".into()];
    i.config.labels = [
        (
            "org.opencontainers.image.source",
            "https://github.com/acme/app",
        ),
        ("org.opencontainers.image.title", "app"),
        ("evil", "javascript:alert(1)"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    i
}

#[test]
fn identity_and_command() {
    let o = Overview::build(Format::OciLayout, &[image()], 0, None, &[]);
    let id = o.identity.expect("an image has an identity");
    assert_eq!(id.image_id.as_deref(), Some("sha256:config"));
    assert_eq!(id.manifest_digest.as_deref(), Some("sha256:manifest"));
    let run = o.run.expect("an image runs something");
    assert_eq!(run.cmd.as_deref(), Some(r#"["bash"]"#));
    assert_eq!(
        run.entrypoint.as_deref(),
        Some(r#"["/docker-entrypoint.sh","--flag"]"#)
    );
    assert_eq!(run.working_dir, None);
    assert!(run.user.root, "no User is root");
}

#[test]
fn rootfs_tarball_has_no_identity() {
    let o = Overview::build(Format::OciLayout, &[], 0, None, &[]);
    assert_eq!((o.identity, o.run), (None, None));
}

#[test]
fn root_is_spelled_out() {
    for u in [
        None,
        Some(""),
        Some("0"),
        Some("root"),
        Some("0:0"),
        Some("root:root"),
    ] {
        let user = User::of(u);
        assert_eq!(user.text, "root (uid 0)", "{u:?}");
        assert!(user.root, "{u:?}");
    }
    let g = User::of(Some("0:wheel"));
    assert_eq!(
        (g.text.as_str(), g.root),
        ("root (uid 0), group wheel", true)
    );
    for u in ["1000", "nobody", "app:app", "65532:65532", "rooter"] {
        let user = User::of(Some(u));
        assert_eq!((user.text.as_str(), user.root), (u, false), "{u}");
    }
}

#[test]
fn secrets_are_masked_and_never_whole() {
    let run = Run::of(&image());
    let by = |n: &str| run.env.iter().find(|e| e.name == n).expect(n).clone();
    let pw = by("DB_PASSWORD");
    assert!(pw.masked);
    assert_eq!(pw.value, "hun…[masked, 14 chars]");
    let url = by("UPSTREAM");
    assert!(url.masked, "a URL with a password is masked");
    assert!(!url.value.contains("s3cretpass"), "{}", url.value);
    assert_eq!(by("PATH").value, "/usr/local/bin:/usr/bin");
    assert!(!by("PATH").masked && !by("LANG").masked);
    assert_eq!(
        by("NOVALUE"),
        EnvVar {
            name: "NOVALUE".into(),
            value: String::new(),
            masked: false
        }
    );
    // nothing of the view model holds the secret in full
    let all = format!("{run:?}");
    assert!(
        !all.contains("hunter2hunter2") && !all.contains("s3cretpass"),
        "{all}"
    );
}

#[test]
fn a_value_masked_by_a_share_link_stays_marked() {
    let e = EnvVar::of("API_TOKEN=abcd…[masked, 40 chars]");
    assert!(e.masked);
    assert_eq!(e.value, "abcd…[masked, 40 chars]");
}

#[test]
fn labels_link_only_http() {
    let run = Run::of(&image());
    let by = |k: &str| run.labels.iter().find(|l| l.key == k).expect(k).clone();
    assert_eq!(
        by("org.opencontainers.image.source").href.as_deref(),
        Some("https://github.com/acme/app")
    );
    assert_eq!(by("org.opencontainers.image.title").href, None);
    let evil = by("evil");
    assert_eq!(
        (evil.href, evil.value.as_str()),
        (None, "javascript:alert(1)")
    );
}

#[test]
fn ports_volumes_signal_healthcheck() {
    let mut i = image();
    i.config.exposed_ports = vec!["80/tcp".into(), "443/tcp".into()];
    i.config.volumes = vec!["/data".into()];
    i.config.stop_signal = Some("SIGQUIT".into());
    i.config.working_dir = Some("/app".into());
    i.config.user = Some("app".into());
    i.config.healthcheck = Some(Healthcheck {
        test: vec![
            "CMD-SHELL".into(),
            "curl -f http://localhost/ || exit 1".into(),
        ],
        interval: Some(30_000_000_000),
        timeout: Some(5_000_000_000),
        start_period: None,
        retries: Some(3),
    });
    let run = Run::of(&i);
    assert_eq!(run.ports, ["80/tcp", "443/tcp"]);
    assert_eq!(run.volumes, ["/data"]);
    assert_eq!(run.stop_signal.as_deref(), Some("SIGQUIT"));
    assert_eq!(run.working_dir.as_deref(), Some("/app"));
    assert_eq!(
        run.user,
        User {
            text: "app".into(),
            root: false
        }
    );
    assert_eq!(
        run.healthcheck.as_deref(),
        Some("curl -f http://localhost/ || exit 1 (shell), every 30 s, timeout 5 s, 3 retries")
    );
    i.config.healthcheck = Some(Healthcheck {
        test: vec!["NONE".into()],
        ..Healthcheck::default()
    });
    assert_eq!(Run::of(&i).healthcheck.as_deref(), Some("disabled (NONE)"));
    i.config.healthcheck = Some(Healthcheck {
        test: vec!["CMD".into(), "/bin/check".into(), "-q".into()],
        interval: Some(1_500_000_000),
        ..Healthcheck::default()
    });
    assert_eq!(
        Run::of(&i).healthcheck.as_deref(),
        Some(r#"["/bin/check","-q"], every 1.5 s"#)
    );
}

#[test]
fn sizes_and_file_count() {
    let mut i = image();
    i.layers = vec![
        LayerInfo {
            size: Some(100),
            uncompressed_size: Some(300),
            files: Some(4),
            ..LayerInfo::default()
        },
        LayerInfo {
            index: 1,
            size: Some(50),
            uncompressed_size: None,
            files: Some(2),
            ..LayerInfo::default()
        },
    ];
    let o = Overview::build(Format::OciLayout, &[i.clone()], 0, None, &[]);
    assert_eq!(o.sizes.compressed, Some(150));
    assert_eq!(o.sizes.uncompressed, None, "not every layer decoded yet");
    assert_eq!((o.sizes.files, o.sizes.files_per_layer), (Some(6), true));
    if let Some(l) = i.layers.get_mut(1) {
        l.uncompressed_size = Some(200);
    }
    let tree = Tree {
        layers: Vec::new(),
        merged: vec![TreeMerged {
            image: 0,
            entries: ["a", "b", "c", "d", "e"]
                .map(|p| entry(p, Kind::File))
                .to_vec(),
        }],
    };
    let o = Overview::build(Format::OciLayout, &[i], 0, Some(&tree), &[]);
    assert_eq!(o.sizes.uncompressed, Some(500));
    assert_eq!(
        (o.sizes.files, o.sizes.files_per_layer),
        (Some(5), false),
        "the merged tree counts"
    );
}

#[test]
fn three_most_severe_findings() {
    let f = |code: Code| Finding::new(code, Location::default(), code.as_str());
    let info = Code::ALL
        .iter()
        .copied()
        .find(|c| c.severity() == Severity::Info)
        .expect("an info code");
    let warn = Code::ALL
        .iter()
        .copied()
        .find(|c| c.severity() == Severity::Warning)
        .expect("a warning code");
    let err = Code::ALL
        .iter()
        .copied()
        .find(|c| c.severity() == Severity::Error)
        .expect("an error code");
    let findings = vec![f(info), f(warn), f(info), f(err), f(warn), f(err)];
    let o = Overview::build(Format::OciLayout, &[], 0, None, &findings);
    let got: Vec<(usize, Severity)> = o.top.iter().map(|t| (t.index, t.severity)).collect();
    assert_eq!(
        got,
        [
            (3, Severity::Error),
            (5, Severity::Error),
            (1, Severity::Warning)
        ]
    );
    assert_eq!(o.findings, 6);
}

#[test]
fn long_lists_keep_their_first_rows_and_count_the_rest() {
    let mut i = image();
    i.config.env = (0..100_000).map(|n| format!("V{n}=x")).collect();
    i.config.labels = (0..MAX_ROWS)
        .map(|n| (format!("k{n:04}"), "v".into()))
        .collect();
    i.config.exposed_ports = (0..MAX_ROWS + 1).map(|n| format!("{n}/tcp")).collect();
    let run = Run::of(&i);
    assert_eq!(run.env.len(), MAX_ROWS);
    assert_eq!(
        (
            run.env[0].name.as_str(),
            run.env[MAX_ROWS - 1].name.as_str()
        ),
        ("V0", "V199")
    );
    assert_eq!((run.labels.len(), run.ports.len()), (MAX_ROWS, MAX_ROWS));
    assert_eq!(
        run.more,
        More {
            env: 100_000 - MAX_ROWS,
            labels: 0,
            ports: 1,
            volumes: 0
        }
    );
}
