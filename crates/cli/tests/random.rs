//! Runs the built `qsim` binary's `random` subcommand (CONTRACT.md section 2): the output's shape
//! and defaults, Jepsen's set workload, determinism, `--emit-scenario` replayed by `qsim run`,
//! and one-line exit-2 errors naming the flag for every kind of bad input.

mod common;

use common::{bad, json, qsim, scratch};
use serde_json::Value;
use std::path::PathBuf;

/// A base scenario file: three nodes, n = 3, w = r = 2, the given versioning; its one event is
/// ignored by `qsim random` (its client `alice` becomes the first client).
fn base_file(versioning: &str) -> PathBuf {
    let text = format!(
        r#"{{"cluster": {{"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2,
              "versioning": "{versioning}", "latency": {{"uniform": [5, 15]}}}},
            "events": [{{"at": 0, "get": {{"client": "alice", "key": "x"}}}}]}}"#
    );
    scratch(&format!("base-{versioning}.json"), &text)
}

fn u(v: &Value) -> u64 {
    v.as_u64()
        .unwrap_or_else(|| panic!("not a whole number: {v}"))
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    k.sort();
    k
}

const METRICS: [&str; 11] = [
    "anti_entropy_hashes",
    "anti_entropy_repairs",
    "cut",
    "dropped",
    "hints_delivered",
    "lost_writes",
    "messages",
    "read_repairs",
    "refused",
    "resurrections",
    "stale_reads",
];

#[test]
fn random_prints_totals_with_the_documented_defaults() {
    let path = base_file("dvv");
    let file = path.to_str().unwrap();
    let v = json(&["random", file, "--seeds", "1..4"]);
    assert_eq!(
        keys(&v),
        [
            "base",
            "clients",
            "fail",
            "indeterminate",
            "lost_write_seeds",
            "metrics",
            "nemesis",
            "ok",
            "operations",
            "ops",
            "pending",
            "rerun",
            "seeds",
            "seeds_run",
            "stale_read_seeds",
            "unsettled_seeds",
            "workload"
        ]
    );
    assert_eq!(v["base"], file);
    assert_eq!(v["workload"], "register");
    assert_eq!(v["nemesis"], "none");
    assert_eq!(v["clients"], 3);
    assert_eq!(v["ops"], 50);
    assert_eq!(v["seeds"], serde_json::json!({"from": 1, "to": 4}));
    assert_eq!(v["seeds_run"], 4);
    // 50 operations per seed, plus the final get of each key (1 to 3 keys).
    let ops = u(&v["operations"]);
    assert!((4 * 51..=4 * 53).contains(&ops), "{v}");
    assert_eq!(ops, u(&v["ok"]) + u(&v["fail"]) + u(&v["pending"]));
    // No faults: everything succeeds, and w + r > n under dvv: nothing stale or lost.
    assert_eq!(u(&v["fail"]), 0);
    assert_eq!(keys(&v["metrics"]), METRICS);
    assert!(u(&v["metrics"]["messages"]) > 0);
    assert_eq!(u(&v["metrics"]["stale_reads"]), 0);
    assert_eq!(u(&v["metrics"]["lost_writes"]), 0);
    for list in ["stale_read_seeds", "lost_write_seeds", "unsettled_seeds"] {
        assert_eq!(v[list], serde_json::json!([]), "{list}");
    }
    let rerun = v["rerun"].as_str().unwrap();
    assert!(rerun.starts_with(&format!("qsim random {file} --workload register --clients 3 --ops 50 --nemesis none --emit-scenario SEED")), "{rerun}");
    assert!(rerun.ends_with("qsim run seed.json"), "{rerun}");
}

#[test]
fn random_lists_the_seeds_with_stale_reads_and_lost_writes() {
    let path = base_file("lww");
    let file = path.to_str().unwrap();
    let v = json(&[
        "random",
        file,
        "--seeds",
        "10..17",
        "--nemesis",
        "partitions,crashes,drops",
        "--clients",
        "4",
        "--ops",
        "40",
    ]);
    assert_eq!(v["nemesis"], "partitions,crashes,drops");
    assert_eq!(
        (u(&v["clients"]), u(&v["ops"]), u(&v["seeds_run"])),
        (4, 40, 8)
    );
    assert!(u(&v["fail"]) > 0, "{v}");
    let lost: Vec<u64> = v["lost_write_seeds"]
        .as_array()
        .unwrap()
        .iter()
        .map(u)
        .collect();
    assert!(!lost.is_empty(), "lww loses writes: {v}");
    assert!(lost.iter().all(|s| (10..=17).contains(s)));
    assert!(u(&v["metrics"]["lost_writes"]) >= lost.len() as u64);
    let stale = v["stale_read_seeds"].as_array().unwrap();
    assert_eq!(stale.is_empty(), u(&v["metrics"]["stale_reads"]) == 0);
}

