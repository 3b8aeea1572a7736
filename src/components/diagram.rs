//! `#diagram`: the space-time diagram of the run (issue 10, part 3), drawn by a Web Worker.
//!
//! The page's bundle carries only this component: the drawing (`crates/diagram`) and a second
//! copy of the engine run in the worker (`dist/diagram/`), which the page starts the first time
//! the visitor opens the diagram. The worker replays the session's scenario to the page's
//! position with the causal log on, and answers with the SVG of the part scrolled to (and of
//! the whole run, for the download). Clicks are handled here by delegation on the SVG's
//! `data-*` attributes: an operation or a verdict selects its operation, the time axis seeks.

use std::rc::Rc;

use js_sys::{Object, Reflect};
use quorumscope_engine::number::plain;
use quorumscope_engine::scenario::Event;
use quorumscope_engine::time::Micros;
use quorumscope_engine::{OpId, Scenario};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, MessageEvent, Worker};
use yew::prelude::*;

use crate::state::Position;

/// Where Trunk puts the worker's script and wasm (index.html, `data-target-path`), from the page.
const WORKER_JS: &str = "diagram/diagram-worker.js";
/// The worker's wasm.
const WORKER_WASM: &str = "diagram/diagram-worker_bg.wasm";

/// Starts the worker. Its loader is made here rather than by Trunk's `data-loader-shim`: Trunk
/// 0.21.14's shim names the files relative to the page (`./diagram/...`) while a worker resolves
/// them relative to itself (`diagram/diagram/...`, not found) when they are in a folder. So the
/// page writes the two lines with absolute addresses into a `Blob` and starts the worker from it.
fn start_worker() -> Option<Worker> {
    let href = web_sys::window()?.location().href().ok()?;
    let url = |path: &str| {
        web_sys::Url::new_with_base(path, &href)
            .ok()
            .map(|u| u.href())
    };
    let loader = format!(
        "importScripts({:?});wasm_bindgen({:?});",
        url(WORKER_JS)?,
        url(WORKER_WASM)?
    );
    let parts = js_sys::Array::of1(&JsValue::from_str(&loader));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let blob_url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    // Not revoked: the worker fetches it after this returns (one small Blob per page).
    Worker::new(&blob_url).ok()
}
/// The diagram's scale when it opens, in px per simulated ms.
const DEFAULT_PX_PER_MS: f64 = 4.0;
/// The height of the lane names at the top of every window (the drawing's `HEAD_PX`).
const HEAD_PX: f64 = 28.0;

/// Properties of [`DiagramPanel`].
#[derive(Properties)]
pub struct DiagramPanelProps {
    /// The loaded scenario.
    pub base: Rc<Scenario>,
    /// The user's actions, as scenario events.
    pub events: Rc<Vec<Event>>,
    /// Where the run is (the diagram ends there, with a line across it).
    pub at: Position,
    /// The operation selected.
    pub selected: Option<OpId>,
    /// Selects an operation (or none: a click on the selected one).
    pub on_select: Callback<Option<OpId>>,
    /// Moves the run to a simulated time (a click on the time axis), when the page can.
    pub on_seek: Option<Callback<Micros>>,
}

/// The scenario and the actions are compared by pointer: a state shares them until they change.
impl PartialEq for DiagramPanelProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.base, &other.base)
            && Rc::ptr_eq(&self.events, &other.events)
            && self.at == other.at
            && self.selected == other.selected
            && self.on_select == other.on_select
            && self.on_seek == other.on_seek
    }
}

/// A request to the worker. The page writes it as the plain object that serde's external
/// tagging gives `quorumscope_diagram::protocol::Request` (`{"Load": {"seq": 1, ...}}`), which
/// the worker reads with serde-wasm-bindgen: the page itself carries no serde code for it (the
/// derived (de)serializers and serde-wasm-bindgen cost the page's bundle about 30 KB gzipped).
#[derive(Clone, Debug, PartialEq)]
enum Request {
    /// `Request::Load`.
    Load {
        seq: u32,
        scenario: String,
        now_us: Micros,
        events: u64,
    },
    /// `Request::Window`.
    Window {
        seq: u32,
        t0_us: Micros,
        t1_us: Micros,
        width_px: f64,
        height_px: f64,
        selected: Option<u64>,
    },
    /// `Request::Export`.
    Export { seq: u32 },
}

