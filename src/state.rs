//! The page's state: a scenario and a readable view of the engine's result for it.
//!
//! The engine speaks JSON (the contract's scenario file in, the `qsim run` result out). This
//! module turns both into plain Rust values the components can render, and holds them in
//! [`UiState`], a Yew reducer. Reading is lenient: fields the page does not know are ignored,
//! so the engine may add to its output without breaking the page.

use std::rc::Rc;

use serde_json::{Map, Value};
use yew::Reducible;

/// Everything the page shows.
#[derive(Clone, Debug, PartialEq)]
pub struct UiState {
    /// The scenario file as text, exactly as it was given to the engine.
    pub scenario_text: Rc<str>,
    /// What the page could read of the scenario, for its summary; `None` if it is not JSON
    /// (the engine then reports the error).
    pub scenario: Option<Rc<ScenarioView>>,
    /// The outcome of running the scenario.
    pub run: RunStatus,
}

/// The outcome of running a scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum RunStatus {
    /// The engine ran the scenario to its end.
    Finished(Rc<RunView>),
    /// The engine refused the scenario or failed; the message says why.
    Failed(String),
}

/// What the reducer can be asked to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Run this scenario file in the engine and show its result.
    Load {
        /// The scenario file as text.
        scenario_text: Rc<str>,
    },
}

impl Reducible for UiState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Load { scenario_text } => Rc::new(UiState::load(scenario_text)),
        }
    }
}

impl UiState {
    /// Runs `scenario_text` in the engine, until every operation has finished, and reads the
    /// result.
    pub fn load(scenario_text: impl Into<Rc<str>>) -> UiState {
        let scenario_text = scenario_text.into();
        let result = quorumscope_engine::run_json(&scenario_text, None);
        UiState::from_result(scenario_text, result)
    }

    /// Builds the state from a scenario and what the engine returned for it (the `qsim run`
    /// result as JSON text, or an error message).
    ///
    /// ```
    /// use quorumscope::state::{RunStatus, UiState};
    ///
    /// let state = UiState::from_result("{}", Err("cluster: missing field `nodes`".to_owned()));
    /// assert_eq!(state.run, RunStatus::Failed("cluster: missing field `nodes`".to_owned()));
    /// ```
    pub fn from_result(
        scenario_text: impl Into<Rc<str>>,
        result: Result<String, String>,
    ) -> UiState {
        let scenario_text = scenario_text.into();
        let scenario = serde_json::from_str::<Value>(&scenario_text)
            .ok()
            .map(|value| Rc::new(ScenarioView::from_json(&value)));
        let run = match result {
            Err(message) => RunStatus::Failed(message),
            Ok(text) => match serde_json::from_str::<Value>(&text) {
                Ok(value) => {
                    RunStatus::Finished(Rc::new(RunView::from_json(&value, scenario.as_deref())))
                }
                Err(error) => {
                    RunStatus::Failed(format!("the engine's result is not valid JSON: {error}"))
                }
            },
        };
        UiState {
            scenario_text,
            scenario,
            run,
        }
    }
}

/// A summary of a scenario file, for people.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScenarioView {
    /// The scenario's name.
    pub name: String,
    /// Its description (Markdown source, shown as text for now).
    pub description: String,
    /// The replica nodes, in the file's order.
    pub nodes: Vec<String>,
    /// The cluster settings, as (label, value) pairs; defaults filled in as the contract says.
    pub settings: Vec<(String, String)>,
    /// What the quorum sizes mean together, when n, w and r are known.
    pub quorum_note: Option<String>,
    /// The scheduled events, in the file's order.
    pub events: Vec<EventView>,
    /// Nodes that are crashed once every event has happened.
    pub down_at_end: Vec<String>,
}

/// One scheduled event of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct EventView {
    /// When it happens, in simulated milliseconds, as text.
    pub at: String,
    /// What happens, in words.
    pub text: String,
}

