//! `qsim random`'s engine side: Jepsen's set workload and checker, the `"merge": "union"` put it
//! needs, and random runs replayed from their scenario files.
//!
//! Test names cite what they check: Jepsen's `set` workload and checker (Kingsbury, the Jepsen
//! analyses of Riak and Cassandra: siblings merged by union keep every acknowledged add, while
//! last-write-wins silently discards concurrent ones); DDIA chapter 5 ("Quorums for reading and
//! writing", "Detecting concurrent writes": merging siblings by union, Figure 5-13); and the
//! project's `CONTRACT.md` section 2.

use quorumscope_engine::scenario::{Action, ContextChoice, Merge, Scenario};
use quorumscope_engine::workload::{
    random_scenario, run_random, run_seed, Nemesis, RandomParams, RandomReport, SeedRange,
    WorkloadKind, SET_KEY,
};
use quorumscope_engine::{check_set, RunResult, Simulator};
use serde_json::json;

/// A base scenario: the cluster given as JSON, no events.
fn base(cluster: serde_json::Value) -> Scenario {
    Scenario::from_json(&json!({"cluster": cluster, "events": []}).to_string())
        .expect("valid base cluster")
}

/// Runs a handwritten scenario until it settles.
fn run(text: &serde_json::Value) -> Simulator {
    let mut sim = Simulator::from_json(&text.to_string()).expect("valid scenario");
    sim.run(None);
    assert!(sim.is_settled());
    sim
}

fn set_params(clients: usize, ops: usize, nemesis: Nemesis) -> RandomParams {
    RandomParams {
        kind: WorkloadKind::Set,
        clients,
        ops,
        nemesis,
    }
}

fn strings(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|s| s.to_string()).collect()
}

// ---------------------------------------------------------------------------------------------
// The `"merge": "union"` put
// ---------------------------------------------------------------------------------------------

/// DDIA Figure 5-13 with a set: two blind adds become siblings; a client that reads both and
/// writes back with `"merge": "union"` and the context it read replaces both with their union
/// plus its own element.
#[test]
fn ddia_fig5_13_merge_union_put_writes_the_union_of_the_siblings_read() {
    let sim = run(&json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2,
                    "latency": {"constant": 10}},
        "events": [
            {"at": 0, "put": {"client": "alice", "key": "s", "value": "1"}},
            {"at": 0, "put": {"client": "bob", "key": "s", "value": "2,10"}},
            {"at": 100, "get": {"client": "carol", "key": "s"}},
            {"at": 200, "put": {"client": "carol", "key": "s", "value": "3",
                                "context": "last", "merge": "union"}},
            {"at": 300, "get": {"client": "dave", "key": "s"}},
            {"at": 400, "put": {"client": "erin", "key": "s", "value": "b,a", "merge": "union"}}
        ]
    }));
    let res = RunResult::of(&sim);
    let h = &res.history;
    assert_eq!(h[2].values, ["1", "2,10"]);
    // The history shows the value actually written, sorted numerically.
    assert_eq!(h[3].value.as_deref(), Some("1,2,3,10"));
    assert_eq!(h[3].values, ["1,2,3,10"]);
    assert_eq!(h[4].values, ["1,2,3,10"]);
    // A client with no result for the key merges nothing: its own elements, sorted; written
    // blind, the value is a sibling of the union.
    assert_eq!(h[5].value.as_deref(), Some("a,b"));
    for (node, keys) in &res.replicas {
        assert_eq!(keys["s"].values, ["1,2,3,10", "a,b"], "replica {node}");
    }
}

