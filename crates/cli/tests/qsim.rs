//! Runs the built `qsim` binary: output shape and values, and one test per
//! kind of bad input (exit status 2, one line on stderr, nothing on stdout).

mod common;

use common::{bad, json, qsim, scratch};
use serde_json::Value;

const PBS_SSD: [&str; 13] = [
    "pbs",
    "--n",
    "3",
    "--r",
    "1",
    "--w",
    "1",
    "--latency",
    "lnkd-ssd",
    "--trials",
    "100000",
    "--t",
    "0,1,5",
];

#[test]
fn pbs_prints_points_and_parameters() {
    let v = json(&PBS_SSD);
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 3);
    let ts: Vec<f64> = points.iter().map(|p| p["t_ms"].as_f64().unwrap()).collect();
    assert_eq!(ts, [0.0, 1.0, 5.0]);
    let ps: Vec<f64> = points
        .iter()
        .map(|p| p["p_consistent"].as_f64().unwrap())
        .collect();
    // PBS (VLDB 2012) Section 5: 97.4% at commit for LNKD-SSD, N=3, R=W=1.
    assert!((ps[0] - 0.974).abs() < 0.006, "{ps:?}");
    assert!(ps[0] <= ps[1] && ps[1] <= ps[2] && ps[2] > 0.9999, "{ps:?}");
    assert_eq!(v["n"], 3);
    assert_eq!(v["r"], 1);
    assert_eq!(v["w"], 1);
    assert_eq!(v["trials"], 100_000);
    assert_eq!(v["seed"], 0);
    assert_eq!(v["model"], "lnkd-ssd");
    assert_eq!(v["latency"]["mixture"][0][0], 0.9122);
    assert!(v.get("t_for_p").is_none());
    assert!(v.get("remote_delay_ms").is_none());
}

#[test]
fn pbs_is_deterministic_and_seeded() {
    let a = qsim(&PBS_SSD);
    let b = qsim(&PBS_SSD);
    assert_eq!(a.stdout, b.stdout);
    let mut seeded = PBS_SSD.to_vec();
    seeded.extend(["--seed", "7"]);
    let c = json(&seeded);
    assert_eq!(c["seed"], 7);
    assert_ne!(
        serde_json::from_slice::<Value>(&a.stdout).unwrap()["points"],
        c["points"]
    );
}

#[test]
fn pbs_strict_quorum_is_always_consistent() {
    let v = json(&[
        "pbs",
        "--n",
        "3",
        "--r",
        "quorum",
        "--w",
        "quorum",
        "--latency",
        "ymmr",
        "--trials",
        "20000",
        "--t",
        "0,10",
    ]);
    assert_eq!(v["r"], 2);
    assert_eq!(v["w"], 2);
    for p in v["points"].as_array().unwrap() {
        assert_eq!(p["p_consistent"], 1.0);
    }
}

#[test]
fn pbs_accepts_latency_json_and_reports_quantiles() {
    let v = json(&[
        "pbs",
        "--n=3",
        "--r=1",
        "--w=1",
        "--latency",
        r#"{"write": {"exponential": {"rate": 0.1}}, "ack": {"exponential": {"rate": 1}},
            "read": {"exponential": {"rate": 1}}, "response": {"exponential": {"rate": 1}}}"#,
        "--trials",
        "100000",
        "--t",
        "0",
        "--p",
        "0.5,0.999",
    ]);
    // Section 5, "Latency Tail Effects": about 41% at commit when W's mean is
    // ten times A = R = S's.
    let p0 = v["points"][0]["p_consistent"].as_f64().unwrap();
    assert!((p0 - 0.41).abs() < 0.02, "{p0}");
    assert_eq!(v["model"], Value::Null);
    assert_eq!(v["latency"]["write"]["exponential"]["rate"], 0.1);
    let q = v["t_for_p"].as_array().unwrap();
    assert_eq!(q.len(), 2);
    assert_eq!(q[0]["p"], 0.5);
    let t50 = q[0]["t_ms"].as_f64().unwrap();
    let t999 = q[1]["t_ms"].as_f64().unwrap();
    assert!(
        0.0 < t50 && t50 < t999 && (50.0..90.0).contains(&t999),
        "{t50} {t999}"
    );
}

