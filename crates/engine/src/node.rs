//! The processes of the cluster: replicas and clients, and the coordination of one request that
//! either of them may run.
//!
//! Processes never touch the network, the clock or the random number generator. Each handler is
//! given the current time and a [`View`] of the world (settings, preference lists, and a failure
//! detector that says who is reachable), and records what it wants done in an [`Outbox`]:
//! messages to send, timers to set, finished operations, and notes for the metrics. The
//! simulator alone delivers them.

use crate::maps::{KeyMap, SortedMap};
use crate::scenario::{Cluster, Coordinator, Merge};
use crate::time::{ms_to_us, ms_to_us_signed, Micros};
use crate::version::{Actor, Dot, KeyState, Sibling, VClock, Value, Versioning};
use crate::Latency;
use std::sync::Arc;

/// Index of a node or a client: nodes come first (`0..nodes`), then clients.
pub type EndpointId = usize;
/// Index of an interned key.
pub type KeyId = u32;
/// Number of an operation, starting at 1, in order of invocation.
pub type OpId = u64;

/// The kind of a client operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum OpKind {
    /// Write a value.
    Put,
    /// Read a key.
    Get,
    /// Write a tombstone.
    Delete,
}

impl OpKind {
    /// `put`, `get` or `delete`.
    pub fn name(self) -> &'static str {
        match self {
            OpKind::Put => "put",
            OpKind::Get => "get",
            OpKind::Delete => "delete",
        }
    }

    /// Whether the operation writes.
    pub fn is_write(self) -> bool {
        self != OpKind::Get
    }
}

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

/// Why an endpoint cannot be reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unreachable {
    /// The node is crashed.
    Down,
    /// A partition separates the two.
    Partitioned,
}

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
    /// Whether each endpoint is up.
    pub up: &'a [bool],
    /// Partition group of each endpoint.
    pub group: &'a [u32],
    /// Names of endpoints (actor `i` is endpoint `i`).
    pub names: &'a [Arc<str>],
}

impl View<'_> {
    /// The failure detector: whether `a` can talk to `b` now, and if not why.
    pub fn reach(&self, a: EndpointId, b: EndpointId) -> Result<(), Unreachable> {
        if !self.up[b] || !self.up[a] {
            Err(Unreachable::Down)
        } else if self.group[a] != self.group[b] {
            Err(Unreachable::Partitioned)
        } else {
            Ok(())
        }
    }

    /// Whether `node` is one of the n home replicas of `key`.
    pub fn is_home(&self, key: KeyId, node: EndpointId) -> bool {
        self.prefs[key as usize]
            .iter()
            .take(self.settings.n)
            .any(|&x| x == node)
    }

    /// The name of an endpoint.
    pub fn name(&self, e: EndpointId) -> &str {
        &self.names[e]
    }

    fn clock_of(&self, e: EndpointId) -> i64 {
        self.now as i64 + self.settings.skew_us[e]
    }
}

/// One replica chosen for a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    /// The node asked.
    pub node: EndpointId,
    /// When a fallback stands in for an unreachable home replica: that home replica.
    pub hint_for: Option<EndpointId>,
}

/// The outcome of a finished coordination.
#[derive(Clone, Debug, PartialEq)]
pub struct OpResult {
    /// `Ok` when the quorum answered, `Err(reason)` otherwise.
    pub outcome: Result<(), String>,
    /// The replicas whose replies made the quorum, in order of arrival.
    pub replies_from: Vec<EndpointId>,
    /// The merged state of the replies.
    pub state: KeyState,
    /// The write's dot, for puts and deletes.
    pub dot: Option<Dot>,
    /// A failed write that may nevertheless have been stored by some replica (Jepsen's
    /// `:info`): it timed out after its write was sent. A write refused before anything was sent
    /// is not indeterminate: it is known not to have happened.
    pub indeterminate: bool,
}

impl OpResult {
    /// A failure with no replies, known not to have changed anything (set
    /// [`OpResult::indeterminate`] where it may have).
    pub fn failed(reason: String) -> OpResult {
        OpResult {
            outcome: Err(reason),
            replies_from: Vec::new(),
            state: KeyState::new(),
            dot: None,
            indeterminate: false,
        }
    }
}

