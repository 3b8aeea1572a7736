//! What a process wants done, recorded for the simulator to carry out.

use crate::ids::{EndpointId, KeyId, OpId};
use crate::message::Payload;
use crate::op::{Answer, OpResult};
use crate::time::Micros;

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
    /// An anti-entropy message carrying this many hashes (tree nodes' hashes or keys' digests)
    /// was sent, for `metrics.anti_entropy_hashes`.
    AntiEntropyHashes(u64),
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

/// What a process wants done, recorded by its handler and carried out by the simulator after
/// it returns: messages to send, timers to set, finished operations, and notes for the metrics
/// and the history. A handler can only add to it.
#[derive(Clone, Debug, Default)]
pub struct Outbox {
    sends: Vec<(EndpointId, Payload)>,
    timers: Vec<(Micros, Timer)>,
    completions: Vec<Completion>,
    notes: Vec<Note>,
    op_notes: Vec<OpNote>,
}

impl Outbox {
    /// Sends `payload` to `to`.
    pub fn send(&mut self, to: EndpointId, payload: Payload) {
        self.sends.push((to, payload));
    }

    /// A coordinating replica's reply to the client whose request it ran.
    pub fn reply(&mut self, client: EndpointId, op: OpId, result: OpResult) {
        self.send(
            client,
            Payload::Reply {
                op,
                result: Box::new(result),
            },
        );
    }

    /// Sets `timer` to fire at simulated time `at`.
    pub fn set_timer(&mut self, at: Micros, timer: Timer) {
        self.timers.push((at, timer));
    }

    /// A client operation finished (or failed) at its client.
    pub fn complete(&mut self, op: OpId, result: OpResult) {
        self.completions.push(Completion { op, result });
    }

    /// Something for the metrics and the journal.
    pub fn note(&mut self, note: Note) {
        self.notes.push(note);
    }

    /// Something that happened to a client operation, for its record.
    pub fn op_note(&mut self, note: OpNote) {
        self.op_notes.push(note);
    }

    /// Whether the handler sent a message or finished an operation (the causal log tells a
    /// timer that fired only then).
    pub(crate) fn sends_or_completes(&self) -> bool {
        !self.sends.is_empty() || !self.completions.is_empty()
    }

    /// Takes the messages to send, in the order they were recorded.
    pub(crate) fn take_sends(&mut self) -> std::vec::Drain<'_, (EndpointId, Payload)> {
        self.sends.drain(..)
    }

    /// Takes the timers to set.
    pub(crate) fn take_timers(&mut self) -> std::vec::Drain<'_, (Micros, Timer)> {
        self.timers.drain(..)
    }

    /// Takes the notes.
    pub(crate) fn take_notes(&mut self) -> std::vec::Drain<'_, Note> {
        self.notes.drain(..)
    }

    /// Takes the operation notes.
    pub(crate) fn take_op_notes(&mut self) -> std::vec::Drain<'_, OpNote> {
        self.op_notes.drain(..)
    }

    /// Takes the finished operations.
    pub(crate) fn take_completions(&mut self) -> std::vec::Drain<'_, Completion> {
        self.completions.drain(..)
    }
}