#[test]
fn pbs_reads_latency_from_a_file() {
    let path = scratch("lat.json", r#"{"uniform": [1, 2]}"#);
    let arg = format!("@{}", path.display());
    let v = json(&[
        "pbs",
        "--n",
        "2",
        "--r",
        "1",
        "--w",
        "1",
        "--latency",
        &arg,
        "--trials",
        "1000",
        "--t",
        "0",
    ]);
    assert_eq!(v["latency"], serde_json::json!({"uniform": [1.0, 2.0]}));
}

#[test]
fn pbs_wan_reports_its_remote_delay() {
    let v = json(&[
        "pbs",
        "--n",
        "3",
        "--r",
        "1",
        "--w",
        "1",
        "--latency",
        "WAN",
        "--trials",
        "30000",
        "--t",
        "0,200",
    ]);
    assert_eq!(v["model"], "wan");
    assert_eq!(v["remote_delay_ms"], 75.0);
    let p0 = v["points"][0]["p_consistent"].as_f64().unwrap();
    assert!((p0 - 1.0 / 3.0).abs() < 0.02, "{p0}");
}

#[test]
fn help_is_plain_text_on_stdout() {
    for args in [&["help"][..], &["--help"], &["-h"], &["pbs", "--help"]] {
        let out = qsim(args);
        assert_eq!(out.status.code(), Some(0));
        assert!(out.stderr.is_empty());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("qsim pbs --n N --r R --w W --latency MODEL"),
            "{text}"
        );
        assert!(text.contains("qsim run FILE [--until MS]"));
        assert!(text.contains("qsim random BASE_FILE --seeds A..B"));
    }
}

#[test]
fn bad_subcommands() {
    assert_eq!(
        bad(&[]),
        "qsim: missing subcommand; expected run, pbs, random or help (see `qsim --help`)"
    );
    assert_eq!(
        bad(&["simulate"]),
        "qsim: unknown subcommand `simulate`; expected run, pbs, random or help (see `qsim --help`)"
    );
}

/// `qsim pbs` with one flag's value replaced (or the flag removed when
/// `value` is `None`).
fn pbs_with(flag: &str, value: Option<&str>) -> Vec<String> {
    let mut args = vec!["pbs".to_string()];
    for (f, v) in [
        ("--n", "3"),
        ("--r", "1"),
        ("--w", "1"),
        ("--latency", "lnkd-ssd"),
        ("--trials", "100"),
        ("--t", "0"),
    ] {
        if f == flag {
            if let Some(v) = value {
                args.extend([f.to_string(), v.to_string()]);
            }
        } else {
            args.extend([f.to_string(), v.to_string()]);
        }
    }
    if let Some(v) = value {
        if !args.iter().any(|a| a == flag) {
            args.extend([flag.to_string(), v.to_string()]);
        }
    }
    args
}

fn bad_pbs(flag: &str, value: Option<&str>) -> String {
    let args = pbs_with(flag, value);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    bad(&refs)
}

#[test]
fn pbs_missing_flags() {
    for flag in ["--n", "--r", "--w", "--latency", "--t"] {
        assert_eq!(
            bad_pbs(flag, None),
            format!("qsim pbs: missing required flag {flag}")
        );
    }
    // --trials and --seed have defaults.
    let args = pbs_with("--trials", None);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_eq!(json(&refs)["trials"], 100_000);
}

