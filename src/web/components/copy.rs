//! Copy buttons: the clipboard when the browser allows it, else the text
//! beside the button selected, ready for Ctrl+C. The button follows the
//! element that shows the text (a read-only field or a `<code>`), and says
//! what happened.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A Copy button for `text`; `label` names what it copies, for readers.
/// Place it right after the element that shows `text`.
pub fn button(text: &str, label: String) -> Html {
    let t = text.to_string();
    let onclick = Callback::from(move |e: MouseEvent| copy(&e, &t));
    html! { <button class="button ghost copy" aria-label={label} {onclick}>{ "Copy" }</button> }
}

/// Copies `text`; the button says what happened (feedback only).
fn copy(e: &MouseEvent, text: &str) {
    // Yew delegates events to the root: `current_target` is not the button
    let Some(button) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("button.copy").ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let shown = button.previous_element_sibling();
    // the fallback: the text selected, ready for Ctrl+C
    let fallback = move |button: &web_sys::HtmlElement| {
        match shown
            .clone()
            .map(|el| el.dyn_into::<web_sys::HtmlInputElement>())
        {
            Some(Ok(field)) => field.select(),
            Some(Err(el)) => {
                if let Some(sel) = web_sys::window().and_then(|w| w.get_selection().ok().flatten())
                {
                    let _ = sel.select_all_children(&el);
                }
            }
            None => {}
        }
        button.set_text_content(Some("Selected: press Ctrl+C"));
    };
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
        fallback(&button);
        return;
    };
    let promise = clipboard.write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => button.set_text_content(Some("Copied")),
            Err(_) => fallback(&button),
        }
    });
}
