//! The checker: which gets were stale and which acknowledged writes were lost.
//!
//! Both questions are about causality, independent of the versioning mode: every write has a
//! dot and the context it was made with, so "a put that causally followed P" is a write whose
//! context contains P's dot.
//! - A get is stale when some put to its key was acknowledged before the get was invoked, and the
//!   get returned neither that put's value nor the value of a write that causally followed it.
//! - A put is lost when it was acknowledged and, at the end of the run, neither its value nor any
//!   causal successor's value (a tombstone included) is on any replica, hints included.

use crate::maps::{KeyMap, SortedMap};
use crate::node::{KeyId, OpId, OpKind, Replica};
use crate::sim::{OpRecord, Outcome};
use crate::version::{Dot, VClock};

/// Running state of the checker, fed by the simulator as operations start and finish.
///
/// To stay cheap over long runs it does not keep the set of acknowledged puts of a key as such
/// (deletes and failed puts would leave ever more gaps in it), but the set of *resolved* dots
/// (acknowledged puts, deletes and failed puts: compact, since dots are numbered per key) and,
/// apart, the resolved dots that are not acknowledged puts. A get is stale when some dot that
/// was resolved when it began is neither returned nor among those.
#[derive(Clone, Debug, Default)]
pub struct Checker {
    /// Per key, the dots of every finished write: acknowledged puts, deletes, failed puts.
    resolved: KeyMap<VClock>,
    /// Per key, the resolved dots that are not acknowledged puts (an exact set of dots too).
    not_acked: KeyMap<VClock>,
    /// Per get in progress, the resolved dots of its key when it was invoked.
    before: SortedMap<OpId, VClock>,
    /// Every acknowledged put: (key, op, dot).
    acked_puts: Vec<(KeyId, OpId, Dot)>,
}

impl Checker {
    /// An operation was invoked.
    pub fn on_invoke(&mut self, op: OpId, kind: OpKind, key: KeyId) {
        if kind == OpKind::Get {
            let snapshot = self.resolved.get(key).cloned().unwrap_or_default();
            self.before.insert(op, snapshot);
        }
    }

    /// An operation finished; returns whether it was a stale get.
    pub fn on_complete(&mut self, rec: &OpRecord) -> bool {
        match rec.kind {
            OpKind::Get => {
                let before = self.before.remove(&rec.id).unwrap_or_default();
                if rec.outcome != Outcome::Ok {
                    return false;
                }
                let mut returned = VClock::new();
                for s in &rec.result.siblings {
                    returned.merge(&s.seen);
                    returned.insert(s.dot);
                }
                let not_acked = self.not_acked.get(rec.key);
                let stale = before
                    .dots_not_in(&returned)
                    .any(|d| !not_acked.is_some_and(|n| n.contains(d)));
                stale
            }
            OpKind::Put | OpKind::Delete => {
                if let Some(dot) = rec.dot {
                    self.resolved.or_default(rec.key).insert(dot);
                    if rec.kind == OpKind::Put && rec.outcome == Outcome::Ok {
                        self.acked_puts.push((rec.key, rec.id, dot));
                    } else {
                        self.not_acked.or_default(rec.key).insert(dot);
                    }
                }
                false
            }
        }
    }

    /// The acknowledged puts lost from every replica, given the replicas' final state.
    pub fn lost_writes(&self, replicas: &[Replica]) -> Vec<OpId> {
        let mut present: KeyMap<VClock> = KeyMap::new();
        for r in replicas {
            let states = r
                .store
                .iter()
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
