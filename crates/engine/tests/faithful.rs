//! Issue 7, "Faithful under every schedule": each test reproduces one defect an outside review
//! found, and names the system whose behaviour the fix follows.

use quorumscope_engine::sim::Simulator;
use quorumscope_engine::{RunResult, Scenario};
use serde_json::{json, Value};

fn sim_of(scenario: Value) -> Simulator {
    let s = Scenario::from_json(&scenario.to_string()).expect("valid scenario");
    let mut sim = Simulator::new(s);
    sim.run(None);
    assert!(sim.is_settled(), "the run should settle");
    sim
}

fn run(scenario: Value) -> RunResult {
    RunResult::of(&sim_of(scenario))
}

fn values(r: &RunResult, node: &str, key: &str) -> Vec<String> {
    r.replicas[node]
        .get(key)
        .map(|k| k.values.clone())
        .unwrap_or_default()
}

/// Defect 1. Dynamo section 5 and Riak's get FSM: the coordinating replica repairs its own stale
/// copy like any other replica's. A coordinates (first of the preference list) and missed the
/// write while it was down; an r = 3 read through it repairs it, so a later r = 1 read that it
/// serves alone is not stale.
#[test]
fn dynamo_s5_the_coordinating_replica_read_repairs_itself() {
    let r = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 3,
                    "coordinator": "replica", "latency": {"constant": 5},
                    "placement": {"cart": ["A", "B", "C"]}},
        "events": [
            {"at": 0, "crash": "A"},
            {"at": 10, "put": {"client": "alice", "key": "cart", "value": "milk"}},
            {"at": 100, "recover": "A"},
            {"at": 200, "get": {"client": "bob", "key": "cart"}},
            {"at": 300, "configure": {"r": 1}},
            {"at": 400, "get": {"client": "bob", "key": "cart"}}
        ]
    }));
    assert_eq!(r.history[0].outcome, "ok");
    assert_eq!(
        r.history[1].replies_from[0], "A",
        "A coordinates and answers first"
    );
    assert_eq!(r.history[1].values, ["milk"]);
    assert_eq!(r.metrics.read_repairs, 1, "A's own copy is repaired");
    assert_eq!(values(&r, "A", "cart"), ["milk"]);
    assert_eq!(r.history[2].replies_from, ["A"]);
    assert_eq!(r.history[2].values, ["milk"]);
    assert!(!r.history[2].stale);
    assert_eq!(r.metrics.stale_reads, 0);
}

/// Defect 2. Cassandra (UnavailableException) and Riak (insufficient vnodes) refuse a write
/// before sending anything when too few replicas are up: with w = all and C down, A and B never
/// store it and a later read does not return it.
#[test]
fn cassandra_unavailable_a_write_refused_up_front_sends_nothing() {
    let r = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": "all", "r": 1,
                    "placement": {"cart": ["A", "B", "C"]}},
        "events": [
            {"at": 0, "crash": "C"},
            {"at": 10, "put": {"client": "alice", "key": "cart", "value": "milk"}},
            {"at": 100, "get": {"client": "bob", "key": "cart"}}
        ]
    }));
    assert_eq!(r.history[0].outcome, "fail");
    assert!(r.history[0]
        .error
        .as_deref()
        .unwrap()
        .starts_with("quorum unreachable: w = 3 but only 2 of 3"));
    assert!(!r.history[0].indeterminate, "known not to have happened");
    assert!(values(&r, "A", "cart").is_empty() && values(&r, "B", "cart").is_empty());
    assert_eq!(r.history[1].values, Vec::<String>::new());
    // Only the get's messages: a read and a response to each of A and B, one read to C.
    assert_eq!(r.metrics.messages, 5);

    // A read refused up front sends nothing either.
    let r = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 1, "r": "all"},
        "events": [
            {"at": 0, "crash": "C"},
            {"at": 10, "get": {"client": "bob", "key": "cart"}}
        ]
    }));
    assert_eq!(r.history[0].outcome, "fail");
    assert_eq!(r.metrics.messages, 0);
}

