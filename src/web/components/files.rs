//! The layer explorer's file tree (the Files view): the layers on the left
//! ([`super::explorer_layers`]), the tree on the right, merged up to the
//! selected layer or only its changes, filterable by path, minimum size,
//! "only changes" and "only wasted", sorted by name or size, virtualised
//! (only the rows in view are in the DOM, so 200 000 entries scroll), and
//! the selected path's history below ([`super::path_history`]). The
//! viewport itself (rows, window, scroll) is the view model's
//! [`Files`](crate::view_model::state::Files).

use super::super::msg::{AppMsg, ViewCtx};
use super::explorer_layers::{self, waste_doc_link};
use super::path_history;
use crate::engine::share;
use crate::engine::tree::entry::{Change, Kind, LayerEntry};
use crate::view_model::explorer::{CHANGED, WASTED};
use crate::view_model::format;
use crate::view_model::state::{ExploreMsg, PreviewMsg, Target, TreeMode, ViewMsg};
use crate::view_model::tree_rows::{Row, SortBy};
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn indent(depth: u32) -> String {
    "  ".repeat(depth as usize)
}

/// The value of the input or select an event came from.
fn value_of(e: &Event) -> String {
    let t = e.target();
    t.as_ref()
        .and_then(|t| t.dyn_ref::<web_sys::HtmlInputElement>())
        .map(|i| i.value())
        .or_else(|| {
            t.as_ref()
                .and_then(|t| t.dyn_ref::<web_sys::HtmlSelectElement>())
                .map(|s| s.value())
        })
        .unwrap_or_default()
}

/// Whether the checkbox an event came from is checked.
fn checked(e: &Event) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

fn explore(m: ExploreMsg) -> AppMsg {
    AppMsg::from(ViewMsg::Explore(m))
}

/// The tree chooser (merged, up to a layer, a layer's changes).
fn tree_select(ctx: &ViewCtx<'_>, layer_count: usize) -> Html {
    let mode = ctx.state.view.files.mode();
    let onmode = ctx.on(|e: Event| {
        let v = value_of(&e);
        AppMsg::from(ViewMsg::TreeMode(
            match v.strip_prefix("upto-").and_then(|l| l.parse::<u32>().ok()) {
                Some(l) => TreeMode::Upto(l),
                None => v.parse::<u32>().map_or(TreeMode::Merged, TreeMode::Layer),
            },
        ))
    });
    html! {
        <label>{ "Show " }
            <select aria-label="Tree" onchange={onmode}>
                <option value="merged" selected={mode == TreeMode::Merged}>{ "merged file system" }</option>
                { for (0..layer_count).map(|l| l as u32).map(|l| html! { <>
                    <option value={format!("upto-{l}")} selected={mode == TreeMode::Upto(l)}>{ format!("up to layer {l}") }</option>
                    <option value={l.to_string()} selected={mode == TreeMode::Layer(l)}>{ format!("layer {l} changes") }</option>
                </> }) }
            </select>
        </label>
    }
}

