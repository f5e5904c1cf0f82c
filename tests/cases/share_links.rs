//! Share links (category I), through the share decoder with their exact
//! outcome: the error (its text included), or the link opens and what it
//! claims is checked. The XSS links are real reports of the rendering images
//! (`cases::rendering`), encoded and decoded: every payload comes back as the
//! same text.

use crate::cases::harness::Category;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ocilens::engine::report::Report;
use ocilens::engine::share::{decode, encode, LinkError, Shared, MAX_DECODED, MAX_FRAGMENT};
use ocilens::engine::{inspect, NullSink, Options};
use std::io::Cursor;

/// What decoding a link must give, exactly.
pub enum Want {
    /// It opens, and this check holds.
    Opens(fn(&Shared)),
    /// This error, equal in every part.
    Error(LinkError),
}

/// One share-link case: its name and how to make the fragment and its outcome.
pub struct LinkCase {
    /// The case's name.
    pub name: &'static str,
    /// The fragment and what decoding it must give.
    pub make: fn() -> (String, Want),
}

/// The category of every case here.
pub const CATEGORY: Category = Category::I;

/// Runs the case named `name`.
pub fn run(name: &str) {
    let case = CASES.iter().find(|c| c.name == name).unwrap();
    let (fragment, want) = (case.make)();
    match (want, decode(&fragment)) {
        (Want::Opens(check), Ok(shared)) => check(&shared),
        (Want::Error(e), Err(got)) => assert_eq!(got, e, "{name}"),
        (Want::Opens(_), Err(got)) => panic!("{name}: expected to open, got {got:?}"),
        (Want::Error(e), Ok(_)) => panic!("{name}: expected {e:?}, it opened"),
    }
}

fn link(json: &[u8]) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(json, 6);
    format!("r=1.{}", URL_SAFE_NO_PAD.encode(packed))
}
const MINIMAL: &str = r#"{"t":["ocilens","0"],"i":{"n":"x","z":1,"f":"unknown","o":"none"}}"#;
fn bad_json(s: &str) -> Want {
    Want::Error(LinkError::BadJson(s.into()))
}
fn wrong(s: &str) -> Want {
    Want::Error(LinkError::WrongSchema(s.into()))
}

