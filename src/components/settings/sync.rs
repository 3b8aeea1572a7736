//! `use_draft`: the settings as typed, kept in line with the settings in force.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::draft::Draft;
use super::SettingsPanelProps;

/// The panel's state: the draft, the latency JSON typed and its error, and the ids of the
/// fields that had an error at the last render (text never applied, kept through a change of
/// settings).
pub struct DraftState {
    /// The numbers as typed.
    pub draft: UseStateHandle<Draft>,
    /// The latency JSON as typed.
    pub json_text: UseStateHandle<String>,
    /// Why the latency JSON was not applied.
    pub json_error: UseStateHandle<Option<String>>,
    /// The ids of the fields with an error (set by the panel after each evaluation).
    pub unapplied: Rc<RefCell<Vec<String>>>,
}

/// The draft of `props`, brought in line with the settings in force whenever they change (a
/// loaded scenario, a reset, a scenario's own configure event, or a change applied from the
/// panel). JSON typed and not applied yet stays as typed.
#[hook]
pub fn use_draft(props: &SettingsPanelProps) -> DraftState {
    let draft = use_state(|| Draft::of(props));
    let json_text =
        use_state(|| quorumscope_engine::scenario::compact_json(&props.cluster.latency.to_json()));
    let json_error = use_state(|| None::<String>);
    // The latency JSON the settings in force gave the text area.
    let json_shown = use_mut_ref(|| {
        quorumscope_engine::scenario::compact_json(&props.cluster.latency.to_json())
    });
    let unapplied = use_mut_ref(Vec::<String>::new);
    {
        let (draft, json_text) = (draft.clone(), json_text.clone());
        let deps = (
            props.cluster.clone(),
            props.nwr,
            props.drop_rate,
            props.clients.clone(),
        );
        let synced = draft.synced(props, &unapplied.borrow());
        let latency_json =
            quorumscope_engine::scenario::compact_json(&props.cluster.latency.to_json());
        use_effect_with(deps, move |_| {
            if *draft != synced {
                draft.set(synced);
            }
            let edited = *json_text != *json_shown.borrow();
            if !edited {
                json_text.set(latency_json.clone());
            }
            *json_shown.borrow_mut() = latency_json;
        });
    }
    DraftState {
        draft,
        json_text,
        json_error,
        unapplied,
    }
}
