//! `qsim`: quorumscope's headless command.
//!
//! Every subcommand prints one JSON document on stdout and exits 0, or
//! prints one line on stderr and exits 2 for bad input. The one exception is
//! help (`qsim help`, `qsim --help`, `qsim -h`, or `--help` after a
//! subcommand), which prints plain-text usage on stdout and exits 0.

mod args;

use args::{parse_flags, Flags};
use quorumscope_engine::latency::Latency;
use quorumscope_engine::pbs::{self, PbsModel, PbsPoint, PbsQuantile, PbsQuery, MODEL_NAMES};
use quorumscope_engine::workload::{
    run_random, Nemesis, RandomParams, RandomReport, SeedRange, WorkloadKind,
};
use quorumscope_engine::Scenario;
use serde::Serialize;
use serde_json::Value;
use std::io::Write;
use std::process::ExitCode;

/// Plain-text usage, printed by `qsim help`.
const USAGE: &str = "\
qsim: run quorumscope scenarios headless

USAGE:
  qsim run FILE [--until MS]
      Run the scenario in FILE (JSON) until every operation has finished and
      no message is in flight, or until MS simulated milliseconds; print the
      result as JSON. A run that has not settled within 50000000 events
      (see docs/ENGINE.md, \"When a run ends\") exits 2 with one line.

  qsim pbs --n N --r R --w W --latency MODEL --t T1,T2,...
           [--trials K] [--seed S] [--p P1,P2,...]
      PBS t-visibility (Bailis et al., VLDB 2012): the probability that a
      read started T ms after a write commits returns that write, estimated
      by Monte Carlo over K trials (default 100000) of N replicas, read
      quorum R and write quorum W (integers, or one/quorum/all).
      MODEL is lnkd-ssd, lnkd-disk, ymmr or wan (the paper's fits), a
      latency JSON such as '{\"uniform\": [5, 15]}', or @FILE holding one.
      --seed S (default 0) fixes the random stream; --p lists probabilities
      for which to report the smallest T that reaches them.

  qsim random BASE_FILE --seeds A..B [--workload register|set]
              [--clients K] [--ops M] [--nemesis LIST] [--emit-scenario SEED]
      For each seed from A to B (both included), a random workload and
      fault schedule on the cluster of BASE_FILE (a scenario file; its
      events are ignored): M client operations (default 50, at most 10000)
      by K clients (default 3, at most 1000), with the faults in LIST, a
      comma-separated list of partitions, crashes, drops (default none);
      then every fault healed, every node recovered, drops off, a quiet
      period for repair, and a final read of every key. Each run goes on
      until it settles and is checked. Prints the totals over all seeds
      (at most 100000): operations ok and failed, the sums of the metrics
      of `qsim run`, and the seeds that had stale reads or lost writes.
      --workload register (default): puts, gets and deletes on 1 to 3 keys.
      --workload set: Jepsen's set test: each client alternates a get and a
      put that adds its next own number to the union of the siblings it
      read; Jepsen's set checker's totals (ok, lost, unexpected, recovered
      elements) are under \"set\".
      --emit-scenario SEED: print the scenario of that seed (with the same
      other flags; --seeds is then optional) instead of running anything;
      `qsim run` on it replays the seed's run exactly.

  qsim help | --help | -h
      Print this text.

Output is one JSON document on stdout (this help is the only plain text).
Bad input prints one line on stderr and exits with status 2.
";

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&argv) {
        Ok(Output::Json(text)) | Ok(Output::Text(text)) => {
            let mut out = std::io::stdout().lock();
            let written = out
                .write_all(text.as_bytes())
                .and_then(|()| {
                    if text.ends_with('\n') {
                        Ok(())
                    } else {
                        out.write_all(b"\n")
                    }
                })
                .and_then(|()| out.flush());
            match written {
                Ok(()) => ExitCode::SUCCESS,
                // A closed pipe or full disk: nothing useful to print.
                Err(_) => ExitCode::FAILURE,
            }
        }
        Err(message) => {
            // One line, whatever the message held.
            let line = message.replace(['\n', '\r'], " ");
            eprintln!("{line}");
            ExitCode::from(2)
        }
    }
}

/// What a successful command prints.
enum Output {
    /// A JSON document.
    Json(String),
    /// Plain text (help only).
    Text(String),
}

