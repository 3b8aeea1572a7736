//! The causal log (`crates/engine/src/sim/causal.rs`, `vclock.rs`; issue 10): every event at
//! its endpoint with the endpoint's vector clock after it. Happened-before by the clocks must be
//! exactly Lamport's relation over the run (each endpoint's events in order, and each send
//! before its receive), concurrent writes of two clients must be concurrent by their clocks, and
//! the log is bookkeeping: off by default, bounded, and never changing the run.

use quorumscope_engine::scenario::{Action, Scenario};
use quorumscope_engine::sim::{CausalEvent, CausalKind, Fate, Options, CAUSAL_ALL};
use quorumscope_engine::workload::{random_scenario, Nemesis, WorkloadKind};
use quorumscope_engine::{ClockOrder, EndpointId, MsgId, OpId, Simulator};
use std::collections::HashMap;

fn with_log(s: Scenario, limit: usize) -> Simulator {
    let mut sim = Simulator::with_options(
        s,
        Options {
            causal_limit: limit,
            ..Options::default()
        },
    );
    sim.run(None);
    sim
}

/// A small random run with every fault (the first workload seed whose schedule crashes a node
/// and partitions the cluster), anti-entropy, hinted handoff and the timeout detector.
fn faulty(ops: usize) -> Scenario {
    let base = Scenario::from_json(
        r#"{"seed": 3, "cluster": {"nodes": ["A", "B", "C", "D"], "n": 3, "w": 2, "r": 2,
            "sloppy_quorum": true, "hinted_handoff": true, "anti_entropy_ms": 50,
            "timeout_ms": 150,
            "failure_detector": {"timeout": {"suspect_after_ms": 40, "probe_ms": 60}},
            "latency": {"uniform": [2, 20]}}, "events": []}"#,
    )
    .unwrap();
    (1..)
        .map(|seed| random_scenario(&base, seed, WorkloadKind::Register, 3, ops, &Nemesis::all()))
        .find(|s| {
            let has = |f: fn(&Action) -> bool| s.events.iter().any(|e| f(&e.action));
            has(|a| matches!(a, Action::Crash(_))) && has(|a| matches!(a, Action::Partition(_)))
        })
        .expect("some seed crashes and partitions")
}

/// Lamport's happened-before over the events of the log, computed from the run's structure
/// alone (no clocks): an event's direct predecessors are the previous ticking event of its
/// endpoint and, for a receive, the message's send. Returns, for each event, the set of events
/// before it (by position in the log), as a bit set.
fn happened_before(events: &[CausalEvent]) -> Vec<Vec<bool>> {
    let n = events.len();
    let mut before = vec![vec![false; n]; n];
    let mut last_at: HashMap<EndpointId, usize> = HashMap::new();
    let mut sends: HashMap<MsgId, usize> = HashMap::new();
    for (i, e) in events.iter().enumerate() {
        if !e.what.ticks() {
            continue;
        }
        let endpoint = e.endpoint.expect("a ticking event has an endpoint");
        let mut direct = Vec::new();
        if let Some(&p) = last_at.get(&endpoint) {
            direct.push(p);
        }
        match &e.what {
            CausalKind::Sent { msg, .. } => {
                sends.insert(*msg, i);
            }
            CausalKind::Received { msg, .. } => direct.push(sends[msg]),
            _ => {}
        }
        for p in direct {
            before[i][p] = true;
            let (head, tail) = before.split_at_mut(i);
            for (dst, src) in tail[0].iter_mut().zip(&head[p]) {
                *dst |= *src;
            }
        }
        last_at.insert(endpoint, i);
    }
    before
}

#[test]
fn causal_happened_before_by_clocks_is_lamports_relation() {
    let sim = with_log(faulty(25), CAUSAL_ALL);
    let events: Vec<CausalEvent> = sim.causal_log().iter().cloned().collect();
    assert_eq!(sim.causal_total(), events.len() as u64);
    let kinds = |f: fn(&CausalKind) -> bool| events.iter().filter(|e| f(&e.what)).count();
    assert!(kinds(|k| matches!(k, CausalKind::Received { .. })) > 100);
    assert!(
        kinds(|k| matches!(k, CausalKind::Lost { .. })) > 0,
        "some loss"
    );
    assert!(
        kinds(|k| matches!(k, CausalKind::Crashed)) > 0,
        "some crash"
    );
    assert!(
        kinds(|k| matches!(k, CausalKind::Timer(_))) > 0,
        "some timer"
    );
    let ticking: Vec<CausalEvent> = events.into_iter().filter(|e| e.what.ticks()).collect();
    let before = happened_before(&ticking);
    for (i, a) in ticking.iter().enumerate() {
        for (j, b) in ticking.iter().enumerate() {
            let expected = if i == j {
                ClockOrder::Equal
            } else if before[j][i] {
                ClockOrder::Before
            } else if before[i][j] {
                ClockOrder::After
            } else {
                ClockOrder::Concurrent
            };
            assert_eq!(
                a.clock.compare(&b.clock),
                expected,
                "event {} ({:?} at {:?}) against {} ({:?} at {:?})",
                a.index,
                a.what,
                a.endpoint,
                b.index,
                b.what,
                b.endpoint
            );
        }
    }
}

