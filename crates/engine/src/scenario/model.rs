//! What a scenario says: its cluster, its settings and its timed events.

use crate::detector::DetectorConfig;
use crate::ids::MsgId;
use crate::latency::Latency;
use crate::quorum::{ConsistencyLevel, DatacenterSpec};
use crate::scenario::fields::{CONTEXTS, COORDINATORS, MERGES};
use crate::version::Versioning;
use serde::Serialize;
use std::collections::BTreeMap;

/// Most nodes a cluster may have.
pub const MAX_NODES: usize = 64;

pub use crate::time::MAX_MS;

/// The default of `cluster.max_siblings` (Riak's default too).
pub const DEFAULT_MAX_SIBLINGS: u64 = 100;

/// The largest `cluster.max_siblings` a scenario may set: it bounds a key's memory.
pub const MAX_MAX_SIBLINGS: u64 = 1000;

/// Above this many siblings an operation's result carries a warning (Riak's
/// `siblings_threshold`).
pub const SIBLINGS_WARNING: usize = 25;

/// A replica count or quorum size: a number, or `one`, `quorum` (floor(n/2)+1) or `all`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quorum {
    /// Exactly this many.
    Count(usize),
    /// One replica.
    One,
    /// A majority of n: floor(n/2)+1.
    Majority,
    /// All n replicas (for `n` itself: every node).
    All,
}

impl Quorum {
    /// The number this stands for, given n (or, for `n` itself, the number of nodes).
    pub fn resolve(self, of: usize) -> usize {
        match self {
            Quorum::Count(k) => k,
            Quorum::One => 1,
            Quorum::Majority => of / 2 + 1,
            Quorum::All => of,
        }
    }
}

/// Who coordinates a client's request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Coordinator {
    /// The client sends to the replicas itself and counts their replies.
    #[default]
    Client,
    /// The client sends to the first reachable replica of the key, which coordinates.
    Replica,
}

impl Coordinator {
    /// Its word in a scenario: `"client"` or `"replica"`.
    pub fn name(self) -> &'static str {
        COORDINATORS[self as usize]
    }
}

/// The cluster section of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// Node ids, 1 to 64 of them.
    pub nodes: Vec<String>,
    /// Clients known before any event uses them (an extension of the contract: the page offers
    /// them in its client list).
    pub clients: Vec<String>,
    /// Replicas per key. With `datacenters` it may be left out of the file; it is then the
    /// sum of the datacenters' `n` (and if given it must equal that sum).
    pub n: Quorum,
    /// Write quorum: a number or a consistency level (contract section 4).
    pub w: ConsistencyLevel,
    /// Read quorum: a number or a consistency level.
    pub r: ConsistencyLevel,
    /// The datacenters (contract section 4): their members and how many replicas of each key
    /// each holds. Empty: the cluster is one datacenter.
    pub datacenters: Vec<DatacenterSpec>,
    /// The latency of every message between endpoints of different datacenters; `None`: the
    /// same as `latency`.
    pub wan_latency: Option<Latency>,
    /// How versions are kept.
    pub versioning: Versioning,
    /// Who coordinates requests.
    pub coordinator: Coordinator,
    /// Whether reads repair replicas that answered with something older.
    pub read_repair: bool,
    /// Period of anti-entropy in ms; `None` turns it off.
    pub anti_entropy_ms: Option<f64>,
    /// Whether writes and reads use the first n reachable nodes instead of the home replicas.
    pub sloppy_quorum: bool,
    /// Whether fallback nodes keep hints and hand data back to the home replica.
    pub hinted_handoff: bool,
    /// How often a node holding hints checks whether their home replicas are reachable, in ms
    /// (an extension of the contract; default 100).
    pub handoff_interval_ms: f64,
    /// How long a coordinator waits for a quorum, in ms.
    pub timeout_ms: f64,
    /// Message delay model.
    pub latency: Latency,
    /// Clock skew per node or client, in ms.
    pub clock_skew_ms: BTreeMap<String, f64>,
    /// Pinned preference lists per key.
    pub placement: BTreeMap<String, Vec<String>>,
    /// The most siblings a replica keeps for a key; a write that would make more is refused
    /// (an extension of the contract, Riak's `max_siblings`; default 100).
    pub max_siblings: u64,
    /// How nodes come to believe that a peer is down (an extension of the contract, Dynamo
    /// section 4.8; default [`DetectorConfig::Perfect`]).
    pub failure_detector: DetectorConfig,
}

