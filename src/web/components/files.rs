//! The file tree: merged or one layer's changes, filterable, virtualised
//! (only the rows in view are in the DOM, so 200 000 entries scroll).

use super::super::app::{App, AppMsg};
use crate::engine::share::Focus as LinkFocus;
use crate::engine::tree::entry::{Change, Kind};
use crate::view_model::format;
use crate::view_model::state::{Focus, Msg, State, TreeMode};
use crate::view_model::tree_rows::window;
use wasm_bindgen::JsCast;
use yew::html::Scope;
use yew::prelude::*;

/// Row height in px (must match `.tree-row` in style.css).
pub const ROW_PX: f64 = 24.0;
/// Viewport height in px (must match `.tree-viewport`).
pub const VIEWPORT_PX: f64 = 600.0;

fn indent(depth: u32) -> String {
    "  ".repeat(depth as usize)
}

/// The files view.
pub fn view(app: &App, s: &State, link: &Scope<App>) -> Html {
    let Some(report) = &s.report else {
        return html! { <p class="muted">{ "The file tree appears when every layer has been read." }</p> };
    };
    let image = s.current_image();
    let layer_count = image.map_or(0, |i| i.layers.len());
    let onmode = link.callback(|e: Event| {
        let v = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .map(|sel| sel.value())
            .unwrap_or_default();
        AppMsg::Ui(Msg::TreeMode(match v.parse::<u32>() {
            Ok(l) => TreeMode::Layer(l),
            Err(_) => TreeMode::Merged,
        }))
    });
    let oninput = link.callback(|e: InputEvent| {
        let v = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|i| i.value())
            .unwrap_or_default();
        AppMsg::Ui(Msg::Filter(v))
    });
    let onscroll = link.callback(|e: Event| {
        let top = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map_or(0.0, |el| el.scroll_top() as f64);
        AppMsg::Scroll(top)
    });
    let Some(tree) = app.tree() else {
        return html! { <p class="muted">{ if report.tree.is_none() { "This report carries no file tree (CLI reports need --tree)." } else { "No files." } }</p> };
    };
    let mut expanded = s.expanded.clone();
    if expanded.is_empty() && s.filter.is_empty() {
        expanded.extend(tree.dirs_to_depth(1));
    }
    let rows = tree.rows(&expanded, &s.filter);
    let (first, count) = window(rows.len(), app.scroll, ROW_PX, VIEWPORT_PX, 10);
    let entries = s.tree_entries().unwrap_or_default();
    let focus_path = match &s.focus {
        Some(Focus::Path(_, p)) => Some(p.as_str()),
        _ => None,
    };
    let merged = s.tree_mode == TreeMode::Merged;
    let top_pad = first as f64 * ROW_PX;
    let bottom_pad = rows.len().saturating_sub(first + count) as f64 * ROW_PX;
    html! {
        <div class="files">
            <div class="files-controls">
                <label>{ "Show " }
                    <select aria-label="Tree" onchange={onmode}>
                        <option value="merged" selected={s.tree_mode == TreeMode::Merged}>{ "merged file system" }</option>
                        { for (0..layer_count).map(|l| html! {
                            <option value={l.to_string()} selected={s.tree_mode == TreeMode::Layer(l as u32)}>{ format!("layer {l} changes") }</option>
                        }) }
                    </select>
                </label>
                <input type="search" class="filter" placeholder="Filter by path" aria-label="Filter by path" value={s.filter.clone()} {oninput} />
                <span class="muted">{ format!("{} rows of {} entries", rows.len(), tree.len()) }</span>
            </div>
            <div class="tree-header tree-row"><span class="c-mode">{ "mode" }</span><span class="c-owner">{ "uid:gid" }</span><span class="c-size">{ "size" }</span><span class="c-mtime">{ "mtime" }</span><span class="c-name">{ "name" }</span></div>
            <div class="tree-viewport" {onscroll} role="tree" aria-label="File tree" data-rows={rows.len().to_string()}>
                <div style={format!("height:{top_pad}px")}></div>
                { for rows.iter().skip(first).take(count).map(|row| {
                    let e = row.entry.and_then(|i| entries.get(i));
                    let kind = e.map(|e| e.kind);
                    let change = e.and_then(|e| e.change);
                    let path = row.path.clone();
                    let share_focus = LinkFocus::Path {
                        image: u32::try_from(s.image).unwrap_or(0),
                        layer: match s.tree_mode { TreeMode::Layer(l) => Some(l), TreeMode::Merged => None },
                        path: row.path.clone(),
                    };
                    let toggle = row.is_dir && row.has_children;
                    let onclick = link.callback(move |_| if toggle { AppMsg::Ui(Msg::Toggle(path.clone())) } else { AppMsg::Noop });
                    let class = classes!(
                        "tree-row",
                        match kind { Some(Kind::Whiteout) => Some("whiteout"), Some(Kind::Opaque) => Some("opaque"), _ => None },
                        // colour changes in a layer's view; the merged view shows the result
                        match (merged, change) { (true, _) => None, (_, Some(Change::Added)) => Some("added"), (_, Some(Change::Modified)) => Some("modified"), (_, Some(Change::Removed)) => Some("removed"), (_, None) => None },
                        (focus_path == Some(row.path.as_str())).then_some("focused"),
                        row.matched.then_some("matched"),
                    );
                    html! {
                        <div {class} role="treeitem" aria-expanded={if row.is_dir { Some(row.expanded.to_string()) } else { None }} data-path={row.path.clone()}>
                            <span class="c-mode">{ e.map(|e| format::mode(e.kind, e.mode)).unwrap_or_else(|| "d(implicit)".into()) }</span>
                            <span class="c-owner">{ e.map(|e| format!("{}:{}", e.uid, e.gid)).unwrap_or_default() }</span>
                            <span class="c-size">{ e.filter(|e| e.kind == Kind::File).map(|e| format::bytes(e.size)).unwrap_or_default() }</span>
                            <span class="c-mtime">{ e.map(|e| format::mtime(e.mtime)).unwrap_or_default() }</span>
                            <span class="c-name">
                                <span class="indent">{ indent(row.depth) }</span>
                                <button class="name" {onclick} tabindex="0">
                                    { if row.is_dir && row.has_children { if row.expanded { "▾ " } else { "▸ " } } else { "  " } }
                                    { row.name.clone() }
                                    { match kind { Some(Kind::Whiteout) => " (whiteout)", Some(Kind::Opaque) => " (opaque dir)", _ => "" } }
                                </button>
                                if let Some(l) = e.and_then(|e| e.link.clone()) {
                                    <span class="link-target">{ format!(" → {l}") }</span>
                                }
                                <button class="linkish share row-share" title="Share a link to this path" aria-label={format!("Share {}", row.path)}
                                    onclick={link.callback(move |_| AppMsg::Share(Some(share_focus.clone())))}>{ "🔗" }</button>
                            </span>
                        </div>
                    }
                }) }
                <div style={format!("height:{bottom_pad}px")}></div>
            </div>
        </div>
    }
}
