//! The operation log: every client operation with what it returned and why.

use quorumscope_engine::number::plain;
use quorumscope_engine::{OpId, OpKind, Outcome};
use std::fmt::Write;
use std::sync::Arc;

use quorumscope_engine::snapshot::{AnswerView, OpView, OpViews, ReplyView, StoreView};
use quorumscope_engine::version::Versioning;
use yew::prelude::*;

use crate::components::class_list;

use crate::hooks::{use_list_window, CHUNK};
use crate::state::{ms_label, short_ms};
use quorumscope_engine::time::Micros;

/// Properties of [`OpLog`].
#[derive(Properties)]
pub struct OpLogProps {
    /// Every operation so far, in order.
    pub history: OpViews,
    /// The operation selected, whose quorums the cluster view highlights.
    pub selected: Option<OpId>,
    /// The versioning mode (says why an acknowledged write was lost).
    pub versioning: Versioning,
    /// Selects an operation (or none: a click on the selected one).
    pub on_select: Callback<Option<OpId>>,
    /// Goes to a simulated time (an operation's start or end).
    pub on_seek: Callback<Micros>,
}

/// The history is compared by its shared chunks ([`OpViews::same`]), not view by view: the
/// page does without a deep comparison of every operation (its code was about 0.7 KB of the
/// gzipped bundle).
impl PartialEq for OpLogProps {
    fn eq(&self, other: &Self) -> bool {
        self.history.same(&other.history)
            && self.selected == other.selected
            && self.versioning == other.versioning
            && self.on_select == other.on_select
            && self.on_seek == other.on_seek
    }
}

/// The height of a chunk of operations before any is drawn, in CSS px (an operation measured 158
/// to 307 px at 1280 px wide); once some are drawn, their average is used instead.
const CHUNK_ESTIMATE_PX: f64 = 200.0 * CHUNK as f64;

/// `#op-log`: every operation, newest first, in a scrolling list that draws only the part near
/// what is scrolled to (a run of thousands of operations stays light). Clicking one (or Enter
/// on its button) selects it.
#[function_component(OpLog)]
pub fn op_log(props: &OpLogProps) -> Html {
    let list = use_node_ref();
    let total = props.history.len();
    let chunks = total.div_ceil(CHUNK);
    let window = use_list_window(list.clone(), chunks, CHUNK_ESTIMATE_PX);
    let spacer = |px: f64| {
        (px > 0.0).then(|| {
            html! {
                <li class="op-spacer" aria-hidden="true" style={format!("height:{}px", plain(px))}></li>
            }
        })
    };
    let items = window.positions.clone().flat_map(|position| {
        let chunk = chunks - 1 - position;
        let ops = chunk * CHUNK..(chunk * CHUNK + CHUNK).min(total);
        ops.rev()
            .filter_map(move |i| props.history.shared(i).map(|op| (chunk, i, op)))
    });
    html! {
        <section class="panel op-log-panel" aria-labelledby="op-log-heading">
            <h2 id="op-log-heading">{ "Operation log" }</h2>
            if props.history.is_empty() {
                <p class="empty">
                    { "No operations yet. Press Play to run the scenario's, or send one above." }
                </p>
            } else {
                <p class="hint">
                    { "Select an operation to see its quorums in the cluster: the replicas that \
                       acknowledged the last write, those that answered the read, and where they \
                       overlap." }
                </p>
            }
            <ol id="op-log" class="op-log" reversed=true ref={list} aria-labelledby="op-log-heading">
                { spacer(window.before_px) }
                { for items.map(|(chunk, i, op)| html! {
                    <OpItem key={op.id.0} op={Arc::clone(op)} selected={props.selected == Some(op.id)}
                            versioning={props.versioning} on_select={props.on_select.clone()}
                            on_seek={props.on_seek.clone()} chunk={chunk} position={i + 1} count={total} />
                }) }
                { spacer(window.after_px) }
            </ol>
        </section>
    }
}

