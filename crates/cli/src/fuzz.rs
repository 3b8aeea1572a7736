//! Fuzz target `qsim_args`: qsim's flag parser, [`parse_command`] (clap's parse, its refusals
//! rewritten as one line, then the range checks), called with arbitrary command lines (issue 7, "Fuzzing, and a figure for it"; docs/FUZZING.md).
//!
//! Properties: no panic; a refused command line gets one line starting with `qsim`; an accepted
//! one is within every range (issue 7, defect 7: `--n` 1 to 64, `--trials` at most
//! `pbs::MAX_TRIALS`, at most 1000 `--t` and `--p` values, times at most `MAX_MS`, ...), and a
//! small accepted `qsim pbs` also runs, printing JSON or one line. Nothing is read from disk:
//! parsing never opens a file, and a `--latency @FILE` is not run. Inputs are the corpus
//! (`fuzz/corpus/qsim_args/`, JSON lists of arguments, replayed first), arbitrary strings,
//! command lines built from the flags and awkward values, and mutations of the corpus.
//!
//! `QS_FUZZ_CASES=200000 cargo test --profile fuzz -p quorumscope-cli --bin qsim fuzz --
//! --nocapture` is a long run.

#[path = "../../../fuzz/harness.rs"]
mod harness;

use super::*;
use proptest::prelude::*;
use std::sync::OnceLock;

const TARGET: &str = "qsim_args";

/// Most replica-trials (`--n` times `--trials`) of an accepted `qsim pbs` that a case runs.
const RUN_PBS_UP_TO: u64 = 20_000;

fn check(argv: &[String]) -> Result<(), String> {
    let command = match parse_command(argv) {
        Err(e) => {
            let line = error_line(&e);
            harness::one_line("qsim error", &line)?;
            return if line.starts_with("qsim") {
                Ok(())
            } else {
                Err(format!("error without the `qsim` prefix: {line}"))
            };
        }
        Ok(c) => c,
    };
    harness::accepted();
    let within = |what: &str, ok: bool| -> Result<(), String> {
        if ok {
            Ok(())
        } else {
            Err(format!("accepted out of range: {what} in {command:?}"))
        }
    };
    let ms = |x: &f64| (0.0..=MAX_MS).contains(x);
    match &command {
        Command::Help | Command::Version | Command::Check { .. } => {}
        Command::Run { until_ms, .. } => within("--until", until_ms.as_ref().is_none_or(ms))?,
        Command::Random(a) => {
            within(
                "--seeds or --emit-scenario",
                a.seeds.is_some() || a.emit.is_some(),
            )?;
            if let Some(s) = a.seeds {
                within("--seeds", s.from <= s.to && s.to - s.from < MAX_SEEDS)?;
            }
            within("--clients", (1..=MAX_CLIENTS).contains(&a.params.clients))?;
            within("--ops", (1..=MAX_OPS).contains(&a.params.ops))?;
        }
        Command::PbsScenario(a) => {
            within(
                "--trials",
                (1..=quorumscope_engine::staleness::MAX_TRIALS).contains(&a.trials),
            )?;
            within("--t", (1..=MAX_LIST).contains(&a.t_ms.len()))?;
            within("--t", a.t_ms.iter().all(ms))?;
            within("--at", a.at_ms.as_ref().is_none_or(ms))?;
        }
        Command::Pbs(a) => {
            within("--n", (1..=MAX_NODES).contains(&a.n))?;
            within("--r", (1..=a.n).contains(&a.r))?;
            within("--w", (1..=a.n).contains(&a.w))?;
            within("--trials", (1..=pbs::MAX_TRIALS).contains(&a.trials))?;
            within("--t", (1..=MAX_LIST).contains(&a.t_ms.len()))?;
            within("--t", a.t_ms.iter().all(ms))?;
            within("--p", a.p.len() <= MAX_LIST)?;
            within("--p", a.p.iter().all(|p| *p > 0.0 && *p <= 1.0))?;
            if let LatencyArg::Inline(l) = &a.latency {
                within("--latency", l.validate().is_ok())?;
            }
            let small = a.trials.saturating_mul(a.n as u64) <= RUN_PBS_UP_TO;
            if small && !matches!(a.latency, LatencyArg::File(_)) {
                match run_pbs(a.clone()) {
                    Ok(Output::Json(text)) => {
                        serde_json::from_str::<Value>(&text)
                            .map_err(|e| format!("qsim pbs printed no JSON ({e}): {text}"))?;
                    }
                    Ok(Output::Text(_) | Output::Unsolved(_)) => {
                        return Err("qsim pbs printed something else than its JSON".into())
                    }
                    Err(e) => harness::one_line("qsim pbs error", &error_line(&e))?,
                }
            }
        }
    }
    Ok(())
}

