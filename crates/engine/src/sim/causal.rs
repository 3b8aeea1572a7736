//! The causal log of a run (issue 10): every event the run processed, at the endpoint where it
//! happened, with that endpoint's vector clock after it. It is what a space-time (Lamport)
//! diagram draws and what a ShiViz log lists. Recorded only when
//! [`Options::causal_limit`](crate::sim::Options::causal_limit) asks; bookkeeping, like the
//! journal: it never changes a run or its trace hash.

use crate::history::Outcome;
use crate::ids::{EndpointId, MsgId, OpId};
use crate::message::MessageKind;
use crate::sim::record::Fate;
use crate::time::Micros;
use crate::vclock::VectorClock;
use std::collections::{HashMap, VecDeque};

/// A local timer that fired and did something (sent a message, or finished an operation):
/// timers that find nothing to do are not told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalTimer {
    /// An operation's deadline, at its client or its coordinating replica.
    Deadline(OpId),
    /// An anti-entropy round.
    AntiEntropy,
    /// A hinted-handoff check.
    Handoff,
    /// The failure detector's probe of a suspected node.
    Probe,
}

/// What one event of the causal log was.
#[derive(Clone, Debug, PartialEq)]
pub enum CausalKind {
    /// The endpoint sent a message (it ticks).
    Sent {
        /// The message.
        msg: MsgId,
        /// Its receiver.
        to: EndpointId,
        /// Its kind.
        kind: MessageKind,
        /// The operation it belongs to.
        op: Option<OpId>,
        /// When it arrives (or would have arrived, if it is lost).
        arrive_us: Micros,
    },
    /// The endpoint received a message: it merged the sender's clock at the send, then ticked.
    Received {
        /// The message.
        msg: MsgId,
        /// Its sender.
        from: EndpointId,
        /// Its kind.
        kind: MessageKind,
        /// The operation it belongs to.
        op: Option<OpId>,
    },
    /// A message to the endpoint was lost: dropped (by the drop rate, at its sending, or by
    /// the user), cut by a partition (at its sending or on arrival), or refused by the crashed
    /// endpoint. Nothing happened at the endpoint: its clock does not tick (the event carries
    /// its clock unchanged).
    Lost {
        /// The message.
        msg: MsgId,
        /// Its sender.
        from: EndpointId,
        /// Its kind.
        kind: MessageKind,
        /// The operation it belongs to.
        op: Option<OpId>,
        /// How it was lost: [`Fate::Dropped`], [`Fate::Cut`] or [`Fate::Refused`].
        fate: Fate,
        /// When it died: halfway when lost on the way, at its arrival when cut or refused
        /// there, when the user dropped it.
        dies_us: Micros,
    },
    /// The endpoint, a client, invoked an operation (it ticks).
    Invoked(OpId),
    /// An operation finished at the endpoint, its client (it ticks).
    Completed {
        /// The operation.
        op: OpId,
        /// Its outcome ([`Outcome::Ok`] or [`Outcome::Fail`]; its record says more).
        outcome: Outcome,
    },
    /// The endpoint, a node, crashed (it was up; it ticks).
    Crashed,
    /// The endpoint, a node, recovered (it was down; it ticks).
    Recovered,
    /// A timer of the endpoint fired and did something (it ticks).
    Timer(LocalTimer),
    /// A partition began or changed: every endpoint's group after it, by endpoint (0: the
    /// group of the endpoints it did not list). Of the network, not of an endpoint: no clock.
    Partitioned(Vec<u32>),
    /// The partition ended. Of the network: no clock.
    Healed,
}

impl CausalKind {
    /// Whether the event ticks its endpoint's clock: every event at an endpoint except a
    /// loss, and no event of the network.
    pub fn ticks(&self) -> bool {
        !matches!(
            self,
            CausalKind::Lost { .. } | CausalKind::Partitioned(_) | CausalKind::Healed
        )
    }
}

