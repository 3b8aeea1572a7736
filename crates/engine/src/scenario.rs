//! The scenario file of the contract (`CONTRACT.md` section 1): parsing and validation.
//!
//! [`Scenario::from_json`] is the one way in: it reads the JSON, rejects unknown fields, and
//! checks every cross-field rule, returning a [`ScenarioError`] that names the field (as a path
//! such as `cluster.w` or `events[3].put.client`) and what was wrong.
//!
//! Reading and writing are written by hand over [`serde_json::Value`] (with the helpers of
//! `json.rs`) rather than derived, so that the page does not carry serde's generated code for
//! every type. [`Scenario::to_value`] and [`Scenario::to_json_string`] write a scenario; the
//! `Serialize` implementations write the same JSON through any serde serializer.

use crate::json::{self, Doc, Path, Shape, Shaped};
use crate::latency::Latency;
use crate::number::plain;
use crate::version::Versioning;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// Most nodes a cluster may have.
pub const MAX_NODES: usize = 64;

/// Longest time or duration a scenario may name, in ms (about 31 years of simulated time).
pub const MAX_MS: f64 = 1e12;
/// The default of `cluster.max_siblings` (Riak's default too).
pub const DEFAULT_MAX_SIBLINGS: u64 = 100;
/// The largest `cluster.max_siblings` a scenario may set: it bounds a key's memory.
pub const MAX_MAX_SIBLINGS: u64 = 1000;
/// Above this many siblings an operation's result carries a warning (Riak's
/// `siblings_threshold`).
pub const SIBLINGS_WARNING: usize = 25;

/// A problem with a scenario: which field, and what was wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// Where: a path like `cluster.w` or `events[2].at`; empty for the document as a whole.
    pub path: String,
    /// What was wrong, in one line.
    pub message: String,
}

impl ScenarioError {
    /// An error at `path`. Both are made [`one_line`], since they may quote the input (a key
    /// or an id holding a line break).
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> ScenarioError {
        ScenarioError {
            path: one_line(&path.into()),
            message: one_line(&message.into()),
        }
    }
}

/// `text` on one line: each control character (line breaks, tabs, ...) and each Unicode line
/// or paragraph separator is written as its escape (`\n`, `\u{2028}`); the rest is kept.
///
/// ```
/// use quorumscope_engine::scenario::one_line;
/// assert_eq!(one_line("a\nb\tc é"), "a\\nb\\tc é");
/// ```
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

/// A replica count or quorum size: a number, or `one`, `quorum` (floor(n/2)+1) or `all`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quorum {
    /// Exactly this many.
    Count(usize),
    /// One replica.
    One,
    /// A majority of n: floor(n/2)+1.
    Majority,
    /// All n replicas (for `n` itself: every node).
    All,
}

impl Quorum {
    /// The number this stands for, given n (or, for `n` itself, the number of nodes).
    pub fn resolve(self, of: usize) -> usize {
        match self {
            Quorum::Count(k) => k,
            Quorum::One => 1,
            Quorum::Majority => of / 2 + 1,
            Quorum::All => of,
        }
    }
}

impl Serialize for Quorum {
    /// Writes [`Quorum::to_value`].
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(s)
    }
}

impl Quorum {
    /// Reads a quorum: a whole number of at least 1, or `"one"`, `"quorum"` or `"all"`.
    fn read(v: &Value, path: &Path) -> Result<Quorum, ScenarioError> {
        match v {
            Value::String(s) => match s.as_str() {
                "one" => Ok(Quorum::One),
                "quorum" => Ok(Quorum::Majority),
                "all" => Ok(Quorum::All),
                other => Err(path.error(format!(
                    "`{other}` is not a quorum; expected a whole number or one of \"one\", \"quorum\", \"all\""
                ))),
            },
            Value::Number(n) => match n.as_u64() {
                Some(k) if k >= 1 => Ok(Quorum::Count(k as usize)),
                _ => Err(path.error(format!("{n} is not a whole number of at least 1"))),
            },
            other => Err(path.error(format!(
                "expected a whole number or one of \"one\", \"quorum\", \"all\", got {other}"
            ))),
        }
    }

    /// The quorum as JSON: its number, or `"one"`, `"quorum"` or `"all"`.
    pub fn to_value(self) -> Value {
        match self {
            Quorum::Count(k) => Value::from(k as u64),
            Quorum::One => Value::from("one"),
            Quorum::Majority => Value::from("quorum"),
            Quorum::All => Value::from("all"),
        }
    }
}

/// Who coordinates a client's request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Coordinator {
    /// The client sends to the replicas itself and counts their replies.
    #[default]
    Client,
    /// The client sends to the first reachable replica of the key, which coordinates.
    Replica,
}

const COORDINATORS: &[&str] = &["client", "replica"];

impl Coordinator {
    /// Its word in a scenario: `"client"` or `"replica"`.
    pub fn name(self) -> &'static str {
        COORDINATORS[self as usize]
    }

    fn read(v: &Value, path: &Path) -> Result<Coordinator, ScenarioError> {
        match json::variant(v, path, COORDINATORS)? {
            0 => Ok(Coordinator::Client),
            _ => Ok(Coordinator::Replica),
        }
    }
}

const VERSIONINGS: &[&str] = &["dvv", "vv", "lww"];

fn versioning_name(v: Versioning) -> &'static str {
    match v {
        Versioning::Dvv => "dvv",
        Versioning::Vv => "vv",
        Versioning::Lww => "lww",
    }
}

fn read_versioning(v: &Value, path: &Path) -> Result<Versioning, ScenarioError> {
    match json::variant(v, path, VERSIONINGS)? {
        0 => Ok(Versioning::Dvv),
        1 => Ok(Versioning::Vv),
        _ => Ok(Versioning::Lww),
    }
}

