//! The discrete-event simulator: it owns time, the network, the random number generator and the
//! record of everything that happens.
//!
//! Events are ordered by (time, sequence number). Every message is drawn a delay from the
//! scenario's latency model when it is sent and has a fate: delivered, dropped (by the drop rate
//! or by the user), cut by a partition (at sending or on arrival), or refused by a crashed
//! receiver. Processes ([`Replica`], [`Client`]) only fill an [`Outbox`]; the simulator delivers.

use crate::checker::Checker;
use crate::hash::{hash_str, Fnv};
use crate::node::{
    Answer, Client, EndpointId, KeyId, MessageKind, Note, OpId, OpKind, OpNote, OpResult, Outbox,
    Payload, Replica, Settings, Timer, View,
};
use crate::rng::SimRng;
use crate::scenario::{
    Action, Cluster, ClusterPatch, ContextChoice, Merge, Scenario, ScenarioError, SIBLINGS_WARNING,
};
use crate::time::{ms_to_us, Micros};
use crate::version::{KeyState, VClock, Value};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// Ring tokens per node for consistent hashing.
pub const TOKENS_PER_NODE: usize = 8;

/// The most events `qsim run` (and each seed of `qsim random`) processes before giving up on a
/// run that does not settle ([`Simulator::run_bounded`]): 50 million, a few seconds to a minute
/// of work. Idle background ticks are skipped, so a valid scenario that settles stays far below
/// it however long its simulated time; only a run whose repair can never finish (say, replicas
/// that differ while every message is dropped) reaches it.
pub const MAX_RUN_EVENTS: u64 = 50_000_000;

/// Number of a message, starting at 1, in order of sending.
pub type MsgId = u64;

/// What became of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Still travelling.
    InFlight,
    /// Arrived and was handled.
    Delivered,
    /// Lost to the drop rate, or dropped by the user.
    Dropped,
    /// Cut by a partition between its endpoints.
    Cut,
    /// Its receiver was crashed when it arrived.
    Refused,
}

impl Fate {
    /// The name used in JSON and on the page.
    pub fn name(self) -> &'static str {
        match self {
            Fate::InFlight => "in_flight",
            Fate::Delivered => "delivered",
            Fate::Dropped => "dropped",
            Fate::Cut => "cut",
            Fate::Refused => "refused",
        }
    }
}

/// One message, as the page animates it.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageRecord {
    /// Its number.
    pub id: MsgId,
    /// Its kind.
    pub kind: MessageKind,
    /// Sender.
    pub from: EndpointId,
    /// Receiver.
    pub to: EndpointId,
    /// When it was sent.
    pub sent_us: Micros,
    /// When it arrives (or would have arrived).
    pub arrive_us: Micros,
    /// When it was lost, if it was; a message lost in flight dies at this time.
    pub lost_us: Option<Micros>,
    /// Its fate so far.
    pub fate: Fate,
    /// The operation it belongs to.
    pub op: Option<OpId>,
    /// The key it is about.
    pub key: Option<KeyId>,
    /// Its content in a few words, for a tooltip.
    pub summary: String,
}

/// The outcome of a client operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The quorum answered.
    Ok,
    /// The operation failed; the reason is in the record.
    Fail,
    /// Not finished yet.
    Pending,
}

impl Outcome {
    /// `ok`, `fail` or `pending`.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Fail => "fail",
            Outcome::Pending => "pending",
        }
    }
}

/// One reply to an operation, as its coordinator received it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplyRecord {
    /// The replica that replied.
    pub from: EndpointId,
    /// When the reply reached the coordinator.
    pub at_us: Micros,
    /// What it answered.
    pub answer: Answer,
}

/// A read repair an operation caused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RepairRecord {
    /// The replica repaired (the coordinating replica itself, when its own copy was older).
    pub to: EndpointId,
    /// When the coordinator sent the repair (or stored it, repairing itself).
    pub at_us: Micros,
}

/// A replica that stored an operation's write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoreRecord {
    /// The replica.
    pub node: EndpointId,
    /// When it stored it.
    pub at_us: Micros,
    /// Set when it kept the write as a hint for this unreachable home replica (sloppy quorum
    /// with hinted handoff).
    pub hint_for: Option<EndpointId>,
    /// For a hint: when the fallback handed it back to its home replica (and dropped it).
    pub handed_back_us: Option<Micros>,
}

/// One client operation of the history.
#[derive(Clone, Debug, PartialEq)]
pub struct OpRecord {
    /// Its number.
    pub id: OpId,
    /// The client.
    pub client: EndpointId,
    /// What it did.
    pub kind: OpKind,
    /// The key.
    pub key: KeyId,
    /// The value of a put.
    pub value: Option<Value>,
    /// Whether it carried the context of the client's last result.
    pub with_context: bool,
    /// The causal context its write carries: the versions it says it has seen (empty for a get
    /// or a blind write).
    pub write_context: VClock,
    /// When the client invoked it.
    pub invoked_us: Micros,
    /// When the client saw its result.
    pub completed_us: Option<Micros>,
    /// Its outcome.
    pub outcome: Outcome,
    /// Why it failed.
    pub error: Option<String>,
    /// The replicas whose replies made its quorum.
    pub replies_from: Vec<EndpointId>,
    /// The merged state it returned.
    pub result: KeyState,
    /// The write's dot (puts and deletes, once known).
    pub dot: Option<crate::version::Dot>,
    /// Whether a get returned a stale value (see the checker).
    pub stale: bool,
    /// A failed put or delete that may still have been stored by some replica (Jepsen's
    /// `:info`): it timed out after its write went out.
    pub indeterminate: bool,
    /// Whether a get returned a value that a delete acknowledged before it began had removed
    /// (see the checker).
    pub resurrection: bool,
    /// Every reply its coordinator received, in order of arrival, those after the quorum or the
    /// failure included (at most one per replica asked).
    pub replies: Vec<ReplyRecord>,
    /// The read repairs it caused, in order (at most one per replica that answered).
    pub repairs: Vec<RepairRecord>,
    /// The replicas that stored its write, in order, whatever its outcome (a failed write may
    /// still have landed on some).
    pub stores: Vec<StoreRecord>,
}

impl OpRecord {
    /// A warning when its result holds more than [`SIBLINGS_WARNING`] siblings (Riak's
    /// `siblings_threshold`): they pile up when writes are blind or concurrent.
    pub fn sibling_warning(&self) -> Option<String> {
        let count = self.result.siblings.len();
        (self.outcome == Outcome::Ok && count > SIBLINGS_WARNING).then(|| {
            format!(
                "{count} siblings (more than {SIBLINGS_WARNING}): write with the context of a \
                 read to merge them"
            )
        })
    }

    /// The sibling values of its result (tombstones left out); none unless it succeeded.
    pub fn result_values(&self) -> Vec<String> {
        if self.outcome == Outcome::Ok {
            self.result.values().iter().map(|v| v.to_string()).collect()
        } else {
            Vec::new()
        }
    }
}

