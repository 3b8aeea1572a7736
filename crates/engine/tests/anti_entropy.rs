//! Anti-entropy with hash trees (Dynamo section 4.7; issue 9, point 3): replicas compare hash
//! trees over the keys they share, from the root down, only into the ranges that differ, and
//! copy what differs; `metrics.anti_entropy_hashes` (contract section 5) counts the hashes sent.
//!
//! The 1,024-key scenarios are the files of BENCHMARKS.md, in `bench/anti-entropy/` (written by
//! its `make.py`): keys `k0000` to `k1023` pinned to A and B, so their ids are 0 to 1023 in
//! order and `depth_for(1024)` gives a tree of depth 5 (1,024 leaves) whose leaf of `k0004`
//! holds no other key.

use quorumscope_engine::sim::{Fate, MessageRecord, Simulator};
use quorumscope_engine::{run_json, MessageKind, RunResult, Scenario};
use serde_json::{json, Value};

fn bench_file(name: &str) -> String {
    let path = format!(
        "{}/../../bench/anti-entropy/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn scenario(text: &str) -> Scenario {
    Scenario::from_json(text).expect("valid scenario")
}

/// Runs a scenario to its end, keeping every message's record.
fn run(text: &str) -> Simulator {
    let mut sim = Simulator::new(scenario(text));
    assert!(sim.run_bounded(None, 10_000_000), "the run did not settle");
    sim
}

fn is_anti_entropy(m: &MessageRecord) -> bool {
    matches!(
        m.kind,
        MessageKind::AeTree | MessageKind::AeKeys | MessageKind::AeDiff | MessageKind::AePush
    )
}

/// The anti-entropy messages of a run as (kind, from, to, summary), in order of sending.
fn anti_entropy_messages(sim: &Simulator) -> Vec<(&'static str, String, String, String)> {
    let name = |e: quorumscope_engine::EndpointId| sim.names()[e.index()].to_string();
    sim.messages()
        .iter()
        .filter(|m| is_anti_entropy(m))
        .map(|m| (m.kind.name(), name(m.from), name(m.to), m.summary.clone()))
        .collect()
}

fn msg(
    kind: &'static str,
    from: &str,
    to: &str,
    summary: &str,
) -> (&'static str, String, String, String) {
    (kind, from.to_string(), to.to_string(), summary.to_string())
}

/// Every node's keys at the end, as `qsim run` prints them.
fn replicas(sim: &Simulator) -> Value {
    serde_json::to_value(RunResult::of(sim)).unwrap()["replicas"].clone()
}

#[test]
fn dynamo_s4_7_equal_replicas_send_one_root_per_round() {
    let sim = run(&bench_file("equal-1024.json"));
    // A's round at 20 ms: one message, one hash, where per-key digests sent 1,024. B holds the
    // same 1,024 keys, so it answers nothing. C's round at 60 ms repairs x on D (which missed
    // it while down): a root, D's one key digest, C's state of x.
    assert_eq!(
        anti_entropy_messages(&sim),
        [
            msg("ae_tree", "A", "B", "anti-entropy: root of 1,024 keys"),
            msg("ae_tree", "C", "D", "anti-entropy: root of 1 key"),
            msg(
                "ae_keys",
                "D",
                "C",
                "anti-entropy: 1 key digest in 1 differing range"
            ),
            msg("ae_diff", "C", "D", "anti-entropy: 1 key differs (x)"),
        ]
    );
    let round = sim.messages().iter().find(|m| is_anti_entropy(m)).unwrap();
    assert_eq!(round.sent_us, 20_000);
    assert_eq!(round.fate, Fate::Delivered);
    let m = sim.metrics();
    assert_eq!(m.anti_entropy_hashes, 1 + 2);
    assert_eq!(m.anti_entropy_repairs, 1);
    // B's round (peer C) and D's (peer A) share no key with their peer: nothing sent.
    assert!(sim.is_settled());
}

#[test]
fn dynamo_s4_7_one_differing_key_costs_about_one_path() {
    let sim = run(&bench_file("one-differs-1024.json"));
    // A's round at 100 ms walks down the depth-5 tree: the root, then the 4 children of the one
    // differing node at each of the 5 levels below it, then A's digest of the one key in the
    // differing leaf (k0004's leaf holds no other key): 1 + 4 x 5 + 1 = 22 hashes, against
    // 1,024 digests per round before. B sends its state of k0004, A pushes back the merge.
    let under = "anti-entropy: 4 hashes under 1 differing range";
    assert_eq!(
        anti_entropy_messages(&sim),
        [
            msg("ae_tree", "A", "B", "anti-entropy: root of 1,024 keys"),
            msg("ae_tree", "B", "A", under),
            msg("ae_tree", "A", "B", under),
            msg("ae_tree", "B", "A", under),
            msg("ae_tree", "A", "B", under),
            msg("ae_tree", "B", "A", under),
            msg(
                "ae_keys",
                "A",
                "B",
                "anti-entropy: 1 key digest in 1 differing range"
            ),
            msg("ae_diff", "B", "A", "anti-entropy: 1 key differs (k0004)"),
            msg(
                "ae_push",
                "A",
                "B",
                "anti-entropy: 1 key pushed back (k0004)"
            ),
        ]
    );
    assert_eq!(sim.metrics().anti_entropy_hashes, 22);
    assert_eq!(sim.metrics().anti_entropy_repairs, 1);
    let r = replicas(&sim);
    assert_eq!(r["A"]["k0004"], r["B"]["k0004"]);
    assert_eq!(r["B"]["k0004"]["values"], json!(["v", "v2"]));
    // B's round at 200 ms finds nothing left to do and is skipped.
    assert!(sim.is_settled());
}

/// C misses 20 writes while down and A misses 10 others; nobody reads. Anti-entropy alone
/// copies each key to the replica that lacks it, once.
#[test]
fn anti_entropy_heals_without_reads() {
    let mut events = vec![json!({"at": 0, "crash": "C"})];
    for i in 0..20 {
        events.push(
            json!({"at": 1, "put": {"client": "alice", "key": format!("a{i}"), "value": "v"}}),
        );
    }
    events.push(json!({"at": 50, "recover": "C"}));
    events.push(json!({"at": 50, "crash": "A"}));
    for i in 0..10 {
        events.push(
            json!({"at": 51, "put": {"client": "bob", "key": format!("b{i}"), "value": "v"}}),
        );
    }
    events.push(json!({"at": 100, "recover": "A"}));
    let text = json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 1, "r": 1,
                    "read_repair": true, "anti_entropy_ms": 200,
                    "latency": {"uniform": [1, 3]}},
        "events": events
    })
    .to_string();
    let sim = run(&text);
    assert!(sim.history().iter().all(|op| op.kind.is_write()));
    let r = replicas(&sim);
    for node in ["A", "B", "C"] {
        let keys = r[node].as_object().unwrap();
        assert_eq!(keys.len(), 30, "{node}: {keys:?}");
        assert_eq!(r[node], r["B"], "{node} differs from B");
    }
    assert_eq!(sim.metrics().anti_entropy_repairs, 30);
    assert_eq!(sim.metrics().read_repairs, 0);
    assert!(sim.metrics().anti_entropy_hashes > 0);
}

