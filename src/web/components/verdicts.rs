//! The Overview's "Will it load?" panel: tools down the side, their version
//! ranges across (oldest to newest, flush right), a ✓, ! or ✗ with its word
//! in each cell; a cell opens (`<details>`) to the message the tool prints,
//! the finding codes that cause it (links to their cards), the fix with a
//! Copy button, and the source. "Paste your error" sits beside it. Renders
//! [`crate::view_model::compat_matrix::Matrix`]; every string is text, and
//! only an `http(s)` source becomes a link.

use super::super::msg::ViewCtx;
use super::table_box;
use crate::engine::report::Verdict;
use crate::view_model::compat_matrix::{Cell, Matrix, Row};
use crate::view_model::state::Phase;
use yew::prelude::*;

fn tone(v: Verdict) -> &'static str {
    match v {
        Verdict::Ok => "ok",
        Verdict::Warns => "warn",
        Verdict::Fails => "bad",
    }
}

/// The panel and the paste box beside it.
pub fn view(ctx: &ViewCtx<'_>) -> Html {
    html! {
        <div class="will-it-load-wrap">
            { panel(ctx) }
            <aside class="will-it-load-paste">{ super::paste::panel(ctx, "h2") }</aside>
        </div>
    }
}

fn panel(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    let body = match s.session.report.as_deref() {
        None if s.session.phase == Phase::Cancelled => {
            html! { <p class="muted">{ "Cancelled: no verdicts, since the file was not read to the end." }</p> }
        }
        None => html! { <p class="muted">{ "The verdicts come when verification finishes." }</p> },
        Some(r) if r.compatibility.is_empty() => {
            html! { <p class="muted">{ "This report has no verdicts (it was made before they existed)." }</p> }
        }
        Some(r) => matrix(ctx, &Matrix::build(&r.compatibility)),
    };
    html! {
        <section class="will-it-load" aria-label="Will it load?" data-testid="will-it-load">
            <h2>{ "Will it load?" }</h2>
            <p class="muted small">
                { "What each tool does with this exact file, by version: ✓ ok, ! loads but loses something, ✗ fails. Open a cell for the message, the cause and the fix." }
            </p>
            { body }
        </section>
    }
}

fn matrix(ctx: &ViewCtx<'_>, m: &Matrix) -> Html {
    let width = m.width.max(1).to_string();
    html! {
        <>
            <p data-testid="compat-summary"><strong>{ m.summary() }</strong></p>
            { table_box("Will it load?", html! {
                <table class="compat-matrix" data-testid="compat-matrix">
                    <thead><tr>
                        <th scope="col">{ "Tool and command" }</th>
                        <th scope="col" colspan={width}>{ "Versions, older → newer" }</th>
                    </tr></thead>
                    <tbody>{ for m.rows.iter().map(|r| row(ctx, r)) }</tbody>
                </table>
            }) }
        </>
    }
}

fn row(ctx: &ViewCtx<'_>, r: &Row) -> Html {
    html! {
        <tr class={classes!("compat-row", tone(r.worst))} data-tool={r.tool.as_str()} data-action={r.action.as_str()}
            data-variant={r.variant.clone().unwrap_or_default()}>
            <th scope="row"><code>{ r.label.clone() }</code></th>
            { for r.cells.iter().map(|c| match c {
                Some(c) => cell(ctx, r, c),
                None => html! { <td class="compat-cell blank"></td> },
            }) }
        </tr>
    }
}

fn cell(ctx: &ViewCtx<'_>, r: &Row, c: &Cell) -> Html {
    let from = c.versions.from.clone().unwrap_or_default();
    let below = c.versions.below.clone().unwrap_or_default();
    let title = format!("{}, {}: {}", r.label, c.range_full, c.word);
    html! {
        <td class={classes!("compat-cell", tone(c.verdict))} data-verdict={c.verdict.as_str()}
            data-from={from} data-below={below} data-index={c.index.to_string()}>
            <details>
                <summary title={title}>
                    <span class="range">{ c.range.clone() }</span>
                    <span class={classes!("mark", tone(c.verdict))} aria-hidden="true">{ c.mark }</span>
                    <span class="word">{ c.word }</span>
                </summary>
                <div class="compat-detail">
                    <p class="small muted">{ format!("{}, versions {}", r.label, c.range_full) }</p>
                    if let Some(m) = &c.message {
                        <p class="compat-message">
                            { if c.verdict == Verdict::Fails { "It prints: " } else { "What happens: " } }
                            <code class="quoted" data-testid="compat-message">{ m.clone() }</code>
                        </p>
                    }
                    if !c.because.is_empty() {
                        <p class="compat-because">{ "Why: " }
                            { for c.because.iter().enumerate().map(|(i, code)| html! {
                                <>{ if i > 0 { ", " } else { "" } }{ super::paste::code_link(ctx, *code) }</>
                            }) }
                        </p>
                    }
                    if let Some(f) = &c.fix {
                        <p class="fix">{ "Fix: " }
                            <code class="fix-cmd" data-testid="compat-fix">{ f.clone() }</code>
                            { super::copy::button(f, "Copy the fix".to_string()) }
                        </p>
                    }
                    <p class="small compat-source">{ "Source: " }
                        { match &c.source_href {
                            Some(h) => html! { <a href={h.clone()} target="_blank" rel="noopener noreferrer nofollow">{ c.source.clone() }</a> },
                            None => html! { <span>{ c.source.clone() }</span> },
                        } }
                    </p>
                </div>
            </details>
        </td>
    }
}
