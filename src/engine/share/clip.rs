//! The limits of the link format, applied whatever the drop level: strings
//! cut to [`MAX_STRING`] bytes, arrays and objects to [`MAX_ITEMS`] items,
//! document bodies to [`DOC_DEPTH`] levels and the index tree to
//! [`INDEX_DEPTH`] levels; and the helpers the drop steps use to strip
//! annotations and reduce document bodies.

use super::{DOC_DEPTH, ELLIPSIS, INDEX_DEPTH, MAX_ITEMS, MAX_STRING};
use crate::engine::report::IndexNode;
use serde_json::Value;

/// `s` cut to at most [`MAX_STRING`] bytes at a character boundary, ending in `…` when cut.
pub(super) fn clip_string(s: &mut String) {
    if s.len() <= MAX_STRING {
        return;
    }
    let mut end = MAX_STRING - ELLIPSIS.len_utf8();
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s.push(ELLIPSIS);
}

/// `s` cut to at most `n` characters, the last being `…` when cut.
pub(super) fn clip_chars(s: &mut String, n: usize) {
    if n == 0 || s.chars().count() <= n {
        return;
    }
    let end = s.char_indices().nth(n - 1).map_or(s.len(), |(i, _)| i);
    s.truncate(end);
    s.push(ELLIPSIS);
}

pub(super) fn short(s: &str, n: usize) -> String {
    let mut s = s.to_string();
    clip_chars(&mut s, n);
    s
}

/// Strings, arrays and objects of `v` cut to the link limits.
pub(super) fn clip_value(v: &mut Value) {
    match v {
        Value::String(s) => clip_string(s),
        Value::Array(a) => {
            a.truncate(MAX_ITEMS);
            a.iter_mut().for_each(clip_value);
        }
        Value::Object(m) => {
            if m.len() > MAX_ITEMS || m.keys().any(|k| k.len() > MAX_STRING) {
                let old = std::mem::take(m);
                for (mut k, x) in old.into_iter().take(MAX_ITEMS) {
                    clip_string(&mut k);
                    m.insert(k, x);
                }
            }
            m.values_mut().for_each(clip_value);
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Arrays and objects deeper than [`DOC_DEPTH`] replaced by `"…"`.
pub(super) fn clip_depth(v: &mut Value, depth: usize) {
    let container = matches!(v, Value::Array(_) | Value::Object(_));
    if container && depth >= DOC_DEPTH {
        *v = Value::String(ELLIPSIS.to_string());
        return;
    }
    match v {
        Value::Array(a) => a.iter_mut().for_each(|x| clip_depth(x, depth + 1)),
        Value::Object(m) => m.values_mut().for_each(|x| clip_depth(x, depth + 1)),
        _ => {}
    }
}

/// Members named `annotations`, `Labels` or `Env` removed at any depth.
pub(super) fn strip_annotations(v: &mut Value) {
    match v {
        Value::Array(a) => a.iter_mut().for_each(strip_annotations),
        Value::Object(m) => {
            for k in ["annotations", "Labels", "Env"] {
                m.remove(k);
            }
            m.values_mut().for_each(strip_annotations);
        }
        _ => {}
    }
}

/// A body reduced to its top-level scalar members.
pub(super) fn reduce_body(v: &mut Value) {
    match v {
        Value::Object(m) => m.retain(|_, x| !matches!(x, Value::Array(_) | Value::Object(_))),
        _ => *v = Value::Null,
    }
}

/// The index tree cut, in place, to [`INDEX_DEPTH`] levels and [`MAX_ITEMS`]
/// nodes in preorder (`budget` counts the nodes still allowed).
pub(super) fn prune_index(n: &mut IndexNode, depth: usize, budget: &mut usize) {
    *budget = budget.saturating_sub(1);
    if depth >= INDEX_DEPTH {
        n.children.clear();
        return;
    }
    let mut kept = 0;
    for c in &mut n.children {
        if *budget == 0 {
            break;
        }
        prune_index(c, depth + 1, budget);
        kept += 1;
    }
    n.children.truncate(kept);
}

pub(super) fn strip_node_annotations(n: &mut IndexNode) {
    // without recursion, whatever the depth
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        n.annotations.clear();
        stack.extend(n.children.iter_mut());
    }
}
