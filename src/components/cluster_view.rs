//! The cluster view: replica nodes around a ring, clients beside them, partition zones, the
//! links between them and the messages travelling on those links, drawn as one SVG.
//!
//! Everything it shows comes from the snapshot; everything the user does here (crash or
//! recover a node, drag a node or client into a zone, heal, drop a message) is sent as a
//! [`Msg`] through `on_msg`. Pointer and keyboard events are handled once, on the SVG, and
//! routed by the `data-*` attributes of the element they hit, so the many message dots carry
//! no listeners of their own.

use std::rc::Rc;

use quorumscope_engine::snapshot::{OpView, Snapshot, SuspicionView};
use quorumscope_engine::{MsgId, OpId, OpKind, Outcome};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use super::client_glyph::ClientGlyph;
use super::link_layer::LinkLayer;
use super::message_layer::{droppable, message_name, MessageLayer};
use super::node_glyph::{describe, suspects_words, Highlight, NodeGlyph};
use super::partition_zones::PartitionZones;
use crate::layout::{self, num, Affine, Pt};
use crate::state::Msg;

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
/// it (issue 8, point 8).
fn reveal(el: &Element) {
    let screen = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let b = el.unchecked_ref::<Graphics>().bounds();
    if b.top() < 0.0 || b.bottom() > screen {
        el.scroll_into_view_with_bool(true);
    }
}

/// Properties of [`ClusterView`].
#[derive(Properties)]
pub struct ClusterViewProps {
    /// The picture to draw.
    pub snapshot: Rc<Snapshot>,
    /// The operation selected in the log: its quorums are highlighted.
    #[prop_or_default]
    pub selected_op: Option<OpId>,
    /// Draw messages still, at their midpoints (`prefers-reduced-motion`).
    #[prop_or_default]
    pub reduced_motion: bool,
    /// Where the user's actions go.
    pub on_msg: Callback<Msg>,
}

/// The snapshot is compared by pointer, as [`crate::state::AppState`] does: the reducer makes a
/// new one only when the simulation moved, and the page does without a deep comparison of two
/// snapshots (its code was about 1.5 KB of the gzipped bundle).
impl PartialEq for ClusterViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.snapshot, &other.snapshot)
            && self.selected_op == other.selected_op
            && self.reduced_motion == other.reduced_motion
            && self.on_msg == other.on_msg
    }
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

/// What the view draws of a drag.
#[derive(Clone, Copy, PartialEq)]
struct DragView {
    index: usize,
    offset: Pt,
    hover: Option<u32>,
}

#[derive(Default)]
struct Pointer {
    drag: Option<Drag>,
    /// A drag just ended: the click that follows is not a click.
    swallow_click: bool,
}

/// What has the keyboard focus in the view, for the caption under it.
#[derive(Clone, PartialEq)]
enum Focus {
    Endpoint(String),
    Message(MsgId),
}

