//! `qsim`: quorumscope's headless command.
//!
//! Every subcommand prints one JSON document on stdout and exits 0, or
//! prints one line on stderr and exits 2 for bad input. The one exception is
//! help (`qsim help`, `qsim --help`, `qsim -h`, or `--help` after a
//! subcommand), which prints plain-text usage on stdout and exits 0.

mod args;
#[cfg(test)]
mod fuzz;

use args::{parse_flags, Flags};
use quorumscope_engine::latency::Latency;
use quorumscope_engine::number::plain;
use quorumscope_engine::pbs::{self, PbsModel, PbsPoint, PbsQuantile, PbsQuery, MODEL_NAMES};
use quorumscope_engine::scenario::{one_line, MAX_MS, MAX_NODES};
use quorumscope_engine::workload::{
    run_random, Nemesis, RandomParams, RandomReport, SeedRange, WorkloadKind,
};
use quorumscope_engine::Scenario;
use serde::Serialize;
use serde_json::Value;
use std::io::{Read, Write};
use std::process::ExitCode;

/// Plain-text usage, printed by `qsim help`.
const USAGE: &str = "\
qsim: run quorumscope scenarios headless

USAGE:
  qsim run FILE [--until MS]
      Run the scenario in FILE (JSON, at most 64 MiB) until every operation
      has finished and no message is in flight, or until MS simulated
      milliseconds (0 to 1000000000000); print the result as JSON. A run
      that has not settled within 50000000 events (see docs/ENGINE.md, \"When
      a run ends\") exits 2 with one line.

  qsim pbs --n N --r R --w W --latency MODEL --t T1,T2,...
           [--trials K] [--seed S] [--p P1,P2,...]
      PBS t-visibility (Bailis et al., VLDB 2012): the probability that a
      read started T ms after a write commits returns that write, estimated
      by Monte Carlo over K trials (default 100000, at most 20000000) of N
      replicas (1 to 64), read quorum R and write quorum W (integers from 1
      to N, or one/quorum/all). MODEL is lnkd-ssd, lnkd-disk, ymmr or wan
      (the paper's fits), a latency JSON such as '{\"uniform\": [5, 15]}',
      or @FILE holding one (at most 1 MiB). T values are ms from 0 to
      1000000000000. --seed S (default 0) fixes the random stream; --p lists
      probabilities in (0, 1] for which to report the smallest T that
      reaches them. --t and --p list at most 1000 values each.

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
            eprintln!("{}", error_line(&message));
            ExitCode::from(2)
        }
    }
}

/// The line printed for bad input: the message with every line break or other control
/// character escaped (`\n`), since it may quote what was typed.
fn error_line(message: &str) -> String {
    one_line(message)
}

/// What a successful command prints.
enum Output {
    /// A JSON document.
    Json(String),
    /// Plain text (help only).
    Text(String),
}

/// Runs the command line (without the program name). `Err` is the message for bad input.
fn dispatch(argv: &[String]) -> Result<Output, String> {
    let command = parse_command(argv)?;
    let prefix = command.prefix();
    execute(command).map_err(|e| format!("{prefix}{e}"))
}

/// A command line, read and checked: every flag is within its range. Nothing has been read
/// from disk yet (files are named, not opened).
#[derive(Debug, Clone, PartialEq)]
enum Command {
    /// `qsim help`.
    Help,
    /// `qsim run FILE [--until MS]`.
    Run {
        /// The scenario file.
        file: String,
        /// `--until`, ms.
        until_ms: Option<f64>,
    },
    /// `qsim pbs ...`.
    Pbs(PbsArgs),
    /// `qsim random BASE_FILE ...`.
    Random(RandomArgs),
}

/// The flags of `qsim pbs`, checked.
#[derive(Debug, Clone, PartialEq)]
struct PbsArgs {
    n: usize,
    r: usize,
    w: usize,
    latency: LatencyArg,
    trials: u64,
    seed: u64,
    t_ms: Vec<f64>,
    p: Vec<f64>,
}

