//! A plain-data picture of a simulation at one instant, for the page to draw.
//!
//! [`Snapshot::of`] reads a [`Simulator`] and resolves every index to a name, every version to
//! display strings, and every judgement the page shows (a stale replica, why two siblings are
//! concurrent, which replicas a read and the last write had in common, why a read was stale).
//! The page keeps one snapshot in its state and renders from it alone.
//!
//! A page takes a snapshot every animation frame for as long as it is open, so a snapshot costs
//! what changed and what is shown, not the run's history: [`Snapshot::cached`] keeps each
//! operation's view in a [`SnapshotCache`] and builds it once when the operation starts and once
//! when it finishes (and again when a reply, a read repair or a store changes its record, or its
//! write is lost or comes back), the views are shared between snapshots ([`OpViews`]), and what
//! one value, one sibling list or one node shows is capped ([`VALUE_CHARS`], [`SIBLINGS_SHOWN`],
//! [`KEYS_SHOWN`], [`EXPLANATIONS`], [`MESSAGES_SHOWN`], [`REPLIES_SHOWN`]), with counts of what
//! was left out. The run's journal reaches the page the same way: each snapshot lists the
//! entries made since the one before ([`Snapshot::happenings`]). The ring ([`RingView`]) is not
//! part of a snapshot: the page's ring panel is drawn by a worker that replays the run
//! ([`ring_view`] with a [`RingCache`] places it again only when a key is first used, and reads
//! its holders again after an event).

use std::sync::Arc;

mod ring;

pub use ring::{
    ring_view, DatacenterList, HintHolder, PlacedBy, RingCache, RingKeyView, RingView, TokenView,
    RING_KEYS_SHOWN,
};

use crate::history::{OpRecord, Outcome};
use crate::ids::{EndpointId, KeyId, MsgId, OpId};
use crate::message::{MessageKind, Payload};
use crate::op::{Answer, OpKind};
use crate::quorum::{ConsistencyLevel, Datacenters, DcId};
use crate::scenario::{Cluster, ClusterPatch};
use crate::sim::{Fate, Happening, Simulator};
use crate::time::{format_us, Micros};
use crate::version::{compare, Actor, KeyState, Order, Sibling, Versioning};

/// The most characters of one value a snapshot shows; a longer value is cut and ends with `…`.
pub const VALUE_CHARS: usize = 64;
/// The most siblings listed for one replica's key, values for one operation's result, or values
/// for one hint.
pub const SIBLINGS_SHOWN: usize = 12;
/// The most "why siblings" explanations given for one operation.
pub const EXPLANATIONS: usize = 6;
/// The most keys listed for one node.
pub const KEYS_SHOWN: usize = 16;
/// The most hints listed for one node.
pub const HINTS_SHOWN: usize = 8;
/// The most messages a snapshot lists: the most recently sent of those visible.
pub const MESSAGES_SHOWN: usize = 400;
/// The most replies, read repairs and stores listed for one operation.
pub const REPLIES_SHOWN: usize = 8;
/// The most versions listed for one reply.
pub const VERSIONS_SHOWN: usize = 3;
/// The most characters of one context or clock an operation or a client's view shows; a longer
/// one is cut and ends with `…`.
pub const CONTEXT_CHARS: usize = 120;

/// `value` cut to [`VALUE_CHARS`] characters, with an ellipsis when cut.
pub fn clip_value(value: &str) -> String {
    crate::sim::clip(value, VALUE_CHARS)
}

/// One version held by a replica.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiblingView {
    /// The value; `None` for a tombstone.
    pub value: Option<String>,
    /// The write that made it, like `alice:2`.
    pub dot: String,
    /// The context the write carried, like `A:1 B:2`, or `{}` for a blind write.
    pub seen: String,
    /// Its timestamp in ms (clock plus skew of its coordinator), as text.
    pub timestamp_ms: String,
}

/// What a replica holds for one key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicaKeyView {
    /// The key.
    pub key: String,
    /// Whether this node is one of the key's n home replicas.
    pub home: bool,
    /// The versions kept (tombstones included): the first [`SIBLINGS_SHOWN`].
    pub siblings: Vec<SiblingView>,
    /// How many more versions are kept than listed.
    pub more_siblings: usize,
    /// The clock, or for `lww` the winning timestamp.
    pub clock: String,
    /// Whether some other replica holds something this one lacks: it is behind the latest.
    pub stale: bool,
    /// Stale, but only because a write on its way to it (a write, read repair or handoff in
    /// flight) has not arrived yet: the replica is up, and once what is on its way arrives it is
    /// up to date.
    pub behind: bool,
}

/// A hint kept by a fallback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HintView {
    /// The key.
    pub key: String,
    /// The home replica it is for.
    pub for_node: String,
    /// Its values: the first [`SIBLINGS_SHOWN`], each cut to [`VALUE_CHARS`].
    pub values: Vec<String>,
    /// How many more values it has than listed.
    pub more_values: usize,
}

/// One node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeView {
    /// Its id.
    pub name: String,
    /// Whether it is up.
    pub up: bool,
    /// Its partition group (0: the unlisted group, or no partition).
    pub group: u32,
    /// Its keys, in key order; home keys it has never received are listed empty and stale.
    /// The first [`KEYS_SHOWN`].
    pub keys: Vec<ReplicaKeyView>,
    /// How many more keys it has than listed.
    pub more_keys: usize,
    /// Hints it keeps: the first [`HINTS_SHOWN`].
    pub hints: Vec<HintView>,
    /// How many more hints it keeps than listed.
    pub more_hints: usize,
    /// The nodes it suspects are down, in node order (its failure detector's beliefs; always
    /// empty under the perfect detector).
    pub suspects: Vec<SuspicionView>,
}

/// A node that an endpoint suspects is down (Dynamo section 4.8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuspicionView {
    /// The suspected node.
    pub node: String,
    /// Since when (simulated time).
    pub since_us: Micros,
}

/// The suspicions of endpoint `e`, names resolved.
fn suspicions(sim: &Simulator, e: EndpointId) -> Vec<SuspicionView> {
    sim.suspicions_of(e)
        .into_iter()
        .map(|(node, since_us)| SuspicionView {
            node: sim.names()[node].to_string(),
            since_us,
        })
        .collect()
}

/// One client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientView {
    /// Its id.
    pub name: String,
    /// Its partition group.
    pub group: u32,
    /// The keys it has operated on, sorted by name: what it last saw of each and what it has
    /// in flight (shared between snapshots; see [`ClientView::key`]).
    pub keys: Arc<Vec<ClientKeyView>>,
    /// The nodes it suspects are down, when it coordinates its own requests (see
    /// [`NodeView::suspects`]).
    pub suspects: Vec<SuspicionView>,
}

impl ClientView {
    /// What this client knows of `key`, if it has ever operated on it.
    pub fn key(&self, key: &str) -> Option<&ClientKeyView> {
        self.keys
            .binary_search_by(|k| k.key.as_str().cmp(key))
            .ok()
            .map(|i| &self.keys[i])
    }
}

/// What one client knows of one key: the context a write of it with `"context": "last"` would
/// be sent with, and its operations on it still in flight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientKeyView {
    /// The key.
    pub key: String,
    /// The versions it last saw: the context of its last successful result for the key (a
    /// get's reply, or a put's or delete's reply, which holds its own write), like `alice:1`,
    /// cut to [`CONTEXT_CHARS`]; `None` when it has seen nothing (a write is then concurrent
    /// with every version).
    pub seen: Option<String>,
    /// Its operations on the key that have not returned yet, oldest first: a write sent now
    /// does not include what they will see.
    pub in_flight: Vec<InFlightOp>,
}

/// An operation a client has sent and not yet seen the result of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InFlightOp {
    /// Its number.
    pub id: OpId,
    /// Put, get or delete ([`OpKind::name`] gives the word).
    pub kind: OpKind,
}

/// One message visible now: in flight, or recently lost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageView {
    /// Its number (for dropping it by hand).
    pub id: MsgId,
    /// Its kind, like write or read repair ([`MessageKind::name`] gives the word).
    pub kind: MessageKind,
    /// Sender endpoint index (nodes first, then clients, as in [`Snapshot::endpoints`]).
    pub from: EndpointId,
    /// Receiver endpoint index.
    pub to: EndpointId,
    /// When it was sent.
    pub sent_us: Micros,
    /// When it arrives (or would have).
    pub arrive_us: Micros,
    /// When it was lost, if it was.
    pub lost_us: Option<Micros>,
    /// In flight, dropped, cut, refused or delivered ([`Fate::name`] gives the word).
    pub fate: Fate,
    /// Its content in a few words.
    pub summary: String,
    /// The operation it belongs to.
    pub op: Option<OpId>,
}

