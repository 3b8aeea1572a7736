//! Scenarios from the literature, run through the whole simulator. Each test names the source
//! and section it reproduces.

use quorumscope_engine::sim::Simulator;
use quorumscope_engine::version::{compare, Order};
use quorumscope_engine::{RunResult, Scenario};
use serde_json::{json, Value};

fn run(scenario: Value) -> RunResult {
    let s = Scenario::from_json(&scenario.to_string()).expect("valid scenario");
    let mut sim = Simulator::new(s);
    sim.run(None);
    assert!(sim.is_settled(), "the run should settle");
    RunResult::of(&sim)
}

fn sim_of(scenario: Value) -> Simulator {
    let mut sim = Simulator::new(Scenario::from_json(&scenario.to_string()).unwrap());
    sim.run(None);
    sim
}

fn put(at: u64, client: &str, key: &str, value: &str, context: &str) -> Value {
    json!({"at": at, "put": {"client": client, "key": key, "value": value, "context": context}})
}

fn get(at: u64, client: &str, key: &str) -> Value {
    json!({"at": at, "get": {"client": client, "key": key}})
}

fn values(r: &RunResult, node: &str, key: &str) -> Vec<String> {
    r.replicas[node]
        .get(key)
        .map(|k| k.values.clone())
        .unwrap_or_default()
}

/// DDIA chapter 5, "Capturing the happens-before relationship", Figure 5-13: two clients
/// concurrently adding items to one shopping cart on a single replica. Each write carries the
/// version of the client's previous response; the server keeps concurrent values as siblings.
#[test]
fn ddia_ch5_fig_5_13_shopping_cart_siblings_after_each_write() {
    let r = run(json!({
        "cluster": {"nodes": ["S"], "n": 1, "w": 1, "r": 1, "latency": {"constant": 1}},
        "events": [
            put(0, "client1", "cart", "milk", "none"),
            put(10, "client2", "cart", "eggs", "none"),
            put(20, "client1", "cart", "milk,flour", "last"),
            put(30, "client2", "cart", "eggs,milk,ham", "last"),
            put(40, "client1", "cart", "milk,flour,eggs,bacon", "last"),
        ]
    }));
    let after: Vec<Vec<String>> = r.history.iter().map(|h| h.values.clone()).collect();
    assert_eq!(
        after,
        vec![
            vec!["milk"],
            vec!["eggs", "milk"],
            vec!["eggs", "milk,flour"],
            vec!["eggs,milk,ham", "milk,flour"],
            vec!["eggs,milk,ham", "milk,flour,eggs,bacon"],
        ]
    );
    assert_eq!(
        values(&r, "S", "cart"),
        ["eggs,milk,ham", "milk,flour,eggs,bacon"]
    );
    assert_eq!(r.metrics.lost_writes, 0);
}

