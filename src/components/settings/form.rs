//! What the panel's sections are drawn from ([`Form`]), and the selects kept on the values in
//! force ([`use_selects`]).

use quorumscope_engine::scenario::Coordinator;
use quorumscope_engine::version::Versioning;
use yew::prelude::*;

use super::draft::{Draft, LatencyKind};
use super::edit::Edit;
use super::evaluate::{error_of, Errors};
use super::SettingsPanelProps;
use crate::components::{input_field, use_select_value};

/// The selects' elements with the values they show.
pub struct Selects {
    /// Versioning, and its value.
    pub versioning: (NodeRef, &'static str),
    /// Coordinator, and its value.
    pub coordinator: (NodeRef, &'static str),
    /// Latency form, and its value.
    pub kind: (NodeRef, &'static str),
    /// Failure detector, and its value.
    pub detector: (NodeRef, &'static str),
    /// w's level.
    pub w_level: NodeRef,
    /// r's level.
    pub r_level: NodeRef,
}

/// The panel's selects, each kept on the value in force (or chosen in the draft) after every
/// render.
#[hook]
pub fn use_selects(props: &SettingsPanelProps, draft: &Draft) -> Selects {
    let c = &props.cluster;
    let detector = if c.failure_detector.is_perfect() {
        "perfect"
    } else {
        "timeout"
    };
    let versioning = match c.versioning {
        Versioning::Dvv => "dvv",
        Versioning::Vv => "vv",
        Versioning::Lww => "lww",
    };
    let coordinator = match c.coordinator {
        Coordinator::Client => "client",
        Coordinator::Replica => "replica",
    };
    let kind = match draft.kind {
        LatencyKind::Constant => "constant",
        LatencyKind::Uniform => "uniform",
        LatencyKind::Json => "json",
    };
    let refs = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let levels = (use_node_ref(), use_node_ref());
    use_select_value(refs.0.clone(), detector.to_string());
    use_select_value(refs.1.clone(), versioning.to_string());
    use_select_value(refs.2.clone(), coordinator.to_string());
    use_select_value(refs.3.clone(), kind.to_string());
    use_select_value(levels.0.clone(), draft.w_level.clone());
    use_select_value(levels.1.clone(), draft.r_level.clone());
    Selects {
        detector: (refs.0, detector),
        versioning: (refs.1, versioning),
        coordinator: (refs.2, coordinator),
        kind: (refs.3, kind),
        w_level: levels.0,
        r_level: levels.1,
    }
}

/// What a section of the panel is drawn from.
pub struct Form<'a> {
    /// The settings in force.
    pub props: &'a SettingsPanelProps,
    /// The numbers as typed.
    pub draft: &'a Draft,
    /// What is wrong with them.
    pub errors: &'a Errors,
    /// The edits.
    pub edit: &'a Edit,
    /// The selects.
    pub selects: &'a Selects,
}

impl Form<'_> {
    /// The error of the field of this id.
    pub fn err(&self, id: &str) -> Option<&str> {
        error_of(self.errors, id)
    }

    /// A number field (any number; typing it edits the draft by `set`).
    pub fn number(
        &self,
        id: &'static str,
        label: &'static str,
        value: &str,
        set: fn(&mut Draft, String),
        help: Option<&'static str>,
    ) -> Html {
        self.numeric(id, label, value, "any", help, true, set)
    }

    /// A whole-number field (n, w or r; typing it edits the draft by `set`).
    pub fn whole(
        &self,
        id: &'static str,
        label: &'static str,
        value: &str,
        help: &'static str,
        set: fn(&mut Draft, String),
    ) -> Html {
        self.numeric(id, label, value, "1", Some(help), false, set)
    }

    /// A number field with this `step`; `show_error` as [`input_field`] takes it (n, w and r
    /// show their errors together, under the quorum condition).
    #[allow(clippy::too_many_arguments)]
    fn numeric(
        &self,
        id: &'static str,
        label: &'static str,
        value: &str,
        step: &'static str,
        help: Option<&'static str>,
        show_error: bool,
        set: fn(&mut Draft, String),
    ) -> Html {
        input_field(
            AttrValue::Static(id),
            AttrValue::Static(label),
            "number",
            value,
            step,
            help,
            self.err(id),
            show_error,
            self.edit.text(set),
        )
    }
}
