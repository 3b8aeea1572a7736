//! The cluster view's clicks, keys and focus. They are handled once, on the element holding
//! the drawing, and routed by the `data-*` attributes of the element they hit, so the many
//! message dots carry no listeners of their own.

use std::rc::Rc;

use quorumscope_engine::snapshot::Snapshot;
use quorumscope_engine::MsgId;
use web_sys::Element;
use yew::prelude::*;

use super::caption::Focus;
use super::message_layer::droppable;
use crate::components::app::handlers::ClusterHandlers;
use crate::hooks::dom::{closest, event_element};
use crate::hooks::Move;
use crate::layout::Layout;

/// Presses the crash or recover button `el` is in, or drops the message it is, if it can
/// still be dropped. Whether it did either.
fn act(el: &Element, snap: &Snapshot, on: &ClusterHandlers) -> bool {
    if let Some(b) = closest(el, "[data-action]") {
        let target = b.get_attribute("data-target").unwrap_or_default();
        match b.get_attribute("data-action").as_deref() {
            Some("crash") => on.crash.emit(target),
            Some("recover") => on.recover.emit(target),
            _ => return false,
        }
        return true;
    }
    if let Some(m) = closest(el, "[data-message-id]") {
        let id = m
            .get_attribute("data-message-id")
            .and_then(|s| s.parse::<u64>().ok())
            .map(MsgId);
        let live = id.and_then(|id| snap.messages.iter().find(|m| m.id == id));
        if let Some(m) = live.filter(|m| droppable(m, snap.now_us)) {
            on.drop_message.emit(m.id);
            return true;
        }
    }
    false
}

/// What the handlers act on.
#[derive(Clone)]
pub struct Scene {
    /// The picture drawn.
    pub snapshot: Rc<Snapshot>,
    /// Where the zones are.
    pub layout: Rc<Layout>,
    /// Each endpoint's zone (nodes, then clients).
    pub groups: Rc<Vec<u32>>,
    /// Where actions go.
    pub on: ClusterHandlers,
}

/// A click: presses a button or drops a message, unless `swallow` says a drag just ended.
pub fn onclick(scene: Scene, swallow: impl Fn() -> bool + 'static) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        if swallow() {
            return;
        }
        if let Some(el) = event_element(&e) {
            act(&el, &scene.snapshot, &scene.on);
        }
    })
}

/// Keys: 0, 1 or 2 move a focused node or client to that zone; Enter or Space presses a
/// focused button or drops a focused message.
pub fn onkeydown(scene: Scene) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        let Some(el) = event_element(&e) else {
            return;
        };
        let key = e.key();
        if let Some(name) = el.get_attribute("data-drag") {
            let Some(zone) = key
                .parse::<u32>()
                .ok()
                .filter(|&z| scene.layout.zone(z).is_some())
            else {
                return;
            };
            e.prevent_default();
            let current = (scene.snapshot.endpoint(&name)).and_then(|i| scene.groups.get(i));
            if current != Some(&zone) {
                scene.on.move_to.emit(Move {
                    endpoint: name,
                    zone,
                });
            }
        } else if (key == "Enter" || key == " ")
            && (el.has_attribute("data-action") || el.has_attribute("data-message-id"))
        {
            e.prevent_default();
            act(&el, &scene.snapshot, &scene.on);
        }
    })
}

/// Focus entering an element of the view: a node or client, or a message, becomes `focus`.
pub fn onfocusin(focus: UseStateHandle<Option<Focus>>) -> Callback<FocusEvent> {
    Callback::from(move |e: FocusEvent| {
        let Some(el) = event_element(&e) else {
            return;
        };
        let next = if let Some(name) = el.get_attribute("data-drag") {
            Some(Focus::Endpoint(name))
        } else {
            el.get_attribute("data-message-id")
                .and_then(|s| s.parse().ok())
                .map(|id| Focus::Message(MsgId(id)))
        };
        focus.set(next);
    })
}