/// What travels in a message.
#[derive(Clone, Debug)]
pub enum Payload {
    /// Client to coordinating replica (replica coordination).
    Request {
        /// Operation.
        op: OpId,
        /// Kind.
        kind: OpKind,
        /// Key.
        key: KeyId,
        /// Value of a put.
        value: Option<Value>,
        /// Causal context the write carries.
        context: VClock,
        /// The client's deadline (simulated time): a coordinating replica that receives the
        /// request later drops it.
        deadline: Micros,
    },
    /// Coordinating replica to client.
    Reply {
        /// Operation.
        op: OpId,
        /// The coordination's result (boxed: it is the largest payload).
        result: Box<OpResult>,
    },
    /// Coordinator to replica: store this write.
    Write {
        /// Operation.
        op: OpId,
        /// Key.
        key: KeyId,
        /// The version written.
        write: Arc<Sibling>,
        /// Set when the receiver is a fallback standing in for this home replica.
        hint_for: Option<EndpointId>,
        /// The coordinator's deadline (simulated time): a replica that receives the write later
        /// drops it.
        deadline: Micros,
    },
    /// Replica to coordinator: stored (or refused); its state of the key after the write.
    Ack {
        /// Operation.
        op: OpId,
        /// Key.
        key: KeyId,
        /// The replica's state of the key.
        state: KeyState,
        /// Whether the replica stored the write; `false` when storing it would have made more
        /// siblings than `max_siblings`.
        stored: bool,
    },
    /// Coordinator to replica: what do you have for this key?
    Read {
        /// Operation.
        op: OpId,
        /// Key.
        key: KeyId,
        /// The coordinator's deadline (simulated time): a replica that receives the read later
        /// drops it.
        deadline: Micros,
    },
    /// Replica to coordinator: its state of the key.
    Response {
        /// Operation.
        op: OpId,
        /// Key.
        key: KeyId,
        /// The replica's state of the key.
        state: KeyState,
    },
    /// Coordinator to an older replica after a read: the merged state.
    ReadRepair {
        /// Key.
        key: KeyId,
        /// Merged state.
        state: KeyState,
    },
    /// Anti-entropy: one node's digests of the keys it shares with the receiver.
    AeDigest {
        /// (key, digest) pairs.
        digests: Vec<(KeyId, u64)>,
    },
    /// Anti-entropy: the receiver's states of the keys whose digests differed.
    AeDiff {
        /// (key, state) pairs.
        states: Vec<(KeyId, KeyState)>,
    },
    /// Anti-entropy: merged states pushed back to the peer that was missing something.
    AePush {
        /// (key, state) pairs.
        states: Vec<(KeyId, KeyState)>,
    },
    /// Hinted handoff: a fallback hands a hinted key back to its home replica.
    Handoff {
        /// Key.
        key: KeyId,
        /// The hinted state.
        state: KeyState,
    },
    /// Home replica to fallback: handoff stored.
    HandoffAck {
        /// Key.
        key: KeyId,
        /// Digest of the state that was handed off.
        digest: u64,
    },
}

/// The kinds of messages, for colours, latency classes and counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MessageKind {
    /// Client request to a coordinating replica.
    Request,
    /// Coordinator's reply to the client.
    Reply,
    /// Write to a replica.
    Write,
    /// A replica's acknowledgement of a write.
    Ack,
    /// Read from a replica.
    Read,
    /// A replica's answer to a read.
    Response,
    /// Read repair.
    ReadRepair,
    /// Anti-entropy digest.
    AeDigest,
    /// Anti-entropy differing states.
    AeDiff,
    /// Anti-entropy push back.
    AePush,
    /// Hinted handoff.
    Handoff,
    /// Hinted handoff acknowledgement.
    HandoffAck,
}

impl MessageKind {
    /// The name used in JSON and on the page, e.g. `read_repair`.
    pub fn name(self) -> &'static str {
        match self {
            MessageKind::Request => "request",
            MessageKind::Reply => "reply",
            MessageKind::Write => "write",
            MessageKind::Ack => "ack",
            MessageKind::Read => "read",
            MessageKind::Response => "response",
            MessageKind::ReadRepair => "read_repair",
            MessageKind::AeDigest => "ae_digest",
            MessageKind::AeDiff => "ae_diff",
            MessageKind::AePush => "ae_push",
            MessageKind::Handoff => "handoff",
            MessageKind::HandoffAck => "handoff_ack",
        }
    }

    /// Whether the message belongs to a background process (anti-entropy, hinted handoff)
    /// rather than to a client's operation.
    pub fn is_background(self) -> bool {
        matches!(
            self,
            MessageKind::AeDigest
                | MessageKind::AeDiff
                | MessageKind::AePush
                | MessageKind::Handoff
                | MessageKind::HandoffAck
        )
    }

    /// Which of PBS's four delays (W, A, R, S) the message takes.
    pub fn latency_class(self, write_op: bool) -> crate::latency::MsgClass {
        use crate::latency::MsgClass;
        match self {
            MessageKind::Request if write_op => MsgClass::Write,
            MessageKind::Request => MsgClass::Read,
            MessageKind::Reply if write_op => MsgClass::Ack,
            MessageKind::Reply => MsgClass::Response,
            MessageKind::Write
            | MessageKind::ReadRepair
            | MessageKind::AePush
            | MessageKind::Handoff => MsgClass::Write,
            MessageKind::Ack | MessageKind::HandoffAck => MsgClass::Ack,
            MessageKind::Read | MessageKind::AeDigest => MsgClass::Read,
            MessageKind::Response | MessageKind::AeDiff => MsgClass::Response,
        }
    }
}

impl Payload {
    /// The message's kind.
    pub fn kind(&self) -> MessageKind {
        match self {
            Payload::Request { .. } => MessageKind::Request,
            Payload::Reply { .. } => MessageKind::Reply,
            Payload::Write { .. } => MessageKind::Write,
            Payload::Ack { .. } => MessageKind::Ack,
            Payload::Read { .. } => MessageKind::Read,
            Payload::Response { .. } => MessageKind::Response,
            Payload::ReadRepair { .. } => MessageKind::ReadRepair,
            Payload::AeDigest { .. } => MessageKind::AeDigest,
            Payload::AeDiff { .. } => MessageKind::AeDiff,
            Payload::AePush { .. } => MessageKind::AePush,
            Payload::Handoff { .. } => MessageKind::Handoff,
            Payload::HandoffAck { .. } => MessageKind::HandoffAck,
        }
    }

    /// The operation the message belongs to, if any.
    pub fn op(&self) -> Option<OpId> {
        match self {
            Payload::Request { op, .. }
            | Payload::Reply { op, .. }
            | Payload::Write { op, .. }
            | Payload::Ack { op, .. }
            | Payload::Read { op, .. }
            | Payload::Response { op, .. } => Some(*op),
            _ => None,
        }
    }

