//! Overview, in the order a person reads it: the verdict; who the image is
//! (image ID full and short, manifest digest, copyable, and whether the
//! archive keeps the registry's manifest digest); the platform picker; what
//! it runs and as whom; how big it is; its worst findings; its efficiency
//! and the size picture; "Will it load?" (with "Paste your error"), and the archive's
//! details (format, references, images). Renders [`crate::view_model::overview::Overview`].

use super::super::msg::{AppMsg, ViewCtx};
use super::link_or_text;
use super::long_text::LongText;
use super::table_box;
use crate::view_model::format;
use crate::view_model::overview::{Identity, Overview, Run, Sizes, TopFinding};
use crate::view_model::size_picture::SizePicture;
use crate::view_model::state::{Phase, Tab, Target, ViewMsg};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The overview.
pub fn view(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    let Some(input) = &s.session.input else {
        return html! { <p class="muted">{ "Reading the archive…" }</p> };
    };
    let tree = s.session.report.as_ref().and_then(|r| r.tree.as_ref());
    let o = Overview::build(
        input.format,
        s.session.images(),
        s.view.image,
        tree,
        s.session.findings(),
    );
    // a share link carries only a few paths: no directory sizes from it
    let whole_tree = tree.filter(|_| s.session.link_dropped.is_none());
    let merged =
        whole_tree.and_then(|t| t.merged.iter().find(|m| m.image as usize == s.view.image));
    html! {
        <div class="overview">
            { verdict(ctx) }
            if let Some(id) = &o.identity { { identity(id) } }
            { platform_picker(ctx) }
            if let Some(run) = &o.run { { runs(run) } }
            { sizes(&o.sizes, s.session.size) }
            { top_findings(ctx, &o) }
            if let Some(e) = &o.efficiency {
                { super::efficiency::view(ctx, e) }
                if let Some(img) = s.session.images().get(s.view.image) {
                    { super::size_picture::view(&SizePicture::build(img, merged), &e.doc) }
                }
            }
            { super::verdicts::view(ctx) }
            <details class="archive-details" open=true>
                <summary><h2>{ "Archive" }</h2></summary>
                <dl class="facts">
                    <dt>{ "Format" }</dt><dd data-testid="format">{ input.format.as_str() }</dd>
                    <dt>{ "Outer compression" }</dt><dd data-testid="outer-compression">{ input.outer_compression.as_str() }</dd>
                    if let Some(d) = &input.rootfs_diff_id {
                        <dt>{ "DiffID an import should record" }</dt><dd><code data-testid="rootfs-diffid">{ d.clone() }</code></dd>
                    }
                </dl>
                { references(ctx) }
                { images(ctx) }
            </details>
        </div>
    }
}

fn verdict(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    match &s.session.report {
        Some(r) => {
            let (e, w, i) = (r.summary.errors, r.summary.warnings, r.summary.infos);
            let tone = if e > 0 {
                "bad"
            } else if w > 0 {
                "warn"
            } else {
                "ok"
            };
            html! {
                <p class={classes!("verdict", tone)} data-testid="verdict">
                    <strong>{ format!("{e} error(s), {w} warning(s), {i} info") }</strong>{ " — " }{ r.summary.verdict.clone() }
                </p>
            }
        }
        None if s.session.phase == Phase::Cancelled => {
            html! { <p class="verdict warn">{ "Cancelled: what was read so far is shown, nothing more was verified." }</p> }
        }
        None => {
            html! { <p class="verdict pending">{ "Verifying… marks fill in as each blob completes." }</p> }
        }
    }
}

fn identity(id: &Identity) -> Html {
    let kept = id.manifest_kept;
    html! {
        <section class="identity" aria-label="Identity">
            <dl class="facts">
                { copyable("Image ID", "image-id", id.image_id.as_deref(), "(no config)") }
                if let Some(short) = &id.image_id_short {
                    <dt>{ "Image ID, short" }</dt>
                    <dd>
                        <code data-testid="image-id-short">{ short.clone() }</code>
                        <span class="muted">{ " — the IMAGE ID of docker images and podman images (Docker's containerd image store shows the manifest or index digest instead)" }</span>
                    </dd>
                }
                { copyable("Manifest digest", "manifest-digest", id.manifest_digest.as_deref(), "— (this archive stores no manifest)") }
                <dt>{ "Keeps the registry's manifest digest" }</dt>
                <dd data-testid="manifest-kept" data-kept={kept.answer()}>
                    <strong>{ kept.answer() }</strong>{ " — " }{ kept.explanation() }
                </dd>
            </dl>
        </section>
    }
}

