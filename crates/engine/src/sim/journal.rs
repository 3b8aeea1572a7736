//! The run's journal: what happened that a learner would want told, each at its time.

use crate::ids::{EndpointId, KeyId, MsgId, OpId};
use crate::scenario::ClusterPatch;
use crate::time::Micros;
use std::collections::VecDeque;
use std::sync::Arc;

/// How many revised operations a journal remembers ([`crate::sim::Simulator::revised`]).
const REVISED_KEPT: usize = 4_096;

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
    /// The failure detector of `observer` now suspects `peer`: a request to it went unanswered
    /// for `suspect_after` (Dynamo section 4.8).
    Suspected {
        /// The node (or client) whose belief changed.
        observer: EndpointId,
        /// The node it suspects.
        peer: EndpointId,
        /// How long the request went unanswered: the detector's `suspect_after` then.
        silent_us: Micros,
    },
    /// `observer` trusts `peer` again: a message from it arrived, or `observer` crashed and
    /// forgot its suspicions.
    Trusted {
        /// The node (or client) whose belief changed.
        observer: EndpointId,
        /// The node it trusts again.
        peer: EndpointId,
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

/// What a run tells: its newest journal entries (at most a limit, oldest first, with a count of
/// every entry ever made), and the operations whose record changed after they began (the
/// newest [`REVISED_KEPT`], with a count of them all), for the page to update what it shows.
#[derive(Clone, Debug, Default)]
pub(super) struct Journal {
    entries: VecDeque<JournalEntry>,
    total: u64,
    limit: usize,
    revised: VecDeque<OpId>,
    revised_total: u64,
}

impl Journal {
    /// An empty journal keeping at most `limit` entries.
    pub(super) fn new(limit: usize) -> Journal {
        Journal {
            limit,
            ..Journal::default()
        }
    }

    /// Adds an entry, letting go of the oldest past the limit.
    pub(super) fn record(&mut self, at_us: Micros, what: Happening) {
        self.total += 1;
        if self.limit == 0 {
            return;
        }
        if self.entries.len() == self.limit {
            self.entries.pop_front();
        }
        self.entries.push_back(JournalEntry { at_us, what });
    }

    /// Notes that operation `op`'s record changed.
    pub(super) fn revise(&mut self, op: OpId) {
        if self.revised.len() == REVISED_KEPT {
            self.revised.pop_front();
        }
        self.revised.push_back(op);
        self.revised_total += 1;
    }

    /// The entries kept, oldest first.
    pub(super) fn entries(&self) -> &VecDeque<JournalEntry> {
        &self.entries
    }

    /// How many entries were ever made.
    pub(super) fn total(&self) -> u64 {
        self.total
    }

    /// The revised operations kept, oldest first.
    pub(super) fn revised(&self) -> &VecDeque<OpId> {
        &self.revised
    }

    /// How many revisions were ever noted.
    pub(super) fn revised_total(&self) -> u64 {
        self.revised_total
    }
}
