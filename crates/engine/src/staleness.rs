//! PBS t-visibility measured by the message-level simulator, faults included.
//!
//! [`crate::pbs`] estimates t-visibility from the closed WARS model of Bailis et al. (PBS,
//! VLDB 2012, Section 5): every replica healthy, every message delivered. This module asks the
//! same question of a [`Scenario`]'s cluster as the [`Simulator`] runs it, so that what the
//! closed model leaves out (a crashed replica, a partition, a sloppy quorum and its hints,
//! datacenters and their WAN latency, a drop rate, timeouts, read repair) is in the estimate.
//!
//! One trial of [`StalenessQuery::run`]:
//!
//! 1. The scenario's client operations (puts, gets, deletes) and its `drop_message` events
//!    (which name messages of the original run) are left out; every event that changes faults
//!    or settings (crash, recover, partition, heal, drop rate, configure) is kept, at its time.
//! 2. The trial's simulator is built with its own seed (see [`trial_seed`]), and the probe's
//!    write, a put of the fresh value [`PROBE_VALUE`] to the probe key by the writer, is
//!    scheduled at the probe time (after the scenario's events of that time).
//! 3. The run goes on until the put completes. If it fails (quorum unreachable, timeout), the
//!    trial has no commit: it is counted in [`StalenessReport::write_failures`] and left out of
//!    every point. Otherwise the write **commits** when the writer receives its reply: with
//!    client coordination (the contract's default) that is when the w-th ack arrives at the
//!    coordinator, the paper's definition of commit; with replica coordination, it is the
//!    coordinating replica's reply reaching the client, later than the paper's commit by that
//!    reply's delay.
//! 4. For each `t`, the simulator at the commit is cloned (a checkpoint: the clones share
//!    everything up to the commit, random stream included, and do not affect one another, so
//!    one `t`'s read repair cannot help another's read), the reader's get of the probe key is
//!    scheduled `t` ms after the commit, and the clone runs until the get completes.
//! 5. The read is **consistent** when it succeeded and its result holds the probe's write (its
//!    dot); **stale** when it succeeded without it; **failed** when the get failed. A failed
//!    read did not return the write, so it counts against consistency:
//!    `p_consistent = consistent / committed`, with its 95% Wilson score interval.
//!
//! Everything random comes from each trial's simulator and its seeded generator (no clock, no
//! operating-system randomness), so the same query on the same scenario gives the same report.

use crate::history::Outcome;
use crate::ids::OpId;
use crate::scenario::{Action, Event, GetSpec, PutSpec, Scenario};
use crate::sim::{Options, Simulator};
use crate::time::{ms_to_us, Micros, MAX_MS};
use crate::version::Dot;
use serde::Serialize;

/// A trial's simulator keeps no record of its run (no messages, journal or causal log): only
/// the outcome of its read is wanted.
const QUIET: Options = Options {
    record_messages: false,
    message_window: None,
    journal_limit: 0,
    causal_limit: 0,
};

/// The most trials one engine query may run: each is a whole simulated run per `t`, so this is
/// far below [`crate::pbs::MAX_TRIALS`].
pub const MAX_TRIALS: u64 = 1_000_000;

/// The most times one engine query may ask for.
pub const MAX_POINTS: usize = 1000;

/// The most reads (trials times times) one engine query may run: each is a simulated run, about
/// 4 µs natively on a healthy three-node cluster, so this bounds a query near ten minutes.
pub const MAX_READS: u64 = 100_000_000;

/// The most events one trial's write, or one of its reads, may take before the query gives up
/// on the scenario (a write or read always finishes by its timeout; only a scenario whose
/// background repair floods the run gets near this).
pub const MAX_EVENTS_PER_PHASE: u64 = 1_000_000;

/// The value the probe writes.
pub const PROBE_VALUE: &str = "pbs-probe";

/// The key probed when the scenario has no client operation to take one from.
pub const DEFAULT_KEY: &str = "probe";

/// The normal quantile of a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// The seed of trial `index` of a query seeded with `base` (it replaces the scenario's own
/// `seed`): one SplitMix64 output from a state mixing `base` and `index`, so that any trial can
/// be rerun alone.
pub fn trial_seed(base: u64, index: u64) -> u64 {
    let mut state = base ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03);
    crate::rng::splitmix64(&mut state)
}