/// Properties of [`OpItem`].
#[derive(Properties)]
pub struct OpItemProps {
    /// The operation, shared with the snapshot's history: a new `Arc` whenever its view was
    /// built again.
    pub op: Arc<OpView>,
    /// Whether it is the selected one.
    pub selected: bool,
    /// The versioning mode.
    pub versioning: Versioning,
    /// Selects an operation (or none).
    pub on_select: Callback<Option<OpId>>,
    /// Goes to a simulated time.
    pub on_seek: Callback<Micros>,
    /// The chunk of the log it is drawn in (see `hooks::use_list_window`).
    pub chunk: usize,
    /// Its place in the history (1 for the first operation), and how many there are: the list
    /// draws only some, so each says where it stands.
    pub position: usize,
    /// How many operations there are.
    pub count: usize,
}

/// Compares the operation by pointer (see [`OpViews::shared`]): a view is built again only when
/// its record changed, so a new `Arc` is the sign of a change, and the page does without a deep
/// comparison of two views (its code was about 1 KB of the gzipped bundle).
impl PartialEq for OpItemProps {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.op, &other.op)
            && self.selected == other.selected
            && self.versioning == other.versioning
            && self.on_select == other.on_select
            && self.on_seek == other.on_seek
            && self.chunk == other.chunk
            && self.position == other.position
            && self.count == other.count
    }
}

fn names(list: &[String]) -> String {
    if list.is_empty() {
        "none".to_string()
    } else {
        list.join(", ")
    }
}

/// The context a put or delete was sent with, in words: `alice:1`, or nothing (blind, or its
/// client had seen nothing of the key).
fn sent_with(op: &OpView) -> String {
    match (op.write_context.as_str(), op.with_context) {
        ("{}" | "", false) => "nothing (a blind write)".to_string(),
        ("{}" | "", true) => format!("nothing ({} had seen nothing of {})", op.client, op.key),
        (context, _) => context.to_string(),
    }
}

/// What the selection explains about an operation's quorums, in one line.
pub fn quorum_line(op: &OpView) -> String {
    match op.kind {
        OpKind::Get if !op.write_quorum.is_empty() => format!(
            "read from {}; last write (op {}) acknowledged by {}; overlap: {}",
            names(&op.replies_from),
            op.write_op.map(|w| w.to_string()).unwrap_or_default(),
            names(&op.write_quorum),
            names(&op.overlap)
        ),
        OpKind::Get => format!(
            "read from {}; no write to {} was acknowledged before it",
            names(&op.replies_from),
            op.key
        ),
        _ if op.outcome == Outcome::Ok => format!("acknowledged by {}", names(&op.replies_from)),
        _ => format!("acknowledgements from {}", names(&op.replies_from)),
    }
}

/// What one replica answered, in words: `A: milk (alice:1)`, `C: nothing`, `B: stored it`.
pub fn answer_text(reply: &ReplyView) -> String {
    let mut s = format!("{}: ", reply.replica);
    match &reply.answer {
        AnswerView::Versions { versions, more } => {
            if versions.is_empty() {
                s.push_str("nothing");
            }
            s.push_str(&versions.join(", "));
            if *more > 0 {
                let _ = write!(s, " +{more} more");
            }
        }
        AnswerView::Stored => s.push_str("stored it"),
        AnswerView::Refused => s.push_str("refused it (too many siblings)"),
    }
    if reply.late {
        s.push_str(" (after the quorum)");
    }
    s
}

