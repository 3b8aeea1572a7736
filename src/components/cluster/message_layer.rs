//! The messages of the cluster view: each one a dot travelling along its link from its sender
//! to its receiver, coloured by kind; a lost one stops where it died, marked with an ✕ (the
//! legend says what it means). Messages keep clear of node headers and client badges.
//!
//! This layer changes every animation frame with a couple of hundred messages in flight, so it
//! keeps its own DOM instead of going through Yew's virtual DOM: after each render it updates
//! one `<g>` per message, keyed by message id (created when the message appears, removed when
//! it is gone), and touches an attribute only when its value changes; a moving message costs
//! one `transform` attribute per frame. (Giving each message a compositing layer of its own,
//! with `will-change`, measured slower in the full page: more to paint and commit per frame.)
//! It has no event listeners of its own: the cluster view handles clicks and keys for all of
//! them, by their `data-message-id`.

use std::collections::HashMap;
use std::rc::Rc;

use quorumscope_engine::sim::Fate;
use quorumscope_engine::snapshot::{MessageView, Snapshot};
use quorumscope_engine::MsgId;
use web_sys::{Document, Element};
use yew::prelude::*;

use crate::layout::{along, message_fraction, port, push_num, visible_span, Pt, Rect};

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// Properties of [`MessageLayer`].
#[derive(Properties)]
pub struct MessageLayerProps {
    /// The snapshot whose messages to draw (and whose time to draw them at).
    pub snapshot: Rc<Snapshot>,
    /// Every endpoint's anchor (nodes first, then clients).
    pub anchors: Rc<Vec<Pt>>,
    /// Every endpoint's card or badge, in the same order: messages are drawn clear of them.
    pub rects: Rc<Vec<Rect>>,
    /// Hold messages at their midpoints instead of moving them.
    #[prop_or_default]
    pub reduced_motion: bool,
}

/// The snapshot is compared by pointer, as in [`super::ClusterViewProps`].
impl PartialEq for MessageLayerProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.snapshot, &other.snapshot)
            && self.anchors == other.anchors
            && self.rects == other.rects
            && self.reduced_motion == other.reduced_motion
    }
}

/// A message's accessible name, like `write from alice to A`.
pub fn message_name(m: &MessageView, endpoints: &[String]) -> String {
    let name = |i: usize| endpoints.get(i).map_or("?", String::as_str);
    format!(
        "{} from {} to {}",
        m.kind.name().replace('_', " "),
        name(m.from.0),
        name(m.to.0)
    )
}

/// Whether a message can still be dropped by hand: it has not arrived or died yet.
pub fn droppable(m: &MessageView, now: u64) -> bool {
    m.fate != Fate::Delivered && now < m.arrive_us && m.lost_us.is_none_or(|t| now < t)
}

/// How one message is drawn now.
#[derive(Clone, PartialEq)]
struct Look {
    /// Dead: stopped with its ✕ mark.
    dead: bool,
    /// Can be dropped (a button, focusable).
    live: bool,
    /// Held still with an arrowhead (reduced motion) rather than a dot: its path.
    arrow: Option<String>,
    fate: Fate,
}

/// An arrowhead at the origin pointing from `from` to `to`, as path data.
fn arrowhead(from: Pt, to: Pt) -> String {
    let len = from.dist(to).max(1e-9);
    let (ux, uy) = ((to.x - from.x) / len, (to.y - from.y) / len);
    let mut d = String::with_capacity(48);
    for (c, x, y) in [
        ('M', 7.0 * ux, 7.0 * uy),
        ('L', -7.0 * ux - 6.0 * uy, -7.0 * uy + 6.0 * ux),
        ('L', -7.0 * ux + 6.0 * uy, -7.0 * uy - 6.0 * ux),
    ] {
        d.push(c);
        push_num(&mut d, x);
        d.push(',');
        push_num(&mut d, y);
    }
    d.push('Z');
    d
}

