//! Secrets and the runtime lint on a REAL image (scripts/make-secret-fixtures:
//! buildah 1.28 `bud --layers`, a `.env` with an AWS key pair and an OpenSSH
//! key deleted by a later `RUN`, a token passed with `--build-arg`, a token in
//! `ENV`, no `USER`, an entrypoint that is not in the image), and the
//! redaction rule: no output (the report JSON in both reading modes and with
//! the tree, the CLI's text, JSON and tree output, a share link and what it
//! decodes to, even from a report that was never redacted) holds more than
//! the first 4 characters of any planted value.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]
#![cfg(not(target_arch = "wasm32"))]

use ocilens::engine::finding::{Check, Code, Finding};
use ocilens::engine::report::Report;
use ocilens::engine::{inspect, inspect_stream, share, NullSink, Options};
use std::io::Cursor;
use std::process::Command;

const FIXTURE: &[u8] = include_bytes!("fixtures/secrets/buildah-secrets.tar");
const VALUES: &str = include_str!("fixtures/secrets/values.txt");
const PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/secrets/buildah-secrets.tar"
);

/// The planted values of `values.txt`.
fn values() -> Vec<(&'static str, &'static str)> {
    VALUES.lines().filter_map(|l| l.split_once('=')).collect()
}

fn options(tree: bool) -> Options {
    Options {
        tree,
        name: "buildah-secrets.tar".into(),
        ..Options::default()
    }
}

/// No 5 consecutive characters of any planted value in `text`.
fn assert_redacted(what: &str, text: &str) {
    for (name, v) in values() {
        assert!(v.len() >= 20, "{name}");
        for w in v.as_bytes().windows(5) {
            let w = std::str::from_utf8(w).unwrap();
            assert!(!text.contains(w), "{what} holds {w:?} of {name}");
        }
    }
}

fn of(r: &Report, code: Code) -> Vec<&Finding> {
    r.findings.iter().filter(|f| f.code == code).collect()
}

#[test]
fn the_buildah_image_gives_each_finding_where_it_is() {
    for r in [
        inspect(Cursor::new(FIXTURE), &options(true), &mut NullSink).unwrap(),
        inspect_stream(Cursor::new(FIXTURE), &options(false), &mut NullSink).unwrap(),
    ] {
        // layers: 0 COPY sh, 1 COPY .env, 2 COPY id_ed25519, 3 RUN rm (two whiteouts)
        let deleted: Vec<(&str, u32)> = of(&r, Code::SecretDeletedButShipped)
            .iter()
            .map(|f| (f.r#where.path.as_deref().unwrap(), f.r#where.layer.unwrap()))
            .collect();
        assert!(deleted.contains(&("app/.env", 1)), "{deleted:?}");
        assert!(
            deleted.contains(&("root/.ssh/id_ed25519", 2)),
            "{deleted:?}"
        );
        let kinds: Vec<&str> = of(&r, Code::SecretDeletedButShipped)
            .iter()
            .map(|f| f.message.as_str())
            .collect();
        assert!(
            kinds.iter().any(|m| m.contains("an AWS access key")),
            "{kinds:?}"
        );
        assert!(
            kinds.iter().any(|m| m.contains("a private key")),
            "{kinds:?}"
        );
        // nothing is left in the final file system, so no plain secret.* file finding
        for c in [
            Code::SecretPrivateKey,
            Code::SecretCloudKey,
            Code::SecretPassword,
        ] {
            assert!(of(&r, c).is_empty(), "{c}");
        }
        let hist: Vec<(u32, &str)> = of(&r, Code::SecretInHistory)
            .iter()
            .map(|f| (f.r#where.history.unwrap(), f.message.as_str()))
            .collect();
        assert_eq!(hist.len(), 2, "{hist:?}");
        assert_eq!(hist[0].0, 4, "the RUN that saw --build-arg NPM_TOKEN");
        assert!(
            hist[0].1.contains("NPM_TOKEN=npm_…[masked, 40 chars]"),
            "{hist:?}"
        );
        assert_eq!(
            hist[1].0, 5,
            "ENV GITHUB_TOKEN=… is recorded in history too"
        );
        let env = of(&r, Code::RuntimeSecretEnv);
        assert_eq!(env.len(), 1);
        assert_eq!(env[0].r#where.path.as_deref(), Some("config.Env[1]"));
        assert_eq!(of(&r, Code::RuntimeUserRoot).len(), 1);
        let missing = of(&r, Code::RuntimeEntrypointMissing);
        assert_eq!(missing.len(), 1);
        assert!(missing[0].message.contains("`/app/server`"));
        assert!(
            of(&r, Code::RuntimeArchMismatch).is_empty(),
            "/app/server has no ELF to compare"
        );
        for f in &r.findings {
            assert!(
                matches!(
                    f.check,
                    Check::Secret | Check::Runtime | Check::Compatibility | Check::Efficiency
                ),
                "{f:?}"
            );
        }
    }
}

#[test]
fn no_report_holds_a_planted_value() {
    for tree in [false, true] {
        let r = inspect(Cursor::new(FIXTURE), &options(tree), &mut NullSink).unwrap();
        assert_redacted("the report", &serde_json::to_string(&r).unwrap());
        let r = inspect_stream(Cursor::new(FIXTURE), &options(tree), &mut NullSink).unwrap();
        assert_redacted("the one-pass report", &serde_json::to_string(&r).unwrap());
    }
    // the masked form keeps 4 characters and the length
    let r = inspect(Cursor::new(FIXTURE), &options(false), &mut NullSink).unwrap();
    let env = &r.images[0].config.env[1];
    assert!(
        env.starts_with("GITHUB_TOKEN=ghp_…[masked, 40 chars]"),
        "{env}"
    );
}

#[test]
fn no_share_link_holds_a_planted_value() {
    let r = inspect(Cursor::new(FIXTURE), &options(true), &mut NullSink).unwrap();
    let (fragment, _) = share::encode(&r, None);
    assert_redacted("the link", &fragment);
    let back = share::decode(&fragment).unwrap();
    assert_redacted(
        "the decoded link",
        &serde_json::to_string(&back.report).unwrap(),
    );
    // a report that was never redacted (an older build's, dropped on the page)
    let mut raw = r.clone();
    for (name, v) in values() {
        if name == "GITHUB_TOKEN" {
            raw.images[0].config.env[1] = format!("{name}={v}");
        }
        if name == "NPM_TOKEN" {
            raw.images[0].config.history[4].created_by = Some(format!(
                "|1 {name}={v} /bin/sh -c rm /app/.env && rm /root/.ssh/id_ed25519"
            ));
        }
    }
    let (fragment, _) = share::encode(&raw, None);
    let back = share::decode(&fragment).unwrap();
    assert_redacted(
        "a link of an unredacted report",
        &serde_json::to_string(&back.report).unwrap(),
    );
}

fn cli(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ocilens"))
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "error findings: exit 1");
    let mut text = String::from_utf8(out.stdout).unwrap();
    text.push_str(&String::from_utf8(out.stderr).unwrap());
    text
}

#[test]
fn no_cli_output_holds_a_planted_value() {
    let text = cli(&["inspect", PATH]);
    assert!(
        text.contains("secret.deleted-but-shipped") && text.contains("ghp_…[masked"),
        "{text}"
    );
    assert_redacted("ocilens inspect", &text);
    assert_redacted("ocilens inspect --json", &cli(&["inspect", PATH, "--json"]));
    assert_redacted(
        "ocilens inspect --tree --json",
        &cli(&["inspect", PATH, "--tree", "--json"]),
    );
}