    /// The key the message is about, if it is about one key.
    pub fn key(&self) -> Option<KeyId> {
        match self {
            Payload::Request { key, .. }
            | Payload::Write { key, .. }
            | Payload::Ack { key, .. }
            | Payload::Read { key, .. }
            | Payload::Response { key, .. }
            | Payload::ReadRepair { key, .. }
            | Payload::Handoff { key, .. }
            | Payload::HandoffAck { key, .. } => Some(*key),
            _ => None,
        }
    }

    /// When a request stops being worth serving: the deadline of its coordinator (for a write
    /// or a read) or of its client (for a request to a coordinating replica). A replica drops
    /// such a message when it arrives after that time, as Cassandra drops requests that expired
    /// in flight. Other messages have none.
    pub fn deadline(&self) -> Option<Micros> {
        match self {
            Payload::Request { deadline, .. }
            | Payload::Write { deadline, .. }
            | Payload::Read { deadline, .. } => Some(*deadline),
            _ => None,
        }
    }
}

/// A timer a process asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// An operation's deadline.
    Deadline(OpId),
}

/// A client operation that finished (or failed) at its client.
#[derive(Clone, Debug, PartialEq)]
pub struct Completion {
    /// The operation.
    pub op: OpId,
    /// The result.
    pub result: OpResult,
}

/// Something the metrics count and the run's journal tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Note {
    /// Anti-entropy changed a replica's key.
    AntiEntropyRepair {
        /// The replica that changed.
        node: EndpointId,
        /// The key.
        key: KeyId,
    },
    /// A hint was handed back to its home replica and dropped by its fallback.
    HintDelivered {
        /// The fallback that kept the hint.
        fallback: EndpointId,
        /// The home replica it went back to.
        home: EndpointId,
        /// The key.
        key: KeyId,
    },
}

/// What a replica answered an operation's coordinator.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// A read's response: the replica's versions of the key (an empty state: it had nothing).
    Versions(KeyState),
    /// A write's ack: the replica stored the write.
    Stored,
    /// A write's ack refusing it: storing it would have made more than `max_siblings`
    /// siblings.
    Refused,
}

/// Something that happened to one client operation, for its record in the history.
#[derive(Clone, Debug, PartialEq)]
pub enum OpNote {
    /// A replica's reply reached the operation's coordinator (late replies included).
    Replied {
        /// The operation.
        op: OpId,
        /// The replica.
        from: EndpointId,
        /// What it answered.
        answer: Answer,
    },
    /// The coordinator repaired a replica that answered the read with something older: it sent
    /// it the merged state, or, being that replica, stored the merge itself.
    Repaired {
        /// The operation.
        op: OpId,
        /// The replica repaired.
        to: EndpointId,
    },
    /// A replica stored the operation's write (whether or not its ack ever counted).
    Stored {
        /// The operation.
        op: OpId,
        /// The replica.
        node: EndpointId,
        /// When it stored it as a hint (sloppy quorum with hinted handoff): the home replica
        /// the hint is for.
        hint_for: Option<EndpointId>,
    },
}

/// What a process wants done; drained by the simulator after every handler.
#[derive(Debug, Default)]
pub struct Outbox {
    /// Messages to send: (destination, payload).
    pub sends: Vec<(EndpointId, Payload)>,
    /// Timers to set: (when, timer).
    pub timers: Vec<(Micros, Timer)>,
    /// Client operations that finished.
    pub completions: Vec<Completion>,
    /// Counted events.
    pub notes: Vec<Note>,
    /// What happened to client operations (replies, read repairs, stores).
    pub op_notes: Vec<OpNote>,
}

impl Outbox {
    fn send(&mut self, to: EndpointId, p: Payload) {
        self.sends.push((to, p));
    }

    /// A coordinating replica's reply to the client whose request it ran.
    fn reply(&mut self, client: EndpointId, op: OpId, result: OpResult) {
        self.send(
            client,
            Payload::Reply {
                op,
                result: Box::new(result),
            },
        );
    }
}

/// One request being coordinated, by a client or by a replica.
#[derive(Clone, Debug)]
pub struct Coordination {
    /// The operation.
    pub op: OpId,
    /// What it does.
    pub kind: OpKind,
    /// Its key.
    pub key: KeyId,
    /// The replicas asked.
    pub targets: Vec<Target>,
    /// Replies needed.
    pub need: usize,
    /// Replicas that replied, in order.
    pub replied: Vec<EndpointId>,
    /// Replicas known to have failed: unreachable when asked.
    pub failed: Vec<(EndpointId, Unreachable)>,
    /// The merge of every reply so far.
    pub merged: KeyState,
    /// The outcome once decided: `Ok` when the quorum answered (the result went to the
    /// coordination's owner), `Err(reason)` when it failed.
    pub decided: Option<Result<(), String>>,
    /// What each replier is known to hold (its reply, or the repair sent to it).
    pub known: Vec<(EndpointId, KeyState)>,
    /// The write, for puts and deletes.
    pub write: Option<Arc<Sibling>>,
    /// When it gives up.
    pub deadline: Micros,
    /// How many replicas the write or read went out to (the coordinating replica itself
    /// included): none when the coordination was refused before sending anything.
    pub sent: usize,
    /// Replicas that refused the write (it would have made more than `max_siblings` siblings).
    pub refused: Vec<EndpointId>,
    /// The merged state the coordinating replica must store itself after a read found its own
    /// copy older (read repair of the coordinator, Dynamo section 5); taken by [`Replica`].
    pub self_repair: Option<KeyState>,
}

