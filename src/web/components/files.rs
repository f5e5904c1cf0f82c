//! The file tree: merged or one layer's changes, filterable, virtualised
//! (only the rows in view are in the DOM, so 200 000 entries scroll). The
//! viewport itself (rows, window, scroll) is the view model's
//! [`Files`](crate::view_model::state::Files).

use super::super::msg::{AppMsg, ViewCtx};
use crate::engine::share;
use crate::engine::tree::entry::{Change, Kind, LayerEntry};
use crate::view_model::format;
use crate::view_model::state::{PreviewMsg, Target, TreeMode, ViewMsg};
use crate::view_model::tree_rows::Row;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn indent(depth: u32) -> String {
    "  ".repeat(depth as usize)
}

/// The tree chooser, the filter and the row count.
fn controls(ctx: &ViewCtx<'_>, layer_count: usize, total: usize) -> Html {
    let files = &ctx.state.view.files;
    let onmode = ctx.on(|e: Event| {
        let v = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .map(|sel| sel.value())
            .unwrap_or_default();
        AppMsg::from(ViewMsg::TreeMode(match v.parse::<u32>() {
            Ok(l) => TreeMode::Layer(l),
            Err(_) => TreeMode::Merged,
        }))
    });
    let oninput = ctx.on(|e: InputEvent| {
        let v = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|i| i.value())
            .unwrap_or_default();
        AppMsg::from(ViewMsg::Filter(v))
    });
    html! {
        <div class="files-controls">
            <label>{ "Show " }
                <select aria-label="Tree" onchange={onmode}>
                    <option value="merged" selected={files.mode() == TreeMode::Merged}>{ "merged file system" }</option>
                    { for (0..layer_count).map(|l| html! {
                        <option value={l.to_string()} selected={files.mode() == TreeMode::Layer(l as u32)}>{ format!("layer {l} changes") }</option>
                    }) }
                </select>
            </label>
            <input type="search" class="filter" placeholder="Filter by path" aria-label="Filter by path" value={files.filter().to_string()} {oninput} />
            <span class="muted">{ format!("{} rows of {} entries", files.rows().len(), total) }</span>
        </div>
    }
}

/// One row of the tree.
fn row(ctx: &ViewCtx<'_>, row: &Row, entries: &[LayerEntry]) -> Html {
    let s = ctx.state;
    let mode = s.view.files.mode();
    let e = row.entry.and_then(|i| entries.get(i));
    let kind = e.map(|e| e.kind);
    let change = e.and_then(|e| e.change);
    let focused = matches!(&s.view.focus, Some(Target::Path(_, p)) if *p == row.path);
    let share_focus = share::Focus::Path {
        image: u32::try_from(s.view.image).unwrap_or(0),
        layer: match mode {
            TreeMode::Layer(l) => Some(l),
            TreeMode::Merged => None,
        },
        path: row.path.clone(),
    };
    let toggle = row.is_dir && row.has_children;
    let path = row.path.clone();
    let onclick = ctx.on(move |_| {
        if toggle {
            AppMsg::from(ViewMsg::Toggle(path.clone()))
        } else {
            AppMsg::Noop
        }
    });
    let class = classes!(
        "tree-row",
        match kind {
            Some(Kind::Whiteout) => Some("whiteout"),
            Some(Kind::Opaque) => Some("opaque"),
            _ => None,
        },
        // colour changes in a layer's view; the merged view shows the result
        match (mode == TreeMode::Merged, change) {
            (true, _) => None,
            (_, Some(Change::Added)) => Some("added"),
            (_, Some(Change::Modified)) => Some("modified"),
            (_, Some(Change::Removed)) => Some("removed"),
            (_, None) => None,
        },
        focused.then_some("focused"),
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
        <div {class} role="treeitem" aria-expanded={if row.is_dir { Some(row.expanded.to_string()) } else { None }} data-path={row.path.clone()}>
            <span class="c-mode">{ e.map(|e| format::mode(e.kind, e.mode)).unwrap_or_else(|| "d(implicit)".into()) }</span>
            <span class="c-owner">{ e.map(|e| format!("{}:{}", e.uid, e.gid)).unwrap_or_default() }</span>
            <span class="c-size">{ e.filter(|e| e.kind == Kind::File).map(|e| format::bytes(e.size)).unwrap_or_default() }</span>
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
        <div class="files">
            { controls(ctx, layer_count, tree.len()) }
            <div class="tree-header tree-row"><span class="c-mode">{ "mode" }</span><span class="c-owner">{ "uid:gid" }</span><span class="c-size">{ "size" }</span><span class="c-mtime">{ "mtime" }</span><span class="c-name">{ "name" }</span></div>
            <div class="tree-viewport" {onscroll} role="tree" aria-label="File tree" data-rows={files.rows().len().to_string()}>
                <div style={format!("height:{top_pad}px")}></div>
                { for shown.iter().map(|r| row(ctx, r, entries)) }
                <div style={format!("height:{bottom_pad}px")}></div>
            </div>
        </div>
    }
}
