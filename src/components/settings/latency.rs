//! The panel's latency: constant or uniform delays in fields, any other form as JSON.

use quorumscope_engine::scenario::ClusterPatch;
use quorumscope_engine::Latency;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::draft::LatencyKind;
use super::form::Form;
use super::sync::{DraftState, LatencyJson};
use crate::components::{field_error, options, select_field};
use crate::state::check_patch;

/// The JSON form: a text area applied by its button, after the engine's checks.
fn json_form(f: &Form, state: &DraftState) -> Html {
    let json = state.json.clone();
    let on_json_input = Callback::from(move |e: InputEvent| {
        json.set(LatencyJson {
            text: e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            error: None,
        });
    });
    let json = state.json.clone();
    let props = f.edit.props.clone();
    let on_json_apply = Callback::from(move |_: MouseEvent| {
        let json_error = |error: Option<String>| {
            json.set(LatencyJson {
                text: json.text.clone(),
                error,
            })
        };
        let parsed = serde_json::from_str::<serde_json::Value>(&json.text)
            .map_err(|e| format!("not JSON: {e}"))
            .and_then(|v| Latency::from_json(&v));
        let latency = match parsed {
            Ok(latency) => latency,
            Err(e) => return json_error(Some(format!("Latency: {e}. Not applied."))),
        };
        let patch = ClusterPatch {
            latency: Some(latency),
            ..ClusterPatch::default()
        };
        match check_patch(&props.cluster, &props.clients, &props.base, &patch) {
            Ok(()) => {
                json_error(None);
                props.on.configure.emit(patch);
            }
            Err(e) => json_error(Some(e)),
        }
    });
    let error = state.json.error.as_deref();
    html! {
        <div class="field">
            <label for="set-latency-json">{ "Latency (JSON)" }</label>
            <textarea id="set-latency-json" rows="3" spellcheck="false"
                      value={state.json.text.clone()} oninput={on_json_input}
                      aria-invalid={error.is_some().then_some("true")}
                      aria-describedby={if error.is_some() { "set-latency-json-help set-latency-json-error" } else { "set-latency-json-help" }} />
            <p class="hint" id="set-latency-json-help">
                { "As in a scenario file: {\"constant\": 10}, {\"uniform\": [5, 15]}, {\"exponential\": {\"rate\": 0.1}}, {\"pareto\": {\"xm\": 5, \"alpha\": 2}}, {\"mixture\": [[0.9, L], [0.1, L]]}, or {\"write\": L, \"ack\": L, \"read\": L, \"response\": L}." }
            </p>
            { field_error("set-latency-json", error) }
            <button type="button" onclick={on_json_apply}>{ "Apply latency" }</button>
        </div>
    }
}

/// The latency's form and its fields.
pub fn latency(f: &Form, state: &DraftState) -> Html {
    let edit = f.edit.clone();
    let on_kind = Callback::from(move |e: Event| {
        let kind = match e
            .target_unchecked_into::<HtmlSelectElement>()
            .value()
            .as_str()
        {
            "constant" => LatencyKind::Constant,
            "uniform" => LatencyKind::Uniform,
            _ => LatencyKind::Json,
        };
        edit.apply(&|d| d.kind = kind);
    });
    let (draft, select) = (f.draft, &f.selects.kind);
    html! { <>
        { select_field("set-latency", "Latency", select.0.clone(), &options(&[
            ("constant", "constant: every message takes the same time"),
            ("uniform", "uniform: anywhere between two delays"),
            ("json", "advanced: any form, as JSON"),
          ]), select.1, on_kind) }
        { field_error("set-latency", f.err("set-latency")) }
        if draft.kind == LatencyKind::Constant {
            { f.number("set-latency-constant", "Delay (ms)", &draft.constant, |d, v| d.constant = v, None) }
        }
        if draft.kind == LatencyKind::Uniform {
            <div class="pair">
                { f.number("set-latency-min", "Smallest delay (ms)", &draft.min, |d, v| d.min = v, None) }
                { f.number("set-latency-max", "Largest delay (ms)", &draft.max, |d, v| d.max = v, None) }
            </div>
        }
        if draft.kind == LatencyKind::Json {
            { json_form(f, state) }
        }
    </> }
}
