//! Property tests of the engine: the algebra of causal contexts and of dvv states, and the
//! guarantees of the whole simulation over random workloads and fault schedules
//! ([`quorumscope_engine::workload::random_scenario`]).
//!
//! Test names cite what they check: Shapiro et al., "Conflict-free Replicated Data Types" (2011)
//! for the join-semilattice laws; the dotted-version-vectors paper (Preguiça, Baquero et al.)
//! for contexts as sets of dots; DDIA chapter 5 ("Quorums for reading and writing", "Limitations
//! of quorum consistency") for w + r > n; the Dynamo paper (DeCandia et al., 2007) section 4;
//! Jepsen's analyses of last-write-wins stores; and the project's `CONTRACT.md`.

use proptest::prelude::*;
use quorumscope_engine::scenario::{Action, Scenario};
use quorumscope_engine::sim::Options;
use quorumscope_engine::version::{Dot, KeyState, Sibling, VClock, Versioning};
use quorumscope_engine::workload::{random_scenario, Nemesis, WorkloadKind};
use quorumscope_engine::{RunResult, Simulator};
use serde_json::json;
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::sync::Arc;

// ---------------------------------------------------------------------------------------------
// Causal contexts (VClock)
// ---------------------------------------------------------------------------------------------

/// A random set of dots over 4 actors with counters 1..=8, inserted in a random order (so gaps
/// and their later filling are exercised).
fn dot_set() -> impl Strategy<Value = Vec<(u32, u64)>> {
    proptest::collection::vec((0u32..4, 1u64..=8), 0..20)
}

fn clock_of(dots: &[(u32, u64)]) -> VClock {
    let mut c = VClock::new();
    for &(a, n) in dots {
        c.insert(Dot::new(a, n));
    }
    c
}

fn set_of(c: &VClock) -> BTreeSet<Dot> {
    c.dots().into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// A context is a join-semilattice under merge: commutative, associative, idempotent, and
    /// the join is exactly the union of the dot sets.
    #[test]
    fn shapiro_crdt_vclock_merge_is_a_semilattice_join(a in dot_set(), b in dot_set(), c in dot_set()) {
        let (a, b, c) = (clock_of(&a), clock_of(&b), clock_of(&c));
        prop_assert_eq!(a.merged(&b), b.merged(&a));
        prop_assert_eq!(a.merged(&b).merged(&c), a.merged(&b.merged(&c)));
        prop_assert_eq!(a.merged(&a), a.clone());
        let union: BTreeSet<Dot> = set_of(&a).union(&set_of(&b)).copied().collect();
        prop_assert_eq!(set_of(&a.merged(&b)), union);
    }

    /// A context is an exact set of dots (dvv paper: no gap is ever filled by accident):
    /// membership, equality and the partial order are those of the sets, whatever order the
    /// dots were inserted in.
    #[test]
    fn dvv_paper_vclock_order_is_inclusion_of_dot_sets(a in dot_set(), b in dot_set()) {
        let (ca, cb) = (clock_of(&a), clock_of(&b));
        let (sa, sb) = (set_of(&ca), set_of(&cb));
        let inserted: BTreeSet<Dot> = a.iter().map(|&(x, n)| Dot::new(x, n)).collect();
        prop_assert_eq!(&sa, &inserted);
        for actor in 0..4 {
            for n in 1..=9 {
                let d = Dot::new(actor, n);
                prop_assert_eq!(ca.contains(d), sa.contains(&d));
            }
        }
        let expected = match (sa.is_subset(&sb), sb.is_subset(&sa)) {
            (true, true) => Some(Ordering::Equal),
            (true, false) => Some(Ordering::Less),
            (false, true) => Some(Ordering::Greater),
            (false, false) => None,
        };
        prop_assert_eq!(ca.partial_cmp(&cb), expected);
        prop_assert_eq!(ca.is_subset(&cb), sa.is_subset(&sb));
        // One representation per set: `==` (and so the digests anti-entropy compares) agree
        // with set equality.
        prop_assert_eq!(ca == cb, sa == sb);
        prop_assert_eq!(ca.first_not_in(&cb).is_some(), !sa.is_subset(&sb));
        // The same set inserted in the reverse order is the same value.
        let mut rev = a.clone();
        rev.reverse();
        prop_assert_eq!(clock_of(&rev), ca);
    }
}