/// The SVG point under the pointer.
fn svg_point(svg: &Element, e: &MouseEvent) -> Pt {
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

fn event_element(e: &Event) -> Option<Element> {
    e.target()?.dyn_into::<Element>().ok()
}

fn closest(el: &Element, selector: &str) -> Option<Element> {
    el.closest(selector).ok().flatten()
}

/// The cluster view, with its heal button, hints, legend and the quorum explanation of the
/// selected operation.
#[function_component(ClusterView)]
pub fn cluster_view(props: &ClusterViewProps) -> Html {
    let snap = props.snapshot.clone();
    let svg_ref = use_node_ref();
    let wrap_ref = use_node_ref();
    let width = use_state_eq(|| 960u32);
    let pointer = use_mut_ref(Pointer::default);
    let drag_view = use_state(|| None::<DragView>);
    let focus = use_state(|| None::<Focus>);

    // Follow the width the view has, so a phone gets the compact layout. And on a touch
    // screen, keep a finger that starts on a node or client from scrolling the page, so that it
    // drags: `touch-action: none` is honoured on the <svg> itself but not on the shapes inside
    // it, so a touchstart there is cancelled instead (listeners on an element are not passive).
    {
        let wrap_ref = wrap_ref.clone();
        let width = width.clone();
        use_effect_with((), move |_| {
            let wrap = wrap_ref.cast::<Element>();
            let measure = Rc::new(move || {
                if let Some(el) = wrap_ref.cast::<Element>() {
                    let w = el.client_width();
                    if w > 0 {
                        width.set(w as u32);
                    }
                }
            });
            measure();
            let on_resize = {
                let measure = measure.clone();
                Closure::<dyn FnMut()>::new(move || measure())
            };
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w
                    .add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
            }
            let on_touch = Closure::<dyn FnMut(Event)>::new(|e: Event| {
                if event_element(&e).is_some_and(|t| closest(&t, "[data-drag]").is_some()) {
                    e.prevent_default();
                }
            });
            if let Some(el) = &wrap {
                let _ = el.add_event_listener_with_callback(
                    "touchstart",
                    on_touch.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(w) = &window {
                    let _ = w.remove_event_listener_with_callback(
                        "resize",
                        on_resize.as_ref().unchecked_ref(),
                    );
                }
                if let Some(el) = &wrap {
                    let _ = el.remove_event_listener_with_callback(
                        "touchstart",
                        on_touch.as_ref().unchecked_ref(),
                    );
                }
                drop(on_resize);
                drop(on_touch);
            }
        });
    }

    let node_count = snap.nodes.len();
    // (room for lines, time, node count, selected operation) as last drawn.
    let room = use_mut_ref(|| (0usize, 0u64, 0usize, None::<OpId>));
    let groups: Rc<Vec<u32>> = Rc::new(
        snap.nodes
            .iter()
            .map(|n| n.group)
            .chain(snap.clients.iter().map(|c| c.group))
            .collect(),
    );
    // Room for the tallest card (never less than `layout::RESERVED_LINES`), and within a run
    // never less than it had: a card that shrinks back does not make the view jump twice. A
    // run starts over when time goes back or the cluster changes.
    let tallest = snap
        .nodes
        .iter()
        .map(|n| layout::card_lines(n.up, n.keys.len(), n.hints.len()))
        .max()
        .unwrap_or(1);
    let lines = {
        let mut room = room.borrow_mut();
        if snap.now_us < room.1 || node_count != room.2 {
            room.0 = 0;
        }
        // An operation just selected: its quorums are drawn here, so show them (the drawing
        // is already in the page; only the page's scroll changes).
        if props.selected_op.is_some() && props.selected_op != room.3 {
            if let Some(el) = wrap_ref.cast::<Element>() {
                reveal(&el);
            }
        }
        *room = (
            room.0.max(tallest),
            snap.now_us,
            node_count,
            props.selected_op,
        );
        room.0
    };
    // Each endpoint's datacenter (by index in the snapshot's list), when there are some.
    let dcs: Rc<Vec<Option<usize>>> = Rc::new(endpoint_dcs(&snap));
    let node_dcs: Vec<usize> = if snap.datacenters.is_empty() {
        Vec::new()
    } else {
        dcs.iter()
            .take(node_count)
            .map(|d| d.unwrap_or(0))
            .collect()
    };
    let layout = use_memo(
        (groups.clone(), node_count, *width, lines, node_dcs),
        |(groups, nodes, width, lines, node_dcs)| {
            let (n, c) = groups.split_at(*nodes);
            layout::layout_dcs(n, c, node_dcs, *width as f64, *lines)
        },
    );
    let partitioned = layout.partitioned;
    let dv = *drag_view;
    let anchors: Rc<Vec<Pt>> = Rc::new(
        layout
            .nodes
            .iter()
            .chain(layout.clients.iter())
            .enumerate()
            .map(|(i, &p)| match dv {
                Some(d) if d.index == i => Pt::new(p.x + d.offset.x, p.y + d.offset.y),
                _ => p,
            })
            .collect(),
    );
    let rects = Rc::new(layout::endpoint_rects(&anchors, node_count));
    let mut members = vec![0usize; layout.zones.len()];
    for &g in groups.iter() {
        if let Some(m) = members.get_mut(g as usize) {
            *m += 1;
        }
    }

    // The selected operation and each node's part in it.
    let selected: Option<&OpView> = props.selected_op.and_then(|id| snap.history.find(id));
    let highlight = |name: &str| -> Highlight {
        match selected {
            Some(op) if op.kind == OpKind::Get => Highlight {
                write: op.write_quorum.iter().any(|n| n == name),
                read: op.replies_from.iter().any(|n| n == name),
            },
            Some(op) => Highlight {
                write: op.replies_from.iter().any(|n| n == name),
                read: false,
            },
            None => Highlight::default(),
        }
    };

    // Pointer: drag a node or client into a zone.
    let onpointerdown = {
        let pointer = pointer.clone();
        let svg_ref = svg_ref.clone();
        let snap = snap.clone();
        let groups = groups.clone();
        Callback::from(move |e: PointerEvent| {
            if e.pointer_type() == "mouse" && e.button() != 0 {
                return;
            }
            let Some(svg) = svg_ref.cast::<Element>() else {
                return;
            };
            let Some(el) = event_element(&e).and_then(|t| closest(&t, "[data-drag]")) else {
                return;
            };
            let Some(name) = el.get_attribute("data-drag") else {
                return;
            };
            let Some(index) = snap.endpoint(&name) else {
                return;
            };
            // A synthetic or already-released pointer cannot be captured; moves still bubble.
            let _ = svg.set_pointer_capture(e.pointer_id());
            let mut p = pointer.borrow_mut();
            p.swallow_click = false;
            p.drag = Some(Drag {
                name,
                index,
                group: groups.get(index).copied().unwrap_or(0),
                pointer: e.pointer_id(),
                start: svg_point(&svg, &e),
                moved: false,
            });
        })
    };
    let onpointermove = {
        let pointer = pointer.clone();
        let svg_ref = svg_ref.clone();
        let layout = layout.clone();
        let drag_view = drag_view.clone();
        Callback::from(move |e: PointerEvent| {
            let mut p = pointer.borrow_mut();
            let Some(d) = p.drag.as_mut() else {
                return;
            };
            if d.pointer != e.pointer_id() {
                return;
            }
            let Some(svg) = svg_ref.cast::<Element>() else {
                return;
            };
            let at = svg_point(&svg, &e);
            if !d.moved && at.dist(d.start) > 4.0 {
                d.moved = true;
            }
            if d.moved {
                e.prevent_default();
                drag_view.set(Some(DragView {
                    index: d.index,
                    offset: Pt::new(at.x - d.start.x, at.y - d.start.y),
                    hover: layout::zone_at(&layout, at),
                }));
            }
        })
    };
    let onpointerup = {
        let pointer = pointer.clone();
        let svg_ref = svg_ref.clone();
        let layout = layout.clone();
        let drag_view = drag_view.clone();
        let on_msg = props.on_msg.clone();
        Callback::from(move |e: PointerEvent| {
            let mut p = pointer.borrow_mut();
            let Some(d) = p.drag.take() else {
                return;
            };
            if d.pointer != e.pointer_id() {
                p.drag = Some(d);
                return;
            }
            drag_view.set(None);
            if !d.moved {
                return;
            }
            p.swallow_click = true;
            drop(p);
            let Some(svg) = svg_ref.cast::<Element>() else {
                return;
            };
            let at = svg_point(&svg, &e);
            if let Some(zone) = layout::zone_at(&layout, at) {
                if zone != d.group {
                    on_msg.emit(Msg::MoveTo {
                        endpoint: d.name,
                        zone,
                    });
                }
            }
        })
    };
    let onpointercancel = {
        let pointer = pointer.clone();
        let drag_view = drag_view.clone();
        Callback::from(move |_: PointerEvent| {
            pointer.borrow_mut().drag = None;
            drag_view.set(None);
        })
    };

    // Clicks: crash / recover buttons and in-flight messages.
    let act = {
        let on_msg = props.on_msg.clone();
        let snap = snap.clone();
        Rc::new(move |el: &Element| -> bool {
            if let Some(b) = closest(el, "[data-action]") {
                let target = b.get_attribute("data-target").unwrap_or_default();
                match b.get_attribute("data-action").as_deref() {
                    Some("crash") => on_msg.emit(Msg::Crash(target)),
                    Some("recover") => on_msg.emit(Msg::Recover(target)),
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
                    on_msg.emit(Msg::DropMessage(m.id));
                    return true;
                }
            }
            false
        })
    };
    let onclick = {
        let act = act.clone();
        let pointer = pointer.clone();
        Callback::from(move |e: MouseEvent| {
            if std::mem::take(&mut pointer.borrow_mut().swallow_click) {
                return;
            }
            if let Some(el) = event_element(&e) {
                act(&el);
            }
        })
    };
    // Keys: 0/1/2 move a focused node or client; Enter or Space presses a button or drops a
    // focused message.
    let onkeydown = {
        let on_msg = props.on_msg.clone();
        let layout = layout.clone();
        let snap = snap.clone();
        let groups = groups.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = event_element(&e) else {
                return;
            };
            let key = e.key();
            if let Some(name) = el.get_attribute("data-drag") {
                let Some(zone) = key
                    .parse::<u32>()
                    .ok()
                    .filter(|&z| layout.zone(z).is_some())
                else {
                    return;
                };
                e.prevent_default();
                let current = snap.endpoint(&name).and_then(|i| groups.get(i).copied());
                if current != Some(zone) {
                    on_msg.emit(Msg::MoveTo {
                        endpoint: name,
                        zone,
                    });
                }
            } else if (key == "Enter" || key == " ")
                && (el.has_attribute("data-action") || el.has_attribute("data-message-id"))
            {
                e.prevent_default();
                act(&el);
            }
        })
    };
    let onfocusin = {
        let focus = focus.clone();
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
    };
    let onfocusout = {
        let focus = focus.clone();
        Callback::from(move |_: FocusEvent| focus.set(None))
    };
    let onheal = {
        let on_msg = props.on_msg.clone();
        Callback::from(move |_: MouseEvent| {
            if partitioned {
                on_msg.emit(Msg::Heal);
            }
        })
    };
    let wan_cut = crate::state::wan_is_cut(&snap);
    let cut_wan = (!snap.datacenters.is_empty()).then(|| {
        let on_msg = props.on_msg.clone();
        html! {
            <button type="button" class="cv-heal cv-cut-wan" aria-disabled={wan_cut.to_string()}
                    title={if wan_cut { "The datacenters are already cut off from each other" } else { "Partition the network between the datacenters" }}
                    onclick={Callback::from(move |_: MouseEvent| if !wan_cut { on_msg.emit(Msg::CutWan) })}>
                { "Cut WAN link" }
            </button>
        }
    });
    let dc_of = |i: usize| {
        dcs.get(i).copied().flatten().and_then(|d| {
            snap.datacenters
                .get(d)
                .map(|dc| (AttrValue::from(dc.name.clone()), d))
        })
    };
    let regions = layout.regions.iter().zip(snap.datacenters.iter()).enumerate().map(|(d, (r, dc))| {
        html! {
            <g class={classes!("cv-region", dc_class(d))} key={dc.name.clone()}>
                <rect x={num(r.x)} y={num(r.y)} width={num(r.w)} height={num(r.h)} rx="10" />
                <text class="cv-region-name" x={num(r.x + 10.0)} y={num(r.y + 15.0)}>
                    <tspan class="cv-region-dc">{ dc.name.clone() }</tspan>
                    { format!(" · {} replica{} per key", dc.n, if dc.n == 1 { "" } else { "s" }) }
                </text>
            </g>
        }
    });

    // The focused node or client's suspicions: each node it suspects is marked.
    let focused_suspects = match focus.as_ref() {
        Some(Focus::Endpoint(name)) => suspects_of(&snap, name).map(|s| (name.clone(), s)),
        _ => None,
    };
    let suspected_by = |node: &str| {
        focused_suspects
            .as_ref()
            .filter(|(_, s)| s.iter().any(|x| x.node == node))
            .map(|(by, _)| by.clone())
    };
    let nodes = snap.nodes.iter().enumerate().map(|(i, n)| {
        html! {
            <NodeGlyph key={n.name.clone()} node={n.clone()} index={i} at={anchors[i]}
                       highlight={highlight(&n.name)} partitioned={partitioned}
                       dc={dc_of(i)} dragging={dv.is_some_and(|d| d.index == i)}
                       suspected_by={suspected_by(&n.name)} />
        }
    });
    let clients = snap.clients.iter().enumerate().map(|(j, c)| {
        let i = node_count + j;
        html! {
            <ClientGlyph key={c.name.clone()} name={c.name.clone()} group={c.group} index={i}
                         at={anchors[i]} partitioned={partitioned} dc={dc_of(i)}
                         selected={selected.is_some_and(|op| op.client == c.name)}
                         dragging={dv.is_some_and(|d| d.index == i)}
                         suspects={c.suspects.clone()} />
        }
    });

    let caption = caption(&snap, focus.as_ref(), partitioned);
    let (width_text, height_text) = (num(layout.width.round()), num(layout.height.round()));
    let view_box = format!("0 0 {width_text} {height_text}");
    let quorum = selected.map(|op| quorum_text(op, &props.on_msg));

    html! {
        <div class="cluster-view">
            <div class={classes!("cv-bar", cut_wan.is_some().then_some("has-wan"))}>
                <p class="cv-hint">
                    { "Drag a node or client into zone 1 or 2 to partition the network (or \
                       focus it and press 1 or 2; 0 brings it back). Click a moving message to \
                       drop it." }
                </p>
                <button type="button" class="cv-heal" aria-disabled={(!partitioned).to_string()}
                        title={if partitioned { "Reconnect every zone" } else { "There is no partition to heal" }}
                        onclick={onheal}>
                    { "Heal partition" }
                </button>
                { for cut_wan }
            </div>
            <div class="cv-canvas" ref={wrap_ref}>
                // Two stacked SVGs with one viewBox: the messages, which move every frame, on a
                // layer of their own, so that the nodes, links and zones are not painted again.
                <div class={classes!("cv-stack", dv.is_some().then_some("dragging"))}
                     style={format!("max-width: {width_text}px")}
                     role="group" aria-label="Cluster: nodes, clients, partition zones and messages"
                     onpointerdown={onpointerdown} onpointermove={onpointermove}
                     onpointerup={onpointerup} onpointercancel={onpointercancel}
                     onclick={onclick} onkeydown={onkeydown}
                     onfocusin={onfocusin} onfocusout={onfocusout}>
                    <svg ref={svg_ref} class="cv-svg" viewBox={view_box.clone()}
                         width={width_text.clone()} height={height_text.clone()}>
                        <PartitionZones zones={layout.zones.clone()} members={members}
                                        partitioned={partitioned} hover={dv.and_then(|d| d.hover)}
                                        ring={layout.ring} />
                        <g class="cv-regions" aria-hidden="true">{ for regions }</g>
                        <LinkLayer anchors={anchors.clone()} groups={groups.clone()} nodes={node_count} />
                        <g class="cv-nodes">{ for nodes }</g>
                        <g class="cv-clients">{ for clients }</g>
                    </svg>
                    <svg class="cv-svg cv-overlay" viewBox={view_box}>
                        <MessageLayer snapshot={snap.clone()} anchors={anchors.clone()} rects={rects}
                                      reduced_motion={props.reduced_motion} />
                    </svg>
                </div>
            </div>
            <p class="cv-caption">{ caption }</p>
            if let Some(q) = quorum { { q } }
            { Html::from_html_unchecked(AttrValue::Static(LEGEND)) }
        </div>
    }
}

