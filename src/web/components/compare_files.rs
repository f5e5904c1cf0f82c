//! The Compare view's files: the compared paths as a tree (directories with
//! the counts below them, open or closed), filterable by path, and the
//! selected path's history in both images, side by side
//! ([`crate::view_model::compare::tree`], [`crate::view_model::path_history`]).

use super::super::msg::{AppMsg, ViewCtx};
use super::path_history;
use crate::engine::diff::Diff;
use crate::engine::report::TreeLayer;
use crate::view_model::compare::tree::{self, TreeRow};
use crate::view_model::compare::{delta_text, CompareMsg};
use crate::view_model::path_history::path_history;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Rows of the files tree rendered at most (the filter and closing narrow the rest).
const MAX_ROWS: usize = 2000;

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

fn row(ctx: &ViewCtx<'_>, r: &TreeRow<'_>, selected: Option<&str>) -> Html {
    match r {
        TreeRow::Dir {
            path,
            name,
            depth,
            open,
            counts,
        } => {
            let dir = path.to_string();
            let onclick = ctx.on(move |_| AppMsg::from(CompareMsg::Toggle(dir.clone())));
            let n = |v: u32, sign: &str| (v > 0).then(|| format!("{sign}{v}"));
            let summary: Vec<String> = [
                n(counts.added, "+"),
                n(counts.removed, "−"),
                n(counts.changed, "~"),
            ]
            .into_iter()
            .flatten()
            .collect();
            html! {
                <tr class="compare-dir" data-dir={path.to_string()} data-open={open.to_string()}>
                    <td class="mono"><span class="indent">{ indent(*depth) }</span>
                        <button class="linkish" aria-expanded={open.to_string()} {onclick}>
                            { if *open { "▾ " } else { "▸ " } }{ format!("{name}/") }
                        </button></td>
                    <td>{ "" }</td><td>{ summary.join(" ") }</td><td>{ "" }</td>
                </tr>
            }
        }
        TreeRow::Path { row, name, depth } => {
            let path = row.path.to_string();
            let is_selected = selected == Some(row.path);
            let onclick = ctx.on(move |_| {
                AppMsg::from(CompareMsg::Select((!is_selected).then(|| path.clone())))
            });
            html! {
                <tr class={classes!("file-change", row.change.as_str(), is_selected.then_some("selected"))}
                    data-path={row.path.to_string()} data-change={row.change.as_str()} aria-selected={is_selected.to_string()}>
                    <td class="mono"><span class="indent">{ indent(*depth) }</span>
                        <button class="linkish" title={format!("/{}", row.path)} {onclick}>{ name.to_string() }</button></td>
                    <td>{ row.change.as_str() }</td>
                    <td>{ row.what.join(", ") }</td><td>{ row.delta.map(delta_text).unwrap_or_default() }</td>
                </tr>
            }
        }
    }
}

fn side_history(label: &str, layers: &[TreeLayer], path: &str) -> Html {
    let refs: Vec<&TreeLayer> = layers.iter().collect();
    let steps = path_history(&refs, path);
    html! {
        <div class="compare-history-side" data-side={label.to_lowercase()}>
            <h4>{ format!("Image {label}") }</h4>
            if steps.is_empty() {
                <p class="muted">{ "No layer of this image has an entry at this path." }</p>
            } else {
                { path_history::table(&steps) }
            }
        </div>
    }
}

/// The selected path's history in both images.
fn history(ctx: &ViewCtx<'_>) -> Html {
    let Some(sel) = &ctx.state.compare.selected else {
        return html! {};
    };
    let close = ctx.on(|_| AppMsg::from(CompareMsg::Select(None)));
    html! {
        <section class="path-history compare-history" aria-label="Path history in both images" data-testid="compare-history" data-path={sel.path.clone()}>
            <h3>{ "History of " }<code>{ format!("/{}", sel.path) }</code>
                <button class="linkish" onclick={close} aria-label="Close the path history">{ "×" }</button></h3>
            { match &sel.layers {
                None => html! { <p class="muted">{ "Reading both images' layers…" }</p> },
                Some(l) => html! {
                    <div class="compare-history-sides">
                        { side_history("A", &l.0, &sel.path) }
                        { side_history("B", &l.1, &sel.path) }
                    </div>
                },
            } }
        </section>
    }
}

/// The files section of the Compare view.
pub fn view(ctx: &ViewCtx<'_>, d: &Diff) -> Html {
    let c = &ctx.state.compare;
    let oninput = ctx.on(|e: InputEvent| {
        let input: Option<HtmlInputElement> = e.target().and_then(|t| t.dyn_into().ok());
        AppMsg::from(CompareMsg::Filter(
            input.map(|i| i.value()).unwrap_or_default(),
        ))
    });
    let rows = tree::rows(d, &c.order, &c.filter, &c.closed);
    let shown = rows.len().min(MAX_ROWS);
    let selected = c.selected.as_ref().map(|s| s.path.as_str());
    html! {
        <>
            <h2>{ format!("Files ({} added, {} removed, {} changed)", d.files.added.len(), d.files.removed.len(), d.files.changed.len()) }</h2>
            <input type="search" class="compare-filter" placeholder="Filter paths" aria-label="Filter compared paths" value={c.filter.clone()} {oninput} />
            if shown < rows.len() {
                <p>{ format!("{shown} of {} rows shown: filter or close directories to narrow.", rows.len()) }</p>
            }
            <table class="compare-files">
                <thead><tr><th>{ "path" }</th><th>{ "change" }</th><th>{ "what" }</th><th>{ "bytes" }</th></tr></thead>
                <tbody>
                { for rows.iter().take(shown).map(|r| row(ctx, r, selected)) }
                </tbody>
            </table>
            { history(ctx) }
        </>
    }
}