/// One message's element and what it shows.
struct Drawn {
    el: Element,
    look: Look,
    transform: String,
    /// The render in which it was last seen in the snapshot.
    seen: u64,
}

/// The DOM of the layer: each message's element by id.
#[derive(Default)]
struct Dom {
    drawn: HashMap<MsgId, Drawn>,
    renders: u64,
}

fn svg(document: &Document, tag: &str) -> Option<Element> {
    document.create_element_ns(Some(SVG_NS), tag).ok()
}

fn set(el: &Element, name: &str, value: &str) {
    let _ = el.set_attribute(name, value);
}

/// Fills a message's element for how it looks now (its shape, mark, role and name).
fn dress(document: &Document, el: &Element, m: &MessageView, look: &Look, name: &str) {
    el.set_inner_html("");
    let class = match look.dead {
        true => format!("cv-msg k-{} lost", m.kind.family()),
        false => format!("cv-msg k-{}", m.kind.family()),
    };
    set(el, "class", &class);
    set(el, "data-fate", look.fate.name());
    if look.live {
        set(el, "role", "button");
        set(el, "tabindex", "0");
    } else {
        set(el, "role", "img");
        let _ = el.remove_attribute("tabindex");
    }
    if look.dead {
        set(
            el,
            "aria-label",
            &format!("{name}, lost ({})", m.fate.name()),
        );
    } else {
        set(el, "aria-label", name);
    }
    // What it carries: also the <title> below (the hover tooltip), which Chromium already
    // exposes as the description; aria-description says it for every assistive technology.
    set(el, "aria-description", &m.summary);
    let Some(title) = svg(document, "title") else {
        return;
    };
    title.set_text_content(Some(&m.summary));
    let _ = el.append_child(&title);
    // A live message is a tap target (made larger on a phone by the style sheet).
    if let Some(hit) = svg(document, "circle").filter(|_| look.live) {
        set(&hit, "class", "cv-hit");
        set(&hit, "r", "10");
        let _ = el.append_child(&hit);
    }
    let dot = match &look.arrow {
        Some(d) => svg(document, "path").inspect(|p| set(p, "d", d)),
        None => svg(document, "circle").inspect(|c| set(c, "r", "6")),
    };
    if let Some(dot) = dot {
        set(&dot, "class", "cv-dot");
        let _ = el.append_child(&dot);
    }
    if look.dead {
        if let Some(mark) = svg(document, "path") {
            set(&mark, "class", "cv-lost-mark");
            set(&mark, "d", "M-7,-7L7,7M7,-7L-7,7");
            let _ = el.append_child(&mark);
        }
    }
}

