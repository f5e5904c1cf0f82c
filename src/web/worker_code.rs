//! The worker's code, fetched once while the page loads: `worker.js` as a
//! `blob:` URL and `worker_bg.wasm` compiled to a `WebAssembly.Module`.
//! Workers started later (each inspection gets fresh ones) need no request,
//! so the page keeps working offline and makes no request after load.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, Response, Url};

/// Appended to `worker.js`: the first message carries the compiled module.
const BOOT: &str = "\nself.onmessage = (e) => { self.onmessage = null; wasm_bindgen({ module_or_path: e.data }); };\n";

/// What a new worker needs.
#[derive(Debug, Clone)]
pub struct WorkerCode {
    /// `blob:` URL of the worker script.
    pub url: String,
    /// The compiled worker module (structured-cloned to each worker).
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

/// Fetches and prepares the worker code.
pub async fn load() -> Result<WorkerCode, JsValue> {
    let js = JsFuture::from(fetch("./worker.js").await?.text()?).await?;
    let parts = js_sys::Array::new();
    parts.push(&js);
    parts.push(&JsValue::from_str(BOOT));
    let opts = BlobPropertyBag::new();
    opts.set_type("text/javascript");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let bytes = JsFuture::from(fetch("./worker_bg.wasm").await?.array_buffer()?).await?;
    let module = JsFuture::from(js_sys::WebAssembly::compile(&bytes)).await?;
    Ok(WorkerCode { url, module })
}