/// Runs the command line (without the program name). `Err` is the one-line
/// message for bad input.
fn dispatch(argv: &[String]) -> Result<Output, String> {
    let Some(command) = argv.first() else {
        return Err(
            "qsim: missing subcommand; expected run, pbs, random or help (see `qsim --help`)"
                .into(),
        );
    };
    let rest = &argv[1..];
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Output::Text(USAGE.into()));
    }
    match command.as_str() {
        "help" | "--help" | "-h" => Ok(Output::Text(USAGE.into())),
        "run" => cmd_run(rest).map_err(|e| format!("qsim run: {e}")),
        "pbs" => cmd_pbs(rest).map_err(|e| format!("qsim pbs: {e}")),
        "random" => cmd_random(rest).map_err(|e| format!("qsim random: {e}")),
        other => Err(format!(
            "qsim: unknown subcommand `{other}`; expected run, pbs, random or help (see `qsim --help`)"
        )),
    }
}

/// `qsim run FILE [--until MS]`.
fn cmd_run(rest: &[String]) -> Result<Output, String> {
    let mut flags = parse_flags(rest, &["until"])?;
    let file = match flags.positionals.as_slice() {
        [file] => file.clone(),
        [] => return Err("missing scenario FILE".into()),
        [_, extra, ..] => return Err(format!("unexpected argument `{extra}` after FILE")),
    };
    let until_ms = match flags.take("until") {
        None => None,
        Some(v) => Some(parse_ms("--until", &v)?),
    };
    let text = read_file(&file)?;
    let result =
        quorumscope_engine::run_json(&text, until_ms).map_err(|e| format!("{file}: {e}"))?;
    Ok(Output::Json(result))
}

/// `qsim pbs ...`: see [`USAGE`].
fn cmd_pbs(rest: &[String]) -> Result<Output, String> {
    let mut flags = parse_flags(
        rest,
        &["n", "r", "w", "latency", "trials", "t", "seed", "p"],
    )?;
    if let Some(extra) = flags.positionals.first() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    let n_text = flags.require("n")?;
    let n = parse_count("--n", &n_text)?;
    let r = parse_quorum("--r", &flags.require("r")?, n)?;
    let w = parse_quorum("--w", &flags.require("w")?, n)?;
    if r > n {
        return Err(format!("--r must be between 1 and --n = {n}, got {r}"));
    }
    if w > n {
        return Err(format!("--w must be between 1 and --n = {n}, got {w}"));
    }
    let (model_name, model) = parse_model(&flags.require("latency")?)?;
    let trials = match flags.take("trials") {
        None => 100_000,
        Some(v) => {
            let k = parse_count("--trials", &v)? as u64;
            if k > pbs::MAX_TRIALS {
                return Err(format!(
                    "--trials must be at most {}, got {k}",
                    pbs::MAX_TRIALS
                ));
            }
            k
        }
    };
    let t_ms = parse_list("--t", &flags.require("t")?, |s| parse_ms("--t", s))?;
    let seed = match flags.take("seed") {
        None => 0,
        Some(v) => v.parse::<u64>().map_err(|_| {
            format!(
                "--seed must be an integer from 0 to {}, got `{v}`",
                u64::MAX
            )
        })?,
    };
    let p = match flags.take("p") {
        None => Vec::new(),
        Some(v) => parse_list("--p", &v, parse_probability)?,
    };
    let query = PbsQuery {
        n,
        r,
        w,
        model,
        trials,
        seed,
        t_ms,
        p,
    };
    let report = query.run()?;
    let out = PbsOutput {
        n: report.n,
        r: report.r,
        w: report.w,
        trials: report.trials,
        seed: report.seed,
        model: model_name,
        latency: query.model.latency().to_json(),
        remote_delay_ms: match query.model {
            PbsModel::Wan {
                remote_delay_ms, ..
            } => Some(remote_delay_ms),
            PbsModel::Iid(_) => None,
        },
        points: &report.points,
        t_for_p: &report.t_for_p,
    };
    serde_json::to_string_pretty(&out)
        .map(Output::Json)
        .map_err(|e| format!("cannot write the result: {e}"))
}

/// The JSON printed by `qsim pbs`.
#[derive(Serialize)]
struct PbsOutput<'a> {
    points: &'a [PbsPoint],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    t_for_p: &'a [PbsQuantile],
    n: usize,
    r: usize,
    w: usize,
    trials: u64,
    seed: u64,
    /// The named model, or null for a latency given as JSON.
    model: Option<String>,
    /// The per-message latency used (for `wan`, the delay within a
    /// datacenter).
    latency: Value,
    /// For `wan` only: the extra one-way delay to a remote datacenter.
    #[serde(skip_serializing_if = "Option::is_none")]
    remote_delay_ms: Option<f64>,
}

