//! Random workloads and fault schedules, as `qsim random` runs them (`CONTRACT.md` section 2).
//!
//! [`random_scenario`] turns a base scenario's cluster and a seed into a whole scenario: client
//! operations spread over time on a few keys and, as the [`Nemesis`] asks, partitions, crashes
//! and message loss. Every run ends the same way, as a Jepsen test does: the faults are healed,
//! every node recovered, the drop rate set back to 0, and after a quiet period long enough for
//! operations in flight to finish and for repair (read repair, anti-entropy, hinted handoff) to
//! act, one client reads every key once more. The checker's metrics then say whether a get was
//! stale or an acknowledged write lost.
//!
//! The generator draws from its own `SimRng` stream, derived from the seed, so the same base,
//! seed and parameters always give the same scenario; the scenario's own `seed` (the simulator's
//! stream: message delays, drops) is set to the same seed.
//!
//! Two workloads ([`WorkloadKind`]): Jepsen's register workload (puts, gets and deletes on a few
//! keys) and Jepsen's set workload, where each client adds its own numbers to one set by
//! read-modify-write (a get, then a put with `"merge": "union"` and `"context": "last"`), and
//! [`check_set`] is Jepsen's set checker. [`run_seed`] and [`run_random`] run and check many
//! seeds, as `qsim random` does.

use crate::check::{check_set, SetCheck};
use crate::history::Outcome;
use crate::latency::MsgClass;
use crate::result::MetricsEntry;
use crate::rng::SimRng;
use crate::scenario::{
    Action, ContextChoice, DeleteSpec, Event, GetSpec, Merge, PutSpec, Scenario, MAX_MS,
};
use crate::sim::{Options, Simulator, MAX_RUN_EVENTS};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// Which faults a random schedule injects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Nemesis {
    /// Random partitions of nodes and clients into groups, and heals.
    pub partitions: bool,
    /// Node crashes and recoveries.
    pub crashes: bool,
    /// Changes of the message drop rate.
    pub drops: bool,
}

impl Nemesis {
    /// No faults at all.
    pub fn none() -> Nemesis {
        Nemesis::default()
    }

    /// Every kind of fault: partitions, crashes and drops.
    pub fn all() -> Nemesis {
        Nemesis {
            partitions: true,
            crashes: true,
            drops: true,
        }
    }

    /// Whether any kind of fault is on.
    pub fn any(&self) -> bool {
        self.partitions || self.crashes || self.drops
    }

    /// Parses a comma-separated list of `partitions`, `crashes`, `drops` (in any order, spaces
    /// around the words allowed); an empty string or `none` turns every fault off. An unknown
    /// word is an error that names it and lists the known ones.
    pub fn parse(text: &str) -> Result<Nemesis, String> {
        let mut n = Nemesis::none();
        let text = text.trim();
        if text.is_empty() || text == "none" {
            return Ok(n);
        }
        for word in text.split(',') {
            match word.trim() {
                "partitions" => n.partitions = true,
                "crashes" => n.crashes = true,
                "drops" => n.drops = true,
                other => {
                    return Err(format!(
                        "--nemesis: unknown fault `{other}`; expected a comma-separated list of partitions, crashes, drops (or none)"
                    ))
                }
            }
        }
        Ok(n)
    }
}

impl FromStr for Nemesis {
    type Err = String;

    fn from_str(s: &str) -> Result<Nemesis, String> {
        Nemesis::parse(s)
    }
}

impl fmt::Display for Nemesis {
    /// Writes the faults as [`Nemesis::parse`] reads them, e.g. `partitions,drops`, or `none`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut words = Vec::new();
        if self.partitions {
            words.push("partitions");
        }
        if self.crashes {
            words.push("crashes");
        }
        if self.drops {
            words.push("drops");
        }
        if words.is_empty() {
            write!(f, "none")
        } else {
            write!(f, "{}", words.join(","))
        }
    }
}

