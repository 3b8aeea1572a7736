//! The engine's t-visibility ([`quorumscope_engine::staleness`]) against the closed WARS Monte
//! Carlo ([`quorumscope_engine::pbs`]) of Bailis et al., "Probabilistically Bounded Staleness for
//! Practical Partial Quorums" (PVLDB 5(8), 2012), Section 5, and what faults do to it.
//!
//! Tolerances are statistical: the two estimates are independent, so their difference at one t
//! has standard error `sqrt(p(1-p) (1/n_engine + 1/n_mc))` (p pooled); each point must agree
//! within four of them, plus one engine trial's worth (1/n_engine) for points where p is 0 or 1
//! and the standard error vanishes.

use quorumscope_engine::pbs::{named_model, t_visibility};
use quorumscope_engine::staleness::{replay_trial, ReadOutcome, StalenessQuery, StalenessReport};
use quorumscope_engine::Scenario;

/// A scenario of three nodes with client coordination and this latency, with `events`.
fn scenario(r: usize, w: usize, latency: &serde_json::Value, events: &str) -> Scenario {
    let text = format!(
        r#"{{"seed": 1, "cluster": {{"nodes": ["A", "B", "C"], "n": 3, "r": {r}, "w": {w},
            "coordinator": "client", "latency": {latency}}},
            "events": [{events}]}}"#
    );
    Scenario::from_json(&text).unwrap_or_else(|e| panic!("{e}"))
}

fn query(trials: u64, t_ms: &[f64]) -> StalenessQuery {
    StalenessQuery {
        trials,
        seed: 2012,
        t_ms: t_ms.to_vec(),
        at_ms: None,
        key: None,
        writer: None,
        reader: None,
    }
}

fn p(report: &StalenessReport, i: usize) -> f64 {
    report.points[i].p_consistent.expect("some write committed")
}

/// Engine against WARS for one model and quorum at `ts`.
fn agree(model: &str, r: usize, w: usize, ts: &[f64], engine_trials: u64) {
    let latency = named_model(model).unwrap();
    let mc_trials = 200_000;
    let mc = t_visibility(3, r, w, &latency, mc_trials, ts, 7).unwrap();
    let s = scenario(r, w, &latency.to_json(), "");
    let ours = query(engine_trials, ts).run(&s).unwrap();
    assert_eq!(
        ours.committed, engine_trials,
        "{model}: every write commits"
    );
    for (i, t) in ts.iter().enumerate() {
        let (a, b) = (p(&ours, i), mc.points[i].p_consistent);
        let pooled =
            (a * engine_trials as f64 + b * mc_trials as f64) / (engine_trials + mc_trials) as f64;
        let se = (pooled * (1.0 - pooled) * (1.0 / engine_trials as f64 + 1.0 / mc_trials as f64))
            .sqrt();
        let tol = 4.0 * se + 1.0 / engine_trials as f64;
        assert!(
            (a - b).abs() <= tol,
            "{model} r={r} w={w} t={t}: engine {a} vs WARS {b} (tolerance {tol})"
        );
        assert_eq!(ours.points[i].failed, 0);
    }
}

#[test]
fn pbs_vldb2012_s5_engine_agrees_with_wars_monte_carlo_lnkd_disk() {
    agree("lnkd-disk", 1, 1, &[0.0, 2.0, 5.0, 10.0, 50.0], 3000);
    agree("lnkd-disk", 1, 2, &[0.0, 2.0, 5.0, 10.0, 50.0], 3000);
}

#[test]
fn pbs_vldb2012_s5_engine_agrees_with_wars_monte_carlo_lnkd_ssd() {
    agree("lnkd-ssd", 1, 1, &[0.0, 0.5, 1.0, 2.0], 3000);
    agree("lnkd-ssd", 1, 2, &[0.0, 0.5, 1.0, 2.0], 3000);
}

#[test]
fn pbs_vldb2012_s5_engine_agrees_with_wars_monte_carlo_ymmr() {
    agree("ymmr", 1, 1, &[0.0, 10.0, 100.0, 1000.0], 3000);
    agree("ymmr", 1, 2, &[0.0, 10.0, 100.0, 1000.0], 3000);
}

#[test]
fn pbs_vldb2012_s5_strict_quorums_are_always_consistent_in_the_engine_too() {
    let latency = named_model("ymmr").unwrap().to_json();
    let rep = query(300, &[0.0, 1.0])
        .run(&scenario(2, 2, &latency, ""))
        .unwrap();
    assert_eq!(rep.committed, 300);
    assert!(rep.points.iter().all(|pt| pt.consistent == 300), "{rep:?}");
}