#[test]
fn random_set_reports_jepsen_set_totals() {
    let args = |file: &str| {
        vec![
            "random".to_string(),
            file.to_string(),
            "--seeds".into(),
            "1..8".into(),
            "--workload".into(),
            "set".into(),
            "--nemesis".into(),
            "partitions,crashes,drops".into(),
        ]
    };
    let dvv_path = base_file("dvv");
    let dvv_args = args(dvv_path.to_str().unwrap());
    let dvv = json(&dvv_args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(dvv["workload"], "set");
    let set = &dvv["set"];
    assert_eq!(
        keys(set),
        [
            "acknowledged",
            "attempted",
            "final_read_failed_seeds",
            "lost",
            "lost_seeds",
            "ok",
            "recovered",
            "unexpected",
            "unexpected_seeds"
        ]
    );
    // Jepsen's set test on dvv with a strict quorum: nothing acknowledged is lost.
    assert!(u(&set["acknowledged"]) > 0, "{dvv}");
    assert_eq!(u(&set["lost"]), 0, "{dvv}");
    assert_eq!(u(&set["unexpected"]), 0, "{dvv}");
    assert!(u(&set["ok"]) >= u(&set["acknowledged"]));
    assert!(u(&set["attempted"]) >= u(&set["ok"]));
    assert_eq!(set["lost_seeds"], serde_json::json!([]));

    // ... and on lww, concurrent read-modify-writes lose acknowledged adds.
    let lww_path = base_file("lww");
    let lww_args = args(lww_path.to_str().unwrap());
    let lww = json(&lww_args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(u(&lww["set"]["lost"]) > 0, "{lww}");
    assert!(!lww["set"]["lost_seeds"].as_array().unwrap().is_empty());
}

#[test]
fn random_is_deterministic() {
    let path = base_file("lww");
    let file = path.to_str().unwrap();
    for workload in ["register", "set"] {
        let args = [
            "random",
            file,
            "--seeds",
            "3..9",
            "--workload",
            workload,
            "--nemesis",
            "drops,partitions,crashes",
            "--clients",
            "5",
        ];
        let first = qsim(&args);
        assert_eq!(first.status.code(), Some(0));
        assert_eq!(first.stdout, qsim(&args).stdout, "{workload}");
        let mut other = args;
        other[3] = "4..10";
        assert_ne!(first.stdout, qsim(&other).stdout, "{workload}");
    }
}

/// `--emit-scenario SEED` prints the scenario `qsim random` ran for that seed; `qsim run` on it
/// gives the same metrics, here for a seed listed as losing writes.
#[test]
fn random_emit_scenario_round_trips_through_run() {
    let path = base_file("lww");
    let file = path.to_str().unwrap();
    let common = [
        "--workload",
        "set",
        "--nemesis",
        "partitions,crashes,drops",
        "--ops",
        "30",
    ];
    let with = |extra: &[&str]| -> Vec<String> {
        ["random", file]
            .iter()
            .chain(&common)
            .chain(extra)
            .map(|s| s.to_string())
            .collect()
    };
    let args = with(&["--seeds", "1..10"]);
    let all = json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let seed = u(&all["lost_write_seeds"][0]).to_string();

    // --seeds is optional with --emit-scenario, and ignored.
    let emit_args = with(&["--emit-scenario", &seed]);
    let emit: Vec<&str> = emit_args.iter().map(String::as_str).collect();
    let out = qsim(&emit);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, qsim(&emit).stdout);
    let mut with_seeds = emit.clone();
    with_seeds.extend(["--seeds", "1..10"]);
    assert_eq!(out.stdout, qsim(&with_seeds).stdout);
    let scenario: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(scenario["seed"].to_string(), seed);
    assert_eq!(scenario["cluster"]["versioning"], "lww");
    let events = scenario["events"].as_array().unwrap();
    assert!(events
        .iter()
        .any(|e| e["put"]["merge"] == "union" && e["put"]["context"] == "last"));

    let replay_path = scratch("replay.json", std::str::from_utf8(&out.stdout).unwrap());
    let replay = json(&["run", replay_path.to_str().unwrap()]);
    let one_args = with(&["--seeds", &format!("{seed}..{seed}")]);
    let one = json(&one_args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(replay["metrics"], one["metrics"]);
    assert!(u(&replay["metrics"]["lost_writes"]) > 0);
    let history = replay["history"].as_array().unwrap();
    assert_eq!(history.len() as u64, u(&one["operations"]));
    assert!(history.iter().any(|h| h["lost"] == true));
}

#[test]
fn random_bad_flags_name_the_flag() {
    let path = base_file("dvv");
    let file = path.to_str().unwrap();
    let with = |extra: &[&str]| bad(&[&["random", file][..], extra].concat());

    assert_eq!(
        bad(&["random"]),
        "qsim random: missing BASE_FILE (a scenario file whose cluster the runs use)"
    );
    assert_eq!(
        with(&["--seeds", "1..2", "more.json"]),
        "qsim random: unexpected argument `more.json` after BASE_FILE"
    );
    assert_eq!(
        with(&[]),
        "qsim random: missing required flag --seeds (A..B, e.g. --seeds 1..100)"
    );
    for seeds in ["5", "a..3", "1..b", "", "..", "1...3", "-1..3", "1..2..3"] {
        assert_eq!(
            with(&["--seeds", seeds]),
            format!("qsim random: --seeds must be A..B with integers 0 <= A <= B (both included), got `{seeds}`")
        );
    }
    assert_eq!(
        with(&["--seeds", "5..1"]),
        "qsim random: --seeds A..B needs A <= B, got 5 > 1 in `5..1`"
    );
    assert_eq!(
        with(&["--seeds", "0..100000"]),
        "qsim random: --seeds names 100001 seeds; at most 100000 per run"
    );
    assert_eq!(
        with(&["--seeds", "0..18446744073709551615"]),
        "qsim random: --seeds names 18446744073709551616 seeds; at most 100000 per run"
    );
    assert_eq!(
        with(&["--seeds", "1..2", "--workload", "bank"]),
        "qsim random: --workload: unknown workload `bank`; expected register or set"
    );
    for clients in ["0", "x", "1001", "-1", "2.5"] {
        assert_eq!(
            with(&["--seeds", "1..2", "--clients", clients]),
            format!("qsim random: --clients must be an integer from 1 to 1000, got `{clients}`")
        );
    }
    for ops in ["0", "many", "10001"] {
        assert_eq!(
            with(&["--seeds", "1..2", "--ops", ops]),
            format!("qsim random: --ops must be an integer from 1 to 10000, got `{ops}`")
        );
    }
    let line = with(&["--seeds", "1..2", "--nemesis", "partitions,clock"]);
    assert!(
        line.starts_with("qsim random: --nemesis: unknown fault `clock`"),
        "{line}"
    );
    assert_eq!(
        with(&["--emit-scenario", "first"]),
        format!(
            "qsim random: --emit-scenario must be a seed, an integer from 0 to {}, got `first`",
            u64::MAX
        )
    );
    // Flags are checked even when --emit-scenario makes --seeds optional.
    assert!(with(&["--emit-scenario", "1", "--seeds", "9..1"]).contains("--seeds"));
    assert_eq!(
        with(&["--seed", "1"]),
        "qsim random: unknown flag `--seed`; expected --seeds, --workload, --clients, --ops, --nemesis, --emit-scenario"
    );
    assert_eq!(
        with(&["--seeds", "1..2", "--seeds=3..4"]),
        "qsim random: flag --seeds given twice"
    );
    assert_eq!(
        with(&["--seeds"]),
        "qsim random: flag --seeds needs a value"
    );

    // The base file: unreadable, or refused by the engine (its message after the file's name).
    let missing = std::env::temp_dir().join("qsim-no-such-dir/base.json");
    let m = missing.to_str().unwrap();
    let line = bad(&["random", m, "--seeds", "1..2"]);
    assert!(
        line.starts_with(&format!("qsim random: cannot read `{m}`: ")),
        "{line}"
    );
    let broken = scratch(
        "broken.json",
        r#"{"cluster": {"nodes": ["A"], "n": 1, "w": 2, "r": 1}, "events": []}"#,
    );
    let b = broken.to_str().unwrap();
    assert_eq!(
        bad(&["random", b, "--seeds", "1..2"]),
        format!("qsim random: {b}: cluster.w: w = 2 is larger than n = 1")
    );
}
