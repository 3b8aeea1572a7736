//! Time: play and pause, step, speed, reset, and the simulated clock.

use quorumscope_engine::time::Micros;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::class_list;

use super::app::handlers::ControlHandlers;
use crate::state::{ms_label, speed_index, Notice, Skip, DEFAULT_SPEED, SPEEDS};

/// What [`controls`] draws from.
pub struct ControlsProps {
    /// Whether time is running.
    pub playing: bool,
    /// Simulated ms per wall ms.
    pub speed: f64,
    /// Simulated time now.
    pub now_us: Micros,
    /// When the next engine event happens, if any.
    pub next_event_us: Option<Micros>,
    /// Whether the run has nothing left to do.
    pub settled: bool,
    /// The quiet stretch being skipped, if any.
    pub skip: Option<Skip>,
    /// What the page tells the user about their last action.
    pub notice: Option<Notice>,
    /// Whether the last frame had more events than it processes (time runs slower than the
    /// speed asks).
    pub behind: bool,
    /// The end of the timeline: the furthest time played in this branch of the run.
    pub horizon_us: Micros,
    /// What the buttons and the speed slider do.
    pub on: ControlHandlers,
}

/// A speed in words: `0.1× (1 simulated ms per 10 ms)`.
pub fn speed_text(speed: f64) -> String {
    let factor = trim_number(speed);
    if speed < 1.0 {
        format!(
            "{factor}× (1 simulated ms per {} ms)",
            trim_number(1.0 / speed)
        )
    } else if speed == 1.0 {
        "1× (real time: 1 simulated ms per ms)".to_string()
    } else {
        format!("{factor}× ({factor} simulated ms per ms)")
    }
}

