//! Findings, one card per code: the explanation once, the fix with a Copy
//! button, a count, the places
//! as an expandable list (each with *Show where* and its own share action),
//! and a share action of the card's own. Filters by severity and check and a
//! text search above. Renders [`crate::view_model::findings_groups`].

use super::super::msg::{AppMsg, ViewCtx};
use super::link_or_text;
use crate::engine::finding::{Check, Finding, Severity};
use crate::engine::share;
use crate::view_model::explain::step_finder;
use crate::view_model::findings_groups::{counts, groups, FindingsMsg, Group, Member};
use crate::view_model::state::{Target, ViewMsg};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Where a finding points: a path in a layer, else the layer, else the blob.
fn target(f: &Finding) -> Option<Target> {
    let w = &f.r#where;
    match (&w.path, w.layer) {
        // `$…` paths are JSON paths inside a document, not files
        (Some(p), Some(_)) if !p.is_empty() && !p.starts_with('$') => {
            Some(Target::Path(w.layer, p.clone()))
        }
        (_, Some(l)) => Some(Target::Layer(l)),
        _ => w.blob.clone().filter(|b| !b.is_empty()).map(Target::Blob),
    }
}

fn msg(m: FindingsMsg) -> AppMsg {
    AppMsg::from(ViewMsg::Findings(m))
}

/// The findings view.
pub fn view(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    let all = s.session.findings();
    // the "Paste your error" box, pointing into this image's findings
    let open_paste = !s.shell.pasted.trim().is_empty();
    let paste = html! { <details class="paste-details" open={open_paste}><summary>{ "Paste your error" }</summary>{ super::paste::panel(ctx, "h3") }</details> };
    if all.is_empty() {
        return html! { <>{ paste }<p class="muted">{ if s.session.report.is_some() { "No findings." } else { "No findings yet." } }</p></> };
    }
    let filter = &s.view.findings;
    let shown = groups(all, filter);
    let n: usize = shown.iter().map(|g| g.members.len()).sum();
    html! {
        <div class="findings">
            { paste }
            { filters(ctx) }
            <p class="muted" role="status" data-testid="findings-shown">
                { format!("{n} of {} findings, in {} group(s)", all.len(), shown.len()) }
            </p>
            if shown.is_empty() {
                <p>{ "No finding matches these filters. " }
                    <button class="linkish" onclick={ctx.on(|_| msg(FindingsMsg::Clear))}>{ "Clear the filters" }</button>
                </p>
            }
            { for shown.iter().map(|g| group(ctx, g)) }
        </div>
    }
}

fn filters(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    let filter = &s.view.findings;
    let (sev, checks) = counts(s.session.findings());
    let sev_button = |sv: Severity, n: usize| {
        let pressed = filter.severities.contains(&sv);
        html! {
            <button class={classes!("chip", sv.as_str(), pressed.then_some("pressed"))} aria-pressed={pressed.to_string()}
                data-severity={sv.as_str()} onclick={ctx.on(move |_| msg(FindingsMsg::Severity(sv)))}>
                { format!("{} ({n})", sv.as_str()) }
            </button>
        }
    };
    let on_check = ctx.on(|e: Event| {
        let v = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .map(|sel| sel.value())
            .unwrap_or_default();
        msg(FindingsMsg::Check(
            Check::ALL.iter().copied().find(|c| c.as_str() == v),
        ))
    });
    let on_query = ctx.on(|e: InputEvent| {
        let v = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|i| i.value())
            .unwrap_or_default();
        msg(FindingsMsg::Query(v))
    });
    let [e, w, i] = sev;
    html! {
        <div class="findings-filters" role="search">
            <span class="chips" role="group" aria-label="Severity">
                { sev_button(Severity::Error, e) }{ sev_button(Severity::Warning, w) }{ sev_button(Severity::Info, i) }
            </span>
            <label>{ "Check " }
                <select aria-label="Check" data-testid="check-filter" onchange={on_check}>
                    <option value="" selected={filter.check.is_none()}>{ "every check" }</option>
                    { for checks.iter().map(|(c, n)| html! {
                        <option value={c.as_str()} selected={filter.check == Some(*c)}>{ format!("{} ({n})", c.as_str()) }</option>
                    }) }
                </select>
            </label>
            <input type="search" class="view-filter" aria-label="Search findings" placeholder="Search code, message, place"
                value={filter.query.clone()} oninput={on_query} />
            if filter.is_active() {
                <button class="button ghost" onclick={ctx.on(|_| msg(FindingsMsg::Clear))}>{ "Clear" }</button>
            }
        </div>
    }
}

