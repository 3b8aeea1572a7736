//! "The ring" (`#ring-panel`): the nodes' tokens on the consistent-hashing ring, each key used
//! so far at its position, and for the key the user selects its preference list (home
//! replicas, then fallbacks), the clockwise walk that found it, and in words why those nodes
//! hold it and which of them hold it now.
//!
//! A collapsible panel, closed when the page opens, so it never pushes the cluster down. A key
//! is selected with the select beside the ring (keyboard, screen readers, phones) or by
//! clicking or tapping its dot (a 44 px target around it). The selection is the page's
//! (`AppState::selected_key`, kept through a Reset).
//!
//! Drawn by a Web Worker, as the space-time diagram is (`crates/diagram`'s `ring` module):
//! the first time the visitor opens the panel, this hook starts a worker of its own from the
//! diagram's files and sends it the session's scenario file, the position shown and the key
//! selected (`Ring`, a plain JS object written by hand: see `diagram.rs` for why); the worker
//! replays the session there and answers with the drawing, the select's options, the
//! explanation and the preference list as markup, which this hook inserts. Moving the drawing
//! and the explanation out of the page took its bundle from 324.2 to 320.2 KB gzipped, and the
//! ring view out of the page's snapshots to 316.4 KB
//! (BENCHMARKS.md, "Bundle, fourth session").

use std::cell::RefCell;
use std::rc::Rc;

use quorumscope_engine::scenario::Event;
use quorumscope_engine::Scenario;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlSelectElement, MessageEvent, Worker};
use yew::prelude::*;

use super::diagram::{get, post, start, RunKey};
use super::use_select_value;
use crate::hooks::dom::{closest, event_element};
use crate::state::Position;

/// The run the ring shows.
pub struct RingRun {
    /// The loaded scenario.
    pub base: Rc<Scenario>,
    /// The user's actions, as scenario events.
    pub events: Rc<Vec<Event>>,
    /// Where the run is shown.
    pub at: Position,
    /// The key the user selected, if any.
    pub selected: Option<String>,
}

/// What the worker drew last: the `ring_*` fields of its replies.
#[derive(Default)]
struct Drawn {
    svg: AttrValue,
    options: AttrValue,
    more: AttrValue,
    explanation: AttrValue,
    rest: AttrValue,
    chosen: String,
    error: AttrValue,
}

/// The page's side of the ring's worker, and what it drew.
#[derive(Default)]
struct Channel {
    worker: Option<Worker>,
    /// Its message handler (kept alive as long as the worker).
    on_message: Option<Closure<dyn Fn(MessageEvent)>>,
    /// The panel is open (the worker is asked only then).
    open: bool,
    /// The worker said it listens.
    ready: bool,
    /// A request is being served: the next waits (only the latest is sent).
    busy: bool,
    /// The position and key shown, not yet sent when `dirty`.
    sync: (Position, Option<String>),
    dirty: bool,
    /// The session's scenario file, to send with the next request when `Some`.
    scenario: Option<String>,
    /// The session it was made of.
    run: Option<RunKey>,
    drawn: Drawn,
}

impl Channel {
    /// Sends the latest position and key if the worker is free (serde's external tagging of
    /// `quorumscope_diagram::protocol::Request::Ring`).
    fn flush(&mut self) {
        let Some(worker) = &self.worker else {
            return;
        };
        if !self.open || !self.ready || self.busy || !self.dirty {
            return;
        }
        let (at, selected) = &self.sync;
        let n = |v: u64| JsValue::from_f64(v as f64);
        let text = |t: Option<String>| t.map_or(JsValue::NULL, |t| JsValue::from_str(&t));
        post(
            worker,
            "Ring",
            &[
                ("scenario", text(self.scenario.take())),
                ("now_us", n(at.now_us)),
                ("now_events", n(at.events)),
                ("selected", text(selected.clone())),
            ],
        );
        self.busy = true;
        self.dirty = false;
    }