/// The Dynamo paper (DeCandia et al., SOSP 2007), section 4.4, Figure 3: D1 and D2 written
/// through Sx, D3 through Sy and D4 through Sz concurrently, both seeing D2; a read returns both
/// and the client's reconciling write D5 through Sx supersedes them.
#[test]
fn dynamo_sec4_4_fig3_vector_clocks_d1_to_d5() {
    let scenario = json!({
        "cluster": {
            "nodes": ["Sx", "Sy", "Sz"], "n": 3, "w": 1, "r": 3,
            "coordinator": "replica",
            "latency": {"constant": 5},
            "placement": {"obj": ["Sx", "Sy", "Sz"]}
        },
        "events": [
            put(0, "c1", "obj", "D1", "none"),
            put(50, "c1", "obj", "D2", "last"),
            get(100, "c2", "obj"),
            get(100, "c3", "obj"),
            {"at": 150, "partition": [["c2", "Sy"], ["c3", "Sz"]]},
            put(160, "c2", "obj", "D3", "last"),
            put(160, "c3", "obj", "D4", "last"),
            {"at": 300, "heal": true},
            get(400, "c1", "obj"),
            put(500, "c1", "obj", "D5", "last"),
        ]
    });
    let r = run(scenario.clone());
    let ctx: Vec<&str> = r.history.iter().map(|h| h.context.as_str()).collect();
    assert_eq!(ctx[0], "Sx:1", "D1");
    assert_eq!(ctx[1], "Sx:2", "D2");
    assert_eq!(ctx[4], "Sx:2 Sy:1", "D3 was handled by Sy");
    assert_eq!(ctx[5], "Sx:2 Sz:1", "D4 was handled by Sz");
    assert_eq!(r.history[6].values, ["D3", "D4"], "the read sees both");
    assert_eq!(ctx[6], "Sx:2 Sy:1 Sz:1");
    assert_eq!(r.history[7].values, ["D5"]);
    assert_eq!(ctx[7], "Sx:3 Sy:1 Sz:1", "D5 reconciles through Sx");
    for node in ["Sx", "Sy", "Sz"] {
        assert_eq!(values(&r, node, "obj"), ["D5"], "{node}");
        assert_eq!(r.replicas[node]["obj"].clock, "Sx:3 Sy:1 Sz:1");
    }
    // D3 and D4 are concurrent, and the comparison says why.
    let sim = sim_of(scenario);
    let read = &sim.history()[6].result;
    assert_eq!(read.siblings.len(), 2);
    let c = compare(&read.siblings[0], &read.siblings[1]);
    assert_eq!(c.order, Order::Concurrent);
    let names = sim.names().to_vec();
    let why = c.explain(&|a| names[a as usize].to_string());
    assert!(
        why.contains("Sy:1 is not in the context Sz:1 was sent with"),
        "{why}"
    );
}

/// DDIA chapter 5, "Capturing the happens-before relationship", Figure 5-13: after a write
/// the server returns the values not overwritten and the new version number, and the client's
/// next write sends that version back. So a put's reply counts as what its client last saw
/// (Riak's `return_body`): C crashed, alice puts "milk", then, once it has returned, "eggs"
/// with `"context": "last"`, and "eggs" replaces "milk". A blind write is a sibling, and so is a
/// write sent before the previous one returned (its reply was not seen yet).
#[test]
fn ddia_ch5_fig_5_13_a_puts_reply_is_what_its_client_last_saw() {
    for coordinator in ["client", "replica"] {
        for versioning in ["dvv", "vv"] {
            let sim = sim_of(json!({
                "cluster": {
                    "nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2,
                    "coordinator": coordinator, "versioning": versioning,
                    "latency": {"constant": 5},
                    "placement": {"cart": ["A", "B", "C"]}
                },
                "events": [
                    {"at": 0, "crash": "C"},
                    put(10, "alice", "cart", "milk", "last"),
                    put(200, "alice", "cart", "eggs", "last"),
                    put(400, "alice", "cart", "ham", "none"),
                    put(600, "alice", "cart", "jam", "last"),
                    put(601, "alice", "cart", "tea", "last"),
                ]
            }));
            let case = format!("{coordinator}, {versioning}");
            let h = sim.history();
            assert!(h.iter().all(|r| r.outcome.name() == "ok"), "{case}");
            assert!(h[0].write_context.is_empty(), "{case}: nothing seen yet");
            // The second put was sent with the first one's reply, its own write included.
            assert_eq!(h[1].write_context, h[0].result.context(), "{case}");
            assert!(h[1].write_context.contains(h[0].dot.unwrap()), "{case}");
            assert_eq!(h[1].result_values(), ["eggs"], "{case}: eggs replaced milk");
            assert_eq!(h[2].result_values(), ["eggs", "ham"], "{case}: blind");
            // jam saw eggs and ham; tea was sent before jam returned, with the same context.
            assert_eq!(h[3].result_values(), ["jam"], "{case}");
            assert_eq!(h[4].write_context, h[3].write_context, "{case}");
            let r = RunResult::of(&sim);
            for node in ["A", "B"] {
                assert_eq!(values(&r, node, "cart"), ["jam", "tea"], "{case}: {node}");
            }
        }
    }
}

