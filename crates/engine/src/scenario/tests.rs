//! Unit tests of reading and validating scenarios.

use super::*;
use crate::detector::DetectorConfig;
use crate::latency::Latency;
use crate::version::Versioning;

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
    assert!(
        e.starts_with("cluster.r: `most` is not a consistency level"),
        "{e}"
    );
}

#[test]
fn dynamo_s4_8_failure_detector_is_perfect_by_default_and_left_out_when_perfect() {
    let s = Scenario::from_json(BASE).unwrap();
    assert_eq!(s.cluster.failure_detector, DetectorConfig::Perfect);
    let text = serde_json::to_string(&s).unwrap();
    assert!(!text.contains("failure_detector"), "{text}");
    let explicit = BASE.replace("\"r\": 2", "\"r\": 2, \"failure_detector\": \"perfect\"");
    assert_eq!(Scenario::from_json(&explicit).unwrap(), s);
}

#[test]
fn dynamo_s4_8_failure_detector_round_trips_in_the_cluster_and_a_configure() {
    let text = r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2,
        "failure_detector": {"timeout": {"suspect_after_ms": 300, "probe_ms": 500.5}}},
        "events": [{"at": 0, "configure": {"failure_detector": "perfect"}},
                   {"at": 1, "configure": {"failure_detector": {"timeout": {"suspect_after_ms": 1, "probe_ms": 2}}}}]}"#;
    let s = Scenario::from_json(text).unwrap();
    assert_eq!(
        s.cluster.failure_detector,
        DetectorConfig::Timeout {
            suspect_after: 300_000,
            probe_every: 500_500
        }
    );
    let Action::Configure(p) = &s.events[0].action else {
        panic!("not a configure: {:?}", s.events[0].action);
    };
    assert_eq!(p.failure_detector, Some(DetectorConfig::Perfect));
    assert_eq!(p.to_json_string(), r#"{"failure_detector":"perfect"}"#);
    let again = serde_json::to_string(&s).unwrap();
    assert!(
        again.contains(
            r#""failure_detector":{"timeout":{"suspect_after_ms":300,"probe_ms":500.5}}"#
        ),
        "{again}"
    );
    assert_eq!(Scenario::from_json(&again).unwrap(), s);
    let patched = p.apply_to(&s.cluster);
    assert_eq!(patched.failure_detector, DetectorConfig::Perfect);
}

#[test]
fn dynamo_s4_8_bad_failure_detector_names_the_field() {
    let e = error_of(&BASE.replace("\"r\": 2", "\"r\": 2, \"failure_detector\": \"phi\""));
    assert_eq!(
        e,
        "cluster.failure_detector: unknown variant `phi`, expected `perfect` or `timeout`"
    );
    let e = error_of(&BASE.replace(
        "\"r\": 2",
        "\"r\": 2, \"failure_detector\": {\"timeout\": {\"suspect_after_ms\": 300, \"probe_ms\": 0}}",
    ));
    assert_eq!(
        e,
        "cluster.failure_detector.timeout.probe_ms: must be a number of ms from 0.001 to 1000000000000, got 0"
    );
    let e = error_of(&BASE.replace(
        "\"events\": [",
        "\"events\": [{\"at\": 0, \"configure\": {\"failure_detector\": {\"timeout\": {\"probe_ms\": 5}}}},",
    ));
    assert_eq!(
        e,
        "events[0].configure.failure_detector.timeout: missing field `suspect_after_ms`"
    );
}