/// The colours of the messages; static markup (cheaper in the page's wasm than built nodes).
const LEGEND: &str = "<ul class=\"cv-legend\" aria-label=\"Message colours\">\
<li><span class=\"swatch k-write\"></span>write</li>\
<li><span class=\"swatch k-ack\"></span>ack</li>\
<li><span class=\"swatch k-read\"></span>read</li>\
<li><span class=\"swatch k-response\"></span>response</li>\
<li><span class=\"swatch k-repair\"></span>read repair</li>\
<li><span class=\"swatch k-request\"></span>request / reply (coordinator)</li>\
<li><span class=\"swatch k-other\"></span>background (anti-entropy, handoff, ping / pong)</li>\
<li><span class=\"swatch lost\">✕</span>lost</li></ul>";

/// The suspicions of the node or client named `name`, if there is one.
fn suspects_of<'a>(snap: &'a Snapshot, name: &str) -> Option<&'a [SuspicionView]> {
    snap.nodes
        .iter()
        .find(|n| n.name == name)
        .map(|n| n.suspects.as_slice())
        .or_else(|| {
            snap.clients
                .iter()
                .find(|c| c.name == name)
                .map(|c| c.suspects.as_slice())
        })
}

/// The line under the view: what the focused node, client or message is, in full.
fn caption(snap: &Snapshot, focus: Option<&Focus>, partitioned: bool) -> String {
    let dcs = endpoint_dcs(snap);
    let dc_name = |i: Option<usize>| {
        i.and_then(|i| dcs.get(i).copied().flatten())
            .and_then(|d| snap.datacenters.get(d))
            .map_or(String::new(), |dc| format!(" (datacenter {})", dc.name))
    };
    match focus {
        Some(Focus::Endpoint(name)) => {
            if let Some(n) = snap.nodes.iter().find(|n| &n.name == name) {
                format!(
                    "Node {name}{}: {}. Keys 1 and 2 move it to a zone, 0 back to the main zone.",
                    dc_name(snap.endpoint(name)),
                    describe(n, partitioned)
                )
            } else {
                let suspects = match suspects_of(snap, name) {
                    Some(s) if !s.is_empty() => {
                        format!(" {name} suspects {}.", suspects_words(s))
                    }
                    _ => String::new(),
                };
                format!(
                    "Client {name}{}.{suspects} Keys 1 and 2 move it to a zone, 0 back to the \
                     main zone.",
                    dc_name(snap.endpoint(name))
                )
            }
        }
        Some(Focus::Message(id)) => match snap.messages.iter().find(|m| m.id == *id) {
            Some(m) if droppable(m, snap.now_us) => format!(
                "{}{}: {}. Enter drops it.",
                message_name(m, &snap.endpoints),
                wan(&dcs, m.from.index(), m.to.index()),
                m.summary
            ),
            Some(m) => format!(
                "{}{}: {} (lost: {}).",
                message_name(m, &snap.endpoints),
                wan(&dcs, m.from.index(), m.to.index()),
                m.summary,
                m.fate.name()
            ),
            None => "That message has arrived.".to_string(),
        },
        None => String::new(),
    }
}

