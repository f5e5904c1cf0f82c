//! Rendering (category J): the payloads of reliability-plan.md §6 (script
//! tags, event handlers, `javascript:` in several spellings, `data:` and
//! `vbscript:` URLs, protocol-relative and user-info URLs, RTL overrides,
//! zero-width joiners, ANSI escapes, 10 000 combining marks, a 64 KiB string)
//! in the places a report shows: entry names, link targets, annotations,
//! labels, `Env`, `Cmd`, `history[].created_by`, reference names and
//! `author`. Each case checks that the payload is in the report as the very
//! text it was (not escaped, cut or dropped: escaping is the page's job) and
//! that it causes no finding of its own beyond what the place says about it.

use super::common::*;
use crate::support::oci_image::*;
use ocilens::engine::finding::Code;
use ocilens::engine::report::Report;
use serde_json::{json, Value};

/// The payloads, by number.
pub fn payload(k: usize) -> String {
    match k {
        0 => "<script>window.__pwned=1</script>".into(),
        1 => "\"><img src=x onerror=window.__pwned=1>".into(),
        2 => "<svg onload=window.__pwned=1>".into(),
        3 => "javascript:window.__pwned=1".into(),
        4 => "JaVaScRiPt:window.__pwned=1".into(),
        5 => "java\tscript:window.__pwned=1".into(),
        6 => "&#x6a;avascript&#x3a;window.__pwned=1".into(),
        7 => "data:text/html,<script>window.__pwned=1</script>".into(),
        8 => "vbscript:msgbox(1)".into(),
        9 => "//evil.example/x".into(),
        10 => "https://user:pass@evil.example/".into(),
        11 => "invoice\u{202e}gpj.exe".into(),
        12 => "pay\u{200d}\u{200b}load".into(),
        13 => "\u{1b}[31mred\u{1b}[0m\u{1b}]0;title\u{7}".into(),
        14 => format!("e{}", "\u{301}".repeat(10_000)),
        _ => format!("<b>{}</b>", "x".repeat(64 * 1024)),
    }
}

/// The image with payload `k` in `sink` (`"name"`, `"link"`, …).
pub fn image(sink: &str, k: usize) -> Vec<u8> {
    let p = payload(k);
    match sink {
        "name" => in_name(&p),
        "link" => in_link(&p),
        "annotation" => in_annotation(&p),
        "label" => in_label(&p),
        "env" => in_env(&p),
        "cmd" => in_cmd(&p),
        "history" => in_history(&p),
        "ref" => in_ref(&p),
        _ => in_author(&p),
    }
}

/// At least `n` strings of `v` (keys included) hold `p` as it is.
pub fn has_text(v: &Value, p: &str, n: usize) -> bool {
    let mut all = Vec::new();
    strings(v, &mut all);
    all.iter().filter(|s| s.contains(p)).count() >= n
}

/// Every string of `v`, keys included.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings(x, out);
        }),
        _ => {}
    }
}

/// Payload `P` is kept as it was, in some string of the report.
fn kept<const P: usize>(r: &Report) {
    let p = payload(P);
    assert!(
        has_text(&serde_json::to_value(r).unwrap(), &p, 1),
        "payload {P} ({:?}…) is not in the report as it was",
        p.chars().take(40).collect::<String>()
    );
}

fn in_name(p: &str) -> Vec<u8> {
    let mut t = writer();
    t.dir("srv").file(&format!("srv/{p}"), b"x\n");
    one_gzip(t.finish())
}
fn in_link(p: &str) -> Vec<u8> {
    let mut t = writer();
    t.symlink("etc/link", p);
    one_gzip(t.finish())
}
fn in_annotation(p: &str) -> Vec<u8> {
    layout_as_is(with_manifest(|m| {
        m["annotations"] = json!({"org.opencontainers.image.url": p, "org.example.note": p})
    }))
}
fn in_label(p: &str) -> Vec<u8> {
    layout_as_is(with_config(|c| {
        c["config"]["Labels"] = json!({"org.opencontainers.image.source": p, "note": p})
    }))
}
fn in_env(p: &str) -> Vec<u8> {
    layout_as_is(with_config(|c| {
        c["config"]["Env"] = json!(["PATH=/usr/bin:/bin", format!("NOTE={p}")])
    }))
}
fn in_cmd(p: &str) -> Vec<u8> {
    layout_as_is(with_config(|c| c["config"]["Cmd"] = json!([p])))
}
fn in_history(p: &str) -> Vec<u8> {
    layout_as_is(with_config(|c| c["history"][0]["created_by"] = json!(p)))
}
fn in_ref(p: &str) -> Vec<u8> {
    layout_as_is(OciImage::new(img().layers.clone()).with_ref_name(p))
}
fn in_author(p: &str) -> Vec<u8> {
    layout_as_is(with_config(|c| c["author"] = json!(p)))
}