// ---------------------------------------------------------------------------------------------
// dvv key states
// ---------------------------------------------------------------------------------------------

/// One write of a random history: it reaches the replicas of `mask`, carrying the context of
/// replica `ctx_from`'s state at the time (or none: a blind write).
#[derive(Clone, Debug)]
enum Op {
    Write { mask: u8, ctx_from: Option<usize> },
    Sync { from: usize, to: usize },
}

fn history() -> impl Strategy<Value = Vec<Op>> {
    let op = prop_oneof![
        (1u8..8, proptest::option::of(0usize..3))
            .prop_map(|(mask, ctx_from)| Op::Write { mask, ctx_from }),
        (0usize..3, 0usize..3).prop_map(|(from, to)| Op::Sync { from, to }),
    ];
    proptest::collection::vec(op, 0..30)
}

/// Three replicas' states of one key after a random history of writes (each by its own
/// actor, some deletes) and syncs.
fn states(ops: &[Op]) -> Vec<KeyState> {
    let mut reps = vec![KeyState::new(); 3];
    for (i, op) in ops.iter().enumerate() {
        match *op {
            Op::Write { mask, ctx_from } => {
                let seen = ctx_from
                    .map(|r| reps[r].context())
                    .unwrap_or_else(VClock::new);
                let w = Arc::new(Sibling {
                    dot: Dot::new(i as u32, 1),
                    seen,
                    timestamp: i as i64,
                    // Every fifth write is a delete (a tombstone).
                    value: (i % 5 != 4).then(|| format!("v{i}").as_str().into()),
                });
                for (r, rep) in reps.iter_mut().enumerate() {
                    if mask & (1 << r) != 0 {
                        rep.apply(Versioning::Dvv, &w);
                    }
                }
            }
            Op::Sync { from, to } => {
                let s = reps[from].clone();
                reps[to].merge(Versioning::Dvv, &s);
            }
        }
    }
    reps
}

/// What a merge result stands for: the sibling dots (tombstones included), the values, and
/// the clock as a dot set.
fn meaning(s: &KeyState) -> (Vec<Dot>, Vec<String>, BTreeSet<Dot>) {
    (
        s.siblings.iter().map(|x| x.dot).collect(),
        s.values().iter().map(|v| v.to_string()).collect(),
        set_of(&s.clock),
    )
}

fn merged(a: &KeyState, b: &KeyState) -> KeyState {
    let mut m = a.clone();
    m.merge(Versioning::Dvv, b);
    m
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Replica states under dvv form a join-semilattice under `KeyState::merge` (state-based
    /// CRDT): the order in which replicas sync does not matter, and syncing twice changes
    /// nothing; `merge` reports a change exactly when `would_change` predicted one.
    #[test]
    fn shapiro_crdt_dvv_keystate_merge_is_a_semilattice_join(ops in history()) {
        let reps = states(&ops);
        let (a, b, c) = (&reps[0], &reps[1], &reps[2]);
        prop_assert_eq!(meaning(&merged(a, b)), meaning(&merged(b, a)));
        prop_assert_eq!(
            meaning(&merged(&merged(a, b), c)),
            meaning(&merged(a, &merged(b, c)))
        );
        prop_assert_eq!(meaning(&merged(a, a)), meaning(a));
        let mut twice = merged(a, b);
        prop_assert!(!twice.merge(Versioning::Dvv, b), "merging the same state twice changed it");
        for (x, y) in [(a, b), (b, c), (c, a)] {
            let mut m = x.clone();
            let predicted = m.would_change(Versioning::Dvv, y);
            prop_assert_eq!(m.merge(Versioning::Dvv, y), predicted);
        }
        // Equal meaning means equal digest (anti-entropy must not see a difference).
        prop_assert_eq!(merged(a, b).digest(), merged(b, a).digest());
    }
}

// ---------------------------------------------------------------------------------------------
// Whole runs over random workloads and fault schedules
// ---------------------------------------------------------------------------------------------

/// Parameters of a random cluster.
#[derive(Clone, Debug)]
struct ClusterSpec {
    nodes: usize,
    n: usize,
    w: usize,
    r: usize,
    versioning: &'static str,
    coordinator: &'static str,
    read_repair: bool,
    anti_entropy_ms: Option<u32>,
    sloppy: bool,
    latency: serde_json::Value,
    timeout_ms: u32,
}

const NODE_NAMES: [&str; 5] = ["A", "B", "C", "D", "E"];

impl ClusterSpec {
    fn base(&self) -> Scenario {
        let nodes: Vec<&str> = NODE_NAMES[..self.nodes].to_vec();
        let text = json!({
            "cluster": {
                "nodes": nodes,
                "n": self.n, "w": self.w, "r": self.r,
                "versioning": self.versioning,
                "coordinator": self.coordinator,
                "read_repair": self.read_repair,
                "anti_entropy_ms": self.anti_entropy_ms,
                "sloppy_quorum": self.sloppy,
                "hinted_handoff": self.sloppy,
                "timeout_ms": self.timeout_ms,
                "latency": self.latency,
            },
            "events": []
        })
        .to_string();
        Scenario::from_json(&text).expect("the base cluster is valid")
    }
}

fn latency() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        Just(json!({"uniform": [5, 15]})),
        Just(json!({"uniform": [1, 40]})),
        Just(json!({"constant": 10})),
        Just(json!({"exponential": {"rate": 0.1}})),
        Just(json!({"pareto": {"xm": 3, "alpha": 1.5}})),
    ]
}

