//! The Web Worker: reads the dropped `File` in slices and posts what
//! [`Handler`] (the dispatch, native and tested) makes of each message.
//! One worker does the index pass and keeps the index for `Finish`; any
//! worker verifies blobs. Progress is batched to about ten messages a second.

use super::blob_reader::BlobReader;
use crate::engine::extract::Phase;
use crate::engine::{Event, Sink};
use crate::protocol::{entries, FileSink, FromWorker, Handler, ProgressUpdate, ToWorker};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(msg: &FromWorker) {
    let json = super::js_json::to_js_json(msg).unwrap_or_else(|e| {
        let failed = FromWorker::Failed {
            message: format!("internal error: {e}"),
        };
        JsValue::from_str(&failed.to_json())
    });
    let _ = scope().post_message(&json);
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Posts progress at most every 100 ms.
struct PostSink {
    pending: HashMap<String, (u64, u64)>,
    last: f64,
}

impl PostSink {
    fn new() -> Self {
        PostSink {
            pending: HashMap::new(),
            last: 0.0,
        }
    }
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let updates = self
            .pending
            .drain()
            .map(|(blob, (done, total))| ProgressUpdate { blob, done, total })
            .collect();
        post(&FromWorker::Progress { updates });
        self.last = now();
    }
}

impl Sink for PostSink {
    fn event(&mut self, e: Event<'_>) {
        if let Event::Progress { blob, done, total } = e {
            self.pending.insert(blob.to_string(), (done, total));
            if now() - self.last >= 100.0 {
                self.flush();
            }
        }
    }
}

/// Posts a file's chunks as they come (each with its bytes in a transferred
/// `ArrayBuffer`) and its progress at most every 100 ms. The page cancels by
/// terminating this worker, so `cancelled` is never true here.
struct PostFile {
    pending: Option<(Phase, u64, u64)>,
    last: f64,
}

impl PostFile {
    fn flush(&mut self) {
        if let Some((phase, done, total)) = self.pending.take() {
            post(&FromWorker::FileProgress { phase, done, total });
            self.last = now();
        }
    }
}

impl FileSink for PostFile {
    fn chunk(&mut self, offset: u64, bytes: &[u8]) {
        let array = js_sys::Uint8Array::new_from_slice(bytes);
        let buffer = array.buffer();
        let msg = FromWorker::FileChunk {
            offset,
            len: bytes.len() as u64,
        };
        let parts = js_sys::Array::of2(&JsValue::from_str(&msg.to_json()), &buffer);
        let transfer = js_sys::Array::of1(&buffer);
        let _ = scope().post_message_with_transfer(&parts, &transfer);
    }
    fn progress(&mut self, phase: Phase, done: u64, total: u64) {
        self.pending = Some((phase, done, total));
        if now() - self.last >= 100.0 || done == total {
            self.flush();
        }
    }
    fn cancelled(&mut self) -> bool {
        false
    }
}

thread_local! {
    /// This worker's handler (it keeps the index between `Open` and `Finish`).
    static HANDLER: RefCell<Handler> = RefCell::new(Handler::default().with_clock(now_ms));
}

/// `performance.now()` of this worker, in milliseconds (0 without one).
fn now_ms() -> f64 {
    scope().performance().map_or(0.0, |p| p.now())
}

fn handle(data: JsValue) {
    let array: js_sys::Array = data.unchecked_into();
    // the text (all the results, for `Finish`) is dropped once parsed: its memory is reused
    let parsed = serde_json::from_str::<ToWorker>(&array.get(0).as_string().unwrap_or_default())
        .map_err(|e| e.to_string())
        .and_then(
            |mut msg| match array.get(2).dyn_into::<js_sys::ArrayBuffer>() {
                Ok(b) => entries::restore_to(&mut msg, &js_sys::Uint8Array::new(&b).to_vec())
                    .map(|()| msg),
                Err(_) => Ok(msg),
            },
        );
    let file = array.get(1).dyn_into::<Blob>().ok();
    let reply = match parsed {
        Err(err) => FromWorker::Failed {
            message: format!("bad message: {err}"),
        },
        Ok(ToWorker::ReadFile { target, options }) => match file.map(BlobReader::new) {
            Some(Ok(reader)) => {
                let mut sink = PostFile {
                    pending: None,
                    last: 0.0,
                };
                let reply = HANDLER.with(|h| h.borrow().read(&target, options, reader, &mut sink));
                sink.flush();
                reply
            }
            Some(Err(err)) => FromWorker::Failed {
                message: err.to_string(),
            },
            None => FromWorker::Failed {
                message: "no file".into(),
            },
        },
        Ok(msg) => match file.map(BlobReader::new).transpose() {
            Err(err) => FromWorker::Failed {
                message: err.to_string(),
            },
            Ok(reader) => {
                let mut sink = PostSink::new();
                let reply = HANDLER.with(|h| h.borrow_mut().handle(msg, reader, &mut sink));
                sink.flush();
                reply
            }
        },
    };
    post_reply(reply);
}

/// Posts a job's reply; a layer's result or a report as `[json, entries]`, its entries in a
/// transferred `ArrayBuffer` (`protocol::entries`) rather than in the JSON.
fn post_reply(mut reply: FromWorker) {
    let Some(bytes) = entries::take(&mut reply) else {
        return post(&reply);
    };
    let json = super::js_json::to_js_json(&reply);
    let buffer = js_sys::Uint8Array::new_from_slice(&bytes).buffer();
    drop(bytes);
    match json {
        Ok(json) => {
            let parts = js_sys::Array::of2(&json, &buffer);
            let _ = scope().post_message_with_transfer(&parts, &js_sys::Array::of1(&buffer));
        }
        Err(e) => post(&FromWorker::Failed {
            message: format!("internal error: {e}"),
        }),
    }
}

/// A job under JSPI: the boot script's job loop calls this export through
/// `WebAssembly.promising`, one message at a time (`web::jspi`).
#[wasm_bindgen]
pub fn ocilens_run_job() {
    handle(super::jspi::take_message());
}

/// The worker's entry point: installs the message handler (unless the boot
/// script runs the jobs under JSPI) and says it is ready.
pub fn start() {
    if !super::jspi::active() {
        let on_message =
            Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| handle(e.data()));
        scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
    }
    post(&FromWorker::Ready);
}
