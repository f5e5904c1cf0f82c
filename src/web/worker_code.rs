//! The workers' code, prepared once while the page loads. The page and its
//! workers run one wasm module (`src/bin/app.rs`: without a `window`, `main`
//! starts the worker's message loop), so a worker needs no wasm request of its
//! own: it gets the page's compiled `WebAssembly.Module`
//! (`wasm_bindgen::module()`) by structured clone, and the module's JS glue —
//! Trunk's `app-….js`, fetched once at load from the page's own
//! `<link rel="modulepreload">` — as a `blob:` URL of a module worker.
//! Workers started later (each inspection gets fresh ones) make no request,
//! so the page keeps working offline and makes no request after load.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, Response, Url};

/// Appended to the glue: the first message carries the compiled module
/// (`__wbg_init` is the glue's own initialiser, in scope in the same module).
const BOOT: &str = "\nself.onmessage = (e) => { self.onmessage = null; __wbg_init({ module_or_path: e.data }); };\n";

/// What a new worker needs.
#[derive(Debug, Clone)]
pub struct WorkerCode {
    /// `blob:` URL of the worker script (an ES module).
    pub url: String,
    /// The compiled module (structured-cloned to each worker).
    pub module: JsValue,
}

async fn fetch(path: &str) -> Result<Response, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let resp: Response = JsFuture::from(window.fetch_with_str(path))
        .await?
        .dyn_into()?;
    if !resp.ok() {
        return Err(JsValue::from_str(&format!(
            "{path}: HTTP {}",
            resp.status()
        )));
    }
    Ok(resp)
}

/// The URL of the page's own module glue (Trunk's `modulepreload` link).
fn glue_url() -> Result<String, JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let link = document
        .query_selector("link[rel=\"modulepreload\"][href]")?
        .ok_or("no <link rel=\"modulepreload\"> for the app's JS")?;
    link.get_attribute("href")
        .ok_or_else(|| JsValue::from_str("the modulepreload link has no href"))
}

/// Fetches and prepares the worker code.
pub async fn load() -> Result<WorkerCode, JsValue> {
    let js = JsFuture::from(fetch(&glue_url()?).await?.text()?).await?;
    let parts = js_sys::Array::new();
    parts.push(&js);
    parts.push(&JsValue::from_str(BOOT));
    let opts = BlobPropertyBag::new();
    opts.set_type("text/javascript");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    Ok(WorkerCode {
        url,
        module: wasm_bindgen::module(),
    })
}