/// Sets `key` of `object` to `value`.
fn set(object: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), &value);
}

impl Request {
    /// The request as the worker reads it.
    fn to_js(&self) -> JsValue {
        let fields = Object::new();
        let (name, seq) = match self {
            Request::Load {
                seq,
                scenario,
                now_us,
                events,
            } => {
                set(&fields, "scenario", JsValue::from_str(scenario));
                set(&fields, "now_us", JsValue::from_f64(*now_us as f64));
                set(&fields, "events", JsValue::from_f64(*events as f64));
                ("Load", seq)
            }
            Request::Window {
                seq,
                t0_us,
                t1_us,
                width_px,
                height_px,
                selected,
            } => {
                set(&fields, "t0_us", JsValue::from_f64(*t0_us as f64));
                set(&fields, "t1_us", JsValue::from_f64(*t1_us as f64));
                set(&fields, "width_px", JsValue::from_f64(*width_px));
                set(&fields, "height_px", JsValue::from_f64(*height_px));
                let selected = selected.map_or(JsValue::NULL, |op| JsValue::from_f64(op as f64));
                set(&fields, "selected", selected);
                ("Window", seq)
            }
            Request::Export { seq } => ("Export", seq),
        };
        set(&fields, "seq", JsValue::from_f64(f64::from(*seq)));
        let request = Object::new();
        set(&request, name, fields.into());
        request.into()
    }
}

/// A reply of the worker (`quorumscope_diagram::protocol::Reply`, as serde-wasm-bindgen writes
/// it: `{"Svg": {"seq": 2, "svg": "<svg ..."}}`).
enum Reply {
    /// `Reply::Ready` (a unit variant: the string `"Ready"`).
    Ready,
    /// `Reply::Loaded`: the run ends there.
    Loaded { end_us: Micros },
    /// `Reply::Svg`.
    Svg { seq: u32, svg: String },
    /// `Reply::Error`.
    Error { message: String },
}

impl Reply {
    /// Reads a message of the worker; `None` if it is none of its replies.
    fn from_js(data: &JsValue) -> Option<Reply> {
        if data.as_string().as_deref() == Some("Ready") {
            return Some(Reply::Ready);
        }
        let field = |o: &JsValue, key: &str| Reflect::get(o, &JsValue::from_str(key)).ok();
        let variant = |name: &str| field(data, name).filter(|v| v.is_object());
        if let Some(v) = variant("Loaded") {
            let end_us = field(&v, "end_us")?.as_f64()? as Micros;
            return Some(Reply::Loaded { end_us });
        }
        if let Some(v) = variant("Svg") {
            let seq = field(&v, "seq")?.as_f64()? as u32;
            return Some(Reply::Svg {
                seq,
                svg: field(&v, "svg")?.as_string()?,
            });
        }
        let v = variant("Error")?;
        Some(Reply::Error {
            message: field(&v, "message")?.as_string()?,
        })
    }
}

/// The page's side of the worker: the worker, and the requests waiting for it.
#[derive(Default)]
struct Channel {
    worker: Option<Worker>,
    /// Its message handler (kept alive as long as the worker).
    on_message: Option<Closure<dyn Fn(MessageEvent)>>,
    /// The worker said it listens ([`Reply::Ready`]).
    ready: bool,
    /// The last sequence number used.
    seq: u32,
    /// A load is being served: the next waits (while time plays, positions come faster than
    /// the worker can replay; only the latest is sent).
    loading: bool,
    /// The load waiting for the one being served.
    next_load: Option<Request>,
    /// The window last asked for (its reply alone is drawn).
    window_seq: u32,
    /// The export last asked for.
    export_seq: u32,
    /// The window the page shows now (sent again after each load).
    window: Option<Request>,
}

