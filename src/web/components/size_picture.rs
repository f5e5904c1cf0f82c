//! Writes out [`crate::view_model::size_picture`] as inline SVG: each
//! picture a `role="img"` with its `<title>` and `<desc>`, each bar with its
//! own `<title>` tooltip, the waste hatched (not only coloured), and the
//! rows once more as a table for whoever would rather read.

use crate::view_model::format;
use crate::view_model::size_picture::{Anchor, Bar, Fill, Picture, SizePicture};
use yew::prelude::*;

fn fill_class(f: Fill) -> &'static str {
    match f {
        Fill::Layer => "bar-layer",
        Fill::Fold => "bar-fold",
        Fill::Waste => "bar-waste",
        Fill::Dir => "bar-dir",
        Fill::Subdir => "bar-subdir",
    }
}

/// Two decimals at most: SVG coordinates.
fn n(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    r.to_string()
}

fn bar(b: &Bar, hatch: &str) -> Html {
    let fill = (b.fill == Fill::Waste).then(|| format!("url(#{hatch})"));
    html! {
        <rect class={fill_class(b.fill)} x={n(b.x)} y={n(b.y)} width={n(b.w)} height={n(b.h)} fill={fill} data-bytes={b.bytes.to_string()}>
            <title>{ b.title.clone() }</title>
        </rect>
    }
}

/// One picture; `id` makes its title, description and hatch ids unique.
fn svg(p: &Picture, id: &str) -> Html {
    let (title, desc, hatch) = (
        format!("{id}-title"),
        format!("{id}-desc"),
        format!("{id}-hatch"),
    );
    html! {
        <svg class="size-svg" data-testid={id.to_string()} role="img" aria-labelledby={title.clone()} aria-describedby={desc.clone()}
            viewBox={format!("0 0 {} {}", n(p.width), n(p.height))} preserveAspectRatio="xMinYMin meet">
            <title id={title}>{ p.title.clone() }</title>
            <desc id={desc}>{ p.desc.clone() }</desc>
            <defs>
                <pattern id={hatch.clone()} class="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                    <rect class="hatch-bg" width="6" height="6" />
                    <line class="hatch-line" x1="0" y1="0" x2="0" y2="6" />
                </pattern>
            </defs>
            { for p.bars.iter().map(|b| bar(b, &hatch)) }
            { for p.labels.iter().map(|l| html! {
                <text x={n(l.x)} y={n(l.y)} class={classes!(l.muted.then_some("muted"))}
                    text-anchor={match l.anchor { Anchor::Start => "start", Anchor::End => "end" }}>{ l.text.clone() }</text>
            }) }
        </svg>
    }
}

/// The size picture: layers, then the largest directories, each with its
/// rows as a table under a disclosure; `doc` is the waste model's link.
pub fn view(sp: &SizePicture, doc: &str) -> Html {
    html! {
        <section class="size-picture" aria-label="Size picture" data-testid="size-picture">
            <h2>{ "Where the size is" }</h2>
            <h3>{ "Layers" }</h3>
            <figure>
                { svg(&sp.layers, "size-layers") }
                <figcaption class="muted">
                    { "Layers by uncompressed size, the last at the top and the base at the bottom; the hatched end of a bar is its " }
                    <a href={doc.to_string()}>{ "wasted bytes" }</a>{ " (hidden by a later layer)." }
                </figcaption>
            </figure>
            <details class="picture-table">
                <summary>{ "The layers as a table" }</summary>
                { super::table_box("Layers by size", html! {
                    <table data-testid="size-layers-table">
                        <thead><tr><th>{ "Layer" }</th><th>{ "Uncompressed" }</th><th>{ "Wasted" }</th><th>{ "Created by" }</th></tr></thead>
                        <tbody>
                        { for sp.layer_rows.iter().map(|r| html! {
                            <tr data-first={r.first.to_string()} data-last={r.last.to_string()}>
                                <td>{ r.label() }</td>
                                <td data-bytes={r.bytes.map(|b| b.to_string())}>{ r.bytes.map(format::bytes).unwrap_or_else(|| "not read".into()) }</td>
                                <td data-bytes={r.wasted.to_string()}>{ format::bytes(r.wasted) }</td>
                                <td><code>{ r.created_by.clone().unwrap_or_default() }</code></td>
                            </tr>
                        }) }
                        </tbody>
                    </table>
                }) }
            </details>
            <h3>{ "Largest directories" }</h3>
            if let Some(dirs) = &sp.dirs {
                <figure>
                    { svg(dirs, "size-dirs") }
                    <figcaption class="muted">{ "The largest directories of the final file system, by the bytes of the regular files below them (hard links count once), each with its largest subdirectories." }</figcaption>
                </figure>
            } else {
                <p class="muted">{ "The largest directories need the whole file tree, which a share link does not carry." }</p>
            }
        </section>
    }
}
