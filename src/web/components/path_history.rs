//! The selected path's history: every layer that touched it (added,
//! modified, removed by a whiteout, hidden by an opaque directory), with
//! size, mode, owner and what changed at each step
//! ([`crate::view_model::path_history`]).

use super::super::msg::{AppMsg, ViewCtx};
use crate::view_model::format;
use crate::view_model::path_history::{Diff, Event, Step};
use crate::view_model::state::{ExploreMsg, ViewMsg};
use yew::prelude::*;

fn event(e: &Event) -> (&'static str, String) {
    match e {
        Event::Added => ("added", "added".into()),
        Event::Modified => ("modified", "modified".into()),
        Event::Removed { by } => ("removed", format!("removed by the whiteout of /{by}")),
        Event::Hidden { dir } => ("removed", format!("hidden by opaque directory /{dir}")),
        Event::Replaced { parent } => ("removed", format!("removed: /{parent} replaced")),
        Event::Opaqued => ("modified", "made opaque (lower contents hidden)".into()),
    }
}

fn diff(d: &Diff) -> String {
    let parts: Vec<&str> = [
        (d.kind, "type"),
        (d.content, "content"),
        (d.mode, "mode"),
        (d.owner, "owner"),
        (d.link, "link target"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, w)| *w)
    .collect();
    if parts.is_empty() {
        "same bytes and metadata (mtime only)".into()
    } else {
        parts.join(", ")
    }
}

/// One step as a table row.
pub fn step(s: &Step) -> Html {
    let (class, what) = event(&s.event);
    let n = &s.node;
    let hash = n
        .hash
        .map(|h| hex::encode(h).chars().take(8).collect::<String>())
        .unwrap_or_default();
    html! {
        <tr data-layer={s.layer.to_string()} data-event={class}>
            <td>{ s.layer }</td>
            <td class={class}>{ what }</td>
            <td>{ format::mode(n.kind, n.mode) }</td>
            <td>{ format!("{}:{}", n.uid, n.gid) }</td>
            <td data-bytes={n.size.to_string()}>{ format::bytes(n.size) }</td>
            <td><code title="xxh3-128 of the content (first 8 hex digits)">{ hash }</code></td>
            <td>{ if matches!(s.event, Event::Modified) { diff(&s.diff) } else { String::new() } }</td>
        </tr>
    }
}

/// The steps as a table.
pub fn table(steps: &[Step]) -> Html {
    html! {
        <table class="history">
            <thead><tr><th>{ "Layer" }</th><th>{ "What" }</th><th>{ "Mode" }</th><th>{ "uid:gid" }</th><th>{ "Size" }</th><th>{ "Content" }</th><th>{ "Changed" }</th></tr></thead>
            <tbody>{ for steps.iter().map(step) }</tbody>
        </table>
    }
}

/// The history panel, when a path is selected.
pub fn view(ctx: &ViewCtx<'_>) -> Html {
    let Some((path, steps)) = ctx.state.view.files.selected() else {
        return html! {};
    };
    let close = ctx.on(|_| AppMsg::from(ViewMsg::Explore(ExploreMsg::Select(None))));
    html! {
        <section class="path-history" aria-label="Path history" data-testid="path-history" data-path={path.to_string()}>
            <h3>{ "History of " }<code>{ format!("/{path}") }</code>
                <button class="linkish" onclick={close} aria-label="Close the path history">{ "×" }</button></h3>
            if steps.is_empty() {
                <p class="muted">{ "No layer has an entry at this path (a directory only implied by its contents)." }</p>
            } else {
                { table(steps) }
            }
        </section>
    }
}