/// A crashed home replica: C is down from the start, so the write reaches A and B only and the
/// read waits for the first of A and B. The curve is the closed model's for N = 2, not N = 3:
/// the crash moves it (up, here: a read can no longer be answered first by the replica the write
/// never reached), which the closed model with N = 3 cannot show.
#[test]
fn crashed_home_replica_moves_the_curve_to_that_of_two_replicas() {
    let latency = named_model("lnkd-disk").unwrap();
    let ts = [0.0, 5.0, 20.0];
    let s = scenario(1, 1, &latency.to_json(), r#"{"at": 0, "crash": "C"}"#);
    let trials = 3000;
    let ours = query(trials, &ts).run(&s).unwrap();
    let n2 = t_visibility(2, 1, 1, &latency, 200_000, &ts, 3).unwrap();
    let n3 = t_visibility(3, 1, 1, &latency, 200_000, &ts, 3).unwrap();
    for (i, t) in ts.iter().enumerate() {
        let a = p(&ours, i);
        let se = (a * (1.0 - a) / trials as f64).sqrt() + 1e-3;
        assert!(
            (a - n2.points[i].p_consistent).abs() < 4.0 * se,
            "t={t}: engine {a} vs N=2 {}",
            n2.points[i].p_consistent
        );
    }
    // At commit the two closed curves are 14 points apart (57.6% and 43.7%).
    assert!(p(&ours, 0) - n3.points[0].p_consistent > 0.1);
}

/// A cut WAN link (scenarios/wan-cut.json): while us and eu are apart, bob's LOCAL_QUORUM read in
/// eu never sees alice's LOCAL_QUORUM write in us, however long after the commit; once the link
/// heals (300 ms) anti-entropy (every 200 ms) brings it over. At the scenario's first put
/// (EACH_QUORUM with the link cut) every probe write fails at once.
#[test]
fn cut_wan_link_keeps_reads_stale_until_the_heal() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/wan-cut.json");
    let s = Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut q = query(200, &[0.0, 20.0, 100.0, 1000.0]);
    let all_fail = q.run(&s).unwrap();
    assert_eq!((all_fail.committed, all_fail.write_failures), (0, 200));
    assert!(all_fail.points.iter().all(|pt| pt.p_consistent.is_none()));
    let why = all_fail.first_write_failure.unwrap_or_default();
    assert!(why.starts_with("quorum unreachable"), "{why}");

    q.at_ms = Some(110.0);
    let rep = q.run(&s).unwrap();
    assert_eq!((rep.writer.as_str(), rep.reader.as_str()), ("alice", "bob"));
    assert_eq!(rep.committed, 200);
    for pt in &rep.points[..3] {
        assert_eq!((pt.consistent, pt.stale), (0, 200), "{pt:?}");
        assert!(pt.ci_high < 0.02);
    }
    assert_eq!(rep.points[3].consistent, 200);
}

/// Crashing two of three replicas leaves a read at r = 2 without its quorum: reads fail, and a
/// failed read counts as not consistent.
#[test]
fn failed_reads_count_against_consistency() {
    let s = scenario(
        2,
        1,
        &serde_json::json!({"uniform": [1, 2]}),
        r#"{"at": 0, "crash": "C"}, {"at": 20, "crash": "B"}"#,
    );
    let mut q = query(50, &[0.0, 30.0]);
    q.at_ms = Some(0.0);
    let rep = q.run(&s).unwrap();
    assert_eq!(rep.committed, 50);
    // At t = 0 the read (about 2..4 ms after the start) is answered by A and B.
    assert_eq!(rep.points[0].consistent, 50);
    // At t = 30 ms B is down too: the read fails at once.
    assert_eq!(
        (rep.points[1].failed, rep.points[1].p_consistent),
        (50, Some(0.0))
    );
}

#[test]
fn same_query_same_report_and_the_seed_matters() {
    let latency = named_model("lnkd-disk").unwrap().to_json();
    let s = scenario(1, 1, &latency, "");
    let q = query(200, &[0.0, 1.0]);
    assert_eq!(q.run(&s).unwrap(), q.run(&s).unwrap());
    let mut other = q.clone();
    other.seed += 1;
    assert_ne!(q.run(&s).unwrap().points, other.run(&s).unwrap().points);
}