/// What a replica answered an operation, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerView {
    /// A read's response: its versions, like `milk (alice:1)` or `deleted (alice:2)` for a
    /// tombstone, the first [`VERSIONS_SHOWN`]; none when the replica had nothing.
    Versions {
        /// The versions listed.
        versions: Vec<String>,
        /// How many more it held than listed.
        more: usize,
    },
    /// A write's ack: stored.
    Stored,
    /// A write refused (too many siblings).
    Refused,
}

/// One reply an operation's coordinator received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplyView {
    /// The replica.
    pub replica: String,
    /// When the reply arrived.
    pub at_us: Micros,
    /// What it answered.
    pub answer: AnswerView,
    /// Whether it arrived after the operation had finished (too late to count).
    pub late: bool,
}

/// A replica that stored an operation's write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreView {
    /// The replica.
    pub replica: String,
    /// When it stored it.
    pub at_us: Micros,
    /// Kept as a hint for this home replica (sloppy quorum).
    pub hint_for: Option<String>,
    /// For a hint: when it was handed back to its home replica.
    pub handed_back_us: Option<Micros>,
}

/// One client operation, with what the page explains about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpView {
    /// Its number.
    pub id: OpId,
    /// The client.
    pub client: String,
    /// Put, get or delete ([`OpKind::name`] gives the word).
    pub kind: OpKind,
    /// The key.
    pub key: String,
    /// The value of a put, cut to [`VALUE_CHARS`].
    pub value: Option<String>,
    /// Whether it carried the client's last context.
    pub with_context: bool,
    /// For a put or delete: the context it was sent with, the versions its client said it had
    /// seen, like `alice:1`, or `{}` for a blind write; cut to [`CONTEXT_CHARS`].
    pub write_context: String,
    /// Its write's dot, like `alice:1`, once known.
    pub dot: Option<String>,
    /// Invocation time.
    pub invoked_us: Micros,
    /// Completion time.
    pub completed_us: Option<Micros>,
    /// Ok, fail or pending ([`Outcome::name`] gives the word).
    pub outcome: Outcome,
    /// Why it failed.
    pub error: Option<String>,
    /// The replicas whose replies made its quorum.
    pub replies_from: Vec<String>,
    /// The sibling values of its result (tombstones left out): the first [`SIBLINGS_SHOWN`],
    /// each cut to [`VALUE_CHARS`].
    pub values: Vec<String>,
    /// How many more values its result has than listed.
    pub more_values: usize,
    /// The context of its result (for a put or delete, the versions after its write, its own
    /// included), cut to [`CONTEXT_CHARS`].
    pub context: String,
    /// For a get: whether it was stale.
    pub stale: bool,
    /// For a put: acknowledged, yet gone from every replica now.
    pub lost: bool,
    /// For a result with siblings: why each pair is concurrent (the first [`EXPLANATIONS`]
    /// pairs).
    pub concurrency: Vec<String>,
    /// Pairs of siblings of its result left unexplained.
    pub more_concurrency: usize,
    /// For a get: the replicas that acknowledged the last put to its key acknowledged before
    /// the get began (the write quorum it should overlap).
    pub write_quorum: Vec<String>,
    /// That put's number.
    pub write_op: Option<OpId>,
    /// For a get: the replicas in both its replies and that write quorum.
    pub overlap: Vec<String>,
    /// For a stale get: why.
    pub stale_cause: Option<String>,
    /// For a failed put or delete: whether it may still have been stored (it timed out after
    /// its write went out; Jepsen's `:info`).
    pub indeterminate: bool,
    /// For a get: whether it returned a value an acknowledged delete had removed.
    pub resurrection: bool,
    /// Too many siblings in its result (Riak's `siblings_threshold`).
    pub warning: Option<String>,
    /// The replies its coordinator received, in order of arrival: the first [`REPLIES_SHOWN`].
    pub replies: Vec<ReplyView>,
    /// How many more replies than listed.
    pub more_replies: usize,
    /// The replicas its read repaired, in order: the first [`REPLIES_SHOWN`].
    pub repaired: Vec<String>,
    /// How many more replicas it repaired than listed.
    pub more_repaired: usize,
    /// For a put or delete: the replicas that stored its write, in order: the first
    /// [`REPLIES_SHOWN`].
    pub stores: Vec<StoreView>,
    /// How many more replicas stored it than listed.
    pub more_stores: usize,
}

/// A happening of the run's journal as the page tells it: names resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum HappeningView {
    /// A node crashed.
    Crashed(String),
    /// A node recovered.
    Recovered(String),
    /// A partition: the groups that cannot reach each other, each a list of names (nodes,
    /// then clients), in group order.
    Partitioned(Vec<Vec<String>>),
    /// The partition ended.
    Healed,
    /// The drop rate changed.
    DropRate(f64),
    /// Settings changed.
    Configured(Arc<ClusterPatch>),
    /// A message dropped by hand.
    MessageDropped(MsgId),
    /// An operation began (see the snapshot's history for it).
    Invoked(OpId),
    /// An operation finished (see the snapshot's history).
    Completed(OpId),
    /// A read's coordinator repaired a replica.
    ReadRepair {
        /// The read.
        op: OpId,
        /// The replica repaired.
        replica: String,
        /// The key.
        key: String,
    },
    /// A fallback handed a hint back to its home replica.
    HintHandedBack {
        /// The fallback.
        fallback: String,
        /// The home replica.
        home: String,
        /// The key.
        key: String,
    },
    /// Anti-entropy brought a replica's key up to date.
    AntiEntropyRepair {
        /// The replica.
        replica: String,
        /// The key.
        key: String,
    },
    /// An endpoint's failure detector now suspects a node.
    Suspected {
        /// The node or client that suspects.
        observer: String,
        /// The node suspected.
        node: String,
        /// How long its request to the node went unanswered.
        silent_us: Micros,
    },
    /// An endpoint trusts a node again.
    Trusted {
        /// The node or client.
        observer: String,
        /// The node trusted again.
        node: String,
    },
}

/// One journal entry as the page tells it.
#[derive(Clone, Debug, PartialEq)]
pub struct HappeningEntry {
    /// Its number in the run's journal, from 0.
    pub seq: u64,
    /// When it happened (simulated time).
    pub at_us: Micros,
    /// What happened.
    pub what: HappeningView,
}

/// How many operation views one chunk of [`OpViews`] holds.
const CHUNK: usize = 256;

/// Every operation's view, in order of operation number, shared between snapshots: a snapshot
/// holds the views by pointer, in chunks, so taking one copies a few pointers rather than the
/// views, and replacing one view copies only its chunk's pointers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpViews {
    chunks: Vec<Arc<Vec<Arc<OpView>>>>,
    len: usize,
}

impl OpViews {
    /// How many operations there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The `i`-th operation (operation `i + 1`).
    pub fn get(&self, i: usize) -> Option<&OpView> {
        self.shared(i).map(|v| &**v)
    }

    /// The `i`-th operation as shared: the same `Arc` in every snapshot until its view is
    /// built again (its record changed), so [`Arc::ptr_eq`] tells whether it may have changed
    /// without comparing the views.
    pub fn shared(&self, i: usize) -> Option<&Arc<OpView>> {
        self.chunks.get(i / CHUNK).and_then(|c| c.get(i % CHUNK))
    }

    /// Whether `other` holds the very same views (not copies): the same number of operations,
    /// in the same shared chunks. A cheap test of "nothing changed" between two snapshots of
    /// one [`SnapshotCache`]; two equal histories built apart are not the same.
    pub fn same(&self, other: &OpViews) -> bool {
        self.len == other.len
            && self.chunks.len() == other.chunks.len()
            && self
                .chunks
                .iter()
                .zip(&other.chunks)
                .all(|(a, b)| Arc::ptr_eq(a, b))
    }

    /// The operation numbered `id`.
    pub fn find(&self, id: OpId) -> Option<&OpView> {
        self.get(id.index()).filter(|op| op.id == id)
    }