/// The kind of client workload.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WorkloadKind {
    /// Jepsen's register workload: puts of unique values (blind, or with the context of the
    /// client's last result), gets, and occasional deletes, on 1 to 3 keys.
    #[default]
    Register,
    /// Jepsen's set workload: on the one key [`SET_KEY`], each client alternates a get and a
    /// put with `"merge": "union"` and `"context": "last"` that adds its next own number (client
    /// i of k adds i, i + k, i + 2k, ..., so every element is added once); checked by
    /// [`check_set`].
    Set,
}

impl WorkloadKind {
    /// Parses `register` or `set`; any other word is an error that names it and lists the known
    /// ones.
    pub fn parse(text: &str) -> Result<WorkloadKind, String> {
        match text.trim() {
            "register" => Ok(WorkloadKind::Register),
            "set" => Ok(WorkloadKind::Set),
            other => Err(format!(
                "--workload: unknown workload `{other}`; expected register or set"
            )),
        }
    }

    /// `register` or `set`.
    pub fn name(self) -> &'static str {
        match self {
            WorkloadKind::Register => "register",
            WorkloadKind::Set => "set",
        }
    }
}

impl fmt::Display for WorkloadKind {
    /// Writes the workload as [`WorkloadKind::parse`] reads it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for WorkloadKind {
    type Err = String;

    fn from_str(s: &str) -> Result<WorkloadKind, String> {
        WorkloadKind::parse(s)
    }
}

/// Probability that a fault event comes before a client operation (when some fault is on).
const FAULT_CHANCE: f64 = 0.2;
/// Most keys a workload uses; each run picks 1 to this many.
const MAX_KEYS: u64 = 3;
/// The drop rates the nemesis chooses from.
const DROP_RATES: [f64; 5] = [0.0, 0.01, 0.05, 0.1, 0.25];
/// Keeps the generator's stream apart from the simulator's, which `SimRng::new(seed)` starts.
const STREAM: u64 = 0x776f_726b_6c6f_6164; // "workload"

/// The key of the set workload.
pub const SET_KEY: &str = "set";

