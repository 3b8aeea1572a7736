//! The panel's n, w and r: their fields, the consistency levels, and the quorum condition.

use quorumscope_engine::scenario::ConsistencyLevel;
use yew::prelude::*;

use crate::components::class_list;

use super::draft::parse_count;
use super::form::Form;
use super::levels::{level_overlap, quorum_condition, LEVELS, NUMBER};
use crate::components::{field_error, options, select_field};

/// The quorum condition shown: (holds, headline, meaning). That of the numbers as typed once
/// they are valid (they are applied as they are typed); while one is not, that of the numbers
/// in force; with levels, what each requires and whether they overlap.
fn condition(f: &Form) -> (bool, String, String) {
    let (props, draft) = (f.props, f.draft);
    let nwr_error = ["set-n", "set-w", "set-r"]
        .iter()
        .any(|id| f.err(id).is_some());
    let shown = match (
        parse_count(&draft.n),
        parse_count(&draft.w),
        parse_count(&draft.r),
    ) {
        (Some(n), Some(w), Some(r)) if !nwr_error => (n, w, r),
        _ => props.nwr,
    };
    let (w_now, r_now) = (props.cluster.w, props.cluster.r);
    let counts = matches!(w_now, ConsistencyLevel::Count(_))
        && matches!(r_now, ConsistencyLevel::Count(_))
        && draft.w_level == NUMBER
        && draft.r_level == NUMBER;
    if counts {
        let (holds, headline, meaning) = quorum_condition(shown.0, shown.1, shown.2);
        return (holds, headline, meaning.to_string());
    }
    let dcs = if props.datacenters.is_empty() {
        vec![(
            String::new(),
            u32::try_from(props.nwr.0).unwrap_or(u32::MAX),
        )]
    } else {
        props.datacenters.clone()
    };
    let (holds, meaning) = level_overlap(w_now, r_now, &dcs);
    let headline = format!(
        "w: {} · r: {}",
        props.levels.w_arithmetic, props.levels.r_arithmetic
    );
    (holds, headline, meaning)
}

/// n (read-only with datacenters, which set it), w and r, their levels, their errors and the
/// quorum condition.
pub fn nwr(f: &Form) -> Html {
    let (props, draft) = (f.props, f.draft);
    let per_dc = (!props.datacenters.is_empty()).then(|| {
        let each: Vec<String> = (props.datacenters.iter())
            .map(|(name, n)| format!("{name} {n}"))
            .collect();
        format!("set per datacenter: {}", each.join(" + "))
    });
    let (holds, headline, meaning) = condition(f);
    let on_w_level = f.edit.select(|d, v| d.w_level = v);
    let on_r_level = f.edit.select(|d, v| d.r_level = v);
    html! { <>
        <div class="nwr">
            if let Some(note) = &per_dc {
                <div class="field">
                    <label for="set-n">{ "n" }</label>
                    <input id="set-n" type="number" readonly=true value={draft.n.clone()}
                           aria-describedby="set-n-help" />
                    <span class="unit" id="set-n-help">{ note.clone() }</span>
                </div>
            } else {
                { f.whole("set-n", "n", &draft.n, "replicas per key", |d, v| d.n = v) }
            }
            { f.whole("set-w", "w", &draft.w, "acks a write needs", |d, v| {
                d.w = v;
                d.w_level = NUMBER.to_string();
            }) }
            { f.whole("set-r", "r", &draft.r, "replies a read needs", |d, v| {
                d.r = v;
                d.r_level = NUMBER.to_string();
            }) }
            <span class="nwr-levels-hint">{ "or a consistency level:" }</span>
            { select_field("set-w-level", "w level", f.selects.w_level.clone(), &options(&LEVELS), &draft.w_level, on_w_level) }
            { select_field("set-r-level", "r level", f.selects.r_level.clone(), &options(&LEVELS), &draft.r_level, on_r_level) }
        </div>
        { field_error("set-n", f.err("set-n")) }
        { field_error("set-w", f.err("set-w")) }
        { field_error("set-r", f.err("set-r")) }
        <p id="quorum-condition" class={class_list("quorum-condition", &[Some(if holds { "holds" } else { "fails" })])}>
            <strong>{ headline }</strong>{ " — " }{ meaning }
        </p>
    </> }
}