    /// The last operation.
    pub fn last(&self) -> Option<&OpView> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }

    /// The operations in order (`.rev()` for newest first).
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &OpView> + '_ {
        self.chunks.iter().flat_map(|c| c.iter().map(|v| &**v))
    }

    /// Sets the `i`-th view; `i` is at most `len` (one past the end appends).
    fn set(&mut self, i: usize, view: OpView) {
        let (c, at) = (i / CHUNK, i % CHUNK);
        if c == self.chunks.len() {
            self.chunks.push(Arc::new(Vec::with_capacity(CHUNK)));
        }
        let chunk = Arc::make_mut(&mut self.chunks[c]);
        if at == chunk.len() {
            chunk.push(Arc::new(view));
            self.len += 1;
        } else {
            chunk[at] = Arc::new(view);
        }
    }
}

impl std::ops::Index<usize> for OpViews {
    type Output = OpView;

    fn index(&self, i: usize) -> &OpView {
        match self.get(i) {
            Some(op) => op,
            None => panic!("operation index {i} out of range: {} operations", self.len),
        }
    }
}

/// A datacenter, as the page draws it (contract section 4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatacenterView {
    /// Its name.
    pub name: String,
    /// How many replicas of every key it holds.
    pub n: u32,
    /// Its nodes, in the cluster's order.
    pub nodes: Vec<String>,
    /// The clients in it (listed, or a client no datacenter lists, in the first).
    pub clients: Vec<String>,
}

/// The consistency levels in force, with their arithmetic for the settings line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelsView {
    /// `w` as a scenario writes it: a number or a word such as `local_quorum`.
    pub w: String,
    /// `r` as a scenario writes it.
    pub r: String,
    /// What `w` requires: `QUORUM = 4 of 6`, `LOCAL_QUORUM = 2 of 3 in us, 2 of 3 in eu`,
    /// `EACH_QUORUM = 2 + 2`, or `2 of 3` for a number.
    pub w_arithmetic: String,
    /// What `r` requires.
    pub r_arithmetic: String,
}

/// The picture of a simulation at one instant.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// Simulated time now.
    pub now_us: Micros,
    /// The settings in force.
    pub cluster: Cluster,
    /// Resolved n, w, r (for a consistency level, what it requires of a coordinator in the
    /// first datacenter).
    pub nwr: (usize, usize, usize),
    /// The datacenters; empty when the cluster is one datacenter (shared from one snapshot to
    /// the next: they never change during a run).
    pub datacenters: Arc<[DatacenterView]>,
    /// The levels of `w` and `r` and what they require (shared while the settings stay).
    pub levels: Arc<LevelsView>,
    /// Every endpoint's name: nodes first, then clients.
    pub endpoints: Vec<String>,
    /// The nodes.
    pub nodes: Vec<NodeView>,
    /// The clients.
    pub clients: Vec<ClientView>,
    /// Messages in flight, and messages lost within the last `linger_us`: the
    /// [`MESSAGES_SHOWN`] most recently sent, in order of number.
    pub messages: Vec<MessageView>,
    /// How many more messages are in flight or lingering than listed.
    pub more_messages: usize,
    /// Every operation so far.
    pub history: OpViews,
    /// The operations that finished since the snapshot before (taken with the same
    /// [`SnapshotCache`]; every finished one for a first snapshot), in order of number.
    pub finished: Vec<OpId>,
    /// The journal entries made since the snapshot before (taken with the same
    /// [`SnapshotCache`]; every one the simulator keeps for a first snapshot), oldest first.
    pub happenings: Vec<HappeningEntry>,
    /// How many journal entries the run made before the first of `happenings` that are not
    /// listed (let go by the simulator before this cache saw them).
    pub happenings_missed: u64,
    /// The counters so far; `lost_writes` as of now.
    pub metrics: crate::sim::Metrics,
    /// The drop rate in force.
    pub drop_rate: f64,
    /// Whether the run has nothing left to do.
    pub settled: bool,
    /// The time of the next event, if any.
    pub next_event_us: Option<Micros>,
}

/// The datacenters of a layout as the page draws them (none for a cluster of one).
fn datacenter_views(layout: &Datacenters, names: &[Arc<str>]) -> Vec<DatacenterView> {
    if layout.is_implicit() {
        return Vec::new();
    }
    let name = |e: &usize| names.get(*e).map_or_else(String::new, |n| n.to_string());
    layout
        .ids()
        .map(|dc| DatacenterView {
            name: layout.name(dc).to_string(),
            n: layout.n(dc),
            nodes: layout.nodes_in(dc).iter().map(name).collect(),
            clients: layout
                .members(dc)
                .iter()
                .filter(|&&e| !layout.is_node(e))
                .map(name)
                .collect(),
        })
        .collect()
}

/// What a level requires, in words: a `local_` level with several datacenters counts in each
/// (`LOCAL_QUORUM = 2 of 3 in us, 2 of 3 in eu`); any other level as
/// [`ConsistencyLevel::arithmetic`] says.
fn level_arithmetic(level: ConsistencyLevel, layout: &Datacenters) -> String {
    if layout.is_implicit() || !level.is_local() {
        return level.arithmetic(layout, DcId::FIRST);
    }
    let each: Vec<String> = layout
        .ids()
        .map(|dc| {
            let k = level.requirement(layout, dc).total();
            format!("{k} of {} in {}", layout.n(dc), layout.name(dc))
        })
        .collect();
    format!("{} = {}", level.cassandra_name(), each.join(", "))
}

/// What [`Snapshot::cached`] keeps from one snapshot to the next of the same simulator, so that
/// a snapshot costs what changed: the operations' views, which of them are still open, the
/// acknowledged puts of each key, the lost writes, and the nodes' views as of the last event.
#[derive(Clone, Debug, Default)]
pub struct SnapshotCache {
    views: OpViews,
    /// Indices of the operations that were pending when last viewed.
    open: Vec<usize>,
    /// Per key: the acknowledged puts, as (completion time, operation index).
    acked: Vec<Vec<(Micros, usize)>>,
    /// The lost writes as last computed, sorted.
    lost: Vec<OpId>,
    /// The number of events the simulator had processed when the nodes were last viewed, and
    /// those views (`None` before the first snapshot).
    nodes: Option<(u64, Vec<NodeView>, crate::sim::Metrics)>,
    /// How many journal entries and revisions ([`Simulator::revised`]) were seen.
    journal_seen: u64,
    revised_seen: u64,
    /// Per client (in order of endpoint), its keys' views.
    clients: Vec<Arc<Vec<ClientKeyView>>>,
    /// The datacenters' and levels' views, and the (w, r, n) they were made for: they change
    /// only with the settings, so they are not written again for every frame.
    settings: Option<SettingsViews>,
}

/// The (w, r, n) the views were made for, the datacenters' views and the levels' view.
type SettingsViews = (
    (ConsistencyLevel, ConsistencyLevel, usize),
    Arc<[DatacenterView]>,
    Arc<LevelsView>,
);

impl Snapshot {
    /// The picture of `sim` now; lost messages stay visible for `linger_us` after they die.
    pub fn of(sim: &Simulator, linger_us: Micros) -> Snapshot {
        Snapshot::cached(sim, linger_us, &mut SnapshotCache::default())
    }