/// A random scenario on `base`'s cluster: `ops` client operations by `clients` clients (at
/// least 1), spread over time so that operations overlap, with the faults the `nemesis` asks
/// for; then every fault healed, every node recovered, drops set to 0, a quiet period, and one
/// client's get of every key. The register workload uses 1 to 3 keys (`k0`, `k1`, `k2`), the
/// set workload the one key [`SET_KEY`] (see [`WorkloadKind`]).
///
/// The cluster is `base`'s, except that `clock_skew_ms` entries that name neither a node nor a
/// client of the new scenario are left out. Client names are `base`'s own clients first (so
/// their clock skews still apply), then `c1`, `c2`, ... (skipping names already taken). The
/// scenario's `seed` is `seed`, and its events replace `base`'s. The result always passes
/// [`Scenario::validate`] when `base` does.
pub fn random_scenario(
    base: &Scenario,
    seed: u64,
    kind: WorkloadKind,
    clients: usize,
    ops: usize,
    nemesis: &Nemesis,
) -> Scenario {
    let mut rng = SimRng::new(seed ^ STREAM);
    let cluster = &base.cluster;
    let nodes = &cluster.nodes;
    let client_names = client_names(base, clients.max(1));
    let (key_count, keys): (u64, Vec<String>) = match kind {
        WorkloadKind::Register => {
            let count = 1 + rng.below(MAX_KEYS);
            (count, (0..count).map(|k| format!("k{k}")).collect())
        }
        WorkloadKind::Set => (1, vec![SET_KEY.to_string()]),
    };
    // The set workload: per client, whether its next operation is the put of a read-modify-write
    // (after its get), how many elements it has added, and when it may start its next operation.
    let mut set_clients = vec![(false, 0u64); client_names.len()];
    let mut ready = vec![0u64; client_names.len()];

    // Operations overlap: gaps between invocations are uniform on [0, 2 x the mean one-way
    // delay], so a round trip usually spans a few of them.
    let mean = cluster
        .latency
        .mean_ms(MsgClass::Write)
        .filter(|m| m.is_finite() && *m > 0.0)
        .unwrap_or(10.0);
    // Times stay within the scenario's bound: the operations within the first half of it...
    let half = (MAX_MS / 2.0) as u64;
    let max_gap = ((2.0 * mean).round().clamp(1.0, 1e6) as u64).min(half / ops.max(1) as u64);
    // A Jepsen client waits for each operation to finish before the next; here times are fixed
    // in advance, so in the set workload a client starts its next operation 4 to 10 mean one-way
    // delays after the last (uniformly): a put usually starts after the get before it has
    // returned (a request and its reply through a coordinating replica take 4 delays), and the
    // clients do not fall into lock step.
    let think = ((mean.round().clamp(1.0, 1e6)) as u64).min(half / (10 * ops.max(1)) as u64);

    let mut events: Vec<Event> = Vec::new();
    let mut crashed: BTreeSet<usize> = BTreeSet::new();
    let mut partitioned = false;
    let mut t: u64 = 0;
    for i in 0..ops {
        t += rng.below(max_gap + 1);
        // The set workload: a client ready at t (the earliest one's time, if none is).
        let set_client = match kind {
            WorkloadKind::Register => None,
            WorkloadKind::Set => {
                t = t.max(ready.iter().copied().min().unwrap_or(0));
                let free: Vec<usize> = (0..ready.len()).filter(|&c| ready[c] <= t).collect();
                let c = free[rng.below(free.len() as u64) as usize];
                ready[c] = t + 4 * think + rng.below(6 * think + 1);
                Some(c)
            }
        };
        if nemesis.any() && rng.chance(FAULT_CHANCE) {
            let action = fault(
                &mut rng,
                nemesis,
                nodes,
                &client_names,
                &mut crashed,
                &mut partitioned,
            );
            events.push(Event {
                at: t as f64,
                action,
            });
        }
        let c = match set_client {
            Some(c) => c,
            None => rng.below(client_names.len() as u64) as usize,
        };
        let client = client_names[c].clone();
        let action = match kind {
            WorkloadKind::Register => {
                let key = keys[rng.below(key_count) as usize].clone();
                register_op(&mut rng, i, client, key)
            }
            WorkloadKind::Set => {
                let (put_next, added) = &mut set_clients[c];
                let key = SET_KEY.to_string();
                if *put_next {
                    let element = c as u64 + *added * client_names.len() as u64;
                    *added += 1;
                    *put_next = false;
                    Action::Put(PutSpec {
                        client,
                        key,
                        value: element.to_string(),
                        context: ContextChoice::Last,
                        merge: Some(Merge::Union),
                    })
                } else {
                    *put_next = true;
                    Action::Get(GetSpec { client, key })
                }
            }
        };
        events.push(Event {
            at: t as f64,
            action,
        });
    }

    // Heal everything.
    t += 1;
    if nemesis.partitions {
        events.push(Event {
            at: t as f64,
            action: Action::Heal,
        });
    }
    if nemesis.crashes {
        for node in nodes {
            events.push(Event {
                at: t as f64,
                action: Action::Recover(node.clone()),
            });
        }
    }
    if nemesis.drops {
        events.push(Event {
            at: t as f64,
            action: Action::DropRate(0.0),
        });
    }

    // A quiet period: operations in flight finish or time out (a client waits up to twice the
    // timeout for a coordinating replica), and background repair gets a few rounds.
    let mut quiet = 2.0 * cluster.timeout_ms + 10.0 * mean;
    if let Some(ae) = cluster.anti_entropy_ms {
        quiet += 3.0 * ae * nodes.len() as f64;
    }
    if cluster.hinted_handoff {
        quiet += 3.0 * cluster.handoff_interval_ms;
    }
    // ...and the quiet period within the second half.
    t += (quiet.ceil().clamp(1.0, MAX_MS / 2.0 - 2.0)) as u64;
    for key in &keys {
        events.push(Event {
            at: t as f64,
            action: Action::Get(GetSpec {
                client: client_names[0].clone(),
                key: key.clone(),
            }),
        });
    }

    // Partitions may name clients that ended up with no operation and are not declared in
    // `cluster.clients`; the scenario does not know those, so leave them out (they talk to no
    // one anyway).
    let used: BTreeSet<String> = events
        .iter()
        .filter_map(|e| e.action.client().map(str::to_string))
        .chain(cluster.clients.iter().cloned())
        .collect();
    for e in &mut events {
        if let Action::Partition(groups) = &mut e.action {
            for g in groups.iter_mut() {
                g.retain(|m| nodes.contains(m) || used.contains(m));
            }
            groups.retain(|g| !g.is_empty());
        }
    }

    let mut cluster = cluster.clone();
    cluster
        .clock_skew_ms
        .retain(|name, _| nodes.contains(name) || used.contains(name));
    // Likewise datacenters may list clients that no operation uses.
    for dc in &mut cluster.datacenters {
        dc.members
            .retain(|name| nodes.contains(name) || used.contains(name));
    }
    let description = match kind {
        WorkloadKind::Register => format!(
            "{ops} operations by {} clients on {key_count} keys, nemesis: {nemesis}; then heal, recover, drops off, quiet period, and a final get of every key.",
            client_names.len()
        ),
        WorkloadKind::Set => format!(
            "Jepsen's set workload: {ops} operations by {} clients, each alternating a get of `{SET_KEY}` and a put that adds its next own number to the union of the siblings it read; nemesis: {nemesis}; then heal, recover, drops off, quiet period, and a final get of `{SET_KEY}`.",
            client_names.len()
        ),
    };
    Scenario {
        name: format!("random {kind} workload, seed {seed}"),
        description,
        look_at: Vec::new(),
        seed,
        cluster,
        events,
    }
}

