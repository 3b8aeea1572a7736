//! `use_draft`: the settings as typed, kept in line with the settings in force.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::draft::Draft;
use super::SettingsPanelProps;

/// The latency JSON as typed, and why it was not applied: one state (a state of a type of its
/// own costs the page's bundle about 0.4 KB gzipped: BENCHMARKS.md, "Bundle, issue 10, third
/// pass").
#[derive(Clone, PartialEq)]
pub struct LatencyJson {
    /// The text as typed.
    pub text: String,
    /// Why it was not applied.
    pub error: Option<String>,
}

/// The panel's state: the draft, the latency JSON typed and its error, and the ids of the
/// fields that had an error at the last render (text never applied, kept through a change of
/// settings).
pub struct DraftState {
    /// The numbers as typed.
    pub draft: UseStateHandle<Draft>,
    /// The latency JSON as typed, and its error.
    pub json: UseStateHandle<LatencyJson>,
    /// The ids of the fields with an error (set by the panel after each evaluation).
    pub unapplied: Rc<RefCell<Vec<String>>>,
}

/// The draft of `props`, brought in line with the settings in force whenever they change (a
/// loaded scenario, a reset, a scenario's own configure event, or a change applied from the
/// panel). JSON typed and not applied yet stays as typed.
#[hook]
pub fn use_draft(props: &SettingsPanelProps) -> DraftState {
    let draft = use_state(|| Draft::of(props));
    let json = use_state(|| LatencyJson {
        text: quorumscope_engine::scenario::compact_json(&props.cluster.latency.to_json()),
        error: None,
    });
    // The latency JSON the settings in force gave the text area.
    let json_shown = use_mut_ref(|| {
        quorumscope_engine::scenario::compact_json(&props.cluster.latency.to_json())
    });
    let unapplied = use_mut_ref(Vec::<String>::new);
    {
        let (draft, json) = (draft.clone(), json.clone());
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
            let edited = json.text != *json_shown.borrow();
            if !edited {
                json.set(LatencyJson {
                    text: latency_json.clone(),
                    error: json.error.clone(),
                });
            }
            *json_shown.borrow_mut() = latency_json;
        });
    }
    DraftState {
        draft,
        json,
        unapplied,
    }
}
