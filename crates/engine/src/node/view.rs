//! What a process may know of the world when it handles an event.

use crate::ids::{EndpointId, KeyId};
use crate::network::{Topology, Unreachable};
use crate::node::settings::Settings;
use crate::time::Micros;
use std::sync::Arc;

/// What processes may know of the world: settings, placement, reachability, names.
pub struct View<'a> {
    /// Current simulated time.
    pub now: Micros,
    /// Resolved settings.
    pub settings: &'a Settings,
    /// Number of nodes; endpoints `0..nodes` are nodes.
    pub nodes: usize,
    /// Preference list of every key: home replicas first, then fallbacks.
    pub prefs: &'a [Vec<EndpointId>],
    /// Who can reach whom.
    pub topology: &'a Topology,
    /// Names of endpoints (actor `i` is endpoint `i`).
    pub names: &'a [Arc<str>],
}

impl View<'_> {
    /// The failure detector: whether `a` can talk to `b` now, and if not why.
    pub fn reach(&self, a: EndpointId, b: EndpointId) -> Result<(), Unreachable> {
        self.topology.reach(a, b)
    }

    /// Whether `node` is one of the n home replicas of `key`.
    pub fn is_home(&self, key: KeyId, node: EndpointId) -> bool {
        self.prefs[key.index()]
            .iter()
            .take(self.settings.n)
            .any(|&x| x == node)
    }

    /// The name of an endpoint.
    pub fn name(&self, e: EndpointId) -> &str {
        &self.names[e]
    }

    pub(crate) fn clock_of(&self, e: EndpointId) -> i64 {
        self.now as i64 + self.settings.skew_us[e]
    }
}
