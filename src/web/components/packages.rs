//! The Packages view: the packages the image's dpkg, apk and rpm databases
//! list (`images[].packages[]`, docs/packages.md), filterable by name or
//! version, sortable by size; the selected one shows the layer that
//! installed it (and the one that removed it) and its files, each a link
//! into the Files view ([`crate::view_model::packages`]). Names, versions
//! and paths come from the image and render as text.

use super::super::msg::{AppMsg, ViewCtx};
use super::table_box;
use crate::engine::report::Package;
use crate::view_model::format;
use crate::view_model::packages::{installed_bytes, provenance, PackagesMsg};
use crate::view_model::state::{Target, ViewMsg};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Files of the selected package listed at most.
const MAX_FILES_SHOWN: usize = 500;

fn packages_msg(m: PackagesMsg) -> AppMsg {
    AppMsg::from(ViewMsg::Packages(m))
}

fn input_of(e: &Event) -> Option<HtmlInputElement> {
    e.target().and_then(|t| t.dyn_into().ok())
}

/// The selected package: where it came from and its files.
fn detail(ctx: &ViewCtx<'_>, p: &Package) -> Html {
    let layer = p.layer;
    let to_layer = ctx.on(move |_| AppMsg::from(ViewMsg::Focus(Target::Layer(layer))));
    let shown = p.files.len().min(MAX_FILES_SHOWN);
    html! {
        <section class="package-detail" aria-label="Package" data-testid="package-detail" data-package={p.name.clone()}>
            <h3><code>{ p.name.clone() }</code>{ " " }{ p.version.clone() }{ " " }<span class="muted">{ format!("{} · {}", p.arch, p.manager.as_str()) }</span></h3>
            <p>
                <button class="linkish" onclick={to_layer} data-layer={p.layer.to_string()}>{ provenance(p) }</button>
                { p.size.map(|s| format!(" · {} in {} files", format::bytes(s), p.files.len())).unwrap_or_else(|| " · its database lists no files".into()) }
            </p>
            if shown < p.files.len() {
                <p class="muted">{ format!("The first {shown} of {} files:", p.files.len()) }</p>
            }
            <ul class="package-files">
            { for p.files.iter().take(shown).map(|f| {
                let path = f.clone();
                let open = ctx.on(move |_| AppMsg::from(ViewMsg::Focus(Target::Path(None, path.clone()))));
                html! { <li><button class="linkish mono" data-path={f.clone()} onclick={open}>{ format!("/{f}") }</button></li> }
            }) }
            </ul>
        </section>
    }
}

/// The view.
pub fn view(ctx: &ViewCtx<'_>) -> Html {
    let s = ctx.state;
    let Some(img) = s.current_image() else {
        return html! { <p class="muted">{ "No image." }</p> };
    };
    if img.packages.is_empty() {
        return html! {
            <p class="muted" data-testid="no-packages">{ "No package database was found in this image (dpkg's var/lib/dpkg/status or status.d, apk's lib/apk/db/installed, rpm's rpmdb.sqlite)." }</p>
        };
    }
    let f = &s.view.packages;
    let rows = f.rows(&img.packages);
    let selected = match s.view.focus {
        Some(Target::Package(i)) => img.packages.get(i),
        _ => None,
    };
    let removed = img
        .packages
        .iter()
        .filter(|p| p.removed_in.is_some())
        .count();
    let on_text = ctx.on(|e: InputEvent| {
        let v = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            .map(|i| i.value())
            .unwrap_or_default();
        packages_msg(PackagesMsg::Text(v))
    });
    let on_size = ctx.on(|e: Event| {
        packages_msg(PackagesMsg::BySize(
            input_of(&e).is_some_and(|i| i.checked()),
        ))
    });
    let on_removed = ctx.on(|e: Event| {
        packages_msg(PackagesMsg::WithRemoved(
            input_of(&e).is_some_and(|i| i.checked()),
        ))
    });
    html! {
        <div class="packages" data-testid="packages">
            <p>{ format!("{} packages installed ({}), {removed} removed by a later layer.",
                img.packages.len() - removed, format::bytes(installed_bytes(&img.packages))) }</p>
            <div class="filters">
                <input type="search" placeholder="Filter by name or version" aria-label="Filter packages" value={f.text.clone()} oninput={on_text} />
                <label><input type="checkbox" checked={f.by_size} onchange={on_size} />{ " largest first" }</label>
                <label><input type="checkbox" checked={f.with_removed} onchange={on_removed} />{ " removed ones too" }</label>
            </div>
            { table_box("Packages", html! {
                <table class="packages-table">
                    <thead><tr><th>{ "Name" }</th><th>{ "Version" }</th><th>{ "Arch" }</th><th>{ "Manager" }</th><th>{ "Layer" }</th><th>{ "Size" }</th></tr></thead>
                    <tbody>
                    { for rows.iter().map(|(i, p)| {
                        let i = *i;
                        let focused = selected.is_some_and(|x| std::ptr::eq(x, *p));
                        let select = ctx.on(move |_| AppMsg::from(ViewMsg::Focus(Target::Package(i))));
                        html! {
                            <tr class={classes!(focused.then_some("focused"), p.removed_in.map(|_| "removed"))}
                                data-package={p.name.clone()} data-bytes={p.size.map(|s| s.to_string())}>
                                <td><button class="linkish" onclick={select}>{ p.name.clone() }</button></td>
                                <td>{ p.version.clone() }</td><td>{ p.arch.clone() }</td><td>{ p.manager.as_str() }</td>
                                <td>{ match p.removed_in { Some(r) => format!("{} (removed in {r})", p.layer), None => p.layer.to_string() } }</td>
                                <td>{ p.size.map(format::bytes).unwrap_or_else(|| "—".into()) }</td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
            }) }
            if let Some(p) = selected {
                { detail(ctx, p) }
            }
        </div>
    }
}