/// `count` client names: the base scenario's clients first, then `c1`, `c2`, ... that are
/// neither nodes nor taken.
fn client_names(base: &Scenario, count: usize) -> Vec<String> {
    let mut names: Vec<String> = base.clients().into_iter().take(count).collect();
    let mut i = 1;
    while names.len() < count {
        let name = format!("c{i}");
        i += 1;
        if !base.cluster.nodes.contains(&name) && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// One operation of the register workload: a put of a unique value (45%, with the context of
/// the client's last result 60% of the time), a get (45%), or a delete (10%, with context 80%).
fn register_op(rng: &mut SimRng, i: usize, client: String, key: String) -> Action {
    let roll = rng.below(100);
    if roll < 45 {
        let context = if rng.chance(0.6) {
            ContextChoice::Last
        } else {
            ContextChoice::None
        };
        Action::Put(PutSpec {
            value: format!("v{}", i + 1),
            client,
            key,
            context,
            merge: None,
        })
    } else if roll < 90 {
        Action::Get(GetSpec { client, key })
    } else {
        let context = if rng.chance(0.8) {
            ContextChoice::Last
        } else {
            ContextChoice::None
        };
        Action::Delete(DeleteSpec {
            client,
            key,
            context,
        })
    }
}

/// One fault, of a kind the nemesis allows, chosen at random.
fn fault(
    rng: &mut SimRng,
    nemesis: &Nemesis,
    nodes: &[String],
    clients: &[String],
    crashed: &mut BTreeSet<usize>,
    partitioned: &mut bool,
) -> Action {
    let mut kinds = Vec::new();
    if nemesis.partitions {
        kinds.push(0);
    }
    if nemesis.crashes {
        kinds.push(1);
    }
    if nemesis.drops {
        kinds.push(2);
    }
    match kinds[rng.below(kinds.len() as u64) as usize] {
        0 => {
            if *partitioned && rng.chance(0.5) {
                *partitioned = false;
                Action::Heal
            } else {
                *partitioned = true;
                let count = 2 + rng.below(2) as usize;
                let mut groups: Vec<Vec<String>> = vec![Vec::new(); count];
                for member in nodes.iter().chain(clients) {
                    groups[rng.below(count as u64) as usize].push(member.clone());
                }
                groups.retain(|g| !g.is_empty());
                Action::Partition(groups)
            }
        }
        1 => {
            let all_down = crashed.len() == nodes.len();
            if !crashed.is_empty() && (all_down || rng.chance(0.5)) {
                let down: Vec<usize> = crashed.iter().copied().collect();
                let node = down[rng.below(down.len() as u64) as usize];
                crashed.remove(&node);
                Action::Recover(nodes[node].clone())
            } else {
                let up: Vec<usize> = (0..nodes.len()).filter(|i| !crashed.contains(i)).collect();
                let node = up[rng.below(up.len() as u64) as usize];
                crashed.insert(node);
                Action::Crash(nodes[node].clone())
            }
        }
        _ => Action::DropRate(DROP_RATES[rng.below(DROP_RATES.len() as u64) as usize]),
    }
}

/// What `qsim random` runs for each seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RandomParams {
    /// The workload.
    pub kind: WorkloadKind,
    /// How many clients.
    pub clients: usize,
    /// How many client operations before the final reads.
    pub ops: usize,
    /// Which faults.
    pub nemesis: Nemesis,
}

impl RandomParams {
    /// The random scenario of one seed on `base`'s cluster ([`random_scenario`]).
    pub fn scenario(&self, base: &Scenario, seed: u64) -> Scenario {
        random_scenario(base, seed, self.kind, self.clients, self.ops, &self.nemesis)
    }
}

/// One seed's run, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct SeedRun {
    /// The seed.
    pub seed: u64,
    /// The run's metrics, as `qsim run` prints them.
    pub metrics: MetricsEntry,
    /// Operations invoked (the final reads included).
    pub operations: u64,
    /// Operations whose outcome is `ok`.
    pub ok: u64,
    /// Operations whose outcome is `fail`.
    pub fail: u64,
    /// Of those, writes that may still have been stored (indeterminate, Jepsen's `:info`).
    pub indeterminate: u64,
    /// Operations still pending at the end (only when the run did not settle).
    pub pending: u64,
    /// Whether the run settled ([`Simulator::is_settled`]) within [`MAX_RUN_EVENTS`] events.
    pub settled: bool,
    /// The run's trace hash ([`Simulator::trace_hash`]), as `qsim run` prints it.
    pub trace_hash: String,
    /// For the set workload, Jepsen's set checker's verdict.
    pub set: Option<SetCheck>,
}

