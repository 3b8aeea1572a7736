//! `qsim`: quorumscope's headless command.
//!
//! Every subcommand prints one JSON document on stdout and exits 0, or
//! prints one line on stderr and exits 2 for bad input. The exceptions are
//! help (`qsim help`, `qsim --help`, `qsim -h`, or `--help` after a
//! subcommand) and `qsim --version` (`-V`), which print plain text on stdout
//! and exit 0. clap reads the command line ([`cli`]).

mod cli;
#[cfg(test)]
mod fuzz;

use cli::{HistoryFormat, Refusal, Sub, USAGE};
use quorumscope_engine::exercise::Exercise;
use quorumscope_engine::export;
use quorumscope_engine::latency::Latency;
use quorumscope_engine::number::plain;
use quorumscope_engine::pbs::{self, PbsModel, PbsPoint, PbsQuantile, PbsQuery, MODEL_NAMES};
use quorumscope_engine::scenario::{one_line, MAX_MS, MAX_NODES};
use quorumscope_engine::sim::{Options, CAUSAL_ALL, MAX_RUN_EVENTS};
use quorumscope_engine::staleness::{self, StalenessQuery, StalenessReport};
use quorumscope_engine::workload::{
    run_random, Nemesis, RandomParams, RandomReport, SeedRange, WorkloadKind,
};
use quorumscope_engine::{RunResult, Scenario};
use serde::Serialize;
use serde_json::Value;
use std::io::{Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    // `qsim` only takes text: an argument that is not UTF-8 is bad input (std::env::args
    // would panic on it).
    let argv: Result<Vec<String>, String> = std::env::args_os()
        .skip(1)
        .enumerate()
        .map(|(i, a)| {
            a.into_string().map_err(|a| {
                format!(
                    "qsim: argument {} `{}` is not UTF-8 text",
                    i + 1,
                    a.to_string_lossy()
                )
            })
        })
        .collect();
    match argv.and_then(|argv| dispatch(&argv)) {
        Ok(output) => {
            let (text, status) = match output {
                Output::Json(text) | Output::Text(text) => (text, ExitCode::SUCCESS),
                Output::Unsolved(text) => (text, ExitCode::from(1)),
            };
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
                Ok(()) => status,
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
    /// Plain text (help and version only).
    Text(String),
    /// A JSON document that says an exercise is not solved (`qsim check`): printed like
    /// [`Output::Json`], with exit status 1.
    Unsolved(String),
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
    /// `qsim --version`.
    Version,
    /// `qsim run FILE [--until MS] [--history edn] [--shiviz OUT_FILE]`.
    Run {
        /// The scenario file.
        file: String,
        /// `--until`, ms.
        until_ms: Option<f64>,
        /// `--history`: print the history in this format instead of the JSON result.
        history: Option<HistoryFormat>,
        /// `--shiviz`: write a ShiViz log of the run to this file.
        shiviz: Option<String>,
    },
    /// `qsim pbs ...`.
    Pbs(PbsArgs),
    /// `qsim pbs --scenario FILE ...`.
    PbsScenario(PbsScenarioArgs),
    /// `qsim random BASE_FILE ...`.
    Random(RandomArgs),
    /// `qsim check EXERCISE SCENARIO`.
    Check {
        /// The exercise file.
        exercise: String,
        /// The solution's scenario file.
        solution: String,
    },
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

/// The flags of `qsim pbs --scenario`, checked.
#[derive(Debug, Clone, PartialEq)]
struct PbsScenarioArgs {
    file: String,
    trials: u64,
    seed: u64,
    t_ms: Vec<f64>,
    at_ms: Option<f64>,
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
            Command::Help | Command::Version => "qsim: ",
            Command::Run { .. } => "qsim run: ",
            Command::Pbs(_) | Command::PbsScenario(_) => "qsim pbs: ",
            Command::Random(_) => "qsim random: ",
            Command::Check { .. } => "qsim check: ",
        }
    }
}

/// Reads and checks a command line (without the program name) without touching the disk.
/// `Err` is the message for bad input, naming the flag and its allowed range.
fn parse_command(argv: &[String]) -> Result<Command, String> {
    let cli = match cli::parse(argv) {
        Ok(cli) => cli,
        Err(Refusal::Help) => return Ok(Command::Help),
        Err(Refusal::Version) => return Ok(Command::Version),
        Err(Refusal::Bad(message)) => return Err(message),
    };
    match cli.command {
        Sub::Run(run) => Ok(Command::Run {
            file: run.file,
            until_ms: run.until,
            history: run.history,
            shiviz: run.shiviz,
        }),
        Sub::Pbs(flags) => pbs_command(flags).map_err(|e| format!("qsim pbs: {e}")),
        Sub::Random(flags) => Ok(Command::Random(random_args(flags))),
        Sub::Check(flags) => Ok(Command::Check {
            exercise: flags.exercise,
            solution: flags.solution,
        }),
    }
}

/// Runs a checked command. `Err` is the message for bad input found on the way (a file that
/// cannot be read or that the engine refuses), without the command's prefix.
fn execute(command: Command) -> Result<Output, String> {
    match command {
        Command::Help => Ok(Output::Text(USAGE.into())),
        Command::Check { exercise, solution } => {
            let text = read_file(&exercise, MAX_SCENARIO_BYTES)?;
            let exercise_file =
                Exercise::from_json(&text).map_err(|e| format!("{exercise}: {e}"))?;
            let text = solution_text(&exercise, &exercise_file, &solution)?;
            let sim =
                quorumscope_engine::run_simulator(&text, None, MAX_RUN_EVENTS, Options::default())
                    .map_err(|e| format!("{}: {e}", solution_name(&solution)))?;
            let verdict = exercise_file.verdict(&sim);
            let json = serde_json::to_string_pretty(&verdict).map_err(|e| e.to_string())?;
            Ok(if verdict.solved {
                Output::Json(json)
            } else {
                Output::Unsolved(json)
            })
        }
        Command::Version => Ok(Output::Text(format!("qsim {}", env!("CARGO_PKG_VERSION")))),
        Command::Run {
            file,
            until_ms,
            history: None,
            shiviz: None,
        } => {
            let text = read_file(&file, MAX_SCENARIO_BYTES)?;
            let result = quorumscope_engine::run_json(&text, until_ms)
                .map_err(|e| format!("{file}: {e}"))?;
            Ok(Output::Json(result))
        }
        Command::Run {
            file,
            until_ms,
            history,
            shiviz,
        } => run_exported(&file, until_ms, history, shiviz.as_deref()),
        Command::Pbs(args) => run_pbs(args),
        Command::PbsScenario(args) => run_pbs_scenario(args),
        Command::Random(args) => run_random_command(args),
    }
}

/// `qsim run` with `--history` or `--shiviz`: the same run, keeping its causal log when a ShiViz
/// log is asked for (which changes nothing in the run), then the exports.
fn run_exported(
    file: &str,
    until_ms: Option<f64>,
    history: Option<HistoryFormat>,
    shiviz: Option<&str>,
) -> Result<Output, String> {
    let text = read_file(file, MAX_SCENARIO_BYTES)?;
    let options = Options {
        record_messages: false,
        causal_limit: if shiviz.is_some() { CAUSAL_ALL } else { 0 },
        ..Options::default()
    };
    let sim = quorumscope_engine::run_simulator(&text, until_ms, MAX_RUN_EVENTS, options)
        .map_err(|e| format!("{file}: {e}"))?;
    if let Some(out) = shiviz {
        let log = export::shiviz_log(&sim).map_err(|e| format!("--shiviz: {e}"))?;
        std::fs::write(out, log).map_err(|e| format!("--shiviz: cannot write `{out}`: {e}"))?;
    }
    match history {
        Some(HistoryFormat::Edn) => Ok(Output::Text(export::jepsen_history(&sim))),
        None => serde_json::to_string_pretty(&RunResult::of(&sim))
            .map(Output::Json)
            .map_err(|e| format!("internal: {e}")),
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

/// The times `qsim pbs --scenario` reads at when `--t` is not given, ms.
const SCENARIO_T_MS: [f64; 11] = [
    0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0,
];

/// Trials of `qsim pbs --scenario` when `--trials` is not given.
const SCENARIO_TRIALS: u64 = 1000;

/// `qsim pbs ...` (see [`USAGE`]): the closed model's flags, or `--scenario`'s.
fn pbs_command(flags: cli::PbsFlags) -> Result<Command, String> {
    let Some(file) = flags.scenario else {
        return pbs_args(flags).map(Command::Pbs);
    };
    let trials = flags.trials.unwrap_or(SCENARIO_TRIALS);
    if trials > staleness::MAX_TRIALS {
        return Err(format!(
            "--trials must be an integer from 1 to {} with --scenario, got `{trials}`",
            staleness::MAX_TRIALS
        ));
    }
    Ok(Command::PbsScenario(PbsScenarioArgs {
        file,
        trials,
        seed: flags.seed.unwrap_or(0),
        t_ms: flags.t.map_or_else(|| SCENARIO_T_MS.to_vec(), |t| t.0),
        at_ms: flags.at,
    }))
}

/// `qsim pbs ...` without `--scenario`: `--r` and `--w` checked against `--n`, the defaults
/// filled in. clap has made sure that every flag it needs is there.
fn pbs_args(flags: cli::PbsFlags) -> Result<PbsArgs, String> {
    if flags.at.is_some() {
        return Err("--at needs --scenario (it sets when the probe's write starts)".into());
    }
    let missing = |flag: &str| format!("missing required flag {flag}");
    let n = flags.n.ok_or_else(|| missing("--n"))?;
    Ok(PbsArgs {
        n,
        r: parse_quorum("--r", &flags.r.ok_or_else(|| missing("--r"))?, n)?,
        w: parse_quorum("--w", &flags.w.ok_or_else(|| missing("--w"))?, n)?,
        latency: flags.latency.ok_or_else(|| missing("--latency"))?,
        trials: flags.trials.unwrap_or(100_000),
        seed: flags.seed.unwrap_or(0),
        t_ms: flags.t.ok_or_else(|| missing("--t"))?.0,
        p: flags.p.map_or_else(Vec::new, |p| p.0),
    })
}

/// Runs `qsim pbs --scenario`: reads the scenario and runs the engine's trials.
fn run_pbs_scenario(args: PbsScenarioArgs) -> Result<Output, String> {
    let query = StalenessQuery {
        trials: args.trials,
        seed: args.seed,
        t_ms: args.t_ms,
        at_ms: args.at_ms,
        key: None,
        writer: None,
        reader: None,
    };
    query.validate()?;
    let text = read_file(&args.file, MAX_SCENARIO_BYTES)?;
    let scenario = Scenario::from_json(&text).map_err(|e| format!("{}: {e}", args.file))?;
    let report = query
        .run(&scenario)
        .map_err(|e| format!("{}: {e}", args.file))?;
    let out = PbsScenarioOutput {
        scenario: &args.file,
        estimate: "engine",
        report: &report,
    };
    serde_json::to_string_pretty(&out)
        .map(Output::Json)
        .map_err(|e| format!("cannot write the result: {e}"))
}

/// The JSON printed by `qsim pbs --scenario`: the report's fields after these two.
#[derive(Serialize)]
struct PbsScenarioOutput<'a> {
    /// The scenario file.
    scenario: &'a str,
    /// `"engine"`: measured by the simulator (the closed model's output has no such field).
    estimate: &'static str,
    #[serde(flatten)]
    report: &'a StalenessReport,
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

/// `qsim random BASE_FILE ...` (see [`USAGE`]) with the defaults filled in. clap makes sure
/// `--seeds` or `--emit-scenario` is given.
fn random_args(flags: cli::RandomFlags) -> RandomArgs {
    RandomArgs {
        file: flags.file,
        seeds: flags.seeds,
        params: RandomParams {
            kind: flags.workload.unwrap_or(WorkloadKind::Register),
            clients: flags.clients.unwrap_or(3),
            ops: flags.ops.unwrap_or(50),
            nemesis: flags.nemesis.unwrap_or_else(Nemesis::none),
        },
        emit: flags.emit_scenario,
    }
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
        // clap makes sure one of them is given.
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
/// How `qsim check`'s solution is named in a message: a file by its path, a share link by
/// its start (links run to thousands of characters).
fn solution_name(solution: &str) -> String {
    if solution.contains('#') && !std::path::Path::new(solution).is_file() {
        quorumscope_link::shown(solution)
    } else {
        solution.to_string()
    }
}

/// The scenario of `qsim check`'s solution: a file, or a share link (an argument holding `#`
/// that names no file). A library link (`#p=<id>`) reads `<id>.json` from the folder of the
/// exercise's own scenario (the library, `scenarios/`, for the exercises shipped).
fn solution_text(exercise: &str, file: &Exercise, solution: &str) -> Result<String, String> {
    let Some((_, fragment)) = solution
        .split_once('#')
        .filter(|_| !std::path::Path::new(solution).is_file())
    else {
        return read_file(solution, MAX_SCENARIO_BYTES);
    };
    let library = std::path::Path::new(exercise)
        .parent()
        .unwrap_or(std::path::Path::new(""))
        .join(&file.scenario)
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let path = |id: &str| library.join(format!("{id}.json"));
    let known = |id: &str| !id.contains(['/', '\\']) && !id.starts_with('.') && path(id).is_file();
    let link = match quorumscope_link::read_link(fragment, known) {
        None => {
            return Err(format!(
                "the share link `{}` has no #z=, #s= or #p= after its `#`",
                quorumscope_link::shown(solution)
            ))
        }
        Some(Err(e)) => return Err(format!("the share link cannot be read: {e}")),
        Some(Ok(link)) => link,
    };
    let library_file = match &link {
        quorumscope_link::Link::Library { id, .. } => {
            read_file(&path(id).to_string_lossy(), MAX_SCENARIO_BYTES)?
        }
        quorumscope_link::Link::Scenario(_) => String::new(),
    };
    link.scenario_text(&library_file)
        .map_err(|e| format!("the share link cannot be read: {e}"))
}

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
