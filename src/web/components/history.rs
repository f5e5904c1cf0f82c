//! History: `created_by` of each entry, empty layers marked, matched to layers.

use super::long_text::LongText;
use super::table_box;
use crate::view_model::state::State;
use yew::prelude::*;

/// The history view.
pub fn view(s: &State) -> Html {
    let Some(img) = s.current_image() else {
        return html! { <p class="muted">{ "No image." }</p> };
    };
    if img.config.history.is_empty() {
        return html! { <p class="muted">{ "The config has no history." }</p> };
    }
    table_box(
        "History",
        html! {
            <table class="history">
                <thead><tr><th>{ "#" }</th><th>{ "Layer" }</th><th>{ "Created" }</th><th>{ "Created by" }</th></tr></thead>
                <tbody>
                { for img.config.history.iter().enumerate().map(|(i, h)| html! {
                    <tr class={classes!(h.empty_layer.then_some("empty"))}>
                        <td>{ i }</td>
                        <td>{ match h.layer { Some(l) => format!("layer {l}"), None => "empty layer".into() } }</td>
                        <td>{ h.created.clone().unwrap_or_default() }</td>
                        <td><LongText code=true class="cmd" text={h.created_by.clone().unwrap_or_default()} />
                            if let Some(c) = &h.comment { <LongText class="comment" text={format!(" — {c}")} /> }
                        </td>
                    </tr>
                }) }
                </tbody>
            </table>
        },
    )
}
