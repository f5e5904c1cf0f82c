//! The browser app: one wasm module for the page and its Web Workers (built
//! by Trunk with `data-type="main"`). In the page, `main` renders the app; in
//! a worker (no `window`), the same module answers the page's messages. One
//! module instead of two keeps the code they share (std, serde, the report
//! types, the engine) once in the download; see `web::worker_code`.

#[cfg(target_arch = "wasm32")]
fn main() {
    if web_sys::window().is_some() {
        yew::Renderer::<ocilens::web::app::App>::new().render();
    } else {
        ocilens::web::worker::start();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
