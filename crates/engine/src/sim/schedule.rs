//! Scheduling: queueing events and finding the next one.

use crate::ids::OpId;
use crate::node::Timer;
use crate::scenario::Action;
use crate::sim::queue::{Entry, Pending, ScheduledAction, DETECTOR_SEQ, TICK_SEQ};
use crate::sim::Simulator;
use crate::time::Micros;
use std::cmp::Reverse;

impl Simulator {
    pub(super) fn push(&mut self, at: Micros, what: Pending) {
        debug_assert!(at >= self.now);
        if matches!(what, Pending::Action(_)) {
            self.pending_actions += 1;
        }
        if self.ticks.tracking && !what.is_tick() {
            self.ticks.non_tick.push(Reverse(at));
        }
        // Events at one time run in the order they were scheduled, except background ticks: they
        // run after every other event of that time, anti-entropy rounds first, each kind by
        // node. Ticks are rescheduled by different paths (an idle tick moving itself, or
        // `schedule` bringing parked ticks back), so their order must not depend on which path
        // queued them, or a page's run and the replay of its share link would part.
        let seq = match what {
            Pending::AntiEntropyTick(node, _) => TICK_SEQ + node.0 as u64,
            Pending::HandoffTick(node, _) => TICK_SEQ + (1 << 32) + node.0 as u64,
            // The detector's wake-up runs after the other events of its time (a reply
            // arriving at a suspicion's deadline is heard first), and before the ticks.
            Pending::Detector => DETECTOR_SEQ,
            _ => {
                self.seq += 1;
                self.seq
            }
        };
        self.queue.push(Reverse(Entry { at, seq, what }));
    }

    /// Schedules an action (a client operation or a fault) at a time not before now. Background
    /// ticks that were idle and waiting for a later event (or parked, with nothing scheduled)
    /// come back, in their phase, at their first tick at or after it.
    pub fn schedule(&mut self, at_us: Micros, action: Action) {
        let at_us = at_us.max(self.now);
        self.actions.push(ScheduledAction { at_us, action });
        let i = self.actions.len() - 1;
        self.push(at_us, Pending::Action(i));
        self.rearm_ticks(at_us);
    }

    /// The time of the next event, if any.
    pub fn next_time(&self) -> Option<Micros> {
        self.queue.peek().map(|e| e.0.at)
    }

    /// The time of the next event that can change what an observer sees: [`Simulator::next_time`]
    /// leaving out the deadlines of operations that have already finished, which do nothing.
    /// The page skips quiet stretches up to it. Costs one pass over the queue.
    pub fn next_time_of_interest(&self) -> Option<Micros> {
        let finished = |op: OpId| {
            self.history
                .get(op.index())
                .is_some_and(|r| r.completed_us.is_some())
        };
        self.queue
            .iter()
            .filter(|Reverse(e)| {
                !matches!(e.what, Pending::Timer(_, Timer::Deadline(op)) if finished(op))
            })
            .map(|Reverse(e)| e.at)
            .min()
    }
}