/// The 95% Wilson score interval of `successes` out of `trials` (`[0, 1]` when `trials` is 0).
pub fn wilson95(successes: u64, trials: u64) -> (f64, f64) {
    if trials == 0 {
        return (0.0, 1.0);
    }
    let n = trials as f64;
    let p = successes as f64 / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 / denom * libm::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
    ((center - half).max(0.0), (center + half).min(1.0))
}

/// An engine t-visibility question about a scenario's cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct StalenessQuery {
    /// Trials, `1 ..= MAX_TRIALS`.
    pub trials: u64,
    /// The base seed: trial `i` runs with [`trial_seed`]`(seed, i)`.
    pub seed: u64,
    /// Times after the commit at which the read starts, ms, each finite, `>= 0` and at most
    /// [`MAX_MS`]; 1 to [`MAX_POINTS`] of them.
    pub t_ms: Vec<f64>,
    /// When the probe's write starts, ms; `None`: at the scenario's first put, or 0 when it has
    /// none.
    pub at_ms: Option<f64>,
    /// The key probed; `None`: the key of the scenario's first client operation, or
    /// [`DEFAULT_KEY`].
    pub key: Option<String>,
    /// The client that writes; `None`: the client of the scenario's first put, else its first
    /// client, else a new client `writer`.
    pub writer: Option<String>,
    /// The client that reads; `None`: the client of the scenario's first get, else its first
    /// client other than the writer, else a new client `reader`.
    pub reader: Option<String>,
}

/// One point of the engine's t-visibility curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StalenessPoint {
    /// Time from the write's commit to the read's start, ms.
    pub t_ms: f64,
    /// Reads that returned the probe's write.
    pub consistent: u64,
    /// Reads that succeeded without it.
    pub stale: u64,
    /// Reads that failed (timed out, or their quorum was unreachable).
    pub failed: u64,
    /// `consistent / committed`; `None` (JSON `null`) when no write committed.
    pub p_consistent: Option<f64>,
    /// The lower end of the 95% Wilson score interval of `p_consistent`.
    pub ci_low: f64,
    /// The upper end of that interval.
    pub ci_high: f64,
}

/// The engine's estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StalenessReport {
    /// Replicas per key when the probe writes.
    pub n: usize,
    /// The read quorum or consistency level then (`2`, `quorum`, `local_quorum`...).
    pub r: String,
    /// The write quorum or consistency level then.
    pub w: String,
    /// Who coordinates (`client` or `replica`).
    pub coordinator: &'static str,
    /// Trials run.
    pub trials: u64,
    /// The base seed.
    pub seed: u64,
    /// The key probed.
    pub key: String,
    /// The client that wrote.
    pub writer: String,
    /// The client that read.
    pub reader: String,
    /// When the probe's write started, ms.
    pub write_at_ms: f64,
    /// Trials whose write committed (every point's denominator).
    pub committed: u64,
    /// Trials whose write failed.
    pub write_failures: u64,
    /// Why the first failed write failed (omitted from JSON when none failed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_write_failure: Option<String>,
    /// The mean time from the write's start to its commit, ms, over committed trials.
    pub mean_write_ms: Option<f64>,
    /// One point per `t`, in the order asked.
    pub points: Vec<StalenessPoint>,
}

/// The probe as resolved for one scenario.
struct Probe {
    key: String,
    writer: String,
    reader: String,
    at_us: Micros,
    at_ms: f64,
}

