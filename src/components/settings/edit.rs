//! Editing the draft: every edit keeps the text, and applies the whole draft if it is valid.

use std::rc::Rc;

use quorumscope_engine::scenario::ClusterPatch;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::draft::{parse_ms, Draft};
use super::evaluate::evaluate;
use super::SettingsPanelProps;

/// The edits of one render: they read the draft and the settings as that render saw them.
#[derive(Clone)]
pub struct Edit {
    /// The draft.
    pub draft: UseStateHandle<Draft>,
    /// The settings in force.
    pub props: Rc<SettingsPanelProps>,
}

impl Edit {
    /// Changes the draft by `change`; sends the settings it asks for if they are all valid,
    /// and the loss rate if it is a probability that changed.
    pub fn apply(&self, change: &dyn Fn(&mut Draft)) {
        let props = &self.props;
        let mut next = (*self.draft).clone();
        change(&mut next);
        let (patch, errors) = evaluate(&next, props);
        let drop_rate = parse_ms(&next.drop_rate).filter(|p| (0.0..=1.0).contains(p));
        self.draft.set(next);
        if errors.is_empty() && patch != ClusterPatch::default() {
            props.on.configure.emit(patch);
        }
        if let Some(p) = drop_rate.filter(|p| *p != props.drop_rate) {
            props.on.drop_rate.emit(p);
        }
    }

    /// A text field's `input`: its text goes into the draft by `set`.
    pub fn text(&self, set: fn(&mut Draft, String)) -> Callback<InputEvent> {
        let edit = self.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            edit.apply(&|d| set(d, value.clone()));
        })
    }

    /// A select's `change`: its value goes into the draft by `set`.
    pub fn select(&self, set: fn(&mut Draft, String)) -> Callback<Event> {
        let edit = self.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            edit.apply(&|d| set(d, value.clone()));
        })
    }
}