/// CONTRACT.md section 1 keeps its meaning: a put without `merge` writes its value as given,
/// and `merge` is written back only when present.
#[test]
fn contract_sec1_merge_field_parses_round_trips_and_names_a_bad_word() {
    let text = json!({
        "cluster": {"nodes": ["A"], "n": 1, "w": 1, "r": 1},
        "events": [
            {"at": 0, "put": {"client": "alice", "key": "s", "value": "1"}},
            {"at": 1, "put": {"client": "alice", "key": "s", "value": "2", "merge": "union"}}
        ]
    })
    .to_string();
    let s = Scenario::from_json(&text).unwrap();
    let merges: Vec<Option<Merge>> = s
        .events
        .iter()
        .map(|e| match &e.action {
            Action::Put(p) => p.merge,
            _ => None,
        })
        .collect();
    assert_eq!(merges, [None, Some(Merge::Union)]);
    let written = serde_json::to_value(&s).unwrap();
    assert!(written["events"][0]["put"].get("merge").is_none());
    assert_eq!(written["events"][1]["put"]["merge"], "union");
    assert_eq!(Scenario::from_json(&written.to_string()).unwrap(), s);

    let bad = text.replace("\"union\"", "\"intersect\"");
    let e = Scenario::from_json(&bad).unwrap_err().to_string();
    assert!(
        e.starts_with("events[1].put.merge: unknown variant `intersect`, expected `union`"),
        "{e}"
    );
}

// ---------------------------------------------------------------------------------------------
// Jepsen's set checker on handwritten runs
// ---------------------------------------------------------------------------------------------

/// Two clients read the empty set at the same time and each adds one element. Under dvv the
/// two writes are concurrent and kept as siblings, and the final read's union has both; under
/// lww the later timestamp wins and the other acknowledged add is lost.
#[test]
fn jepsen_set_checker_concurrent_adds_dvv_keeps_both_lww_loses_one() {
    let scenario = |versioning: &str| {
        json!({
            "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2,
                        "versioning": versioning, "latency": {"constant": 10}},
            "events": [
                {"at": 0, "get": {"client": "alice", "key": "set"}},
                {"at": 0, "get": {"client": "bob", "key": "set"}},
                {"at": 50, "put": {"client": "alice", "key": "set", "value": "1",
                                   "context": "last", "merge": "union"}},
                {"at": 60, "put": {"client": "bob", "key": "set", "value": "2",
                                   "context": "last", "merge": "union"}},
                {"at": 500, "get": {"client": "alice", "key": "set"}}
            ]
        })
    };
    let dvv = check_set(&run(&scenario("dvv")));
    assert!(dvv.final_read);
    assert_eq!((dvv.attempted, dvv.acknowledged), (2, 2));
    assert_eq!(dvv.ok, strings(&["1", "2"]));
    assert!(dvv.lost.is_empty() && dvv.unexpected.is_empty() && dvv.recovered.is_empty());

    let lww = check_set(&run(&scenario("lww")));
    assert_eq!((lww.attempted, lww.acknowledged), (2, 2));
    assert_eq!(lww.ok, strings(&["2"]));
    assert_eq!(lww.lost, strings(&["1"]));
}

/// Jepsen's `recovered`: an add whose put timed out (w = 3, and C crashed while the write was on
/// its way: indeterminate, Jepsen's `:info`) but reached A and B is in the final read. An add
/// refused up front (w = 3 with C down) sent nothing, so it is in no read (issue 7, defects 2
/// and 3).
#[test]
fn jepsen_set_checker_counts_a_failed_add_that_landed_as_recovered() {
    let sim = run(&json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 3, "r": 2,
                    "latency": {"constant": 10}},
        "events": [
            {"at": 10, "put": {"client": "alice", "key": "set", "value": "1",
                               "context": "last", "merge": "union"}},
            {"at": 15, "crash": "C"},
            {"at": 1100, "put": {"client": "carol", "key": "set", "value": "2",
                                 "context": "last", "merge": "union"}},
            {"at": 1200, "recover": "C"},
            {"at": 1300, "get": {"client": "bob", "key": "set"}}
        ]
    }));
    let h = sim.history();
    assert!(h[0].error.as_deref().unwrap().starts_with("timed out"));
    assert!(h[0].indeterminate, "the write went out: it may have landed");
    assert!(h[1]
        .error
        .as_deref()
        .unwrap()
        .starts_with("quorum unreachable"));
    assert!(!h[1].indeterminate, "refused up front: nothing was sent");
    let c = check_set(&sim);
    assert_eq!((c.attempted, c.acknowledged), (2, 0));
    assert_eq!(c.ok, strings(&["1"]));
    assert_eq!(c.recovered, strings(&["1"]));
    assert!(c.lost.is_empty() && c.unexpected.is_empty());
}