/// The counters of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metrics {
    /// Messages sent.
    pub messages: u64,
    /// Messages lost to the drop rate or dropped by the user.
    pub dropped: u64,
    /// Messages cut by a partition.
    pub cut: u64,
    /// Messages refused by a crashed receiver.
    pub refused: u64,
    /// Gets that returned a stale value.
    pub stale_reads: u64,
    /// Acknowledged puts lost from every replica at the end.
    pub lost_writes: u64,
    /// Read repairs sent.
    pub read_repairs: u64,
    /// Keys that anti-entropy changed on some replica.
    pub anti_entropy_repairs: u64,
    /// Hints handed back to their home replica.
    pub hints_delivered: u64,
    /// Gets that returned a value an acknowledged delete had removed (see the checker).
    pub resurrections: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Pending {
    /// The i-th event of the scenario or an injected action.
    Action(usize),
    /// A message arrives.
    Deliver(MsgId),
    /// A process's timer.
    Timer(EndpointId, Timer),
    /// Periodic hinted-handoff check of a node, of a generation of the setting.
    HandoffTick(EndpointId, u32),
    /// Periodic anti-entropy round of a node, of a generation of the setting.
    AntiEntropyTick(EndpointId, u32),
}

impl Pending {
    fn is_tick(&self) -> bool {
        matches!(
            self,
            Pending::HandoffTick(..) | Pending::AntiEntropyTick(..)
        )
    }
}

/// Where one node's periodic background ticks (anti-entropy or handoff) stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct TickState {
    /// A time at which the node ticked or was due to (its phase): its ticks fall on this time
    /// plus whole periods.
    anchor: Micros,
    /// When its next tick is scheduled; `None` while parked (idle, with nothing else
    /// scheduled). A tick entry in the queue at another time is stale.
    next: Option<Micros>,
}

/// The first time after `anchor` (by at least one `period`), on `anchor`'s phase, that is at or
/// after `t`.
fn phase_at_or_after(anchor: Micros, period: Micros, t: Micros) -> Micros {
    let periods = if t > anchor {
        (t - anchor).div_ceil(period).max(1)
    } else {
        1
    };
    anchor.saturating_add(periods.saturating_mul(period))
}

/// The sequence numbers of background ticks: above every other event's ([`Simulator::push`]).
const TICK_SEQ: u64 = 1 << 62;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    at: Micros,
    seq: u64,
    what: Pending,
}

/// A scheduled action: a scenario event, or one injected from the page.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduledAction {
    /// When.
    pub at_us: Micros,
    /// What.
    pub action: Action,
}

/// Hashes message ids (already unique numbers) for the in-flight table, which is only ever
/// looked up by id, never iterated, so its order cannot leak into a run.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = v.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A process, borrowed for one handler.
enum Process<'a> {
    Replica(&'a mut Replica),
    Client(&'a mut Client),
}

struct InFlight {
    from: EndpointId,
    to: EndpointId,
    payload: Payload,
}

/// Options that do not change a run, only what is kept of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Keep a [`MessageRecord`] of every message (the page needs them; benchmarks do not).
    pub record_messages: bool,
    /// With `record_messages`, keep only a window of recent records instead of every one
    /// (the page, which plays for as long as it is open); `None` keeps them all.
    pub message_window: Option<MessageWindow>,
    /// How many entries of the run's journal ([`Simulator::journal`]) are kept: the newest
    /// ones; older ones are only counted. 0 keeps none.
    pub journal_limit: usize,
}

/// How many journal entries a simulator keeps by default ([`Options::journal_limit`]).
pub const JOURNAL_LIMIT: usize = 10_000;

impl Default for Options {
    fn default() -> Self {
        Options {
            record_messages: true,
            message_window: None,
            journal_limit: JOURNAL_LIMIT,
        }
    }
}

/// Something that happened in a run that a learner would want told, for narration.
#[derive(Clone, Debug, PartialEq)]
pub enum Happening {
    /// A node crashed (it was up).
    Crashed(EndpointId),
    /// A node recovered (it was down).
    Recovered(EndpointId),
    /// A partition began or changed: every endpoint's group after it, by endpoint (0: the
    /// group of the endpoints it did not list).
    Partitioned(Vec<u32>),
    /// The partition ended.
    Healed,
    /// The drop rate changed to this probability.
    DropRate(f64),
    /// Settings changed from now on (shared with the snapshots that tell it).
    Configured(Arc<ClusterPatch>),
    /// A message in flight was dropped by hand.
    MessageDropped(MsgId),
    /// A client invoked an operation.
    Invoked(OpId),
    /// An operation finished at its client (succeeded or failed: see its record).
    Completed(OpId),
    /// An operation's coordinator repaired a replica that answered its read with something
    /// older.
    ReadRepair {
        /// The read.
        op: OpId,
        /// The replica repaired.
        to: EndpointId,
    },
    /// A fallback handed a hint back to its home replica and dropped it.
    HintHandedBack {
        /// The fallback.
        fallback: EndpointId,
        /// The home replica.
        home: EndpointId,
        /// The key.
        key: KeyId,
    },
    /// Anti-entropy brought a replica's key up to date.
    AntiEntropyRepair {
        /// The replica.
        node: EndpointId,
        /// The key.
        key: KeyId,
    },
}

/// One entry of a run's journal: what happened, and when (simulated time).
#[derive(Clone, Debug, PartialEq)]
pub struct JournalEntry {
    /// When it happened.
    pub at_us: Micros,
    /// What happened.
    pub what: Happening,
}

/// How many revised operations a simulator remembers ([`Simulator::revised`]).
const REVISED_KEPT: usize = 4_096;

/// Which message records a simulator keeps ([`Options::message_window`]): the records of
/// messages still in flight, and of finished ones (delivered or lost) until `linger_us` after
/// they finished, but never more than `max_records` in all. Records are let go oldest first
/// (by message number); past `max_records` the oldest go even if still in flight (the message
/// still travels and is delivered; only its record is gone). Memory stays bounded however long
/// the run: at most `max_records` records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageWindow {
    /// How long a finished message's record is kept after it arrived or died.
    pub linger_us: Micros,
    /// The most records kept at once.
    pub max_records: usize,
}

