//! The exports other tools read (`crates/engine/src/export/`, docs/EXPORTS.md; issue 10):
//! Jepsen's EDN history of a known small run, to the character, and the ShiViz log's lines,
//! matched by the regular expression the docs give, with clocks that are consistent.

use quorumscope_engine::export::{jepsen_history, shiviz_log, SHIVIZ_REGEX};
use quorumscope_engine::scenario::Scenario;
use quorumscope_engine::sim::{Options, CAUSAL_ALL};
use quorumscope_engine::workload::{random_scenario, Nemesis, WorkloadKind};
use quorumscope_engine::Simulator;
use regex::Regex;
use std::collections::HashMap;

fn run(s: Scenario, causal_limit: usize) -> Simulator {
    let mut sim = Simulator::with_options(
        s,
        Options {
            causal_limit,
            ..Options::default()
        },
    );
    sim.run(None);
    sim
}

/// Two concurrent puts (siblings), a read of both, a write lost to the drop rate
/// (indeterminate), a read refused up front by two crashed nodes, a write of a client whose
/// previous write ended in :info, two reads of one client at once, and a delete.
const SMALL: &str = r#"{"cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2,
    "timeout_ms": 50, "latency": {"constant": 5}}, "events": [
  {"at": 0, "put": {"client": "alice", "key": "cart", "value": "milk"}},
  {"at": 0, "put": {"client": "bob", "key": "cart", "value": "eggs"}},
  {"at": 100, "get": {"client": "carol", "key": "cart"}},
  {"at": 200, "drop_rate": 1},
  {"at": 200, "put": {"client": "alice", "key": "cart", "value": "tea \"green\""}},
  {"at": 300, "drop_rate": 0},
  {"at": 300, "crash": "B"},
  {"at": 300, "crash": "C"},
  {"at": 310, "get": {"client": "bob", "key": "cart"}},
  {"at": 400, "recover": "B"},
  {"at": 400, "recover": "C"},
  {"at": 410, "put": {"client": "alice", "key": "cart", "value": "jam", "context": "last"}},
  {"at": 500, "get": {"client": "alice", "key": "cart"}},
  {"at": 500, "get": {"client": "alice", "key": "pantry"}},
  {"at": 600, "delete": {"client": "bob", "key": "cart", "context": "last"}}
]}"#;

#[test]
fn edn_jepsen_history_of_a_small_run_is_exactly_this() {
    let sim = run(Scenario::from_json(SMALL).unwrap(), 0);
    let expected = r#"{:type :invoke, :f :write, :key "cart", :value "milk", :process 0, :time 0, :index 0}
{:type :invoke, :f :write, :key "cart", :value "eggs", :process 1, :time 0, :index 1}
{:type :ok, :f :write, :key "cart", :value "milk", :process 0, :time 10000000, :index 2}
{:type :ok, :f :write, :key "cart", :value "eggs", :process 1, :time 10000000, :index 3}
{:type :invoke, :f :read, :key "cart", :value nil, :process 2, :time 100000000, :index 4}
{:type :ok, :f :read, :key "cart", :value #{"eggs" "milk"}, :process 2, :time 110000000, :index 5}
{:type :invoke, :f :write, :key "cart", :value "tea \"green\"", :process 0, :time 200000000, :index 6}
{:type :info, :f :write, :key "cart", :value "tea \"green\"", :process 0, :time 250000000, :index 7, :error "timed out after 50 ms with 0 of 2 acks"}
{:type :invoke, :f :read, :key "cart", :value nil, :process 1, :time 310000000, :index 8}
{:type :fail, :f :read, :key "cart", :value nil, :process 1, :time 310000000, :index 9, :error "quorum unreachable: r = 2 but only 1 of 3 replicas can be reached (B is down, C is down)"}
{:type :invoke, :f :write, :key "cart", :value "jam", :process 3, :time 410000000, :index 10}
{:type :ok, :f :write, :key "cart", :value "jam", :process 3, :time 420000000, :index 11}
{:type :invoke, :f :read, :key "cart", :value nil, :process 3, :time 500000000, :index 12}
{:type :invoke, :f :read, :key "pantry", :value nil, :process 6, :time 500000000, :index 13}
{:type :ok, :f :read, :key "cart", :value #{"eggs" "jam"}, :process 3, :time 510000000, :index 14}
{:type :ok, :f :read, :key "pantry", :value nil, :process 6, :time 510000000, :index 15}
{:type :invoke, :f :write, :key "cart", :value nil, :process 1, :time 600000000, :index 16}
{:type :ok, :f :write, :key "cart", :value nil, :process 1, :time 610000000, :index 17}
"#;
    let got = jepsen_history(&sim);
    for (g, e) in got.lines().zip(expected.lines()) {
        assert_eq!(g, e);
    }
    assert_eq!(got, expected);
}

/// A random run with every fault, anti-entropy, hinted handoff and the timeout detector.
fn faulty() -> Scenario {
    let base = Scenario::from_json(
        r#"{"seed": 4, "cluster": {"nodes": ["A", "B", "C", "D"], "n": 3, "w": 2, "r": 2,
            "sloppy_quorum": true, "hinted_handoff": true, "anti_entropy_ms": 50,
            "timeout_ms": 150,
            "failure_detector": {"timeout": {"suspect_after_ms": 40, "probe_ms": 60}},
            "latency": {"uniform": [2, 20]}}, "events": []}"#,
    )
    .unwrap();
    random_scenario(&base, 2, WorkloadKind::Register, 3, 60, &Nemesis::all())
}

