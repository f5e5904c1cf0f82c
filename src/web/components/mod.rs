//! The views. Plain functions from the view model to `Html`; every string
//! from the image is rendered as text, and only `http(s)` URLs become links.

mod compare;
mod compare_files;
pub use compare::button as compare_button;
mod copy;
mod efficiency;
mod explain;
mod explorer_layers;
mod files;
mod findings;
mod header;
pub use header::view as header;
mod history;
mod json;
mod layers;
mod long_text;
mod overview;
mod packages;
mod paste;
mod path_history;
mod preview;
mod progress;
mod shell;
mod size_picture;
pub use shell::{drag_overlay, shortcuts_dialog};
mod start;
mod structure;
mod table_box;
mod verdicts;
use table_box::table_box;

use super::msg::{AppMsg, ViewCtx};
use crate::engine::report::Status;
use crate::view_model::compare::{CompareMsg, ComparePhase};
use crate::view_model::format;
use crate::view_model::links::safe_href;
use crate::view_model::state::{Phase, ShareMsg, State, Tab, ViewMsg};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

/// The verification mark of a status.
pub fn mark(s: Option<Status>) -> Html {
    let m = format::mark_text(s);
    html! { <span class={classes!("mark", m.tone)} title={m.title} data-mark={m.title}>{ m.symbol }</span> }
}

/// A link if `url` is http(s), else plain text.
pub fn link_or_text(url: &str) -> Html {
    match safe_href(url) {
        Some(href) => {
            html! { <a href={href} target="_blank" rel="noopener noreferrer nofollow">{ url.to_string() }</a> }
        }
        None => html! { <span>{ url.to_string() }</span> },
    }
}

/// Saves `text` as a file (a `blob:` download; nothing leaves the machine).
pub fn save_text(name: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::new();
    parts.push(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/octet-stream");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = save_blob(name, &blob)?;
    web_sys::Url::revoke_object_url(&url)
}

/// Saves `blob` as a file named `name` (an anchor with `download` on its
/// `blob:` URL); returns the URL, for the caller to revoke.
pub fn save_blob(name: &str, blob: &web_sys::Blob) -> Result<String, JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    Ok(url)
}

/// The banner over a report opened from a share link.
pub fn banner(s: &State) -> Html {
    let Some(dropped) = &s.session.link_dropped else {
        return html! {};
    };
    let mut left_out = Vec::new();
    if dropped.history {
        left_out.push("history".to_string());
    }
    if dropped.annotations {
        left_out.push("annotations and labels".to_string());
    }
    if dropped.documents {
        left_out.push("document bodies".to_string());
    }
    if dropped.messages_truncated {
        left_out.push("the end of long messages".to_string());
    }
    if dropped.findings > 0 {
        left_out.push(format!("{} findings", dropped.findings));
    }
    html! {
        <section class="banner" role="status" data-testid="shared-banner">
            <strong>{ "Shared report — not verified here." }</strong>
            { " This report was shared from another browser; its marks are claims. Drop the image on this page to verify it locally. The link carries no image or file contents" }
            { if dropped.tree { ", and only the paths its findings name" } else { "" } }
            { "." }
            if !left_out.is_empty() {
                <span class="dropped">{ format!(" To fit in the link, it leaves out: {}.", left_out.join(", ")) }</span>
            }
        </section>
    }
}

/// The link just made, ready to copy.
pub fn share_panel(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    let Some(share) = &s.view.made_link else {
        return html! {};
    };
    let note = if share.dropped == crate::engine::share::Dropped::default() {
        String::new()
    } else {
        " Some detail was left out to keep the link short; the page that opens it says what."
            .to_string()
    };
    if share.url.is_empty() {
        return html! {
            <section class="share-panel" aria-label="Share link">
                <p role="alert">{ format!(
                    "This report is too large for a link, even with its detail left out ({} bytes; a link holds at most {}). Use Download report instead.",
                    share.bytes,
                    crate::engine::share::MAX_FRAGMENT
                ) }</p>
                <button class="button ghost" onclick={ctx.on(|_| AppMsg::from(ShareMsg::Close))}>{ "Close" }</button>
            </section>
        };
    }
    html! {
        <section class="share-panel" aria-label="Share link">
            <p>{ format!("Link copied ({} bytes of report in the fragment: it never reaches a server).{note}", share.bytes) }</p>
            <input type="text" readonly=true aria-label="Share link URL" value={share.url.clone()} />
            <button class="button ghost" onclick={ctx.on(|_| AppMsg::from(ShareMsg::Close))}>{ "Close" }</button>
        </section>
    }
}

