//! The root component: owns the view model, the worker pool and the file;
//! turns DOM and worker events into `view_model::state::Msg`.

use super::bridge::{pool_size, Pool};
use super::components;
use super::samples::{to_file, INCIDENTS, SAMPLES};
use super::worker_code::{self, WorkerCode};
use crate::engine::share::{self, Focus as LinkFocus};
use crate::protocol::{FromWorker, ToWorker};
use crate::view_model::schedule::Command;
use crate::view_model::state::ShareLink;
use crate::view_model::state::{Effect, Msg, Phase, State};
use crate::view_model::tree_rows::Tree;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, File, HtmlInputElement};
use yew::prelude::*;

/// Messages of the root component.
pub enum AppMsg {
    /// A file was picked or dropped.
    Open(File),
    /// A sample was chosen.
    Sample(usize),
    /// An explained problem was chosen.
    Incident(usize),
    /// The URL fragment changed (or the page opened with one).
    Hash,
    /// Make a share link (of the report, or focused on one thing).
    Share(Option<LinkFocus>),
    /// A view-model message.
    Ui(Msg),
    /// A worker spoke.
    Worker(usize, FromWorker),
    /// A worker crashed.
    WorkerError(String),
    /// The tree was scrolled.
    Scroll(f64),
    /// Save the report.
    Download,
    /// The worker code is ready (or could not be loaded).
    Code(Result<Rc<WorkerCode>, String>),
    /// Nothing to do.
    Noop,
}

/// The cached file tree for the current image and mode.
pub struct TreeCache {
    /// (report pointer, image, mode) it was built for.
    pub key: (usize, usize, String),
    /// The tree.
    pub tree: Rc<Tree>,
}

/// The app.
pub struct App {
    state: State,
    code: Option<Rc<WorkerCode>>,
    scrolled_to: Option<crate::view_model::state::Focus>,
    apply_scroll: bool,
    pool: Option<Pool>,
    file: Option<File>,
    /// Scroll offset of the file tree, px.
    pub scroll: f64,
    tree: RefCell<Option<TreeCache>>,
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

impl App {
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
        let size = file.size() as u64;
        self.state.update(Msg::Start {
            name: name.clone(),
            size,
            workers: n,
            now: now(),
        });
        self.scroll = 0.0;
        let Some(code) = self.code.clone() else {
            self.state
                .update(Msg::WorkerError("the worker code is not loaded".into()));
            return;
        };
        match Pool::new(n, &code, on_msg, on_err) {
            Ok(pool) => {
                pool.send(0, &ToWorker::Open { name }, Some(&file));
                self.pool = Some(pool);
                self.file = Some(file);
            }
            Err(e) => {
                self.state
                    .update(Msg::WorkerError(format!("cannot start workers: {e:?}")));
            }
        }
    }

    /// The tree for the current image and mode, built once.
    pub fn tree(&self) -> Option<Rc<Tree>> {
        let report = self.state.report.as_ref()?;
        let mode = format!("{:?}", self.state.tree_mode);
        let key = (Rc::as_ptr(report) as usize, self.state.image, mode);
        if let Some(c) = self.tree.borrow().as_ref() {
            if c.key == key {
                return Some(c.tree.clone());
            }
        }
        let entries = self.state.tree_entries()?;
        let built = Rc::new(Tree::new(entries));
        *self.tree.borrow_mut() = Some(TreeCache {
            key,
            tree: built.clone(),
        });
        Some(built)
    }

    /// Scrolls the virtual tree so the focused path is in view.
    fn scroll_tree_to_focus(&mut self) {
        let Some(crate::view_model::state::Focus::Path(_, path)) = self.state.focus.clone() else {
            return;
        };
        let Some(tree) = self.tree() else { return };
        let rows = tree.rows(&self.state.expanded, &self.state.filter);
        if let Some(i) = rows.iter().position(|r| r.path == path) {
            self.scroll = (i as f64 * components::ROW_PX - 200.0).max(0.0);
            self.apply_scroll = true;
        }
    }