/// The same difference as the one-differing-key file, with A and B partitioned in the middle of
/// A's walk down the tree: the message in flight is cut, the round ends there, and once the
/// partition heals B's next round starts over from the root and repairs the key.
#[test]
fn dynamo_s4_7_a_partition_mid_exchange_stops_it_and_a_later_round_converges() {
    let mut v: Value = serde_json::from_str(&bench_file("one-differs-1024.json")).unwrap();
    let events = v["events"].as_array_mut().unwrap();
    // A's round starts at 100 ms; its third message (sent at 102 ms) arrives at 103 ms.
    events.push(json!({"at": 102.5, "partition": [["A"], ["B"]]}));
    events.push(json!({"at": 150, "heal": true}));
    let sim = run(&v.to_string());
    let sent = anti_entropy_messages(&sim);
    let cut: Vec<_> = sim
        .messages()
        .iter()
        .filter(|m| is_anti_entropy(m) && m.fate == Fate::Cut)
        .map(|m| (m.kind, m.sent_us))
        .collect();
    assert_eq!(cut, [(MessageKind::AeTree, 102_000)]);
    // The cut round: A's root, B's 4 hashes, A's 4 hashes (cut). Then B's round at 200 ms, the
    // whole path from B's side: B sends the leaf's digest, A its newer state, nothing is pushed
    // back.
    assert_eq!(sent.len(), 3 + 8);
    assert_eq!(
        sent[3],
        msg("ae_tree", "B", "A", "anti-entropy: root of 1,024 keys")
    );
    assert_eq!(sent[9].0, "ae_keys");
    assert_eq!(
        sent[10],
        msg("ae_diff", "A", "B", "anti-entropy: 1 key differs (k0004)")
    );
    assert_eq!(sim.metrics().anti_entropy_hashes, 9 + 22);
    assert_eq!(sim.metrics().anti_entropy_repairs, 1);
    let r = replicas(&sim);
    assert_eq!(r["A"], r["B"]);
    assert!(sim.is_settled());
}

#[test]
fn contract_s5_metrics_anti_entropy_hashes_in_qsim_output() {
    let text = run_json(&bench_file("one-differs-1024.json"), None).unwrap();
    let out: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(out["metrics"]["anti_entropy_hashes"], json!(22));
    // After the existing fields: the contract's, then the earlier extensions.
    let at = |field: &str| text.find(&format!("\"{field}\":")).unwrap();
    assert!(at("resurrections") < at("anti_entropy_hashes"));
    assert!(at("anti_entropy_hashes") < at("trace_hash"));
    // Without anti-entropy the field is there, at 0.
    let off = json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2},
        "events": [{"at": 0, "put": {"client": "alice", "key": "k", "value": "v"}}]
    });
    let out: Value = serde_json::from_str(&run_json(&off.to_string(), None).unwrap()).unwrap();
    assert_eq!(out["metrics"]["anti_entropy_hashes"], json!(0));
}