fn node_down(read_repair: bool, coordinator: &str) -> Value {
    json!({
        "seed": 1,
        "cluster": {
            "nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2,
            "coordinator": coordinator,
            "read_repair": read_repair,
            "placement": {"cart": ["A", "B", "C"]}
        },
        "events": [
            {"at": 0, "crash": "C"},
            put(10, "alice", "cart", "milk", "none"),
            {"at": 100, "recover": "C"},
            // B is down during the read, so it reaches exactly C (stale) and A (up to date).
            {"at": 150, "crash": "B"},
            get(200, "bob", "cart"),
            {"at": 400, "recover": "B"},
        ]
    })
}

/// The contract's example: n=3, w=2, r=2; C is down during the write and comes back stale.
/// Because w + r > n the read overlaps the write quorum: it reaches C and A, returns the newer
/// version, and read repair (Dynamo section 5) brings C up to date.
#[test]
fn dynamo_sec5_read_repair_fixes_the_stale_replica() {
    for coordinator in ["client", "replica"] {
        let r = run(node_down(true, coordinator));
        assert_eq!(r.history[0].outcome, "ok", "{coordinator}");
        let read = &r.history[1];
        assert_eq!(read.outcome, "ok");
        let mut from = read.replies_from.clone();
        from.sort();
        assert_eq!(from, ["A", "C"], "{coordinator}");
        assert_eq!(read.values, ["milk"]);
        assert!(!read.stale);
        assert_eq!(
            values(&r, "C", "cart"),
            ["milk"],
            "{coordinator}: C repaired"
        );
        assert_eq!(r.metrics.read_repairs, 1, "{coordinator}");
        assert_eq!(r.metrics.stale_reads, 0);
    }
}

/// Without read repair (and no anti-entropy) the stale replica stays stale.
#[test]
fn dynamo_sec5_without_read_repair_the_replica_stays_stale() {
    let r = run(node_down(false, "client"));
    assert_eq!(r.history[1].values, ["milk"]);
    assert!(values(&r, "C", "cart").is_empty());
    assert_eq!(r.metrics.read_repairs, 0);
}

/// Dynamo section 4.7 (replica synchronization): anti-entropy heals the replica that missed a
/// write, with no read at all.
#[test]
fn dynamo_sec4_7_anti_entropy_heals_without_reads() {
    let mut s = node_down(false, "client");
    s["cluster"]["anti_entropy_ms"] = json!(50);
    s["events"] = json!([
        {"at": 0, "crash": "C"},
        put(10, "alice", "cart", "milk", "none"),
        {"at": 100, "recover": "C"},
    ]);
    let r = run(s);
    assert_eq!(values(&r, "C", "cart"), ["milk"]);
    assert!(r.metrics.anti_entropy_repairs >= 1);
}

/// Dynamo section 4.6 (sloppy quorum and hinted handoff): with C down, the write goes to the
/// next node D, which keeps a hint for C and hands the value back when C recovers.
#[test]
fn dynamo_sec4_6_hinted_handoff() {
    let scenario = |recover: bool| {
        let mut events = vec![
            json!({"at": 0, "crash": "C"}),
            put(10, "alice", "cart", "milk", "none"),
        ];
        if recover {
            events.push(json!({"at": 500, "recover": "C"}));
        }
        json!({
            "cluster": {
                "nodes": ["A", "B", "C", "D"], "n": 3, "w": 3, "r": 2,
                "sloppy_quorum": true, "hinted_handoff": true,
                "placement": {"cart": ["A", "B", "C", "D"]}
            },
            "events": events
        })
    };
    let r = run(scenario(false));
    assert_eq!(r.history[0].outcome, "ok", "w = 3 met by the sloppy quorum");
    let mut from = r.history[0].replies_from.clone();
    from.sort();
    assert_eq!(from, ["A", "B", "D"]);
    assert_eq!(r.hints["D"].len(), 1);
    assert_eq!(r.hints["D"][0].for_node, "C");
    assert!(
        values(&r, "D", "cart").is_empty(),
        "a hint is not D's own data"
    );

    let r = run(scenario(true));
    assert!(r.hints.is_empty(), "{:?}", r.hints);
    assert_eq!(values(&r, "C", "cart"), ["milk"]);
    assert_eq!(r.metrics.hints_delivered, 1);
}