/// `qsim pbs --latency`.
#[derive(Debug, Clone, PartialEq)]
enum LatencyArg {
    /// One of the paper's models, by its (lowercased) name.
    Named(String, PbsModel),
    /// A latency JSON given inline, read and checked.
    Inline(Latency),
    /// `@FILE`: a latency JSON in this file.
    File(String),
}

/// The arguments of `qsim random`, checked.
#[derive(Debug, Clone, PartialEq)]
struct RandomArgs {
    file: String,
    seeds: Option<SeedRange>,
    params: RandomParams,
    emit: Option<u64>,
}

impl Command {
    /// What an error of this command starts with.
    fn prefix(&self) -> &'static str {
        match self {
            Command::Help => "qsim: ",
            Command::Run { .. } => "qsim run: ",
            Command::Pbs(_) => "qsim pbs: ",
            Command::Random(_) => "qsim random: ",
        }
    }
}

/// Reads and checks a command line (without the program name) without touching the disk.
/// `Err` is the message for bad input, naming the flag and its allowed range.
fn parse_command(argv: &[String]) -> Result<Command, String> {
    let Some(command) = argv.first() else {
        return Err(
            "qsim: missing subcommand; expected run, pbs, random or help (see `qsim --help`)"
                .into(),
        );
    };
    let rest = &argv[1..];
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Command::Help);
    }
    match command.as_str() {
        "help" | "--help" | "-h" => Ok(Command::Help),
        "run" => parse_run(rest).map_err(|e| format!("qsim run: {e}")),
        "pbs" => parse_pbs(rest)
            .map(Command::Pbs)
            .map_err(|e| format!("qsim pbs: {e}")),
        "random" => parse_random(rest)
            .map(Command::Random)
            .map_err(|e| format!("qsim random: {e}")),
        other => Err(format!(
            "qsim: unknown subcommand `{other}`; expected run, pbs, random or help (see `qsim --help`)"
        )),
    }
}

/// Runs a checked command. `Err` is the message for bad input found on the way (a file that
/// cannot be read or that the engine refuses), without the command's prefix.
fn execute(command: Command) -> Result<Output, String> {
    match command {
        Command::Help => Ok(Output::Text(USAGE.into())),
        Command::Run { file, until_ms } => {
            let text = read_file(&file, MAX_SCENARIO_BYTES)?;
            let result = quorumscope_engine::run_json(&text, until_ms)
                .map_err(|e| format!("{file}: {e}"))?;
            Ok(Output::Json(result))
        }
        Command::Pbs(args) => run_pbs(args),
        Command::Random(args) => run_random_command(args),
    }
}

/// Longest scenario file `qsim run` and `qsim random` read, in bytes (64 MiB).
const MAX_SCENARIO_BYTES: u64 = 64 << 20;
/// Longest latency file `qsim pbs --latency @FILE` reads, in bytes (1 MiB).
const MAX_LATENCY_BYTES: u64 = 1 << 20;
/// Most replicas `qsim pbs --n` accepts: as many as a scenario's cluster may have.
const MAX_PBS_N: usize = MAX_NODES;
/// Most values `--t` or `--p` may list.
const MAX_LIST: usize = 1000;

/// `qsim run FILE [--until MS]`.
fn parse_run(rest: &[String]) -> Result<Command, String> {
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
    Ok(Command::Run { file, until_ms })
}

