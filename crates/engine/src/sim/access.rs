//! What a simulator lets its users read.

use crate::history::OpRecord;
use crate::ids::{EndpointId, KeyId, MsgId, OpId};
use crate::message::Payload;
use crate::network::Ring;
use crate::node::{Client, Replica, Settings};
use crate::scenario::{Cluster, Scenario};
use crate::sim::causal::CausalEvent;
use crate::sim::journal::JournalEntry;
use crate::sim::metrics::Metrics;
use crate::sim::record::MessageRecord;
use crate::sim::Simulator;
use crate::time::Micros;
use crate::vclock::VectorClock;
use std::collections::VecDeque;
use std::sync::Arc;

impl Simulator {
    /// The scenario being run.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The resolved settings now.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The cluster's settings now, as in a scenario file (after any `configure` event).
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    /// Names of all endpoints: nodes first, then clients.
    pub fn names(&self) -> &[Arc<str>] {
        &self.names
    }

    /// How many of the endpoints are nodes.
    pub fn node_count(&self) -> usize {
        self.node_count
    }

    /// Names of the keys seen so far, by key id.
    pub fn keys(&self) -> &[Arc<str>] {
        self.keys.names()
    }

    /// The ring of node tokens that places keys not pinned by the scenario.
    pub fn ring(&self) -> &Ring {
        &self.ring
    }

    /// The preference list of a key: home replicas first, then fallbacks.
    pub fn preference_list(&self, key: KeyId) -> &[EndpointId] {
        &self.keys.prefs()[key]
    }

    /// The replicas.
    pub fn replicas(&self) -> &[Replica] {
        &self.replicas
    }

    /// The clients, in the order of their endpoints after the nodes.
    pub fn clients(&self) -> &[Client] {
        &self.clients
    }

    /// Whether each endpoint is up.
    pub fn up(&self) -> &[bool] {
        self.topology.up()
    }

    /// The partition group of each endpoint (all 0 when there is no partition).
    pub fn groups(&self) -> &[u32] {
        self.topology.groups()
    }

    /// The current drop rate.
    pub fn drop_rate(&self) -> f64 {
        self.topology.drop_rate()
    }

    /// The messages recorded so far (when [`Options::record_messages`](crate::sim::Options::record_messages) is on), in order of
    /// number: every one, or with [`Options::message_window`](crate::sim::Options::message_window) the recent ones.
    pub fn messages(&self) -> &VecDeque<MessageRecord> {
        &self.messages
    }

    /// The operations invoked so far.
    pub fn history(&self) -> &[OpRecord] {
        &self.history
    }

    /// The newest entries of the run's journal (at most [`Options::journal_limit`](crate::sim::Options::journal_limit)), oldest
    /// first: what happened, at its simulated time.
    pub fn journal(&self) -> &VecDeque<JournalEntry> {
        self.journal.entries()
    }

    /// How many journal entries the run has made in all; the first one kept is number
    /// `journal_total() - journal().len()` (counting from 0).
    pub fn journal_total(&self) -> u64 {
        self.journal.total()
    }

    /// The newest events of the run's causal log (at most
    /// [`Options::causal_limit`](crate::sim::Options::causal_limit)), oldest first: each event
    /// the run processed, at its endpoint, with the endpoint's vector clock after it. Empty when
    /// the options did not ask for it.
    pub fn causal_log(&self) -> &VecDeque<CausalEvent> {
        static NONE: VecDeque<CausalEvent> = VecDeque::new();
        self.causal.as_ref().map_or(&NONE, |c| c.events())
    }

    /// How many events the causal log has been told in all (0 when it is off); the first one
    /// kept has [`CausalEvent::index`] `causal_total() - causal_log().len()`.
    pub fn causal_total(&self) -> u64 {
        self.causal.as_ref().map_or(0, |c| c.total())
    }

    /// Endpoint `e`'s vector clock now (`None` when the causal log is off, or for no such
    /// endpoint).
    pub fn clock_of(&self, e: EndpointId) -> Option<&VectorClock> {
        self.causal.as_ref().and_then(|c| c.clock(e))
    }

    /// Operations whose record changed after they began (a reply, a read repair, a store, a
    /// hint handed back), oldest first: the newest few thousand, with
    /// [`Simulator::revised_total`] counting every one. An operation is listed once per change.
    pub fn revised(&self) -> &VecDeque<OpId> {
        self.journal.revised()
    }

    /// How many revisions [`Simulator::revised`] has listed in all.
    pub fn revised_total(&self) -> u64 {
        self.journal.revised_total()
    }

    /// What a message still in flight carries (`None` once it arrived or was lost).
    pub fn in_flight_payload(&self, id: MsgId) -> Option<&Payload> {
        self.in_flight.get(&id).map(|m| &m.payload)
    }

    /// The counters so far (`lost_writes` is computed by [`Simulator::lost_writes`]).
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Current simulated time.
    pub fn now(&self) -> Micros {
        self.now
    }

    /// Events processed so far.
    pub fn events_processed(&self) -> u64 {
        self.events
    }

    /// The hex digest of every event so far.
    pub fn trace_hash(&self) -> String {
        format!("{:016x}", self.trace.finish())
    }

    /// Acknowledged puts whose value, and every causal successor's value, is gone from every
    /// replica (and every hint) now.
    pub fn lost_writes(&self) -> Vec<OpId> {
        let n = self.settings.n;
        let prefs = self.keys.prefs();
        self.checker.lost_writes(&self.replicas, |key, node| {
            prefs[key.index()].iter().take(n).any(|&x| x == node)
        })
    }
}
