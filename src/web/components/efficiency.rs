//! The Overview's efficiency summary: score, total, final and wasted bytes,
//! wasted bytes by kind with the fix for each, the largest wasted copies and
//! the duplicates. Renders [`crate::view_model::overview::efficiency::Summary`];
//! every waste number links to docs/efficiency.md. Exact byte counts are in
//! `data-bytes` (the e2e test compares them with the CLI's JSON).

use super::super::msg::{AppMsg, ViewCtx};
use super::table_box;
use crate::engine::report::WasteItem;
use crate::view_model::format;
use crate::view_model::overview::efficiency::{fix, Summary};
use crate::view_model::state::{Target, ViewMsg};
use yew::prelude::*;

fn amount(id: &str, bytes: u64) -> Html {
    html! { <dd data-testid={id.to_string()} data-bytes={bytes.to_string()} title={format!("{bytes} bytes")}>{ format::bytes(bytes) }</dd> }
}

/// The summary.
pub fn view(ctx: &ViewCtx<'_>, e: &Summary) -> Html {
    let doc = e.doc.clone();
    html! {
        <section class="efficiency" aria-label="Efficiency" data-testid="efficiency">
            <h2>{ "Efficiency" }</h2>
            <p class="muted">
                { "Bytes of regular files in the layers, and how many of them the container can see. " }
                <a href={doc.clone()} data-testid="efficiency-doc">{ "How waste is counted" }</a>
            </p>
            <dl class="facts">
                <dt>{ "Score (final ÷ total)" }</dt>
                <dd data-testid="eff-score" data-score={e.score.to_string()}><strong>{ e.score_text.clone() }</strong></dd>
                <dt>{ "Total, all layers" }</dt>{ amount("eff-total", e.total_bytes) }
                <dt>{ "Final file system" }</dt>{ amount("eff-final", e.final_bytes) }
                <dt><a href={doc.clone()}>{ "Wasted" }</a></dt>{ amount("eff-wasted", e.wasted_bytes) }
                if !e.by_kind.is_empty() {
                    <dt>{ "Wasted, by kind" }</dt>
                    <dd>
                        <ul class="by-kind" data-testid="eff-by-kind">
                        { for e.by_kind.iter().map(|(k, b)| html! {
                            <li data-kind={k.as_str()} data-bytes={b.to_string()}>
                                <code>{ k.as_str() }</code>{ " " }<strong>{ format::bytes(*b) }</strong>
                                <span class="muted">{ format!(" — {}", fix(*k)) }</span>
                            </li>
                        }) }
                        </ul>
                    </dd>
                }
                <dt>{ "Duplicates" }</dt>
                <dd data-testid="eff-duplicates" data-groups={e.duplicates_total.to_string()} data-bytes={e.duplicate_bytes.to_string()}>
                    { if e.duplicates_total == 0 {
                        "none".to_string()
                    } else {
                        format!("{} group(s) of identical files; one copy each would save {}", e.duplicates_total, format::bytes(e.duplicate_bytes))
                    } }
                </dd>
            </dl>
            { items(ctx, e) }
            { duplicates(e) }
        </section>
    }
}

fn item(ctx: &ViewCtx<'_>, w: &WasteItem) -> Html {
    let (layer, by, path) = (w.layer, w.by_layer, w.path.clone());
    let at = Target::Path(Some(layer), path.clone());
    html! {
        <tr data-path={path.clone()} data-bytes={w.bytes.to_string()} data-kind={w.kind.as_str()} data-layer={layer.to_string()} data-by-layer={by.to_string()}>
            <td><button class="linkish" onclick={ctx.on(move |_| AppMsg::from(ViewMsg::Focus(at.clone())))}><code>{ path }</code></button></td>
            <td>{ format::bytes(w.bytes) }</td>
            <td><code>{ w.kind.as_str() }</code></td>
            <td><button class="linkish" onclick={ctx.on(move |_| AppMsg::from(ViewMsg::Focus(Target::Layer(layer))))}>{ format!("#{layer}") }</button></td>
            <td><button class="linkish" onclick={ctx.on(move |_| AppMsg::from(ViewMsg::Focus(Target::Layer(by))))}>{ format!("#{by}") }</button></td>
        </tr>
    }
}

fn items(ctx: &ViewCtx<'_>, e: &Summary) -> Html {
    if e.items_total == 0 {
        return html! {};
    }
    if !e.items_listed {
        return html! { <p class="muted">{ format!("{} wasted copies; a share link does not list them.", e.items_total) }</p> };
    }
    html! {
        <>
            <h3>{ format!("Largest wasted copies ({} of {})", e.items.len(), e.items_total) }</h3>
            { table_box("Largest wasted copies", html! {
                <table class="waste-items" data-testid="eff-items">
                    <thead><tr><th>{ "Path" }</th><th>{ "Size" }</th><th>{ "Kind" }</th><th>{ "In layer" }</th><th>{ "Hidden by layer" }</th></tr></thead>
                    <tbody>{ for e.items.iter().map(|w| item(ctx, w)) }</tbody>
                </table>
            }) }
        </>
    }
}

fn duplicates(e: &Summary) -> Html {
    if e.duplicates.is_empty() {
        return html! {};
    }
    html! {
        <>
            <h3>{ format!("Duplicates ({} of {} groups)", e.duplicates.len(), e.duplicates_total) }</h3>
            { table_box("Duplicates", html! {
                <table class="duplicates" data-testid="eff-dups">
                    <thead><tr><th>{ "Size of one copy" }</th><th>{ "Copies" }</th><th>{ "Paths" }</th></tr></thead>
                    <tbody>
                    { for e.duplicates.iter().map(|d| html! {
                        <tr data-bytes={d.bytes.to_string()} data-paths={d.paths_total.to_string()}>
                            <td>{ format::bytes(d.bytes) }</td>
                            <td>{ d.paths_total }</td>
                            <td>{ for d.paths.iter().take(3).enumerate().map(|(i, p)| html! { <>{ if i > 0 { ", " } else { "" } }<code>{ p.clone() }</code></> }) }
                                { if d.paths_total > 3 { format!(" and {} more", d.paths_total - 3) } else { String::new() } }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            }) }
        </>
    }
}
