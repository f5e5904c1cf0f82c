//! The file-contents panel under the Files view: what the opened path is
//! (the links followed to it, or what it is instead of a file), the read's
//! progress with Cancel, then the text (its encoding named), the hex view or
//! the image (an `<img>` on a `blob:` URL, SVG too: never inlined), and
//! "Download this file". Everything from the image is rendered as text.

use super::super::msg::{AppMsg, ViewCtx};
use crate::engine::extract::{Phase, Selector};
use crate::view_model::format;
use crate::view_model::preview::{HexRow, Preview, HEX_MAX};
use crate::view_model::state::{Opened, PreviewMsg, Purpose, Reading};
use yew::prelude::*;

fn which(selector: Selector) -> String {
    match selector {
        Selector::Merged => "merged view: the copy the image runs with".into(),
        Selector::Layer(l) => format!("layer {l}'s own copy"),
    }
}

/// The read's progress bar, its words and Cancel.
fn progress(ctx: &ViewCtx<'_>, o: &Opened, r: &Reading) -> Html {
    let layer = o.target.as_ref().map_or(0, |t| t.file.layer);
    let what = match (r.phase, &r.purpose) {
        (Phase::Seeking, _) => format!("Decoding layer {layer} up to the file"),
        (Phase::Copying, Purpose::Download(_)) => "Reading the file for the download".into(),
        (Phase::Copying, _) => "Reading the file".into(),
    };
    let pct = if r.total == 0 {
        0.0
    } else {
        r.done as f64 / r.total as f64 * 100.0
    };
    html! {
        <div class="preview-progress" role="status">
            <progress max="100" value={format!("{pct:.1}")} aria-label="File read progress"></progress>
            <span>{ format!("{what}: {} of {}", format::bytes(r.done), format::bytes(r.total)) }</span>
            <button class="button ghost" onclick={ctx.on(|_| AppMsg::from(PreviewMsg::Cancel))}>{ "Cancel" }</button>
        </div>
    }
}

fn hex_line(r: &HexRow) -> String {
    format!("{}  {:<48}  |{}|\n", r.offset, r.hex, r.ascii)
}

/// The preview itself.
fn shown(o: &Opened) -> Html {
    match &o.shown {
        None => html! {},
        Some(Preview::Empty) => html! { <p class="muted">{ "An empty file." }</p> },
        Some(Preview::Text {
            encoding,
            text,
            truncated,
        }) => html! {
            <>
                <p class="muted" data-testid="preview-encoding" data-encoding={encoding.label()}>
                    { format!("Text, {}", encoding.label()) }
                    { if *truncated { " — the first 1 MiB is shown; download the file for the rest" } else { "" } }
                </p>
                <pre class="preview-text" data-testid="preview-text">{ text.clone() }</pre>
            </>
        },
        Some(Preview::Hex { rows, shown, size }) => html! {
            <>
                <p class="muted">
                    { format!("Binary: the first {} of {} in hex", format::bytes(*shown), format::bytes(*size)) }
                    { if *size > HEX_MAX as u64 { " (download the file for the rest)" } else { "" } }
                </p>
                <pre class="preview-hex" data-testid="preview-hex">{ rows.iter().map(hex_line).collect::<String>() }</pre>
            </>
        },
        Some(Preview::Image { format, .. }) => match &o.image_url {
            Some(url) => html! {
                <img class="preview-image" src={url.clone()} alt={format!("{} ({})", o.path, format.mime())} data-testid="preview-image" />
            },
            None => html! {},
        },
    }
}

/// The panel, when a file is open.
pub fn view(ctx: &ViewCtx<'_>) -> Html {
    let Some(o) = &ctx.state.view.preview.opened else {
        return html! {};
    };
    let reading = o.reading.as_ref();
    let downloading = reading.is_some_and(|r| matches!(r.purpose, Purpose::Download(_)));
    html! {
        <section class="preview" data-testid="preview" data-state={o.state()} aria-label="File contents">
            <div class="preview-head">
                <h2>{ format!("/{}", o.path) }</h2>
                <span class="muted">{ which(o.selector) }</span>
                if let Some(t) = &o.target {
                    <span class="muted" data-testid="preview-where">{ format!("{} in layer {}", format::bytes(t.file.size), t.file.layer) }</span>
                    if o.not.is_none() && !downloading {
                        <button class="button" onclick={ctx.on(|_| AppMsg::from(PreviewMsg::Download))}>{ "Download this file" }</button>
                    }
                }
                <button class="button ghost" aria-label="Close the file" onclick={ctx.on(|_| AppMsg::from(PreviewMsg::Close))}>{ "Close" }</button>
            </div>
            if !o.links.is_empty() {
                <p data-testid="preview-links">{ format!("Resolved within the image: {}", o.links.join(", then ")) }</p>
            }
            if let Some(not) = &o.not {
                <p class="preview-not" data-testid="preview-not">{ not.clone() }</p>
            }
            if let Some(r) = reading {
                { progress(ctx, o, r) }
            }
            if let Some(note) = &o.note {
                <p class="muted" data-testid="preview-note">{ note.clone() }</p>
            }
            { shown(o) }
        </section>
    }
}
