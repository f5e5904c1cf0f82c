//! The Web Worker: reads the dropped `File` in slices and posts what
//! [`Handler`] (the dispatch, native and tested) makes of each message.
//! One worker does the index pass and keeps the index for `Finish`; any
//! worker verifies blobs. Progress is batched to about ten messages a second.

use super::blob_reader::BlobReader;
use crate::engine::{Event, Sink};
use crate::protocol::{FromWorker, Handler, ProgressUpdate, ToWorker};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(msg: &FromWorker) {
    let _ = scope().post_message(&JsValue::from_str(&msg.to_json()));
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

thread_local! {
    /// This worker's handler (it keeps the index between `Open` and `Finish`).
    static HANDLER: RefCell<Handler> = RefCell::new(Handler::default());
}

fn handle(e: MessageEvent) {
    let data = e.data();
    let array: js_sys::Array = data.unchecked_into();
    let text = array.get(0).as_string().unwrap_or_default();
    let file = array.get(1).dyn_into::<Blob>().ok();
    let reply = match serde_json::from_str::<ToWorker>(&text) {
        Err(err) => FromWorker::Failed {
            message: format!("bad message: {err}"),
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
    post(&reply);
}

/// The worker's entry point: installs the message handler.
pub fn start() {
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(handle);
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&FromWorker::Ready);
}