/// One event of the causal log.
#[derive(Clone, Debug, PartialEq)]
pub struct CausalEvent {
    /// Its position among every event the log was told, from 0 (also counting those let go).
    pub index: u64,
    /// When it happened (simulated time).
    pub at_us: Micros,
    /// Where: the endpoint it happened at (`None` for a partition or a heal, which happen to
    /// the network).
    pub endpoint: Option<EndpointId>,
    /// What it was.
    pub what: CausalKind,
    /// The endpoint's vector clock after the event (empty for the network's events).
    pub clock: VectorClock,
}

/// The causal log of a run: the newest events (at most a limit), each endpoint's clock now, and
/// the sender's clock of every message in flight.
#[derive(Clone, Debug, Default)]
pub(super) struct CausalLog {
    events: VecDeque<CausalEvent>,
    total: u64,
    limit: usize,
    clocks: Vec<VectorClock>,
    in_flight: HashMap<MsgId, VectorClock>,
}

impl CausalLog {
    /// An empty log of `endpoints` endpoints keeping at most `limit` events.
    pub(super) fn new(endpoints: usize, limit: usize) -> CausalLog {
        CausalLog {
            limit,
            clocks: vec![VectorClock::new(); endpoints],
            ..CausalLog::default()
        }
    }

    fn push(&mut self, at_us: Micros, endpoint: Option<EndpointId>, what: CausalKind) {
        let clock = match endpoint {
            Some(e) => {
                if what.ticks() {
                    self.clocks[e].tick(e);
                }
                self.clocks[e].clone()
            }
            None => VectorClock::new(),
        };
        if self.events.len() == self.limit {
            self.events.pop_front();
        }
        self.events.push_back(CausalEvent {
            index: self.total,
            at_us,
            endpoint,
            what,
            clock,
        });
        self.total += 1;
    }

    /// An event at `e` (or of the network) that is not a message's.
    pub(super) fn local(&mut self, at_us: Micros, e: Option<EndpointId>, what: CausalKind) {
        self.push(at_us, e, what);
    }

    /// `from` sent message `msg`; with `in_flight`, it travels on (its clock is kept until it
    /// arrives or is dropped).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn sent(
        &mut self,
        at_us: Micros,
        from: EndpointId,
        to: EndpointId,
        msg: MsgId,
        kind: MessageKind,
        op: Option<OpId>,
        arrive_us: Micros,
        in_flight: bool,
    ) {
        self.push(
            at_us,
            Some(from),
            CausalKind::Sent {
                msg,
                to,
                kind,
                op,
                arrive_us,
            },
        );
        if in_flight {
            self.in_flight.insert(msg, self.clocks[from].clone());
        }
    }

    /// Message `msg` from `from` reached `to` and is handled there.
    pub(super) fn received(
        &mut self,
        at_us: Micros,
        from: EndpointId,
        to: EndpointId,
        msg: MsgId,
        kind: MessageKind,
        op: Option<OpId>,
    ) {
        if let Some(sent) = self.in_flight.remove(&msg) {
            self.clocks[to].merge(&sent);
        }
        self.push(
            at_us,
            Some(to),
            CausalKind::Received {
                msg,
                from,
                kind,
                op,
            },
        );
    }

    /// Message `msg` from `from` to `to` was lost (`fate`), dying at `dies_us`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn lost(
        &mut self,
        at_us: Micros,
        from: EndpointId,
        to: EndpointId,
        msg: MsgId,
        kind: MessageKind,
        op: Option<OpId>,
        fate: Fate,
        dies_us: Micros,
    ) {
        self.in_flight.remove(&msg);
        self.push(
            at_us,
            Some(to),
            CausalKind::Lost {
                msg,
                from,
                kind,
                op,
                fate,
                dies_us,
            },
        );
    }

    /// The events kept, oldest first.
    pub(super) fn events(&self) -> &VecDeque<CausalEvent> {
        &self.events
    }

    /// How many events were ever told.
    pub(super) fn total(&self) -> u64 {
        self.total
    }

    /// Endpoint `e`'s clock now.
    pub(super) fn clock(&self, e: EndpointId) -> Option<&VectorClock> {
        self.clocks.get(e.index())
    }
}
