//! `use_drag`: dragging a node or client of the cluster view into a partition zone, with a
//! mouse, a pen or a finger (pointer events; see `use_touch_hold` for touch screens).
//!
//! A press on an element with `data-drag="<endpoint>"` starts a drag; past 4 px of movement it
//! is drawn following the pointer, over the zone it hovers; released over another zone than its
//! own it ends in a [`Move`]. A press that does not move is a click; a drag that moved swallows
//! the click that follows it.

use std::cell::RefCell;
use std::rc::Rc;

use quorumscope_engine::snapshot::Snapshot;
use web_sys::{Element, PointerEvent};
use yew::prelude::*;

use super::dom::{closest, event_element, svg_point};
use crate::layout::{self, Layout, Pt};

/// The outcome of a drag (or of a zone key): this endpoint is moved into this zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    /// Node or client id.
    pub endpoint: String,
    /// Zone number (0: the main zone).
    pub zone: u32,
}

/// What the view draws of a drag in progress.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DragView {
    /// The endpoint dragged, by index (nodes, then clients).
    pub index: usize,
    /// How far it has moved from where it was, in SVG units.
    pub offset: Pt,
    /// The zone under the pointer, if any.
    pub hover: Option<u32>,
}

/// A drag in progress (kept out of the render state: pointer moves come faster than frames).
struct Drag {
    name: String,
    index: usize,
    group: u32,
    pointer: i32,
    start: Pt,
    moved: bool,
}

#[derive(Default)]
struct Pointer {
    drag: Option<Drag>,
    /// A drag just ended: the click that follows is not a click.
    swallow_click: bool,
}

/// What the drawing needs to know of the endpoints to drag them.
#[derive(Clone)]
pub struct DragArea {
    /// The SVG the pointer moves over (its coordinates are the layout's).
    pub svg: NodeRef,
    /// Where the zones are.
    pub layout: Rc<Layout>,
    /// The picture drawn (its endpoints, nodes then clients, are what can be dragged).
    pub snapshot: Rc<Snapshot>,
    /// Each endpoint's zone, in the same order.
    pub groups: Rc<Vec<u32>>,
}

/// A drag's state and the pointer handlers to put on the element that holds the drawing.
pub struct DragHandle {
    /// What to draw of the drag in progress, if one has moved.
    pub view: Option<DragView>,
    /// `pointerdown`.
    pub down: Callback<PointerEvent>,
    /// `pointermove`.
    pub moved: Callback<PointerEvent>,
    /// `pointerup`.
    pub up: Callback<PointerEvent>,
    /// `pointercancel`.
    pub cancel: Callback<PointerEvent>,
    pointer: Rc<RefCell<Pointer>>,
}

impl DragHandle {
    /// Whether a click should be ignored because a drag just ended (true once per drag).
    pub fn swallow_click(&self) -> bool {
        std::mem::take(&mut self.pointer.borrow_mut().swallow_click)
    }

    /// A copy of the click check to move into a callback.
    pub fn clicks(&self) -> impl Fn() -> bool {
        let pointer = self.pointer.clone();
        move || std::mem::take(&mut pointer.borrow_mut().swallow_click)
    }
}

/// Drags endpoints of `area` into zones, sending each finished drag to `on_move`.
#[hook]
pub fn use_drag(area: DragArea, on_move: Callback<Move>) -> DragHandle {
    let pointer = use_mut_ref(Pointer::default);
    let view = use_state(|| None::<DragView>);
    let down = {
        let (pointer, area) = (pointer.clone(), area.clone());
        Callback::from(move |e: PointerEvent| start(&pointer, &area, &e))
    };
    let moved = {
        let (pointer, area, view) = (pointer.clone(), area.clone(), view.clone());
        Callback::from(move |e: PointerEvent| follow(&pointer, &area, &view, &e))
    };
    let up = {
        let (pointer, view) = (pointer.clone(), view.clone());
        Callback::from(move |e: PointerEvent| {
            if let Some(m) = finish(&pointer, &area, &view, &e) {
                on_move.emit(m);
            }
        })
    };
    let cancel = {
        let (pointer, view) = (pointer.clone(), view.clone());
        Callback::from(move |_: PointerEvent| {
            pointer.borrow_mut().drag = None;
            view.set(None);
        })
    };
    DragHandle {
        view: *view,
        down,
        moved,
        up,
        cancel,
        pointer,
    }
}

/// A press: starts a drag if it is on a draggable endpoint (and the main button of a mouse).
fn start(pointer: &RefCell<Pointer>, area: &DragArea, e: &PointerEvent) {
    if e.pointer_type() == "mouse" && e.button() != 0 {
        return;
    }
    let Some(svg) = area.svg.cast::<Element>() else {
        return;
    };
    let Some(el) = event_element(e).and_then(|t| closest(&t, "[data-drag]")) else {
        return;
    };
    let Some(name) = el.get_attribute("data-drag") else {
        return;
    };
    let Some(index) = area.snapshot.endpoint(&name) else {
        return;
    };
    // A synthetic or already-released pointer cannot be captured; moves still bubble.
    let _ = svg.set_pointer_capture(e.pointer_id());
    let mut p = pointer.borrow_mut();
    p.swallow_click = false;
    p.drag = Some(Drag {
        name,
        index,
        group: area.groups.get(index).copied().unwrap_or(0),
        pointer: e.pointer_id(),
        start: svg_point(&svg, e),
        moved: false,
    });
}

/// A move: past 4 px the drag is drawn where the pointer is.
fn follow(
    pointer: &RefCell<Pointer>,
    area: &DragArea,
    view: &UseStateHandle<Option<DragView>>,
    e: &PointerEvent,
) {
    let mut p = pointer.borrow_mut();
    let Some(d) = p.drag.as_mut() else {
        return;
    };
    if d.pointer != e.pointer_id() {
        return;
    }
    let Some(svg) = area.svg.cast::<Element>() else {
        return;
    };
    let at = svg_point(&svg, e);
    if !d.moved && at.dist(d.start) > 4.0 {
        d.moved = true;
    }
    if d.moved {
        e.prevent_default();
        view.set(Some(DragView {
            index: d.index,
            offset: Pt::new(at.x - d.start.x, at.y - d.start.y),
            hover: layout::zone_at(&area.layout, at),
        }));
    }
}

/// A release: the move into the zone under the pointer, if the drag moved and that zone is
/// another than the endpoint's.
fn finish(
    pointer: &RefCell<Pointer>,
    area: &DragArea,
    view: &UseStateHandle<Option<DragView>>,
    e: &PointerEvent,
) -> Option<Move> {
    let mut p = pointer.borrow_mut();
    let d = p.drag.take()?;
    if d.pointer != e.pointer_id() {
        p.drag = Some(d);
        return None;
    }
    view.set(None);
    if !d.moved {
        return None;
    }
    p.swallow_click = true;
    drop(p);
    let svg = area.svg.cast::<Element>()?;
    let zone = layout::zone_at(&area.layout, svg_point(&svg, e))?;
    (zone != d.group).then_some(Move {
        endpoint: d.name,
        zone,
    })
}