fn tabs(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    let current = s.view.tab;
    let onkeydown = {
        let send = ctx.send.clone();
        Callback::from(move |e: KeyboardEvent| {
            let idx = Tab::ALL.iter().position(|t| *t == current).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" => Some((idx + 1) % Tab::ALL.len()),
                "ArrowLeft" => Some((idx + Tab::ALL.len() - 1) % Tab::ALL.len()),
                _ => None,
            };
            if let Some(t) = next.and_then(|n| Tab::ALL.get(n)) {
                e.prevent_default();
                send.emit(AppMsg::from(ViewMsg::Tab(*t)));
            }
        })
    };
    let count = |t: Tab| -> String {
        match t {
            Tab::Findings => format!(" ({})", s.session.findings().len()),
            Tab::Layers => s
                .current_image()
                .map(|i| format!(" ({})", i.layers.len()))
                .unwrap_or_default(),
            Tab::Packages => s
                .current_image()
                .map(|i| {
                    let n = i.packages.iter().filter(|p| p.removed_in.is_none()).count();
                    format!(" ({n})")
                })
                .unwrap_or_default(),
            _ => String::new(),
        }
    };
    html! {
        <nav class="tabs" role="tablist" aria-label="Views" {onkeydown}>
        { for Tab::ALL.iter().map(|t| {
            let t = *t;
            let selected = t == current;
            html! {
                <button role="tab" aria-selected={selected.to_string()} tabindex={if selected { "0" } else { "-1" }}
                    class={classes!("tab", selected.then_some("selected"))} data-tab={t.label()}
                    onclick={ctx.on(move |_| AppMsg::from(ViewMsg::Tab(t)))}>
                    { t.label() }{ count(t) }
                </button>
            }
        }) }
        if s.compare.phase != ComparePhase::None {
            <button role="tab" aria-selected={s.compare.shown.to_string()} tabindex={if s.compare.shown { "0" } else { "-1" }}
                class={classes!("tab", s.compare.shown.then_some("selected"))} data-tab="Compare"
                onclick={ctx.on(|_| AppMsg::from(CompareMsg::Show))}>
                { "Compare" }
            </button>
        }
        </nav>
    }
}

/// Everything under the header.
pub fn body(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    if s.session.phase == Phase::Idle && s.compare.shared.is_some() {
        return html! {
            <section class="view" aria-label="Compare">{ compare::view(ctx) }</section>
        };
    }
    if s.session.phase == Phase::Idle {
        return start::view(ctx);
    }
    let view = match s.view.tab {
        _ if s.compare.shown => compare::view(ctx),
        Tab::Overview => overview::view(ctx),
        Tab::Findings => findings::view(ctx),
        Tab::Structure => structure::view(ctx),
        Tab::History => history::view(s),
        Tab::Layers => layers::view(ctx),
        Tab::Files => files::view(ctx),
        Tab::Explain => explain::view(ctx),
        Tab::Packages => packages::view(ctx),
    };
    html! {
        <>
            { progress::view(s) }
            if let Some(e) = &s.session.error {
                <p class="error-alert" role="alert">{ format!("Could not read this file: {e}") }</p>
            }
            <div class="toolbar">{ tabs(ctx) }</div>
            <section class="view" role="tabpanel" aria-label={if s.compare.shown { "Compare" } else { s.view.tab.label() }}>{ view }</section>
            if s.view.tab == Tab::Files {
                { preview::view(ctx) }
            }
        </>
    }
}