/// `qsim pbs ...`: see [`USAGE`].
fn parse_pbs(rest: &[String]) -> Result<PbsArgs, String> {
    let mut flags = parse_flags(
        rest,
        &["n", "r", "w", "latency", "trials", "t", "seed", "p"],
    )?;
    if let Some(extra) = flags.positionals.first() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    let n = parse_int("--n", &flags.require("n")?, 1, MAX_PBS_N as u64)? as usize;
    let r = parse_quorum("--r", &flags.require("r")?, n)?;
    let w = parse_quorum("--w", &flags.require("w")?, n)?;
    let latency = parse_latency_arg(&flags.require("latency")?)?;
    let trials = match flags.take("trials") {
        None => 100_000,
        Some(v) => parse_int("--trials", &v, 1, pbs::MAX_TRIALS)?,
    };
    let t_ms = parse_list("--t", &flags.require("t")?, |s| parse_ms("--t", s))?;
    let seed = match flags.take("seed") {
        None => 0,
        Some(v) => parse_int("--seed", &v, 0, u64::MAX)?,
    };
    let p = match flags.take("p") {
        None => Vec::new(),
        Some(v) => parse_list("--p", &v, parse_probability)?,
    };
    Ok(PbsArgs {
        n,
        r,
        w,
        latency,
        trials,
        seed,
        t_ms,
        p,
    })
}

