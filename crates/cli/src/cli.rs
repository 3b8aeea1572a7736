//! `qsim`'s command line, declared with clap (derive), and the one-line messages for the
//! command lines clap refuses.
//!
//! Every flag takes a value, and that value may start with `-` (as in `--t -1`, then refused by
//! the flag's own range check rather than mistaken for a flag). A flag's range is checked by
//! its value parser as the flag is read, except `--r` and `--w`, whose range depends on `--n`
//! and is checked afterwards ([`crate::parse_command`]). Help is the hand-written
//! [`USAGE`] for `qsim help`, `--help`, `-h`, and `--help` after a subcommand.

use crate::{
    parse_int, parse_latency_arg, parse_list, parse_ms, parse_probability, parse_seeds, LatencyArg,
    MAX_CLIENTS, MAX_OPS, MAX_PBS_N,
};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, CommandFactory, Parser, Subcommand};
use quorumscope_engine::pbs;
use quorumscope_engine::workload::{Nemesis, SeedRange, WorkloadKind};

/// Plain-text usage, printed by `qsim help`.
pub const USAGE: &str = "\
qsim: run quorumscope scenarios headless

USAGE:
  qsim run FILE [--until MS] [--history edn] [--shiviz OUT_FILE]
      Run the scenario in FILE (JSON, at most 64 MiB) until every operation
      has finished and no message is in flight, or until MS simulated
      milliseconds (0 to 1000000000000); print the result as JSON. A run
      that has not settled within 50000000 events (see docs/ENGINE.md, \"When
      a run ends\") exits 2 with one line.
      --history edn: print the history as Jepsen's EDN history (one
      operation map per line, for Knossos or Elle) instead of the JSON.
      --shiviz OUT_FILE: also write the run's events with their vector
      clocks to OUT_FILE as a ShiViz log (see docs/EXPORTS.md for the
      regular expression to give ShiViz).

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

  qsim pbs --scenario FILE [--t T1,T2,...] [--trials K] [--seed S] [--at MS]
      The same t-visibility measured by the engine on the cluster of the
      scenario FILE, with its faults and settings (crashes, partitions,
      drop rate, configure events; its client operations are left out):
      K seeded runs (default 1000, at most 1000000) in which a client
      writes a fresh value and, T ms after the write commits (default T:
      0,1,2,5,10,20,50,100,200,500,1000), another reads it. Prints for each
      T the consistent, stale and failed reads, p_consistent (a failed read
      counts as not consistent) and its 95% Wilson interval. The write
      starts at MS (default: the scenario's first put, else 0). K times
      the number of T values is at most 100000000; see docs/PBS.md.

  qsim check EXERCISE SCENARIO
      Run the scenario file SCENARIO (a solution, for example the page's
      Download scenario) until it settles and check it against the goal of
      the exercise file EXERCISE (docs/EXERCISES.md). Prints which of the
      goal's conditions hold, as JSON; exits 0 when all of them do and 1
      when one does not. SCENARIO may also be a share link (the page's Copy
      share link: a URL or fragment with #z=, #s= or #p=); a #p= link's
      scenario is read from the folder of the exercise's own scenario.

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

  qsim --version | -V
      Print qsim's version.

Flags are --name VALUE or --name=VALUE; a FILE starting with - goes after --.
Output is one JSON document on stdout (this help and the version are the
only plain text). Bad input prints one line on stderr and exits with status 2.
";

/// The whole command line.
#[derive(Parser, Debug)]
#[command(
    name = "qsim",
    version,
    override_help = USAGE,
    subcommand_required = true,
    // No subcommand is bad input (exit 2, one line), not a request for help.
    arg_required_else_help = false
)]
pub struct Cli {
    /// The subcommand and its flags.
    #[command(subcommand)]
    pub command: Sub,
}