fn j_name_script() -> Vec<u8> {
    in_name(&payload(0))
}
fn j_name_img_onerror() -> Vec<u8> {
    in_name(&payload(1))
}
fn j_name_svg_onload() -> Vec<u8> {
    in_name(&payload(2))
}
fn j_name_rtl() -> Vec<u8> {
    in_name(&payload(11))
}
fn j_name_combining() -> Vec<u8> {
    in_name(&payload(14))
}
fn j_link_js_url() -> Vec<u8> {
    in_link(&payload(3))
}
fn j_link_js_tab() -> Vec<u8> {
    in_link(&payload(5))
}
fn j_link_data_url() -> Vec<u8> {
    in_link(&payload(7))
}
fn j_annotation_img_onerror() -> Vec<u8> {
    in_annotation(&payload(1))
}
fn j_annotation_proto_rel() -> Vec<u8> {
    in_annotation(&payload(9))
}
fn j_annotation_userinfo() -> Vec<u8> {
    in_annotation(&payload(10))
}
fn j_label_script() -> Vec<u8> {
    in_label(&payload(0))
}
fn j_label_js_entity() -> Vec<u8> {
    in_label(&payload(6))
}
fn j_label_ansi() -> Vec<u8> {
    in_label(&payload(13))
}
fn j_env_svg_onload() -> Vec<u8> {
    in_env(&payload(2))
}
fn j_env_js_case() -> Vec<u8> {
    in_env(&payload(4))
}
fn j_env_zwj() -> Vec<u8> {
    in_env(&payload(12))
}
fn j_cmd_script() -> Vec<u8> {
    in_cmd(&payload(0))
}
fn j_cmd_vbscript() -> Vec<u8> {
    in_cmd(&payload(8))
}
fn j_cmd_long() -> Vec<u8> {
    in_cmd(&payload(15))
}
fn j_history_img_onerror() -> Vec<u8> {
    in_history(&payload(1))
}
fn j_history_js_url() -> Vec<u8> {
    in_history(&payload(3))
}
fn j_history_ansi() -> Vec<u8> {
    in_history(&payload(13))
}
fn j_ref_script() -> Vec<u8> {
    in_ref(&payload(0))
}
fn j_ref_rtl() -> Vec<u8> {
    in_ref(&payload(11))
}
fn j_ref_img_onerror() -> Vec<u8> {
    in_ref(&payload(1))
}
fn j_author_svg_onload() -> Vec<u8> {
    in_author(&payload(2))
}

crafted! {
    j_name_script: J "rendering: script payload in name", [OCI], check = kept::<0>;
    j_name_img_onerror: J "rendering: img onerror payload in name", [OCI], check = kept::<1>;
    j_name_svg_onload: J "rendering: svg onload payload in name", [OCI], check = kept::<2>;
    j_name_rtl: J "rendering: rtl payload in name", [Code::PathSafetyConfusableName, OCI], check = kept::<11>;
    j_name_combining: J "rendering: combining payload in name", [Code::LimitsPathLength, OCI], check = kept::<14>;
    j_link_js_url: J "rendering: js url payload in link", [OCI], check = kept::<3>;
    j_link_js_tab: J "rendering: js tab payload in link", [OCI], check = kept::<5>;
    j_link_data_url: J "rendering: data url payload in link", [OCI], check = kept::<7>;
    j_annotation_img_onerror: J "rendering: img onerror payload in annotation", [OCI], check = kept::<1>;
    j_annotation_proto_rel: J "rendering: proto rel payload in annotation", [OCI], check = kept::<9>;
    j_annotation_userinfo: J "rendering: userinfo payload in annotation", [OCI], check = kept::<10>;
    j_label_script: J "rendering: script payload in label", [OCI], check = kept::<0>;
    j_label_js_entity: J "rendering: js entity payload in label", [OCI], check = kept::<6>;
    j_label_ansi: J "rendering: ansi payload in label", [OCI], check = kept::<13>;
    j_env_svg_onload: J "rendering: svg onload payload in env", [OCI], check = kept::<2>;
    j_env_js_case: J "rendering: js case payload in env", [OCI], check = kept::<4>;
    j_env_zwj: J "rendering: zwj payload in env", [OCI], check = kept::<12>;
    j_cmd_script: J "rendering: script payload in cmd", [OCI], check = kept::<0>;
    j_cmd_vbscript: J "rendering: vbscript payload in cmd", [OCI], check = kept::<8>;
    j_cmd_long: J "rendering: long payload in cmd", [OCI], check = kept::<15>;
    j_history_img_onerror: J "rendering: img onerror payload in history", [OCI], check = kept::<1>;
    j_history_js_url: J "rendering: js url payload in history", [OCI], check = kept::<3>;
    j_history_ansi: J "rendering: ansi payload in history", [OCI], check = kept::<13>;
    j_ref_script: J "rendering: script payload in ref", [Code::ReferenceInvalid, OCI], check = kept::<0>;
    j_ref_rtl: J "rendering: rtl payload in ref", [Code::ReferenceInvalid, OCI], check = kept::<11>;
    j_ref_img_onerror: J "rendering: img onerror payload in ref", [Code::ReferenceInvalid, OCI], check = kept::<1>;
    j_author_svg_onload: J "rendering: svg onload payload in author", [OCI], check = kept::<2>;
}
