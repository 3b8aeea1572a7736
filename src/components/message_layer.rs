//! The messages of the cluster view: each one a dot travelling along its link from its sender
//! to its receiver, coloured by kind; a lost one stops where it died, marked with an ✕.
//!
//! Re-rendered every animation frame, so it stays lean: one keyed `<g>` per message, no event
//! listeners of its own (the cluster view handles clicks and keys for all of them).

use std::rc::Rc;

use quorumscope_engine::snapshot::{MessageView, Snapshot};
use yew::prelude::*;

use crate::layout::{along, message_fraction, Pt};

/// Properties of [`MessageLayer`].
#[derive(Properties, PartialEq)]
pub struct MessageLayerProps {
    /// The snapshot whose messages to draw (and whose time to draw them at).
    pub snapshot: Rc<Snapshot>,
    /// Every endpoint's anchor (nodes first, then clients).
    pub anchors: Rc<Vec<Pt>>,
    /// Hold messages at their midpoints instead of moving them.
    #[prop_or_default]
    pub reduced_motion: bool,
}

/// The CSS class for a message kind: the five a newcomer follows have their own colours,
/// requests and replies to a coordinating node theirs, background traffic is grey.
pub fn kind_class(kind: &str) -> &'static str {
    match kind {
        "write" => "k-write",
        "ack" => "k-ack",
        "read" => "k-read",
        "response" => "k-response",
        "read_repair" => "k-repair",
        "request" | "reply" => "k-request",
        _ => "k-other",
    }
}

/// A message's accessible name, like `write from alice to A`.
pub fn message_name(m: &MessageView, endpoints: &[String]) -> String {
    let name = |i: usize| endpoints.get(i).map_or("?", String::as_str);
    format!(
        "{} from {} to {}",
        m.kind.replace('_', " "),
        name(m.from),
        name(m.to)
    )
}

/// Whether a message can still be dropped by hand: it has not arrived or died yet.
pub fn droppable(m: &MessageView, now: u64) -> bool {
    m.fate != "delivered" && now < m.arrive_us && m.lost_us.is_none_or(|t| now < t)
}

/// The message dots.
#[function_component(MessageLayer)]
pub fn message_layer(props: &MessageLayerProps) -> Html {
    let snap = &props.snapshot;
    let now = snap.now_us;
    let anchors = &props.anchors;
    let dots = snap.messages.iter().filter_map(|m| {
        let (from, to) = (*anchors.get(m.from)?, *anchors.get(m.to)?);
        let (f, dead) = message_fraction(now, m.sent_us, m.arrive_us, m.lost_us, props.reduced_motion);
        let p = along(from, to, f);
        let live = !dead && droppable(m, now);
        let class = classes!("cv-msg", kind_class(m.kind), dead.then_some("lost"));
        let name = message_name(m, &snap.endpoints);
        let label = if dead {
            format!("{name}, lost ({})", m.fate)
        } else {
            name
        };
        let shape = if props.reduced_motion && !dead {
            // Held still: an arrowhead shows which way it goes.
            let angle = (to.y - from.y).atan2(to.x - from.x).to_degrees();
            html! { <path class="cv-dot" d="M-7,-6L7,0L-7,6Z" transform={format!("rotate({angle:.0})")} /> }
        } else {
            html! { <circle class="cv-dot" r="6" /> }
        };
        Some(html! {
            <g key={m.id} class={class}
               transform={format!("translate({:.1} {:.1})", p.x, p.y)}
               data-message-id={m.id.to_string()} data-kind={m.kind} data-fate={m.fate}
               role={if live { "button" } else { "img" }}
               tabindex={live.then_some("0")}
               aria-label={label}>
                <title>{ m.summary.clone() }</title>
                <circle class="cv-hit" r="13" />
                { shape }
                if dead {
                    <path class="cv-lost-mark" d="M-7,-7L7,7M7,-7L-7,7" />
                    <text class="cv-lost-text" x="10" y="-8">{ "lost" }</text>
                }
            </g>
        })
    });
    html! {
        <g class="cv-messages">
            { for dots }
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(kind: &'static str, fate: &'static str, lost: Option<u64>) -> MessageView {
        MessageView {
            id: 1,
            kind,
            from: 3,
            to: 0,
            sent_us: 0,
            arrive_us: 10_000,
            lost_us: lost,
            fate,
            summary: "put cart=milk".to_string(),
            op: Some(1),
        }
    }

    #[test]
    fn names_kinds_and_droppability() {
        let endpoints: Vec<String> = ["A", "B", "C", "alice"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            message_name(&msg("write", "in_flight", None), &endpoints),
            "write from alice to A"
        );
        assert_eq!(
            message_name(&msg("read_repair", "in_flight", None), &endpoints),
            "read repair from alice to A"
        );
        assert_eq!(kind_class("read_repair"), "k-repair");
        assert_eq!(kind_class("ae_digest"), "k-other");
        assert!(droppable(&msg("write", "in_flight", None), 5_000));
        assert!(
            !droppable(&msg("write", "in_flight", None), 10_000),
            "arrived"
        );
        assert!(
            droppable(&msg("write", "cut", Some(5_000)), 4_000),
            "doomed, not dead yet"
        );
        assert!(!droppable(&msg("write", "cut", Some(5_000)), 5_000), "dead");
    }
}
