//! The file-contents panel: a file of the Files view opened (merged view:
//! the final copy; a layer's changes: that layer's copy), resolved over the
//! report's tree (`engine::extract::locate`: symlinks and hard links within
//! the image), then read by a worker from the dropped `File` with progress
//! and Cancel. A preview asks for the head only ([`preview::wanted`]) and
//! keeps at most [`TEXT_MAX`] bytes; an image is read whole (up to
//! [`IMAGE_MAX`]) and shown from a `blob:` URL; "Download this file" reads
//! it all (up to [`MAX_FILE`]) into JS `Blob` parts, never one Rust buffer.
//! Only one read runs at a time; each has an id, and a message of another
//! read is dropped.

use super::files::TreeMode;
use super::session::Session;
use super::{Effect, State};
use crate::engine::extract::{
    listing, locate, FileTarget, Located, Phase, ReadOptions, ReadOutcome, Selector, MAX_FILE,
};
use crate::engine::limits::Limits;
use crate::engine::tree::entry::LayerEntry;
use crate::view_model::preview::{self, Preview, IMAGE_MAX, TEXT_MAX};

/// What a read is for, and so what becomes of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// The head of the file for the preview: its bytes come to the view model.
    Preview,
    /// The whole image file, shown from a `blob:` URL of this MIME type.
    Image(&'static str),
    /// The whole file, saved under this name.
    Download(String),
}

/// A read for the page to start (`Effect::ReadFile`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadRequest {
    /// The read's id (its messages carry it).
    pub id: u64,
    /// Where the bytes are.
    pub target: FileTarget,
    /// Cap and head.
    pub options: ReadOptions,
    /// What it is for.
    pub purpose: Purpose,
}

/// The read in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// Its id.
    pub id: u64,
    /// What it is for.
    pub purpose: Purpose,
    /// Decoding up to the entry, or copying it.
    pub phase: Phase,
    /// Bytes done.
    pub done: u64,
    /// Bytes in all (of the blob while seeking, of the file while copying).
    pub total: u64,
}

/// The file open in the panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    /// The path as asked (a row of the Files view).
    pub path: String,
    /// Which copy.
    pub selector: Selector,
    /// Where its bytes are, when it is a regular file.
    pub target: Option<FileTarget>,
    /// The links followed to it (`a → b` symlinks, `a ⇒ b` hard links).
    pub links: Vec<String>,
    /// Why there are no bytes to show: what the path is instead.
    pub not: Option<String>,
    /// The head read so far (a preview read only; at most [`TEXT_MAX`]).
    pub head: Vec<u8>,
    /// What the panel shows, once the head is read.
    pub shown: Option<Preview>,
    /// The `blob:` URL of an image, once made.
    pub image_url: Option<String>,
    /// The read in progress.
    pub reading: Option<Reading>,
    /// How the last read ended, when that is worth saying.
    pub note: Option<String>,
}

impl Opened {
    /// The panel's state, for `data-state`: `reading`, `not`, `text`, `hex`,
    /// `image`, `empty`, or `stopped` (a read ended without a preview).
    pub fn state(&self) -> &'static str {
        if self.reading.is_some() {
            return "reading";
        }
        if self.not.is_some() {
            return "not";
        }
        match &self.shown {
            Some(Preview::Text { .. }) => "text",
            Some(Preview::Hex { .. }) => "hex",
            Some(Preview::Image { .. }) if self.image_url.is_some() => "image",
            Some(Preview::Empty) => "empty",
            _ => "stopped",
        }
    }

    /// The name a download is saved under: the path's last component.
    pub fn file_name(&self) -> String {
        let path = self.target.as_ref().map_or(&self.path, |t| &t.file.path);
        path.rsplit('/')
            .find(|c| !c.is_empty())
            .unwrap_or("file")
            .to_string()
    }
}

/// The panel: the open file, if any.
#[derive(Debug, Clone, Default)]
pub struct PreviewState {
    /// The open file.
    pub opened: Option<Opened>,
    last_id: u64,
}