impl Channel {
    fn next_seq(&mut self) -> u32 {
        self.seq = self.seq.wrapping_add(1);
        self.seq
    }

    fn post(&self, request: &Request) {
        if let Some(worker) = &self.worker {
            let _ = worker.post_message(&request.to_js());
        }
    }

    fn load(&mut self, request: Request) {
        if self.loading || !self.ready {
            self.next_load = Some(request);
        } else {
            self.loading = true;
            self.post(&request);
        }
    }

    fn window(&mut self, mut request: Request) {
        let seq = self.next_seq();
        if let Request::Window { seq: s, .. } = &mut request {
            *s = seq;
        }
        self.window_seq = seq;
        if self.ready {
            self.post(&request);
        }
        self.window = Some(request);
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        if let Some(worker) = &self.worker {
            worker.terminate();
        }
    }
}

/// What the worker said last.
#[derive(Clone, Debug, Default, PartialEq)]
struct Drawn {
    /// The run's end, in µs (the diagram's length).
    end_us: Micros,
    /// The window's SVG, and the scroll position it was drawn for.
    svg: Option<(AttrValue, f64)>,
    /// A request that failed: why.
    error: Option<String>,
}

/// What the worker's replies change.
enum Heard {
    /// A run was loaded: it ends there.
    Loaded(Micros),
    /// A window was drawn, for this scroll position.
    Window(AttrValue, f64),
    /// A request failed.
    Failed(String),
}

impl Reducible for Drawn {
    type Action = Heard;

    fn reduce(self: Rc<Self>, action: Heard) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Heard::Loaded(end_us) => {
                next.end_us = end_us;
                next.error = None;
            }
            Heard::Window(svg, top) => next.svg = Some((svg, top)),
            Heard::Failed(error) => next.error = Some(error),
        }
        Rc::new(next)
    }
}

/// The session's scenario file: the scenario with the user's actions, by time (as the page's
/// run and its share link have them).
fn session_json(base: &Scenario, events: &[Event]) -> String {
    let mut s = base.clone();
    s.events.extend(events.iter().cloned());
    quorumscope_engine::sort::sort_by(&mut s.events, |a, b| a.at.total_cmp(&b.at));
    s.to_json_string()
}

/// Offers `svg` as a file download named `name`.
fn download(svg: &str, name: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(name);
    document.body()?.append_child(&a).ok()?;
    a.click();
    a.remove();
    web_sys::Url::revoke_object_url(&url).ok()
}

/// The attribute `name` of the nearest element at or above the event's target that has it.
fn delegated(event: &web_sys::Event, name: &str) -> Option<(Element, String)> {
    let target: Element = event.target()?.dyn_into().ok()?;
    let found = target.closest(&format!("[{name}]")).ok()??;
    let value = found.get_attribute(name)?;
    Some((found, value))
}

