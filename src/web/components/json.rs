//! Pretty-printed JSON in which every digest is a link to that blob's view
//! (as the registry explorer does). Rendered as text nodes only.

use super::super::msg::{AppMsg, ViewCtx};
use super::long_text::LongText;
use crate::engine::model::digest::parse_digest;
use crate::view_model::state::{Target, ViewMsg};
use serde_json::Value;
use yew::prelude::*;

/// Nodes rendered per document at most (a huge config stays responsive).
const MAX_NODES: usize = 5000;

fn is_digest(s: &str) -> bool {
    s.len() >= 71 && parse_digest(s).is_ok()
}

fn scalar(v: &Value, ctx: &ViewCtx<'_>) -> Html {
    match v {
        Value::String(s) if is_digest(s) => {
            let d = s.clone();
            html! { <button class="digest" title="Open this blob" onclick={ctx.on(move |_| AppMsg::from(ViewMsg::Focus(Target::Blob(d.clone()))))}>{ format!("\"{s}\"") }</button> }
        }
        Value::String(s) => html! { <LongText class="j-str" text={format!("{s:?}")} /> },
        Value::Number(n) => html! { <span class="j-num">{ n.to_string() }</span> },
        Value::Bool(b) => html! { <span class="j-bool">{ b.to_string() }</span> },
        Value::Null => html! { <span class="j-null">{ "null" }</span> },
        _ => html! {},
    }
}

fn node(v: &Value, indent: usize, budget: &mut usize, ctx: &ViewCtx<'_>) -> Html {
    if *budget == 0 {
        return html! { <span class="muted">{ "…" }</span> };
    }
    *budget -= 1;
    let pad = "  ".repeat(indent + 1);
    let end_pad = "  ".repeat(indent);
    match v {
        Value::Object(map) if !map.is_empty() => html! {
            <>
                { "{\n" }
                { for map.iter().enumerate().map(|(i, (k, val))| html! {
                    <>
                        { pad.clone() }<span class="j-key">{ format!("{:?}", k) }</span>{ ": " }
                        { node(val, indent + 1, budget, ctx) }
                        { if i + 1 < map.len() { ",\n" } else { "\n" } }
                    </>
                }) }
                { end_pad }{ "}" }
            </>
        },
        Value::Array(items) if !items.is_empty() => html! {
            <>
                { "[\n" }
                { for items.iter().enumerate().map(|(i, val)| html! {
                    <>{ pad.clone() }{ node(val, indent + 1, budget, ctx) }{ if i + 1 < items.len() { ",\n" } else { "\n" } }</>
                }) }
                { end_pad }{ "]" }
            </>
        },
        Value::Object(_) => html! { { "{}" } },
        Value::Array(_) => html! { { "[]" } },
        other => scalar(other, ctx),
    }
}

/// A document as pretty-printed, linked JSON. `v` comes from
/// `Session::documents`, whose secret-looking `Env` values are already
/// masked (once, when the documents entered the session).
pub fn document(v: &Value, ctx: &ViewCtx<'_>) -> Html {
    let mut budget = MAX_NODES;
    html! { <pre class="json">{ node(v, 0, &mut budget, ctx) }</pre> }
}