/// A running simulation of one scenario.
pub struct Simulator {
    scenario: Scenario,
    settings: Settings,
    options: Options,
    names: Vec<Arc<str>>,
    node_count: usize,
    replicas: Vec<Replica>,
    clients: Vec<Client>,
    up: Vec<bool>,
    group: Vec<u32>,
    drop_rate: f64,
    ring: Vec<(u64, EndpointId)>,
    keys: Vec<Arc<str>>,
    /// The key ids in order of their names, to find a key's id by binary search.
    key_ids: Vec<KeyId>,
    prefs: Vec<Vec<EndpointId>>,
    now: Micros,
    seq: u64,
    queue: BinaryHeap<Reverse<Entry>>,
    /// The times of the queued events that are not background ticks, to find the next one;
    /// kept only while there are ticks (anti-entropy or hinted handoff on).
    non_tick: BinaryHeap<Reverse<Micros>>,
    /// Whether `non_tick` is kept.
    tracking_non_tick: bool,
    /// Each node's anti-entropy ticks, of the current generation.
    ae_ticks: Vec<TickState>,
    /// Each node's hinted-handoff ticks, of the current generation.
    handoff_ticks: Vec<TickState>,
    /// Whether no background tick can change anything ([`Simulator::is_settled`]'s repair
    /// test), while no event but a tick has run since it was computed.
    idle_cache: Option<bool>,
    pending_actions: usize,
    foreground_in_flight: usize,
    ae_generation: u32,
    handoff_generation: u32,
    cluster: Cluster,
    actions: Vec<ScheduledAction>,
    in_flight: HashMap<MsgId, InFlight, BuildHasherDefault<IdHasher>>,
    next_msg: MsgId,
    /// The records kept, in order of message number, without gaps: the record of message `id`
    /// is at `id - first_record` (records before it were let go, see [`MessageWindow`]).
    messages: VecDeque<MessageRecord>,
    first_record: MsgId,
    history: Vec<OpRecord>,
    open_ops: usize,
    /// The newest entries of the run's journal, oldest first; `journal_total` counts every
    /// entry ever made.
    journal: VecDeque<JournalEntry>,
    journal_total: u64,
    /// Operations whose record changed after they began (a reply, a read repair, a store, a
    /// hint handed back), newest last; `revised_total` counts them all.
    revised: VecDeque<OpId>,
    revised_total: u64,
    /// The operations whose write each hint holds: (fallback, home, key) and operations (a
    /// short list: hints exist while home replicas are unreachable).
    hinted_ops: Vec<((EndpointId, EndpointId, KeyId), Vec<OpId>)>,
    checker: Checker,
    metrics: Metrics,
    trace: Fnv,
    events: u64,
    rng: SimRng,
    outbox: Outbox,
}

impl Simulator {
    /// Parses a scenario file and builds its simulator.
    pub fn from_json(text: &str) -> Result<Simulator, ScenarioError> {
        Ok(Simulator::new(Scenario::from_json(text)?))
    }

    /// Builds the simulator of a validated scenario, with default options.
    pub fn new(scenario: Scenario) -> Simulator {
        Simulator::with_options(scenario, Options::default())
    }

    /// Builds the simulator of a validated scenario ([`Scenario::validate`]).
    pub fn with_options(scenario: Scenario, options: Options) -> Simulator {
        let c = &scenario.cluster;
        let mut names: Vec<Arc<str>> = c.nodes.iter().map(|s| Arc::from(s.as_str())).collect();
        let node_count = names.len();
        for client in scenario.clients() {
            names.push(Arc::from(client.as_str()));
        }
        let settings = Settings::of(c, &names, node_count);
        let mut ring: Vec<(u64, EndpointId)> = Vec::with_capacity(node_count * TOKENS_PER_NODE);
        for (i, name) in names.iter().take(node_count).enumerate() {
            for t in 0..TOKENS_PER_NODE {
                ring.push((hash_str(&format!("{name}#{t}")), i));
            }
        }
        crate::sort::sort(&mut ring);
        let endpoints = names.len();
        let mut sim = Simulator {
            rng: SimRng::new(scenario.seed),
            settings,
            options,
            replicas: (0..node_count).map(Replica::new).collect(),
            clients: (node_count..endpoints).map(Client::new).collect(),
            up: vec![true; endpoints],
            group: vec![0; endpoints],
            drop_rate: 0.0,
            ring,
            keys: Vec::new(),
            key_ids: Vec::new(),
            prefs: Vec::new(),
            now: 0,
            seq: 0,
            queue: BinaryHeap::new(),
            non_tick: BinaryHeap::new(),
            tracking_non_tick: false,
            ae_ticks: Vec::new(),
            handoff_ticks: Vec::new(),
            idle_cache: None,
            pending_actions: 0,
            foreground_in_flight: 0,
            ae_generation: 0,
            handoff_generation: 0,
            cluster: scenario.cluster.clone(),
            actions: Vec::new(),
            in_flight: HashMap::default(),
            next_msg: 1,
            messages: VecDeque::new(),
            first_record: 1,
            history: Vec::new(),
            open_ops: 0,
            journal: VecDeque::new(),
            journal_total: 0,
            revised: VecDeque::new(),
            revised_total: 0,
            hinted_ops: Vec::new(),
            checker: Checker::default(),
            metrics: Metrics::default(),
            trace: Fnv::new(),
            events: 0,
            outbox: Outbox::default(),
            names,
            node_count,
            scenario,
        };
        for key in sim
            .scenario
            .cluster
            .placement
            .keys()
            .cloned()
            .collect::<Vec<_>>()
        {
            sim.intern(&key);
        }
        let events: Vec<ScheduledAction> = sim
            .scenario
            .events
            .iter()
            .map(|e| ScheduledAction {
                at_us: ms_to_us(e.at),
                action: e.action.clone(),
            })
            .collect();
        for e in events {
            sim.schedule(e.at_us, e.action);
        }
        sim.start_anti_entropy();
        sim.start_handoff();
        sim
    }

    /// Starts a new generation of anti-entropy rounds (older rounds stop at their next tick).
    fn start_anti_entropy(&mut self) {
        self.ae_generation += 1;
        self.ae_ticks.clear();
        self.track_non_tick();
        if let Some(p) = self.settings.anti_entropy_us {
            for node in 0..self.node_count {
                // Spread the nodes' rounds over the period so they do not all fire at once.
                let offset = p * (node as u64 + 1) / (self.node_count as u64 + 1);
                let at = self.now.saturating_add(offset.max(1));
                self.ae_ticks.push(TickState {
                    anchor: at,
                    next: Some(at),
                });
                self.push(at, Pending::AntiEntropyTick(node, self.ae_generation));
            }
        }
    }

    /// Starts a new generation of hinted-handoff checks (older ones stop at their next tick).
    fn start_handoff(&mut self) {
        self.handoff_generation += 1;
        self.handoff_ticks.clear();
        self.track_non_tick();
        if self.settings.hinted_handoff {
            for node in 0..self.node_count {
                let at = self.now.saturating_add(self.settings.handoff_interval_us);
                self.handoff_ticks.push(TickState {
                    anchor: at,
                    next: Some(at),
                });
                self.push(at, Pending::HandoffTick(node, self.handoff_generation));
            }
        }
    }

    /// Keeps the times of the queued non-tick events while there are ticks to skip (rebuilt from
    /// the queue when ticks start), and nothing otherwise: a run without background repair pays
    /// nothing for it.
    fn track_non_tick(&mut self) {
        let track = self.settings.anti_entropy_us.is_some() || self.settings.hinted_handoff;
        if track && !self.tracking_non_tick {
            self.non_tick = self
                .queue
                .iter()
                .filter(|e| !e.0.what.is_tick())
                .map(|e| Reverse(e.0.at))
                .collect();
        } else if !track {
            self.non_tick.clear();
        }
        self.tracking_non_tick = track;
    }

    fn push(&mut self, at: Micros, what: Pending) {
        debug_assert!(at >= self.now);
        if matches!(what, Pending::Action(_)) {
            self.pending_actions += 1;
        }
        if self.tracking_non_tick && !what.is_tick() {
            self.non_tick.push(Reverse(at));
        }
        // Events at one time run in the order they were scheduled, except background ticks: they
        // run after every other event of that time, anti-entropy rounds first, each kind by
        // node. Ticks are rescheduled by different paths (an idle tick moving itself, or
        // `schedule` bringing parked ticks back), so their order must not depend on which path
        // queued them, or a page's run and the replay of its share link would part.
        let seq = match what {
            Pending::AntiEntropyTick(node, _) => TICK_SEQ + node as u64,
            Pending::HandoffTick(node, _) => TICK_SEQ + (1 << 32) + node as u64,
            _ => {
                self.seq += 1;
                self.seq
            }
        };
        self.queue.push(Reverse(Entry { at, seq, what }));
    }