/// A digest shown in full in a read-only field, with a copy button.
fn copyable(label: &str, id: &str, value: Option<&str>, none: &str) -> Html {
    let Some(v) = value else {
        return html! { <><dt>{ label.to_string() }</dt><dd class="muted">{ none.to_string() }</dd></> };
    };
    html! {
        <>
            <dt>{ label.to_string() }</dt>
            <dd class="copyable">
                <input type="text" readonly=true class="copy-text" data-testid={id.to_string()} aria-label={label.to_string()} value={v.to_string()} size="72" />
                { super::copy::button(v, format!("Copy the {}", label.to_lowercase())) }
            </dd>
        </>
    }
}

fn platform_picker(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    if s.session.images().len() < 2 {
        return html! {};
    }
    let onchange = ctx.on(|e: Event| {
        let v = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .and_then(|sel| sel.value().parse::<usize>().ok())
            .unwrap_or(0);
        AppMsg::from(ViewMsg::Image(v))
    });
    html! {
        <label class="image-select">
            { "Image " }
            <select aria-label="Image" {onchange}>
            { for s.session.images().iter().enumerate().map(|(i, img)| {
                let platform = format::platform(img).unwrap_or_else(|| "?".into());
                let digest = img.manifest.digest.as_deref().or(img.config.digest.as_deref()).map(format::short_digest).unwrap_or_default();
                html! { <option value={i.to_string()} selected={i == s.view.image}>{ format!("{i}: {} {platform} {digest}", img.kind) }</option> }
            }) }
            </select>
        </label>
    }
}

fn list(items: &[String], more: usize) -> Html {
    html! { <>
        { for items.iter().enumerate().map(|(i, p)| html! { <>{ if i > 0 { ", " } else { "" } }<LongText code=true text={p.clone()} /></> }) }
        if more > 0 { <span class="muted">{ format!(", and {more} more") }</span> }
    </> }
}

/// Says how many entries of the list `what` are not shown (the Overview
/// keeps the first `view_model::overview::MAX_ROWS`).
fn more_rows(what: &str, more: usize) -> Html {
    if more == 0 {
        return html! {};
    }
    html! {
        <p class="muted" data-testid={format!("run-{}-more", what.to_lowercase())}>
            { format!("{more} more {what} entries are not shown here; the whole config is in the Structure view.") }
        </p>
    }
}

/// One `dt`/`dd` pair when `value` is set.
fn fact(label: &str, id: &str, value: Option<&str>) -> Html {
    match value {
        Some(v) => {
            html! { <><dt>{ label.to_string() }</dt><dd data-testid={id.to_string()}><LongText code=true text={v.to_string()} /></dd></> }
        }
        None => html! {},
    }
}

