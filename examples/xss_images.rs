//! Writes the hostile images of the browser XSS test (`tests/e2e/hostile.mjs`,
//! reliability plan §6): every payload of [`PAYLOADS`] in every sink of
//! [`SINKS`] (tar entry names, link targets, annotations, labels,
//! `created_by`, `Env`, `Cmd`, `author`, reference names, JSON strings,
//! dpkg and apk package names, file previews), plus one image whose config
//! holds lone surrogates and invalid UTF-8.
//! `cargo run --example xss_images DIR` writes `DIR/xss-oci.tar`,
//! `DIR/xss-raw.tar` and `DIR/payloads.json` (the payloads, the sinks and
//! each instance's text, which the test pastes and looks for).
//!
//! Each instance of payload `p` in sink `s` calls `__xss(p,s)` if it ever
//! runs as script and carries the token `zq<p>k<s>q`, so the test can tell
//! which instances reached the page as text.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    dead_code,
    reason = "a developer tool over trusted, generated input; it fails loudly"
)]

#[path = "../tests/support/mod.rs"]
mod support;

use base64::Engine as _;
use serde_json::{json, Map, Value};
use std::path::PathBuf;
use support::layer::Layer;
use support::oci_image::{OciImage, CREATED};
use support::oci_layout::OciLayoutBuilder;
use support::tar_writer::TarWriter;

/// The payloads: a name and a template where `P,S` becomes the ids.
const PAYLOADS: &[(&str, &str)] = &[
    ("script tag", "<script>__xss(P,S)</script>"),
    ("img onerror (dq)", "\"><img src=x onerror=__xss(P,S)>"),
    ("img onerror (sq)", "'><img src=x onerror=__xss(P,S)>"),
    ("svg onload", "<svg onload=__xss(P,S)>"),
    ("svg script", "<svg><script>__xss(P,S)</script></svg>"),
    (
        "iframe srcdoc",
        "<iframe srcdoc=\"<script>parent.__xss(P,S)</script>\"></iframe>",
    ),
    ("a javascript:", "<a href=\"javascript:__xss(P,S)\">x</a>"),
    ("javascript: URL", "javascript:__xss(P,S)"),
    ("JaVaScRiPt: case", "JaVaScRiPt:__xss(P,S)"),
    ("java<tab>script:", "java\tscript:__xss(P,S)"),
    ("java<nl>script:", "java\nscript:__xss(P,S)"),
    ("&#x6a; entity scheme", "&#x6a;avascript:__xss(P,S)"),
    ("decimal entities", "&#106;&#97;vascript&#58;__xss(P,S)"),
    (
        "data:text/html",
        "data:text/html,<script>__xss(P,S)</script>",
    ),
    ("data: base64", "data:text/html;base64,B64"),
    ("vbscript:", "vbscript:__xss(P,S)"),
    ("file:", "file:///etc/passwd?P,S"),
    ("//evil.example", "//evil.example/P,S"),
    ("https credentials", "https://user:pass@evil.example/P,S"),
    ("details ontoggle", "<details open ontoggle=__xss(P,S)>"),
    ("body onload", "<body onload=__xss(P,S)>"),
    (
        "mXSS math/style",
        "<math><mtext><table><mglyph><style><img src=x onerror=__xss(P,S)>",
    ),
    (
        "template injection",
        "{{constructor.constructor('__xss(P,S)')()}}",
    ),
    ("template literal", "${__xss(P,S)}"),
    (
        "&lt; entity trick",
        "&lt;script&gt;__xss(P,S)&lt;/script&gt;",
    ),
    (
        "&#60; entity trick",
        "&#60;img src=x onerror=__xss(P,S)&#62;",
    ),
    (
        "RTL override",
        "\u{202E}gpj.exe\u{202C}<b onmouseover=__xss(P,S)>",
    ),
    (
        "zero-width joiners",
        "java\u{200D}scr\u{200B}ipt:__xss(P,S)\u{FEFF}",
    ),
    ("NUL", "nul\u{0}<script>__xss(P,S)</script>"),
    (
        "ANSI escapes",
        "\u{1b}[31mred\u{1b}[0m\u{1b}]8;;javascript:__xss(P,S)\u{7}",
    ),
    (
        "10 000 combining marks",
        "COMBINING<img src=x onerror=__xss(P,S)>",
    ),
    ("1 MiB string", "LONG<script>__xss(P,S)</script>"),
    (
        "style @import",
        "<style>@import 'https://evil.example/P,S.css'</style>",
    ),
    ("remote img", "<img src=\"https://evil.example/P,S.png\">"),
    (
        "form action",
        "<form action=\"https://evil.example/P,S\"><button>go</button></form>",
    ),
    (
        "meta refresh",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:__xss(P,S)\">",
    ),
    ("base href", "<base href=\"https://evil.example/P,S/\">"),
    (
        "object data",
        "<object data=\"javascript:__xss(P,S)\"></object>",
    ),
    (
        "textarea breakout",
        "</textarea><script>__xss(P,S)</script>",
    ),
    ("JSON breakout", "\"}]}<script>__xss(P,S)</script>"),
    ("comment breakout", "--><script>__xss(P,S)</script><!--"),
];