    /// Schedules an action (a client operation or a fault) at a time not before now. Background
    /// ticks that were idle and waiting for a later event (or parked, with nothing scheduled)
    /// come back, in their phase, at their first tick at or after it.
    pub fn schedule(&mut self, at_us: Micros, action: Action) {
        let at_us = at_us.max(self.now);
        self.actions.push(ScheduledAction { at_us, action });
        let i = self.actions.len() - 1;
        self.push(at_us, Pending::Action(i));
        self.rearm_ticks(at_us);
    }

    /// Brings every node's background ticks that are parked, or waiting past `t`, back to their
    /// first tick at or after `t` (the entry already queued for a later time becomes stale).
    fn rearm_ticks(&mut self, t: Micros) {
        for ae in [true, false] {
            let period = self.tick_period(ae);
            let (ticks, generation) = if ae {
                (&mut self.ae_ticks, self.ae_generation)
            } else {
                (&mut self.handoff_ticks, self.handoff_generation)
            };
            let Some(p) = period else { continue };
            let mut due = Vec::new();
            for (node, tick) in ticks.iter_mut().enumerate() {
                let at = phase_at_or_after(tick.anchor, p, t);
                if tick.next.is_none_or(|next| at < next) {
                    tick.next = Some(at);
                    due.push((node, at));
                }
            }
            for (node, at) in due {
                let what = if ae {
                    Pending::AntiEntropyTick(node, generation)
                } else {
                    Pending::HandoffTick(node, generation)
                };
                self.push(at, what);
            }
        }
    }

    /// The period of the anti-entropy (`ae`) or handoff ticks now, if they are on.
    fn tick_period(&self, ae: bool) -> Option<Micros> {
        if ae {
            self.settings.anti_entropy_us
        } else {
            Some(self.settings.handoff_interval_us)
        }
    }

    fn intern(&mut self, key: &str) -> KeyId {
        let at = match self
            .key_ids
            .binary_search_by(|&id| (*self.keys[id as usize]).cmp(key))
        {
            Ok(i) => return self.key_ids[i],
            Err(i) => i,
        };
        let id = self.keys.len() as KeyId;
        self.keys.push(Arc::from(key));
        self.key_ids.insert(at, id);
        let prefs = match self.scenario.cluster.placement.get(key) {
            Some(list) => list
                .iter()
                .filter_map(|n| {
                    self.names[..self.node_count]
                        .iter()
                        .position(|x| **x == **n)
                })
                .collect(),
            None => preference_list(&self.ring, self.node_count, key),
        };
        self.prefs.push(prefs);
        id
    }

    /// The scenario being run.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The resolved settings now.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The cluster's settings now, as in a scenario file (after any `configure` event).
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    /// Names of all endpoints: nodes first, then clients.
    pub fn names(&self) -> &[Arc<str>] {
        &self.names
    }

    /// How many of the endpoints are nodes.
    pub fn node_count(&self) -> usize {
        self.node_count
    }

    /// Names of the keys seen so far, by key id.
    pub fn keys(&self) -> &[Arc<str>] {
        &self.keys
    }

    /// The preference list of a key: home replicas first, then fallbacks.
    pub fn preference_list(&self, key: KeyId) -> &[EndpointId] {
        &self.prefs[key as usize]
    }

    /// The replicas.
    pub fn replicas(&self) -> &[Replica] {
        &self.replicas
    }

    /// The clients, in the order of their endpoints after the nodes.
    pub fn clients(&self) -> &[Client] {
        &self.clients
    }

    /// Whether each endpoint is up.
    pub fn up(&self) -> &[bool] {
        &self.up
    }

    /// The partition group of each endpoint (all 0 when there is no partition).
    pub fn groups(&self) -> &[u32] {
        &self.group
    }

    /// The current drop rate.
    pub fn drop_rate(&self) -> f64 {
        self.drop_rate
    }

    /// The messages recorded so far (when [`Options::record_messages`] is on), in order of
    /// number: every one, or with [`Options::message_window`] the recent ones.
    pub fn messages(&self) -> &VecDeque<MessageRecord> {
        &self.messages
    }

    /// The operations invoked so far.
    pub fn history(&self) -> &[OpRecord] {
        &self.history
    }

    /// The newest entries of the run's journal (at most [`Options::journal_limit`]), oldest
    /// first: what happened, at its simulated time.
    pub fn journal(&self) -> &VecDeque<JournalEntry> {
        &self.journal
    }

    /// How many journal entries the run has made in all; the first one kept is number
    /// `journal_total() - journal().len()` (counting from 0).
    pub fn journal_total(&self) -> u64 {
        self.journal_total
    }

    /// Operations whose record changed after they began (a reply, a read repair, a store, a
    /// hint handed back), oldest first: the newest few thousand, with
    /// [`Simulator::revised_total`] counting every one. An operation is listed once per change.
    pub fn revised(&self) -> &VecDeque<OpId> {
        &self.revised
    }

    /// How many revisions [`Simulator::revised`] has listed in all.
    pub fn revised_total(&self) -> u64 {
        self.revised_total
    }

    /// What a message still in flight carries (`None` once it arrived or was lost).
    pub fn in_flight_payload(&self, id: MsgId) -> Option<&Payload> {
        self.in_flight.get(&id).map(|m| &m.payload)
    }

    /// The counters so far (`lost_writes` is computed by [`Simulator::lost_writes`]).
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Current simulated time.
    pub fn now(&self) -> Micros {
        self.now
    }

    /// Events processed so far.
    pub fn events_processed(&self) -> u64 {
        self.events
    }

    /// The hex digest of every event so far.
    pub fn trace_hash(&self) -> String {
        format!("{:016x}", self.trace.finish())
    }

    /// The time of the next event, if any.
    pub fn next_time(&self) -> Option<Micros> {
        self.queue.peek().map(|e| e.0.at)
    }

    /// The time of the next event that can change what an observer sees: [`Simulator::next_time`]
    /// leaving out the deadlines of operations that have already finished, which do nothing.
    /// The page skips quiet stretches up to it. Costs one pass over the queue.
    pub fn next_time_of_interest(&self) -> Option<Micros> {
        let finished = |op: OpId| {
            self.history
                .get((op as usize).wrapping_sub(1))
                .is_some_and(|r| r.completed_us.is_some())
        };
        self.queue
            .iter()
            .filter(|Reverse(e)| {
                !matches!(e.what, Pending::Timer(_, Timer::Deadline(op)) if finished(op))
            })
            .map(|Reverse(e)| e.at)
            .min()
    }