/// The cluster section of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// Node ids, 1 to 64 of them.
    pub nodes: Vec<String>,
    /// Clients known before any event uses them (an extension of the contract: the page offers
    /// them in its client list).
    pub clients: Vec<String>,
    /// Replicas per key.
    pub n: Quorum,
    /// Write quorum.
    pub w: Quorum,
    /// Read quorum.
    pub r: Quorum,
    /// How versions are kept.
    pub versioning: Versioning,
    /// Who coordinates requests.
    pub coordinator: Coordinator,
    /// Whether reads repair replicas that answered with something older.
    pub read_repair: bool,
    /// Period of anti-entropy in ms; `None` turns it off.
    pub anti_entropy_ms: Option<f64>,
    /// Whether writes and reads use the first n reachable nodes instead of the home replicas.
    pub sloppy_quorum: bool,
    /// Whether fallback nodes keep hints and hand data back to the home replica.
    pub hinted_handoff: bool,
    /// How often a node holding hints checks whether their home replicas are reachable, in ms
    /// (an extension of the contract; default 100).
    pub handoff_interval_ms: f64,
    /// How long a coordinator waits for a quorum, in ms.
    pub timeout_ms: f64,
    /// Message delay model.
    pub latency: Latency,
    /// Clock skew per node or client, in ms.
    pub clock_skew_ms: BTreeMap<String, f64>,
    /// Pinned preference lists per key.
    pub placement: BTreeMap<String, Vec<String>>,
    /// The most siblings a replica keeps for a key; a write that would make more is refused
    /// (an extension of the contract, Riak's `max_siblings`; default 100).
    pub max_siblings: u64,
}

/// A change of settings during a run (an extension of the contract, used by the page's settings
/// panel and by workshop scenarios): every field left out keeps its value. The nodes, the
/// placement and the versioning mode cannot change during a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClusterPatch {
    /// New replica count.
    pub n: Option<Quorum>,
    /// New write quorum.
    pub w: Option<Quorum>,
    /// New read quorum.
    pub r: Option<Quorum>,
    /// New coordination.
    pub coordinator: Option<Coordinator>,
    /// Read repair on or off.
    pub read_repair: Option<bool>,
    /// New anti-entropy period; `null` turns it off.
    pub anti_entropy_ms: Option<Option<f64>>,
    /// Sloppy quorum on or off.
    pub sloppy_quorum: Option<bool>,
    /// Hinted handoff on or off.
    pub hinted_handoff: Option<bool>,
    /// New hint handoff interval.
    pub handoff_interval_ms: Option<f64>,
    /// New timeout.
    pub timeout_ms: Option<f64>,
    /// New latency model.
    pub latency: Option<Latency>,
    /// New clock skews (replacing the whole map).
    pub clock_skew_ms: Option<BTreeMap<String, f64>>,
}

impl ClusterPatch {
    /// The cluster with this patch applied.
    pub fn apply_to(&self, c: &Cluster) -> Cluster {
        let mut out = c.clone();
        if let Some(v) = self.n {
            out.n = v;
        }
        if let Some(v) = self.w {
            out.w = v;
        }
        if let Some(v) = self.r {
            out.r = v;
        }
        if let Some(v) = self.coordinator {
            out.coordinator = v;
        }
        if let Some(v) = self.read_repair {
            out.read_repair = v;
        }
        if let Some(v) = self.anti_entropy_ms {
            out.anti_entropy_ms = v;
        }
        if let Some(v) = self.sloppy_quorum {
            out.sloppy_quorum = v;
        }
        if let Some(v) = self.hinted_handoff {
            out.hinted_handoff = v;
        }
        if let Some(v) = self.handoff_interval_ms {
            out.handoff_interval_ms = v;
        }
        if let Some(v) = self.timeout_ms {
            out.timeout_ms = v;
        }
        if let Some(v) = &self.latency {
            out.latency = v.clone();
        }
        if let Some(v) = &self.clock_skew_ms {
            out.clock_skew_ms = v.clone();
        }
        out
    }
}

/// Whether a write carries a causal context.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContextChoice {
    /// A blind write, concurrent with everything.
    #[default]
    None,
    /// The context of this client's last result for this key.
    Last,
}

/// A put request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PutSpec {
    /// The client making the request.
    pub client: String,
    /// The key.
    pub key: String,
    /// The value written.
    pub value: String,
    /// Which context the write carries.
    pub context: ContextChoice,
    /// How the value written is computed from `value` (an extension of the contract): absent,
    /// `value` as written; `"union"`, see [`Merge::Union`].
    pub merge: Option<Merge>,
}

/// How a put's value is computed at run time from the client's last result (an extension of
/// the contract, for Jepsen's set workload).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Merge {
    /// Read-modify-write of a set: the value written is the union of the comma-separated
    /// elements of every sibling value of this client's last successful result for the key and
    /// of the put's own `value`, sorted (numerically when every element is an integer, else
    /// lexicographically) and joined with commas ([`crate::workload::union_of`]). With
    /// `"context": "last"` it is a proper read-modify-write: under dvv the write replaces
    /// exactly the siblings it merged.
    Union,
}

/// A get request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GetSpec {
    /// The client making the request.
    pub client: String,
    /// The key.
    pub key: String,
}

/// A delete request: a tombstone write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteSpec {
    /// The client making the request.
    pub client: String,
    /// The key.
    pub key: String,
    /// Which context the tombstone carries.
    pub context: ContextChoice,
}

/// What happens at an event's time.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A client writes a value.
    Put(PutSpec),
    /// A client reads a key.
    Get(GetSpec),
    /// A client deletes a key.
    Delete(DeleteSpec),
    /// A node stops: it neither sends nor receives, and keeps its data.
    Crash(String),
    /// A crashed node comes back with its data.
    Recover(String),
    /// Only members of one group talk to each other; everyone not listed forms one more group.
    Partition(Vec<Vec<String>>),
    /// Ends any partition.
    Heal,
    /// From now on each message is lost with this probability.
    DropRate(f64),
    /// From now on the cluster runs with these settings (an extension of the contract).
    Configure(ClusterPatch),
    /// The message with this id (messages are numbered from 1 in the order the run sends them)
    /// is lost now if it is still in flight; otherwise nothing happens (an extension of the
    /// contract: the page records a message the user clicked away this way, so that its share
    /// links replay it).
    DropMessage(u64),
}

/// One timed event of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// When, in simulated ms.
    pub at: f64,
    /// What.
    pub action: Action,
}

/// A whole scenario: a cluster and a timed list of events.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// A title.
    pub name: String,
    /// Markdown shown beside the cluster.
    pub description: String,
    /// The seed of the run's random number generator.
    pub seed: u64,
    /// The cluster.
    pub cluster: Cluster,
    /// The timed events, in order of time.
    pub events: Vec<Event>,
}

impl Action {
    /// The client of a put, get or delete.
    pub fn client(&self) -> Option<&str> {
        match self {
            Action::Put(p) => Some(&p.client),
            Action::Get(g) => Some(&g.client),
            Action::Delete(d) => Some(&d.client),
            _ => None,
        }
    }

