//! The page's side of reading one file of the image (the preview and
//! "Download this file"): a worker of its own per read, started with the
//! dropped `File` and `ToWorker::ReadFile`, terminated when the read ends or
//! is cancelled. The chunks are kept as JS `Blob` parts (the browser holds
//! them, not the wasm heap), so a download of up to 4 GiB never becomes one
//! Rust buffer; only a preview's head (at most 1 MiB) is copied into the
//! view model. An image is shown from a `blob:` URL, revoked when replaced
//! or closed.

use super::bridge::{Incoming, Pool};
use super::worker_code::WorkerCode;
use crate::protocol::{FromWorker, ToWorker};
use crate::view_model::state::{PreviewMsg, Purpose, ReadRequest};
use wasm_bindgen::JsValue;
use web_sys::{Blob, BlobPropertyBag, File, Url};
use yew::Callback;

/// The file read in progress (or just ended) and its bytes.
#[derive(Default)]
pub struct FileReads {
    pool: Option<Pool>,
    id: u64,
    purpose: Option<Purpose>,
    /// The chunks so far, as `Uint8Array`s (the parts of a `Blob`).
    parts: Option<js_sys::Array>,
    /// The image shown, to revoke.
    url: Option<String>,
    /// The last file saved, to revoke.
    saved: Option<String>,
}

impl FileReads {
    /// Starts `req` over `file` in a new worker (stopping any read before).
    pub fn start(
        &mut self,
        code: &WorkerCode,
        file: &File,
        req: &ReadRequest,
        on_message: Callback<Incoming>,
        on_error: Callback<String>,
    ) -> Result<(), String> {
        self.stop();
        let on_error = on_error.reform(|(_, e): (usize, String)| e);
        let pool = Pool::new(1, code, on_message, on_error).map_err(|e| format!("{e:?}"))?;
        let msg = ToWorker::ReadFile {
            target: req.target.clone(),
            options: req.options,
        };
        pool.send(0, msg, Some(file));
        self.pool = Some(pool);
        self.id = req.id;
        self.purpose = Some(req.purpose.clone());
        self.parts = Some(js_sys::Array::new());
        Ok(())
    }

    /// Stops the read (terminates its worker).
    pub fn stop(&mut self) {
        if let Some(p) = self.pool.take() {
            p.terminate();
        }
    }

    /// Stops the read and drops its bytes and the image URL.
    pub fn close(&mut self) {
        self.stop();
        self.parts = None;
        self.purpose = None;
        for url in [self.url.take(), self.saved.take()].into_iter().flatten() {
            let _ = Url::revoke_object_url(&url);
        }
    }

    /// What a message of the read's worker means for the view model
    /// (`None`: nothing to tell it, as for the chunks of a download).
    pub fn incoming(&mut self, inc: Incoming) -> Option<PreviewMsg> {
        self.pool.as_ref()?;
        let id = self.id;
        match inc.msg {
            FromWorker::FileChunk { offset, .. } => {
                let bytes = inc.bytes?;
                let head = (self.purpose == Some(Purpose::Preview)).then(|| bytes.to_vec());
                if let Some(parts) = &self.parts {
                    parts.push(&bytes);
                }
                head.map(|bytes| PreviewMsg::Chunk { id, offset, bytes })
            }
            FromWorker::FileProgress { phase, done, total } => Some(PreviewMsg::Progress {
                id,
                phase,
                done,
                total,
            }),
            FromWorker::FileDone { outcome } => {
                self.stop();
                Some(PreviewMsg::Done { id, outcome })
            }
            FromWorker::Failed { message } => {
                self.stop();
                Some(PreviewMsg::Failed { id, message })
            }
            _ => None,
        }
    }

    /// The worker crashed: the read failed.
    pub fn crashed(&mut self, message: String) -> Option<PreviewMsg> {
        self.pool.as_ref()?;
        self.stop();
        Some(PreviewMsg::Failed {
            id: self.id,
            message: format!("internal error in the worker: {message}"),
        })
    }

    /// The bytes of read `id` as a `Blob` of type `mime`.
    fn blob(&self, id: u64, mime: &str) -> Option<Blob> {
        let parts = self.parts.as_ref().filter(|_| id == self.id)?;
        let opts = BlobPropertyBag::new();
        opts.set_type(mime);
        Blob::new_with_u8_array_sequence_and_options(parts, &opts).ok()
    }

    /// Shows the bytes of read `id` as an image: its `blob:` URL.
    pub fn image_url(&mut self, id: u64, mime: &str) -> Option<PreviewMsg> {
        let blob = self.blob(id, mime)?;
        let url = Url::create_object_url_with_blob(&blob).ok()?;
        if let Some(old) = self.url.replace(url.clone()) {
            let _ = Url::revoke_object_url(&old);
        }
        self.parts = None;
        Some(PreviewMsg::ImageUrl { id, url })
    }

    /// Saves the bytes of read `id` as `name` (a `blob:` URL and an anchor
    /// with `download`; nothing leaves the machine). The URL lives until
    /// the panel closes, so a large download is never cut short.
    pub fn save(&mut self, id: u64, name: &str) -> Result<(), JsValue> {
        let blob = self
            .blob(id, "application/octet-stream")
            .ok_or("no bytes")?;
        self.parts = None;
        let url = super::components::save_blob(name, &blob)?;
        if let Some(old) = self.saved.replace(url) {
            let _ = Url::revoke_object_url(&old);
        }
        Ok(())
    }
}