/// Defect 3. Jepsen's `:info`: a write that timed out after it went out may have been stored, so
/// its failure is indeterminate (`"indeterminate": true`); one refused up front is not.
#[test]
fn jepsen_info_a_timed_out_write_is_indeterminate() {
    // Client coordination: C crashes while the w = 3 write is on its way; A and B store it.
    let sim = sim_of(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 3, "r": 2,
                    "latency": {"constant": 10}, "timeout_ms": 100},
        "events": [
            {"at": 0, "put": {"client": "alice", "key": "k", "value": "v"}},
            {"at": 5, "crash": "C"},
            {"at": 200, "delete": {"client": "alice", "key": "k"}},
            {"at": 300, "get": {"client": "bob", "key": "k"}}
        ]
    }));
    let r = RunResult::of(&sim);
    let h = &r.history;
    assert_eq!((h[0].outcome.as_str(), h[0].indeterminate), ("fail", true));
    assert!(h[0].error.as_deref().unwrap().starts_with("timed out"));
    assert_eq!((h[1].outcome.as_str(), h[1].indeterminate), ("fail", false));
    assert_eq!(h[2].values, ["v"], "the indeterminate write did land");
    assert!(!h[2].stale, "maybe-applied: returning it is not stale");
    let text = serde_json::to_value(&r).unwrap();
    assert_eq!(text["history"][0]["indeterminate"], json!(true));
    assert!(text["history"][1].get("indeterminate").is_none());

    // Replica coordination: the coordinator crashes after sending the write; the client hears
    // nothing, and its write, which A and B stored, is indeterminate too.
    let r = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 3, "r": 1,
                    "coordinator": "replica", "latency": {"constant": 10},
                    "timeout_ms": 100, "placement": {"k": ["A", "B", "C"]}},
        "events": [
            {"at": 0, "put": {"client": "alice", "key": "k", "value": "v"}},
            {"at": 15, "crash": "A"},
            {"at": 500, "recover": "A"}
        ]
    }));
    assert_eq!(r.history[0].outcome, "fail");
    assert!(r.history[0]
        .error
        .as_deref()
        .unwrap()
        .starts_with("no reply"));
    assert!(r.history[0].indeterminate);
    assert_eq!(values(&r, "B", "k"), ["v"]);
}

/// Defect 4. A read that returns a value after a delete of it was acknowledged is stale, and the
/// value coming back is a resurrection (Cassandra's "zombie" data); reading nothing after the
/// delete is what the delete wrote, so it is not stale.
#[test]
fn deletes_count_in_the_checker_stale_reads_and_resurrections() {
    let r = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 1, "r": 1,
                    "latency": {"constant": 5}, "read_repair": false,
                    "placement": {"k": ["A", "B", "C"]}},
        "events": [
            {"at": 0, "put": {"client": "alice", "key": "k", "value": "milk"}},
            {"at": 50, "get": {"client": "alice", "key": "k"}},
            {"at": 100, "partition": [["alice", "A"], ["bob", "B"]]},
            {"at": 110, "delete": {"client": "alice", "key": "k", "context": "last"}},
            {"at": 200, "get": {"client": "bob", "key": "k"}},
            {"at": 200, "get": {"client": "alice", "key": "k"}}
        ]
    }));
    let h = &r.history;
    assert_eq!(h[2].outcome, "ok", "the delete is acknowledged by A");
    assert_eq!(h[3].values, ["milk"], "B never got the tombstone");
    assert!(
        h[3].stale,
        "a read after an acknowledged delete returned the value"
    );
    assert!(h[3].resurrection);
    assert!(!h[4].stale && h[4].values.is_empty());
    assert_eq!((r.metrics.stale_reads, r.metrics.resurrections), (1, 1));

    // A replica that never had the value answers nothing after the put and the delete: correct.
    let r = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 1, "r": 1,
                    "latency": {"constant": 5}, "read_repair": false,
                    "placement": {"k": ["A", "B", "C"]}},
        "events": [
            {"at": 0, "partition": [["alice", "A"], ["bob", "C"]]},
            {"at": 10, "put": {"client": "alice", "key": "k", "value": "milk"}},
            {"at": 50, "get": {"client": "alice", "key": "k"}},
            {"at": 100, "delete": {"client": "alice", "key": "k", "context": "last"}},
            {"at": 200, "get": {"client": "bob", "key": "k"}}
        ]
    }));
    assert_eq!(r.history[2].outcome, "ok");
    assert!(r.history[3].values.is_empty());
    assert!(
        !r.history[3].stale,
        "nothing is the deleted register's value"
    );
    assert_eq!(r.metrics.resurrections, 0);
}