fn group(ctx: &ViewCtx<'_>, g: &Group<'_>) -> Html {
    let s = ctx.state;
    let focused = match s.view.focus {
        Some(Target::Finding(i)) => Some(i),
        _ => None,
    };
    let open = s.view.findings.is_open(g, focused);
    let code = g.code;
    let count = g.members.len();
    let first = g.members.first();
    let step_of = step_finder(s.session.documents().0);
    let step = first.map(|m| step_of(m.finding));
    let share_first = first.map(|m| u32::try_from(m.index).unwrap_or(u32::MAX));
    let sev = g.severity.as_str();
    let list_id = format!("places-{}", g.code.as_str());
    html! {
        <section class={classes!("finding-group", sev)} data-code={g.code.as_str()} data-count={count.to_string()}>
            <header class="finding-head">
                <span class="sev">{ sev }</span>{ " " }
                <code class="code">{ g.code.as_str() }</code>{ " " }
                <span class="check muted">{ g.check.as_str() }</span>{ " " }
                <span class="count" data-testid="group-count">
                    { if count == g.total { format!("× {count}") } else { format!("× {count} of {}", g.total) } }
                </span>
            </header>
            if count == 1 {
                if let Some(m) = first { <p class="message">{ m.finding.message.clone() }</p> }
            }
            <p class="explanation">{ g.explanation.to_string() }</p>
            { for g.fixes().into_iter().map(|f| html! {
                <p class="fix" data-testid="finding-fix">{ "Fix: " }
                    <code class="fix-cmd">{ f.to_string() }</code>
                    { super::copy::button(f, format!("Copy the fix for {}", code.as_str())) }
                </p>
            }) }
            <p class="finding-links">
                { "Spec: " }{ link_or_text(g.spec) }
                if let Some(step) = step {
                    <button class="linkish learn" data-step={step.slug()} onclick={ctx.on(move |_| AppMsg::from(ViewMsg::Step(step)))}>
                        { format!("Learn: {}", step.title()) }
                    </button>
                }
                if s.session.report.is_some() && count > 1 {
                    if let Some(k) = share_first {
                        <button class="linkish share-group" title="A link that opens this card, on its first place"
                            onclick={ctx.on(move |_| AppMsg::Share(Some(share::Focus::Finding(k))))}>{ "Share this group" }</button>
                    }
                }
            </p>
            if count > 1 {
                <button class="linkish toggle" aria-expanded={open.to_string()} aria-controls={list_id.clone()}
                    onclick={ctx.on(move |_| msg(FindingsMsg::Toggle(code, !open)))}>
                    { if open { format!("Hide the {count} places") } else { format!("Show the {count} places") } }
                </button>
            }
            if open {
                <ul class="places" id={list_id}>{ for g.members.iter().map(|m| member(ctx, m, focused, count == 1)) }</ul>
            }
        </section>
    }
}

fn member(ctx: &ViewCtx<'_>, m: &Member<'_>, focused: Option<usize>, only: bool) -> Html {
    let s = ctx.state;
    let f = m.finding;
    let i = m.index;
    let focus = target(f);
    let image = f.r#where.image;
    let share_index = u32::try_from(i).unwrap_or(u32::MAX);
    html! {
        <li class={classes!("finding", f.severity.as_str(), (focused == Some(i)).then_some("focused"))} data-code={f.code.as_str()} id={format!("finding-{i}")}>
            if !only { <span class="message">{ f.message.clone() }</span>{ " " } }
            if !m.place.is_empty() { <span class="place muted">{ m.place.clone() }</span>{ " " } }
            if let Some(t) = focus {
                <button class="linkish goto" onclick={ctx.on_each(move |_| {
                    let mut v = Vec::new();
                    if let Some(im) = image { v.push(AppMsg::from(ViewMsg::Image(im as usize))); }
                    v.push(AppMsg::from(ViewMsg::Focus(t.clone())));
                    v
                })}>{ "Show where →" }</button>
            }
            if s.session.report.is_some() {
                <button class="linkish share" onclick={ctx.on(move |_| AppMsg::Share(Some(share::Focus::Finding(share_index))))}>{ "Share this finding" }</button>
            }
            if let Some(e) = m.explanation { <p class="explanation more">{ e.to_string() }</p> }
        </li>
    }
}
