//! `qsim pbs --scenario`: the engine's t-visibility for a scenario's cluster (docs/PBS.md).

mod common;

use common::{bad, json, qsim, scratch};
use serde_json::Value;

fn scenario(name: &str) -> String {
    format!("{}/../../scenarios/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn p(v: &Value, i: usize) -> f64 {
    v["points"][i]["p_consistent"].as_f64().unwrap()
}

#[test]
fn pbs_scenario_cut_wan_link_is_stale_until_the_heal() {
    let file = scenario("wan-cut.json");
    let args = [
        "pbs",
        "--scenario",
        &file,
        "--at",
        "110",
        "--t",
        "0,100,1000",
        "--trials",
        "40",
    ];
    let v = json(&args);
    assert_eq!(v["estimate"], "engine");
    assert_eq!(v["scenario"], file.as_str());
    assert_eq!(
        (v["writer"].as_str(), v["reader"].as_str()),
        (Some("alice"), Some("bob"))
    );
    assert_eq!(
        (v["n"].as_u64(), v["w"].as_str()),
        (Some(6), Some("local_quorum"))
    );
    assert_eq!(
        (v["committed"].as_u64(), v["write_failures"].as_u64()),
        (Some(40), Some(0))
    );
    for i in 0..2 {
        assert_eq!(v["points"][i]["stale"], 40);
        assert_eq!(p(&v, i), 0.0);
        assert!(v["points"][i]["ci_high"].as_f64().unwrap() < 0.1);
    }
    assert_eq!(p(&v, 2), 1.0);
    // Seeded: the same command prints the same bytes.
    assert_eq!(qsim(&args).stdout, qsim(&args).stdout);
}

#[test]
fn pbs_scenario_write_failures_leave_no_point() {
    // At the scenario's first put (EACH_QUORUM with the WAN cut) every probe write fails.
    let file = scenario("wan-cut.json");
    let v = json(&["pbs", "--scenario", &file, "--trials", "5", "--t", "0"]);
    assert_eq!(
        (v["committed"].as_u64(), v["write_failures"].as_u64()),
        (Some(0), Some(5))
    );
    assert!(v["points"][0]["p_consistent"].is_null());
    assert!(v["first_write_failure"]
        .as_str()
        .unwrap()
        .starts_with("quorum unreachable"));
    // Default times: 11 of them.
    let v = json(&["pbs", "--scenario", &file, "--trials", "1"]);
    assert_eq!(v["points"].as_array().unwrap().len(), 11);
}

/// Bailis et al., PBS (VLDB 2012) Section 5: with no fault the engine's estimate and the closed
/// WARS Monte Carlo agree within four standard errors of their difference.
#[test]
fn pbs_vldb2012_s5_scenario_estimate_agrees_with_qsim_pbs_lnkd_disk() {
    let latency = quorumscope_engine::pbs::named_model("lnkd-disk")
        .unwrap()
        .to_json();
    let file = scratch(
        "pbs-lnkd-disk.json",
        &format!(
            r#"{{"cluster": {{"nodes": ["A", "B", "C"], "n": 3, "r": 1, "w": 1,
                "latency": {latency}}}, "events": []}}"#
        ),
    );
    let file = file.to_str().unwrap();
    let ts = "0,5,20";
    let (ne, nm) = (1500.0, 100_000.0);
    let engine = json(&["pbs", "--scenario", file, "--t", ts, "--trials", "1500"]);
    let closed = json(&[
        "pbs",
        "--n",
        "3",
        "--r",
        "1",
        "--w",
        "1",
        "--latency",
        "lnkd-disk",
        "--t",
        ts,
        "--trials",
        "100000",
    ]);
    assert_eq!(
        (engine["writer"].as_str(), engine["reader"].as_str()),
        (Some("writer"), Some("reader"))
    );
    for i in 0..3 {
        let (a, b) = (p(&engine, i), p(&closed, i));
        let q = (a * ne + b * nm) / (ne + nm);
        let tol = 4.0 * (q * (1.0 - q) * (1.0 / ne + 1.0 / nm)).sqrt() + 1.0 / ne;
        assert!(
            (a - b).abs() <= tol,
            "point {i}: engine {a}, closed {b}, tolerance {tol}"
        );
    }
    // At commit, lnkd-disk with N = 3 is consistent only 44% of the time.
    assert!(p(&engine, 0) < 0.5);
}

#[test]
fn pbs_scenario_bad_input() {
    let file = scenario("node-down.json");
    assert_eq!(
        bad(&["pbs", "--scenario", &file, "--n", "3"]),
        "qsim pbs: flag --scenario cannot be used with --n"
    );
    assert_eq!(
        bad(&["pbs", "--scenario", &file, "--latency", "ymmr"]),
        "qsim pbs: flag --scenario cannot be used with --latency"
    );
    assert_eq!(
        bad(&["pbs", "--scenario", &file, "--p", "0.5"]),
        "qsim pbs: flag --scenario cannot be used with --p"
    );
    assert_eq!(
        bad(&["pbs", "--scenario", &file, "--trials", "1000001"]),
        "qsim pbs: --trials must be an integer from 1 to 1000000 with --scenario, got `1000001`"
    );
    let t101 = vec!["0"; 101].join(",");
    assert_eq!(
        bad(&[
            "pbs",
            "--scenario",
            &file,
            "--trials",
            "1000000",
            "--t",
            &t101
        ]),
        "qsim pbs: trials times the number of t must be at most 100000000 (each is a simulated \
         run), got 1000000 x 101 = 101000000"
    );
    assert_eq!(
        bad(&["pbs", "--scenario", &file, "--at", "-1"]),
        "qsim pbs: --at must be a number of ms from 0 to 1000000000000, got `-1`"
    );
    assert_eq!(
        bad(&[
            "pbs",
            "--n",
            "3",
            "--r",
            "1",
            "--w",
            "1",
            "--latency",
            "ymmr",
            "--t",
            "0",
            "--at",
            "5"
        ]),
        "qsim pbs: --at needs --scenario (it sets when the probe's write starts)"
    );
    assert_eq!(
        bad(&["pbs", "--scenario", ""]),
        "qsim pbs: --scenario must name a scenario file"
    );
    let missing = scratch("pbs-missing-dir", "").join("none.json");
    let line = bad(&["pbs", "--scenario", missing.to_str().unwrap()]);
    assert!(line.starts_with("qsim pbs: cannot read `"), "{line}");
    let broken = scratch(
        "pbs-broken.json",
        r#"{"cluster": {"nodes": []}, "events": []}"#,
    );
    let line = bad(&["pbs", "--scenario", broken.to_str().unwrap()]);
    assert!(
        line.starts_with(&format!("qsim pbs: {}: ", broken.display())),
        "{line}"
    );
}