impl ScenarioView {
    /// Reads a scenario file's JSON, leniently.
    pub fn from_json(value: &Value) -> ScenarioView {
        let cluster = value.get("cluster").and_then(Value::as_object);
        let field = |name: &str| cluster.and_then(|c| c.get(name));
        let nodes: Vec<String> = field("nodes")
            .and_then(Value::as_array)
            .map(|nodes| nodes.iter().map(display).collect())
            .unwrap_or_default();

        let n = field("n").and_then(|v| quorum_size(v, nodes.len() as u64, None));
        let w = field("w").and_then(|v| quorum_size(v, nodes.len() as u64, n));
        let r = field("r").and_then(|v| quorum_size(v, nodes.len() as u64, n));

        let text_or = |name: &str, default: &str| {
            field(name)
                .map(display)
                .unwrap_or_else(|| default.to_owned())
        };
        let versioning = match field("versioning").and_then(Value::as_str).unwrap_or("dvv") {
            "dvv" => "dotted version vectors (dvv)".to_owned(),
            "vv" => "version vectors (vv)".to_owned(),
            "lww" => "last write wins (lww)".to_owned(),
            other => other.to_owned(),
        };
        let coordinator = match field("coordinator")
            .and_then(Value::as_str)
            .unwrap_or("client")
        {
            "client" => "the client".to_owned(),
            "replica" => "a replica".to_owned(),
            other => other.to_owned(),
        };
        let on_off = |name: &str, default: bool| {
            let on = field(name).and_then(Value::as_bool).unwrap_or(default);
            if on { "on" } else { "off" }.to_owned()
        };
        let anti_entropy = match field("anti_entropy_ms") {
            None | Some(Value::Null) => "off".to_owned(),
            Some(ms) => format!("every {} ms", display(ms)),
        };
        let latency =
            field("latency").map_or_else(|| "uniform 5–15 ms".to_owned(), describe_latency);

        let mut settings = vec![
            ("Replica nodes".to_owned(), nodes.join(", ")),
            (
                "n, w, r".to_owned(),
                format!(
                    "{}, {}, {}",
                    text_or("n", "?"),
                    text_or("w", "?"),
                    text_or("r", "?")
                ),
            ),
            ("Versioning".to_owned(), versioning),
            ("Coordinator".to_owned(), coordinator),
            ("Read repair".to_owned(), on_off("read_repair", true)),
            ("Anti-entropy".to_owned(), anti_entropy),
            ("Sloppy quorum".to_owned(), on_off("sloppy_quorum", false)),
            ("Hinted handoff".to_owned(), on_off("hinted_handoff", false)),
            (
                "Timeout".to_owned(),
                format!("{} ms", text_or("timeout_ms", "1000")),
            ),
            ("Latency".to_owned(), latency),
        ];
        if let Some(skew) = field("clock_skew_ms")
            .and_then(Value::as_object)
            .filter(|s| !s.is_empty())
        {
            let skews: Vec<String> = skew
                .iter()
                .map(|(who, ms)| format!("{who}: {} ms", display(ms)))
                .collect();
            settings.push(("Clock skew".to_owned(), skews.join(", ")));
        }
        if let Some(placement) = field("placement")
            .and_then(Value::as_object)
            .filter(|p| !p.is_empty())
        {
            let pins: Vec<String> = placement
                .iter()
                .map(|(key, list)| format!("{key} → {}", display(list)))
                .collect();
            settings.push(("Placement".to_owned(), pins.join("; ")));
        }

        let quorum_note = match (n, w, r) {
            (Some(n), Some(w), Some(r)) if w + r > n => Some(format!(
                "w + r = {} > n = {n}: every read quorum overlaps every write quorum, so a read \
                 reaches at least one replica that acknowledged the latest successful write.",
                w + r
            )),
            (Some(n), Some(w), Some(r)) => Some(format!(
                "w + r = {} ≤ n = {n}: a read quorum can miss every replica that acknowledged \
                 a write, so reads can be stale.",
                w + r
            )),
            _ => None,
        };

        let raw_events: &[Value] = value
            .get("events")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice);
        let mut down: Vec<String> = Vec::new();
        let mut events = Vec::with_capacity(raw_events.len());
        for event in raw_events {
            let Some(event) = event.as_object() else {
                continue;
            };
            if let Some(node) = event.get("crash") {
                let node = display(node);
                if !down.contains(&node) {
                    down.push(node);
                }
            }
            if let Some(node) = event.get("recover") {
                let node = display(node);
                down.retain(|d| *d != node);
            }
            events.push(EventView {
                at: event
                    .get("at")
                    .map(display)
                    .unwrap_or_else(|| "?".to_owned()),
                text: describe_event(event),
            });
        }
        down.sort();

