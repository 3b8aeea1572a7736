//! The discrete-event simulator: it owns time, the network, the random number generator and the
//! record of everything that happens.
//!
//! Events are ordered by (time, sequence number). Every message is drawn a delay from the
//! scenario's latency model when it is sent and has a fate: delivered, dropped (by the drop rate
//! or by the user), cut by a partition (at sending or on arrival), or refused by a crashed
//! receiver. Processes (replicas and clients, `node/`) only fill an outbox; the simulator delivers.

mod access;
mod actions;
mod background;
mod build;
mod causal;
mod deliver;
mod detector;
mod journal;
mod metrics;
mod notes;
mod options;
mod queue;
mod record;
mod run;
mod schedule;
mod summary;
mod ticks;
mod trace;

pub use causal::{CausalEvent, CausalKind, LocalTimer};
pub use journal::{Happening, JournalEntry};
pub use metrics::Metrics;
pub use options::{MessageWindow, Options, CAUSAL_ALL, JOURNAL_LIMIT};
pub use queue::ScheduledAction;
pub use record::{Fate, MessageRecord};
pub use summary::{clip, SUMMARY_VALUES, SUMMARY_VALUE_CHARS};

use crate::check::Checker;
use crate::detector::Beliefs;
use crate::hash::Fnv;
use crate::history::OpRecord;
use crate::ids::{EndpointId, KeyId, MsgId, OpId};
use crate::message::Payload;
use crate::network::{Keys, Ring, Topology};
use crate::node::{Client, Outbox, Replica, Settings};
use crate::rng::SimRng;
use crate::scenario::{Cluster, Scenario};
use crate::sim::queue::{Entry, IdHasher};
use crate::time::Micros;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::hash::BuildHasherDefault;
use std::sync::Arc;

/// The most events `qsim run` (and each seed of `qsim random`) processes before giving up on a
/// run that does not settle ([`Simulator::run_bounded`]): 50 million, a few seconds to a minute
/// of work. Idle background ticks are skipped, so a valid scenario that settles stays far below
/// it however long its simulated time; only a run whose repair can never finish (say, replicas
/// that differ while every message is dropped) reaches it.
pub const MAX_RUN_EVENTS: u64 = 50_000_000;

/// A process, borrowed for one handler.
enum Process<'a> {
    Replica(&'a mut Replica),
    Client(&'a mut Client),
}

#[derive(Clone)]
struct InFlight {
    from: EndpointId,
    to: EndpointId,
    payload: Payload,
}

/// A running simulation of one scenario.
///
/// `Clone` is a checkpoint: the clone is the run at this moment, independent of the original
/// from then on (running either does not change the other), and runs exactly as the original
/// would (the random number generator is cloned with the rest).
#[derive(Clone)]
pub struct Simulator {
    scenario: Scenario,
    settings: Settings,
    options: Options,
    names: Vec<Arc<str>>,
    node_count: usize,
    replicas: Vec<Replica>,
    clients: Vec<Client>,
    /// Who can reach whom: crashes, partitions, message loss.
    topology: Topology,
    /// The ring of node tokens.
    ring: Ring,
    /// What each endpoint believes about who is up (the failure detector, Dynamo section 4.8).
    beliefs: Beliefs,
    /// When the detector's wake-up is queued ([`Beliefs::next_deadline`] when it was queued);
    /// an earlier deadline queues another, and a wake-up at any other time is stale.
    detector_wake: Option<Micros>,
    /// The keys used so far and their preference lists.
    keys: Keys,
    now: Micros,
    seq: u64,
    queue: BinaryHeap<Reverse<Entry>>,
    /// The background rounds (anti-entropy, hinted handoff) and how idle ones wait.
    ticks: crate::sim::ticks::Ticks,
    pending_actions: usize,
    foreground_in_flight: usize,
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
    /// What the run tells: its journal, and the operations revised after they began.
    journal: crate::sim::journal::Journal,
    /// The causal log, when [`Options::causal_limit`] asks for one.
    causal: Option<crate::sim::causal::CausalLog>,
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