/// Most clients `qsim random` accepts.
const MAX_CLIENTS: usize = 1000;
/// Most operations per run `qsim random` accepts.
const MAX_OPS: usize = 10_000;
/// Most seeds one `qsim random` runs.
const MAX_SEEDS: u64 = 100_000;

/// `qsim random BASE_FILE --seeds A..B ...`: see [`USAGE`].
fn cmd_random(rest: &[String]) -> Result<Output, String> {
    let mut flags = parse_flags(
        rest,
        &[
            "seeds",
            "workload",
            "clients",
            "ops",
            "nemesis",
            "emit-scenario",
        ],
    )?;
    let file = match flags.positionals.as_slice() {
        [file] => file.clone(),
        [] => return Err("missing BASE_FILE (a scenario file whose cluster the runs use)".into()),
        [_, extra, ..] => return Err(format!("unexpected argument `{extra}` after BASE_FILE")),
    };
    let seeds = flags.take("seeds").map(|v| parse_seeds(&v)).transpose()?;
    let kind = match flags.take("workload") {
        None => WorkloadKind::Register,
        Some(v) => WorkloadKind::parse(&v)?,
    };
    let clients = match flags.take("clients") {
        None => 3,
        Some(v) => parse_bounded("--clients", &v, MAX_CLIENTS)?,
    };
    let ops = match flags.take("ops") {
        None => 50,
        Some(v) => parse_bounded("--ops", &v, MAX_OPS)?,
    };
    let nemesis = match flags.take("nemesis") {
        None => Nemesis::none(),
        Some(v) => Nemesis::parse(&v)?,
    };
    let emit = flags
        .take("emit-scenario")
        .map(|v| {
            v.trim().parse::<u64>().map_err(|_| {
                format!(
                    "--emit-scenario must be a seed, an integer from 0 to {}, got `{v}`",
                    u64::MAX
                )
            })
        })
        .transpose()?;
    let base = Scenario::from_json(&read_file(&file)?).map_err(|e| format!("{file}: {e}"))?;
    let params = RandomParams {
        kind,
        clients,
        ops,
        nemesis,
    };
    if let Some(seed) = emit {
        return serde_json::to_string_pretty(&params.scenario(&base, seed))
            .map(Output::Json)
            .map_err(|e| format!("cannot write the scenario: {e}"));
    }
    let Some(seeds) = seeds else {
        return Err("missing required flag --seeds (A..B, e.g. --seeds 1..100)".into());
    };
    let report = run_random(&base, seeds, &params);
    let rerun = format!(
        "qsim random {} --workload {kind} --clients {clients} --ops {ops} --nemesis {nemesis} --emit-scenario SEED > seed.json && qsim run seed.json",
        shell_word(&file)
    );
    let out = RandomOutput {
        base: &file,
        report: &report,
        rerun,
    };
    serde_json::to_string_pretty(&out)
        .map(Output::Json)
        .map_err(|e| format!("cannot write the result: {e}"))
}

/// The JSON printed by `qsim random`.
#[derive(Serialize)]
struct RandomOutput<'a> {
    /// BASE_FILE as given.
    base: &'a str,
    #[serde(flatten)]
    report: &'a RandomReport,
    /// How to replay one seed's run with `qsim run`.
    rerun: String,
}

/// `--seeds A..B`: both included, `A <= B`, at most [`MAX_SEEDS`] of them.
fn parse_seeds(text: &str) -> Result<SeedRange, String> {
    let bad =
        || format!("--seeds must be A..B with integers 0 <= A <= B (both included), got `{text}`");
    let (a, b) = text.trim().split_once("..").ok_or_else(bad)?;
    let from = a.trim().parse::<u64>().map_err(|_| bad())?;
    let to = b.trim().parse::<u64>().map_err(|_| bad())?;
    if from > to {
        return Err(format!(
            "--seeds A..B needs A <= B, got {from} > {to} in `{text}`"
        ));
    }
    let count = u128::from(to - from) + 1;
    if count > u128::from(MAX_SEEDS) {
        return Err(format!(
            "--seeds names {count} seeds; at most {MAX_SEEDS} per run"
        ));
    }
    Ok(SeedRange { from, to })
}

