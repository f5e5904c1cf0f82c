//! The worker pool on the page's side: one worker per core (capped at 4),
//! messages as JSON strings with the `File` handle next to them, and the
//! file trees' entries in a transferred `ArrayBuffer` (`protocol::entries`).

use crate::protocol::{entries, FromWorker, ToWorker};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, File, MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

use super::worker_code::WorkerCode;

/// Workers to start: `navigator.hardwareConcurrency`, between 1 and 4.
pub fn pool_size() -> usize {
    let n = web_sys::window()
        .map(|w| w.navigator().hardware_concurrency())
        .unwrap_or(1.0);
    (n as usize).clamp(1, 4)
}

/// A message from worker `worker`, with the bytes that travel beside a
/// `FileChunk` (a transferred `ArrayBuffer`).
pub struct Incoming {
    /// Which worker.
    pub worker: usize,
    /// What it said.
    pub msg: FromWorker,
    /// The chunk's bytes, when the message has them.
    pub bytes: Option<js_sys::Uint8Array>,
}

/// A worker's message: a JSON string, or `[json, ArrayBuffer]` for a chunk or
/// the entries of a layer's result or a report.
fn split(data: JsValue) -> (String, Option<js_sys::Uint8Array>) {
    if !js_sys::Array::is_array(&data) {
        return (data.as_string().unwrap_or_default(), None);
    }
    let array: js_sys::Array = data.unchecked_into();
    let text = array.get(0).as_string().unwrap_or_default();
    let bytes = array
        .get(1)
        .dyn_into::<js_sys::ArrayBuffer>()
        .ok()
        .map(|b| js_sys::Uint8Array::new(&b));
    (text, bytes)
}

/// Puts back the entries that travel beside a message (`protocol::entries` knows which
/// messages have them); a `FileChunk` keeps its bytes, which are the file's.
fn with_entries(
    mut msg: FromWorker,
    bytes: Option<js_sys::Uint8Array>,
) -> Result<(FromWorker, Option<js_sys::Uint8Array>), String> {
    match bytes {
        Some(b) if !matches!(msg, FromWorker::FileChunk { .. }) => {
            entries::restore(&mut msg, &b.to_vec())?;
            Ok((msg, None))
        }
        bytes => Ok((msg, bytes)),
    }
}

/// Messages held for a worker until it says it is ready.
type Outbox = Rc<RefCell<Vec<Option<Vec<js_sys::Array>>>>>;

/// A set of workers.
pub struct Pool {
    workers: Rc<RefCell<Vec<Worker>>>,
    code: WorkerCode,
    /// `Some(queue)` while a worker is still loading its wasm.
    outbox: Outbox,
    handlers: Vec<Closure<dyn FnMut(MessageEvent)>>,
    errors: Vec<Closure<dyn FnMut(ErrorEvent)>>,
}