fn runs(run: &Run) -> Html {
    html! {
            <section class="runs" aria-label="What it runs">
                <h2>{ "What it runs" }</h2>
                <dl class="facts">
                    { fact("Entrypoint", "run-entrypoint", run.entrypoint.as_deref()) }
                    { fact("Cmd", "run-cmd", run.cmd.as_deref()) }
                    if run.entrypoint.is_none() && run.cmd.is_none() {
                        <dt>{ "Command" }</dt><dd class="muted">{ "none set (the runtime needs one given)" }</dd>
                    }
                    <dt>{ "User" }</dt>
                    <dd data-testid="run-user" class={classes!(run.user.root.then_some("root"))}>{ run.user.text.clone() }</dd>
                    { fact("WorkingDir", "run-workdir", run.working_dir.as_deref()) }
                    if !run.ports.is_empty() { <dt>{ "ExposedPorts" }</dt><dd data-testid="run-ports">{ list(&run.ports, run.more.ports) }</dd> }
                    if !run.volumes.is_empty() { <dt>{ "Volumes" }</dt><dd data-testid="run-volumes">{ list(&run.volumes, run.more.volumes) }</dd> }
                    { fact("StopSignal", "run-stopsignal", run.stop_signal.as_deref()) }
                    { fact("Healthcheck", "run-healthcheck", run.healthcheck.as_deref()) }
                </dl>
                if !run.env.is_empty() {
                    <h3>{ "Env" }</h3>
                    { table_box("Env", html! {
    <table class="env" data-testid="run-env">
                        <tbody>
                        { for run.env.iter().map(|e| html! {
                            <tr data-env={e.name.clone()}>
                                <th scope="row"><LongText code=true text={e.name.clone()} /></th>
                                <td class={classes!(e.masked.then_some("masked"))}>
                                    <LongText code=true text={e.value.clone()} />
                                    if e.masked { <span class="muted">{ " (looks like a secret: masked)" }</span> }
                                </td>
                            </tr>
                        }) }
                        </tbody>
                    </table>
    }) }
                    { more_rows("Env", run.more.env) }
                }
                if !run.labels.is_empty() {
                    <h3>{ "Labels" }</h3>
                    { table_box("Labels", html! {
    <table class="labels" data-testid="run-labels">
                        <tbody>
                        { for run.labels.iter().map(|l| html! {
                            <tr data-label={l.key.clone()}>
                                <th scope="row"><LongText code=true text={l.key.clone()} /></th>
                                <td>{ if l.href.is_some() { link_or_text(&l.value) } else { html! { <LongText text={l.value.clone()} /> } } }</td>
                            </tr>
                        }) }
                        </tbody>
                    </table>
    }) }
                    { more_rows("Labels", run.more.labels) }
                }
            </section>
        }
}

fn sizes(z: &Sizes, file_size: u64) -> Html {
    let or_pending = |v: Option<u64>| v.map(format::bytes).unwrap_or_else(|| "…".into());
    html! {
        <section class="sizes" aria-label="Sizes">
            <h2>{ "Size" }</h2>
            <dl class="facts">
                <dt>{ "Compressed (layers)" }</dt><dd data-testid="size-compressed">{ or_pending(z.compressed) }</dd>
                <dt>{ "Uncompressed (layers)" }</dt><dd data-testid="size-uncompressed">{ or_pending(z.uncompressed) }</dd>
                <dt>{ if z.files_per_layer { "Entries (all layers)" } else { "Files" } }</dt>
                <dd data-testid="size-files">{ z.files.map(|n| n.to_string()).unwrap_or_else(|| "…".into()) }</dd>
                <dt>{ "This file" }</dt><dd>{ format::bytes(file_size) }</dd>
            </dl>
        </section>
    }
}

fn top_findings(ctx: &ViewCtx<'_>, o: &Overview) -> Html {
    if o.top.is_empty() {
        return html! {};
    }
    let item = |t: &TopFinding| {
        let i = t.index;
        html! {
            <li class={classes!("finding", t.severity.as_str())} data-code={t.code.as_str()}>
                <span class="sev">{ t.severity.as_str() }</span>{ " " }
                <code class="code">{ t.code.as_str() }</code>{ " " }
                <button class="linkish" onclick={ctx.on(move |_| AppMsg::from(ViewMsg::Focus(Target::Finding(i))))}>{ t.message.clone() }</button>
            </li>
        }
    };
    html! {
        <section class="top-findings" aria-label="Most severe findings" data-testid="top-findings">
            <h2>{ "Most severe findings" }</h2>
            <ul>{ for o.top.iter().map(item) }</ul>
            <button class="linkish all-findings" onclick={ctx.on(|_| AppMsg::from(ViewMsg::Tab(Tab::Findings)))}>
                { format!("All {} findings →", o.findings) }
            </button>
        </section>
    }
}

fn references(ctx: &ViewCtx<'_>) -> Html {
    let refs = ctx.state.session.references();
    if refs.is_empty() {
        return html! { <><h3>{ "References" }</h3><p class="muted">{ "The archive names no image." }</p></> };
    }
    html! {
            <>
                <h3>{ "References" }</h3>
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
            </>
        }
}

fn images(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    html! {
            <>
                <h3>{ "Images" }</h3>
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
                            <tr class={classes!((n == s.view.image).then_some("selected"))}>
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
            </>
        }
}