impl Coordination {
    /// Chooses the replicas for `key`: its n home replicas, or with a sloppy quorum the first n
    /// reachable nodes of its preference list, each fallback standing in for an unreachable home
    /// replica in order.
    pub fn targets(view: &View, me: EndpointId, key: KeyId) -> Vec<Target> {
        let prefs = &view.prefs[key as usize];
        let n = view.settings.n;
        let homes = &prefs[..n.min(prefs.len())];
        if !view.settings.sloppy_quorum {
            return homes
                .iter()
                .map(|&node| Target {
                    node,
                    hint_for: None,
                })
                .collect();
        }
        let reachable = |node: EndpointId| node == me || view.reach(me, node).is_ok();
        let mut out: Vec<Target> = Vec::with_capacity(n);
        let mut missing: Vec<EndpointId> = Vec::new();
        for &node in homes {
            if reachable(node) {
                out.push(Target {
                    node,
                    hint_for: None,
                });
            } else {
                missing.push(node);
            }
        }
        let mut missing = missing.into_iter();
        for &node in &prefs[homes.len()..] {
            if out.len() >= n {
                break;
            }
            if reachable(node) {
                out.push(Target {
                    node,
                    hint_for: missing.next(),
                });
            }
        }
        out
    }

    /// Starts coordinating: sends the write or read to every target but `me` (a coordinating
    /// replica serves itself through [`Coordination::on_reply`]). When too few targets are
    /// reachable for the quorum, it fails at once and sends nothing (Cassandra's
    /// `UnavailableException`, Riak's insufficient vnodes).
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        view: &View,
        me: EndpointId,
        op: OpId,
        kind: OpKind,
        key: KeyId,
        write: Option<Arc<Sibling>>,
        out: &mut Outbox,
    ) -> Coordination {
        let targets = Coordination::targets(view, me, key);
        let failed: Vec<(EndpointId, Unreachable)> = targets
            .iter()
            .filter(|t| t.node != me)
            .filter_map(|t| view.reach(me, t.node).err().map(|why| (t.node, why)))
            .collect();
        let deadline = view.now.saturating_add(view.settings.timeout_us);
        let mut c = Coordination {
            op,
            kind,
            key,
            targets,
            need: view.settings.quorum(kind),
            replied: Vec::new(),
            failed,
            merged: KeyState::new(),
            decided: None,
            known: Vec::new(),
            write,
            deadline,
            sent: 0,
            refused: Vec::new(),
            self_repair: None,
        };
        c.check_reachable(view);
        if c.decided.is_some() {
            return c;
        }
        for t in &c.targets {
            c.sent += 1;
            if t.node == me {
                continue;
            }
            let payload = match &c.write {
                Some(w) => Payload::Write {
                    op,
                    key,
                    write: w.clone(),
                    hint_for: t.hint_for,
                    deadline,
                },
                None => Payload::Read { op, key, deadline },
            };
            // Sent even to an unreachable target (the page shows it cut or refused); the
            // failure detector has already counted that target as failed.
            out.send(t.node, payload);
        }
        out.timers.push((deadline, Timer::Deadline(op)));
        c
    }

    fn fail(&mut self, reason: String) {
        self.decided = Some(Err(reason));
    }

    /// The failure, if the coordination failed: its reason and the replies it had.
    pub fn failure(&self) -> Option<OpResult> {
        match &self.decided {
            Some(Err(reason)) => Some(OpResult {
                outcome: Err(reason.clone()),
                replies_from: self.replied.clone(),
                state: self.merged.clone(),
                dot: self.write.as_ref().map(|w| w.dot),
                indeterminate: self.may_have_stored(),
            }),
            _ => None,
        }
    }

    /// Whether the write went out to some replica that may have stored it: sent to a target
    /// that neither refused it nor was partitioned away (a message across a partition is cut
    /// at once, but one to a crashed node travels on, and is stored if the node recovers first).
    fn may_have_stored(&self) -> bool {
        let cut = |node: EndpointId| {
            self.failed
                .iter()
                .any(|&(n, why)| n == node && why == Unreachable::Partitioned)
        };
        self.kind.is_write()
            && self.sent > 0
            && self
                .targets
                .iter()
                .any(|t| !self.refused.contains(&t.node) && !cut(t.node))
    }

    /// A target counted as failed when asked has answered after all (it was down and recovered
    /// before the message arrived): it is failed no more.
    fn answered(&mut self, from: EndpointId) {
        self.failed.retain(|&(n, _)| n != from);
    }

    /// A replica refused the write (too many siblings). Returns the failure once the quorum can
    /// no longer be met and every replica asked has answered.
    pub fn on_refusal(
        &mut self,
        view: &View,
        from: EndpointId,
        out: &mut Outbox,
    ) -> Option<OpResult> {
        if self.refused.contains(&from) || self.replied.contains(&from) {
            return None;
        }
        out.op_notes.push(OpNote::Replied {
            op: self.op,
            from,
            answer: Answer::Refused,
        });
        self.answered(from);
        self.refused.push(from);
        self.check_refusals(view)
    }

    /// Fails the write when refusals left too few replicas for the quorum, once no reachable
    /// replica is still to answer: its failure then says for certain whether some replica
    /// stored the write ([`OpResult::indeterminate`]).
    fn check_refusals(&mut self, view: &View) -> Option<OpResult> {
        let possible = (self.targets.len())
            .saturating_sub(self.failed.len())
            .saturating_sub(self.refused.len());
        let waiting = possible.saturating_sub(self.replied.len());
        if self.decided.is_some() || self.refused.is_empty() || possible >= self.need || waiting > 0
        {
            return None;
        }
        let names: Vec<&str> = self.refused.iter().map(|&n| view.name(n)).collect();
        self.fail(format!(
            "refused: the write would make more than max_siblings = {} siblings of this key on {} \
             (read the key and write with its context to merge them)",
            view.settings.max_siblings,
            names.join(", ")
        ));
        self.failure()
    }

    /// Fails at once when too few targets remain reachable for the quorum.
    fn check_reachable(&mut self, view: &View) {
        let possible = self.targets.len() - self.failed.len();
        if self.decided.is_none() && possible < self.need {
            let q = if self.kind.is_write() { "w" } else { "r" };
            let why: Vec<String> = self
                .failed
                .iter()
                .map(|&(node, u)| {
                    format!(
                        "{} {}",
                        view.name(node),
                        match u {
                            Unreachable::Down => "is down",
                            Unreachable::Partitioned => "is partitioned away",
                        }
                    )
                })
                .collect();
            let mut reason = format!(
                "quorum unreachable: {q} = {} but only {possible} of {} replicas can be reached",
                self.need,
                self.targets.len()
            );
            if !why.is_empty() {
                reason.push_str(&format!(" ({})", why.join(", ")));
            }
            self.fail(reason);
        }
    }

    /// A replica's ack or response (or the coordinating replica's own answer). Returns the
    /// result when this reply completes the quorum. Later replies are merged and, for reads
    /// with read repair, repaired.
    pub fn on_reply(
        &mut self,
        view: &View,
        me: EndpointId,
        from: EndpointId,
        state: KeyState,
        out: &mut Outbox,
    ) -> Option<OpResult> {
        if self.replied.contains(&from) {
            return None;
        }
        let mode = view.settings.versioning;
        self.answered(from);
        self.replied.push(from);
        let reading = self.kind == OpKind::Get;
        out.op_notes.push(OpNote::Replied {
            op: self.op,
            from,
            answer: if reading {
                Answer::Versions(state.clone())
            } else {
                Answer::Stored
            },
        });
        if self.decided.is_some() && !(reading && matches!(self.decided, Some(Ok(())))) {
            // A late ack of a decided write, or a reply after a failure, changes nothing.
            return None;
        }
        let merged_changed = self.merged.merge(mode, &state);
        if reading {
            // Only reads repair, so only they need to remember what each replica answered.
            self.known.push((from, state));
        }
        let mut finished = None;
        if self.decided.is_none() && !self.refused.is_empty() {
            // The last answer after refusals made the quorum impossible.
            if let Some(failure) = self.check_refusals(view) {
                return Some(failure);
            }
        }
        let just_met = self.decided.is_none() && self.replied.len() >= self.need;
        if just_met {
            self.decided = Some(Ok(()));
            // A read keeps its merge to repair late replies; a write has no more use for it.
            let state = if reading {
                self.merged.clone()
            } else {
                std::mem::take(&mut self.merged)
            };
            finished = Some(OpResult {
                outcome: Ok(()),
                replies_from: self.replied.clone(),
                state,
                dot: self.write.as_ref().map(|w| w.dot),
                indeterminate: false,
            });
        }
        let quorum_met = matches!(self.decided, Some(Ok(())));
        if self.kind == OpKind::Get && view.settings.read_repair && quorum_met {
            // Every replier is compared when the quorum is first met or the merge grew;
            // otherwise only the newest reply can be older than the merge.
            let from_index = if just_met || merged_changed {
                0
            } else {
                self.known.len() - 1
            };
            self.repair(view, me, from_index, out);
        }
        finished
    }

    /// Repairs every home replica that answered with something older: sends it the merged
    /// state, or, when it is the coordinating replica itself, leaves the merge in
    /// [`Coordination::self_repair`] for it to store (Dynamo section 5 and Riak's get FSM repair
    /// the coordinator's own copy like any other).
    fn repair(&mut self, view: &View, me: EndpointId, from_index: usize, out: &mut Outbox) {
        let mode = view.settings.versioning;
        for (node, known) in self.known.iter_mut().skip(from_index) {
            if !view.is_home(self.key, *node) || !known.would_change(mode, &self.merged) {
                continue;
            }
            *known = self.merged.clone();
            out.op_notes.push(OpNote::Repaired {
                op: self.op,
                to: *node,
            });
            if *node == me {
                self.self_repair = Some(self.merged.clone());
            } else {
                out.send(
                    *node,
                    Payload::ReadRepair {
                        key: self.key,
                        state: self.merged.clone(),
                    },
                );
            }
        }
    }

    /// The deadline passed; returns the failure if the quorum never answered.
    pub fn on_deadline(&mut self, view: &View) -> Option<OpResult> {
        if self.decided.is_some() {
            return None;
        }
        let what = if self.kind.is_write() {
            "acks"
        } else {
            "responses"
        };
        let from: Vec<&str> = self.replied.iter().map(|&n| view.name(n)).collect();
        let mut reason = format!(
            "timed out after {} ms with {} of {} {what}",
            crate::time::format_us(view.settings.timeout_us as i64),
            self.replied.len(),
            self.need
        );
        if !from.is_empty() {
            reason.push_str(&format!(" (from {})", from.join(", ")));
        }
        self.fail(reason);
        self.failure()
    }
}