/// Generates and runs one seed's scenario, as `qsim run` runs the scenario that `qsim random
/// --emit-scenario SEED` prints: until it settles, with no time limit, stopped only by
/// [`MAX_RUN_EVENTS`] (where `qsim run` gives up too). Returns the simulator at the end.
pub fn simulate_seed(base: &Scenario, seed: u64, params: &RandomParams) -> Simulator {
    let mut sim = Simulator::with_options(
        params.scenario(base, seed),
        Options {
            record_messages: false,
            ..Options::default()
        },
    );
    sim.run_bounded(None, MAX_RUN_EVENTS);
    sim
}

/// Generates, runs ([`simulate_seed`]) and checks one seed's scenario. The run is the one
/// `qsim run` makes of the scenario that `qsim random --emit-scenario SEED` prints: the same
/// events, the same trace hash, the same history.
pub fn run_seed(base: &Scenario, seed: u64, params: &RandomParams) -> SeedRun {
    let sim = simulate_seed(base, seed, params);
    let m = sim.metrics();
    let metrics = MetricsEntry {
        messages: m.messages,
        dropped: m.dropped,
        stale_reads: m.stale_reads,
        lost_writes: sim.lost_writes().len() as u64,
        read_repairs: m.read_repairs,
        anti_entropy_repairs: m.anti_entropy_repairs,
        hints_delivered: m.hints_delivered,
        cut: m.cut,
        refused: m.refused,
        resurrections: m.resurrections,
        anti_entropy_hashes: m.anti_entropy_hashes,
    };
    let count = |o: Outcome| sim.history().iter().filter(|r| r.outcome == o).count() as u64;
    SeedRun {
        seed,
        metrics,
        operations: sim.history().len() as u64,
        ok: count(Outcome::Ok),
        fail: count(Outcome::Fail),
        indeterminate: sim.history().iter().filter(|r| r.indeterminate).count() as u64,
        pending: count(Outcome::Pending),
        settled: sim.is_settled(),
        trace_hash: sim.trace_hash(),
        set: match params.kind {
            WorkloadKind::Set => Some(check_set(&sim)),
            WorkloadKind::Register => None,
        },
    }
}