/// The sinks this example fills (the test adds `share link`, `pasted error`
/// and `file name`).
const SINKS: &[&str] = &[
    "tar entry names",
    "link targets",
    "annotations",
    "labels",
    "created_by",
    "Env",
    "Cmd/Entrypoint",
    "author",
    "reference names",
    "JSON strings",
    "dpkg package names",
    "apk package names",
    "file previews",
];

/// Sinks the test fills itself.
const PAGE_SINKS: &[&str] = &["share link", "pasted error", "file name"];

/// Payload `p` for sink `s`: the template with its ids, its token, and the
/// long forms for the long payloads.
fn instance(p: usize, s: usize) -> String {
    let (name, template) = PAYLOADS[p];
    let ids = format!("{p},{s}");
    let token = format!("zq{p}k{s}q");
    let body = template.replace("P,S", &ids);
    let body = body.replace(
        "B64",
        &base64::engine::general_purpose::STANDARD
            .encode(format!("<script>parent.__xss({ids})</script>")),
    );
    match name {
        "10 000 combining marks" => {
            format!(
                "{token}Z{}{}",
                "\u{301}".repeat(10_000),
                &body["COMBINING".len()..]
            )
        }
        "1 MiB string" => format!("{token}{}{}", "A".repeat(long_len()), &body["LONG".len()..]),
        _ => format!("{body}{token}"),
    }
}

/// Length of the long payload: 1 MiB, or `XSS_LONG` bytes.
fn long_len() -> usize {
    std::env::var("XSS_LONG")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1 << 20)
}

/// At most `max` bytes of `s`, cut at a character boundary, keeping the
/// token (at the start of the long payloads, else at the end).
fn capped(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_string()
}

/// One line without NUL (package databases are line-based text; a NUL
/// makes the whole database unreadable, which is its own finding).
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ").replace('\0', "\\0")
}

fn sink(name: &str) -> usize {
    SINKS.iter().position(|s| *s == name).expect("a sink")
}

/// Every instance of sink `name`.
fn all(name: &str) -> Vec<(usize, String)> {
    let s = sink(name);
    (0..PAYLOADS.len()).map(|p| (p, instance(p, s))).collect()
}

/// The layer with the file-system sinks: entry names, link targets,
/// package databases and files to preview.
fn hostile_layer() -> Vec<u8> {
    let mut t = TarWriter::new();
    t.auto_long_names(true);
    t.dir("n/").dir("l/").dir("xss/");
    for (p, name) in all("tar entry names") {
        // a name is a path: `/` makes directories; names stay under the path cap
        t.file(&format!("n/{p}-{}", capped(&name, 3000)), b"x");
    }
    for (p, target) in all("link targets") {
        t.symlink(&format!("l/{p}"), &capped(&target, 3000));
    }
    let mut status = String::new();
    for (p, name) in all("dpkg package names") {
        status.push_str(&format!(
            "Package: {}\nStatus: install ok installed\nVersion: {p}.0\nArchitecture: amd64\nInstalled-Size: 1\n\n",
            one_line(&capped(&name, 3000))
        ));
    }
    t.dir("var/").dir("var/lib/").dir("var/lib/dpkg/");
    t.file("var/lib/dpkg/status", status.as_bytes());
    let mut apk = String::new();
    for (p, name) in all("apk package names") {
        apk.push_str(&format!(
            "P:{}\nV:{p}.0\nA:x86_64\nS:1\nI:1\n\n",
            one_line(&capped(&name, 3000))
        ));
    }
    t.dir("lib/").dir("lib/apk/").dir("lib/apk/db/");
    t.file("lib/apk/db/installed", apk.as_bytes());
    let previews = all("file previews");
    let text: Vec<String> = previews.iter().map(|(_, s)| s.clone()).collect();
    t.file("xss/preview.txt", text.join("\n").as_bytes());
    t.file("xss/preview.html", text.join("\n").as_bytes());
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"__xss(0,{})\"><script>__xss(1,{})</script></svg>",
        sink("file previews"),
        sink("file previews")
    );
    t.file("xss/preview.svg", svg.as_bytes());
    let mut bytes: Vec<u8> = b"invalid utf-8 \xff\xfe\xc3\x28 ".to_vec();
    bytes.extend_from_slice(text.join("\n").as_bytes());
    t.file("xss/binaryish.txt", &bytes);
    t.finish()
}

fn map_of(name: &str, prefix: &str) -> Map<String, Value> {
    let mut m = Map::new();
    for (p, v) in all(name) {
        m.insert(format!("{prefix}.{p}"), json!(v));
        // the payload as a key too (short ones: keys are shown whole)
        if v.len() < 4096 {
            m.insert(v.clone(), json!(format!("key {p}")));
        }
    }
    m
}

