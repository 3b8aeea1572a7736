//! The line under the cluster view: what the focused node, client or message is, in full.

use quorumscope_engine::snapshot::{Snapshot, SuspicionView};
use quorumscope_engine::MsgId;

use super::dcs::{endpoint_dcs, wan};
use super::message_layer::{droppable, message_name};
use super::node_glyph::{describe, suspects_words};

/// What has the keyboard focus in the view.
#[derive(Clone, PartialEq)]
pub enum Focus {
    /// A node or client, by id.
    Endpoint(String),
    /// A message in flight.
    Message(MsgId),
}

/// The suspicions of the node or client named `name`, if there is one.
pub fn suspects_of<'a>(snap: &'a Snapshot, name: &str) -> Option<&'a [SuspicionView]> {
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

/// The caption for what has the focus (nothing without focus).
pub fn caption(snap: &Snapshot, focus: Option<&Focus>, partitioned: bool) -> String {
    let dcs = endpoint_dcs(snap);
    match focus {
        Some(Focus::Endpoint(name)) => endpoint_caption(snap, &dcs, name, partitioned),
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

/// The caption of a focused node or client.
fn endpoint_caption(
    snap: &Snapshot,
    dcs: &[Option<usize>],
    name: &str,
    partitioned: bool,
) -> String {
    let dc_name = snap
        .endpoint(name)
        .and_then(|i| dcs.get(i).copied().flatten())
        .and_then(|d| snap.datacenters.get(d))
        .map_or(String::new(), |dc| format!(" (datacenter {})", dc.name));
    if let Some(n) = snap.nodes.iter().find(|n| n.name == name) {
        return format!(
            "Node {name}{dc_name}: {}. Keys 1 and 2 move it to a zone, 0 back to the main zone.",
            describe(n, partitioned)
        );
    }
    let suspects = match suspects_of(snap, name) {
        Some(s) if !s.is_empty() => format!(" {name} suspects {}.", suspects_words(s)),
        _ => String::new(),
    };
    format!(
        "Client {name}{dc_name}.{suspects} Keys 1 and 2 move it to a zone, 0 back to the \
         main zone."
    )
}
