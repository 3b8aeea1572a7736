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
                "{} {verb} repaired ({they} had answered without the latest version).",
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

/// Appends `<div class="op-row {class}"><span class="op-label">{label}</span>` and the text in
/// `<{tag}>` (`span`, or `code class="context"`), then closes the row.
fn row(out: &mut String, class: &str, label: &str, tag: &str, text: &str) {
    let _ = write!(
        out,
        "<div class=\"op-row{}{class}\"><span class=\"op-label\">{label}</span><{tag}>",
        if class.is_empty() { "" } else { " " }
    );
    crate::markup::escape(out, text);
    let end = tag.split(' ').next().unwrap_or(tag);
    let _ = write!(out, "</{end}></div>");
}

/// Appends `<p class="op-note {class}"><strong>{title}</strong>{text}</p>`.
fn note(out: &mut String, class: &str, title: &str, text: &str) {
    let _ = write!(out, "<p class=\"op-note {class}\"><strong>{title}</strong>");
    crate::markup::escape(out, text);
    out.push_str("</p>");
}

/// What an operation returned and why, under its head: the values, the error, who answered,
/// what the replicas did, the contexts, and the notes (siblings, stale read, lost write, maybe
/// stored, came back, a warning). Markup rather than built nodes: it is drawn again only when
/// the operation's view changes, and as one string it costs the page's bundle
/// gzipped less: 0.65 KB (BENCHMARKS.md, "Bundle, fourth session").
fn body_markup(op: &OpView, versioning: Versioning) -> String {
    let mut out = String::new();
    let siblings = op.values.len() > 1;
    let values_label = match op.kind {
        OpKind::Get => "returned",
        OpKind::Put | OpKind::Delete => "after the write",
    };
    if op.outcome == Outcome::Ok && op.values.is_empty() {
        let none = if op.kind == OpKind::Get {
            "nothing (no value, or deleted)"
        } else {
            "no value (deleted)"
        };
        let _ = write!(
            out,
            "<div class=\"op-row\"><span class=\"op-label\">{values_label}</span><span class=\"none\">{none}</span></div>"
        );
    } else if op.outcome == Outcome::Ok {
        let _ = write!(
            out,
            "<div class=\"op-row\"><span class=\"op-label\">{values_label}</span><span class=\"chips\">"
        );
        for v in &op.values {
            out.push_str(if siblings {
                "<span class=\"chip sibling\">"
            } else {
                "<span class=\"chip\">"
            });
            crate::markup::escape(&mut out, v);
            out.push_str("</span>");
        }
        out.push_str("</span>");
        if op.more_values > 0 {
            let _ = write!(
                out,
                "<span class=\"chip more\">+{} more</span>",
                op.more_values
            );
        }
        if siblings {
            let _ = write!(
                out,
                "<span class=\"badge badge-siblings\">{} siblings</span>",
                op.values.len() + op.more_values
            );
        }
        out.push_str("</div>");
    }
    if let Some(error) = &op.error {
        out.push_str("<p class=\"op-error\">");
        crate::markup::escape(&mut out, error);
        out.push_str("</p>");
    }
    if !op.replies_from.is_empty() {
        let label = if op.kind == OpKind::Get {
            "replies from"
        } else {
            "acks from"
        };
        row(&mut out, "", label, "span", &op.replies_from.join(", "));
    }
    for (class, label, text) in replica_rows(op) {
        row(&mut out, class, label, "span", &text);
    }
    let context = "code class=\"context\"";
    if op.kind.is_write() {
        row(
            &mut out,
            "op-sent-with",
            "sent with context",
            context,
            &sent_with(op),
        );
    }
    if op.outcome == Outcome::Ok {
        let label = if op.kind == OpKind::Get {
            "context returned"
        } else {
            "context after"
        };
        // An empty clock is what a read of a key nobody wrote returns: said in words.
        let text = match op.context.as_str() {
            "" | "{}" => "nothing (no version of the key)",
            context => context,
        };
        row(&mut out, "op-context-after", label, context, text);
    }
    if !op.concurrency.is_empty() {
        out.push_str("<div class=\"op-note note-siblings\"><strong>Why siblings: </strong><ul>");
        for c in &op.concurrency {
            out.push_str("<li>");
            crate::markup::escape(&mut out, c);
            out.push_str("</li>");
        }
        if op.more_concurrency > 0 {
            let _ = write!(
                out,
                "<li class=\"more\">and {} more pairs of siblings, not listed</li>",
                op.more_concurrency
            );
        }
        out.push_str("</ul></div>");
    }
    if op.stale {
        let cause = op
            .stale_cause
            .as_deref()
            .unwrap_or("it missed a write that had already been acknowledged.");
        note(&mut out, "note-stale", "Stale read: ", cause);
    }
    if op.lost {
        let text = if versioning == Versioning::Lww {
            "Acknowledged, then discarded by last-write-wins: a write with a later timestamp replaced it on every replica. Timestamps come from the coordinators' clocks, so a clock that runs ahead (Clock skew, in Settings) wins even with the earlier write."
        } else {
            "Acknowledged, then lost: no replica holds it, or a version that follows it, any more."
        };
        note(&mut out, "note-lost", "Lost write: ", text);
    }
    if op.indeterminate {
        note(
            &mut out,
            "note-indeterminate",
            "Maybe stored: ",
            "the write went out before the client gave up: some replicas may hold it, and a \
             later read may return it or not (Jepsen's :info).",
        );
    }
    if op.resurrection {
        note(
            &mut out,
            "note-resurrection",
            "Came back: ",
            "a value an acknowledged delete had removed, from a replica that missed its tombstone.",
        );
    }
    if let Some(warning) = &op.warning {
        note(&mut out, "note-warning", "Warning: ", warning);
    }
    out
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
                { Html::from_html_unchecked(body_markup(op, props.versioning).into()) }
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

#[cfg(test)]
mod tests {
    use super::*;
    use quorumscope_engine::snapshot::Snapshot;
    use quorumscope_engine::{Scenario, Simulator};

    /// The body's markup: values and texts escaped, the rows and notes in order.
    #[test]
    fn body_markup_escapes_values_and_lists_the_rows() {
        let text = r#"{"seed": 1, "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2,
            "latency": {"constant": 5}},
            "events": [{"at": 1, "put": {"client": "c1", "key": "k", "value": "a<b&\"c"}},
                       {"at": 40, "get": {"client": "c1", "key": "k"}}]}"#;
        let mut sim = Simulator::new(Scenario::from_json(text).unwrap());
        sim.run(None);
        let snap = Snapshot::of(&sim, sim.now());
        let ops: Vec<&OpView> = (0..4).filter_map(|i| snap.history.find(OpId(i))).collect();
        let get = ops.iter().find(|o| o.kind == OpKind::Get).unwrap();
        let body = body_markup(get, Versioning::Dvv);
        assert!(
            body.starts_with(
                "<div class=\"op-row\"><span class=\"op-label\">returned</span><span \
                 class=\"chips\"><span class=\"chip\">a&lt;b&amp;&quot;c</span></span></div>"
            ),
            "{body}"
        );
        assert!(body
            .contains("<div class=\"op-row\"><span class=\"op-label\">replies from</span><span>"));
        assert!(body
            .contains("<span class=\"op-label\">context returned</span><code class=\"context\">"));
        assert!(!body.contains("sent with context"));
        let put = ops.iter().find(|o| o.kind == OpKind::Put).unwrap();
        let body = body_markup(put, Versioning::Dvv);
        assert!(
            body.contains("<span class=\"op-label\">after the write</span>"),
            "{body}"
        );
        assert!(body.contains("<div class=\"op-row op-sent-with\"><span class=\"op-label\">sent with context</span><code class=\"context\">nothing (a blind write)</code></div>"), "{body}");
        assert!(body.contains("<span class=\"op-label\">context after</span>"));
        // A read of a key nobody wrote returned an empty context: said in words, not `{}`.
        let text = r#"{"cluster": {"nodes": ["A"], "n": 1, "w": 1, "r": 1},
            "events": [{"at": 1, "get": {"client": "c1", "key": "k"}}]}"#;
        let mut sim = Simulator::new(Scenario::from_json(text).unwrap());
        sim.run(None);
        let snap = Snapshot::of(&sim, sim.now());
        let body = body_markup(snap.history.find(OpId(1)).unwrap(), Versioning::Dvv);
        assert!(
            body.contains("context returned</span><code class=\"context\">nothing (no version of the key)</code>"),
            "{body}"
        );
    }
}