/// Focuses (and so scrolls to) the selected operation's entry in the log.
fn back_to_log(_: MouseEvent) {
    let entry = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("#op-log [aria-pressed=\"true\"]")
                .ok()
                .flatten()
        })
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(entry) = entry {
        let _ = entry.focus();
    }
}

/// The explanation of the selected operation's quorums, with the rings' legend.
fn quorum_text(op: &OpView, on_msg: &Callback<Msg>) -> Html {
    let list = |v: &[String]| {
        if v.is_empty() {
            "no replica".to_string()
        } else {
            v.join(", ")
        }
    };
    let what = match &op.value {
        Some(v) if op.kind == OpKind::Put => format!("{} put {} = {}", op.client, op.key, v),
        _ => format!("{} {} {}", op.client, op.kind.name(), op.key),
    };
    let body = if op.kind == OpKind::Get {
        let write = match op.write_op {
            Some(w) => html! {
                <li><span class="ring-swatch write"></span>
                    { format!("acknowledged the last write before it (op {w}): {}", list(&op.write_quorum)) }</li>
            },
            None => {
                html! { <li>{ "No write to this key was acknowledged before this read began." }</li> }
            }
        };
        let overlap = if op.write_op.is_some() {
            html! {
                <li><span class="ring-swatch both"></span>
                    { format!("in both, the overlap that carries the latest write: {}", list(&op.overlap)) }</li>
            }
        } else {
            html! {}
        };
        html! {
            <ul>
                { write }
                <li><span class="ring-swatch read"></span>
                    { format!("answered this read: {}", list(&op.replies_from)) }</li>
                { overlap }
            </ul>
        }
    } else {
        html! {
            <ul>
                <li><span class="ring-swatch write"></span>
                    { if op.outcome == Outcome::Pending && op.replies_from.is_empty() {
                        "acknowledged this write: none yet".to_string()
                    } else {
                        format!("acknowledged this write: {}", list(&op.replies_from))
                    } }</li>
            </ul>
        }
    };
    let pending = (op.outcome == Outcome::Pending).then_some(" (still waiting for replies)");
    html! {
        <div class="cv-quorum" aria-label="Quorums of the selected operation">
            <div class="cv-quorum-head">
                <p class="cv-quorum-title">
                    { format!("Op {}: {what}", op.id) }{ pending }
                </p>
                <button type="button" class="cv-clear" onclick={on_msg.reform(|_| Msg::Select(None))}>
                    { "Clear selection" }
                </button>
                // Where the log is below the drawing (a phone), the way back to the entry.
                <button type="button" class="cv-back" onclick={Callback::from(back_to_log)}>
                    { "Back to the log" }
                </button>
            </div>
            { body }
            if let Some(cause) = &op.stale_cause {
                <p class="cv-stale-cause"><strong>{ "Stale read: " }</strong>{ cause.clone() }</p>
            }
        </div>
    }
}

/// Each endpoint's datacenter, as an index into the snapshot's `datacenters`, in the order of
/// its `endpoints` (nodes, then clients); all `None` without datacenters.
pub fn endpoint_dcs(snap: &Snapshot) -> Vec<Option<usize>> {
    snap.endpoints
        .iter()
        .map(|name| {
            snap.datacenters
                .iter()
                .position(|dc| dc.nodes.contains(name) || dc.clients.contains(name))
        })
        .collect()
}

/// ` across the WAN` for a message between endpoints of two datacenters (it takes the WAN's
/// latency), else nothing.
pub fn wan(dcs: &[Option<usize>], from: usize, to: usize) -> &'static str {
    match (
        dcs.get(from).copied().flatten(),
        dcs.get(to).copied().flatten(),
    ) {
        (Some(a), Some(b)) if a != b => " across the WAN",
        _ => "",
    }
}

/// The colour class of the datacenter of this index (four colours, then again; the name is
/// always written beside the colour).
pub fn dc_class(d: usize) -> &'static str {
    ["dc-0", "dc-1", "dc-2", "dc-3"][d % 4]
}
