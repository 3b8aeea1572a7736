//! `#diagram`: the space-time diagram of the run (issue 10, part 3), drawn by a Web Worker.
//!
//! The worker (`crates/diagram`, built into `dist/diagram/`, started the first time the
//! visitor opens the diagram) replays the session with the causal log on and decides
//! everything: the scale, the window to draw, what a click or a key means, where the
//! current-time line goes, the files the download buttons make (`quorumscope_diagram::panel`).
//! This hook (`use_diagram_panel`) only starts it, forwards raw facts (the run's position, the
//! scroll box, the `data-act` of what was clicked, the key pressed) and inserts what comes
//! back: the caption and tool bar, the length with the window's SVG, the current-time line
//! (alone when only the position moved), a status sentence.
//!
//! Why plain JS objects here rather than serde-wasm-bindgen (which the worker uses for the same
//! messages, `quorumscope_diagram::protocol`): the derived (de)serializers and
//! serde-wasm-bindgen cost the page's initial bundle about 23 KB gzipped (341.4 -> 326.4 KB
//! measured when the panel moved to plain objects, BENCHMARKS.md "The space-time diagram"),
//! seven times the diagram's whole budget of 3 KB. The page writes four small requests with
//! `Reflect::set` and reads the one reply with `Reflect::get`; clippy's `disallowed-methods`
//! (clippy.toml) keeps `serde_wasm_bindgen` out of the page.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Reflect};
use quorumscope_engine::scenario::Event;
use quorumscope_engine::time::Micros;
use quorumscope_engine::{OpId, Scenario};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, MessageEvent, Worker};
use yew::prelude::*;

use crate::hooks::dom::{act_of, event_element};
use crate::state::Position;

/// The worker's loader (www/diagram-loader.js, copied by Trunk beside the worker's files in
/// `dist/diagram/`, so that the worker finds them relative to itself).
const WORKER: &str = "diagram/diagram-loader.js";

/// The run the diagram shows.
pub struct DiagramRun {
    /// The loaded scenario.
    pub base: Rc<Scenario>,
    /// The user's actions, as scenario events.
    pub events: Rc<Vec<Event>>,
    /// Where the run is shown (the current-time line).
    pub at: Position,
    /// The furthest position played (the diagram's end).
    pub horizon: Position,
    /// Whether time plays (the diagram follows the current-time line).
    pub playing: bool,
    /// The operation selected.
    pub selected: Option<OpId>,
}

/// Reads field `key` of a JS object.
pub(super) fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The page's element of this id.
fn by_id(id: &str) -> Option<Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

/// Posts request `name` with `fields` to a worker (serde's external tagging of
/// `quorumscope_diagram::protocol::Request`). Shared with the ring's hook.
pub(super) fn post(worker: &Worker, name: &str, fields: &[(&str, JsValue)]) {
    let inner = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&inner, &JsValue::from_str(k), v);
    }
    let outer = Object::new();
    let _ = Reflect::set(&outer, &JsValue::from_str(name), &inner);
    let _ = worker.post_message(&outer);
}

/// A worker's message handler.
pub(super) type OnMessage = Closure<dyn Fn(MessageEvent)>;

/// Starts a worker from the diagram's files, each reply handed to `on_reply`; the handler is
/// to be kept as long as the worker. Shared with the ring's, the workshop's and the staleness
/// panel's; boxed, so that the four share one copy of it and of its message closure (bytes in
/// the page's bundle).
pub(super) fn start(on_reply: Box<dyn Fn(JsValue)>) -> Option<(Worker, OnMessage)> {
    let worker = Worker::new(WORKER).ok()?;
    let on_message =
        Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| on_reply(e.data()));
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    Some((worker, on_message))
}

/// What the worker drew last (its `Update`s applied).
#[derive(Default)]
struct Drawn {
    head: AttrValue,
    body: AttrValue,
    now: AttrValue,
    status: AttrValue,
    error: AttrValue,
}