/// A cluster of 3 to 5 nodes with a strict quorum: w + r > n, no sloppy quorum.
fn strict_cluster(
    versioning: &'static str,
    coordinator: &'static str,
) -> impl Strategy<Value = ClusterSpec> {
    (3usize..=5)
        .prop_flat_map(|nodes| (Just(nodes), 1usize..=nodes))
        .prop_flat_map(|(nodes, n)| (Just(nodes), Just(n), 1usize..=n))
        .prop_flat_map(|(nodes, n, w)| (Just(nodes), Just(n), Just(w), (n - w + 1)..=n))
        .prop_flat_map(move |(nodes, n, w, r)| {
            (
                any::<bool>(),
                proptest::option::of(prop_oneof![Just(20u32), Just(150u32)]),
                latency(),
                prop_oneof![Just(100u32), Just(1000u32)],
            )
                .prop_map(
                    move |(read_repair, anti_entropy_ms, latency, timeout_ms)| ClusterSpec {
                        nodes,
                        n,
                        w,
                        r,
                        versioning,
                        coordinator,
                        read_repair,
                        anti_entropy_ms,
                        sloppy: false,
                        latency,
                        timeout_ms,
                    },
                )
        })
}

/// Runs a scenario until it settles, or for at most a minute of simulated time after its last
/// event (the workload heals everything long before that); never `run(None)`, so that a run
/// that cannot settle fails a test instead of hanging it.
fn run_with(s: &Scenario, options: Options) -> Simulator {
    let mut sim = Simulator::with_options(s.clone(), options);
    let last = s.events.last().map(|e| e.at).unwrap_or(0.0);
    sim.run(Some(((last + 60_000.0) * 1000.0) as u64));
    sim
}

/// [`run_with`] without message records.
fn run(s: &Scenario) -> Simulator {
    run_with(
        s,
        Options {
            record_messages: false,
            ..Options::default()
        },
    )
}

/// The metrics of a run, with the scenario in the failure message.
fn check_no_anomalies(s: &Scenario) -> Result<(), TestCaseError> {
    let sim = run(s);
    let res = RunResult::of(&sim);
    prop_assert!(
        res.metrics.stale_reads == 0 && res.metrics.lost_writes == 0,
        "stale_reads = {}, lost_writes = {}; stale gets: {:?}; lost puts: {:?}\nscenario: {}",
        res.metrics.stale_reads,
        res.metrics.lost_writes,
        res.history
            .iter()
            .filter(|h| h.stale)
            .map(|h| h.id)
            .collect::<Vec<_>>(),
        res.history
            .iter()
            .filter(|h| h.lost)
            .map(|h| h.id)
            .collect::<Vec<_>>(),
        serde_json::to_string(s).unwrap()
    );
    Ok(())
}

