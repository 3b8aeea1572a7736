//! What selecting an operation highlights: its causal past and what is concurrent with it.

use crate::model::Diagram;
use quorumscope_engine::sim::CausalKind;
use quorumscope_engine::{ClockOrder, OpId};
use std::collections::BTreeSet;

/// The events of the causal log (by index) that happened before an operation's reply (its
/// causal past: what the result could have seen) and those concurrent with it, by their vector
/// clocks. Events of the network (partitions) and losses, which do not tick a clock, are in
/// neither.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CausalSets {
    /// The causal log's index of the operation's reply (or of its invocation, while pending).
    pub at: Option<u64>,
    /// The events before it.
    pub past: BTreeSet<u64>,
    /// The events concurrent with it.
    pub concurrent: BTreeSet<u64>,
}

impl CausalSets {
    /// The sets of `op` in `diagram` (empty when its events are not in the causal log).
    pub fn of(diagram: &Diagram, op: OpId) -> CausalSets {
        let completed = diagram
            .events
            .iter()
            .rev()
            .find(|e| matches!(e.what, CausalKind::Completed { op: o, .. } if o == op));
        let reference = completed.or_else(|| {
            diagram
                .events
                .iter()
                .find(|e| matches!(e.what, CausalKind::Invoked(o) if o == op))
        });
        let Some(reference) = reference else {
            return CausalSets::default();
        };
        let mut sets = CausalSets {
            at: Some(reference.index),
            ..CausalSets::default()
        };
        for e in diagram.events.iter().filter(|e| e.what.ticks()) {
            match e.clock.compare(&reference.clock) {
                ClockOrder::Before => {
                    sets.past.insert(e.index);
                }
                ClockOrder::Concurrent => {
                    sets.concurrent.insert(e.index);
                }
                ClockOrder::Equal | ClockOrder::After => {}
            }
        }
        sets
    }
}