/// Jepsen's `unexpected`: an element in the final read that no add attempted (here written by
/// a plain put, which is not an add).
#[test]
fn jepsen_set_checker_counts_an_element_never_added_as_unexpected() {
    let sim = run(&json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2},
        "events": [
            {"at": 0, "put": {"client": "mallory", "key": "set", "value": "99"}},
            {"at": 100, "get": {"client": "alice", "key": "set"}},
            {"at": 200, "put": {"client": "alice", "key": "set", "value": "1",
                                "context": "last", "merge": "union"}},
            {"at": 300, "get": {"client": "alice", "key": "set"}}
        ]
    }));
    let c = check_set(&sim);
    assert_eq!(sim.history()[2].value.as_deref(), Some("1,99"));
    assert_eq!((c.attempted, c.acknowledged), (1, 1));
    assert_eq!(c.ok, strings(&["1"]));
    assert_eq!(c.unexpected, strings(&["99"]));
    assert!(c.lost.is_empty() && c.recovered.is_empty());
}

/// Without a successful final read the checker classifies nothing.
#[test]
fn jepsen_set_checker_needs_a_successful_final_read() {
    let sim = run(&json!({
        "cluster": {"nodes": ["A", "B"], "n": 2, "w": 1, "r": 2},
        "events": [
            {"at": 0, "put": {"client": "alice", "key": "set", "value": "1", "merge": "union"}},
            {"at": 100, "crash": "B"},
            {"at": 200, "get": {"client": "alice", "key": "set"}}
        ]
    }));
    let c = check_set(&sim);
    assert!(!c.final_read);
    assert_eq!((c.attempted, c.acknowledged), (1, 1));
    assert!(c.ok.is_empty() && c.lost.is_empty());
}

// ---------------------------------------------------------------------------------------------
// The set workload
// ---------------------------------------------------------------------------------------------

/// Jepsen's set workload as `random_scenario` writes it: one key; each client alternates a get
/// and a read-modify-write put (`"merge": "union"`, `"context": "last"`) of its own next number
/// (client i of k adds i, i + k, ...), its operations at least 4 mean delays apart; then a final
/// get of the set. The scenario is valid, deterministic and round-trips through JSON.
#[test]
fn jepsen_set_workload_alternates_get_and_union_put_of_unique_elements() {
    let b = base(json!({"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2,
                        "latency": {"uniform": [5, 15]}}));
    for seed in 0..20 {
        let s = random_scenario(&b, seed, WorkloadKind::Set, 4, 60, &Nemesis::all());
        assert_eq!(
            s,
            random_scenario(&b, seed, WorkloadKind::Set, 4, 60, &Nemesis::all())
        );
        assert_eq!(
            Scenario::from_json(&serde_json::to_string(&s).unwrap()),
            Ok(s.clone())
        );
        // Client i (from 0) is `c{i + 1}`.
        let clients = ["c1", "c2", "c3", "c4"];
        let mut used = s.clients();
        used.sort();
        assert_eq!(used, clients);
        let ops: Vec<(f64, &Action)> = s
            .events
            .iter()
            .filter(|e| e.action.client().is_some())
            .map(|e| (e.at, &e.action))
            .collect();
        let (last, ops) = ops.split_last().unwrap();
        assert_eq!(ops.len(), 60);
        match last.1 {
            Action::Get(g) => assert_eq!((g.client.as_str(), g.key.as_str()), ("c1", SET_KEY)),
            other => panic!("the last event is not the final get: {other:?}"),
        }
        let mut elements = std::collections::BTreeSet::new();
        for (i, name) in clients.iter().enumerate() {
            let mine: Vec<&(f64, &Action)> = ops
                .iter()
                .filter(|(_, a)| a.client() == Some(*name))
                .collect();
            for (k, (at, action)) in mine.iter().enumerate() {
                assert_eq!(action.key(), Some(SET_KEY));
                if k > 0 {
                    assert!(at - mine[k - 1].0 >= 40.0, "seed {seed}: {name} too soon");
                }
                match action {
                    Action::Get(_) => assert_eq!(k % 2, 0, "seed {seed}: {name} op {k}"),
                    Action::Put(p) => {
                        assert_eq!(k % 2, 1, "seed {seed}: {name} op {k}");
                        assert_eq!(p.merge, Some(Merge::Union));
                        assert_eq!(p.context, ContextChoice::Last);
                        let e: usize = p.value.parse().unwrap();
                        assert_eq!(e % clients.len(), i, "seed {seed}: {name} adds {e}");
                        assert!(elements.insert(e), "seed {seed}: {e} added twice");
                    }
                    other => panic!("unexpected action {other:?}"),
                }
            }
        }
    }
}

