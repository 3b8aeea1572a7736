//! The run's journal: what happened that a learner would want told, each at its time.

use crate::history::{RepairRecord, ReplyRecord, StoreRecord};
use crate::ids::{EndpointId, KeyId, MsgId, OpId};
use crate::node::OpNote;
use crate::scenario::ClusterPatch;
use crate::sim::{Simulator, REVISED_KEPT};
use crate::time::Micros;
use std::sync::Arc;

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

impl Simulator {
    /// Adds an entry to the journal, letting go of the oldest past [`Options::journal_limit`].
    pub(super) fn record(&mut self, what: Happening) {
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
    pub(super) fn revise(&mut self, op: OpId) {
        if self.revised.len() == REVISED_KEPT {
            self.revised.pop_front();
        }
        self.revised.push_back(op);
        self.revised_total += 1;
    }

    /// Adds what happened to an operation to its record (and read repairs to the journal).
    pub(super) fn on_op_note(&mut self, note: OpNote) {
        let now = self.now;
        let op = match note {
            OpNote::Replied { op, from, answer } => {
                let Some(rec) = self.history.get_mut(op.index()) else {
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
                let Some(rec) = self.history.get_mut(op.index()) else {
                    return;
                };
                rec.repairs.push(RepairRecord { to, at_us: now });
                self.record(Happening::ReadRepair { op, to });
                op
            }
            OpNote::Stored { op, node, hint_for } => {
                let Some(rec) = self.history.get_mut(op.index()) else {
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
    pub(super) fn hint_handed_back(&mut self, fallback: EndpointId, home: EndpointId, key: KeyId) {
        let hint = (fallback, home, key);
        let Some(i) = self.hinted_ops.iter().position(|h| h.0 == hint) else {
            return;
        };
        let (_, ops) = self.hinted_ops.swap_remove(i);
        let now = self.now;
        for op in ops {
            let Some(rec) = self.history.get_mut(op.index()) else {
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
}