fn trim_number(x: f64) -> String {
    let s = quorumscope_engine::number::fixed(x, 3);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The bar of time controls above the cluster view. A function, not a component: its props
/// change with the clock on every frame, so a component skipped no render, and it cost the
/// page's bundle more than its markup (issue 10; BENCHMARKS.md, "Bundle, issue 10, third
/// pass").
pub fn controls(props: &ControlsProps) -> Html {
    let on = &props.on;
    let playing = props.playing;
    let toggle = super::clicks(if playing { &on.pause } else { &on.play });
    let step = super::clicks(&on.step);
    let reset = super::clicks(&on.reset);
    let speed = on.speed.reform(|e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        let i = input
            .value()
            .parse::<usize>()
            .unwrap_or(speed_index(DEFAULT_SPEED))
            .min(SPEEDS.len() - 1);
        SPEEDS[i]
    });
    let text = speed_text(props.speed);
    let horizon = props.horizon_us.max(props.now_us);
    let scrub = on.seek.reform(|e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.value().parse::<Micros>().unwrap_or(0)
    });
    let keys = {
        let (seek, back, step) = (on.seek.clone(), on.back.clone(), on.step.clone());
        Callback::from(move |e: KeyboardEvent| {
            match e.key().as_str() {
                "ArrowLeft" => back.emit(()),
                "ArrowRight" => step.emit(()),
                "Home" => seek.emit(0),
                "End" => seek.emit(Micros::MAX),
                _ => return,
            }
            // The browser's own steps of the slider would fight these.
            e.prevent_default();
        })
    };
    let time_text = format!("{} of {}", ms_label(props.now_us), ms_label(horizon));
    let replay = html! {
        <button type="button" class="status-action" onclick={super::clicks(&on.replay)}
                title="Play the same run again from 0 ms, your actions included">{ "Replay" }</button>
    };
    let finished = if props.now_us == 0 {
        "Nothing scheduled: send an operation or inject a fault.".to_string()
    } else {
        format!(
            "Run finished at {}: nothing in flight or scheduled.",
            ms_label(props.now_us)
        )
    };
    let announce = props.notice.is_some() || (props.settled && props.now_us > 0);
    let (status, action) = match (&props.notice, props.skip) {
        (Some(Notice::SetAside(what)), _) => (
            format!("Reset set aside your {what}."),
            html! {
                <button type="button" class="status-action" onclick={super::clicks(&on.undo_reset)}
                        title="Go back to where you were before Reset, with your actions">{ "Undo reset" }</button>
            },
        ),
        (Some(Notice::Branched { at, discarded }), _) => (
            match discarded {
                0 => format!(
                    "Branched at {}: the old future was discarded.",
                    ms_label(*at)
                ),
                1 => format!(
                    "Branched at {}: 1 later action of yours was discarded.",
                    ms_label(*at)
                ),
                n => format!(
                    "Branched at {}: {n} later actions of yours were discarded.",
                    ms_label(*at)
                ),
            },
            html! {},
        ),
        (Some(Notice::NothingToStep), _) => {
            (format!("Nothing left to step. {finished}"), replay.clone())
        }
        _ if props.behind && playing => (
            "busy: slower than this speed, to keep the page responsive".to_string(),
            html! {},
        ),
        (None, Some(skip)) if playing => (
            format!("Nothing in flight: skipping ahead to {}", ms_label(skip.to)),
            html! {},
        ),
        _ if props.settled => (
            finished,
            if props.now_us == 0 {
                html! {}
            } else {
                replay
            },
        ),
        _ => (
            match props.next_event_us {
                Some(t) => format!("next event at {}", ms_label(t)),
                None => "waiting".to_string(),
            },
            html! {},
        ),
    };
    let announced = if announce {
        status.clone()
    } else {
        String::new()
    };
    html! {
        <div class="controls" role="group" aria-label="Time controls">
            <div class="buttons">
                <button type="button" class={class_list("play", &[(!playing).then_some("primary")])}
                        onclick={toggle}
                        title={if playing { "Stop simulated time" } else { "Let simulated time run" }}>
                    <span aria-hidden="true" class="icon">{ if playing { "❚❚" } else { "▶" } }</span>
                    { if playing { "Pause" } else { "Play" } }
                </button>
                <button type="button" onclick={step} title="Jump to the next engine event (pauses)">
                    { "Step" }
                </button>
                <button type="button" onclick={reset} title="Start the scenario over, without your actions">
                    { "Reset" }
                </button>
            </div>
            <div class="speed">
                <label for="speed">{ "Speed" }</label>
                <input type="range" id="speed" min="0" max={(SPEEDS.len() - 1).to_string()} step="1"
                       value={speed_index(props.speed).to_string()}
                       aria-valuetext={text.clone()}
                       aria-describedby="speed-text"
                       oninput={speed} />
                <span id="speed-text" class="speed-text">{ text }</span>
            </div>
            <div class="timeline">
                <label for="timeline" class="timeline-label">{ "Time" }</label>
                <input type="range" id="timeline" min="0" max={horizon.to_string()} step="1"
                       value={props.now_us.to_string()} aria-valuetext={time_text}
                       title="Scrub through the run: ← → one event, Home and End"
                       oninput={scrub} onkeydown={keys} />
                <div class="tt-buttons">
                    <button type="button" id="tt-start" onclick={on.seek.reform(|_: MouseEvent| 0)}
                            aria-label="Start of the run" title="Start of the run">{ "|◀" }</button>
                    <button type="button" id="tt-back" onclick={super::clicks(&on.back)}
                            aria-label="Back one event" title="Back one event">{ "◀" }</button>
                    <button type="button" id="tt-forward" onclick={super::clicks(&on.step)}
                            aria-label="Forward one event" title="Forward one event (the same as Step)">{ "▶" }</button>
                    <button type="button" id="tt-end" onclick={on.seek.reform(|_: MouseEvent| Micros::MAX)}
                            aria-label="End: the furthest time played" title="End: the furthest time played">{ "▶|" }</button>
                </div>
            </div>
            <div class="clock">
                <span class="clock-label">{ "Simulated time" }</span>
                <span id="sim-time" class="sim-time">{ ms_label(props.now_us) }</span>
            </div>
            <div class="clock-status">
                <span>{ status }</span>
                { action }
            </div>
            // What a screen reader should hear: the notices and the end of the run, not the
            // clock's every change.
            <p class="visually-hidden" aria-live="polite">{ announced }</p>
        </div>
    }
}