/// The seeds of a `qsim random` run, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SeedRange {
    /// The first seed.
    pub from: u64,
    /// The last seed.
    pub to: u64,
}

/// Totals of Jepsen's set checker over the seeds of a `qsim random --workload set` run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SetTotals {
    /// Elements whose add was attempted.
    pub attempted: u64,
    /// Elements whose add was acknowledged.
    pub acknowledged: u64,
    /// Attempted elements present in the final read (recovered ones included).
    pub ok: u64,
    /// Acknowledged elements absent from the final read.
    pub lost: u64,
    /// Elements in the final read that no add attempted.
    pub unexpected: u64,
    /// Elements whose add failed but that are in the final read.
    pub recovered: u64,
    /// Seeds with lost elements.
    pub lost_seeds: Vec<u64>,
    /// Seeds with unexpected elements.
    pub unexpected_seeds: Vec<u64>,
    /// Seeds whose final read failed (their elements are not classified).
    pub final_read_failed_seeds: Vec<u64>,
}

/// What `qsim random` prints: the totals over every seed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RandomReport {
    /// `register` or `set`.
    pub workload: String,
    /// The faults, as `--nemesis` reads them (`none` for none).
    pub nemesis: String,
    /// Clients per run.
    pub clients: usize,
    /// Client operations per run, before the final reads.
    pub ops: usize,
    /// The seeds asked for.
    pub seeds: SeedRange,
    /// How many seeds were run.
    pub seeds_run: u64,
    /// Operations invoked over all runs (the final reads included).
    pub operations: u64,
    /// Operations whose outcome is `ok`.
    pub ok: u64,
    /// Operations whose outcome is `fail`.
    pub fail: u64,
    /// Of those, writes that may still have been stored (indeterminate, Jepsen's `:info`).
    pub indeterminate: u64,
    /// Operations still pending at the end of a run that did not settle.
    pub pending: u64,
    /// The sums of every run's metrics.
    pub metrics: MetricsEntry,
    /// Seeds with at least one stale read.
    pub stale_read_seeds: Vec<u64>,
    /// Seeds with at least one lost write.
    pub lost_write_seeds: Vec<u64>,
    /// Seeds whose run had not settled within [`MAX_RUN_EVENTS`] events (`qsim run` refuses
    /// their scenario files the same way).
    pub unsettled_seeds: Vec<u64>,
    /// For the set workload: Jepsen's set checker, totalled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set: Option<SetTotals>,
}

