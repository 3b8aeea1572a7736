//! Reading a scenario file: JSON text to a [`Scenario`], every field checked for its type.

use crate::detector::DetectorConfig;
use crate::ids::MsgId;
use crate::latency::Latency;
use crate::quorum::{ConsistencyLevel, DatacenterSpec};
use crate::scenario::error::ScenarioError;
use crate::scenario::fields::{
    CLUSTER_FIELDS, CONTEXTS, COORDINATORS, DATACENTER_FIELDS, DELETE_FIELDS, EVENT_FIELDS,
    GET_FIELDS, MERGES, PATCH_FIELDS, PUT_FIELDS, SCENARIO_FIELDS, VERSIONINGS,
};
use crate::scenario::json::{self, Doc, Path};
use crate::scenario::model::{
    Action, Cluster, ClusterPatch, ContextChoice, Coordinator, DeleteSpec, Event, GetSpec, Merge,
    PutSpec, Quorum, Scenario, MAX_NODES,
};
use crate::version::Versioning;
use serde_json::Value;
use std::collections::BTreeMap;

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
                "expected a whole number or one of \"one\", \"quorum\", \"all\", got {}",
                crate::text::compact_json(other)
            ))),
        }
    }
}

impl Coordinator {
    fn read(v: &Value, path: &Path) -> Result<Coordinator, ScenarioError> {
        match json::variant(v, path, COORDINATORS)? {
            0 => Ok(Coordinator::Client),
            _ => Ok(Coordinator::Replica),
        }
    }
}

fn read_versioning(v: &Value, path: &Path) -> Result<Versioning, ScenarioError> {
    match json::variant(v, path, VERSIONINGS)? {
        0 => Ok(Versioning::Dvv),
        1 => Ok(Versioning::Vv),
        _ => Ok(Versioning::Lww),
    }
}

