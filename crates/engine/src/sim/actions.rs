//! Scenario actions: client operations, faults and changes of settings.

use crate::history::{OpRecord, Outcome};
use crate::ids::{EndpointId, OpId};
use crate::node::Settings;
use crate::op::{OpKind, OpResult};
use crate::scenario::{Action, ContextChoice, Merge};
use crate::sim::causal::CausalKind;
use crate::sim::journal::Happening;
use crate::sim::trace::TraceTag;
use crate::sim::{Process, Simulator};
use crate::version::{KeyState, Value};
use std::sync::Arc;

impl Simulator {
    /// The endpoints a partition group names: a datacenter's name stands for all of its
    /// members (contract section 4).
    pub(super) fn group_members(&self, names: &[String]) -> Vec<EndpointId> {
        let layout = &self.settings.layout;
        let mut out = Vec::new();
        for name in names {
            match layout.dc_named(name) {
                Some(dc) => out.extend(layout.members(dc).iter().map(|&e| EndpointId(e))),
                None => out.extend(self.endpoint(name)),
            }
        }
        out
    }

    pub(super) fn endpoint(&self, name: &str) -> Option<EndpointId> {
        self.names.iter().position(|n| &**n == name).map(EndpointId)
    }

    /// Applies an action now.
    pub(super) fn apply(&mut self, action: Action) {
        match action {
            Action::Put(p) => {
                let value: Value = Arc::from(p.value.as_str());
                let value = self.value_to_write(&p.client, &p.key, value, p.merge);
                self.invoke(&p.client, OpKind::Put, &p.key, Some(value), p.context);
            }
            Action::Get(g) => {
                self.invoke(&g.client, OpKind::Get, &g.key, None, ContextChoice::None)
            }
            Action::Delete(d) => self.invoke(&d.client, OpKind::Delete, &d.key, None, d.context),
            Action::Crash(node) => {
                if let Some(e) = self.endpoint(&node).filter(|&e| e.0 < self.node_count) {
                    self.trace_event(TraceTag::Crash, e.0 as u64, 0, 0);
                    if self.topology.crash(e) {
                        self.record(Happening::Crashed(e));
                        self.causal_local(Some(e), CausalKind::Crashed);
                    }
                    self.replicas[e].crash();
                    self.detector_forget(e);
                }
            }
            Action::Recover(node) => {
                if let Some(e) = self.endpoint(&node).filter(|&e| e.0 < self.node_count) {
                    self.trace_event(TraceTag::Recover, e.0 as u64, 0, 0);
                    if self.topology.recover(e) {
                        self.record(Happening::Recovered(e));
                        self.causal_local(Some(e), CausalKind::Recovered);
                    }
                }
            }
            Action::Partition(groups) => {
                let members: Vec<Vec<EndpointId>> = groups
                    .iter()
                    .map(|names| self.group_members(names))
                    .collect();
                self.topology.partition(&members);
                self.trace_event(TraceTag::Partition, groups.len() as u64, 0, 0);
                for &g in self.topology.groups() {
                    self.trace.word(g as u64);
                }
                self.record(Happening::Partitioned(self.topology.groups().to_vec()));
                if self.causal.is_some() {
                    let groups = self.topology.groups().to_vec();
                    self.causal_local(None, CausalKind::Partitioned(groups));
                }
            }
            Action::Heal => {
                self.trace_event(TraceTag::Heal, 0, 0, 0);
                if self.topology.heal() {
                    self.record(Happening::Healed);
                    self.causal_local(None, CausalKind::Healed);
                }
            }
            Action::DropRate(p) => {
                self.trace_event(TraceTag::DropRate, p.to_bits(), 0, 0);
                let p = self.topology.set_drop_rate(p);
                self.record(Happening::DropRate(p));
            }
            Action::DropMessage(id) => {
                // A message that has arrived (or was never sent) is not there to drop; the
                // trace records the attempt either way.
                self.trace_event(TraceTag::DropMessage, id.0, 0, 0);
                if self.drop_message(id) {
                    self.record(Happening::MessageDropped(id));
                }
            }
            Action::Configure(patch) => {
                self.trace_event(TraceTag::Configure, 0, 0, 0);
                self.trace.str(&patch.to_json_string());
                self.cluster = patch.apply_to(&self.cluster);
                self.record(Happening::Configured(Arc::new(patch)));
                let before = self.settings.clone();
                self.settings = Settings::of(&self.cluster, &self.names, self.node_count);
                if before.anti_entropy_us.is_some() != self.settings.anti_entropy_us.is_some() {
                    self.start_anti_entropy();
                }
                if before.hinted_handoff != self.settings.hinted_handoff {
                    self.start_handoff();
                }
                if self.cluster.failure_detector != self.beliefs.config() {
                    self.restart_detector();
                }
            }
        }
    }

