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
//! The generator draws from its own [`SimRng`] stream, derived from the seed, so the same base,
//! seed and parameters always give the same scenario; the scenario's own `seed` (the simulator's
//! stream: message delays, drops) is set to the same seed.
//!
//! Only the register workload exists so far. Jepsen's set workload (each client adds its own
//! numbers to one set by read-modify-write, merging siblings by union) needs a put whose value is
//! computed at run time from the client's last read, which no scenario action can express: a
//! put's value is fixed in the file. See [`WorkloadKind`].

use crate::latency::MsgClass;
use crate::rng::SimRng;
use crate::scenario::{
    Action, ContextChoice, DeleteSpec, Event, GetSpec, PutSpec, Scenario, MAX_MS,
};
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
///
/// Only Jepsen's register workload can be expressed with the scenario's actions. The set
/// workload (`--workload set`) needs a put whose value is the union of the siblings the client
/// last read plus its own new element, computed when the put runs; until the engine has such an
/// action, [`WorkloadKind::parse`] refuses `set` with a message saying so.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WorkloadKind {
    /// Puts of unique values (blind, or with the context of the client's last result), gets,
    /// and occasional deletes, on a few keys.
    #[default]
    Register,
}

impl WorkloadKind {
    /// Parses `register`; `set` is refused with an explanation (see [`WorkloadKind`]), and any
    /// other word with the list of known ones.
    pub fn parse(text: &str) -> Result<WorkloadKind, String> {
        match text.trim() {
            "register" => Ok(WorkloadKind::Register),
            "set" => Err(
                "--workload: `set` is not available yet: it needs a read-modify-write put (the union of the siblings last read), which the engine has no action for; use register"
                    .to_string(),
            ),
            other => Err(format!(
                "--workload: unknown workload `{other}`; expected register"
            )),
        }
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

/// A random scenario on `base`'s cluster: `ops` client operations by `clients` clients (at
/// least 1) over 1 to 3 keys, spread over time so that operations overlap, with the faults the
/// `nemesis` asks for; then every fault healed, every node recovered, drops set to 0, a quiet
/// period, and one client's get of every key.
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
    let key_count = 1 + rng.below(MAX_KEYS);
    let keys: Vec<String> = (0..key_count).map(|k| format!("k{k}")).collect();

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

    let mut events: Vec<Event> = Vec::new();
    let mut crashed: BTreeSet<usize> = BTreeSet::new();
    let mut partitioned = false;
    let mut t: u64 = 0;
    for i in 0..ops {
        t += rng.below(max_gap + 1);
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
        let client = client_names[rng.below(client_names.len() as u64) as usize].clone();
        let key = keys[rng.below(key_count) as usize].clone();
        let action = match kind {
            WorkloadKind::Register => register_op(&mut rng, i, client, key),
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
    Scenario {
        name: format!("random register workload, seed {seed}"),
        description: format!(
            "{ops} operations by {} clients on {key_count} keys, nemesis: {nemesis}; then heal, recover, drops off, quiet period, and a final get of every key.",
            client_names.len()
        ),
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
    fn contract_sec2_workload_set_is_refused_with_the_reason() {
        assert_eq!(
            WorkloadKind::parse("register").unwrap(),
            WorkloadKind::Register
        );
        let e = WorkloadKind::parse("set").unwrap_err();
        assert!(e.contains("read-modify-write"), "{e}");
        let e = WorkloadKind::parse("bank").unwrap_err();
        assert!(e.contains("unknown workload `bank`"), "{e}");
    }
}