fn workload(
    spec: &ClusterSpec,
    seed: u64,
    clients: usize,
    ops: usize,
    nemesis: &Nemesis,
) -> Scenario {
    random_scenario(
        &spec.base(),
        seed,
        WorkloadKind::Register,
        clients,
        ops,
        nemesis,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// DDIA ch. 5, "Quorums for reading and writing": with w + r > n (and a strict quorum) every
    /// read overlaps every acknowledged write, so under dvv no get is stale and, since dvv keeps
    /// every concurrent write, no acknowledged write is lost; here with clients coordinating,
    /// under partitions, crashes and message loss.
    #[test]
    fn ddia_ch5_strict_quorum_dvv_client_coordinator_no_stale_reads_no_lost_writes(
        spec in strict_cluster("dvv", "client"),
        seed in any::<u64>(),
        clients in 1usize..=4,
        ops in 5usize..=40,
    ) {
        check_no_anomalies(&workload(&spec, seed, clients, ops, &Nemesis::all()))?;
    }

    /// The same as above with a coordinating replica (Dynamo, Riak, Cassandra): the client sends
    /// to the first reachable replica of the key, which runs the quorum.
    #[test]
    fn ddia_ch5_strict_quorum_dvv_replica_coordinator_no_stale_reads_no_lost_writes(
        spec in strict_cluster("dvv", "replica"),
        seed in any::<u64>(),
        clients in 1usize..=4,
        ops in 5usize..=40,
    ) {
        check_no_anomalies(&workload(&spec, seed, clients, ops, &Nemesis::all()))?;
    }

    /// CONTRACT.md section 1, `vv`: classic version vectors produce false conflicts but lose
    /// nothing, so with a strict quorum there are neither stale reads nor lost writes either.
    #[test]
    fn contract_sec1_strict_quorum_vv_no_stale_reads_no_lost_writes(
        spec in strict_cluster("vv", "client"),
        seed in any::<u64>(),
        clients in 1usize..=4,
        ops in 5usize..=40,
    ) {
        check_no_anomalies(&workload(&spec, seed, clients, ops, &Nemesis::all()))?;
    }

    /// Dynamo section 4.6: with a sloppy quorum and hinted handoff, writes taken by fallback
    /// nodes are handed back once the home replicas are reachable, so under dvv no acknowledged
    /// write is lost once everything is healed (stale reads may happen: the quorum is not
    /// strict).
    #[test]
    fn dynamo_sec4_6_sloppy_quorum_hinted_handoff_loses_no_acknowledged_write(
        spec in strict_cluster("dvv", "client").prop_map(|s| ClusterSpec { sloppy: true, ..s }),
        seed in any::<u64>(),
        clients in 1usize..=4,
        ops in 5usize..=40,
    ) {
        let s = workload(&spec, seed, clients, ops, &Nemesis::all());
        let res = RunResult::of(&run(&s));
        prop_assert_eq!(
            res.metrics.lost_writes, 0,
            "lost puts {:?}\nscenario: {}",
            res.history.iter().filter(|h| h.lost).map(|h| h.id).collect::<Vec<_>>(),
            serde_json::to_string(&s).unwrap()
        );
    }

    /// CONTRACT.md section 1: "The same file and seed always give the same run, to the byte."
    /// Every random scenario, run twice, gives the same trace hash and the same serialized
    /// result; keeping message records or not (a display option) does not change the run; and
    /// the scenario survives a JSON round trip into the same run.
    #[test]
    fn contract_sec1_same_file_and_seed_give_the_same_run_to_the_byte(
        spec in strict_cluster("dvv", "client").prop_flat_map(|s| {
            (Just(s), prop_oneof![Just("dvv"), Just("vv"), Just("lww")],
             prop_oneof![Just("client"), Just("replica")], any::<bool>())
        }).prop_map(|(s, versioning, coordinator, sloppy)| ClusterSpec {
            versioning, coordinator, sloppy, ..s
        }),
        seed in any::<u64>(),
        clients in 1usize..=4,
        ops in 5usize..=30,
    ) {
        let s = workload(&spec, seed, clients, ops, &Nemesis::all());
        let a = RunResult::of(&run(&s));
        let b = RunResult::of(&run(&s));
        prop_assert_eq!(&a.trace_hash, &b.trace_hash);
        prop_assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap()
        );
        let recorded = run_with(&s, Options {
            record_messages: true,
            ..Options::default()
        });
        prop_assert_eq!(&RunResult::of(&recorded).trace_hash, &a.trace_hash);
        let reparsed = Scenario::from_json(&serde_json::to_string(&s).unwrap()).unwrap();
        prop_assert_eq!(&RunResult::of(&run(&reparsed)), &a);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// CONTRACT.md section 2: `qsim run` runs "until every operation has finished and no message
    /// is in flight", and `qsim random` lets "repair finish": once the workload has healed every
    /// fault, every run settles (within a minute of simulated time after its last event), with
    /// or without anti-entropy, sloppy quorums and hinted handoff.
    #[test]
    fn contract_sec2_random_runs_settle_after_the_final_heal(
        spec in strict_cluster("dvv", "client").prop_flat_map(|s| {
            (Just(s), prop_oneof![Just("client"), Just("replica")], any::<bool>())
        }).prop_map(|(s, coordinator, sloppy)| ClusterSpec { coordinator, sloppy, ..s }),
        seed in any::<u64>(),
        clients in 1usize..=4,
        ops in 5usize..=30,
    ) {
        let s = workload(&spec, seed, clients, ops, &Nemesis::all());
        let sim = run(&s);
        prop_assert!(
            sim.is_settled(),
            "not settled {} ms after the last event\nscenario: {}",
            sim.now() / 1000 - s.events.last().map(|e| e.at as u64).unwrap_or(0),
            serde_json::to_string(&s).unwrap()
        );
    }
}

/// CONTRACT.md section 2 (`qsim run` stops when "no message is in flight"): with anti-entropy
/// rounds more frequent than a message's delay, some digest is always in flight, yet the
/// replicas agree and nothing can change; the run must still end. Three nodes, one put,
/// anti-entropy every 20 ms, every message 10 ms: the replicas agree after a few tens of ms, so
/// ten simulated seconds are plenty.
#[test]
fn contract_sec2_run_settles_when_anti_entropy_is_faster_than_messages() {
    let text = r#"{
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2,
                    "anti_entropy_ms": 20, "latency": {"constant": 10}},
        "events": [{"at": 0, "put": {"client": "alice", "key": "k", "value": "v"}}]
    }"#;
    let mut sim = Simulator::from_json(text).unwrap();
    sim.run(Some(10_000_000));
    let res = RunResult::of(&sim);
    for node in ["A", "B", "C"] {
        assert_eq!(res.replicas[node]["k"].values, ["v"], "replica {node}");
    }
    assert!(
        sim.is_settled(),
        "still running at {} ms although the replicas agree ({} messages sent)",
        sim.now() / 1000,
        res.metrics.messages
    );
}