/// Makes a new write as endpoint `me` coordinates it: the next dot of `me` for this key, the
/// context it carries, and `me`'s clock (plus skew) as its timestamp.
fn mint(
    counters: &mut KeyMap<u64>,
    view: &View,
    me: EndpointId,
    key: KeyId,
    context: VClock,
    value: Option<Value>,
) -> Arc<Sibling> {
    let counter = counters.or_default(key);
    *counter += 1;
    Arc::new(Sibling {
        dot: Dot::new(me as Actor, *counter),
        seen: context,
        timestamp: view.clock_of(me),
        value,
    })
}

/// Writes a fallback replica keeps for an unreachable home replica of a key.
#[derive(Clone, Debug, Default)]
pub struct Hint {
    /// The writes, as one state.
    pub state: KeyState,
    /// When the hint was handed off, while that handoff is unacknowledged. A handoff
    /// unacknowledged after the timeout is offered again.
    pub sent: Option<Micros>,
}

/// A replica node: its data, its hints, and the requests it coordinates.
#[derive(Clone, Debug)]
pub struct Replica {
    /// Its endpoint (and actor) index.
    pub id: EndpointId,
    /// Writes this node has minted as a coordinator, per key. Dots are numbered per key so that
    /// a key's causal contexts stay contiguous runs (compact) whatever other keys are written.
    pub counters: KeyMap<u64>,
    /// Its keys.
    pub store: KeyMap<KeyState>,
    /// Writes kept for unreachable home replicas: (key, home) to hint.
    pub hints: SortedMap<(KeyId, EndpointId), Hint>,
    /// Requests this node coordinates (replica coordination).
    pub coordinations: SortedMap<OpId, (EndpointId, Coordination)>,
    /// Next anti-entropy peer offset.
    pub ae_round: usize,
}

