//! `Simulator: Clone` is a checkpoint of a run (issue 10, time travel): a clone taken after k
//! events and run to the end makes the very run the original makes (same trace hash, history,
//! metrics, replicas, journal), and the two are independent (acting on one leaves the other as
//! it was). The scenario exercises every part of the simulator's state that a checkpoint must
//! carry: crashes, partitions, drops, anti-entropy, hinted handoff, the timeout failure detector
//! and datacenters.

use quorumscope_engine::scenario::{Action, GetSpec, Scenario};
use quorumscope_engine::sim::{CausalEvent, JournalEntry, Options, CAUSAL_ALL};
use quorumscope_engine::workload::{random_scenario, Nemesis, WorkloadKind};
use quorumscope_engine::{RunResult, Simulator};
use serde_json::Value;

/// Two datacenters, a timeout failure detector, anti-entropy, a sloppy quorum with hinted
/// handoff, replica coordination, and a random register workload under every fault.
fn busy_scenario() -> Scenario {
    let base = Scenario::from_json(
        r#"{
          "seed": 11,
          "cluster": {
            "nodes": ["A", "B", "C", "D", "E", "F"],
            "datacenters": [
              {"name": "us", "members": ["A", "B", "C"], "n": 2},
              {"name": "eu", "members": ["D", "E", "F"], "n": 2}
            ],
            "w": "local_quorum", "r": "local_quorum",
            "coordinator": "replica",
            "sloppy_quorum": true, "hinted_handoff": true,
            "anti_entropy_ms": 40,
            "timeout_ms": 200,
            "failure_detector": {"timeout": {"suspect_after_ms": 60, "probe_ms": 90}},
            "latency": {"uniform": [2, 12]},
            "wan_latency": {"uniform": [30, 60]}
          },
          "events": []
        }"#,
    )
    .expect("a valid base");
    let s = random_scenario(&base, 5, WorkloadKind::Register, 4, 300, &Nemesis::all());
    s.validate().expect("a valid scenario");
    let has = |f: fn(&Action) -> bool| s.events.iter().any(|e| f(&e.action));
    assert!(
        has(|a| matches!(a, Action::Crash(_))),
        "the run has crashes"
    );
    assert!(has(|a| matches!(a, Action::Partition(_))), "and partitions");
    s
}

/// Every record kept: message records, the journal and the causal log.
fn recorded(s: Scenario) -> Simulator {
    Simulator::with_options(
        s,
        Options {
            causal_limit: CAUSAL_ALL,
            ..Options::default()
        },
    )
}

/// Everything a run is judged by: its result (trace hash, history, replicas, metrics, end), its
/// journal, its causal log and its count of events.
fn outcome(sim: &Simulator) -> (Value, Vec<JournalEntry>, Vec<CausalEvent>, u64) {
    (
        serde_json::to_value(RunResult::of(sim)).unwrap(),
        sim.journal().iter().cloned().collect(),
        sim.causal_log().iter().cloned().collect(),
        sim.events_processed(),
    )
}

#[test]
fn simulator_clone_mid_run_finishes_as_the_original_does() {
    let mut whole = recorded(busy_scenario());
    whole.run(None);
    let total = whole.events_processed();
    assert!(total > 2_000, "a long run: {total} events");
    assert!(whole.metrics().anti_entropy_hashes > 0, "anti-entropy ran");
    for k in [1, 17, total / 3, total / 2, total - 1] {
        let mut original = recorded(busy_scenario());
        for _ in 0..k {
            assert!(original.step());
        }
        let mut clone = original.clone();
        assert_eq!(clone.events_processed(), k);
        assert_eq!(clone.trace_hash(), original.trace_hash());
        original.run(None);
        clone.run(None);
        let expected = outcome(&whole);
        assert_eq!(outcome(&original), expected, "the original, cloned at {k}");
        assert_eq!(outcome(&clone), expected, "the clone taken at {k}");
        assert_eq!(
            clone.messages().len(),
            whole.messages().len(),
            "message records"
        );
        assert!(clone.messages().iter().eq(whole.messages().iter()));
    }
}

#[test]
fn simulator_clone_is_independent_of_its_original() {
    let mut whole = recorded(busy_scenario());
    whole.run(None);
    let mut original = recorded(busy_scenario());
    for _ in 0..500 {
        original.step();
    }
    let at_clone = outcome(&original);
    let now = original.now();
    let mut clone = original.clone();

    // Running the original to the end leaves the clone where it was.
    original.run(None);
    assert_eq!(outcome(&clone), at_clone);
    assert_eq!(clone.now(), now);

    // Acting on the clone (a new operation, a crash) branches it off; the original's finished
    // run is untouched, and is the run without the clone.
    let finished = outcome(&original);
    clone.schedule(
        now,
        Action::Get(GetSpec {
            client: "c1".into(),
            key: "k0".into(),
        }),
    );
    clone.schedule(now, Action::Crash("A".into()));
    clone.run(None);
    assert_eq!(outcome(&original), finished);
    assert_eq!(finished, outcome(&whole));
    let branched = outcome(&clone);
    assert_ne!(branched.0["trace_hash"], finished.0["trace_hash"]);
    assert_eq!(
        branched.0["history"].as_array().unwrap().len(),
        finished.0["history"].as_array().unwrap().len() + 1,
        "the branch has one more operation"
    );
}
