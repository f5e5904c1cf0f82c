//! The shell around the views: the Samples menu (the gallery, once a file
//! is open), the shortcuts dialog (listed from the key map itself) and the
//! overlay shown while a file is dragged over the page.

use super::super::msg::{AppMsg, ViewCtx};
use super::start;
use crate::view_model::keys::{self, Action, SHORTCUTS};
use crate::view_model::state::{Phase, ShellMsg, State, Tab};
use yew::prelude::*;

/// The Samples menu button and, when open, its panel (not on the start
/// page, which shows the gallery itself).
pub fn samples_menu(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    if s.session.phase == Phase::Idle {
        return html! {};
    }
    let open = s.shell.samples_open;
    html! {
        <div class="samples-menu">
            <button class="button" aria-expanded={open.to_string()} aria-controls="samples-panel" data-testid="samples-menu"
                onclick={ctx.on(|_| AppMsg::from(ShellMsg::ToggleSamples))}>
                { "Samples ▾" }
            </button>
            if open {
                <div class="samples-panel" id="samples-panel" role="region" aria-label="Samples and explained problems">
                    { start::gallery(ctx, "h2") }
                </div>
            }
        </div>
    }
}

/// The button that opens the shortcuts dialog.
pub fn help_button(ctx: &ViewCtx<'_>) -> Html {
    html! {
        <button class="button ghost" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" data-testid="shortcuts-button"
            aria-haspopup="dialog" onclick={ctx.on(|_| AppMsg::Key(Action::Help))}>{ "?" }</button>
    }
}

/// The list of shortcuts: a modal dialog (Tab stays inside, Esc closes).
pub fn shortcuts_dialog(ctx: &ViewCtx<'_>) -> Html {
    if !ctx.state.shell.help_open {
        return html! {};
    }
    let close = || ctx.on(|_| AppMsg::Key(Action::Close));
    let views: Vec<String> = Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{} {}", i + 1, t.label()))
        .collect();
    html! {
        <>
            <div class="dialog-backdrop" onclick={close()}></div>
            <div class="dialog" id="shortcuts" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title">
                <h2 id="shortcuts-title">{ "Keyboard shortcuts" }</h2>
                <table class="shortcuts">
                    <tbody>
                    { for SHORTCUTS.iter().map(|sc| html! {
                        <tr data-command={format!("{:?}", sc.command)}>
                            <th scope="row">
                                { for keys::keys_label(sc).into_iter().enumerate().map(|(i, k)| html! {
                                    <>{ if i > 0 { " or " } else { "" } }<kbd>{ k }</kbd></>
                                }) }
                            </th>
                            <td>{ sc.what }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
                <p class="muted">{ format!("Views: {}. Shortcuts do nothing while you type in a field (except Esc).", views.join(" · ")) }</p>
                <button class="button" data-testid="shortcuts-close" onclick={close()}>{ "Close" }</button>
            </div>
        </>
    }
}

/// The whole-window overlay while a file is dragged over the page.
pub fn drag_overlay(s: &State) -> Html {
    if !s.shell.dragging() {
        return html! {};
    }
    html! {
        <div class="drag-overlay" data-testid="drag-overlay" aria-hidden="true">
            <p>{ "Drop the image tarball to inspect it here" }</p>
        </div>
    }
}
