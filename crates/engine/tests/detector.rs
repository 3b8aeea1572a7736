//! Failure detection with local beliefs, against Dynamo (DeCandia et al., SOSP 2007) section
//! 4.8: "node A may consider node B failed if node B does not respond to node A's messages";
//! A then "uses alternate nodes to service requests that map to B's partitions" and
//! "periodically retries B to check for the latter's recovery". Beliefs lag behind crashes and
//! heals, and two nodes may disagree.

use quorumscope_engine::sim::{Fate, Happening};
use quorumscope_engine::{EndpointId, MessageKind, Outcome, Simulator};

const A: EndpointId = EndpointId(0);
const B: EndpointId = EndpointId(1);
const C: EndpointId = EndpointId(2);
const D: EndpointId = EndpointId(3);
const MS: u64 = 1000;

/// Suspect after 100 ms without an answer, probe every 500 ms.
const TIMEOUT: &str = r#"{"timeout": {"suspect_after_ms": 100, "probe_ms": 500}}"#;

/// Four nodes, `k` at home on A, B and C and `j` on B, A and C, writes to all three (w = 3), a
/// constant 10 ms per message, a 200 ms timeout, then the cluster fields `detector` and `extra`
/// (JSON, comma included where needed), these events.
fn scenario(nodes: &str, extra: &str, detector: &str, events: &str) -> Simulator {
    let text = format!(
        r#"{{"cluster": {{"nodes": [{nodes}], "clients": ["alice", "bob"], "n": 3, "w": 3, "r": 1,
            "latency": {{"constant": 10}}, "timeout_ms": 200,
            "placement": {{"k": ["A","B","C","D"], "j": ["B","A","C","D"]}},
            {detector} {extra}}},
            "events": [{events}]}}"#
    );
    Simulator::from_json(&text).expect("a valid scenario")
}

