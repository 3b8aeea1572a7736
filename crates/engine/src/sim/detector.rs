//! The failure detector in the run: reporting traffic to the beliefs, waking at their deadlines,
//! sending probes, and journalling every change of belief (docs/ENGINE.md, "Failure
//! detection"). Under the perfect detector none of this does anything.

use crate::detector::{Beliefs, Change, DetectorConfig};
use crate::ids::EndpointId;
use crate::message::Payload;
use crate::sim::causal::{CausalKind, LocalTimer};
use crate::sim::journal::Happening;
use crate::sim::queue::Pending;
use crate::sim::trace::TraceTag;
use crate::sim::Simulator;
use crate::time::Micros;

impl Simulator {
    /// `from` sent `to` something that expects an answer: the detector's clock starts.
    pub(super) fn detector_sent(&mut self, from: EndpointId, to: EndpointId) {
        if self.beliefs.config().is_perfect() {
            return;
        }
        self.beliefs.sent_request(from, to, self.now);
        self.arm_detector();
    }

    /// A message from `from` reached `to`: `to` trusts `from` again if it suspected it.
    pub(super) fn detector_heard(&mut self, to: EndpointId, from: EndpointId) {
        if let Some(change) = self.beliefs.heard_from(to, from, self.now) {
            self.belief_changed(change);
        }
    }

    /// `node` crashed: its beliefs, kept in memory, are lost.
    pub(super) fn detector_forget(&mut self, node: EndpointId) {
        for change in self.beliefs.forget(node, self.now) {
            self.belief_changed(change);
        }
    }

    /// The scenario chose another detector during the run: every endpoint forgets what it
    /// believed (ending its suspicions) and starts afresh under the new one.
    pub(super) fn restart_detector(&mut self) {
        let endpoints = self.names.len();
        for e in 0..endpoints {
            for change in self.beliefs.forget(EndpointId(e), self.now) {
                self.belief_changed(change);
            }
        }
        self.beliefs = Beliefs::new(self.cluster.failure_detector, endpoints, self.node_count);
        self.detector_wake = None;
    }

    /// Queues the detector's wake-up at its next deadline, unless one is queued already at or
    /// before it.
    fn arm_detector(&mut self) {
        let Some(at) = self.beliefs.next_deadline() else {
            return;
        };
        let at = at.max(self.now);
        if self.detector_wake.is_none_or(|queued| at < queued) {
            self.detector_wake = Some(at);
            self.push(at, Pending::Detector);
        }
    }

    /// The detector's wake-up queued for `at`: the suspicions now due, then the probes, each
    /// probe a ping from the observer to the suspected node. A wake-up that an earlier one
    /// replaced does nothing.
    pub(super) fn detector_wake(&mut self, at: Micros) {
        if self.detector_wake != Some(at) {
            return;
        }
        self.detector_wake = None;
        for change in self.beliefs.poll(self.now) {
            self.belief_changed(change);
        }
        for (observer, peer) in self.beliefs.probes_due(self.now) {
            // A crashed observer has forgotten its suspicions, so it has no probe due.
            self.causal_local(Some(observer), CausalKind::Timer(LocalTimer::Probe));
            self.send(observer, peer, Payload::Ping);
        }
        self.arm_detector();
    }

    /// Traces and journals a change of belief.
    fn belief_changed(&mut self, change: Change) {
        let Change {
            observer,
            peer,
            now_suspected,
            ..
        } = change;
        self.trace_event(
            TraceTag::Belief,
            observer.0 as u64,
            peer.0 as u64,
            now_suspected as u64,
        );
        let silent_us = match self.beliefs.config() {
            DetectorConfig::Timeout { suspect_after, .. } => suspect_after,
            DetectorConfig::Perfect => 0,
        };
        self.record(if now_suspected {
            Happening::Suspected {
                observer,
                peer,
                silent_us,
            }
        } else {
            Happening::Trusted { observer, peer }
        });
    }

    /// Whether no belief of the detector is still to change: no request awaits its answer
    /// (its receiver is not yet suspected), and every suspected node is one its observer
    /// cannot reach (down, across a partition, or every message lost), so that probes can
    /// only keep failing. Probing a node that stays down does not keep a run going.
    pub(super) fn beliefs_settled(&self) -> bool {
        if self.beliefs.config().is_perfect() {
            return true;
        }
        let lossless = self.topology.drop_rate() < 1.0;
        self.beliefs
            .settled(|observer, peer| self.topology.reachable(observer, peer) && lossless)
    }

    /// The nodes `observer` suspects, with the time each suspicion began (the snapshot's view
    /// of a node's beliefs); none under the perfect detector.
    pub fn suspicions_of(&self, observer: EndpointId) -> Vec<(EndpointId, Micros)> {
        self.beliefs
            .suspects_of(observer)
            .filter_map(|peer| {
                let since = self.beliefs.belief(observer, peer)?.suspected_since?;
                Some((peer, since))
            })
            .collect()
    }
}
