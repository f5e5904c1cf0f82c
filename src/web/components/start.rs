//! The start page: the drop zone, the "Paste your error" box, the explained
//! problems and the samples.
//! After a drop the gallery leaves the views; the Samples menu
//! ([`super::shell`]) holds it.

use super::super::msg::{AppMsg, ViewCtx};
use super::super::samples::{Sample, INCIDENTS, SAMPLES};
use yew::prelude::*;

/// The start page.
pub fn view(ctx: &ViewCtx<'_>) -> Html {
    html! { <>{ drop_zone() }{ super::paste::panel(ctx, "h2") }{ gallery(ctx, "h2") }</> }
}

fn drop_zone() -> Html {
    html! {
        <section class="dropzone">
            <p class="big">{ "Drop an image tarball anywhere on this page" }</p>
            <p>{ "docker save, podman save, skopeo docker-archive or oci-archive, an OCI layout in a tar, any of them gzip/zstd/xz/bzip2-compressed, a rootfs tarball — or a report JSON written by the ocilens CLI." }</p>
            <p class="small">{ "The file is read in slices by Web Workers on this machine. Every digest, size and DiffID is verified here; nothing is sent anywhere." }</p>
        </section>
    }
}

/// One gallery section under a heading of level `heading`; `msg` turns a
/// sample's position into the message that opens it.
fn sample_list(
    (title, label, heading): (&str, &str, &'static str),
    class: &'static str,
    samples: &[Sample],
    ctx: &ViewCtx<'_>,
    msg: fn(usize) -> AppMsg,
) -> Html {
    html! {
        <section class="gallery" aria-label={label.to_string()}>
            <@{heading}>{ title.to_string() }</@>
            <ul>
            { for samples.iter().enumerate().map(|(i, s)| html! {
                <li>
                    <button class={classes!("sample", class)} data-sample={s.file} onclick={ctx.on(move |_| msg(i))}>
                        <strong>{ s.title }</strong>
                        <span class="blurb">{ s.blurb }</span>
                        <code>{ s.file }</code>
                    </button>
                </li>
            }) }
            </ul>
        </section>
    }
}

/// The explained problems and the samples, with headings of level `heading`.
pub fn gallery(ctx: &ViewCtx<'_>, heading: &'static str) -> Html {
    html! {
        <>
            { sample_list(("Explained problems: real incidents, one click each", "Explained problems", heading), "incident", INCIDENTS, ctx, AppMsg::Incident) }
            { sample_list(("No tarball at hand? Try a sample", "Samples", heading), "plain", SAMPLES, ctx, AppMsg::Sample) }
        </>
    }
}