fn check_bytes(bytes: &[u8]) -> Result<(), String> {
    let argv: Vec<String> = serde_json::from_slice(bytes)
        .map_err(|e| format!("a corpus file of qsim_args is a JSON list of strings: {e}"))?;
    check(&argv)
}

fn to_bytes(argv: &Vec<String>) -> Vec<u8> {
    serde_json::to_vec(argv).unwrap()
}

fn replay() {
    harness::replay_corpus(TARGET, &check_bytes);
}

const SUBCOMMANDS: &[&str] = &[
    "run", "pbs", "random", "check", "help", "", "PBS", "pbs ", "-", "--",
];

const FLAGS: &[&str] = &[
    "--n",
    "--r",
    "--w",
    "--latency",
    "--trials",
    "--t",
    "--seed",
    "--p",
    "--until",
    "--seeds",
    "--workload",
    "--clients",
    "--ops",
    "--nemesis",
    "--emit-scenario",
    "--history",
    "--shiviz",
    "--",
    "--=",
    "---n",
    "--N",
    "-n",
    "--n=",
    "--t=0,",
    "--version",
    "-V",
    "-h",
];

/// Values that sit on, just past or far past the edges of the ranges, and other awkward ones.
const VALUES: &[&str] = &[
    "0",
    "1",
    "3",
    "64",
    "65",
    "-1",
    "-0",
    "+3",
    " 3 ",
    "3.0",
    "1e3",
    "0x10",
    "٣",
    "18446744073709551615",
    "18446744073709551616",
    "340282366920938463463374607431768211456",
    "1000000000",
    "20000000",
    "20000001",
    "1e12",
    "1000000000000.0000001",
    "1e13",
    "1e308",
    "1e309",
    "1e-300",
    "5e-324",
    "NaN",
    "inf",
    "-inf",
    "infinity",
    "",
    " ",
    ",",
    "0,,1",
    "0.5,1,1.0000001",
    "1..2",
    "0..99999",
    "0..100000",
    "0..18446744073709551615",
    "18446744073709551615..18446744073709551615",
    "5..1",
    "1...2",
    "..",
    "one",
    "quorum",
    "all",
    "ONE",
    "lnkd-ssd",
    "LNKD-SSD",
    "wan",
    "ymmr",
    "lnkd-disk",
    "@",
    "@/nonexistent/latency.json",
    "{",
    "{}",
    "{\"uniform\": [5, 15]}",
    "{\"uniform\": [15, 5]}",
    "{\"constant\": 1e308}",
    "{\"constant\": -0}",
    "{\"mixture\": []}",
    "{\"mixture\": [[0, {\"constant\": 1}]]}",
    "{\"mixture\": [[1e308, {\"constant\": 1}], [1e308, {\"constant\": 2}]]}",
    "{\"pareto\": {\"xm\": 1e-300, \"alpha\": 1e-300}}",
    "{\"pareto\": {\"xm\": 1e308, \"alpha\": 5e-324}}",
    "{\"exponential\": {\"rate\": 5e-324}}",
    "{\"write\": {\"constant\": 1}, \"ack\": {\"constant\": 1}, \"read\": {\"constant\": 1}, \"response\": {\"write\": {}}}",
    "register",
    "set",
    "partitions,crashes,drops",
    "none",
    "partitions,,",
    "\n",
    "a\nb",
    "\u{0}",
    "\u{2028}",
    "é",
    "scenarios/node-down.json",
];

