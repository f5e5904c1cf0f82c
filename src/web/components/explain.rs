//! Explain mode: the guided walk through this image, using its own values,
//! and the SVG diagram of its graph (nodes coloured by verification state,
//! clickable). Every value is rendered as text.

use super::super::msg::{AppMsg, ViewCtx};
use super::mark;
use crate::view_model::explain::{graph, walk, NodeState, NodeTarget, Part, StepId};
use crate::view_model::state::{Tab, Target, ViewMsg};
use yew::prelude::*;

fn part(p: &Part, ctx: &ViewCtx<'_>) -> Html {
    match p {
        Part::Text(t) => html! { <>{ t.clone() }</> },
        Part::Value(v) => html! { <code class="value">{ v.clone() }</code> },
        Part::Digest(d) => {
            let d2 = d.clone();
            html! { <button class="digest" onclick={ctx.on(move |_| AppMsg::from(ViewMsg::Focus(Target::Blob(d2.clone()))))}>{ d.clone() }</button> }
        }
        Part::Mark(m) => mark(*m),
    }
}

fn diagram(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    let Some(report) = &s.session.report else {
        return html! {};
    };
    let g = graph(report);
    let nodes = g.nodes.iter().map(|n| {
        let state = match n.state {
            NodeState::Verified => "verified",
            NodeState::Mismatch => "mismatch",
            NodeState::Missing => "missing",
            NodeState::Unverifiable => "unverifiable",
            NodeState::Pending => "pending",
        };
        let class = classes!("node", state);
        let target = n.target.clone();
        let onclick = ctx.on_each(move |_| match &target {
            NodeTarget::Blob(d) => vec![AppMsg::from(ViewMsg::Focus(Target::Blob(d.clone())))],
            NodeTarget::Layer { image, layer } => vec![
                AppMsg::from(ViewMsg::Image(*image as usize)),
                AppMsg::from(ViewMsg::Focus(Target::Layer(*layer))),
            ],
            NodeTarget::Image(i) => vec![AppMsg::from(ViewMsg::Image(*i as usize)), AppMsg::from(ViewMsg::Tab(Tab::Overview))],
            NodeTarget::None => Vec::new(),
        });
        html! {
            // the name starts with the visible text (one <text>, the two lines spaced) and adds the state
            <g {class} tabindex="0" role="button" aria-label={format!("{} {} ({state})", n.label, n.sublabel)} data-node={n.id.clone()} {onclick}>
                <rect x={n.x.to_string()} y={n.y.to_string()} width={n.w.to_string()} height={n.h.to_string()} rx="6"></rect>
                <text>
                    <tspan x={(n.x + 8.0).to_string()} y={(n.y + 16.0).to_string()}>{ n.label.clone() }</tspan>{ " " }
                    <tspan x={(n.x + 8.0).to_string()} y={(n.y + 31.0).to_string()} class="sub">{ n.sublabel.clone() }</tspan>
                </text>
            </g>
        }
    });
    let edges = g.edges.iter().filter_map(|e| {
        let (a, b) = (g.nodes.get(e.from)?, g.nodes.get(e.to)?);
        Some(html! {
            <line class="edge" x1={(a.x + a.w).to_string()} y1={(a.y + a.h / 2.0).to_string()} x2={b.x.to_string()} y2={(b.y + b.h / 2.0).to_string()}></line>
        })
    });
    html! {
        <div class="graph" data-testid="graph">
            <svg xmlns="http://www.w3.org/2000/svg" width={g.width.to_string()} height={g.height.to_string()}
                viewBox={format!("0 0 {} {}", g.width, g.height)} role="group" aria-label="The image's graph: index, manifests, config and layers">
                { for edges }
                { for nodes }
            </svg>
        </div>
    }
}

/// The explain view.
pub fn view(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    let Some(report) = &s.session.report else {
        return html! { <p class="muted">{ "The walk appears when the image has been read." }</p> };
    };
    let steps = walk(report, s.view.image, None);
    let current = s.view.step;
    html! {
        <div class="explain">
            <p>{ "How this image is put together, step by step, with its own values. Click a node or a digest to open it." }</p>
            { diagram(ctx) }
            <nav aria-label="Steps">
            { for StepId::ALL.iter().map(|id| {
                let id = *id;
                html! { <button class={classes!("button", "ghost", (current == Some(id)).then_some("selected"))} onclick={ctx.on(move |_| AppMsg::from(ViewMsg::Step(id)))}>{ id.title() }</button> }
            }) }
            </nav>
            { for steps.iter().map(|step| {
                let is_current = current == Some(step.id);
                html! {
                    <section class={classes!("step", is_current.then_some("current"), is_current.then_some("focused"))} id={format!("step-{}", step.id.slug())} data-step={step.id.slug()}>
                        <h2>{ step.title.clone() }</h2>
                        { for step.paragraphs.iter().map(|p| html! { <p>{ for p.iter().map(|x| part(x, ctx)) }</p> }) }
                        if !step.findings.is_empty() {
                            <p class="step-findings">{ "Findings about this: " }
                            { for step.findings.iter().filter_map(|i| report.findings.get(*i).map(|f| (*i, f))).map(|(i, f)| html! {
                                <button class="linkish" onclick={ctx.on(move |_| AppMsg::from(ViewMsg::Focus(Target::Finding(i))))}>{ f.code.as_str() }</button>
                            }) }
                            </p>
                        }
                        <dl class="facts" hidden=true>
                        { for step.facts.iter().map(|(k, v)| html! { <><dt>{ k.clone() }</dt><dd data-fact={k.clone()}>{ v.clone() }</dd></> }) }
                        </dl>
                    </section>
                }
            }) }
        </div>
    }
}
