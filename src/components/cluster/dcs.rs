//! Datacenters in the cluster view: which endpoint is in which, the WAN, and their colours.

use quorumscope_engine::snapshot::Snapshot;

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