        ScenarioView {
            name: value.get("name").map(display).unwrap_or_default(),
            description: value.get("description").map(display).unwrap_or_default(),
            nodes,
            settings,
            quorum_note,
            events,
            down_at_end: down,
        }
    }
}

/// A quorum size as a number: an integer, or one of the contract's words.
fn quorum_size(value: &Value, nodes: u64, n: Option<u64>) -> Option<u64> {
    match value {
        Value::Number(number) => number.as_u64(),
        Value::String(word) => {
            let n = n.unwrap_or(nodes);
            match word.as_str() {
                "one" => Some(1),
                "quorum" => Some(n / 2 + 1),
                "all" => Some(n),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A latency model in words: the simple forms spelled out, the others as compact JSON.
fn describe_latency(latency: &Value) -> String {
    let number = |value: Option<&Value>| value.filter(|v| v.is_number()).map(display);
    let Some((form, params)) = latency
        .as_object()
        .filter(|o| o.len() == 1)
        .and_then(|o| o.iter().next())
    else {
        return latency.to_string();
    };
    let described = match form.as_str() {
        "constant" => number(Some(params)).map(|ms| format!("constant {ms} ms")),
        "uniform" => match params.as_array().map(Vec::as_slice) {
            Some([min, max]) if min.is_number() && max.is_number() => {
                Some(format!("uniform {}–{} ms", display(min), display(max)))
            }
            _ => None,
        },
        "exponential" => params
            .get("rate")
            .and_then(Value::as_f64)
            .filter(|rate| *rate > 0.0)
            .map(|rate| format!("exponential, mean {} ms", round2(1.0 / rate))),
        "pareto" => match (number(params.get("xm")), number(params.get("alpha"))) {
            (Some(xm), Some(alpha)) => Some(format!("Pareto, from {xm} ms, α = {alpha}")),
            _ => None,
        },
        _ => None,
    };
    described.unwrap_or_else(|| latency.to_string())
}

/// `x` with at most two decimals, without trailing zeros.
fn round2(x: f64) -> String {
    let text = format!("{x:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// One scenario event in words.
fn describe_event(event: &Map<String, Value>) -> String {
    let op = |name: &str| event.get(name).and_then(Value::as_object);
    let text = |obj: &Map<String, Value>, name: &str| {
        obj.get(name).map(display).unwrap_or_else(|| "?".to_owned())
    };
    let with_context = |obj: &Map<String, Value>| match obj.get("context").and_then(Value::as_str) {
        Some("last") => " with the context of its last result",
        _ => " blind (no context)",
    };
    if let Some(put) = op("put") {
        format!(
            "{} writes {} = \"{}\"{}",
            text(put, "client"),
            text(put, "key"),
            text(put, "value"),
            with_context(put)
        )
    } else if let Some(get) = op("get") {
        format!("{} reads {}", text(get, "client"), text(get, "key"))
    } else if let Some(delete) = op("delete") {
        format!(
            "{} deletes {}{}",
            text(delete, "client"),
            text(delete, "key"),
            with_context(delete)
        )
    } else if let Some(node) = event.get("crash") {
        format!("node {} crashes", display(node))
    } else if let Some(node) = event.get("recover") {
        format!("node {} recovers", display(node))
    } else if let Some(groups) = event.get("partition").and_then(Value::as_array) {
        let groups: Vec<String> = groups
            .iter()
            .map(|group| {
                let members: Vec<String> = group
                    .as_array()
                    .map(|m| m.iter().map(display).collect())
                    .unwrap_or_default();
                format!("{{{}}}", members.join(", "))
            })
            .collect();
        format!("the network splits into {}", groups.join(" | "))
    } else if event.contains_key("heal") {
        "the partition heals".to_owned()
    } else if let Some(settings) = event.get("configure").and_then(Value::as_object) {
        let changes: Vec<String> = settings
            .iter()
            .map(|(name, value)| format!("{} = {}", name.replace('_', " "), display(value)))
            .collect();
        format!("the settings change: {}", changes.join(", "))
    } else if let Some(rate) = event.get("drop_rate").and_then(Value::as_f64) {
        format!("from now on each message is lost with probability {rate}")
    } else {
        let mut rest = event.clone();
        rest.remove("at");
        Value::Object(rest).to_string()
    }
}

/// The result of a run, ready to render.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunView {
    /// One entry per replica node: the scenario's nodes in order, then any other node the
    /// result mentions.
    pub replicas: Vec<ReplicaView>,
    /// Every client operation, in the engine's order.
    pub history: Vec<HistoryRow>,
    /// The run's counters.
    pub metrics: Vec<MetricView>,
    /// The digest of every event of the run (same scenario and seed: same digest).
    pub trace_hash: Option<String>,
    /// The simulated time at the end of the run, in ms, when the engine gives it.
    pub end_ms: Option<String>,
}

/// What one replica node holds at the end of the run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReplicaView {
    /// The node's id.
    pub node: String,
    /// Whether the node is crashed at the end of the run.
    pub down: bool,
    /// Its keys, sorted.
    pub keys: Vec<KeyView>,
    /// Hints it keeps for other nodes (sloppy quorum).
    pub hints: Vec<HintView>,
}

/// One key on one replica.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyView {
    /// The key.
    pub key: String,
    /// Its sibling values, sorted; empty when the key is deleted.
    pub values: Vec<String>,
    /// Whether the replica holds a delete marker (tombstone) for the key.
    pub tombstone: bool,
    /// Its version clock or timestamp, as the engine displays it.
    pub clock: String,
}

/// A hint a node keeps for another one.
#[derive(Clone, Debug, PartialEq)]
pub struct HintView {
    /// The home replica the hint is for.
    pub for_node: String,
    /// The key.
    pub key: String,
}

/// One client operation of the history.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryRow {
    /// The operation's id.
    pub id: String,
    /// The client that invoked it.
    pub client: String,
    /// `put`, `get` or `delete`.
    pub op: String,
    /// The key.
    pub key: String,
    /// The value written, for a put.
    pub written: Option<String>,
    /// The sibling values of the result.
    pub values: Vec<String>,
    /// When it was invoked, in simulated ms.
    pub invoked_ms: String,
    /// When it completed, in simulated ms; `None` while pending.
    pub completed_ms: Option<String>,
    /// `ok`, `fail` or `pending`.
    pub outcome: String,
    /// Why it failed, if it did.
    pub error: Option<String>,
    /// The replicas whose replies counted.
    pub replies_from: Vec<String>,
    /// Whether this get returned a stale value.
    pub stale: bool,
    /// Whether this acknowledged put was lost: no replica holds it or a write that followed it.
    pub lost: bool,
}

/// One counter of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricView {
    /// The counter's name in the result (`stale_reads`, …).
    pub key: String,
    /// A label for people.
    pub label: String,
    /// What it counts.
    pub help: &'static str,
    /// Its value, as text.
    pub value: String,
    /// Whether a non-zero value is bad news (stale reads, lost writes).
    pub alarming: bool,
}

impl RunView {
    /// Reads a `qsim run` result, leniently. `scenario` gives the node order and which nodes
    /// are down.
    pub fn from_json(value: &Value, scenario: Option<&ScenarioView>) -> RunView {
        let empty = Map::new();
        let replicas_json = value
            .get("replicas")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let hints_json = value
            .get("hints")
            .and_then(Value::as_object)
            .unwrap_or(&empty);

        let mut order: Vec<String> = scenario.map(|s| s.nodes.clone()).unwrap_or_default();
        for node in replicas_json.keys().chain(hints_json.keys()) {
            if !order.contains(node) {
                order.push(node.clone());
            }
        }

        let replicas = order
            .into_iter()
            .map(|node| {
                let mut keys: Vec<KeyView> = replicas_json
                    .get(&node)
                    .and_then(Value::as_object)
                    .map(|keys| {
                        keys.iter()
                            .map(|(key, entry)| KeyView {
                                key: key.clone(),
                                values: strings(entry.get("values")),
                                clock: entry.get("clock").map(display).unwrap_or_default(),
                                tombstone: entry
                                    .get("tombstone")
                                    .and_then(Value::as_bool)
                                    .unwrap_or(false),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                keys.sort_by(|a, b| a.key.cmp(&b.key));
                let hints = hints_json
                    .get(&node)
                    .and_then(Value::as_array)
                    .map(|hints| {
                        hints
                            .iter()
                            .map(|hint| HintView {
                                for_node: hint.get("for").map(display).unwrap_or_default(),
                                key: hint.get("key").map(display).unwrap_or_default(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let down = scenario.is_some_and(|s| s.down_at_end.contains(&node));
                ReplicaView {
                    node,
                    down,
                    keys,
                    hints,
                }
            })
            .collect();

        let history = value
            .get("history")
            .and_then(Value::as_array)
            .map(|ops| ops.iter().map(HistoryRow::from_json).collect())
            .unwrap_or_default();

        let mut metrics: Vec<MetricView> = value
            .get("metrics")
            .and_then(Value::as_object)
            .map(|metrics| {
                metrics
                    .iter()
                    .map(|(key, value)| {
                        let (label, help, alarming) = metric_words(key);
                        MetricView {
                            key: key.clone(),
                            label: label.map_or_else(|| key.replace('_', " "), str::to_owned),
                            help,
                            value: display(value),
                            alarming: alarming && value.as_f64().is_some_and(|v| v > 0.0),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        // The contract's order (the most telling first), then any others by name.
        metrics.sort_by_key(|metric| {
            METRIC_ORDER
                .iter()
                .position(|key| *key == metric.key)
                .unwrap_or(METRIC_ORDER.len())
        });

        RunView {
            replicas,
            history,
            metrics,
            trace_hash: value.get("trace_hash").map(display),
            end_ms: value.get("end_ms").filter(|v| !v.is_null()).map(display),
        }
    }
}

impl HistoryRow {
    fn from_json(op: &Value) -> HistoryRow {
        let text = |name: &str| op.get(name).map(display).unwrap_or_default();
        let completed_ms = op.get("completed_ms").filter(|v| !v.is_null()).map(display);
        HistoryRow {
            id: text("id"),
            client: text("client"),
            op: text("op"),
            key: text("key"),
            written: op.get("value").filter(|v| !v.is_null()).map(display),
            values: strings(op.get("values")),
            invoked_ms: text("invoked_ms"),
            completed_ms,
            outcome: text("outcome"),
            error: op.get("error").filter(|v| !v.is_null()).map(display),
            replies_from: strings(op.get("replies_from")),
            stale: op.get("stale").and_then(Value::as_bool).unwrap_or(false),
            lost: op.get("lost").and_then(Value::as_bool).unwrap_or(false),
        }
    }
}

/// The order the page shows the contract's metrics in.
const METRIC_ORDER: [&str; 9] = [
    "stale_reads",
    "lost_writes",
    "messages",
    "dropped",
    "cut",
    "refused",
    "read_repairs",
    "anti_entropy_repairs",
    "hints_delivered",
];

/// The label, explanation and alarm flag of the contract's metrics.
fn metric_words(key: &str) -> (Option<&'static str>, &'static str, bool) {
    match key {
        "messages" => (
            Some("Messages"),
            "messages sent between clients and replicas",
            false,
        ),
        "dropped" => (
            Some("Dropped"),
            "messages lost to the network's drop rate",
            false,
        ),
        "cut" => (
            Some("Cut"),
            "messages lost between partitioned groups",
            false,
        ),
        "refused" => (
            Some("Refused"),
            "messages that arrived at a crashed node",
            false,
        ),
        "stale_reads" => (
            Some("Stale reads"),
            "reads that missed an acknowledged write",
            true,
        ),
        "lost_writes" => (
            Some("Lost writes"),
            "acknowledged writes gone from every replica",
            true,
        ),
        "read_repairs" => (
            Some("Read repairs"),
            "stale replicas fixed after a read",
            false,
        ),
        "anti_entropy_repairs" => (
            Some("Anti-entropy repairs"),
            "keys copied by background sync",
            false,
        ),
        "hints_delivered" => (
            Some("Hints delivered"),
            "writes handed back to their home replica",
            false,
        ),
        _ => (None, "", false),
    }
}

/// A JSON value as text: strings without quotes, everything else as JSON.
fn display(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A JSON array as a list of texts (missing: empty).
fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| items.iter().map(display).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = r#"{
        "name": "Node down during a write",
        "description": "C misses a write.",
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": "quorum"},
        "events": [
            {"at": 0, "crash": "C"},
            {"at": 10, "put": {"client": "alice", "key": "cart", "value": "milk"}},
            {"at": 200, "get": {"client": "bob", "key": "cart"}}
        ]
    }"#;

    const RESULT: &str = r#"{
        "history": [
            {"id": 1, "client": "alice", "op": "put", "key": "cart", "value": "milk",
             "invoked_ms": 10, "completed_ms": 31, "outcome": "ok",
             "replies_from": ["A", "B"], "values": ["milk"], "context": "c1", "stale": false,
             "lost": true},
            {"id": 2, "client": "bob", "op": "get", "key": "cart",
             "invoked_ms": 200, "completed_ms": null, "outcome": "pending",
             "replies_from": [], "values": [], "stale": false}
        ],
        "replicas": {"B": {"cart": {"values": ["milk"], "clock": "B:1"}},
                     "A": {"cart": {"values": ["milk"], "clock": "B:1"}, "apple": {"values": [], "clock": "A:1", "tombstone": true}}},
        "hints": {},
        "metrics": {"messages": 6, "stale_reads": 0, "lost_writes": 1, "future_counter": 3},
        "trace_hash": "abc123",
        "end_ms": 219.5
    }"#;

    #[test]
    fn reads_the_scenario_summary_with_defaults_and_quorum_words() {
        let state = UiState::from_result(SCENARIO, Err("not yet".to_owned()));
        let scenario = state.scenario.expect("the scenario is JSON");
        assert_eq!(scenario.name, "Node down during a write");
        assert_eq!(scenario.nodes, ["A", "B", "C"]);
        assert!(scenario.settings.contains(&(
            "Versioning".to_owned(),
            "dotted version vectors (dvv)".to_owned()
        )));
        assert!(scenario
            .settings
            .contains(&("Read repair".to_owned(), "on".to_owned())));
        // r = "quorum" of n = 3 is 2, so w + r = 4 > 3.
        assert!(scenario
            .quorum_note
            .as_deref()
            .unwrap()
            .starts_with("w + r = 4 > n = 3"));
        assert_eq!(scenario.events[0].text, "node C crashes");
        assert_eq!(
            scenario.events[1].text,
            "alice writes cart = \"milk\" blind (no context)"
        );
        assert_eq!(scenario.events[2].at, "200");
        assert_eq!(scenario.down_at_end, ["C"]);
        assert_eq!(state.run, RunStatus::Failed("not yet".to_owned()));
    }

    #[test]
    fn reads_a_run_result_in_node_order_with_every_node() {
        let state = UiState::from_result(SCENARIO, Ok(RESULT.to_owned()));
        let RunStatus::Finished(run) = &state.run else {
            panic!("expected a finished run, got {:?}", state.run)
        };
        let nodes: Vec<&str> = run.replicas.iter().map(|r| r.node.as_str()).collect();
        assert_eq!(nodes, ["A", "B", "C"]);
        let a = &run.replicas[0];
        assert_eq!(
            a.keys.iter().map(|k| k.key.as_str()).collect::<Vec<_>>(),
            ["apple", "cart"]
        );
        assert_eq!(a.keys[1].values, ["milk"]);
        assert_eq!(a.keys[1].clock, "B:1");
        assert!(run.replicas[2].keys.is_empty());
        assert!(run.replicas[2].down);
        assert!(!a.down);

        assert_eq!(run.history.len(), 2);
        assert_eq!(run.history[0].written.as_deref(), Some("milk"));
        assert!(run.history[0].lost);
        assert!(!run.history[1].lost);
        assert!(a.keys[0].tombstone);
        assert!(!a.keys[1].tombstone);
        assert_eq!(run.history[0].completed_ms.as_deref(), Some("31"));
        assert_eq!(run.history[1].completed_ms, None);
        assert_eq!(run.history[1].outcome, "pending");

        let lost = run.metrics.iter().find(|m| m.key == "lost_writes").unwrap();
        assert!(lost.alarming);
        let stale = run.metrics.iter().find(|m| m.key == "stale_reads").unwrap();
        assert!(!stale.alarming);
        let unknown = run
            .metrics
            .iter()
            .find(|m| m.key == "future_counter")
            .unwrap();
        assert_eq!(unknown.label, "future counter");
        let order: Vec<&str> = run.metrics.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(
            order,
            ["stale_reads", "lost_writes", "messages", "future_counter"]
        );
        assert_eq!(run.trace_hash.as_deref(), Some("abc123"));
        assert_eq!(run.end_ms.as_deref(), Some("219.5"));
    }

    #[test]
    fn an_unreadable_result_is_an_error_not_a_panic() {
        let state = UiState::from_result(SCENARIO, Ok("not json".to_owned()));
        assert!(
            matches!(&state.run, RunStatus::Failed(m) if m.starts_with("the engine's result is not valid JSON"))
        );
        let state =
            UiState::from_result("not json either", Err("line 1: expected value".to_owned()));
        assert_eq!(state.scenario, None);
    }

    #[test]
    fn describes_every_kind_of_event() {
        let scenario: Value = serde_json::from_str(
            r#"{"cluster": {"nodes": ["A"], "n": 1, "w": 1, "r": 1}, "events": [
                {"at": 1, "partition": [["alice", "A"], ["B"]]},
                {"at": 2, "heal": true},
                {"at": 3, "drop_rate": 0.1},
                {"at": 4, "delete": {"client": "bob", "key": "k", "context": "last"}},
                {"at": 5, "recover": "A"},
                {"at": 6, "configure": {"w": 1, "read_repair": false}},
                {"at": 7, "something_new": 1}
            ]}"#,
        )
        .unwrap();
        let texts: Vec<String> = ScenarioView::from_json(&scenario)
            .events
            .into_iter()
            .map(|e| e.text)
            .collect();
        assert_eq!(
            texts,
            [
                "the network splits into {alice, A} | {B}",
                "the partition heals",
                "from now on each message is lost with probability 0.1",
                "bob deletes k with the context of its last result",
                "node A recovers",
                "the settings change: read repair = false, w = 1",
                r#"{"something_new":1}"#,
            ]
        );
    }

    #[test]
    fn describes_latency_models() {
        let latency = |json: &str| describe_latency(&serde_json::from_str(json).unwrap());
        assert_eq!(latency(r#"{"constant": 7}"#), "constant 7 ms");
        assert_eq!(latency(r#"{"uniform": [5, 15]}"#), "uniform 5–15 ms");
        assert_eq!(
            latency(r#"{"exponential": {"rate": 0.3}}"#),
            "exponential, mean 3.33 ms"
        );
        assert_eq!(
            latency(r#"{"pareto": {"xm": 2, "alpha": 1.5}}"#),
            "Pareto, from 2 ms, α = 1.5"
        );
        assert_eq!(
            latency(r#"{"mixture": [[0.9, {"constant": 1}]]}"#),
            r#"{"mixture":[[0.9,{"constant":1}]]}"#
        );
    }

    #[test]
    fn the_load_action_replaces_the_state() {
        let state = Rc::new(UiState::from_result(SCENARIO, Err("old".to_owned())));
        let next = state.reduce(Action::Load {
            scenario_text: Rc::from("{"),
        });
        assert_eq!(&*next.scenario_text, "{");
        assert!(matches!(next.run, RunStatus::Failed(_)));
    }
}
