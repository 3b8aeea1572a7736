//! The whole page: the reducer, the animation loop, and the layout.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_render::{request_animation_frame, AnimationFrame};
use yew::prelude::*;

pub mod handlers;

use super::client_panel::ClientPanel;
use super::cluster::ClusterView;
use super::controls::{controls, ControlsProps};
use super::diagram::{use_diagram_panel, DiagramRun};
use super::embed_bar::embed_bar;
use super::error_banner::error_banner;
use super::intro::intro;
use super::live_log::{live_log, LiveLog};
use super::metrics_panel::metrics_panel;
use super::op_log::OpLog;
use super::pbs_view::pbs_panel;
use super::ring_view::{use_ring_panel, RingRun};
use super::scenario_picker::{LookAt, ScenarioPicker};
use super::settings::SettingsPanel;
use super::tour_list::tour_list;
use super::tour_panel::{reading_ms, tour_panel};
use super::workshop::use_workshop;
use crate::components::class_list;
use crate::embed::{Embed, Panels};
use crate::scenarios::session_fragment;
use crate::state::AppState;
use crate::DEFAULT_SCENARIO;
use handlers::Handlers;
use quorumscope_engine::tour::Highlight;

/// The URL's fragment (`#...`), or nothing outside a browser.
fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Whether the page matches the media query `query`.
fn media(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Whether the user asked the system for less motion (`prefers-reduced-motion: reduce`).
pub fn prefers_reduced_motion() -> bool {
    media("(prefers-reduced-motion: reduce)")
}

/// Requests animation frames one after another, each sent to `frame`, until `alive` turns
/// false.
fn frame_loop(
    slot: Rc<RefCell<Option<AnimationFrame>>>,
    alive: Rc<Cell<bool>>,
    frame: Callback<f64>,
) {
    let next_slot = slot.clone();
    let next = request_animation_frame(move |t| {
        if !alive.get() {
            return;
        }
        frame.emit(t);
        if alive.get() {
            frame_loop(next_slot, alive, frame);
        }
    });
    *slot.borrow_mut() = Some(next);
}

/// Marks what a tour step highlights (`data-tour-mark`, which the CSS rings) and unmarks what
/// was marked before. An operation is highlighted by selecting it (the reducer does), not here;
/// a setting inside the closed "More settings" is shown by opening it.
fn mark_highlight(h: Option<&Highlight>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // At most a few are ever marked; bounded all the same.
    for _ in 0..8 {
        match document.query_selector("[data-tour-mark]").ok().flatten() {
            Some(el) => {
                let _ = el.remove_attribute("data-tour-mark");
            }
            None => break,
        }
    }
    let name = |id: &str| (!id.contains(['"', '\\'])).then(|| id.to_string());
    let selector = match h {
        Some(Highlight::Node(id)) => name(id).map(|id| format!("[data-node=\"{id}\"]")),
        Some(Highlight::Client(id)) => name(id).map(|id| format!("[data-client=\"{id}\"]")),
        Some(Highlight::Message(m)) => Some(format!("[data-message-id=\"{}\"]", m.0)),
        Some(Highlight::Setting(s)) => Some(format!("#{}", super::tour_panel::setting_id(*s))),
        Some(Highlight::Op(_)) | None => None,
    };
    let Some(el) = selector.and_then(|s| document.query_selector(&s).ok().flatten()) else {
        return;
    };
    let _ = el.set_attribute("data-tour-mark", "");
    if let Some(details) = el.closest("details:not([open])").ok().flatten() {
        let _ = details.set_attribute("open", "");
    }
    // On a phone the followed tour's panel is fixed over the bottom of the screen: what the
    // step points at in the drawing is scrolled up from under it (a setting has its button).
    let drawn = !matches!(h, Some(Highlight::Setting(_)));
    let panel = (drawn && media("(max-width: 640px)"))
        .then(|| {
            document
                .query_selector(".tour-panel.following")
                .ok()
                .flatten()
        })
        .flatten();
    if let Some(panel) = panel {
        let (mark, over) = (
            el.get_bounding_client_rect(),
            panel.get_bounding_client_rect(),
        );
        if mark.bottom() > over.top() {
            if let Some(window) = web_sys::window() {
                window.scroll_by_with_x_and_y(0.0, mark.bottom() - over.top() + 12.0);
            }
        }
    }
}

/// The quorumscope page. It opens the scenario of a share link (`#s=...`) or the default one,
/// and while time plays it advances the engine once per animation frame.
#[function_component(App)]
pub fn app() -> Html {
    // Embed mode (src/embed.rs): chosen by the query string, once.
    let embed = use_memo((), |_| Embed::from_location());
    let state = {
        let embed = embed.clone();
        use_reducer(move || {
            let state = AppState::open(&location_hash(), DEFAULT_SCENARIO);
            match &*embed {
                Some(e) => e.start(state, prefers_reduced_motion()),
                None => state,
            }
        })
    };
    let reduced_motion = use_memo((), |_| prefers_reduced_motion());
    // An embed's title names the scenario it shows, also one fetched after the first state
    // (`#p=<library id>`) or loaded later.
    {
        let embedded = embed.is_some();
        use_effect_with(state.base.name.clone(), move |name| {
            if embedded {
                if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                    document.set_title(&crate::embed::frame_title(name));
                }
            }
        });
    }
    // Made once: the dispatcher never changes, nor then do the callbacks.
    let handlers = use_memo(state.dispatcher(), |d| {
        let d = d.clone();
        Handlers::new(&Callback::from(move |msg| d.dispatch(msg)))
    });

    // Time runs on requestAnimationFrame while playing, and not at all while paused.
    {
        let frame = handlers.frame.clone();
        use_effect_with(state.playing, move |&playing| {
            let slot: Rc<RefCell<Option<AnimationFrame>>> = Rc::default();
            let alive = Rc::new(Cell::new(playing));
            if playing {
                frame_loop(slot.clone(), alive.clone(), frame);
            }
            move || {
                alive.set(false);
                slot.borrow_mut().take();
            }
        });
    }

    // A share link pasted into the address bar of the open page changes only the fragment:
    // load it as a fresh load of the link would (issue 7, defect 12).
    {
        let open_link = handlers.open_link.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    open_link.emit(location_hash())
                })
            });
            move || drop(listener)
        });
    }

    // The file the reducer waits for (a library scenario), fetched once per request; what
    // comes back goes to the reducer, which ignores it if it no longer waits for it.
    {
        let fetched = handlers.fetched.clone();
        let path = state.pending.as_ref().map(|p| p.path.clone());
        use_effect_with(path, move |path| {
            if let Some(path) = path.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    let result = crate::fetch::text(&path).await;
                    fetched.emit((path.to_string(), result));
                });
            }
        });
    }

    // The tour's effects on the page, in one effect (one hook fewer in the bundle for each):
    // what its step highlights, marked whenever the picture may have been drawn anew; the
    // address, which follows its step (a reload, or the link copied, comes back to it); and
    // autoplay: once the run stands at a step, a reading time, then Next (a timer, dropped, so
    // cancelled, as soon as anything here changes).
    {
        let go = handlers.tour.go.clone();
        let followed = state.tour.as_ref().filter(|t| t.following);
        let mark = followed.and_then(|t| t.tour.steps.get(t.step)?.highlight.clone());
        // Followed: its step; left: the step where the user left (a reload resumes there);
        // closed: no tour link at all.
        let at = state
            .tour
            .as_ref()
            .map(|t| crate::tours::tour_fragment(&t.id, t.step));
        let next = followed
            .filter(|t| t.autoplay && !state.playing && t.step + 1 < t.tour.steps.len())
            .map(|t| (t.step + 1, reading_ms(&t.tour.steps[t.step].text)));
        let drawn = (state.snapshot.now_us, state.log_run);
        use_effect_with((mark, at, next, drawn), move |(mark, at, next, _)| {
            mark_highlight(mark.as_ref());
            if let Some(window) = web_sys::window() {
                let now = window.location().hash().unwrap_or_default();
                let want = match at {
                    Some(at) => Some(format!("#{at}")),
                    // A closed tour's link goes: a reload shows the run, not the tour again.
                    None if now.starts_with("#tour=") => Some(String::new()),
                    None => None,
                };
                if let (Some(want), Ok(history)) = (want.filter(|w| *w != now), window.history()) {
                    let url = if want.is_empty() {
                        let location = window.location();
                        let path = location.pathname().unwrap_or_default();
                        path + &location.search().unwrap_or_default()
                    } else {
                        want
                    };
                    let _ = history.replace_state_with_url(
                        &wasm_bindgen::JsValue::NULL,
                        "",
                        Some(&url),
                    );
                }
            }
            let timer =
                next.map(|(k, wait)| gloo_timers::callback::Timeout::new(wait, move || go.emit(k)));
            move || drop(timer)
        });
    }

    // The tour's place for keyboard and phone users: a tour opened, left or resumed brings its
    // panel into view (above the drawing, far from the list that opened it; on a phone, where
    // a followed tour's panel is fixed at the bottom of the screen, the drawing) and focuses
    // what comes next: Next step, or Resume tour once left. On the last step Next step is
    // disabled, which drops the focus: it goes to Leave tour.
    {
        let opened = state.tour.as_ref().map(|t| (t.id.clone(), t.following));
        let last = state
            .tour
            .as_ref()
            .is_some_and(|t| t.following && t.step + 1 >= t.tour.steps.len());
        let shown = use_mut_ref(|| None::<(Rc<str>, bool)>);
        use_effect_with((opened, last), move |(opened, last)| {
            let document = web_sys::window().and_then(|w| w.document());
            let by_id = |id: &str| document.as_ref()?.get_element_by_id(id);
            let new = *shown.borrow() != *opened;
            *shown.borrow_mut() = opened.clone();
            let target = match opened {
                None => None,
                Some((_, false)) if new => Some("tour-resume"),
                Some(_) if *last => {
                    let lost = document
                        .as_ref()
                        .and_then(|d| d.active_element())
                        .is_none_or(|a| a.tag_name() == "BODY" || a.id() == "tour-next");
                    (new || lost).then_some("tour-leave")
                }
                Some(_) if new => Some("tour-next"),
                Some(_) => None,
            };
            if let Some(el) = target.and_then(by_id) {
                if new {
                    let phone = matches!(opened, Some((_, true))) && media("(max-width: 640px)");
                    let shown = match phone {
                        true => document
                            .as_ref()
                            .and_then(|d| d.query_selector(".cluster-slot").ok().flatten()),
                        false => by_id("tour-panel"),
                    };
                    if let Some(el) = shown {
                        crate::hooks::dom::reveal(&el);
                    }
                }
                crate::hooks::dom::offer_focus(wasm_bindgen::JsCast::unchecked_ref(&el));
            }
        });
    }

    // Made once: the handle reads the state as it is when the link is asked for, and a callback
    // that never changes does not re-render the scenario bar on every frame.
    let share_link = {
        let state = state.clone();
        use_callback((), move |_: (), _| {
            let fragment = session_fragment(
                state.library_id.as_deref(),
                &state.user_events,
                &state.session_scenario(),
            );
            let mut url = format!("#{fragment}");
            if let Some(window) = web_sys::window() {
                let location = window.location();
                let origin = location.origin().unwrap_or_default();
                let path = location.pathname().unwrap_or_default();
                let search = location.search().unwrap_or_default();
                url = format!("{origin}{path}{search}#{fragment}");
                if let Ok(history) = window.history() {
                    let _ = history.replace_state_with_url(
                        &wasm_bindgen::JsValue::NULL,
                        "",
                        Some(&format!("#{fragment}")),
                    );
                }
            }
            url
        })
    };

    // The session as a scenario file that `qsim run` replays (the loaded scenario plus the
    // user's actions), made when the button is pressed.
    let scenario_file = {
        let state = state.clone();
        use_callback((), move |_: (), _| {
            state.session_scenario().to_json_string()
        })
    };

    // "Copy embed code": the snippet of the session as it is when the button is pressed.
    let embed_code = {
        let (state, share_link) = (state.clone(), share_link.clone());
        use_callback((), move |_: (), _| {
            crate::embed::code(&share_link.emit(()), &state)
        })
    };
    let panels = embed.as_ref().as_ref().map(|e| e.options.panels);

    let snapshot = state.snapshot.clone();
    let clients = state.clients();
    let h = &*handlers;
    let diagram = use_diagram_panel(
        DiagramRun {
            base: state.base.clone(),
            events: state.user_events.clone(),
            at: state.at,
            horizon: state.horizon,
            playing: state.playing,
            selected: state.selected_op,
        },
        h.cluster.select.clone(),
        h.controls.seek.clone(),
    );

    let workshop = use_workshop(
        state.base.clone(),
        state.user_events.clone(),
        h.load.clone(),
        h.open_link.clone(),
    );
    let ring = use_ring_panel(
        RingRun {
            base: state.base.clone(),
            events: state.user_events.clone(),
            at: state.at,
            selected: state.selected_key.clone(),
        },
        h.select_key.clone(),
    );
    let pbs = pbs_panel(state.base.clone(), state.user_events.clone());

    html! {
        <div class={class_list("page", &[panels.map(Panels::class)])}>
            if let Some(e) = &*embed {
                { embed_bar(&state.base.name, &share_link) }
                if let Some(problems) = e.problems() {
                    <p class="banner banner-error" role="alert">{ problems }</p>
                }
            }
            { intro() }
            if let Some(error) = &state.error {
                { error_banner(error.clone(), &h.dismiss) }
            }
            <main class="workspace">
                <section class="stage" aria-label="Cluster">
                    { controls(&ControlsProps {
                        playing: state.playing,
                        speed: state.speed,
                        now_us: snapshot.now_us,
                        next_event_us: snapshot.next_event_us,
                        settled: snapshot.settled,
                        behind: state.behind,
                        skip: state.skip,
                        notice: state.notice.clone(),
                        horizon_us: state.horizon.now_us,
                        on: h.controls.clone(),
                    }) }
                    if let Some(tour) = &state.tour {
                        { tour_panel(tour, &h.tour) }
                    }
                    // Where the learner is looking while they work the exercise out.
                    if workshop.solved {
                        <p class="workshop-solved" role="status">
                            { "✓ Exercise solved. The exercise panel says why it works." }
                        </p>
                    }
                    <div class="cluster-slot">
                        <ClusterView snapshot={snapshot.clone()} selected_op={state.selected_op}
                                     reduced_motion={*reduced_motion} on={h.cluster.clone()} />
                    </div>
                </section>
                <div class="panels">
                    if workshop.open { { workshop.panel.clone() } }
                    <ScenarioPicker
                        name={state.base.name.clone()}
                        library_id={state.library_id.as_deref().map(AttrValue::from)}
                        loading={state.pending.as_ref().map(|p| AttrValue::from(p.path.to_string()))}
                        on_choose={h.choose.clone()}
                        description={state.base.description.clone()}
                        look_at={LookAt(state.base.clone())}
                        share_link={share_link} scenario_file={scenario_file}
                        embed_code={embed_code}
                        on_load={h.load.clone()} on_error={h.error.clone()} />
                    { tour_list(&h.tour.open) }
                    if !workshop.open { { workshop.panel.clone() } }
                    // What the run did, in words and operation by operation, near the top: the
                    // intro and the scenarios point the learner to them while it plays.
                    { live_log(&LiveLog {
                        lines: &state.log,
                        total: state.log_total,
                        run: state.log_run,
                        status: state.status.as_deref(),
                    }) }
                    <OpLog history={snapshot.history.clone()} selected={state.selected_op}
                           versioning={snapshot.cluster.versioning} on_select={h.cluster.select.clone()}
                           on_seek={h.controls.seek.clone()} />
                    { diagram }
                    <ClientPanel clients={snapshot.clients.clone()} playing={state.playing}
                                 on_request={h.request.clone()} />
                    <SettingsPanel cluster={snapshot.cluster.clone()} nwr={snapshot.nwr}
                                   clients={clients} drop_rate={snapshot.drop_rate}
                                   base={state.base.clone()}
                                   datacenters={snapshot.datacenters.iter().map(|d| (d.name.clone(), d.n)).collect::<Vec<_>>()}
                                   levels={snapshot.levels.clone()} on={h.settings.clone()} />
                    { ring }
                    { pbs }
                    { metrics_panel(&snapshot.metrics, snapshot.settled) }
                </div>
            </main>
            <footer class="page-footer">
                { "The simulation runs entirely in your browser, compiled from Rust to WebAssembly. \
                   The same scenario and seed always give the same run." }
            </footer>
        </div>
    }
}
