//! The conditions of a goal, as written in the file and as checked.

use serde::Deserialize;

use crate::node::Settings;
use crate::quorum::{ConsistencyLevel, DcId};
use crate::result::{HistoryEntry, RunResult};

/// One condition of a goal, with the words the page shows for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// What it asks, for people ("an acknowledged write is lost").
    pub text: String,
    /// What it counts.
    pub counts: Counted,
    /// How many there must be.
    pub bound: Bound,
}

/// What a condition counts.
#[derive(Clone, Debug, PartialEq)]
pub enum Counted {
    /// The operations of the history that match the filter.
    Ops(OpFilter),
    /// One of the run's metrics.
    Metric(Metric),
    /// The replicas whose values of a key match.
    Replicas(ReplicaFilter),
}

/// How many a condition needs: at least, at most, or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub struct Bound {
    /// At least this many (default 1 when `at_most` is not given either).
    pub at_least: Option<u64>,
    /// At most this many.
    pub at_most: Option<u64>,
}

impl Bound {
    /// Whether `found` is within the bound.
    pub fn holds(self, found: u64) -> bool {
        self.at_least.is_none_or(|l| found >= l) && self.at_most.is_none_or(|m| found <= m)
    }
}

/// The run's counters a condition may name (the contract's `metrics`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Reads that missed an acknowledged write.
    StaleReads,
    /// Acknowledged writes no replica holds any more.
    LostWrites,
    /// Writes read repair made.
    ReadRepairs,
    /// Copies anti-entropy made.
    AntiEntropyRepairs,
    /// Hints handed back to their home replica.
    HintsDelivered,
    /// Deleted values that came back.
    Resurrections,
    /// Messages lost to the drop rate or dropped by hand.
    Dropped,
    /// Messages lost to a partition.
    Cut,
}

impl Metric {
    fn of(self, r: &RunResult) -> u64 {
        let m = &r.metrics;
        match self {
            Metric::StaleReads => m.stale_reads,
            Metric::LostWrites => m.lost_writes,
            Metric::ReadRepairs => m.read_repairs,
            Metric::AntiEntropyRepairs => m.anti_entropy_repairs,
            Metric::HintsDelivered => m.hints_delivered,
            Metric::Resurrections => m.resurrections,
            Metric::Dropped => m.dropped,
            Metric::Cut => m.cut,
        }
    }
}

/// An operation's kind, as the history names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpName {
    /// A write.
    Put,
    /// A read.
    Get,
    /// A tombstone write.
    Delete,
}

/// An operation's outcome, as the history names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeName {
    /// The quorum answered.
    Ok,
    /// Not enough replicas answered.
    Fail,
    /// Unknown: the write may be stored (Jepsen's `:info`).
    Info,
}

/// Whether the settings in force when an operation was invoked made every read quorum meet
/// every write quorum (w + r > n, each level counted as the replicas it needs when the
/// operation's client is the coordinator's datacenter) or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuorumShape {
    /// w + r > n.
    Overlap,
    /// w + r <= n: a read quorum may miss a write quorum.
    MayMiss,
}

/// Which operations of the history a condition counts; every field given must match.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpFilter {
    /// The kind.
    pub op: Option<OpName>,
    /// The key.
    pub key: Option<String>,
    /// The client.
    pub client: Option<String>,
    /// The outcome.
    pub outcome: Option<OutcomeName>,
    /// A read that missed an acknowledged write.
    pub stale: Option<bool>,
    /// A write acknowledged, then lost.
    pub lost: Option<bool>,
    /// A read that returned a deleted value.
    pub resurrection: Option<bool>,
    /// At least this many values (siblings) in its result.
    pub values_at_least: Option<usize>,
    /// At most this many values in its result.
    pub values_at_most: Option<usize>,
    /// The quorums in force when it was invoked.
    pub quorums: Option<QuorumShape>,
    /// Whether a sloppy quorum was on when it was invoked.
    pub sloppy: Option<bool>,
    /// The write level in force when it was invoked.
    pub w: Option<LevelName>,
    /// The read level in force when it was invoked.
    pub r: Option<LevelName>,
}

/// A consistency level in a filter, written as in a scenario: one of the contract's words
/// (`"local_quorum"`) or a whole number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LevelName(pub ConsistencyLevel);

impl<'de> Deserialize<'de> for LevelName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        ConsistencyLevel::from_json(&v, "level")
            .map(LevelName)
            .map_err(|e| serde::de::Error::custom(e.message()))
    }
}

