//! The explorer's left pane: the layers, each with bars for its compressed
//! and uncompressed size and its waste, the `created_by` that made it, and
//! its added / modified / removed counts (the rows are
//! [`crate::view_model::explorer::layer_rows`]). Arrows move in the list
//! while it has the focus; a click selects.

use super::super::msg::{AppMsg, ViewCtx};
use crate::view_model::explorer::{layer_rows, LayerRow};
use crate::view_model::format;
use crate::view_model::links::{doc_href, truncate, Doc};
use crate::view_model::state::{ExploreMsg, ViewMsg};
use yew::prelude::*;

/// Longest `created_by` shown in a row (the whole is its title).
const CMD_CHARS: usize = 120;

/// A link to the waste model, next to a waste number.
pub fn waste_doc_link() -> Html {
    html! {
        <a class="doc-link" href={doc_href(Doc::Efficiency, None)} target="_blank" rel="noopener" title="How waste is counted (docs/efficiency.md)">{ "?" }</a>
    }
}

fn bar(class: &'static str, pct: f64, label: String) -> Html {
    html! {
        <div class={classes!("bar", class)} title={label}>
            <div class="bar-fill" style={format!("width:{pct:.1}%")}></div>
        </div>
    }
}

/// One layer.
fn item(ctx: &ViewCtx<'_>, row: &LayerRow, selected: bool) -> Html {
    let l = row.index;
    let onclick = ctx.on(move |_| AppMsg::from(ViewMsg::Explore(ExploreMsg::Layer(l))));
    let cmd = row.created_by.clone().unwrap_or_default();
    let (shown, _) = truncate(&cmd, CMD_CHARS);
    let size = |n: Option<u64>| n.map(format::bytes).unwrap_or_else(|| "…".into());
    html! {
        <li role="option" aria-selected={selected.to_string()} class={classes!("layer-item", selected.then_some("selected"))}
            data-layer={l.to_string()} {onclick}>
            <div class="layer-head">
                <strong>{ format!("layer {l}") }</strong>
                if let Some(c) = row.changes {
                    <span class="layer-changes" data-testid="layer-changes">
                        <span class="added">{ format!("+{}", c.added) }</span>{ " " }
                        <span class="modified">{ format!("~{}", c.modified) }</span>{ " " }
                        <span class="removed">{ format!("−{}", c.removed) }</span>
                    </span>
                }
            </div>
            <code class="cmd" title={cmd}>{ shown }</code>
            <div class="layer-bars">
                { bar("compressed", row.bars.compressed, format!("compressed {}", size(row.compressed))) }
                <span class="bar-num" data-testid="layer-compressed" data-bytes={row.compressed.map(|n| n.to_string())}>{ size(row.compressed) }</span>
                { bar("uncompressed", row.bars.uncompressed, format!("uncompressed {}", size(row.uncompressed))) }
                <span class="bar-num" data-testid="layer-uncompressed" data-bytes={row.uncompressed.map(|n| n.to_string())}>{ size(row.uncompressed) }</span>
                { bar("wasted", row.bars.wasted, format!("wasted {}", size(row.wasted))) }
                <span class="bar-num" data-testid="layer-wasted" data-bytes={row.wasted.map(|n| n.to_string())}>{ format!("{} wasted", size(row.wasted)) }</span>
            </div>
        </li>
    }
}

/// The layer list.
pub fn view(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    let Some(img) = s.current_image() else {
        return html! {};
    };
    let rows = layer_rows(img);
    let selected = s.view.files.selected_layer();
    let onkeydown = ctx.send.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        let delta = match e.key().as_str() {
            "ArrowDown" | "j" => 1,
            "ArrowUp" | "k" => -1,
            _ => return,
        };
        // the page's own arrow keys move in the tree: not while here
        e.prevent_default();
        onkeydown.emit(AppMsg::from(ViewMsg::Explore(ExploreMsg::LayerStep(delta))));
    });
    html! {
        <div class="explorer-side">
            <p class="muted explorer-legend">
                <span class="legend compressed">{ "compressed" }</span>{ " · " }
                <span class="legend uncompressed">{ "uncompressed" }</span>{ " · " }
                <span class="legend wasted">{ "wasted" }</span>{ " " }
                <span data-testid="waste-doc">{ waste_doc_link() }</span>
            </p>
            <ul class="explorer-layers" role="listbox" aria-label="Layers" tabindex="0" {onkeydown} data-testid="explorer-layers">
                { for rows.iter().map(|r| item(ctx, r, selected == Some(r.index))) }
            </ul>
        </div>
    }
}