    /// Whether the run has finished: every scheduled action done, every operation finished, no
    /// message in flight, and no background repair left that could change a replica.
    pub fn is_settled(&self) -> bool {
        // Timers of finished operations do not count; actions, requests and replies in flight and
        // open operations do. Background messages (anti-entropy, handoff) in flight do not once
        // the replicas agree: merging an older state into an equal one changes nothing.
        self.pending_actions == 0
            && self.foreground_in_flight == 0
            && self.open_ops == 0
            && self.quiescent()
    }

    fn quiescent(&self) -> bool {
        let view_ok = |a: EndpointId, b: EndpointId| {
            self.up[a] && self.up[b] && self.group[a] == self.group[b]
        };
        if self.settings.hinted_handoff {
            for r in &self.replicas {
                if r.hints.entries().iter().any(|e| view_ok(r.id, e.0 .1)) {
                    return false;
                }
            }
        }
        if self.settings.anti_entropy_us.is_some() {
            let mode = self.settings.versioning;
            let empty = KeyState::new();
            for (k, prefs) in self.prefs.iter().enumerate() {
                let homes = &prefs[..self.settings.n.min(prefs.len())];
                for (i, &a) in homes.iter().enumerate() {
                    for &b in &homes[i + 1..] {
                        if !view_ok(a, b) {
                            continue;
                        }
                        let sa = self.replicas[a].store.get(k as KeyId).unwrap_or(&empty);
                        let sb = self.replicas[b].store.get(k as KeyId).unwrap_or(&empty);
                        if sa.would_change(mode, sb) || sb.would_change(mode, sa) {
                            return false;
                        }
                    }
                }
            }
        }
        true
    }

    /// Runs until the run has settled ([`Simulator::is_settled`]) or, with `until`, until the
    /// next event would be later than `until`.
    pub fn run(&mut self, until: Option<Micros>) {
        self.run_bounded(until, u64::MAX);
    }

    /// Runs as [`Simulator::run`] does, but stops once `max_events` events have been processed
    /// since the start ([`Simulator::events_processed`]). Returns `false` when it stopped at that
    /// bound (the run had neither settled, nor run out of events, nor reached `until`), `true`
    /// otherwise. `qsim run` and `qsim random` use [`MAX_RUN_EVENTS`], so both stop any run at
    /// the same event.
    pub fn run_bounded(&mut self, until: Option<Micros>, max_events: u64) -> bool {
        loop {
            if self.is_settled() {
                return true;
            }
            match (self.next_time(), until) {
                (None, _) => return true,
                (Some(t), Some(u)) if t > u => {
                    self.now = self.now.max(u);
                    return true;
                }
                _ => {}
            }
            if self.events >= max_events {
                return false;
            }
            self.step();
        }
    }

    /// Why the run has not settled yet, in a few words: what is still scheduled, pending or in
    /// flight, or that background repair still has work (empty once it has settled).
    pub fn unsettled_reason(&self) -> String {
        let mut parts = Vec::new();
        if self.pending_actions > 0 {
            parts.push(format!("{} scheduled events to come", self.pending_actions));
        }
        if self.open_ops > 0 {
            parts.push(format!("{} operations pending", self.open_ops));
        }
        if self.foreground_in_flight > 0 {
            parts.push(format!(
                "{} requests or replies in flight",
                self.foreground_in_flight
            ));
        }
        if !self.quiescent() {
            parts.push(
                "background repair (anti-entropy or hinted handoff) still has replicas to bring \
                 up to date"
                    .to_string(),
            );
        }
        parts.join(", ")
    }

    /// Processes events up to and including time `t` and sets the clock to `t` (for the page,
    /// which follows wall time).
    pub fn advance_to(&mut self, t: Micros) {
        while let Some(next) = self.next_time() {
            if next > t {
                break;
            }
            self.step();
        }
        self.now = self.now.max(t);
    }

    /// Processes the next event; returns `false` when there is none.
    pub fn step(&mut self) -> bool {
        let Some(Reverse(entry)) = self.queue.pop() else {
            return false;
        };
        self.now = self.now.max(entry.at);
        self.events += 1;
        if !entry.what.is_tick() {
            if self.tracking_non_tick {
                // The earliest non-tick event is this one (same time: the queue orders by time).
                let next = self.non_tick.pop();
                debug_assert_eq!(next, Some(Reverse(entry.at)));
            }
            // Anything but a tick may change what a tick would find to do.
            self.idle_cache = None;
        }
        match entry.what {
            Pending::Action(i) => {
                self.pending_actions -= 1;
                // Each action runs once: take it rather than copy its strings.
                let action = std::mem::replace(&mut self.actions[i].action, Action::Heal);
                self.apply(action);
            }
            Pending::Deliver(id) => self.deliver(id),
            Pending::Timer(e, timer) => {
                // A crashed node forgot its timers with its requests.
                if self.up[e] {
                    self.dispatch(e, |p, view, out| match p {
                        Process::Replica(r) => r.on_timer(view, timer, out),
                        Process::Client(c) => c.on_timer(view, timer, out),
                    });
                }
            }
            Pending::HandoffTick(node, g) => self.tick(false, node, g, entry.at),
            Pending::AntiEntropyTick(node, g) => self.tick(true, node, g, entry.at),
        }
        true
    }

    /// A background tick of `node`, of generation `g`, due at `at`: an anti-entropy round
    /// (`ae`) or a hinted-handoff check. It runs unless it is idle: its node is down, or no tick
    /// can change anything (no replicas that should agree differ, no hint can reach its home:
    /// the repair part of [`Simulator::is_settled`]). The next tick is one period later; an idle
    /// one instead waits, in phase, for its first tick time at or after the next event that is
    /// not a tick (until then nothing can change), or parks when there is none, until
    /// [`Simulator::schedule`] adds one. Ticks of an older generation, or that a re-arm moved,
    /// do nothing.
    fn tick(&mut self, ae: bool, node: EndpointId, g: u32, at: Micros) {
        let (generation, ticks) = if ae {
            (self.ae_generation, &self.ae_ticks)
        } else {
            (self.handoff_generation, &self.handoff_ticks)
        };
        if g != generation || ticks.get(node).and_then(|t| t.next) != Some(at) {
            return;
        }
        let idle = !self.up[node] || self.ticks_idle();
        if !idle {
            self.dispatch(node, |p, view, out| {
                if let Process::Replica(r) = p {
                    if ae {
                        r.on_anti_entropy_tick(view, out);
                    } else {
                        r.on_handoff_tick(view, out);
                    }
                }
            });
        }
        let next = match self.tick_period(ae) {
            None => None,
            Some(p) if idle => self.non_tick.peek().map(|t| phase_at_or_after(at, p, t.0)),
            Some(p) => Some(at.saturating_add(p)),
        };
        let ticks = if ae {
            &mut self.ae_ticks
        } else {
            &mut self.handoff_ticks
        };
        ticks[node] = TickState { anchor: at, next };
        if let Some(t) = next {
            let what = if ae {
                Pending::AntiEntropyTick(node, g)
            } else {
                Pending::HandoffTick(node, g)
            };
            self.push(t, what);
        }
    }

    /// Whether no background tick can change anything now (cached until an event that is not
    /// a tick runs: ticks themselves never change it).
    fn ticks_idle(&mut self) -> bool {
        match self.idle_cache {
            Some(idle) => idle,
            None => {
                let idle = self.quiescent();
                self.idle_cache = Some(idle);
                idle
            }
        }
    }
}

