//! The cluster view's nodes and clients, each where the layout (or a drag) puts it, marked
//! with its part in the selected operation and the focused endpoint's suspicions.

use quorumscope_engine::snapshot::{OpView, Snapshot};
use quorumscope_engine::OpKind;
use yew::prelude::*;

use super::caption::{suspects_of, Focus};
use super::client_glyph::{client_glyph, ClientGlyph};
use super::node_glyph::{Highlight, NodeGlyph};
use crate::hooks::DragView;
use crate::layout::Pt;

/// What the glyphs are drawn from.
pub struct Glyphs<'a> {
    /// The picture.
    pub snap: &'a Snapshot,
    /// Each endpoint's anchor (nodes, then clients).
    pub anchors: &'a [Pt],
    /// Each endpoint's datacenter (by index), when there are some.
    pub dcs: &'a [Option<usize>],
    /// Whether the network is partitioned.
    pub partitioned: bool,
    /// The selected operation.
    pub selected: Option<&'a OpView>,
    /// The drag in progress.
    pub drag: Option<DragView>,
    /// What has the keyboard focus.
    pub focus: Option<&'a Focus>,
}

impl Glyphs<'_> {
    /// The name and number of endpoint `i`'s datacenter.
    fn dc_of(&self, i: usize) -> Option<(AttrValue, usize)> {
        self.dcs.get(i).copied().flatten().and_then(|d| {
            (self.snap.datacenters.get(d)).map(|dc| (AttrValue::from(dc.name.clone()), d))
        })
    }

    /// The node's part in the selected operation.
    fn highlight(&self, name: &str) -> Highlight {
        match self.selected {
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
    }

    /// The nodes, each marked if the focused node or client suspects it.
    pub fn nodes(&self) -> Html {
        let focused = match self.focus {
            Some(Focus::Endpoint(name)) => suspects_of(self.snap, name).map(|s| (name, s)),
            _ => None,
        };
        let suspected_by = |node: &str| {
            focused
                .filter(|(_, s)| s.iter().any(|x| x.node == node))
                .map(|(by, _)| by.clone())
        };
        let nodes = self.snap.nodes.iter().enumerate().map(|(i, n)| {
            html! {
                <NodeGlyph key={n.name.clone()} node={n.clone()} index={i} at={self.anchors[i]}
                           highlight={self.highlight(&n.name)} partitioned={self.partitioned}
                           dc={self.dc_of(i)} dragging={self.drag.is_some_and(|d| d.index == i)}
                           suspected_by={suspected_by(&n.name)} />
            }
        });
        html! { <g class="cv-nodes">{ for nodes }</g> }
    }

    /// The clients, the selected operation's marked.
    pub fn clients(&self) -> Html {
        let node_count = self.snap.nodes.len();
        let clients = self.snap.clients.iter().enumerate().map(|(j, c)| {
            let i = node_count + j;
            client_glyph(ClientGlyph {
                name: c.name.clone(),
                group: c.group,
                index: i,
                at: self.anchors[i],
                partitioned: self.partitioned,
                dc: self.dc_of(i),
                selected: self.selected.is_some_and(|op| op.client == c.name),
                dragging: self.drag.is_some_and(|d| d.index == i),
                suspects: &c.suspects,
            })
        });
        html! { <g class="cv-clients">{ for clients }</g> }
    }
}