type Clock = HashMap<String, u64>;

#[test]
fn shiviz_log_lines_match_the_documented_regex_with_consistent_clocks() {
    let sim = run(faulty(), CAUSAL_ALL);
    let log = shiviz_log(&sim).unwrap();
    let line = Regex::new(&format!("^{SHIVIZ_REGEX}$")).unwrap();
    // ShiViz's rules: each host's own count starts at 1 and grows by 1 per event; every other
    // count a clock names is an event of that host already logged, whose clock this one
    // covers; and a host's clock never goes back.
    let mut events: HashMap<String, Vec<Clock>> = HashMap::new();
    let mut lines = 0;
    for text in log.lines() {
        lines += 1;
        let caps = line
            .captures(text)
            .unwrap_or_else(|| panic!("unmatched: {text}"));
        let host = caps["host"].to_string();
        let clock: Clock = serde_json::from_str(&caps["clock"]).unwrap();
        assert!(caps["event"].contains(" ms: "), "{text}");
        let past = events.entry(host.clone()).or_default();
        assert_eq!(clock[&host], past.len() as u64 + 1, "{text}");
        if let Some(prev) = past.last() {
            for (h, n) in prev {
                assert!(clock.get(h).copied().unwrap_or(0) >= *n, "{text}");
            }
        }
        for (h, &n) in &clock {
            if *h == host {
                continue;
            }
            let theirs = events
                .get(h)
                .and_then(|e| e.get(n as usize - 1))
                .unwrap_or_else(|| panic!("{text}: {h}'s event {n} is not logged before"));
            for (g, m) in theirs {
                assert!(clock.get(g).copied().unwrap_or(0) >= *m, "{text}");
            }
        }
        events.get_mut(&host).unwrap().push(clock);
    }
    let ticking = sim.causal_log().iter().filter(|e| e.what.ticks()).count();
    assert_eq!(lines, ticking);
    assert!(lines > 500, "a busy run: {lines} lines");
    assert!(log.contains(": crashed\n"), "crashes are logged");
}

#[test]
fn shiviz_log_needs_the_whole_causal_log() {
    let none = run(faulty(), 0);
    assert_eq!(
        shiviz_log(&none).unwrap_err(),
        "the run kept no causal log (Options::causal_limit is 0)"
    );
    let some = run(faulty(), 100);
    let err = shiviz_log(&some).unwrap_err();
    assert!(
        err.starts_with("the causal log kept only the newest 100 of "),
        "{err}"
    );
}