impl ContextChoice {
    fn read(v: &Value, path: &Path) -> Result<ContextChoice, ScenarioError> {
        match json::variant(v, path, CONTEXTS)? {
            0 => Ok(ContextChoice::None),
            _ => Ok(ContextChoice::Last),
        }
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
    Level(&'a mut ConsistencyLevel),
    /// `null` leaves it `None`.
    OptLatency(&'a mut Option<Latency>),
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
    SomeLevel(&'a mut Option<ConsistencyLevel>),
    SomeCoordinator(&'a mut Option<Coordinator>),
    SomeLatency(&'a mut Option<Latency>),
    SomeFloatMap(&'a mut Option<BTreeMap<String, f64>>),
    /// A `configure`'s `anti_entropy_ms`: `null` turns anti-entropy off.
    SomeOptFloat(&'a mut Option<Option<f64>>),
    Detector(&'a mut DetectorConfig),
    SomeDetector(&'a mut Option<DetectorConfig>),
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
                Slot::OptFloat(_) | Slot::OptMerge(_) | Slot::OptLatency(_) => continue,
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
            Slot::Level(v) => **v = read_level(x, p)?,
            Slot::OptLatency(v) => **v = Some(read_latency(x, p)?),
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
            Slot::SomeLevel(v) => **v = Some(read_level(x, p)?),
            Slot::SomeCoordinator(v) => **v = Some(Coordinator::read(x, p)?),
            Slot::SomeLatency(v) => **v = Some(read_latency(x, p)?),
            Slot::SomeFloatMap(v) => **v = Some(json::float_map(x, p)?),
            Slot::SomeOptFloat(v) => **v = Some(Some(json::float(x, p)?)),
            Slot::Detector(v) => **v = read_detector(x, p)?,
            Slot::SomeDetector(v) => **v = Some(read_detector(x, p)?),
        }
    }
    Ok(())
}

/// Reads `w` or `r`: a whole number of at least 1 or a consistency level's word.
fn read_level(v: &Value, path: &Path) -> Result<ConsistencyLevel, ScenarioError> {
    ConsistencyLevel::from_json(v, &path.render()).map_err(|e| path.error(e.message()))
}

/// Reads `cluster.datacenters`: a list of `{"name", "members", "n"}`.
fn read_datacenters(
    v: &Value,
    path: &Path,
    doc: &Doc,
) -> Result<Vec<DatacenterSpec>, ScenarioError> {
    let items = json::list(v, path)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        let o = doc.fields(item, &at, "struct Datacenter", DATACENTER_FIELDS, false)?;
        let mut name = String::new();
        let mut members = Vec::new();
        let mut n = 0;
        fill(
            &o,
            &mut [
                ("name", Slot::Str(&mut name)),
                ("members", Slot::Strings(&mut members)),
                ("n", Slot::Unsigned(&mut n)),
            ],
        )?;
        o.require(&["name", "members", "n"])?;
        let n = u32::try_from(n)
            .ok()
            .filter(|&n| n as usize <= MAX_NODES)
            .ok_or_else(|| {
                o.at("n").error(format!(
                    "must be a whole number from 0 to {MAX_NODES}, got {n}"
                ))
            })?;
        out.push(DatacenterSpec { name, members, n });
    }
    Ok(out)
}

fn read_latency(v: &Value, path: &Path) -> Result<Latency, ScenarioError> {
    Latency::from_json(v).map_err(|message| path.error(message))
}

/// Reads a `failure_detector`; its errors name the field under `path` (for instance
/// `events[2].configure.failure_detector.timeout.probe_ms`), whatever path the detector's own
/// message starts with.
fn read_detector(v: &Value, path: &Path) -> Result<DetectorConfig, ScenarioError> {
    DetectorConfig::from_json(v).map_err(|message| {
        let rest = message
            .strip_prefix("cluster.failure_detector")
            .unwrap_or(&message);
        match rest.split_once(": ") {
            Some((below, what)) => ScenarioError::new(format!("{}{below}", path.render()), what),
            None => path.error(message.clone()),
        }
    })
}

impl Scenario {
    fn read(v: &Value, doc: &Doc) -> Result<Scenario, ScenarioError> {
        let root = Path::Root;
        let o = doc.fields(v, &root, "struct Scenario", SCENARIO_FIELDS, false)?;
        let mut name = String::new();
        let mut description = String::new();
        let mut look_at = Vec::new();
        let mut seed = 0;
        fill(
            &o,
            &mut [
                ("name", Slot::Str(&mut name)),
                ("description", Slot::Str(&mut description)),
                ("look_at", Slot::Strings(&mut look_at)),
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
            look_at,
            seed,
            cluster,
            events,
        })
    }
}

impl Cluster {
    fn read(v: &Value, path: &Path, doc: &Doc) -> Result<Cluster, ScenarioError> {
        let o = doc.fields(v, path, "struct Cluster", CLUSTER_FIELDS, false)?;
        let mut c = Cluster::new(
            Vec::new(),
            Quorum::One,
            ConsistencyLevel::One,
            ConsistencyLevel::One,
        );
        fill(
            &o,
            &mut [
                ("nodes", Slot::Strings(&mut c.nodes)),
                ("clients", Slot::Strings(&mut c.clients)),
                ("n", Slot::Quorum(&mut c.n)),
                ("w", Slot::Level(&mut c.w)),
                ("r", Slot::Level(&mut c.r)),
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
                ("wan_latency", Slot::OptLatency(&mut c.wan_latency)),
                ("clock_skew_ms", Slot::FloatMap(&mut c.clock_skew_ms)),
                ("placement", Slot::StringsMap(&mut c.placement)),
                ("max_siblings", Slot::Unsigned(&mut c.max_siblings)),
                ("failure_detector", Slot::Detector(&mut c.failure_detector)),
            ],
        )?;
        // Required fields are checked after every field given has been read, as serde did.
        if let Some(x) = o.get("datacenters") {
            c.datacenters = read_datacenters(x, &o.at("datacenters"), doc)?;
        }
        // With datacenters, `n` may be left out: it is the sum of theirs (validation checks a
        // given one against that sum).
        if o.get("n").is_none() && !c.datacenters.is_empty() {
            let sum: u32 = c.datacenters.iter().map(|d| d.n).sum();
            c.n = Quorum::Count(sum.max(1) as usize);
            o.require(&["nodes", "w", "r"])?;
        } else {
            o.require(&["nodes", "n", "w", "r"])?;
        }
        Ok(c)
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
                ("w", Slot::SomeLevel(&mut p.w)),
                ("r", Slot::SomeLevel(&mut p.r)),
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
                ("wan_latency", Slot::SomeLatency(&mut p.wan_latency)),
                ("clock_skew_ms", Slot::SomeFloatMap(&mut p.clock_skew_ms)),
                (
                    "failure_detector",
                    Slot::SomeDetector(&mut p.failure_detector),
                ),
            ],
        )?;
        Ok(p)
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
                _ => Action::DropMessage(MsgId(json::unsigned(x, &p)?)),
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
}