/// The page's side of the worker, and what it drew.
#[derive(Default)]
struct Channel {
    worker: Option<Worker>,
    /// Its message handler (kept alive as long as the worker).
    on_message: Option<Closure<dyn Fn(MessageEvent)>>,
    /// The worker said it listens.
    ready: bool,
    /// A `Sync` is being served: the next waits (while time plays, positions come faster than
    /// the worker replays; only the latest is sent).
    busy: bool,
    /// The latest run position and selection, not yet sent when `dirty`.
    sync: (Position, Position, bool, Option<OpId>),
    dirty: bool,
    /// The session's scenario file, to send with the next `Sync` when `Some`.
    scenario: Option<String>,
    /// The session it was made of.
    run: Option<RunKey>,
    drawn: Drawn,
    /// Where the worker asked to scroll, once the length it goes with is drawn.
    scroll_to: Option<f64>,
}

impl Channel {
    /// Posts request `name` with `fields` (serde's external tagging of
    /// `quorumscope_diagram::protocol::Request`).
    fn post(&self, name: &str, fields: &[(&str, JsValue)]) {
        if let (Some(worker), true) = (&self.worker, self.ready) {
            post(worker, name, fields);
        }
    }

    /// Sends the latest `Sync` if the worker is free.
    fn flush(&mut self) {
        if !self.ready || self.busy || !self.dirty {
            return;
        }
        let (at, horizon, playing, selected) = self.sync;
        let n = |v: u64| JsValue::from_f64(v as f64);
        let scenario = self
            .scenario
            .take()
            .map_or(JsValue::NULL, |s| JsValue::from_str(&s));
        self.post(
            "Sync",
            &[
                ("scenario", scenario),
                ("horizon_us", n(horizon.now_us)),
                ("horizon_events", n(horizon.events)),
                ("now_us", n(at.now_us)),
                ("playing", JsValue::from_bool(playing)),
                ("selected", selected.map_or(JsValue::NULL, |op| n(op.0))),
            ],
        );
        self.busy = true;
        self.dirty = false;
    }

    /// Tells the worker the scroll box's offset and size.
    fn scrolled(&self) {
        if let Some(el) = by_id("diagram") {
            self.post(
                "Scroll",
                &[
                    ("top_px", f64::from(el.scroll_top()).into()),
                    ("width_px", f64::from(el.client_width()).into()),
                    ("height_px", f64::from(el.client_height()).into()),
                ],
            );
        }
    }

    /// Applies a worker's `Update` (the page's own callbacks aside).
    fn apply(&mut self, u: &JsValue) {
        let d = &mut self.drawn;
        let text = |k, to: &mut AttrValue| {
            if let Some(t) = get(u, k).as_string() {
                *to = t.into();
            }
        };
        text("head", &mut d.head);
        text("body", &mut d.body);
        text("now", &mut d.now);
        text("status", &mut d.status);
        d.error = AttrValue::default();
        text("error", &mut d.error);
        if let Some(to) = get(u, "scroll_to_px").as_f64() {
            self.scroll_to = Some(to);
        }
        if get(u, "ready").is_truthy() {
            self.ready = true;
            self.dirty = true;
            self.scrolled();
        }
        if get(u, "synced").is_truthy() {
            self.busy = false;
        }
        self.flush();
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        if let Some(worker) = &self.worker {
            worker.terminate();
        }
    }
}

