//! The explanation under the cluster view of the selected operation's quorums, with the rings'
//! legend and the ways back.

use quorumscope_engine::snapshot::OpView;
use quorumscope_engine::time::Micros;
use quorumscope_engine::{OpId, OpKind, Outcome};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::ms_label;

/// Focuses (and so scrolls to) the selected operation's entry in the log.
fn back_to_log(_: MouseEvent) {
    let entry = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("#op-log [aria-pressed=\"true\"]")
                .ok()
                .flatten()
        })
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(entry) = entry {
        crate::hooks::dom::focus(&entry);
    }
}

/// Replicas by name, or "no replica".
fn list(v: &[String]) -> String {
    if v.is_empty() {
        "no replica".to_string()
    } else {
        v.join(", ")
    }
}

/// The quorums of a read: the last write's, this read's, and their overlap.
fn read_body(op: &OpView) -> Html {
    let write = match op.write_op {
        Some(w) => html! {
            <li><span class="ring-swatch write"></span>
                { format!("acknowledged the last write before it (op {w}): {}", list(&op.write_quorum)) }</li>
        },
        None => {
            html! { <li>{ "No write to this key was acknowledged before this read began." }</li> }
        }
    };
    let overlap = if op.write_op.is_some() {
        html! {
            <li><span class="ring-swatch both"></span>
                { format!("in both, the overlap that carries the latest write: {}", list(&op.overlap)) }</li>
        }
    } else {
        html! {}
    };
    html! {
        <ul>
            { write }
            <li><span class="ring-swatch read"></span>
                { format!("answered this read: {}", list(&op.replies_from)) }</li>
            { overlap }
        </ul>
    }
}

/// The quorum of a write (a put or a delete).
fn write_body(op: &OpView) -> Html {
    html! {
        <ul>
            <li><span class="ring-swatch write"></span>
                { if op.outcome == Outcome::Pending && op.replies_from.is_empty() {
                    "acknowledged this write: none yet".to_string()
                } else {
                    format!("acknowledged this write: {}", list(&op.replies_from))
                } }</li>
        </ul>
    }
}

/// The explanation of `op`'s quorums; "Clear selection" sends `None` to `on_select`.
///
/// The drawing shows the run at `now_us`; when that is after the operation ended, a line says
/// so, since the replicas drawn may have changed since (a repair, anti-entropy).
pub fn quorum_text(op: &OpView, now_us: Micros, on_select: &Callback<Option<OpId>>) -> Html {
    let what = match &op.value {
        Some(v) if op.kind == OpKind::Put => format!("{} put {} = {}", op.client, op.key, v),
        _ => format!("{} {} {}", op.client, op.kind.name(), op.key),
    };
    let body = if op.kind == OpKind::Get {
        read_body(op)
    } else {
        write_body(op)
    };
    let pending = (op.outcome == Outcome::Pending).then_some(" (still waiting for replies)");
    let later = op.completed_us.filter(|&end| now_us > end).map(|end| {
        format!(
            "The drawing shows the run at {}, after this operation ended at {}: the replicas may \
             have changed since. \"Go to its end\" in the operation log shows them as it left them.",
            ms_label(now_us),
            ms_label(end)
        )
    });
    html! {
        <div class="cv-quorum" aria-label="Quorums of the selected operation">
            <div class="cv-quorum-head">
                <p class="cv-quorum-title">
                    { format!("Op {}: {what}", op.id) }{ pending }
                </p>
                <button type="button" class="cv-clear" onclick={on_select.reform(|_| None)}>
                    { "Clear selection" }
                </button>
                // Where the log is below the drawing (a phone), the way back to the entry.
                <button type="button" class="cv-back" onclick={Callback::from(back_to_log)}>
                    { "Back to the log" }
                </button>
            </div>
            { body }
            if let Some(cause) = &op.stale_cause {
                <p class="cv-stale-cause"><strong>{ "Stale read: " }</strong>{ cause.clone() }</p>
            }
            if let Some(later) = later {
                <p class="hint cv-quorum-later">{ later }</p>
            }
        </div>
    }
}