/// `#diagram`: see the [module documentation](self). Closed at first: the worker starts when
/// the visitor opens it.
#[function_component(DiagramPanel)]
pub fn diagram_panel(props: &DiagramPanelProps) -> Html {
    let open = use_state(|| false);
    let px_per_ms = use_state(|| DEFAULT_PX_PER_MS);
    let drawn = use_reducer(Drawn::default);
    let channel = use_mut_ref(Channel::default);
    let scroller = use_node_ref();
    let length = use_node_ref();

    // Asks for the window scrolled to.
    let ask_window = {
        let channel = channel.clone();
        let scroller = scroller.clone();
        let px_per_ms = *px_per_ms;
        let selected = props.selected;
        Rc::new(move || {
            let Some(el) = scroller.cast::<HtmlElement>() else {
                return;
            };
            let top = f64::from(el.scroll_top());
            let height = f64::from(el.client_height()).max(HEAD_PX + 40.0);
            let us_per_px = 1000.0 / px_per_ms;
            let t0 = (top * us_per_px) as Micros;
            let t1 = t0 + ((height - HEAD_PX) * us_per_px).ceil() as Micros;
            channel.borrow_mut().window(Request::Window {
                seq: 0,
                t0_us: t0,
                t1_us: t1,
                width_px: f64::from(el.client_width()),
                height_px: height,
                selected: selected.map(|op| op.0),
            });
        })
    };

    // Starts the worker the first time the diagram opens.
    {
        let channel = channel.clone();
        let drawn = drawn.dispatcher();
        let scroller = scroller.clone();
        use_effect_with(*open, move |&open| {
            let mut c = channel.borrow_mut();
            if open && c.worker.is_none() {
                match start_worker() {
                    Some(worker) => {
                        let channel = channel.clone();
                        let on_message =
                            Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
                                let Some(reply) = Reply::from_js(&e.data()) else {
                                    return;
                                };
                                let mut c = channel.borrow_mut();
                                match reply {
                                    Reply::Ready => {
                                        c.ready = true;
                                        if let Some(next) = c.next_load.take() {
                                            c.loading = true;
                                            c.post(&next);
                                        }
                                    }
                                    Reply::Loaded { end_us, .. } => {
                                        c.loading = false;
                                        if let Some(next) = c.next_load.take() {
                                            c.loading = true;
                                            c.post(&next);
                                        }
                                        drawn.dispatch(Heard::Loaded(end_us));
                                        if let Some(window) = c.window.clone() {
                                            c.window(window);
                                        }
                                    }
                                    Reply::Svg { seq, svg } if seq == c.export_seq => {
                                        c.export_seq = 0;
                                        download(&svg, "quorumscope-diagram.svg");
                                    }
                                    Reply::Svg { seq, svg } if seq == c.window_seq => {
                                        let top = scroller
                                            .cast::<HtmlElement>()
                                            .map_or(0.0, |el| f64::from(el.scroll_top()));
                                        drawn.dispatch(Heard::Window(svg.into(), top));
                                    }
                                    Reply::Svg { .. } => {}
                                    Reply::Error { message, .. } => {
                                        c.loading = false;
                                        drawn.dispatch(Heard::Failed(message));
                                    }
                                }
                            });
                        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                        c.worker = Some(worker);
                        c.on_message = Some(on_message);
                    }
                    None => drawn.dispatch(Heard::Failed(
                        "the diagram's worker could not start in this browser".into(),
                    )),
                }
            }
        });
    }

    // Sends the run to the worker whenever it changes while the diagram is open.
    {
        let channel = channel.clone();
        let deps = (*open, props.base.clone(), props.events.clone(), props.at);
        use_effect_with(RunKey(deps), move |RunKey((open, base, events, at))| {
            if *open {
                let mut c = channel.borrow_mut();
                let seq = c.next_seq();
                c.load(Request::Load {
                    seq,
                    scenario: session_json(base, events),
                    now_us: at.now_us,
                    events: at.events,
                });
            }
        });
    }

    // A new selection or scale redraws the window.
    {
        let ask_window = ask_window.clone();
        use_effect_with((*open, props.selected, *px_per_ms), move |(open, ..)| {
            if *open {
                ask_window();
            }
        });
    }

    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let zoom = |factor: f64| {
        let px_per_ms = px_per_ms.clone();
        Callback::from(move |_: MouseEvent| {
            px_per_ms.set((*px_per_ms * factor).clamp(0.001, 500.0));
        })
    };
    let export = {
        let channel = channel.clone();
        Callback::from(move |_: MouseEvent| {
            let mut c = channel.borrow_mut();
            let seq = c.next_seq();
            c.export_seq = seq;
            c.post(&Request::Export { seq });
        })
    };
    let onscroll = {
        let ask_window = ask_window.clone();
        Callback::from(move |_: web_sys::Event| ask_window())
    };
    let select = |op: &str, selected: Option<OpId>, on: &Callback<Option<OpId>>| {
        if let Ok(n) = op.parse::<u64>() {
            let op = OpId(n);
            on.emit((selected != Some(op)).then_some(op));
        }
    };
    let onclick = {
        let on_select = props.on_select.clone();
        let on_seek = props.on_seek.clone();
        let selected = props.selected;
        let length = length.clone();
        let px_per_ms = *px_per_ms;
        Callback::from(move |e: MouseEvent| {
            let event: &web_sys::Event = &e;
            if let Some((_, op)) = delegated(event, "data-op-id") {
                select(&op, selected, &on_select);
            } else if let (Some(on_seek), Some(_)) = (&on_seek, delegated(event, "data-us-per-px"))
            {
                // The drawing's y is HEAD_PX + t x px per µs from the top of its whole length
                // (each window sits at its own offset), so the page needs nothing of the SVG but
                // that it is the axis: no number to parse (parsing floats would bring the
                // page's wasm 15 KB of tables).
                if let Some(length) = length.cast::<Element>() {
                    let y = f64::from(e.client_y()) - length.get_bounding_client_rect().top();
                    on_seek.emit(((y - HEAD_PX).max(0.0) * 1000.0 / px_per_ms) as Micros);
                }
            }
        })
    };
    let onkeydown = {
        let on_select = props.on_select.clone();
        let selected = props.selected;
        Callback::from(move |e: KeyboardEvent| {
            if e.key() != "Enter" && e.key() != " " {
                return;
            }
            if let Some((_, op)) = delegated(&e, "data-op-id") {
                e.prevent_default();
                select(&op, selected, &on_select);
            }
        })
    };

    let length_px = HEAD_PX + drawn.end_us as f64 / 1000.0 * *px_per_ms;
    html! {
        <section class="panel diagram-panel" aria-labelledby="diagram-heading">
            <h2 id="diagram-heading">{ "Space-time diagram" }</h2>
            <button type="button" id="diagram-toggle" class="diagram-toggle" aria-expanded={open.to_string()}
                    aria-controls="diagram" onclick={toggle}>
                { if *open { "Hide the diagram" } else { "Show the diagram" } }
            </button>
            if *open {
                <p class="hint" id="diagram-caption">
                    { "One line per client and node, time flowing down: an arrow per message \
                       (coloured as in the cluster), a cross where one was lost, a box per \
                       operation, bands where a node was down or cut off, and the checker's \
                       verdicts. The operation log lists the same operations and verdicts in \
                       words, in order. Select an operation to see its causal past (bold \
                       arrows) and what was concurrent with it (dashed)." }
                    if props.on_seek.is_some() { { " Click the time axis to go to that moment." } }
                </p>
                <div class="diagram-bar">
                    <button type="button" id="diagram-zoom-in" onclick={zoom(2.0)}>{ "Zoom in" }</button>
                    <button type="button" id="diagram-zoom-out" onclick={zoom(0.5)}>{ "Zoom out" }</button>
                    <button type="button" id="diagram-export" onclick={export}>{ "Download SVG" }</button>
                    <span class="diagram-scale">{ format!("{} px per ms", plain(*px_per_ms)) }</span>
                </div>
                if let Some(error) = &drawn.error {
                    <p class="field-error" role="alert">{ error.clone() }</p>
                }
                <div id="diagram" class="diagram-scroll" ref={scroller} tabindex="0" role="region"
                     aria-label="Space-time diagram of the run" aria-describedby="diagram-caption"
                     onscroll={onscroll} onclick={onclick} onkeydown={onkeydown}>
                    <div class="diagram-length" ref={length} style={format!("height:{}px", plain(length_px.ceil()))}>
                        if let Some((svg, top)) = &drawn.svg {
                            <div class="diagram-window" style={format!("top:{}px", plain(*top))}>
                                { Html::from_html_unchecked(svg.clone()) }
                            </div>
                        } else {
                            <p class="empty">{ "Drawing…" }</p>
                        }
                    </div>
                </div>
            }
        </section>
    }
}

/// The run the worker should replay, compared by pointer (a new scenario or new actions are
/// new `Rc`s) and position.
struct RunKey((bool, Rc<Scenario>, Rc<Vec<Event>>, Position));

impl PartialEq for RunKey {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.0, &other.0);
        a.0 == b.0 && Rc::ptr_eq(&a.1, &b.1) && Rc::ptr_eq(&a.2, &b.2) && a.3 == b.3
    }
}
