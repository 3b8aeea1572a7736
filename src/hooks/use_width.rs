//! `use_width`: the width an element has, followed through window resizes, so that a phone
//! gets the compact layout and a wide screen the wide one.

use gloo_events::EventListener;
use web_sys::Element;
use yew::prelude::*;

/// The width of the element of `node` in CSS px: `initial` until it is measured after the first
/// render, then measured again on every window `resize` (a width of 0, an element not laid out,
/// keeps the last one).
#[hook]
pub fn use_width(node: NodeRef, initial: u32) -> u32 {
    let width = use_state_eq(|| initial);
    {
        let width = width.clone();
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(el) = node.cast::<Element>() {
                    let w = el.client_width();
                    if w > 0 {
                        width.set(w as u32);
                    }
                }
            };
            measure();
            let listener = web_sys::window()
                .map(|window| EventListener::new(&window, "resize", move |_| measure()));
            move || drop(listener)
        });
    }
    *width
}