/// A subcommand (`help` is clap's own).
#[derive(Subcommand, Debug)]
pub enum Sub {
    /// `qsim run FILE [--until MS]`.
    #[command(override_help = USAGE)]
    Run(RunFlags),
    /// `qsim pbs ...`.
    #[command(override_help = USAGE)]
    Pbs(PbsFlags),
    /// `qsim random BASE_FILE ...`.
    #[command(override_help = USAGE)]
    Random(RandomFlags),
    /// `qsim check EXERCISE SCENARIO`.
    #[command(override_help = USAGE)]
    Check(CheckFlags),
}

/// The arguments of `qsim check`.
#[derive(Args, Debug)]
pub struct CheckFlags {
    /// The exercise file.
    #[arg(value_name = "EXERCISE")]
    pub exercise: String,
    /// The solution: a scenario file (the page's "Download scenario") or a share link.
    #[arg(value_name = "SCENARIO")]
    pub solution: String,
}

/// The arguments of `qsim run`.
#[derive(Args, Debug)]
pub struct RunFlags {
    /// The scenario file.
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Stop at this simulated time, ms.
    #[arg(long, value_name = "MS", allow_hyphen_values = true, value_parser = until_ms)]
    pub until: Option<f64>,
    /// Print the history in this format instead of the JSON result.
    #[arg(long, value_name = "FORMAT", allow_hyphen_values = true, value_parser = history_format)]
    pub history: Option<HistoryFormat>,
    /// Also write a ShiViz log of the run to this file.
    #[arg(long, value_name = "OUT_FILE", allow_hyphen_values = true, value_parser = shiviz_file)]
    pub shiviz: Option<String>,
}

/// `qsim run --history`: the format the history is printed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryFormat {
    /// Jepsen's EDN history.
    Edn,
}

fn history_format(text: &str) -> Result<HistoryFormat, String> {
    match text {
        "edn" => Ok(HistoryFormat::Edn),
        _ => Err(format!("--history must be edn, got `{text}`")),
    }
}

fn shiviz_file(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        Err("--shiviz must name the file to write the ShiViz log to".to_string())
    } else {
        Ok(text.to_string())
    }
}

/// The flags of `qsim pbs`, in the order an unknown flag's message lists them. `--r` and `--w`
/// stay text until `--n` is known. With `--scenario` the cluster comes from the file, so `--n`,
/// `--r`, `--w`, `--latency` and `--p` are refused with it, and `--t` is optional.
#[derive(Args, Debug)]
pub struct PbsFlags {
    /// Replicas.
    #[arg(long, value_name = "N", allow_hyphen_values = true, value_parser = pbs_n,
          required_unless_present = "scenario", conflicts_with = "scenario")]
    pub n: Option<usize>,
    /// Read quorum, checked against `--n` after parsing.
    #[arg(
        long,
        value_name = "R",
        allow_hyphen_values = true,
        required_unless_present = "scenario",
        conflicts_with = "scenario"
    )]
    pub r: Option<String>,
    /// Write quorum, checked against `--n` after parsing.
    #[arg(
        long,
        value_name = "W",
        allow_hyphen_values = true,
        required_unless_present = "scenario",
        conflicts_with = "scenario"
    )]
    pub w: Option<String>,
    /// The latency model.
    #[arg(long, value_name = "MODEL", allow_hyphen_values = true, value_parser = parse_latency_arg,
          required_unless_present = "scenario", conflicts_with = "scenario")]
    pub latency: Option<LatencyArg>,
    /// Monte Carlo trials (default 100000; with `--scenario`, 1000).
    #[arg(long, value_name = "K", allow_hyphen_values = true, value_parser = trials)]
    pub trials: Option<u64>,
    /// The times after the commit at which reads start, ms.
    #[arg(long, value_name = "T1,T2,...", allow_hyphen_values = true, value_parser = t_list,
          required_unless_present = "scenario")]
    pub t: Option<Values>,
    /// The random stream (default 0).
    #[arg(long, value_name = "S", allow_hyphen_values = true, value_parser = seed)]
    pub seed: Option<u64>,
    /// Probabilities whose smallest T to report.
    #[arg(long, value_name = "P1,P2,...", allow_hyphen_values = true, value_parser = p_list,
          conflicts_with = "scenario")]
    pub p: Option<Values>,
    /// A scenario file: measure t-visibility with the engine on its cluster and faults.
    #[arg(long, value_name = "FILE", allow_hyphen_values = true, value_parser = scenario_file)]
    pub scenario: Option<String>,
    /// With `--scenario`: when the probe's write starts, ms.
    #[arg(long, value_name = "MS", allow_hyphen_values = true, value_parser = at_ms)]
    pub at: Option<f64>,
}

