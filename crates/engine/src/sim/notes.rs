//! What happened to operations after they began (replies, repairs, stores, hints handed
//! back), added to their records and told in the journal.

use crate::history::{RepairRecord, ReplyRecord, StoreRecord};
use crate::ids::{EndpointId, KeyId, OpId};
use crate::node::OpNote;
use crate::sim::causal::CausalKind;
use crate::sim::journal::Happening;
use crate::sim::Simulator;

impl Simulator {
    /// Adds an entry to the journal at the current time.
    pub(super) fn record(&mut self, what: Happening) {
        self.journal.record(self.now, what);
    }

    /// Tells the causal log (when there is one) of an event at `e` (or of the network) now.
    pub(super) fn causal_local(&mut self, e: Option<EndpointId>, what: CausalKind) {
        if let Some(log) = &mut self.causal {
            log.local(self.now, e, what);
        }
    }

    /// Notes that operation `op`'s record changed.
    pub(super) fn revise(&mut self, op: OpId) {
        self.journal.revise(op);
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