/// A message about the panel.
#[derive(Debug, Clone)]
pub enum PreviewMsg {
    /// Open this path of the Files view (its current tree: merged or a layer).
    Open(String),
    /// Read the open file whole and save it.
    Download,
    /// Stop the read.
    Cancel,
    /// Close the panel.
    Close,
    /// Progress of read `id`.
    Progress {
        /// The read.
        id: u64,
        /// Phase.
        phase: Phase,
        /// Bytes done.
        done: u64,
        /// Bytes in all.
        total: u64,
    },
    /// Bytes of read `id` from `offset` (a preview read's only).
    Chunk {
        /// The read.
        id: u64,
        /// Offset in the file.
        offset: u64,
        /// The bytes.
        bytes: Vec<u8>,
    },
    /// Read `id` ended.
    Done {
        /// The read.
        id: u64,
        /// How.
        outcome: ReadOutcome,
    },
    /// The `blob:` URL of the image of read `id` is made.
    ImageUrl {
        /// The read.
        id: u64,
        /// The URL.
        url: String,
    },
    /// Read `id` failed (the worker could not read the file, or crashed).
    Failed {
        /// The read.
        id: u64,
        /// Why.
        message: String,
    },
}

/// Whether the dropped file is the archive the report describes (not a
/// share link, nor a report JSON opened on its own).
pub fn archive_at_hand(s: &Session) -> bool {
    s.link_dropped.is_none() && s.report.as_ref().is_some_and(|r| r.input.size == s.size)
}

/// The copy the Files view shows at `path`: the merged view's final copy, a
/// layer's own copy in its changes view, and in the tree merged up to layer N
/// the copy of the layer it comes from (the entry's origin, at most N).
fn selector(mode: TreeMode, entries: Option<&[LayerEntry]>, path: &str) -> Selector {
    match mode {
        TreeMode::Merged => Selector::Merged,
        TreeMode::Layer(l) => Selector::Layer(l),
        TreeMode::Upto(l) => entries
            .and_then(|es| es.iter().find(|e| e.path == path))
            .and_then(|e| e.layer)
            .map_or(Selector::Layer(l), |from| Selector::Layer(from.min(l))),
    }
}

impl PreviewState {
    /// The read in progress, if it is `id`.
    fn current(&mut self, id: u64) -> Option<&mut Opened> {
        self.opened
            .as_mut()
            .filter(|o| o.reading.as_ref().is_some_and(|r| r.id == id))
    }

    /// Starts a read of the open file for `purpose`.
    fn start(&mut self, purpose: Purpose, options: ReadOptions) -> Vec<Effect> {
        let Some(o) = self.opened.as_mut() else {
            return Vec::new();
        };
        let Some(target) = o.target.clone() else {
            return Vec::new();
        };
        self.last_id += 1;
        let id = self.last_id;
        let (phase, total) = (Phase::Seeking, target.blob_size);
        o.note = None;
        o.reading = Some(Reading {
            id,
            purpose: purpose.clone(),
            phase,
            done: 0,
            total,
        });
        vec![Effect::ReadFile(Box::new(ReadRequest {
            id,
            target,
            options,
            purpose,
        }))]
    }

    /// A read ended: what to show or do next.
    fn done(&mut self, id: u64, outcome: ReadOutcome) -> Vec<Effect> {
        let Some(o) = self.current(id) else {
            return Vec::new();
        };
        let Some(reading) = o.reading.take() else {
            return Vec::new();
        };
        let (size, complete) = match outcome {
            ReadOutcome::Done { size, complete, .. } => (size, complete),
            other => {
                o.note = Some(other.describe());
                o.head = Vec::new();
                return Vec::new();
            }
        };
        match reading.purpose {
            Purpose::Preview => {
                let mut shown = preview::preview(&o.head, size);
                // a secret in the file is never shown in full
                if let Preview::Text { text, .. } = &mut shown {
                    let (masked, n) = crate::engine::inside::secrets::mask_text(&o.path, text);
                    if n > 0 {
                        *text = masked;
                        o.note = Some(format!(
                            "{n} secret value{} masked (the first 4 characters at most are shown); download the file for its bytes",
                            if n == 1 { "" } else { "s" }
                        ));
                    }
                }
                let image = match &shown {
                    Preview::Image { format, complete } => Some((format.mime(), *complete)),
                    _ => None,
                };
                o.shown = Some(shown);
                match image {
                    Some((mime, true)) => vec![Effect::ShowImage { id, mime }],
                    Some((_, false)) if size > IMAGE_MAX => {
                        o.note = Some(format!(
                            "an image of {size} bytes, over the {IMAGE_MAX}-byte preview cap: download it to view it"
                        ));
                        o.head = Vec::new();
                        Vec::new()
                    }
                    Some((mime, false)) => {
                        o.head = Vec::new();
                        let options = ReadOptions {
                            max_file: IMAGE_MAX,
                            take: None,
                        };
                        self.start(Purpose::Image(mime), options)
                    }
                    None => Vec::new(),
                }
            }
            Purpose::Image(mime) => vec![Effect::ShowImage { id, mime }],
            Purpose::Download(name) => {
                o.note = Some(format!("saved {name} ({size} bytes)"));
                if complete {
                    vec![Effect::SaveFile { id, name }]
                } else {
                    Vec::new()
                }
            }
        }
    }
}

