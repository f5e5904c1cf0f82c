//! The two configs compared field by field: the fields a build sets (`Env`,
//! `Cmd`, `Entrypoint`, `User`, `WorkingDir`, `ExposedPorts`, `Volumes`,
//! `Labels`), `created` and the `history`, from the report's parsed config;
//! then any other field of the two config documents (when the report kept
//! them), by JSON path, except `rootfs` (the layers' DiffIDs, compared as
//! layers).
//!
//! > `created` … `config` … `rootfs` … `history`
//! > (image-spec `config.md#properties`)

use super::schema::ConfigChange;
use crate::engine::report::{secret, ConfigInfo, DocumentRole, Image, Report};
use serde_json::{json, Map, Value};

/// The fields taken from the parsed config, in this order.
const NAMED: [&str; 10] = [
    "Env",
    "Cmd",
    "Entrypoint",
    "User",
    "WorkingDir",
    "ExposedPorts",
    "Volumes",
    "Labels",
    "created",
    "history",
];

/// Top-level keys of the document already covered (or compared as layers).
const TOP_DONE: [&str; 4] = ["config", "created", "history", "rootfs"];

/// The value of a named field; `null` when absent or empty (a build that
/// sets no `Env` and one that sets `[]` agree).
fn named(c: &ConfigInfo, field: &str) -> Value {
    let list = |v: &Vec<String>| match v.is_empty() {
        true => Value::Null,
        false => json!(v),
    };
    match field {
        "Env" => list(&c.env),
        "Cmd" => list(&c.cmd),
        "Entrypoint" => list(&c.entrypoint),
        "User" => json!(c.user.as_deref().filter(|u| !u.is_empty())),
        "WorkingDir" => json!(c.working_dir.as_deref().filter(|w| !w.is_empty())),
        "ExposedPorts" => list(&c.exposed_ports),
        "Volumes" => list(&c.volumes),
        "Labels" => match c.labels.is_empty() {
            true => Value::Null,
            false => json!(c.labels),
        },
        "created" => json!(c.created),
        "history" => match c.history.is_empty() {
            true => Value::Null,
            false => json!(c.history),
        },
        _ => Value::Null,
    }
}

/// The config document of an image, when the report kept it.
fn document<'r>(r: &'r Report, img: &Image) -> Option<&'r Map<String, Value>> {
    let digest = img.config.digest.as_deref()?;
    r.documents
        .iter()
        .find(|d| d.role == DocumentRole::Config && d.digest == digest)
        .and_then(|d| d.content.as_object())
}

/// Every changed field.
pub fn compare(ra: &Report, a: &Image, rb: &Report, b: &Image) -> Vec<ConfigChange> {
    let mut out: Vec<ConfigChange> = NAMED
        .iter()
        .map(|f| (f, named(&a.config, f), named(&b.config, f)))
        .filter(|(_, x, y)| x != y)
        .map(|(f, x, y)| ConfigChange {
            field: (*f).to_string(),
            a: x,
            b: y,
        })
        .collect();
    if let (Some(da), Some(db)) = (document(ra, a), document(rb, b)) {
        out.extend(others(da, db));
    }
    // compared in full, shown masked: a secret-looking value never leaves in full
    for c in &mut out {
        if c.field == "Env" {
            mask_entries(&mut c.a);
            mask_entries(&mut c.b);
        } else {
            secret::mask_json_env(&mut c.a);
            secret::mask_json_env(&mut c.b);
        }
    }
    out
}

/// Each secret-looking `NAME=value` string of an `Env` value masked.
fn mask_entries(v: &mut Value) {
    if let Value::Array(items) = v {
        for e in items.iter_mut() {
            if let Some(masked) = e.as_str().and_then(secret::mask_env) {
                *e = Value::String(masked);
            }
        }
    }
}

/// A field as Go reads it: `null`, `""`, `false`, `0`, `[]` and `{}` are the
/// same as an absent field (converters drop them; `omitempty` never writes them).
fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    })
}

/// The other fields of two config documents that differ: top-level keys
/// but the ones done, and the keys of `config` but the named ones.
fn others(da: &Map<String, Value>, db: &Map<String, Value>) -> Vec<ConfigChange> {
    let mut out = Vec::new();
    let inner = |d: &Map<String, Value>| {
        d.get("config")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let (ia, ib) = (inner(da), inner(db));
    let mut diff_keys =
        |x: &Map<String, Value>, y: &Map<String, Value>, prefix: &str, skip: &[&str]| {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys.into_iter().filter(|k| !skip.contains(&k.as_str())) {
                let (va, vb) = (present(x.get(k)), present(y.get(k)));
                if va != vb {
                    out.push(ConfigChange {
                        field: format!("{prefix}{k}"),
                        a: va.cloned().unwrap_or(Value::Null),
                        b: vb.cloned().unwrap_or(Value::Null),
                    });
                }
            }
        };
    diff_keys(da, db, "", &TOP_DONE);
    diff_keys(&ia, &ib, "config.", &NAMED);
    out
}
