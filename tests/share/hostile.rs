//! Hostile fragments: each gets the expected error, fuzzed ones never panic,
//! and the largest fragment decodes fast.

use crate::random::Rng;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ocilens::engine::finding::Severity;
use ocilens::engine::share::{decode, encode, Focus, LinkError, MAX_DECODED, MAX_FRAGMENT};
use std::collections::BTreeMap;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn link(json: &[u8]) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(json, 6);
    format!("r=1.{}", URL_SAFE_NO_PAD.encode(packed))
}

const MINIMAL: &str = r#"{"t":["ocilens","0"],"i":{"n":"x","z":1,"f":"unknown","o":"none"}}"#;

#[test]
fn hostile_fragments_get_the_expected_error() {
    let e = |s: &str| decode(s).err();
    assert!(decode(&link(MINIMAL.as_bytes())).is_ok());
    assert_eq!(e(""), Some(LinkError::NotALink));
    assert_eq!(e("#"), Some(LinkError::NotALink));
    assert_eq!(e("#section-2"), Some(LinkError::NotALink));
    assert_eq!(e("r=1"), Some(LinkError::NotALink));
    assert_eq!(e("R=1.eNo"), Some(LinkError::NotALink));
    assert_eq!(e("r=2.eNo"), Some(LinkError::UnknownVersion("2".into())));
    assert_eq!(e("#r=x.abc"), Some(LinkError::UnknownVersion("x".into())));
    assert_eq!(e("r=.abc"), Some(LinkError::UnknownVersion("".into())));
    assert!(
        matches!(e(&format!("r={}.a", "9".repeat(100))), Some(LinkError::UnknownVersion(v)) if v.chars().count() <= 16)
    );
    assert_eq!(e("r=1.!!!!"), Some(LinkError::BadBase64));
    assert_eq!(e("r=1.eNo="), Some(LinkError::BadBase64));
    assert_eq!(e("r=1.a b"), Some(LinkError::BadBase64));
    assert_eq!(e("r=1."), Some(LinkError::BadDeflate));
    assert_eq!(e("r=1.AAAA"), Some(LinkError::BadDeflate));
    // a 65 KiB fragment is refused before anything is decoded
    let long = format!("r=1.{}", "A".repeat(65 * 1024));
    assert_eq!(
        e(&long),
        Some(LinkError::TooLong {
            len: long.len(),
            max: MAX_FRAGMENT
        })
    );
    assert!(matches!(
        e(&format!("#{long}")),
        Some(LinkError::TooLong { .. })
    ));
    // deflate bombs
    assert_eq!(
        e(&link(&vec![b' '; 2 * MAX_DECODED])),
        Some(LinkError::TooLarge { max: MAX_DECODED })
    );
    let mut just_over = vec![b' '; MAX_DECODED + 1 - MINIMAL.len()];
    just_over.extend_from_slice(MINIMAL.as_bytes());
    assert_eq!(
        e(&link(&just_over)),
        Some(LinkError::TooLarge { max: MAX_DECODED })
    );
    let at_cap = &just_over[1..];
    assert_eq!(at_cap.len(), MAX_DECODED);
    assert!(
        decode(&link(at_cap)).is_ok(),
        "exactly {MAX_DECODED} bytes are read"
    );
    // the checksum catches a changed byte
    let mut packed = miniz_oxide::deflate::compress_to_vec_zlib(MINIMAL.as_bytes(), 9);
    let last = packed.len() - 1;
    packed[last] ^= 1;
    assert_eq!(
        e(&format!("r=1.{}", URL_SAFE_NO_PAD.encode(&packed))),
        Some(LinkError::BadDeflate)
    );
    // not JSON, or over the limits
    let bad_json = |s: &[u8]| matches!(decode(&link(s)), Err(LinkError::BadJson(_)));
    assert!(bad_json(b"not json"));
    assert!(bad_json(b""));
    assert!(bad_json(format!("{MINIMAL} trailing").as_bytes()));
    assert!(bad_json(br#"{"t":["a","\ud800"]}"#));
    assert!(bad_json(b"{\"t\":\"\xff\"}"));
    assert!(bad_json(
        format!("{}{}", "[".repeat(33), "]".repeat(33)).as_bytes()
    ));
    assert!(!bad_json(
        format!("{}{}", "[".repeat(32), "]".repeat(32)).as_bytes()
    ));
    assert!(bad_json(
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).as_bytes()
    ));
    assert!(bad_json("{\"a\":".repeat(5000).as_bytes()));
    assert!(bad_json(format!("[\"{}\"]", "x".repeat(4097)).as_bytes()));
    assert!(!bad_json(format!("[\"{}\"]", "x".repeat(4096)).as_bytes()));
    assert!(bad_json(
        format!("{{\"{}\":1}}", "k".repeat(4097)).as_bytes()
    ));
    assert!(bad_json(format!("[{}0]", "0,".repeat(10_000)).as_bytes()));
    assert!(!bad_json(format!("[{}0]", "0,".repeat(9_999)).as_bytes()));
    let members: Vec<String> = (0..10_001).map(|i| format!("\"{i}\":0")).collect();
    assert!(bad_json(format!("{{{}}}", members.join(",")).as_bytes()));
    // JSON of the wrong shape
    let wrong = |s: &str| matches!(decode(&link(s.as_bytes())), Err(LinkError::WrongSchema(_)));
    assert!(wrong("{}"));
    assert!(wrong("[1,2]"));
    assert!(wrong("null"));
    assert!(wrong(
        r#"{"t":["a"],"i":{"n":"x","z":1,"f":"unknown","o":"none"}}"#
    ));
    assert!(wrong(
        r#"{"t":["a","b"],"i":{"n":"x","z":-1,"f":"unknown","o":"none"}}"#
    ));
    assert!(wrong(
        r#"{"t":["a","b"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"f":[{"c":"no.such-code","m":""}]}"#
    ));
    assert!(wrong(
        r#"{"t":["a","b"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"o":{"Finding":0}}"#
    ));
    assert!(wrong(
        r#"{"t":["a","b"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"x":[{"k":"index"},{"p":2,"k":"manifest"}]}"#
    ));
    assert!(wrong(
        r#"{"t":["a","b"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"x":[{"p":1,"k":"index"}]}"#
    ));
    assert!(wrong(
        r#"{"t":["a","b"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"x":[{"k":"index"},{"k":"index"}]}"#
    ));
    assert!(wrong(
        r#"{"t":["a","b"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"f":[{"c":"tar.truncated","m":"","s":"fatal"}]}"#
    ));
    // an index nested as deep as allowed is fine, one more level is not
    let chain = |n: usize| {
        let nodes: Vec<String> = (0..=n)
            .map(|p| format!(r#"{{"p":{p},"k":"index"}}"#))
            .collect();
        format!(
            r#"{{"t":["a","b"],"i":{{"n":"x","z":1,"f":"unknown","o":"none"}},"x":[{}]}}"#,
            nodes.join(",")
        )
    };
    assert!(decode(&link(chain(32).as_bytes())).is_ok());
    assert!(wrong(&chain(33)));
    // a valid focused link decodes; strings come back as text, unchanged
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
    // every error reads as a sentence
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
