//! Findings grouped by severity and check; each one links to what it concerns.

use super::super::msg::{AppMsg, ViewCtx};
use super::link_or_text;
use crate::engine::finding::{Finding, Severity};
use crate::engine::share;
use crate::view_model::explain::step_finder;
use crate::view_model::state::{Target, ViewMsg};
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

/// The findings view.
pub fn view(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    if s.session.findings().is_empty() {
        return html! { <p class="muted">{ if s.session.report.is_some() { "No findings." } else { "No findings yet." } }</p> };
    }
    // the report's index tree, or the structure's while blobs are read
    let step_of = step_finder(s.session.documents().0);
    html! {
        <div class="findings">
        { for s.grouped_findings().into_iter().map(|(sev, check, items)| html! {
            <section class={classes!("group", sev.as_str())}>
                <h2>{ format!("{} · {} ({})", sev.as_str(), check.as_str(), items.len()) }</h2>
                <ul>
                { for items.into_iter().map(|(i, f)| {
                    let focus = target(f);
                    let image = f.r#where.image;
                    let focused = s.view.focus == Some(Target::Finding(i));
                    let step = step_of(f);
                    let share_index = u32::try_from(i).unwrap_or(u32::MAX);
                    html! {
                        <li class={classes!("finding", sev_class(f.severity), focused.then_some("focused"))} data-code={f.code.as_str()} id={format!("finding-{i}")}>
                            <div class="finding-head">
                                <code class="code">{ f.code.as_str() }</code>
                                <span class="message">{ f.message.clone() }</span>
                            </div>
                            <p class="explanation">{ f.explanation.clone() }</p>
                            <p class="finding-links">
                                { "Spec: " }{ link_or_text(&f.spec) }
                                if let Some(t) = focus {
                                    <button class="linkish goto" onclick={ctx.on_each(move |_| {
                                        let mut v = Vec::new();
                                        if let Some(im) = image { v.push(AppMsg::from(ViewMsg::Image(im as usize))); }
                                        v.push(AppMsg::from(ViewMsg::Focus(t.clone())));
                                        v
                                    })}>{ "Show where →" }</button>
                                }
                                <button class="linkish learn" data-step={step.slug()} onclick={ctx.on(move |_| AppMsg::from(ViewMsg::Step(step)))}>
                                    { format!("Learn: {}", step.title()) }
                                </button>
                                if s.session.report.is_some() {
                                    <button class="linkish share" onclick={ctx.on(move |_| AppMsg::Share(Some(share::Focus::Finding(share_index))))}>{ "Share this finding" }</button>
                                }
                            </p>
                        </li>
                    }
                }) }
                </ul>
            </section>
        }) }
        </div>
    }
}

fn sev_class(s: Severity) -> &'static str {
    s.as_str()
}
