//! The layer table: declared type vs found compression, marks, sizes, changes.

use super::super::msg::{AppMsg, ViewCtx};
use super::{mark, table_box};
use crate::engine::share;
use crate::view_model::format;
use crate::view_model::state::{Tab, Target, TreeMode, ViewMsg};
use yew::prelude::*;

/// The layers view.
pub fn view(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    let Some(img) = s.current_image() else {
        return html! { <p class="muted">{ "No image." }</p> };
    };
    table_box(
        "Layers",
        html! {
            <table class="layers" data-testid="layers">
                <thead><tr>
                    <th>{ "#" }</th><th>{ "Media type" }</th><th>{ "Found" }</th><th>{ "Digest" }</th><th>{ "Size" }</th>
                    <th>{ "DiffID" }</th><th>{ "Compressed" }</th><th>{ "Uncompressed" }</th><th>{ "Changes" }</th><th><span class="visually-hidden">{ "Share" }</span></th>
                </tr></thead>
                <tbody>
                { for img.layers.iter().map(|l| {
                    let idx = l.index;
                    let focused = s.view.focus == Some(Target::Layer(idx));
                    let digest = l.digest.clone().unwrap_or_default();
                    let image = u32::try_from(s.view.image).unwrap_or(0);
                    html! {
                        <tr class={classes!(focused.then_some("focused"))} data-layer={idx.to_string()}>
                            <td>{ idx }</td>
                            <td><code>{ l.media_type.clone().unwrap_or_else(|| "— (docker-archive)".into()) }</code></td>
                            <td>{ l.compression.map_or("…", |c| c.as_str()) }</td>
                            <td title={digest.clone()}><code>{ format::short_digest(&digest) }</code>{ " " }<span data-check="digest">{ mark(l.check.digest_status) }</span></td>
                            <td><span data-check="size">{ mark(l.check.size_status) }</span></td>
                            <td title={l.diff_id.computed.clone().unwrap_or_default()}><span data-check="diffid">{ mark(l.diff_id.status) }</span></td>
                            <td>{ l.size.map(format::bytes).unwrap_or_default() }</td>
                            <td>{ l.uncompressed_size.map(format::bytes).unwrap_or_default() }</td>
                            <td>
                                if let Some(c) = l.changes {
                                    <button class="linkish" onclick={ctx.on_each(move |_| vec![
                                        AppMsg::from(ViewMsg::TreeMode(TreeMode::Layer(idx))),
                                        AppMsg::from(ViewMsg::Tab(Tab::Files)),
                                    ])}>
                                        <span class="added">{ format!("+{}", c.added) }</span>{ " " }
                                        <span class="modified">{ format!("~{}", c.modified) }</span>{ " " }
                                        <span class="removed">{ format!("−{}", c.removed) }</span>
                                    </button>
                                }
                            </td>
                            <td>
                                if s.session.report.is_some() {
                                    <button class="linkish share" onclick={ctx.on(move |_| AppMsg::Share(Some(share::Focus::Layer { image, layer: idx })))}>{ "Share" }</button>
                                }
                            </td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
        },
    )
}
