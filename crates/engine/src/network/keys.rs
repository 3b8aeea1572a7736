//! The keys of a run: interned names, and where each one lives (its preference list).

use crate::ids::{EndpointId, KeyId};
use crate::network::ring::Ring;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Every key used so far, by [`KeyId`], with its preference list: pinned by the scenario's
/// `placement`, or else walked on the ring.
#[derive(Clone, Debug, Default)]
pub struct Keys {
    names: Vec<Arc<str>>,
    /// The key ids in order of their names, to find a key's id by binary search.
    sorted: Vec<KeyId>,
    prefs: Vec<Vec<EndpointId>>,
}

impl Keys {
    /// The id of `key`, interning it (and placing it) if it is new. `nodes` are the node
    /// names, endpoint `i` being `nodes[i]`.
    pub fn intern(
        &mut self,
        key: &str,
        placement: &BTreeMap<String, Vec<String>>,
        ring: &Ring,
        nodes: &[Arc<str>],
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
        let prefs = match placement.get(key) {
            Some(list) => list
                .iter()
                .filter_map(|n| nodes.iter().position(|x| **x == **n).map(EndpointId))
                .collect(),
            None => ring.preference_list(key),
        };
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