impl Cluster {
    /// A cluster of these nodes with these quorums and every other setting at the contract's
    /// default (what a scenario file that gives only `nodes`, `n`, `w` and `r` means).
    pub fn new(nodes: Vec<String>, n: Quorum, w: ConsistencyLevel, r: ConsistencyLevel) -> Cluster {
        Cluster {
            nodes,
            clients: Vec::new(),
            n,
            w,
            r,
            datacenters: Vec::new(),
            wan_latency: None,
            versioning: Versioning::default(),
            coordinator: Coordinator::default(),
            read_repair: true,
            anti_entropy_ms: None,
            sloppy_quorum: false,
            hinted_handoff: false,
            handoff_interval_ms: 100.0,
            timeout_ms: 1000.0,
            latency: Latency::default(),
            clock_skew_ms: BTreeMap::new(),
            placement: BTreeMap::new(),
            max_siblings: DEFAULT_MAX_SIBLINGS,
            failure_detector: DetectorConfig::Perfect,
        }
    }
}

/// A change of settings during a run (an extension of the contract, used by the page's settings
/// panel and by workshop scenarios): every field left out keeps its value. The nodes, the
/// placement and the versioning mode cannot change during a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClusterPatch {
    /// New replica count.
    pub n: Option<Quorum>,
    /// New write quorum or consistency level.
    pub w: Option<ConsistencyLevel>,
    /// New read quorum or consistency level.
    pub r: Option<ConsistencyLevel>,
    /// New coordination.
    pub coordinator: Option<Coordinator>,
    /// Read repair on or off.
    pub read_repair: Option<bool>,
    /// New anti-entropy period; `null` turns it off.
    pub anti_entropy_ms: Option<Option<f64>>,
    /// Sloppy quorum on or off.
    pub sloppy_quorum: Option<bool>,
    /// Hinted handoff on or off.
    pub hinted_handoff: Option<bool>,
    /// New hint handoff interval.
    pub handoff_interval_ms: Option<f64>,
    /// New timeout.
    pub timeout_ms: Option<f64>,
    /// New latency model.
    pub latency: Option<Latency>,
    /// New latency model between datacenters.
    pub wan_latency: Option<Latency>,
    /// New clock skews (replacing the whole map).
    pub clock_skew_ms: Option<BTreeMap<String, f64>>,
    /// New failure detector: every node's beliefs start afresh, trusting everyone.
    pub failure_detector: Option<DetectorConfig>,
}

impl ClusterPatch {
    /// The cluster with this patch applied.
    pub fn apply_to(&self, c: &Cluster) -> Cluster {
        let mut out = c.clone();
        if let Some(v) = self.n {
            out.n = v;
        }
        if let Some(v) = self.w {
            out.w = v;
        }
        if let Some(v) = self.r {
            out.r = v;
        }
        if let Some(v) = self.coordinator {
            out.coordinator = v;
        }
        if let Some(v) = self.read_repair {
            out.read_repair = v;
        }
        if let Some(v) = self.anti_entropy_ms {
            out.anti_entropy_ms = v;
        }
        if let Some(v) = self.sloppy_quorum {
            out.sloppy_quorum = v;
        }
        if let Some(v) = self.hinted_handoff {
            out.hinted_handoff = v;
        }
        if let Some(v) = self.handoff_interval_ms {
            out.handoff_interval_ms = v;
        }
        if let Some(v) = self.timeout_ms {
            out.timeout_ms = v;
        }
        if let Some(v) = &self.latency {
            out.latency = v.clone();
        }
        if let Some(v) = &self.wan_latency {
            out.wan_latency = Some(v.clone());
        }
        if let Some(v) = &self.clock_skew_ms {
            out.clock_skew_ms = v.clone();
        }
        if let Some(v) = self.failure_detector {
            out.failure_detector = v;
        }
        out
    }
}

/// Whether a write carries a causal context.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContextChoice {
    /// A blind write, concurrent with everything.
    #[default]
    None,
    /// The context of this client's last result for this key.
    Last,
}

impl ContextChoice {
    /// Its word in a scenario: `"none"` or `"last"`.
    pub fn name(self) -> &'static str {
        CONTEXTS[self as usize]
    }
}

/// A put request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PutSpec {
    /// The client making the request.
    pub client: String,
    /// The key.
    pub key: String,
    /// The value written.
    pub value: String,
    /// Which context the write carries.
    pub context: ContextChoice,
    /// How the value written is computed from `value` (an extension of the contract): absent,
    /// `value` as written; `"union"`, see [`Merge::Union`].
    pub merge: Option<Merge>,
}

