//! The checker: which gets were stale, which returned a deleted value, and which acknowledged
//! writes were lost.
//!
//! Every question is about causality, independent of the versioning mode: every write has a dot
//! and the context it was made with, so "a write that causally followed W" is a write whose
//! context contains W's dot.
//! - A get is stale when some write to its key (a put, or a delete) was acknowledged before the
//!   get was invoked, and the get returned neither that write's version nor one that causally
//!   followed it. A get that returns no value at all is not stale for missing a delete, or a
//!   write that an acknowledged delete removed: nothing is what the delete wrote.
//! - A get is a resurrection when it returns a value that a delete acknowledged before the get
//!   was invoked had removed (the value is in the delete's context).
//! - A put is lost when it was acknowledged and, at the end of the run, neither its version nor
//!   any causal successor's version (a tombstone included) is on a home replica of its key or in a
//!   hint for one. A write stranded on a fallback's own data (a sloppy quorum without hinted
//!   handoff) is lost: no read of the key's home replicas can ever see it.
//!
//! Failed writes are *maybe applied*: a write that timed out (indeterminate, Jepsen's `:info`)
//! may be on some replica or not, so a get neither has to return it nor is wrong to.

use crate::history::{OpRecord, Outcome};
use crate::ids::{EndpointId, KeyId, OpId};
use crate::maps::{KeyMap, SortedMap};
use crate::node::Replica;
use crate::op::OpKind;
use crate::version::{Dot, VClock};

/// What the checker says of one finished operation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    /// A get that missed an acknowledged write.
    pub stale: bool,
    /// A get that returned a value an acknowledged delete had removed.
    pub resurrection: bool,
}

/// What the checker remembers of a get in progress: what had been resolved when it began.
#[derive(Clone, Debug, Default)]
struct Before {
    /// The resolved dots of its key.
    resolved: VClock,
    /// The writes that acknowledged deletes of its key had removed.
    deleted: VClock,
}

/// Running state of the checker, fed by the simulator as operations start and finish.
///
/// To stay cheap over long runs it does not keep the set of acknowledged writes of a key as such
/// (failed writes would leave ever more gaps in it), but the set of *resolved* dots (every
/// finished write: compact, since dots are numbered per key) and, apart, the resolved dots that
/// were not acknowledged. A get is stale when some dot that was resolved when it began is
/// neither returned (nor followed by a returned write) nor among those.
#[derive(Clone, Debug, Default)]
pub struct Checker {
    /// Per key, the dots of every finished write: puts and deletes, acknowledged or failed.
    resolved: KeyMap<VClock>,
    /// Per key, the resolved dots that were not acknowledged.
    not_acked: KeyMap<VClock>,
    /// Per key, the dots of acknowledged deletes.
    acked_deletes: KeyMap<VClock>,
    /// Per key, the union of the contexts of acknowledged deletes: every write they removed.
    deleted: KeyMap<VClock>,
    /// Per get in progress, what was resolved when it was invoked.
    before: SortedMap<OpId, Before>,
    /// Every acknowledged put: (key, op, dot).
    acked_puts: Vec<(KeyId, OpId, Dot)>,
}

impl Checker {
    /// An operation was invoked.
    pub fn on_invoke(&mut self, op: OpId, kind: OpKind, key: KeyId) {
        if kind == OpKind::Get {
            let before = Before {
                resolved: self.resolved.get(key).cloned().unwrap_or_default(),
                deleted: self.deleted.get(key).cloned().unwrap_or_default(),
            };
            self.before.insert(op, before);
        }
    }

    /// An operation finished: the verdict on it.
    pub fn on_complete(&mut self, rec: &OpRecord) -> Verdict {
        match rec.kind {
            OpKind::Get => {
                let before = self.before.remove(&rec.id).unwrap_or_default();
                if rec.outcome != Outcome::Ok {
                    return Verdict::default();
                }
                let mut returned = VClock::new();
                let mut has_value = false;
                for s in &rec.result.siblings {
                    returned.merge(&s.seen);
                    returned.insert(s.dot);
                    has_value |= s.value.is_some();
                }
                let not_acked = self.not_acked.get(rec.key);
                let deletes = self.acked_deletes.get(rec.key);
                // The acknowledged writes resolved before the get that it did not return: those
                // outside both what it returned and the writes never acknowledged (one pass over
                // the contexts' runs, rather than a test per missing dot: a run with many lost
                // writes would make every get cost time in proportion to the run's length).
                let unseen = match not_acked {
                    Some(n) => returned.merged(n),
                    None => returned,
                };
                let stale = before.resolved.dots_not_in(&unseen).any(|d| {
                    // Reading nothing is right for a delete, and for a write a delete removed.
                    let deleted =
                        deletes.is_some_and(|n| n.contains(d)) || before.deleted.contains(d);
                    has_value || !deleted
                });
                let resurrection = rec
                    .result
                    .siblings
                    .iter()
                    .any(|s| s.value.is_some() && before.deleted.contains(s.dot));
                Verdict {
                    stale,
                    resurrection,
                }
            }
            OpKind::Put | OpKind::Delete => {
                if let Some(dot) = rec.dot {
                    self.resolved.or_default(rec.key).insert(dot);
                    match (rec.kind, rec.outcome) {
                        (OpKind::Put, Outcome::Ok) => self.acked_puts.push((rec.key, rec.id, dot)),
                        (OpKind::Delete, Outcome::Ok) => {
                            self.acked_deletes.or_default(rec.key).insert(dot);
                            self.deleted.or_default(rec.key).merge(&rec.write_context);
                        }
                        _ => self.not_acked.or_default(rec.key).insert(dot),
                    }
                }
                Verdict::default()
            }
        }
    }

    /// The acknowledged puts lost from every home replica and every hint, given the replicas'
    /// final state and which nodes are home replicas of which keys now.
    pub fn lost_writes(
        &self,
        replicas: &[Replica],
        is_home: impl Fn(KeyId, EndpointId) -> bool,
    ) -> Vec<OpId> {
        let mut present: KeyMap<VClock> = KeyMap::new();
        for r in replicas {
            let states = r
                .store
                .iter()
                .filter(|&(k, _)| is_home(k, r.id))
                .chain(r.hints.entries().iter().map(|((k, _), h)| (*k, &h.state)));
            for (k, state) in states {
                let p = present.or_default(k);
                for s in &state.siblings {
                    p.merge(&s.seen);
                    p.insert(s.dot);
                }
            }
        }
        self.acked_puts
            .iter()
            .filter(|(k, _, dot)| !present.get(*k).is_some_and(|p| p.contains(*dot)))
            .map(|&(_, op, _)| op)
            .collect()
    }
}
