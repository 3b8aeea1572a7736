//! The `configure` event and declared clients: extensions of the contract that the page's
//! settings panel and client list use (documented in docs/ENGINE.md).

use quorumscope_engine::sim::Simulator;
use quorumscope_engine::{RunResult, Scenario};
use serde_json::{json, Value};

fn run(v: Value) -> RunResult {
    let mut sim = Simulator::new(Scenario::from_json(&v.to_string()).expect("valid"));
    sim.run(None);
    RunResult::of(&sim)
}

fn error_of(v: Value) -> String {
    Scenario::from_json(&v.to_string()).unwrap_err().to_string()
}

#[test]
fn lowering_w_during_a_run_lets_a_write_through() {
    let r = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2},
        "events": [
            {"at": 0, "crash": "B"},
            {"at": 0, "crash": "C"},
            {"at": 10, "put": {"client": "alice", "key": "k", "value": "1"}},
            {"at": 20, "configure": {"w": 1}},
            {"at": 30, "put": {"client": "alice", "key": "k", "value": "2"}},
        ]
    }));
    assert_eq!(r.history[0].outcome, "fail");
    assert_eq!(r.history[1].outcome, "ok");
}

#[test]
fn turning_anti_entropy_on_during_a_run_heals_a_replica() {
    let base = |configure: bool| {
        let mut events = vec![
            json!({"at": 0, "crash": "C"}),
            json!({"at": 10, "put": {"client": "alice", "key": "k", "value": "v"}}),
            json!({"at": 100, "recover": "C"}),
        ];
        if configure {
            events.push(json!({"at": 200, "configure": {"anti_entropy_ms": 50}}));
        }
        json!({
            "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2,
                        "placement": {"k": ["A", "B", "C"]}},
            "events": events
        })
    };
    let off = run(base(false));
    assert!(!off.replicas["C"].contains_key("k"));
    let on = run(base(true));
    assert_eq!(on.replicas["C"]["k"].values, ["v"]);
    assert!(on.metrics.anti_entropy_repairs >= 1);
}

#[test]
fn bad_input_configure_is_checked_against_the_settings_in_force() {
    let e = error_of(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2},
        "events": [
            {"at": 0, "configure": {"n": 2}},
            {"at": 5, "configure": {"w": 3}},
        ]
    }));
    assert_eq!(e, "events[1].configure.w: w = 3 is larger than n = 2");
    let e = error_of(json!({
        "cluster": {"nodes": ["A"], "n": 1, "w": 1, "r": 1},
        "events": [{"at": 0, "configure": {"versioning": "lww"}}]
    }));
    assert!(
        e.starts_with("events[0].configure.versioning: unknown field `versioning`"),
        "{e}"
    );
}

#[test]
fn declared_clients_exist_without_events() {
    let s = Scenario::from_json(
        &json!({
            "cluster": {"nodes": ["A"], "n": 1, "w": 1, "r": 1, "clients": ["alice", "bob"],
                        "clock_skew_ms": {"bob": 5}},
            "events": [{"at": 0, "get": {"client": "carol", "key": "k"}}]
        })
        .to_string(),
    )
    .unwrap();
    assert_eq!(s.clients(), ["alice", "bob", "carol"]);
    let e = error_of(json!({
        "cluster": {"nodes": ["A"], "n": 1, "w": 1, "r": 1, "clients": ["A"]},
        "events": []
    }));
    assert_eq!(
        e,
        "cluster.clients[0]: `A` is a node; clients must have names of their own"
    );
}