/// Without a sloppy quorum the same write fails at once: only 2 of 3 home replicas are up.
#[test]
fn dynamo_sec4_6_strict_quorum_fails_fast_with_a_reason() {
    let r = run(json!({
        "cluster": {"nodes": ["A", "B", "C", "D"], "n": 3, "w": 3, "r": 2,
                    "placement": {"cart": ["A", "B", "C", "D"]}},
        "events": [{"at": 0, "crash": "C"}, put(10, "alice", "cart", "milk", "none")]
    }));
    let h = &r.history[0];
    assert_eq!(h.outcome, "fail");
    assert_eq!(
        h.completed_ms,
        h.invoked_ms.into(),
        "fails as soon as it is sent"
    );
    assert_eq!(
        h.error.as_deref(),
        Some("quorum unreachable: w = 3 but only 2 of 3 replicas can be reached (C is down)")
    );
}

fn concurrent_writes(versioning: &str) -> RunResult {
    run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2, "versioning": versioning},
        "events": [
            put(0, "alice", "x", "from-alice", "none"),
            put(0, "bob", "x", "from-bob", "none"),
            get(100, "carol", "x"),
        ]
    }))
}

/// Kleppmann, "Designing Data-Intensive Applications", chapter 5, "Last write wins (discarding
/// concurrent writes)": both writes are acknowledged, one silently disappears. Version vectors
/// keep both as siblings.
#[test]
fn ddia_ch5_lww_discards_a_concurrent_acknowledged_write_dvv_keeps_both() {
    let lww = concurrent_writes("lww");
    assert!(lww.history[..2].iter().all(|h| h.outcome == "ok"));
    assert_eq!(lww.history[2].values.len(), 1);
    assert_eq!(lww.metrics.lost_writes, 1);
    assert_eq!(lww.history.iter().filter(|h| h.lost).count(), 1);
    assert_eq!(lww.metrics.stale_reads, 1, "the read misses the lost write");

    let dvv = concurrent_writes("dvv");
    assert_eq!(dvv.history[2].values, ["from-alice", "from-bob"]);
    assert_eq!(dvv.metrics.lost_writes, 0);
    assert_eq!(dvv.metrics.stale_reads, 0);
}

/// DDIA chapter 8, "Relying on synchronized clocks" (Figure 8-3): with a skewed clock, LWW
/// discards a write that causally followed another.
#[test]
fn ddia_ch8_lww_with_clock_skew_discards_a_later_write() {
    let r = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2, "versioning": "lww",
                    "clock_skew_ms": {"alice": 500}},
        "events": [
            put(0, "alice", "x", "first", "none"),
            get(50, "bob", "x"),
            put(100, "bob", "x", "second", "last"),
            get(200, "carol", "x"),
        ]
    }));
    assert_eq!(r.history[2].outcome, "ok");
    assert_eq!(
        r.history[3].values,
        ["first"],
        "the later write lost on timestamp"
    );
    assert!(r.history[2].lost);
    assert_eq!(r.metrics.lost_writes, 1);
    assert!(r.history[3].stale);
}

