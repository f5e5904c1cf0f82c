//! Structure: the index tree with verification marks, and every JSON
//! document of the archive, pretty-printed with linked digests.

use super::super::msg::{AppMsg, ViewCtx};
use super::{json, mark};
use crate::engine::report::{Document, DocumentRole, IndexNode};
use crate::view_model::format;
use crate::view_model::state::{Target, ViewMsg};
use yew::prelude::*;

fn index_node(n: &IndexNode, ctx: &ViewCtx<'_>, focus: Option<&str>) -> Html {
    let digest = n.digest.clone().unwrap_or_default();
    let d2 = digest.clone();
    let focused = focus == Some(digest.as_str());
    html! {
        <li class={classes!("node", n.kind.as_str(), focused.then_some("focused"))}>
            <span class="kind">{ n.kind.as_str() }</span>{ " " }
            <code class="mt">{ n.media_type.clone().unwrap_or_else(|| "(no mediaType)".into()) }</code>{ " " }
            if !digest.is_empty() {
                <button class="digest" onclick={ctx.on(move |_| AppMsg::from(ViewMsg::Focus(Target::Blob(d2.clone()))))}>{ format::short_digest(&digest) }</button>
            }
            { " " }{ n.size.map(format::bytes).unwrap_or_default() }
            if let Some(p) = &n.platform { { " " }<span class="platform">{ p.display() }</span> }
            if !digest.is_empty() { { " digest " }{ mark(n.check.digest_status) }{ " size " }{ mark(n.check.size_status) } }
            if !n.annotations.is_empty() {
                <ul class="annotations">
                { for n.annotations.iter().map(|(k, v)| html! { <li><code>{ k.clone() }</code>{ " = " }{ super::link_or_text(v) }</li> }) }
                </ul>
            }
            if !n.children.is_empty() {
                <ul>{ for n.children.iter().map(|c| index_node(c, ctx, focus)) }</ul>
            }
        </li>
    }
}

fn doc_view(d: &Document, ctx: &ViewCtx<'_>, focus: Option<&str>, status: Html) -> Html {
    let blob_digest = d
        .entry
        .strip_prefix("blobs/")
        .map(|p| p.replacen('/', ":", 1));
    let focused = blob_digest.as_deref().is_some_and(|b| Some(b) == focus);
    html! {
        <details class={classes!("document", focused.then_some("focused"))} open={focused || matches!(d.role, DocumentRole::Index | DocumentRole::ManifestJson)}
            id={blob_digest.clone().unwrap_or_else(|| d.entry.clone())} data-role={d.role.as_str()}>
            <summary>
                <strong>{ d.role.as_str() }</strong>{ " " }<code>{ d.entry.clone() }</code>{ " " }{ status }
            </summary>
            { json::document(&d.content, ctx) }
        </details>
    }
}

/// The structure view.
pub fn view(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    let focus = match &s.view.focus {
        Some(Target::Blob(d)) => Some(d.as_str()),
        _ => None,
    };
    let (index, documents) = s.session.documents();
    // marks for documents: from the index nodes and images
    let status_of = |d: &Document| -> Html {
        let digest = d
            .entry
            .strip_prefix("blobs/")
            .map(|p| p.replacen('/', ":", 1));
        let img = s.session.images().iter().find(|i| {
            digest.is_some() && (i.manifest.digest == digest || i.config.digest == digest)
        });
        match img {
            Some(i) if i.manifest.digest == digest => {
                html! { <>{ "digest " }{ mark(i.manifest.check.digest_status) }{ " size " }{ mark(i.manifest.check.size_status) }</> }
            }
            Some(i) => {
                html! { <>{ "digest " }{ mark(i.config.check.digest_status) }{ " size " }{ mark(i.config.check.size_status) }</> }
            }
            None => html! {},
        }
    };
    let missing_focus = focus.filter(|f| {
        !documents.iter().any(|d| {
            d.entry
                .strip_prefix("blobs/")
                .map(|p| p.replacen('/', ":", 1))
                .as_deref()
                == Some(*f)
        })
    });
    html! {
        <div class="structure">
            if let Some(f) = missing_focus {
                <p class="note">{ format!("Blob {f} is not a JSON document of this archive (a layer, or absent); see the Layers view.") }</p>
            }
            if let Some(root) = index {
                <h2>{ "index.json" }</h2>
                <ul class="index-tree">{ index_node(root, ctx, focus) }</ul>
            }
            <h2>{ "Documents" }</h2>
            { for documents.iter().map(|d| doc_view(d, ctx, focus, status_of(d))) }
        </div>
    }
}
