//! Hostile fragments: each gets the expected error, fuzzed ones never panic,
//! and the largest fragment decodes fast.

use crate::random::Rng;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ocilens::engine::finding::Severity;
use ocilens::engine::share::{decode, encode, Focus, LinkError, Shared, MAX_DECODED, MAX_FRAGMENT};
use std::collections::BTreeMap;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn link(json: &[u8]) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(json, 6);
    format!("r=1.{}", URL_SAFE_NO_PAD.encode(packed))
}

const MINIMAL: &str = r#"{"t":["ocilens","0"],"i":{"n":"x","z":1,"f":"unknown","o":"none"}}"#;

/// What decoding a hostile fragment must give.
enum Want {
    /// The link opens.
    Opens,
    /// Exactly this error.
    Error(LinkError),
    /// An error this check accepts (for errors with a part not fixed here).
    ErrorThat(fn(&LinkError) -> bool),
    /// Any [`LinkError::BadJson`].
    BadJson,
    /// Anything but [`LinkError::BadJson`]: the JSON is within its limits.
    NotBadJson,
    /// Any [`LinkError::WrongSchema`].
    WrongSchema,
}

impl Want {
    fn holds(&self, got: Result<&Shared, &LinkError>) -> bool {
        match (self, got) {
            (Want::Opens, Ok(_)) => true,
            (Want::Error(want), Err(e)) => want == e,
            (Want::ErrorThat(check), Err(e)) => check(e),
            (Want::BadJson, Err(LinkError::BadJson(_))) => true,
            (Want::NotBadJson, got) => !matches!(got, Err(LinkError::BadJson(_))),
            (Want::WrongSchema, Err(LinkError::WrongSchema(_))) => true,
            _ => false,
        }
    }
}

/// A fragment and what decoding it must give.
type Case = (String, Want);

#[test]
fn hostile_fragments_get_the_expected_error() {
    for (group, cases) in [
        (
            "prefix, version and encoding",
            prefix_version_and_encoding(),
        ),
        ("size and checksum", size_and_checksum()),
        ("JSON syntax and limits", json_syntax_and_limits()),
        ("JSON of the wrong shape", wrong_shape()),
    ] {
        for (k, (fragment, want)) in cases.iter().enumerate() {
            let got = decode(fragment);
            assert!(
                want.holds(got.as_ref()),
                "{group}, case {k} ({:?}…): got {:?}",
                fragment.chars().take(60).collect::<String>(),
                got.err()
            );
        }
    }
}

fn prefix_version_and_encoding() -> Vec<Case> {
    let err = |s: &str, e: LinkError| (s.to_string(), Want::Error(e));
    vec![
        (link(MINIMAL.as_bytes()), Want::Opens),
        err("", LinkError::NotALink),
        err("#", LinkError::NotALink),
        err("#section-2", LinkError::NotALink),
        err("r=1", LinkError::NotALink),
        err("R=1.eNo", LinkError::NotALink),
        err("r=2.eNo", LinkError::UnknownVersion("2".into())),
        err("#r=x.abc", LinkError::UnknownVersion("x".into())),
        err("r=.abc", LinkError::UnknownVersion("".into())),
        (
            format!("r={}.a", "9".repeat(100)),
            Want::ErrorThat(
                |e| matches!(e, LinkError::UnknownVersion(v) if v.chars().count() <= 16),
            ),
        ),
        err("r=1.!!!!", LinkError::BadBase64),
        err("r=1.eNo=", LinkError::BadBase64),
        err("r=1.a b", LinkError::BadBase64),
        err("r=1.", LinkError::BadDeflate),
        err("r=1.AAAA", LinkError::BadDeflate),
    ]
}

fn size_and_checksum() -> Vec<Case> {
    // a 65 KiB fragment is refused before anything is decoded
    let long = format!("r=1.{}", "A".repeat(65 * 1024));
    let too_long = LinkError::TooLong {
        len: long.len(),
        max: MAX_FRAGMENT,
    };
    // deflate bombs; exactly MAX_DECODED bytes are read
    let too_large = || Want::Error(LinkError::TooLarge { max: MAX_DECODED });
    let mut just_over = vec![b' '; MAX_DECODED + 1 - MINIMAL.len()];
    just_over.extend_from_slice(MINIMAL.as_bytes());
    let at_cap = &just_over[1..];
    assert_eq!(at_cap.len(), MAX_DECODED);
    // the checksum catches a changed byte
    let mut packed = miniz_oxide::deflate::compress_to_vec_zlib(MINIMAL.as_bytes(), 9);
    let last = packed.len() - 1;
    packed[last] ^= 1;
    vec![
        (long.clone(), Want::Error(too_long)),
        (
            format!("#{long}"),
            Want::ErrorThat(|e| matches!(e, LinkError::TooLong { .. })),
        ),
        (link(&vec![b' '; 2 * MAX_DECODED]), too_large()),
        (link(&just_over), too_large()),
        (link(at_cap), Want::Opens),
        (
            format!("r=1.{}", URL_SAFE_NO_PAD.encode(&packed)),
            Want::Error(LinkError::BadDeflate),
        ),
    ]
}

