//! Writing a scenario as JSON: what [`Scenario::from_json`] reads back to an equal scenario.

use crate::scenario::fields::{
    versioning_name, CLUSTER_SHAPE, DELETE_SHAPE, EVENT_SHAPE, GET_SHAPE, PATCH_SHAPE, PUT_SHAPE,
    SCENARIO_SHAPE,
};
use crate::scenario::json::{self, Shape, Shaped};
use crate::scenario::model::{
    Action, Cluster, ClusterPatch, DeleteSpec, Event, GetSpec, PutSpec, Quorum, Scenario,
    DEFAULT_MAX_SIBLINGS,
};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

impl Quorum {
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

impl Serialize for Quorum {
    /// Writes [`Quorum::to_value`].
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(s)
    }
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
    /// The scenario as JSON: what [`Scenario::from_json`] reads back to an equal scenario.
    /// `look_at` and `clients` are left out when empty, a put's `merge` and a `configure`'s
    /// fields when not set; every other field is written.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("name".into(), Value::from(self.name.as_str()));
        m.insert("description".into(), Value::from(self.description.as_str()));
        if !self.look_at.is_empty() {
            m.insert("look_at".into(), strings_value(&self.look_at));
        }
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
    /// The cluster as JSON (`clients` left out when empty, `anti_entropy_ms` `null` when off,
    /// `max_siblings` and `failure_detector` left out at their defaults).
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("nodes".into(), strings_value(&self.nodes));
        if !self.clients.is_empty() {
            m.insert("clients".into(), strings_value(&self.clients));
        }
        m.insert("n".into(), self.n.to_value());
        m.insert("w".into(), self.w.to_value());
        m.insert("r".into(), self.r.to_value());
        if !self.datacenters.is_empty() {
            m.insert(
                "datacenters".into(),
                Value::Array(
                    self.datacenters
                        .iter()
                        .map(|d| {
                            let mut o = Map::new();
                            o.insert("name".into(), Value::from(d.name.as_str()));
                            o.insert("members".into(), strings_value(&d.members));
                            o.insert("n".into(), Value::from(d.n));
                            Value::Object(o)
                        })
                        .collect(),
                ),
            );
        }
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
        if let Some(wan) = &self.wan_latency {
            m.insert("wan_latency".into(), wan.to_json());
        }
        m.insert("clock_skew_ms".into(), floats_value(&self.clock_skew_ms));
        m.insert("placement".into(), strings_map_value(&self.placement));
        if self.max_siblings != DEFAULT_MAX_SIBLINGS {
            m.insert("max_siblings".into(), Value::from(self.max_siblings));
        }
        if !self.failure_detector.is_perfect() {
            m.insert("failure_detector".into(), self.failure_detector.to_json());
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
    /// The patch as JSON: only the fields it sets (`"anti_entropy_ms": null` to turn
    /// anti-entropy off).
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        if let Some(q) = self.n {
            m.insert("n".into(), q.to_value());
        }
        for (name, level) in [("w", self.w), ("r", self.r)] {
            if let Some(level) = level {
                m.insert(name.into(), level.to_value());
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
        if let Some(l) = &self.wan_latency {
            m.insert("wan_latency".into(), l.to_json());
        }
        if let Some(skew) = &self.clock_skew_ms {
            m.insert("clock_skew_ms".into(), floats_value(skew));
        }
        if let Some(d) = self.failure_detector {
            m.insert("failure_detector".into(), d.to_json());
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
            Action::DropMessage(id) => Value::from(id.0),
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