impl Pool {
    /// Starts `n` workers; their messages go to `on_message`, their crashes
    /// (an uncaught error: a wasm trap, out of memory) to `on_error`, with
    /// the worker's number.
    pub fn new(
        n: usize,
        code: &WorkerCode,
        on_message: Callback<Incoming>,
        on_error: Callback<(usize, String)>,
    ) -> Result<Pool, JsValue> {
        let outbox: Outbox = Rc::new(RefCell::new(vec![Some(Vec::new()); n]));
        let workers: Rc<RefCell<Vec<Worker>>> = Rc::new(RefCell::new(Vec::new()));
        let mut pool = Pool {
            workers: workers.clone(),
            code: code.clone(),
            outbox: outbox.clone(),
            handlers: Vec::new(),
            errors: Vec::new(),
        };
        for i in 0..n {
            let cb = on_message.clone();
            let err_cb = on_error.clone();
            let (workers, outbox) = (workers.clone(), outbox.clone());
            let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                let (text, bytes) = split(e.data());
                match FromWorker::from_json(&text).and_then(|msg| with_entries(msg, bytes)) {
                    Ok((FromWorker::Ready, _)) => {
                        let queued = outbox.borrow_mut().get_mut(i).and_then(Option::take);
                        if let Some(w) = workers.borrow().get(i) {
                            for m in queued.unwrap_or_default() {
                                let _ = w.post_message(&m);
                            }
                        }
                    }
                    Ok((msg, bytes)) => cb.emit(Incoming {
                        worker: i,
                        msg,
                        bytes,
                    }),
                    Err(err) => err_cb.emit((i, format!("bad message from worker {i}: {err}"))),
                }
            });
            let err_cb = on_error.clone();
            let on_err = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
                err_cb.emit((i, format!("worker {i}: {}", e.message())));
            });
            pool.handlers.push(handler);
            pool.errors.push(on_err);
            let w = pool.start(i)?;
            pool.workers.borrow_mut().push(w);
        }
        Ok(pool)
    }

    /// A new worker `i` with its handlers, sent the compiled module.
    fn start(&self, i: usize) -> Result<Worker, JsValue> {
        let opts = WorkerOptions::new();
        opts.set_type(WorkerType::Module);
        let w = Worker::new_with_options(&self.code.url, &opts)?;
        w.post_message(&self.code.boot_message())?;
        if let Some(h) = self.handlers.get(i) {
            w.set_onmessage(Some(h.as_ref().unchecked_ref()));
        }
        if let Some(h) = self.errors.get(i) {
            w.set_onerror(Some(h.as_ref().unchecked_ref()));
        }
        Ok(w)
    }

    /// Replaces worker `i` (it died) by a fresh one; messages sent to it
    /// wait until it is ready.
    pub fn restart(&self, i: usize) -> Result<(), JsValue> {
        let fresh = self.start(i)?;
        if let Some(slot) = self.outbox.borrow_mut().get_mut(i) {
            *slot = Some(Vec::new());
        }
        if let Some(old) = self.workers.borrow_mut().get_mut(i) {
            old.set_onmessage(None);
            old.set_onerror(None);
            old.terminate();
            *old = fresh;
        }
        Ok(())
    }

    /// Number of workers.
    pub fn len(&self) -> usize {
        self.workers.borrow().len()
    }

    /// Whether the pool is empty.
    pub fn is_empty(&self) -> bool {
        self.workers.borrow().is_empty()
    }

    /// Sends `msg` (and the file, when given) to worker `i`: `[json, file]`, and for `Finish`
    /// `[json, undefined, entries]` with the entries' `ArrayBuffer` transferred.
    pub fn send(&self, i: usize, mut msg: ToWorker, file: Option<&File>) {
        let workers = self.workers.borrow();
        let Some(w) = workers.get(i) else { return };
        let bytes = entries::take_to(&mut msg);
        let array = js_sys::Array::new();
        array.push(&JsValue::from_str(&msg.to_json()));
        array.push(&file.map_or(JsValue::UNDEFINED, JsValue::from));
        let buffer = bytes.map(|b| js_sys::Uint8Array::new_from_slice(&b).buffer());
        if let Some(b) = &buffer {
            array.push(b);
        }
        if let Some(Some(queue)) = self.outbox.borrow_mut().get_mut(i) {
            queue.push(array);
            return;
        }
        let _ = match &buffer {
            Some(b) => w.post_message_with_transfer(&array, &js_sys::Array::of1(b)),
            None => w.post_message(&array),
        };
    }

    /// Stops every worker at once (cancel: within a frame, no cooperation needed).
    pub fn terminate(&self) {
        for w in self.workers.borrow().iter() {
            stop(w);
        }
    }

    /// Stops every worker but `keep` (their jobs are done); messages sent to them later go
    /// nowhere.
    pub fn retire_all_but(&self, keep: usize) {
        for (i, w) in self.workers.borrow().iter().enumerate() {
            if i != keep {
                stop(w);
            }
        }
    }
}

fn stop(w: &Worker) {
    w.set_onmessage(None);
    w.set_onerror(None);
    w.terminate();
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.terminate();
    }
}