/// Dynamo section 4.6: a fallback keeps a hint "and upon detecting that [the home replica] has
/// recovered, [it] will attempt to deliver the replica"; a handoff lost on the way must be
/// attempted again. Home C is down, so the put goes to fallback B with a hint for C; C recovers
/// at 50 ms; B's first handoff (at 100 ms) is lost to a drop rate of 1, which ends at 150 ms.
/// B must hand the hint over on a later attempt: C then holds `v`, B no hint, and the run ends.
#[test]
fn dynamo_sec4_6_hinted_handoff_is_retried_after_a_lost_handoff() {
    let text = r#"{
        "cluster": {"nodes": ["A", "B", "C"], "n": 1, "w": 1, "r": 1,
                    "sloppy_quorum": true, "hinted_handoff": true,
                    "latency": {"constant": 10}, "placement": {"k": ["C", "B", "A"]}},
        "events": [
            {"at": 0, "crash": "C"},
            {"at": 1, "put": {"client": "alice", "key": "k", "value": "v"}},
            {"at": 50, "recover": "C"},
            {"at": 90, "drop_rate": 1.0},
            {"at": 150, "drop_rate": 0.0}
        ]
    }"#;
    let mut sim = Simulator::from_json(text).unwrap();
    sim.run(Some(10_000_000));
    let res = RunResult::of(&sim);
    assert_eq!(res.history[0].outcome, "ok");
    assert_eq!(
        res.metrics.dropped, 1,
        "the first handoff is the one message lost"
    );
    assert_eq!(
        res.replicas["C"].get("k").map(|k| k.values.clone()),
        Some(vec!["v".to_string()]),
        "the hint never reached its home replica; hints left: {:?}",
        res.hints
    );
    assert_eq!(res.metrics.hints_delivered, 1);
    assert!(res.hints.is_empty(), "hints left: {:?}", res.hints);
    assert!(sim.is_settled());
}

// ---------------------------------------------------------------------------------------------
// The random workload itself
// ---------------------------------------------------------------------------------------------

