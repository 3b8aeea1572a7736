//! The cluster's settings, resolved to numbers, as processes use them.

use crate::latency::Latency;
use crate::op::OpKind;
use crate::scenario::{Cluster, Coordinator};
use crate::time::{ms_to_us, ms_to_us_signed, Micros};
use crate::version::Versioning;
use std::sync::Arc;

/// The cluster's settings, resolved to numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Replicas per key.
    pub n: usize,
    /// Write quorum.
    pub w: usize,
    /// Read quorum.
    pub r: usize,
    /// How versions are kept.
    pub versioning: Versioning,
    /// Who coordinates requests.
    pub coordinator: Coordinator,
    /// Whether reads repair older replicas.
    pub read_repair: bool,
    /// Anti-entropy period, if on.
    pub anti_entropy_us: Option<Micros>,
    /// Sloppy quorums: use the first n reachable nodes of the preference list.
    pub sloppy_quorum: bool,
    /// Fallbacks keep hints and hand them back.
    pub hinted_handoff: bool,
    /// How often hints are offered back to their home replicas.
    pub handoff_interval_us: Micros,
    /// How long a coordinator waits for its quorum.
    pub timeout_us: Micros,
    /// Message delays.
    pub latency: Latency,
    /// Clock skew per endpoint, in microseconds.
    pub skew_us: Vec<i64>,
    /// The most siblings a replica keeps for one key: a write that would make more is refused
    /// (Riak's `max_siblings`).
    pub max_siblings: usize,
}

impl Settings {
    /// The quorum an operation needs.
    pub fn quorum(&self, kind: OpKind) -> usize {
        if kind.is_write() {
            self.w
        } else {
            self.r
        }
    }

    /// Resolves a validated cluster's settings; `names` are the endpoints, nodes first.
    pub fn of(c: &Cluster, names: &[Arc<str>], nodes: usize) -> Settings {
        let n = c.n.resolve(nodes);
        Settings {
            n,
            w: c.w.resolve(n),
            r: c.r.resolve(n),
            versioning: c.versioning,
            coordinator: c.coordinator,
            read_repair: c.read_repair,
            anti_entropy_us: c.anti_entropy_ms.map(|ms| ms_to_us(ms).max(1)),
            sloppy_quorum: c.sloppy_quorum,
            hinted_handoff: c.hinted_handoff,
            handoff_interval_us: ms_to_us(c.handoff_interval_ms).max(1),
            timeout_us: ms_to_us(c.timeout_ms).max(1),
            latency: c.latency.clone(),
            skew_us: names
                .iter()
                .map(|name| {
                    c.clock_skew_ms
                        .get(&**name)
                        .map(|&ms| ms_to_us_signed(ms))
                        .unwrap_or(0)
                })
                .collect(),
            max_siblings: c.max_siblings as usize,
        }
    }
}