#[test]
fn causal_each_endpoint_ticks_once_per_event_and_losses_do_not_tick() {
    let sim = with_log(faulty(40), CAUSAL_ALL);
    let mut own: HashMap<EndpointId, u64> = HashMap::new();
    for e in sim.causal_log() {
        let Some(at) = e.endpoint else {
            assert!(
                e.clock.entries().is_empty(),
                "the network's events have no clock"
            );
            assert!(matches!(
                e.what,
                CausalKind::Partitioned(_) | CausalKind::Healed
            ));
            continue;
        };
        let count = own.entry(at).or_default();
        if e.what.ticks() {
            *count += 1;
        }
        assert_eq!(e.clock.get(at), *count, "event {}: {:?}", e.index, e.what);
        if let CausalKind::Lost { fate, dies_us, .. } = e.what {
            assert!(matches!(fate, Fate::Dropped | Fate::Cut | Fate::Refused));
            assert!(dies_us >= e.at_us || fate == Fate::Refused);
        }
    }
    for (e, count) in own {
        assert_eq!(sim.clock_of(e).unwrap().get(e), count);
    }
}

#[test]
fn causal_concurrent_writes_of_two_clients_are_concurrent_and_a_read_follows_what_it_saw() {
    let s = Scenario::from_json(
        r#"{"cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 3, "r": 3,
            "latency": {"constant": 5}}, "events": [
            {"at": 0, "put": {"client": "alice", "key": "cart", "value": "milk"}},
            {"at": 0, "put": {"client": "bob", "key": "cart", "value": "eggs"}},
            {"at": 100, "get": {"client": "carol", "key": "cart"}}]}"#,
    )
    .unwrap();
    let sim = with_log(s, CAUSAL_ALL);
    let find = |f: &dyn Fn(&CausalKind) -> bool| {
        sim.causal_log()
            .iter()
            .find(|e| f(&e.what))
            .unwrap_or_else(|| panic!("an event"))
            .clone()
    };
    let invoked = |op: u64| find(&|k| *k == CausalKind::Invoked(OpId(op)));
    let completed =
        |op: u64| find(&|k| matches!(k, CausalKind::Completed { op: o, .. } if *o == OpId(op)));
    let (alice, bob, carol) = (invoked(1), invoked(2), invoked(3));
    assert_eq!(alice.clock.compare(&bob.clock), ClockOrder::Concurrent);
    assert_eq!(
        completed(1).clock.compare(&completed(2).clock),
        ClockOrder::Concurrent,
        "neither client heard of the other's write"
    );
    // carol invoked her get after both writes had finished, yet knew nothing of them...
    assert_eq!(alice.clock.compare(&carol.clock), ClockOrder::Concurrent);
    // ... but her read reached replicas that had stored both: its completion follows both.
    let read = completed(3);
    assert_eq!(alice.clock.compare(&read.clock), ClockOrder::Before);
    assert_eq!(bob.clock.compare(&read.clock), ClockOrder::Before);
    assert_eq!(sim.history()[2].result.siblings.len(), 2, "two siblings");
}

#[test]
fn causal_log_is_off_by_default_bounded_and_never_changes_the_run() {
    let plain = with_log(faulty(60), 0);
    assert!(plain.causal_log().is_empty());
    assert_eq!(plain.causal_total(), 0);
    assert!(plain.clock_of(EndpointId(0)).is_none());
    let default = Simulator::new(faulty(5));
    assert!(default.clock_of(EndpointId(0)).is_none(), "off by default");

    let all = with_log(faulty(60), CAUSAL_ALL);
    let bounded = with_log(faulty(60), 50);
    assert_eq!(all.trace_hash(), plain.trace_hash());
    assert_eq!(bounded.trace_hash(), plain.trace_hash());
    assert_eq!(all.history(), plain.history());
    assert_eq!(bounded.causal_total(), all.causal_total());
    assert_eq!(bounded.causal_log().len(), 50);
    let newest: Vec<&CausalEvent> = all.causal_log().iter().rev().take(50).rev().collect();
    assert!(bounded.causal_log().iter().eq(newest));
    assert_eq!(
        bounded.causal_log()[0].index,
        bounded.causal_total() - 50,
        "indexes count the events let go"
    );
}