fn i_empty() -> (String, Want) {
    (String::new(), Want::Error(LinkError::NotALink))
}
fn i_unknown_version() -> (String, Want) {
    (
        "r=2.eNo".into(),
        Want::Error(LinkError::UnknownVersion("2".into())),
    )
}
fn i_bad_base64() -> (String, Want) {
    ("r=1.!!!!".into(), Want::Error(LinkError::BadBase64))
}
fn i_garbage() -> (String, Want) {
    (
        format!("r=1.{}", URL_SAFE_NO_PAD.encode(b"this is not zlib at all")),
        Want::Error(LinkError::BadDeflate),
    )
}
fn i_checksum() -> (String, Want) {
    let mut packed = miniz_oxide::deflate::compress_to_vec_zlib(MINIMAL.as_bytes(), 9);
    let last = packed.len() - 1;
    packed[last] ^= 1;
    (
        format!("r=1.{}", URL_SAFE_NO_PAD.encode(&packed)),
        Want::Error(LinkError::BadDeflate),
    )
}
/// 64 MiB of spaces in a 90 KB-free link: stopped at 1 MiB of output.
fn i_inflate_bomb() -> (String, Want) {
    (
        link(&vec![b' '; 32 * MAX_DECODED]),
        Want::Error(LinkError::TooLarge { max: MAX_DECODED }),
    )
}
fn i_65_kib() -> (String, Want) {
    let f = format!("r=1.{}", "A".repeat(65 * 1024));
    let len = f.len();
    (
        f,
        Want::Error(LinkError::TooLong {
            len,
            max: MAX_FRAGMENT,
        }),
    )
}
/// One character over the cap (with its `#`): refused before decoding.
fn i_64_kib_plus_one() -> (String, Want) {
    let f = format!("#r=1.{}", "A".repeat(MAX_FRAGMENT + 1 - 4));
    (
        f,
        Want::Error(LinkError::TooLong {
            len: MAX_FRAGMENT + 1,
            max: MAX_FRAGMENT,
        }),
    )
}
fn i_depth_10000() -> (String, Want) {
    let n = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    (
        link(n.as_bytes()),
        bad_json("nested deeper than 32 at line 1 column 33"),
    )
}
fn i_duplicate_keys() -> (String, Want) {
    let j = MINIMAL.replacen('{', r#"{"t":["a","b"],"#, 1);
    (
        link(j.as_bytes()),
        wrong("duplicate field `t` at line 1 column 80"),
    )
}
fn i_wrong_types() -> (String, Want) {
    let j = MINIMAL.replace(r#""z":1"#, r#""z":"one""#);
    (
        link(j.as_bytes()),
        wrong("invalid type: string \"one\", expected u64 at line 1 column 70"),
    )
}
fn i_lone_surrogate() -> (String, Want) {
    let j = MINIMAL.replace(r#""n":"x""#, r#""n":"\ud800""#);
    (
        link(j.as_bytes()),
        bad_json("unexpected end of hex escape at line 1 column 38"),
    )
}
fn i_unknown_code() -> (String, Want) {
    let j = r#"{"t":["ocilens","0"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"f":[{"c":"no.such-code","m":""}]}"#;
    (
        link(j.as_bytes()),
        wrong("unknown finding code \"no.such-code\" at line 1 column 100"),
    )
}
fn i_focus_out_of_range() -> (String, Want) {
    let j = MINIMAL.replacen('{', r#"{"o":{"Finding":5},"#, 1);
    (link(j.as_bytes()), wrong("the focus names finding 5 of 0"))
}
/// A link whose findings hold a fatal error yet whose counts say "all
/// verified": the summary is recomputed from the findings, never taken.
fn i_claims_all_verified() -> (String, Want) {
    let j = r#"{"t":["ocilens","0"],"i":{"n":"x","z":1,"f":"unknown","o":"none"},"f":[{"c":"blob-digest.mismatch","m":"layer 0 does not match"}],"summary":{"errors":0,"warnings":0,"infos":0,"verdict":"all verified"},"sm":{"e":0}}"#;
    (link(j.as_bytes()), Want::Opens(check_claims))
}
fn check_claims(s: &Shared) {
    assert_eq!(s.report.summary.errors, 1);
    assert_ne!(s.report.summary.verdict, "all verified");
}

/// The report of rendering image `sink`/`k`, encoded.
fn xss_link(sink: &str, k: usize) -> String {
    let bytes = super::rendering::image(sink, k);
    let o = Options {
        name: super::rendering::payload(k),
        ..Options::default()
    };
    let r: Report = inspect(Cursor::new(&bytes), &o, &mut NullSink).unwrap();
    encode(&r, None).0
}
macro_rules! xss {
    ($($id:ident: $sink:literal, $k:literal;)*) => {$(
        fn $id() -> (String, Want) {
            fn check(s: &Shared) {
                let p = super::rendering::payload($k);
                assert_eq!(s.report.input.name, p, "the input name");
                assert!(
                    super::rendering::has_text(&serde_json::to_value(&s.report).unwrap(), &p, 2),
                    "the payload is kept in the {} and the input name", $sink
                );
            }
            (xss_link($sink, $k), Want::Opens(check))
        }
    )*};
}
xss! {
    i_xss_name: "name", 11;
    i_xss_annotation: "annotation", 1;
    i_xss_label: "label", 6;
    i_xss_env: "env", 2;
    i_xss_cmd: "cmd", 8;
    i_xss_history: "history", 13;
    i_xss_ref: "ref", 11;
}

macro_rules! link_cases {
    ($($id:ident: $name:literal;)*) => {
        /// The share-link cases.
        pub const CASES: &[LinkCase] = &[$(LinkCase { name: $name, make: $id }),*];
        case_tests! {
            mod tests {
                #[cfg(target_arch = "wasm32")]
                use wasm_bindgen_test::wasm_bindgen_test as test;
                $(
                    #[test]
                    fn $id() {
                        super::run($name);
                    }
                )*
            }
        }
    };
}

link_cases! {
    i_empty: "link: empty";
    i_unknown_version: "link: unknown version";
    i_bad_base64: "link: bad base64";
    i_garbage: "link: garbage payload";
    i_checksum: "link: checksum broken";
    i_inflate_bomb: "link: inflate bomb";
    i_65_kib: "link: 65 KiB";
    i_64_kib_plus_one: "link: 64 KiB + 1";
    i_depth_10000: "link: JSON 10 000 deep";
    i_duplicate_keys: "link: duplicate keys";
    i_wrong_types: "link: wrong types";
    i_lone_surrogate: "link: lone surrogate";
    i_unknown_code: "link: unknown finding code";
    i_focus_out_of_range: "link: focus out of range";
    i_claims_all_verified: "link: a report claiming all verified";
    i_xss_name: "link: XSS in a file name";
    i_xss_annotation: "link: XSS in an annotation";
    i_xss_label: "link: XSS in a label";
    i_xss_env: "link: XSS in Env";
    i_xss_cmd: "link: XSS in Cmd";
    i_xss_history: "link: XSS in history";
    i_xss_ref: "link: XSS in a reference name";
}
