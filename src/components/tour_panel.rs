//! A guided tour's panel: the step's text, "Step k of N", Previous and Next step (Previous goes
//! back through time travel), an autoplay of the steps, and leaving and resuming the tour.

use quorumscope_engine::time::ms_to_us;
use std::fmt::Write;

use quorumscope_engine::tour::{Highlight, Setting, Step};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::app::handlers::TourHandlers;
use crate::markup::escaped as escape;
use crate::state::{short_ms, TourState};

/// How long autoplay leaves a step's text on screen: a reading time for its length.
pub fn reading_ms(text: &str) -> u32 {
    (2_500 + 45 * text.len()).min(12_000) as u32
}

/// The element id of a setting a tour step highlights (docs/UI.md).
pub fn setting_id(s: Setting) -> &'static str {
    match s {
        Setting::N => "set-n",
        Setting::W => "set-w",
        Setting::R => "set-r",
        Setting::Versioning => "set-versioning",
        Setting::Coordinator => "set-coordinator",
        Setting::ReadRepair => "set-read-repair",
        Setting::AntiEntropy => "set-anti-entropy",
        Setting::SloppyQuorum => "set-sloppy",
        Setting::HintedHandoff => "set-handoff",
        Setting::Timeout => "set-timeout",
        Setting::DropRate => "set-drop",
    }
}

/// What a step highlights, in words for the panel (and a screen reader).
fn look_at(h: &Highlight) -> String {
    match h {
        Highlight::Node(id) => format!("node {id}"),
        Highlight::Client(id) => format!("client {id}"),
        Highlight::Op(op) => format!(
            "operation {} (selected in the operation log: its quorums are drawn)",
            op.0
        ),
        Highlight::Message(m) => format!("message {}", m.0),
        Highlight::Setting(s) => format!("the setting {} (in Settings)", s.name()),
    }
}

/// The step's part of the live region as HTML: "Step k of N · at t ms", its text, and what to
/// look at (one string: less code in the bundle than an element each).
fn step_html(k: usize, count: usize, step: &Step) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<p class=\"tour-count\">Step {} of {count}<span class=\"tour-at\"> · at {} ms</span></p>\
         <p id=\"tour-text\" class=\"tour-text\">{}</p>",
        k + 1,
        short_ms(ms_to_us(step.at_ms)),
        escape(&step.text)
    );
    if let Some(h) = &step.highlight {
        let _ = write!(
            out,
            "<p class=\"tour-look\">Look at: {}</p>",
            escape(&look_at(h))
        );
    }
    out
}

/// The tour panel (`#tour-panel`). While the user follows the tour: its title, "Step k of N"
/// and the step's text in a live region (read out when the step changes), what to look at,
/// `Previous step`, `Next step`, `Autoplay` (each step stays for a reading time, then Next: the
/// page's timer, `reading_ms`) and `Leave tour`. Once left: where the user left, `Resume tour`
/// and `Close tour`. A function, not a component: it keeps no state of its own (a component
/// costs the page's bundle more than its markup).
pub fn tour_panel(t: &TourState, on: &TourHandlers) -> Html {
    let count = t.tour.steps.len();
    let k = t.step.min(count.saturating_sub(1));
    let step = &t.tour.steps[k];
    let go = |to: usize| {
        let go = on.go.clone();
        Callback::from(move |_: MouseEvent| go.emit(to))
    };
    let on_autoplay = {
        let autoplay = on.autoplay.clone();
        Callback::from(move |e: Event| {
            autoplay.emit(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };

    // A setting is far from the drawing (the settings panel, lower down): a button brings it
    // into view and focuses it.
    let show = match &step.highlight {
        Some(Highlight::Setting(s)) => {
            let id = setting_id(*s);
            let onclick = Callback::from(move |_: MouseEvent| {
                let el = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id(id));
                if let Some(el) = el {
                    crate::hooks::dom::reveal(&el);
                    crate::hooks::dom::focus(wasm_bindgen::JsCast::unchecked_ref(&el));
                }
            });
            html! { <button type="button" id="tour-show" {onclick}>{ "Show the setting" }</button> }
        }
        _ => Html::default(),
    };

    html! {
        <section id="tour-panel" class={if t.following { "tour-panel following" } else { "tour-panel" }}
                 aria-labelledby="tour-heading">
            <h2 id="tour-heading">{ format!("Tour: {}", t.tour.title) }</h2>
            if t.following {
                <div class="tour-step" role="status" aria-atomic="true">
                    { Html::from_html_unchecked(step_html(k, count, step).into()) }
                </div>
                <div class="tour-actions">
                    <button type="button" disabled={k == 0} onclick={go(k.saturating_sub(1))}>{ "Previous step" }</button>
                    <button type="button" id="tour-next" class="primary" disabled={k + 1 >= count} onclick={go(k + 1)}>{ "Next step" }</button>
                    { show }
                    <label class="tour-auto">
                        <input type="checkbox" id="tour-autoplay" checked={t.autoplay} onchange={on_autoplay} />
                        { "Autoplay" }
                    </label>
                    <button type="button" id="tour-leave" onclick={super::clicks(&on.leave)}>{ "Leave tour" }</button>
                </div>
            } else {
                <p class="tour-text" role="status">
                    { format!("You left the tour at step {} of {count}: experiment as you like. \
                               Resume tour loads its scenario again at that step.", k + 1) }
                </p>
                <div class="tour-actions">
                    <button type="button" id="tour-resume" class="primary" onclick={super::clicks(&on.resume)}>{ "Resume tour" }</button>
                    <button type="button" onclick={super::clicks(&on.close)}>{ "Close tour" }</button>
                </div>
            }
        </section>
    }
}