/// Brings the layer's DOM in line with the snapshot.
fn sync(
    group: &Element,
    dom: &mut Dom,
    snap: &Snapshot,
    anchors: &[Pt],
    rects: &[Rect],
    reduced_motion: bool,
) {
    let Some(document) = group.owner_document() else {
        return;
    };
    dom.renders += 1;
    let render = dom.renders;
    let now = snap.now_us;
    for m in &snap.messages {
        let (Some(r_from), Some(r_to)) = (rects.get(m.from.0), rects.get(m.to.0)) else {
            continue;
        };
        if m.from.0 >= anchors.len() || m.to.0 >= anchors.len() {
            continue;
        }
        let from = port(anchors, snap.nodes.len(), m.from.0, m.to.0);
        let to = port(anchors, snap.nodes.len(), m.to.0, m.from.0);
        // A message lost on the way (cut, dropped) dies halfway; once the run has settled, time
        // will not reach that point, so it is drawn lost where it is rather than still flying.
        let lost = match snap.settled {
            true => m.lost_us.map(|t| t.min(now)),
            false => m.lost_us,
        };
        let (f, dead) = message_fraction(now, m.sent_us, m.arrive_us, lost, reduced_motion);
        // Along the part of the link clear of both ends.
        let (start, end) = visible_span(from, to, r_from, r_to);
        let p = along(from, to, start + (end - start) * f);
        let look = Look {
            dead,
            live: !dead && droppable(m, now),
            arrow: (reduced_motion && !dead).then(|| arrowhead(from, to)),
            fate: m.fate,
        };
        let mut transform = String::with_capacity(40);
        transform.push_str("translate(");
        push_num(&mut transform, p.x);
        transform.push(' ');
        push_num(&mut transform, p.y);
        transform.push(')');
        match dom.drawn.get_mut(&m.id) {
            Some(d) => {
                if d.look != look {
                    dress(
                        &document,
                        &d.el,
                        m,
                        &look,
                        &message_name(m, &snap.endpoints),
                    );
                    d.look = look;
                }
                if d.transform != transform {
                    set(&d.el, "transform", &transform);
                    d.transform = transform;
                }
                d.seen = render;
            }
            None => {
                let Some(el) = svg(&document, "g") else {
                    continue;
                };
                set(&el, "data-message-id", &m.id.to_string());
                set(&el, "data-kind", m.kind.name());
                set(&el, "transform", &transform);
                dress(&document, &el, m, &look, &message_name(m, &snap.endpoints));
                let _ = group.append_child(&el);
                dom.drawn.insert(
                    m.id,
                    Drawn {
                        el,
                        look,
                        transform,
                        seen: render,
                    },
                );
            }
        }
    }
    dom.drawn.retain(|_, d| {
        let keep = d.seen == render;
        if !keep {
            d.el.remove();
        }
        keep
    });
}

/// The message dots: a `<g class="cv-messages">` whose children this component keeps itself.
#[function_component(MessageLayer)]
pub fn message_layer(props: &MessageLayerProps) -> Html {
    let group = use_node_ref();
    let dom = use_mut_ref(Dom::default);
    {
        let group = group.clone();
        let snap = props.snapshot.clone();
        let anchors = props.anchors.clone();
        let rects = props.rects.clone();
        let reduced = props.reduced_motion;
        use_effect(move || {
            if let Some(g) = group.cast::<Element>() {
                sync(&g, &mut dom.borrow_mut(), &snap, &anchors, &rects, reduced);
            }
        });
    }
    html! { <g class="cv-messages" ref={group}></g> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quorumscope_engine::{EndpointId, MessageKind, OpId};

    fn msg(kind: MessageKind, fate: Fate, lost: Option<u64>) -> MessageView {
        MessageView {
            id: MsgId(1),
            kind,
            from: EndpointId(3),
            to: EndpointId(0),
            sent_us: 0,
            arrive_us: 10_000,
            lost_us: lost,
            fate,
            summary: "put cart=milk".to_string(),
            op: Some(OpId(1)),
        }
    }

    #[test]
    fn names_kinds_and_droppability() {
        let endpoints: Vec<String> = ["A", "B", "C", "alice"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            message_name(&msg(MessageKind::Write, Fate::InFlight, None), &endpoints),
            "write from alice to A"
        );
        assert_eq!(
            message_name(
                &msg(MessageKind::ReadRepair, Fate::InFlight, None),
                &endpoints
            ),
            "read repair from alice to A"
        );
        assert_eq!(MessageKind::ReadRepair.family(), "repair");
        assert_eq!(MessageKind::AeTree.family(), "other");
        assert!(droppable(
            &msg(MessageKind::Write, Fate::InFlight, None),
            5_000
        ));
        assert!(
            !droppable(&msg(MessageKind::Write, Fate::InFlight, None), 10_000),
            "arrived"
        );
        assert!(
            droppable(&msg(MessageKind::Write, Fate::Cut, Some(5_000)), 4_000),
            "doomed, not dead yet"
        );
        assert!(
            !droppable(&msg(MessageKind::Write, Fate::Cut, Some(5_000)), 5_000),
            "dead"
        );
    }
}