/// A condition as the file writes it: `text`, exactly one of `ops`, `metric` and `replicas`,
/// and the bound.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ConditionFile {
    text: String,
    ops: Option<OpFilter>,
    metric: Option<Metric>,
    replicas: Option<ReplicaFilter>,
    at_least: Option<u64>,
    at_most: Option<u64>,
}

/// Which replicas a condition counts, by what they hold of one key at the end of the run;
/// every field given must match, and a replica that holds nothing of the key (or only a
/// tombstone) holds no values.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicaFilter {
    /// The key.
    pub key: String,
    /// Exactly these values, in any order.
    pub values: Option<Vec<String>>,
    /// At least this many values (siblings).
    pub values_at_least: Option<usize>,
    /// At most this many values.
    pub values_at_most: Option<usize>,
}

impl ReplicaFilter {
    fn matches(&self, held: &[String]) -> bool {
        let same = |want: &Vec<String>| {
            let mut a: Vec<&String> = held.iter().collect();
            let mut b: Vec<&String> = want.iter().collect();
            a.sort();
            b.sort();
            a == b
        };
        self.values.as_ref().is_none_or(same)
            && self.values_at_least.is_none_or(|n| held.len() >= n)
            && self.values_at_most.is_none_or(|n| held.len() <= n)
    }
}

impl ConditionFile {
    /// The condition it describes, or what is wrong with it.
    pub(super) fn checked(self) -> Result<Condition, String> {
        if self.text.trim().is_empty() {
            return Err("text: must not be empty".into());
        }
        let counts = match (self.ops, self.metric, self.replicas) {
            (Some(f), None, None) => Counted::Ops(f),
            (None, Some(m), None) => Counted::Metric(m),
            (None, None, Some(r)) => Counted::Replicas(r),
            _ => return Err("give exactly one of `ops`, `metric` and `replicas`".into()),
        };
        let bound = match (self.at_least, self.at_most) {
            (None, None) => Bound {
                at_least: Some(1),
                at_most: None,
            },
            (Some(l), Some(m)) if l > m => {
                return Err(format!("at_least ({l}) is more than at_most ({m})"));
            }
            (at_least, at_most) => Bound { at_least, at_most },
        };
        Ok(Condition {
            text: self.text,
            counts,
            bound,
        })
    }
}

/// A finished run and the settings in force when each of its operations was invoked.
pub(super) struct RunView<'a> {
    pub result: &'a RunResult,
    /// One per operation of the history, in the same order, with its client's datacenter.
    pub settings: Vec<(Settings, DcId)>,
}

impl Condition {
    /// How many of what it counts the run has.
    pub(super) fn found(&self, run: &RunView<'_>) -> u64 {
        match &self.counts {
            Counted::Metric(m) => m.of(run.result),
            Counted::Ops(filter) => run
                .result
                .history
                .iter()
                .zip(&run.settings)
                .filter(|(h, (s, dc))| filter.matches(h, s, *dc))
                .count() as u64,
            Counted::Replicas(filter) => run
                .result
                .replicas
                .values()
                .filter(|r| filter.matches(r.get(&filter.key).map_or(&[][..], |k| &k.values[..])))
                .count() as u64,
        }
    }
}

impl OpFilter {
    fn matches(&self, h: &HistoryEntry, s: &Settings, dc: DcId) -> bool {
        let name = |op: OpName| match op {
            OpName::Put => "put",
            OpName::Get => "get",
            OpName::Delete => "delete",
        };
        let outcome = |o: OutcomeName| match o {
            OutcomeName::Ok => "ok",
            OutcomeName::Fail => "fail",
            OutcomeName::Info => "info",
        };
        let overlap = || {
            let layout = &s.layout;
            let count = |l: ConsistencyLevel| l.requirement(layout, dc).total() as usize;
            count(s.w) + count(s.r) > s.n
        };
        self.op.is_none_or(|o| h.op == name(o))
            && self.key.as_ref().is_none_or(|k| &h.key == k)
            && self.client.as_ref().is_none_or(|c| &h.client == c)
            && self.outcome.is_none_or(|o| h.outcome == outcome(o))
            && self.stale.is_none_or(|b| h.stale == b)
            && self.lost.is_none_or(|b| h.lost == b)
            && self.resurrection.is_none_or(|b| h.resurrection == b)
            && self.values_at_least.is_none_or(|n| h.values.len() >= n)
            && self.values_at_most.is_none_or(|n| h.values.len() <= n)
            && self.sloppy.is_none_or(|b| s.sloppy_quorum == b)
            && self.w.is_none_or(|l| l.0 == s.w)
            && self.r.is_none_or(|l| l.0 == s.r)
            && self
                .quorums
                .is_none_or(|q| (q == QuorumShape::Overlap) == overlap())
    }
}
