//! The keys of a run: interned names, and where each one lives (its preference list).

use crate::ids::{EndpointId, KeyId};
use crate::network::ring::Ring;
use crate::quorum::{Datacenters, Placement};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Every key used so far, by [`KeyId`], with its preference list: its home replicas (the first
/// n of each datacenter met walking the ring clockwise from the key, or down the scenario's
/// pinned `placement` list), then the other nodes in the order met, the fallbacks.
#[derive(Clone, Debug, Default)]
pub struct Keys {
    names: Vec<Arc<str>>,
    /// The key ids in order of their names, to find a key's id by binary search.
    sorted: Vec<KeyId>,
    prefs: Vec<Vec<EndpointId>>,
}

impl Keys {
    /// The id of `key`, interning it (and placing it) if it is new. `nodes` are the node
    /// names, endpoint `i` being `nodes[i]`; `layout` says how many replicas each datacenter
    /// holds.
    pub fn intern(
        &mut self,
        key: &str,
        placement: &BTreeMap<String, Vec<String>>,
        ring: &Ring,
        nodes: &[Arc<str>],
        layout: &Datacenters,
    ) -> KeyId {
        let at = match self
            .sorted
            .binary_search_by(|&id| (*self.names[id.index()]).cmp(key))
        {
            Ok(i) => return self.sorted[i],
            Err(i) => i,
        };
        let id = KeyId(self.names.len() as u32);
        self.names.push(Arc::from(key));
        self.sorted.insert(at, id);
        let walk: Vec<usize> = match placement.get(key) {
            Some(list) => list
                .iter()
                .filter_map(|n| nodes.iter().position(|x| **x == **n))
                .collect(),
            None => ring.preference_list(key).into_iter().map(|e| e.0).collect(),
        };
        let placed = Placement::new(layout, &walk);
        let prefs = placed
            .homes()
            .iter()
            .chain(placed.fallbacks())
            .map(|&e| EndpointId(e))
            .collect();
        self.prefs.push(prefs);
        id
    }

    /// The names of the keys, by id.
    pub fn names(&self) -> &[Arc<str>] {
        &self.names
    }

    /// The preference lists of the keys, by id: home replicas first, then fallbacks.
    pub fn prefs(&self) -> &[Vec<EndpointId>] {
        &self.prefs
    }
}
