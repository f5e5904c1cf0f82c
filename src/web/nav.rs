//! The page's hooks into the browser for the shell: the URL fragment
//! (read, pushed, replaced), the window's `keydown`, `popstate` and
//! `hashchange` listeners, DOM focus for the keyboard, and the service
//! worker that keeps the app shell for offline reloads (www/sw.js).

use super::msg::AppMsg;
use crate::view_model::keys::{self, Press, Scope};
use crate::view_model::state::{Msg, ViewMsg};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::html::Scope as Link;

/// `location.hash` without its `#`.
pub fn current_hash() -> String {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    hash.strip_prefix('#').unwrap_or(&hash).to_string()
}

/// This page's address with `fragment` (without `#`) as its fragment,
/// copied to the clipboard: a share link, made and handed out.
pub fn copy_link(fragment: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    let url = format!("{base}#{fragment}");
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(&url);
    }
    url
}

/// Writes `fragment` into the URL: a new history entry (`push`) or in
/// place. Neither fires `hashchange`.
pub fn write_hash(fragment: &str, push: bool) {
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    let url = format!("#{fragment}");
    let _ = if push {
        history.push_state_with_url(&JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
    };
}

/// Whether handling `msg` moves to another view or selection: the user's
/// choice, a new history entry. (Keyboard moves in a list replace it.)
pub fn pushes(msg: &AppMsg) -> bool {
    match msg {
        AppMsg::Ui(Msg::View(m)) => m.is_navigation(),
        AppMsg::Key(keys::Action::View(_)) => true,
        _ => false,
    }
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Whether keys typed at `target` are text (a field, a select, an editable element).
fn typing(target: Option<web_sys::EventTarget>) -> bool {
    let Some(el) = target.and_then(|t| t.dyn_into::<Element>().ok()) else {
        return false;
    };
    match el.tag_name().as_str() {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => {
            let kind = el.get_attribute("type").unwrap_or_default();
            !matches!(
                kind.as_str(),
                "button" | "checkbox" | "radio" | "submit" | "reset" | "file" | "range" | "color"
            )
        }
        _ => el
            .dyn_ref::<HtmlElement>()
            .is_some_and(|h| h.is_content_editable()),
    }
}

/// Listens for the shortcuts (decided here, so the browser's default is
/// prevented only for keys the page takes), and for history moves.
pub fn listen(link: &Link<super::app::App>, scope: Rc<Cell<Scope>>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let keys_link = link.clone();
    let on_key = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| {
        if e.default_prevented() {
            return;
        }
        let scope = scope.get();
        if scope.dialog && e.key() == "Tab" {
            e.prevent_default();
            trap_tab(e.shift_key());
            return;
        }
        let key = e.key();
        let press = Press {
            key: &key,
            modifier: e.ctrl_key() || e.alt_key() || e.meta_key(),
            typing: typing(e.target()),
        };
        if let Some(action) = keys::action(&press, scope) {
            e.prevent_default();
            keys_link.send_message(AppMsg::Key(action));
        }
    });
    let _ = window.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
    on_key.forget();
    // back/forward (`popstate`) and an edited fragment (`hashchange`)
    for event in ["popstate", "hashchange"] {
        let hash_link = link.clone();
        let on_hash = Closure::<dyn FnMut()>::new(move || hash_link.send_message(AppMsg::Hash));
        let _ = window.add_event_listener_with_callback(event, on_hash.as_ref().unchecked_ref());
        on_hash.forget();
    }
}

/// The elements Tab stops at in the open dialog.
fn dialog_stops() -> Vec<HtmlElement> {
    let Some(list) = document().and_then(|d| {
        d.query_selector_all("#shortcuts button, #shortcuts a[href], #shortcuts [tabindex]")
            .ok()
    }) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// Keeps Tab inside the dialog: from the last stop to the first, and back.
fn trap_tab(back: bool) {
    let stops = dialog_stops();
    let active = document().and_then(|d| d.active_element());
    let at = stops
        .iter()
        .position(|s| active.as_ref().is_some_and(|a| a.is_same_node(Some(s))));
    let n = stops.len();
    let next = match at {
        _ if n == 0 => return,
        None => 0,
        Some(i) if back => (i + n - 1) % n,
        Some(i) => (i + 1) % n,
    };
    if let Some(s) = stops.get(next) {
        let _ = s.focus();
    }
}

/// Focuses the dialog's first stop.
pub fn focus_dialog() {
    if let Some(s) = dialog_stops().first() {
        let _ = s.focus();
    }
}

/// The focused element, to give the focus back to after a dialog.
pub fn active() -> Option<HtmlElement> {
    document()
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
}

/// Focuses the filter of the current view, if it has one.
pub fn focus_filter() {
    let el = document().and_then(|d| {
        d.query_selector(r#"[role="tabpanel"] input[type="search"]"#)
            .ok()
            .flatten()
    });
    if let Some(el) = el.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Gives the DOM focus to the selected item of the current view (its
/// first button, else the item), which scrolls it into view.
pub fn focus_selected() {
    let Some(d) = document() else { return };
    let el = d
        .query_selector(".view .focused button")
        .ok()
        .flatten()
        .or_else(|| d.query_selector(".view .focused").ok().flatten());
    if let Some(el) = el.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Brings the file-contents panel into view (it sits under the tree),
/// without moving the focus.
pub fn show_preview() {
    let el = document().and_then(|d| d.query_selector(".preview").ok().flatten());
    if let Some(el) = el {
        el.scroll_into_view();
    }
}

/// Whether a drag carries files (not a text selection being dragged).
pub fn drags_files(e: &web_sys::DragEvent) -> bool {
    e.data_transfer()
        .is_some_and(|dt| dt.types().includes(&JsValue::from_str("Files"), 0))
}

/// Registers the service worker (`sw.js`, next to `index.html`): it keeps
/// the app shell so a reload without network still works.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    // absent in insecure contexts (plain http on another host)
    let has =
        js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
    if !has {
        return;
    }
    let registering = navigator.service_worker().register("./sw.js");
    // a refusal (a private window, a policy) only means no offline reload
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(registering).await;
    });
}

/// The view message of a keyboard move.
pub fn move_msg(delta: isize) -> AppMsg {
    AppMsg::from(ViewMsg::Move(delta))
}
