//! What selecting an operation highlights (`src/causal.rs`): its causal past and the events
//! concurrent with it must be exactly what Lamport's happened-before says, computed here from
//! the run's structure alone (each endpoint's events in order, each send before its receive),
//! without the clocks.

use quorumscope_diagram::{CausalSets, Diagram};
use quorumscope_engine::sim::{CausalKind, Options, CAUSAL_ALL};
use quorumscope_engine::{EndpointId, MsgId, Scenario, Simulator};
use std::collections::{BTreeSet, HashMap};

/// Two clients write the same key concurrently, a third reads it while a node is down.
const RUN: &str = r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2,
        "latency": {"uniform": [2, 20]}},
    "events": [
      {"at": 0, "put": {"client": "alice", "key": "cart", "value": "milk"}},
      {"at": 0, "put": {"client": "bob", "key": "cart", "value": "eggs"}},
      {"at": 5, "crash": "C"},
      {"at": 40, "get": {"client": "carol", "key": "cart"}},
      {"at": 60, "recover": "C"},
      {"at": 90, "put": {"client": "alice", "key": "cart", "value": "tea"}}]}"#;

/// For each event of the log (by index), the indexes of the events before it.
fn lamport(d: &Diagram) -> HashMap<u64, BTreeSet<u64>> {
    let mut before: HashMap<u64, BTreeSet<u64>> = HashMap::new();
    let mut last_at: HashMap<EndpointId, u64> = HashMap::new();
    let mut sends: HashMap<MsgId, u64> = HashMap::new();
    for e in d.events.iter().filter(|e| e.what.ticks()) {
        let endpoint = e.endpoint.expect("a ticking event has an endpoint");
        let mut set = BTreeSet::new();
        let mut direct = Vec::new();
        if let Some(&p) = last_at.get(&endpoint) {
            direct.push(p);
        }
        match &e.what {
            CausalKind::Sent { msg, .. } => {
                sends.insert(*msg, e.index);
            }
            CausalKind::Received { msg, .. } => direct.push(sends[msg]),
            _ => {}
        }
        for p in direct {
            set.insert(p);
            set.extend(before[&p].iter().copied());
        }
        before.insert(e.index, set);
        last_at.insert(endpoint, e.index);
    }
    before
}

#[test]
fn causal_sets_are_lamports_happened_before() {
    let mut sim = Simulator::with_options(
        Scenario::from_json(RUN).unwrap(),
        Options {
            causal_limit: CAUSAL_ALL,
            ..Options::default()
        },
    );
    sim.run(None);
    let d = Diagram::of(&sim);
    let before = lamport(&d);
    assert!(d.spans.len() == 4);
    let mut some_concurrent = false;
    for span in &d.spans {
        let sets = CausalSets::of(&d, span.op);
        let at = sets.at.expect("the operation's reply is in the log");
        let past = &before[&at];
        assert_eq!(&sets.past, past, "the past of op {}", span.op);
        let concurrent: BTreeSet<u64> = before
            .keys()
            .copied()
            .filter(|&e| e != at && !past.contains(&e) && !before[&e].contains(&at))
            .collect();
        assert_eq!(
            sets.concurrent, concurrent,
            "what is concurrent with op {}",
            span.op
        );
        some_concurrent |= !concurrent.is_empty();
    }
    assert!(some_concurrent, "the two first puts are concurrent");
}

#[test]
fn an_operation_outside_the_log_has_empty_sets() {
    let mut sim = Simulator::new(Scenario::from_json(RUN).unwrap());
    sim.run(None);
    let d = Diagram::of(&sim);
    assert!(d.events.is_empty() && d.arrows.is_empty());
    assert_eq!(CausalSets::of(&d, d.spans[0].op), CausalSets::default());
}
