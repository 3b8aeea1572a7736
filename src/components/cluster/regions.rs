//! The datacenters' regions behind the cluster view's nodes.

use quorumscope_engine::snapshot::Snapshot;
use yew::prelude::*;

use crate::components::class_list;

use super::dcs::dc_class;
use crate::layout::{num, Layout};

/// One coloured, named region per datacenter (nothing without datacenters).
pub fn regions(layout: &Layout, snap: &Snapshot) -> Html {
    let regions = layout.regions.iter().zip(snap.datacenters.iter()).enumerate().map(|(d, (r, dc))| {
        html! {
            <g class={class_list("cv-region", &[Some(dc_class(d))])} key={dc.name.clone()}>
                <rect x={num(r.x)} y={num(r.y)} width={num(r.w)} height={num(r.h)} rx="10" />
                <text class="cv-region-name" x={num(r.x + 10.0)} y={num(r.y + 15.0)}>
                    <tspan class="cv-region-dc">{ dc.name.clone() }</tspan>
                    { format!(" · {} replica{} per key", dc.n, if dc.n == 1 { "" } else { "s" }) }
                </text>
            </g>
        }
    });
    html! { <g class="cv-regions" aria-hidden="true">{ for regions }</g> }
}
