//! The root component: owns the view model, the worker pool and the file;
//! turns DOM and worker events into `view_model::state::Msg`.

use super::bridge::{pool_size, Incoming, Pool};
use super::components;
use super::file_read::FileReads;
use super::msg::{AppMsg, ViewCtx};
use super::nav;
use super::samples::{to_file, INCIDENTS, SAMPLES};
use super::worker_code;
use crate::protocol::{FromWorker, ToWorker};
use crate::view_model::keys::{Action, Scope};
use crate::view_model::schedule::Command;
use crate::view_model::state::{
    Effect, Msg, Phase, PreviewMsg, ReadRequest, SessionMsg, ShellMsg, State, Target, ViewMsg,
};
use std::cell::Cell;
use std::rc::Rc;
use web_sys::{DragEvent, File, HtmlElement};
use yew::prelude::*;

mod compare;
mod links;
mod url;

/// The app.
pub struct App {
    state: State,
    code: Option<Rc<worker_code::WorkerCode>>,
    scrolled_to: Option<Target>,
    pool: Option<Pool>,
    file: Option<File>,
    /// The worker inspecting the second file and comparing.
    compare_pool: Option<Pool>,
    /// The second of two dropped files, compared once the first's report is in.
    second: Option<File>,
    /// The share link open (its value after `r=`), kept in the URL.
    shared: Option<String>,
    /// The fragment the URL holds, as last written or read.
    shown: Option<String>,
    /// What the key listener needs to know of the page.
    scope: Rc<Cell<Scope>>,
    /// After a keyboard move: focus the selected item once rendered.
    focus_selected: bool,
    /// The dialog just opened: focus it once rendered.
    focus_dialog: bool,
    /// Where the focus was before the dialog opened.
    focus_before: Option<HtmlElement>,
    /// The file read for the preview or a download, in a worker of its own.
    reads: FileReads,
    /// To send this component messages from a worker's callbacks.
    link: yew::html::Scope<App>,
    /// A file was just opened: bring its panel into view once rendered.
    show_preview: bool,
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

impl App {
    /// Applies a view-model message and carries out what it asks for.
    fn apply(&mut self, msg: impl Into<Msg>) {
        let fx = self.state.update(msg);
        self.run(fx);
    }

    /// Starts reading one file of the dropped archive in a worker of its own.
    fn read_file(&mut self, req: &ReadRequest) {
        let started = match (&self.code, &self.file) {
            (Some(code), Some(file)) => {
                let link = &self.link;
                let on_msg = link.callback(AppMsg::FileWorker);
                let on_err = link.callback(AppMsg::FileWorkerError);
                self.reads.start(code, file, req, on_msg, on_err)
            }
            _ => Err("the archive or the worker code is not at hand".into()),
        };
        if let Err(message) = started {
            let id = req.id;
            self.apply(PreviewMsg::Failed { id, message });
        }
    }

    fn run(&mut self, effects: Vec<Effect>) {
        for e in effects {
            match e {
                Effect::TerminateAll => {
                    if let Some(p) = self.pool.take() {
                        p.terminate();
                    }
                    // a new session or a reset closed the panel
                    if self.state.view.preview.opened.is_none() {
                        self.reads.close();
                    }
                }
                Effect::ReadFile(req) => self.read_file(&req),
                Effect::StopRead => self.reads.stop(),
                Effect::CloseFile => self.reads.close(),
                Effect::ShowImage { id, mime } => {
                    if let Some(m) = self.reads.image_url(id, mime) {
                        self.apply(m);
                    }
                }
                Effect::SaveFile { id, name } => {
                    let _ = self.reads.save(id, &name);
                }
                Effect::Worker(Command::Verify { worker, job }) => {
                    if let Some(p) = &self.pool {
                        p.send(worker, ToWorker::Verify { job }, self.file.as_ref());
                    }
                }
                Effect::Worker(Command::Finish { results, failed }) => {
                    if let Some(p) = &self.pool {
                        p.send(0, ToWorker::Finish { results, failed }, None);
                        // every blob is in: the other workers' memory (a big layer's walk
                        // leaves their wasm memory grown) is freed before the report comes
                        p.retire_all_but(0);
                    }
                }
                Effect::RestartWorker { worker, reopen } => self.restart_worker(worker, reopen),
            }
        }
    }

    /// A fresh worker in place of one that died; worker 0 reads the index
    /// again (its reply is taken as the index being back).
    fn restart_worker(&mut self, worker: usize, reopen: bool) {
        let (Some(p), Some(file)) = (&self.pool, &self.file) else {
            return;
        };
        if let Err(e) = p.restart(worker) {
            self.apply(SessionMsg::WorkerError(format!(
                "cannot restart a worker: {e:?}"
            )));
            return;
        }
        if reopen {
            p.send(worker, ToWorker::Open { name: file.name() }, Some(file));
        }
    }

