//! A client: it invokes operations and, when clients coordinate, runs them.

use crate::ids::{EndpointId, KeyId, OpId};
use crate::maps::{KeyMap, SortedMap};
use crate::message::Payload;
use crate::node::coordination::{mint, Coordination};
use crate::node::outbox::{Outbox, Timer};
use crate::node::view::View;
use crate::op::{OpKind, OpResult};
use crate::scenario::{Coordinator, Merge};
use crate::version::{VClock, Value};
use std::sync::Arc;

/// A client: it invokes operations and, when clients coordinate, runs them.
#[derive(Clone, Debug)]
pub struct Client {
    /// Its endpoint (and actor) index.
    pub id: EndpointId,
    /// Writes this client has minted, per key (see [`Replica::counters`]).
    pub counters: KeyMap<u64>,
    /// The context of its last result per key.
    pub last: KeyMap<VClock>,
    /// The sibling values of its last successful result per key, sorted (what a put with
    /// [`Merge::Union`] merges).
    pub last_values: KeyMap<Vec<Value>>,
    /// Operations it coordinates (client coordination).
    /// Boxed: the map shifts its entries as operations finish, so they are kept small.
    pub coordinations: SortedMap<OpId, Box<Coordination>>,
    /// Operations waiting for a coordinating replica's reply: op to (coordinator, key, kind).
    pub waiting: SortedMap<OpId, (EndpointId, KeyId, OpKind)>,
}

impl Client {
    /// A client that has done nothing yet.
    pub fn new(id: EndpointId) -> Client {
        Client {
            id,
            counters: KeyMap::new(),
            last: KeyMap::new(),
            last_values: KeyMap::new(),
            coordinations: SortedMap::new(),
            waiting: SortedMap::new(),
        }
    }

    /// The value a put of `value` to `key` writes: `value` itself, or with `merge`, the value
    /// computed from this client's last successful result for the key ([`Merge::Union`]).
    pub fn value_to_write(&self, key: KeyId, value: Value, merge: Option<Merge>) -> Value {
        match merge {
            None => value,
            Some(Merge::Union) => {
                let read = self.last_values.get(key).map_or(&[][..], |v| v.as_slice());
                Arc::from(crate::setvalue::union_of(read, &value))
            }
        }
    }

    /// The causal context a write of `key` carries: with `use_last`, that of this client's last
    /// successful result for the key, else none (a blind write). A get carries none.
    pub fn write_context(&self, kind: OpKind, key: KeyId, use_last: bool) -> VClock {
        match self.last.get(key) {
            Some(last) if use_last && kind.is_write() => last.clone(),
            _ => VClock::new(),
        }
    }

    /// Starts an operation whose write carries `context` ([`Client::write_context`]).
    #[allow(clippy::too_many_arguments)]
    pub fn invoke(
        &mut self,
        view: &View,
        op: OpId,
        kind: OpKind,
        key: KeyId,
        value: Option<Value>,
        context: VClock,
        out: &mut Outbox,
    ) {
        match view.settings.coordinator {
            Coordinator::Client => {
                let write = kind
                    .is_write()
                    .then(|| mint(&mut self.counters, view, self.id, key, context, value));
                let c = Coordination::start(view, self.id, op, kind, key, write, out);
                match c.failure() {
                    // Refused up front: nothing was sent and no deadline set, so nothing to keep.
                    Some(r) => self.finish(op, key, r, out),
                    None => {
                        self.coordinations.insert(op, Box::new(c));
                    }
                }
            }
            Coordinator::Replica => {
                // The first reachable replica of the key in the client's own datacenter
                // (contract section 4; without datacenters, any).
                let layout = &view.settings.layout;
                let coordinator = view.prefs[key.index()]
                    .iter()
                    .copied()
                    .filter(|&node| layout.same_dc(self.id.0, node.0))
                    .find(|&node| view.believes_up(self.id, node));
                match coordinator {
                    Some(node) => {
                        let deadline = view.now.saturating_add(2 * view.settings.timeout_us);
                        out.send(
                            node,
                            Payload::Request {
                                op,
                                kind,
                                key,
                                value,
                                context,
                                deadline,
                            },
                        );
                        self.waiting.insert(op, (node, key, kind));
                        out.set_timer(deadline, Timer::Deadline(op));
                    }
                    None => {
                        let reason = if layout.is_implicit() {
                            format!(
                                "no replica of this key is reachable from {}",
                                view.name(self.id)
                            )
                        } else {
                            format!(
                                "no replica of this key in datacenter {} is reachable from {}",
                                layout.name(view.settings.dc_of(self.id)),
                                view.name(self.id)
                            )
                        };
                        self.finish(op, key, OpResult::failed(reason), out);
                    }
                }
            }
        }
    }

    fn finish(&mut self, op: OpId, key: KeyId, result: OpResult, out: &mut Outbox) {
        if result.outcome.is_ok() {
            self.last.insert(key, result.state.context());
            self.last_values.insert(key, result.state.values());
        }
        out.complete(op, result);
    }

    /// Handles a message.
    pub fn on_message(&mut self, view: &View, from: EndpointId, msg: Payload, out: &mut Outbox) {
        match msg {
            Payload::Ack {
                op,
                key,
                stored: false,
                ..
            } => {
                if let Some(c) = self.coordinations.get_mut(&op) {
                    if let Some(r) = c.on_refusal(view, from, out) {
                        self.finish(op, key, r, out);
                    }
                }
            }
            Payload::Ack { op, key, state, .. } | Payload::Response { op, key, state } => {
                let me = self.id;
                if let Some(c) = self.coordinations.get_mut(&op) {
                    if let Some(r) = c.on_reply(view, me, from, state, out) {
                        self.finish(op, key, r, out);
                    }
                }
            }
            Payload::Reply { op, result } => {
                if let Some((_, key, _)) = self.waiting.remove(&op) {
                    self.finish(op, key, *result, out);
                }
            }
            _ => {}
        }
    }

    /// A timer fired.
    pub fn on_timer(&mut self, view: &View, timer: Timer, out: &mut Outbox) {
        let Timer::Deadline(op) = timer;
        if let Some(mut c) = self.coordinations.remove(&op) {
            if let Some(r) = c.on_deadline(view) {
                let key = c.key;
                self.finish(op, key, r, out);
            }
        } else if let Some((node, _, kind)) = self.waiting.remove(&op) {
            let reason = format!(
                "no reply from coordinator {} within {} ms",
                view.name(node),
                crate::time::format_us(2 * view.settings.timeout_us as i64)
            );
            // The coordinator may have sent the write before it crashed or its reply was lost.
            let mut result = OpResult::failed(reason);
            result.indeterminate = kind.is_write();
            out.complete(op, result);
        }
    }
}
