//! The [`SettingsPanel`] component.

use std::rc::Rc;

use yew::prelude::*;

use super::detector::detector;
use super::edit::Edit;
use super::evaluate::{error_of, evaluate};
use super::form::{use_selects, Form};
use super::latency::latency;
use super::modes::{modes, switches};
use super::nwr::nwr;
use super::skews::skews;
use super::sync::use_draft;
use super::SettingsPanelProps;
use crate::components::field_error;

/// The settings panel.
#[function_component(SettingsPanel)]
pub fn settings_panel(props: &SettingsPanelProps) -> Html {
    let state = use_draft(props);
    let (_, errors) = evaluate(&state.draft, props);
    *state.unapplied.borrow_mut() = errors.iter().map(|(id, _)| id.clone()).collect();
    let selects = use_selects(props, &state.draft);
    let edit = Edit {
        draft: state.draft.clone(),
        props: Rc::new(props.clone()),
    };
    let f = Form {
        props,
        draft: &state.draft,
        errors: &errors,
        edit: &edit,
        selects: &selects,
    };
    html! {
        <section class="panel settings-panel" aria-labelledby="settings-heading">
            <h2 id="settings-heading">{ "Settings" }</h2>
            <p class="hint">
                { "Changes apply from now on, to operations that start later; they are recorded \
                   in the share link." }
            </p>
            { nwr(&f) }
            { modes(&f) }
            <details class="more-settings">
                <summary>{ "More: anti-entropy, sloppy quorum, timeout, failure detector, latency, clock skew, message loss" }</summary>
                { switches(&f) }
                { detector(&f) }
                { latency(&f, &state) }
                { skews(&f) }
            </details>
            { field_error("set-general", error_of(&errors, "general")) }
        </section>
    }
}
