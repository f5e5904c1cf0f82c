//! The root component: owns the view model, the worker pool and the file;
//! turns DOM and worker events into `view_model::state::Msg`.

use super::bridge::{pool_size, Pool};
use super::components;
use super::msg::{AppMsg, ViewCtx};
use super::samples::{to_file, INCIDENTS, SAMPLES};
use super::worker_code;
use crate::engine::share;
use crate::protocol::ToWorker;
use crate::view_model::schedule::Command;
use crate::view_model::state::{
    Effect, Msg, Phase, SessionMsg, ShareLink, ShareMsg, State, Target, ViewMsg,
};
use std::rc::Rc;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, File};
use yew::prelude::*;

/// The app.
pub struct App {
    state: State,
    code: Option<Rc<worker_code::WorkerCode>>,
    scrolled_to: Option<Target>,
    pool: Option<Pool>,
    file: Option<File>,
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

    fn run(&mut self, effects: Vec<Effect>) {
        for e in effects {
            match e {
                Effect::TerminateAll => {
                    if let Some(p) = self.pool.take() {
                        p.terminate();
                    }
                }
                Effect::Worker(Command::Verify { worker, job }) => {
                    if let Some(p) = &self.pool {
                        p.send(worker, &ToWorker::Verify { job }, self.file.as_ref());
                    }
                }
                Effect::Worker(Command::Finish { results }) => {
                    if let Some(p) = &self.pool {
                        p.send(0, &ToWorker::Finish { results }, None);
                    }
                }
            }
        }
    }

    fn open(&mut self, ctx: &Context<Self>, file: File) {
        if let Some(p) = self.pool.take() {
            p.terminate();
        }
        let n = pool_size();
        let link = ctx.link().clone();
        let on_msg = link.callback(|(i, m)| AppMsg::Worker(i, m));
        let on_err = link.callback(AppMsg::WorkerError);
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
                pool.send(0, &ToWorker::Open { name }, Some(&file));
                self.pool = Some(pool);
                self.file = Some(file);
            }
            Err(e) => self.apply(SessionMsg::WorkerError(format!(
                "cannot start workers: {e:?}"
            ))),
        }
    }

    /// The URL fragment: a share link to open.
    fn open_hash(&mut self) {
        let hash = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        if hash.len() <= 1 {
            return;
        }
        if let Some(p) = self.pool.take() {
            p.terminate();
        }
        match share::decode(&hash) {
            Ok(shared) => self.apply(SessionMsg::OpenShared {
                report: Box::new(shared.report),
                focus: shared.focus,
                dropped: shared.dropped,
                now: now(),
            }),
            Err(e) => self.apply(SessionMsg::LinkError(format!(
                "this share link cannot be opened: {e}"
            ))),
        }
    }

    /// Makes a share link, copies it and shows it; `false` without a report.
    fn share(&mut self, focus: Option<share::Focus>) -> bool {
        let Some(report) = self.state.session.report.clone() else {
            return false;
        };
        let (fragment, dropped) = share::encode(&report, focus.as_ref());
        let base = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .map(|h| h.split('#').next().unwrap_or_default().to_string())
            .unwrap_or_default();
        let url = format!("{base}#{fragment}");
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&url);
        }
        self.apply(ShareMsg::Made(ShareLink {
            bytes: fragment.len(),
            url,
            dropped,
        }));
        true
    }

    fn download(&self) {
        let Some(report) = &self.state.session.report else {
            return;
        };
        let Ok(json) = serde_json::to_string_pretty(report.as_ref()) else {
            return;
        };
        let name = format!("{}.ocilens.json", self.state.session.name);
        let _ = components::save_text(&name, &json);
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
        // a share link: open it now, and again whenever the fragment changes
        let hash_link = ctx.link().clone();
        let on_hash = Closure::<dyn FnMut()>::new(move || hash_link.send_message(AppMsg::Hash));
        if let Some(w) = web_sys::window() {
            let _ =
                w.add_event_listener_with_callback("hashchange", on_hash.as_ref().unchecked_ref());
        }
        on_hash.forget();
        ctx.link().send_message(AppMsg::Hash);
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
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: AppMsg) -> bool {
        match msg {
            AppMsg::Open(file) => self.open(ctx, file),
            AppMsg::Sample(i) => self.open_sample(ctx, SAMPLES.get(i)),
            AppMsg::Incident(i) => self.open_sample(ctx, INCIDENTS.get(i)),
            AppMsg::Hash => self.open_hash(),
            AppMsg::Share(focus) => return self.share(focus),
            AppMsg::Ui(Msg::View(ViewMsg::Scroll(px))) if !self.state.view.files.moves(px) => {
                return false;
            }
            AppMsg::Ui(m) => self.apply(m),
            AppMsg::Worker(worker, msg) => self.apply(SessionMsg::Worker {
                worker,
                msg,
                now: now(),
            }),
            AppMsg::WorkerError(e) => self.apply(SessionMsg::WorkerError(e)),
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
            AppMsg::Noop => return false,
        }
        true
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first: bool) {
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

    fn view(&self, ctx: &Context<Self>) -> Html {
        let s = &self.state;
        let view = ViewCtx {
            state: s,
            send: ctx.link().callback(|m| m),
        };
        let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
        let ondrop = view.on(|e: DragEvent| {
            e.prevent_default();
            e.data_transfer()
                .and_then(|dt| dt.files())
                .and_then(|fl| fl.get(0))
                .map_or(AppMsg::Noop, AppMsg::Open)
        });
        let theme = if s.prefs.dark { "dark" } else { "light" };
        let shared = s.session.link_dropped.is_some().then_some("shared");
        // data-state appears once the page is ready to inspect (worker code loaded)
        let ready = self.code.is_some() || s.session.phase != Phase::Idle;
        html! {
            <main id="app" class={classes!("app", theme, shared)} data-state={ready.then(|| s.session.phase.as_str())} {ondragover} {ondrop}>
                { components::header(&view) }
                { components::banner(s) }
                { components::share_panel(&view) }
                { components::body(&view) }
            </main>
        }
    }
}