impl StalenessQuery {
    /// Checks the query's own numbers; the error names the parameter and what is wrong.
    pub fn validate(&self) -> Result<(), String> {
        if self.trials == 0 || self.trials > MAX_TRIALS {
            return Err(format!(
                "trials must be between 1 and {MAX_TRIALS} with a scenario, got {}",
                self.trials
            ));
        }
        if self.t_ms.is_empty() || self.t_ms.len() > MAX_POINTS {
            return Err(format!(
                "t must list 1 to {MAX_POINTS} times, got {}",
                self.t_ms.len()
            ));
        }
        let reads = self.trials.saturating_mul(self.t_ms.len() as u64);
        if reads > MAX_READS {
            return Err(format!(
                "trials times the number of t must be at most {MAX_READS} (each is a simulated \
                 run), got {} x {} = {reads}",
                self.trials,
                self.t_ms.len()
            ));
        }
        let in_range = |ms: f64| ms.is_finite() && (0.0..=MAX_MS).contains(&ms);
        if let Some(t) = self.t_ms.iter().find(|t| !in_range(**t)) {
            return Err(format!(
                "each t must be a number of ms from 0 to {MAX_MS}, got {t}"
            ));
        }
        if let Some(at) = self.at_ms.filter(|at| !in_range(*at)) {
            return Err(format!(
                "at must be a number of ms from 0 to {MAX_MS}, got {at}"
            ));
        }
        for (what, name) in [
            ("key", &self.key),
            ("writer", &self.writer),
            ("reader", &self.reader),
        ] {
            if name.as_deref().is_some_and(|s| s.trim().is_empty()) {
                return Err(format!("{what} must not be empty"));
            }
        }
        Ok(())
    }

    /// The probe's key, clients and time for this scenario.
    fn probe(&self, scenario: &Scenario) -> Result<Probe, String> {
        let events = &scenario.events;
        let first_put = events.iter().find_map(|e| match &e.action {
            Action::Put(p) => Some((e.at, p)),
            _ => None,
        });
        let first_get = events.iter().find_map(|e| match &e.action {
            Action::Get(g) => Some(g),
            _ => None,
        });
        let clients = scenario.clients();
        let key = self.key.clone().unwrap_or_else(|| {
            events
                .iter()
                .find_map(|e| e.action.key())
                .unwrap_or(DEFAULT_KEY)
                .to_string()
        });
        let writer = self.writer.clone().unwrap_or_else(|| {
            first_put
                .map(|(_, p)| p.client.clone())
                .or_else(|| clients.first().cloned())
                .unwrap_or_else(|| "writer".to_string())
        });
        let reader = self.reader.clone().unwrap_or_else(|| {
            first_get
                .map(|g| g.client.clone())
                .or_else(|| clients.iter().find(|c| **c != writer).cloned())
                .unwrap_or_else(|| "reader".to_string())
        });
        let nodes = &scenario.cluster.nodes;
        for (what, name) in [("writer", &writer), ("reader", &reader)] {
            if nodes.contains(name) {
                return Err(format!(
                    "the {what} `{name}` is a node of the cluster, not a client"
                ));
            }
        }
        let at_ms = self.at_ms.or(first_put.map(|(at, _)| at)).unwrap_or(0.0);
        Ok(Probe {
            key,
            writer,
            reader,
            at_us: ms_to_us(at_ms),
            at_ms,
        })
    }

    /// The scenario each trial runs: the faults and settings kept, the client operations
    /// left out, the probe's clients declared (so that a datacenter may list them), the given
    /// seed.
    fn trial_scenario(scenario: &Scenario, probe: &Probe) -> Scenario {
        let mut s = scenario.clone();
        s.events.retain(|e| {
            !matches!(
                e.action,
                Action::Put(_) | Action::Get(_) | Action::Delete(_) | Action::DropMessage(_)
            )
        });
        for c in [&probe.writer, &probe.reader] {
            if !s.cluster.clients.contains(c) {
                s.cluster.clients.push(c.clone());
            }
        }
        s
    }