/// Strict quorums with dvv, from 3 to 5 nodes, both coordinations, with and without repair.
const STRICT_DVV: [&str; 6] = [
    r#"{"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2}"#,
    r#"{"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2, "coordinator": "replica"}"#,
    r#"{"nodes": ["A","B","C"], "n": 3, "w": 1, "r": 3, "read_repair": false}"#,
    r#"{"nodes": ["A","B","C"], "n": 3, "w": 3, "r": 1, "latency": {"exponential": {"rate": 0.1}}}"#,
    r#"{"nodes": ["A","B","C","D","E"], "n": 3, "w": 2, "r": 2, "anti_entropy_ms": 50}"#,
    r#"{"nodes": ["A","B","C","D","E"], "n": 5, "w": 3, "r": 3, "coordinator": "replica", "timeout_ms": 100}"#,
];

fn totals(cluster: &str, params: &RandomParams, seeds: u64) -> RandomReport {
    let b = base(serde_json::from_str(cluster).unwrap());
    run_random(&b, SeedRange { from: 1, to: seeds }, params)
}

/// Jepsen's set test against a Dynamo-style store that keeps siblings (Riak with
/// `allow_mult`/dvv) and a client that merges them by union: with w + r > n and a strict quorum,
/// under partitions, crashes and message loss, no acknowledged add is lost and nothing
/// unexpected appears; some failed adds are recovered.
#[test]
fn jepsen_set_dvv_strict_quorum_loses_no_acknowledged_element() {
    let params = set_params(3, 40, Nemesis::all());
    let mut recovered = 0;
    for cluster in STRICT_DVV {
        let r = totals(cluster, &params, 15);
        let set = r.set.as_ref().unwrap();
        assert_eq!(r.seeds_run, 15);
        assert!(r.unsettled_seeds.is_empty(), "{cluster}: {r:?}");
        assert!(set.final_read_failed_seeds.is_empty(), "{cluster}: {r:?}");
        assert_eq!(
            set.lost, 0,
            "{cluster}: lost elements in seeds {:?}",
            set.lost_seeds
        );
        assert_eq!(set.unexpected, 0, "{cluster}: {r:?}");
        assert!(
            set.acknowledged > 0 && r.fail > 0,
            "{cluster}: no adds or no faults: {r:?}"
        );
        assert!(set.ok >= set.acknowledged, "{cluster}: {r:?}");
        assert_eq!(r.metrics.lost_writes, 0, "{cluster}: {r:?}");
        recovered += set.recovered;
    }
    assert!(recovered > 0, "no failed add ever landed");
}

/// Classic version vectors (Riak before dots) create false siblings, but lose none, so the set
/// keeps every acknowledged add too.
#[test]
fn jepsen_set_vv_strict_quorum_loses_no_acknowledged_element() {
    let cluster = r#"{"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2, "versioning": "vv"}"#;
    let r = totals(cluster, &set_params(3, 40, Nemesis::all()), 15);
    let set = r.set.as_ref().unwrap();
    assert!(set.acknowledged > 0);
    assert_eq!((set.lost, set.unexpected), (0, 0), "{r:?}");
}

