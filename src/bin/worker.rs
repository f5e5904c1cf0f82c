//! The Web Worker binary (built by Trunk with `data-type="worker"`).

#[cfg(target_arch = "wasm32")]
fn main() {
    ocilens::web::worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
