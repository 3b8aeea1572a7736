//! Building a simulator from a scenario.

use crate::check::Checker;
use crate::detector::Beliefs;
use crate::hash::Fnv;
use crate::ids::{EndpointId, KeyId, MsgId};
use crate::network::{Keys, Ring, Topology};
use crate::node::{Client, Outbox, Replica, Settings};
use crate::rng::SimRng;
use crate::scenario::{Scenario, ScenarioError};
use crate::sim::causal::CausalLog;
use crate::sim::journal::Journal;
use crate::sim::metrics::Metrics;
use crate::sim::options::Options;
use crate::sim::queue::ScheduledAction;
use crate::sim::ticks::Ticks;
use crate::sim::Simulator;
use crate::time::ms_to_us;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::sync::Arc;

impl Simulator {
    /// Parses a scenario file and builds its simulator.
    pub fn from_json(text: &str) -> Result<Simulator, ScenarioError> {
        Ok(Simulator::new(Scenario::from_json(text)?))
    }

    /// Builds the simulator of a validated scenario, with default options.
    pub fn new(scenario: Scenario) -> Simulator {
        Simulator::with_options(scenario, Options::default())
    }

    /// Builds the simulator of a validated scenario ([`Scenario::validate`]).
    pub fn with_options(scenario: Scenario, options: Options) -> Simulator {
        let c = &scenario.cluster;
        let mut names: Vec<Arc<str>> = c.nodes.iter().map(|s| Arc::from(s.as_str())).collect();
        let node_count = names.len();
        for client in scenario.clients() {
            names.push(Arc::from(client.as_str()));
        }
        let settings = Settings::of(c, &names, node_count);
        let ring = Ring::new(&names[..node_count]);
        let endpoints = names.len();
        let mut sim = Simulator {
            rng: SimRng::new(scenario.seed),
            settings,
            options,
            replicas: (0..node_count)
                .map(|i| Replica::new(EndpointId(i)))
                .collect(),
            clients: (node_count..endpoints)
                .map(|i| Client::new(EndpointId(i)))
                .collect(),
            topology: Topology::new(endpoints),
            beliefs: Beliefs::new(c.failure_detector, endpoints, node_count),
            detector_wake: None,
            ring,
            keys: Keys::default(),
            now: 0,
            seq: 0,
            queue: BinaryHeap::new(),
            ticks: Ticks::default(),
            pending_actions: 0,
            foreground_in_flight: 0,
            cluster: scenario.cluster.clone(),
            actions: Vec::new(),
            in_flight: HashMap::default(),
            next_msg: MsgId(1),
            messages: VecDeque::new(),
            first_record: MsgId(1),
            history: Vec::new(),
            open_ops: 0,
            journal: Journal::new(options.journal_limit),
            causal: (options.causal_limit > 0)
                .then(|| CausalLog::new(endpoints, options.causal_limit)),
            hinted_ops: Vec::new(),
            checker: Checker::default(),
            metrics: Metrics::default(),
            trace: Fnv::new(),
            events: 0,
            outbox: Outbox::default(),
            names,
            node_count,
            scenario,
        };
        for key in sim
            .scenario
            .cluster
            .placement
            .keys()
            .cloned()
            .collect::<Vec<_>>()
        {
            sim.intern(&key);
        }
        let events: Vec<ScheduledAction> = sim
            .scenario
            .events
            .iter()
            .map(|e| ScheduledAction {
                at_us: ms_to_us(e.at),
                action: e.action.clone(),
            })
            .collect();
        for e in events {
            sim.schedule(e.at_us, e.action);
        }
        sim.start_anti_entropy();
        sim.start_handoff();
        sim
    }

    pub(super) fn intern(&mut self, key: &str) -> KeyId {
        self.keys.intern(
            key,
            &self.scenario.cluster.placement,
            &self.ring,
            &self.names[..self.node_count],
            &self.settings.layout,
        )
    }
}
