//! The cluster view's SVG shapes, each built by one out-of-line function rather than by an
//! `html!` expansion at every use: each expansion inlines yew's element construction
//! (attribute list, children, conversions), so a shape drawn from several places cost its
//! code several times (bundle size, issue 10; the saving is in BENCHMARKS.md).

use yew::prelude::*;

use crate::layout::num;

/// A box: `<rect>` at (`x`, `y`), `w` by `h`, with corners of radius `rx` (none when 0) and a
/// class if given.
#[inline(never)]
pub fn rect(class: Option<&'static str>, x: f64, y: f64, w: f64, h: f64, rx: f64) -> Html {
    let rx = (rx > 0.0).then(|| num(rx));
    html! { <rect class={class} x={num(x)} y={num(y)} width={num(w)} height={num(h)} rx={rx} /> }
}

/// A line of text: `<text>` at (`x`, `y`) holding `body`, with a class if given, centred on
/// `x` when `middle`.
#[inline(never)]
pub fn text(class: Option<&'static str>, x: f64, y: f64, middle: bool, body: Html) -> Html {
    let anchor = middle.then_some("middle");
    html! { <text class={class} x={num(x)} y={num(y)} text-anchor={anchor}>{ body }</text> }
}

/// A group with a class and a tooltip (`<title>`, which screen readers read too) before its
/// content.
#[inline(never)]
pub fn titled(class: &'static str, title: String, content: Html) -> Html {
    html! { <g class={class}><title>{ title }</title>{ content }</g> }
}