    /// Applies a worker's reply.
    fn apply(&mut self, u: &JsValue) {
        let d = &mut self.drawn;
        let text = |k, to: &mut AttrValue| {
            if let Some(t) = get(u, k).as_string() {
                *to = t.into();
            }
        };
        text("ring_svg", &mut d.svg);
        text("ring_options", &mut d.options);
        text("ring_more", &mut d.more);
        text("ring_explanation", &mut d.explanation);
        text("ring_rest", &mut d.rest);
        d.error = AttrValue::default();
        text("error", &mut d.error);
        if let Some(chosen) = get(u, "ring_chosen").as_string() {
            d.chosen = chosen;
        }
        if get(u, "ready").is_truthy() {
            self.ready = true;
            self.dirty = true;
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

/// `The ring` (`#ring-panel`): a `<details>` with the ring drawn as an SVG (`role="img"`,
/// labelled), a select `Key on the ring` (`#ring-key`), the explanation (`#ring-explanation`)
/// and the numbered preference list (`#ring-prefs`) of the selected key. A hook that `App`
/// calls, as `use_diagram_panel` is (a component costs the bundle more). `on_select` selects a
/// key by name.
#[hook]
pub fn use_ring_panel(run: RingRun, on_select: Callback<String>) -> Html {
    let redraw = use_force_update();
    let channel: Rc<RefCell<Channel>> = use_mut_ref(Channel::default);
    let select = use_node_ref();

    // The run and key, once the worker is started (the scenario file is made only then).
    {
        let mut c = channel.borrow_mut();
        if c.worker.is_some() {
            let key = RunKey(run.base.clone(), run.events.clone());
            if c.run.as_ref() != Some(&key) {
                c.scenario = Some(crate::state::merged(&key.0, &key.1).to_json_string());
                c.run = Some(key);
                c.dirty = true;
            }
            let sync = (run.at, run.selected);
            if c.sync != sync {
                c.sync = sync;
                c.dirty = true;
            }
            c.flush();
        }
    }
    use_select_value(select.clone(), channel.borrow().drawn.chosen.clone());

    // Opening asks the worker for the ring (started the first time); closing stops asking.
    let ontoggle = {
        let channel = channel.clone();
        Callback::from(move |e: web_sys::Event| {
            let open = e
                .target_dyn_into::<Element>()
                .is_some_and(|d| d.has_attribute("open"));
            let mut c = channel.borrow_mut();
            c.open = open;
            if open && c.worker.is_none() {
                let reply = {
                    let channel = channel.clone();
                    let redraw = redraw.clone();
                    move |u: JsValue| {
                        channel.borrow_mut().apply(&u);
                        redraw.force_update();
                    }
                };
                if let Some((worker, on_message)) = start(Box::new(reply)) {
                    c.worker = Some(worker);
                    c.on_message = Some(on_message);
                }
            }
            c.dirty = true;
            drop(c);
            redraw.force_update();
        })
    };
    let onchange = {
        let on_select = on_select.clone();
        Callback::from(move |e: web_sys::Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                if !s.value().is_empty() {
                    on_select.emit(s.value());
                }
            }
        })
    };
    // A click or tap on a key's dot (or its target around it) selects the key.
    let onclick = Callback::from(move |e: MouseEvent| {
        if let Some(key) = event_element(&e)
            .and_then(|t| closest(&t, "[data-key]"))
            .and_then(|g| g.get_attribute("data-key"))
        {
            on_select.emit(key);
        }
    });

    let c = channel.borrow();
    let d = &c.drawn;
    let raw = |markup: &AttrValue| Html::from_html_unchecked(markup.clone());
    html! {
        <details class="panel ring-panel" id="ring-panel" ontoggle={ontoggle}>
            <summary>{ "The ring" }</summary>
            // The styles of what the worker draws (www/ring.css), out of the page's first load.
            if c.worker.is_some() {
                <link rel="stylesheet" href="diagram/ring.css" />
            }
            <p class="hint">
                { "Each node owns eight tokens on the ring (its colour); a key sits where the hash \
                   of its name falls, and its preference list is the nodes met walking clockwise \
                   from there: the first n are its home replicas, the rest fallbacks." }
            </p>
            if !d.error.is_empty() {
                <p class="field-error" role="alert">{ d.error.clone() }</p>
            }
            <div class="ring-body" onclick={onclick}>
                { raw(&d.svg) }
                <div class="ring-side">
                    <div class="field">
                        <label for="ring-key">{ "Key on the ring" }</label>
                        <select id="ring-key" ref={select} onchange={onchange}>
                            { raw(&d.options) }
                        </select>
                    </div>
                    { raw(&d.more) }
                    <p id="ring-explanation" class="ring-explanation" aria-live="polite">
                        { d.explanation.clone() }
                    </p>
                    { raw(&d.rest) }
                </div>
            </div>
        </details>
    }
}
