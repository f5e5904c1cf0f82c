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
/// The message is `[module, streams]`: with `streams` and JSPI at hand, jobs run under JSPI
/// (`web::jspi::BOOT`, appended before this line).
const BOOT: &str = r#"
self.onmessage = (e) => {
  self.onmessage = null;
  const [module, streams] = Array.isArray(e.data) ? e.data : [e.data, true];
  if (streams && ocilens_jspi.supported) { ocilens_jspi.install(); self.onmessage = ocilens_jspi.enqueue; }
  __wbg_init({ module_or_path: module }).then(() => { ocilens_jspi.started = true; ocilens_jspi.pump(); });
};
"#;

/// What a new worker needs.
#[derive(Debug, Clone)]
pub struct WorkerCode {
    /// `blob:` URL of the worker script (an ES module).
    pub url: String,
    /// The compiled module (structured-cloned to each worker).
    pub module: JsValue,
    /// Whether workers may stream the `File` under JSPI (`web::jspi`); the page's
    /// `?reader=slices` turns it off, to measure or test the `FileReaderSync` path.
    pub streams: bool,
}

impl WorkerCode {
    /// The first message a new worker gets: `[module, streams]`.
    pub fn boot_message(&self) -> JsValue {
        js_sys::Array::of2(&self.module, &JsValue::from_bool(self.streams)).into()
    }
}

/// Whether the page's URL asks for `FileReaderSync` slices instead of streams.
fn slices_asked() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| {
            q.trim_start_matches('?')
                .split('&')
                .any(|kv| kv == "reader=slices")
        })
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
    parts.push(&JsValue::from_str(super::jspi::BOOT));
    parts.push(&JsValue::from_str(BOOT));
    let opts = BlobPropertyBag::new();
    opts.set_type("text/javascript");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    Ok(WorkerCode {
        url,
        module: wasm_bindgen::module(),
        streams: !slices_asked(),
    })
}
