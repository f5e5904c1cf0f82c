//! The browser glue (wasm only, thin): the worker entry, the `File` reader,
//! the worker pool, and the Yew components that render the view model.

pub mod app;
pub mod blob_reader;
pub mod bridge;
pub mod components;
pub mod file_read;
pub mod js_json;
pub mod jspi;
pub mod msg;
pub mod nav;
pub mod samples;
pub mod worker;
pub mod worker_code;
