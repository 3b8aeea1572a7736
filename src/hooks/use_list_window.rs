//! A long list drawn in part (issue 8, point 12: a run of 3,000 operations put 61,000 elements
//! in the page). The list's items are grouped in chunks of [`CHUNK`], numbered from the oldest;
//! only the chunks within a screen of the scrolled-to part of the list are drawn, and spacers of
//! the others' heights (measured once drawn, estimated before) keep the scroll bar true.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

/// The measured height of each chunk (by number from the oldest), in CSS px.
type Heights = Vec<Option<f64>>;

/// Items per chunk.
pub const CHUNK: usize = 20;

/// What a list should draw: the chunks in a range of display positions (0 is the first chunk
/// shown, the newest), and the room the others take above and below them.
#[derive(Clone, Debug, PartialEq)]
pub struct ListWindow {
    /// Display positions of the chunks to draw.
    pub positions: Range<usize>,
    /// Height of the chunks above, in CSS px.
    pub before_px: f64,
    /// Height of the chunks below, in CSS px.
    pub after_px: f64,
}

/// The chunks of a list of `chunks` chunks, shown newest first in the scrolling element `list`,
/// to draw now. Each drawn item must carry `data-chunk` (its chunk's number from the oldest,
/// `chunks - 1 - position`); `estimate_px` is the height of a chunk not yet measured.
#[hook]
pub fn use_list_window(list: NodeRef, chunks: usize, estimate_px: f64) -> ListWindow {
    // (scrollTop, clientHeight) of the list; 800 px tall until it is measured.
    let view = use_mut_ref(|| (0.0_f64, 800.0_f64));
    let heights: Rc<RefCell<Heights>> = use_mut_ref(Vec::new);
    let redraw = use_force_update();
    // Redraws the measuring asked for since the user last scrolled: a few settle any list; the
    // bound guarantees that no layout can make the list redraw forever.
    let settling = use_mut_ref(|| 0_u32);
    // Whether the user scrolled to the end: the list stays there while drawing corrects the
    // heights above (otherwise a chunk taller than its estimate would push the end away).
    let at_end = use_mut_ref(|| false);
    // The list's scroll height after the last drawing: the list a scroll was made in.
    let last_height = use_mut_ref(|| 0.0_f64);
    let window = compute(
        chunks,
        estimate_px,
        *view.borrow(),
        *at_end.borrow(),
        &heights.borrow(),
    );

    // Scrolling redraws only when another set of chunks comes into range.
    {
        let (view, heights, redraw, list, settling, at_end) = (
            view.clone(),
            heights.clone(),
            redraw.clone(),
            list.clone(),
            settling.clone(),
            at_end.clone(),
        );
        let shown = window.positions.clone();
        use_effect_with((chunks, shown), move |(chunks, shown)| {
            let (chunks, shown) = (*chunks, shown.clone());
            let element = list.cast::<HtmlElement>();
            let listener = element.map(|el| {
                let target = el.clone();
                EventListener::new(&target, "scroll", move |_| {
                    let now = (el.scroll_top() as f64, el.client_height() as f64);
                    *view.borrow_mut() = now;
                    *settling.borrow_mut() = 0;
                    let end = now.0 > 0.0 && is_at_end(&el);
                    *at_end.borrow_mut() = end;
                    if compute(chunks, estimate_px, now, end, &heights.borrow()).positions != shown
                    {
                        redraw.force_update();
                    }
                })
            });
            move || drop(listener)
        });
    }

    // After each drawing, measure the chunks drawn, and draw again if a height was wrong or
    // the list now shows another part (its scroll position clamped to a shorter list, say).
    {
        let (view, heights, redraw, list) = (view, heights, redraw, list);
        let drawn = window.positions.clone();
        use_effect(move || {
            if let Some(el) = list.cast::<HtmlElement>() {
                let mut settling = settling.borrow_mut();
                // Scrolled to the end of the list as it was before this drawing, with the
                // scroll event still to come. (Whether the user left the end is for the scroll
                // event alone to say: here the browser may have clamped the scroll while the
                // drawing replaced the chunks.)
                let top = el.scroll_top() as f64;
                if top > 0.0
                    && top != view.borrow().0
                    && top + el.client_height() as f64 + 2.0 >= *last_height.borrow()
                {
                    *at_end.borrow_mut() = true;
                }
                if *at_end.borrow() && !is_at_end(&el) {
                    el.set_scroll_top(el.scroll_height());
                }
                let now = (el.scroll_top() as f64, el.client_height() as f64);
                *view.borrow_mut() = now;
                let changed = measure(&el, &mut heights.borrow_mut());
                *last_height.borrow_mut() = el.scroll_height() as f64;
                let end = *at_end.borrow();
                let moved =
                    compute(chunks, estimate_px, now, end, &heights.borrow()).positions != drawn;
                if (changed || moved) && *settling < 16 {
                    *settling += 1;
                    redraw.force_update();
                }
            }
        });
    }
    window
}

/// Whether `list` is scrolled to its end (within two pixels).
fn is_at_end(list: &HtmlElement) -> bool {
    list.scroll_top() + list.client_height() + 2 >= list.scroll_height()
}