    /// The key of a put, get or delete.
    pub fn key(&self) -> Option<&str> {
        match self {
            Action::Put(p) => Some(&p.key),
            Action::Get(g) => Some(&g.key),
            Action::Delete(d) => Some(&d.key),
            _ => None,
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Action::Put(_) => "put",
            Action::Get(_) => "get",
            Action::Delete(_) => "delete",
            Action::Crash(_) => "crash",
            Action::Recover(_) => "recover",
            Action::Partition(_) => "partition",
            Action::Heal => "heal",
            Action::DropRate(_) => "drop_rate",
            Action::Configure(_) => "configure",
            Action::DropMessage(_) => "drop_message",
        }
    }
}

/// A set of node or client ids, in the order they were first inserted. Scenarios name at most
/// 64 nodes and a few dozen clients, where a linear scan costs nothing, and a `BTreeSet` would
/// add its code (about 2 KB of the page's gzipped wasm per element type) for no gain.
#[derive(Default)]
struct Names<'a>(Vec<&'a str>);

impl<'a> Names<'a> {
    /// Adds `name`; false if it was there already.
    fn insert(&mut self, name: &'a str) -> bool {
        let new = !self.contains(name);
        if new {
            self.0.push(name);
        }
        new
    }

    fn contains(&self, name: &str) -> bool {
        self.0.contains(&name)
    }
}

impl Scenario {
    /// Parses and validates a scenario file.
    ///
    /// The text is parsed as JSON first (a syntax error is `malformed JSON: ...` with its line and
    /// column, at the path of the value it is in), then read field by field: unknown fields,
    /// fields of the wrong type, missing fields and unknown words are errors at their path; then
    /// [`Scenario::validate`] checks the rules between fields.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let (value, doc) = json::parse(text)?;
        let scenario = Scenario::read(&value, &doc)?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// The clients: those declared in `cluster.clients`, then the others used by events, in
    /// order of first use.
    pub fn clients(&self) -> Vec<String> {
        let mut seen = Names::default();
        for c in &self.cluster.clients {
            seen.insert(c);
        }
        for e in &self.events {
            if let Some(c) = e.action.client() {
                seen.insert(c);
            }
        }
        seen.0.into_iter().map(str::to_string).collect()
    }