/// Jepsen's analyses of Cassandra (and of Riak with `allow_mult=false`): with last-write-wins,
/// concurrent read-modify-writes overwrite each other, so acknowledged adds are lost, even
/// with a strict quorum and no fault at all; the engine's own lost-write check agrees.
#[test]
fn jepsen_set_lww_loses_acknowledged_elements() {
    let cluster = r#"{"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2, "versioning": "lww"}"#;
    for nemesis in [Nemesis::none(), Nemesis::all()] {
        let r = totals(cluster, &set_params(3, 40, nemesis), 10);
        let set = r.set.as_ref().unwrap();
        assert!(set.lost > 0, "nemesis {nemesis}: {r:?}");
        assert!(!set.lost_seeds.is_empty());
        assert_eq!(set.unexpected, 0);
        assert!(r.metrics.lost_writes > 0, "nemesis {nemesis}: {r:?}");
        assert!(set.ok + set.lost <= set.attempted);
    }
}

// ---------------------------------------------------------------------------------------------
// Runs of `qsim random`
// ---------------------------------------------------------------------------------------------

/// CONTRACT.md section 2: a seed's run in `qsim random` is the run `qsim run` makes of the
/// scenario that `--emit-scenario` prints (the scenario's JSON, parsed back, run to the end).
#[test]
fn contract_sec2_random_seed_replays_from_its_scenario_file() {
    let b = base(
        json!({"nodes": ["A", "B", "C", "D"], "n": 3, "w": 2, "r": 2,
                        "sloppy_quorum": true, "hinted_handoff": true,
                        "anti_entropy_ms": 200}),
    );
    for kind in [WorkloadKind::Register, WorkloadKind::Set] {
        let params = RandomParams {
            kind,
            clients: 3,
            ops: 30,
            nemesis: Nemesis::all(),
        };
        for seed in 0..5 {
            let seeded = run_seed(&b, seed, &params);
            assert!(seeded.settled);
            let text = serde_json::to_string_pretty(&params.scenario(&b, seed)).unwrap();
            let mut sim = Simulator::from_json(&text).unwrap();
            sim.run(None);
            let res = RunResult::of(&sim);
            assert_eq!(res.metrics, seeded.metrics, "{kind} seed {seed}");
            assert_eq!(res.history.len() as u64, seeded.operations);
            if kind == WorkloadKind::Set {
                assert_eq!(Some(check_set(&sim)), seeded.set);
            }
        }
    }
}

/// The totals are the sums of the seeds' runs, and the seeds listed are the ones with stale
/// reads or lost writes.
#[test]
fn contract_sec2_random_totals_are_sums_over_the_seeds() {
    let b = base(json!({"nodes": ["A", "B", "C"], "n": 3, "w": 1, "r": 1, "versioning": "lww"}));
    let params = RandomParams {
        kind: WorkloadKind::Register,
        clients: 3,
        ops: 30,
        nemesis: Nemesis::parse("partitions,drops").unwrap(),
    };
    let report = run_random(&b, SeedRange { from: 5, to: 12 }, &params);
    assert_eq!(report.seeds_run, 8);
    assert!(report.set.is_none());
    let runs: Vec<_> = (5..=12).map(|s| run_seed(&b, s, &params)).collect();
    assert_eq!(
        report.operations,
        runs.iter().map(|r| r.operations).sum::<u64>()
    );
    assert_eq!(report.operations, report.ok + report.fail + report.pending);
    assert_eq!(
        report.metrics.messages,
        runs.iter().map(|r| r.metrics.messages).sum::<u64>()
    );
    let stale: Vec<u64> = runs
        .iter()
        .filter(|r| r.metrics.stale_reads > 0)
        .map(|r| r.seed)
        .collect();
    let lost: Vec<u64> = runs
        .iter()
        .filter(|r| r.metrics.lost_writes > 0)
        .map(|r| r.seed)
        .collect();
    assert_eq!(report.stale_read_seeds, stale);
    assert_eq!(report.lost_write_seeds, lost);
    assert!(
        !stale.is_empty() || !lost.is_empty(),
        "w = r = 1 under lww: {report:?}"
    );
}