/// An integer from 1 to `max`.
fn parse_bounded(flag: &str, text: &str, max: usize) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(k) if (1..=max).contains(&k) => Ok(k),
        _ => Err(format!(
            "{flag} must be an integer from 1 to {max}, got `{text}`"
        )),
    }
}

/// A path as one shell word: as is when it needs no quoting, else in single quotes.
fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./+,:@%=".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// `--latency MODEL`: a model name, a latency JSON, or `@FILE`.
fn parse_model(text: &str) -> Result<(Option<String>, PbsModel), String> {
    let trimmed = text.trim();
    if let Some(model) = pbs::pbs_model(trimmed) {
        return Ok((Some(trimmed.to_ascii_lowercase()), model));
    }
    let (json_text, origin) = if let Some(path) = trimmed.strip_prefix('@') {
        (read_file(path)?, format!("--latency {trimmed}"))
    } else if trimmed.starts_with('{') {
        (trimmed.to_string(), "--latency".to_string())
    } else {
        return Err(format!(
            "unknown --latency model `{trimmed}`; expected one of {}, a latency JSON such as {{\"uniform\": [5, 15]}}, or @FILE",
            MODEL_NAMES.join(", ")
        ));
    };
    let value: Value =
        serde_json::from_str(&json_text).map_err(|e| format!("{origin} is not valid JSON: {e}"))?;
    let latency = Latency::from_json(&value).map_err(|e| format!("{origin}: {e}"))?;
    Ok((None, PbsModel::Iid(latency)))
}

fn read_file(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read `{path}`: {e}"))
}

/// A positive integer.
fn parse_count(flag: &str, text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(k) if k >= 1 => Ok(k),
        _ => Err(format!("{flag} must be a positive integer, got `{text}`")),
    }
}

/// A quorum size: a positive integer, or `one`, `quorum` (n/2 + 1), `all`.
fn parse_quorum(flag: &str, text: &str, n: usize) -> Result<usize, String> {
    match text.trim() {
        "one" => Ok(1),
        "quorum" => Ok(n / 2 + 1),
        "all" => Ok(n),
        other => match other.parse::<usize>() {
            Ok(k) if k >= 1 => Ok(k),
            _ => Err(format!(
                "{flag} must be a positive integer or one, quorum, all; got `{text}`"
            )),
        },
    }
}

/// A finite number of milliseconds, `>= 0`.
fn parse_ms(flag: &str, text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!("{flag} must be a number of ms >= 0, got `{text}`")),
    }
}

fn parse_probability(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(p) if p > 0.0 && p <= 1.0 => Ok(p),
        _ => Err(format!("--p values must be in (0, 1], got `{text}`")),
    }
}

/// A non-empty comma-separated list.
fn parse_list<T>(
    flag: &str,
    text: &str,
    item: impl Fn(&str) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    if text.trim().is_empty() {
        return Err(format!(
            "{flag} needs a comma-separated list, got an empty one"
        ));
    }
    text.split(',').map(item).collect()
}

impl Flags {
    /// The value of a required flag.
    fn require(&mut self, name: &str) -> Result<String, String> {
        self.take(name)
            .ok_or_else(|| format!("missing required flag --{name}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quorum_words() {
        assert_eq!(parse_quorum("--r", "one", 5), Ok(1));
        assert_eq!(parse_quorum("--r", "quorum", 5), Ok(3));
        assert_eq!(parse_quorum("--r", "quorum", 4), Ok(3));
        assert_eq!(parse_quorum("--r", "all", 5), Ok(5));
        assert_eq!(parse_quorum("--r", "2", 5), Ok(2));
        assert!(parse_quorum("--r", "0", 5).is_err());
        assert!(parse_quorum("--r", "most", 5).is_err());
    }

    #[test]
    fn ms_and_lists() {
        assert_eq!(
            parse_list("--t", "0,1.5, 10", |s| parse_ms("--t", s)),
            Ok(vec![0.0, 1.5, 10.0])
        );
        assert_eq!(
            parse_list("--t", "0,,1", |s| parse_ms("--t", s)),
            Err("--t must be a number of ms >= 0, got ``".into())
        );
        assert!(parse_ms("--t", "inf").is_err());
        assert!(parse_ms("--t", "NaN").is_err());
        assert!(parse_ms("--t", "-1").is_err());
    }
}
