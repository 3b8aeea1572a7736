//! Sending and delivering messages, and carrying out a process's outbox.

use crate::ids::{EndpointId, MsgId};
use crate::message::Payload;
use crate::node::{Note, Outbox, View};
use crate::sim::causal::{CausalKind, LocalTimer};
use crate::sim::journal::Happening;
use crate::sim::queue::Pending;
use crate::sim::record::{Fate, MessageRecord};
use crate::sim::trace::TraceTag;
use crate::sim::{InFlight, Process, Simulator};
use crate::time::{ms_to_us, Micros};

impl Simulator {
    /// Runs a handler of endpoint `e` with a view of the world, then carries out its outbox.
    pub(super) fn dispatch(
        &mut self,
        e: EndpointId,
        f: impl FnOnce(Process<'_>, &View, &mut Outbox),
    ) {
        self.dispatch_timer(e, None, f);
    }

    /// [`Simulator::dispatch`] of a handler that a timer of `e` called: the causal log tells the
    /// timer when the handler sent a message or finished an operation.
    pub(super) fn dispatch_timer(
        &mut self,
        e: EndpointId,
        timer: Option<LocalTimer>,
        f: impl FnOnce(Process<'_>, &View, &mut Outbox),
    ) {
        let mut out = std::mem::take(&mut self.outbox);
        let view = View {
            now: self.now,
            settings: &self.settings,
            nodes: self.node_count,
            prefs: self.keys.prefs(),
            topology: &self.topology,
            names: &self.names,
            beliefs: &self.beliefs,
        };
        let p = if e.0 < self.node_count {
            Process::Replica(&mut self.replicas[e])
        } else {
            Process::Client(&mut self.clients[e.0 - self.node_count])
        };
        f(p, &view, &mut out);
        if let (Some(timer), Some(log)) = (timer, &mut self.causal) {
            if out.sends_or_completes() {
                log.local(self.now, Some(e), CausalKind::Timer(timer));
            }
        }
        self.flush(e, out);
    }

    pub(super) fn trace_event(&mut self, tag: TraceTag, a: u64, b: u64, c: u64) {
        self.trace.word(self.now);
        self.trace.word(tag as u64);
        self.trace.word(a);
        self.trace.word(b);
        self.trace.word(c);
    }

    /// Sends what a process recorded, sets its timers, records its completions and notes.
    pub(super) fn flush(&mut self, from: EndpointId, mut out: Outbox) {
        for (to, payload) in out.take_sends() {
            self.send(from, to, payload);
        }
        for (at, timer) in out.take_timers() {
            self.push(at, Pending::Timer(from, timer));
        }
        for note in out.take_notes() {
            match note {
                Note::AntiEntropyRepair { node, key } => {
                    self.metrics.anti_entropy_repairs += 1;
                    self.record(Happening::AntiEntropyRepair { node, key });
                }
                Note::AntiEntropyHashes(n) => self.metrics.anti_entropy_hashes += n,
                Note::HintDelivered {
                    fallback,
                    home,
                    key,
                } => {
                    self.metrics.hints_delivered += 1;
                    self.record(Happening::HintHandedBack {
                        fallback,
                        home,
                        key,
                    });
                    self.hint_handed_back(fallback, home, key);
                }
            }
        }
        let op_notes: Vec<_> = out.take_op_notes().collect();
        let completions: Vec<_> = out.take_completions().collect();
        self.outbox = out;
        for note in op_notes {
            self.on_op_note(note);
        }
        for c in completions {
            self.complete(c.op, c.result);
        }
    }

    pub(super) fn send(&mut self, from: EndpointId, to: EndpointId, payload: Payload) {
        let kind = payload.kind();
        let id = self.next_msg;
        self.next_msg.0 += 1;
        self.metrics.messages += 1;
        let write_op = match &payload {
            Payload::Request { kind, .. } => kind.is_write(),
            Payload::Reply { result, .. } => result.dot.is_some(),
            _ => false,
        };
        let delay_ms = self
            .settings
            .latency_between(from, to)
            .sample(kind.latency_class(write_op), &mut self.rng);
        let arrive = self.now.saturating_add(ms_to_us(delay_ms));
        let mut fate = Fate::InFlight;
        let mut lost_us = None;
        if self.topology.is_up(from) && self.topology.separated(from, to) {
            fate = Fate::Cut;
            lost_us = Some(self.now + (arrive - self.now) / 2);
            self.metrics.cut += 1;
        } else if self.topology.drop_rate() > 0.0 && self.rng.chance(self.topology.drop_rate()) {
            fate = Fate::Dropped;
            lost_us = Some(self.now + (arrive - self.now) / 2);
            self.metrics.dropped += 1;
        }
        self.trace_event(
            TraceTag::Send,
            id.0,
            (from.0 as u64) << 32 | to.0 as u64,
            arrive,
        );
        self.trace.word((kind as u64) << 8 | fate as u64);
        if self.options.record_messages {
            let summary = self.summarize(&payload);
            self.messages.push_back(MessageRecord {
                id,
                kind,
                from,
                to,
                sent_us: self.now,
                arrive_us: arrive,
                lost_us,
                fate,
                op: payload.op(),
                key: payload.key(),
                summary,
            });
            self.trim_records();
        }
        if let Some(log) = &mut self.causal {
            let op = payload.op();
            let travels = fate == Fate::InFlight;
            log.sent(self.now, from, to, id, kind, op, arrive, travels);
            if let Some(dies) = lost_us {
                log.lost(self.now, from, to, id, kind, op, fate, dies);
            }
        }
        if payload.expects_answer() {
            self.detector_sent(from, to);
        }
        if fate == Fate::InFlight {
            if !kind.is_background() {
                self.foreground_in_flight += 1;
            }
            self.in_flight.insert(id, InFlight { from, to, payload });
            self.push(arrive, Pending::Deliver(id));
        }
    }

    pub(super) fn set_fate(&mut self, id: MsgId, fate: Fate, lost: Option<Micros>) {
        // A record already let go (see `MessageWindow`) has nothing to update.
        let Some(at) = id.0.checked_sub(self.first_record.0) else {
            return;
        };
        if let Some(m) = self.messages.get_mut(at as usize) {
            m.fate = fate;
            m.lost_us = lost;
        }
    }

    /// Lets go of the records that [`Options::message_window`] no longer keeps, oldest first.
    pub(super) fn trim_records(&mut self) {
        let Some(w) = self.options.message_window else {
            return;
        };
        while let Some(m) = self.messages.front() {
            let finished_at = match m.fate {
                Fate::InFlight => None,
                Fate::Delivered => Some(m.arrive_us),
                _ => Some(m.lost_us.unwrap_or(m.arrive_us)),
            };
            let expired = finished_at.is_some_and(|t| t.saturating_add(w.linger_us) <= self.now);
            if !expired && self.messages.len() <= w.max_records {
                break;
            }
            self.messages.pop_front();
            self.first_record.0 += 1;
        }
    }

    pub(super) fn deliver(&mut self, id: MsgId) {
        let Some(InFlight { from, to, payload }) = self.in_flight.remove(&id) else {
            // Dropped by the user while in flight.
            return;
        };
        if !payload.kind().is_background() {
            self.foreground_in_flight -= 1;
        }
        let fate = if !self.topology.is_up(to) {
            self.metrics.refused += 1;
            Fate::Refused
        } else if self.topology.separated(from, to) {
            self.metrics.cut += 1;
            Fate::Cut
        } else {
            Fate::Delivered
        };
        self.trace_event(TraceTag::Deliver, id.0, fate as u64, 0);
        let lost = (fate != Fate::Delivered).then_some(self.now);
        self.set_fate(id, fate, lost);
        if let Some(log) = &mut self.causal {
            let (kind, op) = (payload.kind(), payload.op());
            match lost {
                Some(dies) => log.lost(self.now, from, to, id, kind, op, fate, dies),
                None => log.received(self.now, from, to, id, kind, op),
            }
        }
        if fate != Fate::Delivered {
            return;
        }
        self.detector_heard(to, from);
        self.dispatch(to, |p, view, out| match p {
            Process::Replica(r) => r.on_message(view, from, payload, out),
            Process::Client(c) => c.on_message(view, from, payload, out),
        });
    }

    /// Drops a message in flight (the page's click on a message). Returns whether it was in
    /// flight.
    pub fn drop_message(&mut self, id: MsgId) -> bool {
        match self.in_flight.remove(&id) {
            Some(m) => {
                if !m.payload.kind().is_background() {
                    self.foreground_in_flight -= 1;
                }
                self.metrics.dropped += 1;
                self.trace_event(TraceTag::UserDrop, id.0, 0, 0);
                self.set_fate(id, Fate::Dropped, Some(self.now));
                if let Some(log) = &mut self.causal {
                    let (kind, op) = (m.payload.kind(), m.payload.op());
                    log.lost(
                        self.now,
                        m.from,
                        m.to,
                        id,
                        kind,
                        op,
                        Fate::Dropped,
                        self.now,
                    );
                }
                true
            }
            None => false,
        }
    }
}
