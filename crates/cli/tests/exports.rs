//! `qsim run --history edn` and `--shiviz FILE` (issue 10, docs/EXPORTS.md), and the run as a
//! scenario file: a page session written back (the scenario plus the user's actions) replays
//! to the very run under `qsim run`.

mod common;

use common::{bad, json, qsim, scratch};
use quorumscope_engine::export::{jepsen_history, shiviz_log};
use quorumscope_engine::scenario::{Action, ClusterPatch, ConsistencyLevel, Event, PutSpec};
use quorumscope_engine::scenario::{ContextChoice, GetSpec};
use quorumscope_engine::sim::{Options, CAUSAL_ALL};
use quorumscope_engine::{RunResult, Scenario, Simulator};
use serde_json::Value;

const SCENARIO: &str = r#"{"seed": 5, "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2,
    "r": 2, "anti_entropy_ms": 30, "latency": {"uniform": [2, 9]}}, "events": [
  {"at": 0, "put": {"client": "alice", "key": "cart", "value": "milk"}},
  {"at": 0, "put": {"client": "bob", "key": "cart", "value": "eggs"}},
  {"at": 20, "crash": "C"},
  {"at": 30, "get": {"client": "carol", "key": "cart"}},
  {"at": 60, "recover": "C"},
  {"at": 90, "get": {"client": "alice", "key": "cart"}}
]}"#;

fn engine_run(text: &str) -> Simulator {
    let mut sim = Simulator::with_options(
        Scenario::from_json(text).unwrap(),
        Options {
            causal_limit: CAUSAL_ALL,
            ..Options::default()
        },
    );
    sim.run(None);
    sim
}

#[test]
fn run_history_edn_prints_the_jepsen_history_instead_of_the_json() {
    let file = scratch("edn.json", SCENARIO);
    let file = file.to_str().unwrap();
    let out = qsim(&["run", file, "--history", "edn"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text, jepsen_history(&engine_run(SCENARIO)));
    assert!(text.starts_with(
        "{:type :invoke, :f :write, :key \"cart\", :value \"milk\", :process 0, :time 0, :index 0}\n"
    ));
    assert_eq!(
        text.lines().count(),
        8,
        "4 operations, each invoked and completed"
    );
}

#[test]
fn run_shiviz_writes_the_log_and_prints_the_same_json() {
    let file = scratch("shiviz.json", SCENARIO);
    let file = file.to_str().unwrap();
    let log = std::env::temp_dir().join(format!("qsim-shiviz-{}.log", std::process::id()));
    let log = log.to_str().unwrap();
    let with = json(&["run", file, "--shiviz", log]);
    let without = json(&["run", file]);
    assert_eq!(with, without, "the causal log changes nothing in the run");
    let written = std::fs::read_to_string(log).unwrap();
    assert_eq!(written, shiviz_log(&engine_run(SCENARIO)).unwrap());
    assert!(written.lines().count() > 20);
    assert!(written.starts_with("alice\t{\"alice\":1}\t0 ms: invoked op 1: put cart = milk\n"));

    // Both flags at once: the EDN on stdout, the log in the file.
    std::fs::remove_file(log).unwrap();
    let out = qsim(&["run", file, "--history=edn", "--shiviz", log]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("{:type :invoke"));
    assert_eq!(std::fs::read_to_string(log).unwrap(), written);
    std::fs::remove_file(log).unwrap();
}

#[test]
fn run_export_flags_bad_values_name_the_flag() {
    let file = scratch("bad.json", SCENARIO);
    let file = file.to_str().unwrap();
    assert_eq!(
        bad(&["run", file, "--history", "json"]),
        "qsim run: --history must be edn, got `json`"
    );
    assert_eq!(
        bad(&["run", file, "--history"]),
        "qsim run: flag --history needs a value"
    );
    assert_eq!(
        bad(&["run", file, "--shiviz", " "]),
        "qsim run: --shiviz must name the file to write the ShiViz log to"
    );
    let line = bad(&["run", file, "--shiviz", "/nonexistent-qsim-dir/x.log"]);
    assert!(
        line.starts_with("qsim run: --shiviz: cannot write `/nonexistent-qsim-dir/x.log`: "),
        "{line}"
    );
    assert_eq!(
        bad(&["run", file, "--history", "edn", "--history", "edn"]),
        "qsim run: flag --history given twice"
    );
}

/// What the page does when the user acts (`src/state.rs`, `AppState::act`): the action is
/// scheduled one microsecond after now and recorded as a scenario event at that time (in ms).
fn act(sim: &mut Simulator, user: &mut Vec<Event>, action: Action) {
    let at = sim.now() + 1;
    user.push(Event {
        at: at as f64 / 1000.0,
        action: action.clone(),
    });
    sim.schedule(at, action);
    sim.advance_to(at);
}

#[test]
fn run_of_a_written_back_session_with_user_events_replays_it_exactly() {
    let base = Scenario::from_json(SCENARIO).unwrap();
    let mut live = Simulator::new(base.clone());
    let mut user = Vec::new();
    live.advance_to(3_500);
    let in_flight = live
        .messages()
        .iter()
        .find(|m| live.in_flight_payload(m.id).is_some())
        .map(|m| m.id)
        .expect("a message in flight at 3.5 ms");
    act(&mut live, &mut user, Action::DropMessage(in_flight));
    live.advance_to(12_345);
    act(
        &mut live,
        &mut user,
        Action::Put(PutSpec {
            client: "carol".into(),
            key: "cart".into(),
            value: "tea".into(),
            context: ContextChoice::Last,
            merge: None,
        }),
    );
    act(&mut live, &mut user, Action::Crash("A".into()));
    live.advance_to(47_000);
    act(
        &mut live,
        &mut user,
        Action::Configure(ClusterPatch {
            w: Some(ConsistencyLevel::Count(1)),
            ..ClusterPatch::default()
        }),
    );
    act(&mut live, &mut user, Action::Recover("A".into()));
    live.advance_to(75_250);
    act(
        &mut live,
        &mut user,
        Action::Get(GetSpec {
            client: "bob".into(),
            key: "cart".into(),
        }),
    );
    live.run(None);
    assert!(live.metrics().dropped >= 1, "the dropped message counts");

    // The scenario the run is exported as: the base's events and the user's, by time (the
    // user's after the base's at equal times), as the page merges them.
    let mut written = base.clone();
    written.events.extend(user);
    quorumscope_engine::sort::sort_by(&mut written.events, |a, b| a.at.total_cmp(&b.at));
    let file = scratch("session.json", &written.to_json_string());
    let replayed: Value = json(&["run", file.to_str().unwrap()]);
    let live_result = serde_json::to_value(RunResult::of(&live)).unwrap();
    assert_eq!(replayed["trace_hash"], live_result["trace_hash"]);
    assert_eq!(replayed["history"], live_result["history"]);
    assert_eq!(replayed, live_result);
    assert_eq!(
        replayed["history"].as_array().unwrap().len(),
        6,
        "4 operations of the scenario and 2 of the user"
    );
}
