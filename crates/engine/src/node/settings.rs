//! The cluster's settings, resolved to numbers, as processes use them.

use crate::ids::EndpointId;
use crate::latency::Latency;
use crate::op::OpKind;
use crate::quorum::{ConsistencyLevel, Datacenters, DcId, Requirement};
use crate::scenario::{Cluster, Coordinator};
use crate::time::{ms_to_us, ms_to_us_signed, Micros};
use crate::version::Versioning;
use std::sync::Arc;

/// The cluster's settings, resolved to numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Replicas per key (with datacenters, the sum of theirs).
    pub n: usize,
    /// Write quorum or consistency level.
    pub w: ConsistencyLevel,
    /// Read quorum or consistency level.
    pub r: ConsistencyLevel,
    /// Where every endpoint is and how many replicas each datacenter holds (one datacenter
    /// holding everything when the scenario lists none).
    pub layout: Arc<Datacenters>,
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
    /// Delays of messages between datacenters, when they differ from `latency`.
    pub wan_latency: Option<Latency>,
    /// Clock skew per endpoint, in microseconds.
    pub skew_us: Vec<i64>,
    /// The most siblings a replica keeps for one key: a write that would make more is refused
    /// (Riak's `max_siblings`).
    pub max_siblings: usize,
}

impl Settings {
    /// The consistency level an operation asks for: `w` for writes, `r` for reads.
    pub fn level(&self, kind: OpKind) -> ConsistencyLevel {
        if kind.is_write() {
            self.w
        } else {
            self.r
        }
    }

    /// The datacenter of an endpoint.
    pub fn dc_of(&self, e: EndpointId) -> DcId {
        self.layout.dc_of(e.0).unwrap_or(DcId::FIRST)
    }

    /// What an operation needs of the replies when `coordinator` runs it (its level, counted
    /// in the coordinator's datacenter for the `local_` levels).
    pub fn requirement(&self, kind: OpKind, coordinator: EndpointId) -> Requirement {
        self.level(kind)
            .requirement(&self.layout, self.dc_of(coordinator))
    }

    /// The latency model of a message from `a` to `b`: `wan_latency` between datacenters.
    pub fn latency_between(&self, a: EndpointId, b: EndpointId) -> &Latency {
        match &self.wan_latency {
            Some(wan) if !self.layout.same_dc(a.0, b.0) => wan,
            _ => &self.latency,
        }
    }

    /// Resolves a validated cluster's settings; `names` are the endpoints, nodes first.
    pub fn of(c: &Cluster, names: &[Arc<str>], nodes: usize) -> Settings {
        let n = c.n.resolve(nodes);
        let n32 = u32::try_from(n).unwrap_or(u32::MAX);
        let layout = if c.datacenters.is_empty() {
            Datacenters::single(names.len(), nodes, n32)
        } else {
            Datacenters::new(names, nodes, &c.datacenters)
        }
        // Validation has refused any scenario whose layout is bad.
        .unwrap_or_else(|_| Datacenters::clamped(names.len(), nodes, n32));
        let n = layout.total_n() as usize;
        Settings {
            n,
            w: c.w,
            r: c.r,
            layout: Arc::new(layout),
            versioning: c.versioning,
            coordinator: c.coordinator,
            read_repair: c.read_repair,
            anti_entropy_us: c.anti_entropy_ms.map(|ms| ms_to_us(ms).max(1)),
            sloppy_quorum: c.sloppy_quorum,
            hinted_handoff: c.hinted_handoff,
            handoff_interval_us: ms_to_us(c.handoff_interval_ms).max(1),
            timeout_us: ms_to_us(c.timeout_ms).max(1),
            latency: c.latency.clone(),
            wan_latency: c.wan_latency.clone(),
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