/// A list of names in words: `C`, `B and C`, `A, B and C`.
pub fn and_list(names: &[String]) -> String {
    match names {
        [rest @ .., last] if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

/// Where a write landed, in words: `A`, `D as a hint for C, handed back at 512 ms`.
pub fn store_text(s: &StoreView) -> String {
    let mut t = s.replica.clone();
    if let Some(home) = &s.hint_for {
        t.push_str(" as a hint for ");
        t.push_str(home);
        if let Some(at) = s.handed_back_us {
            let _ = write!(t, ", handed back to {home} at {} ms", short_ms(at));
        }
    }
    t
}

/// What the replicas did for an operation, as rows of (class, label, text): each replica's
/// answer to a read, the replicas its read repaired ("C was repaired"), and where a write
/// landed (a failed one included, with what that means).
pub fn replica_rows(op: &OpView) -> Vec<(&'static str, &'static str, String)> {
    let mut rows = Vec::new();
    let more = |list: &mut Vec<String>, n: usize| {
        if n > 0 {
            list.push(format!("+{n} more"));
        }
    };
    if op.kind == OpKind::Get && !op.replies.is_empty() {
        let mut list: Vec<String> = op.replies.iter().map(answer_text).collect();
        more(&mut list, op.more_replies);
        rows.push(("op-answers", "answers", list.join("; ")));
    }
    if !op.repaired.is_empty() {
        let mut names = op.repaired.clone();
        more(&mut names, op.more_repaired);
        let (verb, they) = if names.len() == 1 {
            ("was", "it")
        } else {
            ("were", "they")
        };
        rows.push((
            "op-repaired",
            "read repair",
            format!(
                "{} {verb} repaired ({they} had answered with an older version).",
                and_list(&names)
            ),
        ));
    }
    if op.kind.is_write() && !op.stores.is_empty() {
        let mut list: Vec<String> = op.stores.iter().map(store_text).collect();
        more(&mut list, op.more_stores);
        let mut text = list.join("; ");
        let failed = op.outcome == Outcome::Fail;
        if failed {
            text.push_str(": the client was told it failed, yet these replicas stored the write, and a later read may return it.");
        }
        rows.push((
            "op-stores",
            if failed { "landed on" } else { "stored on" },
            text,
        ));
    }
    rows
}

/// One operation of the log.
#[function_component(OpItem)]
pub fn op_item(props: &OpItemProps) -> Html {
    let op = &props.op;
    let goto = |t: Micros| {
        props.on_seek.reform(move |e: MouseEvent| {
            // Not a click on the operation (which selects it).
            e.stop_propagation();
            t
        })
    };
    let select = {
        let (id, selected) = (op.id, props.selected);
        props
            .on_select
            .reform(move |_: MouseEvent| (!selected).then_some(id))
    };
    let what = match (op.kind, &op.value) {
        (OpKind::Put, Some(v)) => format!("{} put {} = \"{v}\"", op.client, op.key),
        (kind, _) => format!("{} {} {}", op.client, kind.name(), op.key),
    };
    let context_note = match op.kind {
        OpKind::Put | OpKind::Delete if op.with_context => " with context",
        OpKind::Put | OpKind::Delete => " blind",
        OpKind::Get => "",
    };
    let times = match op.completed_us {
        Some(done) => format!("{} → {} ms", short_ms(op.invoked_us), short_ms(done)),
        None => format!("{} ms → …", short_ms(op.invoked_us)),
    };
    let siblings = op.values.len() > 1;
    let values_label = match op.kind {
        OpKind::Get => "returned",
        OpKind::Put | OpKind::Delete => "after the write",
    };
    let values = if op.outcome != Outcome::Ok {
        html! {}
    } else if op.values.is_empty() {
        html! {
            <div class="op-row"><span class="op-label">{ values_label }</span>
                <span class="none">{ if op.kind == OpKind::Get { "nothing (no value, or deleted)" } else { "no value (deleted)" } }</span>
            </div>
        }
    } else {
        html! {
            <div class="op-row"><span class="op-label">{ values_label }</span>
                <span class="chips">
                    { for op.values.iter().map(|v| html! {
                        <span class={class_list("chip", &[siblings.then_some("sibling")])}>{ v.clone() }</span>
                    }) }
                </span>
                if op.more_values > 0 {
                    <span class="chip more">{ format!("+{} more", op.more_values) }</span>
                }
                if siblings {
                    <span class="badge badge-siblings">{ format!("{} siblings", op.values.len() + op.more_values) }</span>
                }
            </div>
        }
    };
    let lost_text = if props.versioning == Versioning::Lww {
        "Acknowledged, then discarded by last-write-wins: a write with a later timestamp replaced it on every replica."
    } else {
        "Acknowledged, then lost: no replica holds it, or a version that follows it, any more."
    };
    html! {
        <li class={class_list("op", &[Some(&format!("op-{}", op.outcome.name())), props.selected.then_some("selected"),
                            op.stale.then_some("stale"), op.lost.then_some("lost"), siblings.then_some("has-siblings")])}
            data-op-id={op.id.to_string()} data-outcome={op.outcome.name()}
            data-stale={op.stale.to_string()} data-lost={op.lost.to_string()}
            data-indeterminate={op.indeterminate.to_string()} data-resurrection={op.resurrection.to_string()}
            data-chunk={props.chunk.to_string()}
            aria-posinset={props.position.to_string()} aria-setsize={props.count.to_string()}
            onclick={select}>
            <button type="button" class="op-head" aria-pressed={props.selected.to_string()}>
                <span class="op-id">{ format!("#{}", op.id) }</span>
                <span class="op-what">{ what }<span class="op-context-note">{ context_note }</span></span>
                <span class={format!("badge outcome-{}", op.outcome.name())}>{ op.outcome.name() }</span>
                if op.indeterminate { <span class="badge badge-indeterminate">{ "maybe stored" }</span> }
                if op.stale { <span class="badge badge-stale">{ "stale" }</span> }
                if op.resurrection { <span class="badge badge-resurrection">{ "came back" }</span> }
                if op.warning.is_some() { <span class="badge badge-warning">{ "too many siblings" }</span> }
                if op.lost { <span class="badge badge-lost">{ "lost" }</span> }
                <span class="op-time">{ times }</span>
            </button>
            <div class="op-body">
                { values }
                if let Some(error) = &op.error {
                    <p class="op-error">{ error.clone() }</p>
                }
                if !op.replies_from.is_empty() {
                    <div class="op-row"><span class="op-label">{ if op.kind == OpKind::Get { "replies from" } else { "acks from" } }</span>
                        <span>{ op.replies_from.join(", ") }</span></div>
                }
                { for replica_rows(op).into_iter().map(|(class, label, text)| html! {
                    <div class={class_list("op-row", &[Some(class)])}><span class="op-label">{ label }</span>
                        <span>{ text }</span></div>
                }) }
                if op.kind.is_write() {
                    <div class="op-row op-sent-with"><span class="op-label">{ "sent with context" }</span>
                        <code class="context">{ sent_with(op) }</code></div>
                }
                if op.outcome == Outcome::Ok {
                    <div class="op-row op-context-after">
                        <span class="op-label">{ if op.kind == OpKind::Get { "context returned" } else { "context after" } }</span>
                        <code class="context">{ if op.context.is_empty() { "{}".to_string() } else { op.context.clone() } }</code></div>
                }
                if !op.concurrency.is_empty() {
                    <div class="op-note note-siblings">
                        <strong>{ "Why siblings: " }</strong>
                        <ul>
                            { for op.concurrency.iter().map(|c| html! { <li>{ c.clone() }</li> }) }
                            if op.more_concurrency > 0 {
                                <li class="more">{ format!("and {} more pairs of siblings, not listed", op.more_concurrency) }</li>
                            }
                        </ul>
                    </div>
                }
                if op.stale {
                    <p class="op-note note-stale">
                        <strong>{ "Stale read: " }</strong>
                        { op.stale_cause.clone().unwrap_or_else(|| "it missed a write that had already been acknowledged.".to_string()) }
                    </p>
                }
                if op.lost {
                    <p class="op-note note-lost"><strong>{ "Lost write: " }</strong>{ lost_text }</p>
                }
                if op.indeterminate {
                    <p class="op-note note-indeterminate">
                        <strong>{ "Maybe stored: " }</strong>
                        { "the write went out before the client gave up: some replicas may hold it, \
                           and a later read may return it or not (Jepsen's :info)." }
                    </p>
                }
                if op.resurrection {
                    <p class="op-note note-resurrection">
                        <strong>{ "Came back: " }</strong>
                        { "a value an acknowledged delete had removed, from a replica that missed its tombstone." }
                    </p>
                }
                if let Some(warning) = &op.warning {
                    <p class="op-note note-warning"><strong>{ "Warning: " }</strong>{ warning.clone() }</p>
                }
                <div class="op-goto">
                    <button type="button" class="op-goto-start" onclick={goto(op.invoked_us)}
                            title={format!("Go to {}, when #{} was invoked", ms_label(op.invoked_us), op.id)}>
                        { "Go to its start" }
                    </button>
                    if let Some(end) = op.completed_us {
                        <button type="button" class="op-goto-end" onclick={goto(end)}
                                title={format!("Go to {}, when #{} finished", ms_label(end), op.id)}>
                            { "Go to its end" }
                        </button>
                    }
                </div>
                if props.selected {
                    <p class="op-quorum">{ quorum_line(op) }</p>
                }
            </div>
        </li>
    }
}
