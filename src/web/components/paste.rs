//! The "Paste your error" box: on the start page, and above the Findings
//! with an image loaded, where it points at this image's findings that
//! explain the message (links to `#/findings/<code>`). Renders
//! [`crate::view_model::paste`]; the pasted text is shown only as the
//! textarea's own value, never as markup, and never leaves page memory.

use super::super::msg::{AppMsg, ViewCtx};
use super::link_or_text;
use crate::engine::errors::{InImage, Match};
use crate::engine::finding::Code;
use crate::view_model::paste::{explain_paste, finding_href, MAX_PASTE};
use crate::view_model::state::ShellMsg;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// The most findings listed under one message.
const MAX_LISTED: usize = 8;

fn value_of(e: &InputEvent) -> String {
    e.target()
        .and_then(|t| js_sys::Reflect::get(&t, &JsValue::from_str("value")).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// The box and its answer. `heading` is the heading level (`h2` on the
/// start page, `h3` in the Findings view).
pub fn panel(ctx: &ViewCtx<'_>, heading: &'static str) -> Html {
    let s = ctx.state;
    let text = s.shell.pasted.clone();
    let report = s.session.report.as_deref();
    let answer = explain_paste(&text, report);
    let oninput = ctx.on(|e: InputEvent| AppMsg::from(ShellMsg::Paste(value_of(&e))));
    let hint = if report.is_some() {
        "Paste the message a tool printed when it refused this image; the findings of this image that cause it are pointed at."
    } else {
        "docker, containerd/ctr, podman, skopeo, buildah, umoci, crane, k3s, trivy, dive: paste what the tool printed, and see what in an image causes it. The text stays on this page: it is not put in the URL or in share links."
    };
    html! {
        <section class="paste-error" aria-label="Paste your error" data-testid="paste-panel">
            <@{heading}>{ "Paste your error" }</@>
            <p class="small muted">{ hint }</p>
            <textarea class="paste-box" aria-label="Paste your error" data-testid="paste-error" rows="4"
                spellcheck="false" placeholder="e.g. Unknown media type during manifest conversion: …"
                value={text} {oninput} />
            <div class="paste-results" data-testid="paste-results" role="status" aria-live="polite">
            if let Some(p) = answer {
                if p.clipped {
                    <p class="small muted">{ format!("Only the first {} KiB of the text were read.", MAX_PASTE / 1024) }</p>
                }
                if let Some(advice) = &p.answer.advice {
                    <p class="not-recognised" data-testid="paste-not-recognised">{ advice.clone() }</p>
                }
                { for p.answer.matches.iter().map(|m| one_match(ctx, m)) }
            }
            </div>
        </section>
    }
}

/// A code: a link to its card when this image has findings with it.
pub(super) fn code_link(ctx: &ViewCtx<'_>, code: Code) -> Html {
    let present = ctx.state.session.findings().iter().any(|f| f.code == code);
    if present {
        html! { <a class="finding-link" href={finding_href(code)} data-code={code.as_str()}>{ code.as_str() }</a> }
    } else {
        html! { <code>{ code.as_str() }</code> }
    }
}

fn one_match(ctx: &ViewCtx<'_>, m: &Match) -> Html {
    let applies = m.in_image.as_ref().map(|i| i.applies);
    html! {
        <article class={classes!("paste-match", applies.map(|a| if a { "applies" } else { "none-applies" }))}
            data-entry={m.id.clone()}>
            <p><strong>{ m.tool.clone() }</strong>{ ": " }<code class="quoted">{ m.message.clone() }</code></p>
            <p class="explanation">{ m.explanation.clone() }</p>
            if !m.codes.is_empty() {
                <p class="small">{ "Caused by: " }
                    { for m.codes.iter().enumerate().map(|(i, c)| html! { <>{ if i > 0 { ", " } else { "" } }{ code_link(ctx, *c) }</> }) }
                </p>
            }
            { match &m.in_image {
                Some(i) => in_image(ctx, i, &m.other_causes),
                None => html! { <p class="small">{ format!("What else causes it: {}", m.other_causes) }</p> },
            } }
            <p class="small muted">{ "Source: " }{ link_or_text(&m.source) }</p>
        </article>
    }
}

fn in_image(ctx: &ViewCtx<'_>, i: &InImage, other: &str) -> Html {
    if !i.applies {
        return html! {
            <p class="in-image none" data-testid="paste-none-applies">
                { format!("None of this image's findings explains it. What else causes it: {other}") }
            </p>
        };
    }
    let more = i.findings.len().saturating_sub(MAX_LISTED);
    html! {
        <div class="in-image" data-testid="paste-in-image">
            <p><strong>{ "In this image:" }</strong></p>
            <ul>
                { for i.findings.iter().take(MAX_LISTED).map(|p| html! {
                    <li data-code={p.code.as_str()}>{ code_link(ctx, p.code) }{ " " }<span class="message">{ p.message.clone() }</span></li>
                }) }
                if more > 0 { <li class="muted">{ format!("and {more} more") }</li> }
                { for i.facts.iter().map(|f| html! { <li class="fact">{ f.clone() }</li> }) }
            </ul>
        </div>
    }
}