    fn download(&self) {
        let Some(report) = &self.state.report else {
            return;
        };
        let Ok(json) = serde_json::to_string_pretty(report.as_ref()) else {
            return;
        };
        let name = format!("{}.ocilens.json", self.state.name);
        let _ = components::save_text(&name, &json);
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
        state.dark = dark;
        App {
            state,
            code: None,
            scrolled_to: None,
            apply_scroll: false,
            pool: None,
            file: None,
            scroll: 0.0,
            tree: RefCell::new(None),
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: AppMsg) -> bool {
        match msg {
            AppMsg::Open(file) => self.open(ctx, file),
            AppMsg::Sample(i) => {
                if let Some(f) = SAMPLES.get(i).and_then(|s| to_file(s).ok()) {
                    self.open(ctx, f);
                }
            }
            AppMsg::Incident(i) => {
                if let Some(s) = INCIDENTS.get(i) {
                    if let Ok(f) = to_file(s) {
                        if let Some(code) = s.opens {
                            self.state.update(Msg::OpenCode(code));
                        }
                        self.open(ctx, f);
                    }
                }
            }
            AppMsg::Hash => {
                let hash = web_sys::window()
                    .and_then(|w| w.location().hash().ok())
                    .unwrap_or_default();
                if hash.len() > 1 {
                    if let Some(p) = self.pool.take() {
                        p.terminate();
                    }
                    match share::decode(&hash) {
                        Ok(shared) => {
                            self.state.update(Msg::OpenShared {
                                report: Box::new(shared.report),
                                focus: shared.focus,
                                dropped: shared.dropped,
                                now: now(),
                            });
                            self.scroll_tree_to_focus();
                        }
                        Err(e) => {
                            self.state.update(Msg::LinkError(format!(
                                "this share link cannot be opened: {e}"
                            )));
                        }
                    }
                }
            }
            AppMsg::Share(focus) => {
                let Some(report) = self.state.report.clone() else {
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
                self.state.update(Msg::Shared(ShareLink {
                    bytes: fragment.len(),
                    url,
                    dropped,
                }));
            }
            AppMsg::Ui(m) => {
                if matches!(m, Msg::Filter(_) | Msg::TreeMode(_) | Msg::Image(_)) {
                    self.scroll = 0.0;
                }
                let path_focus =
                    matches!(&m, Msg::Focus(crate::view_model::state::Focus::Path(..)));
                let fx = self.state.update(m);
                self.run(fx);
                if path_focus {
                    self.scroll_tree_to_focus();
                }
            }
            AppMsg::Worker(i, m) => {
                let fx = self.state.update(Msg::Worker {
                    worker: i,
                    msg: m,
                    now: now(),
                });
                self.run(fx);
            }
            AppMsg::WorkerError(e) => {
                let fx = self.state.update(Msg::WorkerError(e));
                self.run(fx);
            }
            AppMsg::Scroll(px) => {
                if (px - self.scroll).abs() < 1.0 {
                    return false;
                }
                self.scroll = px;
            }
            AppMsg::Download => {
                self.download();
                return false;
            }
            AppMsg::Code(Ok(code)) => self.code = Some(code),
            AppMsg::Code(Err(e)) => {
                self.state.update(Msg::Start {
                    name: String::new(),
                    size: 0,
                    workers: 1,
                    now: now(),
                });
                self.state.update(Msg::WorkerError(format!(
                    "cannot load the worker code: {e}"
                )));
            }
            AppMsg::Noop => return false,
        }
        true
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first: bool) {
        if self.apply_scroll {
            self.apply_scroll = false;
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector(".tree-viewport").ok().flatten())
            {
                el.set_scroll_top(self.scroll as i32);
            }
            return;
        }
        // bring what a finding points at into view (once per focus change)
        if self.state.focus.is_some() && self.state.focus != self.scrolled_to {
            self.scrolled_to = self.state.focus.clone();
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector(".view .focused").ok().flatten())
            {
                el.scroll_into_view();
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let s = &self.state;
        let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
        let ondrop = link.callback(|e: DragEvent| {
            e.prevent_default();
            e.data_transfer()
                .and_then(|dt| dt.files())
                .and_then(|fl| fl.get(0))
                .map_or(AppMsg::Noop, AppMsg::Open)
        });
        let onchange = link.callback(|e: Event| {
            let input: Option<HtmlInputElement> = e.target().and_then(|t| t.dyn_into().ok());
            input
                .and_then(|i| i.files())
                .and_then(|f| f.get(0))
                .map_or(AppMsg::Noop, AppMsg::Open)
        });
        let theme = if s.dark { "dark" } else { "light" };
        html! {
            // data-state appears once the page is ready to inspect (worker code loaded)
            <main id="app" class={classes!("app", theme, s.shared.is_some().then_some("shared"))} data-state={(self.code.is_some() || s.phase != Phase::Idle).then(|| s.phase.as_str())} {ondragover} {ondrop}>
                <header class="top">
                    <h1 class="brand">{ "ocilens" }</h1>
                    <p class="tagline">{ "Inspect a container-image tarball in your browser. Nothing is uploaded." }</p>
                    <div class="actions">
                        <label class="button primary">
                            { "Open image tarball…" }
                            <input type="file" class="visually-hidden" aria-label="Choose an image tarball" {onchange} />
                        </label>
                        if matches!(s.phase, Phase::Reading | Phase::Verifying) {
                            <button class="button" onclick={link.callback(|_| AppMsg::Ui(Msg::Cancel))}>{ "Cancel" }</button>
                        }
                        if s.report.is_some() {
                            <button class="button" onclick={link.callback(|_| AppMsg::Download)}>{ "Download report" }</button>
                            <button class="button" onclick={link.callback(|_| AppMsg::Share(None))}>{ "Share report" }</button>
                        }
                        <button class="button ghost" aria-label="Toggle dark theme" onclick={link.callback(|_| AppMsg::Ui(Msg::ToggleTheme))}>
                            { if s.dark { "☀ Light" } else { "☾ Dark" } }
                        </button>
                    </div>
                </header>
                { components::banner(s) }
                { components::share_panel(s, link) }
                { components::body(self, s, link) }
            </main>
        }
    }
}