impl Replica {
    /// A replica with no data.
    pub fn new(id: EndpointId) -> Replica {
        Replica {
            id,
            counters: KeyMap::new(),
            store: KeyMap::new(),
            hints: SortedMap::new(),
            coordinations: SortedMap::new(),
            ae_round: 0,
        }
    }

    /// What a read of `key` sees here: the stored state merged with any hints for it.
    pub fn read_state(&self, mode: Versioning, key: KeyId) -> KeyState {
        let mut s = self.store.get(key).cloned().unwrap_or_default();
        let hints = self.hints.entries();
        let first = hints.partition_point(|e| e.0 .0 < key);
        for (_, h) in hints[first..].iter().take_while(|e| e.0 .0 == key) {
            s.merge(mode, &h.state);
        }
        s
    }

    /// Forgets what a crash loses: requests in progress. Data and hints survive.
    pub fn crash(&mut self) {
        self.coordinations.clear();
        for (_, h) in self.hints.iter_mut() {
            h.sent = None;
        }
    }

    /// Stores the write of operation `op` (as a hint when it stands in for `hint_for`) and
    /// notes it for the operation's record; returns `false`, storing nothing, when it would
    /// leave more than `max_siblings` siblings of the key (Riak's `max_siblings`).
    fn store_write(
        &mut self,
        view: &View,
        key: KeyId,
        w: &Arc<Sibling>,
        hint_for: Option<EndpointId>,
        op: OpId,
        out: &mut Outbox,
    ) -> bool {
        let mode = view.settings.versioning;
        let max = view.settings.max_siblings;
        let as_hint = hint_for.filter(|_| view.settings.hinted_handoff);
        let state = match as_hint {
            Some(home) => &mut self.hints.or_default((key, home)).state,
            None => self.store.or_default(key),
        };
        // A write adds at most one sibling, so only a state already at the limit can overflow.
        if state.siblings.len() >= max {
            let mut trial = state.clone();
            trial.apply(mode, w);
            if trial.siblings.len() > max {
                return false;
            }
            *state = trial;
        } else {
            state.apply(mode, w);
        }
        out.op_notes.push(OpNote::Stored {
            op,
            node: self.id,
            hint_for: as_hint,
        });
        true
    }