    /// The picture of `sim` now, reusing what `cache` kept from the snapshot before of the same
    /// simulator (a cache serves one simulator: start a new one with a new simulator).
    pub fn cached(sim: &Simulator, linger_us: Micros, cache: &mut SnapshotCache) -> Snapshot {
        let names = sim.names();
        let nodes_n = sim.node_count();
        let now = sim.now();
        if sim.history().len() < cache.views.len() {
            *cache = SnapshotCache::default();
        }
        let events = sim.events_processed();
        let changed = cache.nodes.as_ref().is_none_or(|(e, ..)| *e != events);
        let finished = if changed {
            update_history(sim, cache)
        } else {
            Vec::new()
        };
        let (happenings, happenings_missed) = new_happenings(sim, cache);
        if changed {
            let mut metrics = sim.metrics().clone();
            metrics.lost_writes = cache.lost.len() as u64;
            cache.nodes = Some((events, node_views(sim), metrics));
        }
        let Some((_, nodes, metrics)) = &cache.nodes else {
            unreachable!("set above")
        };

        let clients = (nodes_n..names.len())
            .map(|e| ClientView {
                name: names[e].to_string(),
                group: sim.groups()[e],
                keys: cache.clients.get(e - nodes_n).cloned().unwrap_or_default(),
                suspects: suspicions(sim, EndpointId(e)),
            })
            .collect();

        let visible = sim.messages().iter().rev().filter(|m| {
            m.sent_us <= now
                && match m.fate {
                    Fate::InFlight => true,
                    Fate::Delivered => false,
                    _ => m.lost_us.is_some_and(|t| now < t.saturating_add(linger_us)),
                }
        });
        let mut messages = Vec::new();
        let mut more_messages = 0;
        for m in visible {
            if messages.len() == MESSAGES_SHOWN {
                more_messages += 1;
                continue;
            }
            messages.push(MessageView {
                id: m.id,
                kind: m.kind,
                from: m.from,
                to: m.to,
                sent_us: m.sent_us,
                arrive_us: m.arrive_us,
                lost_us: m.lost_us,
                fate: m.fate,
                summary: m.summary.clone(),
                op: m.op,
            });
        }
        messages.reverse();

        let s = sim.settings();
        let shape = (s.w, s.r, s.n);
        if cache
            .settings
            .as_ref()
            .is_some_and(|(seen, ..)| *seen != shape)
        {
            cache.settings = None;
        }
        let (_, datacenters, levels) = cache.settings.get_or_insert_with(|| {
            let levels = LevelsView {
                w: s.w.to_string(),
                r: s.r.to_string(),
                w_arithmetic: level_arithmetic(s.w, &s.layout),
                r_arithmetic: level_arithmetic(s.r, &s.layout),
            };
            (
                shape,
                datacenter_views(&s.layout, names).into(),
                Arc::new(levels),
            )
        });
        let (datacenters, levels) = (datacenters.clone(), levels.clone());
        Snapshot {
            now_us: now,
            cluster: sim.cluster().clone(),
            nwr: (
                s.n,
                s.w.requirement(&s.layout, DcId::FIRST).total() as usize,
                s.r.requirement(&s.layout, DcId::FIRST).total() as usize,
            ),
            datacenters,
            levels,
            endpoints: names.iter().map(|n| n.to_string()).collect(),
            nodes: nodes.clone(),
            clients,
            messages,
            more_messages,
            history: cache.views.clone(),
            finished,
            happenings,
            happenings_missed,
            metrics: metrics.clone(),
            drop_rate: sim.drop_rate(),
            settled: sim.is_settled(),
            next_event_us: sim.next_time(),
        }
    }

    /// The index of an endpoint by name.
    pub fn endpoint(&self, name: &str) -> Option<usize> {
        self.endpoints.iter().position(|n| n == name)
    }
}

/// The journal entries made since `cache` last looked, with names resolved, and how many were
/// let go before it could see them.
fn new_happenings(sim: &Simulator, cache: &mut SnapshotCache) -> (Vec<HappeningEntry>, u64) {
    let total = sim.journal_total();
    let journal = sim.journal();
    let first_kept = total - journal.len() as u64;
    let missed = first_kept.saturating_sub(cache.journal_seen);
    let from = cache.journal_seen.max(first_kept);
    cache.journal_seen = total;
    let names = sim.names();
    let ep = |e: EndpointId| names[e].to_string();
    let key = |k: KeyId| sim.keys()[k.index()].to_string();
    let out = journal
        .iter()
        .skip((from - first_kept) as usize)
        .zip(from..)
        .map(|(e, seq)| HappeningEntry {
            seq,
            at_us: e.at_us,
            what: match &e.what {
                Happening::Crashed(n) => HappeningView::Crashed(ep(*n)),
                Happening::Recovered(n) => HappeningView::Recovered(ep(*n)),
                Happening::Partitioned(groups) => {
                    let max = groups.iter().copied().max().unwrap_or(0);
                    HappeningView::Partitioned(
                        (0..=max)
                            .map(|g| {
                                (0..groups.len())
                                    .filter(|&i| groups[i] == g)
                                    .map(|i| ep(EndpointId(i)))
                                    .collect::<Vec<_>>()
                            })
                            .filter(|g| !g.is_empty())
                            .collect(),
                    )
                }
                Happening::Healed => HappeningView::Healed,
                Happening::DropRate(p) => HappeningView::DropRate(*p),
                Happening::Configured(p) => HappeningView::Configured(p.clone()),
                Happening::MessageDropped(id) => HappeningView::MessageDropped(*id),
                Happening::Invoked(op) => HappeningView::Invoked(*op),
                Happening::Completed(op) => HappeningView::Completed(*op),
                Happening::ReadRepair { op, to } => HappeningView::ReadRepair {
                    op: *op,
                    replica: ep(*to),
                    key: sim
                        .history()
                        .get(op.index())
                        .map_or_else(String::new, |r| key(r.key)),
                },
                Happening::HintHandedBack {
                    fallback,
                    home,
                    key: k,
                } => HappeningView::HintHandedBack {
                    fallback: ep(*fallback),
                    home: ep(*home),
                    key: key(*k),
                },
                Happening::AntiEntropyRepair { node, key: k } => HappeningView::AntiEntropyRepair {
                    replica: ep(*node),
                    key: key(*k),
                },
                Happening::Suspected {
                    observer,
                    peer,
                    silent_us,
                } => HappeningView::Suspected {
                    observer: ep(*observer),
                    node: ep(*peer),
                    silent_us: *silent_us,
                },
                Happening::Trusted { observer, peer } => HappeningView::Trusted {
                    observer: ep(*observer),
                    node: ep(*peer),
                },
            },
        })
        .collect();
    (out, missed)
}

/// Brings the cache's operation views up to date: views of new operations, of operations that
/// finished, and of puts whose lost mark changed. Returns the operations that finished.
fn update_history(sim: &Simulator, cache: &mut SnapshotCache) -> Vec<OpId> {
    let history = sim.history();
    let mode = sim.settings().versioning;
    // Sorted, to look ops up in it.
    let mut lost = sim.lost_writes();
    crate::sort::sort(&mut lost);
    lost.dedup();

    // The operations viewed before this call; the others are viewed now.
    let was_len = cache.views.len();
    // Which operations to view again: those open last time, and the new ones.
    let mut todo: Vec<usize> = std::mem::take(&mut cache.open);
    todo.extend(cache.views.len()..history.len());
    let mut finished = Vec::new();
    // First record the puts acknowledged since, so that a get viewed now sees them all.
    for &i in &todo {
        let r = &history[i];
        if r.outcome != Outcome::Pending {
            finished.push(r.id);
            if r.kind == OpKind::Put && r.outcome == Outcome::Ok {
                let k = r.key.index();
                if cache.acked.len() <= k {
                    cache.acked.resize_with(k + 1, Vec::new);
                }
                cache.acked[k].push((r.completed_us.unwrap_or(0), i));
            }
        }
    }
    // Operations viewed before whose record changed since (replies, read repairs, stores,
    // hints handed back); if the simulator let go of some before this cache saw them, every
    // operation is viewed again.
    let revised = sim.revised();
    let first_kept = sim.revised_total() - revised.len() as u64;
    let mut view: Vec<usize> = if cache.revised_seen < first_kept {
        (0..was_len).collect()
    } else {
        revised
            .iter()
            .skip((cache.revised_seen - first_kept) as usize)
            .map(|&id| id.index())
            .filter(|&i| i < was_len)
            .collect()
    };
    cache.revised_seen = sim.revised_total();
    let mut open = Vec::new();
    // The (client, key) pairs whose views change: those of the operations viewed again (few
    // distinct pairs, however many operations).
    let mut touched: Vec<(EndpointId, KeyId)> = Vec::new();
    for &i in &todo {
        let pair = (history[i].client, history[i].key);
        if !touched.contains(&pair) {
            touched.push(pair);
        }
    }
    for i in todo {
        // An open operation is viewed once when it starts, and again when its record changes
        // (above) or it finishes.
        if history[i].outcome == Outcome::Pending {
            open.push(i);
            if i < was_len {
                continue;
            }
        }
        view.push(i);
    }
    crate::sort::sort(&mut view);
    view.dedup();
    for i in view {
        let r = &history[i];
        let puts = cache.acked.get(r.key.index()).map_or(&[][..], |v| v);
        cache.views.set(i, op_view(sim, r, puts, &lost, mode));
    }
    update_clients(sim, &touched, &open, &mut cache.clients);
    // Puts whose lost mark changed: those in one list and not in the other.
    let flipped = symmetric_difference(&cache.lost, &lost);
    for id in flipped {
        let i = id.index();
        if let (Some(r), Some(v)) = (history.get(i), cache.views.get(i)) {
            let mut v = v.clone();
            v.lost = lost.binary_search(&r.id).is_ok();
            cache.views.set(i, v);
        }
    }
    cache.open = open;
    cache.lost = lost;
    // In order already: the open operations (kept in order) come before the new ones.
    finished
}