#[test]
fn pbs_invalid_numbers() {
    assert_eq!(
        bad_pbs("--n", Some("three")),
        "qsim pbs: --n must be an integer from 1 to 64, got `three`"
    );
    assert_eq!(
        bad_pbs("--n", Some("0")),
        "qsim pbs: --n must be an integer from 1 to 64, got `0`"
    );
    assert_eq!(
        bad_pbs("--r", Some("4")),
        "qsim pbs: --r must be one, quorum, all or an integer from 1 to --n = 3, got `4`"
    );
    assert_eq!(
        bad_pbs("--w", Some("0")),
        "qsim pbs: --w must be one, quorum, all or an integer from 1 to --n = 3, got `0`"
    );
    assert_eq!(
        bad_pbs("--trials", Some("0")),
        "qsim pbs: --trials must be an integer from 1 to 20000000, got `0`"
    );
    assert_eq!(
        bad_pbs("--trials", Some("100000000")),
        "qsim pbs: --trials must be an integer from 1 to 20000000, got `100000000`"
    );
    assert_eq!(
        bad_pbs("--t", Some("0,-1")),
        "qsim pbs: --t must be a number of ms from 0 to 1000000000000, got `-1`"
    );
    assert_eq!(
        bad_pbs("--t", Some("")),
        "qsim pbs: --t needs a comma-separated list of 1 to 1000 values, got an empty one"
    );
    assert_eq!(
        bad_pbs("--seed", Some("-1")),
        format!(
            "qsim pbs: --seed must be an integer from 0 to {}, got `-1`",
            u64::MAX
        )
    );
    assert_eq!(
        bad_pbs("--p", Some("0.5,2")),
        "qsim pbs: --p values must be in (0, 1], got `2`"
    );
}

