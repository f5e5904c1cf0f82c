//! Secrets (docs/secrets.md): one case per `secret.*` code, each checking
//! where the finding points and that the report never holds the planted
//! value beyond the first 4 characters. The values are made at run time
//! (no token-shaped literal in the sources) with the exact shapes the
//! scanner looks for.

use super::common::*;
use crate::support::layer::*;
use crate::support::oci_image::*;
use crate::support::tar_writer::*;
use base64::Engine;
use ocilens::engine::finding::{Check, Code};
use ocilens::engine::report::Report;
use serde_json::json;

/// A GitHub token.
pub fn gh_token() -> String {
    format!("ghp_{}", "Qz8v".repeat(9))
}
/// An AWS key id and its secret.
pub fn aws_pair() -> (String, String) {
    (
        format!("AKIA{}", "Z7Q2".repeat(4)),
        format!("{}a1", "k9Jp/x+T".repeat(5)).split_off(2),
    )
}
/// An OpenSSH private key (the shape of one: header, base64 body, footer).
pub fn ssh_key() -> String {
    let body = ssh_body();
    format!(
        "-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n{body}\n-----END OPENSSH PRIVATE KEY-----\n"
    )
}
/// One line of the key's body.
pub fn ssh_body() -> &'static str {
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
}

/// Layers with the base files and then `f`'s.
fn with_files(f: impl Fn(&mut TarWriter)) -> Vec<u8> {
    let mut t = writer();
    f(&mut t);
    layout(vec![Layer::tar_gzip(t.finish())])
}

/// `value` appears in the report (its JSON) at most as its first 4 characters.
pub fn assert_redacted(r: &Report, value: &str) {
    let json = serde_json::to_string(r).unwrap();
    for w in value.as_bytes().windows(5) {
        let w = std::str::from_utf8(w).unwrap();
        assert!(
            !json.contains(w),
            "the report holds {w:?} of a secret value"
        );
    }
}

/// The one finding of `code`.
fn one(r: &Report, code: Code) -> &ocilens::engine::finding::Finding {
    let v: Vec<_> = r.findings.iter().filter(|f| f.code == code).collect();
    assert_eq!(v.len(), 1, "{code}: {v:#?}");
    assert_eq!(v[0].check, Check::Secret);
    v[0]
}

