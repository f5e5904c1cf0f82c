//! A string from the image that may be very long (a 1 MiB label, 10 000
//! combining marks): its first [`SHOWN`] characters, and a "show all"
//! button for the rest. Laying out a megabyte of unbroken text takes the
//! browser tens of seconds, so nothing renders it whole unless asked.

use crate::view_model::links::truncate;
use yew::prelude::*;

/// Characters shown before "show all".
pub const SHOWN: usize = 2000;

/// Props of [`LongText`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The text.
    pub text: AttrValue,
    /// Classes of the element holding it.
    #[prop_or_default]
    pub class: Classes,
    /// A `<code>` element rather than a `<span>`.
    #[prop_or_default]
    pub code: bool,
}

/// The text, cut to [`SHOWN`] characters with a "show all" button.
#[function_component(LongText)]
pub fn long_text(p: &Props) -> Html {
    let all = use_state(|| false);
    let (shown, cut) = if *all {
        (p.text.to_string(), false)
    } else {
        truncate(&p.text, SHOWN)
    };
    let body = if p.code {
        html! { <code class={p.class.clone()}>{ shown }</code> }
    } else {
        html! { <span class={p.class.clone()}>{ shown }</span> }
    };
    let onclick = {
        let all = all.clone();
        Callback::from(move |_| all.set(true))
    };
    html! {
        <>
            { body }
            if cut {
                { " " }<button class="linkish show-all" {onclick}>{ format!("show all ({} characters)", p.text.chars().count()) }</button>
            }
        </>
    }
}