    fn open(&mut self, ctx: &Context<Self>, file: File) {
        if let Some(p) = self.pool.take() {
            p.terminate();
        }
        if let Some(p) = self.compare_pool.take() {
            p.terminate();
        }
        self.second = None;
        self.reads.close();
        self.shared = None;
        if self.state.shell.samples_open {
            self.apply(ShellMsg::ToggleSamples);
        }
        let n = pool_size();
        let link = ctx.link().clone();
        let on_msg = link.callback(|m: Incoming| AppMsg::Worker(m.worker, m.msg));
        let on_err = link.callback(|(worker, message)| AppMsg::WorkerCrashed(worker, message));
        let name = file.name();
        self.apply(SessionMsg::Start {
            name: name.clone(),
            size: file.size() as u64,
            workers: n,
            now: now(),
        });
        let Some(code) = self.code.clone() else {
            self.apply(SessionMsg::WorkerError(
                "the worker code is not loaded".into(),
            ));
            return;
        };
        match Pool::new(n, &code, on_msg, on_err) {
            Ok(pool) => {
                pool.send(0, ToWorker::Open { name }, Some(&file));
                self.pool = Some(pool);
                self.file = Some(file);
            }
            Err(e) => self.apply(SessionMsg::WorkerError(format!(
                "cannot start workers: {e:?}"
            ))),
        }
    }

    /// Carries out a keyboard shortcut.
    fn key(&mut self, action: Action) {
        match action {
            Action::Help => {
                if !self.state.shell.help_open {
                    self.focus_before = nav::active();
                    self.focus_dialog = true;
                }
                self.close_or_toggle(ShellMsg::ToggleHelp);
            }
            Action::View(tab) if self.state.session.phase != Phase::Idle => {
                self.apply(ViewMsg::Tab(tab));
            }
            Action::View(_) => {}
            Action::Filter => nav::focus_filter(),
            Action::Move(delta) => {
                self.apply(ViewMsg::Move(delta));
                // the viewport scrolls itself; no scroll-to-top of the item
                self.scrolled_to = self.state.view.focus.clone();
                self.focus_selected = true;
            }
            Action::Close => self.close_or_toggle(ShellMsg::Close),
        }
    }

    /// Applies a shell message; a dialog that closes gives the focus back.
    fn close_or_toggle(&mut self, msg: ShellMsg) {
        let was_open = self.state.shell.help_open;
        self.apply(msg);
        if was_open && !self.state.shell.help_open {
            if let Some(el) = self.focus_before.take() {
                let _ = el.focus();
            }
        }
    }

    /// What the key listener must know, after each update.
    fn set_scope(&self) {
        let s = &self.state;
        self.scope.set(Scope {
            list: s.session.phase != Phase::Idle && s.has_list(),
            dialog: s.shell.help_open,
        });
    }

    /// A gallery entry: opens its file (an incident also opens its finding).
    fn open_sample(&mut self, ctx: &Context<Self>, sample: Option<&super::samples::Sample>) {
        let Some(s) = sample else { return };
        let Ok(f) = to_file(s) else { return };
        if let Some(code) = s.opens {
            self.apply(SessionMsg::OpenCode(code));
        }
        self.open(ctx, f);
    }
}

impl Component for App {
    type Message = AppMsg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        // the fragment (a share link, a route): read now, and again on back,
        // forward or an edit; the shortcuts; the offline shell
        let scope = Rc::new(Cell::new(Scope::default()));
        nav::listen(ctx.link(), scope.clone());
        ctx.link().send_message(AppMsg::Hash);
        nav::register_service_worker();
        let link = ctx.link().clone();
        wasm_bindgen_futures::spawn_local(async move {
            let code = worker_code::load()
                .await
                .map(Rc::new)
                .map_err(|e| format!("{e:?}"));
            link.send_message(AppMsg::Code(code));
        });
        let dark = web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|m| m.matches());
        let mut state = State::default();
        state.prefs.dark = dark;
        App {
            state,
            code: None,
            scrolled_to: None,
            pool: None,
            file: None,
            compare_pool: None,
            second: None,
            shared: None,
            shown: None,
            scope,
            focus_selected: false,
            focus_dialog: false,
            focus_before: None,
            reads: FileReads::default(),
            link: ctx.link().clone(),
            show_preview: false,
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: AppMsg) -> bool {
        let push = nav::pushes(&msg);
        let render = self.handle(ctx, msg);
        self.sync_url(push);
        self.set_scope();
        render
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first: bool) {
        if std::mem::take(&mut self.focus_dialog) {
            nav::focus_dialog();
        }
        if std::mem::take(&mut self.show_preview) {
            nav::show_preview();
        }
        self.scroll_and_focus();
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        self.render(ctx)
    }
}