/// An awkward value: one of [`VALUES`], a long list of them, or a long string.
fn value(c: &mut harness::Choices) -> String {
    match c.below(8) {
        0 => {
            let item = c.word(VALUES);
            let count = 1 + c.below(1_200);
            vec![item; count].join(",")
        }
        1 => c.word(VALUES).repeat(1 + c.below(2_000)),
        _ => c.word(VALUES).to_string(),
    }
}

/// A command line made from `choices`: a subcommand, then flags (known ones mostly, in both
/// forms) with awkward values, and now and then a positional argument.
fn grammar(choices: &[u8]) -> Vec<String> {
    let mut c = harness::Choices::new(choices);
    let mut argv = vec![c.word(SUBCOMMANDS).to_string()];
    while !c.done() {
        match c.below(8) {
            0 => argv.push(value(&mut c)),
            1 => {
                let flag = c.word(FLAGS);
                argv.push(format!("{flag}={}", value(&mut c)));
            }
            _ => {
                argv.push(c.word(FLAGS).to_string());
                argv.push(value(&mut c));
            }
        }
    }
    argv
}

/// A corpus command line changed by `choices`: arguments deleted, duplicated, swapped,
/// replaced by awkward values, joined into `--flag=value` or split out of it.
fn mutate(base: &[String], choices: &[u8]) -> Vec<String> {
    let mut c = harness::Choices::new(choices);
    let mut argv = base.to_vec();
    let rounds = 1 + c.below(4);
    for _ in 0..rounds {
        let i = c.below(argv.len().max(1));
        match c.below(7) {
            0 if !argv.is_empty() => {
                argv.remove(i);
            }
            1 if !argv.is_empty() => argv.insert(i, argv[i].clone()),
            2 if argv.len() > 1 => {
                let j = c.below(argv.len());
                argv.swap(i, j);
            }
            3 if i + 1 < argv.len() && argv[i].starts_with("--") => {
                let v = argv.remove(i + 1);
                argv[i] = format!("{}={v}", argv[i]);
            }
            4 => match argv.get(i).and_then(|a| a.split_once('=')) {
                Some((flag, v)) => {
                    let (flag, v) = (flag.to_string(), v.to_string());
                    argv[i] = flag;
                    argv.insert(i + 1, v);
                }
                None => argv.insert(i.min(argv.len()), c.word(FLAGS).to_string()),
            },
            _ => {
                let v = value(&mut c);
                if argv.is_empty() {
                    argv.push(v);
                } else {
                    argv[i] = v;
                }
            }
        }
    }
    argv
}

#[test]
fn fuzz_qsim_args_arbitrary() {
    replay();
    let strategy = (
        proptest::sample::select(SUBCOMMANDS),
        proptest::collection::vec(any::<String>(), 0..10),
    )
        .prop_map(|(sub, rest)| {
            let mut argv = vec![sub.to_string()];
            argv.extend(rest);
            argv
        });
    harness::run(
        TARGET,
        "arbitrary",
        harness::cases(500),
        strategy,
        to_bytes,
        |a| check(a),
    );
}

#[test]
fn fuzz_qsim_args_grammar() {
    replay();
    harness::run(
        TARGET,
        "grammar",
        harness::cases(1_000),
        proptest::collection::vec(any::<u8>(), 0..48).prop_map(|c| grammar(&c)),
        to_bytes,
        |a| check(a),
    );
}

#[test]
fn fuzz_qsim_args_mutated() {
    replay();
    static BASES: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    let bases = BASES.get_or_init(|| {
        harness::corpus(TARGET)
            .iter()
            .map(|(_, bytes)| serde_json::from_slice(bytes).unwrap())
            .collect()
    });
    let strategy = (
        0..bases.len(),
        proptest::collection::vec(any::<u8>(), 0..24),
    )
        .prop_map(|(i, c)| mutate(&bases[i], &c));
    harness::run(
        TARGET,
        "mutated",
        harness::cases(1_000),
        strategy,
        to_bytes,
        |a| check(a),
    );
}
