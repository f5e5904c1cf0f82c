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