/// Runs `qsim pbs` (reading `--latency @FILE` first).
fn run_pbs(args: PbsArgs) -> Result<Output, String> {
    let (model_name, model) = match args.latency {
        LatencyArg::Named(name, model) => (Some(name), model),
        LatencyArg::Inline(latency) => (None, PbsModel::Iid(latency)),
        LatencyArg::File(path) => {
            let text = read_file(&path, MAX_LATENCY_BYTES)?;
            (
                None,
                PbsModel::Iid(read_latency(&text, &format!("--latency @{path}"))?),
            )
        }
    };
    let query = PbsQuery {
        n: args.n,
        r: args.r,
        w: args.w,
        model,
        trials: args.trials,
        seed: args.seed,
        t_ms: args.t_ms,
        p: args.p,
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
fn parse_random(rest: &[String]) -> Result<RandomArgs, String> {
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
        Some(v) => parse_int("--clients", &v, 1, MAX_CLIENTS as u64)? as usize,
    };
    let ops = match flags.take("ops") {
        None => 50,
        Some(v) => parse_int("--ops", &v, 1, MAX_OPS as u64)? as usize,
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
    if seeds.is_none() && emit.is_none() {
        return Err("missing required flag --seeds (A..B, e.g. --seeds 1..100)".into());
    }
    Ok(RandomArgs {
        file,
        seeds,
        params: RandomParams {
            kind,
            clients,
            ops,
            nemesis,
        },
        emit,
    })
}

/// Runs `qsim random` (reading BASE_FILE first).
fn run_random_command(args: RandomArgs) -> Result<Output, String> {
    let RandomArgs {
        file,
        seeds,
        params,
        emit,
    } = args;
    let base = Scenario::from_json(&read_file(&file, MAX_SCENARIO_BYTES)?)
        .map_err(|e| format!("{file}: {e}"))?;
    let seeds = match (emit, seeds) {
        (Some(seed), _) => {
            return serde_json::to_string_pretty(&params.scenario(&base, seed))
                .map(Output::Json)
                .map_err(|e| format!("cannot write the scenario: {e}"));
        }
        (None, Some(seeds)) => seeds,
        // parse_random makes sure one of them is given.
        (None, None) => {
            return Err("missing required flag --seeds (A..B, e.g. --seeds 1..100)".into())
        }
    };
    let report = run_random(&base, seeds, &params);
    let RandomParams {
        kind,
        clients,
        ops,
        nemesis,
    } = params;
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

/// An integer from `min` to `max` (spaces around it allowed).
fn parse_int(flag: &str, text: &str, min: u64, max: u64) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(k) if (min..=max).contains(&k) => Ok(k),
        _ => Err(format!(
            "{flag} must be an integer from {min} to {max}, got `{text}`"
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

/// `--latency MODEL`: a model name, a latency JSON (read and checked here), or `@FILE` (read
/// when the command runs).
fn parse_latency_arg(text: &str) -> Result<LatencyArg, String> {
    let trimmed = text.trim();
    if let Some(model) = pbs::pbs_model(trimmed) {
        return Ok(LatencyArg::Named(trimmed.to_ascii_lowercase(), model));
    }
    if let Some(path) = trimmed.strip_prefix('@') {
        return Ok(LatencyArg::File(path.to_string()));
    }
    if trimmed.starts_with('{') {
        return read_latency(trimmed, "--latency").map(LatencyArg::Inline);
    }
    Err(format!(
        "unknown --latency model `{trimmed}`; expected one of {}, a latency JSON such as {{\"uniform\": [5, 15]}}, or @FILE",
        MODEL_NAMES.join(", ")
    ))
}

/// A latency from its JSON text; `origin` names where the text came from in errors.
fn read_latency(json_text: &str, origin: &str) -> Result<Latency, String> {
    let value: Value =
        serde_json::from_str(json_text).map_err(|e| format!("{origin} is not valid JSON: {e}"))?;
    Latency::from_json(&value).map_err(|e| format!("{origin}: {e}"))
}

/// The text of a file of at most `max` bytes.
fn read_file(path: &str, max: u64) -> Result<String, String> {
    let cannot = |e: std::io::Error| format!("cannot read `{path}`: {e}");
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::new();
    // One byte more than allowed tells a file at the limit from a longer one (or an endless
    // one, such as /dev/zero).
    file.take(max + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "cannot read `{path}`: it is larger than {} MiB",
            max >> 20
        ));
    }
    String::from_utf8(bytes).map_err(|_| format!("cannot read `{path}`: it is not UTF-8 text"))
}

/// A quorum size: an integer from 1 to `n`, or `one`, `quorum` (n/2 + 1), `all`.
fn parse_quorum(flag: &str, text: &str, n: usize) -> Result<usize, String> {
    let k = match text.trim() {
        "one" => Some(1),
        "quorum" => Some(n / 2 + 1),
        "all" => Some(n),
        other => other.parse::<usize>().ok(),
    };
    match k {
        Some(k) if (1..=n).contains(&k) => Ok(k),
        _ => Err(format!(
            "{flag} must be one, quorum, all or an integer from 1 to --n = {n}, got `{text}`"
        )),
    }
}

/// A number of milliseconds from 0 to [`MAX_MS`], the longest time a scenario may name.
fn parse_ms(flag: &str, text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if (0.0..=MAX_MS).contains(&x) => Ok(x),
        _ => Err(format!(
            "{flag} must be a number of ms from 0 to {}, got `{text}`",
            plain(MAX_MS)
        )),
    }
}

fn parse_probability(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(p) if p > 0.0 && p <= 1.0 => Ok(p),
        _ => Err(format!("--p values must be in (0, 1], got `{text}`")),
    }
}

/// A comma-separated list of 1 to [`MAX_LIST`] items.
fn parse_list<T>(
    flag: &str,
    text: &str,
    item: impl Fn(&str) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    if text.trim().is_empty() {
        return Err(format!(
            "{flag} needs a comma-separated list of 1 to {MAX_LIST} values, got an empty one"
        ));
    }
    let count = text.split(',').count();
    if count > MAX_LIST {
        return Err(format!(
            "{flag} needs a comma-separated list of 1 to {MAX_LIST} values, got {count}"
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
        assert!(parse_quorum("--r", "6", 5).is_err());
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
            Err("--t must be a number of ms from 0 to 1000000000000, got ``".into())
        );
        assert!(parse_ms("--t", "inf").is_err());
        assert!(parse_ms("--t", "NaN").is_err());
        assert!(parse_ms("--t", "-1").is_err());
        assert!(parse_ms("--t", "1e12").is_ok());
        assert!(parse_ms("--t", "1.000001e12").is_err());
    }

    #[test]
    fn error_lines_escape_line_breaks() {
        assert_eq!(
            error_line("unknown flag `--a\nb`"),
            "unknown flag `--a\\nb`"
        );
        assert_eq!(error_line("a\r\n\u{2028}b"), "a\\r\\n\\u{2028}b");
    }
}
