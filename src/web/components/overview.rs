//! Overview: format, compression, references, platforms, sizes, verdict.

use super::super::msg::{AppMsg, ViewCtx};
use super::table_box;
use crate::view_model::format;
use crate::view_model::state::{Phase, Target, ViewMsg};
use yew::prelude::*;

/// The overview.
pub fn view(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    let Some(input) = &s.session.input else {
        return html! { <p class="muted">{ "Reading the archive…" }</p> };
    };
    let (e, w, i) = match &s.session.report {
        Some(r) => (r.summary.errors, r.summary.warnings, r.summary.infos),
        None => (0, 0, 0),
    };
    let verdict = match &s.session.report {
        Some(r) => html! {
            <p class={classes!("verdict", if e > 0 { "bad" } else if w > 0 { "warn" } else { "ok" })} data-testid="verdict">
                <strong>{ format!("{e} error(s), {w} warning(s), {i} info") }</strong>{ " — " }{ r.summary.verdict.clone() }
            </p>
        },
        None if s.session.phase == Phase::Cancelled => {
            html! { <p class="verdict warn">{ "Cancelled: what was read so far is shown, nothing more was verified." }</p> }
        }
        None => {
            html! { <p class="verdict pending">{ "Verifying… marks fill in as each blob completes." }</p> }
        }
    };
    let refs = s.session.references();
    html! {
        <div class="overview">
            { verdict }
            <dl class="facts">
                <dt>{ "Format" }</dt><dd data-testid="format">{ input.format.as_str() }</dd>
                <dt>{ "Outer compression" }</dt><dd data-testid="outer-compression">{ input.outer_compression.as_str() }</dd>
                <dt>{ "File size" }</dt><dd>{ format::bytes(s.session.size) }</dd>
                if let Some(d) = &input.rootfs_diff_id {
                    <dt>{ "DiffID an import should record" }</dt><dd><code data-testid="rootfs-diffid">{ d.clone() }</code></dd>
                }
            </dl>
            <h2>{ "References" }</h2>
            if refs.is_empty() {
                <p class="muted">{ "The archive names no image." }</p>
            } else {
                { table_box("References", html! {
                <table class="refs" data-testid="references">
                    <thead><tr><th>{ "As written" }</th><th>{ "Normalised" }</th><th>{ "Source" }</th><th>{ "Target" }</th></tr></thead>
                    <tbody>
                    { for refs.iter().map(|r| html! {
                        <tr>
                            <td><code>{ r.as_written.clone() }</code></td>
                            <td><code>{ r.normalized.clone().unwrap_or_else(|| "—".into()) }</code></td>
                            <td>{ r.source.as_str() }</td>
                            <td><code>{ r.target.as_deref().map(format::short_digest).unwrap_or_default() }</code></td>
                        </tr>
                    }) }
                    </tbody>
                </table>
                }) }
            }
            <h2>{ "Images" }</h2>
            { table_box("Images", html! {
            <table class="images">
                <thead><tr><th>{ "#" }</th><th>{ "Kind" }</th><th>{ "Platform" }</th><th>{ "Manifest" }</th><th>{ "Layers" }</th><th>{ "Compressed" }</th><th>{ "Uncompressed" }</th></tr></thead>
                <tbody>
                { for s.session.images().iter().enumerate().map(|(n, img)| {
                    let platform = format::platform(img).unwrap_or_else(|| "?".into());
                    let packed: u64 = img.layers.iter().filter_map(|l| l.size).sum();
                    let unpacked: u64 = img.layers.iter().filter_map(|l| l.uncompressed_size).sum();
                    let digest = img.manifest.digest.clone();
                    html! {
                        <tr>
                            <td><button class="linkish" onclick={ctx.on(move |_| AppMsg::from(ViewMsg::Image(n)))}>{ n }</button></td>
                            <td>{ img.kind.as_str() }</td>
                            <td>{ platform }</td>
                            <td>
                            if let Some(d) = digest.clone() {
                                <button class="digest" onclick={ctx.on(move |_| AppMsg::from(ViewMsg::Focus(Target::Blob(d.clone()))))}>{ format::short_digest(digest.as_deref().unwrap_or_default()) }</button>
                            } else { { "— (manifest.json only)" } }
                            </td>
                            <td>{ img.layers.len() }</td>
                            <td>{ format::bytes(packed) }</td>
                            <td>{ if unpacked > 0 { format::bytes(unpacked) } else { "…".into() } }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            }) }
        </div>
    }
}
