//! A replica node: its data, its hints, and the requests it coordinates.

use crate::ids::{EndpointId, KeyId, OpId};
use crate::maps::{KeyMap, SortedMap};
use crate::message::Payload;
use crate::node::coordination::{mint, Coordination};
use crate::node::outbox::{Note, OpNote, Outbox, Timer};
use crate::node::store::Store;
use crate::node::view::View;
use crate::op::OpKind;
use crate::time::Micros;
use crate::version::{KeyState, Sibling, VClock, Value, Versioning};
use std::sync::Arc;

/// Writes a fallback replica keeps for an unreachable home replica of a key.
#[derive(Clone, Debug, Default)]
pub struct Hint {
    /// The writes, as one state.
    pub state: KeyState,
    /// When the hint was handed off, while that handoff is unacknowledged. A handoff
    /// unacknowledged after the timeout is offered again.
    pub sent: Option<Micros>,
}

/// A replica node: its data, its hints, and the requests it coordinates.
#[derive(Clone, Debug)]
pub struct Replica {
    /// Its endpoint (and actor) index.
    pub id: EndpointId,
    /// Writes this node has minted as a coordinator, per key. Dots are numbered per key so that
    /// a key's causal contexts stay contiguous runs (compact) whatever other keys are written.
    pub counters: KeyMap<u64>,
    /// Its keys.
    pub store: Store,
    /// Writes kept for unreachable home replicas: (key, home) to hint.
    pub hints: SortedMap<(KeyId, EndpointId), Hint>,
    /// Requests this node coordinates (replica coordination).
    /// Boxed: the map shifts its entries as operations finish, so they are kept small.
    pub coordinations: SortedMap<OpId, (EndpointId, Box<Coordination>)>,
    /// Next anti-entropy peer offset.
    pub ae_round: usize,
}

impl Replica {
    /// A replica with no data.
    pub fn new(id: EndpointId) -> Replica {
        Replica {
            id,
            counters: KeyMap::new(),
            store: Store::new(),
            hints: SortedMap::new(),
            coordinations: SortedMap::new(),
            ae_round: 0,
        }
    }

    /// What a read of `key` sees here: the stored state merged with any hints for it.
    pub fn read_state(&self, mode: Versioning, key: KeyId) -> KeyState {
        let mut s = self.store.get(key).cloned().unwrap_or_default();
        let hints = self.hints.entries();
        let first = hints.partition_point(|e| e.0 .0 < key);
        for (_, h) in hints[first..].iter().take_while(|e| e.0 .0 == key) {
            s.merge(mode, &h.state);
        }
        s
    }

    /// Forgets what a crash loses: requests in progress. Data and hints survive.
    pub fn crash(&mut self) {
        self.coordinations.clear();
        for (_, h) in self.hints.iter_mut() {
            h.sent = None;
        }
    }

    /// Stores the write of operation `op` (as a hint when it stands in for `hint_for`) and
    /// notes it for the operation's record; returns `false`, storing nothing, when it would
    /// leave more than `max_siblings` siblings of the key (Riak's `max_siblings`).
    fn store_write(
        &mut self,
        view: &View,
        key: KeyId,
        w: &Arc<Sibling>,
        hint_for: Option<EndpointId>,
        op: OpId,
        out: &mut Outbox,
    ) -> bool {
        let mode = view.settings.versioning;
        let max = view.settings.max_siblings;
        let as_hint = hint_for.filter(|_| view.settings.hinted_handoff);
        let state = match as_hint {
            Some(home) => &mut self.hints.or_default((key, home)).state,
            None => self.store.or_default(key),
        };
        // A write adds at most one sibling, so only a state already at the limit can overflow.
        if state.siblings.len() >= max {
            let mut trial = state.clone();
            trial.apply(mode, w);
            if trial.siblings.len() > max {
                return false;
            }
            *state = trial;
        } else {
            state.apply(mode, w);
        }
        out.op_note(OpNote::Stored {
            op,
            node: self.id,
            hint_for: as_hint,
        });
        true
    }

