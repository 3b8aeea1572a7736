//! The result of a run as `qsim run` prints it (`CONTRACT.md` section 3).

use crate::op::OpKind;
use crate::sim::Simulator;
use crate::time::Ms;
use crate::version::Actor;
use serde::Serialize;
use std::collections::BTreeMap;

/// One operation of the history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// Operation number, from 1 in order of invocation.
    pub id: u64,
    /// The client.
    pub client: String,
    /// `put`, `get` or `delete`.
    pub op: String,
    /// The key.
    pub key: String,
    /// The value of a put.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// When the client invoked it.
    pub invoked_ms: Ms,
    /// When the client saw its result; `null` while pending.
    pub completed_ms: Option<Ms>,
    /// `ok`, `fail` or `pending`.
    pub outcome: String,
    /// Why it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// A failed put or delete that may still have been stored (Jepsen's `:info`); printed only
    /// when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub indeterminate: bool,
    /// The replicas whose replies made the quorum, in order of arrival.
    pub replies_from: Vec<String>,
    /// The sibling values of the result, sorted; empty for a missing or deleted key.
    pub values: Vec<String>,
    /// The causal context of the result, as a version vector.
    pub context: String,
    /// Whether a get returned a stale value.
    pub stale: bool,
    /// Whether an acknowledged put is lost from every replica at the end (an extension).
    pub lost: bool,
    /// Whether a get returned a value an acknowledged delete had removed (an extension);
    /// printed only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub resurrection: bool,
    /// Too many siblings in the result (an extension, Riak's `siblings_threshold`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// What one replica holds for one key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReplicaKey {
    /// The sibling values, sorted; tombstones left out.
    pub values: Vec<String>,
    /// The version vector, or for `lww` the winning timestamp.
    pub clock: String,
    /// Whether a tombstone is among the siblings (an extension).
    pub tombstone: bool,
}

/// A hint kept by a fallback node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HintEntry {
    /// The home replica the hint is for.
    #[serde(rename = "for")]
    pub for_node: String,
    /// The key.
    pub key: String,
}

/// The counters of the run.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MetricsEntry {
    /// Messages sent.
    pub messages: u64,
    /// Messages lost to the drop rate (or dropped by hand on the page).
    pub dropped: u64,
    /// Gets that returned a stale value.
    pub stale_reads: u64,
    /// Acknowledged puts lost from every replica at the end.
    pub lost_writes: u64,
    /// Read repairs sent.
    pub read_repairs: u64,
    /// Replica keys changed by anti-entropy.
    pub anti_entropy_repairs: u64,
    /// Hints handed back to their home replica.
    pub hints_delivered: u64,
    /// Messages cut by a partition (an extension).
    pub cut: u64,
    /// Messages refused by a crashed node (an extension).
    pub refused: u64,
    /// Gets that returned a value an acknowledged delete had removed (an extension).
    pub resurrections: u64,
    /// Hashes anti-entropy sent: hash-tree nodes' hashes and keys' digests (contract section 5).
    pub anti_entropy_hashes: u64,
}

/// The result of `qsim run`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunResult {
    /// Every operation, in order of invocation.
    pub history: Vec<HistoryEntry>,
    /// Every node's keys at the end.
    pub replicas: BTreeMap<String, BTreeMap<String, ReplicaKey>>,
    /// Hints kept at the end, by the node keeping them.
    pub hints: BTreeMap<String, Vec<HintEntry>>,
    /// The counters.
    pub metrics: MetricsEntry,
    /// Hex digest of every event of the run.
    pub trace_hash: String,
    /// Simulated time at the end (an extension).
    pub end_ms: Ms,
}

impl RunResult {
    /// The result of a simulator in its current state.
    pub fn of(sim: &Simulator) -> RunResult {
        let names = sim.names();
        let keys = sim.keys();
        let mode = sim.settings().versioning;
        let name = |a: Actor| names[a as usize].to_string();
        let lost = sim.lost_writes();
        let history = sim
            .history()
            .iter()
            .map(|r| HistoryEntry {
                id: r.id.0,
                client: names[r.client].to_string(),
                op: r.kind.name().to_string(),
                key: keys[r.key].to_string(),
                value: match r.kind {
                    OpKind::Put => r.value.as_ref().map(|v| v.to_string()),
                    _ => None,
                },
                invoked_ms: Ms(r.invoked_us),
                completed_ms: r.completed_us.map(Ms),
                outcome: r.outcome.name().to_string(),
                error: r.error.clone(),
                indeterminate: r.indeterminate,
                replies_from: r
                    .replies_from
                    .iter()
                    .map(|&n| names[n].to_string())
                    .collect(),
                values: r.result_values(),
                context: r.result.context().display_with(&name),
                stale: r.stale,
                lost: lost.contains(&r.id),
                resurrection: r.resurrection,
                warning: r.sibling_warning(),
            })
            .collect();
        let mut replicas = BTreeMap::new();
        let mut hints: BTreeMap<String, Vec<HintEntry>> = BTreeMap::new();
        for rep in sim.replicas() {
            let mut m = BTreeMap::new();
            for (k, state) in rep.store.iter() {
                m.insert(
                    keys[k].to_string(),
                    ReplicaKey {
                        values: state.values().iter().map(|v| v.to_string()).collect(),
                        clock: state.clock_display(mode, &name),
                        tombstone: state.has_tombstone(),
                    },
                );
            }
            replicas.insert(names[rep.id].to_string(), m);
            for &((k, home), _) in rep.hints.entries() {
                hints
                    .entry(names[rep.id].to_string())
                    .or_default()
                    .push(HintEntry {
                        for_node: names[home].to_string(),
                        key: keys[k].to_string(),
                    });
            }
        }
        let m = sim.metrics();
        RunResult {
            history,
            replicas,
            hints,
            metrics: MetricsEntry {
                messages: m.messages,
                dropped: m.dropped,
                stale_reads: m.stale_reads,
                lost_writes: lost.len() as u64,
                read_repairs: m.read_repairs,
                anti_entropy_repairs: m.anti_entropy_repairs,
                hints_delivered: m.hints_delivered,
                cut: m.cut,
                refused: m.refused,
                resurrections: m.resurrections,
                anti_entropy_hashes: m.anti_entropy_hashes,
            },
            trace_hash: sim.trace_hash(),
            end_ms: Ms(sim.now()),
        }
    }
}
