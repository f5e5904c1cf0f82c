//! JSON helpers of the builders: compact bytes and merging extra fields.

use serde_json::{Map, Value};

/// Compact JSON bytes.
pub fn to_json(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap()
}

/// Inserts every field of `extra` into the object `target` (last wins).
pub fn merge(target: &mut Value, extra: &Map<String, Value>) {
    if let Some(obj) = target.as_object_mut() {
        for (k, v) in extra {
            obj.insert(k.clone(), v.clone());
        }
    }
}

/// A JSON document a builder stores: generated from the builder's parts,
/// unless replaced by another value or by exact bytes (which may be invalid JSON).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Doc {
    /// Replaces the generated document.
    pub value: Option<Value>,
    /// Exact bytes (beat `value`).
    pub bytes: Option<Vec<u8>>,
}

impl Doc {
    /// The document in use: `value`, else `generated()`.
    pub fn value_or(&self, generated: impl FnOnce() -> Value) -> Value {
        self.value.clone().unwrap_or_else(generated)
    }

    /// The bytes as stored: `bytes`, else the document in use as compact JSON.
    pub fn bytes_or(&self, generated: impl FnOnce() -> Value) -> Vec<u8> {
        self.bytes
            .clone()
            .unwrap_or_else(|| to_json(&self.value_or(generated)))
    }
}