    /// Runs the trials (see the module docs) on `scenario`, which must be valid
    /// ([`Scenario::from_json`] checks it).
    pub fn run(&self, scenario: &Scenario) -> Result<StalenessReport, String> {
        self.validate()?;
        let probe = self.probe(scenario)?;
        let base = Self::trial_scenario(scenario, &probe);
        let options = QUIET;
        let t_us: Vec<Micros> = self.t_ms.iter().map(|&t| ms_to_us(t)).collect();
        let mut consistent = vec![0u64; t_us.len()];
        let mut stale = vec![0u64; t_us.len()];
        let mut failed = vec![0u64; t_us.len()];
        let mut committed = 0u64;
        let mut write_failures = 0u64;
        let mut first_write_failure = None;
        let mut write_us_sum = 0u128;
        let mut described = None;
        for i in 0..self.trials {
            let (sim, write) = self.write_phase(&base, &probe, i, options)?;
            if described.is_none() {
                let s = sim.settings();
                described = Some((
                    s.n,
                    s.r.to_string(),
                    s.w.to_string(),
                    sim.cluster().coordinator.name(),
                ));
            }
            let (commit, dot) = match write {
                Ok(committed) => committed,
                Err(error) => {
                    write_failures += 1;
                    if first_write_failure.is_none() {
                        first_write_failure = error;
                    }
                    continue;
                }
            };
            let Some(put) = sim.history().get(PROBE_WRITE.index()) else {
                return Err("internal: the probe's write is not in the history".into());
            };
            committed += 1;
            write_us_sum += u128::from(commit.saturating_sub(put.invoked_us));
            for (j, &t) in t_us.iter().enumerate() {
                let mut at_t = sim.clone();
                match read_phase(&mut at_t, &probe, commit.saturating_add(t), dot)? {
                    ReadOutcome::Failed => failed[j] += 1,
                    ReadOutcome::Consistent => consistent[j] += 1,
                    ReadOutcome::Stale => stale[j] += 1,
                }
            }
        }
        let (n, r, w, coordinator) =
            described.ok_or_else(|| "internal: no trial ran".to_string())?;
        let points = self
            .t_ms
            .iter()
            .enumerate()
            .map(|(j, &t_ms)| {
                let (ci_low, ci_high) = wilson95(consistent[j], committed);
                StalenessPoint {
                    t_ms,
                    consistent: consistent[j],
                    stale: stale[j],
                    failed: failed[j],
                    p_consistent: (committed > 0).then(|| consistent[j] as f64 / committed as f64),
                    ci_low,
                    ci_high,
                }
            })
            .collect();
        Ok(StalenessReport {
            n,
            r,
            w,
            coordinator,
            trials: self.trials,
            seed: self.seed,
            key: probe.key,
            writer: probe.writer,
            reader: probe.reader,
            write_at_ms: probe.at_ms,
            committed,
            write_failures,
            first_write_failure,
            mean_write_ms: (committed > 0).then(|| write_us_sum as f64 / committed as f64 / 1000.0),
            points,
        })
    }
}

impl StalenessQuery {
    /// Trial `index`'s run up to its write's end: the simulator there, and the commit time
    /// and the write's dot, or why the write failed (its error, if it gave one).
    #[allow(clippy::type_complexity)]
    fn write_phase(
        &self,
        base: &Scenario,
        probe: &Probe,
        index: u64,
        options: Options,
    ) -> Result<(Simulator, Result<(Micros, Dot), Option<String>>), String> {
        let mut trial = base.clone();
        trial.seed = trial_seed(self.seed, index);
        let mut sim = Simulator::with_options(trial, options);
        sim.schedule(probe.at_us, probe.put());
        run_until_done(&mut sim, PROBE_WRITE, "write")?;
        let Some(put) = sim.history().get(PROBE_WRITE.index()) else {
            return Err("internal: the probe's write is not in the history".into());
        };
        if put.outcome != Outcome::Ok {
            let error = put.error.clone();
            return Ok((sim, Err(error)));
        }
        let Some(dot) = put.dot else {
            return Err("internal: a committed put without its write".into());
        };
        let commit = sim.now();
        Ok((sim, Ok((commit, dot))))
    }