#[test]
fn pbs_bad_latency() {
    assert_eq!(
        bad_pbs("--latency", Some("gauss")),
        "qsim pbs: unknown --latency model `gauss`; expected one of lnkd-ssd, lnkd-disk, ymmr, wan, a latency JSON such as {\"uniform\": [5, 15]}, or @FILE"
    );
    assert_eq!(
        bad_pbs("--latency", Some(r#"{"uniform": [5, 1]}"#)),
        "qsim pbs: --latency: uniform needs [min, max] with 0 <= min <= max, got [5, 1]"
    );
    assert_eq!(
        bad_pbs("--latency", Some(r#"{"gauss": 1}"#)),
        "qsim pbs: --latency: unknown latency form `gauss`; expected one of constant, uniform, exponential, pareto, mixture, or write/ack/read/response"
    );
    assert!(bad_pbs("--latency", Some(r#"{"uniform": [5, "#))
        .starts_with("qsim pbs: --latency is not valid JSON: "));
    let missing = std::env::temp_dir().join("qsim-no-such-dir/lat.json");
    let line = bad_pbs("--latency", Some(&format!("@{}", missing.display())));
    assert!(
        line.starts_with(&format!("qsim pbs: cannot read `{}`: ", missing.display())),
        "{line}"
    );
}

/// Issue 7, defect 7: `qsim pbs --n 18446744073709551615` aborted (capacity overflow) and
/// `--n 1000000000` exhausted memory. Every flag has a range (`--n` as many replicas as a
/// scenario's cluster may have nodes, 64), and a value outside it exits 2 with one line naming
/// the flag and the range.
#[test]
fn issue7_pbs_bounds_every_flag() {
    let too_many = vec!["0"; 1001].join(",");
    let huge = "1".repeat(400);
    for (flag, value, expected) in [
        ("--n", "18446744073709551615", "--n must be an integer from 1 to 64, got `18446744073709551615`"),
        ("--n", "1000000000", "--n must be an integer from 1 to 64, got `1000000000`"),
        ("--n", "65", "--n must be an integer from 1 to 64, got `65`"),
        ("--n", "-0", "--n must be an integer from 1 to 64, got `-0`"),
        ("--r", "18446744073709551616", "--r must be one, quorum, all or an integer from 1 to --n = 3, got `18446744073709551616`"),
        ("--w", "1e308", "--w must be one, quorum, all or an integer from 1 to --n = 3, got `1e308`"),
        ("--trials", "20000001", "--trials must be an integer from 1 to 20000000, got `20000001`"),
        ("--trials", &huge, &format!("--trials must be an integer from 1 to 20000000, got `{huge}`")),
        ("--t", "1e13", "--t must be a number of ms from 0 to 1000000000000, got `1e13`"),
        ("--t", "1e-300,inf", "--t must be a number of ms from 0 to 1000000000000, got `inf`"),
        ("--t", &too_many, "--t needs a comma-separated list of 1 to 1000 values, got 1001"),
        ("--p", &too_many, "--p needs a comma-separated list of 1 to 1000 values, got 1001"),
        ("--p", "1e-300,-0", "--p values must be in (0, 1], got `-0`"),
        ("--seed", "18446744073709551616", "--seed must be an integer from 0 to 18446744073709551615, got `18446744073709551616`"),
    ] {
        assert_eq!(bad_pbs(flag, Some(value)), format!("qsim pbs: {expected}"), "{flag} {value}");
    }
    // The largest values of each range are accepted.
    let v = json(&[
        "pbs",
        "--n",
        "64",
        "--r",
        "64",
        "--w",
        "1",
        "--latency",
        "lnkd-ssd",
        "--trials",
        "10",
        "--t",
        &vec!["1000000000000"; 1000].join(","),
        "--p",
        "1e-300,1",
    ]);
    assert_eq!(v["n"], 64);
    assert_eq!(v["points"].as_array().unwrap().len(), 1000);
    // A latency file larger than 1 MiB is refused before it is read to its end.
    let big = scratch("big-latency.json", &" ".repeat((1 << 20) + 1));
    let b = big.to_str().unwrap();
    assert_eq!(
        bad_pbs("--latency", Some(&format!("@{b}"))),
        format!("qsim pbs: cannot read `{b}`: it is larger than 1 MiB")
    );
    // A value holding a line break is quoted escaped, on the one line.
    assert_eq!(
        bad_pbs("--n", Some("3\n4")),
        "qsim pbs: --n must be an integer from 1 to 64, got `3\\n4`"
    );
}

/// Issue 7, defect 7 (the other subcommands): `qsim run --until` has the scenario format's
/// range, and an endless file is refused at 64 MiB instead of being read until memory runs out.
#[test]
fn issue7_run_bounds_until_and_file_size() {
    let path = scratch("bounded.json", SCENARIO);
    let file = path.to_str().unwrap();
    assert_eq!(
        bad(&["run", file, "--until", "1e13"]),
        "qsim run: --until must be a number of ms from 0 to 1000000000000, got `1e13`"
    );
    assert_eq!(
        bad(&["run", file, "--until", "-0.5"]),
        "qsim run: --until must be a number of ms from 0 to 1000000000000, got `-0.5`"
    );
    json(&["run", file, "--until", "1e12"]);
    if std::path::Path::new("/dev/zero").exists() {
        assert_eq!(
            bad(&["run", "/dev/zero"]),
            "qsim run: cannot read `/dev/zero`: it is larger than 64 MiB"
        );
    }
}

#[test]
fn pbs_flag_syntax_errors() {
    assert_eq!(
        bad(&["pbs", "--n", "3", "--x", "1"]),
        "qsim pbs: unknown flag `--x`; expected --n, --r, --w, --latency, --trials, --t, --seed, --p, --scenario, --at"
    );
    assert_eq!(
        bad(&["pbs", "--n", "3", "--n", "4"]),
        "qsim pbs: flag --n given twice"
    );
    assert_eq!(bad(&["pbs", "--n"]), "qsim pbs: flag --n needs a value");
    assert_eq!(
        bad(&["pbs", "extra", "--n", "3"]),
        "qsim pbs: unexpected argument `extra`"
    );
}

const SCENARIO: &str = r#"{
  "seed": 1,
  "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2},
  "events": [
    {"at": 0, "put": {"client": "alice", "key": "cart", "value": "milk"}},
    {"at": 200, "get": {"client": "bob", "key": "cart"}}
  ]
}"#;

#[test]
fn run_prints_the_contract_result() {
    let path = scratch("scenario.json", SCENARIO);
    let file = path.to_str().unwrap();
    let v = json(&["run", file]);
    let history = v["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1]["op"], "get");
    assert_eq!(history[1]["values"], serde_json::json!(["milk"]));
    assert!(v["metrics"].is_object());
    assert!(v["replicas"].is_object());
    assert!(v["trace_hash"].is_string());
    // Same file, same bytes.
    assert_eq!(qsim(&["run", file]).stdout, qsim(&["run", file]).stdout);
    // --until before the get leaves nothing for it to do yet.
    let early = json(&["run", file, "--until", "100"]);
    let ops = early["history"].as_array().unwrap();
    assert!(ops.len() < 2 || ops[1]["outcome"] == "pending", "{early}");
}

#[test]
fn run_bad_input() {
    assert_eq!(bad(&["run"]), "qsim run: missing scenario FILE");
    let missing = std::env::temp_dir().join("qsim-no-such-dir/s.json");
    let m = missing.to_str().unwrap();
    let line = bad(&["run", m]);
    assert!(
        line.starts_with(&format!("qsim run: cannot read `{m}`: ")),
        "{line}"
    );
    let path = scratch("scenario2.json", SCENARIO);
    let file = path.to_str().unwrap();
    assert_eq!(
        bad(&["run", file, "--until", "soon"]),
        "qsim run: --until must be a number of ms from 0 to 1000000000000, got `soon`"
    );
    assert_eq!(
        bad(&["run", file, "other.json"]),
        "qsim run: unexpected argument `other.json` after FILE"
    );
    assert_eq!(
        bad(&["run", file, "--seed", "3"]),
        "qsim run: unknown flag `--seed`; expected --until, --history, --shiviz"
    );
    // A scenario the engine refuses: the engine's one-line message, after
    // the file's name.
    let broken = scratch("broken.json", r#"{"cluster": {"nodes": []}, "events": []}"#);
    let b = broken.to_str().unwrap();
    let line = bad(&["run", b]);
    assert!(line.starts_with(&format!("qsim run: {b}: ")), "{line}");
    let not_json = scratch("not.json", "{");
    let line = bad(&["run", not_json.to_str().unwrap()]);
    assert!(line.starts_with("qsim run: "), "{line}");
}

/// Contract section 2 with clap reading the command line (issue 9, point 1): a bad flag, a
/// missing value, a value out of range and an unknown subcommand each exit 2 with exactly one
/// line on stderr that names the flag (or the subcommand), in every subcommand and in both the
/// `--flag VALUE` and `--flag=VALUE` forms.
#[test]
fn contract_2_clap_refusals_are_one_line_naming_the_flag() {
    let path = scratch("clap.json", SCENARIO);
    let file = path.to_str().unwrap();
    let cases: Vec<(Vec<&str>, String)> = vec![
        // A bad flag.
        (
            vec!["run", file, "--untill=5"],
            "qsim run: unknown flag `--untill`; expected --until, --history, --shiviz".into(),
        ),
        (
            vec!["run", file, "-u", "5"],
            "qsim run: unknown flag `-u`; expected --until, --history, --shiviz".into(),
        ),
        (
            vec!["pbs", "--n", "3", "--quorum", "2"],
            "qsim pbs: unknown flag `--quorum`; expected --n, --r, --w, --latency, --trials, --t, --seed, --p, --scenario, --at".into(),
        ),
        (
            vec!["random", file, "--seeds", "1..2", "--nemeses=drops"],
            "qsim random: unknown flag `--nemeses`; expected --seeds, --workload, --clients, --ops, --nemesis, --emit-scenario".into(),
        ),
        (
            vec!["--until", "5"],
            "qsim: unknown flag `--until`; expected a subcommand: run, pbs, random or help (see `qsim --help`)".into(),
        ),
        // A missing value.
        (
            vec!["run", file, "--until"],
            "qsim run: flag --until needs a value".into(),
        ),
        (
            vec!["pbs", "--n", "3", "--r", "1", "--w", "1", "--latency"],
            "qsim pbs: flag --latency needs a value".into(),
        ),
        (
            vec!["random", file, "--seeds", "1..2", "--ops"],
            "qsim random: flag --ops needs a value".into(),
        ),
        // A value out of range, in the `=` form too.
        (
            vec!["run", file, "--until=-1"],
            "qsim run: --until must be a number of ms from 0 to 1000000000000, got `-1`".into(),
        ),
        (
            vec!["pbs", "--n=65"],
            "qsim pbs: --n must be an integer from 1 to 64, got `65`".into(),
        ),
        (
            vec!["random", file, "--seeds", "1..2", "--clients=-3"],
            "qsim random: --clients must be an integer from 1 to 1000, got `-3`".into(),
        ),
        // Several required flags missing: all of them named.
        (
            vec!["pbs", "--n", "3", "--r", "1"],
            "qsim pbs: missing required flags --w, --latency, --t".into(),
        ),
        // An unknown subcommand, also after `help`.
        (
            vec!["sim", file],
            "qsim: unknown subcommand `sim`; expected run, pbs, random or help (see `qsim --help`)".into(),
        ),
        (
            vec!["help", "sim"],
            "qsim: unknown subcommand `sim`; expected run, pbs, random or help (see `qsim --help`)".into(),
        ),
        // A file name starting with `-` is read after `--`, not taken for a flag.
        (
            vec!["run", "--", "-no-such.json"],
            "qsim run: cannot read `-no-such.json`: No such file or directory (os error 2)".into(),
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(bad(&args), expected, "{args:?}");
    }
}

/// `--version` and `-V` print the version as plain text and exit 0, like help.
#[test]
fn version_is_plain_text_on_stdout() {
    for flag in ["--version", "-V"] {
        let out = qsim(&[flag]);
        assert_eq!(out.status.code(), Some(0));
        assert!(out.stderr.is_empty());
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            format!("qsim {}\n", env!("CARGO_PKG_VERSION"))
        );
    }
}

/// An argument that is not UTF-8 is bad input (exit 2, one line naming it); `std::env::args`
/// used to panic on it.
#[cfg(unix)]
#[test]
fn non_utf8_argument_is_one_line() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_qsim"))
        .args([OsStr::new("run"), OsStr::from_bytes(b"--until=\xff")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "qsim: argument 2 `--until=\u{fffd}` is not UTF-8 text\n"
    );
}

/// Contract section 4: the two datacenter presets run, and a bad datacenter list is refused
/// with exit 2 and one line naming the field.
#[test]
fn contract_s4_qsim_runs_datacenters_and_refuses_bad_ones() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    for preset in ["two-datacenters.json", "wan-cut.json"] {
        let path = root.join(preset);
        let out = json(&["run", path.to_str().unwrap()]);
        assert!(
            out["history"].as_array().is_some_and(|h| !h.is_empty()),
            "{preset}"
        );
    }
    let text = std::fs::read_to_string(root.join("two-datacenters.json")).unwrap();
    let two_homes = text.replace(
        r#"["D", "E", "F", "bob"]"#,
        r#"["C", "D", "E", "F", "bob"]"#,
    );
    let path = scratch("dc-two-homes.json", &two_homes);
    let file = path.to_str().unwrap();
    assert_eq!(
        bad(&["run", file]),
        format!(
            "qsim run: {file}: cluster.datacenters[1].members[0]: `C` is already a member of \
             datacenter `us`"
        )
    );
    let stale = json(&["run", root.join("two-datacenters.json").to_str().unwrap()]);
    assert_eq!(stale["history"][1]["stale"], Value::Bool(true));
    assert_eq!(stale["history"][2]["stale"], Value::Bool(false));
}
