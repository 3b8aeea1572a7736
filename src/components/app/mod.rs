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
use super::ring_view::RingPanel;
use super::scenario_picker::{LookAt, ScenarioPicker};
use super::settings::SettingsPanel;
use crate::components::class_list;
use crate::embed::{Embed, Panels};
use crate::scenarios::session_fragment;
use crate::state::AppState;
use crate::DEFAULT_SCENARIO;
use handlers::Handlers;

/// The URL's fragment (`#...`), or nothing outside a browser.
fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Whether the user asked the system for less motion (`prefers-reduced-motion: reduce`).
pub fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
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

    // Made once: the handle reads the state as it is when the link is asked for, and a callback
    // that never changes does not re-render the scenario bar on every frame.
    let share_link = {
        let state = state.clone();
        use_callback((), move |_: (), _| {
            let fragment =
                session_fragment(&state.base, &state.user_events, &state.session_scenario());
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
    let copy_embed = {
        let (state, share_link) = (state.clone(), share_link.clone());
        let (note, error) = (handlers.note.clone(), handlers.error.clone());
        use_callback((), move |_: (), _| {
            crate::embed::copy(
                crate::embed::code(&share_link.emit(()), &state),
                &note,
                &error,
            )
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
                    <div class="cluster-slot">
                        <ClusterView snapshot={snapshot.clone()} selected_op={state.selected_op}
                                     reduced_motion={*reduced_motion} on={h.cluster.clone()} />
                    </div>
                </section>
                <div class="panels">
                    <ScenarioPicker
                        name={state.base.name.clone()}
                        description={state.base.description.clone()}
                        look_at={LookAt(state.base.clone())}
                        share_link={share_link} scenario_file={scenario_file}
                        copy_embed={copy_embed}
                        on_load={h.load.clone()} on_error={h.error.clone()} />
                    <ClientPanel clients={snapshot.clients.clone()} playing={state.playing}
                                 on_request={h.request.clone()} />
                    <RingPanel ring={snapshot.ring.clone()} selected={state.selected_key.clone()}
                               on_select={h.select_key.clone()} />
                    { diagram }
                    <OpLog history={snapshot.history.clone()} selected={state.selected_op}
                           versioning={snapshot.cluster.versioning} on_select={h.cluster.select.clone()}
                           on_seek={h.controls.seek.clone()} />
                    <SettingsPanel cluster={snapshot.cluster.clone()} nwr={snapshot.nwr}
                                   clients={clients} drop_rate={snapshot.drop_rate}
                                   base={state.base.clone()}
                                   datacenters={snapshot.datacenters.iter().map(|d| (d.name.clone(), d.n)).collect::<Vec<_>>()}
                                   levels={snapshot.levels.clone()} on={h.settings.clone()} />
                    { live_log(&LiveLog {
                        lines: &state.log,
                        total: state.log_total,
                        run: state.log_run,
                        status: state.status.as_deref(),
                    }) }
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