    /// Checks every rule of the contract that the types alone do not.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let c = &self.cluster;
        if c.nodes.is_empty() || c.nodes.len() > MAX_NODES {
            return Err(ScenarioError::new(
                "cluster.nodes",
                format!(
                    "a cluster has 1 to {MAX_NODES} nodes, this one has {}",
                    c.nodes.len()
                ),
            ));
        }
        let mut nodes = Names::default();
        for (i, id) in c.nodes.iter().enumerate() {
            if id.trim().is_empty() {
                return Err(ScenarioError::new(
                    format!("cluster.nodes[{i}]"),
                    "a node id cannot be empty",
                ));
            }
            if !nodes.insert(id.as_str()) {
                return Err(ScenarioError::new(
                    format!("cluster.nodes[{i}]"),
                    format!("node `{id}` is listed twice"),
                ));
            }
        }
        let mut declared = Names::default();
        for (i, id) in c.clients.iter().enumerate() {
            let path = format!("cluster.clients[{i}]");
            if id.trim().is_empty() {
                return Err(ScenarioError::new(path, "a client id cannot be empty"));
            }
            if nodes.contains(id.as_str()) {
                return Err(ScenarioError::new(
                    path,
                    format!("`{id}` is a node; clients must have names of their own"),
                ));
            }
            if !declared.insert(id.as_str()) {
                return Err(ScenarioError::new(
                    path,
                    format!("client `{id}` is listed twice"),
                ));
            }
        }
        for (key, list) in &c.placement {
            let path = format!("cluster.placement.{key}");
            let mut seen = Names::default();
            for id in list {
                if !nodes.contains(id.as_str()) {
                    return Err(ScenarioError::new(&path, format!("`{id}` is not a node")));
                }
                if !seen.insert(id.as_str()) {
                    return Err(ScenarioError::new(
                        &path,
                        format!("node `{id}` is listed twice"),
                    ));
                }
            }
        }
        let clients = self.clients();
        let mut client_set = Names::default();
        for id in &clients {
            client_set.insert(id);
        }
        validate_settings(c, "cluster", &nodes, &client_set)?;
        if !(1..=MAX_MAX_SIBLINGS).contains(&c.max_siblings) {
            return Err(ScenarioError::new(
                "cluster.max_siblings",
                format!(
                    "must be a whole number from 1 to {MAX_MAX_SIBLINGS}, got {}",
                    c.max_siblings
                ),
            ));
        }
        let mut current = c.clone();
        let mut last = 0.0f64;
        for (i, e) in self.events.iter().enumerate() {
            let path = format!("events[{i}]");
            if !e.at.is_finite() || e.at < 0.0 || e.at > MAX_MS {
                return Err(ScenarioError::new(
                    format!("{path}.at"),
                    format!(
                        "time must be a number of ms from 0 to {}, got {}",
                        plain(MAX_MS),
                        plain(e.at)
                    ),
                ));
            }
            if e.at < last {
                return Err(ScenarioError::new(
                    format!("{path}.at"),
                    format!(
                        "events must be in order of time: {} comes after an event at {}",
                        plain(e.at),
                        plain(last)
                    ),
                ));
            }
            last = e.at;
            let action = e.action.name();
            if let Some(client) = e.action.client() {
                if client.trim().is_empty() {
                    return Err(ScenarioError::new(
                        format!("{path}.{action}.client"),
                        "a client id cannot be empty",
                    ));
                }
                if nodes.contains(client) {
                    return Err(ScenarioError::new(
                        format!("{path}.{action}.client"),
                        format!("`{client}` is a node; clients must have names of their own"),
                    ));
                }
            }
            if let Some(key) = e.action.key() {
                if key.is_empty() {
                    return Err(ScenarioError::new(
                        format!("{path}.{action}.key"),
                        "a key cannot be empty",
                    ));
                }
            }
            match &e.action {
                Action::Crash(id) | Action::Recover(id) if !nodes.contains(id.as_str()) => {
                    return Err(ScenarioError::new(
                        format!("{path}.{action}"),
                        format!("`{id}` is not a node of the cluster"),
                    ));
                }
                Action::Partition(groups) => {
                    let mut seen = Names::default();
                    for (g, group) in groups.iter().enumerate() {
                        for (m, id) in group.iter().enumerate() {
                            if !nodes.contains(id.as_str()) && !client_set.contains(id.as_str()) {
                                return Err(ScenarioError::new(
                                    format!("{path}.partition[{g}][{m}]"),
                                    format!(
                                        "`{id}` is neither a node nor a client of this scenario"
                                    ),
                                ));
                            }
                            if !seen.insert(id.as_str()) {
                                return Err(ScenarioError::new(
                                    format!("{path}.partition[{g}][{m}]"),
                                    format!("`{id}` is in two groups"),
                                ));
                            }
                        }
                    }
                }
                Action::DropRate(p) if !(0.0..=1.0).contains(p) => {
                    return Err(ScenarioError::new(
                        format!("{path}.drop_rate"),
                        format!("a probability between 0 and 1, got {}", plain(*p)),
                    ));
                }
                Action::Configure(patch) => {
                    current = patch.apply_to(&current);
                    validate_settings(&current, &format!("{path}.configure"), &nodes, &client_set)?;
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Checks the settings of a cluster (at the start, or after a `configure` event whose path is
/// `prefix`).
fn validate_settings(
    c: &Cluster,
    prefix: &str,
    nodes: &Names,
    clients: &Names,
) -> Result<(), ScenarioError> {
    let count = c.nodes.len();
    let n = c.n.resolve(count);
    if n > count {
        return Err(ScenarioError::new(
            format!("{prefix}.n"),
            format!("n = {n} is larger than the number of nodes ({count})"),
        ));
    }
    for (field, q) in [("w", c.w), ("r", c.r)] {
        let k = q.resolve(n);
        if k > n {
            return Err(ScenarioError::new(
                format!("{prefix}.{field}"),
                format!("{field} = {k} is larger than n = {n}"),
            ));
        }
    }
    let positive = |field: &str, v: f64| -> Result<(), ScenarioError> {
        if !v.is_finite() || v <= 0.0 || v > MAX_MS {
            Err(ScenarioError::new(
                format!("{prefix}.{field}"),
                format!(
                    "must be a number of ms above 0 and at most {}, got {}",
                    plain(MAX_MS),
                    plain(v)
                ),
            ))
        } else {
            Ok(())
        }
    };
    positive("timeout_ms", c.timeout_ms)?;
    positive("handoff_interval_ms", c.handoff_interval_ms)?;
    if let Some(ae) = c.anti_entropy_ms {
        positive("anti_entropy_ms", ae)?;
    }
    for (name, skew) in &c.clock_skew_ms {
        if !nodes.contains(name.as_str())
            && !clients.contains(name.as_str())
            && !c.clients.contains(name)
        {
            return Err(ScenarioError::new(
                format!("{prefix}.clock_skew_ms.{name}"),
                format!("`{name}` is neither a node nor a client of this scenario"),
            ));
        }
        if !skew.is_finite() || skew.abs() > MAX_MS {
            return Err(ScenarioError::new(
                format!("{prefix}.clock_skew_ms.{name}"),
                format!("must be a number of ms between -{0} and {0}", plain(MAX_MS)),
            ));
        }
    }
    for (key, list) in &c.placement {
        if list.len() < n {
            let path = if prefix == "cluster" {
                format!("cluster.placement.{key}")
            } else {
                format!("{prefix}.n")
            };
            return Err(ScenarioError::new(
                path,
                format!(
                    "the placement of `{key}` lists {} nodes, but each key needs its n = {n} home replicas first",
                    list.len()
                ),
            ));
        }
    }
    Ok(())
}

// Reading and writing JSON, by hand over `serde_json::Value` (see `json.rs`).

const SCENARIO_FIELDS: &[&str] = &["name", "description", "seed", "cluster", "events"];
const CLUSTER_FIELDS: &[&str] = &[
    "nodes",
    "clients",
    "n",
    "w",
    "r",
    "versioning",
    "coordinator",
    "read_repair",
    "anti_entropy_ms",
    "sloppy_quorum",
    "hinted_handoff",
    "handoff_interval_ms",
    "timeout_ms",
    "latency",
    "clock_skew_ms",
    "placement",
    "max_siblings",
];
const PATCH_FIELDS: &[&str] = &[
    "n",
    "w",
    "r",
    "coordinator",
    "read_repair",
    "anti_entropy_ms",
    "sloppy_quorum",
    "hinted_handoff",
    "handoff_interval_ms",
    "timeout_ms",
    "latency",
    "clock_skew_ms",
];
const EVENT_FIELDS: &[&str] = &[
    "at",
    "put",
    "get",
    "delete",
    "crash",
    "recover",
    "partition",
    "heal",
    "drop_rate",
    "configure",
    "drop_message",
];
const PUT_FIELDS: &[&str] = &["client", "key", "value", "context", "merge"];
const GET_FIELDS: &[&str] = &["client", "key"];
const DELETE_FIELDS: &[&str] = &["client", "key", "context"];
const CONTEXTS: &[&str] = &["none", "last"];
const MERGES: &[&str] = &["union"];

static CLUSTER_SHAPE: Shape = Shape::Fields(CLUSTER_FIELDS, &[]);
static PATCH_SHAPE: Shape = Shape::Fields(PATCH_FIELDS, &[]);
static PUT_SHAPE: Shape = Shape::Fields(PUT_FIELDS, &[]);
static GET_SHAPE: Shape = Shape::Fields(GET_FIELDS, &[]);
static DELETE_SHAPE: Shape = Shape::Fields(DELETE_FIELDS, &[]);
static EVENT_SHAPE: Shape = Shape::Fields(
    EVENT_FIELDS,
    &[
        ("put", &PUT_SHAPE),
        ("get", &GET_SHAPE),
        ("delete", &DELETE_SHAPE),
        ("configure", &PATCH_SHAPE),
    ],
);
static EVENTS_SHAPE: Shape = Shape::List(&EVENT_SHAPE);
static SCENARIO_SHAPE: Shape = Shape::Fields(
    SCENARIO_FIELDS,
    &[("cluster", &CLUSTER_SHAPE), ("events", &EVENTS_SHAPE)],
);

impl ContextChoice {
    /// Its word in a scenario: `"none"` or `"last"`.
    pub fn name(self) -> &'static str {
        CONTEXTS[self as usize]
    }

    fn read(v: &Value, path: &Path) -> Result<ContextChoice, ScenarioError> {
        match json::variant(v, path, CONTEXTS)? {
            0 => Ok(ContextChoice::None),
            _ => Ok(ContextChoice::Last),
        }
    }
}

impl Merge {
    /// Its word in a scenario: `"union"`.
    pub fn name(self) -> &'static str {
        MERGES[self as usize]
    }
}

/// Where [`fill`] puts the value of a field.
enum Slot<'a> {
    Str(&'a mut String),
    Strings(&'a mut Vec<String>),
    Bool(&'a mut bool),
    Float(&'a mut f64),
    Unsigned(&'a mut u64),
    Quorum(&'a mut Quorum),
    Versioning(&'a mut Versioning),
    Coordinator(&'a mut Coordinator),
    Context(&'a mut ContextChoice),
    Latency(&'a mut Latency),
    FloatMap(&'a mut BTreeMap<String, f64>),
    StringsMap(&'a mut BTreeMap<String, Vec<String>>),
    /// `null` leaves it `None`.
    OptFloat(&'a mut Option<f64>),
    /// `null` leaves it `None`.
    OptMerge(&'a mut Option<Merge>),
    // The fields of a `configure`: `Some` when given (`null` counts as left out there).
    SomeBool(&'a mut Option<bool>),
    SomeFloat(&'a mut Option<f64>),
    SomeQuorum(&'a mut Option<Quorum>),
    SomeCoordinator(&'a mut Option<Coordinator>),
    SomeLatency(&'a mut Option<Latency>),
    SomeFloatMap(&'a mut Option<BTreeMap<String, f64>>),
    /// A `configure`'s `anti_entropy_ms`: `null` turns anti-entropy off.
    SomeOptFloat(&'a mut Option<Option<f64>>),
}

/// Reads the fields of `o` named in `slots` into their slots, those left out keeping their
/// value. One table-driven loop for every struct, rather than code per field.
fn fill(o: &json::Fields, slots: &mut [(&str, Slot)]) -> Result<(), ScenarioError> {
    for (name, slot) in slots.iter_mut() {
        let Some(x) = o.raw(name) else { continue };
        if x.is_null() {
            match slot {
                Slot::SomeOptFloat(v) => {
                    **v = Some(None);
                    continue;
                }
                Slot::OptFloat(_) | Slot::OptMerge(_) => continue,
                _ if o.get(name).is_none() => continue,
                _ => {}
            }
        }
        let path = o.at(name);
        let p = &path;
        match slot {
            Slot::Str(v) => **v = json::string(x, p)?,
            Slot::Strings(v) => **v = json::strings(x, p)?,
            Slot::Bool(v) => **v = json::boolean(x, p)?,
            Slot::Float(v) => **v = json::float(x, p)?,
            Slot::Unsigned(v) => **v = json::unsigned(x, p)?,
            Slot::Quorum(v) => **v = Quorum::read(x, p)?,
            Slot::Versioning(v) => **v = read_versioning(x, p)?,
            Slot::Coordinator(v) => **v = Coordinator::read(x, p)?,
            Slot::Context(v) => **v = ContextChoice::read(x, p)?,
            Slot::Latency(v) => **v = read_latency(x, p)?,
            Slot::FloatMap(v) => **v = json::float_map(x, p)?,
            Slot::StringsMap(v) => **v = json::strings_map(x, p)?,
            Slot::OptFloat(v) => **v = Some(json::float(x, p)?),
            Slot::OptMerge(v) => {
                json::variant(x, p, MERGES)?;
                **v = Some(Merge::Union);
            }
            Slot::SomeBool(v) => **v = Some(json::boolean(x, p)?),
            Slot::SomeFloat(v) => **v = Some(json::float(x, p)?),
            Slot::SomeQuorum(v) => **v = Some(Quorum::read(x, p)?),
            Slot::SomeCoordinator(v) => **v = Some(Coordinator::read(x, p)?),
            Slot::SomeLatency(v) => **v = Some(read_latency(x, p)?),
            Slot::SomeFloatMap(v) => **v = Some(json::float_map(x, p)?),
            Slot::SomeOptFloat(v) => **v = Some(Some(json::float(x, p)?)),
        }
    }
    Ok(())
}

fn read_latency(v: &Value, path: &Path) -> Result<Latency, ScenarioError> {
    Latency::from_json(v).map_err(|message| path.error(message))
}

fn strings_value(list: &[String]) -> Value {
    Value::Array(list.iter().map(|s| Value::from(s.as_str())).collect())
}

// Maps are built by inserting: collecting into one would bring a sort per call site.
fn floats_value(map: &BTreeMap<String, f64>) -> Value {
    let mut m = Map::new();
    for (k, v) in map {
        m.insert(k.clone(), Value::from(*v));
    }
    Value::Object(m)
}

fn strings_map_value(map: &BTreeMap<String, Vec<String>>) -> Value {
    let mut m = Map::new();
    for (k, list) in map {
        m.insert(k.clone(), strings_value(list));
    }
    Value::Object(m)
}

fn compact(v: &Value, shape: &Shape) -> String {
    let mut out = String::new();
    json::write_compact(&mut out, v, shape);
    out
}

impl Scenario {
    fn read(v: &Value, doc: &Doc) -> Result<Scenario, ScenarioError> {
        let root = Path::Root;
        let o = doc.fields(v, &root, "struct Scenario", SCENARIO_FIELDS, false)?;
        let mut name = String::new();
        let mut description = String::new();
        let mut seed = 0;
        fill(
            &o,
            &mut [
                ("name", Slot::Str(&mut name)),
                ("description", Slot::Str(&mut description)),
                ("seed", Slot::Unsigned(&mut seed)),
            ],
        )?;
        let cluster = match o.get("cluster") {
            Some(x) => Some(Cluster::read(x, &o.at("cluster"), doc)?),
            None => None,
        };
        let mut events = Vec::new();
        if let Some(x) = o.get("events") {
            let path = o.at("events");
            let items = json::list(x, &path)?;
            events.reserve(items.len());
            for (i, item) in items.iter().enumerate() {
                events.push(Event::read(item, &path.index(i), doc)?);
            }
        }
        let cluster = cluster.ok_or_else(|| o.missing("cluster"))?;
        o.require(&["events"])?;
        Ok(Scenario {
            name,
            description,
            seed,
            cluster,
            events,
        })
    }

    /// The scenario as JSON: what [`Scenario::from_json`] reads back to an equal scenario.
    /// `clients` is left out when empty, a put's `merge` and a `configure`'s fields when not
    /// set; every other field is written.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("name".into(), Value::from(self.name.as_str()));
        m.insert("description".into(), Value::from(self.description.as_str()));
        m.insert("seed".into(), Value::from(self.seed));
        m.insert("cluster".into(), self.cluster.to_value());
        m.insert(
            "events".into(),
            Value::Array(self.events.iter().map(Event::to_value).collect()),
        );
        Value::Object(m)
    }

    /// [`Scenario::to_value`] as compact JSON text, fields in the order of the contract (`name`
    /// first, `events` last): the same text as `serde_json::to_string(&scenario)`, without
    /// serde's generic code.
    pub fn to_json_string(&self) -> String {
        compact(&self.to_value(), &SCENARIO_SHAPE)
    }
}

impl Serialize for Scenario {
    /// Writes [`Scenario::to_value`], fields in the order of the contract.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Shaped(&self.to_value(), &SCENARIO_SHAPE).serialize(s)
    }
}

impl Cluster {
    /// A cluster of these nodes with these quorums and every other setting at the contract's
    /// default (what a scenario file that gives only `nodes`, `n`, `w` and `r` means).
    pub fn new(nodes: Vec<String>, n: Quorum, w: Quorum, r: Quorum) -> Cluster {
        Cluster {
            nodes,
            clients: Vec::new(),
            n,
            w,
            r,
            versioning: Versioning::default(),
            coordinator: Coordinator::default(),
            read_repair: true,
            anti_entropy_ms: None,
            sloppy_quorum: false,
            hinted_handoff: false,
            handoff_interval_ms: 100.0,
            timeout_ms: 1000.0,
            latency: Latency::default(),
            clock_skew_ms: BTreeMap::new(),
            placement: BTreeMap::new(),
            max_siblings: DEFAULT_MAX_SIBLINGS,
        }
    }

    fn read(v: &Value, path: &Path, doc: &Doc) -> Result<Cluster, ScenarioError> {
        let o = doc.fields(v, path, "struct Cluster", CLUSTER_FIELDS, false)?;
        let mut c = Cluster::new(Vec::new(), Quorum::One, Quorum::One, Quorum::One);
        fill(
            &o,
            &mut [
                ("nodes", Slot::Strings(&mut c.nodes)),
                ("clients", Slot::Strings(&mut c.clients)),
                ("n", Slot::Quorum(&mut c.n)),
                ("w", Slot::Quorum(&mut c.w)),
                ("r", Slot::Quorum(&mut c.r)),
                ("versioning", Slot::Versioning(&mut c.versioning)),
                ("coordinator", Slot::Coordinator(&mut c.coordinator)),
                ("read_repair", Slot::Bool(&mut c.read_repair)),
                ("anti_entropy_ms", Slot::OptFloat(&mut c.anti_entropy_ms)),
                ("sloppy_quorum", Slot::Bool(&mut c.sloppy_quorum)),
                ("hinted_handoff", Slot::Bool(&mut c.hinted_handoff)),
                (
                    "handoff_interval_ms",
                    Slot::Float(&mut c.handoff_interval_ms),
                ),
                ("timeout_ms", Slot::Float(&mut c.timeout_ms)),
                ("latency", Slot::Latency(&mut c.latency)),
                ("clock_skew_ms", Slot::FloatMap(&mut c.clock_skew_ms)),
                ("placement", Slot::StringsMap(&mut c.placement)),
                ("max_siblings", Slot::Unsigned(&mut c.max_siblings)),
            ],
        )?;
        // Required fields are checked after every field given has been read, as serde did.
        o.require(&["nodes", "n", "w", "r"])?;
        Ok(c)
    }

    /// The cluster as JSON (`clients` left out when empty, `anti_entropy_ms` `null` when off,
    /// `max_siblings` left out at its default).
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("nodes".into(), strings_value(&self.nodes));
        if !self.clients.is_empty() {
            m.insert("clients".into(), strings_value(&self.clients));
        }
        m.insert("n".into(), self.n.to_value());
        m.insert("w".into(), self.w.to_value());
        m.insert("r".into(), self.r.to_value());
        m.insert(
            "versioning".into(),
            Value::from(versioning_name(self.versioning)),
        );
        m.insert("coordinator".into(), Value::from(self.coordinator.name()));
        m.insert("read_repair".into(), Value::from(self.read_repair));
        m.insert(
            "anti_entropy_ms".into(),
            self.anti_entropy_ms.map_or(Value::Null, Value::from),
        );
        m.insert("sloppy_quorum".into(), Value::from(self.sloppy_quorum));
        m.insert("hinted_handoff".into(), Value::from(self.hinted_handoff));
        m.insert(
            "handoff_interval_ms".into(),
            Value::from(self.handoff_interval_ms),
        );
        m.insert("timeout_ms".into(), Value::from(self.timeout_ms));
        m.insert("latency".into(), self.latency.to_json());
        m.insert("clock_skew_ms".into(), floats_value(&self.clock_skew_ms));
        m.insert("placement".into(), strings_map_value(&self.placement));
        if self.max_siblings != DEFAULT_MAX_SIBLINGS {
            m.insert("max_siblings".into(), Value::from(self.max_siblings));
        }
        Value::Object(m)
    }
}

impl Serialize for Cluster {
    /// Writes [`Cluster::to_value`], fields in the order of the contract.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Shaped(&self.to_value(), &CLUSTER_SHAPE).serialize(s)
    }
}

impl ClusterPatch {
    fn read(v: &Value, path: &Path, doc: &Doc) -> Result<ClusterPatch, ScenarioError> {
        // Every field is optional, and `null` is the same as leaving it out, except for
        // `anti_entropy_ms`, where `null` turns anti-entropy off.
        let o = doc.fields(v, path, "struct ClusterPatch", PATCH_FIELDS, true)?;
        let mut p = ClusterPatch::default();
        fill(
            &o,
            &mut [
                ("n", Slot::SomeQuorum(&mut p.n)),
                ("w", Slot::SomeQuorum(&mut p.w)),
                ("r", Slot::SomeQuorum(&mut p.r)),
                ("coordinator", Slot::SomeCoordinator(&mut p.coordinator)),
                ("read_repair", Slot::SomeBool(&mut p.read_repair)),
                (
                    "anti_entropy_ms",
                    Slot::SomeOptFloat(&mut p.anti_entropy_ms),
                ),
                ("sloppy_quorum", Slot::SomeBool(&mut p.sloppy_quorum)),
                ("hinted_handoff", Slot::SomeBool(&mut p.hinted_handoff)),
                (
                    "handoff_interval_ms",
                    Slot::SomeFloat(&mut p.handoff_interval_ms),
                ),
                ("timeout_ms", Slot::SomeFloat(&mut p.timeout_ms)),
                ("latency", Slot::SomeLatency(&mut p.latency)),
                ("clock_skew_ms", Slot::SomeFloatMap(&mut p.clock_skew_ms)),
            ],
        )?;
        Ok(p)
    }

    /// The patch as JSON: only the fields it sets (`"anti_entropy_ms": null` to turn
    /// anti-entropy off).
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        for (name, q) in [("n", self.n), ("w", self.w), ("r", self.r)] {
            if let Some(q) = q {
                m.insert(name.into(), q.to_value());
            }
        }
        if let Some(c) = self.coordinator {
            m.insert("coordinator".into(), Value::from(c.name()));
        }
        for (name, b) in [
            ("read_repair", self.read_repair),
            ("sloppy_quorum", self.sloppy_quorum),
            ("hinted_handoff", self.hinted_handoff),
        ] {
            if let Some(b) = b {
                m.insert(name.into(), Value::from(b));
            }
        }
        if let Some(ae) = self.anti_entropy_ms {
            m.insert(
                "anti_entropy_ms".into(),
                ae.map_or(Value::Null, Value::from),
            );
        }
        for (name, ms) in [
            ("handoff_interval_ms", self.handoff_interval_ms),
            ("timeout_ms", self.timeout_ms),
        ] {
            if let Some(ms) = ms {
                m.insert(name.into(), Value::from(ms));
            }
        }
        if let Some(l) = &self.latency {
            m.insert("latency".into(), l.to_json());
        }
        if let Some(skew) = &self.clock_skew_ms {
            m.insert("clock_skew_ms".into(), floats_value(skew));
        }
        Value::Object(m)
    }

    /// [`ClusterPatch::to_value`] as compact JSON text, fields in the order of the contract: the
    /// same text as `serde_json::to_string(&patch)`.
    pub fn to_json_string(&self) -> String {
        compact(&self.to_value(), &PATCH_SHAPE)
    }
}

impl Serialize for ClusterPatch {
    /// Writes [`ClusterPatch::to_value`], fields in the order of the contract.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Shaped(&self.to_value(), &PATCH_SHAPE).serialize(s)
    }
}

impl PutSpec {
    fn read(v: &Value, path: &Path, doc: &Doc) -> Result<PutSpec, ScenarioError> {
        let o = doc.fields(v, path, "struct PutSpec", PUT_FIELDS, false)?;
        let mut p = PutSpec {
            client: String::new(),
            key: String::new(),
            value: String::new(),
            context: ContextChoice::default(),
            merge: None,
        };
        fill(
            &o,
            &mut [
                ("client", Slot::Str(&mut p.client)),
                ("key", Slot::Str(&mut p.key)),
                ("value", Slot::Str(&mut p.value)),
                ("context", Slot::Context(&mut p.context)),
                ("merge", Slot::OptMerge(&mut p.merge)),
            ],
        )?;
        o.require(&["client", "key", "value"])?;
        Ok(p)
    }

    /// The put as JSON (`merge` left out when not set).
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("client".into(), Value::from(self.client.as_str()));
        m.insert("key".into(), Value::from(self.key.as_str()));
        m.insert("value".into(), Value::from(self.value.as_str()));
        m.insert("context".into(), Value::from(self.context.name()));
        if let Some(merge) = self.merge {
            m.insert("merge".into(), Value::from(merge.name()));
        }
        Value::Object(m)
    }
}

impl Serialize for PutSpec {
    /// Writes [`PutSpec::to_value`], fields in the order of the contract.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Shaped(&self.to_value(), &PUT_SHAPE).serialize(s)
    }
}

impl GetSpec {
    fn read(v: &Value, path: &Path, doc: &Doc) -> Result<GetSpec, ScenarioError> {
        let o = doc.fields(v, path, "struct GetSpec", GET_FIELDS, false)?;
        let mut g = GetSpec {
            client: String::new(),
            key: String::new(),
        };
        fill(
            &o,
            &mut [
                ("client", Slot::Str(&mut g.client)),
                ("key", Slot::Str(&mut g.key)),
            ],
        )?;
        o.require(&["client", "key"])?;
        Ok(g)
    }

    /// The get as JSON.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("client".into(), Value::from(self.client.as_str()));
        m.insert("key".into(), Value::from(self.key.as_str()));
        Value::Object(m)
    }
}

impl Serialize for GetSpec {
    /// Writes [`GetSpec::to_value`], fields in the order of the contract.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Shaped(&self.to_value(), &GET_SHAPE).serialize(s)
    }
}

impl DeleteSpec {
    fn read(v: &Value, path: &Path, doc: &Doc) -> Result<DeleteSpec, ScenarioError> {
        let o = doc.fields(v, path, "struct DeleteSpec", DELETE_FIELDS, false)?;
        let mut d = DeleteSpec {
            client: String::new(),
            key: String::new(),
            context: ContextChoice::default(),
        };
        fill(
            &o,
            &mut [
                ("client", Slot::Str(&mut d.client)),
                ("key", Slot::Str(&mut d.key)),
                ("context", Slot::Context(&mut d.context)),
            ],
        )?;
        o.require(&["client", "key"])?;
        Ok(d)
    }

    /// The delete as JSON.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("client".into(), Value::from(self.client.as_str()));
        m.insert("key".into(), Value::from(self.key.as_str()));
        m.insert("context".into(), Value::from(self.context.name()));
        Value::Object(m)
    }
}

impl Serialize for DeleteSpec {
    /// Writes [`DeleteSpec::to_value`], fields in the order of the contract.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Shaped(&self.to_value(), &DELETE_SHAPE).serialize(s)
    }
}

impl Event {
    /// Reads an event: `at` and exactly one action, each field optional while reading (`null`
    /// counts as left out); then the rules between them, in the order serde applied them:
    /// `at` is required, `heal` must be true, there is exactly one action.
    fn read(v: &Value, path: &Path, doc: &Doc) -> Result<Event, ScenarioError> {
        let o = doc.fields(v, path, "struct Event", EVENT_FIELDS, true)?;
        let at = o.float("at")?;
        let mut action = None;
        let mut names = Vec::new();
        let mut heal_false = false;
        for (i, &name) in EVENT_FIELDS.iter().enumerate().skip(1) {
            let Some(x) = o.get(name) else { continue };
            let p = o.at(name);
            action = Some(match i {
                1 => Action::Put(PutSpec::read(x, &p, doc)?),
                2 => Action::Get(GetSpec::read(x, &p, doc)?),
                3 => Action::Delete(DeleteSpec::read(x, &p, doc)?),
                4 => Action::Crash(json::string(x, &p)?),
                5 => Action::Recover(json::string(x, &p)?),
                6 => {
                    let groups = json::list(x, &p)?;
                    let mut out = Vec::with_capacity(groups.len());
                    for (g, group) in groups.iter().enumerate() {
                        out.push(json::strings(group, &p.index(g))?);
                    }
                    Action::Partition(out)
                }
                7 => {
                    heal_false = !json::boolean(x, &p)?;
                    Action::Heal
                }
                8 => Action::DropRate(json::float(x, &p)?),
                9 => Action::Configure(ClusterPatch::read(x, &p, doc)?),
                _ => Action::DropMessage(json::unsigned(x, &p)?),
            });
            names.push(name);
        }
        let Some(at) = at else {
            return Err(path.error("missing field `at` (the event's time in ms)".to_string()));
        };
        if heal_false {
            return Err(path.error("`heal` must be true (it ends the partition)".to_string()));
        }
        match action {
            Some(action) if names.len() == 1 => Ok(Event { at, action }),
            None => Err(path.error("an event needs one action: put, get, delete, crash, recover, partition, heal, drop_rate, configure or drop_message".to_string())),
            Some(_) => Err(path.error(format!(
                "an event has exactly one action, this one has {}",
                names.join(" and ")
            ))),
        }
    }

    /// The event as JSON: `at` and its action (`"heal": true` for [`Action::Heal`]).
    pub fn to_value(&self) -> Value {
        let action = match &self.action {
            Action::Put(p) => p.to_value(),
            Action::Get(g) => g.to_value(),
            Action::Delete(d) => d.to_value(),
            Action::Crash(id) | Action::Recover(id) => Value::from(id.as_str()),
            Action::Partition(groups) => {
                Value::Array(groups.iter().map(|g| strings_value(g)).collect())
            }
            Action::Heal => Value::Bool(true),
            Action::DropRate(p) => Value::from(*p),
            Action::Configure(patch) => patch.to_value(),
            Action::DropMessage(id) => Value::from(*id),
        };
        let mut m = Map::new();
        m.insert("at".into(), Value::from(self.at));
        m.insert(self.action.name().into(), action);
        Value::Object(m)
    }
}

impl Serialize for Event {
    /// Writes [`Event::to_value`]: `at`, then the action.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Shaped(&self.to_value(), &EVENT_SHAPE).serialize(s)
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2},
        "events": [{"at": 0, "put": {"client": "alice", "key": "k", "value": "v"}}]}"#;

    fn error_of(text: &str) -> String {
        Scenario::from_json(text).unwrap_err().to_string()
    }

    #[test]
    fn defaults_match_the_contract() {
        let s = Scenario::from_json(BASE).unwrap();
        assert_eq!(s.seed, 0);
        assert_eq!(s.cluster.versioning, Versioning::Dvv);
        assert_eq!(s.cluster.coordinator, Coordinator::Client);
        assert!(s.cluster.read_repair);
        assert_eq!(s.cluster.anti_entropy_ms, None);
        assert!(!s.cluster.sloppy_quorum && !s.cluster.hinted_handoff);
        assert_eq!(s.cluster.timeout_ms, 1000.0);
        assert_eq!(s.cluster.latency, Latency::default());
    }

    #[test]
    fn quorum_words_resolve() {
        assert_eq!(Quorum::Majority.resolve(3), 2);
        assert_eq!(Quorum::Majority.resolve(4), 3);
        assert_eq!(Quorum::One.resolve(5), 1);
        assert_eq!(Quorum::All.resolve(5), 5);
    }

    #[test]
    fn round_trips_through_json() {
        let s = Scenario::from_json(BASE).unwrap();
        let text = serde_json::to_string(&s).unwrap();
        assert_eq!(Scenario::from_json(&text).unwrap(), s);
    }

    #[test]
    fn bad_input_w_larger_than_n() {
        let e = error_of(&BASE.replace("\"w\": 2", "\"w\": 4"));
        assert_eq!(e, "cluster.w: w = 4 is larger than n = 3");
    }

    #[test]
    fn bad_input_unknown_node_in_crash() {
        let text = BASE.replace(
            r#"{"at": 0, "put""#,
            r#"{"at": 0, "crash": "Z"}, {"at": 1, "put""#,
        );
        assert_eq!(
            error_of(&text),
            "events[0].crash: `Z` is not a node of the cluster"
        );
    }

    #[test]
    fn bad_input_unknown_client_in_partition() {
        let text = BASE.replace(
            r#"{"at": 0, "put""#,
            r#"{"at": 0, "partition": [["A", "mallory"]]}, {"at": 1, "put""#,
        );
        assert_eq!(
            error_of(&text),
            "events[0].partition[0][1]: `mallory` is neither a node nor a client of this scenario"
        );
    }

    #[test]
    fn bad_input_negative_and_unordered_times() {
        assert_eq!(
            error_of(&BASE.replace("\"at\": 0", "\"at\": -5")),
            "events[0].at: time must be a number of ms from 0 to 1000000000000, got -5"
        );
        let text = BASE.replace(
            r#"{"at": 0, "put""#,
            r#"{"at": 10, "crash": "A"}, {"at": 5, "put""#,
        );
        assert_eq!(
            error_of(&text),
            "events[1].at: events must be in order of time: 5 comes after an event at 10"
        );
    }

    #[test]
    fn bad_input_malformed_json() {
        let e = error_of("{\"cluster\": ");
        assert_eq!(
            e,
            "cluster: malformed JSON: EOF while parsing a value at line 1 column 12"
        );
        let e = error_of("{\"cluster\": {\"nodes\": [\"A\",]}}");
        assert!(
            e.starts_with("cluster.nodes: malformed JSON: trailing comma"),
            "{e}"
        );
    }

    #[test]
    fn bad_input_unknown_field() {
        let e = error_of(&BASE.replace("\"n\": 3", "\"n\": 3, \"quorom\": 2"));
        assert!(
            e.starts_with("cluster.quorom: unknown field `quorom`, expected one of"),
            "{e}"
        );
        let e = error_of(&BASE.replace("\"value\": \"v\"", "\"value\": \"v\", \"ttl\": 3"));
        assert!(
            e.starts_with("events[0].put.ttl: unknown field `ttl`"),
            "{e}"
        );
    }

    #[test]
    fn bad_input_event_with_two_actions() {
        let e = error_of(&BASE.replace("\"at\": 0,", "\"at\": 0, \"crash\": \"A\","));
        assert_eq!(
            e,
            "events[0]: an event has exactly one action, this one has put and crash"
        );
    }

    #[test]
    fn bad_input_quorum_word() {
        let e = error_of(&BASE.replace("\"r\": 2", "\"r\": \"most\""));
        assert!(e.starts_with("cluster.r: `most` is not a quorum"), "{e}");
    }
}
