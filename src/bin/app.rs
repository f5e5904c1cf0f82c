//! The page's binary (built by Trunk with `data-type="main"`).

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<ocilens::web::app::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
