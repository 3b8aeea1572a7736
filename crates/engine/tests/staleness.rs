//! The engine's t-visibility ([`quorumscope_engine::staleness`]) against the closed WARS Monte
//! Carlo ([`quorumscope_engine::pbs`]) of Bailis et al., "Probabilistically Bounded Staleness for
//! Practical Partial Quorums" (PVLDB 5(8), 2012), Section 5, and what faults do to it.
//!
//! Tolerances are statistical: the two estimates are independent, so their difference at one t
//! has standard error `sqrt(p(1-p) (1/n_engine + 1/n_mc))` (p pooled); each point must agree
//! within four of them, plus one engine trial's worth (1/n_engine) for points where p is 0 or 1
//! and the standard error vanishes.

use quorumscope_engine::pbs::{named_model, t_visibility};
use quorumscope_engine::staleness::{StalenessQuery, StalenessReport};
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
