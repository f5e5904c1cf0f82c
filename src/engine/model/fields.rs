//! Lenient field access: every missing or mistyped field becomes a `json`
//! finding and reading goes on with what is there.

use crate::engine::finding::{Code, Finding, Location};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Largest integer a JSON number can carry exactly (2^53 − 1).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Reads fields of one document, collecting findings.
pub struct Fields<'a> {
    /// Where the findings go.
    pub findings: &'a mut Vec<Finding>,
    /// Location of the document (entry, blob).
    pub location: Location,
    /// A short name for messages (`index.json`, `manifest sha256:…`).
    pub document: String,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Fields<'_> {
    fn at(&self, path: &str) -> Location {
        self.location.clone().with_path(path)
    }

    /// Records a missing required field.
    pub fn missing(&mut self, path: &str) {
        let f = Finding::new(
            Code::JsonMissingField,
            self.at(path),
            format!("{}: required field `{path}` is missing", self.document),
        );
        self.findings.push(f);
    }

    /// Records a field of the wrong type.
    pub fn wrong_type(&mut self, path: &str, expected: &str, found: &Value) {
        let f = Finding::new(
            Code::JsonWrongType,
            self.at(path),
            format!(
                "{}: `{path}` should be {expected} but is {}",
                self.document,
                type_name(found)
            ),
        )
        .expected_found(expected, type_name(found));
        self.findings.push(f);
    }

    /// A string field.
    pub fn string(
        &mut self,
        obj: &Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<String> {
        let p = format!("{path}.{key}");
        match obj.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                self.wrong_type(&p, "a string", other);
                None
            }
            None => {
                if required {
                    self.missing(&p);
                }
                None
            }
        }
    }

    /// A non-negative integer field (sizes, schemaVersion).
    pub fn integer(
        &mut self,
        obj: &Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<u64> {
        let p = format!("{path}.{key}");
        match obj.get(key) {
            Some(Value::Number(n)) => match n.as_u64() {
                Some(v) if v <= MAX_SAFE_INTEGER => Some(v),
                _ => {
                    let f = Finding::new(
                        Code::JsonBadNumber,
                        self.at(&p),
                        format!(
                            "{}: `{p}` is {n}, not a non-negative integer ≤ 2^53−1",
                            self.document
                        ),
                    )
                    .expected_found("a non-negative integer", n.to_string());
                    self.findings.push(f);
                    None
                }
            },
            Some(other) => {
                self.wrong_type(&p, "a number", other);
                None
            }
            None => {
                if required {
                    self.missing(&p);
                }
                None
            }
        }
    }

    /// An array field; `null` or another type is reported.
    pub fn array<'v>(
        &mut self,
        obj: &'v Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<&'v Vec<Value>> {
        let p = format!("{path}.{key}");
        match obj.get(key) {
            Some(Value::Array(a)) => Some(a),
            // Go writes `null` for an empty optional slice (buildah's `"Env": null`).
            Some(Value::Null) if !required => None,
            Some(other) => {
                self.wrong_type(&p, "an array", other);
                None
            }
            None => {
                if required {
                    self.missing(&p);
                }
                None
            }
        }
    }

    /// An object field.
    pub fn object<'v>(
        &mut self,
        obj: &'v Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<&'v Map<String, Value>> {
        let p = format!("{path}.{key}");
        match obj.get(key) {
            Some(Value::Object(o)) => Some(o),
            Some(Value::Null) if !required => None,
            Some(other) => {
                self.wrong_type(&p, "an object", other);
                None
            }
            None => {
                if required {
                    self.missing(&p);
                }
                None
            }
        }
    }

    /// An array of strings; non-strings are reported and skipped.
    pub fn strings(
        &mut self,
        obj: &Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
    ) -> Vec<String> {
        let p = format!("{path}.{key}");
        let mut out = Vec::new();
        if let Some(items) = self.array(obj, path, key, required) {
            for (i, v) in items.iter().enumerate() {
                match v {
                    Value::String(s) => out.push(s.clone()),
                    other => self.wrong_type(&format!("{p}[{i}]"), "a string", other),
                }
            }
        }
        out
    }

    /// `annotations` (or `Labels`): a string-to-string map.
    pub fn annotations(
        &mut self,
        obj: &Map<String, Value>,
        path: &str,
        key: &str,
    ) -> BTreeMap<String, String> {
        let p = format!("{path}.{key}");
        let mut out = BTreeMap::new();
        match obj.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (k, v) in map {
                    match v {
                        Value::String(s) => {
                            out.insert(k.clone(), s.clone());
                        }
                        other => {
                            let f = Finding::new(
                                Code::JsonBadAnnotation,
                                self.at(&format!("{p}.{k}")),
                                format!(
                                    "{}: annotation `{k}` is {}, not a string",
                                    self.document,
                                    type_name(other)
                                ),
                            );
                            self.findings.push(f);
                        }
                    }
                }
            }
            Some(other) => {
                let f = Finding::new(
                    Code::JsonBadAnnotation,
                    self.at(&p),
                    format!(
                        "{}: `{p}` is {}, not a map of strings",
                        self.document,
                        type_name(other)
                    ),
                );
                self.findings.push(f);
            }
        }
        out
    }
}