/// The window for a list scrolled to `(top, height)`: the chunks within one screen of it. A
/// list scrolled to its end (`at_end`) draws its last chunks, wherever the heights not yet
/// measured put the end: otherwise an estimate taller than the truth would draw chunks short
/// of the end, and the oldest items would never be reached.
fn compute(
    chunks: usize,
    estimate_px: f64,
    (top, height): (f64, f64),
    at_end: bool,
    heights: &Heights,
) -> ListWindow {
    // A chunk not yet drawn is as tall as the drawn ones are on average (the estimate until one
    // is measured), so the scroll bar stays true when the estimate is off.
    let (sum, count) = heights
        .iter()
        .flatten()
        .fold((0.0, 0_u32), |(s, c), h| (s + h, c + 1));
    // Whole pixels, as the measured heights are: a fraction would move the drawn items by a
    // rounding pixel from one drawing to the next, and measuring would never settle.
    let estimate_px = if count > 0 {
        (sum / f64::from(count)).round()
    } else {
        estimate_px
    };
    let height_of = |position: usize| {
        heights
            .get(chunks - 1 - position)
            .copied()
            .flatten()
            .unwrap_or(estimate_px)
    };
    let top = if at_end {
        let total: f64 = (0..chunks).map(height_of).sum();
        top.max(total - height)
    } else {
        top
    };
    let (from, to) = (top - height, top + 2.0 * height);
    let mut y = 0.0;
    let (mut first, mut last) = (None, 0);
    let (mut before, mut after) = (0.0, 0.0);
    for position in 0..chunks {
        let h = height_of(position);
        if y + h < from {
            before += h;
        } else if y > to && first.is_some() {
            after += h;
        } else {
            first.get_or_insert(position);
            last = position + 1;
        }
        y += h;
    }
    let first = first.unwrap_or(0);
    ListWindow {
        positions: first..last.max(first),
        before_px: before,
        after_px: after,
    }
}

/// Measures the drawn chunks of `list` (items with `data-chunk`, in display order): a chunk's
/// height runs from its first item's top to the next chunk's (or, for the last drawn, past its
/// last item and the gap after it). Returns whether a height changed by more than a pixel.
fn measure(list: &HtmlElement, heights: &mut Heights) -> bool {
    let items = list.query_selector_all("[data-chunk]").ok();
    let mut starts: Vec<(usize, f64)> = Vec::new();
    let mut end = 0.0_f64;
    let mut gap = 0.0_f64;
    for i in 0..items.as_ref().map_or(0, |n| n.length()) {
        let Some(item) = items
            .as_ref()
            .and_then(|n| n.item(i))
            .and_then(|n| n.dyn_into::<HtmlElement>().ok())
        else {
            continue;
        };
        let Some(chunk) = item
            .get_attribute("data-chunk")
            .and_then(|c| c.parse::<usize>().ok())
        else {
            continue;
        };
        let top = item.offset_top() as f64;
        if end > 0.0 {
            gap = (top - end).max(0.0);
        }
        if starts.last().is_none_or(|(c, _)| *c != chunk) {
            starts.push((chunk, top));
        }
        end = top + item.offset_height() as f64;
    }
    let mut changed = false;
    for (i, &(chunk, top)) in starts.iter().enumerate() {
        let next = starts.get(i + 1).map_or(end + gap, |(_, t)| *t);
        let h = next - top;
        if heights.len() <= chunk {
            heights.resize(chunk + 1, None);
        }
        if heights[chunk].is_none_or(|old| (old - h).abs() > 1.0) {
            heights[chunk] = Some(h);
            changed = true;
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_chunks_near_the_view_are_drawn() {
        let heights = Heights::new();
        // 150 chunks of 100 px, a view 500 px tall at the top: the first 11 chunks (the view and
        // two screens below it).
        let w = compute(150, 100.0, (0.0, 500.0), false, &heights);
        assert_eq!(w.positions, 0..11);
        assert_eq!(w.before_px, 0.0);
        assert_eq!(w.after_px, 139.0 * 100.0);
        // Scrolled to the middle: a screen above and two below.
        let w = compute(150, 100.0, (7_000.0, 500.0), false, &heights);
        assert_eq!(w.positions, 64..81);
        assert_eq!(w.before_px, 6_400.0);
        assert_eq!(w.before_px + w.after_px + 17.0 * 100.0, 15_000.0);
        // Measured heights count.
        let measured: Heights = vec![Some(50.0); 150];
        let w = compute(150, 100.0, (7_000.0, 500.0), false, &measured);
        assert_eq!(w.positions, 129..150);
        assert_eq!(w.after_px, 0.0);
        // Chunks not yet measured are taken to be as tall as the measured ones on average.
        let some: Heights = vec![Some(40.0), Some(60.0)];
        let w = compute(150, 100.0, (0.0, 500.0), false, &some);
        assert_eq!(
            w.before_px + w.after_px + 50.0 * w.positions.len() as f64,
            7_500.0
        );
        // Scrolled to the end of a list whose chunks are shorter than estimated (the page
        // says 2,500 px, the estimates 15,000): the end of the list is drawn all the same.
        let w = compute(150, 100.0, (2_500.0, 500.0), true, &heights);
        assert_eq!(w.positions.end, 150);
        assert_eq!(w.after_px, 0.0);
        assert_ne!(
            compute(150, 100.0, (2_500.0, 500.0), false, &heights)
                .positions
                .end,
            150
        );
        // An empty list draws nothing.
        assert_eq!(
            compute(0, 100.0, (0.0, 500.0), false, &heights).positions,
            0..0
        );
    }
}
