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
    Client, EndpointId, KeyId, MessageKind, Note, OpId, OpKind, OpResult, Outbox, Payload, Replica,
    Settings, Timer, View,
};
use crate::rng::SimRng;
use crate::scenario::{Action, Cluster, ContextChoice, Merge, Scenario, ScenarioError};
use crate::time::{ms_to_us, Micros};
use crate::version::{KeyState, Value};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// Ring tokens per node for consistent hashing.
pub const TOKENS_PER_NODE: usize = 8;

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
}

impl OpRecord {
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
}

impl Default for Options {
    fn default() -> Self {
        Options {
            record_messages: true,
            message_window: None,
        }
    }
}

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
        if let Some(p) = self.settings.anti_entropy_us {
            for node in 0..self.node_count {
                // Spread the nodes' rounds over the period so they do not all fire at once.
                let offset = p * (node as u64 + 1) / (self.node_count as u64 + 1);
                let at = self.now.saturating_add(offset.max(1));
                self.push(at, Pending::AntiEntropyTick(node, self.ae_generation));
            }
        }
    }

    /// Starts a new generation of hinted-handoff checks (older ones stop at their next tick).
    fn start_handoff(&mut self) {
        self.handoff_generation += 1;
        if self.settings.hinted_handoff {
            for node in 0..self.node_count {
                let at = self.now.saturating_add(self.settings.handoff_interval_us);
                self.push(at, Pending::HandoffTick(node, self.handoff_generation));
            }
        }
    }

    fn push(&mut self, at: Micros, what: Pending) {
        debug_assert!(at >= self.now);
        if matches!(what, Pending::Action(_)) {
            self.pending_actions += 1;
        }
        self.seq += 1;
        self.queue.push(Reverse(Entry {
            at,
            seq: self.seq,
            what,
        }));
    }

    /// Schedules an action (a client operation or a fault) at a time not before now.
    pub fn schedule(&mut self, at_us: Micros, action: Action) {
        let at_us = at_us.max(self.now);
        self.actions.push(ScheduledAction { at_us, action });
        let i = self.actions.len() - 1;
        self.push(at_us, Pending::Action(i));
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
        loop {
            if self.is_settled() {
                break;
            }
            match (self.next_time(), until) {
                (None, _) => break,
                (Some(t), Some(u)) if t > u => {
                    self.now = self.now.max(u);
                    break;
                }
                _ => {}
            }
            self.step();
        }
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

    fn generation_of(&self, p: &Pending) -> u32 {
        match p {
            Pending::HandoffTick(..) => self.handoff_generation,
            _ => self.ae_generation,
        }
    }

    /// Processes the next event; returns `false` when there is none.
    pub fn step(&mut self) -> bool {
        let Some(Reverse(entry)) = self.queue.pop() else {
            return false;
        };
        self.now = self.now.max(entry.at);
        self.events += 1;
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
            Pending::HandoffTick(_, g) | Pending::AntiEntropyTick(_, g)
                if g != self.generation_of(&entry.what) => {}
            Pending::HandoffTick(node, g) => {
                if self.up[node] {
                    self.dispatch(node, |p, view, out| {
                        if let Process::Replica(r) = p {
                            r.on_handoff_tick(view, out);
                        }
                    });
                }
                let next = self.now.saturating_add(self.settings.handoff_interval_us);
                self.push(next, Pending::HandoffTick(node, g));
            }
            Pending::AntiEntropyTick(node, g) => {
                if self.up[node] {
                    self.dispatch(node, |p, view, out| {
                        if let Process::Replica(r) = p {
                            r.on_anti_entropy_tick(view, out);
                        }
                    });
                }
                if let Some(p) = self.settings.anti_entropy_us {
                    let next = self.now.saturating_add(p);
                    self.push(next, Pending::AntiEntropyTick(node, g));
                }
            }
        }
        true
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
                Note::ReadRepair => self.metrics.read_repairs += 1,
                Note::AntiEntropyRepair => self.metrics.anti_entropy_repairs += 1,
                Note::HintDelivered => self.metrics.hints_delivered += 1,
            }
        }
        let completions: Vec<_> = out.completions.drain(..).collect();
        self.outbox = out;
        for c in completions {
            self.complete(c.op, c.result);
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
                    self.up[e] = false;
                    self.replicas[e].crash();
                }
            }
            Action::Recover(node) => {
                if let Some(e) = self.endpoint(&node).filter(|&e| e < self.node_count) {
                    self.trace_event(5, e as u64, 0, 0);
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
            }
            Action::Heal => {
                self.trace_event(7, 0, 0, 0);
                self.group.iter_mut().for_each(|g| *g = 0);
            }
            Action::DropRate(p) => {
                self.trace_event(8, p.to_bits(), 0, 0);
                self.drop_rate = crate::number::clamp(p, 0.0, 1.0);
            }
            Action::DropMessage(id) => {
                // A message that has arrived (or was never sent) is not there to drop; the
                // trace records the attempt either way.
                self.trace_event(12, id, 0, 0);
                self.drop_message(id);
            }
            Action::Configure(patch) => {
                self.trace_event(11, 0, 0, 0);
                self.trace.str(&patch.to_json_string());
                self.cluster = patch.apply_to(&self.cluster);
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
        self.checker.on_invoke(op, kind, key);
        self.history.push(OpRecord {
            id: op,
            client: c,
            kind,
            key,
            value: value.clone(),
            with_context: context == ContextChoice::Last,
            invoked_us: self.now,
            completed_us: None,
            outcome: Outcome::Pending,
            error: None,
            replies_from: Vec::new(),
            result: KeyState::new(),
            dot: None,
            stale: false,
        });
        let with_context = context == ContextChoice::Last;
        self.dispatch(c, |p, view, out| {
            if let Process::Client(cl) = p {
                cl.invoke(view, op, kind, key, value, with_context, out);
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
        let stale = self.checker.on_complete(rec);
        rec.stale = stale;
        if stale {
            self.metrics.stale_reads += 1;
        }
    }

    /// Acknowledged puts whose value, and every causal successor's value, is gone from every
    /// replica (and every hint) now.
    pub fn lost_writes(&self) -> Vec<OpId> {
        self.checker.lost_writes(&self.replicas)
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
            format!(
                "[{}] {}",
                vals.join(", "),
                s.clock_display(self.settings.versioning, &name)
            )
        };
        match p {
            Payload::Request {
                op,
                kind,
                key: k,
                value,
                ..
            } => match value {
                Some(v) => format!("op {op}: {} {}={}", kind.name(), key(k), short_value(v)),
                None => format!("op {op}: {} {}", kind.name(), key(k)),
            },
            Payload::Reply { op, result } => match &result.outcome {
                Ok(()) => format!("op {op}: ok {}", state(&result.state)),
                Err(e) => format!("op {op}: failed: {e}"),
            },
            Payload::Write {
                op,
                key: k,
                write,
                hint_for,
            } => {
                let v = write
                    .value
                    .as_deref()
                    .map_or("(tombstone)".into(), short_value);
                let mut s = format!(
                    "op {op}: write {}={v} as {}:{}",
                    key(k),
                    name(write.dot.actor),
                    write.dot.counter
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
            } => format!("op {op}: ack {} {}", key(k), state(st)),
            Payload::Read { op, key: k } => format!("op {op}: read {}", key(k)),
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

/// A value cut to [`SUMMARY_VALUE_CHARS`] characters, with an ellipsis when cut.
fn short_value(v: &str) -> String {
    match v.char_indices().nth(SUMMARY_VALUE_CHARS) {
        None => v.to_string(),
        Some((end, _)) => format!("{}…", &v[..end]),
    }
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
