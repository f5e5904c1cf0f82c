//! Links handed out keep opening: `tests/share/v1-links.txt` holds version 1
//! links written by the hand-written compact form this module replaced (one
//! a line: what it is, a tab, the fragment). Each must decode, and writing
//! the decoded link again must give its JSON byte for byte, so the generated
//! form is the version 1 form, key for key and in the same order.

use super::compact::SharedDef;
use super::{decode, Dropped, Focus};

const LINKS: &str = include_str!("../../../tests/share/v1-links.txt");

fn payload(fragment: &str) -> Vec<u8> {
    use base64::Engine as _;
    let b64 = fragment.strip_prefix("r=1.").expect("a version 1 link");
    let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(b64)
        .expect("base64url");
    miniz_oxide::inflate::decompress_to_vec_zlib(&packed).expect("zlib")
}

#[test]
fn version_1_links_decode_and_write_back_byte_for_byte() {
    let mut seen = Dropped::default();
    let mut focuses = [false; 4];
    for line in LINKS.lines() {
        let (what, fragment) = line.split_once('\t').expect("what, tab, fragment");
        let shared = decode(fragment).unwrap_or_else(|e| panic!("{what}: {e}"));
        let mut json = Vec::new();
        SharedDef::serialize(&shared, &mut serde_json::Serializer::new(&mut json))
            .expect("serializes");
        let old = payload(fragment);
        assert!(
            json == old,
            "{what}: written again, the link differs:\n new: {}\n old: {}",
            String::from_utf8_lossy(&json),
            String::from_utf8_lossy(&old)
        );
        let d = &shared.dropped;
        seen.tree |= d.tree;
        seen.history |= d.history;
        seen.annotations |= d.annotations;
        seen.documents |= d.documents;
        seen.messages_truncated |= d.messages_truncated;
        seen.findings = seen.findings.max(d.findings);
        let k = match shared.focus {
            None => 0,
            Some(Focus::Finding(_)) => 1,
            Some(Focus::Layer { .. }) => 2,
            Some(Focus::Path { .. }) => 3,
        };
        focuses[k] = true;
        println!("{what}: {d:?}");
    }
    // the stored links cover every drop step and every kind of focus
    assert!(seen.tree && seen.history && seen.annotations && seen.documents);
    assert!(seen.messages_truncated && seen.findings > 0, "{seen:?}");
    assert_eq!(focuses, [true; 4]);
}
