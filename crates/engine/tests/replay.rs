//! Issue 7, defect 5, "Replays must be exact": `qsim random` and `qsim run` of the scenario that
//! `qsim random --emit-scenario` prints make the same run (same trace hash, same history),
//! whatever the latency tail. (The other half of the defect, requests dropped when they arrive
//! after their deadline, is tested in `expired_requests.rs`.)

use proptest::prelude::*;
use quorumscope_engine::latency::Latency;
use quorumscope_engine::scenario::Scenario;
use quorumscope_engine::workload::{run_seed, simulate_seed, Nemesis, RandomParams, WorkloadKind};
use quorumscope_engine::{run_json, RunResult};
use serde_json::{json, Value};

/// What `qsim random BASE --emit-scenario SEED` then `qsim run` print for one seed: the
/// emitted scenario's text and `qsim run`'s result, as JSON.
fn replay(base: &Scenario, seed: u64, params: &RandomParams) -> (String, Result<Value, String>) {
    let text = serde_json::to_string_pretty(&params.scenario(base, seed)).unwrap();
    let result = run_json(&text, None).map(|out| serde_json::from_str(&out).unwrap());
    (text, result)
}

/// Checks that `run_seed` of `seed` and `qsim run` of its emitted scenario are the same run:
/// the same trace hash and history (and replicas, hints, metrics and end time).
fn assert_same_run(base: &Scenario, seed: u64, params: &RandomParams) -> Result<(), TestCaseError> {
    let seeded = run_seed(base, seed, params);
    let sim = simulate_seed(base, seed, params);
    let (text, replayed) = replay(base, seed, params);
    // The file reads back as the very scenario that ran (every number to the bit).
    prop_assert_eq!(
        &Scenario::from_json(&text).unwrap(),
        &params.scenario(base, seed)
    );
    prop_assert!(seeded.settled, "seed {} did not settle", seed);
    let replayed = replayed.map_err(|e| TestCaseError::fail(format!("qsim run: {e}")))?;
    let seeded_result = serde_json::to_value(RunResult::of(&sim)).unwrap();
    prop_assert_eq!(&replayed["trace_hash"], &json!(seeded.trace_hash));
    prop_assert_eq!(&replayed["history"], &seeded_result["history"]);
    prop_assert_eq!(&replayed, &seeded_result);
    Ok(())
}

fn register(nemesis: Nemesis) -> RandomParams {
    RandomParams {
        kind: WorkloadKind::Register,
        clients: 3,
        ops: 50,
        nemesis,
    }
}

/// The review's case: a lww cluster coordinated by replicas with Pareto latency (alpha 1.1),
/// whose run in `qsim random` was stopped by its guard (at 96.2 s of simulated time: the last
/// event, plus a minute, plus 100 x (2 x timeout + handoff interval)) while a request was still
/// in flight, so that `qsim run` of the emitted file went on and made another run. Both now run
/// until the run settles.
#[test]
fn issue7_defect5_a_seed_past_the_old_run_guard_replays_exactly() {
    let base = Scenario::from_json(
        &json!({"cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2,
                            "versioning": "lww", "coordinator": "replica", "timeout_ms": 100,
                            "latency": {"pareto": {"xm": 10, "alpha": 1.1}}},
                "events": []})
        .to_string(),
    )
    .unwrap();
    let params = register(Nemesis::none());
    let scenario = params.scenario(&base, 181);
    let last = scenario.events.last().unwrap().at;
    let old_guard_ms = last + 60_000.0 + 100.0 * (2.0 * 100.0 + 100.0);
    let (_, replayed) = replay(&base, 181, &params);
    let end_ms = replayed.unwrap()["end_ms"].as_f64().unwrap();
    assert!(
        end_ms > old_guard_ms,
        "the run should go past the old guard: {end_ms} <= {old_guard_ms}"
    );
    assert_same_run(&base, 181, &params).unwrap();
}

/// serde_json's default reader can read a number one bit away from the one it wrote
/// (3.8415492685252453 came back as 3.8415492685252457), so the emitted file's latency differed
/// from the one `qsim random` ran with, and so did every delay drawn from it.
#[test]
fn issue7_defect5_emitted_latency_parameters_read_back_to_the_bit() {
    let mut base = Scenario::from_json(
        &json!({"cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2,
                            "coordinator": "replica"},
                "events": []})
        .to_string(),
    )
    .unwrap();
    base.cluster.latency = Latency::Pareto {
        xm: 3.841_549_268_525_245_3,
        alpha: 1.1,
    };
    base.cluster.timeout_ms = 123.456_789_012_345_67;
    let params = register(Nemesis::all());
    let (text, _) = replay(&base, 7, &params);
    let back = Scenario::from_json(&text).unwrap();
    assert_eq!(back.cluster.latency, base.cluster.latency);
    assert_eq!(
        back.cluster.timeout_ms.to_bits(),
        base.cluster.timeout_ms.to_bits()
    );
    assert_same_run(&base, 7, &params).unwrap();
}

