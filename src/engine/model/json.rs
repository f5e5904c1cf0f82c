//! Capped, duplicate-key aware JSON parsing.
//!
//! serde_json keeps the *last* of two duplicate keys silently; two tools can
//! then see two different images in the same bytes. This parser builds a
//! [`serde_json::Value`] with its own map visitor and records every duplicate
//! with its JSON path. serde_json's recursion limit (128) stays on.
//!
//! > Implementations … MUST support UTF-8 … Duplicate keys are not allowed
//! > (image-spec `considerations.md`, I-JSON).

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::fmt;

/// A parsed document and the duplicate keys seen in it.
#[derive(Debug, Clone)]
pub struct ParsedJson {
    /// The document (for duplicates, the last value, as serde_json keeps).
    pub value: Value,
    /// `(json path of the object, key)` for every duplicate key.
    pub duplicates: Vec<(String, String)>,
}

/// Why a document could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonProblem {
    /// Not UTF-8, a byte-order mark, or a lone surrogate escape.
    NotUtf8(String),
    /// Not JSON.
    Invalid {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// Nesting deeper than serde_json's recursion limit (128).
    TooDeep,
}

impl fmt::Display for JsonProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonProblem::NotUtf8(m) => write!(f, "not UTF-8: {m}"),
            JsonProblem::Invalid {
                line,
                column,
                message,
            } => write!(f, "invalid JSON at line {line}, column {column}: {message}"),
            JsonProblem::TooDeep => write!(f, "nested deeper than 128 levels"),
        }
    }
}

/// The `found` of a `json.not-utf8` finding for a document that starts with a
/// UTF-8 byte-order mark: Go's `encoding/json` refuses it ("invalid character
/// 'ï' looking for beginning of value").
pub const FOUND_BOM: &str = "a byte-order mark";
/// The `found` of a `json.not-utf8` finding for a document that is JSON once
/// its invalid UTF-8 and lone surrogate escapes are read as U+FFFD: what Go's
/// `encoding/json` does (it "replaces invalid UTF-8 or invalid UTF-16
/// surrogate pairs with the Unicode replacement character U+FFFD"), so every
/// Go reader decodes the document.
pub const FOUND_REPLACED: &str = "bytes Go's encoding/json reads as U+FFFD";
/// The `found` of a `json.invalid` finding for a document that is one JSON
/// value followed by more bytes: `json.Unmarshal` refuses it ("invalid
/// character … after top-level value"), a `json.Decoder` reads the first
/// value and stops.
pub const FOUND_TRAILING: &str = "more bytes after one JSON value";

/// What a `json.not-utf8` or `json.invalid` finding found, for the readers
/// that tell these apart ([`FOUND_BOM`], [`FOUND_REPLACED`],
/// [`FOUND_TRAILING`]); `None` for any other problem.
pub fn found_of(problem: &JsonProblem, bytes: &[u8]) -> Option<&'static str> {
    match problem {
        JsonProblem::NotUtf8(_) if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) => Some(FOUND_BOM),
        JsonProblem::NotUtf8(_) if parses_replaced(bytes) => Some(FOUND_REPLACED),
        JsonProblem::Invalid { .. } if first_value_parses(bytes) => Some(FOUND_TRAILING),
        _ => None,
    }
}

/// Whether `bytes` parse as JSON with invalid UTF-8 and lone surrogate
/// escapes replaced by U+FFFD (in a string that is harmless; outside one it
/// is still not JSON).
fn parses_replaced(bytes: &[u8]) -> bool {
    let mut text = String::from_utf8_lossy(bytes).into_owned().into_bytes();
    let mut from = 0;
    while let Some(at) = lone_surrogate_from(&text, from) {
        if let Some(hex) = text.get_mut(at + 2..at + 6) {
            hex.copy_from_slice(b"FFFD");
        }
        from = at + 6;
    }
    serde_json::from_slice::<serde::de::IgnoredAny>(&text).is_ok()
}

/// Whether `bytes` start with one complete JSON value (whatever follows).
fn first_value_parses(bytes: &[u8]) -> bool {
    // a Value, not IgnoredAny: a number out of range (1e400) is an error only when built
    let mut values = serde_json::Deserializer::from_slice(bytes).into_iter::<Value>();
    matches!(values.next(), Some(Ok(_)))
}