/// How a put's value is computed at run time from the client's last result (an extension of
/// the contract, for Jepsen's set workload).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Merge {
    /// Read-modify-write of a set: the value written is the union of the comma-separated
    /// elements of every sibling value of this client's last successful result for the key and
    /// of the put's own `value`, sorted (numerically when every element is an integer, else
    /// lexicographically) and joined with commas (`union_of`). With
    /// `"context": "last"` it is a proper read-modify-write: under dvv the write replaces
    /// exactly the siblings it merged.
    Union,
}

impl Merge {
    /// Its word in a scenario: `"union"`.
    pub fn name(self) -> &'static str {
        MERGES[self as usize]
    }
}

/// A get request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GetSpec {
    /// The client making the request.
    pub client: String,
    /// The key.
    pub key: String,
}

/// A delete request: a tombstone write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteSpec {
    /// The client making the request.
    pub client: String,
    /// The key.
    pub key: String,
    /// Which context the tombstone carries.
    pub context: ContextChoice,
}

/// What happens at an event's time.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A client writes a value.
    Put(PutSpec),
    /// A client reads a key.
    Get(GetSpec),
    /// A client deletes a key.
    Delete(DeleteSpec),
    /// A node stops: it neither sends nor receives, and keeps its data.
    Crash(String),
    /// A crashed node comes back with its data.
    Recover(String),
    /// Only members of one group talk to each other; everyone not listed forms one more group.
    Partition(Vec<Vec<String>>),
    /// Ends any partition.
    Heal,
    /// From now on each message is lost with this probability.
    DropRate(f64),
    /// From now on the cluster runs with these settings (an extension of the contract).
    Configure(ClusterPatch),
    /// The message with this id (messages are numbered from 1 in the order the run sends them)
    /// is lost now if it is still in flight; otherwise nothing happens (an extension of the
    /// contract: the page records a message the user clicked away this way, so that its share
    /// links replay it).
    DropMessage(MsgId),
}

/// One timed event of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// When, in simulated ms.
    pub at: f64,
    /// What.
    pub action: Action,
}

/// A whole scenario: a cluster and a timed list of events.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// A title.
    pub name: String,
    /// Markdown shown beside the cluster.
    pub description: String,
    /// What to look at while it runs: short sentences, each one thing to watch for (an
    /// extension of the contract, docs/SCENARIOS.md). Empty when the file has none.
    pub look_at: Vec<String>,
    /// The seed of the run's random number generator.
    pub seed: u64,
    /// The cluster.
    pub cluster: Cluster,
    /// The timed events, in order of time.
    pub events: Vec<Event>,
}

impl Action {
    /// The client of a put, get or delete.
    pub fn client(&self) -> Option<&str> {
        match self {
            Action::Put(p) => Some(&p.client),
            Action::Get(g) => Some(&g.client),
            Action::Delete(d) => Some(&d.client),
            _ => None,
        }
    }

    /// The key of a put, get or delete.
    pub fn key(&self) -> Option<&str> {
        match self {
            Action::Put(p) => Some(&p.key),
            Action::Get(g) => Some(&g.key),
            Action::Delete(d) => Some(&d.key),
            _ => None,
        }
    }

    pub(crate) fn name(&self) -> &'static str {
        match self {
            Action::Put(_) => "put",
            Action::Get(_) => "get",
            Action::Delete(_) => "delete",
            Action::Crash(_) => "crash",
            Action::Recover(_) => "recover",
            Action::Partition(_) => "partition",
            Action::Heal => "heal",
            Action::DropRate(_) => "drop_rate",
            Action::Configure(_) => "configure",
            Action::DropMessage(_) => "drop_message",
        }
    }
}

impl Scenario {
    /// The clients: those declared in `cluster.clients`, then the others used by events, in
    /// order of first use.
    pub fn clients(&self) -> Vec<String> {
        let mut seen = Names::default();
        for c in &self.cluster.clients {
            seen.insert(c);
        }
        for e in &self.events {
            if let Some(c) = e.action.client() {
                seen.insert(c);
            }
        }
        seen.0.into_iter().map(str::to_string).collect()
    }
}

/// A set of node or client ids, in the order they were first inserted. Scenarios name at most
/// 64 nodes and a few dozen clients, where a linear scan costs nothing, and a `BTreeSet` would
/// add its code (about 2 KB of the page's gzipped wasm per element type) for no gain.
#[derive(Default)]
pub(crate) struct Names<'a>(Vec<&'a str>);

impl<'a> Names<'a> {
    /// Adds `name`; false if it was there already.
    pub(crate) fn insert(&mut self, name: &'a str) -> bool {
        let new = !self.contains(name);
        if new {
            self.0.push(name);
        }
        new
    }

    /// The names, in order of insertion.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.0.iter().copied()
    }

    /// How many names.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        self.0.contains(&name)
    }
}