/// Brings the client views of the `touched` (client, key) pairs up to date; `open` are the
/// indices of the operations still pending.
fn update_clients(
    sim: &Simulator,
    touched: &[(EndpointId, KeyId)],
    open: &[usize],
    views: &mut Vec<Arc<Vec<ClientKeyView>>>,
) {
    let names = sim.names();
    let name = |a: Actor| names[a as usize].to_string();
    let nodes_n = sim.node_count();
    let history = sim.history();
    views.resize_with(sim.clients().len(), Default::default);
    for &(c, k) in touched {
        let Some(client) = sim.clients().get(c.0.wrapping_sub(nodes_n)) else {
            continue;
        };
        let seen = client
            .last
            .get(k)
            .filter(|clock| !clock.is_empty())
            .map(|clock| clock.display_clipped(&name, CONTEXT_CHARS));
        let in_flight = open
            .iter()
            .map(|&i| &history[i])
            .filter(|r| r.client == c && r.key == k)
            .map(|r| InFlightOp {
                id: r.id,
                kind: r.kind,
            })
            .collect();
        let view = ClientKeyView {
            key: sim.keys()[k.index()].to_string(),
            seen,
            in_flight,
        };
        let list = Arc::make_mut(&mut views[c.0 - nodes_n]);
        match list.binary_search_by(|v| v.key.cmp(&view.key)) {
            Ok(i) => list[i] = view,
            Err(i) => list.insert(i, view),
        }
    }
}

/// The elements of two sorted lists that are in one and not the other.
fn symmetric_difference(a: &[OpId], b: &[OpId]) -> Vec<OpId> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => {
                out.push(*x);
                i += 1;
            }
            (Some(_), Some(y)) => {
                out.push(*y);
                j += 1;
            }
            (Some(x), None) => {
                out.push(*x);
                i += 1;
            }
            (None, Some(y)) => {
                out.push(*y);
                j += 1;
            }
            (None, None) => break,
        }
    }
    out
}

/// One version as the page shows it.
fn sibling_view(s: &Sibling, name: &dyn Fn(Actor) -> String) -> SiblingView {
    SiblingView {
        value: s.value.as_deref().map(clip_value),
        dot: format!("{}:{}", name(s.dot.actor), s.dot.counter),
        seen: s.seen.display_with(name),
        timestamp_ms: format_us(s.timestamp),
    }
}

/// The nodes' views: for each, its first [`KEYS_SHOWN`] keys (each with its first
/// [`SIBLINGS_SHOWN`] versions) and first [`HINTS_SHOWN`] hints.
fn node_views(sim: &Simulator) -> Vec<NodeView> {
    let names = sim.names();
    let name = |a: Actor| names[a as usize].to_string();
    let mode = sim.settings().versioning;
    let keys = sim.keys();
    let n = sim.settings().n;
    let is_home =
        |k: KeyId, node: EndpointId| sim.preference_list(k).iter().take(n).any(|&x| x == node);
    // Whether any replica holds something for a key (a home replica without it is then
    // listed, empty and stale), computed once per key.
    let mut written: Vec<Option<bool>> = vec![None; keys.len()];
    let mut is_written = |k: KeyId| {
        *written[k.index()].get_or_insert_with(|| {
            sim.replicas().iter().any(|r| {
                r.store.get(k).is_some_and(|s| !s.is_empty())
                    || r.hints.entries().iter().any(|e| e.0 .0 == k)
            })
        })
    };
    // The latest of a key (every replica's state merged), for the keys shown only.
    let mut latest: Vec<(KeyId, KeyState)> = Vec::new();
    let mut latest_of = |k: KeyId| -> KeyState {
        if let Some((_, s)) = latest.iter().find(|(x, _)| *x == k) {
            return s.clone();
        }
        let mut s = KeyState::new();
        for r in sim.replicas() {
            s.merge(mode, &r.read_state(mode, k));
        }
        latest.push((k, s.clone()));
        s
    };
    let empty = KeyState::new();
    // Writes on their way to a replica (writes, read repairs, handoffs in flight), as
    // (replica, key, message), from the message window: bounded by it, not by the run.
    let incoming: Vec<(EndpointId, KeyId, MsgId)> = sim
        .messages()
        .iter()
        .filter(|m| {
            m.fate == Fate::InFlight
                && matches!(
                    m.kind,
                    MessageKind::Write | MessageKind::ReadRepair | MessageKind::Handoff
                )
        })
        .filter_map(|m| Some((m.to, m.key?, m.id)))
        .collect();
    // Whether what is on its way to `node` for `k` brings `state` up to `latest`.
    let arrivals_catch_up = |node: EndpointId, k: KeyId, state: &KeyState, latest: &KeyState| {
        let mut after = state.clone();
        let mut any = false;
        for &(_, _, id) in incoming.iter().filter(|x| x.0 == node && x.1 == k) {
            match sim.in_flight_payload(id) {
                Some(Payload::Write { write, .. }) => {
                    after.apply(mode, write);
                    any = true;
                }
                Some(Payload::ReadRepair { state, .. } | Payload::Handoff { state, .. }) => {
                    after.merge(mode, state);
                    any = true;
                }
                _ => {}
            }
        }
        any && sim.up()[node] && !after.would_change(mode, latest)
    };
    sim.replicas()
        .iter()
        .map(|r| {
            let mut kv = Vec::new();
            let mut more_keys = 0;
            for k in (0..keys.len() as u32).map(KeyId) {
                let state = r.store.get(k);
                let home = is_home(k, r.id);
                if state.is_none() && (!home || !is_written(k)) {
                    continue;
                }
                if kv.len() == KEYS_SHOWN {
                    more_keys += 1;
                    continue;
                }
                let state = state.unwrap_or(&empty);
                let latest = latest_of(k);
                let stale = state.would_change(mode, &latest);
                kv.push(ReplicaKeyView {
                    key: keys[k.index()].to_string(),
                    home,
                    siblings: state
                        .siblings
                        .iter()
                        .take(SIBLINGS_SHOWN)
                        .map(|s| sibling_view(s, &name))
                        .collect(),
                    more_siblings: state.siblings.len().saturating_sub(SIBLINGS_SHOWN),
                    clock: state.clock_display(mode, &name),
                    stale,
                    behind: stale && arrivals_catch_up(r.id, k, state, &latest),
                });
            }
            let entries = r.hints.entries();
            NodeView {
                name: names[r.id].to_string(),
                up: sim.up()[r.id],
                group: sim.groups()[r.id],
                keys: kv,
                more_keys,
                hints: entries
                    .iter()
                    .take(HINTS_SHOWN)
                    .map(|&((k, home), ref h)| {
                        let values = h.state.values();
                        HintView {
                            key: keys[k.index()].to_string(),
                            for_node: names[home].to_string(),
                            values: values
                                .iter()
                                .take(SIBLINGS_SHOWN)
                                .map(|v| clip_value(v))
                                .collect(),
                            more_values: values.len().saturating_sub(SIBLINGS_SHOWN),
                        }
                    })
                    .collect(),
                more_hints: entries.len().saturating_sub(HINTS_SHOWN),
                suspects: suspicions(sim, r.id),
            }
        })
        .collect()
}