/// Preguiça et al., "Dotted Version Vectors" (2010), section 1: v1 and v2 are blind writes to a
/// single server; v3 carries the context read after v1. Dotted version vectors keep exactly
/// {v2, v3}; classic per-key version vectors keep v1 too (a false conflict).
#[test]
fn dvv_paper_sec1_dvv_keeps_v2_v3_vv_shows_a_false_conflict() {
    let scenario = |versioning: &str| {
        json!({
            "cluster": {"nodes": ["S"], "n": 1, "w": 1, "r": 1, "versioning": versioning,
                        "coordinator": "replica", "latency": {"constant": 1}},
            "events": [
                put(0, "c1", "k", "v1", "none"),
                get(10, "c3", "k"),
                put(20, "c2", "k", "v2", "none"),
                put(30, "c3", "k", "v3", "last"),
            ]
        })
    };
    let dvv = run(scenario("dvv"));
    assert_eq!(values(&dvv, "S", "k"), ["v2", "v3"]);
    assert_eq!(dvv.replicas["S"]["k"].clock, "S:3");
    let vv = run(scenario("vv"));
    assert_eq!(values(&vv, "S", "k"), ["v1", "v2", "v3"]);
    assert_eq!(vv.metrics.lost_writes, 0, "vv loses nothing");
}

/// Riak's delete semantics: a tombstone written with a context hides the value it has seen,
/// and a stale replica's older copy does not bring it back through read repair.
#[test]
fn riak_delete_tombstone_is_not_resurrected_by_a_stale_replica() {
    let r = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 3,
                    "placement": {"k": ["A", "B", "C"]}},
        "events": [
            put(0, "alice", "k", "v", "none"),
            get(50, "alice", "k"),
            {"at": 90, "crash": "C"},
            {"at": 100, "delete": {"client": "alice", "key": "k", "context": "last"}},
            {"at": 200, "recover": "C"},
            get(300, "bob", "k"),
        ]
    }));
    assert_eq!(r.history[2].outcome, "ok");
    assert_eq!(r.history[3].values, Vec::<String>::new(), "deleted");
    assert!(!r.history[3].stale, "the tombstone follows the put");
    for node in ["A", "B", "C"] {
        assert!(values(&r, node, "k").is_empty(), "{node}");
        assert!(r.replicas[node]["k"].tombstone, "{node}");
    }
}

/// A partition between the client and two replicas makes a w = 2 write fail, and a w = 1 write
/// followed by an r = 1 read on the other side goes stale (w + r <= n).
#[test]
fn ddia_ch5_partition_fails_a_write_or_makes_a_read_stale() {
    let r = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2,
                    "placement": {"k": ["A", "B", "C"]}},
        "events": [
            {"at": 0, "partition": [["alice", "A"], ["B", "C"]]},
            put(10, "alice", "k", "v", "none"),
        ]
    }));
    assert_eq!(r.history[0].outcome, "fail");
    assert!(r.history[0]
        .error
        .as_deref()
        .unwrap()
        .contains("B is partitioned away"));
    // Refused before anything is sent (Cassandra's UnavailableException; issue 7, defect 2).
    assert_eq!(r.metrics.messages, 0);
    assert!(!r.history[0].indeterminate);

    let r = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 1, "r": 1,
                    "placement": {"k": ["A", "B", "C"]}},
        "events": [
            {"at": 0, "partition": [["alice", "A"], ["bob", "B", "C"]]},
            put(10, "alice", "k", "v", "none"),
            get(100, "bob", "k"),
        ]
    }));
    assert_eq!(r.history[0].outcome, "ok");
    assert_eq!(r.history[1].outcome, "ok");
    assert!(r.history[1].values.is_empty());
    assert!(r.history[1].stale);
    assert_eq!(r.metrics.stale_reads, 1);
}

