//! The [`ClusterView`] component: the SVG drawing and what is around it.

use std::rc::Rc;

use quorumscope_engine::snapshot::{OpView, Snapshot};
use quorumscope_engine::OpId;
use yew::prelude::*;

use crate::components::class_list;

use super::bar::cluster_bar;
use super::caption::{caption, Focus};
use super::dcs::endpoint_dcs;
use super::events::{self, Scene};
use super::glyphs::Glyphs;
use super::link_layer::LinkLayer;
use super::message_layer::MessageLayer;
use super::partition_zones::{partition_zones, PartitionZones};
use super::quorum::quorum_text;
use super::regions::regions;
use super::room::use_card_room;
use crate::components::app::handlers::ClusterHandlers;
use crate::hooks::{use_drag, use_touch_hold, use_width, DragArea, DragView};
use crate::layout::{self, num, Layout, Pt};

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
    pub on: ClusterHandlers,
}

/// The snapshot is compared by pointer, as [`crate::state::AppState`] does: the reducer makes a
/// new one only when the simulation moved, and the page does without a deep comparison of two
/// snapshots (its code was about 1.5 KB of the gzipped bundle).
impl PartialEq for ClusterViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.snapshot, &other.snapshot)
            && self.selected_op == other.selected_op
            && self.reduced_motion == other.reduced_motion
            && self.on == other.on
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
<li><span class=\"swatch lost\">✕</span>message lost</li>\
<li><span class=\"swatch cut-mark\">//</span>link cut by a partition</li></ul>";

/// Each endpoint's zone: nodes, then clients.
fn groups(snap: &Snapshot) -> Rc<Vec<u32>> {
    let nodes = snap.nodes.iter().map(|n| n.group);
    Rc::new(nodes.chain(snap.clients.iter().map(|c| c.group)).collect())
}

/// Each endpoint's anchor, the dragged one moved by the drag.
fn anchors(layout: &Layout, drag: Option<DragView>) -> Rc<Vec<Pt>> {
    let all = layout.nodes.iter().chain(layout.clients.iter()).enumerate();
    Rc::new(
        all.map(|(i, &p)| match drag {
            Some(d) if d.index == i => Pt::new(p.x + d.offset.x, p.y + d.offset.y),
            _ => p,
        })
        .collect(),
    )
}

/// How many endpoints each zone holds.
fn members(zones: usize, groups: &[u32]) -> Vec<usize> {
    let mut members = vec![0usize; zones];
    for &g in groups {
        if let Some(m) = members.get_mut(g as usize) {
            *m += 1;
        }
    }
    members
}

/// The layout for this snapshot at this width with this room for cards (memoised).
#[hook]
fn use_cluster_layout(
    snap: Rc<Snapshot>,
    groups: Rc<Vec<u32>>,
    width: u32,
    lines: usize,
) -> Rc<Layout> {
    let dcs = endpoint_dcs(&snap);
    let nodes = snap.nodes.len();
    let node_dcs: Vec<usize> = if snap.datacenters.is_empty() {
        Vec::new()
    } else {
        dcs.iter().take(nodes).map(|d| d.unwrap_or(0)).collect()
    };
    use_memo(
        (groups, nodes, width, lines, node_dcs),
        |(groups, nodes, width, lines, node_dcs)| {
            let (n, c) = groups.split_at(*nodes);
            layout::layout_dcs(n, c, node_dcs, *width as f64, *lines)
        },
    )
}

/// The cluster view, with its heal button, hints, legend and the quorum explanation of the
/// selected operation.
#[function_component(ClusterView)]
pub fn cluster_view(props: &ClusterViewProps) -> Html {
    let snap = props.snapshot.clone();
    let (svg_ref, wrap_ref) = (use_node_ref(), use_node_ref());
    let focus = use_state(|| None::<Focus>);
    let width = use_width(wrap_ref.clone(), 960);
    use_touch_hold(wrap_ref.clone(), "[data-drag]");
    let lines = use_card_room(snap.clone(), props.selected_op, wrap_ref.clone());
    let groups = groups(&snap);
    let layout = use_cluster_layout(snap.clone(), groups.clone(), width, lines);
    let area = DragArea {
        svg: svg_ref.clone(),
        layout: layout.clone(),
        snapshot: snap.clone(),
        groups: groups.clone(),
    };
    let drag = use_drag(area, props.on.move_to.clone());
    let (partitioned, dv) = (layout.partitioned, drag.view);
    let anchors = anchors(&layout, dv);
    let rects = Rc::new(layout::endpoint_rects(&anchors, snap.nodes.len()));
    let scene = Scene {
        snapshot: snap.clone(),
        layout: layout.clone(),
        groups: groups.clone(),
        on: props.on.clone(),
    };
    let selected: Option<&OpView> = props.selected_op.and_then(|id| snap.history.find(id));
    let dcs = endpoint_dcs(&snap);
    let glyphs = Glyphs {
        snap: &snap,
        anchors: &anchors,
        dcs: &dcs,
        partitioned,
        selected,
        drag: dv,
        focus: focus.as_ref(),
    };
    let wan_cut = (!snap.datacenters.is_empty()).then(|| crate::state::wan_is_cut(&snap));
    let (width_text, height_text) = (num(layout.width.round()), num(layout.height.round()));
    let view_box = format!("0 0 {width_text} {height_text}");
    let onfocusout = {
        let focus = focus.setter();
        Callback::from(move |_: FocusEvent| focus.set(None))
    };
    html! {
        <div class="cluster-view">
            { cluster_bar(partitioned, wan_cut, &props.on) }
            <div class="cv-canvas" ref={wrap_ref}>
                // Two stacked SVGs with one viewBox: the messages, which move every frame, on a
                // layer of their own, so that the nodes, links and zones are not painted again.
                <div class={class_list("cv-stack", &[dv.is_some().then_some("dragging")])}
                     style={format!("max-width: {width_text}px")}
                     role="group" aria-label="Cluster: nodes, clients, partition zones and messages"
                     onpointerdown={drag.down.clone()} onpointermove={drag.moved.clone()}
                     onpointerup={drag.up.clone()} onpointercancel={drag.cancel.clone()}
                     onclick={events::onclick(scene.clone(), drag.clicks())}
                     onkeydown={events::onkeydown(scene)}
                     onfocusin={events::onfocusin(focus.clone())} onfocusout={onfocusout}>
                    <svg ref={svg_ref} class="cv-svg" role="none" viewBox={view_box.clone()}
                         width={width_text.clone()} height={height_text.clone()}>
                        { partition_zones(&PartitionZones {
                            zones: &layout.zones,
                            members: members(layout.zones.len(), &groups),
                            partitioned,
                            hover: dv.and_then(|d| d.hover),
                            ring: layout.ring,
                        }) }
                        { regions(&layout, &snap) }
                        <LinkLayer anchors={anchors.clone()} groups={groups.clone()} nodes={snap.nodes.len()} />
                        { glyphs.nodes() }
                        { glyphs.clients() }
                    </svg>
                    <svg class="cv-svg cv-overlay" role="none" viewBox={view_box}>
                        <MessageLayer snapshot={snap.clone()} anchors={anchors.clone()} rects={rects}
                                      reduced_motion={props.reduced_motion} />
                    </svg>
                </div>
            </div>
            <p class="cv-caption">{ caption(&snap, focus.as_ref(), partitioned) }</p>
            if let Some(op) = selected { { quorum_text(op, snap.now_us, &props.on.select) } }
            { Html::from_html_unchecked(AttrValue::Static(LEGEND)) }
        </div>
    }
}
