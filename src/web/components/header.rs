//! The page header: the file input and the actions on the report.

use super::super::msg::{AppMsg, ViewCtx};
use crate::view_model::state::{Msg, SessionMsg};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The header.
pub fn view(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    let onchange = ctx.on(|e: Event| {
        let input: Option<HtmlInputElement> = e.target().and_then(|t| t.dyn_into().ok());
        input
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
            .map_or(AppMsg::Noop, AppMsg::Open)
    });
    html! {
        <header class="top">
            <h1 class="brand">{ "ocilens" }</h1>
            <p class="tagline">{ "Inspect a container-image tarball in your browser. Nothing is uploaded." }</p>
            <div class="actions">
                <label class="button primary">
                    { "Open image tarball…" }
                    <input type="file" class="visually-hidden" aria-label="Choose an image tarball" {onchange} />
                </label>
                if s.session.phase.is_running() {
                    <button class="button" onclick={ctx.on(|_| AppMsg::from(SessionMsg::Cancel))}>{ "Cancel" }</button>
                }
                if s.session.report.is_some() {
                    <button class="button" onclick={ctx.on(|_| AppMsg::Download)}>{ "Download report" }</button>
                    <button class="button" onclick={ctx.on(|_| AppMsg::Share(None))}>{ "Share report" }</button>
                    { super::compare_button(ctx) }
                }
                { super::shell::samples_menu(ctx) }
                { super::shell::help_button(ctx) }
                // a toggle: the visible text stays inside the accessible name, the state is aria-pressed
                <button class="button ghost theme-toggle" aria-label="Toggle dark theme" aria-pressed={s.prefs.dark.to_string()}
                    onclick={ctx.on(|_| AppMsg::from(Msg::ToggleTheme))}>
                    { "☾ Dark theme" }
                </button>
            </div>
        </header>
    }
}
