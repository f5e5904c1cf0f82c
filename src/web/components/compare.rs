//! The Compare view: the comparison of the report with a second image
//! (identity, causes, config, layers, files). Every string from the images
//! is rendered as text.

use super::super::msg::{AppMsg, ViewCtx};
use crate::engine::diff::schema::SideName;
use crate::engine::diff::select::ImageChoice;
use crate::engine::diff::Diff;
use crate::view_model::compare::CompareMsg;
use crate::view_model::compare::{config_rows, identity_rows, layer_index, ComparePhase};
use crate::view_model::format;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The "Compare with…" file input, once there is a report.
pub fn button(ctx: &ViewCtx<'_>) -> Html {
    if ctx.state.session.report.is_none() {
        return Html::default();
    }
    let onchange = ctx.on(|e: Event| {
        let input: Option<HtmlInputElement> = e.target().and_then(|t| t.dyn_into().ok());
        input
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
            .map_or(AppMsg::Noop, AppMsg::CompareWith)
    });
    html! {
        <label class="button compare-with">
            { "Compare with…" }
            <input type="file" class="visually-hidden" aria-label="Choose a second image to compare with" {onchange} />
        </label>
    }
}

/// The packages added, removed and upgraded, when either image lists any.
fn packages(d: &Diff) -> Html {
    let p = &d.packages;
    if p.added.is_empty() && p.removed.is_empty() && p.upgraded.is_empty() {
        return html! {};
    }
    let row = |change: &'static str, x: &crate::engine::diff::schema::PackageRef| {
        html! {
            <tr class={classes!("package-change", change)} data-package={x.name.clone()} data-change={change}>
                <td>{ x.name.clone() }</td><td>{ change }</td><td>{ if change == "removed" { x.version.clone() } else { String::new() } }</td>
                <td>{ if change == "added" { x.version.clone() } else { String::new() } }</td><td>{ format!("{} · {}", x.arch, x.manager) }</td>
            </tr>
        }
    };
    html! {
        <>
            <h2>{ format!("Packages ({} added, {} removed, {} upgraded)", p.added.len(), p.removed.len(), p.upgraded.len()) }</h2>
            <table class="compare-packages">
                <thead><tr><th>{ "package" }</th><th>{ "change" }</th><th>{ "A" }</th><th>{ "B" }</th><th>{ "arch · manager" }</th></tr></thead>
                <tbody>
                { for p.added.iter().map(|x| row("added", x)) }
                { for p.removed.iter().map(|x| row("removed", x)) }
                { for p.upgraded.iter().map(|u| html! {
                    <tr class="package-change upgraded" data-package={u.name.clone()} data-change="upgraded">
                        <td>{ u.name.clone() }</td><td>{ "upgraded" }</td><td>{ u.a_version.clone() }</td><td>{ u.b_version.clone() }</td>
                        <td>{ format!("{} · {}", u.arch, u.manager) }</td>
                    </tr>
                }) }
                </tbody>
            </table>
        </>
    }
}

/// A chooser of one side's image, when it has several.
fn chooser(ctx: &ViewCtx<'_>, side: SideName, choices: &[ImageChoice], d: &Diff) -> Html {
    if choices.len() < 2 {
        return Html::default();
    }
    let (a, b) = (d.a.image, d.b.image);
    let onchange = ctx.on(move |e: Event| {
        let sel: Option<HtmlSelectElement> = e.target().and_then(|t| t.dyn_into().ok());
        match sel.and_then(|s| s.value().parse::<u32>().ok()) {
            Some(i) if side == SideName::A => AppMsg::from(CompareMsg::Choose { a: i, b }),
            Some(i) => AppMsg::from(CompareMsg::Choose { a, b: i }),
            None => AppMsg::Noop,
        }
    });
    let (label, current) = match side {
        SideName::A => ("A", a),
        SideName::B => ("B", b),
    };
    html! {
        <label class="compare-chooser">{ format!("Image {label}: ") }
            <select data-side={label.to_lowercase()} aria-label={format!("The image of {label} to compare")} {onchange}>
            { for choices.iter().map(|c| html! {
                <option value={c.image.to_string()} selected={c.image == current}>{ c.label() }</option>
            }) }
            </select>
        </label>
    }
}

fn choosers(ctx: &ViewCtx<'_>, d: &Diff) -> Html {
    let ch = &ctx.state.compare.choices;
    html! {
        <div class="compare-choosers">
            { chooser(ctx, SideName::A, &ch.a, d) }
            { chooser(ctx, SideName::B, &ch.b, d) }
        </div>
    }
}

/// The banner of a comparison opened from a link.
fn shared_banner(ctx: &ViewCtx<'_>) -> Html {
    let Some(dropped) = ctx.state.compare.shared else {
        return html! {
            <p><button class="button ghost compare-share" onclick={ctx.on(|_| AppMsg::ShareComparison)}>{ "Share comparison" }</button></p>
        };
    };
    let mut left_out = Vec::new();
    if dropped.files > 0 {
        left_out.push(format!(
            "{} paths of the file lists (the counts are whole)",
            dropped.files
        ));
    }
    if dropped.values_cut {
        left_out.push("the end of long config values".to_string());
    }
    if dropped.findings > 0 {
        left_out.push(format!("{} findings", dropped.findings));
    }
    html! {
        <section class="banner" role="status" data-testid="shared-banner">
            <strong>{ "Shared comparison — not verified here." }</strong>
            { " This comparison was shared from another browser; its marks are claims. Drop both images on this page to verify them locally. The link carries no image or file contents, so path histories are not available." }
            if !left_out.is_empty() {
                <span class="dropped">{ format!(" To fit in the link, it leaves out: {}.", left_out.join(", ")) }</span>
            }
        </section>
    }
}