fn scenario_file(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        Err("--scenario must name a scenario file".to_string())
    } else {
        Ok(text.to_string())
    }
}

fn at_ms(text: &str) -> Result<f64, String> {
    parse_ms("--at", text)
}

/// The arguments of `qsim random`, in the order an unknown flag's message lists them.
#[derive(Args, Debug)]
pub struct RandomFlags {
    /// The scenario file whose cluster the runs use.
    #[arg(value_name = "BASE_FILE")]
    pub file: String,
    /// The seeds, both included (optional with `--emit-scenario`).
    #[arg(
        long,
        value_name = "A..B",
        allow_hyphen_values = true,
        value_parser = parse_seeds,
        required_unless_present = "emit_scenario"
    )]
    pub seeds: Option<SeedRange>,
    /// The workload (default register).
    #[arg(long, value_name = "KIND", allow_hyphen_values = true, value_parser = WorkloadKind::parse)]
    pub workload: Option<WorkloadKind>,
    /// Clients per run (default 3).
    #[arg(long, value_name = "K", allow_hyphen_values = true, value_parser = clients)]
    pub clients: Option<usize>,
    /// Operations per run (default 50).
    #[arg(long, value_name = "M", allow_hyphen_values = true, value_parser = ops)]
    pub ops: Option<usize>,
    /// The faults (default none).
    #[arg(long, value_name = "LIST", allow_hyphen_values = true, value_parser = Nemesis::parse)]
    pub nemesis: Option<Nemesis>,
    /// Print this seed's scenario instead of running.
    #[arg(long, value_name = "SEED", allow_hyphen_values = true, value_parser = emit_seed)]
    pub emit_scenario: Option<u64>,
}

/// A checked comma-separated list of numbers (`--t`, `--p`): one value for clap.
#[derive(Clone, Debug, PartialEq)]
pub struct Values(pub Vec<f64>);

fn until_ms(text: &str) -> Result<f64, String> {
    parse_ms("--until", text)
}

fn pbs_n(text: &str) -> Result<usize, String> {
    parse_int("--n", text, 1, MAX_PBS_N as u64).map(|k| k as usize)
}

fn trials(text: &str) -> Result<u64, String> {
    parse_int("--trials", text, 1, pbs::MAX_TRIALS)
}

fn seed(text: &str) -> Result<u64, String> {
    parse_int("--seed", text, 0, u64::MAX)
}

fn t_list(text: &str) -> Result<Values, String> {
    parse_list("--t", text, |s| parse_ms("--t", s)).map(Values)
}

fn p_list(text: &str) -> Result<Values, String> {
    parse_list("--p", text, parse_probability).map(Values)
}

fn clients(text: &str) -> Result<usize, String> {
    parse_int("--clients", text, 1, MAX_CLIENTS as u64).map(|k| k as usize)
}

fn ops(text: &str) -> Result<usize, String> {
    parse_int("--ops", text, 1, MAX_OPS as u64).map(|k| k as usize)
}

fn emit_seed(text: &str) -> Result<u64, String> {
    text.trim().parse::<u64>().map_err(|_| {
        format!(
            "--emit-scenario must be a seed, an integer from 0 to {}, got `{text}`",
            u64::MAX
        )
    })
}

/// What clap's parse ended in when it did not return a [`Cli`].
#[derive(Debug, PartialEq)]
pub enum Refusal {
    /// `--help`, `-h` or `qsim help`.
    Help,
    /// `--version` or `-V`.
    Version,
    /// Bad input: the message (it may still hold line breaks the caller escapes).
    Bad(String),
}

/// Parses a command line (without the program name).
pub fn parse(argv: &[String]) -> Result<Cli, Refusal> {
    Cli::try_parse_from(std::iter::once("qsim").chain(argv.iter().map(String::as_str)))
        .map_err(|e| refusal(&e, argv))
}

