//! `use_touch_hold`: on a touch screen, a finger that starts on a draggable shape drags it
//! instead of scrolling the page.

use gloo_events::{EventListener, EventListenerOptions};
use yew::prelude::*;

use super::dom::{closest, event_element};

/// Cancels every `touchstart` inside the element of `node` that begins on an element matching
/// `selector` (or inside one). `touch-action: none` is honoured on an `<svg>` itself but not on
/// the shapes inside it, so the page would scroll under a finger dragging a node; the listener is
/// not passive, so cancelling it keeps the page still and the pointer events coming.
#[hook]
pub fn use_touch_hold(node: NodeRef, selector: &'static str) {
    use_effect_with((), move |_| {
        let listener = node.cast::<web_sys::Element>().map(|el| {
            EventListener::new_with_options(
                &el,
                "touchstart",
                EventListenerOptions::enable_prevent_default(),
                move |e| {
                    if event_element(e).is_some_and(|t| closest(&t, selector).is_some()) {
                        e.prevent_default();
                    }
                },
            )
        });
        move || drop(listener)
    });
}