    /// Handles a message.
    pub fn on_message(&mut self, view: &View, from: EndpointId, msg: Payload, out: &mut Outbox) {
        if msg.deadline().is_some_and(|d| view.now > d) {
            // Expired in flight: its coordinator (or client) has given up on it, so it is
            // neither applied nor answered (Cassandra drops such requests).
            return;
        }
        let mode = view.settings.versioning;
        match msg {
            Payload::Write {
                op,
                key,
                write,
                hint_for,
                ..
            } => {
                let stored = self.store_write(view, key, &write, hint_for, op, out);
                let state = self.read_state(mode, key);
                out.send(
                    from,
                    Payload::Ack {
                        op,
                        key,
                        state,
                        stored,
                    },
                );
            }
            Payload::Read { op, key, .. } => {
                let state = self.read_state(mode, key);
                out.send(from, Payload::Response { op, key, state });
            }
            Payload::ReadRepair { key, state } => {
                self.store.or_default(key).merge(mode, &state);
            }
            Payload::Request {
                op,
                kind,
                key,
                value,
                context,
                ..
            } => self.coordinate(view, from, op, kind, key, value, context, out),
            Payload::Ack {
                op, stored: false, ..
            } => self.on_refusal(view, op, from, out),
            Payload::Ack { op, state, .. } | Payload::Response { op, state, .. } => {
                self.on_reply(view, op, from, state, out);
            }
            Payload::AeTree {
                depth,
                keys,
                hashes,
            } => self.on_ae_tree(view, from, depth, keys, &hashes, out),
            Payload::AeKeys { depth, leaves } => self.on_ae_keys(view, from, depth, &leaves, out),
            Payload::AeDiff { states } => self.on_ae_diff(view, from, states, out),
            Payload::AePush { states } => self.on_ae_push(view, states, out),
            Payload::Handoff { key, state } => {
                let digest = state.digest();
                self.store.or_default(key).merge(mode, &state);
                out.send(from, Payload::HandoffAck { key, digest });
            }
            Payload::HandoffAck { key, digest } => {
                if let Some(h) = self.hints.get_mut(&(key, from)) {
                    h.sent = None;
                    if h.state.digest() == digest {
                        self.hints.remove(&(key, from));
                        out.note(Note::HintDelivered {
                            fallback: self.id,
                            home: from,
                            key,
                        });
                    }
                }
            }
            // Failure detection: a probe is answered at once; the answer itself is for the
            // simulator's detector, which hears every message.
            Payload::Ping => out.send(from, Payload::Pong),
            Payload::Reply { .. } | Payload::Pong => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn coordinate(
        &mut self,
        view: &View,
        client: EndpointId,
        op: OpId,
        kind: OpKind,
        key: KeyId,
        value: Option<Value>,
        context: VClock,
        out: &mut Outbox,
    ) {
        let write = kind
            .is_write()
            .then(|| mint(&mut self.counters, view, self.id, key, context, value));
        let c = Coordination::start(view, self.id, op, kind, key, write.clone(), out);
        let serve_self = c.targets.iter().find(|t| t.node == self.id).copied();
        if let Some(r) = c.failure() {
            // Refused up front: nothing was sent and no deadline set, so nothing to keep.
            out.reply(client, op, r);
            return;
        }
        self.coordinations.insert(op, (client, Box::new(c)));
        if let Some(t) = serve_self {
            if let Some(w) = &write {
                if !self.store_write(view, key, w, t.hint_for, op, out) {
                    self.on_refusal(view, op, self.id, out);
                    return;
                }
            }
            let state = self.read_state(view.settings.versioning, key);
            self.on_reply(view, op, self.id, state, out);
        }
    }

    fn on_refusal(&mut self, view: &View, op: OpId, from: EndpointId, out: &mut Outbox) {
        if let Some((client, c)) = self.coordinations.get_mut(&op) {
            if let Some(result) = c.on_refusal(view, from, out) {
                out.reply(*client, op, result);
            }
        }
    }

    fn on_reply(
        &mut self,
        view: &View,
        op: OpId,
        from: EndpointId,
        state: KeyState,
        out: &mut Outbox,
    ) {
        let me = self.id;
        let Some((client, c)) = self.coordinations.get_mut(&op) else {
            return;
        };
        if let Some(result) = c.on_reply(view, me, from, state, out) {
            out.reply(*client, op, result);
        }
        if let Some(merged) = c.self_repair.take() {
            let key = c.key;
            self.store
                .or_default(key)
                .merge(view.settings.versioning, &merged);
        }
    }

    /// A timer fired.
    pub fn on_timer(&mut self, view: &View, timer: Timer, out: &mut Outbox) {
        let Timer::Deadline(op) = timer;
        if let Some((client, mut c)) = self.coordinations.remove(&op) {
            if let Some(result) = c.on_deadline(view) {
                out.reply(client, op, result);
            }
        }
    }

    /// Offers hints back to home replicas that are reachable again.
    pub fn on_handoff_tick(&mut self, view: &View, out: &mut Outbox) {
        for (&(key, home), h) in self.hints.iter_mut() {
            let waiting = h
                .sent
                .is_some_and(|sent| view.now < sent.saturating_add(view.settings.timeout_us));
            if waiting || view.reach(self.id, home).is_err() {
                continue;
            }
            h.sent = Some(view.now);
            out.send(
                home,
                Payload::Handoff {
                    key,
                    state: h.state.clone(),
                },
            );
        }
    }
}