impl Simulator {
    /// Runs a handler of endpoint `e` with a view of the world, then carries out its outbox.
    fn dispatch(&mut self, e: EndpointId, f: impl FnOnce(Process<'_>, &View, &mut Outbox)) {
        let mut out = std::mem::take(&mut self.outbox);
        let view = View {
            now: self.now,
            settings: &self.settings,
            nodes: self.node_count,
            prefs: &self.prefs,
            up: &self.up,
            group: &self.group,
            names: &self.names,
        };
        let p = if e < self.node_count {
            Process::Replica(&mut self.replicas[e])
        } else {
            Process::Client(&mut self.clients[e - self.node_count])
        };
        f(p, &view, &mut out);
        self.flush(e, out);
    }

    fn reachable(&self, a: EndpointId, b: EndpointId) -> bool {
        self.up[a] && self.up[b] && self.group[a] == self.group[b]
    }

    fn trace_event(&mut self, tag: u8, a: u64, b: u64, c: u64) {
        self.trace.word(self.now);
        self.trace.word(tag as u64);
        self.trace.word(a);
        self.trace.word(b);
        self.trace.word(c);
    }

    /// Sends what a process recorded, sets its timers, records its completions and notes.
    fn flush(&mut self, from: EndpointId, mut out: Outbox) {
        for (to, payload) in out.sends.drain(..) {
            self.send(from, to, payload);
        }
        for (at, timer) in out.timers.drain(..) {
            self.push(at, Pending::Timer(from, timer));
        }
        for note in out.notes.drain(..) {
            match note {
                Note::AntiEntropyRepair { node, key } => {
                    self.metrics.anti_entropy_repairs += 1;
                    self.record(Happening::AntiEntropyRepair { node, key });
                }
                Note::HintDelivered {
                    fallback,
                    home,
                    key,
                } => {
                    self.metrics.hints_delivered += 1;
                    self.record(Happening::HintHandedBack {
                        fallback,
                        home,
                        key,
                    });
                    self.hint_handed_back(fallback, home, key);
                }
            }
        }
        let op_notes: Vec<_> = out.op_notes.drain(..).collect();
        let completions: Vec<_> = out.completions.drain(..).collect();
        self.outbox = out;
        for note in op_notes {
            self.on_op_note(note);
        }
        for c in completions {
            self.complete(c.op, c.result);
        }
    }

    /// Adds an entry to the journal, letting go of the oldest past [`Options::journal_limit`].
    fn record(&mut self, what: Happening) {
        self.journal_total += 1;
        if self.options.journal_limit == 0 {
            return;
        }
        if self.journal.len() == self.options.journal_limit {
            self.journal.pop_front();
        }
        self.journal.push_back(JournalEntry {
            at_us: self.now,
            what,
        });
    }

    /// Notes that operation `op`'s record changed.
    fn revise(&mut self, op: OpId) {
        if self.revised.len() == REVISED_KEPT {
            self.revised.pop_front();
        }
        self.revised.push_back(op);
        self.revised_total += 1;
    }

    /// Adds what happened to an operation to its record (and read repairs to the journal).
    fn on_op_note(&mut self, note: OpNote) {
        let now = self.now;
        let op = match note {
            OpNote::Replied { op, from, answer } => {
                let Some(rec) = self.history.get_mut(op as usize - 1) else {
                    return;
                };
                rec.replies.push(ReplyRecord {
                    from,
                    at_us: now,
                    answer,
                });
                op
            }
            OpNote::Repaired { op, to } => {
                self.metrics.read_repairs += 1;
                let Some(rec) = self.history.get_mut(op as usize - 1) else {
                    return;
                };
                rec.repairs.push(RepairRecord { to, at_us: now });
                self.record(Happening::ReadRepair { op, to });
                op
            }
            OpNote::Stored { op, node, hint_for } => {
                let Some(rec) = self.history.get_mut(op as usize - 1) else {
                    return;
                };
                rec.stores.push(StoreRecord {
                    node,
                    at_us: now,
                    hint_for,
                    handed_back_us: None,
                });
                if let Some(home) = hint_for {
                    let hint = (node, home, rec.key);
                    match self.hinted_ops.iter_mut().find(|h| h.0 == hint) {
                        Some((_, ops)) if ops.contains(&op) => {}
                        Some((_, ops)) => ops.push(op),
                        None => self.hinted_ops.push((hint, vec![op])),
                    }
                }
                op
            }
        };
        self.revise(op);
    }

    /// A fallback handed its hint of `key` back to `home`: the writes it held are home.
    fn hint_handed_back(&mut self, fallback: EndpointId, home: EndpointId, key: KeyId) {
        let hint = (fallback, home, key);
        let Some(i) = self.hinted_ops.iter().position(|h| h.0 == hint) else {
            return;
        };
        let (_, ops) = self.hinted_ops.swap_remove(i);
        let now = self.now;
        for op in ops {
            let Some(rec) = self.history.get_mut(op as usize - 1) else {
                continue;
            };
            for s in rec.stores.iter_mut() {
                if s.node == fallback && s.hint_for == Some(home) && s.handed_back_us.is_none() {
                    s.handed_back_us = Some(now);
                }
            }
            self.revise(op);
        }
    }

    fn send(&mut self, from: EndpointId, to: EndpointId, payload: Payload) {
        let kind = payload.kind();
        let id = self.next_msg;
        self.next_msg += 1;
        self.metrics.messages += 1;
        let write_op = match &payload {
            Payload::Request { kind, .. } => kind.is_write(),
            Payload::Reply { result, .. } => result.dot.is_some(),
            _ => false,
        };
        let delay_ms = self
            .settings
            .latency
            .sample(kind.latency_class(write_op), &mut self.rng);
        let arrive = self.now.saturating_add(ms_to_us(delay_ms));
        let mut fate = Fate::InFlight;
        let mut lost_us = None;
        if !self.reachable(from, to) && self.up[from] && self.group[from] != self.group[to] {
            fate = Fate::Cut;
            lost_us = Some(self.now + (arrive - self.now) / 2);
            self.metrics.cut += 1;
        } else if self.drop_rate > 0.0 && self.rng.chance(self.drop_rate) {
            fate = Fate::Dropped;
            lost_us = Some(self.now + (arrive - self.now) / 2);
            self.metrics.dropped += 1;
        }
        self.trace_event(1, id, (from as u64) << 32 | to as u64, arrive);
        self.trace.word((kind as u64) << 8 | fate as u64);
        if self.options.record_messages {
            let summary = self.summarize(&payload);
            self.messages.push_back(MessageRecord {
                id,
                kind,
                from,
                to,
                sent_us: self.now,
                arrive_us: arrive,
                lost_us,
                fate,
                op: payload.op(),
                key: payload.key(),
                summary,
            });
            self.trim_records();
        }
        if fate == Fate::InFlight {
            if !kind.is_background() {
                self.foreground_in_flight += 1;
            }
            self.in_flight.insert(id, InFlight { from, to, payload });
            self.push(arrive, Pending::Deliver(id));
        }
    }

    fn set_fate(&mut self, id: MsgId, fate: Fate, lost: Option<Micros>) {
        // A record already let go (see `MessageWindow`) has nothing to update.
        let Some(at) = id.checked_sub(self.first_record) else {
            return;
        };
        if let Some(m) = self.messages.get_mut(at as usize) {
            m.fate = fate;
            m.lost_us = lost;
        }
    }

    /// Lets go of the records that [`Options::message_window`] no longer keeps, oldest first.
    fn trim_records(&mut self) {
        let Some(w) = self.options.message_window else {
            return;
        };
        while let Some(m) = self.messages.front() {
            let finished_at = match m.fate {
                Fate::InFlight => None,
                Fate::Delivered => Some(m.arrive_us),
                _ => Some(m.lost_us.unwrap_or(m.arrive_us)),
            };
            let expired = finished_at.is_some_and(|t| t.saturating_add(w.linger_us) <= self.now);
            if !expired && self.messages.len() <= w.max_records {
                break;
            }
            self.messages.pop_front();
            self.first_record += 1;
        }
    }

    fn deliver(&mut self, id: MsgId) {
        let Some(InFlight { from, to, payload }) = self.in_flight.remove(&id) else {
            // Dropped by the user while in flight.
            return;
        };
        if !payload.kind().is_background() {
            self.foreground_in_flight -= 1;
        }
        let fate = if !self.up[to] {
            self.metrics.refused += 1;
            Fate::Refused
        } else if self.group[from] != self.group[to] {
            self.metrics.cut += 1;
            Fate::Cut
        } else {
            Fate::Delivered
        };
        self.trace_event(2, id, fate as u64, 0);
        let lost = (fate != Fate::Delivered).then_some(self.now);
        self.set_fate(id, fate, lost);
        if fate != Fate::Delivered {
            return;
        }
        self.dispatch(to, |p, view, out| match p {
            Process::Replica(r) => r.on_message(view, from, payload, out),
            Process::Client(c) => c.on_message(view, from, payload, out),
        });
    }

    /// Drops a message in flight (the page's click on a message). Returns whether it was in
    /// flight.
    pub fn drop_message(&mut self, id: MsgId) -> bool {
        match self.in_flight.remove(&id) {
            Some(m) => {
                if !m.payload.kind().is_background() {
                    self.foreground_in_flight -= 1;
                }
                self.metrics.dropped += 1;
                self.trace_event(3, id, 0, 0);
                self.set_fate(id, Fate::Dropped, Some(self.now));
                true
            }
            None => false,
        }
    }

    fn endpoint(&self, name: &str) -> Option<EndpointId> {
        self.names.iter().position(|n| &**n == name)
    }

    /// Applies an action now.
    fn apply(&mut self, action: Action) {
        match action {
            Action::Put(p) => {
                let value: Value = Arc::from(p.value.as_str());
                let value = self.value_to_write(&p.client, &p.key, value, p.merge);
                self.invoke(&p.client, OpKind::Put, &p.key, Some(value), p.context);
            }
            Action::Get(g) => {
                self.invoke(&g.client, OpKind::Get, &g.key, None, ContextChoice::None)
            }
            Action::Delete(d) => self.invoke(&d.client, OpKind::Delete, &d.key, None, d.context),
            Action::Crash(node) => {
                if let Some(e) = self.endpoint(&node).filter(|&e| e < self.node_count) {
                    self.trace_event(4, e as u64, 0, 0);
                    if self.up[e] {
                        self.record(Happening::Crashed(e));
                    }
                    self.up[e] = false;
                    self.replicas[e].crash();
                }
            }
            Action::Recover(node) => {
                if let Some(e) = self.endpoint(&node).filter(|&e| e < self.node_count) {
                    self.trace_event(5, e as u64, 0, 0);
                    if !self.up[e] {
                        self.record(Happening::Recovered(e));
                    }
                    self.up[e] = true;
                }
            }
            Action::Partition(groups) => {
                self.group.iter_mut().for_each(|g| *g = 0);
                for (i, members) in groups.iter().enumerate() {
                    for m in members {
                        if let Some(e) = self.endpoint(m) {
                            self.group[e] = i as u32 + 1;
                        }
                    }
                }
                self.trace_event(6, groups.len() as u64, 0, 0);
                for &g in &self.group.clone() {
                    self.trace.word(g as u64);
                }
                self.record(Happening::Partitioned(self.group.clone()));
            }
            Action::Heal => {
                self.trace_event(7, 0, 0, 0);
                if self.group.iter().any(|&g| g != 0) {
                    self.record(Happening::Healed);
                }
                self.group.iter_mut().for_each(|g| *g = 0);
            }
            Action::DropRate(p) => {
                self.trace_event(8, p.to_bits(), 0, 0);
                self.drop_rate = crate::number::clamp(p, 0.0, 1.0);
                self.record(Happening::DropRate(self.drop_rate));
            }
            Action::DropMessage(id) => {
                // A message that has arrived (or was never sent) is not there to drop; the
                // trace records the attempt either way.
                self.trace_event(12, id, 0, 0);
                if self.drop_message(id) {
                    self.record(Happening::MessageDropped(id));
                }
            }
            Action::Configure(patch) => {
                self.trace_event(11, 0, 0, 0);
                self.trace.str(&patch.to_json_string());
                self.cluster = patch.apply_to(&self.cluster);
                self.record(Happening::Configured(Arc::new(patch)));
                let before = self.settings.clone();
                self.settings = Settings::of(&self.cluster, &self.names, self.node_count);
                if before.anti_entropy_us.is_some() != self.settings.anti_entropy_us.is_some() {
                    self.start_anti_entropy();
                }
                if before.hinted_handoff != self.settings.hinted_handoff {
                    self.start_handoff();
                }
            }
        }
    }

    /// The value a put writes: with `merge` (an extension of the contract), computed from the
    /// client's last result for the key ([`Client::value_to_write`]).
    fn value_to_write(
        &mut self,
        client: &str,
        key: &str,
        value: Value,
        merge: Option<Merge>,
    ) -> Value {
        match (
            merge,
            self.endpoint(client).filter(|&e| e >= self.node_count),
        ) {
            (Some(_), Some(c)) => {
                let key = self.intern(key);
                self.clients[c - self.node_count].value_to_write(key, value, merge)
            }
            _ => value,
        }
    }

    fn invoke(
        &mut self,
        client: &str,
        kind: OpKind,
        key: &str,
        value: Option<Value>,
        context: ContextChoice,
    ) {
        let Some(c) = self.endpoint(client).filter(|&e| e >= self.node_count) else {
            return;
        };
        let key = self.intern(key);
        let op = self.history.len() as OpId + 1;
        self.trace_event(9, op, c as u64, key as u64);
        self.open_ops += 1;
        let with_context = context == ContextChoice::Last;
        let write_context =
            self.clients[c - self.node_count].write_context(kind, key, with_context);
        self.checker.on_invoke(op, kind, key);
        self.history.push(OpRecord {
            id: op,
            client: c,
            kind,
            key,
            value: value.clone(),
            with_context,
            write_context: write_context.clone(),
            invoked_us: self.now,
            completed_us: None,
            outcome: Outcome::Pending,
            error: None,
            replies_from: Vec::new(),
            result: KeyState::new(),
            dot: None,
            stale: false,
            indeterminate: false,
            resurrection: false,
            replies: Vec::new(),
            repairs: Vec::new(),
            stores: Vec::new(),
        });
        self.record(Happening::Invoked(op));
        self.dispatch(c, |p, view, out| {
            if let Process::Client(cl) = p {
                cl.invoke(view, op, kind, key, value, write_context, out);
            }
        });
    }

    fn complete(&mut self, op: OpId, result: OpResult) {
        let Some(rec) = self.history.get_mut(op as usize - 1) else {
            return;
        };
        if rec.outcome != Outcome::Pending {
            return;
        }
        self.open_ops -= 1;
        rec.completed_us = Some(self.now);
        rec.replies_from = result.replies_from;
        rec.dot = result.dot;
        rec.result = result.state;
        match result.outcome {
            Ok(()) => rec.outcome = Outcome::Ok,
            Err(e) => {
                rec.outcome = Outcome::Fail;
                rec.error = Some(e);
                rec.indeterminate = result.indeterminate;
            }
        }
        let ok = rec.outcome == Outcome::Ok;
        self.trace.word(self.now);
        self.trace.word(10 << 8 | ok as u64);
        self.trace.word(op);
        for s in &rec.result.siblings {
            self.trace.word(s.dot.actor as u64);
            self.trace.word(s.dot.counter);
        }
        let verdict = self.checker.on_complete(rec);
        rec.stale = verdict.stale;
        rec.resurrection = verdict.resurrection;
        self.record(Happening::Completed(op));
        if verdict.stale {
            self.metrics.stale_reads += 1;
        }
        if verdict.resurrection {
            self.metrics.resurrections += 1;
        }
    }

    /// Acknowledged puts whose value, and every causal successor's value, is gone from every
    /// replica (and every hint) now.
    pub fn lost_writes(&self) -> Vec<OpId> {
        let n = self.settings.n;
        let prefs = &self.prefs;
        self.checker.lost_writes(&self.replicas, |key, node| {
            prefs[key as usize].iter().take(n).any(|&x| x == node)
        })
    }

    /// A message's content in a few words: values cut to [`SUMMARY_VALUE_CHARS`] characters
    /// and at most [`SUMMARY_VALUES`] of them, so that a record stays small whatever it carries.
    fn summarize(&self, p: &Payload) -> String {
        let name = |a: crate::version::Actor| self.names[a as usize].to_string();
        let key = |k: &KeyId| self.keys[*k as usize].to_string();
        let state = |s: &KeyState| {
            let values = s.values();
            let mut vals: Vec<String> = values
                .iter()
                .take(SUMMARY_VALUES)
                .map(|v| short_value(v))
                .collect();
            if values.len() > SUMMARY_VALUES {
                vals.push(format!("+{} more", values.len() - SUMMARY_VALUES));
            }
            // The clock of the versions carried (after the write, for an ack), named as the
            // node cards name it; a timestamp under last-write-wins.
            let clock = s.clock_display(self.settings.versioning, &name);
            let label = if clock.starts_with("ts=") {
                ""
            } else {
                "clock "
            };
            format!(
                "[{}] {label}{}",
                vals.join(", "),
                clip(&clock, SUMMARY_VALUE_CHARS)
            )
        };
        // The context a write was sent with: the versions its client said it had seen.
        let sent_with = |c: &crate::version::VClock| {
            if c.is_empty() {
                ", blind (sent with no context)".to_string()
            } else {
                format!(
                    ", sent with context {}",
                    clip(&c.display_with(&name), SUMMARY_VALUE_CHARS)
                )
            }
        };
        match p {
            Payload::Request {
                op,
                kind,
                key: k,
                value,
                context,
                ..
            } => {
                let sent = if kind.is_write() {
                    sent_with(context)
                } else {
                    String::new()
                };
                match value {
                    Some(v) => format!(
                        "op {op}: {} {}={}{sent}",
                        kind.name(),
                        key(k),
                        short_value(v)
                    ),
                    None => format!("op {op}: {} {}{sent}", kind.name(), key(k)),
                }
            }
            Payload::Reply { op, result } => match &result.outcome {
                Ok(()) => format!("op {op}: ok {}", state(&result.state)),
                Err(e) => format!("op {op}: failed: {e}"),
            },
            Payload::Write {
                op,
                key: k,
                write,
                hint_for,
                ..
            } => {
                let v = write
                    .value
                    .as_deref()
                    .map_or("(tombstone)".into(), short_value);
                let mut s = format!(
                    "op {op}: write {}={v} as {}:{}{}",
                    key(k),
                    name(write.dot.actor),
                    write.dot.counter,
                    sent_with(&write.seen)
                );
                if let Some(h) = hint_for {
                    s.push_str(&format!(", hint for {}", self.names[*h]));
                }
                s
            }
            Payload::Ack {
                op,
                key: k,
                state: st,
                stored: true,
            } => format!("op {op}: ack {} {}", key(k), state(st)),
            Payload::Ack {
                op,
                key: k,
                state: st,
                stored: false,
            } => format!(
                "op {op}: refused {}: too many siblings {}",
                key(k),
                state(st)
            ),
            Payload::Read { op, key: k, .. } => format!("op {op}: read {}", key(k)),
            Payload::Response {
                op,
                key: k,
                state: st,
            } => {
                format!("op {op}: {} = {}", key(k), state(st))
            }
            Payload::ReadRepair { key: k, state: st } => {
                format!("read repair {} = {}", key(k), state(st))
            }
            Payload::AeDigest { digests } => {
                format!("anti-entropy: digests of {} keys", digests.len())
            }
            Payload::AeDiff { states } => format!("anti-entropy: {} keys differ", states.len()),
            Payload::AePush { states } => {
                format!("anti-entropy: {} keys pushed back", states.len())
            }
            Payload::Handoff { key: k, state: st } => {
                format!("hinted handoff {} = {}", key(k), state(st))
            }
            Payload::HandoffAck { key: k, .. } => format!("handoff of {} stored", key(k)),
        }
    }
}

/// The most characters of one value a message summary shows.
pub const SUMMARY_VALUE_CHARS: usize = 40;
/// The most values a message summary lists.
pub const SUMMARY_VALUES: usize = 5;

/// `text` cut to `chars` characters, with an ellipsis when cut (message summaries, and the
/// snapshot's values).
pub fn clip(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        None => text.to_string(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}

fn short_value(v: &str) -> String {
    clip(v, SUMMARY_VALUE_CHARS)
}

/// The preference list of `key` on a ring of node tokens: walking clockwise from the key's hash,
/// every node in the order its first token is met.
pub fn preference_list(ring: &[(u64, EndpointId)], nodes: usize, key: &str) -> Vec<EndpointId> {
    let pos = hash_str(key);
    let start = ring.partition_point(|t| t.0 < pos);
    let mut out = Vec::with_capacity(nodes);
    for i in 0..ring.len() {
        let node = ring[(start + i) % ring.len()].1;
        if !out.contains(&node) {
            out.push(node);
            if out.len() == nodes {
                break;
            }
        }
    }
    out
}
