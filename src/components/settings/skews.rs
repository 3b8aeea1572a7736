//! The panel's clock skews (one per node and client) and message loss.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::draft::{parse_ms, skew_id};
use super::form::Form;
use crate::components::input_field;

/// A skew field's `input`: the endpoint's skew in the draft.
fn on_skew(f: &Form, endpoint: String) -> Callback<InputEvent> {
    let edit = f.edit.clone();
    Callback::from(move |e: InputEvent| {
        let value = e.target_unchecked_into::<HtmlInputElement>().value();
        edit.apply(&|d| {
            for (name, text) in d.skews.iter_mut() {
                if *name == endpoint {
                    *text = value.clone();
                }
            }
        });
    })
}

/// The clock skews, then the loss rate.
pub fn skews(f: &Form) -> Html {
    let draft = f.draft;
    let loss_error = (!parse_ms(&draft.drop_rate).is_some_and(|p| (0.0..=1.0).contains(&p)))
        .then_some("Message loss is a probability: a number from 0 to 1.");
    html! { <>
        <fieldset class="skews">
            <legend>{ "Clock skew (ms)" }</legend>
            <p class="hint">
                { "Added to each clock. Under last-write-wins a write's timestamp is its \
                   coordinator's clock: the client's with client coordination, the \
                   coordinating node's with replica coordination." }
            </p>
            <div class="skew-grid">
                { for draft.skews.iter().map(|(e, v)| {
                    let id = skew_id(e);
                    let error = f.err(&id);
                    input_field(AttrValue::from(id.clone()), AttrValue::from(format!("Clock skew of {e}")),
                                "number", v, "any", None, error, true, on_skew(f, e.clone()))
                }) }
            </div>
        </fieldset>
        { input_field(AttrValue::Static("set-drop"), AttrValue::Static("Message loss"), "number", &draft.drop_rate, "0.05",
            Some("probability that each message is lost, from 0 to 1"), loss_error,
            true, f.edit.text(|d, v| d.drop_rate = v)) }
    </> }
}