/// A drop rate of 1 loses every message: the write times out after `timeout_ms`.
#[test]
fn drops_make_an_operation_time_out() {
    let r = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2, "timeout_ms": 300},
        "events": [{"at": 0, "drop_rate": 1.0}, put(10, "alice", "k", "v", "none")]
    }));
    let h = &r.history[0];
    assert_eq!(h.outcome, "fail");
    assert_eq!(
        h.error.as_deref(),
        Some("timed out after 300 ms with 0 of 2 acks")
    );
    assert_eq!(r.metrics.dropped, 3);
}

/// The `drop_message` event (an extension: the page records a message clicked away with it)
/// loses that one message if it is still in flight; a message that has arrived is left alone.
/// With w = n = 3, losing one of the three writes fails the put.
#[test]
fn drop_message_loses_one_message_in_flight() {
    let scenario = |drops: Value| {
        json!({
            "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 3, "r": 1, "timeout_ms": 300,
                        "latency": {"constant": 10}},
            "events": [put(10, "alice", "k", "v", "none"), drops]
        })
    };
    // The put sends messages 1, 2 and 3 at 10 ms; they arrive at 20 ms.
    let r = run(scenario(json!({"at": 15, "drop_message": 2})));
    let h = &r.history[0];
    assert_eq!(h.outcome, "fail");
    let error = h.error.as_deref().unwrap_or_default();
    assert!(
        error.starts_with("timed out after 300 ms with 2 of 3 acks"),
        "{error}"
    );
    assert_eq!(r.metrics.dropped, 1);
    let sim = sim_of(scenario(json!({"at": 15, "drop_message": 2})));
    assert_eq!(sim.messages()[1].id, quorumscope_engine::MsgId(2));
    assert_eq!(
        sim.messages()[1].fate,
        quorumscope_engine::sim::Fate::Dropped
    );
    assert_eq!(sim.messages()[1].lost_us, Some(15_000));

    // Too late (it arrived at 20 ms), or a message never sent: nothing happens.
    for late in [
        json!({"at": 25, "drop_message": 2}),
        json!({"at": 15, "drop_message": 99}),
    ] {
        let r = run(scenario(late));
        assert_eq!(r.history[0].outcome, "ok");
        assert_eq!(r.metrics.dropped, 0);
    }
}

/// `--until` stops the run early; unfinished operations are pending.
#[test]
fn until_leaves_operations_pending() {
    let text = json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2},
        "events": [put(10, "alice", "k", "v", "none")]
    })
    .to_string();
    let out: Value =
        serde_json::from_str(&quorumscope_engine::run_json(&text, Some(12.0)).unwrap()).unwrap();
    assert_eq!(out["history"][0]["outcome"], "pending");
    assert_eq!(out["history"][0]["completed_ms"], Value::Null);
    let err = quorumscope_engine::run_json(&text, Some(-1.0)).unwrap_err();
    assert_eq!(err, "--until: must be a number of ms >= 0, got -1");
}

/// The same file and seed give the same run, to the byte; another seed gives another run.
#[test]
fn same_seed_same_bytes() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/node-down.json"
    ))
    .unwrap();
    let a = quorumscope_engine::run_json(&text, None).unwrap();
    let b = quorumscope_engine::run_json(&text, None).unwrap();
    assert_eq!(a, b);
    let other = text.replace("\"seed\": 1", "\"seed\": 2");
    let c = quorumscope_engine::run_json(&other, None).unwrap();
    let hash = |s: &str| serde_json::from_str::<Value>(s).unwrap()["trace_hash"].clone();
    assert_ne!(hash(&a), hash(&c));
}

// ---------------------------------------------------------------------------------------------
// Issue 7, "Faithful under every schedule": defects an outside review found, each reproduced
// and named after the system whose behaviour the fix follows.
// ---------------------------------------------------------------------------------------------

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

