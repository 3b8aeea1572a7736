//! The event queue: what is scheduled, in order of (time, sequence number).

use crate::ids::{EndpointId, MsgId};
use crate::node::Timer;
use crate::scenario::Action;
use crate::time::Micros;
use std::hash::Hasher;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Pending {
    /// The i-th event of the scenario or an injected action.
    Action(usize),
    /// A message arrives.
    Deliver(MsgId),
    /// A process's timer.
    Timer(EndpointId, Timer),
    /// Periodic hinted-handoff check of a node, of a generation of the setting.
    HandoffTick(EndpointId, u32),
    /// Periodic anti-entropy round of a node, of a generation of the setting.
    AntiEntropyTick(EndpointId, u32),
    /// The failure detector's next deadline: suspicions and probes due.
    Detector,
}

impl Pending {
    pub(super) fn is_tick(&self) -> bool {
        matches!(
            self,
            Pending::HandoffTick(..) | Pending::AntiEntropyTick(..)
        )
    }
}

/// The sequence numbers of background ticks: above every other event's ([`Simulator::push`]).
pub(super) const TICK_SEQ: u64 = 1 << 62;

/// The sequence number of the failure detector's wake-ups: after every event of their time
/// but the background ticks, whichever path queued them.
pub(super) const DETECTOR_SEQ: u64 = TICK_SEQ - 1;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Entry {
    pub(super) at: Micros,
    pub(super) seq: u64,
    pub(super) what: Pending,
}

/// A scheduled action: a scenario event, or one injected from the page.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduledAction {
    /// When.
    pub at_us: Micros,
    /// What.
    pub action: Action,
}

/// Hashes message ids (already unique numbers) for the in-flight table, which is only ever
/// looked up by id, never iterated, so its order cannot leak into a run.
#[derive(Default)]
pub(super) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = v.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}