impl State {
    /// Applies a message about the file-contents panel.
    pub(super) fn update_preview(&mut self, msg: PreviewMsg) -> Vec<Effect> {
        let p = &mut self.view.preview;
        match msg {
            PreviewMsg::Open(path) => self.open_file(path),
            PreviewMsg::Download => {
                let name = p.opened.as_ref().map(Opened::file_name);
                let stop = p.opened.as_mut().and_then(|o| o.reading.take()).is_some();
                let mut fx = if stop {
                    vec![Effect::StopRead]
                } else {
                    Vec::new()
                };
                if let Some(name) = name {
                    fx.extend(p.start(Purpose::Download(name), ReadOptions::default()));
                }
                fx
            }
            PreviewMsg::Cancel => {
                let Some(o) = p.opened.as_mut().filter(|o| o.reading.is_some()) else {
                    return Vec::new();
                };
                o.reading = None;
                o.note = Some("cancelled".into());
                vec![Effect::StopRead]
            }
            PreviewMsg::Close => {
                p.opened = None;
                vec![Effect::CloseFile]
            }
            PreviewMsg::Progress {
                id,
                phase,
                done,
                total,
            } => {
                if let Some(r) = p.current(id).and_then(|o| o.reading.as_mut()) {
                    (r.phase, r.done, r.total) = (phase, done, total);
                }
                Vec::new()
            }
            PreviewMsg::Chunk { id, offset, bytes } => {
                if let Some(o) = p.current(id) {
                    let at = o.head.len() as u64;
                    let room = TEXT_MAX.saturating_sub(at) as usize;
                    if offset == at {
                        o.head.extend(bytes.iter().take(room));
                    }
                }
                Vec::new()
            }
            PreviewMsg::Done { id, outcome } => p.done(id, outcome),
            PreviewMsg::ImageUrl { id, url } => {
                let last = p.last_id;
                if let Some(o) = p.opened.as_mut().filter(|_| id == last) {
                    o.head = Vec::new();
                    o.image_url = Some(url);
                }
                Vec::new()
            }
            PreviewMsg::Failed { id, message } => {
                if let Some(o) = p.current(id) {
                    o.reading = None;
                    o.note = Some(format!("the file could not be read: {message}"));
                }
                Vec::new()
            }
        }
    }

    /// Opens `path` of the Files view's current tree.
    fn open_file(&mut self, path: String) -> Vec<Effect> {
        let mut fx = vec![Effect::CloseFile];
        let Some(report) = self.session.report.clone() else {
            return fx;
        };
        let entries = self.view.files.entries(&report, self.view.image);
        let selector = selector(self.view.files.mode(), entries, &path);
        let image = u32::try_from(self.view.image).unwrap_or(0);
        let mut opened = Opened {
            path: path.clone(),
            selector,
            target: None,
            links: Vec::new(),
            not: None,
            head: Vec::new(),
            shown: None,
            image_url: None,
            reading: None,
            note: None,
        };
        let hops = Limits::default().symlink_hops;
        match listing::from_report(&report, image) {
            Err(none) => opened.not = Some(none.describe()),
            Ok(l) => match locate(&l, selector, &path, hops) {
                Located::File { target, links } => {
                    opened.target = Some(target);
                    opened.links = links;
                }
                other => opened.not = Some(other.describe()),
            },
        }
        let size = opened.target.as_ref().map(|t| t.file.size);
        let at_hand = archive_at_hand(&self.session);
        if size.is_some() && !at_hand {
            opened.not = Some(
                "the image archive is not at hand (a share link or a report JSON): drop the archive on this page to read its files".into(),
            );
        }
        let p = &mut self.view.preview;
        p.opened = Some(opened);
        if let (Some(size), true) = (size, at_hand) {
            let head = ReadOptions {
                max_file: MAX_FILE,
                take: Some(preview::wanted(size)),
            };
            fx.extend(p.start(Purpose::Preview, head));
        }
        fx
    }
}

#[cfg(test)]
mod tests;