    /// Handles a message.
    pub fn on_message(&mut self, view: &View, from: EndpointId, msg: Payload, out: &mut Outbox) {
        if msg.deadline().is_some_and(|d| view.now > d) {
            // Expired in flight: its coordinator (or client) has given up on it, so it is
            // neither applied nor answered (Cassandra drops such requests).
            return;
        }
        let mode = view.settings.versioning;
        match msg {
            Payload::Write {
                op,
                key,
                write,
                hint_for,
                ..
            } => {
                let stored = self.store_write(view, key, &write, hint_for, op, out);
                let state = self.read_state(mode, key);
                out.send(
                    from,
                    Payload::Ack {
                        op,
                        key,
                        state,
                        stored,
                    },
                );
            }
            Payload::Read { op, key, .. } => {
                let state = self.read_state(mode, key);
                out.send(from, Payload::Response { op, key, state });
            }
            Payload::ReadRepair { key, state } => {
                self.store.or_default(key).merge(mode, &state);
            }
            Payload::Request {
                op,
                kind,
                key,
                value,
                context,
                ..
            } => self.coordinate(view, from, op, kind, key, value, context, out),
            Payload::Ack {
                op, stored: false, ..
            } => self.on_refusal(view, op, from, out),
            Payload::Ack { op, state, .. } | Payload::Response { op, state, .. } => {
                self.on_reply(view, op, from, state, out);
            }
            Payload::AeDigest { digests } => {
                let mut states = Vec::new();
                let mut listed = Vec::with_capacity(digests.len());
                for (key, digest) in digests {
                    listed.push(key);
                    let mine = self.store.get(key).cloned().unwrap_or_default();
                    if mine.digest() != digest {
                        states.push((key, mine));
                    }
                }
                // Keys the peer did not list but both should hold: it has nothing for them.
                for (key, st) in self.store.iter() {
                    if !listed.contains(&key)
                        && view.is_home(key, from)
                        && view.is_home(key, self.id)
                        && !st.is_empty()
                    {
                        states.push((key, st.clone()));
                    }
                }
                if !states.is_empty() {
                    crate::sort::sort_by_key(&mut states, |s| s.0);
                    out.send(from, Payload::AeDiff { states });
                }
            }
            Payload::AeDiff { states } => {
                let mut back = Vec::new();
                for (key, theirs) in states {
                    let mine = self.store.or_default(key);
                    if mine.merge(mode, &theirs) {
                        out.notes
                            .push(Note::AntiEntropyRepair { node: self.id, key });
                    }
                    if theirs.would_change(mode, mine) {
                        back.push((key, mine.clone()));
                    }
                }
                if !back.is_empty() {
                    out.send(from, Payload::AePush { states: back });
                }
            }
            Payload::AePush { states } => {
                for (key, theirs) in states {
                    if self.store.or_default(key).merge(mode, &theirs) {
                        out.notes
                            .push(Note::AntiEntropyRepair { node: self.id, key });
                    }
                }
            }
            Payload::Handoff { key, state } => {
                let digest = state.digest();
                self.store.or_default(key).merge(mode, &state);
                out.send(from, Payload::HandoffAck { key, digest });
            }
            Payload::HandoffAck { key, digest } => {
                if let Some(h) = self.hints.get_mut(&(key, from)) {
                    h.sent = None;
                    if h.state.digest() == digest {
                        self.hints.remove(&(key, from));
                        out.notes.push(Note::HintDelivered {
                            fallback: self.id,
                            home: from,
                            key,
                        });
                    }
                }
            }
            Payload::Reply { .. } => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn coordinate(
        &mut self,
        view: &View,
        client: EndpointId,
        op: OpId,
        kind: OpKind,
        key: KeyId,
        value: Option<Value>,
        context: VClock,
        out: &mut Outbox,
    ) {
        let write = kind
            .is_write()
            .then(|| mint(&mut self.counters, view, self.id, key, context, value));
        let c = Coordination::start(view, self.id, op, kind, key, write.clone(), out);
        let serve_self = c.targets.iter().find(|t| t.node == self.id).copied();
        if let Some(r) = c.failure() {
            // Refused up front: nothing was sent and no deadline set, so nothing to keep.
            out.reply(client, op, r);
            return;
        }
        self.coordinations.insert(op, (client, c));
        if let Some(t) = serve_self {
            if let Some(w) = &write {
                if !self.store_write(view, key, w, t.hint_for, op, out) {
                    self.on_refusal(view, op, self.id, out);
                    return;
                }
            }
            let state = self.read_state(view.settings.versioning, key);
            self.on_reply(view, op, self.id, state, out);
        }
    }

    fn on_refusal(&mut self, view: &View, op: OpId, from: EndpointId, out: &mut Outbox) {
        if let Some((client, c)) = self.coordinations.get_mut(&op) {
            if let Some(result) = c.on_refusal(view, from, out) {
                out.reply(*client, op, result);
            }
        }
    }

    fn on_reply(
        &mut self,
        view: &View,
        op: OpId,
        from: EndpointId,
        state: KeyState,
        out: &mut Outbox,
    ) {
        let me = self.id;
        let Some((client, c)) = self.coordinations.get_mut(&op) else {
            return;
        };
        if let Some(result) = c.on_reply(view, me, from, state, out) {
            out.reply(*client, op, result);
        }
        if let Some(merged) = c.self_repair.take() {
            let key = c.key;
            self.store
                .or_default(key)
                .merge(view.settings.versioning, &merged);
        }
    }

    /// A timer fired.
    pub fn on_timer(&mut self, view: &View, timer: Timer, out: &mut Outbox) {
        let Timer::Deadline(op) = timer;
        if let Some((client, mut c)) = self.coordinations.remove(&op) {
            if let Some(result) = c.on_deadline(view) {
                out.reply(client, op, result);
            }
        }
    }

    /// Offers hints back to home replicas that are reachable again.
    pub fn on_handoff_tick(&mut self, view: &View, out: &mut Outbox) {
        for (&(key, home), h) in self.hints.iter_mut() {
            let waiting = h
                .sent
                .is_some_and(|sent| view.now < sent.saturating_add(view.settings.timeout_us));
            if waiting || view.reach(self.id, home).is_err() {
                continue;
            }
            h.sent = Some(view.now);
            out.send(
                home,
                Payload::Handoff {
                    key,
                    state: h.state.clone(),
                },
            );
        }
    }

    /// One anti-entropy round: sends the digests of the keys shared with the next peer.
    pub fn on_anti_entropy_tick(&mut self, view: &View, out: &mut Outbox) {
        if view.nodes < 2 {
            return;
        }
        self.ae_round = self.ae_round % (view.nodes - 1) + 1;
        let peer = (self.id + self.ae_round) % view.nodes;
        let digests: Vec<(KeyId, u64)> = self
            .store
            .iter()
            .filter(|&(k, _)| view.is_home(k, self.id) && view.is_home(k, peer))
            .map(|(k, s)| (k, s.digest()))
            .collect();
        let peer_may_have = (0..view.prefs.len() as KeyId)
            .any(|k| view.is_home(k, self.id) && view.is_home(k, peer));
        if !digests.is_empty() || peer_may_have {
            out.send(peer, Payload::AeDigest { digests });
        }
    }
}

/// A client: it invokes operations and, when clients coordinate, runs them.
#[derive(Clone, Debug)]
pub struct Client {
    /// Its endpoint (and actor) index.
    pub id: EndpointId,
    /// Writes this client has minted, per key (see [`Replica::counters`]).
    pub counters: KeyMap<u64>,
    /// The context of its last result per key.
    pub last: KeyMap<VClock>,
    /// The sibling values of its last successful result per key, sorted (what a put with
    /// [`Merge::Union`] merges).
    pub last_values: KeyMap<Vec<Value>>,
    /// Operations it coordinates (client coordination).
    pub coordinations: SortedMap<OpId, Coordination>,
    /// Operations waiting for a coordinating replica's reply: op to (coordinator, key, kind).
    pub waiting: SortedMap<OpId, (EndpointId, KeyId, OpKind)>,
}

impl Client {
    /// A client that has done nothing yet.
    pub fn new(id: EndpointId) -> Client {
        Client {
            id,
            counters: KeyMap::new(),
            last: KeyMap::new(),
            last_values: KeyMap::new(),
            coordinations: SortedMap::new(),
            waiting: SortedMap::new(),
        }
    }

    /// The value a put of `value` to `key` writes: `value` itself, or with `merge`, the value
    /// computed from this client's last successful result for the key ([`Merge::Union`]).
    pub fn value_to_write(&self, key: KeyId, value: Value, merge: Option<Merge>) -> Value {
        match merge {
            None => value,
            Some(Merge::Union) => {
                let read = self.last_values.get(key).map_or(&[][..], |v| v.as_slice());
                Arc::from(crate::workload::union_of(read, &value))
            }
        }
    }

    /// The causal context a write of `key` carries: with `use_last`, that of this client's last
    /// successful result for the key, else none (a blind write). A get carries none.
    pub fn write_context(&self, kind: OpKind, key: KeyId, use_last: bool) -> VClock {
        match self.last.get(key) {
            Some(last) if use_last && kind.is_write() => last.clone(),
            _ => VClock::new(),
        }
    }

    /// Starts an operation whose write carries `context` ([`Client::write_context`]).
    #[allow(clippy::too_many_arguments)]
    pub fn invoke(
        &mut self,
        view: &View,
        op: OpId,
        kind: OpKind,
        key: KeyId,
        value: Option<Value>,
        context: VClock,
        out: &mut Outbox,
    ) {
        match view.settings.coordinator {
            Coordinator::Client => {
                let write = kind
                    .is_write()
                    .then(|| mint(&mut self.counters, view, self.id, key, context, value));
                let c = Coordination::start(view, self.id, op, kind, key, write, out);
                match c.failure() {
                    // Refused up front: nothing was sent and no deadline set, so nothing to keep.
                    Some(r) => self.finish(op, key, r, out),
                    None => {
                        self.coordinations.insert(op, c);
                    }
                }
            }
            Coordinator::Replica => {
                let coordinator = view.prefs[key as usize]
                    .iter()
                    .copied()
                    .find(|&node| view.reach(self.id, node).is_ok());
                match coordinator {
                    Some(node) => {
                        let deadline = view.now.saturating_add(2 * view.settings.timeout_us);
                        out.send(
                            node,
                            Payload::Request {
                                op,
                                kind,
                                key,
                                value,
                                context,
                                deadline,
                            },
                        );
                        self.waiting.insert(op, (node, key, kind));
                        out.timers.push((deadline, Timer::Deadline(op)));
                    }
                    None => {
                        let reason = format!(
                            "no replica of this key is reachable from {}",
                            view.name(self.id)
                        );
                        self.finish(op, key, OpResult::failed(reason), out);
                    }
                }
            }
        }
    }

    fn finish(&mut self, op: OpId, key: KeyId, result: OpResult, out: &mut Outbox) {
        if result.outcome.is_ok() {
            self.last.insert(key, result.state.context());
            self.last_values.insert(key, result.state.values());
        }
        out.completions.push(Completion { op, result });
    }

    /// Handles a message.
    pub fn on_message(&mut self, view: &View, from: EndpointId, msg: Payload, out: &mut Outbox) {
        match msg {
            Payload::Ack {
                op,
                key,
                stored: false,
                ..
            } => {
                if let Some(c) = self.coordinations.get_mut(&op) {
                    if let Some(r) = c.on_refusal(view, from, out) {
                        self.finish(op, key, r, out);
                    }
                }
            }
            Payload::Ack { op, key, state, .. } | Payload::Response { op, key, state } => {
                let me = self.id;
                if let Some(c) = self.coordinations.get_mut(&op) {
                    if let Some(r) = c.on_reply(view, me, from, state, out) {
                        self.finish(op, key, r, out);
                    }
                }
            }
            Payload::Reply { op, result } => {
                if let Some((_, key, _)) = self.waiting.remove(&op) {
                    self.finish(op, key, *result, out);
                }
            }
            _ => {}
        }
    }

    /// A timer fired.
    pub fn on_timer(&mut self, view: &View, timer: Timer, out: &mut Outbox) {
        let Timer::Deadline(op) = timer;
        if let Some(mut c) = self.coordinations.remove(&op) {
            if let Some(r) = c.on_deadline(view) {
                let key = c.key;
                self.finish(op, key, r, out);
            }
        } else if let Some((node, _, kind)) = self.waiting.remove(&op) {
            let reason = format!(
                "no reply from coordinator {} within {} ms",
                view.name(node),
                crate::time::format_us(2 * view.settings.timeout_us as i64)
            );
            // The coordinator may have sent the write before it crashed or its reply was lost.
            let mut result = OpResult::failed(reason);
            result.indeterminate = kind.is_write();
            out.completions.push(Completion { op, result });
        }
    }
}
