//! The text targets: share links and pasted error messages.

use ocilens::engine::errors;
use ocilens::engine::share;

/// A fragment decoded as a report link and as a comparison link. A report
/// that decodes re-encodes to a link that decodes.
pub fn share_link(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = share::diff_link::is_diff_link(&text);
    let _ = share::diff_link::decode(&text);
    match share::decode(&text) {
        Ok(shared) => {
            let (again, _) = share::encode(&shared.report, shared.focus.as_ref());
            if let Err(e) = share::decode(&again) {
                panic!("a decoded report re-encodes to a link that fails: {e:?}");
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// A pasted error message through the matcher.
pub fn explain_error(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = errors::matcher::normalise(&text);
    let (hits, _scan) = errors::find(&text);
    let explained = errors::explain(&text);
    assert_eq!(
        hits.len(),
        explained.matches.len(),
        "find and explain disagree"
    );
    let json = serde_json::to_string(&explained);
    assert!(json.is_ok(), "explanation does not serialise");
}