/// The tree chooser, the view, the filters, the sort and the row count.
fn controls(ctx: &ViewCtx<'_>, layer_count: usize, total: usize) -> Html {
    let files = &ctx.state.view.files;
    let f = files.filters();
    let oninput = ctx.on(|e: InputEvent| AppMsg::from(ViewMsg::Filter(value_of(&e))));
    let onmin = ctx.on(|e: InputEvent| explore(ExploreMsg::MinSize(value_of(&e))));
    let onchanges = ctx.on(|e: Event| explore(ExploreMsg::OnlyChanges(checked(&e))));
    let onwasted = ctx.on(|e: Event| explore(ExploreMsg::OnlyWasted(checked(&e))));
    let onsort = ctx.on(|e: Event| {
        explore(ExploreMsg::Sort(if value_of(&e) == "size" {
            SortBy::Size
        } else {
            SortBy::Name
        }))
    });
    let view_button = |on: bool, label: &'static str| {
        let onclick = ctx.on(move |_| explore(ExploreMsg::ChangesView(on)));
        html! { <button class="toggle" aria-pressed={(files.changes_view() == on).to_string()} {onclick}>{ label }</button> }
    };
    let bad_size = f.min_size().is_none();
    html! {
        <div class="files-controls">
            <input type="search" class="filter" placeholder="Filter by path" aria-label="Filter by path" value={files.filter().to_string()} {oninput} />
            <span class="view-toggle" role="group" aria-label="Tree view">
                { view_button(false, "merged up to the layer") }{ view_button(true, "only its changes") }
            </span>
            { tree_select(ctx, layer_count) }
            <label>{ "Min size " }
                <input type="text" class={classes!("min-size", bad_size.then_some("invalid"))} size="7" placeholder="e.g. 1M" aria-label="Minimum size"
                    aria-invalid={bad_size.to_string()} value={f.min_size_text.clone()} oninput={onmin} />
            </label>
            if bad_size { <span class="note" role="status">{ "not a size: try 1048576, 512K, 1.5MiB or 20MB" }</span> }
            <label><input type="checkbox" aria-label="Only changes" checked={f.only_changes} onchange={onchanges} />{ " only changes" }</label>
            <label><input type="checkbox" aria-label="Only wasted" checked={f.only_wasted} onchange={onwasted} />{ " only wasted " }{ waste_doc_link() }</label>
            <label>{ "Sort " }
                <select aria-label="Sort" onchange={onsort}>
                    <option value="name" selected={f.sort == SortBy::Name}>{ "by name" }</option>
                    <option value="size" selected={f.sort == SortBy::Size}>{ "by size" }</option>
                </select>
            </label>
            <span class="muted" data-testid="row-count">{ format!("{} rows of {} entries", files.rows().len(), total) }</span>
        </div>
    }
}

