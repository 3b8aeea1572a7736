//! Issue 7, property tests over random faulty schedules: what every outcome says a client can
//! know (Jepsen's `:ok`, `:fail` and `:info`), and the checker's verdicts on reads after deletes,
//! checked against a brute-force reading of the history.

use proptest::prelude::*;
use quorumscope_engine::scenario::Scenario;
use quorumscope_engine::sim::Options;
use quorumscope_engine::version::VClock;
use quorumscope_engine::workload::{random_scenario, Nemesis, WorkloadKind};
use quorumscope_engine::OpKind;
use quorumscope_engine::Simulator;
use quorumscope_engine::{OpRecord, Outcome};
use serde_json::json;
use std::collections::BTreeMap;

/// A random cluster of 3 to 5 nodes, any quorums, versioning, coordination and repair.
fn base() -> impl Strategy<Value = Scenario> {
    (3usize..=5)
        .prop_flat_map(|nodes| (Just(nodes), 1usize..=nodes))
        .prop_flat_map(|(nodes, n)| (Just(nodes), Just(n), 1usize..=n, 1usize..=n))
        .prop_flat_map(|(nodes, n, w, r)| {
            (
                Just((nodes, n, w, r)),
                prop_oneof![Just("dvv"), Just("vv"), Just("lww")],
                prop_oneof![Just("client"), Just("replica")],
                any::<bool>(),
                proptest::option::of(prop_oneof![Just(30u32), Just(200u32)]),
                prop_oneof![
                    Just((false, false)),
                    Just((true, true)),
                    Just((true, false))
                ],
                prop_oneof![
                    Just(json!({"uniform": [1, 40]})),
                    Just(json!({"exponential": {"rate": 0.1}})),
                    Just(json!({"pareto": {"xm": 3, "alpha": 1.1}})),
                ],
                prop_oneof![Just(100u32), Just(1000u32)],
            )
        })
        .prop_map(
            |(
                (nodes, n, w, r),
                versioning,
                coordinator,
                read_repair,
                ae,
                (sloppy, handoff),
                latency,
                timeout,
            )| {
                let names = &["A", "B", "C", "D", "E"][..nodes];
                let text = json!({
                    "cluster": {
                        "nodes": names, "n": n, "w": w, "r": r,
                        "versioning": versioning, "coordinator": coordinator,
                        "read_repair": read_repair, "anti_entropy_ms": ae,
                        "sloppy_quorum": sloppy, "hinted_handoff": handoff,
                        "latency": latency, "timeout_ms": timeout
                    },
                    "events": []
                });
                Scenario::from_json(&text.to_string()).expect("a valid base")
            },
        )
}

/// A random register workload with every fault on `base`'s cluster, and its run (until it
/// settles, or a minute of simulated time after its last event); the scenario as JSON, for
/// failure messages.
fn random_run(base: &Scenario, seed: u64, clients: usize, ops: usize) -> (Simulator, String) {
    let s = random_scenario(
        base,
        seed,
        WorkloadKind::Register,
        clients,
        ops,
        &Nemesis::all(),
    );
    let mut sim = Simulator::with_options(
        s.clone(),
        Options {
            record_messages: false,
            message_window: None,
            journal_limit: 0,
            causal_limit: 0,
        },
    );
    let last = s.events.last().map(|e| e.at).unwrap_or(0.0);
    sim.run(Some(((last + 60_000.0) * 1000.0) as u64));
    (sim, serde_json::to_string(&s).unwrap())
}