/// Runs and checks every seed from `seeds.from` to `seeds.to` (both included) and totals the
/// results; `seeds.from <= seeds.to` is the caller's to check (an empty range runs nothing).
pub fn run_random(base: &Scenario, seeds: SeedRange, params: &RandomParams) -> RandomReport {
    let mut report = RandomReport {
        workload: params.kind.to_string(),
        nemesis: params.nemesis.to_string(),
        clients: params.clients,
        ops: params.ops,
        seeds,
        seeds_run: 0,
        operations: 0,
        ok: 0,
        fail: 0,
        indeterminate: 0,
        pending: 0,
        metrics: MetricsEntry::default(),
        stale_read_seeds: Vec::new(),
        lost_write_seeds: Vec::new(),
        unsettled_seeds: Vec::new(),
        set: match params.kind {
            WorkloadKind::Set => Some(SetTotals::default()),
            WorkloadKind::Register => None,
        },
    };
    if seeds.from > seeds.to {
        return report;
    }
    for seed in seeds.from..=seeds.to {
        report.add(&run_seed(base, seed, params));
    }
    report
}

impl RandomReport {
    /// Adds one seed's run to the totals.
    pub fn add(&mut self, run: &SeedRun) {
        self.seeds_run += 1;
        self.operations += run.operations;
        self.ok += run.ok;
        self.fail += run.fail;
        self.indeterminate += run.indeterminate;
        self.pending += run.pending;
        let (t, m) = (&mut self.metrics, &run.metrics);
        t.messages += m.messages;
        t.dropped += m.dropped;
        t.stale_reads += m.stale_reads;
        t.lost_writes += m.lost_writes;
        t.read_repairs += m.read_repairs;
        t.anti_entropy_repairs += m.anti_entropy_repairs;
        t.hints_delivered += m.hints_delivered;
        t.cut += m.cut;
        t.refused += m.refused;
        t.resurrections += m.resurrections;
        t.anti_entropy_hashes += m.anti_entropy_hashes;
        if m.stale_reads > 0 {
            self.stale_read_seeds.push(run.seed);
        }
        if m.lost_writes > 0 {
            self.lost_write_seeds.push(run.seed);
        }
        if !run.settled {
            self.unsettled_seeds.push(run.seed);
        }
        if let (Some(t), Some(c)) = (&mut self.set, &run.set) {
            t.attempted += c.attempted;
            t.acknowledged += c.acknowledged;
            if !c.final_read {
                t.final_read_failed_seeds.push(run.seed);
                return;
            }
            t.ok += c.ok.len() as u64;
            t.lost += c.lost.len() as u64;
            t.unexpected += c.unexpected.len() as u64;
            t.recovered += c.recovered.len() as u64;
            if !c.lost.is_empty() {
                t.lost_seeds.push(run.seed);
            }
            if !c.unexpected.is_empty() {
                t.unexpected_seeds.push(run.seed);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_sec2_nemesis_parses_the_words_in_any_order() {
        assert_eq!(
            Nemesis::parse("partitions,crashes,drops").unwrap(),
            Nemesis::all()
        );
        assert_eq!(
            Nemesis::parse(" drops , partitions").unwrap(),
            Nemesis {
                partitions: true,
                crashes: false,
                drops: true
            }
        );
        assert_eq!(Nemesis::parse("").unwrap(), Nemesis::none());
        assert_eq!(Nemesis::parse("none").unwrap(), Nemesis::none());
        let n = Nemesis::parse("crashes").unwrap();
        assert_eq!(n.to_string().parse::<Nemesis>().unwrap(), n);
    }

    #[test]
    fn contract_sec2_nemesis_names_an_unknown_word() {
        let e = Nemesis::parse("partitions,clock").unwrap_err();
        assert!(e.contains("unknown fault `clock`"), "{e}");
        assert!(e.contains("partitions, crashes, drops"), "{e}");
    }

    #[test]
    fn contract_sec2_workload_parses_register_and_set() {
        assert_eq!(
            WorkloadKind::parse("register").unwrap(),
            WorkloadKind::Register
        );
        assert_eq!(WorkloadKind::parse(" set ").unwrap(), WorkloadKind::Set);
        assert_eq!(WorkloadKind::Set.to_string().parse(), Ok(WorkloadKind::Set));
        let e = WorkloadKind::parse("bank").unwrap_err();
        assert!(e.contains("unknown workload `bank`"), "{e}");
        assert!(e.contains("register or set"), "{e}");
    }
}