    /// Runs trials `0..trials` of this query at the one time `t_ms` after the commit (the
    /// query's own `t_ms` is not used) and picks one of them to show: the first stale read,
    /// else the first failed one, else the first consistent one, exported as a scenario that
    /// [`replay_trial`] replays to the same outcome. A trial whose replay would differ (an
    /// event of the scenario at the very microsecond of the read can be ordered otherwise) is
    /// passed over for the next of its kind.
    pub fn sample_at(&self, scenario: &Scenario, t_ms: f64) -> Result<TrialSample, String> {
        let mut one = self.clone();
        one.t_ms = vec![t_ms];
        one.validate()?;
        let probe = self.probe(scenario)?;
        let base = Self::trial_scenario(scenario, &probe);
        let options = QUIET;
        let t_us = ms_to_us(t_ms);
        let mut sample = TrialSample {
            t_ms,
            committed: 0,
            consistent: 0,
            stale: 0,
            failed: 0,
            shown: None,
        };
        // The first trial of each outcome whose export replays to it.
        let mut firsts: [Option<TrialRun>; 3] = [None, None, None];
        for i in 0..self.trials {
            let (sim, write) = self.write_phase(&base, &probe, i, options)?;
            let Ok((commit, dot)) = write else {
                continue;
            };
            sample.committed += 1;
            let mut at_t = sim;
            let read_at = commit.saturating_add(t_us);
            let outcome = read_phase(&mut at_t, &probe, read_at, dot)?;
            match outcome {
                ReadOutcome::Consistent => sample.consistent += 1,
                ReadOutcome::Stale => sample.stale += 1,
                ReadOutcome::Failed => sample.failed += 1,
            }
            let slot = match outcome {
                ReadOutcome::Stale => 0,
                ReadOutcome::Failed => 1,
                ReadOutcome::Consistent => 2,
            };
            if firsts[slot].is_none() {
                let mut exported = base.clone();
                exported.seed = trial_seed(self.seed, i);
                insert_event(&mut exported, probe.at_ms, probe.put());
                insert_event(&mut exported, us_to_ms(read_at), probe.get());
                if replay_trial(&exported).ok() == Some(outcome) {
                    let names = at_t.names();
                    let responders = at_t
                        .history()
                        .get(PROBE_READ.index())
                        .map(|g| {
                            g.replies_from
                                .iter()
                                .filter_map(|e| names.get(e.index()).map(|n| n.to_string()))
                                .collect()
                        })
                        .unwrap_or_default();
                    firsts[slot] = Some(TrialRun {
                        index: i,
                        seed: trial_seed(self.seed, i),
                        write_at_ms: probe.at_ms,
                        commit_ms: us_to_ms(commit),
                        read_at_ms: us_to_ms(read_at),
                        outcome,
                        responders,
                        writer: probe.writer.clone(),
                        reader: probe.reader.clone(),
                        key: probe.key.clone(),
                        scenario: exported,
                    });
                }
            }
        }
        let [stale, failed, consistent] = firsts;
        sample.shown = stale.or(failed).or(consistent);
        Ok(sample)
    }
}

/// What a probe's read returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReadOutcome {
    /// It succeeded and its result holds the probe's write.
    Consistent,
    /// It succeeded without the probe's write.
    Stale,
    /// It failed (timed out, or its quorum was unreachable).
    Failed,
}

/// One trial of an engine query, as a scenario that replays it.
#[derive(Debug, Clone, PartialEq)]
pub struct TrialRun {
    /// The trial's number in the query.
    pub index: u64,
    /// Its seed ([`trial_seed`]), the scenario's `seed`.
    pub seed: u64,
    /// When the probe's write started, ms.
    pub write_at_ms: f64,
    /// When it committed, ms.
    pub commit_ms: f64,
    /// When the probe's read started (the commit plus `t`), ms.
    pub read_at_ms: f64,
    /// What the read returned.
    pub outcome: ReadOutcome,
    /// The replicas whose replies made the read's quorum, by name, in order of arrival.
    pub responders: Vec<String>,
    /// The client that wrote.
    pub writer: String,
    /// The client that read.
    pub reader: String,
    /// The key probed.
    pub key: String,
    /// The trial's scenario (faults and settings kept, client operations left out, the trial's
    /// seed) with the probe's put and get as its events: operation 1 is the write, operation 2
    /// the read, and [`replay_trial`] gives back [`TrialRun::outcome`].
    pub scenario: Scenario,
}

/// The trials of [`StalenessQuery::sample_at`] at one `t`.
#[derive(Debug, Clone, PartialEq)]
pub struct TrialSample {
    /// The time after the commit, ms.
    pub t_ms: f64,
    /// Trials whose write committed.
    pub committed: u64,
    /// Of those, reads that returned the write...
    pub consistent: u64,
    /// ...that succeeded without it...
    pub stale: u64,
    /// ...and that failed.
    pub failed: u64,
    /// The trial chosen to show (a stale one when there is one), if any write committed.
    pub shown: Option<TrialRun>,
}

/// Runs an exported trial ([`TrialRun::scenario`]) until its read (operation 2) completes and
/// says what it returned: the write's (operation 1) value, or not.
pub fn replay_trial(scenario: &Scenario) -> Result<ReadOutcome, String> {
    let mut sim = Simulator::with_options(scenario.clone(), QUIET);
    run_until_done(&mut sim, PROBE_WRITE, "write")?;
    let dot = sim
        .history()
        .get(PROBE_WRITE.index())
        .filter(|p| p.outcome == Outcome::Ok)
        .and_then(|p| p.dot)
        .ok_or_else(|| "the trial's write did not commit".to_string())?;
    run_until_done(&mut sim, PROBE_READ, "read")?;
    outcome_of(&sim, dot)
}