/// Defect 8. Riak's `max_siblings` (default 100): a write that would make more siblings is
/// refused with a clear error; above 25 (Riak's `siblings_threshold`) results carry a warning.
#[test]
fn riak_max_siblings_refuses_a_write_and_warns_above_25() {
    let mut events: Vec<Value> = (0..30)
        .map(|i| json!({"at": i * 10, "put": {"client": "alice", "key": "k", "value": format!("v{i}")}}))
        .collect();
    events.push(
        json!({"at": 400, "put": {"client": "bob", "key": "k", "value": "w", "context": "last"}}),
    );
    let r = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2, "max_siblings": 27},
        "events": events
    }));
    let h = &r.history;
    assert!(h[..27].iter().all(|e| e.outcome == "ok"));
    assert_eq!(h[24].warning, None, "25 siblings: no warning yet");
    assert!(h[25].warning.as_deref().unwrap().starts_with("26 siblings"));
    for e in &h[27..30] {
        assert_eq!(e.outcome, "fail");
        assert!(!e.indeterminate, "every replica refused it");
        assert!(
            e.error.as_deref().unwrap().contains("max_siblings = 27"),
            "{:?}",
            e.error
        );
    }
    for node in ["A", "B", "C"] {
        assert_eq!(values(&r, node, "k").len(), 27, "{node}");
    }
    // bob's write carries no context of his own: it is blind too, and refused.
    assert_eq!(h[30].outcome, "fail");

    let bad = Scenario::from_json(
        &json!({"cluster": {"nodes": ["A"], "n": 1, "w": 1, "r": 1, "max_siblings": 0}, "events": []})
            .to_string(),
    )
    .unwrap_err();
    assert_eq!(
        bad.to_string(),
        "cluster.max_siblings: must be a whole number from 1 to 1000, got 0"
    );
}

/// Defect 8, the page's failure mode: 20,000 blind puts to one key stay bounded (Riak's
/// default of 100 siblings) instead of growing without end.
#[test]
fn riak_max_siblings_default_bounds_blind_puts() {
    let events: Vec<Value> = (0..400)
        .map(|i| json!({"at": i, "put": {"client": "alice", "key": "k", "value": format!("v{i}")}}))
        .collect();
    let r = run(json!({
        "cluster": {"nodes": ["A"], "n": 1, "w": 1, "r": 1, "latency": {"constant": 0.1}},
        "events": events
    }));
    assert_eq!(values(&r, "A", "k").len(), 100);
    assert_eq!(r.history.iter().filter(|e| e.outcome == "ok").count(), 100);
}

/// Defect 9. Dynamo (section 4.6) has no sloppy quorum without hinted handoff: a write acknowledged
/// only by fallbacks, which keep it as their own data, reaches no home replica and is counted lost.
/// With hinted handoff, the hints go home and nothing is lost.
#[test]
fn dynamo_s4_6_sloppy_quorum_without_handoff_strands_writes_as_lost() {
    let scenario = |handoff: bool| {
        json!({
            "cluster": {"nodes": ["A", "B", "C", "D"], "n": 2, "w": 2, "r": 2,
                        "sloppy_quorum": true, "hinted_handoff": handoff,
                        "placement": {"k": ["A", "B", "C", "D"]}},
            "events": [
                {"at": 0, "crash": "A"},
                {"at": 0, "crash": "B"},
                {"at": 10, "put": {"client": "alice", "key": "k", "value": "milk"}},
                {"at": 100, "recover": "A"},
                {"at": 100, "recover": "B"}
            ]
        })
    };
    let r = run(scenario(false));
    assert_eq!(r.history[0].outcome, "ok");
    assert_eq!(values(&r, "C", "k"), ["milk"]);
    assert!(values(&r, "A", "k").is_empty() && values(&r, "B", "k").is_empty());
    assert_eq!(r.metrics.lost_writes, 1);
    assert!(r.history[0].lost);

    let r = run(scenario(true));
    assert_eq!(r.metrics.hints_delivered, 2);
    assert_eq!(values(&r, "A", "k"), ["milk"]);
    assert_eq!(r.metrics.lost_writes, 0);
}