/// The cluster with `failure_detector` set to `detector` (JSON).
fn three(detector: &str, events: &str) -> Simulator {
    scenario(r#""A","B","C","D""#, "", &field(detector), events)
}

/// `"failure_detector": <detector>` as the last field of the cluster.
fn field(detector: &str) -> String {
    format!(r#""failure_detector": {detector}"#)
}

fn put(at: u64, client: &str, key: &str) -> String {
    format!(r#"{{"at": {at}, "put": {{"client": "{client}", "key": "{key}", "value": "v{at}"}}}}"#)
}

/// When each journalled happening that matches `what` happened, in ms.
fn times(sim: &Simulator, what: &Happening) -> Vec<u64> {
    sim.journal()
        .iter()
        .filter(|e| &e.what == what)
        .map(|e| e.at_us / MS)
        .collect()
}

fn suspected(observer: EndpointId, peer: EndpointId) -> Happening {
    Happening::Suspected {
        observer,
        peer,
        silent_us: 100 * MS,
    }
}

fn trusted(observer: EndpointId, peer: EndpointId) -> Happening {
    Happening::Trusted { observer, peer }
}

fn error(sim: &Simulator, op: usize) -> String {
    sim.history()[op].error.clone().unwrap_or_default()
}

/// alice's client endpoint (after the four nodes).
const ALICE: EndpointId = EndpointId(4);
const BOB: EndpointId = EndpointId(5);

#[test]
fn dynamo_s4_8_a_write_to_a_crashed_node_believed_up_waits_for_its_timeout() {
    let events = format!(r#"{{"at": 0, "crash": "C"}}, {}"#, put(10, "alice", "k"));
    let mut sim = three(TIMEOUT, &events);
    sim.run(None);
    let op = &sim.history()[0];
    assert_eq!(op.outcome, Outcome::Fail);
    assert_eq!(
        op.completed_us,
        Some(210 * MS),
        "it waited for its 200 ms timeout"
    );
    assert_eq!(
        error(&sim, 0),
        "timed out after 200 ms with 2 of 3 acks (from A, B)"
    );
    let to_c: Vec<_> = sim
        .messages()
        .iter()
        .filter(|m| m.to == C && m.kind == MessageKind::Write)
        .collect();
    assert_eq!(to_c.len(), 1, "the write was sent to C, believed up");
    assert_eq!(
        to_c[0].fate,
        Fate::Refused,
        "and refused at arrival: C is down"
    );
    assert_eq!(
        times(&sim, &suspected(ALICE, C)),
        [110],
        "100 ms after the write"
    );

    // The perfect detector knows at once: the same write fails up front.
    let mut perfect = three(r#""perfect""#, &events);
    perfect.run(None);
    assert_eq!(perfect.history()[0].completed_us, Some(10 * MS));
    assert_eq!(
        error(&perfect, 0),
        "quorum unreachable: w = 3 but only 2 of 3 replicas can be reached (C is down)"
    );
}

#[test]
fn dynamo_s4_8_beliefs_lag_a_crash_then_the_next_write_skips_the_suspected_node() {
    // Strict quorum: the second write fails up front, C being suspected.
    let events = format!(
        r#"{{"at": 0, "crash": "C"}}, {}, {}"#,
        put(10, "alice", "k"),
        put(300, "alice", "k")
    );
    let mut sim = three(TIMEOUT, &events);
    sim.run(None);
    assert_eq!(sim.history()[0].completed_us, Some(210 * MS));
    assert_eq!(sim.history()[1].completed_us, Some(300 * MS), "no wait");
    assert_eq!(
        error(&sim, 1),
        "quorum unreachable: w = 3 but only 2 of 3 replicas can be reached (C is suspected down)"
    );

    // Sloppy quorum: the second write goes to D instead, as a hint for C, and succeeds.
    let mut sloppy = scenario(
        r#""A","B","C","D""#,
        r#", "sloppy_quorum": true, "hinted_handoff": true"#,
        &field(TIMEOUT),
        &events,
    );
    sloppy.run(None);
    assert_eq!(
        sloppy.history()[0].outcome,
        Outcome::Fail,
        "C was believed up"
    );
    let second = &sloppy.history()[1];
    assert_eq!(second.outcome, Outcome::Ok);
    assert_eq!(second.completed_us, Some(320 * MS));
    assert!(
        second
            .stores
            .iter()
            .any(|s| s.node == D && s.hint_for == Some(C)),
        "{:?}",
        second.stores
    );
}

#[test]
fn dynamo_s4_8_beliefs_lag_a_heal_until_a_probe_is_answered() {
    // C crashes, is suspected at 110 ms, recovers at 300 ms; alice's probes go at 610 ms (and
    // every 500 ms after), the first one after the recovery is answered at 630 ms.
    let events = format!(
        r#"{{"at": 0, "crash": "C"}}, {}, {{"at": 300, "recover": "C"}}, {}, {}"#,
        put(10, "alice", "k"),
        put(400, "alice", "k"),
        put(700, "alice", "k")
    );
    let mut sim = three(TIMEOUT, &events);
    sim.run(None);
    assert_eq!(times(&sim, &suspected(ALICE, C)), [110]);
    assert_eq!(
        error(&sim, 1),
        "quorum unreachable: w = 3 but only 2 of 3 replicas can be reached (C is suspected down)",
        "C is up again, but alice does not know it yet"
    );
    let pings: Vec<_> = sim
        .messages()
        .iter()
        .filter(|m| m.kind == MessageKind::Ping)
        .map(|m| (m.from, m.to, m.sent_us / MS))
        .collect();
    assert_eq!(pings, [(ALICE, C, 610)]);
    assert!(sim
        .messages()
        .iter()
        .any(|m| m.kind == MessageKind::Pong && m.from == C && m.arrive_us == 630 * MS));
    assert_eq!(times(&sim, &trusted(ALICE, C)), [630]);
    assert_eq!(
        sim.history()[2].outcome,
        Outcome::Ok,
        "after the pong, C is used"
    );
    assert!(sim.suspicions_of(ALICE).is_empty());
    assert!(sim.is_settled());
}

#[test]
fn dynamo_s4_8_two_coordinators_disagree() {
    // Replica coordination: A coordinates `k`, B coordinates `j`. A learns that C is down from
    // its own write; B, which has asked C nothing, still trusts it and waits on it.
    let events = format!(
        r#"{{"at": 0, "crash": "C"}}, {}, {}, {}"#,
        put(10, "alice", "k"),
        put(300, "bob", "k"),
        put(300, "alice", "j")
    );
    let mut sim = scenario(
        r#""A","B","C","D""#,
        r#", "coordinator": "replica""#,
        &field(TIMEOUT),
        &events,
    );
    sim.run(Some(250 * MS));
    assert_eq!(
        sim.suspicions_of(A),
        [(C, 120 * MS)],
        "A sent C the write at 20 ms"
    );
    assert!(sim.suspicions_of(B).is_empty(), "B has asked C nothing");
    sim.run(None);
    // bob's write, coordinated by A, fails at once; alice's, coordinated by B, waits.
    let bob = &sim.history()[1];
    let alice = &sim.history()[2];
    assert_eq!(bob.client, BOB);
    assert!(
        error(&sim, 1).contains("C is suspected down"),
        "{}",
        error(&sim, 1)
    );
    assert_eq!(
        bob.completed_us,
        Some(320 * MS),
        "a round trip to A and back"
    );
    assert!(error(&sim, 2).contains("timed out"), "{}", error(&sim, 2));
    assert!(alice.completed_us.unwrap() >= 510 * MS);
    assert_eq!(times(&sim, &suspected(A, C)), [120]);
    assert_eq!(times(&sim, &suspected(B, C)), [410]);
}

#[test]
fn dynamo_s4_8_a_crashed_observer_forgets_its_suspicions() {
    let events = format!(
        r#"{{"at": 0, "crash": "C"}}, {}, {{"at": 300, "crash": "A"}}"#,
        put(10, "alice", "k")
    );
    let mut sim = scenario(
        r#""A","B","C","D""#,
        r#", "coordinator": "replica""#,
        &field(TIMEOUT),
        &events,
    );
    sim.run(None);
    assert_eq!(times(&sim, &suspected(A, C)), [120]);
    assert_eq!(
        times(&sim, &trusted(A, C)),
        [300],
        "its beliefs were in memory"
    );
    assert!(sim.suspicions_of(A).is_empty());
}

#[test]
fn dynamo_s4_8_the_perfect_detector_changes_nothing() {
    let events = format!(
        r#"{{"at": 0, "crash": "C"}}, {}, {{"at": 50, "recover": "C"}}, {},
            {{"at": 100, "partition": [["A", "alice"]]}}, {}, {{"at": 400, "heal": true}}, {}"#,
        put(10, "alice", "k"),
        put(60, "bob", "j"),
        put(110, "alice", "k"),
        put(410, "bob", "k")
    );
    // The perfect detector named, or left out (the cluster then starts with `"n"`): the same
    // run to the byte, without probes or beliefs.
    let mut named = three(r#""perfect""#, &events);
    let mut left_out = scenario(
        r#""A","B","C","D""#,
        r#""sloppy_quorum": false"#,
        "",
        &events,
    );
    named.run(None);
    left_out.run(None);
    assert_eq!(named.trace_hash(), left_out.trace_hash());
    for sim in [&named, &left_out] {
        assert!(!sim
            .messages()
            .iter()
            .any(|m| matches!(m.kind, MessageKind::Ping | MessageKind::Pong)));
        assert!(!sim.journal().iter().any(|e| matches!(
            e.what,
            Happening::Suspected { .. } | Happening::Trusted { .. }
        )));
        assert!(!sim.scenario().to_json_string().contains("failure_detector"));
    }

    // With no failure at all, the timeout detector sees every request answered: the same run
    // to the byte as the perfect one.
    let quiet = format!("{}, {}", put(10, "alice", "k"), put(20, "bob", "j"));
    let mut perfect = three(r#""perfect""#, &quiet);
    let mut timeout = three(TIMEOUT, &quiet);
    perfect.run(None);
    timeout.run(None);
    assert_eq!(perfect.trace_hash(), timeout.trace_hash());
}

#[test]
fn dynamo_s4_8_a_run_with_a_node_down_for_good_settles() {
    let events = format!(r#"{{"at": 0, "crash": "C"}}, {}"#, put(10, "alice", "k"));
    let mut sim = three(TIMEOUT, &events);
    assert!(sim.run_bounded(None, 100_000), "it settles");
    assert!(sim.is_settled());
    assert_eq!(sim.unsettled_reason(), "");
    assert_eq!(sim.suspicions_of(ALICE), [(C, 110 * MS)]);
    // It stopped once the suspicion was formed, with probes of C still to come (they do not
    // keep the run going).
    assert_eq!(sim.now(), 210 * MS);
    assert!(sim.next_time().is_some());
    // Stepping on, as a page that keeps playing would, the run stays settled while C is probed.
    for _ in 0..20 {
        sim.step();
        assert!(sim.is_settled());
    }
    assert!(sim
        .messages()
        .iter()
        .any(|m| m.kind == MessageKind::Ping && m.fate == Fate::Refused));
    // qsim's way: one call, an answer.
    let text = sim.scenario().to_json_string();
    assert!(quorumscope_engine::run_json_bounded(&text, None, 100_000).is_ok());
}