/// The view of operation `r`; `acked_puts` are the acknowledged puts of its key so far, as
/// (completion time, operation index).
fn op_view(
    sim: &Simulator,
    r: &OpRecord,
    acked_puts: &[(Micros, usize)],
    lost: &[OpId],
    mode: Versioning,
) -> OpView {
    let names = sim.names();
    let history = sim.history();
    let name = |a: Actor| names[a as usize].to_string();
    let ep = |e: &EndpointId| names[*e].to_string();
    // The replicas that answered this operation and also acknowledged put `p`.
    let in_both = |p: &OpRecord| -> Vec<String> {
        r.replies_from
            .iter()
            .filter(|n| p.replies_from.contains(n))
            .map(ep)
            .collect()
    };
    let mut concurrency = Vec::new();
    let mut more_concurrency = 0;
    let sibs = &r.result.siblings;
    'pairs: for i in 0..sibs.len() {
        for j in i + 1..sibs.len() {
            if concurrency.len() == EXPLANATIONS {
                // The pairs not examined: the rest of row i, and every later row.
                let rest = sibs.len() - j;
                let later = (sibs.len() - i - 1) * (sibs.len() - i - 2) / 2;
                more_concurrency = rest + later;
                break 'pairs;
            }
            let c = compare(&sibs[i], &sibs[j]);
            if c.order == Order::Concurrent {
                let label = |k: usize| match &sibs[k].value {
                    Some(v) => format!("\"{}\"", clip_value(v)),
                    None => "the tombstone".to_string(),
                };
                let mut why = format!(
                    "{} and {} are siblings: {}",
                    label(i),
                    label(j),
                    c.explain(&name)
                );
                if sibs[i].value.is_some() && sibs[i].value == sibs[j].value {
                    // A learner expects equal values to be one version: say why not.
                    why.push_str(
                        ". Same value, yet two versions: a version is a write, not a value, and \
                         these are two writes, neither of which saw the other",
                    );
                }
                concurrency.push(why);
            }
        }
    }
    let (mut write_quorum, mut write_op, mut overlap, mut stale_cause) =
        (Vec::new(), None, Vec::new(), None);
    // The acknowledged puts of the key that completed before this operation began.
    let before = || {
        acked_puts
            .iter()
            .filter(|(t, _)| *t < r.invoked_us)
            .map(|&(_, i)| &history[i])
    };
    if r.kind == OpKind::Get {
        // The last put to this key acknowledged before this get began.
        let last_put = before().max_by_key(|p| (p.completed_us, p.id));
        if let Some(p) = last_put {
            write_quorum = p.replies_from.iter().map(ep).collect();
            write_op = Some(p.id);
            overlap = in_both(p);
        }
        if r.stale {
            // Name the newest acknowledged put it missed.
            let mut returned = crate::version::VClock::new();
            for s in &r.result.siblings {
                returned.merge(&s.seen);
                returned.insert(s.dot);
            }
            let missed = before()
                .filter(|p| p.dot.is_some_and(|d| !returned.contains(d)))
                .max_by_key(|p| (p.completed_us, p.id));
            if let Some(p) = missed {
                let from: Vec<String> = r.replies_from.iter().map(ep).collect();
                let acked: Vec<String> = p.replies_from.iter().map(ep).collect();
                let common = in_both(p);
                let value = clip_value(p.value.as_deref().unwrap_or(""));
                stale_cause = Some(if common.is_empty() {
                    format!(
                        "no replica that answered it ({}) had acknowledged op {} (\"{value}\", acknowledged by {}); w + r = {} is not more than n = {}",
                        from.join(", "),
                        p.id,
                        acked.join(", "),
                        {
                            let s = sim.settings();
                            let total = |l: ConsistencyLevel| {
                                l.requirement(&s.layout, s.dc_of(r.client)).total()
                            };
                            total(s.w) + total(s.r)
                        },
                        sim.settings().n
                    )
                } else if mode == Versioning::Lww {
                    // The write that won, named with its timestamp: the clock of its
                    // coordinator decided, not the order of the writes.
                    let winner = r.result.siblings.iter().find_map(|s| {
                        let op = history.iter().find(|o| o.dot == Some(s.dot))?;
                        Some((op, s.timestamp))
                    });
                    match winner {
                        Some((w, stamp)) => format!(
                            "op {} (\"{value}\") was acknowledged by {} but discarded by last-write-wins in favour of op {} (\"{}\"), whose timestamp, {} ms by its coordinator's clock, is later: under last-write-wins the clocks decide, not the order of the writes",
                            p.id,
                            acked.join(", "),
                            w.id,
                            clip_value(w.value.as_deref().unwrap_or("")),
                            crate::time::format_us(stamp)
                        ),
                        None => format!(
                            "op {} (\"{value}\") was acknowledged by {} but discarded by last-write-wins in favour of a write with a later timestamp",
                            p.id,
                            acked.join(", ")
                        ),
                    }
                } else {
                    format!(
                        "{} acknowledged op {} (\"{value}\") but no longer held it or a later version when it answered",
                        common.join(", "),
                        p.id
                    )
                });
            }
        }
    }
    let values = r.result_values();
    let version = |s: &crate::version::Sibling| {
        let dot = format!("{}:{}", name(s.dot.actor), s.dot.counter);
        match &s.value {
            Some(v) => format!("{} ({dot})", clip_value(v)),
            None => format!("deleted ({dot})"),
        }
    };
    let replies = r
        .replies
        .iter()
        .take(REPLIES_SHOWN)
        .map(|reply| ReplyView {
            replica: ep(&reply.from),
            at_us: reply.at_us,
            answer: match &reply.answer {
                Answer::Versions(state) => AnswerView::Versions {
                    versions: state
                        .siblings
                        .iter()
                        .take(VERSIONS_SHOWN)
                        .map(|s| version(s))
                        .collect(),
                    more: state.siblings.len().saturating_sub(VERSIONS_SHOWN),
                },
                Answer::Stored => AnswerView::Stored,
                Answer::Refused => AnswerView::Refused,
            },
            late: r.completed_us.is_some_and(|done| reply.at_us > done)
                || (r.outcome == Outcome::Ok && !r.replies_from.contains(&reply.from)),
        })
        .collect();
    let stores = r
        .stores
        .iter()
        .take(REPLIES_SHOWN)
        .map(|s| StoreView {
            replica: ep(&s.node),
            at_us: s.at_us,
            hint_for: s.hint_for.as_ref().map(ep),
            handed_back_us: s.handed_back_us,
        })
        .collect();
    OpView {
        id: r.id,
        client: names[r.client].to_string(),
        kind: r.kind,
        key: sim.keys()[r.key.index()].to_string(),
        value: r.value.as_deref().map(clip_value),
        with_context: r.with_context,
        write_context: r.write_context.display_clipped(&name, CONTEXT_CHARS),
        dot: r.dot.map(|d| format!("{}:{}", name(d.actor), d.counter)),
        invoked_us: r.invoked_us,
        completed_us: r.completed_us,
        outcome: r.outcome,
        error: r.error.clone(),
        replies_from: r.replies_from.iter().map(ep).collect(),
        more_values: values.len().saturating_sub(SIBLINGS_SHOWN),
        values: values
            .iter()
            .take(SIBLINGS_SHOWN)
            .map(|v| clip_value(v))
            .collect(),
        context: r.result.context().display_clipped(&name, CONTEXT_CHARS),
        stale: r.stale,
        lost: lost.binary_search(&r.id).is_ok(),
        indeterminate: r.indeterminate,
        resurrection: r.resurrection,
        warning: r.sibling_warning(),
        concurrency,
        more_concurrency,
        write_quorum,
        write_op,
        overlap,
        stale_cause,
        replies,
        more_replies: r.replies.len().saturating_sub(REPLIES_SHOWN),
        repaired: r
            .repairs
            .iter()
            .take(REPLIES_SHOWN)
            .map(|x| ep(&x.to))
            .collect(),
        more_repaired: r.repairs.len().saturating_sub(REPLIES_SHOWN),
        stores,
        more_stores: r.stores.len().saturating_sub(REPLIES_SHOWN),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scenario;

    fn sim(json: &str) -> Simulator {
        Simulator::new(Scenario::from_json(json).unwrap())
    }

    /// DDIA chapter 5, "Detecting concurrent writes": the page explains why two siblings exist.
    #[test]
    fn ddia_ch5_siblings_are_explained() {
        let mut s = sim(
            r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2},
            "events": [
              {"at": 0, "put": {"client": "alice", "key": "k", "value": "x"}},
              {"at": 0, "put": {"client": "bob", "key": "k", "value": "y"}},
              {"at": 100, "get": {"client": "carol", "key": "k"}}]}"#,
        );
        s.run(None);
        let snap = Snapshot::of(&s, 0);
        let get = &snap.history[2];
        assert_eq!(get.values, ["x", "y"]);
        assert_eq!(get.concurrency.len(), 1);
        assert!(
            get.concurrency[0].starts_with("\"x\" and \"y\" are siblings: concurrent"),
            "{}",
            get.concurrency[0]
        );
        assert_eq!(get.write_quorum.len(), 2);
        assert!(!get.overlap.is_empty());
    }

    /// DDIA chapter 5, Figure 5-13: a client's view says what a write with `"context": "last"`
    /// would be sent with (its last reply, a put's included) and which of its operations are
    /// still in flight; an operation shows the context it was sent with and the one after it.
    #[test]
    fn ddia_ch5_fig_5_13_client_view_says_what_a_write_would_be_sent_with() {
        let mut s = sim(
            r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2,
                "latency": {"constant": 10}},
            "events": [
              {"at": 0, "put": {"client": "alice", "key": "cart", "value": "milk"}},
              {"at": 100, "put": {"client": "alice", "key": "cart", "value": "eggs", "context": "last"}},
              {"at": 105, "put": {"client": "alice", "key": "cart", "value": "ham", "context": "last"}}]}"#,
        );
        let alice = |s: &Simulator| {
            let snap = Snapshot::of(s, 0);
            let c = snap.clients.iter().find(|c| c.name == "alice").cloned();
            c.and_then(|c| c.key("cart").cloned())
        };
        assert_eq!(alice(&s), None, "nothing done yet");
        s.advance_to(5_000);
        let view = alice(&s).unwrap();
        assert_eq!(view.seen, None);
        assert_eq!(
            view.in_flight,
            [InFlightOp {
                id: OpId(1),
                kind: OpKind::Put
            }]
        );
        s.advance_to(50_000);
        let view = alice(&s).unwrap();
        assert_eq!(view.seen.as_deref(), Some("alice:1"), "the put's own reply");
        assert!(view.in_flight.is_empty());
        s.advance_to(106_000);
        let view = alice(&s).unwrap();
        assert_eq!(view.seen.as_deref(), Some("alice:1"));
        assert_eq!(
            view.in_flight,
            [
                InFlightOp {
                    id: OpId(2),
                    kind: OpKind::Put
                },
                InFlightOp {
                    id: OpId(3),
                    kind: OpKind::Put
                }
            ]
        );
        s.run(None);
        let snap = Snapshot::of(&s, 0);
        let ops: Vec<(&str, &str)> = snap
            .history
            .iter()
            .map(|op| (op.write_context.as_str(), op.context.as_str()))
            .collect();
        // ham was sent before eggs returned: it had not seen eggs, so the two are siblings.
        assert_eq!(
            ops,
            [
                ("{}", "alice:1"),
                ("alice:1", "alice:2"),
                ("alice:1", "alice:3")
            ]
        );
        assert_eq!(snap.history[2].values, ["eggs", "ham"]);
        assert_eq!(
            snap.clients[0].key("cart").unwrap().seen.as_deref(),
            Some("alice:3")
        );
        assert_eq!(snap.clients[0].key("other"), None);
    }

    /// Two writes of the same value are two versions; the explanation says so, and names the
    /// context each write was sent with.
    #[test]
    fn siblings_with_the_same_value_say_why_they_are_two_versions() {
        let mut s = sim(
            r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2},
            "events": [
              {"at": 0, "put": {"client": "alice", "key": "k", "value": "milk"}},
              {"at": 0, "put": {"client": "bob", "key": "k", "value": "milk"}},
              {"at": 100, "get": {"client": "carol", "key": "k"}}]}"#,
        );
        s.run(None);
        let get = &Snapshot::of(&s, 0).history[2];
        assert_eq!(get.values, ["milk", "milk"]);
        let why = &get.concurrency[0];
        assert!(
            why.contains("alice:1 is not in the context bob:1 was sent with"),
            "{why}"
        );
        assert!(why.contains("Same value, yet two versions"), "{why}");
        assert!(
            why.contains("two writes, neither of which saw the other"),
            "{why}"
        );
        // Different values get no such note.
        let mut s = sim(
            r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2},
            "events": [
              {"at": 0, "put": {"client": "alice", "key": "k", "value": "milk"}},
              {"at": 0, "put": {"client": "bob", "key": "k", "value": "eggs"}},
              {"at": 100, "get": {"client": "carol", "key": "k"}}]}"#,
        );
        s.run(None);
        let get = &Snapshot::of(&s, 0).history[2];
        assert!(!get.concurrency[0].contains("Same value"));
    }

    /// A context of many writers is cut in the client's view and the operation's, like a value.
    #[test]
    fn huge_contexts_are_cut() {
        let mut events: Vec<String> = (0..60)
            .map(|i| {
                format!(
                    r#"{{"at": 0, "put": {{"client": "writer{i}", "key": "k", "value": "v"}}}}"#
                )
            })
            .collect();
        events.push(r#"{"at": 500, "get": {"client": "reader", "key": "k"}}"#.to_string());
        events.push(
            r#"{"at": 1000, "put": {"client": "reader", "key": "k", "value": "w", "context": "last"}}"#
                .to_string(),
        );
        let mut s = sim(&format!(
            r#"{{"cluster": {{"nodes": ["A","B","C"], "n": 3, "w": 3, "r": 3}},
                "events": [{}]}}"#,
            events.join(",")
        ));
        s.run(None);
        let snap = Snapshot::of(&s, 0);
        let reader = snap.clients.iter().find(|c| c.name == "reader").unwrap();
        let seen = reader.key("k").unwrap().seen.clone().unwrap();
        assert_eq!(seen.chars().count(), CONTEXT_CHARS + 1, "{seen}");
        assert!(seen.ends_with('…'));
        let put = snap.history.last().unwrap();
        assert_eq!(put.write_context, seen);
        assert_eq!(put.values, ["w"], "the write replaced all 60 it had seen");
        assert!(put.context.chars().count() <= CONTEXT_CHARS + 1);
    }

    /// DDIA chapter 5, "Last write wins": a write acknowledged later in real time is discarded
    /// because the other writer's clock runs ahead; the stale read names the write that won
    /// and its timestamp, so the cause (the clocks) is on the page.
    #[test]
    fn ddia_ch5_lww_stale_cause_names_the_winner_and_its_timestamp() {
        let mut s = sim(
            r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2, "versioning": "lww",
                "latency": {"constant": 5}, "clock_skew_ms": {"carol": 500}},
            "events": [
              {"at": 10, "put": {"client": "carol", "key": "k", "value": "tea", "context": "none"}},
              {"at": 50, "put": {"client": "alice", "key": "k", "value": "milk", "context": "none"}},
              {"at": 100, "get": {"client": "bob", "key": "k"}}]}"#,
        );
        s.run(None);
        let snap = Snapshot::of(&s, 0);
        let get = &snap.history[2];
        assert!(get.stale);
        let cause = get.stale_cause.as_deref().unwrap();
        assert!(
            cause.contains("op 2 (\"milk\") was acknowledged by")
                && cause.contains("in favour of op 1 (\"tea\"), whose timestamp, 510 ms by its coordinator's clock, is later"),
            "{cause}"
        );
    }

    /// Dynamo section 4.5: with w + r <= n a read can miss the write quorum; the page says so.
    #[test]
    fn dynamo_sec4_5_stale_read_cause_and_stale_replica_marks() {
        let mut s = sim(
            r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 1, "r": 1,
                "read_repair": false, "placement": {"k": ["A","B","C"]}},
            "events": [
              {"at": 0, "partition": [["alice", "A"], ["bob", "B", "C"]]},
              {"at": 10, "put": {"client": "alice", "key": "k", "value": "v"}},
              {"at": 100, "get": {"client": "bob", "key": "k"}}]}"#,
        );
        s.run(None);
        let snap = Snapshot::of(&s, 0);
        let get = &snap.history[1];
        assert!(get.stale);
        assert_eq!(get.write_quorum, ["A"]);
        assert!(get.overlap.is_empty());
        let cause = get.stale_cause.as_deref().unwrap();
        assert!(
            cause.contains("no replica that answered it (C) had acknowledged op 1"),
            "{cause}"
        );
        let stale: Vec<(&str, bool)> = snap
            .nodes
            .iter()
            .map(|n| (n.name.as_str(), n.keys.iter().any(|k| k.stale)))
            .collect();
        assert_eq!(stale, [("A", false), ("B", true), ("C", true)]);
        assert_eq!(
            snap.nodes[1].keys[0].siblings.len(),
            0,
            "B never got the write"
        );
    }

    #[test]
    fn messages_in_flight_and_recently_lost_are_visible() {
        let mut s = sim(
            r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2,
                "latency": {"constant": 10}, "placement": {"k": ["A","B","C"]}},
            "events": [
              {"at": 0, "crash": "C"},
              {"at": 0, "put": {"client": "alice", "key": "k", "value": "v"}}]}"#,
        );
        s.advance_to(5_000);
        let snap = Snapshot::of(&s, 1_000);
        assert_eq!(snap.messages.len(), 3);
        assert!(snap
            .messages
            .iter()
            .all(|m| m.kind == MessageKind::Write && m.fate == Fate::InFlight));
        s.advance_to(10_500);
        let snap = Snapshot::of(&s, 1_000);
        let refused: Vec<_> = snap
            .messages
            .iter()
            .filter(|m| m.fate == Fate::Refused)
            .collect();
        assert_eq!(refused.len(), 1, "the write to C dies and lingers");
        s.advance_to(12_000);
        assert!(Snapshot::of(&s, 1_000)
            .messages
            .iter()
            .all(|m| m.fate != Fate::Refused));
    }

    /// A scenario with everything a view explains: siblings, a stale read (w + r <= n under a
    /// partition), an acknowledged write that last-write-wins loses (clock skew), a crash.
    fn eventful(versioning: &str) -> Simulator {
        sim(&format!(
            r#"{{"seed": 5, "cluster": {{"nodes": ["A","B","C"], "n": 3, "w": 1, "r": 1,
                "versioning": "{versioning}", "read_repair": false,
                "latency": {{"uniform": [2, 20]}}, "clock_skew_ms": {{"bob": -50}},
                "placement": {{"k": ["A","B","C"]}}}},
            "events": [
              {{"at": 0, "put": {{"client": "alice", "key": "k", "value": "x"}}}},
              {{"at": 0, "put": {{"client": "bob", "key": "k", "value": "y"}}}},
              {{"at": 40, "get": {{"client": "carol", "key": "k"}}}},
              {{"at": 60, "partition": [["alice", "A"], ["bob", "B", "C"]]}},
              {{"at": 70, "put": {{"client": "alice", "key": "k", "value": "z", "context": "last"}}}},
              {{"at": 71, "put": {{"client": "bob", "key": "j", "value": "w"}}}},
              {{"at": 120, "get": {{"client": "bob", "key": "k"}}}},
              {{"at": 130, "crash": "C"}},
              {{"at": 150, "heal": true}},
              {{"at": 160, "put": {{"client": "bob", "key": "k", "value": "late"}}}},
              {{"at": 200, "get": {{"client": "alice", "key": "k"}}}},
              {{"at": 210, "recover": "C"}},
              {{"at": 220, "get": {{"client": "carol", "key": "j"}}}}]}}"#
        ))
    }

    /// Issue 7, defect 11: a cached snapshot, which builds only what changed, shows exactly
    /// what a snapshot built from scratch shows, at every instant; and each operation is
    /// reported finished once.
    #[test]
    fn issue7_cached_snapshots_equal_fresh_ones() {
        for versioning in ["dvv", "vv", "lww"] {
            let mut s = eventful(versioning);
            let mut cache = SnapshotCache::default();
            let mut finished = Vec::new();
            let mut t = 0;
            while t < 1_500_000 {
                t += 1_700;
                s.advance_to(t);
                let cached = Snapshot::cached(&s, 50_000, &mut cache);
                let fresh = Snapshot::of(&s, 50_000);
                assert!(cached.finished.windows(2).all(|w| w[0] < w[1]));
                finished.extend(cached.finished.iter().copied());
                let without = |snap: Snapshot| Snapshot {
                    finished: Vec::new(),
                    happenings: Vec::new(),
                    happenings_missed: 0,
                    ..snap
                };
                assert_eq!(without(cached), without(fresh), "{versioning} at {t} µs");
            }
            let done: Vec<OpId> = s
                .history()
                .iter()
                .filter(|r| r.outcome != Outcome::Pending)
                .map(|r| r.id)
                .collect();
            finished.sort_unstable();
            assert_eq!(finished, done, "{versioning}");
            assert_eq!(
                done.len(),
                s.history().len(),
                "{versioning}: every operation ends"
            );
            let snap = Snapshot::of(&s, 0);
            assert!(snap.history.iter().any(|op| op.stale), "{versioning}");
            if versioning == "lww" {
                assert!(snap.history.iter().any(|op| op.lost));
            } else {
                assert!(snap.history.iter().any(|op| !op.concurrency.is_empty()));
            }
        }
    }

    /// Issue 7, defect 11: a frame costs what changed. Snapshots of a simulator that did
    /// nothing new share every operation's view with the one before, and a new operation
    /// replaces only the views of its chunk.
    #[test]
    fn issue7_a_snapshot_rebuilds_only_what_changed() {
        let mut events = Vec::new();
        for i in 0..600 {
            let client = ["alice", "bob"][i % 2];
            events.push(format!(
                r#"{{"at": {i}, "put": {{"client": "{client}", "key": "k{}", "value": "v{i}"}}}}"#,
                i % 7
            ));
        }
        let mut s = sim(&format!(
            r#"{{"cluster": {{"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2}},
                "events": [{}]}}"#,
            events.join(",")
        ));
        s.run(None);
        let mut cache = SnapshotCache::default();
        let a = Snapshot::cached(&s, 0, &mut cache);
        s.advance_to(s.now() + 1_000);
        let b = Snapshot::cached(&s, 0, &mut cache);
        assert_eq!(a.history.chunks.len(), 3);
        assert!(a
            .history
            .chunks
            .iter()
            .zip(&b.history.chunks)
            .all(|(x, y)| Arc::ptr_eq(x, y)));
        assert!(b.finished.is_empty());
        s.schedule(
            s.now() + 1,
            crate::scenario::Action::Get(crate::scenario::GetSpec {
                client: "alice".into(),
                key: "k0".into(),
            }),
        );
        s.run(None);
        let c = Snapshot::cached(&s, 0, &mut cache);
        assert_eq!(c.finished, [OpId(601)]);
        assert_eq!(c.history.len(), 601);
        assert!(Arc::ptr_eq(&b.history.chunks[0], &c.history.chunks[0]));
        assert!(Arc::ptr_eq(&b.history.chunks[1], &c.history.chunks[1]));
        assert!(!Arc::ptr_eq(&b.history.chunks[2], &c.history.chunks[2]));
        // Only the new view is new: the others in its chunk are the same views.
        assert!(b.history.chunks[2]
            .iter()
            .zip(c.history.chunks[2].iter())
            .all(|(x, y)| Arc::ptr_eq(x, y)));
        assert_eq!(
            c.history.find(OpId(601)).map(|op| op.kind),
            Some(OpKind::Get)
        );
        assert_eq!(c.history.find(OpId(602)), None);
        assert_eq!(c.history.last().map(|op| op.id), Some(OpId(601)));
        // What the page compares props by: the same shared chunks and views, not equal copies.
        assert!(a.history.same(&b.history));
        assert!(!b.history.same(&c.history));
        let fresh = Snapshot::of(&s, 0);
        assert_eq!(fresh.history, c.history);
        assert!(!fresh.history.same(&c.history));
        assert!(c.history.same(&c.history.clone()));
        let (old, new) = (b.history.shared(5), c.history.shared(5));
        assert!(old.zip(new).is_some_and(|(x, y)| Arc::ptr_eq(x, y)));
        assert!(b.history.shared(600).is_none());
        assert_eq!(c.history.shared(600).map(|op| op.id), Some(OpId(601)));
    }

    /// Issue 7, defect 11: 100 blind puts to one key make 100 siblings; what one value, one
    /// sibling list and one explanation list show is capped, with counts of the rest.
    #[test]
    fn issue7_values_and_sibling_lists_are_capped() {
        let big = "x".repeat(100_000);
        let mut events = vec![format!(
            r#"{{"at": 0, "put": {{"client": "alice", "key": "k", "value": "{big}"}}}}"#
        )];
        for i in 1..100 {
            events.push(format!(
                r#"{{"at": {i}, "put": {{"client": "bob", "key": "k", "value": "v{i}"}}}}"#
            ));
        }
        events.push(r#"{"at": 500, "get": {"client": "carol", "key": "k"}}"#.to_string());
        let mut s = sim(&format!(
            r#"{{"cluster": {{"nodes": ["A","B","C"], "n": 3, "w": 3, "r": 3}},
                "events": [{}]}}"#,
            events.join(",")
        ));
        s.run(None);
        let snap = Snapshot::of(&s, 0);
        let get = snap.history.last().unwrap();
        assert_eq!(get.outcome, Outcome::Ok);
        assert_eq!(get.values.len(), SIBLINGS_SHOWN);
        assert_eq!(get.more_values, 100 - SIBLINGS_SHOWN);
        assert_eq!(get.concurrency.len(), EXPLANATIONS);
        assert_eq!(get.more_concurrency, 100 * 99 / 2 - EXPLANATIONS);
        let first = &snap.history[0];
        let clipped = first.value.as_deref().unwrap();
        assert_eq!(clipped.chars().count(), VALUE_CHARS + 1);
        assert!(clipped.ends_with('…'));
        assert!(get
            .values
            .iter()
            .all(|v| v.chars().count() <= VALUE_CHARS + 1));
        for node in &snap.nodes {
            let k = &node.keys[0];
            assert_eq!(k.siblings.len(), SIBLINGS_SHOWN);
            assert_eq!(k.more_siblings, 100 - SIBLINGS_SHOWN);
        }
        assert!(snap.messages.iter().all(|m| m.summary.len() < 400));
    }
}
