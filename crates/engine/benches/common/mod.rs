//! The benchmark's workload, shared by the criterion bench (`benches/engine.rs`) and the wasm
//! harness (`bench/wasm`), so that both run the identical scenario.
//!
//! A 5-node cluster (n = 3, w = 2, r = 2, dotted version vectors, uniform 5-15 ms latency) under
//! `qsim random`'s register workload ([`random_scenario`]): gets, puts (blind or with the
//! client's last context) and a few deletes by 5 clients, no faults.

// Each includer uses a different part of this module.
#![allow(dead_code)]

use quorumscope_engine::scenario::Scenario;
use quorumscope_engine::sim::{Options, Simulator};
use quorumscope_engine::workload::{random_scenario, Nemesis, WorkloadKind};

/// The cluster every benchmark runs on.
pub const BASE: &str = r#"{
  "name": "benchmark: 5 nodes, random reads and writes",
  "cluster": {
    "nodes": ["A", "B", "C", "D", "E"],
    "n": 3, "w": 2, "r": 2,
    "versioning": "dvv",
    "latency": {"uniform": [5, 15]}
  },
  "events": []
}"#;

/// Seed of the workload (and of the run).
pub const SEED: u64 = 1;
/// Clients issuing operations.
pub const CLIENTS: usize = 5;
/// Operations in one run: about 16,000 events, a long session on the page (`qsim random`
/// runs 50 by default).
pub const OPS: usize = 2_000;
/// Run lengths of the scaling benchmark: events per second should not fall as runs get longer.
pub const SCALING_OPS: [usize; 3] = [500, 2_000, 8_000];

/// The benchmark's scenario: [`BASE`]'s cluster with [`OPS`] random operations.
pub fn scenario() -> Scenario {
    scenario_of(OPS)
}

/// [`BASE`]'s cluster with `ops` random operations.
pub fn scenario_of(ops: usize) -> Scenario {
    let base = Scenario::from_json(BASE).expect("the benchmark's base scenario is valid");
    let s = random_scenario(
        &base,
        SEED,
        WorkloadKind::Register,
        CLIENTS,
        ops,
        &Nemesis::none(),
    );
    s.validate().expect("the benchmark's scenario is valid");
    s
}

/// Runs a scenario to the end; returns the simulator for its counters.
pub fn run(scenario: Scenario, record_messages: bool) -> Simulator {
    let mut sim = Simulator::with_options(
        scenario,
        Options {
            record_messages,
            ..Options::default()
        },
    );
    sim.run(None);
    sim
}