/// A base cluster with awkward names: a node called `c1` (the generator's first client name),
/// clock skews on a node, on a declared client (`cluster.clients`) and on clients of the base
/// file's own events, and a pinned key.
fn awkward_base(nodes: usize, skew_clients: usize) -> Scenario {
    let names: Vec<String> = (0..nodes)
        .map(|i| {
            if i == 0 {
                "c1".to_string()
            } else {
                format!("N{i}")
            }
        })
        .collect();
    let mut skew = serde_json::Map::new();
    skew.insert(names[0].clone(), json!(5));
    skew.insert("declared".to_string(), json!(2));
    let mut events = Vec::new();
    for i in 0..skew_clients {
        let client = format!("base{i}");
        skew.insert(client.clone(), json!(-3));
        events.push(json!({"at": i, "get": {"client": client, "key": "k0"}}));
    }
    let text = json!({
        "cluster": {
            "nodes": names, "n": "quorum", "w": "quorum", "r": "one",
            "clients": ["declared"],
            "clock_skew_ms": skew,
            "placement": {"k1": names.clone()},
        },
        "events": events,
    })
    .to_string();
    Scenario::from_json(&text).expect("the awkward base is valid")
}

fn nemesis() -> impl Strategy<Value = Nemesis> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(partitions, crashes, drops)| Nemesis {
        partitions,
        crashes,
        drops,
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// CONTRACT.md section 2, `qsim random`: every generated scenario is a valid scenario file
    /// (it validates and survives JSON), the same inputs give the same scenario, and the
    /// schedule ends as Jepsen's tests do: after the last fault, everything is healed,
    /// recovered and drops are off, and the run ends with one client's get of every key.
    #[test]
    fn contract_sec2_random_scenarios_validate_and_end_healed(
        nodes in 1usize..=6,
        skew_clients in 0usize..=3,
        seed in any::<u64>(),
        clients in 0usize..=5,
        ops in 0usize..=60,
        nemesis in nemesis(),
    ) {
        let base = awkward_base(nodes, skew_clients);
        let s = random_scenario(&base, seed, WorkloadKind::Register, clients, ops, &nemesis);
        prop_assert!(s.validate().is_ok(), "{:?}\n{}", s.validate(), serde_json::to_string(&s).unwrap());
        prop_assert_eq!(Scenario::from_json(&serde_json::to_string(&s).unwrap()).unwrap(), s.clone());
        prop_assert_eq!(
            &random_scenario(&base, seed, WorkloadKind::Register, clients, ops, &nemesis),
            &s
        );
        prop_assert_eq!(s.seed, seed);
        prop_assert_eq!(&s.cluster.nodes, &base.cluster.nodes);
        prop_assert_eq!(&s.cluster.placement, &base.cluster.placement);
        let ops_count = s.events.iter().filter(|e| e.action.client().is_some()).count();
        let keys: BTreeSet<&str> = s.events.iter().filter_map(|e| e.action.key()).collect();
        prop_assert_eq!(ops_count, ops + keys.len());
        // The declared client comes first, so the operations' clients are among the first
        // `clients` (at least 1) names.
        prop_assert!(s.clients().len() <= clients.max(1));

        // The tail: gets of every key, by one client, after a quiet period.
        let tail: Vec<_> = s.events.iter().rev().take(keys.len()).collect();
        let readers: BTreeSet<&str> = tail.iter().filter_map(|e| e.action.client()).collect();
        prop_assert_eq!(readers.len(), 1);
        let tail_keys: BTreeSet<&str> = tail.iter().filter_map(|e| match &e.action {
            Action::Get(g) => Some(g.key.as_str()),
            _ => None,
        }).collect();
        prop_assert_eq!(&tail_keys, &keys);
        let final_at = tail[0].at;
        let before: Vec<_> = s.events.iter().filter(|e| e.at < final_at).collect();
        let last_op_at = before.iter().map(|e| e.at).fold(0.0, f64::max);
        prop_assert!(final_at - last_op_at >= 2.0 * s.cluster.timeout_ms, "no quiet period");

        // The state of the faults after every event but the final gets.
        let mut crashed = BTreeSet::new();
        let mut partitioned = false;
        let mut drop_rate = 0.0;
        for e in &before {
            match &e.action {
                Action::Crash(n) => { prop_assert!(nemesis.crashes); crashed.insert(n.clone()); }
                Action::Recover(n) => { crashed.remove(n); }
                Action::Partition(_) => { prop_assert!(nemesis.partitions); partitioned = true; }
                Action::Heal => partitioned = false,
                Action::DropRate(p) => { prop_assert!(nemesis.drops); drop_rate = *p; }
                _ => {}
            }
        }
        prop_assert!(crashed.is_empty() && !partitioned && drop_rate == 0.0,
            "not healed at the end: crashed {:?}, partitioned {}, drop rate {}", crashed, partitioned, drop_rate);
    }
}