/// Not JSON, or JSON over the limits (depth 32, strings and keys of 4096
/// bytes, 10 000 items), and JSON just within them.
fn json_syntax_and_limits() -> Vec<Case> {
    let bad = |s: &[u8]| (link(s), Want::BadJson);
    let fine = |s: &[u8]| (link(s), Want::NotBadJson);
    let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let members: Vec<String> = (0..10_001).map(|i| format!("\"{i}\":0")).collect();
    vec![
        bad(b"not json"),
        bad(b""),
        bad(format!("{MINIMAL} trailing").as_bytes()),
        bad(br#"{"t":["a","\ud800"]}"#),
        bad(b"{\"t\":\"\xff\"}"),
        bad(nested(33).as_bytes()),
        fine(nested(32).as_bytes()),
        bad(nested(100_000).as_bytes()),
        bad("{\"a\":".repeat(5000).as_bytes()),
        bad(format!("[\"{}\"]", "x".repeat(4097)).as_bytes()),
        fine(format!("[\"{}\"]", "x".repeat(4096)).as_bytes()),
        bad(format!("{{\"{}\":1}}", "k".repeat(4097)).as_bytes()),
        bad(format!("[{}0]", "0,".repeat(10_000)).as_bytes()),
        fine(format!("[{}0]", "0,".repeat(9_999)).as_bytes()),
        bad(format!("{{{}}}", members.join(",")).as_bytes()),
    ]
}

/// JSON of the wrong shape; an index nested as deep as allowed is fine, one
/// more level is not.
fn wrong_shape() -> Vec<Case> {
    let wrong = |s: &str| (link(s.as_bytes()), Want::WrongSchema);
    let chain = |n: usize| {
        let nodes: Vec<String> = (0..=n)
            .map(|p| format!(r#"{{"p":{p},"k":"index"}}"#))
            .collect();
        format!(
            r#"{{"t":["a","b"],"i":{{"n":"x","z":1,"f":"unknown","o":"none"}},"x":[{}]}}"#,
            nodes.join(",")
        )
    };
    vec![
        wrong("{}"),
        wrong("[1,2]"),
        wrong("null"),
        wrong(r#"{"t":["a"],"i":{"n":"x","z":1,"f":"unknown","o":"none"}}"#),
        wrong(r#"{"t":["a","b"],"i":{"n":"x","z":-1,"f":"unknown","o":"none"}}"#),
        wrong(
            r#"{"t":["a","b"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"f":[{"c":"no.such-code","m":""}]}"#,
        ),
        wrong(r#"{"t":["a","b"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"o":{"Finding":0}}"#),
        wrong(
            r#"{"t":["a","b"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"x":[{"k":"index"},{"p":2,"k":"manifest"}]}"#,
        ),
        wrong(
            r#"{"t":["a","b"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"x":[{"p":1,"k":"index"}]}"#,
        ),
        wrong(
            r#"{"t":["a","b"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"x":[{"k":"index"},{"k":"index"}]}"#,
        ),
        wrong(
            r#"{"t":["a","b"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"f":[{"c":"tar.truncated","m":"","s":"fatal"}]}"#,
        ),
        (link(chain(32).as_bytes()), Want::Opens),
        wrong(&chain(33)),
    ]
}

#[test]
fn a_valid_focused_link_decodes_with_its_strings_unchanged() {
    let ok = decode(&link(
        br#"{"t":["a","b"],"i":{"n":"<script>alert(1)</script>","z":1,"f":"unknown","o":"none"},"f":[{"c":"tar.truncated","m":"\"><img src=x onerror=alert(1)>"}],"o":{"Finding":0}}"#,
    ))
    .expect("valid");
    assert_eq!(ok.report.input.name, "<script>alert(1)</script>");
    assert_eq!(ok.focus, Some(Focus::Finding(0)));
    assert_eq!(ok.report.findings[0].severity, Severity::Error);
    assert!(
        !ok.report.findings[0].explanation.is_empty(),
        "restored from the catalogue"
    );
}

#[test]
fn every_link_error_reads_as_a_sentence() {
    for err in [
        LinkError::NotALink,
        LinkError::TooLong {
            len: 70_000,
            max: MAX_FRAGMENT,
        },
        LinkError::UnknownVersion("2".into()),
        LinkError::BadBase64,
        LinkError::BadDeflate,
        LinkError::TooLarge { max: MAX_DECODED },
        LinkError::BadJson("x".into()),
        LinkError::WrongSchema("x".into()),
    ] {
        let text = err.to_string();
        assert!(
            text.starts_with("This ") && (text.ends_with('.') || text.ends_with('?')),
            "{text}"
        );
    }
}

#[test]
fn fuzzed_fragments_never_panic() {
    let mut rng = Rng(0xDEAD_BEEF_CAFE_F00D);
    let seeds: Vec<String> = (0..8)
        .map(|_| {
            let r = rng.report();
            let focus = rng.focus(&r);
            encode(&r, focus.as_ref()).0
        })
        .filter(|f| f.len() <= MAX_FRAGMENT)
        .collect();
    let alphabet: Vec<char> =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=.#%+/ é"
            .chars()
            .collect();
    let (mut ok, mut err) = (0, 0);
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for n in 0..20_000 {
        let fragment = match n % 5 {
            0 => {
                let bytes: Vec<u8> = (0..rng.below(600)).map(|_| rng.next() as u8).collect();
                format!("r=1.{}", URL_SAFE_NO_PAD.encode(bytes))
            }
            1 => {
                // a valid deflate stream of random bytes
                let bytes: Vec<u8> = (0..rng.below(600)).map(|_| rng.next() as u8).collect();
                link(&bytes)
            }
            2 => {
                let mut chars: Vec<char> = rng.pick(&seeds).chars().collect();
                for _ in 0..=rng.below(3) {
                    let i = rng.below(chars.len());
                    chars[i] = rng.pick(&alphabet);
                }
                chars.into_iter().collect()
            }
            3 => {
                let s = rng.pick(&seeds);
                let cut = rng.below(s.len());
                s[..cut].to_string()
            }
            _ => {
                let mut s = rng.pick(&seeds);
                for _ in 0..=rng.below(8) {
                    s.push(rng.pick(&alphabet));
                }
                s
            }
        };
        match decode(&fragment) {
            Ok(_) => ok += 1,
            Err(e) => {
                err += 1;
                let kind = format!("{e:?}");
                let kind = kind.split(['(', ' ']).next().unwrap_or("").to_string();
                *kinds.entry(kind).or_default() += 1;
            }
        }
    }
    assert_eq!(ok + err, 20_000);
    println!("20000 fuzzed fragments: {ok} decoded, {err} refused: {kinds:?}");
}

// ---------------------------------------------------------------------------
// 4. Decoding time

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn decoding_a_64_kib_fragment_is_fast() {
    // the largest link a page reads: findings with incompressible messages, up to 64 KiB
    let mut rng = Rng(42);
    let mut findings = Vec::new();
    let mut fragment = String::new();
    for step in 0.. {
        let batch: Vec<String> = (0..50)
            .map(|_| {
                format!(
                    r#"{{"c":"tar.truncated","m":"{:016x}{:016x}","w":{{"p":"usr/lib/{:x}"}}}}"#,
                    rng.next(),
                    rng.next(),
                    rng.next()
                )
            })
            .collect();
        let mut next = findings.clone();
        next.extend(batch);
        let json = format!(
            r#"{{"t":["ocilens","0"],"i":{{"n":"x","z":1,"f":"oci-layout","o":"none"}},"f":[{}]}}"#,
            next.join(",")
        );
        let candidate = link(json.as_bytes());
        if candidate.len() > MAX_FRAGMENT || step > 1000 {
            break;
        }
        findings = next;
        fragment = candidate;
    }
    // and one that inflates to nearly 1 MiB of compressible JSON
    let many: Vec<String> = (0..9_000)
        .map(|i| format!(r#"{{"c":"archive.unreferenced-blob","m":"blob {i} is not referenced by any manifest of the layout"}}"#))
        .collect();
    let big = link(
        format!(
            r#"{{"t":["ocilens","0"],"i":{{"n":"x","z":1,"f":"oci-layout","o":"none"}},"f":[{}]}}"#,
            many.join(",")
        )
        .as_bytes(),
    );
    let random = format!(
        "r=1.{}",
        URL_SAFE_NO_PAD.encode(
            (0..(MAX_FRAGMENT - 4) * 3 / 4)
                .map(|_| rng.next() as u8)
                .collect::<Vec<u8>>()
        )
    );
    for (what, f) in [
        ("incompressible findings", &fragment),
        ("compressible findings", &big),
        ("random bytes", &random),
    ] {
        assert!(f.len() <= MAX_FRAGMENT, "{what}: {}", f.len());
        let start = std::time::Instant::now();
        let mut result = None;
        for _ in 0..10 {
            result = Some(decode(f));
        }
        let each = start.elapsed() / 10;
        let outcome = match result.unwrap() {
            Ok(s) => format!("{} findings", s.report.findings.len()),
            Err(e) => format!("{e:?}"),
        };
        println!("decode {what}: {} bytes in {each:?} ({outcome})", f.len());
    }
    assert_eq!(
        decode(&fragment).unwrap().report.findings.len(),
        findings.len()
    );
    assert_eq!(decode(&big).unwrap().report.findings.len(), 9_000);
}