/// Every dot in a record's result: its siblings' dots and the contexts they carry.
fn seen_by(rec: &OpRecord) -> VClock {
    let mut c = VClock::new();
    for s in &rec.result.siblings {
        c.merge(&s.seen);
        c.insert(s.dot);
    }
    c
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Jepsen's outcomes: a failed write is indeterminate (`:info`) exactly when it failed after
    /// going out (a timeout, or no reply from its coordinator); a write that failed otherwise is
    /// known not to have happened, so its version is on no replica, in no hint and in no result
    /// (issue 7, defects 2 and 3).
    #[test]
    fn jepsen_outcomes_a_determinate_failure_left_no_trace(
        base in base(),
        seed in any::<u64>(),
        clients in 1usize..=4,
        ops in 5usize..=40,
    ) {
        let (sim, scenario) = random_run(&base, seed, clients, ops);
        // Dots are numbered per key: one set of every version seen anywhere, per key.
        let mut everywhere: BTreeMap<quorumscope_engine::KeyId, VClock> = BTreeMap::new();
        for r in sim.replicas() {
            let states = r
                .store
                .iter()
                .chain(r.hints.entries().iter().map(|((k, _), h)| (*k, &h.state)));
            for (k, st) in states {
                let all = everywhere.entry(k).or_default();
                for sib in &st.siblings {
                    all.insert(sib.dot);
                }
            }
        }
        for rec in sim.history() {
            everywhere.entry(rec.key).or_default().merge(&seen_by(rec));
        }
        for rec in sim.history() {
            let error = rec.error.as_deref().unwrap_or("");
            if rec.indeterminate {
                prop_assert!(rec.kind.is_write() && rec.outcome == Outcome::Fail, "{scenario}");
            }
            if rec.kind.is_write() && rec.outcome == Outcome::Fail {
                let went_out = error.starts_with("timed out") || error.starts_with("no reply");
                if went_out {
                    prop_assert!(rec.indeterminate, "op {}: {error}\n{scenario}", rec.id);
                }
                if !rec.indeterminate {
                    let dot = rec.dot;
                    prop_assert!(
                        dot.is_none_or(|d| !everywhere.get(&rec.key).is_some_and(|c| c.contains(d))),
                        "op {} failed determinately ({error}) yet its write is somewhere\n{scenario}",
                        rec.id
                    );
                }
            }
        }
    }

    /// The checker's verdicts on gets equal a brute-force reading of the history: a get is stale
    /// when it misses a write (put or delete) acknowledged before it began, unless it read nothing
    /// and that write was a delete or was removed by one; it is a resurrection when it returns a
    /// value an acknowledged delete had removed (issue 7, defect 4).
    #[test]
    fn checker_stale_and_resurrection_verdicts_match_the_history(
        base in base(),
        seed in any::<u64>(),
        clients in 1usize..=4,
        ops in 5usize..=40,
    ) {
        let (sim, scenario) = random_run(&base, seed, clients, ops);
        let history = sim.history();
        for get in history.iter().filter(|r| r.kind == OpKind::Get && r.outcome == Outcome::Ok) {
            let before: Vec<&OpRecord> = history
                .iter()
                .filter(|w| w.kind.is_write() && w.key == get.key && w.outcome == Outcome::Ok)
                .filter(|w| w.completed_us.is_some_and(|t| t <= get.invoked_us))
                .collect();
            // A write that completed in the very microsecond the get began may be ordered
            // either way by the event queue: leave such gets out.
            if before.iter().any(|w| w.completed_us == Some(get.invoked_us)) {
                continue;
            }
            let returned = seen_by(get);
            let has_value = get.result.siblings.iter().any(|s| s.value.is_some());
            let mut deleted = VClock::new();
            for w in before.iter().filter(|w| w.kind == OpKind::Delete) {
                deleted.merge(&w.write_context);
            }
            let stale = before.iter().any(|w| {
                let dot = w.dot.expect("an acknowledged write has a dot");
                let excused = w.kind == OpKind::Delete || deleted.contains(dot);
                !returned.contains(dot) && (has_value || !excused)
            });
            let resurrection = get
                .result
                .siblings
                .iter()
                .any(|s| s.value.is_some() && deleted.contains(s.dot));
            prop_assert_eq!(get.stale, stale, "op {} stale\n{}", get.id, scenario);
            prop_assert_eq!(get.resurrection, resurrection, "op {} resurrection\n{}", get.id, scenario);
        }
        let m = sim.metrics();
        prop_assert_eq!(m.resurrections, history.iter().filter(|r| r.resurrection).count() as u64);
    }
}