    /// The value a put writes: with `merge` (an extension of the contract), computed from the
    /// client's last result for the key ([`Client::value_to_write`]).
    pub(super) fn value_to_write(
        &mut self,
        client: &str,
        key: &str,
        value: Value,
        merge: Option<Merge>,
    ) -> Value {
        match (
            merge,
            self.endpoint(client).filter(|&e| e.0 >= self.node_count),
        ) {
            (Some(_), Some(c)) => {
                let key = self.intern(key);
                self.clients[c.0 - self.node_count].value_to_write(key, value, merge)
            }
            _ => value,
        }
    }

    pub(super) fn invoke(
        &mut self,
        client: &str,
        kind: OpKind,
        key: &str,
        value: Option<Value>,
        context: ContextChoice,
    ) {
        let Some(c) = self.endpoint(client).filter(|&e| e.0 >= self.node_count) else {
            return;
        };
        let key = self.intern(key);
        let op = OpId(self.history.len() as u64 + 1);
        self.trace_event(TraceTag::Invoke, op.0, c.0 as u64, key.0 as u64);
        self.open_ops += 1;
        let with_context = context == ContextChoice::Last;
        let write_context =
            self.clients[c.0 - self.node_count].write_context(kind, key, with_context);
        self.checker.on_invoke(op, kind, key);
        self.history.push(OpRecord {
            id: op,
            client: c,
            kind,
            key,
            value: value.clone(),
            with_context,
            write_context: write_context.clone(),
            invoked_us: self.now,
            completed_us: None,
            outcome: Outcome::Pending,
            error: None,
            replies_from: Vec::new(),
            result: KeyState::new(),
            dot: None,
            stale: false,
            indeterminate: false,
            resurrection: false,
            replies: Vec::new(),
            repairs: Vec::new(),
            stores: Vec::new(),
        });
        self.record(Happening::Invoked(op));
        self.causal_local(Some(c), CausalKind::Invoked(op));
        self.dispatch(c, |p, view, out| {
            if let Process::Client(cl) = p {
                cl.invoke(view, op, kind, key, value, write_context, out);
            }
        });
    }

    pub(super) fn complete(&mut self, op: OpId, result: OpResult) {
        let Some(rec) = self.history.get_mut(op.index()) else {
            return;
        };
        if rec.outcome != Outcome::Pending {
            return;
        }
        self.open_ops -= 1;
        rec.completed_us = Some(self.now);
        rec.replies_from = result.replies_from;
        rec.dot = result.dot;
        rec.result = result.state;
        match result.outcome {
            Ok(()) => rec.outcome = Outcome::Ok,
            Err(e) => {
                rec.outcome = Outcome::Fail;
                rec.error = Some(e);
                rec.indeterminate = result.indeterminate;
            }
        }
        let ok = rec.outcome == Outcome::Ok;
        if let Some(log) = &mut self.causal {
            let what = CausalKind::Completed {
                op,
                outcome: rec.outcome,
            };
            log.local(self.now, Some(rec.client), what);
        }
        self.trace.word(self.now);
        self.trace
            .word((TraceTag::Complete as u64) << 8 | ok as u64);
        self.trace.word(op.0);
        for s in &rec.result.siblings {
            self.trace.word(s.dot.actor as u64);
            self.trace.word(s.dot.counter);
        }
        let verdict = self.checker.on_complete(rec);
        rec.stale = verdict.stale;
        rec.resurrection = verdict.resurrection;
        self.record(Happening::Completed(op));
        if verdict.stale {
            self.metrics.stale_reads += 1;
        }
        if verdict.resurrection {
            self.metrics.resurrections += 1;
        }
    }
}
