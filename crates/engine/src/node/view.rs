//! What a process may know of the world when it handles an event.

use crate::detector::Beliefs;
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
    /// What each endpoint believes about who is up (the failure detector).
    pub beliefs: &'a Beliefs,
}

impl View<'_> {
    /// The truth: whether `a` can talk to `b` now, and if not why.
    pub fn reach(&self, a: EndpointId, b: EndpointId) -> Result<(), Unreachable> {
        self.topology.reach(a, b)
    }

    /// Whether `me` believes `node` is up (its failure detector): under the perfect detector the
    /// truth ([`View::reach`]), under the timeout detector whether `me` does not suspect it.
    pub fn believes_up(&self, me: EndpointId, node: EndpointId) -> bool {
        me == node
            || self
                .beliefs
                .believes_up(me, node, self.topology.reachable(me, node))
    }

    /// Why `me` believes `node` is down, if it does: the truth under the perfect detector
    /// (down, or partitioned away), [`Unreachable::Suspected`] under the timeout detector.
    pub fn believed_down(&self, me: EndpointId, node: EndpointId) -> Option<Unreachable> {
        if self.believes_up(me, node) {
            None
        } else if self.beliefs.config().is_perfect() {
            self.reach(me, node).err()
        } else {
            Some(Unreachable::Suspected)
        }
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