#[test]
fn bad_queries_are_named() {
    let s = scenario(1, 1, &serde_json::json!({"constant": 1}), "");
    let bad = |f: &dyn Fn(&mut StalenessQuery)| {
        let mut q = query(10, &[0.0]);
        f(&mut q);
        q.run(&s).unwrap_err()
    };
    assert_eq!(
        bad(&|q| q.trials = 0),
        "trials must be between 1 and 1000000 with a scenario, got 0"
    );
    assert_eq!(
        bad(&|q| q.t_ms.clear()),
        "t must list 1 to 1000 times, got 0"
    );
    assert_eq!(
        bad(&|q| q.at_ms = Some(-1.0)),
        "at must be a number of ms from 0 to 1000000000000, got -1"
    );
    assert_eq!(
        bad(&|q| q.writer = Some("A".into())),
        "the writer `A` is a node of the cluster, not a client"
    );
}

/// Replica coordination is not WARS: the writer and the reader both send to the key's first
/// home replica, which stores the write and answers the read from its own copy at once, so with
/// r = w = 1 and no fault no read is ever stale, where WARS (and client coordination) gives 44%
/// at commit for lnkd-disk.
#[test]
fn replica_coordination_with_r_w_one_reads_the_coordinators_own_copy() {
    let latency = named_model("lnkd-disk").unwrap().to_json();
    let text = format!(
        r#"{{"cluster": {{"nodes": ["A", "B", "C"], "n": 3, "r": 1, "w": 1,
            "coordinator": "replica", "latency": {latency}}}, "events": []}}"#
    );
    let s = Scenario::from_json(&text).unwrap();
    let rep = query(300, &[0.0]).run(&s).unwrap();
    assert_eq!(rep.coordinator, "replica");
    assert_eq!((rep.committed, rep.points[0].consistent), (300, 300));
}

/// Issue 12, part 3: a sampled trial, exported as a scenario, replays with the engine to the
/// same read outcome, at several t, on a healthy cluster and under a cut WAN link; the trial
/// shown is a stale one whenever the sample has one, and its counts add up to the committed
/// trials (which also match the query's own curve at that t).
#[test]
fn issue12_exported_trials_replay_to_the_sampled_outcome() {
    let latency = named_model("lnkd-disk").unwrap().to_json();
    let s = scenario(1, 1, &latency, "");
    for t in [0.0, 2.0, 10.0, 100.0] {
        let q = query(300, &[t]);
        let sample = q.sample_at(&s, t).unwrap();
        let report = q.run(&s).unwrap();
        assert_eq!(sample.committed, 300);
        assert_eq!(
            (sample.consistent, sample.stale, sample.failed),
            (
                report.points[0].consistent,
                report.points[0].stale,
                report.points[0].failed
            ),
            "t = {t}: the sample is the query's trials"
        );
        let shown = sample.shown.expect("a trial to show");
        if sample.stale > 0 {
            assert_eq!(shown.outcome, ReadOutcome::Stale, "t = {t}");
        }
        assert_eq!(replay_trial(&shown.scenario), Ok(shown.outcome), "t = {t}");
        // The exported file reads back and still replays the same way.
        let text = shown.scenario.to_json_string();
        let again = Scenario::from_json(&text).unwrap();
        assert_eq!(
            replay_trial(&again),
            Ok(shown.outcome),
            "t = {t}: from its file"
        );
        assert_eq!(shown.responders.len(), 1);
        assert!((shown.read_at_ms - shown.commit_ms - t).abs() < 1e-9);
    }
    // lnkd-disk at commit: about 44% consistent, so 300 trials have stale reads.
    let at0 = query(300, &[0.0]).sample_at(&s, 0.0).unwrap();
    assert!(at0.stale > 100, "{}", at0.stale);

    // The cut WAN link of wan-cut.json: the read in eu is stale, the export says so too.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/wan-cut.json"
    ))
    .unwrap();
    let wan = Scenario::from_json(&text).unwrap();
    let mut q = query(20, &[50.0]);
    q.at_ms = Some(110.0);
    let sample = q.sample_at(&wan, 50.0).unwrap();
    assert!(sample.committed > 0);
    let shown = sample.shown.expect("a trial to show");
    assert_eq!(shown.outcome, ReadOutcome::Stale);
    assert_eq!(replay_trial(&shown.scenario), Ok(ReadOutcome::Stale));
}
