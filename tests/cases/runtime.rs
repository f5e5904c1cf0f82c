//! The runtime lint: one case per `runtime.*` code, and a case whose
//! program is found only through symbolic links and `PATH` (no finding).
//! The harness leaves `runtime.*` codes out of the other themes' cases
//! (their generated configs run `/bin/sh` as root in an image with no shell);
//! every case here names the runtime codes it expects, so all are compared.

use super::common::*;
use crate::support::layer::*;
use crate::support::oci_image::*;
use ocilens::engine::finding::{Check, Code, Finding};
use ocilens::engine::report::Report;
use serde_json::{json, Value};

/// The first 64 bytes of an ELF executable for `machine` (little-endian, 64-bit).
pub fn elf(machine: u16) -> Vec<u8> {
    let mut h = b"\x7fELF\x02\x01\x01".to_vec();
    h.resize(16, 0);
    h.extend_from_slice(&2u16.to_le_bytes()); // e_type: ET_EXEC
    h.extend_from_slice(&machine.to_le_bytes());
    h.resize(64, 0);
    h
}

/// A merged-usr layer: `bin` → `usr/bin`, `usr/bin/sh` an ELF for `machine`.
fn shell_layer(machine: u16) -> Vec<u8> {
    let mut t = writer();
    t.symlink("bin", "usr/bin");
    t.dir("usr/bin");
    t.file_with_mode("usr/bin/dash", &elf(machine), 0o755);
    t.symlink("usr/bin/sh", "dash");
    t.finish()
}

/// An image of `layer` with its config's `config` changed by `f`.
fn image(layer: Vec<u8>, f: impl Fn(&mut Value)) -> Vec<u8> {
    let mut i = OciImage::new(vec![Layer::tar_gzip(layer)]);
    let mut c = i.config_value();
    f(&mut c["config"]);
    i.config.value = Some(c);
    layout_of(i)
}

fn user(name: &str) -> impl Fn(&mut Value) + '_ {
    move |c| c["User"] = json!(name)
}

/// The one finding of `code`.
fn one(r: &Report, code: Code) -> &Finding {
    let v: Vec<_> = r.findings.iter().filter(|f| f.code == code).collect();
    assert_eq!(v.len(), 1, "{code}: {v:#?}");
    assert_eq!(v[0].check, Check::Runtime);
    v[0]
}

/// Root (no `User`) and a shell that exists.
fn runtime_user_root() -> Vec<u8> {
    image(shell_layer(62), |_| {})
}
fn check_user_root(r: &Report) {
    let f = one(r, Code::RuntimeUserRoot);
    assert_eq!(f.r#where.path.as_deref(), Some("config.User"));
    assert!(f.message.contains("unset"), "{}", f.message);
}

/// `/bin/sh` through `bin` → `usr/bin` and `sh` → `dash`; `tool` by name through PATH.
fn runtime_program_found() -> Vec<u8> {
    image(shell_layer(62), |c| {
        c["User"] = json!("1000:1000");
        c["Entrypoint"] = json!(["dash", "-c"]);
        c["Env"] = json!(["PATH=/opt/none:/bin"]);
    })
}

fn runtime_entrypoint_missing() -> Vec<u8> {
    image(shell_layer(62), |c| {
        c["User"] = json!("1000");
        c["Entrypoint"] = json!(["/app/server", "--port", "8080"]);
    })
}
fn check_entrypoint_missing(r: &Report) {
    let f = one(r, Code::RuntimeEntrypointMissing);
    assert_eq!(f.r#where.path.as_deref(), Some("config.Entrypoint"));
    assert!(f.message.contains("`/app/server`"), "{}", f.message);
}

/// An arm64 shell in an image that says amd64 (a relabelled image).
fn runtime_arch_mismatch() -> Vec<u8> {
    image(shell_layer(183), user("1000"))
}
fn check_arch_mismatch(r: &Report) {
    let f = one(r, Code::RuntimeArchMismatch);
    assert_eq!(f.r#where.path.as_deref(), Some("config.Cmd"));
    assert_eq!(f.r#where.layer, Some(0));
    assert_eq!(f.expected.as_deref(), Some("amd64"));
    assert!(
        f.found.as_deref().unwrap_or_default().contains("arm64"),
        "{f:?}"
    );
    assert!(f.message.contains("/usr/bin/dash"), "{}", f.message);
}

fn env_token() -> String {
    format!(
        "xoxb-{}-{}-{}",
        "2468013579",
        "1357924680",
        "Kq3Z".repeat(6)
    )
}
fn runtime_secret_env() -> Vec<u8> {
    let t = env_token();
    image(shell_layer(62), move |c| {
        c["User"] = json!("1000");
        c["Env"] = json!([
            "PATH=/bin",
            format!("SLACK_HOOK={t}"),
            "DB_PASSWORD=hunter2-but-longer",
            "GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D",
            "DB_PASSWORD_FILE=/run/secrets/db",
        ]);
    })
}
fn check_secret_env(r: &Report) {
    let got: Vec<(&str, &str)> = r
        .findings
        .iter()
        .filter(|f| f.code == Code::RuntimeSecretEnv)
        .map(|f| (f.r#where.path.as_deref().unwrap(), f.message.as_str()))
        .collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].0, "config.Env[1]");
    assert!(got[0].1.contains("SLACK_HOOK=xoxb…[masked"), "{got:?}");
    assert_eq!(got[1].0, "config.Env[2]");
    super::secrets::assert_redacted(r, &env_token());
    super::secrets::assert_redacted(r, "hunter2-but-longer");
    let env = &r.images[0].config.env;
    assert!(env[1].starts_with("SLACK_HOOK=xoxb…[masked, "), "{env:?}");
}

/// Numeric users: umoci 0.4.7 refuses a user name the image has no
/// `/etc/passwd` entry for (recorded in tests/oracle/load).
fn runtime_privileged_port() -> Vec<u8> {
    image(shell_layer(62), |c| {
        c["User"] = json!("33");
        c["ExposedPorts"] = json!({"80/tcp": {}, "8443/tcp": {}});
    })
}
fn check_privileged_port(r: &Report) {
    let f = one(r, Code::RuntimePrivilegedPort);
    assert!(
        f.message.contains("80/tcp") && f.message.contains("user is 33"),
        "{}",
        f.message
    );
}

crafted! {
    runtime_user_root: B "runtime: runs as root", [Code::RuntimeUserRoot, OCI],
        check = check_user_root;
    runtime_program_found: B "runtime: the program through symlinks and PATH", [OCI];
    runtime_entrypoint_missing: B "runtime: the entrypoint is not in the image",
        [Code::RuntimeEntrypointMissing, OCI], check = check_entrypoint_missing;
    runtime_arch_mismatch: B "runtime: an arm64 shell in an amd64 image",
        [Code::RuntimeArchMismatch, OCI], check = check_arch_mismatch;
    runtime_secret_env: B "runtime: a token in Env", [Code::RuntimeSecretEnv, OCI],
        check = check_secret_env;
    runtime_privileged_port: B "runtime: port 80 as a non-root user",
        [Code::RuntimePrivilegedPort, OCI], check = check_privileged_port;
}