/// The OCI layout with every payload in every document sink.
fn hostile_oci() -> Vec<u8> {
    let layer = Layer::tar_gzip(hostile_layer()).with_annotation(
        "org.opencontainers.image.title",
        &instance(7, sink("annotations")),
    );
    let mut image = OciImage::new(vec![layer]);
    let diff_id = image.layers[0].diff_id.clone();
    let mut history: Vec<Value> = all("created_by")
        .into_iter()
        .map(|(_, v)| json!({"created": CREATED, "created_by": v, "comment": v, "empty_layer": true}))
        .collect();
    history.push(json!({"created": CREATED, "created_by": instance(0, sink("created_by"))}));
    let env: Vec<Value> = all("Env")
        .into_iter()
        .map(|(p, v)| json!(format!("XSS{p}={v}")))
        .collect();
    let cmd: Vec<Value> = all("Cmd/Entrypoint")
        .into_iter()
        .map(|(_, v)| json!(v))
        .collect();
    let author: Vec<String> = all("author").into_iter().map(|(_, v)| v).collect();
    let strings: Vec<Value> = all("JSON strings")
        .into_iter()
        .map(|(_, v)| json!(v))
        .collect();
    image.config.value = Some(json!({
        "architecture": "amd64",
        "os": "linux",
        "created": CREATED,
        "author": author.join(" | "),
        "config": {
            "Env": env,
            "Cmd": cmd,
            "Entrypoint": [instance(1, sink("Cmd/Entrypoint"))],
            "WorkingDir": instance(2, sink("Cmd/Entrypoint")),
            "User": instance(3, sink("Cmd/Entrypoint")),
            "Labels": Value::Object(map_of("labels", "label")),
        },
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": history,
        "x-xss": strings,
    }));
    image = image.with_manifest_field("annotations", Value::Object(map_of("annotations", "ann")));
    let refs = all("reference names");
    image = image.with_ref_name(&capped(&refs[0].1, 8192));
    for (_, r) in refs.iter().skip(1).filter(|(p, _)| *p % 2 == 0) {
        image = image.with_repo_tag(&capped(r, 8192));
    }
    let mut layout = OciLayoutBuilder::new().image(image.clone());
    // the same manifest under the other reference names
    for (p, r) in refs.iter().skip(1).filter(|(p, _)| *p % 2 == 1) {
        let mut d = image.descriptor();
        d["annotations"] = json!({
            "org.opencontainers.image.ref.name": capped(r, 8192),
            "io.containerd.image.name": capped(&instance(*p, sink("reference names")), 8192),
        });
        layout = layout.extra_index_entry(d);
    }
    layout.docker_manifest_json = true;
    layout.build()
}

/// An image whose config holds lone surrogates (as JSON escapes) and raw
/// invalid UTF-8 beside a payload: the messages that quote it are a sink.
fn raw_oci() -> Vec<u8> {
    let layer = Layer::tar(support::layer::rootfs_tar(&[("etc/hostname", b"x\n")]));
    let mut image = OciImage::new(vec![layer]);
    let diff_id = image.layers[0].diff_id.clone();
    let mut config = format!(
        "{{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[\"{diff_id}\"]}},\"config\":{{\"Labels\":{{\"a\":\"\\ud800<script>__xss(0,{s})</script>zq0k{s}q\",\"b\":\"",
        s = sink("JSON strings")
    )
    .into_bytes();
    config.extend_from_slice(b"\xff\xfe<img src=x onerror=__xss(1,9)>zq1k9q\"}}}");
    image.config.bytes = Some(config);
    OciLayoutBuilder::new()
        .image(image.with_ref_name("raw<script>__xss(2,8)</script>"))
        .build()
}

fn main() {
    let dir = PathBuf::from(std::env::args_os().nth(1).expect("usage: xss_images DIR"));
    std::fs::create_dir_all(&dir).expect("output folder");
    std::fs::write(dir.join("xss-oci.tar"), hostile_oci()).expect("xss-oci.tar");
    std::fs::write(dir.join("xss-raw.tar"), raw_oci()).expect("xss-raw.tar");
    let sinks: Vec<&str> = SINKS.iter().chain(PAGE_SINKS).copied().collect();
    let payloads: Vec<Value> = PAYLOADS
        .iter()
        .enumerate()
        .map(|(p, (name, _))| {
            let pasted: Vec<String> = (SINKS.len()..sinks.len()).map(|s| instance(p, s)).collect();
            json!({"id": p, "name": name, "page": pasted})
        })
        .collect();
    let doc = json!({"sinks": sinks, "image_sinks": SINKS.len(), "payloads": payloads});
    std::fs::write(dir.join("payloads.json"), serde_json::to_vec(&doc).unwrap())
        .expect("payloads.json");
    eprintln!(
        "wrote {} payloads × {} sinks to {}",
        PAYLOADS.len(),
        sinks.len(),
        dir.display()
    );
}
