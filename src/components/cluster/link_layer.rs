//! The links of the cluster view: a faint line between every two nodes and from every client
//! to every node (between the ports their messages use); a link between two partition zones is
//! drawn cut (dashed red, with a break: two bars across its middle; a lost message is an ✕).

use std::rc::Rc;

use yew::prelude::*;

use crate::layout::{along, port, push_num, Pt};

/// Properties of [`LinkLayer`].
#[derive(Properties, PartialEq)]
pub struct LinkLayerProps {
    /// Every endpoint's anchor (nodes first, then clients).
    pub anchors: Rc<Vec<Pt>>,
    /// Every endpoint's partition group, in the same order.
    pub groups: Rc<Vec<u32>>,
    /// How many of the endpoints are nodes.
    pub nodes: usize,
}

/// The links, drawn under the nodes. Only re-rendered when an anchor or a group changes.
#[function_component(LinkLayer)]
pub fn link_layer(props: &LinkLayerProps) -> Html {
    let a = &props.anchors;
    let g = &props.groups;
    let n = props.nodes.min(a.len());
    let mut whole = String::new();
    let mut cut = String::new();
    let mut marks = String::new();
    let mut add = |i: usize, j: usize| {
        let (p, q) = (port(a, n, i, j), port(a, n, j, i));
        let cut_link = g.get(i) != g.get(j);
        let path = if cut_link { &mut cut } else { &mut whole };
        for (c, v) in [('M', p.x), (',', p.y), ('L', q.x), (',', q.y)] {
            path.push(c);
            push_num(path, v);
        }
        if cut_link {
            // A break: two short bars across the link at its middle (a lost message's mark is
            // an ✕; this is the link's own state, before any message).
            let m = along(p, q, 0.5);
            let (dx, dy) = (q.x - p.x, q.y - p.y);
            let len = (dx * dx + dy * dy).sqrt().max(1.0);
            let (ux, uy) = (dx / len, dy / len);
            let (nx, ny) = (-uy * 4.5, ux * 4.5);
            for side in [-2.2, 2.2] {
                for (c, v) in [
                    ('M', m.x + ux * side - nx),
                    (',', m.y + uy * side - ny),
                    ('l', 2.0 * nx),
                    (',', 2.0 * ny),
                ] {
                    marks.push(c);
                    push_num(&mut marks, v);
                }
            }
        }
    };
    for i in 0..n {
        for j in i + 1..n {
            add(i, j);
        }
    }
    for c in n..a.len() {
        for j in 0..n {
            add(c, j);
        }
    }
    html! {
        <g class="cv-links" aria-hidden="true">
            <path class="cv-link" d={whole} />
            <path class="cv-link cut" d={cut} />
            <path class="cv-cut-mark" d={marks} />
        </g>
    }
}