/// One row of the tree.
fn row(ctx: &ViewCtx<'_>, row: &Row, entries: &[LayerEntry]) -> Html {
    let s = ctx.state;
    let mode = s.view.files.mode();
    let e = row.entry.and_then(|i| entries.get(i));
    let kind = e.map(|e| e.kind);
    let mark = row.entry.map_or(0, |i| s.view.files.mark(i));
    // a change of the selected layer (in a merge, the entries it wrote)
    let change = e.and_then(|e| e.change).filter(|_| mark & CHANGED != 0);
    let focused = matches!(&s.view.focus, Some(Target::Path(_, p)) if *p == row.path);
    let selected = s.view.files.selected().is_some_and(|(p, _)| p == row.path);
    let share_focus = share::Focus::Path {
        image: u32::try_from(s.view.image).unwrap_or(0),
        layer: mode.path_layer(),
        path: row.path.clone(),
    };
    let toggle = row.is_dir && row.has_children;
    let path = row.path.clone();
    // a directory opens or closes; any row shows its path's history
    let onclick = ctx.on_each(move |_| {
        let select = AppMsg::from(ViewMsg::Explore(ExploreMsg::Select(Some(path.clone()))));
        if toggle {
            vec![AppMsg::from(ViewMsg::Toggle(path.clone())), select]
        } else {
            vec![select]
        }
    });
    let class = classes!(
        "tree-row",
        match kind {
            Some(Kind::Whiteout) => Some("whiteout"),
            Some(Kind::Opaque) => Some("opaque"),
            _ => None,
        },
        match change {
            Some(Change::Added) => Some("added"),
            Some(Change::Modified) => Some("modified"),
            Some(Change::Removed) => Some("removed"),
            None => None,
        },
        (mark & WASTED != 0).then_some("wasted"),
        focused.then_some("focused"),
        selected.then_some("selected"),
        row.matched.then_some("matched"),
    );
    // the file-contents panel: Enter on a file row's name, or its Open button
    let (open_path, key_path) = (row.path.clone(), row.path.clone());
    let is_dir = row.is_dir;
    let onkeydown = ctx.on(move |e: KeyboardEvent| {
        if e.key() == "Enter" && !is_dir {
            e.prevent_default();
            AppMsg::from(PreviewMsg::Open(key_path.clone()))
        } else {
            AppMsg::Noop
        }
    });
    html! {
        <div {class} role="treeitem" aria-expanded={if row.is_dir { Some(row.expanded.to_string()) } else { None }} data-path={row.path.clone()}
            data-size={row.size.to_string()} data-change={change.map(|c| format!("{c:?}").to_lowercase())}>
            <span class="c-mode">{ e.map(|e| format::mode(e.kind, e.mode)).unwrap_or_else(|| "d(implicit)".into()) }</span>
            <span class="c-owner">{ e.map(|e| format!("{}:{}", e.uid, e.gid)).unwrap_or_default() }</span>
            <span class="c-size">{ if row.is_dir || kind == Some(Kind::File) { format::bytes(row.size) } else { String::new() } }</span>
            <span class="c-mtime">{ e.map(|e| format::mtime(e.mtime)).unwrap_or_default() }</span>
            <span class="c-name">
                <span class="indent">{ indent(row.depth) }</span>
                <button class="name" {onclick} {onkeydown} tabindex="0">
                    { if toggle { if row.expanded { "▾ " } else { "▸ " } } else { "  " } }
                    { row.name.clone() }
                    { match kind { Some(Kind::Whiteout) => " (whiteout)", Some(Kind::Opaque) => " (opaque dir)", _ => "" } }
                </button>
                if let Some(l) = e.and_then(|e| e.link.clone()) {
                    <span class="link-target">{ format!(" → {l}") }</span>
                }
                <button class="linkish row-open" aria-label={format!("Open {}", row.path)}
                    onclick={ctx.on(move |_| AppMsg::from(PreviewMsg::Open(open_path.clone())))}>{ "Open" }</button>
                <button class="linkish share row-share" title="Share a link to this path" aria-label={format!("Share {}", row.path)}
                    onclick={ctx.on(move |_| AppMsg::Share(Some(share_focus.clone())))}>{ "🔗" }</button>
            </span>
        </div>
    }
}

/// The files view.
pub fn view(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    let Some(report) = &s.session.report else {
        return html! { <p class="muted">{ "The file tree appears when every layer has been read." }</p> };
    };
    let files = &s.view.files;
    let Some(tree) = files.tree() else {
        return html! { <p class="muted">{ if report.tree.is_none() { "This report carries no file tree (CLI reports need --tree)." } else { "No files." } }</p> };
    };
    let layer_count = s.current_image().map_or(0, |i| i.layers.len());
    let onscroll = ctx.on(|e: Event| {
        let top = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map_or(0.0, |el| el.scroll_top() as f64);
        AppMsg::from(ViewMsg::Scroll(top))
    });
    let entries = s.tree_entries().unwrap_or_default();
    let (_, shown) = files.visible();
    let (top_pad, bottom_pad) = files.pads();
    html! {
        <div class="explorer">
        { explorer_layers::view(ctx) }
        <div class="files">
            { controls(ctx, layer_count, tree.len()) }
            <div class="tree-header tree-row"><span class="c-mode">{ "mode" }</span><span class="c-owner">{ "uid:gid" }</span><span class="c-size">{ "size" }</span><span class="c-mtime">{ "mtime" }</span><span class="c-name">{ "name" }</span></div>
            <div class="tree-viewport" {onscroll} role="tree" aria-label="File tree" data-rows={files.rows().len().to_string()}>
                <div style={format!("height:{top_pad}px")}></div>
                { for shown.iter().map(|r| row(ctx, r, entries)) }
                <div style={format!("height:{bottom_pad}px")}></div>
            </div>
            { path_history::view(ctx) }
        </div>
        </div>
    }
}
