//! Running: the loop, settling, and stepping one event.

use crate::node::Timer;
use crate::scenario::Action;
use crate::sim::causal::LocalTimer;
use crate::sim::queue::Pending;
use crate::sim::{Process, Simulator};
use crate::time::Micros;
use std::cmp::Reverse;

impl Simulator {
    /// Whether the run has finished: every scheduled action done, every operation finished, no
    /// message in flight, no background repair left that could change a replica, and no belief
    /// of the failure detector still to change (probes of a node that stays down do not keep a
    /// run going).
    pub fn is_settled(&self) -> bool {
        // Timers of finished operations do not count; actions, requests and replies in flight and
        // open operations do. Background messages (anti-entropy, handoff) in flight do not once
        // the replicas agree: merging an older state into an equal one changes nothing.
        self.pending_actions == 0
            && self.foreground_in_flight == 0
            && self.open_ops == 0
            && self.quiescent()
            && self.beliefs_settled()
    }

    /// Runs until the run has settled ([`Simulator::is_settled`]) or, with `until`, until the
    /// next event would be later than `until`.
    pub fn run(&mut self, until: Option<Micros>) {
        self.run_bounded(until, u64::MAX);
    }

    /// Runs as [`Simulator::run`] does, but stops once `max_events` events have been processed
    /// since the start ([`Simulator::events_processed`]). Returns `false` when it stopped at that
    /// bound (the run had neither settled, nor run out of events, nor reached `until`), `true`
    /// otherwise. `qsim run` and `qsim random` use [`MAX_RUN_EVENTS`](crate::sim::MAX_RUN_EVENTS), so both stop any run at
    /// the same event.
    pub fn run_bounded(&mut self, until: Option<Micros>, max_events: u64) -> bool {
        loop {
            if self.is_settled() {
                return true;
            }
            match (self.next_time(), until) {
                (None, _) => return true,
                (Some(t), Some(u)) if t > u => {
                    self.now = self.now.max(u);
                    return true;
                }
                _ => {}
            }
            if self.events >= max_events {
                return false;
            }
            self.step();
        }
    }

    /// Why the run has not settled yet, in a few words: what is still scheduled, pending or in
    /// flight, or that background repair still has work (empty once it has settled).
    pub fn unsettled_reason(&self) -> String {
        let mut parts = Vec::new();
        if self.pending_actions > 0 {
            parts.push(format!("{} scheduled events to come", self.pending_actions));
        }
        if self.open_ops > 0 {
            parts.push(format!("{} operations pending", self.open_ops));
        }
        if self.foreground_in_flight > 0 {
            parts.push(format!(
                "{} requests or replies in flight",
                self.foreground_in_flight
            ));
        }
        if !self.beliefs_settled() {
            parts.push(
                "the failure detector has beliefs still to change (a request awaiting its answer, \
                 or a suspected node that is reachable)"
                    .to_string(),
            );
        }
        if !self.quiescent() {
            parts.push(
                "background repair (anti-entropy or hinted handoff) still has replicas to bring \
                 up to date"
                    .to_string(),
            );
        }
        parts.join(", ")
    }

    /// Processes events up to and including time `t` and sets the clock to `t` (for the page,
    /// which follows wall time).
    pub fn advance_to(&mut self, t: Micros) {
        while let Some(next) = self.next_time() {
            if next > t {
                break;
            }
            self.step();
        }
        self.now = self.now.max(t);
    }

    /// Processes the next event; returns `false` when there is none.
    pub fn step(&mut self) -> bool {
        let Some(Reverse(entry)) = self.queue.pop() else {
            return false;
        };
        self.now = self.now.max(entry.at);
        self.events += 1;
        if !entry.what.is_tick() {
            if self.ticks.tracking {
                // The earliest non-tick event is this one (same time: the queue orders by time).
                let next = self.ticks.non_tick.pop();
                debug_assert_eq!(next, Some(Reverse(entry.at)));
            }
            // Anything but a tick may change what a tick would find to do.
            self.ticks.idle_cache = None;
        }
        match entry.what {
            Pending::Action(i) => {
                self.pending_actions -= 1;
                // Each action runs once: take it rather than copy its strings.
                let action = std::mem::replace(&mut self.actions[i].action, Action::Heal);
                self.apply(action);
            }
            Pending::Deliver(id) => self.deliver(id),
            Pending::Timer(e, timer) => {
                // A crashed node forgot its timers with its requests.
                if self.topology.is_up(e) {
                    let Timer::Deadline(op) = timer;
                    let local = Some(LocalTimer::Deadline(op));
                    self.dispatch_timer(e, local, |p, view, out| match p {
                        Process::Replica(r) => r.on_timer(view, timer, out),
                        Process::Client(c) => c.on_timer(view, timer, out),
                    });
                }
            }
            Pending::HandoffTick(node, g) => self.tick(false, node, g, entry.at),
            Pending::AntiEntropyTick(node, g) => self.tick(true, node, g, entry.at),
            Pending::Detector => self.detector_wake(entry.at),
        }
        true
    }
}
