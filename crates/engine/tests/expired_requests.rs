//! Issue 7, defect 5: a request that reaches a replica after its coordinator's deadline is
//! dropped there, as Cassandra drops requests that expired in flight (a replica does not apply
//! or answer a mutation or read older than `write_request_timeout_in_ms` /
//! `read_request_timeout_in_ms`, since its coordinator has already answered the client). A
//! write delayed by a heavy latency tail can then no longer land long after its put failed.

use quorumscope_engine::run_json;
use serde_json::{json, Value};

/// Runs a handwritten scenario with `qsim run` and returns its result.
fn run(scenario: Value) -> Value {
    serde_json::from_str(&run_json(&scenario.to_string(), None).unwrap()).unwrap()
}

/// Per-message latency: writes (and requests for writes) take `write` ms, reads `read` ms,
/// acks and responses 1 ms.
fn latency(write: f64, read: f64) -> Value {
    json!({"write": {"constant": write}, "ack": {"constant": 1},
           "read": {"constant": read}, "response": {"constant": 1}})
}

/// Cassandra drops a mutation that reaches a replica after the coordinator's timeout: the write
/// arrives at 1500 ms, its coordinator gave up at 1000 ms, so no replica applies or acks it,
/// and a later read finds nothing. (One that arrives exactly at the deadline is still served.)
#[test]
fn issue7_defect5_cassandra_drops_a_write_that_arrives_after_its_deadline() {
    let late = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 1, "r": 1,
                    "timeout_ms": 1000, "latency": latency(1500.0, 1.0)},
        "events": [
            {"at": 0, "put": {"client": "alice", "key": "k", "value": "late"}},
            {"at": 3000, "get": {"client": "bob", "key": "k"}}
        ]
    }));
    let h = late["history"].as_array().unwrap();
    assert_eq!(h[0]["outcome"], "fail");
    assert_eq!(h[1]["outcome"], "ok");
    assert_eq!(h[1]["values"], json!([]), "{late}");
    assert_eq!(late["replicas"], json!({"A": {}, "B": {}, "C": {}}));
    // Three writes, no ack; three reads, three responses.
    assert_eq!(late["metrics"]["messages"], 9);

    let on_time = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 1, "r": 1,
                    "timeout_ms": 1000, "latency": latency(1000.0, 1.0)},
        "events": [
            {"at": 0, "put": {"client": "alice", "key": "k", "value": "just"}},
            {"at": 3000, "get": {"client": "bob", "key": "k"}}
        ]
    }));
    assert_eq!(
        on_time["history"][1]["values"],
        json!(["just"]),
        "{on_time}"
    );
}

/// A read that reaches a replica after its coordinator's deadline gets no response.
#[test]
fn issue7_defect5_cassandra_drops_a_read_that_arrives_after_its_deadline() {
    let r = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 1, "r": 1,
                    "timeout_ms": 100, "latency": latency(1.0, 150.0)},
        "events": [{"at": 0, "get": {"client": "bob", "key": "k"}}]
    }));
    assert_eq!(r["history"][0]["outcome"], "fail");
    assert_eq!(r["metrics"]["messages"], 3, "three reads, no response: {r}");
}

/// With replicas coordinating, a client's request carries the client's deadline (twice the
/// timeout): a coordinator that receives it later drops it instead of coordinating a write
/// nobody waits for.
#[test]
fn issue7_defect5_a_coordinator_drops_a_request_that_arrives_after_the_clients_deadline() {
    let r = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 1, "r": 1,
                    "coordinator": "replica", "timeout_ms": 100,
                    "latency": latency(250.0, 1.0)},
        "events": [
            {"at": 0, "put": {"client": "alice", "key": "k", "value": "late"}},
            {"at": 1000, "get": {"client": "bob", "key": "k"}}
        ]
    }));
    let h = r["history"].as_array().unwrap();
    assert_eq!(h[0]["outcome"], "fail");
    assert!(
        h[0]["error"]
            .as_str()
            .unwrap()
            .contains("no reply from coordinator"),
        "{r}"
    );
    assert_eq!(h[1]["values"], json!([]), "{r}");
    assert_eq!(r["replicas"], json!({"A": {}, "B": {}, "C": {}}));
}