/// Parses `bytes` as one JSON document.
pub fn parse(bytes: &[u8]) -> Result<ParsedJson, JsonProblem> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err(JsonProblem::NotUtf8(
            "starts with a UTF-8 byte-order mark".into(),
        ));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| JsonProblem::NotUtf8(format!("invalid UTF-8 at byte {}", e.valid_up_to())))?;
    if let Some(at) = lone_surrogate(text.as_bytes()) {
        return Err(JsonProblem::NotUtf8(format!(
            "a lone UTF-16 surrogate escape at byte {at}"
        )));
    }
    let duplicates = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let seed = ValueSeed {
        path: "$".to_string(),
        duplicates: &duplicates,
    };
    let value = seed.deserialize(&mut de).map_err(classify)?;
    de.end().map_err(classify)?;
    Ok(ParsedJson {
        value,
        duplicates: duplicates.into_inner(),
    })
}

/// Byte offset of a `\uD800`–`\uDFFF` escape that is not part of a
/// surrogate pair (serde_json accepts some of these silently).
fn lone_surrogate(b: &[u8]) -> Option<usize> {
    lone_surrogate_from(b, 0)
}

/// [`lone_surrogate`] from byte `from` on.
fn lone_surrogate_from(b: &[u8], from: usize) -> Option<usize> {
    let hex = |at: usize| -> Option<u32> {
        let digits = b.get(at..at + 4)?;
        u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    };
    let mut i = from;
    while i < b.len() {
        if b.get(i) != Some(&b'\\') {
            i += 1;
            continue;
        }
        if b.get(i + 1) != Some(&b'u') {
            i += 2;
            continue;
        }
        let Some(u) = hex(i + 2) else {
            i += 2;
            continue;
        };
        match u {
            0xD800..=0xDBFF => {
                let low = (b.get(i + 6) == Some(&b'\\') && b.get(i + 7) == Some(&b'u'))
                    .then(|| hex(i + 8))
                    .flatten();
                if !matches!(low, Some(0xDC00..=0xDFFF)) {
                    return Some(i);
                }
                i += 12;
            }
            0xDC00..=0xDFFF => return Some(i),
            _ => i += 6,
        }
    }
    None
}

fn classify(e: serde_json::Error) -> JsonProblem {
    let message = e.to_string();
    if message.contains("recursion limit") {
        JsonProblem::TooDeep
    } else if message.contains("surrogate") {
        JsonProblem::NotUtf8(message)
    } else {
        JsonProblem::Invalid {
            line: e.line(),
            column: e.column(),
            message,
        }
    }
}

struct ValueSeed<'a> {
    path: String,
    duplicates: &'a RefCell<Vec<(String, String)>>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let seed = ValueSeed {
                path: format!("{}[{}]", self.path, items.len()),
                duplicates: self.duplicates,
            };
            match seq.next_element_seed(seed)? {
                Some(v) => items.push(v),
                None => break,
            }
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let seed = ValueSeed {
                path: format!("{}.{}", self.path, key),
                duplicates: self.duplicates,
            };
            let value = map.next_value_seed(seed)?;
            if out.insert(key.clone(), value).is_some() {
                self.duplicates.borrow_mut().push((self.path.clone(), key));
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_duplicates_at_every_level() {
        let p = parse(br#"{"a":1,"a":2,"b":{"c":[{"d":1,"d":3}]}}"#).unwrap();
        assert_eq!(p.value["a"], 2);
        assert_eq!(
            p.duplicates,
            vec![
                ("$".to_string(), "a".to_string()),
                ("$.b.c[0]".to_string(), "d".to_string())
            ]
        );
    }

    #[test]
    fn classifies_problems() {
        assert!(matches!(
            parse(b"\xEF\xBB\xBF{}"),
            Err(JsonProblem::NotUtf8(_))
        ));
        assert!(matches!(
            parse(b"{\"a\":\"\xff\"}"),
            Err(JsonProblem::NotUtf8(_))
        ));
        assert!(matches!(
            parse(br#"{"a":"\ud800"}"#),
            Err(JsonProblem::NotUtf8(_))
        ));
        assert!(matches!(
            parse(b"{\"a\":"),
            Err(JsonProblem::Invalid { .. })
        ));
        assert!(matches!(parse(b"{} x"), Err(JsonProblem::Invalid { .. })));
        let deep = "[".repeat(10_000);
        assert_eq!(parse(deep.as_bytes()).unwrap_err(), JsonProblem::TooDeep);
    }
}