/// Over many seeds, the random schedules do exercise every fault, and overlapping operations.
#[test]
fn jepsen_nemesis_random_schedules_exercise_every_fault() {
    let base = ClusterSpec {
        nodes: 5,
        n: 3,
        w: 2,
        r: 2,
        versioning: "dvv",
        coordinator: "client",
        read_repair: true,
        anti_entropy_ms: None,
        sloppy: false,
        latency: json!({"uniform": [5, 15]}),
        timeout_ms: 1000,
    };
    let (mut partitions, mut crashes, mut drops, mut failed, mut concurrent) = (0, 0, 0, 0, 0);
    for seed in 0..50 {
        let s = workload(&base, seed, 3, 40, &Nemesis::all());
        for e in &s.events {
            match e.action {
                Action::Partition(_) => partitions += 1,
                Action::Crash(_) => crashes += 1,
                Action::DropRate(p) if p > 0.0 => drops += 1,
                _ => {}
            }
        }
        let res = RunResult::of(&run(&s));
        failed += res.history.iter().filter(|h| h.outcome == "fail").count();
        // Two operations overlap when one is invoked before the other completes.
        let h = &res.history;
        concurrent += h
            .windows(2)
            .filter(|p| p[0].completed_ms.is_some_and(|c| p[1].invoked_ms < c))
            .count();
    }
    assert!(
        partitions > 0 && crashes > 0 && drops > 0 && failed > 0 && concurrent > 0,
        "partitions {partitions}, crashes {crashes}, drops {drops}, failed ops {failed}, overlapping ops {concurrent}"
    );
}

// ---------------------------------------------------------------------------------------------
// Anomalies that must be possible
// ---------------------------------------------------------------------------------------------

fn fixed(n: usize, w: usize, r: usize, versioning: &'static str) -> ClusterSpec {
    ClusterSpec {
        nodes: 3,
        n,
        w,
        r,
        versioning,
        coordinator: "client",
        read_repair: true,
        anti_entropy_ms: None,
        sloppy: false,
        latency: json!({"uniform": [5, 15]}),
        timeout_ms: 1000,
    }
}

/// DDIA ch. 5, "Limitations of quorum consistency": with w + r <= n the read and write sets
/// need not overlap, so a get can miss an acknowledged put, e.g. when the one replica it reads
/// had missed the write (a lost message, a crash, a partition). Over 200 seeds of the register
/// workload with faults on n = 3, w = 1, r = 1, at least one get is stale (and the checker
/// flags gets only).
#[test]
fn ddia_ch5_w_plus_r_at_most_n_stale_reads_occur() {
    let spec = fixed(3, 1, 1, "dvv");
    let mut stale = 0;
    for seed in 0..200 {
        let s = workload(&spec, seed, 3, 30, &Nemesis::all());
        let res = RunResult::of(&run(&s));
        assert!(res.history.iter().all(|h| !h.stale || h.op == "get"));
        stale += res.metrics.stale_reads;
    }
    assert!(stale > 0, "no stale read in 200 seeds with w + r <= n");
}

/// Jepsen's analyses of Cassandra ("last write wins" by timestamp): concurrent blind writes
/// are silently discarded. Over 200 seeds of a fault-free register workload under lww with a
/// strict quorum (n = 3, w = 2, r = 2), some acknowledged put is lost; the same schedules under
/// dvv lose none.
#[test]
fn jepsen_cassandra_lww_loses_concurrent_acknowledged_writes() {
    let (mut lww_lost, mut dvv_lost) = (0, 0);
    for seed in 0..200 {
        let s = workload(&fixed(3, 2, 2, "lww"), seed, 3, 30, &Nemesis::none());
        lww_lost += RunResult::of(&run(&s)).metrics.lost_writes;
        let s = workload(&fixed(3, 2, 2, "dvv"), seed, 3, 30, &Nemesis::none());
        dvv_lost += RunResult::of(&run(&s)).metrics.lost_writes;
    }
    assert!(lww_lost > 0, "lww lost no write in 200 seeds");
    assert_eq!(dvv_lost, 0, "dvv lost acknowledged writes");
}
