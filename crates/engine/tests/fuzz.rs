//! Fuzz target `scenario`: the scenario reader, the engine's front door (issue 7, "Fuzzing, and a
//! figure for it"; docs/FUZZING.md).
//!
//! Every input goes through `Scenario::from_json`: a refused one must get a one-line error; an
//! accepted one must be written back to the same scenario and run a bounded number of events
//! (`harness::MAX_STEPS`), its result and the page's snapshot made, without a panic. Inputs are
//! the corpus (`fuzz/corpus/scenario/`, replayed first), arbitrary bytes, strings of JSON
//! tokens, and structural mutations of the valid scenarios (`scenarios/`, the page's presets).
//!
//! `QS_FUZZ_CASES=200000 cargo test --profile fuzz -p quorumscope-engine --test fuzz --
//! --nocapture` is a long run.

#[path = "../../../fuzz/harness.rs"]
mod harness;

use proptest::prelude::*;
use std::sync::OnceLock;

const TARGET: &str = "scenario";

fn check_bytes(bytes: &[u8]) -> Result<(), String> {
    harness::check_scenario_text(&String::from_utf8_lossy(bytes))
}

fn replay() {
    harness::replay_corpus(TARGET, &check_bytes);
}

#[test]
fn fuzz_scenario_arbitrary_bytes() {
    replay();
    harness::run(
        TARGET,
        "bytes",
        harness::cases(300),
        proptest::collection::vec(any::<u8>(), 0..400),
        |b| b.clone(),
        |b| check_bytes(b),
    );
}

#[test]
fn fuzz_scenario_json_tokens() {
    replay();
    harness::run(
        TARGET,
        "tokens",
        harness::cases(600),
        harness::json_tokens(),
        |s| s.as_bytes().to_vec(),
        |s| harness::check_scenario_text(s),
    );
}

#[test]
fn fuzz_scenario_mutated() {
    replay();
    static DOCS: OnceLock<Vec<serde_json::Value>> = OnceLock::new();
    let docs = DOCS.get_or_init(harness::seed_documents);
    let strategy = (0..docs.len(), proptest::collection::vec(any::<u8>(), 0..96))
        .prop_map(|(i, choices)| harness::mutate_document(&docs[i], &choices));
    harness::run(
        TARGET,
        "mutated",
        harness::cases(500),
        strategy,
        |s| s.as_bytes().to_vec(),
        |s| harness::check_scenario_text(s),
    );
}

/// Found by this target (issue 7; `fuzz/corpus/scenario/found-float-not-read-back-exactly.json`):
/// serde_json's default reader read `3.3333333333333337e-10` as the next float down, so a scenario written to a share link (or by `qsim random
/// --emit-scenario`) was read back as another scenario, with other delays.
#[test]
fn issue7_fuzz_a_written_scenario_is_read_back_exactly() {
    for rate in [
        3.333_333_333_333_333_7e-10,
        0.1 + 0.2,
        1e-300,
        5e-324,
        2.225_073_858_507_201_4e-308,
        1.797_693_134_862_315_7e308,
        123_456.789_012_345_67,
    ] {
        let text = format!(
            r#"{{"cluster": {{"nodes": ["A"], "n": 1, "w": 1, "r": 1, "latency": {{"exponential": {{"rate": {rate:e}}}}}}}, "events": []}}"#
        );
        let scenario = quorumscope_engine::Scenario::from_json(&text).unwrap();
        let again = quorumscope_engine::Scenario::from_json(&scenario.to_json_string()).unwrap();
        assert_eq!(again, scenario, "rate {rate:e}");
        assert_eq!(
            again.cluster.latency,
            quorumscope_engine::Latency::Exponential { rate },
            "rate {rate:e}"
        );
    }
}

/// Found by this target (issue 7; `fuzz/corpus/scenario/found-line-break-in-*.json`): an error
/// quoting a field name or an id that holds a line break was two lines. The contract asks for
/// one clear error naming the field; the line break is now written `\n`.
#[test]
fn issue7_fuzz_errors_quoting_a_line_break_stay_on_one_line() {
    let unknown =
        r#"{"cluster": {"nodes": ["A"], "n": 1, "w": 1, "r": 1, "a\nb": true}, "events": []}"#;
    let e = quorumscope_engine::Scenario::from_json(unknown).unwrap_err();
    assert_eq!(e.path, "cluster.a\\nb");
    assert!(
        e.message
            .starts_with("unknown field `a\\nb`, expected one of"),
        "{e}"
    );
    let twice =
        r#"{"cluster": {"nodes": ["A", "A\nB", "A\nB"], "n": 1, "w": 1, "r": 1}, "events": []}"#;
    let e = quorumscope_engine::Scenario::from_json(twice).unwrap_err();
    assert_eq!(
        e.to_string(),
        "cluster.nodes[2]: node `A\\nB` is listed twice"
    );
}
