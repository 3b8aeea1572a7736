//! One client in the cluster view: a small badge with a person and its name, which can be
//! focused and dragged into a partition zone.

use quorumscope_engine::snapshot::SuspicionView;
use std::fmt::Write;
use yew::prelude::*;

use crate::components::class_list;

use crate::layout::{num, Pt, CLIENT_H, CLIENT_W, HIT};

/// What [`client_glyph`] draws.
pub struct ClientGlyph<'a> {
    /// The client's name.
    pub name: String,
    /// Its partition group.
    pub group: u32,
    /// Its index among the endpoints.
    pub index: usize,
    /// Its centre.
    pub at: Pt,
    /// Whether there is a partition.
    pub partitioned: bool,
    /// Whether it made the operation selected in the log.
    pub selected: bool,
    /// Whether it is being dragged.
    pub dragging: bool,
    /// The nodes it suspects are down (when it coordinates its own requests).
    pub suspects: &'a [SuspicionView],
    /// Its datacenter's name and index (for its colour), when there are datacenters.
    pub dc: Option<(AttrValue, usize)>,
}

/// A datacenter's name as a small tag in its colour, its left end at `(x, y)` (vertically
/// centred there): on a node card's header and a client's badge.
pub fn dc_tag(name: &str, d: usize, x: f64, y: f64) -> Html {
    let text = crate::components::cluster::node_glyph::clip(name, 6);
    let w = text.chars().count() as f64 * 6.4 + 10.0;
    html! {
        <g class={class_list("cv-dc-tag", &[Some(crate::components::cluster::dc_class(d))])} aria-hidden="true">
            <rect x={num(x)} y={num(y - 7.5)} width={num(w)} height="15" rx="7.5" />
            <text x={num(x + w / 2.0)} y={num(y + 3.5)} text-anchor="middle">{ text }</text>
        </g>
    }
}

/// A client: `role=button` named `Client alice`; events are handled by the cluster view. The
/// group is keyed by the client's name. A function, not a component: a component of its own
/// cost the page's bundle more than its markup (issue 10; BENCHMARKS.md, "Bundle, issue 10,
/// third pass").
pub fn client_glyph(props: ClientGlyph) -> Html {
    let mut description = match (props.partitioned, props.group) {
        (false, _) => "a client; it can reach every node".to_string(),
        (true, 0) => "a client in the main zone".to_string(),
        (true, g) => format!("a client cut off in zone {g}"),
    };
    if !props.suspects.is_empty() {
        let _ = write!(
            description,
            "; {} suspects {}",
            props.name,
            crate::components::cluster::node_glyph::suspects_words(props.suspects)
        );
    }
    if let Some((dc, _)) = &props.dc {
        let _ = write!(description, "; in datacenter {dc}");
    }
    let class = class_list(
        "cv-client",
        &[
            props.selected.then_some("selected"),
            props.dragging.then_some("dragging"),
        ],
    );
    // With a datacenter tag at its right end, the name has less room.
    let name = crate::components::cluster::node_glyph::clip(
        &props.name,
        if props.dc.is_some() { 6 } else { 9 },
    );
    html! {
        <g key={props.name.clone()} class={class} transform={format!("translate({} {})", num(props.at.x), num(props.at.y))}>
            <g class="cv-client-body" role="button" tabindex="0"
               aria-label={format!("Client {}", props.name)}
               aria-description={description}
               data-client={props.name.clone()}
               data-drag={props.name.clone()}
               data-group={props.group.to_string()}>
                <rect class="cv-hit" x={num(-CLIENT_W / 2.0)} y={num(-HIT / 2.0)}
                      width={num(CLIENT_W)} height={num(HIT)} />
                <rect class="cv-client-card" x={num(-CLIENT_W / 2.0)} y={num(-CLIENT_H / 2.0)}
                      width={num(CLIENT_W)} height={num(CLIENT_H)} rx={num(CLIENT_H / 2.0)} />
                <g class="cv-person" transform={format!("translate({} 0)", num(-CLIENT_W / 2.0 + 15.0))} aria-hidden="true">
                    <circle cx="0" cy="-4" r="4" />
                    <path d="M-7,9 a7,6 0 0 1 14,0 z" />
                </g>
                <text class="cv-client-name" x={num(-CLIENT_W / 2.0 + if props.dc.is_some() { 24.0 } else { 27.0 })} y="4">
                    // A name cut short is whole in its tooltip.
                    if name != props.name { <title>{ props.name.clone() }</title> }
                    { name.clone() }
                </text>
                if !props.suspects.is_empty() {
                    <text class="cv-suspects" x="0" y={num(CLIENT_H / 2.0 + 11.0)} text-anchor="middle">
                        { crate::components::cluster::node_glyph::clip(&crate::components::cluster::node_glyph::suspects_line(props.suspects), 18) }
                    </text>
                }
                if let Some((dc, d)) = &props.dc {
                    { dc_tag(dc, *d, CLIENT_W / 2.0 - 3.0 - (dc.chars().count().min(6) as f64 * 6.4 + 10.0), 0.0) }
                }
            </g>
        </g>
    }
}
