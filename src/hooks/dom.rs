//! DOM helpers the hooks and the cluster view share: the SVG point under a pointer, the element
//! an event hit, and scrolling an element into view or focusing it (never the embedding page's
//! scroll).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, FocusOptions, HtmlElement, MouseEvent};

use crate::layout::{self, Affine, Pt};

#[wasm_bindgen]
extern "C" {
    /// An SVG element that is drawn (`SVGGraphicsElement`), for `getScreenCTM()`.
    #[wasm_bindgen(extends = Element)]
    type Graphics;
    /// The `DOMMatrix` of `getScreenCTM()` (only its 2D part is read).
    type ScreenMatrix;
    #[wasm_bindgen(method, js_name = getScreenCTM)]
    fn get_screen_ctm(this: &Graphics) -> Option<ScreenMatrix>;
    #[wasm_bindgen(method, getter)]
    fn a(this: &ScreenMatrix) -> f64;
    #[wasm_bindgen(method, getter)]
    fn b(this: &ScreenMatrix) -> f64;
    #[wasm_bindgen(method, getter)]
    fn c(this: &ScreenMatrix) -> f64;
    #[wasm_bindgen(method, getter)]
    fn d(this: &ScreenMatrix) -> f64;
    #[wasm_bindgen(method, getter)]
    fn e(this: &ScreenMatrix) -> f64;
    #[wasm_bindgen(method, getter)]
    fn f(this: &ScreenMatrix) -> f64;
    /// `getBoundingClientRect()`, of any element.
    #[wasm_bindgen(method, js_name = getBoundingClientRect)]
    fn bounds(this: &Graphics) -> Bounds;
    /// A `DOMRect` (only its top and bottom are read).
    type Bounds;
    #[wasm_bindgen(method, getter)]
    fn top(this: &Bounds) -> f64;
    #[wasm_bindgen(method, getter)]
    fn bottom(this: &Bounds) -> f64;
}

/// Scrolls the page to put `el` at the top of the screen, unless it is all on screen already:
/// the drawing, when an operation is selected on a narrow screen where the log is far below
/// it (issue 8, point 8). An embedded page scrolls only its own window, never the page that
/// embeds it (which `scrollIntoView` would scroll too).
pub fn reveal(el: &Element) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let screen = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let b = el.unchecked_ref::<Graphics>().bounds();
    if b.top() < 0.0 || b.bottom() > screen {
        if crate::embed::embedded() {
            window.scroll_by_with_x_and_y(0.0, b.top());
        } else {
            el.scroll_into_view_with_bool(true);
        }
    }
}

/// Focuses `el` (an answer to the user's press). An embedded page focuses without the
/// browser's scrolling, which would move the page that embeds it too, and then scrolls its
/// own window to `el` ([`reveal`]).
pub fn focus(el: &HtmlElement) {
    if crate::embed::embedded() {
        let options = FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = el.focus_with_options(&options);
        reveal(el);
    } else {
        let _ = el.focus();
    }
}

/// Focuses `el` on the page's own initiative (a panel that has just opened, perhaps from a
/// link), as [`focus`] does, except in an embedded page the visitor is not in: that would take
/// the focus from the page around it.
pub fn offer_focus(el: &HtmlElement) {
    let here = web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.has_focus().unwrap_or(false));
    if here || !crate::embed::embedded() {
        focus(el);
    }
}

/// The SVG point under the pointer.
pub fn svg_point(svg: &Element, e: &MouseEvent) -> Pt {
    let client = Pt::new(e.client_x() as f64, e.client_y() as f64);
    match svg.unchecked_ref::<Graphics>().get_screen_ctm() {
        Some(m) => layout::screen_to_svg(
            Affine {
                a: m.a(),
                b: m.b(),
                c: m.c(),
                d: m.d(),
                e: m.e(),
                f: m.f(),
            },
            client,
        ),
        None => client,
    }
}

/// The element an event happened on, if it is one.
pub fn event_element(e: &Event) -> Option<Element> {
    e.target()?.dyn_into::<Element>().ok()
}

/// The nearest ancestor of `el` (itself included) that matches `selector`.
pub fn closest(el: &Element, selector: &str) -> Option<Element> {
    el.closest(selector).ok().flatten()
}

/// The `data-act` of the element `el` is in (itself included): what a press on a worker's
/// markup asks for (the diagram, the exercises, the staleness panel).
pub fn act_of(el: &Element) -> Option<String> {
    closest(el, "[data-act]")?.get_attribute("data-act")
}
