//! Who can reach whom: crashed nodes, partitions and message loss, as one object (the faults
//! of the network, in the way turmoil keeps them).

use crate::ids::EndpointId;

/// Why an endpoint cannot be reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unreachable {
    /// The node is crashed.
    Down,
    /// A partition separates the two.
    Partitioned,
    /// The failure detector suspects the node (a belief, which may be wrong; never what the
    /// topology itself says).
    Suspected,
}

/// The state of the network's faults: which endpoints are up, the partition group of each,
/// and the probability that a message is lost.
#[derive(Clone, Debug, PartialEq)]
pub struct Topology {
    up: Vec<bool>,
    group: Vec<u32>,
    drop_rate: f64,
}

impl Topology {
    /// `endpoints` endpoints, all up, in one group, losing nothing.
    pub fn new(endpoints: usize) -> Topology {
        Topology {
            up: vec![true; endpoints],
            group: vec![0; endpoints],
            drop_rate: 0.0,
        }
    }

    /// Whether `a` can talk to `b` now, and if not why.
    pub fn reach(&self, a: EndpointId, b: EndpointId) -> Result<(), Unreachable> {
        if !self.up[b] || !self.up[a] {
            Err(Unreachable::Down)
        } else if self.group[a] != self.group[b] {
            Err(Unreachable::Partitioned)
        } else {
            Ok(())
        }
    }

    /// Whether `a` can talk to `b` now.
    pub fn reachable(&self, a: EndpointId, b: EndpointId) -> bool {
        self.reach(a, b).is_ok()
    }

    /// Whether a partition separates `a` from `b` (whether or not they are up).
    pub fn separated(&self, a: EndpointId, b: EndpointId) -> bool {
        self.group[a] != self.group[b]
    }

    /// Whether endpoint `e` is up.
    pub fn is_up(&self, e: EndpointId) -> bool {
        self.up[e]
    }

    /// Whether each endpoint is up, by endpoint.
    pub fn up(&self) -> &[bool] {
        &self.up
    }

    /// The partition group of each endpoint (all 0 when there is no partition).
    pub fn groups(&self) -> &[u32] {
        &self.group
    }

    /// Whether a partition is in force.
    pub fn is_partitioned(&self) -> bool {
        self.group.iter().any(|&g| g != 0)
    }

    /// The probability that a message is lost.
    pub fn drop_rate(&self) -> f64 {
        self.drop_rate
    }

    /// Crashes `e`; returns whether it was up.
    pub fn crash(&mut self, e: EndpointId) -> bool {
        std::mem::replace(&mut self.up[e], false)
    }

    /// Brings `e` back; returns whether it was down.
    pub fn recover(&mut self, e: EndpointId) -> bool {
        !std::mem::replace(&mut self.up[e], true)
    }

    /// Splits the endpoints into groups: `groups[i]` lists the members of group `i + 1`;
    /// everyone not listed is in group 0.
    pub fn partition(&mut self, groups: &[Vec<EndpointId>]) {
        self.group.iter_mut().for_each(|g| *g = 0);
        for (i, members) in groups.iter().enumerate() {
            for &e in members {
                self.group[e] = i as u32 + 1;
            }
        }
    }

    /// Ends any partition; returns whether there was one.
    pub fn heal(&mut self) -> bool {
        let was = self.is_partitioned();
        self.group.iter_mut().for_each(|g| *g = 0);
        was
    }

    /// Sets the probability that a message is lost (clamped to 0..=1); returns it.
    pub fn set_drop_rate(&mut self, p: f64) -> f64 {
        self.drop_rate = crate::number::clamp(p, 0.0, 1.0);
        self.drop_rate
    }
}