/// Issue 7, review of defects 2, 3 and 8: a replica that was down when the write went out (so
/// counted as failed) but recovers before the message arrives does answer. Its answer must
/// count once: no underflow when it refuses, no failure while another ack is on its way, and a
/// write that went out to it is indeterminate, since it may store it.
#[test]
fn review_a_replica_down_at_send_that_recovers_in_flight_counts_once() {
    // It refuses (max_siblings = 1): the write fails as refused, without a panic.
    let r = run(json!({
        "cluster": {"nodes": ["A", "C"], "n": 2, "w": 1, "r": 1, "max_siblings": 1,
                    "read_repair": false, "latency": {"constant": 10},
                    "placement": {"k": ["C", "A"]}},
        "events": [
            {"at": 1, "put": {"client": "alice", "key": "k", "value": "x1"}},
            {"at": 100, "crash": "C"},
            {"at": 100, "put": {"client": "bob", "key": "k", "value": "x2"}},
            {"at": 105, "recover": "C"}
        ]
    }));
    assert_eq!(r.history[1].outcome, "fail");
    assert!(r.history[1]
        .error
        .as_deref()
        .unwrap()
        .starts_with("refused"));

    // C refuses, A and B store it: w = 2 is met by A and B.
    let r = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 1, "r": 1, "max_siblings": 1,
                    "read_repair": false, "latency": {"constant": 10},
                    "placement": {"k": ["C", "A", "B"]}},
        "events": [
            {"at": 0, "partition": [["A", "B"]]},
            {"at": 1, "put": {"client": "alice", "key": "k", "value": "x1"}},
            {"at": 50, "heal": true},
            {"at": 60, "configure": {"w": 2}},
            {"at": 100, "crash": "C"},
            {"at": 100, "put": {"client": "bob", "key": "k", "value": "x2"}},
            {"at": 105, "recover": "C"}
        ]
    }));
    assert_eq!(r.history[1].outcome, "ok", "{:?}", r.history[1].error);
    assert_eq!(values(&r, "A", "k"), ["x2"]);

    // B and C refuse while A, down when asked, is still to answer: the write fails, and since
    // A may (and does) store it, it is indeterminate.
    let r = run(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 3, "max_siblings": 1,
                    "read_repair": false, "latency": {"constant": 10},
                    "placement": {"k": ["B", "C", "A"]}},
        "events": [
            {"at": 0, "partition": [["A"]]},
            {"at": 1, "put": {"client": "alice", "key": "k", "value": "x1"}},
            {"at": 50, "heal": true},
            {"at": 100, "crash": "A"},
            {"at": 100, "put": {"client": "bob", "key": "k", "value": "x2"}},
            {"at": 105, "recover": "A"},
            {"at": 200, "get": {"client": "carol", "key": "k"}}
        ]
    }));
    assert_eq!(r.history[1].outcome, "fail");
    assert!(r.history[1].indeterminate, "A may store it, and does");
    assert_eq!(r.history[2].values, ["x1", "x2"]);
}

/// Issue 7, review: a request refused up front is not kept by its coordinator (nothing was
/// sent and no deadline set, so nothing would ever remove it): with w = all and a node down,
/// every put would otherwise stay in memory for as long as the page plays.
#[test]
fn review_a_request_refused_up_front_is_not_kept() {
    for coordinator in ["client", "replica"] {
        let sim = sim_of(json!({
            "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": "all", "r": 1,
                        "coordinator": coordinator, "placement": {"k": ["A", "B", "C"]}},
            "events": [
                {"at": 0, "crash": "C"},
                {"at": 10, "put": {"client": "alice", "key": "k", "value": "v"}},
                {"at": 20, "put": {"client": "alice", "key": "k", "value": "w"}}
            ]
        }));
        assert!(sim.history().iter().all(|op| op.error.is_some()));
        assert!(
            sim.replicas().iter().all(|r| r.coordinations.is_empty()),
            "{coordinator}"
        );
        assert!(
            sim.clients().iter().all(|c| c.coordinations.is_empty()),
            "{coordinator}"
        );
    }
}