/// The comparison link just made, ready to copy.
fn link_panel(ctx: &ViewCtx<'_>) -> Html {
    let Some((url, bytes, dropped)) = &ctx.state.compare.link else {
        return html! {};
    };
    let note = if dropped.files > 0 {
        format!(
            " It lists {} fewer paths to stay short; the counts are whole.",
            dropped.files
        )
    } else {
        String::new()
    };
    html! {
        <section class="share-panel" aria-label="Comparison link">
            <p>{ format!("Link copied ({bytes} bytes of comparison in the fragment: it never reaches a server).{note}") }</p>
            <input type="text" readonly=true aria-label="Comparison link URL" value={url.clone()} />
            <button class="button ghost" onclick={ctx.on(|_| AppMsg::from(CompareMsg::LinkClose))}>{ "Close" }</button>
        </section>
    }
}

/// The view.
pub fn view(ctx: &ViewCtx<'_>) -> Html {
    let c = &ctx.state.compare;
    let d = match &c.phase {
        ComparePhase::None => return Html::default(),
        ComparePhase::Reading {
            name, done, size, ..
        } => {
            let pct = if *size > 0 {
                (*done as f64 / *size as f64 * 100.0).min(100.0)
            } else {
                0.0
            };
            return html! {
                <div class="compare-state" data-compare="running">
                    <p>{ format!("Verifying {name} in a worker: {} of {} ({pct:.0} %)…", format::bytes(*done), format::bytes(*size)) }</p>
                    <progress max="100" value={format!("{pct:.0}")} aria-label={format!("Verifying {name}")}></progress>
                </div>
            };
        }
        ComparePhase::Running { name } => {
            return html! { <p class="compare-state" data-compare="running">{ format!("Inspecting and comparing {name}…") }</p> }
        }
        ComparePhase::Failed(e) => {
            return html! { <p class="error-alert compare-state" role="alert" data-compare="failed">{ format!("Could not compare: {e}") }</p> }
        }
        ComparePhase::Done(d) => d,
    };
    let same = &d.same;
    let flags = [
        ("config_digest", same.config_digest),
        ("manifest_digest", same.manifest_digest),
        ("diff_ids", same.diff_ids),
        ("layer_digests", same.layer_digests),
        ("files", same.files),
    ];
    html! {
        <div class="compare" data-compare="done" data-compare-ms={c.compare_ms.map(|m| format!("{m:.1}"))}>
            { shared_banner(ctx) }
            { link_panel(ctx) }
            { choosers(ctx, d) }
            <p class="compare-verdict">{ d.summary.verdict.clone() }</p>
            if let Some(ms) = c.compare_ms {
                <p class="muted">{ format!("Compared in {ms:.0} ms, in a worker of this page.") }</p>
            }
            <h2>{ "Same" }</h2>
            <ul class="compare-same">
            { for flags.iter().map(|(k, v)| html! {
                <li data-same={*k} data-value={v.to_string()}>{ format!("{k}: {}", if *v { "same" } else { "differs" }) }</li>
            }) }
            </ul>
            <h2>{ "Identity" }</h2>
            <table class="compare-identity">
                <thead><tr><th>{ "" }</th><th>{ "A" }</th><th>{ "B" }</th></tr></thead>
                <tbody>
                { for identity_rows(d).into_iter().map(|r| html! {
                    <tr class={classes!(r.same.then_some("same"))}>
                        <th scope="row">{ r.label }</th><td class="mono">{ r.a }</td><td class="mono">{ r.b }</td>
                    </tr>
                }) }
                </tbody>
            </table>
            <h2>{ "Why the digests differ" }</h2>
            if d.causes.is_empty() {
                <p>{ "Nothing differs." }</p>
            }
            <ul class="compare-causes">
            { for d.causes.iter().map(|c| html! {
                <li class="cause" data-cause={c.cause.as_str()}>
                    <strong>{ c.cause.as_str() }</strong>{ ": " }{ c.evidence.clone() }
                    <p>{ c.explanation.clone() }</p>
                    <p class="fix">{ "Fix: " }{ c.fix.clone() }</p>
                </li>
            }) }
            </ul>
            <h2>{ "Config" }</h2>
            <table class="compare-config">
                <thead><tr><th>{ "field" }</th><th>{ "A" }</th><th>{ "B" }</th></tr></thead>
                <tbody>
                { for config_rows(d).into_iter().map(|(f, a, b)| html! {
                    <tr data-field={f.clone()}><th scope="row">{ f }</th><td class="mono">{ a }</td><td class="mono">{ b }</td></tr>
                }) }
                </tbody>
            </table>
            <h2>{ "Layers" }</h2>
            <table class="compare-layers">
                <thead><tr><th>{ "A" }</th><th>{ "B" }</th><th>{ "match" }</th><th>{ "causes" }</th></tr></thead>
                <tbody>
                { for d.layers.iter().map(|l| html! {
                    <tr class="layer-pair" data-match={l.kind.as_str()}>
                        <td>{ layer_index(l.a) }</td><td>{ layer_index(l.b) }</td><td>{ l.kind.as_str() }</td>
                        <td>{ l.causes.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ") }</td>
                    </tr>
                }) }
                </tbody>
            </table>
            { packages(d) }
            { super::compare_files::view(ctx, d) }
        </div>
    }
}