impl App {
    fn handle(&mut self, ctx: &Context<Self>, msg: AppMsg) -> bool {
        match msg {
            AppMsg::Open(file) => self.open(ctx, file),
            AppMsg::OpenPair(a, b) => {
                self.open(ctx, a);
                self.second = Some(b);
            }
            AppMsg::CompareWith(file) => self.compare_with(file),
            AppMsg::CompareWorker(msg) => self.compare_reply(msg),
            AppMsg::CompareWorkerError(e) => self.compare_reply(FromWorker::Failed { message: e }),
            AppMsg::Sample(i) => self.open_sample(ctx, SAMPLES.get(i)),
            AppMsg::Incident(i) => self.open_sample(ctx, INCIDENTS.get(i)),
            AppMsg::Hash => self.open_hash(),
            AppMsg::Share(focus) => return self.share(focus),
            AppMsg::ShareComparison => self.share_comparison(),
            AppMsg::Ui(Msg::Compare(m)) => self.compare_msg(m),
            AppMsg::Ui(Msg::View(ViewMsg::Scroll(px))) if !self.state.view.files.moves(px) => {
                return false;
            }
            AppMsg::Ui(m) => {
                self.show_preview |= matches!(m, Msg::Preview(PreviewMsg::Open(_)));
                self.apply(m);
            }
            AppMsg::Worker(worker, msg) => {
                self.apply(SessionMsg::Worker {
                    worker,
                    msg,
                    now: now(),
                });
                if self.state.session.report.is_some() {
                    // the report is in: nothing more is asked of this pool (file contents and
                    // comparisons start workers of their own), so its memory goes now
                    if let Some(p) = self.pool.take() {
                        p.terminate();
                    }
                    if let Some(b) = self.second.take() {
                        self.compare_with(b);
                    }
                }
            }
            AppMsg::WorkerCrashed(worker, message) => {
                self.apply(SessionMsg::WorkerCrashed { worker, message })
            }
            AppMsg::FileWorker(inc) => {
                let Some(m) = self.reads.incoming(inc) else {
                    return false;
                };
                // a chunk only grows the preview's head: no render
                let render = !matches!(m, PreviewMsg::Chunk { .. });
                self.apply(m);
                return render;
            }
            AppMsg::FileWorkerError(e) => match self.reads.crashed(e) {
                Some(m) => self.apply(m),
                None => return false,
            },
            AppMsg::Download => {
                self.download();
                return false;
            }
            AppMsg::Code(Ok(code)) => self.code = Some(code),
            AppMsg::Code(Err(e)) => {
                self.apply(SessionMsg::Start {
                    name: String::new(),
                    size: 0,
                    workers: 1,
                    now: now(),
                });
                self.apply(SessionMsg::WorkerError(format!(
                    "cannot load the worker code: {e}"
                )));
            }
            AppMsg::Key(action) => self.key(action),
            AppMsg::Noop => return false,
        }
        true
    }

    /// Brings the Files viewport's offset, the focused item and the
    /// keyboard's selection into view.
    fn scroll_and_focus(&mut self) {
        let document = web_sys::window().and_then(|w| w.document());
        let find = |selector: &str| {
            document
                .as_ref()
                .and_then(|d| d.query_selector(selector).ok().flatten())
        };
        if let Some(px) = self.state.view.files.take_scroll_to() {
            if let Some(el) = find(".tree-viewport") {
                el.set_scroll_top(px as i32);
            }
            if !self.focus_selected {
                return;
            }
        }
        if std::mem::take(&mut self.focus_selected) {
            nav::focus_selected();
            return;
        }
        // bring what a finding points at into view (once per focus change)
        if self.state.view.focus.is_some() && self.state.view.focus != self.scrolled_to {
            self.scrolled_to = self.state.view.focus.clone();
            if let Some(el) = find(".view .focused") {
                el.scroll_into_view();
            }
        }
    }

    fn render(&self, ctx: &Context<Self>) -> Html {
        let s = &self.state;
        let view = ViewCtx {
            state: s,
            send: ctx.link().callback(|m| m),
        };
        let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
        let ondragenter = view.on(|e: DragEvent| {
            if nav::drags_files(&e) {
                AppMsg::from(ShellMsg::DragEnter)
            } else {
                AppMsg::Noop
            }
        });
        let ondragleave = view.on(|_: DragEvent| AppMsg::from(ShellMsg::DragLeave));
        let ondrop = view.on_each(|e: DragEvent| {
            e.prevent_default();
            let files = e.data_transfer().and_then(|dt| dt.files());
            let get = |i| files.as_ref().and_then(|fl| fl.get(i));
            let mut msgs = vec![AppMsg::from(ShellMsg::DragEnd)];
            msgs.extend(match (get(0), get(1)) {
                (Some(a), Some(b)) => Some(AppMsg::OpenPair(a, b)),
                (a, _) => a.map(AppMsg::Open),
            });
            msgs
        });
        let theme = if s.prefs.dark { "dark" } else { "light" };
        let shared = s.session.link_dropped.is_some().then_some("shared");
        // data-state appears once the page is ready to inspect (worker code loaded)
        let ready = self.code.is_some() || s.session.phase != Phase::Idle;
        html! {
            <main id="app" class={classes!("app", theme, shared)} data-state={ready.then(|| s.session.phase.as_str())} {ondragover} {ondragenter} {ondragleave} {ondrop}>
                { components::header(&view) }
                { components::banner(s) }
                { components::share_panel(&view) }
                { components::body(&view) }
                { components::shortcuts_dialog(&view) }
                { components::drag_overlay(s) }
            </main>
        }
    }
}