/// A latency of every form, with parameters drawn as arbitrary doubles (not round decimals), so
/// that writing and reading them back is put to the test.
fn any_latency() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        (0.0..30.0f64).prop_map(|ms| json!({"constant": ms})),
        (0.0..20.0f64, 0.0..40.0f64).prop_map(|(a, d)| json!({"uniform": [a, a + d]})),
        (0.01..2.0f64).prop_map(|rate| json!({"exponential": {"rate": rate}})),
        (0.1..20.0f64, 0.5..3.0f64)
            .prop_map(|(xm, alpha)| json!({"pareto": {"xm": xm, "alpha": alpha}})),
        Just(json!({"pareto": {"xm": 5, "alpha": 1.1}})),
    ];
    prop_oneof![
        3 => leaf.clone(),
        1 => (0.01..5.0f64, leaf.clone(), 0.01..5.0f64, leaf.clone())
            .prop_map(|(w1, l1, w2, l2)| json!({"mixture": [[w1, l1], [w2, l2]]})),
        1 => (leaf.clone(), leaf.clone(), leaf.clone(), leaf)
            .prop_map(|(w, a, r, s)| json!({"write": w, "ack": a, "read": r, "response": s})),
    ]
}

/// A base cluster: 3 to 5 nodes, any versioning and coordination, with or without read
/// repair, anti-entropy, sloppy quorums with hinted handoff, and a clock skew.
fn any_base() -> impl Strategy<Value = Scenario> {
    (
        (3usize..=5, 1usize..=3, 1usize..=3, 1usize..=3),
        prop_oneof![Just("lww"), Just("vv"), Just("dvv")],
        prop_oneof![Just("client"), Just("replica")],
        any::<bool>(),
        prop_oneof![Just(None), (0.5..300.0f64).prop_map(Some)],
        any::<bool>(),
        (1.0..300.0f64, 20.0..2000.0f64, -50.0..50.0f64),
        any_latency(),
    )
        .prop_map(
            |(
                (nodes, n, w, r),
                versioning,
                coordinator,
                read_repair,
                ae,
                sloppy,
                nums,
                latency,
            )| {
                let (handoff_ms, timeout_ms, skew) = nums;
                let names: Vec<String> = ["A", "B", "C", "D", "E"][..nodes]
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
                let n = n.min(nodes);
                let text = json!({"cluster": {
                    "nodes": names, "n": n, "w": w.min(n), "r": r.min(n),
                    "versioning": versioning, "coordinator": coordinator,
                    "read_repair": read_repair, "anti_entropy_ms": ae,
                    "sloppy_quorum": sloppy, "hinted_handoff": sloppy,
                    "handoff_interval_ms": handoff_ms, "timeout_ms": timeout_ms,
                    "latency": latency, "clock_skew_ms": {"B": skew}},
                    "events": []});
                // As `qsim random` reads its base file...
                let mut base = Scenario::from_json(&text.to_string()).expect("a valid base");
                // ...with its numbers exactly as drawn (a reader that is one bit off would
                // otherwise hide a writer or reader that is one bit off).
                let c = &mut base.cluster;
                c.latency = Latency::from_json(&text["cluster"]["latency"]).unwrap();
                c.anti_entropy_ms = ae;
                c.handoff_interval_ms = handoff_ms;
                c.timeout_ms = timeout_ms;
                c.clock_skew_ms.insert("B".to_string(), skew);
                base.validate().expect("a valid base");
                base
            },
        )
}

fn any_params() -> impl Strategy<Value = RandomParams> {
    (
        prop_oneof![Just(WorkloadKind::Register), Just(WorkloadKind::Set)],
        1usize..=4,
        1usize..=30,
        (any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(kind, clients, ops, (partitions, crashes, drops))| RandomParams {
                kind,
                clients,
                ops,
                nemesis: Nemesis {
                    partitions,
                    crashes,
                    drops,
                },
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Issue 7, defect 5 ("Replays must be exact"): for every seed, base cluster (lww, vv, dvv;
    /// client and replica coordination; Pareto and every other latency) and nemesis, `run_seed`
    /// (`qsim random`) and `qsim run` of the scenario that `--emit-scenario` prints give the same
    /// trace hash and the same history.
    #[test]
    fn issue7_defect5_replays_are_exact(
        base in any_base(),
        params in any_params(),
        seed in any::<u64>(),
    ) {
        assert_same_run(&base, seed, &params)?;
    }
}