/// The probe's write, operation 1 of a trial.
const PROBE_WRITE: OpId = OpId(1);
/// The probe's read, operation 2 of a trial.
const PROBE_READ: OpId = OpId(2);

/// What the probe's read in `sim` returned, once it completed.
fn outcome_of(sim: &Simulator, dot: Dot) -> Result<ReadOutcome, String> {
    let Some(get) = sim.history().get(PROBE_READ.index()) else {
        return Err("internal: the probe's read is not in the history".into());
    };
    Ok(if get.outcome != Outcome::Ok {
        ReadOutcome::Failed
    } else if get.result.siblings.iter().any(|s| s.dot == dot) {
        ReadOutcome::Consistent
    } else {
        ReadOutcome::Stale
    })
}

/// Schedules the probe's read in `sim` (a run at its write's commit) at `at` and runs it.
fn read_phase(
    sim: &mut Simulator,
    probe: &Probe,
    at: Micros,
    dot: Dot,
) -> Result<ReadOutcome, String> {
    sim.schedule(at, probe.get());
    run_until_done(sim, PROBE_READ, "read")?;
    outcome_of(sim, dot)
}

/// Inserts `action` at `at_ms` into the scenario's events, after every event of that time or
/// earlier (the order in which the trial scheduled it).
fn insert_event(scenario: &mut Scenario, at_ms: f64, action: Action) {
    let i = scenario.events.partition_point(|e| e.at <= at_ms);
    scenario.events.insert(i, Event { at: at_ms, action });
}

/// Microseconds as ms.
fn us_to_ms(us: Micros) -> f64 {
    us as f64 / 1000.0
}

impl Probe {
    /// The probe's put.
    fn put(&self) -> Action {
        Action::Put(PutSpec {
            client: self.writer.clone(),
            key: self.key.clone(),
            value: PROBE_VALUE.to_string(),
            context: Default::default(),
            merge: None,
        })
    }

    /// The probe's get.
    fn get(&self) -> Action {
        Action::Get(GetSpec {
            client: self.reader.clone(),
            key: self.key.clone(),
        })
    }
}

/// Steps `sim` until operation `op` has completed. An operation always completes by its
/// deadline, so running out of events first is an internal error; taking more than
/// [`MAX_EVENTS_PER_PHASE`] events is the scenario's (background repair flooding the run).
fn run_until_done(sim: &mut Simulator, op: OpId, what: &str) -> Result<(), String> {
    let start = sim.events_processed();
    loop {
        if sim
            .history()
            .get(op.index())
            .is_some_and(|r| r.outcome != Outcome::Pending)
        {
            return Ok(());
        }
        if sim.events_processed() - start >= MAX_EVENTS_PER_PHASE {
            return Err(format!(
                "the probe's {what} did not finish within {MAX_EVENTS_PER_PHASE} events"
            ));
        }
        if !sim.step() {
            return Err(format!(
                "internal: the probe's {what} never finished (no event left)"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_interval_known_values() {
        // 50 of 100: 0.5 ± 0.0962 about 0.5 (Wilson 1927; any table of the score interval).
        let (lo, hi) = wilson95(50, 100);
        assert!(
            (lo - 0.4038).abs() < 1e-4 && (hi - 0.5962).abs() < 1e-4,
            "{lo} {hi}"
        );
        // All successes: the upper end is 1, the lower one 1 - about 3.84/n.
        let (lo, hi) = wilson95(100, 100);
        assert_eq!(hi, 1.0);
        assert!((lo - 0.9630).abs() < 1e-4, "{lo}");
        assert_eq!(wilson95(0, 0), (0.0, 1.0));
    }

    #[test]
    fn trial_seeds_differ_and_depend_on_the_base() {
        let a: Vec<u64> = (0..1000).map(|i| trial_seed(7, i)).collect();
        let mut sorted = a.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), a.len());
        assert_ne!(trial_seed(7, 0), trial_seed(8, 0));
    }
}