/// The subcommands, as the messages list them.
const SUBCOMMANDS: &str = "run, pbs, random or help (see `qsim --help`)";

/// Turns clap's error into help, version, or one message naming the flag (or argument, or
/// subcommand) and what was wrong with it, prefixed with `qsim SUBCOMMAND: `.
fn refusal(err: &clap::Error, argv: &[String]) -> Refusal {
    let sub = argv
        .first()
        .map(String::as_str)
        .filter(|s| ["run", "pbs", "random"].contains(s));
    let prefix = match sub {
        Some(s) => format!("qsim {s}: "),
        None => "qsim: ".to_string(),
    };
    let strings = |kind: ContextKind| -> Vec<String> {
        match err.get(kind) {
            Some(ContextValue::String(s)) => vec![s.clone()],
            Some(ContextValue::Strings(v)) => v.clone(),
            Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
            Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
            _ => Vec::new(),
        }
    };
    let first = |kind: ContextKind| strings(kind).into_iter().next().unwrap_or_default();
    let message = match err.kind() {
        ErrorKind::DisplayHelp => return Refusal::Help,
        ErrorKind::DisplayVersion => return Refusal::Version,
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            format!("missing subcommand; expected {SUBCOMMANDS}")
        }
        ErrorKind::InvalidSubcommand => format!(
            "unknown subcommand `{}`; expected {SUBCOMMANDS}",
            first(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::UnknownArgument => {
            let arg = first(ContextKind::InvalidArg);
            if arg.starts_with('-') {
                // clap names `--x=1` as `--x`, and `--=` (a flag without a name) as `--`.
                let name = match arg.split_once('=') {
                    Some((name, _)) => name,
                    None if arg == "--" => "--=",
                    None => arg.as_str(),
                };
                match sub {
                    Some(s) => {
                        format!("unknown flag `{name}`; expected {}", flags_of(s).join(", "))
                    }
                    None if argv.is_empty() || argv[0].starts_with('-') => {
                        format!("unknown flag `{name}`; expected a subcommand: {SUBCOMMANDS}")
                    }
                    None => format!("unknown subcommand `{}`; expected {SUBCOMMANDS}", argv[0]),
                }
            } else {
                match sub {
                    Some("run") => format!("unexpected argument `{arg}` after FILE"),
                    Some("random") => format!("unexpected argument `{arg}` after BASE_FILE"),
                    Some(_) => format!("unexpected argument `{arg}`"),
                    None => format!("unknown subcommand `{arg}`; expected {SUBCOMMANDS}"),
                }
            }
        }
        ErrorKind::MissingRequiredArgument => missing(&strings(ContextKind::InvalidArg)),
        ErrorKind::ArgumentConflict => {
            let arg = flag_name(&first(ContextKind::InvalidArg));
            let prior = strings(ContextKind::PriorArg);
            match prior.first().map(|p| flag_name(p)) {
                Some(p) if p != arg => format!("flag {arg} cannot be used with {p}"),
                _ => format!("flag {arg} given twice"),
            }
        }
        ErrorKind::InvalidValue if first(ContextKind::InvalidValue).is_empty() => {
            format!(
                "flag {} needs a value",
                flag_name(&first(ContextKind::InvalidArg))
            )
        }
        ErrorKind::ValueValidation => match std::error::Error::source(err) {
            // Our value parsers' messages name the flag and its range.
            Some(source) => source.to_string(),
            None => format!(
                "bad value `{}` for {}",
                first(ContextKind::InvalidValue),
                flag_name(&first(ContextKind::InvalidArg))
            ),
        },
        ErrorKind::InvalidUtf8 => "every argument must be UTF-8 text".to_string(),
        _ => {
            // Any other refusal: clap's own first line, without its `error: ` tag.
            let text = err.render().to_string();
            let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            line.trim_start_matches("error: ").to_string()
        }
    };
    Refusal::Bad(format!("{prefix}{message}"))
}

/// `--n <N>` → `--n`; `<FILE>` stays as is.
fn flag_name(arg: &str) -> String {
    if arg.starts_with('-') {
        arg.split([' ', '=']).next().unwrap_or(arg).to_string()
    } else {
        arg.to_string()
    }
}

/// The message for missing required arguments: a missing file first, else every missing flag.
fn missing(args: &[String]) -> String {
    if let Some(file) = args.iter().find(|a| a.starts_with('<')) {
        return match file.as_str() {
            "<FILE>" => "missing scenario FILE".to_string(),
            "<BASE_FILE>" => {
                "missing BASE_FILE (a scenario file whose cluster the runs use)".to_string()
            }
            other => format!("missing {}", other.trim_matches(['<', '>'])),
        };
    }
    let flags: Vec<String> = args.iter().map(|a| flag_name(a)).collect();
    match flags.as_slice() {
        [one] if one == "--seeds" => {
            "missing required flag --seeds (A..B, e.g. --seeds 1..100)".to_string()
        }
        [one] => format!("missing required flag {one}"),
        many => format!("missing required flags {}", many.join(", ")),
    }
}

/// The long flags of a subcommand, as `--name`, in their declared order.
fn flags_of(sub: &str) -> Vec<String> {
    let command = Cli::command();
    command
        .find_subcommand(sub)
        .map(|c| {
            c.get_arguments()
                .filter(|a| !["help", "version"].contains(&a.get_id().as_str()))
                .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_declaration_is_valid() {
        Cli::command().debug_assert();
    }

    fn bad(argv: &[&str]) -> String {
        let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
        match parse(&argv) {
            Err(Refusal::Bad(message)) => message,
            other => panic!("{argv:?} was not refused: {other:?}"),
        }
    }

    #[test]
    fn equals_form_and_hyphen_values() {
        let argv: Vec<String> = ["run", "s.json", "--until=5"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let Ok(Cli {
            command: Sub::Run(run),
        }) = parse(&argv)
        else {
            panic!("refused")
        };
        assert_eq!((run.file.as_str(), run.until), ("s.json", Some(5.0)));
        assert_eq!(
            bad(&["run", "s.json", "--until", "-1"]),
            "qsim run: --until must be a number of ms from 0 to 1000000000000, got `-1`"
        );
        assert_eq!(
            bad(&["run", "s.json", "--until=-1"]),
            "qsim run: --until must be a number of ms from 0 to 1000000000000, got `-1`"
        );
    }

    #[test]
    fn syntax_errors_name_the_flag() {
        assert_eq!(
            bad(&["run", "s.json", "--x=3"]),
            "qsim run: unknown flag `--x`; expected --until, --history, --shiviz"
        );
        assert_eq!(
            bad(&["run", "s.json", "--="]),
            "qsim run: unknown flag `--=`; expected --until, --history, --shiviz"
        );
        assert_eq!(
            bad(&["run", "s.json", "--until", "1", "--until=2"]),
            "qsim run: flag --until given twice"
        );
        assert_eq!(
            bad(&["run", "s.json", "--until"]),
            "qsim run: flag --until needs a value"
        );
        assert_eq!(
            bad(&["random", "b.json", "--seeds=1..2", "-x"]),
            "qsim random: unknown flag `-x`; expected --seeds, --workload, --clients, --ops, --nemesis, --emit-scenario"
        );
        assert_eq!(
            bad(&["--until", "3"]),
            "qsim: unknown flag `--until`; expected a subcommand: run, pbs, random or help (see `qsim --help`)"
        );
        assert_eq!(
            bad(&["pbs", "--n", "3"]),
            "qsim pbs: missing required flags --r, --w, --latency, --t"
        );
    }

    #[test]
    fn help_and_version() {
        for argv in [
            &["help"][..],
            &["--help"],
            &["-h"],
            &["run", "--help"],
            &["help", "pbs"],
        ] {
            let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
            assert_eq!(parse(&argv).err(), Some(Refusal::Help), "{argv:?}");
        }
        assert_eq!(
            parse(&["--version".to_string()]).err(),
            Some(Refusal::Version)
        );
    }
}
