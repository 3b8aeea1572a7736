//! `use_card_room`: how many lines the cluster view leaves for each node's card.

use std::rc::Rc;

use quorumscope_engine::snapshot::Snapshot;
use quorumscope_engine::OpId;
use web_sys::Element;
use yew::prelude::*;

use crate::hooks::dom::reveal;
use crate::layout;

/// (room for lines, time, node count, selected operation) as last drawn.
type Room = (usize, u64, usize, Option<OpId>);

/// Room for the tallest card (never less than `layout::RESERVED_LINES`), and within a run never
/// less than it had: a card that shrinks back does not make the view jump twice. A run starts
/// over when time goes back or the cluster changes. An operation just selected also scrolls
/// the drawing of `wrap` into view, since its quorums are drawn there (only the page's scroll
/// changes).
#[hook]
pub fn use_card_room(snap: Rc<Snapshot>, selected: Option<OpId>, wrap: NodeRef) -> usize {
    let room = use_mut_ref(|| -> Room { (0, 0, 0, None) });
    let node_count = snap.nodes.len();
    let tallest = snap
        .nodes
        .iter()
        .map(|n| layout::card_lines(n.up, n.keys.len(), n.hints.len()))
        .max()
        .unwrap_or(1);
    let mut room = room.borrow_mut();
    if snap.now_us < room.1 || node_count != room.2 {
        room.0 = 0;
    }
    if selected.is_some() && selected != room.3 {
        if let Some(el) = wrap.cast::<Element>() {
            reveal(&el);
        }
    }
    *room = (room.0.max(tallest), snap.now_us, node_count, selected);
    room.0
}
