//! The partition zones of the cluster view: the main zone (0) and the zones nodes and clients
//! can be dragged into (1, 2, and any further group), with the hash ring drawn in the main zone
//! when there is no partition.

use yew::prelude::*;

use crate::components::class_list;

use crate::layout::{num, Pt, Rect, ZoneBox};

/// What [`partition_zones`] draws from.
pub struct PartitionZones<'a> {
    /// The zone boxes, zone 0 first.
    pub zones: &'a [ZoneBox],
    /// How many nodes and clients each zone holds, by zone number.
    pub members: Vec<usize>,
    /// Whether anyone is cut off.
    pub partitioned: bool,
    /// The zone under a dragged node or client, if any.
    pub hover: Option<u32>,
    /// The ring the nodes sit on (centre, radii), when there is no partition.
    pub ring: Option<(Pt, f64, f64)>,
}

/// The two centred lines written in an empty zone `r`.
fn zone_hint(r: Rect, first: &'static str, second: &'static str) -> Html {
    let x = num(r.x + r.w / 2.0);
    html! {
        <text class="cv-zone-hint" x={x.clone()} y={num(r.y + r.h / 2.0 + 10.0)} text-anchor="middle">
            <tspan x={x.clone()} dy="0">{ first }</tspan>
            <tspan x={x} dy="15">{ second }</tspan>
        </text>
    }
}

/// The zone boxes (each with `data-zone`), drawn behind everything else. A function, not a
/// component: a component of its own cost the page's bundle more than its markup (issue 10;
/// BENCHMARKS.md, "Bundle, issue 10, third pass").
pub fn partition_zones(props: &PartitionZones) -> Html {
    let zones = props.zones.iter().map(|z| {
        let members = props.members.get(z.zone as usize).copied().unwrap_or(0);
        let r = z.rect;
        let title = match (z.zone, props.partitioned) {
            (0, false) => "Main zone: all connected".to_string(),
            (0, true) => "Main zone".to_string(),
            (g, _) if members > 0 => format!("Zone {g} · cut off"),
            (g, _) => format!("Zone {g}"),
        };
        let class = class_list(
            "cv-zone",
            &[
                (z.zone == 0).then_some("main"),
                (members == 0).then_some("cv-zone-empty"),
                (props.hover == Some(z.zone)).then_some("drop-target"),
            ],
        );
        let hint =
            (members == 0 && z.zone > 0).then(|| zone_hint(r, "drag a node or", "client here"));
        let empty_main =
            (members == 0 && z.zone == 0).then(|| zone_hint(r, "drag back here", "to reconnect"));
        html! {
            <g key={z.zone} class={class} data-zone={z.zone.to_string()}>
                <rect x={num(r.x)} y={num(r.y)} width={num(r.w)}
                      height={num(r.h)} rx="12" />
                <text class="cv-zone-title" x={num(r.x + 10.0)} y={num(r.y + 18.0)}>
                    { title }
                </text>
                { hint }
                { empty_main }
            </g>
        }
    });
    let ring = props.ring.map(|(c, rx, ry)| {
        html! {
            <ellipse class="cv-ring" cx={num(c.x)} cy={num(c.y)}
                     rx={num(rx)} ry={num(ry)} aria-hidden="true" />
        }
    });
    html! {
        <g class="cv-zones">
            { for zones }
            { ring }
        </g>
    }
}