fn secret_private_key() -> Vec<u8> {
    with_files(|t| {
        t.dir("root/.ssh")
            .file("root/.ssh/id_ed25519", ssh_key().as_bytes());
    })
}
fn check_private_key(r: &Report) {
    let f = one(r, Code::SecretPrivateKey);
    assert_eq!(f.r#where.path.as_deref(), Some("root/.ssh/id_ed25519"));
    assert_eq!(f.r#where.layer, Some(0));
    assert_redacted(r, ssh_body());
}

fn secret_cloud_key() -> Vec<u8> {
    let (id, secret) = aws_pair();
    with_files(move |t| {
        let py = format!("AWS = {{\n  'id': '{id}',\n  'secret': '{secret}',\n}}\n");
        t.file("srv/app/settings.py", py.as_bytes());
    })
}
fn check_cloud_key(r: &Report) {
    let f = one(r, Code::SecretCloudKey);
    assert_eq!(f.r#where.path.as_deref(), Some("srv/app/settings.py"));
    let (id, secret) = aws_pair();
    assert!(f.message.contains("AKIA…"), "{}", f.message);
    assert_redacted(r, &id);
    assert_redacted(r, &secret);
}

fn secret_token() -> Vec<u8> {
    // the token spans the 8 KiB chunk boundary of the walk
    let mut js = "/* padding */\n".repeat(585).into_bytes();
    js.truncate(8180);
    js.extend_from_slice(format!("const token = \"{}\";\n", gh_token()).as_bytes());
    with_files(move |t| {
        t.file("srv/app/main.js", &js);
    })
}
fn check_token(r: &Report) {
    let f = one(r, Code::SecretToken);
    assert_eq!(f.r#where.path.as_deref(), Some("srv/app/main.js"));
    assert_redacted(r, &gh_token());
}

fn auth() -> String {
    base64::engine::general_purpose::STANDARD.encode("robot$ci:Vx9-p4ssw0rd-long")
}
fn secret_registry_auth() -> Vec<u8> {
    let cfg = json!({"auths": {"registry.example.com": {"auth": auth()}}}).to_string();
    with_files(move |t| {
        t.dir("root/.docker")
            .file("root/.docker/config.json", cfg.as_bytes());
    })
}
fn check_registry_auth(r: &Report) {
    let f = one(r, Code::SecretRegistryAuth);
    assert_eq!(f.r#where.path.as_deref(), Some("root/.docker/config.json"));
    assert_redacted(r, &auth());
}

fn secret_password() -> Vec<u8> {
    with_files(|t| {
        t.dir("app")
            .file("app/.env", b"DEBUG=0\nDB_PASSWORD=Tr0ub4dor-and-3\n");
        // the same line in a file not chosen by name is not a finding
        t.file("app/settings.ini", b"DB_PASSWORD=Tr0ub4dor-and-3\n");
    })
}
fn check_password(r: &Report) {
    let f = one(r, Code::SecretPassword);
    assert_eq!(f.r#where.path.as_deref(), Some("app/.env"));
    assert_redacted(r, "Tr0ub4dor-and-3");
}

/// `COPY id_ed25519`, then `RUN rm` in the next layer.
fn secret_deleted_but_shipped() -> Vec<u8> {
    let mut l0 = writer();
    l0.dir("root/.ssh")
        .file("root/.ssh/id_ed25519", ssh_key().as_bytes());
    let mut l1 = TarWriter::new();
    l1.dir("root/.ssh").whiteout("root/.ssh/id_ed25519");
    layout(vec![
        Layer::tar_gzip(l0.finish()),
        Layer::tar_gzip(l1.finish()),
    ])
}
fn check_deleted(r: &Report) {
    let f = one(r, Code::SecretDeletedButShipped);
    assert_eq!(f.r#where.path.as_deref(), Some("root/.ssh/id_ed25519"));
    assert_eq!(f.r#where.layer, Some(0), "the layer that still ships it");
    assert!(f.message.contains("a private key"), "{}", f.message);
    assert!(f.explanation.contains("multi-stage") && f.explanation.contains("--mount=type=secret"));
    assert!(r.findings.iter().all(|f| f.code != Code::SecretPrivateKey));
    assert_redacted(r, ssh_body());
}

fn history_token() -> String {
    format!("glpat-{}", "x7Yz-9Qw".repeat(3))
}
fn secret_in_history() -> Vec<u8> {
    let mut i = OciImage::new(vec![Layer::tar_gzip(base_tar())]);
    let mut c = i.config_value();
    c["history"][0]["created_by"] = json!(format!(
        "|2 API_TOKEN=Zq7Wv-Kp2x9-Rm4Tb GIT_REF=main /bin/sh -c make && echo {}",
        history_token()
    ));
    i.config.value = Some(c);
    layout_of(i)
}
fn check_in_history(r: &Report) {
    let f = one(r, Code::SecretInHistory);
    assert_eq!(f.r#where.history, Some(0));
    assert!(f.message.contains("API_TOKEN=Zq7W…"), "{}", f.message);
    assert!(
        !f.message.contains("GIT_REF"),
        "not a secret name: {}",
        f.message
    );
    assert_redacted(r, "Zq7Wv-Kp2x9-Rm4Tb");
    assert_redacted(r, &history_token());
    let h = r.images[0].config.history[0].created_by.as_deref().unwrap();
    assert!(
        h.contains("GIT_REF=main /bin/sh -c make"),
        "the rest stays: {h}"
    );
}

crafted! {
    secret_private_key: B "secret: an OpenSSH private key", [Code::SecretPrivateKey, OCI],
        check = check_private_key;
    secret_cloud_key: B "secret: an AWS key pair in a source file", [Code::SecretCloudKey, OCI],
        check = check_cloud_key;
    secret_token: B "secret: a GitHub token across a chunk boundary", [Code::SecretToken, OCI],
        check = check_token;
    secret_registry_auth: B "secret: docker login in the image", [Code::SecretRegistryAuth, OCI],
        check = check_registry_auth;
    secret_password: B "secret: a password in .env", [Code::SecretPassword, OCI],
        check = check_password;
    secret_deleted_but_shipped: B "secret: a key deleted by a later layer",
        [Code::SecretDeletedButShipped, OCI], check = check_deleted;
    secret_in_history: B "secret: build arguments in history", [Code::SecretInHistory, OCI],
        check = check_in_history;
}
