//! The Web Worker: runs the engine on the dropped `File`, read in slices.
//! One worker does the index pass and keeps the index for `Finish`; any
//! worker verifies blobs. Progress is batched to about ten messages a second.

use super::blob_reader::BlobReader;
use crate::engine::{self, Event, Index, Options, Sink};
use crate::protocol::{FromWorker, ProgressUpdate, ToWorker, MAX_REPORT_JSON};
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{BufReader, Read, Seek, SeekFrom};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    static INDEX: RefCell<Option<Index>> = const { RefCell::new(None) };
}

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

fn options(name: String) -> Options {
    Options {
        tree: true,
        name,
        ..Options::default()
    }
}

fn open(file: Blob, name: String) -> Result<(), String> {
    let mut reader = BlobReader::new(file).map_err(|e| e.to_string())?;
    let mut head = [0u8; 512];
    let n = reader.read(&mut head).map_err(|e| e.to_string())?;
    reader.seek(SeekFrom::Start(0)).map_err(|e| e.to_string())?;
    let first = head
        .get(..n)
        .unwrap_or(&[])
        .iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace());
    let mut sink = PostSink::new();
    if first == Some(b'{') {
        if reader.len() > MAX_REPORT_JSON {
            return Err(format!(
                "this JSON file is larger than {} MiB",
                MAX_REPORT_JSON >> 20
            ));
        }
        let mut text = String::new();
        BufReader::new(reader)
            .read_to_string(&mut text)
            .map_err(|e| e.to_string())?;
        let report: engine::report::Report =
            serde_json::from_str(&text).map_err(|e| format!("not an ocilens report ({e})"))?;
        if report.schema != engine::report::SCHEMA {
            return Err(format!("unknown report schema `{}`", report.schema));
        }
        post(&FromWorker::Report {
            report: Box::new(report),
        });
        return Ok(());
    }
    let compressed = matches!(
        engine::codec::sniff(head.get(..n).unwrap_or(&[])),
        engine::codec::Sniffed::Compressed(c) if c != engine::codec::Compression::None
    );
    let o = options(name);
    let buffered = BufReader::with_capacity(1 << 20, reader);
    if compressed {
        let report = engine::inspect_stream(buffered, &o, &mut sink).map_err(|e| e.to_string())?;
        sink.flush();
        post(&FromWorker::Report {
            report: Box::new(report),
        });
        return Ok(());
    }
    let mut r = buffered;
    let index = engine::index(&mut r, &o, &mut sink).map_err(|e| e.to_string())?;
    post(&FromWorker::Structure {
        structure: Box::new(index.structure.clone()),
        input: index.input.clone(),
    });
    INDEX.with(|i| *i.borrow_mut() = Some(index));
    Ok(())
}

fn verify(file: Blob, job: engine::plan::BlobJob) -> Result<(), String> {
    let end = job.offset.saturating_add(job.size) as f64;
    let slice = file
        .slice_with_f64_and_f64(job.offset as f64, end)
        .map_err(|e| format!("{e:?}"))?;
    let reader =
        BufReader::with_capacity(1 << 20, BlobReader::new(slice).map_err(|e| e.to_string())?);
    let mut sink = PostSink::new();
    let limits = engine::limits::Limits::default();
    let result =
        engine::verify_blob(&job, reader, &limits, &mut sink).map_err(|e| e.to_string())?;
    sink.flush();
    post(&FromWorker::BlobDone {
        result: Box::new(result),
    });
    Ok(())
}

fn finish(results: Vec<engine::plan::BlobResult>) -> Result<(), String> {
    let index = INDEX
        .with(|i| i.borrow_mut().take())
        .ok_or("finish before the index pass")?;
    let map = results.into_iter().map(|r| (r.entry.clone(), r)).collect();
    let o = options(index.input.name.clone());
    let report = engine::finish(index, &map, &o, &mut engine::NullSink);
    post(&FromWorker::Report {
        report: Box::new(report),
    });
    Ok(())
}

fn handle(e: MessageEvent) {
    let data = e.data();
    let array: js_sys::Array = data.unchecked_into();
    let text = array.get(0).as_string().unwrap_or_default();
    let file: Option<Blob> = array.get(1).dyn_into::<Blob>().ok();
    let outcome = match serde_json::from_str::<ToWorker>(&text) {
        Err(err) => Err(format!("bad message: {err}")),
        Ok(ToWorker::Open { name }) => match file {
            Some(f) => open(f, name),
            None => Err("no file".into()),
        },
        Ok(ToWorker::Verify { job }) => match file {
            Some(f) => verify(f, job),
            None => Err("no file".into()),
        },
        Ok(ToWorker::Finish { results }) => finish(results),
    };
    if let Err(message) = outcome {
        post(&FromWorker::Failed { message });
    }
}

/// The worker's entry point: installs the message handler.
pub fn start() {
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(handle);
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&FromWorker::Ready);
}