/// `#diagram`: see the [module documentation](self). Closed at first: the worker starts when
/// the visitor opens it. A hook that `App` calls, placing the `Html` it returns, rather than a
/// component: a component of its own cost the page's bundle about 2 KB more of Yew's
/// per-component code (BENCHMARKS.md "The space-time diagram"). `on_select` selects an
/// operation or none (the operation log's too), `on_seek` moves the run to a simulated time.
#[hook]
pub fn use_diagram_panel(
    run: DiagramRun,
    on_select: Callback<Option<OpId>>,
    on_seek: Callback<Micros>,
) -> Html {
    let open = use_state(|| false);
    let redraw = use_force_update();
    let channel: Rc<RefCell<Channel>> = use_mut_ref(Channel::default);

    // The run: its scenario file when it changed, its position and selection.
    {
        let mut c = channel.borrow_mut();
        let r = &run;
        let run = RunKey(r.base.clone(), r.events.clone());
        if c.run.as_ref() != Some(&run) {
            c.scenario = Some(crate::state::merged(&run.0, &run.1).to_json_string());
            c.run = Some(run);
            c.dirty = true;
        }
        let sync = (r.at, r.horizon, r.playing, r.selected);
        if c.sync != sync {
            c.sync = sync;
            c.dirty = true;
        }
        c.flush();
    }
    // Scrolls where the worker said, once the length it goes with is drawn.
    {
        let channel = channel.clone();
        use_effect(move || {
            let to = channel.borrow_mut().scroll_to.take();
            if let (Some(to), Some(el)) = (to, by_id("diagram")) {
                el.set_scroll_top(to as i32);
            }
        });
    }

    // Opens and closes; starts the worker the first time.
    let toggle = {
        let open = open.clone();
        let channel = channel.clone();
        Callback::from(move |_: MouseEvent| {
            open.set(!*open);
            if channel.borrow().worker.is_some() {
                return;
            }
            let reply = {
                let channel = channel.clone();
                let redraw = redraw.clone();
                let (on_select, on_seek) = (on_select.clone(), on_seek.clone());
                move |u: JsValue| {
                    channel.borrow_mut().apply(&u);
                    if let Some(op) = get(&u, "select").as_f64() {
                        on_select.emit(Some(OpId(op as u64)));
                    }
                    if get(&u, "unselect").is_truthy() {
                        on_select.emit(None);
                    }
                    if let Some(t) = get(&u, "seek_us").as_f64() {
                        on_seek.emit(t as Micros);
                    }
                    if let (Some(name), Some(mime), Some(text)) = (
                        get(&u, "download_name").as_string(),
                        get(&u, "download_mime").as_string(),
                        get(&u, "download_text").as_string(),
                    ) {
                        let _ = crate::download::save(&name, &mime, &text);
                    }
                    redraw.force_update();
                }
            };
            let Some((worker, on_message)) = start(Box::new(reply)) else {
                return;
            };
            let mut c = channel.borrow_mut();
            c.worker = Some(worker);
            c.on_message = Some(on_message);
        })
    };
    let onscroll = {
        let channel = channel.clone();
        Callback::from(move |_: web_sys::Event| channel.borrow().scrolled())
    };
    let onclick = {
        let channel = channel.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(act) = event_element(&e).and_then(|el| act_of(&el)) else {
                return;
            };
            let top = by_id("diagram-length").map_or(0.0, |l| l.get_bounding_client_rect().top());
            channel.borrow().post(
                "Act",
                &[
                    ("act", JsValue::from_str(&act)),
                    ("y_px", (f64::from(e.client_y()) - top).into()),
                ],
            );
        })
    };
    let onkeydown = {
        let channel = channel.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            let act = event_element(&e).and_then(|el| act_of(&el));
            // An operation's box is no button: Enter and Space must not scroll the box.
            if act.as_deref().is_some_and(|a| a.starts_with("op:"))
                && (key == "Enter" || key == " ")
            {
                e.prevent_default();
            }
            let act = act.map_or(JsValue::NULL, |a| JsValue::from_str(&a));
            channel
                .borrow()
                .post("Key", &[("key", JsValue::from_str(&key)), ("act", act)]);
        })
    };

    let c = channel.borrow();
    let d = &c.drawn;
    html! {
        <section class="panel diagram-panel" aria-labelledby="diagram-heading"
                 onclick={onclick} onkeydown={onkeydown}>
            <h2 id="diagram-heading">{ "Space-time diagram" }</h2>
            <button type="button" id="diagram-toggle" aria-expanded={if *open { "true" } else { "false" }}
                    aria-controls="diagram" onclick={toggle}>
                { if *open { "Hide the diagram" } else { "Show the diagram" } }
            </button>
            if *open {
                // Its styles (www/diagram.css), out of the page's first load.
                <link rel="stylesheet" href="diagram/diagram.css" />
                { Html::from_html_unchecked(d.head.clone()) }
                <p id="diagram-status" class="visually-hidden" aria-live="polite">{ d.status.clone() }</p>
                if !d.error.is_empty() {
                    <p class="field-error" role="alert">{ d.error.clone() }</p>
                }
                <div id="diagram" class="diagram-scroll" tabindex="0" role="region"
                     aria-label="Space-time diagram of the run" aria-describedby="diagram-caption"
                     onscroll={onscroll}>
                    { Html::from_html_unchecked(d.body.clone()) }
                    { Html::from_html_unchecked(d.now.clone()) }
                </div>
            }
        </section>
    }
}

/// The session, compared by pointer (a new scenario or new actions are new `Rc`s).
pub(super) struct RunKey(pub Rc<Scenario>, pub Rc<Vec<Event>>);

impl PartialEq for RunKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) && Rc::ptr_eq(&self.1, &other.1)
    }
}
